"""Reads of the live PK board (/pk), in one object per data version.

`pk_board` gathers everything the board shows — the camp ranking with its rank changes,
the race, the top members, today's pairings, the red flag and when the data last
changed — into a frozen `PkBoard` of plain values, so the page caches ONE object keyed
by `pk_key` (the camp's data version and the calendar phase) and fifty screens cost one
computation. Team numbers come from the running totals (a few rows per team whatever the
camp's size); the members' ranking reads their running totals.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Connection, Engine, select
from sqlalchemy.orm import aliased

from core.pk import (
    Phase,
    Scored,
    baseline_day,
    cumulative,
    is_final,
    pairing_leader,
    phase,
    race_days,
    shown_day,
    top_scorer,
)
from core.standings import Entry, cash_fen, rank, rank_changes
from core.teamstyle import TeamStyle
from core.ticker import NewsItem
from db.models import Camp, Pairing, Team, TeamTotal, aware_utc
from db.queries import member_standings, standings, team_styles, version_key
from db.queries.news import news
from db.scoring import camp_calendar

TOP_MEMBERS = 5
RACE_TEAMS = 12


@dataclass(frozen=True)
class TeamLine:
    rank: int
    name: str
    points: int  # hundredths
    cash_fen: int
    target_fen: int  # the camp target
    change: int | None  # places moved since the baseline period ended; None = no baseline


@dataclass(frozen=True)
class MemberLine:
    rank: int
    name: str  # staff: not masked
    team: str
    points: int
    cash_fen: int


@dataclass(frozen=True)
class PairingLine:
    team_a: str
    points_a: int  # the day's period points
    team_b: str
    points_b: int
    leader: str | None  # None = level


@dataclass(frozen=True)
class PkBoard:
    code: str
    name: str
    version: int
    changed_at: datetime | None  # aware UTC: when the camp's data last changed
    timezone: str
    days: int
    field_days: tuple[int, ...]
    phase: Phase
    baseline: int | None  # the period the rank changes are measured from
    teams: tuple[TeamLine, ...]  # the camp ranking
    members: tuple[MemberLine, ...]  # 清收标兵: the top members of the camp
    race_days: tuple[int, ...]
    race: tuple[tuple[str, tuple[int, ...]], ...]  # (team, cumulative points per race day)
    pk_day: int | None  # the day whose pairings are shown
    pk_final: bool  # that day's period has ended: the leaders are the winners
    pairings: tuple[PairingLine, ...]
    red_flag: str | None  # 流动红旗: the top team of the last closed period
    red_flag_day: int | None
    styles: dict[str, TeamStyle] = field(default_factory=dict)  # team → colour, emblem
    news: tuple[NewsItem, ...] = ()  # the ticker (core.ticker), masked

    @property
    def leader(self) -> str | None:
        return top_scorer(Scored(t.name, t.points, t.cash_fen) for t in self.teams)


def _camp(conn: Connection, code: str):  # noqa: ANN202
    return conn.execute(select(Camp).where(Camp.code == code)).first()


def pk_key(bind: Engine | Connection, code: str, now: datetime) -> tuple | None:
    """The cache key of the board at `now`: the camp's version key (db.queries.version_key:
    camp id, creation, data version), camp day, current period, closed period — one row
    read; None for an unknown camp."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return pk_key(conn, code, now)
    camp = _camp(bind, code)
    if camp is None:
        return None
    return (*version_key(camp), *phase(camp_calendar(camp), now))


def pk_board(
    bind: Engine | Connection, code: str, now: datetime, *, top_members: int = TOP_MEMBERS,
    race_teams: int = RACE_TEAMS,
) -> PkBoard | None:  # fmt: skip
    """Everything /pk shows for camp `code` at `now`; None for an unknown camp.

    `now` matters only through the calendar phase (core.pk.Phase), which is part of the
    page's cache key beside the data version.
    """
    if isinstance(bind, Engine):  # one connection for the whole read
        with bind.connect() as conn:
            return _read_board(conn, code, now, top_members, race_teams)
    return _read_board(bind, code, now, top_members, race_teams)


def _read_board(
    conn: Connection, code: str, now: datetime, top_members: int, race_teams: int
) -> PkBoard | None:
    camp = _camp(conn, code)
    if camp is None:
        return None
    cal = camp_calendar(camp)
    p = phase(cal, now)
    ranking = standings(conn, code)["teams"]
    names = [e.name for _, e in ranking]

    days = race_days(cal, p)
    per_day = _per_day(conn, camp.id, max(days) if days else 0)
    baseline = baseline_day(p, cal.first_field_day)
    changes: dict[str, int | None] = dict.fromkeys(names)
    if baseline is not None:
        changes = rank_changes(_ranking_through(per_day, names, baseline), ranking)

    teams = tuple(
        TeamLine(pos, e.name, e.points, e.cash_fen, e.extra["target_fen"], changes[e.name])
        for pos, e in ranking
    )
    race = tuple(
        (name, cumulative({d: v[0] for d, v in per_day.get(name, {}).items()}, days))
        for name in (names[:race_teams] if days else ())
    )

    pk_day = shown_day(p)
    pairings = _pairings(conn, camp.id, code, pk_day) if pk_day is not None else ()
    red_flag = None
    if p.closed is not None:
        closed = standings(conn, code, p.closed)["teams"]
        red_flag = top_scorer(Scored(e.name, e.points, e.cash_fen) for _, e in closed)

    return PkBoard(
        code=code,
        name=camp.name,
        version=camp.data_version,
        changed_at=aware_utc(camp.updated_at),
        timezone=camp.timezone,
        days=camp.days,
        field_days=cal.field_days,
        phase=p,
        baseline=baseline,
        teams=teams,
        members=_top_members(conn, camp.code, top_members),
        race_days=days,
        race=race,
        pk_day=pk_day,
        pk_final=is_final(p, pk_day),
        pairings=pairings,
        red_flag=red_flag,
        red_flag_day=p.closed if red_flag else None,
        styles=team_styles(conn, code),
        news=news(conn, camp, now),
    )


# (points, cash_fen, reached_at) of one team on one day's period
_DayTotal = tuple[int, int, datetime | None]


def _per_day(conn: Connection, camp_id: int, last_day: int) -> dict[str, dict[int, _DayTotal]]:
    """Each team's period totals for the field days up to `last_day`."""
    out: dict[str, dict[int, _DayTotal]] = defaultdict(dict)
    if not last_day:
        return out
    rows = conn.execute(
        select(
            Team.name,
            TeamTotal.day,
            TeamTotal.points,
            cash_fen(TeamTotal.principal_fen, TeamTotal.interest_fen, TeamTotal.written_off_fen),
            TeamTotal.reached_at,
        )
        .join(Team, Team.id == TeamTotal.team_id)
        .where(TeamTotal.camp_id == camp_id, TeamTotal.day > 0, TeamTotal.day <= last_day)
    ).all()
    for name, day, points, cash, reached in rows:
        out[name][day] = (int(points or 0), int(cash or 0), aware_utc(reached))
    return out


def _ranking_through(
    per_day: dict[str, dict[int, _DayTotal]], names: list[str], day: int
) -> list[tuple[int, Entry]]:
    """The camp ranking as it stood at the end of `day`'s period: the sums of the periods
    up to it (a team reached that total with the last of its records in them)."""
    entries = []
    for name in names:
        upto = [v for d, v in per_day.get(name, {}).items() if d <= day]
        reached = [r for _, _, r in upto if r is not None]
        entries.append(
            Entry(
                name=name,
                points=sum(v[0] for v in upto),
                cash_fen=sum(v[1] for v in upto),
                reached_at=max(reached) if reached else None,
            )
        )
    return rank(entries)


def _pairings(conn: Connection, camp_id: int, code: str, day: int) -> tuple[PairingLine, ...]:
    a, b = aliased(Team), aliased(Team)
    pairs = conn.execute(
        select(a.name, b.name)
        .select_from(Pairing)
        .join(a, a.id == Pairing.team_a_id)
        .join(b, b.id == Pairing.team_b_id)
        .where(Pairing.camp_id == camp_id, Pairing.day == day)
        .order_by(Pairing.id)
    ).all()
    if not pairs:
        return ()
    points = {e.name: e.points for _, e in standings(conn, code, day)["teams"]}
    return tuple(
        PairingLine(ta, points.get(ta, 0), tb, points.get(tb, 0),
                    pairing_leader(ta, points.get(ta, 0), tb, points.get(tb, 0)))
        for ta, tb in pairs
    )  # fmt: skip


def _top_members(conn: Connection, code: str, n: int) -> tuple[MemberLine, ...]:
    """清收标兵: the first `n` of the member standings (db.queries.member_standings) who
    have points or cash."""
    return tuple(
        MemberLine(pos, e.name, e.extra["team"], e.points, e.cash_fen)
        for pos, e in member_standings(conn, code)["members"][:n]
        if e.points > 0 or e.cash_fen > 0
    )
