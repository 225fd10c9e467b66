"""Collection notices through the store (issue 17): templates, printed batches with their
numbers, receipts back, the notices not back, and a loan's bundle for the lawyers.

- Printing a batch is one unit of work: it locks the camp (db.uow), numbers its notices
  after the camp's highest sequence, logs the batch (who, when, the selection, the
  loans) and audits it. The unique (camp, seq) constraint is the backstop: two app
  replicas printing at once queue on the camp's lock and never share a number.
- Only the roles that may see personal data print (core.roles `notices.print`): the
  notices carry the borrower's full name and figures.
- A receipt back is recorded through the existing writes — a camp visit
  (db.entry.save_visit) or, after the close, a follow-up on the loan's task
  (db.tasks.record_followup) — with a signed receipt and the contact that says who
  signed; core.clocks then decides what it restarts. The notice is marked returned in
  a second unit: a retry of the same receipt stores no second visit (its fingerprint)
  and a receipt already recorded is refused with who recorded it, when.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, func, or_, select, update
from sqlalchemy.orm import Session

from core import clock
from core import research as rs
from core.clocks import Effect, event_effects
from core.errors import InputRejected, UsageError
from core.masking import mask_account, mask_name
from core.notice_pdf import LoanHeader, SentNotice, bundle_pdf
from core.notices import (
    BORROWER_NOTICE,
    DEFAULT_PLAN_SIZE,
    GUARANTOR_NOTICE,
    KINDS,
    SELECT_GUARANTORS,
    SELECT_PLAN,
    SELECT_TEAM,
    SELECT_URGENT,
    SELECTIONS,
    SIGNERS_OF,
    Figures,
    NoticeDoc,
    Selection,
    Template,
    borrower_notice_due,
    clock_history,
    default_template,
    guarantor_notice_due,
    guarantor_notice_possible,
    not_back,
    notice_doc,
    parse_short_number,
    receipt_contact,
    short_number,
    unknown_placeholders,
)
from core.records import Problem, VisitRecord
from core.roles import may
from db.camps import camp_local_today
from db.clocks import clock_events, loan_terms
from db.entry import save_visit
from db.evidence import list_for_loan
from db.models import (
    Camp,
    FollowUp,
    Notice,
    NoticeBatch,
    NoticeTemplate,
    Task,
    Team,
    Visit,
    utcnow,
)
from db.models import Loan as LoanRow
from db.postloan_state import START_COLUMNS, loan_states
from db.queries.research import research_data
from db.tasks import record_followup
from db.uow import UnitOfWork


def _refused(column: str | None, code: str, **params: object) -> InputRejected:
    return InputRejected([Problem.coded(None, column, code, **params)])


def _require(role: str | None, action: str) -> None:
    if not may(role, action):
        raise _refused(None, "notice.role", role=role or "—")


# ----------------------------------------------------------------------------- templates


def templates(engine: Engine, code: str) -> dict[str, Template]:
    """The camp's wording of each kind: the stored one, else the default."""
    with UnitOfWork(engine, code, write=False) as uow:
        rows = uow.session.scalars(
            select(NoticeTemplate).where(NoticeTemplate.camp_id == uow.camp.id)
        ).all()
        stored = {r.kind: Template(r.kind, r.title, r.body) for r in rows}
    return {k: stored.get(k) or default_template(k) for k in KINDS}


def save_template(
    engine: Engine, code: str, kind: str, title: str, body: str, *, actor: str, actor_role: str
) -> None:
    """Store the camp's wording of one kind (admin). Unknown placeholders, an empty
    title or body are refused with every problem at once; nothing is written then."""
    _require(actor_role, "notices.templates")
    title, body = (title or "").strip(), (body or "").strip()
    problems = []
    if kind not in KINDS:
        problems.append(Problem.coded(None, "kind", "notice.unknown_kind", kind=kind))
    if not title:
        problems.append(Problem.coded(None, "title", "notice.empty", what="title"))
    if not body:
        problems.append(Problem.coded(None, "body", "notice.empty", what="body"))
    for name in unknown_placeholders(title + "\n" + body):
        problems.append(Problem.coded(None, "body", "notice.placeholder", name=name))
    if problems:
        raise InputRejected(problems)
    with UnitOfWork(engine, code) as uow:
        s, camp = uow.session, uow.camp
        row = s.scalars(
            select(NoticeTemplate).where(
                NoticeTemplate.camp_id == camp.id, NoticeTemplate.kind == kind
            )
        ).one_or_none()
        before = {"title": row.title, "body": row.body} if row else None
        if row is None:
            row = NoticeTemplate(camp_id=camp.id, kind=kind, title=title, body=body)
            s.add(row)
        row.title, row.body, row.updated_by, row.updated_at = title, body, actor, utcnow()
        uow.audit(
            actor,
            "notices.template",
            "notice_template",
            camp_id=camp.id,
            entity_id=kind,
            before=before,
            after={"title": title, "body": body},
        )
        uow.commit()


def return_days(engine: Engine, code: str) -> int:
    with UnitOfWork(engine, code, write=False) as uow:
        return int(uow.camp.notice_return_days or 7)


def set_return_days(engine: Engine, code: str, days: int, *, actor: str, actor_role: str) -> None:
    """After how many days a notice not back is listed (admin); 1 to 90."""
    _require(actor_role, "notices.templates")
    if not 1 <= int(days) <= 90:
        raise _refused("days", "notice.return_days", days=days)
    with UnitOfWork(engine, code) as uow:
        before = uow.camp.notice_return_days
        uow.camp.notice_return_days = int(days)
        uow.audit(
            actor,
            "notices.return_days",
            "camp",
            camp_id=uow.camp.id,
            before={"days": before},
            after={"days": int(days)},
        )
        uow.commit()


# ----------------------------------------------------------------------------- printing


@dataclass(frozen=True)
class PrintedBatch:
    batch_id: int
    docs: tuple[NoticeDoc, ...]

    @property
    def numbers(self) -> tuple[str, ...]:
        return tuple(d.number for d in self.docs)


_LOAN_COLUMNS = (*START_COLUMNS, LoanRow.borrower, LoanRow.team_id, LoanRow.guarantee)


def _plan_numbers(engine: Engine, code: str, team_id: int, day: int) -> list[str]:
    """A team's plan of one camp day: the stored one, else the prefilled one."""
    data = research_data(engine, code)
    stored = data.plans.get((day, team_id))
    if stored is not None:
        return stored
    views = rs.analyse(data.loans, data.date_of(day))
    return rs.prefill_plan(views, team_id, data.date_of(day), DEFAULT_PLAN_SIZE)


def _check_selection(sel: Selection, camp: Camp, teams: dict[str, int]) -> None:
    """Unknown team or day: UsageError (SPEC §5.1, exit 2); the rest InputRejected."""
    if sel.kind in (SELECT_TEAM, SELECT_PLAN) and sel.team not in teams:
        raise UsageError.coded("usage.unknown_team", team=sel.team or "—")
    if sel.kind == SELECT_PLAN and not (sel.day and camp.first_field_day <= sel.day <= camp.days):
        raise UsageError.coded("usage.no_field_day", day=sel.day or "—", code=camp.code)
    problems = []
    if sel.kind not in SELECTIONS:
        problems.append(Problem.coded(None, "select", "notice.unknown_selection", kind=sel.kind))
    if sel.kind == SELECT_GUARANTORS and not 0 <= sel.within_days <= 3650:
        problems.append(Problem.coded(None, "days", "notice.bad_within", days=sel.within_days))
    if problems:
        raise InputRejected(problems)


def print_batch(
    engine: Engine,
    code: str,
    selection: Selection,
    *,
    actor: str,
    actor_role: str,
    now: datetime | None = None,
) -> PrintedBatch:
    """Number and log the notices of a selection; their documents, in print order.

    Borrower notices go to loans still owing and not in litigation; guarantor notices
    (one per guarantor listed) to loans still owing whose joint-liability guarantee is
    open. A selection with nothing to send logs no batch and returns no document.
    """
    _require(actor_role, "notices.print")
    now = now or clock.now()
    with UnitOfWork(engine, code, write=False) as uow:
        camp = uow.camp
        teams = dict(
            uow.session.execute(select(Team.name, Team.id).where(Team.camp_id == camp.id)).all()
        )
    _check_selection(selection, camp, teams)
    plan: list[str] | None = None
    if selection.kind == SELECT_PLAN:
        plan = _plan_numbers(engine, code, teams[selection.team], selection.day)  # type: ignore[index, arg-type]
    kept = templates(engine, code)
    # the unit locks the camp: numbers are allocated one batch at a time
    with UnitOfWork(engine, code) as uow:
        s, camp = uow.session, uow.camp
        on = camp_local_today(camp, now)
        stmt = select(*_LOAN_COLUMNS).where(LoanRow.camp_id == camp.id)
        if selection.kind == SELECT_TEAM:
            stmt = stmt.where(LoanRow.team_id == teams[selection.team])  # type: ignore[index]
        if plan is not None:
            stmt = stmt.where(LoanRow.loan_no.in_(plan or [""]))
        loans = {r.id: r for r in s.execute(stmt.order_by(LoanRow.loan_no))}
        states = loan_states(s, camp, loans, on)
        order = list(loans)
        if plan is not None:
            rank = {no: i for i, no in enumerate(plan)}
            order.sort(key=lambda i: rank.get(loans[i].loan_no, len(rank)))
        wanted: list[tuple[Any, str, str]] = []  # (loan, kind, guarantor)
        for loan_id in order:
            loan, st = loans[loan_id], states[loan_id]
            if st.principal_fen + st.interest_fen <= 0:
                continue
            borrower = (
                borrower_notice_due(st.clocks)
                if selection.kind == SELECT_URGENT
                else selection.kind != SELECT_GUARANTORS and not st.clocks.in_litigation
            )
            if borrower:
                wanted.append((loan, BORROWER_NOTICE, ""))
            if selection.kind == SELECT_GUARANTORS:
                guarantor = guarantor_notice_due(st.clocks, selection.within_days)
            else:
                guarantor = selection.with_guarantors and guarantor_notice_possible(st.clocks)
            if guarantor:
                wanted += [(loan, GUARANTOR_NOTICE, g) for g in (loan.guarantors or []) if g]
        if not wanted:
            return PrintedBatch(0, ())
        seq = int(s.scalar(select(func.max(Notice.seq)).where(Notice.camp_id == camp.id)) or 0)
        batch = NoticeBatch(
            camp_id=camp.id,
            selection=selection.as_dict(),
            printed_by=actor,
            printed_at=now,
            count=len(wanted),
        )
        s.add(batch)
        s.flush()
        docs = []
        for loan, kind, guarantor in wanted:
            seq += 1
            st = states[loan.id]
            figures = Figures(
                loan.loan_no,
                loan.borrower,
                st.principal_fen,
                st.interest_fen,
                loan.maturity_date,
                guarantor,
            )
            number = short_number(camp.code, seq)
            s.add(
                Notice(
                    camp_id=camp.id,
                    batch_id=batch.id,
                    loan_id=loan.id,
                    seq=seq,
                    kind=kind,
                    addressee=guarantor or loan.borrower,
                    figures=figures.as_dict(),
                    printed_at=now,
                )
            )
            docs.append(
                notice_doc(kept[kind], figures, number=number, bank=camp.bank or camp.name, on=on)
            )
        uow.audit(
            actor,
            "notices.print",
            "notice_batch",
            camp_id=camp.id,
            entity_id=str(batch.id),
            after={
                "selection": selection.as_dict(),
                "count": len(docs),
                "numbers": [docs[0].number, docs[-1].number],
                "loans": sorted({loan.loan_no for loan, _, _ in wanted}),
            },
        )
        uow.commit()
        return PrintedBatch(batch.id, tuple(docs))


@dataclass(frozen=True)
class BatchRow:
    id: int
    printed_at: datetime
    printed_by: str
    count: int
    selection: dict
    first: str
    last: str
    returned: int


def batches(engine: Engine, code: str) -> list[BatchRow]:
    """The camp's printed batches, latest first: who, when, how many, how many back."""
    with UnitOfWork(engine, code, write=False) as uow:
        s, camp = uow.session, uow.camp
        rows = s.execute(
            select(
                NoticeBatch,
                func.min(Notice.seq),
                func.max(Notice.seq),
                func.count(Notice.visit_id) + func.count(Notice.followup_id),  # linked back
            )
            .join(Notice, Notice.batch_id == NoticeBatch.id)
            .where(NoticeBatch.camp_id == camp.id)
            .group_by(NoticeBatch.id)
            .order_by(NoticeBatch.id.desc())
        ).all()
        return [
            BatchRow(
                b.id,
                b.printed_at,
                b.printed_by,
                b.count,
                dict(b.selection or {}),
                short_number(camp.code, lo),
                short_number(camp.code, hi),
                int(back),
            )
            for b, lo, hi, back in rows
        ]


# ----------------------------------------------------------------------------- receipts


@dataclass(frozen=True)
class NoticeInfo:
    """A notice found by its number, as the receipt form shows it (unmasked: /entry)."""

    id: int
    number: str
    kind: str
    title: str
    addressee: str
    loan_no: str
    borrower: str
    team: str | None
    members: tuple[str, ...]
    printed_at: datetime
    printed_by: str
    figures: dict
    returned_at: datetime | None
    signed_by: str | None
    received_by: str | None
    closed_on: date | None
    timezone: str
    claimed_at: datetime | None = None
    visit_id: int | None = None
    followup_id: int | None = None

    @property
    def cut_off(self) -> bool:
        """Marked back, but its recording never reached its visit or follow-up and began
        long enough ago that nobody is still writing it: the server stopped in between."""
        if self.returned_at is None or self.visit_id is not None or self.followup_id is not None:
            return False
        return self.claimed_at is None or utcnow() - self.claimed_at > CLAIM_STALE

    @property
    def signers(self) -> tuple[str, ...]:
        return SIGNERS_OF[self.kind]


def find_notice(engine: Engine, code: str, text: str | None) -> NoticeInfo | None:
    """The notice of a typed or scanned short number of this camp, or None."""
    with UnitOfWork(engine, code, write=False) as uow:
        s, camp = uow.session, uow.camp
        seq = parse_short_number(text, camp.code)
        if seq is None:
            return None
        row = s.execute(
            select(
                Notice, NoticeBatch.printed_by, LoanRow.loan_no, LoanRow.borrower, LoanRow.team_id
            )
            .join(NoticeBatch, NoticeBatch.id == Notice.batch_id)
            .join(LoanRow, LoanRow.id == Notice.loan_id)
            .where(Notice.camp_id == camp.id, Notice.seq == seq)
        ).one_or_none()
        if row is None:
            return None
        n, printed_by, loan_no, borrower, team_id = row
        team = members = None
        if team_id is not None:
            t = s.get(Team, team_id)
            team, members = t.name, tuple(m.name for m in t.members)
        return NoticeInfo(
            id=n.id,
            number=short_number(camp.code, n.seq),
            kind=n.kind,
            title=templates_title(s, camp, n.kind),
            addressee=n.addressee,
            loan_no=loan_no,
            borrower=borrower,
            team=team,
            members=members or (),
            printed_at=n.printed_at,
            printed_by=printed_by,
            figures=dict(n.figures or {}),
            returned_at=n.returned_at,
            signed_by=n.signed_by,
            received_by=n.received_by,
            closed_on=camp.closed_on,
            timezone=camp.timezone,
            claimed_at=n.claimed_at,
            visit_id=n.visit_id,
            followup_id=n.followup_id,
        )


def templates_title(s: Any, camp: Camp, kind: str) -> str:
    title = s.scalar(
        select(NoticeTemplate.title).where(
            NoticeTemplate.camp_id == camp.id, NoticeTemplate.kind == kind
        )
    )
    return title or default_template(kind).title


@dataclass(frozen=True)
class ReceiptRecorded:
    number: str
    visit_id: int | None
    followup_id: int | None
    effects: tuple[Effect, ...]  # what core.clocks made of the signature
    warnings: tuple[str, ...] = ()


_TASK_KINDS = {
    BORROWER_NOTICE: ("get_ack",),
    GUARANTOR_NOTICE: ("guarantor_demand", "guarantor_followup"),
}


def record_receipt(
    engine: Engine,
    code: str,
    number: str,
    *,
    signed_by: str,
    signed_at: datetime,
    members: Sequence[str] = (),
    team: str | None = None,
    actor: str,
    actor_name: str,
    actor_role: str,
) -> ReceiptRecorded:
    """Record a signed receipt back: in the camp as a visit of the loan's team (or
    `team`) with its `members`, after the close as a follow-up on the loan's matching
    open task. `signed_at` is camp local wall time (naive) or aware."""
    _require(actor_role, "notices.print")
    info = find_notice(engine, code, number)
    if info is None:
        raise _refused("number", "notice.unknown_number", number=number)
    if info.returned_at is not None and not info.cut_off:
        tz = ZoneInfo(info.timezone)
        raise _refused(
            "number",
            "notice.already_back",
            number=info.number,
            at=f"{info.returned_at.astimezone(tz):%Y-%m-%d %H:%M}",
            who=info.signed_by or "",
            by=info.received_by or "",
        )
    try:
        contact = receipt_contact(info.kind, signed_by)
    except ValueError:
        raise _refused(
            "signed_by", "notice.wrong_signer", signer=signed_by, allowed="、".join(info.signers)
        ) from None
    tz = ZoneInfo(info.timezone)
    local = signed_at.astimezone(tz).replace(tzinfo=None) if signed_at.tzinfo else signed_at
    note = f"回执 {info.number}"
    returned_at = local.replace(tzinfo=tz)
    _claim(engine, code, info, returned_at, signed_by, actor_name or actor)
    visit_id = followup_id = None
    warnings: tuple[str, ...] = ()
    written = _written_before(engine, code, info, note) if info.cut_off else None
    try:
        if written is not None:  # cut off after its visit or follow-up: link that one
            visit_id, followup_id = written
        elif info.closed_on is not None and local.date() >= info.closed_on:
            followup_id = _followup(
                engine, code, info, contact, returned_at, note, actor, actor_name, actor_role
            )
        else:
            record = VisitRecord(
                row=1,
                visited_at=local.replace(second=0, microsecond=0),
                team=team or info.team or "",
                loan_no=info.loan_no,
                contact=contact,
                members=tuple(members),
                ack=True,
                notes=note,
            )
            saved = save_visit(engine, code, record, actor)
            visit_id, warnings = saved.visit_id, saved.warnings
    except BaseException:
        _release(engine, code, info)  # the visit or follow-up was refused: not back yet
        raise
    with UnitOfWork(engine, code) as uow:
        s, camp = uow.session, uow.camp
        s.execute(
            update(Notice)
            .where(Notice.id == info.id)
            .values(visit_id=visit_id, followup_id=followup_id)
            .execution_options(synchronize_session=False)
        )
        uow.audit(
            actor,
            "notices.receipt",
            "notice",
            camp_id=camp.id,
            entity_id=info.number,
            after={
                "loan_no": info.loan_no,
                "signed_by": signed_by,
                "signed_at": local.isoformat(),
                "visit_id": visit_id,
                "followup_id": followup_id,
            },
        )
        loan = s.execute(
            select(*START_COLUMNS).where(
                LoanRow.camp_id == camp.id, LoanRow.loan_no == info.loan_no
            )
        ).one()
        events = clock_events(s, camp, [loan.id]).get(loan.id, [])
        ref = f"visit:{visit_id}" if visit_id is not None else f"followup:{followup_id}"
        effects = tuple(e for r, _, e in event_effects(loan_terms(loan, camp), events) if r == ref)
        uow.commit()
    return ReceiptRecorded(info.number, visit_id, followup_id, effects, warnings)


# How long a receipt's recording may take between marking its notice back and linking its
# visit or follow-up; a claim older than this and still unlinked was cut off (the server
# stopped between the steps) and the receipt may be entered again.
CLAIM_STALE = timedelta(minutes=2)


def _claim(
    engine: Engine, code: str, info: NoticeInfo, at: datetime, signed_by: str, by: str
) -> None:
    """Mark the notice back before its visit is written: of two people entering the same
    receipt at once, the second is refused (a conditional update, not a read first). A
    claim that was cut off (`NoticeInfo.cut_off`) is taken over the same way: only if it
    is still the one that was read."""
    if info.cut_off:
        still = (
            Notice.claimed_at.is_(None)
            if info.claimed_at is None
            else (Notice.claimed_at == info.claimed_at)
        )
        free = (Notice.returned_at.is_not(None), Notice.visit_id.is_(None),
                Notice.followup_id.is_(None), still)  # fmt: skip
    else:
        free = (Notice.returned_at.is_(None),)
    with UnitOfWork(engine, code) as uow:
        done = uow.session.execute(
            update(Notice)
            .where(Notice.id == info.id, *free)
            .values(returned_at=at, signed_by=signed_by, received_by=by, claimed_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        if done.rowcount != 1:
            raise _refused(
                "number", "notice.already_back", number=info.number, at="—", who="—", by="—"
            )
        uow.commit()


def _written_before(
    engine: Engine, code: str, info: NoticeInfo, note: str
) -> tuple[int | None, int | None] | None:
    """The visit or follow-up a cut-off recording of this receipt had already written (its
    note names the receipt), so entering it again links that one instead of a second."""
    with UnitOfWork(engine, code, write=False) as uow:
        s, camp = uow.session, uow.camp
        loan_id = (
            select(LoanRow.id)
            .where(LoanRow.camp_id == camp.id, LoanRow.loan_no == info.loan_no)
            .scalar_subquery()
        )
        visit = s.scalar(
            select(Visit.id)
            .where(Visit.camp_id == camp.id, Visit.loan_id == loan_id, Visit.notes == note)
            .order_by(Visit.id)  # fmt: skip
        )
        if visit is not None:
            return visit, None
        followup = s.scalar(
            select(FollowUp.id)
            .where(FollowUp.camp_id == camp.id, FollowUp.loan_id == loan_id, FollowUp.notes == note)
            .order_by(FollowUp.id)  # fmt: skip
        )
        return (None, followup) if followup is not None else None


def _release(engine: Engine, code: str, info: NoticeInfo) -> None:
    with UnitOfWork(engine, code) as uow:
        uow.session.execute(
            update(Notice)
            .where(Notice.id == info.id, Notice.visit_id.is_(None), Notice.followup_id.is_(None))
            .values(returned_at=None, signed_by=None, received_by=None, claimed_at=None)
            .execution_options(synchronize_session=False)
        )
        uow.commit()


def _followup(
    engine: Engine,
    code: str,
    info: NoticeInfo,
    contact: str,
    at: datetime,
    note: str,
    actor: str,
    actor_name: str,
    actor_role: str,
) -> int:
    """After the close: a follow-up on the loan's open task that the receipt answers
    (get_ack for a borrower's, the guarantor demand for a guarantor's), else any."""
    with UnitOfWork(engine, code, write=False) as uow:
        rows = uow.session.execute(
            select(Task.id, Task.kind)
            .join(LoanRow, LoanRow.id == Task.loan_id)
            .where(
                Task.camp_id == uow.camp.id, LoanRow.loan_no == info.loan_no, Task.status == "open"
            )
            .order_by(Task.due, Task.id)
        ).all()
    matching = [tid for tid, kind in rows if kind in _TASK_KINDS[info.kind]]
    if not rows:
        raise _refused("number", "notice.no_task", loan_no=info.loan_no)
    task_id = (matching or [rows[0][0]])[0]
    return record_followup(
        engine,
        code,
        task_id,
        at=at,
        contact=contact,
        ack=True,
        notes=note,
        done=bool(matching),
        actor=actor,
        actor_name=actor_name,
        actor_role=actor_role,
    )


# ----------------------------------------------------------------------------- not back


@dataclass(frozen=True)
class NoticeOut:
    """A notice whose receipt has not come back after the camp's days (masked)."""

    team: str
    number: str
    loan_no: str  # masked
    addressee: str  # masked
    title: str
    printed_on: date
    days: int


def notices_not_back(engine: Engine, code: str, now: datetime | None = None) -> list[NoticeOut]:
    """Notices printed at least the camp's `notice_return_days` ago and not back, per team
    (team order, then number), masked for the projected summary (SPEC §4.10)."""
    now = now or clock.now()
    with UnitOfWork(engine, code, write=False) as uow:
        s, camp = uow.session, uow.camp
        tz = ZoneInfo(camp.timezone)
        days = int(camp.notice_return_days or 7)
        names = {}
        for t in s.execute(
            select(Team.id, Team.name, Team.position).where(Team.camp_id == camp.id)
        ):
            names[t.id] = (t.position, t.name)
        titles = {k: templates_title(s, camp, k) for k in KINDS}
        out = []
        for n, loan_no, team_id in s.execute(
            select(Notice, LoanRow.loan_no, LoanRow.team_id)
            .join(LoanRow, LoanRow.id == Notice.loan_id)
            .where(
                Notice.camp_id == camp.id,
                # a receipt marked back whose visit or follow-up was never written (its
                # recording cut off) is not back
                or_(
                    Notice.returned_at.is_(None),
                    and_(Notice.visit_id.is_(None), Notice.followup_id.is_(None)),
                ),
            )
        ):
            if not not_back(n.printed_at, None, now, days):
                continue
            pos, team = names.get(team_id, (10**6, ""))
            out.append(
                (
                    pos,
                    n.seq,
                    NoticeOut(
                        team=team,
                        number=short_number(camp.code, n.seq),
                        loan_no=mask_account(loan_no),
                        addressee=mask_name(n.addressee),
                        title=titles[n.kind],
                        printed_on=n.printed_at.astimezone(tz).date(),
                        days=(now - n.printed_at).days,
                    ),
                )
            )
        return [o for _, _, o in sorted(out, key=lambda x: (x[0], x[1]))]


# ----------------------------------------------------------------------------- bundle


def loan_bundle(
    engine: Engine,
    code: str,
    loan_no: str,
    *,
    actor_role: str,
    images: Sequence[tuple[str, bytes]] = (),
    evidence: Callable[[Session, int], Sequence[tuple[str, bytes]]] | None = None,
    lang: str = "zh",
    now: datetime | None = None,
) -> bytes:
    """One loan's file for the lawyers as a PDF (core.notice_pdf.bundle_pdf): its notices
    sent and receipts back, `images` (caption, bytes) of the signed receipts and slips,
    and its clock history at today. Full personal data: `notices.print` roles only.

    `evidence(session, loan_id)` reads the loan's attachments as (caption, bytes) pairs
    in the bundle's own read (default: db.evidence.list_for_loan, photos shown, PDF scans
    appended); they follow `images`."""
    _require(actor_role, "notices.print")
    now = now or clock.now()
    with UnitOfWork(engine, code, write=False) as uow:
        s, camp = uow.session, uow.camp
        tz = ZoneInfo(camp.timezone)
        loan = s.execute(
            select(*START_COLUMNS, LoanRow.borrower, LoanRow.id_number).where(
                LoanRow.camp_id == camp.id, LoanRow.loan_no == loan_no
            )
        ).one_or_none()
        if loan is None:
            raise _refused("loan_no", "notice.unknown_loan", loan_no=loan_no)
        at = camp_local_today(camp, now)
        state = loan_states(s, camp, {loan.id: loan}, at)[loan.id]
        events = clock_events(s, camp, [loan.id]).get(loan.id, [])
        history = clock_history(loan_terms(loan, camp), events, at)
        titles = {k: templates_title(s, camp, k) for k in KINDS}
        sent = []
        for n, printed_by in s.execute(
            select(Notice, NoticeBatch.printed_by)
            .join(NoticeBatch, NoticeBatch.id == Notice.batch_id)
            .where(Notice.camp_id == camp.id, Notice.loan_id == loan.id)
            .order_by(Notice.seq)
        ):
            f = Figures.from_dict(n.figures)
            linked = n.visit_id is not None or n.followup_id is not None
            sent.append(
                SentNotice(
                    number=short_number(camp.code, n.seq),
                    title=titles[n.kind],
                    addressee=n.addressee,
                    printed_at=n.printed_at.astimezone(tz),
                    printed_by=printed_by,
                    principal_fen=f.principal_fen,
                    interest_fen=f.interest_fen,
                    # back only once its visit or follow-up is written (not cut off)
                    returned_at=n.returned_at.astimezone(tz) if linked else None,
                    signed_by=n.signed_by if linked else None,
                    received_by=n.received_by if linked else None,
                )
            )
        read = evidence or _attachments
        images = [*images, *read(s, loan.id)]
        header = LoanHeader(
            camp_name=camp.name,
            bank=camp.bank or "",
            loan_no=loan.loan_no,
            borrower=loan.borrower,
            id_number=loan.id_number or "",
            maturity_date=loan.maturity_date,
            guarantors=tuple(loan.guarantors or ()),
            principal_fen=state.principal_fen,
            interest_fen=state.interest_fen,
            at=at,
        )
    return bundle_pdf(header, sent, images, history, lang=lang, generated_at=now.astimezone(tz))


def _attachments(s: Session, loan_id: int) -> list[tuple[str, bytes]]:
    """The loan's photos and scans (db.evidence) as the bundle takes them."""
    return [(e.caption, e.data) for e in list_for_loan(s, loan_id)]


def loans_with_notices(engine: Engine, code: str) -> list[str]:
    """Loan numbers that have at least one notice (the bundle's picker lists them first)."""
    with UnitOfWork(engine, code, write=False) as uow:
        return list(
            uow.session.scalars(
                select(LoanRow.loan_no)
                .join(Notice, Notice.loan_id == LoanRow.id)
                .where(Notice.camp_id == uow.camp.id)
                .group_by(LoanRow.loan_no)
                .order_by(LoanRow.loan_no)
            )
        )


__all__ = [
    "BatchRow",
    "NoticeInfo",
    "NoticeOut",
    "PrintedBatch",
    "ReceiptRecorded",
    "batches",
    "find_notice",
    "loan_bundle",
    "loans_with_notices",
    "notices_not_back",
    "print_batch",
    "record_receipt",
    "return_days",
    "save_template",
    "set_return_days",
    "templates",
]
