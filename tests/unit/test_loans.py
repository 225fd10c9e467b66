"""Aging, class floor and the legal clocks of a loan (SPEC §4.2–4.4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.loans import (
    AGING_BUCKETS,
    RISK_ORDER,
    URGENCY_ORDER,
    LimitationStatus,
    add_months,
    add_years,
    aging_bucket,
    class_floor,
    days_overdue_at,
    days_overdue_on,
    effective_class,
    enforcement_deadline,
    guarantee_period_end,
    id_check_digit_ok,
    is_npl,
    limitation_expiry,
    limitation_start,
    limitation_status,
    loan_clocks,
    urgency_rank,
)

AT = date(2026, 5, 6)

# --- aging buckets (§4.2) ---------------------------------------------------------------


def test_the_aging_buckets_are_listed_in_order_with_the_labels_the_boards_show() -> None:
    assert AGING_BUCKETS == (
        "1–30",
        "31–60",
        "61–90",
        "91–180",
        "181–270",
        "271–360",
        "361–1095",
        "1095+",
    )


@pytest.mark.parametrize("days", [0, -1, -400])
def test_a_loan_that_is_not_overdue_has_no_aging_bucket(days: int) -> None:
    assert aging_bucket(days) is None


@pytest.mark.parametrize(
    ("days", "bucket"),
    [
        (1, "1–30"),
        (30, "1–30"),
        (31, "31–60"),
        (60, "31–60"),
        (61, "61–90"),
        (90, "61–90"),
        (91, "91–180"),
        (180, "91–180"),
        (181, "181–270"),
        (270, "181–270"),
        (271, "271–360"),
        (360, "271–360"),
        (361, "361–1095"),
        (1095, "361–1095"),
        (1096, "1095+"),
        (5000, "1095+"),
    ],
)
def test_each_bucket_includes_its_upper_edge_and_the_next_day_opens_the_next_bucket(
    days: int, bucket: str
) -> None:
    assert aging_bucket(days) == bucket


# --- days overdue -----------------------------------------------------------------------


def test_a_loan_is_not_overdue_on_its_maturity_date() -> None:
    assert days_overdue_at(date(2026, 5, 6), date(2026, 5, 6)) == 0


def test_a_loan_is_one_day_overdue_the_day_after_maturity() -> None:
    assert days_overdue_at(date(2026, 5, 6), date(2026, 5, 7)) == 1


def test_a_loan_maturing_in_the_future_is_not_overdue() -> None:
    assert days_overdue_at(date(2027, 1, 1), AT) == 0


def test_days_overdue_across_a_leap_day_count_the_29th_of_february() -> None:
    assert days_overdue_at(date(2024, 2, 28), date(2024, 3, 1)) == 2


def test_the_listed_days_overdue_grow_by_the_days_since_the_list_was_drawn() -> None:
    # The list says 100 days at 1 May; the maturity date disagrees (an extension), the list wins.
    assert days_overdue_on(100, date(2026, 5, 1), date(2025, 1, 1), AT) == 105


def test_the_listed_days_overdue_hold_on_the_lists_own_date() -> None:
    assert days_overdue_on(42, AT, date(2020, 1, 1), AT) == 42


def test_days_overdue_before_the_list_date_count_back_and_never_go_below_zero() -> None:
    assert days_overdue_on(10, date(2026, 5, 10), date(2026, 4, 30), date(2026, 5, 6)) == 6
    assert days_overdue_on(3, date(2026, 5, 10), date(2026, 5, 7), date(2026, 5, 1)) == 0


def test_without_a_listed_count_days_overdue_come_from_the_maturity_date() -> None:
    assert days_overdue_on(None, date(2026, 5, 1), date(2026, 4, 6), AT) == 30
    assert days_overdue_on(None, None, date(2026, 4, 6), AT) == 30


def test_a_listed_count_without_a_list_date_is_taken_as_current() -> None:
    assert days_overdue_on(77, None, date(2020, 1, 1), AT) == 77


def test_a_loan_listed_as_current_that_matures_later_counts_from_its_maturity() -> None:
    assert days_overdue_on(0, date(2026, 4, 1), date(2026, 5, 1), AT) == 5
    assert days_overdue_on(0, date(2026, 4, 1), date(2026, 6, 1), AT) == 0


# --- five-category class (§4.3) ---------------------------------------------------------


def test_the_risk_order_runs_from_normal_to_loss() -> None:
    assert RISK_ORDER == ("正常", "关注", "次级", "可疑", "损失")


@pytest.mark.parametrize(
    ("days", "floor"),
    [
        (-5, None),
        (0, None),
        (1, "关注"),
        (90, "关注"),
        (91, "次级"),
        (270, "次级"),
        (271, "可疑"),
        (360, "可疑"),
        (361, "损失"),
        (3000, "损失"),
    ],
)
def test_the_class_floor_follows_the_days_overdue(days: int, floor: str | None) -> None:
    assert class_floor(days) == floor


def test_a_loan_whose_listed_class_is_better_than_its_floor_is_flagged() -> None:
    assert effective_class("正常", 91) == ("次级", True)
    assert effective_class("关注", 361) == ("损失", True)


def test_a_loan_whose_listed_class_equals_its_floor_keeps_it_unflagged() -> None:
    assert effective_class("次级", 91) == ("次级", False)


def test_a_loan_listed_worse_than_its_floor_keeps_the_listed_class() -> None:
    assert effective_class("损失", 10) == ("损失", False)
    assert effective_class("可疑", 0) == ("可疑", False)


def test_a_current_loan_without_a_listed_class_is_normal() -> None:
    assert effective_class(None, 0) == ("正常", False)
    assert effective_class("", 0) == ("正常", False)


def test_an_overdue_loan_without_a_listed_class_takes_its_floor_unflagged() -> None:
    assert effective_class(None, 300) == ("可疑", False)


def test_an_unknown_listed_class_is_refused() -> None:
    with pytest.raises(ValueError, match="不良"):
        effective_class("不良", 10)


@pytest.mark.parametrize(
    ("cls", "npl"),
    [
        ("正常", False),
        ("关注", False),
        ("次级", True),
        ("可疑", True),
        ("损失", True),
        (None, False),
    ],
)
def test_only_substandard_doubtful_and_loss_loans_are_npl(cls: str | None, npl: bool) -> None:
    assert is_npl(cls) is npl


# --- date arithmetic --------------------------------------------------------------------


def test_adding_years_keeps_the_calendar_day() -> None:
    assert add_years(date(2023, 5, 6), 3) == date(2026, 5, 6)


def test_adding_years_to_29_february_lands_on_28_february_in_a_common_year() -> None:
    assert add_years(date(2024, 2, 29), 3) == date(2027, 2, 28)


def test_adding_years_to_29_february_keeps_it_in_another_leap_year() -> None:
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("start", "months", "end"),
    [
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2025, 3, 15), 6, date(2025, 9, 15)),
        (date(2025, 7, 31), 6, date(2026, 1, 31)),
        (date(2025, 12, 31), 2, date(2026, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), 24, date(2028, 1, 15)),
    ],
)
def test_adding_months_clamps_to_the_end_of_a_shorter_month(
    start: date, months: int, end: date
) -> None:
    assert add_months(start, months) == end


# --- limitation (§4.4) ------------------------------------------------------------------


def test_the_limitation_runs_from_maturity_when_nothing_happened_since() -> None:
    assert limitation_start(date(2024, 3, 1), None, None) == date(2024, 3, 1)


def test_the_limitation_runs_from_the_last_of_maturity_payment_and_acknowledgement() -> None:
    maturity, payment, ack = date(2023, 1, 10), date(2024, 6, 1), date(2024, 2, 1)
    assert limitation_start(maturity, payment, ack) == payment
    assert limitation_start(maturity, date(2023, 5, 1), date(2025, 1, 2)) == date(2025, 1, 2)


def test_a_camp_visit_that_collected_money_or_got_a_signature_restarts_the_limitation() -> None:
    start = limitation_start(date(2023, 1, 10), None, date(2024, 1, 1), None, date(2026, 5, 6))
    assert start == date(2026, 5, 6)


def test_a_payment_recorded_before_maturity_does_not_move_the_start_before_maturity() -> None:
    assert limitation_start(date(2025, 1, 10), date(2024, 12, 1), None) == date(2025, 1, 10)


def test_the_limitation_expires_on_the_same_calendar_day_three_years_later() -> None:
    assert limitation_expiry(date(2023, 5, 6)) == date(2026, 5, 6)


def test_a_loan_maturing_on_29_february_expires_on_28_february_three_years_later() -> None:
    assert limitation_expiry(date(2024, 2, 29)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("days_to_expiry", "status"),
    [
        (-400, LimitationStatus.EXPIRED),
        (-1, LimitationStatus.EXPIRED),
        (0, LimitationStatus.URGENT),
        (1, LimitationStatus.URGENT),
        (180, LimitationStatus.URGENT),
        (181, LimitationStatus.WATCH),
        (365, LimitationStatus.WATCH),
        (366, LimitationStatus.SAFE),
        (1000, LimitationStatus.SAFE),
    ],
)
def test_the_limitation_status_follows_the_days_left_to_expiry(
    days_to_expiry: int, status: LimitationStatus
) -> None:
    expiry = AT + timedelta(days=days_to_expiry)
    assert limitation_status(expiry, AT) is status


def test_a_loan_expiring_today_is_urgent_and_expired_tomorrow() -> None:
    assert limitation_status(AT, AT) is LimitationStatus.URGENT
    assert limitation_status(AT, AT + timedelta(days=1)) is LimitationStatus.EXPIRED


@pytest.mark.parametrize("days_to_expiry", [-100, 0, 100, 300, 1000])
def test_a_loan_in_litigation_has_no_limitation_status_of_its_own(days_to_expiry: int) -> None:
    expiry = AT + timedelta(days=days_to_expiry)
    assert limitation_status(expiry, AT, in_litigation=True) is LimitationStatus.LITIGATION


def test_limitation_statuses_are_plain_text_values() -> None:
    assert [s.value for s in LimitationStatus] == [
        "expired",
        "urgent",
        "watch",
        "safe",
        "litigation",
        "beyond",
    ]
    assert LimitationStatus.EXPIRED == "expired"
    assert str(LimitationStatus.URGENT) == "urgent"
    assert LimitationStatus("watch") is LimitationStatus.WATCH


def test_expired_loans_are_the_most_urgent_to_visit_and_beyond_protection_the_least() -> None:
    assert URGENCY_ORDER[0] is LimitationStatus.EXPIRED
    assert URGENCY_ORDER[-2] is LimitationStatus.LITIGATION
    assert URGENCY_ORDER[-1] is LimitationStatus.BEYOND
    shuffled = ["safe", "litigation", "urgent", "expired", "watch"]
    assert sorted(shuffled, key=urgency_rank) == [
        "expired",
        "urgent",
        "watch",
        "safe",
        "litigation",
    ]


def test_urgency_rank_accepts_members_and_text_and_puts_unknown_status_last() -> None:
    assert urgency_rank(LimitationStatus.URGENT) == urgency_rank("urgent") == 1
    assert urgency_rank(None) > urgency_rank(LimitationStatus.LITIGATION)
    with pytest.raises(ValueError):
        urgency_rank("soon")


# --- guarantee period and enforcement ---------------------------------------------------


def test_the_guarantee_period_is_the_contracts_end_date_when_the_list_gives_one() -> None:
    assert guarantee_period_end(date(2025, 8, 31), date(2028, 8, 31)) == date(2028, 8, 31)


def test_the_guarantee_period_is_six_months_from_maturity_when_the_list_gives_none() -> None:
    assert guarantee_period_end(date(2025, 11, 6), None) == date(2026, 5, 6)


def test_a_guarantee_from_31_august_ends_on_28_february() -> None:
    assert guarantee_period_end(date(2025, 8, 31), None) == date(2026, 2, 28)


def test_a_guarantee_from_31_august_ends_on_29_february_in_a_leap_year() -> None:
    assert guarantee_period_end(date(2027, 8, 31), None) == date(2028, 2, 29)


def test_there_is_no_enforcement_deadline_without_a_judgment() -> None:
    assert enforcement_deadline(None) is None


def test_enforcement_must_be_applied_for_within_two_years_of_the_judgments_last_day() -> None:
    assert enforcement_deadline(date(2025, 3, 15)) == date(2027, 3, 15)


def test_a_judgment_due_on_29_february_must_be_enforced_by_28_february_two_years_later() -> None:
    assert enforcement_deadline(date(2024, 2, 29)) == date(2026, 2, 28)


# --- all clocks together ----------------------------------------------------------------


def test_a_loans_clocks_are_gathered_side_by_side() -> None:
    clocks = loan_clocks(
        maturity_date=date(2023, 6, 1),
        last_payment_on=date(2023, 9, 1),
        last_ack_on=None,
        guarantee_until=None,
        has_guarantors=True,
        sued_on=None,
        judgment_due_on=None,
        at=AT,
    )
    assert clocks.limitation_start == date(2023, 9, 1)
    assert clocks.limitation_expiry == date(2026, 9, 1)
    assert clocks.days_to_expiry == 118
    assert clocks.limitation_status is LimitationStatus.URGENT
    assert clocks.guarantee_end == date(2023, 12, 1)
    assert clocks.guarantee_over is True
    assert clocks.enforcement_deadline is None


def test_a_camp_visit_passed_as_an_extra_event_makes_an_expired_loan_safe_again() -> None:
    kwargs = dict(
        maturity_date=date(2021, 1, 1),
        last_payment_on=None,
        last_ack_on=None,
        guarantee_until=None,
        has_guarantors=False,
        sued_on=None,
        judgment_due_on=None,
        at=AT,
    )
    assert loan_clocks(**kwargs).limitation_status is LimitationStatus.EXPIRED
    after = loan_clocks(**kwargs, extra_events=[None, AT])
    assert after.limitation_start == AT
    assert after.limitation_expiry == date(2029, 5, 6)
    assert after.limitation_status is LimitationStatus.SAFE


def test_a_loan_without_guarantors_has_no_guarantee_clock() -> None:
    clocks = loan_clocks(date(2026, 1, 1), None, None, date(2027, 1, 1), False, None, None, AT)
    assert clocks.guarantee_end is None
    assert clocks.guarantee_over is False


def test_a_guarantee_ending_on_the_day_is_not_yet_over_but_is_over_the_day_after() -> None:
    args = (date(2025, 11, 6), None, None, None, True, None, None)
    assert loan_clocks(*args, at=date(2026, 5, 6)).guarantee_over is False
    assert loan_clocks(*args, at=date(2026, 5, 7)).guarantee_over is True


def test_a_guarantee_signature_or_payment_does_not_extend_the_guarantee_period() -> None:
    clocks = loan_clocks(
        date(2025, 8, 31),
        date(2026, 4, 1),
        date(2026, 4, 2),
        None,
        True,
        None,
        None,
        AT,
        extra_events=[AT],
    )
    assert clocks.guarantee_end == date(2026, 2, 28)
    assert clocks.guarantee_over is True


def test_a_sued_loan_is_in_litigation_and_shows_its_enforcement_deadline() -> None:
    clocks = loan_clocks(
        maturity_date=date(2020, 1, 1),
        last_payment_on=None,
        last_ack_on=None,
        guarantee_until=None,
        has_guarantors=False,
        sued_on=date(2022, 6, 1),
        judgment_due_on=date(2024, 2, 29),
        at=AT,
    )
    assert clocks.limitation_status is LimitationStatus.LITIGATION
    assert clocks.days_to_expiry < 0
    assert clocks.enforcement_deadline == date(2026, 2, 28)


# --- ID numbers (GB 11643-1999) ---------------------------------------------------------


@pytest.mark.parametrize(
    "id_number",
    [
        "11010519491231002X",  # the standard's own example
        "440524188001010014",
        "52262519900307123X",
        "520102198512314561",
        "430102199202290018",
        "110101199003071233",
        "360102198001010232",
    ],
)
def test_an_id_number_with_a_right_check_digit_passes(id_number: str) -> None:
    assert id_check_digit_ok(id_number)


def test_an_id_number_ending_in_a_lower_case_x_passes() -> None:
    assert id_check_digit_ok("11010519491231002x")


def test_an_id_number_with_surrounding_spaces_is_checked_as_trimmed() -> None:
    assert id_check_digit_ok("  110101199003071233 ")


@pytest.mark.parametrize(
    "id_number",
    [
        "110105194912310021",  # X expected
        "440524188001010015",
        "110101199003071234",
        "522625199003071230",  # X expected
    ],
)
def test_an_id_number_with_a_wrong_check_digit_fails(id_number: str) -> None:
    assert not id_check_digit_ok(id_number)


def test_an_old_fifteen_digit_id_number_has_no_check_digit_and_passes() -> None:
    assert id_check_digit_ok("110105491231002")


@pytest.mark.parametrize(
    "id_number",
    [
        "",
        "1101051949123100",  # 16 digits: lost digits in a spreadsheet
        "1.10105194912e+17",
        "11010519491231002Y",
        "X10105194912310021",
        "1101051949123100２X",  # a full-width digit
        "11010549123100X",  # 15 characters with an X
        "1101051949123100211",
    ],
)
def test_anything_but_fifteen_or_eighteen_characters_of_digits_fails(id_number: str) -> None:
    assert not id_check_digit_ok(id_number)
