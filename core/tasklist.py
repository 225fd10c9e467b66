"""The post-loan task list as the `tasks` command prints it (SPEC §5.1), and the rule of a
loan newly overdue in a list imported after the close (SPEC §4.9)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Protocol

TASK_FIELDS = ("loan_no", "owner", "kind", "due", "reason")

NEW_OVERDUE = "new_overdue"
NEW_OVERDUE_DAYS = 3
NEW_OVERDUE_REASON = "新发生逾期：第一时间联系客户，了解逾期原因，保全诉讼时效"


class TaskLike(Protocol):
    loan_no: str
    owner: str
    kind: str
    due: date
    reason: str


def task_key(task: TaskLike) -> tuple[date, str, str]:
    """Due date, then loan number, then kind (alphabetical), as `tasks` prints them."""
    return (task.due, task.loan_no, task.kind)


def render_tasks(camp: str, tasks: Iterable[TaskLike], fmt: str = "csv") -> str:
    """csv (a header row) or json (`{"camp": CODE, "tasks": [...]}`), in `task_key` order.

    The order is stable: tasks equal on all three keys keep the order given.
    """
    rows = [
        {
            "loan_no": t.loan_no,
            "owner": t.owner,
            "kind": t.kind,
            "due": t.due.isoformat(),
            "reason": t.reason,
        }
        for t in sorted(tasks, key=task_key)
    ]
    if fmt == "json":
        return json.dumps({"camp": camp, "tasks": rows}, ensure_ascii=False, indent=2) + "\n"
    if fmt != "csv":
        raise ValueError(f"unknown format: {fmt}")
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TASK_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def newly_overdue(days_overdue: int, previous_days_overdue: int | None) -> bool:
    """Overdue in this list, and not in the latest earlier list that had the loan
    (None: no earlier list had it)."""
    return days_overdue > 0 and (previous_days_overdue is None or previous_days_overdue <= 0)


def new_overdue_due(as_of: date) -> date:
    """A newly overdue loan is contacted within 3 days of the list's date (逾期第一时间)."""
    return as_of + timedelta(days=NEW_OVERDUE_DAYS)
