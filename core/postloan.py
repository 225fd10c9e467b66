"""The post-loan tasks a camp leaves behind when it closes (SPEC §4.9).

Pure rules: the store gathers each loan's state at the close date C into a
`LoanAtClose`, and `tasks_at_close` says which tasks it gets, with their kinds, due
dates and reasons, exactly by the table of §4.9.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from core.loans import LimitationStatus, add_years, limitation_status
from core.money import format_yuan

UNWILLING_ABLE = "无意愿有能力"
UNWILLING_UNABLE = "无意愿无能力"
LOST_CONTACT = "失联"


@dataclass(frozen=True)
class Promise:
    """The loan's latest complete promise (the last one made) and what followed it."""

    made_on: date  # the day of the visit that got the promise
    due: date
    amount_fen: int
    collected_after_fen: int  # collected after the promise's visit, up to the end of `due`


@dataclass(frozen=True)
class LoanAtClose:
    loan_no: str
    owner: str  # the loan's 客户经理, "" if none
    principal_fen: int
    interest_fen: int
    written_off: bool
    limitation_expiry: date  # with the camp's payments and signed acknowledgements
    in_litigation: bool
    has_guarantors: bool
    guarantee_end: date | None
    judgment_due_on: date | None
    customer_types: frozenset[str] = frozenset()
    promise: Promise | None = None


@dataclass(frozen=True)
class Task:
    loan_no: str
    owner: str
    kind: str
    due: date
    reason: str


def owing(loan: LoanAtClose) -> bool:
    return loan.principal_fen > 0 or loan.interest_fen > 0


def tasks_at_close(loan: LoanAtClose, close: date) -> list[Task]:
    """The tasks of one loan at close date C; none for a loan that owes nothing."""
    if not owing(loan):
        return []
    out: list[tuple[str, date, str]] = []
    p = loan.promise
    if p is not None and p.due >= close:
        out.append(
            (
                "promise_followup",
                p.due,
                f"客户承诺 {p.due.isoformat()} 还款 {format_yuan(p.amount_fen)} 元，到期跟进",
            )
        )
    elif p is not None and p.collected_after_fen < p.amount_fen:
        out.append(
            (
                "broken_promise",
                close + timedelta(days=3),
                f"承诺 {p.due.isoformat()} 还款 {format_yuan(p.amount_fen)} 元，"
                f"实收 {format_yuan(p.collected_after_fen)} 元：违约，重新谈判",
            )
        )
    if not loan.in_litigation:
        status = limitation_status(loan.limitation_expiry, close)
        lost = LOST_CONTACT in loan.customer_types
        how = "（下落不明：可登报公告催收，时效规定第8条）" if lost else ""
        if status is LimitationStatus.EXPIRED:
            out.append(
                (
                    "get_ack",
                    close,
                    f"诉讼时效已于 {loan.limitation_expiry.isoformat()} 届满："
                    f"取得签收的催收通知书，视为放弃时效抗辩{how}",
                )
            )
        elif status is LimitationStatus.URGENT:
            out.append(
                (
                    "get_ack",
                    max(close, loan.limitation_expiry - timedelta(days=30)),
                    f"诉讼时效 {loan.limitation_expiry.isoformat()} 届满：到期前取得签收回执{how}",
                )
            )
    if loan.has_guarantors and loan.guarantee_end is not None and loan.guarantee_end >= close:
        out.append(
            (
                "guarantor_demand",
                max(close, loan.guarantee_end - timedelta(days=30)),
                f"保证期间 {loan.guarantee_end.isoformat()} 届满：期内向保证人主张权利",
            )
        )
    if loan.judgment_due_on is not None:
        deadline = add_years(loan.judgment_due_on, 2)
        if deadline >= close:
            out.append(
                (
                    "enforcement",
                    max(close, deadline - timedelta(days=60)),
                    f"申请执行期限 {deadline.isoformat()} 届满：及时申请强制执行",
                )
            )
    if UNWILLING_ABLE in loan.customer_types:
        out.append(("legal_review", close + timedelta(days=30), "有能力无意愿：评估诉讼"))
    if UNWILLING_UNABLE in loan.customer_types or LOST_CONTACT in loan.customer_types:
        out.append(("writeoff_review", close + timedelta(days=60), "无能力或失联：评估核销"))
    if not out:
        days = 90 if loan.written_off else 30
        out.append(("inspection", close + timedelta(days=days), "贷后检查"))
    return [Task(loan.loan_no, loan.owner, kind, due, reason) for kind, due, reason in out]


def task_order(task: Task) -> tuple[date, str, str]:
    """`tasks` prints by due date, loan number, kind (SPEC §5.1)."""
    return (task.due, task.loan_no, task.kind)


# --- the task board (SPEC §4.9: due, overdue, done) ------------------------------------


def task_state(status: str, due: date, today: date) -> str:
    """ "done" once recorded done; an open task is "overdue" the day after its due date."""
    if status == "done":
        return "done"
    return "overdue" if due < today else "due"


def board_rows(tasks: Iterable[Any], today: date) -> list[dict[str, Any]]:
    """The board's rows of tasks (db.postloan.TaskRow), overdue first, then by due date.

    `rest` is the columns after state, due and kind: loan number, borrower, phone,
    village, balance (元), limitation expiry, watch level, reason, what was done.
    """
    order = {"overdue": 0, "due": 1, "done": 2}
    rows = []
    for t in tasks:
        state = task_state(t.status, t.due, today)
        place = " ".join(p for p in (t.township, t.village) if p)
        expiry = t.limitation_expiry.isoformat() if t.limitation_expiry else "–"
        rows.append({
            "state": state,
            "due": t.due.isoformat(),
            "kind": t.kind,
            "rest": [t.loan_no, t.borrower, t.phone or "", place,
                     format_yuan(t.principal_fen + t.interest_fen), expiry, t.watch, t.reason,
                     t.done_note or ""],
            "_key": (order[state], t.due, t.loan_no, t.kind),
        })  # fmt: skip
    rows.sort(key=lambda r: r["_key"])
    for r in rows:
        del r["_key"]
    return rows
