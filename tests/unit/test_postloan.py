"""The post-loan tasks of SPEC §4.9, row by row of its table."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from core.clocks import GUARANTOR, ClockEvent, LoanTerms, replay_clocks
from core.loans import add_years
from core.postloan import LoanAtClose, Promise, task_order, task_priority, tasks_at_close

C = date(2026, 12, 20)


def loan(
    expiry: date = date(2029, 6, 1),
    *,
    events: tuple[ClockEvent, ...] = (),
    at: date = C,
    **terms: object,
) -> LoanAtClose:
    """A loan whose limitation (with no events) expires on `expiry`, its clocks read at C."""
    base = LoanTerms(maturity_date=add_years(expiry, -3), **terms)  # type: ignore[arg-type]
    return LoanAtClose(
        loan_no="1001", owner="孙经理", principal_fen=100_000, interest_fen=0, written_off=False,
        clocks=replay_clocks(base, events, at),
    )  # fmt: skip


SAFE = loan()


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
    tasks = tasks_at_close(loan(date(2026, 12, 19)), C)
    assert [(t.kind, t.due) for t in tasks] == [("get_ack", C)]


def test_an_urgent_limitation_is_due_30_days_before_expiry_but_not_before_the_close() -> None:
    assert kinds(loan(date(2027, 5, 1))) == [("get_ack", date(2027, 4, 1))]
    assert kinds(loan(date(2027, 1, 5))) == [("get_ack", C)]


def test_a_loan_in_litigation_gets_no_acknowledgement_task() -> None:
    sued = loan(date(2025, 1, 1), sued_on=date(2025, 6, 1))
    assert kinds(sued) == [("inspection", date(2027, 1, 19))]


def test_a_lost_contact_borrowers_acknowledgement_names_a_newspaper_notice() -> None:
    lost = replace(loan(date(2027, 1, 5)), customer_types=frozenset({"失联"}))
    tasks = tasks_at_close(lost, C)
    assert [t.kind for t in tasks] == ["get_ack", "writeoff_review"]
    assert "登报" in tasks[0].reason


@pytest.mark.parametrize(
    ("end", "due"),
    [(C, C), (date(2027, 3, 1), date(2027, 1, 30)), (date(2026, 12, 19), None)],
)
def test_a_guarantee_period_not_over_at_the_close_needs_a_demand(end: date, due: date | None):
    got = kinds(loan(has_guarantors=True, guarantee_until=end, guarantee_type="连带责任保证"))
    if due is None:
        assert got == [("inspection", date(2027, 1, 19))]  # ended the day before: too late
    else:
        assert got == [("guarantor_demand", due)]


def test_a_judgment_within_its_two_years_needs_enforcement_60_days_before_the_end() -> None:
    assert kinds(loan(judgment_due_on=date(2025, 6, 30))) == [("enforcement", date(2027, 5, 1))]


def test_customer_types_bring_legal_and_write_off_reviews() -> None:
    able = replace(SAFE, customer_types=frozenset({"无意愿有能力"}))
    unable = replace(SAFE, customer_types=frozenset({"无意愿无能力"}))
    assert kinds(able) == [("legal_review", date(2027, 1, 19))]
    assert kinds(unable) == [("writeoff_review", date(2027, 2, 18))]


def test_tasks_are_ordered_by_due_date_loan_number_and_kind() -> None:
    a = tasks_at_close(replace(loan(date(2025, 1, 1)), loan_no="2",
                               customer_types=frozenset({"失联"})), C)  # fmt: skip
    b = tasks_at_close(replace(SAFE, loan_no="1"), C)
    ordered = sorted(a + b, key=task_order)
    assert [(t.loan_no, t.kind) for t in ordered] == [
        ("2", "get_ack"), ("1", "inspection"), ("2", "writeoff_review"),
    ]  # fmt: skip


# ----------------------------------------------------------------------------- SPEC §4.9 revised


def test_an_expired_lost_contact_borrower_must_be_found_not_advertised_for() -> None:
    lost = replace(loan(date(2025, 1, 1)), customer_types=frozenset({"失联"}))
    reason = tasks_at_close(lost, C)[0].reason
    assert "找到借款人本人" in reason and "登报" not in reason


def test_an_expired_loans_reason_says_only_the_borrower_can_waive() -> None:
    reason = tasks_at_close(loan(date(2025, 1, 1)), C)[0].reason
    assert "放弃时效抗辩" in reason and "家属代签无效" in reason


def test_a_loan_beyond_twenty_years_gets_no_acknowledgement_task() -> None:
    old = loan(date(2025, 1, 1), last_ack_on=date(2026, 1, 1))  # maturity 2022: not capped
    assert kinds(old)[0][0] == "inspection"
    beyond = loan(add_years(date(2006, 12, 19), 3))  # matured 2006-12-19: cap passed on C-1
    assert kinds(beyond) == [("inspection", date(2027, 1, 19))]


def test_a_demand_recorded_in_the_camp_replaces_the_demand_task_with_a_followup() -> None:
    demand = ClockEvent(on=date(2026, 12, 10), contact=GUARANTOR, ack=True)
    fixed = loan(has_guarantors=True, guarantee_until=date(2027, 3, 1), events=(demand,))
    assert kinds(fixed) == [("guarantor_followup", date(2029, 6, 13))]  # 2029-12-10 − 180


def test_a_general_guarantee_needs_a_legal_review_60_days_before_its_end() -> None:
    general = loan(has_guarantors=True, guarantee_until=date(2027, 3, 1), guarantee_type="一般保证")
    assert kinds(general) == [("legal_review", date(2026, 12, 31))]
    sued = loan(has_guarantors=True, guarantee_until=date(2027, 3, 1), guarantee_type="一般保证",
                sued_on=date(2026, 11, 1))  # fmt: skip
    assert kinds(sued) == [("inspection", date(2027, 1, 19))]


def test_a_camp_default_of_general_guarantee_applies_where_the_list_is_silent() -> None:
    assumed = loan(has_guarantors=True, guarantee_until=date(2027, 3, 1),
                   default_guarantee_type="一般保证")  # fmt: skip
    assert [k for k, _ in kinds(assumed)] == ["legal_review"]


def test_a_lapsed_enforcement_period_is_a_legal_review_not_an_inspection() -> None:
    lapsed = loan(sued_on=date(2023, 1, 1), judgment_due_on=date(2024, 12, 19))  # ended C−1
    assert kinds(lapsed) == [("legal_review", date(2027, 1, 3))]
    assert "中断" in tasks_at_close(lapsed, C)[0].reason
    on_day = loan(sued_on=date(2023, 1, 1), judgment_due_on=date(2024, 12, 20))  # ends on C
    assert kinds(on_day) == [("enforcement", C)]


def test_an_applied_enforcement_needs_no_enforcement_task_and_zhongben_an_asset_search() -> None:
    applied = loan(sued_on=date(2023, 1, 1), judgment_due_on=date(2025, 6, 30),
                   enforcement_status="已申请执行", enforcement_on=date(2025, 8, 1))  # fmt: skip
    assert kinds(applied) == [("inspection", date(2027, 1, 19))]
    ended = loan(sued_on=date(2023, 1, 1), judgment_due_on=date(2025, 6, 30),
                 enforcement_status="终本", enforcement_on=date(2026, 3, 1))  # fmt: skip
    assert kinds(ended) == [("asset_search", date(2027, 1, 19))]


def test_a_promise_more_than_90_days_after_the_close_does_not_replace_the_inspection() -> None:
    near = Promise(date(2026, 12, 18), date(2027, 3, 20), 50_000, 0)  # C + 90
    far = Promise(date(2026, 12, 18), date(2027, 3, 21), 50_000, 0)  # C + 91
    assert kinds(replace(SAFE, promise=near)) == [("promise_followup", date(2027, 3, 20))]
    assert kinds(replace(SAFE, promise=far)) == [
        ("promise_followup", date(2027, 3, 21)),
        ("inspection", date(2027, 1, 19)),
    ]


def test_legal_deadlines_come_first_then_the_amount_owed() -> None:
    ack = task_priority("get_ack", "", date(2027, 5, 1), 1)
    review = task_priority("legal_review", "enforcement", date(2027, 6, 1), 1)
    big = task_priority("inspection", "", date(2027, 1, 1), 9_000_000)
    small = task_priority("legal_review", "", date(2027, 1, 1), 100)
    assert sorted([small, big, review, ack]) == [ack, review, big, small]


def test_the_board_puts_open_legal_deadlines_first_then_the_amount_owed() -> None:
    from types import SimpleNamespace

    from core.postloan import board_rows

    def row(kind: str, due: date, owed: int, origin: str = "close", status: str = "open"):  # noqa: ANN202
        return SimpleNamespace(kind=kind, due=due, origin=origin, status=status, loan_no=kind,
                               borrower="", phone="", township="", village="", principal_fen=owed,
                               interest_fen=0, limitation_expiry=None, watch=0, reason="",
                               done_note="")  # fmt: skip

    rows = board_rows(
        [
            row("inspection", date(2026, 12, 1), 10),
            row("legal_review", date(2027, 1, 1), 99),
            row("get_ack", date(2027, 2, 10), 1),
            row("enforcement", date(2027, 2, 1), 1, "close"),
            row("writeoff_review", date(2026, 12, 1), 5, status="done"),
        ],  # fmt: skip
        today=date(2026, 12, 20),
    )
    assert [(r["kind"], r["priority"], r["deadline"]) for r in rows] == [
        ("enforcement", 1, True), ("get_ack", 2, True), ("legal_review", 3, False),
        ("inspection", 4, False), ("writeoff_review", None, False),
    ]  # fmt: skip


# --- the follow-up form's warnings (SPEC §4.4) and mortgages (art. 419) ----------------


def test_before_a_follow_up_on_an_expired_loan_the_form_says_a_relatives_signature_saves_nothing(
) -> None:  # fmt: skip
    from core.postloan import followup_cautions
    from core.reasons import render

    expired = loan(date(2026, 12, 19)).clocks
    cautions = followup_cautions(expired)
    assert cautions == [("post.caution.expired", {"end": "2026-12-19"})]
    text = render(*cautions[0][:1], cautions[0][1].items())
    assert "家属签收不能保全时效" in text and "放弃时效抗辩" in text
    assert followup_cautions(loan(date(2026, 12, 20)).clocks) == []  # its last day: it runs


def test_before_a_follow_up_after_the_guarantee_period_the_form_says_the_guarantor_is_released(
) -> None:  # fmt: skip
    from core.postloan import followup_cautions

    # maturity 2026-06-19: six months end 2026-12-19, the day before C
    lapsed = loan(date(2029, 6, 19), has_guarantors=True).clocks
    assert ("post.caution.guarantee_released", {"end": "2026-12-19"}) in followup_cautions(lapsed)
    running = loan(date(2029, 6, 20), has_guarantors=True).clocks  # ends on C: not over
    assert followup_cautions(running) == []
    general = loan(date(2029, 6, 20), has_guarantors=True, guarantee_type="一般保证").clocks
    assert followup_cautions(general) == [("post.caution.general_guarantee", {"end": "2026-12-20"})]


def test_after_a_follow_up_the_saved_message_names_what_the_signature_did_not_do() -> None:
    from core.postloan import followup_effect_notes

    relative = ClockEvent(C, "见到家属", ack=True, ref="followup:7")
    expired = loan(date(2026, 12, 19), events=(relative,)).clocks
    assert followup_effect_notes(expired, "followup:7") == [
        "post.effect.clock.relative_after_expiry"
    ]
    assert followup_effect_notes(expired, "followup:8") == []
    guarantor = ClockEvent(C, GUARANTOR, ack=True, ref="followup:9")
    released = loan(date(2029, 6, 19), has_guarantors=True, events=(guarantor,)).clocks
    assert followup_effect_notes(released, "followup:9") == ["post.effect.clock.guarantor_released"]
    borrower = ClockEvent(C, "见到本人", ack=True, ref="followup:10")
    assert followup_effect_notes(loan(date(2026, 12, 19), events=(borrower,)).clocks,
                                 "followup:10") == []  # fmt: skip


def test_a_mortgaged_loans_get_ack_reason_says_the_mortgage_ends_with_the_limitation() -> None:
    from core.postloan import followup_cautions

    urgent = loan(date(2027, 3, 1), mortgage=True)
    (task,) = [t for t in tasks_at_close(urgent, C) if t.kind == "get_ack"]
    assert "抵押权须在此前行使" in task.reason and "第419条" in task.reason
    expired = loan(date(2026, 12, 1), mortgage=True)
    (task,) = [t for t in tasks_at_close(expired, C) if t.kind == "get_ack"]
    assert "抵押权不再受保护" in task.reason
    (plain,) = [t for t in tasks_at_close(loan(date(2027, 3, 1)), C) if t.kind == "get_ack"]
    assert "抵押" not in plain.reason
    assert ("post.caution.mortgage", {"end": "2027-03-01"}) in followup_cautions(urgent.clocks)


def test_a_legal_deadline_years_away_waits_behind_a_large_inspection_due_next_month() -> None:
    today = date(2027, 1, 10)
    far_followup = task_priority("guarantor_followup", "", date(2029, 7, 1), 100, today)
    near_ack = task_priority("get_ack", "", date(2027, 3, 1), 100, today)
    big_inspection = task_priority("inspection", "", date(2027, 2, 9), 9_000_000, today)
    assert sorted([far_followup, big_inspection, near_ack]) == [
        near_ack,
        big_inspection,
        far_followup,
    ]
