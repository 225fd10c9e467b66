"""Reads of /awards (SPEC §3): the figures behind the suggestions, the board of categories
with their suggestions, nominations and results, a voter's votes, and the certificates.

Figures come from the counted visits only (not voided, not entered after the freeze:
db.scoring.counted) with aggregate queries: the teams' and members' running totals, one
grouped join of the members' shares with their visits (promises, acknowledgements, night
shifts), the two periods' standings for the progress, and the summary meeting's rule for
limitations saved (db.queries.summary.saved_limitations) run over each field day's period on the
loans one of whose visits found the limitation expired or urgent.

The commands (categories, nominations, votes, reveals) are in db/awards.py.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, and_, case, func, or_, select

from core.awards import (
    AwardData,
    Figure,
    MemberFigures,
    Outcome,
    Progress,
    ProgressRow,
    Suggestion,
    TeamFigures,
    outcome,
    suggest,
)
from core.calendar import CampCalendar
from core.certificate import Certificate
from core.masking import Redactor
from core.scoring import BORROWER_ACK_CONTACTS
from db.models import (
    AwardCategory,
    Camp,
    Member,
    MemberTotal,
    Nomination,
    Team,
    Visit,
    VisitShare,
    Vote,
)
from db.queries import standings, version_key
from db.queries.summary import SAVED_FROM, camp_personal_data, chunks, saved_limitations
from db.reconcile import verified_standings
from db.scoring import camp_calendar, counted

# ----------------------------------------------------------------------------- figures


def _member_figures(conn: Connection, camp: Camp, saved: dict[str, int]) -> list[MemberFigures]:
    totals = {
        m: (int(p or 0), int(c or 0))
        for m, p, c in conn.execute(
            select(MemberTotal.member, MemberTotal.points, MemberTotal.cash_fen).where(
                MemberTotal.camp_id == camp.id, MemberTotal.day == 0
            )
        )
    }
    S, V = VisitShare, Visit
    visits: dict[str, tuple[int, ...]] = {}
    for member, *sums in conn.execute(
        select(
            S.member,
            func.sum(case((V.promise_complete, 1), else_=0)),
            func.sum(case((V.earned_ack, 1), else_=0)),
            func.sum(case((V.night, S.points), else_=0)),
            func.sum(case((V.night, S.cash_fen), else_=0)),
            func.sum(case((V.night, 1), else_=0)),
        )
        .select_from(V)
        .join(S, S.visit_id == V.id)
        .where(
            V.camp_id == camp.id,  # not S.camp_id: read the visits first, their shares by id
            S.counted,
            counted(camp),
            or_(V.promise_complete, V.earned_ack, V.night),
        )
        .group_by(S.member)
    ):
        visits[member] = tuple(int(x or 0) for x in sums)
    roster = conn.execute(
        select(Member.name, Team.name)
        .join(Team, Team.id == Member.team_id)
        .where(Member.camp_id == camp.id)
        .order_by(Team.position, Team.id, Member.position, Member.id)
    ).all()
    out = []
    for name, team in roster:
        points, cash = totals.get(name, (0, 0))
        promises, acks, n_points, n_cash, n_visits = visits.get(name, (0, 0, 0, 0, 0))
        out.append(
            MemberFigures(name, team, points, cash, promises, acks, n_points, n_cash, n_visits,
                          saved.get(name, 0))
        )  # fmt: skip
    return out


def _saved_by_member(conn: Connection, camp: Camp, cal: CampCalendar) -> dict[str, int]:
    """Limitations saved, per member of the saving visit, over every field day's period.

    db.queries.summary.saved_limitations decides, period by period, on the loans that can have been
    saved in it: those with a visit in the period that restarted the clock (money, or the
    borrower's signature — db.queries.summary._restarts) while finding it expired or urgent. A
    saved loan always has one: its saving visit, the first restart of the period, found
    the status its first visit found or worse, as nothing restarted the clock in between.
    """
    restarts = or_(
        Visit.principal_fen + Visit.interest_fen > 0,
        and_(Visit.ack, Visit.contact.in_(BORROWER_ACK_CONTACTS)),
    )
    pairs = set(
        conn.execute(
            select(Visit.loan_id, Visit.period_day)
            .where(
                Visit.camp_id == camp.id,
                Visit.limitation_before.in_(SAVED_FROM),
                restarts,
                counted(camp),
            )
            .distinct()
        ).all()
    )
    out: dict[str, int] = {}
    for chunk in chunks(loan_id for loan_id, _ in pairs):
        by_day: dict[int, list] = {}
        for v in conn.execute(
            select(*_SAVED_COLUMNS)
            .where(Visit.loan_id.in_(chunk), counted(camp))
            .order_by(Visit.visited_at, Visit.id)
        ):
            if (v.loan_id, v.period_day) in pairs:
                by_day.setdefault(v.period_day, []).append(v)
        for day, period in sorted(by_day.items()):
            _, end = cal.period_bounds(day)
            for saved in saved_limitations(conn, camp, cal, period, end):
                for member in dict.fromkeys(saved.visit.members or ()):
                    out[member] = out.get(member, 0) + 1
    return out


_SAVED_COLUMNS = (
    Visit.id,
    Visit.loan_id,
    Visit.period_day,
    Visit.visited_at,
    Visit.members,
    Visit.principal_fen,
    Visit.interest_fen,
    Visit.ack,
    Visit.contact,
    Visit.limitation_before,
)


def progress_days(cal: CampCalendar, now: datetime) -> tuple[int, int] | None:
    """(first, last) field days of the progress: the last field day, or before its period
    has begun the latest one that has; None until a second period has begun."""
    begun = [d for d in cal.field_days if cal.period_bounds(d)[0] < now]
    if len(begun) < 2:
        return None
    return cal.first_field_day, begun[-1]


def _standings(conn: Connection, camp: Camp, day: int | None = None) -> dict:
    """The standings the ceremony reads: the verified ones (SPEC §5.6) when the camp's
    awards_verified is set on /setup, else the plain ones."""
    if getattr(camp, "awards_verified", False):
        return verified_standings(conn, camp.code, day)
    return standings(conn, camp.code, day)


def _progress(conn: Connection, camp: Camp, cal: CampCalendar, now: datetime) -> Progress | None:
    days = progress_days(cal, now)
    if days is None:
        return None
    first, last = days
    before = {e.name: position for position, e in _standings(conn, camp, first)["teams"]}
    rows = tuple(
        ProgressRow(e.name, before[e.name], position, e.points)
        for position, e in _standings(conn, camp, last)["teams"]
    )
    return Progress(first, last, rows)


def award_data(conn: Connection, camp: Camp, now: datetime) -> AwardData:
    """Everything the suggestions are computed from, for the camp at `now`."""
    cal = camp_calendar(camp)
    teams = tuple(
        TeamFigures(e.name, e.points, e.cash_fen, e.reached_at)
        for _, e in _standings(conn, camp)["teams"]
    )
    members = tuple(_member_figures(conn, camp, _saved_by_member(conn, camp, cal)))
    return AwardData(teams, members, _progress(conn, camp, cal, now))


# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class NominationRow:
    id: int
    nominee: str
    reason: str
    nominated_by: str
    nominated_at: datetime


@dataclass(frozen=True)
class CategoryView:
    """One category with its suggestions, nominations and current result."""

    id: int
    name: str
    subject: str  # "team" or "member"
    rule: str  # "" for a category of the organiser's own
    description: str
    position: int
    revealed_at: datetime | None
    suggestions: tuple[Suggestion, ...]  # the top three of the formula
    nominations: tuple[NominationRow, ...]
    result: Outcome
    winner_team: str | None  # the winning member's team
    winner_figures: tuple[Figure, ...]  # the figures behind the winner, when the data has any

    @property
    def revealed(self) -> bool:
        return self.revealed_at is not None


@dataclass(frozen=True)
class AwardsBoard:
    """Everything /awards shows of one camp, computed once per data version and phase."""

    camp_code: str
    camp_name: str
    bank: str
    timezone: str
    categories: tuple[CategoryView, ...]
    teams: tuple[str, ...]  # the camp's teams in their order
    members: dict[str, str] = field(default_factory=dict)  # member → team, in the camp's order
    progress: tuple[int, int] | None = None  # the periods the progress compares

    def category(self, category_id: int) -> CategoryView | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def names(self, subject: str) -> tuple[str, ...]:
        return self.teams if subject == "team" else tuple(self.members)


def _redactor(conn: Connection, camp_id: int, data: AwardData) -> Redactor:
    """Free text typed on /awards (reasons, descriptions) with the camp's borrowers' and
    guarantors' names and any long number masked (SPEC §4.10): nothing of a customer shows
    on the page. Staff names stay, even where a borrower bears the same name."""
    staff = {m.name for m in data.members}
    names, numbers = camp_personal_data(conn, camp_id)
    return Redactor(names - staff, numbers)


def awards_key(engine: Engine, code: str, now: datetime) -> tuple | None:
    """The board's cache key: the camp's version key (db.queries.version_key) and the
    progress's periods (they move when a period begins); None for an unknown camp. One
    row read."""
    with engine.connect() as conn:
        camp = conn.execute(select(Camp).where(Camp.code == code)).first()
    if camp is None:
        return None
    return (*version_key(camp), progress_days(camp_calendar(camp), now))


def awards_board(engine: Engine, code: str, now: datetime) -> AwardsBoard | None:
    """The camp's categories with their suggestions, nominations and results at `now`."""
    with engine.connect() as conn:
        camp = conn.execute(select(Camp).where(Camp.code == code)).first()
        if camp is None:
            return None
        cal = camp_calendar(camp)
        data = award_data(conn, camp, now)
        cats = conn.execute(
            select(AwardCategory.__table__)
            .where(AwardCategory.camp_id == camp.id)
            .order_by(AwardCategory.position, AwardCategory.id)
        ).all()
        ids = [c.id for c in cats]
        redact = _redactor(conn, camp.id, data)
        noms: dict[int, list[NominationRow]] = {}
        for n in conn.execute(
            select(Nomination.__table__)
            .where(Nomination.category_id.in_(ids))
            .order_by(Nomination.nominated_at, Nomination.id)
        ):
            noms.setdefault(n.category_id, []).append(
                NominationRow(n.id, n.nominee, redact(n.reason), n.nominated_by, n.nominated_at)
            )
        tallies: dict[int, dict[str, int]] = {}
        for category_id, nominee, n in conn.execute(
            select(Vote.category_id, Vote.nominee, func.count())
            .where(Vote.category_id.in_(ids))
            .group_by(Vote.category_id, Vote.nominee)
        ):
            tallies.setdefault(category_id, {})[nominee] = int(n)
        teams = tuple(
            conn.scalars(
                select(Team.name).where(Team.camp_id == camp.id).order_by(Team.position, Team.id)
            )
        )
    members = {m.name: m.team for m in data.members}
    views = []
    for c in cats:
        ranking = suggest(c.rule, data, top=None)
        result = outcome(tallies.get(c.id, {}), ranking)
        figures = next((s.figures for s in ranking if s.nominee == result.winner), ())
        views.append(
            CategoryView(
                id=c.id,
                name=c.name,
                subject=c.subject,
                rule=c.rule,
                description=redact(c.description),
                position=c.position,
                revealed_at=c.revealed_at,
                suggestions=ranking[:3],
                nominations=tuple(noms.get(c.id, ())),
                result=result,
                winner_team=members.get(result.winner) if c.subject == "member" else None,
                winner_figures=figures,
            )
        )
    return AwardsBoard(
        camp_code=camp.code,
        camp_name=camp.name,
        bank=camp.bank or "",
        timezone=camp.timezone,
        categories=tuple(views),
        teams=teams,
        members=members,
        progress=progress_days(cal, now),
    )


def my_votes(engine: Engine, code: str, voter: str) -> dict[int, str]:
    """The voter's current vote per category id."""
    with engine.connect() as conn:
        return dict(
            conn.execute(
                select(Vote.category_id, Vote.nominee)
                .join(AwardCategory, AwardCategory.id == Vote.category_id)
                .join(Camp, Camp.id == AwardCategory.camp_id)
                .where(Camp.code == code, Vote.voter == voter)
            ).all()
        )


def certificates(
    board: AwardsBoard, category_ids: Sequence[int] | None = None
) -> list[Certificate]:
    """A certificate for each revealed category (those asked for) that has a winner, dated
    the camp-local day of its reveal."""
    tz = ZoneInfo(board.timezone)
    out = []
    for c in board.categories:
        if not c.revealed or c.result.winner is None:
            continue
        if category_ids is not None and c.id not in category_ids:
            continue
        assert c.revealed_at is not None
        out.append(
            Certificate(
                camp_name=board.camp_name,
                bank=board.bank,
                award=c.name,
                winner=c.result.winner,
                team=c.winner_team,
                subject=c.subject,
                on=c.revealed_at.astimezone(tz).date(),
                description=c.description,
            )
        )
    return out
