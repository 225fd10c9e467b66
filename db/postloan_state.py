"""The loans of a closed camp as the post-loan work sees them (SPEC §4.9): balances after
the counted camp visits and the follow-ups, clocks (core.clocks), owners, open signals —
summed per loan in SQL, never one query per loan: owed interest only ever falls and
stops at zero, so the start minus the sums, floored at zero, is what a replay in time
order would give. Shared by db/closing.py, db/tasks.py and db/signals.py."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from core.clocks import Clocks, replay_clocks
from core.errors import InputRejected
from core.records import Problem
from core.roles import may
from core.scoring import BORROWER_ACK_CONTACTS
from db.clocks import TERM_COLUMNS, clock_events, loan_terms
from db.models import (
    Camp,
    FollowUp,
    Task,
    Visit,
    WarningSignal,
)
from db.models import Loan as LoanRow
from db.scoring import counted

CHUNK = 500
# Past this many loans the sums are taken over the whole camp in one query each
# instead of IN lists of 500.
WHOLE_CAMP = 2000
# A signed receipt with these records a demand or an acknowledgement; with the rest
# (未见到, 失联, 拒绝沟通, 到行还款) there is nobody to sign (as for camp visits, §5.4).
ACK_CONTACTS = ("见到本人", "见到家属", "见到保证人")


# ----------------------------------------------------------------------------- helpers


def refused(column: str | None, code: str, /, **params: object) -> InputRejected:
    """A refusal with a catalogue reason (core.reasons): shown in the user's language."""
    return InputRejected([Problem.coded(None, column, code, **params)])


def as_utc(value: Any) -> datetime | None:
    """An aggregate's time: SQLite may hand back the stored UTC text."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def chunks(ids: Sequence[Any]) -> Iterator[list[Any]]:
    ids = sorted(ids)
    for i in range(0, len(ids), CHUNK):
        yield ids[i : i + CHUNK]


def scoped(stmt: Select, column: Any, ids: Sequence[Any] | None) -> Iterator[Select]:
    """The statement for the whole camp (ids None), or once per chunk of ids."""
    if ids is None:
        yield stmt
        return
    for chunk in chunks(ids):
        yield stmt.where(column.in_(chunk))


def local_date(at: datetime, tz: ZoneInfo) -> date:
    return at.astimezone(tz).date()


@dataclass
class Moves:
    """What counted camp visits or follow-ups did to one loan, summed."""

    principal_fen: int = 0
    interest_fen: int = 0
    last_event: datetime | None = None  # the latest that paid or got a borrower's receipt


NO_MOVES = Moves()


def sum_moves(s: Session, stmt: Select, column: Any, ids: Sequence[int] | None) -> dict[int, Moves]:
    out: dict[int, Moves] = {}
    for part in scoped(stmt, column, ids):
        for loan_id, principal, interest, last in s.execute(part):
            out[loan_id] = Moves(int(principal or 0), int(interest or 0), as_utc(last))
    return out


def visit_moves(s: Session, camp: Camp, ids: Sequence[int] | None = None) -> dict[int, Moves]:
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
    return sum_moves(s, stmt, Visit.loan_id, ids)


def followup_moves(s: Session, camp: Camp, ids: Sequence[int] | None = None) -> dict[int, Moves]:
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
    return sum_moves(s, stmt, FollowUp.loan_id, ids)


@dataclass(frozen=True)
class LoanNow:
    principal_fen: int
    interest_fen: int
    clocks: Clocks  # read at the date asked for; camp visits (and follow-ups) included

    @property
    def limitation_expiry(self) -> date:
        return self.clocks.limitation.end


def loan_now(loan: Any, camp: Camp, events: list, at: date, *moves: Moves) -> LoanNow:
    """A loan's balances and clocks after the given moves and events (SPEC §4.4, §4.7)."""
    principal, interest = loan.principal_fen, loan.interest_fen
    for m in moves:
        principal -= m.principal_fen
        interest -= m.interest_fen
    clocks = replay_clocks(loan_terms(loan, camp), events, at)
    return LoanNow(max(0, principal), max(0, interest), clocks)


START_COLUMNS = (
    LoanRow.id,
    LoanRow.loan_no,
    LoanRow.manager,
    LoanRow.principal_fen,
    LoanRow.interest_fen,
    LoanRow.written_off,
    *TERM_COLUMNS,
)


def loan_states(s: Session, camp: Camp, loans: Mapping[int, Any], at: date) -> dict[int, LoanNow]:
    """Balances and clocks at `at` of these loans (rows with the START_COLUMNS)."""
    ids = None if len(loans) > WHOLE_CAMP else list(loans)
    visits, followups = visit_moves(s, camp, ids), followup_moves(s, camp, ids)
    events = clock_events(s, camp, ids)
    return {
        loan_id: loan_now(
            loan,
            camp,
            events.get(loan_id, []),
            at,
            visits.get(loan_id, NO_MOVES),
            followups.get(loan_id, NO_MOVES),
        )  # fmt: skip
        for loan_id, loan in loans.items()
    }


def open_signals(s: Session, camp: Camp, ids: Sequence[int] | None = None) -> dict[int, int]:
    stmt = (
        select(WarningSignal.loan_id, func.count())
        .where(WarningSignal.camp_id == camp.id, WarningSignal.closed_at.is_(None))
        .group_by(WarningSignal.loan_id)
    )
    out: dict[int, int] = {}
    for part in scoped(stmt, WarningSignal.loan_id, ids):
        out.update({loan_id: int(n) for loan_id, n in s.execute(part)})
    return out


def owners_of(s: Session, camp: Camp, managers: Mapping[int, str | None]) -> dict[int, str]:
    """Each loan's current owner: of its latest open task, else of its latest task, else
    its 客户经理 ("" if none)."""
    best: dict[int, tuple[tuple[bool, int], str]] = {}
    stmt = select(Task.loan_id, Task.id, Task.status, Task.owner).where(Task.camp_id == camp.id)
    ids = None if len(managers) > WHOLE_CAMP else list(managers)
    for part in scoped(stmt, Task.loan_id, ids):
        for loan_id, task_id, status, owner in s.execute(part):
            rank = (status == "open", task_id)
            if loan_id not in best or rank > best[loan_id][0]:
                best[loan_id] = (rank, owner)
    return {
        loan_id: best[loan_id][1] if loan_id in best else (manager or "")
        for loan_id, manager in managers.items()
    }


def check_actor(actor_role: str, what: str) -> None:
    """InputRejected unless the role may record post-loan work; `what` is `signals` or
    `followups` (the catalogue's post.role.* reasons)."""
    if not may(actor_role, "postloan.followup"):
        raise refused(None, f"post.role.{what}", role=actor_role)


def may_act(s: Session, camp: Camp, loan_id: int, manager: str | None, actor_role: str,
             actor_name: str) -> str:  # fmt: skip
    """The loan's current owner; InputRejected when a non-admin is not among its owners."""
    owner = owners_of(s, camp, {loan_id: manager})[loan_id]
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
        if not owner:
            raise refused(None, "post.tasks_no_owner", actor=actor_name)
        raise refused(None, "post.tasks_owner", owner=owner, actor=actor_name)
    return owner


def require_closed(camp: Camp, what: str) -> date:
    """The close date; InputRejected before the close. `what` is `signals`, `followups` or
    `refresh` (the catalogue's post.not_closed.* reasons)."""
    if camp.closed_on is None:
        raise refused(None, f"post.not_closed.{what}", code=camp.code)
    return camp.closed_on
