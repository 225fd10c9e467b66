"""Read side for the pages: SQL aggregates straight to plain rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, select

from core.money import round_half_up
from core.standings import Entry, cash_fen, rank
from core.teamstyle import TeamStyle, resolve
from db.models import Camp, Member, MemberTotal, Team, TeamTotal, aware_utc
from db.models import Loan as LoanRow
from db.scoring import camp_calendar


def camp_overview(engine: Engine) -> list[dict]:
    """Each camp with its team and loan counts, newest first."""
    teams = select(Team.camp_id, func.count().label("n")).group_by(Team.camp_id).subquery("teams")
    loans = (
        select(LoanRow.camp_id, func.count().label("n")).group_by(LoanRow.camp_id).subquery("loans")
    )
    stmt = (
        select(
            Camp.code,
            Camp.name,
            Camp.start_date,
            func.coalesce(teams.c.n, 0).label("teams"),
            func.coalesce(loans.c.n, 0).label("loans"),
        )
        .outerjoin(teams, teams.c.camp_id == Camp.id)
        .outerjoin(loans, loans.c.camp_id == Camp.id)
        .order_by(Camp.start_date.desc(), Camp.code)
    )
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]


# ----------------------------------------------------------------------------- standings


class UnknownDay(ValueError):
    """A day that is not one of the camp's field days."""


def _camp_calendar(conn, camp_code: str, day: int | None):  # noqa: ANN001, ANN202
    """The camp row and its calendar; LookupError / UnknownDay for bad usage."""
    camp = conn.execute(select(Camp).where(Camp.code == camp_code)).first()
    if camp is None:
        raise LookupError(camp_code)
    cal = camp_calendar(camp)
    if day is not None and not cal.is_field_day(day):
        raise UnknownDay(day)
    return camp, cal


def _period(cal, day: int | None) -> dict | None:  # noqa: ANN001
    """Camp day `day`'s period in camp local time (SPEC §5.5), or None for the camp."""
    if day is None:
        return None
    start, end = cal.period_bounds(day)
    return {"day": day, "start": cal.local(start).isoformat(), "end": cal.local(end).isoformat()}


def standings(bind: Engine | Connection, camp_code: str, day: int | None = None) -> dict:
    """Team standings of the camp, or of camp day `day`'s period (SPEC §5.5), ranked.

    Reads the running totals (a handful of rows) and ranks them with the one
    ranking of core.standings.
    """
    if isinstance(bind, Engine):  # a connection also sees its own uncommitted writes
        with bind.connect() as conn:
            return standings(conn, camp_code, day)
    camp, cal = _camp_calendar(bind, camp_code, day)
    rows = bind.execute(
        select(Team.id, Team.name, Team.target_fen, TeamTotal)
        .outerjoin(TeamTotal, and_(TeamTotal.team_id == Team.id, TeamTotal.day == (day or 0)))
        .where(Team.camp_id == camp.id)
    ).all()
    field_days = len(cal.field_days)
    entries = []
    for r in rows:
        m = r._mapping
        target = m["target_fen"]
        if day is not None:
            target = int(round_half_up(Decimal(target) / field_days, "1"))
        cash = cash_fen(m["principal_fen"] or 0, m["interest_fen"] or 0, m["written_off_fen"] or 0)
        entries.append(
            Entry(
                name=m["name"],
                points=m["points"] or 0,
                cash_fen=cash,
                reached_at=aware_utc(m["reached_at"]),
                extra={
                    "principal_fen": m["principal_fen"] or 0,
                    "interest_fen": m["interest_fen"] or 0,
                    "written_off_fen": m["written_off_fen"] or 0,
                    "settled": m["settled"] or 0,
                    "acks": m["acks"] or 0,
                    "promises": m["promises"] or 0,
                    "adjustments": m["adjustments"] or 0,
                    "target_fen": target,
                },
            )
        )
    period = _period(cal, day)
    return {"camp": camp_code, "period": period, "teams": rank(entries)}


def member_standings(bind: Engine | Connection, camp_code: str, day: int | None = None) -> dict:
    """Members ranked by their equal shares: points, then cash, then name.

    Reads the members' running totals (one row per member and period): a few thousand
    rows at most, whatever the visits."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return member_standings(conn, camp_code, day)
    conn = bind
    camp, cal = _camp_calendar(conn, camp_code, day)
    sums = {
        m: (int(p or 0), int(c or 0))
        for m, p, c in conn.execute(
            select(MemberTotal.member, MemberTotal.points, MemberTotal.cash_fen).where(
                MemberTotal.camp_id == camp.id, MemberTotal.day == (day or 0)
            )
        )
    }
    roster = conn.execute(
        select(Member.name, Team.name)
        .join(Team, Team.id == Member.team_id)
        .where(Member.camp_id == camp.id)
    ).all()
    entries = [
        Entry(name=name, points=sums.get(name, (0, 0))[0], cash_fen=sums.get(name, (0, 0))[1],
              extra={"team": team})
        for name, team in roster
    ]  # fmt: skip
    period = _period(cal, day)
    return {"camp": camp_code, "period": period, "members": rank(entries, use_reached=False)}


def version_key(camp: Any) -> tuple:
    """The cache key of anything computed from one camp's data, from its row: which camp
    (its id and when it was created) and its data version. A camp `demo` replaces starts
    again at version 1, maybe under the same id (SQLite reuses a deleted row's id), but
    never at the same creation time: a board cached for the old camp is not served."""
    created = aware_utc(camp.created_at)
    return (camp.id, created.isoformat() if created else "", camp.data_version)


def camp_version(bind: Engine | Connection, camp_code: str) -> tuple | None:
    """`version_key` of camp `camp_code`, one row read; None for an unknown camp."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return camp_version(conn, camp_code)
    row = bind.execute(
        select(Camp.id, Camp.created_at, Camp.data_version).where(Camp.code == camp_code)
    ).first()
    return None if row is None else version_key(row)


def data_version(bind: Engine | Connection, camp_code: str) -> int | None:
    """The camp's data version: bumped in the same transaction as every write, so a
    cache keyed by it shows a new result at once and costs nothing while nothing changed.
    Read from the store, so several app replicas agree on it."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return data_version(conn, camp_code)
    return bind.execute(select(Camp.data_version).where(Camp.code == camp_code)).scalar()


def team_styles(bind: Engine | Connection, camp_code: str) -> dict[str, TeamStyle]:
    """Each team's colour and emblem on the wall, by team name (core.teamstyle.resolve: a
    team that chose none gets a palette colour no other team of the camp has); {} for an
    unknown camp."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return team_styles(conn, camp_code)
    rows = bind.execute(
        select(Team.name, Team.colour, Team.emblem)
        .join(Camp, Camp.id == Team.camp_id)
        .where(Camp.code == camp_code)
        .order_by(Team.position, Team.id)
    ).all()
    return resolve([n for n, _, _ in rows], {n: (c, e) for n, c, e in rows})
