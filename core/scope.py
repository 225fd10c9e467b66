"""The camp's scope, chosen on day 1: which loans the camp works on (SPEC §1, §3 /setup).

A scope is plain data, stored as the camp's JSON:
``{"segments": [...], "aging_min": int | None, "aging_max": int | None, "townships": [...]}``.
An empty list or a missing bound means "all". Loans outside the scope stay in the
store (a later scope may take them back) but leave the lists and the boards.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from core.errors import InputRejected
from core.records import SEGMENTS, Problem

EMPTY_SCOPE: dict[str, Any] = {
    "segments": [],
    "aging_min": None,
    "aging_max": None,
    "townships": [],
}


def in_scope(
    scope: Mapping[str, Any] | None, segment: str, days_overdue: int | None, township: str
) -> bool:
    """Whether a loan is in the camp's scope; bounds of the aging range are inclusive."""
    if not scope:
        return True
    segments = scope.get("segments") or ()
    if segments and segment not in segments:
        return False
    townships = scope.get("townships") or ()
    if townships and township not in townships:
        return False
    days = days_overdue or 0
    low, high = scope.get("aging_min"), scope.get("aging_max")
    if low is not None and days < low:
        return False
    return not (high is not None and days > high)


def is_everything(scope: Mapping[str, Any] | None) -> bool:
    """True when the scope leaves no loan out."""
    return clean_scope(scope or {}) == EMPTY_SCOPE


def _whole(value: object, key: str, problems: list[Problem]) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        problems.append(Problem.coded(None, key, "scope.not_days", value=repr(value)))
        return None
    if value < 0:
        problems.append(Problem.coded(None, key, "scope.negative", value=value))
        return None
    return value


def _texts(values: Iterable[object] | None) -> list[str]:
    seen: list[str] = []
    for value in values or ():
        text = str(value).strip()
        if text and text not in seen:
            seen.append(text)
    return seen


def clean_scope(raw: Mapping[str, Any]) -> dict[str, Any]:
    """The scope as stored: known segments, whole non-negative bounds with min ≤ max.

    Raises InputRejected listing every problem.
    """
    problems: list[Problem] = []
    segments = _texts(raw.get("segments"))
    unknown = [s for s in segments if s not in SEGMENTS]
    if unknown:
        problems.append(
            Problem.coded(
                None,
                "segments",
                "scope.unknown_segments",
                unknown=str(unknown),
                expected=", ".join(SEGMENTS),
            )  # fmt: skip
        )
    low = _whole(raw.get("aging_min"), "aging_min", problems)
    high = _whole(raw.get("aging_max"), "aging_max", problems)
    if low is not None and high is not None and low > high:
        problems.append(Problem.coded(None, "aging_max", "scope.empty_range", low=low, high=high))
    if problems:
        raise InputRejected(problems)
    return {
        "segments": [s for s in SEGMENTS if s in segments],
        "aging_min": low,
        "aging_max": high,
        "townships": _texts(raw.get("townships")),
    }
