"""The work plan on /postloan: one owner's open tasks, by priority, laid into the days and
weeks a person can do (core/taskplan.py). The plan is a view: due dates stay as they are."""

from __future__ import annotations

from datetime import date

import streamlit as st

from core.exports import table_xlsx
from core.money import format_yuan
from core.taskplan import (
    DEFAULT_PER_DAY,
    MAX_PER_DAY,
    WEEKEND,
    Planned,
    plan_groups,
    plan_summary,
    plan_tasks,
    sheet_rows,
)
from db.postloan import TaskRow
from pages import _ui as ui

SHEET = ("priority", "state", "due", "planned", "late", "kind", "loan_no", "borrower", "phone",
         "place", "owed", "limitation", "watch", "reason", "done_note")  # fmt: skip
SHEET_LABEL = {"planned": "plan.col.day", "late": "plan.col.late", "place": "post.col.village",
               "owed": "post.col.balance"}  # fmt: skip


def _keys(code: str) -> tuple[str, str]:
    return f"plan_per_day_{code}", f"plan_weekends_{code}"


def settings(code: str) -> tuple[int, frozenset[int]]:
    """Tasks a day and rest weekdays as the plan tab set them (defaults before)."""
    per_day, weekends = _keys(code)
    rest = frozenset() if st.session_state.get(weekends, False) else WEEKEND
    return int(st.session_state.get(per_day, DEFAULT_PER_DAY)), rest


def _day(d: date) -> str:
    return f"{d.month}月{d.day}日" if ui.lang() == "zh" else f"{d.month}/{d.day}"


def _rows(items: tuple[Planned, ...], with_day: bool) -> list[dict[str, object]]:
    deadline = ui.tr("post.priority.deadline")
    rows = []
    for p in items:
        t: TaskRow = p.task
        row: dict[str, object] = {
            ui.tr("post.col.priority"): f"{p.rank}{deadline if p.deadline else ''}"
        }
        if with_day:
            row[ui.tr("plan.col.day")] = _day(p.day)
        row |= {
            ui.tr("post.col.due"): t.due.isoformat(),
            ui.tr("plan.col.late"): ui.tr("plan.late") if p.late else "",
            ui.tr("post.col.kind"): ui.tr(f"post.kind.{t.kind}"),
            ui.tr("post.col.borrower"): t.borrower,
            ui.tr("post.col.balance"): format_yuan(t.principal_fen + t.interest_fen),
            ui.tr("post.col.loan_no"): t.loan_no,
            ui.tr("post.col.reason"): t.reason,
        }
        rows.append(row)
    return rows


def render(code: str, tasks: list[TaskRow], today: date) -> None:
    per_key, weekend_key = _keys(code)
    c1, c2 = st.columns(2)
    c1.number_input(ui.tr("plan.per_day"), min_value=1, max_value=MAX_PER_DAY,
                    value=DEFAULT_PER_DAY, step=1, key=per_key,
                    help=ui.tr("plan.per_day_help"))  # fmt: skip
    c2.checkbox(ui.tr("plan.weekends"), key=weekend_key)
    per_day, rest = settings(code)
    planned = plan_tasks(tasks, today, per_day, rest)
    if not planned:
        st.info(ui.tr("post.no_open"))
        return
    s = plan_summary(planned, today)
    st.caption(ui.tr("plan.summary", n=s.open, deadline=s.deadline, per_day=per_day,
                     days=s.work_days, last=s.last_day.isoformat()))  # fmt: skip
    if s.pushed_late:
        st.warning(ui.tr("plan.pushed_late", n=s.pushed_late, deadline=s.deadline_late))
    overdue = s.late - s.pushed_late
    if overdue:
        st.info(ui.tr("plan.overdue", n=overdue))
    for g in plan_groups(planned, today):
        if g.one_day and g.week == 1:
            st.markdown("**" + ui.tr(
                "plan.day", month=g.start.month, day=g.start.day, n=len(g.items),
                weekday=ui.tr(f"board.weekday.{g.start.weekday()}"),
                today=ui.tr("plan.today") if g.start == today else "",
            ) + "**")  # fmt: skip
            st.dataframe(_rows(g.items, False), hide_index=True, width="stretch")
            continue
        late = sum(p.late for p in g.items)
        note = ui.tr("plan.week_late", n=late) if late else ""
        label = ui.tr("plan.week", week=g.week, start=_day(g.start), end=_day(g.end),
                      n=len(g.items), late=note)  # fmt: skip
        with st.expander(label):
            st.dataframe(_rows(g.items, True), hide_index=True, width="stretch")


def workbook(code: str, owner: str, tasks: list[TaskRow], today: date) -> bytes:
    """The owner's tasks as a workbook: the open ones in plan order with their planned
    day, then the done ones; dates as dates and amounts as numbers with formats."""
    per_day, rest = settings(code)
    rows = sheet_rows(tasks, today, plan_tasks(tasks, today, per_day, rest))
    deadline = ui.tr("post.priority.deadline")
    header = [ui.tr(SHEET_LABEL.get(c, f"post.col.{c}")) for c in SHEET]
    out = []
    for r in rows:
        r = dict(r)
        r["state"] = ui.tr(f"post.state.{r['state']}")
        r["kind"] = ui.tr(f"post.kind.{r['kind']}")
        r["late"] = ui.tr("plan.xlsx.late") if r["late"] else ""
        if r["deadline"]:
            r["kind"] = f"{r['kind']}{deadline}"
        out.append([r[c] for c in SHEET])
    return table_xlsx(owner or ui.tr("post.no_owner"), header, out)
