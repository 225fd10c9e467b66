"""The roles of SPEC §2: who may do what, checked again before every write."""

from __future__ import annotations

import pytest

from core.roles import ACTIONS, may


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", set(ACTIONS)),
        (
            "trainer",
            {
                "visits.write",
                "adjust",
                "problems",
                "research.edit",
                "tactics.edit",
                "nominate",
                "vote",
                "postloan.followup",
                "notices.print",
                "evidence.attach",
            },
        ),  # fmt: skip
        ("manager", {"vote", "postloan.followup", "evidence.attach"}),
        ("screen", set()),
        (None, set()),
    ],
)
def test_each_role_may_do_exactly_what_the_spec_gives_it(role: str | None, allowed: set) -> None:
    assert {a for a in ACTIONS if may(role, a)} == allowed


def test_an_unknown_action_is_a_programming_error_not_a_silent_no() -> None:
    with pytest.raises(KeyError):
        may("admin", "no.such.action")
