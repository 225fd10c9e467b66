"""The post-loan tasks of SPEC §4.9, row by row of its table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.postloan import LoanAtClose, Promise, task_order, tasks_at_close

C = date(2026, 12, 20)
SAFE = LoanAtClose(
    loan_no="1001", owner="孙经理", principal_fen=100_000, interest_fen=0, written_off=False,
    limitation_expiry=date(2029, 6, 1), in_litigation=False, has_guarantors=False,
    guarantee_end=None, judgment_due_on=None,
)  # fmt: skip


def kinds(loan: LoanAtClose) -> list[tuple[str, date]]:
    return [(t.kind, t.due) for t in tasks_at_close(loan, C)]


def test_a_loan_that_owes_nothing_gets_no_task() -> None:
    assert tasks_at_close(replace(SAFE, principal_fen=0), C) == []


def test_owed_interest_alone_keeps_a_loan_owing() -> None:
    assert kinds(replace(SAFE, principal_fen=0, interest_fen=1)) == [
        ("inspection", date(2027, 1, 19))
    ]


def test_when_nothing_else_applies_an_inspection_is_due_in_30_days_or_90_if_written_off() -> None:
    assert kinds(SAFE) == [("inspection", date(2027, 1, 19))]
    assert kinds(replace(SAFE, written_off=True)) == [("inspection", date(2027, 3, 20))]


def test_a_promise_dated_on_or_after_the_close_is_followed_up_on_its_date() -> None:
    promise = Promise(made_on=date(2026, 12, 18), due=C, amount_fen=50_000, collected_after_fen=0)
    assert kinds(replace(SAFE, promise=promise)) == [("promise_followup", C)]


def test_a_promise_dated_before_the_close_and_not_paid_in_full_is_broken() -> None:
    promise = Promise(date(2026, 12, 16), date(2026, 12, 18), 50_000, collected_after_fen=49_999)
    assert kinds(replace(SAFE, promise=promise)) == [("broken_promise", date(2026, 12, 23))]


def test_a_kept_promise_leaves_only_the_inspection() -> None:
    promise = Promise(date(2026, 12, 16), date(2026, 12, 18), 50_000, collected_after_fen=50_000)
    assert kinds(replace(SAFE, promise=promise)) == [("inspection", date(2027, 1, 19))]


def test_an_expired_limitation_needs_an_acknowledgement_at_once() -> None:
    tasks = tasks_at_close(replace(SAFE, limitation_expiry=date(2026, 12, 19)), C)
    assert [(t.kind, t.due) for t in tasks] == [("get_ack", C)]


def test_an_urgent_limitation_is_due_30_days_before_expiry_but_not_before_the_close() -> None:
    assert kinds(replace(SAFE, limitation_expiry=date(2027, 5, 1))) == [
        ("get_ack", date(2027, 4, 1))
    ]
    assert kinds(replace(SAFE, limitation_expiry=date(2027, 1, 5))) == [("get_ack", C)]


def test_a_loan_in_litigation_gets_no_acknowledgement_task() -> None:
    loan = replace(SAFE, limitation_expiry=date(2025, 1, 1), in_litigation=True)
    assert kinds(loan) == [("inspection", date(2027, 1, 19))]


def test_a_lost_contact_borrowers_acknowledgement_names_a_newspaper_notice() -> None:
    loan = replace(SAFE, limitation_expiry=date(2025, 1, 1), customer_types=frozenset({"失联"}))
    tasks = tasks_at_close(loan, C)
    assert [t.kind for t in tasks] == ["get_ack", "writeoff_review"]
    assert "登报" in tasks[0].reason


@pytest.mark.parametrize(
    ("end", "due"),
    [(C, C), (date(2027, 3, 1), date(2027, 1, 30)), (date(2026, 12, 19), None)],
)
def test_a_guarantee_period_not_over_at_the_close_needs_a_demand(end: date, due: date | None):
    got = kinds(replace(SAFE, has_guarantors=True, guarantee_end=end))
    if due is None:
        assert got == [("inspection", date(2027, 1, 19))]  # ended the day before: too late
    else:
        assert got == [("guarantor_demand", due)]


def test_a_judgment_within_its_two_years_needs_enforcement_60_days_before_the_end() -> None:
    assert kinds(replace(SAFE, judgment_due_on=date(2025, 6, 30))) == [
        ("enforcement", date(2027, 5, 1))
    ]
    assert kinds(replace(SAFE, judgment_due_on=date(2024, 12, 1)))[0][0] == "inspection"


def test_customer_types_bring_legal_and_write_off_reviews() -> None:
    able = replace(SAFE, customer_types=frozenset({"无意愿有能力"}))
    unable = replace(SAFE, customer_types=frozenset({"无意愿无能力"}))
    assert kinds(able) == [("legal_review", date(2027, 1, 19))]
    assert kinds(unable) == [("writeoff_review", date(2027, 2, 18))]


def test_tasks_are_ordered_by_due_date_loan_number_and_kind() -> None:
    a = tasks_at_close(replace(SAFE, loan_no="2", customer_types=frozenset({"失联"}),
                               limitation_expiry=date(2025, 1, 1)), C)  # fmt: skip
    b = tasks_at_close(replace(SAFE, loan_no="1"), C)
    ordered = sorted(a + b, key=task_order)
    assert [(t.loan_no, t.kind) for t in ordered] == [
        ("2", "get_ack"), ("1", "inspection"), ("2", "writeoff_review"),
    ]  # fmt: skip
