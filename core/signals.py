"""Early-warning signals (贷后预警, SPEC §4.9): the editable list of kinds and the watch level.

A loan's watch level is the count of its open signals: 0 none, 1 watch, 2 or more alert.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.errors import InputRejected
from core.records import Problem

# SPEC §4.9, in the words a county branch uses; every camp edits its own list
DEFAULT_SIGNAL_KINDS: tuple[str, ...] = (
    "征信显示他行逾期",
    "涉诉或被列为失信被执行人",
    "保证人出现问题",
    "抵押物被查封或价值下降",
    "停产停业",
    "电话无法接通",
    "家庭变故",
    "自然灾害或产品价格下跌",
)
KIND_MAX = 100  # the width of warning_signals.kind and camp_items.name

NONE, WATCH, ALERT = 0, 1, 2


def watch_level(open_signals: int) -> int:
    """0 none, 1 watch, 2 alert (two or more open signals)."""
    return min(max(open_signals, 0), ALERT)


def clean_signal_kinds(kinds: Iterable[str]) -> list[str]:
    """The kinds as stored: trimmed, blank lines dropped, in the order given.

    Rows are numbered from 1 as given. Raises InputRejected for a kind longer than
    KIND_MAX characters or listed twice. An empty list is allowed: the camp then
    falls back to DEFAULT_SIGNAL_KINDS.
    """
    problems: list[Problem] = []
    out: list[str] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(kinds, start=1):
        kind = (raw or "").strip()
        if not kind:
            continue
        if len(kind) > KIND_MAX:
            problems.append(Problem.coded(number, "kind", "input.too_long", limit=KIND_MAX))
        elif kind in seen:
            problems.append(
                Problem.coded(number, "kind", "list.twice", name=kind, first=seen[kind])
            )
        else:
            seen[kind] = number
            out.append(kind)
    if problems:
        raise InputRejected(problems)
    return out
