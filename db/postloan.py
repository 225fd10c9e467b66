"""The post-loan workflow in the store (SPEC §4.9), split along its seams (issue 16):
the close in db/closing.py, the tasks and follow-ups in db/tasks.py, the warning
signals in db/signals.py, the loans' state they share in db/postloan_state.py. This
module keeps the old import path for the pages and the command line.
"""

from db.closing import CloseResult, camp_today, close_camp, closed_on
from db.signals import (
    SIGNAL_ITEM,
    WatchRow,
    add_signal,
    close_signal,
    set_signal_kinds,
    signal_kinds,
    watch_list,
)
from db.tasks import (
    RefreshResult,
    TaskRow,
    add_new_overdue_tasks,
    followup_notes,
    list_tasks,
    overdue_count,
    reassign_tasks,
    record_followup,
    refresh_tasks,
    task_clocks,
    task_owners,
)

__all__ = [
    "SIGNAL_ITEM",
    "CloseResult",
    "RefreshResult",
    "TaskRow",
    "WatchRow",
    "add_new_overdue_tasks",
    "add_signal",
    "camp_today",
    "close_camp",
    "close_signal",
    "closed_on",
    "followup_notes",
    "list_tasks",
    "overdue_count",
    "reassign_tasks",
    "record_followup",
    "refresh_tasks",
    "set_signal_kinds",
    "signal_kinds",
    "task_clocks",
    "task_owners",
    "watch_list",
]
