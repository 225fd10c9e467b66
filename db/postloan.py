"""The post-loan workflow in the store (SPEC §4.9): the close, tasks, follow-ups, signals.

The close is one transaction under the camp's row lock: it freezes the standings,
gathers every loan's state at the close date from the loan list and the counted camp
visits (core.postloan.LoanAtClose) and inserts the tasks `tasks_at_close` gives it.
Closing again does nothing; the unique (camp, loan, kind, origin) constraint backs
that up against two closes racing.

After the close a loan's balances and limitation clock move with the counted camp
visits and with the follow-ups its owners record (which are not camp visits and earn
no points). Both are summed per loan in SQL, never one query per loan: owed interest
only ever falls and stops at zero, so the start minus the sums, floored at zero, is
what a replay in time order would give.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, Select, and_, case, delete, exists, func, insert, or_, select
from sqlalchemy.orm import Session

from core import clock
from core.errors import InputRejected, UsageError
from core.loans import guarantee_period_end, limitation_expiry, limitation_start
from core.money import format_yuan
from core.postloan import LoanAtClose, Promise, tasks_at_close
from core.records import CONTACTS, Problem
from core.roles import may
from core.scoring import BORROWER_ACK_CONTACTS
from core.signals import DEFAULT_SIGNAL_KINDS, clean_signal_kinds, watch_level
from core.tasklist import NEW_OVERDUE, NEW_OVERDUE_REASON, new_overdue_due, newly_overdue
from db.models import (
    Adjustment,
    Camp,
    CampItem,
    FollowUp,
    LoanImport,
    LoanSnapshot,
    Task,
    Visit,
    WarningSignal,
    utcnow,
)
from db.models import Loan as LoanRow
from db.scoring import counted, rederive_camp, team_names
from db.services import _audit, _get_camp, bump_version, camp_local_today
from db.uow import UnitOfWork

CHUNK = 500
# Past this many loans the sums are taken over the whole camp in one query each
# instead of IN lists of 500.
WHOLE_CAMP = 2000
SIGNAL_ITEM = "signal"  # camp_items.kind of the camp's list of warning signals
# A signed receipt with these records a demand or an acknowledgement; with the rest
# (未见到, 失联, 拒绝沟通, 到行还款) there is nobody to sign (as for camp visits, §5.4).
ACK_CONTACTS = ("见到本人", "见到家属", "见到保证人")
SIGNAL_TASK_DAYS = 7


@dataclass(frozen=True)
class CloseResult:
    closed_on: date
    already_closed: bool
    tasks_created: int


@dataclass(frozen=True)
class TaskRow:
    id: int
    loan_no: str
    kind: str
    due: date
    reason: str
    owner: str
    origin: str
    status: str  # "open" or "done"
    done_at: datetime | None
    done_by: str | None
    done_note: str | None
    borrower: str  # unmasked: /postloan may show it to its roles
    phone: str | None
    township: str
    village: str | None
    principal_fen: int  # the balance now: the list, minus counted camp visits and follow-ups
    interest_fen: int  # owed interest now, floored at zero
    limitation_expiry: date | None  # now (camp visits and follow-ups included); None if sued
    watch: int  # open warning signals on the loan


@dataclass(frozen=True)
class WatchRow:
    loan_no: str
    borrower: str
    owner: str
    level: int  # 1 watch, 2 alert (2 or more open signals)
    signals: tuple[tuple[int, str, str], ...]  # (signal id, kind, note) of the open signals


# ----------------------------------------------------------------------------- helpers


def _rejected(reason: str, column: str | None = None) -> InputRejected:
    return InputRejected([Problem(None, column, reason)])


def _refused(column: str | None, code: str, **params: object) -> InputRejected:
    """A refusal with a catalogue reason (core.reasons): shown in the user's language."""
    return InputRejected([Problem.coded(None, column, code, **params)])


def _utc(value: Any) -> datetime | None:
    """An aggregate's time: SQLite may hand back the stored UTC text."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _chunks(ids: Sequence[Any]) -> Iterator[list[Any]]:
    ids = sorted(ids)
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def _scoped(stmt: Select, column: Any, ids: Sequence[Any] | None) -> Iterator[Select]:
    """The statement for the whole camp (ids None), or once per chunk of ids."""
    if ids is None:
        yield stmt
        return
    for chunk in _chunks(ids):
        yield stmt.where(column.in_(chunk))


def _local_date(at: datetime, tz: ZoneInfo) -> date:
    return at.astimezone(tz).date()


def _end_of_day(d: date, tz: ZoneInfo) -> datetime:
    """Camp-local 24:00 of `d`, as aware UTC."""
    return datetime.combine(d + timedelta(days=1), time(), tzinfo=tz).astimezone(UTC)


@dataclass
class _Moves:
    """What counted camp visits or follow-ups did to one loan, summed."""

    principal_fen: int = 0
    interest_fen: int = 0
    last_event: datetime | None = None  # the latest that paid or got a borrower's receipt


_NO_MOVES = _Moves()


def _moves(s: Session, stmt: Select, column: Any, ids: Sequence[int] | None) -> dict[int, _Moves]:
    out: dict[int, _Moves] = {}
    for part in _scoped(stmt, column, ids):
        for loan_id, principal, interest, last in s.execute(part):
            out[loan_id] = _Moves(int(principal or 0), int(interest or 0), _utc(last))
    return out


def _visit_moves(s: Session, camp: Camp, ids: Sequence[int] | None = None) -> dict[int, _Moves]:
    """Counted camp visits per loan: not voided and, while frozen, entered by the freeze."""
    event = or_(
        Visit.principal_fen > 0,
        Visit.interest_fen > 0,
        and_(Visit.ack, Visit.contact.in_(sorted(BORROWER_ACK_CONTACTS))),
    )
    stmt = (
        select(
            Visit.loan_id,
            func.sum(Visit.principal_fen),
            func.sum(Visit.interest_fen),
            func.max(case((event, Visit.visited_at), else_=None)),
        )
        .where(Visit.camp_id == camp.id, counted(camp))
        .group_by(Visit.loan_id)
    )
    return _moves(s, stmt, Visit.loan_id, ids)


def _followup_moves(s: Session, camp: Camp, ids: Sequence[int] | None = None) -> dict[int, _Moves]:
    event = or_(
        FollowUp.principal_fen > 0,
        FollowUp.interest_fen > 0,
        and_(FollowUp.ack, FollowUp.contact.in_(sorted(BORROWER_ACK_CONTACTS))),
    )
    stmt = (
        select(
            FollowUp.loan_id,
            func.sum(FollowUp.principal_fen),
            func.sum(FollowUp.interest_fen),
            func.max(case((event, FollowUp.at), else_=None)),
        )
        .where(FollowUp.camp_id == camp.id)
        .group_by(FollowUp.loan_id)
    )
    return _moves(s, stmt, FollowUp.loan_id, ids)


@dataclass(frozen=True)
class _Now:
    principal_fen: int
    interest_fen: int
    limitation_expiry: date  # also for a loan in litigation (the close needs a date)


def _loan_now(loan: Any, tz: ZoneInfo, *moves: _Moves) -> _Now:
    """A loan's balances and limitation expiry after the given moves (SPEC §4.4, §4.7)."""
    principal, interest, events = loan.principal_fen, loan.interest_fen, []
    for m in moves:
        principal -= m.principal_fen
        interest -= m.interest_fen
        if m.last_event is not None:
            events.append(_local_date(m.last_event, tz))
    start = limitation_start(loan.maturity_date, loan.last_payment_on, loan.last_ack_on, *events)
    return _Now(max(0, principal), max(0, interest), limitation_expiry(start))


_START_COLUMNS = (
    LoanRow.id,
    LoanRow.loan_no,
    LoanRow.manager,
    LoanRow.principal_fen,
    LoanRow.interest_fen,
    LoanRow.written_off,
    LoanRow.maturity_date,
    LoanRow.last_payment_on,
    LoanRow.last_ack_on,
    LoanRow.sued_on,
)


def _states(s: Session, camp: Camp, loans: Mapping[int, Any]) -> dict[int, _Now]:
    """Balances and limitation now of these loans (rows with the _START_COLUMNS)."""
    ids = None if len(loans) > WHOLE_CAMP else list(loans)
    visits, followups = _visit_moves(s, camp, ids), _followup_moves(s, camp, ids)
    tz = ZoneInfo(camp.timezone)
    return {
        loan_id: _loan_now(
            loan, tz, visits.get(loan_id, _NO_MOVES), followups.get(loan_id, _NO_MOVES)
        )
        for loan_id, loan in loans.items()
    }


def _open_signals(s: Session, camp: Camp, ids: Sequence[int] | None = None) -> dict[int, int]:
    stmt = (
        select(WarningSignal.loan_id, func.count())
        .where(WarningSignal.camp_id == camp.id, WarningSignal.closed_at.is_(None))
        .group_by(WarningSignal.loan_id)
    )
    out: dict[int, int] = {}
    for part in _scoped(stmt, WarningSignal.loan_id, ids):
        out.update({loan_id: int(n) for loan_id, n in s.execute(part)})
    return out


def _owners(s: Session, camp: Camp, managers: Mapping[int, str | None]) -> dict[int, str]:
    """Each loan's current owner: of its latest open task, else of its latest task, else
    its 客户经理 ("" if none)."""
    best: dict[int, tuple[tuple[bool, int], str]] = {}
    stmt = select(Task.loan_id, Task.id, Task.status, Task.owner).where(Task.camp_id == camp.id)
    ids = None if len(managers) > WHOLE_CAMP else list(managers)
    for part in _scoped(stmt, Task.loan_id, ids):
        for loan_id, task_id, status, owner in s.execute(part):
            rank = (status == "open", task_id)
            if loan_id not in best or rank > best[loan_id][0]:
                best[loan_id] = (rank, owner)
    return {
        loan_id: best[loan_id][1] if loan_id in best else (manager or "")
        for loan_id, manager in managers.items()
    }


def _check_actor(actor_role: str, what: str) -> None:
    if not may(actor_role, "postloan.followup"):
        raise _rejected(f"the role {actor_role} may not record {what}")


def _may_act(s: Session, camp: Camp, loan_id: int, manager: str | None, actor_role: str,
             actor_name: str) -> str:  # fmt: skip
    """The loan's current owner; InputRejected when a non-admin is not among its owners."""
    owner = _owners(s, camp, {loan_id: manager})[loan_id]
    if actor_role == "admin":
        return owner
    open_owners = set(
        s.scalars(
            select(Task.owner).where(
                Task.camp_id == camp.id, Task.loan_id == loan_id, Task.status == "open"
            )
        )
    )
    if actor_name != owner and actor_name not in open_owners:
        raise _rejected(f"the loan's tasks belong to {owner or '(no owner)'}, not {actor_name}")
    return owner


def _require_closed(camp: Camp, what: str) -> date:
    if camp.closed_on is None:
        raise _rejected(f"camp {camp.code} is not closed yet: {what} start after the close")
    return camp.closed_on


# ----------------------------------------------------------------------------- the close


def closed_on(engine: Engine, code: str) -> date | None:
    """The camp's close date, None while it runs (UsageError for an unknown camp)."""
    with UnitOfWork(engine, write=False) as uow:
        return _get_camp(uow.session, code).closed_on


def camp_today(engine: Engine, code: str, now: datetime | None = None) -> date:
    """Today in the camp's time zone: the close date when none is given."""
    with UnitOfWork(engine, write=False) as uow:
        return camp_local_today(_get_camp(uow.session, code), now)


def _freeze(s: Session, camp: Camp, now: datetime) -> bool:
    """Freeze the final standings at `now` unless frozen already; True when it froze.

    Writers hold the camp lock we hold, so nothing is entered after `now` — unless an
    app server's clock runs ahead; then the camp is re-derived as a freeze does.
    """
    if camp.frozen_at is not None:
        return False
    camp.frozen_at = now
    s.flush()
    later = s.scalar(
        select(
            or_(
                exists().where(Visit.camp_id == camp.id, Visit.entered_at > now),
                exists().where(Adjustment.camp_id == camp.id, Adjustment.entered_at > now),
            )
        )
    )
    if later:
        rederive_camp(s, camp)
    return True


def _promises(s: Session, camp: Camp) -> dict[int, Promise]:
    """Each loan's latest complete promise (replay order) and what its later visits
    collected up to camp-local 24:00 of the promised date."""
    tz = ZoneInfo(camp.timezone)
    names = team_names(s, camp)
    promising = and_(Visit.camp_id == camp.id, counted(camp), Visit.promise_complete)
    latest: dict[int, tuple[tuple[datetime, str, str], Any]] = {}
    for r in s.execute(
        select(
            Visit.loan_id,
            Visit.visited_at,
            Visit.team_id,
            Visit.fingerprint,
            Visit.promise_date,
            Visit.promise_amount_fen,
        ).where(promising)
    ):
        key = (r.visited_at, names[r.team_id], r.fingerprint)
        if r.loan_id not in latest or key > latest[r.loan_id][0]:
            latest[r.loan_id] = (key, r)
    if not latest:
        return {}
    collected: dict[int, int] = {}
    paying = s.execute(
        select(
            Visit.loan_id,
            Visit.visited_at,
            Visit.team_id,
            Visit.fingerprint,
            Visit.principal_fen + Visit.interest_fen,
        ).where(
            Visit.camp_id == camp.id,
            counted(camp),
            or_(Visit.principal_fen > 0, Visit.interest_fen > 0),
            Visit.loan_id.in_(select(Visit.loan_id).where(promising)),
        )
    )
    ends = {loan_id: _end_of_day(r.promise_date, tz) for loan_id, (_, r) in latest.items()}
    for loan_id, at, team_id, fingerprint, cash in paying:
        key, _ = latest[loan_id]
        at = _utc(at)
        if (at, names[team_id], fingerprint) > key and at < ends[loan_id]:
            collected[loan_id] = collected.get(loan_id, 0) + int(cash)
    return {
        loan_id: Promise(
            made_on=_local_date(r.visited_at, tz),
            due=r.promise_date,
            amount_fen=int(r.promise_amount_fen),
            collected_after_fen=collected.get(loan_id, 0),
        )
        for loan_id, (_, r) in latest.items()
    }


def _close_tasks(s: Session, camp: Camp, close: date, now: datetime) -> list[dict]:
    """The task rows of every loan of the camp at close date `close` (origin "close")."""
    tz = ZoneInfo(camp.timezone)
    loans = s.execute(
        select(
            *_START_COLUMNS,
            LoanRow.guarantors,
            LoanRow.guarantee_until,
            LoanRow.judgment_due_on,
            LoanRow.customer_type,
        ).where(LoanRow.camp_id == camp.id)
    ).all()
    visits = _visit_moves(s, camp)
    promises = _promises(s, camp)
    rows: list[dict] = []
    for loan in loans:
        state = _loan_now(loan, tz, visits.get(loan.id, _NO_MOVES))
        guarantors = bool(loan.guarantors)
        at_close = LoanAtClose(
            loan_no=loan.loan_no,
            owner=loan.manager or "",
            principal_fen=state.principal_fen,
            interest_fen=state.interest_fen,
            written_off=bool(loan.written_off),
            limitation_expiry=state.limitation_expiry,
            in_litigation=loan.sued_on is not None,
            has_guarantors=guarantors,
            guarantee_end=(
                guarantee_period_end(loan.maturity_date, loan.guarantee_until)
                if guarantors
                else None
            ),
            judgment_due_on=loan.judgment_due_on,
            customer_types=frozenset({loan.customer_type} if loan.customer_type else ()),
            promise=promises.get(loan.id),
        )
        for t in tasks_at_close(at_close, close):
            rows.append(
                {
                    "camp_id": camp.id, "loan_id": loan.id, "loan_no": t.loan_no,
                    "kind": t.kind, "due": t.due, "reason": t.reason, "owner": t.owner,
                    "origin": "close", "status": "open", "created_at": now,
                }
            )  # fmt: skip
    return rows


def close_camp(
    engine: Engine, code: str, close_on: date, actor: str = "cli", now: datetime | None = None
) -> CloseResult:
    """Close the camp at `close_on` (C): freeze the final standings and give every loan
    still owing its post-loan tasks (SPEC §4.9). Closing a closed camp does nothing.

    A close date after today in the camp (by `now`, core.clock) is rejected: the final
    standings would be frozen before the days they claim to cover.
    """
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = _get_camp(s, code, lock=True)
        if camp.closed_on is not None:
            return CloseResult(camp.closed_on, already_closed=True, tasks_created=0)
        today = camp_local_today(camp, now or clock.now())
        if close_on > today:
            raise InputRejected([Problem(None, "at", (
                f"{close_on.isoformat()} is after today in the camp ({today.isoformat()}): "
                "a camp cannot be closed ahead of time"))])  # fmt: skip
        now = utcnow()
        frozen_before = camp.frozen_at.isoformat() if camp.frozen_at else None
        froze = _freeze(s, camp, now)
        camp.closed_on = close_on
        s.flush()
        rows = _close_tasks(s, camp, close_on, now)
        if rows:
            s.connection().execute(insert(Task.__table__), rows)
        kinds: dict[str, int] = {}
        for r in rows:
            kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
        _audit(
            s, actor, "camp.close", "camp", camp_id=camp.id, entity_id=camp.code,
            before={"closed_on": None, "frozen_at": frozen_before},
            after={"closed_on": close_on.isoformat(), "frozen_at": camp.frozen_at.isoformat(),
                   "froze": froze, "tasks": len(rows), "kinds": dict(sorted(kinds.items()))},
        )  # fmt: skip
        bump_version(s, camp)
        uow.commit()
        return CloseResult(close_on, already_closed=False, tasks_created=len(rows))


# ----------------------------------------------------------------------------- reading


def list_tasks(
    engine: Engine, code: str, *, owner: str | None = None, status: str | None = None
) -> list[TaskRow]:
    """The camp's tasks, of one owner and/or status if given, by due date, loan number, kind;
    each with its loan's balances, limitation expiry and open signals now."""
    if status not in (None, "open", "done"):
        raise UsageError(f"unknown task status: {status} (open or done)")
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = _get_camp(s, code)
        stmt = (
            select(
                Task.id.label("task_id"), Task.kind, Task.due, Task.reason, Task.owner,
                Task.origin, Task.status, Task.done_at, Task.done_by, Task.done_note,
                LoanRow.borrower, LoanRow.phone, LoanRow.township, LoanRow.village,
                *_START_COLUMNS,
            )
            .join(LoanRow, LoanRow.id == Task.loan_id)
            .where(Task.camp_id == camp.id)
        )  # fmt: skip
        if owner is not None:
            stmt = stmt.where(Task.owner == owner)
        if status is not None:
            stmt = stmt.where(Task.status == status)
        rows = s.execute(stmt).all()
        loans = {r.id: r for r in rows}
        states = _states(s, camp, loans)
        watch = _open_signals(s, camp, None if len(loans) > WHOLE_CAMP else list(loans))
    out = []
    for r in rows:  # positional: a camp of 100,000 loans lists as many tasks
        now = states[r.id]
        out.append(TaskRow(
            r.task_id, r.loan_no, r.kind, r.due, r.reason, r.owner, r.origin, r.status,
            r.done_at, r.done_by, r.done_note, r.borrower, r.phone, r.township, r.village,
            now.principal_fen, now.interest_fen,
            None if r.sued_on else now.limitation_expiry, watch.get(r.id, 0),
        ))  # fmt: skip
    out.sort(key=lambda t: (t.due, t.loan_no, t.kind, t.id))
    return out


def overdue_count(engine: Engine, owner: str, today: date) -> int:
    """Open tasks due before `today`, over all camps, owned by that display name."""
    with UnitOfWork(engine, write=False) as uow:
        return int(
            uow.session.scalar(
                select(func.count())
                .select_from(Task)
                .where(Task.owner == owner, Task.status == "open", Task.due < today)
            )
            or 0
        )


def task_owners(engine: Engine, code: str) -> list[str]:
    """The distinct owners of the camp's tasks, sorted, "" (no owner) last."""
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = _get_camp(s, code)
        owners = set(s.scalars(select(Task.owner).where(Task.camp_id == camp.id).distinct()))
    return sorted(owners, key=lambda o: (o == "", o))


def watch_list(engine: Engine, code: str, owner: str | None = None) -> list[WatchRow]:
    """Loans with open warning signals (of one owner if given): alerts first, then by
    loan number."""
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = _get_camp(s, code)
        signals = s.execute(
            select(
                WarningSignal.id, WarningSignal.kind, WarningSignal.note, LoanRow.id,
                LoanRow.loan_no, LoanRow.borrower, LoanRow.manager,
            )
            .join(LoanRow, LoanRow.id == WarningSignal.loan_id)
            .where(WarningSignal.camp_id == camp.id, WarningSignal.closed_at.is_(None))
            .order_by(WarningSignal.id)
        ).all()  # fmt: skip
        loans: dict[int, Any] = {}
        by_loan: dict[int, list[tuple[int, str, str]]] = {}
        for signal_id, kind, note, loan_id, loan_no, borrower, manager in signals:
            loans[loan_id] = (loan_no, borrower, manager)
            by_loan.setdefault(loan_id, []).append((signal_id, kind, note or ""))
        owners = _owners(s, camp, {i: m for i, (_, _, m) in loans.items()})
    rows = [
        WatchRow(
            loan_no=loans[i][0],
            borrower=loans[i][1],
            owner=owners[i],
            level=watch_level(len(found)),
            signals=tuple(found),
        )
        for i, found in by_loan.items()
        if owner is None or owners[i] == owner
    ]
    rows.sort(key=lambda r: (-r.level, r.loan_no))
    return rows


# ----------------------------------------------------------------------------- writing


def reassign_tasks(
    engine: Engine, code: str, task_ids: Sequence[int], new_owner: str, actor: str
) -> int:
    """Give these tasks to `new_owner` (a user's display name); returns how many changed.

    The page lets only the admin do it (SPEC §2); the audit log keeps each task's
    owner before and after.
    """
    new_owner = (new_owner or "").strip()
    if not new_owner:
        raise _rejected("a new owner is required", "owner")
    ids = sorted({int(i) for i in task_ids})
    if not ids:
        return 0
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = _get_camp(s, code, lock=True)
        tasks = {
            t.id: t
            for part in _scoped(select(Task).where(Task.camp_id == camp.id), Task.id, ids)
            for t in s.scalars(part)
        }
        unknown = [i for i in ids if i not in tasks]
        if unknown:
            raise _rejected(f"unknown task(s) of camp {code}: {', '.join(map(str, unknown))}")
        before = {str(i): tasks[i].owner for i in ids if tasks[i].owner != new_owner}
        for i in before:
            tasks[int(i)].owner = new_owner
        if before:
            _audit(
                s, actor, "tasks.reassign", "task", camp_id=camp.id,
                entity_id=",".join(before)[:64], before={"owners": before},
                after={"owner": new_owner, "tasks": [int(i) for i in before]},
            )  # fmt: skip
            bump_version(s, camp)
        uow.commit()
        return len(before)


def record_followup(
    engine: Engine,
    code: str,
    task_id: int,
    *,
    at: datetime,
    contact: str,
    principal_fen: int = 0,
    interest_fen: int = 0,
    ack: bool = False,
    notes: str = "",
    done: bool = False,
    actor: str,
    actor_name: str,
    actor_role: str,
) -> int:
    """Record what an owner did on a task after the close; returns the follow-up's id.

    A payment lowers the loan's balances and, like a signed receipt of the borrower
    (见到本人 or 见到家属), restarts its limitation clock; it earns no points and is
    no camp visit. A non-admin records only on the tasks they own. `done` marks the
    task done with `notes` as what was done.
    """
    _check_actor(actor_role, "follow-ups")
    problems: list[Problem] = []
    if at.tzinfo is None or at.utcoffset() is None:
        problems.append(Problem.coded(None, "at", "post.needs_zone"))
    if contact not in CONTACTS:
        problems.append(Problem.coded(None, "contact", "post.unknown_contact", contact=contact))
    elif ack and contact not in ACK_CONTACTS:
        problems.append(Problem.coded(None, "ack", "post.ack_contact", contact=contact))
    if principal_fen < 0 or interest_fen < 0:
        problems.append(Problem.coded(None, "principal", "post.negative"))
    if problems:
        raise InputRejected(problems)
    notes = (notes or "").strip()
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = _get_camp(s, code, lock=True)
        close = _require_closed(camp, "follow-ups")
        task = s.scalars(
            select(Task).where(Task.id == task_id, Task.camp_id == camp.id).with_for_update()
        ).one_or_none()
        if task is None:
            raise _refused("task", "post.unknown_task", task=task_id, code=code)
        if actor_role != "admin" and task.owner != actor_name:
            raise _refused(None, "post.not_owner", task=task_id,
                           owner=task.owner or "—", actor=actor_name)  # fmt: skip
        tz = ZoneInfo(camp.timezone)
        if _local_date(at, tz) < close:
            raise _refused("at", "post.before_close", close=close.isoformat(),
                           day=_local_date(at, tz).isoformat())  # fmt: skip
        loan = s.execute(
            select(*_START_COLUMNS).where(LoanRow.id == task.loan_id).with_for_update()
        ).one()
        now_state = _states(s, camp, {loan.id: loan})[loan.id]
        if principal_fen > now_state.principal_fen:
            raise _refused("principal", "post.too_much", loan_no=loan.loan_no,
                           collected=format_yuan(principal_fen),
                           outstanding=format_yuan(now_state.principal_fen))  # fmt: skip
        follow = FollowUp(
            camp_id=camp.id, loan_id=loan.id, task_id=task.id, at=at, contact=contact,
            principal_fen=principal_fen, interest_fen=interest_fen, ack=ack, notes=notes,
            entered_by=actor, entered_at=utcnow(),
        )  # fmt: skip
        s.add(follow)
        if done and task.status != "done":
            task.status, task.done_at = "done", utcnow()
            task.done_by, task.done_note = actor_name, notes
        s.flush()
        _audit(
            s, actor, "followup.add", "followup", camp_id=camp.id, entity_id=str(follow.id),
            after={"task": task.id, "loan_no": loan.loan_no, "at": at.isoformat(),
                   "contact": contact, "principal_fen": principal_fen,
                   "interest_fen": interest_fen, "ack": ack, "notes": notes, "done": done},
        )  # fmt: skip
        bump_version(s, camp)
        uow.commit()
        return follow.id


def _signal_kinds(s: Session, camp: Camp) -> list[str]:
    stored = s.scalars(
        select(CampItem.name)
        .where(CampItem.camp_id == camp.id, CampItem.kind == SIGNAL_ITEM)
        .order_by(CampItem.position, CampItem.id)
    ).all()
    return list(stored) or list(DEFAULT_SIGNAL_KINDS)


def signal_kinds(engine: Engine, code: str) -> list[str]:
    """The camp's list of warning signals; SPEC §4.9's defaults until the camp edits it."""
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        return _signal_kinds(s, _get_camp(s, code))


def set_signal_kinds(engine: Engine, code: str, kinds: Sequence[str], actor: str) -> None:
    """Replace the camp's list of warning signals; an empty list restores the defaults.
    Signals already raised keep their kind."""
    cleaned = clean_signal_kinds(kinds)
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = _get_camp(s, code, lock=True)
        before = _signal_kinds(s, camp)
        s.execute(delete(CampItem).where(CampItem.camp_id == camp.id, CampItem.kind == SIGNAL_ITEM))
        s.add_all(
            CampItem(camp_id=camp.id, kind=SIGNAL_ITEM, name=kind, text="", position=i)
            for i, kind in enumerate(cleaned)
        )
        s.flush()
        _audit(s, actor, "items.signal", "camp", camp_id=camp.id, entity_id=camp.code,
               before={"items": before}, after={"items": _signal_kinds(s, camp)})  # fmt: skip
        bump_version(s, camp)
        uow.commit()


def add_signal(
    engine: Engine,
    code: str,
    loan_no: str,
    kind: str,
    note: str,
    *,
    at: datetime,
    actor: str,
    actor_name: str,
    actor_role: str,
) -> int:
    """Raise a warning signal on a loan; returns its id. The loan gets an `inspection`
    task due within 7 days, for its current owner (SPEC §4.9)."""
    _check_actor(actor_role, "warning signals")
    if at.tzinfo is None or at.utcoffset() is None:
        raise _rejected("the time needs its time zone", "at")
    note = (note or "").strip()
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = _get_camp(s, code, lock=True)
        _require_closed(camp, "warning signals")
        if kind not in _signal_kinds(s, camp):
            raise _rejected(f"{kind} is not in the camp's list of warning signals", "kind")
        loan = s.execute(
            select(LoanRow.id, LoanRow.loan_no, LoanRow.manager).where(
                LoanRow.camp_id == camp.id, LoanRow.loan_no == loan_no
            )
        ).one_or_none()
        if loan is None:
            raise _rejected(f"unknown loan {loan_no}", "loan_no")
        owner = _may_act(s, camp, loan.id, loan.manager, actor_role, actor_name)
        signal = WarningSignal(camp_id=camp.id, loan_id=loan.id, kind=kind, note=note,
                               raised_by=actor_name, raised_at=at)  # fmt: skip
        s.add(signal)
        s.flush()
        due = _local_date(at, ZoneInfo(camp.timezone)) + timedelta(days=SIGNAL_TASK_DAYS)
        task = Task(
            camp_id=camp.id, loan_id=loan.id, loan_no=loan.loan_no, kind="inspection", due=due,
            reason=f"预警信号：{kind}" + (f"（{note}）" if note else "") + "：7 日内贷后检查",
            owner=owner, origin=f"signal:{signal.id}", status="open", created_at=utcnow(),
        )  # fmt: skip
        s.add(task)
        s.flush()
        _audit(
            s, actor, "signal.add", "warning_signal", camp_id=camp.id, entity_id=str(signal.id),
            after={"loan_no": loan.loan_no, "kind": kind, "note": note, "at": at.isoformat(),
                   "task": task.id, "owner": owner, "due": due.isoformat()},
        )  # fmt: skip
        bump_version(s, camp)
        uow.commit()
        return signal.id


def close_signal(
    engine: Engine, code: str, signal_id: int, actor: str, actor_name: str, actor_role: str
) -> None:
    """Close an open warning signal: the loan's watch level falls by one."""
    _check_actor(actor_role, "warning signals")
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = _get_camp(s, code, lock=True)
        signal = s.scalars(
            select(WarningSignal).where(
                WarningSignal.id == signal_id, WarningSignal.camp_id == camp.id
            )
        ).one_or_none()
        if signal is None:
            raise _rejected(f"unknown warning signal {signal_id} of camp {code}", "signal")
        if signal.closed_at is not None:
            raise _rejected(f"warning signal {signal_id} is already closed", "signal")
        manager = s.scalar(select(LoanRow.manager).where(LoanRow.id == signal.loan_id))
        _may_act(s, camp, signal.loan_id, manager, actor_role, actor_name)
        signal.closed_at, signal.closed_by = utcnow(), actor_name
        s.flush()
        _audit(
            s, actor, "signal.close", "warning_signal", camp_id=camp.id,
            entity_id=str(signal.id), before={"closed_at": None},
            after={"closed_at": signal.closed_at.isoformat(), "closed_by": actor_name},
        )  # fmt: skip
        bump_version(s, camp)
        uow.commit()


# ----------------------------------------------------------------------------- later lists


def add_new_overdue_tasks(
    s: Session, camp: Camp, batch: LoanImport, values: Sequence[Mapping[str, Any]]
) -> int:
    """In the import's transaction: a `new_overdue` task for each loan of a list imported
    after the close that is overdue and was not in the latest earlier list (by as-of
    date, then import order) that had it; returns how many. A loan the camp's table does
    not hold yet is added to it (no team), so its task has a loan."""
    overdue = {v["loan_no"]: v for v in values if (v.get("days_overdue") or 0) > 0}
    if not overdue:
        return 0
    here = (batch.as_of, batch.id)
    earlier = {
        import_id: as_of
        for import_id, as_of in s.execute(
            select(LoanImport.id, LoanImport.as_of).where(
                LoanImport.camp_id == camp.id, LoanImport.id != batch.id
            )
        )
        if (as_of, import_id) < here
    }
    previous: dict[str, tuple[tuple[date, int], int]] = {}
    if earlier:
        stmt = select(
            LoanSnapshot.import_id, LoanSnapshot.loan_no, LoanSnapshot.days_overdue
        ).where(LoanSnapshot.import_id.in_(sorted(earlier)))
        for part in _scoped(stmt, LoanSnapshot.loan_no, list(overdue)):
            for import_id, loan_no, days in s.execute(part):
                key = (earlier[import_id], import_id)
                if loan_no not in previous or key > previous[loan_no][0]:
                    previous[loan_no] = (key, int(days or 0))
    fresh = [
        v
        for no, v in overdue.items()
        if newly_overdue(int(v["days_overdue"]), previous[no][1] if no in previous else None)
    ]
    if not fresh:
        return 0
    numbers = [v["loan_no"] for v in fresh]

    def held() -> dict[str, Any]:
        stmt = select(LoanRow.loan_no, LoanRow.id, LoanRow.manager).where(
            LoanRow.camp_id == camp.id
        )
        return {r.loan_no: r for part in _scoped(stmt, LoanRow.loan_no, numbers)
                for r in s.execute(part)}  # fmt: skip

    loans = held()
    now = utcnow()
    missing = [
        {**v, "camp_id": camp.id, "team_id": None, "import_id": batch.id, "created_at": now,
         "updated_at": now}
        for v in fresh if v["loan_no"] not in loans
    ]  # fmt: skip
    if missing:
        s.connection().execute(insert(LoanRow.__table__), missing)
        loans = held()
    due = new_overdue_due(batch.as_of)
    s.connection().execute(
        insert(Task.__table__),
        [
            {
                "camp_id": camp.id, "loan_id": loans[v["loan_no"]].id, "loan_no": v["loan_no"],
                "kind": NEW_OVERDUE, "due": due, "reason": NEW_OVERDUE_REASON,
                "owner": v.get("manager") or loans[v["loan_no"]].manager or "",
                "origin": f"import:{batch.id}", "status": "open", "created_at": now,
            }
            for v in fresh
        ],
    )  # fmt: skip
    return len(fresh)
