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

from core.clocks import GENERAL, JOINT, WARNING_EFFECTS, Clocks
from core.loans import LimitationStatus
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
    """One loan at the close date: balances after the counted camp visits and its clocks
    read at C by core.clocks.replay_clocks (camp visits included)."""

    loan_no: str
    owner: str  # the loan's 客户经理, "" if none
    principal_fen: int
    interest_fen: int
    written_off: bool
    clocks: Clocks
    customer_types: frozenset[str] = frozenset()
    promise: Promise | None = None


@dataclass(frozen=True)
class Task:
    """A task; `topic` tells apart two tasks of one kind on one loan (the store keeps it
    in the task's origin: "close", "close:guarantee", "close:enforcement")."""

    loan_no: str
    owner: str
    kind: str
    due: date
    reason: str
    topic: str = ""


#: Kinds that keep a legal deadline (limitation, guarantee period, enforcement): first.
DEADLINE_KINDS = frozenset({"get_ack", "guarantor_demand", "guarantor_followup", "enforcement"})
DEADLINE_TOPICS = frozenset({"guarantee", "enforcement"})
FAR_PROMISE_DAYS = 90  # a promise further than this after C does not replace the inspection
INSPECTION_DAYS, INSPECTION_WRITTEN_OFF_DAYS = 30, 90
ASSET_SEARCH_FIRST, ASSET_SEARCH_EVERY = 30, 180


def owing(loan: LoanAtClose) -> bool:
    return loan.principal_fen > 0 or loan.interest_fen > 0


def _d(d: date) -> str:
    return d.isoformat()


def ack_task(clocks: Clocks, day: date, lost: bool) -> tuple[date, str] | None:
    """The `get_ack` the borrower's limitation calls for on `day`: (due, reason), or None.

    Expired: due at once, only the borrower's own signature saves it (a waiver of the
    limitation defence); urgent: 30 days before the end, not before `day`. None in
    litigation, beyond the 20-year cap, or with more than 180 days to run. For a 失联
    borrower the reason names a newspaper notice while the clock runs (limitation rules
    art. 8) and, once expired, says to find the borrower (a notice revives nothing).
    """
    lim = clocks.limitation
    end = _d(lim.end)
    cap = "（二十年最长保护期）" if lim.capped else ""
    if lim.status is LimitationStatus.EXPIRED:
        how = "；下落不明：公告不能恢复时效，须找到借款人本人签收" if lost else ""
        mortgage = "；抵押贷款：主债权时效已届满，抵押权不再受保护（民法典第419条）" if (
            clocks.mortgage is not None) else ""  # fmt: skip
        return day, (
            f"诉讼时效已于 {end} 届满：只有借款人本人签收催收通知书（放弃时效抗辩）"
            f"才能保全，家属代签无效{how}{mortgage}"
        )
    if lim.status is LimitationStatus.URGENT:
        how = "；下落不明：可在国家级或省级报纸登报公告催收（时效规定第8条）" if lost else ""
        mortgage = "；抵押贷款：抵押权须在此前行使，届满后不再受保护（民法典第419条）" if (
            clocks.mortgage is not None) else ""  # fmt: skip
        return max(day, lim.end - timedelta(days=30)), (
            f"诉讼时效 {end} 届满{cap}：届满前取得借款人或同住成年家属签收的回执{how}{mortgage}"
        )
    return None


def guarantor_demand_task(clocks: Clocks, day: date) -> tuple[date, str] | None:
    """A joint guarantee not demanded yet whose period is not over on `day` (ending on it
    is not over): demand within it, due 30 days before its end, not before `day`."""
    g = clocks.guarantee
    if g is None or g.type != JOINT or g.demand_on is not None or g.days < 0:
        return None
    assumed = "（保证方式按训练营默认）" if g.type_assumed else ""
    return max(day, g.end - timedelta(days=30)), (
        f"保证期间 {_d(g.end)} 届满：期内见到保证人并取得签收回执，否则保证人免责{assumed}"
    )


def tasks_at_close(loan: LoanAtClose, close: date) -> list[Task]:
    """The tasks of one loan at close date C (SPEC §4.9's table); none for a loan that
    owes nothing."""
    if not owing(loan):
        return []
    c = loan.clocks
    out: list[tuple[str, date, str, str]] = []
    replaces_inspection = False
    p = loan.promise
    if p is not None and p.due >= close:
        out.append(
            (
                "promise_followup",
                p.due,
                f"客户承诺 {_d(p.due)} 还款 {format_yuan(p.amount_fen)} 元，到期跟进",
                "",
            )
        )
        replaces_inspection = p.due <= close + timedelta(days=FAR_PROMISE_DAYS)
    elif p is not None and p.collected_after_fen < p.amount_fen:
        out.append(
            (
                "broken_promise",
                close + timedelta(days=3),
                f"承诺 {_d(p.due)} 还款 {format_yuan(p.amount_fen)} 元，"
                f"实收 {format_yuan(p.collected_after_fen)} 元：违约，重新谈判",
                "",
            )
        )
        replaces_inspection = True
    lost = LOST_CONTACT in loan.customer_types
    ack = ack_task(c, close, lost)
    if ack is not None:
        out.append(("get_ack", *ack, ""))
    demand = guarantor_demand_task(c, close)
    if demand is not None:
        out.append(("guarantor_demand", *demand, ""))
    g = c.guarantee
    if (g is not None and g.demand_on is not None and g.guarantor_expiry is not None
            and g.guarantor_status is not LimitationStatus.EXPIRED):  # fmt: skip
        out.append(
            (
                "guarantor_followup",
                max(close, g.guarantor_expiry - timedelta(days=180)),
                f"{_d(g.demand_on)} 已向保证人主张：保证债务诉讼时效 "
                f"{_d(g.guarantor_expiry)} 届满，届满前再次取得保证人签收或起诉",
                "",
            )
        )
    if g is not None and g.type == GENERAL and g.days >= 0 and not c.in_litigation:
        out.append(
            (
                "legal_review",
                max(close, g.end - timedelta(days=60)),
                f"一般保证：保证期间 {_d(g.end)} 届满前须对借款人起诉或申请仲裁，"
                "仅向保证人催收不足以保全",
                "guarantee",
            )
        )
    e = c.enforcement
    if e is not None and e.status == "open":
        out.append(
            (
                "enforcement",
                max(close, e.deadline - timedelta(days=60)),
                f"申请执行期限 {_d(e.deadline)} 届满：及时申请强制执行",
                "",
            )
        )
    elif e is not None and e.status == "lapsed":
        out.append(
            (
                "legal_review",
                close + timedelta(days=14),
                f"申请执行期限已于 {_d(e.deadline)} 届满且未申请执行："
                "核销前核查有无中断事由（履行、申请、承认）",
                "enforcement",
            )
        )
    elif e is not None and e.status == "terminated":
        out.append(
            (
                "asset_search",
                close + timedelta(days=ASSET_SEARCH_FIRST),
                "终结本次执行：查找可供执行的财产，发现后申请恢复执行（每 180 天）",
                "",
            )
        )
    if UNWILLING_ABLE in loan.customer_types:
        out.append(("legal_review", close + timedelta(days=30), "有能力无意愿：评估诉讼", ""))
    if UNWILLING_UNABLE in loan.customer_types or lost:
        out.append(("writeoff_review", close + timedelta(days=60), "无能力或失联：评估核销", ""))
    if not replaces_inspection and all(kind == "promise_followup" for kind, *_ in out):
        out.append(
            (
                "inspection",
                close + timedelta(days=inspection_days(loan.written_off)),
                "贷后检查",
                "",
            )
        )
    return [Task(loan.loan_no, loan.owner, kind, due, reason, topic)
            for kind, due, reason, topic in out]  # fmt: skip


def inspection_days(written_off: bool) -> int:
    return INSPECTION_WRITTEN_OFF_DAYS if written_off else INSPECTION_DAYS


def keeps_deadline(kind: str, topic: str) -> bool:
    """A task that keeps a legal deadline: limitation, guarantee period, enforcement."""
    return kind in DEADLINE_KINDS or (kind == "legal_review" and topic in DEADLINE_TOPICS)


# A legal deadline further away than this is not yet pressing: its task waits among the
# rest (by amount owed) instead of going before an inspection due next month.
DEADLINE_HORIZON_DAYS = 60


def task_priority(
    kind: str, topic: str, due: date, owed_fen: int, today: date | None = None
) -> tuple[int, int, int]:
    """Sort key of the board's priority: tasks keeping a legal deadline first, by due
    date, then amount owed; then the rest by amount owed (largest first), then due date.
    Given `today`, only deadlines due within DEADLINE_HORIZON_DAYS go first."""
    pressing = today is None or due <= today + timedelta(days=DEADLINE_HORIZON_DAYS)
    if keeps_deadline(kind, topic) and pressing:
        return (0, due.toordinal(), -owed_fen)
    return (1, -owed_fen, due.toordinal())


def task_order(task: Task) -> tuple[date, str, str]:
    """`tasks` prints by due date, loan number, kind (SPEC §5.1)."""
    return (task.due, task.loan_no, task.kind)


# --- the task board (SPEC §4.9: due, overdue, done) ------------------------------------


def task_state(status: str, due: date, today: date) -> str:
    """ "done" once recorded done; an open task is "overdue" the day after its due date."""
    if status == "done":
        return "done"
    return "overdue" if due < today else "due"


def topic_of(origin: str) -> str:
    """A task's topic from its stored origin ("close:guarantee" → "guarantee")."""
    head, _, topic = origin.partition(":")
    return topic if head == "close" else ""


def board_rows(tasks: Iterable[Any], today: date) -> list[dict[str, Any]]:
    """The board's rows of tasks (db.postloan.TaskRow): the open ones (due or overdue) by
    priority (`task_priority`: legal deadlines first, by due date; then amount owed),
    then the done ones.

    `priority` numbers the open tasks 1, 2, … in that order (None for a done task).
    `rest` is the columns after state, due and kind: loan number, borrower, phone,
    village, balance (元), limitation expiry, watch level, reason, what was done.
    """
    order = {"overdue": 0, "due": 1, "done": 2}
    rows = []
    for t in tasks:
        state = task_state(t.status, t.due, today)
        owed = t.principal_fen + t.interest_fen
        rank = task_priority(t.kind, topic_of(t.origin), t.due, owed, today)
        place = " ".join(p for p in (t.township, t.village) if p)
        expiry = t.limitation_expiry.isoformat() if t.limitation_expiry else "–"
        rows.append({
            "state": state,
            "due": t.due.isoformat(),
            "kind": t.kind,
            "rest": [t.loan_no, t.borrower, t.phone or "", place,
                     format_yuan(t.principal_fen + t.interest_fen), expiry, t.watch, t.reason,
                     t.done_note or ""],
            "deadline": keeps_deadline(t.kind, topic_of(t.origin)),
            "_key": (order[state] if state == "done" else 0, rank, t.loan_no, t.kind),
        })  # fmt: skip
    rows.sort(key=lambda r: r["_key"])
    n = 0
    for r in rows:
        del r["_key"]
        if r["state"] == "done":
            r["priority"] = None
        else:
            n += 1
            r["priority"] = n
    return rows


# --- the follow-up form (SPEC §4.4): what a signature or payment will not do ----------


def followup_cautions(clocks: Clocks) -> list[tuple[str, dict[str, str]]]:
    """What to say before a follow-up on this loan is saved, as reason codes of
    core/reasons.py with their parameters: an expired limitation (a relative's signature
    saves nothing, only the borrower's own is a waiver), the 20-year cap, a guarantee
    period lapsed without a demand (a guarantor's signature revives nothing), a general
    guarantee (a demand is not enough), and a mortgage's deadline (art. 419)."""
    out: list[tuple[str, dict[str, str]]] = []
    lim = clocks.limitation
    if lim.status is LimitationStatus.BEYOND:
        out.append(("post.caution.beyond", {"end": _d(lim.end)}))
    elif lim.status is LimitationStatus.EXPIRED:
        out.append(("post.caution.expired", {"end": _d(lim.end)}))
    g = clocks.guarantee
    if g is not None and g.status == "released":
        out.append(("post.caution.guarantee_released", {"end": _d(g.end)}))
    elif g is not None and g.type == GENERAL and g.status == "running":
        out.append(("post.caution.general_guarantee", {"end": _d(g.end)}))
    m = clocks.mortgage
    if m is not None and m.status in ("protected", "waived"):
        out.append(("post.caution.mortgage", {"end": _d(m.end)}))
    return out


def followup_effect_notes(clocks: Clocks, ref: str) -> list[str]:
    """Reason codes (core/reasons.py) of what the event `ref` ("followup:ID") did not do,
    for the saved message: a relative's signature after expiry, a guarantor's after the
    period lapsed, a payment after expiry, beyond the cap, a general-guarantee demand."""
    return [f"post.effect.{effect}" for r, _, effect in clocks.effects
            if r == ref and effect in WARNING_EFFECTS]  # fmt: skip
