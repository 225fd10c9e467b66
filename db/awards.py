"""Store side of /awards (SPEC §3): categories, nominations, votes, reveals, certificates,
and the figures behind the suggestions.

Figures come from the counted visits only (not voided, not entered after the freeze:
db.scoring.counted) with aggregate queries: the teams' and members' running totals, one
grouped join of the members' shares with their visits (promises, acknowledgements, night
shifts), the two periods' standings for the progress, and the summary meeting's rule for
limitations saved (db.summary.saved_limitations) run over each field day's period on the
loans one of whose visits found the limitation expired or urgent.

Writes open a unit of work, lock the camp row first (one order for every write, so two
writers queue and never deadlock), check the input, record who did what in the audit log,
bump the camp's data version (the cache key of the boards) and commit once. The unique
constraints hold the rest under races: one nomination per nominee per category, and one
vote per voter per category — a vote is an upsert (INSERT … ON CONFLICT DO UPDATE on both
SQLite and PostgreSQL), so a changed vote updates its row and two simultaneous first votes
leave one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, and_, case, delete, func, or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.awards import (
    DEFAULT_CATEGORIES,
    AwardData,
    AwardRefused,
    Figure,
    MemberFigures,
    Outcome,
    Progress,
    ProgressRow,
    Suggestion,
    TeamFigures,
    check_subject,
    clean_category_name,
    clean_reason,
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
    utcnow,
)
from db.queries import standings
from db.reconcile import verified_standings
from db.scoring import camp_calendar, counted
from db.summary import SAVED_FROM, _chunks, camp_personal_data, saved_limitations
from db.uow import UnitOfWork

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

    db.summary.saved_limitations decides, period by period, on the loans that can have been
    saved in it: those with a visit in the period that restarted the clock (money, or the
    borrower's signature — db.summary._restarts) while finding it expired or urgent. A
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
    for chunk in _chunks(loan_id for loan_id, _ in pairs):
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
    """The board's cache key: the camp's data version and the progress's periods (they move
    when a period begins); None for an unknown camp. One row read."""
    with engine.connect() as conn:
        camp = conn.execute(select(Camp).where(Camp.code == code)).first()
    if camp is None:
        return None
    return (camp.data_version, progress_days(camp_calendar(camp), now))


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


# ----------------------------------------------------------------------------- writing


def _categories(s: Session, camp: Camp) -> list[AwardCategory]:
    return list(
        s.scalars(
            select(AwardCategory)
            .where(AwardCategory.camp_id == camp.id)
            .order_by(AwardCategory.position, AwardCategory.id)
        )
    )


def _category(s: Session, camp: Camp, category_id: int) -> AwardCategory:
    c = s.get(AwardCategory, category_id)
    if c is None or c.camp_id != camp.id:
        raise AwardRefused("awards.err.no_category")
    return c


def _state(c: AwardCategory) -> dict:
    return {"name": c.name, "subject": c.subject, "rule": c.rule, "description": c.description}


def ensure_categories(engine: Engine, code: str, actor: str = "system") -> bool:
    """Give a camp without any category the six defaults; True when it did."""
    with engine.connect() as conn:
        camp_id = conn.scalar(select(Camp.id).where(Camp.code == code))
        if camp_id is None or conn.scalar(
            select(func.count()).where(AwardCategory.camp_id == camp_id)
        ):
            return False
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        if _categories(s, camp):  # another screen was first
            return False
        s.add_all(
            AwardCategory(camp_id=camp.id, name=d.name, subject=d.subject, rule=d.rule,
                          description=d.description, position=i)
            for i, d in enumerate(DEFAULT_CATEGORIES)
        )  # fmt: skip
        uow.audit(actor, "awards.defaults", "camp", camp_id=camp.id, entity_id=camp.code,
               after={"categories": [d.name for d in DEFAULT_CATEGORIES]})  # fmt: skip
        uow.commit()
    return True


def _flush_name(s: Session, name: str) -> None:
    try:
        with s.begin_nested():
            s.flush()
    except IntegrityError as exc:
        raise AwardRefused("awards.err.name_taken", name=name) from exc


def add_category(
    engine: Engine, code: str, name: str, subject: str, description: str, actor: str
) -> int:
    """A category of the organiser's own: no formula, so no suggestions."""
    name = clean_category_name(name)
    check_subject(subject)
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        existing = _categories(s, camp)
        if any(c.name == name for c in existing):
            raise AwardRefused("awards.err.name_taken", name=name)
        c = AwardCategory(camp_id=camp.id, name=name, subject=subject, rule="",
                          description=(description or "").strip(),
                          position=max((x.position for x in existing), default=-1) + 1)  # fmt: skip
        s.add(c)
        _flush_name(s, name)
        uow.audit(actor, "awards.category.add", "award_category", camp_id=camp.id,
               entity_id=str(c.id), after=_state(c))  # fmt: skip
        uow.commit()
        return c.id


def edit_category(
    engine: Engine, code: str, category_id: int, name: str, description: str, actor: str
) -> None:
    """Rename a category or change its description; its formula and subject stay."""
    name = clean_category_name(name)
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        c = _category(s, camp, category_id)
        before = _state(c)
        if name != c.name and any(x.name == name for x in _categories(s, camp)):
            raise AwardRefused("awards.err.name_taken", name=name)
        c.name, c.description = name, (description or "").strip()
        _flush_name(s, name)
        uow.audit(actor, "awards.category.edit", "award_category", camp_id=camp.id,
               entity_id=str(c.id), before=before, after=_state(c))  # fmt: skip
        uow.commit()


def remove_category(engine: Engine, code: str, category_id: int, actor: str) -> None:
    """Remove a category with its nominations and votes (kept in the audit log)."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        c = _category(s, camp, category_id)
        before = _state(c)
        before["nominations"] = [
            [n, r, by]
            for n, r, by in s.execute(
                select(Nomination.nominee, Nomination.reason, Nomination.nominated_by).where(
                    Nomination.category_id == c.id
                )
            )
        ]
        before["votes"] = s.scalar(select(func.count()).where(Vote.category_id == c.id))
        s.execute(delete(Vote).where(Vote.category_id == c.id))
        s.execute(delete(Nomination).where(Nomination.category_id == c.id))
        s.execute(delete(AwardCategory).where(AwardCategory.id == c.id))
        uow.audit(actor, "awards.category.remove", "award_category", camp_id=camp.id,
               entity_id=str(category_id), before=before)  # fmt: skip
        uow.commit()


def _nominable(s: Session, camp: Camp, subject: str) -> set[str]:
    if subject == "team":
        return set(s.scalars(select(Team.name).where(Team.camp_id == camp.id)))
    return set(s.scalars(select(Member.name).where(Member.camp_id == camp.id)))


def nominate(
    engine: Engine, code: str, category_id: int, nominee: str, reason: str, actor: str
) -> int:
    """Nominate a team or member (per the category's subject) with a reason; once per
    nominee per category, and not after the category is revealed."""
    reason = clean_reason(reason)
    nominee = (nominee or "").strip()
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        c = _category(s, camp, category_id)
        if c.revealed_at is not None:
            raise AwardRefused("awards.err.revealed", category=c.name)
        if nominee not in _nominable(s, camp, c.subject):
            raise AwardRefused(f"awards.err.not_{c.subject}", name=nominee)
        taken = AwardRefused("awards.err.nominated", name=nominee, category=c.name)
        if s.scalar(
            select(Nomination.id).where(
                Nomination.category_id == c.id, Nomination.nominee == nominee
            )
        ):
            raise taken
        n = Nomination(category_id=c.id, nominee=nominee, reason=reason, nominated_by=actor,
                       nominated_at=utcnow())  # fmt: skip
        s.add(n)
        try:
            with s.begin_nested():
                s.flush()
        except IntegrityError as exc:  # the same nomination committed a moment earlier
            raise taken from exc
        uow.audit(actor, "awards.nominate", "nomination", camp_id=camp.id, entity_id=str(n.id),
               after={"category": c.name, "nominee": nominee, "reason": reason})  # fmt: skip
        uow.commit()
        return n.id


def _upsert_vote(s: Session, category_id: int, voter: str, nominee: str) -> None:
    """One row per voter and category, whatever races it: insert, or update the nominee."""
    dialect = s.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(Vote).values(
        category_id=category_id, voter=voter, nominee=nominee, voted_at=utcnow()
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[Vote.category_id, Vote.voter],
        set_={"nominee": stmt.excluded.nominee, "voted_at": stmt.excluded.voted_at},
    )
    s.execute(stmt)


def vote(engine: Engine, code: str, category_id: int, voter: str, nominee: str) -> str | None:
    """Cast or change `voter`'s vote (a username) in a category for one of its nominees,
    until the category is revealed. Returns the nominee voted for before, if any."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        c = _category(s, camp, category_id)
        if c.revealed_at is not None:
            raise AwardRefused("awards.err.revealed", category=c.name)
        nominated = set(s.scalars(select(Nomination.nominee).where(Nomination.category_id == c.id)))
        if nominee not in nominated:
            raise AwardRefused("awards.err.not_nominated", name=nominee, category=c.name)
        before = s.scalar(select(Vote.nominee).where(Vote.category_id == c.id, Vote.voter == voter))
        _upsert_vote(s, c.id, voter, nominee)
        uow.audit(voter, "awards.vote", "award_category", camp_id=camp.id, entity_id=str(c.id),
               before={"nominee": before} if before else None,
               after={"nominee": nominee})  # fmt: skip
        uow.commit()
        return before


def reveal(
    engine: Engine, code: str, category_id: int, actor: str, now: datetime | None = None
) -> datetime:
    """Reveal a category's result on the ceremony screen; voting in it closes. Revealing
    again keeps the first time."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        c = _category(s, camp, category_id)
        if c.revealed_at is None:
            c.revealed_at = now or utcnow()
            after = {"category": c.name, "revealed_at": c.revealed_at.isoformat()}
            uow.audit(actor, "awards.reveal", "award_category", camp_id=camp.id,
                   entity_id=str(c.id), after=after)  # fmt: skip
            uow.commit()
        return c.revealed_at


def seal(engine: Engine, code: str, category_id: int, actor: str) -> None:
    """Seal a revealed category again (a reveal by mistake, a rehearsal); voting reopens."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        c = _category(s, camp, category_id)
        if c.revealed_at is None:
            return
        before = c.revealed_at.isoformat()
        c.revealed_at = None
        uow.audit(actor, "awards.seal", "award_category", camp_id=camp.id, entity_id=str(c.id),
               before={"category": c.name, "revealed_at": before})  # fmt: skip
        uow.commit()
