"""Read queries and use cases of /entry: the context a trainer enters results in, the loan
search, one visit, the grid, a visit workbook, today's entries, and field problems.

Visits, corrections, voids and adjustments are db.visits' services (all validation
lives there); this module adds what the page needs around them. Every write opens
a unit of work, audits, bumps the camp's data version and commits once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.calendar import CampCalendar
from core.clocks import replay_clocks
from core.entry import grid_records, loan_option, match_rank, normalise_query, same_borrower
from core.errors import InputRejected, UsageError
from core.records import Problem, VisitRecord
from core.visitfile import read_visit_records
from db.clocks import clock_events, loan_terms
from db.models import Adjustment, Camp, CampItem, FieldProblem, Member, Team, Visit, utcnow
from db.models import Loan as LoanRow
from db.scoring import camp_calendar, visit_counts
from db.uow import UnitOfWork
from db.visits import VisitsRecorded, fingerprint, record_visits

SEARCH_SCAN = 200  # candidate rows read per search before ranking
TACTIC_KINDS = ("tactic", "move")
PROBLEM_STATUSES = ("open", "closed")


# ----------------------------------------------------------------------------- context


@dataclass(frozen=True)
class EntryContext:
    """What the page needs on every run: one read of the camp."""

    code: str
    name: str
    calendar: CampCalendar
    teams: tuple[str, ...]  # the user's own team first, then the camp's order
    rosters: dict[str, tuple[str, ...]]
    tactics: tuple[str, ...]
    today: date  # the camp-local date of now
    frozen: bool


def _teams(s: Session, camp: Camp, own_team_id: int | None) -> list[Team]:
    teams = list(
        s.scalars(select(Team).where(Team.camp_id == camp.id).order_by(Team.position, Team.id))
    )
    return sorted(teams, key=lambda t: t.id != own_team_id)  # stable: the rest keep their order


def team_choices(engine: Engine, camp_code: str, own_team_id: int | None = None) -> list[str]:
    """The camp's team names, the user's own team first."""
    with UnitOfWork(engine, write=False) as uow:
        camp = uow.use_camp(camp_code)
        return [t.name for t in _teams(uow.session, camp, own_team_id)]


def _tactics(s: Session, camp: Camp) -> list[str]:
    rows = s.execute(
        select(CampItem.kind, CampItem.name)
        .where(CampItem.camp_id == camp.id, CampItem.kind.in_(TACTIC_KINDS))
        .order_by(CampItem.position, CampItem.id)
    ).all()
    names: list[str] = []
    for kind in TACTIC_KINDS:  # the 30 tactics first, then the 18 moves
        names += [n for k, n in rows if k == kind and n and n not in names]
    return names


def tactic_names(engine: Engine, camp_code: str) -> list[str]:
    """The tactics library (collection tactics, then negotiation moves), as visits log them."""
    with UnitOfWork(engine, write=False) as uow:
        return _tactics(uow.session, uow.use_camp(camp_code))


def entry_context(
    engine: Engine, camp_code: str, own_team_id: int | None = None, now: datetime | None = None
) -> EntryContext:
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        cal = camp_calendar(camp)
        teams = _teams(s, camp, own_team_id)
        rosters: dict[int, list[str]] = {}
        for team_id, name in s.execute(
            select(Member.team_id, Member.name)
            .where(Member.camp_id == camp.id)
            .order_by(Member.position, Member.id)
        ):
            rosters.setdefault(team_id, []).append(name)
        return EntryContext(
            code=camp.code,
            name=camp.name,
            calendar=cal,
            teams=tuple(t.name for t in teams),
            rosters={t.name: tuple(rosters.get(t.id, ())) for t in teams},
            tactics=tuple(_tactics(s, camp)),
            today=cal.local(now or utcnow()).date(),
            frozen=camp.frozen_at is not None,
        )


# ----------------------------------------------------------------------------- loan search


@dataclass(frozen=True)
class LoanBrief:
    """A loan as the entry form shows it: balances as listed, and what the camp collected."""

    loan_no: str
    borrower: str
    township: str
    village: str | None
    segment: str
    team: str | None  # the team whose territory holds it; None = any team may visit
    principal_fen: int
    interest_fen: int
    written_off: bool
    collected_principal_fen: int
    collected_interest_fen: int
    visits: int
    limitation: str  # expired, urgent, watch, safe, litigation — at the camp's today
    id_number: str | None = None

    @property
    def principal_left_fen(self) -> int:
        return max(self.principal_fen - self.collected_principal_fen, 0)


@dataclass(frozen=True)
class LoanMatch:
    loan: LoanBrief
    visitable: bool  # the chosen team may visit it (its territory, or none)
    others: tuple[LoanBrief, ...] = ()  # the borrower's other loans in the camp


def _briefs(
    s: Session, camp: Camp, loans: Sequence[LoanRow], names: Mapping[int, str], today: date
) -> dict[int, LoanBrief]:
    ids = [loan.id for loan in loans]
    collected: dict[int, tuple[int, int, int]] = {}
    events: dict[int, list] = {}
    if ids:
        for loan_id, pr, it, n in s.execute(
            select(
                Visit.loan_id,
                func.sum(Visit.principal_fen),
                func.sum(Visit.interest_fen),
                func.count(),
            )
            .where(Visit.loan_id.in_(ids), Visit.voided_at.is_(None))
            .group_by(Visit.loan_id)
        ):
            collected[loan_id] = (int(pr or 0), int(it or 0), int(n))
        events = clock_events(s, camp, ids)
    out = {}
    for loan in loans:
        pr, it, n = collected.get(loan.id, (0, 0, 0))
        clocks = replay_clocks(loan_terms(loan, camp), events.get(loan.id, []), today)
        status = clocks.limitation_status
        out[loan.id] = LoanBrief(
            loan_no=loan.loan_no, borrower=loan.borrower, township=loan.township,
            village=loan.village, segment=loan.segment,
            team=names.get(loan.team_id) if loan.team_id else None,
            principal_fen=loan.principal_fen, interest_fen=loan.interest_fen,
            written_off=loan.written_off, collected_principal_fen=pr,
            collected_interest_fen=it, visits=n, limitation=str(status),
            id_number=loan.id_number,
        )  # fmt: skip
    return out


def find_loans(
    engine: Engine,
    camp_code: str,
    query: str,
    *,
    team: str | None = None,
    limit: int = 20,
    now: datetime | None = None,
) -> list[LoanMatch]:
    """Loans matching a loan number (or its tail), a borrower or a village, best first.

    Each comes with the borrower's other loans in the camp (same name, and the same ID
    number where both loans have one). With `team`, loans that team may visit come
    before the others of the same match quality.
    """
    q = normalise_query(query)
    if not q:
        return []
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        names = dict(s.execute(select(Team.id, Team.name).where(Team.camp_id == camp.id)).all())
        team_id = next((i for i, n in names.items() if n == team), None)
        # the best kinds of match first, so a broad query cannot crowd them out of the scan
        best = or_(LoanRow.loan_no == q, LoanRow.loan_no.endswith(q, autoescape=True),
                   LoanRow.borrower == q)  # fmt: skip
        broad = or_(*(column.contains(q, autoescape=True) for column in (
            LoanRow.loan_no, LoanRow.borrower, LoanRow.village, LoanRow.township)))  # fmt: skip
        candidates: dict[int, LoanRow] = {}
        for condition in (best, broad):
            for loan in s.scalars(
                select(LoanRow)
                .where(LoanRow.camp_id == camp.id, condition)
                .order_by(LoanRow.loan_no)
                .limit(SEARCH_SCAN)
            ):
                candidates.setdefault(loan.id, loan)
        ranked = []
        for loan in candidates.values():
            rank = match_rank(q, loan.loan_no, loan.borrower, loan.village, loan.township)
            if rank is None:
                continue
            visitable = team is None or loan.team_id in (None, team_id)
            ranked.append((rank, not visitable, loan.loan_no, loan, visitable))
        ranked.sort(key=lambda x: x[:3])
        chosen = ranked[:limit]
        borrowers = sorted({x[3].borrower for x in chosen})
        kin = (
            s.scalars(
                select(LoanRow)
                .where(LoanRow.camp_id == camp.id, LoanRow.borrower.in_(borrowers))
                .order_by(LoanRow.loan_no)
            ).all()
            if borrowers
            else []
        )
        today = camp_calendar(camp).local(now or utcnow()).date()
        briefs = _briefs(s, camp, list({x.id: x for x in [*kin, *(c[3] for c in chosen)]}.values()),
                         names, today)  # fmt: skip
        matches = []
        for *_, loan, visitable in chosen:
            others = tuple(
                briefs[o.id]
                for o in kin
                if o.id != loan.id
                and same_borrower(loan.borrower, loan.id_number, o.borrower, o.id_number)
            )
            matches.append(LoanMatch(briefs[loan.id], visitable, others))
        return matches


def loan_options(engine: Engine, camp_code: str, team: str | None = None) -> list[str]:
    """Every loan of the camp as the grid's look-up column offers it (core.entry.loan_option):
    the ones `team` may visit (its territory, or no team's) first, by loan number."""
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        team_id = s.scalar(select(Team.id).where(Team.camp_id == camp.id, Team.name == team))
        rows = s.execute(
            select(LoanRow.loan_no, LoanRow.borrower, LoanRow.township, LoanRow.village,
                   LoanRow.team_id)
            .where(LoanRow.camp_id == camp.id)
            .order_by(LoanRow.loan_no)
        ).all()  # fmt: skip
    ours = [r for r in rows if r.team_id in (None, team_id)]
    theirs = [r for r in rows if r.team_id not in (None, team_id)]
    return [loan_option(r.loan_no, r.borrower, r.township, r.village) for r in [*ours, *theirs]]


def last_entry(
    engine: Engine, camp_code: str, team: str, entered_by: str
) -> tuple[datetime, tuple[str, ...]] | None:
    """When (camp local time) and with whom the last visit `entered_by` entered on /entry for
    `team` took place — what the next form starts from after a reload; None before any."""
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        row = s.execute(
            select(Visit.visited_at, Visit.members)
            .join(Team, Team.id == Visit.team_id)
            .where(Visit.camp_id == camp.id, Team.name == team, Visit.entered_by == entered_by,
                   Visit.source == "entry", Visit.voided_at.is_(None))
            .order_by(Visit.entered_at.desc(), Visit.id.desc())
            .limit(1)
        ).first()  # fmt: skip
        if row is None:
            return None
        return camp_calendar(camp).local(row.visited_at), tuple(row.members or ())


# ----------------------------------------------------------------------------- saving


@dataclass(frozen=True)
class EntrySaved:
    """One visit saved from the form: its id, and what it earned once the loan was replayed.

    `duplicate` is True when an identical visit was stored already (a double-clicked
    save): nothing new was stored, and the fields describe the stored one.
    """

    visit_id: int
    duplicate: bool
    points: int  # hundredths
    warnings: tuple[str, ...]
    counted: bool  # False while the standings are frozen


def save_visit(engine: Engine, camp_code: str, record: VisitRecord, actor: str) -> EntrySaved:
    """Store one visit through db.visits.record_visits; a second identical save stores nothing."""
    try:
        done = record_visits(engine, camp_code, [record], actor=actor, source="entry")
        stored = done.stored == 1
    except IntegrityError:  # an identical save committed between the check and the insert
        stored = False
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        v = s.scalars(
            select(Visit).where(Visit.camp_id == camp.id, Visit.fingerprint == fingerprint(record))
        ).one()
        return EntrySaved(v.id, not stored, v.points, tuple(v.warnings or ()),
                          visit_counts(camp, v))  # fmt: skip


def save_grid(
    engine: Engine,
    camp_code: str,
    rows: Sequence[Mapping[str, object]],
    actor: str,
    *,
    default_team: str | None = None,
    default_date: date | None = None,
) -> VisitsRecorded:
    """Store the grid's rows together, or none of them.

    Raises InputRejected with every bad row's problems (rows numbered as the grid shows
    them) — those the grid can see on its own and those that need the store — and
    stores nothing until all are right. Rows identical to a stored visit, or to an
    earlier row, are reported as duplicates and not stored again.
    """
    result = grid_records(rows, default_team=default_team, default_date=default_date)
    if not result.records:
        raise InputRejected(result.errors)
    return record_visits(
        engine, camp_code, result.records, actor=actor, source="entry", prior_errors=result.errors
    )


@dataclass
class VisitFileReport:
    """What an upload of a visit workbook did: its problems, and the result when written."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    done: VisitsRecorded | None = None

    @property
    def rejected(self) -> bool:
        return self.done is None


def import_visit_file(
    engine: Engine,
    camp_code: str,
    data: bytes,
    filename: str,
    *,
    skip_invalid: bool = False,
    actor: str,
) -> VisitFileReport:
    """Read visit records (xlsx, xls, csv; SPEC §5.4) and store them as `visits-import` does.

    All or nothing unless `skip_invalid`; duplicates of stored visits are warnings.
    """
    result = read_visit_records(data, filename)
    report = VisitFileReport(list(result.errors), list(result.warnings), result.rows_read)
    if any(p.row is None for p in result.errors):  # the file itself: nothing to skip to
        return report
    try:
        done = record_visits(
            engine, camp_code, result.records, actor=actor, source="import",
            skip_invalid=skip_invalid, prior_errors=result.errors,
        )  # fmt: skip
    except InputRejected as exc:
        report.errors = list(exc.problems)
        return report
    report.done = done
    report.errors = list(done.rejected)
    report.warnings += [*done.warnings, *done.duplicates]
    return report


# ----------------------------------------------------------------------------- today


def _day_bounds(cal: CampCalendar, day: date) -> tuple[datetime, datetime]:
    """[start, end) of a camp-local calendar date, in UTC."""
    start = cal.to_utc(datetime.combine(day, time()))
    return start, cal.to_utc(datetime.combine(day + timedelta(days=1), time()))


@dataclass(frozen=True)
class EntryRow:
    """A visit entered on the day, in camp local time, with what it earned."""

    id: int
    visited_at: datetime  # naive camp local time
    entered_at: datetime  # naive camp local time
    entered_by: str
    team: str
    loan_no: str
    borrower: str
    members: tuple[str, ...]
    contact: str
    principal_fen: int
    interest_fen: int
    ack: bool
    promise_date: date | None
    promise_amount_fen: int | None
    promise_method: str | None
    tactics: tuple[str, ...]
    notes: str | None
    points: int  # hundredths
    warnings: tuple[str, ...]
    quiet: bool
    night: bool
    period_day: int | None
    voided: bool
    void_reason: str | None
    appointment_at: datetime | None = None  # naive camp local time
    appointment_by: str | None = None
    agreed_by: str | None = None

    def as_form_values(self) -> dict[str, object]:
        """The fields core.entry.form_from_visit reads."""
        return {
            "team": self.team, "loan_no": self.loan_no, "visited_at": self.visited_at,
            "members": self.members, "contact": self.contact,
            "principal_fen": self.principal_fen, "interest_fen": self.interest_fen,
            "ack": self.ack, "promise_date": self.promise_date,
            "promise_amount_fen": self.promise_amount_fen,
            "promise_method": self.promise_method, "tactics": self.tactics, "notes": self.notes,
            "appointment_at": self.appointment_at, "appointment_by": self.appointment_by,
            "agreed_by": self.agreed_by,
        }  # fmt: skip


def todays_entries(
    engine: Engine,
    camp_code: str,
    *,
    team: str | None = None,
    on: date | None = None,
    now: datetime | None = None,
) -> list[EntryRow]:
    """The visits entered on a camp-local day (default: the day of `now`), newest first.

    Voided ones are listed too, marked, so a trainer sees what was taken back and why.
    """
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        cal = camp_calendar(camp)
        start, end = _day_bounds(cal, on or cal.local(now or utcnow()).date())
        stmt = (
            select(Visit, Team.name, LoanRow.loan_no, LoanRow.borrower)
            .join(Team, Team.id == Visit.team_id)
            .join(LoanRow, LoanRow.id == Visit.loan_id)
            .where(Visit.camp_id == camp.id, Visit.entered_at >= start, Visit.entered_at < end)
            .order_by(Visit.entered_at.desc(), Visit.id.desc())
        )
        if team:
            stmt = stmt.where(Team.name == team)

        def local(at: datetime) -> datetime:
            return cal.local(at).replace(tzinfo=None)

        return [
            EntryRow(
                id=v.id,
                visited_at=local(v.visited_at),
                entered_at=local(v.entered_at),
                entered_by=v.entered_by,
                team=team_name,
                loan_no=loan_no,
                borrower=borrower,
                members=tuple(v.members or ()),
                contact=v.contact,
                principal_fen=v.principal_fen,
                interest_fen=v.interest_fen,
                ack=v.ack,
                promise_date=v.promise_date,
                promise_amount_fen=v.promise_amount_fen,
                promise_method=v.promise_method,
                tactics=tuple(v.tactics or ()),
                notes=v.notes,
                points=v.points,
                warnings=tuple(v.warnings or ()),
                quiet=v.quiet,
                night=v.night,
                period_day=v.period_day,
                voided=v.voided_at is not None,
                void_reason=v.void_reason,
                appointment_at=local(v.appointment_at) if v.appointment_at else None,
                appointment_by=v.appointment_by,
                agreed_by=v.agreed_by,
            )  # fmt: skip
            for v, team_name, loan_no, borrower in s.execute(stmt)
        ]


@dataclass(frozen=True)
class AdjustmentRow:
    id: int
    team: str
    points: int  # hundredths
    reason: str
    at: datetime  # naive camp local time
    entered_by: str
    period_day: int | None
    voided: bool


def todays_adjustments(
    engine: Engine,
    camp_code: str,
    *,
    team: str | None = None,
    on: date | None = None,
    now: datetime | None = None,
) -> list[AdjustmentRow]:
    """The adjustments entered on a camp-local day (default: the day of `now`), newest first."""
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        cal = camp_calendar(camp)
        start, end = _day_bounds(cal, on or cal.local(now or utcnow()).date())
        stmt = (
            select(Adjustment, Team.name)
            .join(Team, Team.id == Adjustment.team_id)
            .where(
                Adjustment.camp_id == camp.id,
                Adjustment.entered_at >= start,
                Adjustment.entered_at < end,
            )
            .order_by(Adjustment.entered_at.desc(), Adjustment.id.desc())
        )
        if team:
            stmt = stmt.where(Team.name == team)
        return [
            AdjustmentRow(
                a.id,
                name,
                a.points,
                a.reason,
                cal.local(a.at).replace(tzinfo=None),
                a.entered_by,
                a.period_day,
                a.voided_at is not None,
            )  # fmt: skip
            for a, name in s.execute(stmt)
        ]


# ----------------------------------------------------------------------------- problems


@dataclass(frozen=True)
class ProblemRow:
    id: int
    text: str
    team: str | None
    loan_no: str | None
    borrower: str | None
    status: str  # open, closed
    raised_by: str
    raised_at: datetime  # naive camp local time
    closed_by: str | None
    closed_at: datetime | None
    resolution: str | None


def _problem_dict(p: FieldProblem) -> dict:
    return {
        "text": p.text, "team_id": p.team_id, "loan_id": p.loan_id, "status": p.status,
        "raised_by": p.raised_by, "closed_by": p.closed_by,
        "closed_at": p.closed_at.isoformat() if p.closed_at else None,
        "resolution": p.resolution,
    }  # fmt: skip


def raise_problem(
    engine: Engine,
    camp_code: str,
    text: str,
    actor: str,
    *,
    team: str | None = None,
    loan_no: str | None = None,
) -> int:
    """Record a problem met in the field (a dispute, a wrong address, ...); returns its id."""
    text = (text or "").strip()
    problems = [] if text else [Problem.coded(None, "问题", "problem.description_required")]
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        team_id = loan_id = None
        if team:
            team_id = s.scalar(select(Team.id).where(Team.camp_id == camp.id, Team.name == team))
            if team_id is None:
                problems.append(Problem.coded(None, "团队", "visit.unknown_team", team=team))
        if loan_no and loan_no.strip():
            loan_id = s.scalar(
                select(LoanRow.id).where(
                    LoanRow.camp_id == camp.id, LoanRow.loan_no == loan_no.strip()
                )
            )
            if loan_id is None:
                problems.append(
                    Problem.coded(None, "贷款账号", "visit.unknown_loan", loan_no=loan_no.strip())
                )
        if problems:
            raise InputRejected(problems)
        row = FieldProblem(camp_id=camp.id, team_id=team_id, loan_id=loan_id, text=text,
                           status="open", raised_by=actor, raised_at=utcnow())  # fmt: skip
        s.add(row)
        s.flush()
        uow.audit(actor, "problem.raise", "problem", camp_id=camp.id, entity_id=str(row.id),
               after=_problem_dict(row))  # fmt: skip
        uow.commit()
        return row.id


def close_problem(
    engine: Engine, camp_code: str, problem_id: int, resolution: str, actor: str
) -> None:
    """Close an open problem with what was done about it; the audit log keeps before and after."""
    resolution = (resolution or "").strip()
    if not resolution:
        raise InputRejected([Problem.coded(None, "处理结果", "problem.resolution_required")])
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        row = s.get(FieldProblem, problem_id)
        if row is None or row.camp_id != camp.id:
            raise UsageError.coded("usage.unknown_problem", problem=problem_id)
        if row.status == "closed":
            raise InputRejected(
                [Problem.coded(None, None, "problem.already_closed", problem=problem_id)]
            )
        before = _problem_dict(row)
        row.status, row.closed_by, row.closed_at = "closed", actor, utcnow()
        row.resolution = resolution
        s.flush()
        uow.audit(actor, "problem.close", "problem", camp_id=camp.id, entity_id=str(row.id),
               before=before, after=_problem_dict(row), reason=resolution)  # fmt: skip
        uow.commit()


def list_problems(
    engine: Engine, camp_code: str, *, status: str | None = None, team: str | None = None
) -> list[ProblemRow]:
    """The camp's field problems, open ones first, newest first within each status."""
    if status is not None and status not in PROBLEM_STATUSES:
        raise UsageError(f"unknown problem status: {status}")
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        tz = camp_calendar(camp).tz
        stmt = (
            select(FieldProblem, Team.name, LoanRow.loan_no, LoanRow.borrower)
            .outerjoin(Team, Team.id == FieldProblem.team_id)
            .outerjoin(LoanRow, LoanRow.id == FieldProblem.loan_id)
            .where(FieldProblem.camp_id == camp.id)
            .order_by(
                FieldProblem.status.desc(), FieldProblem.raised_at.desc(), FieldProblem.id.desc()
            )  # fmt: skip
        )
        if status:
            stmt = stmt.where(FieldProblem.status == status)
        if team:
            stmt = stmt.where(Team.name == team)

        def local(at: datetime | None) -> datetime | None:
            return at.astimezone(tz).replace(tzinfo=None) if at else None

        return [
            ProblemRow(
                p.id,
                p.text,
                team_name,
                loan_no,
                borrower,
                p.status,
                p.raised_by,
                local(p.raised_at),
                p.closed_by,
                local(p.closed_at),
                p.resolution,
            )  # type: ignore[arg-type]  # fmt: skip
            for p, team_name, loan_no, borrower in s.execute(stmt)
        ]
