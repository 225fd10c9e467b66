"""A manager's open tasks planned into days and weeks (issue 14 point 7, SPEC §4.9)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.exports import table_xlsx
from core.taskplan import (
    WEEKEND,
    plan_groups,
    plan_summary,
    plan_tasks,
    sheet_rows,
    working_days,
)

TODAY = date(2027, 1, 4)  # a Monday


@dataclass(frozen=True)
class T:
    loan_no: str
    kind: str = "inspection"
    due: date = TODAY + timedelta(days=30)
    principal_fen: int = 100_000
    interest_fen: int = 0
    origin: str = "close"
    status: str = "open"
    borrower: str = "张三"
    phone: str | None = "13800000000"
    township: str = "城关镇"
    village: str | None = "东风村"
    limitation_expiry: date | None = date(2027, 6, 30)
    watch: int = 0
    reason: str = "贷后检查"
    done_note: str | None = None


def many(n: int, **kw: object) -> list[T]:
    return [T(f"L{i:04d}", **kw) for i in range(n)]  # type: ignore[arg-type]


def test_legal_deadlines_come_first_then_the_largest_amounts_owed() -> None:
    tasks = [
        T("big", principal_fen=90_000_000),
        T("ack", kind="get_ack", due=TODAY + timedelta(days=40), principal_fen=100),
        T("guarantee", kind="guarantor_demand", due=TODAY + timedelta(days=10)),
        T("enforce", kind="legal_review", origin="close:enforcement", due=TODAY + timedelta(20)),
        T("small", principal_fen=5_000),
        T("review", kind="legal_review", principal_fen=50_000_000),
    ]
    order = [p.task.loan_no for p in plan_tasks(tasks, TODAY)]
    assert order == ["guarantee", "enforce", "ack", "big", "review", "small"]
    assert [p.rank for p in plan_tasks(tasks, TODAY)] == [1, 2, 3, 4, 5, 6]
    assert [p.deadline for p in plan_tasks(tasks, TODAY)] == [True] * 3 + [False] * 3


def test_each_day_holds_at_most_the_capacity_and_days_follow_each_other() -> None:
    plan = plan_tasks(many(20), TODAY, per_day=8)
    days = [p.day for p in plan]
    assert days.count(TODAY) == 8
    assert days.count(TODAY + timedelta(days=1)) == 8
    assert days.count(TODAY + timedelta(days=2)) == 4


def test_the_plan_leaves_due_dates_as_they_are_and_leaves_out_done_tasks() -> None:
    tasks = many(12, due=TODAY) + [T("done", status="done")]
    plan = plan_tasks(tasks, TODAY, per_day=5)
    assert "done" not in {p.task.loan_no for p in plan}
    assert {p.task.due for p in plan} == {TODAY}
    assert all(p.task is t for p, t in zip(plan, tasks, strict=False))


def test_a_task_planned_after_its_due_date_is_marked_late() -> None:
    plan = plan_tasks(many(3, due=TODAY), TODAY, per_day=2)
    assert [p.late for p in plan] == [False, False, True]
    overdue = plan_tasks([T("old", due=TODAY - timedelta(days=5))], TODAY)
    assert overdue[0].day == TODAY and overdue[0].late


def test_legal_deadlines_are_planned_by_their_due_date_whenever_the_capacity_allows() -> None:
    # 40 big inspections and 10 limitation tasks due over the next five days, 3 a day:
    # the deadline tasks take the first days, earliest due first, and none is late
    deadlines = [
        T(f"A{i}", kind="get_ack", due=TODAY + timedelta(days=1 + i // 2), principal_fen=1)
        for i in range(10)
    ]
    tasks = many(40, principal_fen=50_000_000) + deadlines
    plan = plan_tasks(tasks, TODAY, per_day=3)
    kept = [p for p in plan if p.deadline]
    assert len(kept) == 10
    assert not any(p.late for p in kept)
    assert max(p.day for p in kept) <= TODAY + timedelta(days=3)


def test_when_the_capacity_cannot_keep_them_the_plan_says_how_many_slip() -> None:
    tasks = [T(f"A{i}", kind="get_ack", due=TODAY + timedelta(days=1)) for i in range(10)]
    plan = plan_tasks(tasks, TODAY, per_day=4)
    summary = plan_summary(plan, TODAY)
    assert summary.deadline == 10
    assert summary.deadline_late == 2  # days 1 and 2 hold 8; the last 2 fall on day 3
    assert summary.pushed_late == 2
    assert summary.work_days == 3 and summary.last_day == TODAY + timedelta(days=2)


def test_rest_days_get_no_tasks() -> None:
    friday = date(2027, 1, 8)
    plan = plan_tasks(many(10), friday, per_day=4, rest_weekdays=WEEKEND)
    assert sorted({p.day for p in plan}) == [friday, date(2027, 1, 11), date(2027, 1, 12)]
    with pytest.raises(ValueError):
        next(working_days(friday, range(7)))


@pytest.mark.parametrize("per_day", [0, -1, 101])
def test_a_capacity_outside_one_to_a_hundred_is_refused(per_day: int) -> None:
    with pytest.raises(ValueError):
        plan_tasks(many(1), TODAY, per_day=per_day)


def test_a_wall_of_153_tasks_becomes_a_week_day_by_day_then_weeks() -> None:
    plan = plan_tasks(many(153, due=TODAY), TODAY, per_day=8, rest_weekdays=WEEKEND)
    groups = plan_groups(plan, TODAY)
    first = [g for g in groups if g.week == 1]
    assert [g.start for g in first] == [TODAY + timedelta(days=i) for i in range(5)]
    assert all(g.one_day and len(g.items) == 8 for g in first)
    later = [g for g in groups if g.week > 1]
    assert [g.week for g in later] == [2, 3, 4]
    assert later[0].start == TODAY + timedelta(days=7)
    assert later[0].end == TODAY + timedelta(days=13)
    assert [len(g.items) for g in later] == [40, 40, 33]
    assert sum(len(g.items) for g in groups) == 153
    assert plan_summary(plan, TODAY).work_days == 20


def test_no_open_task_gives_an_empty_plan() -> None:
    plan = plan_tasks([T("x", status="done")], TODAY)
    assert plan == [] and plan_groups(plan, TODAY) == []
    assert plan_summary(plan, TODAY).last_day is None


def test_the_owners_workbook_holds_dates_as_dates_and_amounts_as_numbers() -> None:
    tasks = [
        T("ack", kind="get_ack", due=TODAY - timedelta(days=3), principal_fen=8_464_288),
        T("done", status="done", done_note="已上门"),
        T("insp", interest_fen=50),
    ]
    rows = sheet_rows(tasks, TODAY, plan_tasks(tasks, TODAY, per_day=1))
    assert [r["loan_no"] for r in rows] == ["ack", "insp", "done"]
    assert [r["priority"] for r in rows] == [1, 2, None]
    assert [r["planned"] for r in rows] == [TODAY, TODAY + timedelta(days=1), None]
    assert [r["late"] for r in rows] == [True, False, False]
    assert rows[0]["owed"] == Decimal("84642.88") and rows[0]["deadline"]
    assert rows[0]["state"] == "overdue" and rows[2]["state"] == "done"
    keys = ["priority", "due", "planned", "owed", "limitation", "watch"]
    data = table_xlsx("孙经理", keys, [[r[k] for k in keys] for r in rows])
    sheet = load_workbook(io.BytesIO(data)).active
    priority, due, planned, owed, limitation, watch = sheet[2]
    assert priority.value == 1 and watch.value == 0
    assert due.value.date() == TODAY - timedelta(days=3) and due.number_format == "yyyy-mm-dd"
    assert planned.value.date() == TODAY and planned.number_format == "yyyy-mm-dd"
    assert limitation.value.date() == date(2027, 6, 30)
    assert owed.value == pytest.approx(84642.88) and owed.number_format == "#,##0.00"
