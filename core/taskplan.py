"""A manager's open post-loan tasks planned into days and weeks a person can do
(SPEC §4.9; issue 14 point 7).

The plan is a view: it never changes a task's due date. The open tasks are taken in
the board's priority order (`core.postloan.task_priority`: tasks keeping a legal
deadline — limitation, guarantee period, enforcement — due within 60 days first, by due
date, then amount owed; then the rest by amount owed) and laid into working days,
`per_day` tasks a day, from today on. Because the deadline tasks come first, earliest
due first, a legal deadline is planned on or before its due date whenever the capacity allows it (no
other order of those tasks would keep more of them). A task whose due date is earlier
than its planned day is marked late, so the manager sees at once what the capacity
cannot keep.

The first week (today and the six days after) is shown day by day; later weeks as
blocks of seven days.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Protocol

from core.money import fen_to_yuan
from core.postloan import keeps_deadline, task_priority, task_state, topic_of

DEFAULT_PER_DAY = 8
MAX_PER_DAY = 100
WEEK_DAYS = 7
SATURDAY, SUNDAY = 5, 6
WEEKEND = frozenset({SATURDAY, SUNDAY})


class PlanTask(Protocol):
    """What the plan reads of a task (db.postloan.TaskRow has it)."""

    kind: str
    origin: str
    due: date
    status: str
    loan_no: str
    principal_fen: int
    interest_fen: int


@dataclass(frozen=True)
class Planned:
    """One open task in the plan: its priority (1 = first), the day it is planned on,
    whether it keeps a legal deadline and whether its due date is before that day."""

    task: Any  # the PlanTask given
    rank: int
    day: date
    deadline: bool

    @property
    def late(self) -> bool:
        return self.task.due < self.day


@dataclass(frozen=True)
class PlanGroup:
    """A day of the first week, or a later week (days `start`..`end`, both included)."""

    week: int  # 1 for the first week
    start: date
    end: date
    items: tuple[Planned, ...]

    @property
    def one_day(self) -> bool:
        return self.start == self.end


@dataclass(frozen=True)
class PlanSummary:
    open: int  # open tasks planned
    work_days: int  # working days the plan needs
    last_day: date | None  # the day the last task is planned on
    deadline: int  # tasks keeping a legal deadline
    late: int  # planned after their due date (already overdue ones included)
    deadline_late: int  # of them, tasks keeping a legal deadline
    pushed_late: int  # not overdue today, but the capacity plans them after their due date


def working_days(start: date, rest_weekdays: Collection[int] = ()) -> Iterator[date]:
    """The days from `start` on that are not rest days (weekday numbers, Monday = 0)."""
    if len(set(rest_weekdays) & set(range(7))) == 7:
        raise ValueError("a plan needs at least one working day a week")
    day = start
    while True:
        if day.weekday() not in rest_weekdays:
            yield day
        day += timedelta(days=1)


def priority_key(
    task: PlanTask, today: date | None = None
) -> tuple[tuple[int, int, int], str, str]:
    """The board's priority of an open task, then loan number and kind (a stable order)."""
    owed = task.principal_fen + task.interest_fen
    return (task_priority(task.kind, topic_of(task.origin), task.due, owed, today),
            task.loan_no, task.kind)  # fmt: skip


def plan_tasks(
    tasks: Iterable[PlanTask],
    today: date,
    per_day: int = DEFAULT_PER_DAY,
    rest_weekdays: Collection[int] = (),
) -> list[Planned]:
    """The open tasks, in priority order, each planned on a working day from `today` on,
    at most `per_day` a day. Done tasks are left out; due dates are not touched."""
    if not 1 <= per_day <= MAX_PER_DAY:
        raise ValueError(f"tasks per day must be 1 to {MAX_PER_DAY}, not {per_day}")
    ordered = sorted((t for t in tasks if t.status != "done"), key=lambda t: priority_key(t, today))
    days = working_days(today, rest_weekdays)
    out: list[Planned] = []
    day = today
    for i, task in enumerate(ordered):
        if i % per_day == 0:
            day = next(days)
        out.append(Planned(task, i + 1, day, keeps_deadline(task.kind, topic_of(task.origin))))
    return out


def plan_groups(planned: Sequence[Planned], today: date) -> list[PlanGroup]:
    """The plan as the page shows it: each planned day of the first week (today and the
    six days after) on its own, then each later week of seven days; empty ones left out."""
    by_day: dict[date, list[Planned]] = {}
    for p in planned:
        by_day.setdefault(p.day, []).append(p)
    groups: list[PlanGroup] = []
    first_week_end = today + timedelta(days=WEEK_DAYS - 1)
    for day in sorted(d for d in by_day if d <= first_week_end):
        groups.append(PlanGroup(1, day, day, tuple(by_day[day])))
    weeks: dict[int, list[Planned]] = {}
    for day in sorted(d for d in by_day if d > first_week_end):
        weeks.setdefault((day - today).days // WEEK_DAYS + 1, []).extend(by_day[day])
    for week, items in sorted(weeks.items()):
        start = today + timedelta(days=(week - 1) * WEEK_DAYS)
        groups.append(PlanGroup(week, start, start + timedelta(days=WEEK_DAYS - 1), tuple(items)))
    return groups


def plan_summary(planned: Sequence[Planned], today: date) -> PlanSummary:
    late = [p for p in planned if p.late]
    return PlanSummary(
        open=len(planned),
        work_days=len({p.day for p in planned}),
        last_day=planned[-1].day if planned else None,
        deadline=sum(p.deadline for p in planned),
        late=len(late),
        deadline_late=sum(p.deadline for p in late),
        pushed_late=sum(p.task.due >= today for p in late),
    )


def sheet_rows(tasks: Iterable[Any], today: date, planned: Sequence[Planned]) -> list[dict]:
    """The owner's workbook (db.postloan.TaskRow's): the open tasks in plan order, then
    the done ones by due date — each cell typed for the sheet: dates as dates, the amount
    owed as Decimal 元, the priority and signals as integers (core.exports writes them as
    numbers and dates with number formats, never as formatted text)."""
    slot = {id(p.task): p for p in planned}
    done = sorted((t for t in tasks if id(t) not in slot),
                  key=lambda t: (t.due, t.loan_no, t.kind))  # fmt: skip
    rows = []
    for t in [p.task for p in planned] + done:
        p = slot.get(id(t))
        rows.append({
            "priority": p.rank if p else None,
            "deadline": keeps_deadline(t.kind, topic_of(t.origin)),
            "state": task_state(t.status, t.due, today),
            "due": t.due,
            "planned": p.day if p else None,
            "late": bool(p and p.late),
            "kind": t.kind,
            "loan_no": t.loan_no,
            "borrower": t.borrower,
            "phone": t.phone or "",
            "place": " ".join(x for x in (t.township, t.village) if x),
            "owed": fen_to_yuan(t.principal_fen + t.interest_fen),
            "limitation": t.limitation_expiry,
            "watch": t.watch,
            "reason": t.reason,
            "done_note": t.done_note or "",
        })  # fmt: skip
    return rows
