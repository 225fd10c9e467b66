"""Warning signals after the close (贷后预警, SPEC §4.9): the camp's editable list, raising
and closing a signal (a new one adds an inspection due within 7 days) and the loans by
watch level (core.signals.watch_level: 0 无, 1 预警, 2 or more 警报)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from core.signals import DEFAULT_SIGNAL_KINDS, clean_signal_kinds, watch_level
from db.models import (
    Camp,
    CampItem,
    Task,
    WarningSignal,
    utcnow,
)
from db.models import Loan as LoanRow
from db.postloan_state import (
    check_actor,
    local_date,
    may_act,
    owners_of,
    refused,
    require_closed,
)
from db.uow import UnitOfWork, find_camp

SIGNAL_ITEM = "signal"  # camp_items.kind of the camp's list of warning signals
SIGNAL_TASK_DAYS = 7


@dataclass(frozen=True)
class WatchRow:
    loan_no: str
    borrower: str
    owner: str
    level: int  # 1 watch, 2 alert (2 or more open signals)
    signals: tuple[tuple[int, str, str], ...]  # (signal id, kind, note) of the open signals


def watch_list(engine: Engine, code: str, owner: str | None = None) -> list[WatchRow]:
    """Loans with open warning signals (of one owner if given): alerts first, then by
    loan number."""
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = find_camp(s, code)
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
        owners = owners_of(s, camp, {i: m for i, (_, _, m) in loans.items()})
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
        return _signal_kinds(s, find_camp(s, code))


def set_signal_kinds(engine: Engine, code: str, kinds: Sequence[str], actor: str) -> None:
    """Replace the camp's list of warning signals; an empty list restores the defaults.
    Signals already raised keep their kind."""
    cleaned = clean_signal_kinds(kinds)
    with UnitOfWork(engine, code) as uow:
        s, camp = uow.session, uow.camp
        before = _signal_kinds(s, camp)
        s.execute(delete(CampItem).where(CampItem.camp_id == camp.id, CampItem.kind == SIGNAL_ITEM))
        s.add_all(
            CampItem(camp_id=camp.id, kind=SIGNAL_ITEM, name=kind, text="", position=i)
            for i, kind in enumerate(cleaned)
        )
        s.flush()
        uow.audit(actor, "items.signal", "camp", camp_id=camp.id, entity_id=camp.code,
               before={"items": before}, after={"items": _signal_kinds(s, camp)})  # fmt: skip
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
    check_actor(actor_role, "signals")
    if at.tzinfo is None or at.utcoffset() is None:
        raise refused("at", "post.needs_zone")
    note = (note or "").strip()
    with UnitOfWork(engine, code) as uow:
        s, camp = uow.session, uow.camp
        require_closed(camp, "signals")
        if kind not in _signal_kinds(s, camp):
            raise refused("kind", "signal.unknown_kind", kind=kind)
        loan = s.execute(
            select(LoanRow.id, LoanRow.loan_no, LoanRow.manager).where(
                LoanRow.camp_id == camp.id, LoanRow.loan_no == loan_no
            )
        ).one_or_none()
        if loan is None:
            raise refused("loan_no", "visit.unknown_loan", loan_no=loan_no)
        owner = may_act(s, camp, loan.id, loan.manager, actor_role, actor_name)
        signal = WarningSignal(camp_id=camp.id, loan_id=loan.id, kind=kind, note=note,
                               raised_by=actor_name, raised_at=at)  # fmt: skip
        s.add(signal)
        s.flush()
        due = local_date(at, ZoneInfo(camp.timezone)) + timedelta(days=SIGNAL_TASK_DAYS)
        task = Task(
            camp_id=camp.id, loan_id=loan.id, loan_no=loan.loan_no, kind="inspection", due=due,
            reason=f"预警信号：{kind}" + (f"（{note}）" if note else "") + "：7 日内贷后检查",
            owner=owner, origin=f"signal:{signal.id}", status="open", created_at=utcnow(),
        )  # fmt: skip
        s.add(task)
        s.flush()
        uow.audit(
            actor, "signal.add", "warning_signal", camp_id=camp.id, entity_id=str(signal.id),
            after={"loan_no": loan.loan_no, "kind": kind, "note": note, "at": at.isoformat(),
                   "task": task.id, "owner": owner, "due": due.isoformat()},
        )  # fmt: skip
        uow.commit()
        return signal.id


def close_signal(
    engine: Engine, code: str, signal_id: int, actor: str, actor_name: str, actor_role: str
) -> None:
    """Close an open warning signal: the loan's watch level falls by one."""
    check_actor(actor_role, "signals")
    with UnitOfWork(engine, code) as uow:
        s, camp = uow.session, uow.camp
        signal = s.scalars(
            select(WarningSignal).where(
                WarningSignal.id == signal_id, WarningSignal.camp_id == camp.id
            )
        ).one_or_none()
        if signal is None:
            raise refused("signal", "signal.unknown", signal=signal_id, code=code)
        if signal.closed_at is not None:
            raise refused("signal", "signal.closed", signal=signal_id)
        manager = s.scalar(select(LoanRow.manager).where(LoanRow.id == signal.loan_id))
        may_act(s, camp, signal.loan_id, manager, actor_role, actor_name)
        signal.closed_at, signal.closed_by = utcnow(), actor_name
        s.flush()
        uow.audit(
            actor, "signal.close", "warning_signal", camp_id=camp.id,
            entity_id=str(signal.id), before={"closed_at": None},
            after={"closed_at": signal.closed_at.isoformat(), "closed_by": actor_name},
        )  # fmt: skip
        uow.commit()
