"""The camp's scope: which loans the camp works on; empty means all."""

from __future__ import annotations

import pytest

from core.errors import InputRejected
from core.scope import EMPTY_SCOPE, clean_scope, in_scope, is_everything

SCOPE = {"segments": ["涉农"], "aging_min": 91, "aging_max": 1095, "townships": ["石桥乡"]}


def test_an_empty_scope_takes_every_loan() -> None:
    assert in_scope({}, "个人", 0, "城关镇")
    assert in_scope(None, "个人", 5000, "城关镇")
    assert in_scope(EMPTY_SCOPE, "小微", 1, "任意乡")
    assert is_everything({}) and is_everything(EMPTY_SCOPE)


@pytest.mark.parametrize(
    ("segment", "days", "township", "inside"),
    [
        ("涉农", 91, "石桥乡", True),  # the bounds are inclusive
        ("涉农", 1095, "石桥乡", True),
        ("涉农", 90, "石桥乡", False),
        ("涉农", 1096, "石桥乡", False),
        ("小微", 200, "石桥乡", False),
        ("涉农", 200, "城关镇", False),
    ],
)
def test_a_loan_is_in_scope_only_when_segment_aging_and_township_all_fit(
    segment: str, days: int, township: str, inside: bool
) -> None:
    assert in_scope(SCOPE, segment, days, township) is inside
    assert not is_everything(SCOPE)


def test_a_bound_left_open_limits_nothing_on_that_side() -> None:
    scope = {"aging_min": None, "aging_max": 30}
    assert in_scope(scope, "个人", 0, "x") and in_scope(scope, "个人", None, "x")
    assert not in_scope(scope, "个人", 31, "x")


def test_a_scope_is_cleaned_into_the_stored_shape() -> None:
    cleaned = clean_scope({"segments": ["个人", "小微", "个人"], "aging_min": 30.0,
                           "townships": [" 石桥乡 ", "", "石桥乡"]})  # fmt: skip
    assert cleaned == {"segments": ["小微", "个人"], "aging_min": 30, "aging_max": None,
                       "townships": ["石桥乡"]}  # fmt: skip


def test_an_unknown_segment_a_negative_bound_and_an_empty_range_are_each_named() -> None:
    with pytest.raises(InputRejected) as exc:
        clean_scope({"segments": ["农户"], "aging_min": -1, "aging_max": 2.5})
    assert [p.column for p in exc.value.problems] == ["segments", "aging_min", "aging_max"]
    with pytest.raises(InputRejected) as exc:
        clean_scope({"aging_min": 181, "aging_max": 90})
    assert [str(p) for p in exc.value.problems] == ["column aging_max: the range 181–90 is empty"]
