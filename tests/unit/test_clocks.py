"""SPEC §4.4: who restarts which clock, and when — hand-computed boundary cases."""

from datetime import date

from core.clocks import (
    AT_BRANCH,
    BORROWER,
    GENERAL,
    GUARANTOR,
    JOINT,
    RELATIVE,
    ClockEvent,
    Effect,
    LoanTerms,
    is_borrower_ack,
    is_mortgage,
    limitation_before,
    replay_clocks,
)
from core.loans import LimitationStatus as S

MATURITY = date(2022, 6, 30)  # limitation expires 2025-06-30
TERMS = LoanTerms(maturity_date=MATURITY)


def ev(on: date, contact: str, paid: int = 0, ack: bool = False) -> ClockEvent:
    return ClockEvent(on=on, contact=contact, paid_fen=paid, ack=ack, ref="v")


# ----------------------------------------------------------------------------- borrower


def test_a_loan_runs_three_years_from_maturity_and_is_urgent_on_its_last_day() -> None:
    c = replay_clocks(TERMS, [], date(2025, 6, 30))
    assert c.limitation.expiry == date(2025, 6, 30)
    assert c.limitation_status is S.URGENT and c.limitation.days == 0
    assert c.limitation.reason == "clock.from.maturity"
    assert replay_clocks(TERMS, [], date(2025, 7, 1)).limitation_status is S.EXPIRED


def test_a_relatives_signature_on_the_last_day_restarts_the_clock() -> None:
    c = replay_clocks(TERMS, [ev(date(2025, 6, 30), RELATIVE, ack=True)], date(2025, 7, 1))
    assert c.limitation.start == date(2025, 6, 30)
    assert c.limitation.expiry == date(2028, 6, 30)
    assert c.limitation.reason == "clock.from.relative_ack"


def test_a_relatives_signature_after_expiry_saves_nothing_and_warns() -> None:
    c = replay_clocks(TERMS, [ev(date(2025, 7, 1), RELATIVE, ack=True)], date(2025, 7, 2))
    assert c.limitation_status is S.EXPIRED
    assert c.limitation.expiry == date(2025, 6, 30)
    assert [w[2] for w in c.warnings] == [Effect.RELATIVE_AFTER_EXPIRY]


def test_the_borrowers_signature_after_expiry_is_a_waiver_with_a_new_three_years() -> None:
    c = replay_clocks(TERMS, [ev(date(2025, 9, 1), BORROWER, ack=True)], date(2025, 9, 2))
    assert c.limitation.start == date(2025, 9, 1)
    assert c.limitation.expiry == date(2028, 9, 1)
    assert c.limitation.reason == "clock.from.waiver"
    assert c.effects[0][2] is Effect.WAIVER


def test_a_payment_after_expiry_is_cash_but_the_loan_stays_expired() -> None:
    c = replay_clocks(TERMS, [ev(date(2025, 9, 1), BORROWER, paid=100_00)], date(2025, 9, 2))
    assert c.limitation_status is S.EXPIRED
    assert [w[2] for w in c.warnings] == [Effect.PAYMENT_AFTER_EXPIRY]


def test_a_payment_at_the_branch_while_running_restarts_the_clock() -> None:
    c = replay_clocks(TERMS, [ev(date(2024, 1, 10), AT_BRANCH, paid=1)], date(2024, 1, 11))
    assert c.limitation.expiry == date(2027, 1, 10)
    assert c.limitation.reason == "clock.from.payment"


def test_a_guarantors_payment_or_signature_never_restarts_the_borrowers_clock() -> None:
    terms = LoanTerms(maturity_date=MATURITY, has_guarantors=True)
    events = [
        ev(date(2022, 9, 1), GUARANTOR, paid=100_00),
        ev(date(2022, 9, 2), GUARANTOR, ack=True),
    ]
    c = replay_clocks(terms, events, date(2022, 9, 3))
    assert c.limitation.start == MATURITY
    assert c.limitation.expiry == date(2025, 6, 30)


def test_money_logged_on_a_visit_that_met_nobody_restarts_nothing() -> None:
    c = replay_clocks(TERMS, [ev(date(2024, 1, 10), "失联", paid=1)], date(2024, 1, 11))
    assert c.limitation.start == MATURITY


def test_a_signature_dated_after_the_reading_date_is_not_counted_yet() -> None:
    c = replay_clocks(TERMS, [ev(date(2025, 6, 1), BORROWER, ack=True)], date(2025, 5, 31))
    assert c.limitation.start == MATURITY


def test_29_february_expires_on_28_february() -> None:
    c = replay_clocks(LoanTerms(maturity_date=date(2024, 2, 29)), [], date(2027, 2, 28))
    assert c.limitation.expiry == date(2027, 2, 28)
    assert c.limitation_status is S.URGENT


def test_the_list_dates_restart_the_clock_and_say_so() -> None:
    terms = LoanTerms(maturity_date=MATURITY, last_payment_on=date(2023, 1, 5),
                      last_ack_on=date(2023, 3, 1))  # fmt: skip
    c = replay_clocks(terms, [], date(2024, 1, 1))
    assert c.limitation.start == date(2023, 3, 1)
    assert c.limitation.reason == "clock.from.list_ack"


def test_status_levels_by_days_to_expiry() -> None:
    expiry = date(2025, 6, 30)
    assert replay_clocks(TERMS, [], date(2025, 1, 1)).limitation_status is S.URGENT  # 180
    assert replay_clocks(TERMS, [], date(2024, 12, 31)).limitation_status is S.WATCH  # 181
    assert (expiry - date(2024, 6, 30)).days == 365
    assert replay_clocks(TERMS, [], date(2024, 6, 30)).limitation_status is S.WATCH
    assert replay_clocks(TERMS, [], date(2024, 6, 29)).limitation_status is S.SAFE


# ----------------------------------------------------------------------------- 20-year cap


def test_twenty_years_to_the_day_is_still_protected_and_the_day_after_is_beyond() -> None:
    old = LoanTerms(maturity_date=date(2006, 3, 1), last_ack_on=date(2025, 1, 1))
    on_day = replay_clocks(old, [], date(2026, 3, 1))
    assert on_day.limitation.cap == date(2026, 3, 1)
    assert on_day.limitation.end == date(2026, 3, 1)  # the cap comes before 2028-01-01
    assert on_day.limitation.reason == "clock.from.cap"
    assert on_day.limitation_status is S.URGENT
    after = replay_clocks(old, [], date(2026, 3, 2))
    assert after.limitation_status is S.BEYOND


def test_a_borrowers_signature_beyond_twenty_years_revives_nothing() -> None:
    old = LoanTerms(maturity_date=date(2006, 3, 1))
    c = replay_clocks(old, [ev(date(2026, 3, 2), BORROWER, ack=True)], date(2026, 3, 3))
    assert c.limitation_status is S.BEYOND
    assert [w[2] for w in c.warnings] == [Effect.BEYOND_PROTECTION]


def test_a_loan_with_a_suit_date_has_no_limitation_status() -> None:
    c = replay_clocks(LoanTerms(maturity_date=MATURITY, sued_on=date(2025, 1, 1)), [],
                      date(2026, 1, 1))  # fmt: skip
    assert c.limitation_status is S.LITIGATION


# ----------------------------------------------------------------------------- for scoring


def test_limitation_before_a_visit_reads_only_the_earlier_events() -> None:
    before = [ev(date(2025, 6, 30), RELATIVE, ack=True)]
    assert limitation_before(TERMS, [], date(2025, 7, 1)) is S.EXPIRED
    assert limitation_before(TERMS, before, date(2025, 7, 1)) is S.SAFE


def test_only_the_borrower_acknowledges_after_expiry() -> None:
    assert is_borrower_ack(S.EXPIRED, BORROWER, True)
    assert not is_borrower_ack(S.EXPIRED, RELATIVE, True)
    assert is_borrower_ack(S.URGENT, RELATIVE, True)
    assert not is_borrower_ack(S.SAFE, GUARANTOR, True)
    assert not is_borrower_ack(S.SAFE, BORROWER, False)
    assert not is_borrower_ack(S.BEYOND, BORROWER, True)


# ----------------------------------------------------------------------------- guarantee

G = LoanTerms(maturity_date=date(2025, 8, 31), has_guarantors=True)


def test_no_agreed_end_means_six_months_and_31_august_ends_on_28_february() -> None:
    c = replay_clocks(G, [], date(2025, 9, 1))
    assert c.guarantee.end == date(2026, 2, 28) and c.guarantee.end_basis == "six_months"
    leap = replay_clocks(LoanTerms(maturity_date=date(2023, 8, 31), has_guarantors=True), [],
                         date(2023, 9, 1))  # fmt: skip
    assert leap.guarantee.end == date(2024, 2, 29)


def test_an_agreed_end_on_or_before_maturity_counts_as_none() -> None:
    on_maturity = LoanTerms(maturity_date=date(2025, 8, 31), has_guarantors=True,
                            guarantee_until=date(2025, 8, 31))  # fmt: skip
    c = replay_clocks(on_maturity, [], date(2025, 9, 1))
    assert c.guarantee.end == date(2026, 2, 28) and c.guarantee.end_basis == "contract_ignored"
    later = LoanTerms(maturity_date=date(2025, 8, 31), has_guarantors=True,
                      guarantee_until=date(2028, 8, 31))  # fmt: skip
    assert replay_clocks(later, [], date(2025, 9, 1)).guarantee.end_basis == "contract"


def test_the_type_comes_from_the_list_else_the_camp_default_and_says_so() -> None:
    assumed = replay_clocks(G, [], date(2025, 9, 1)).guarantee
    assert assumed.type == JOINT and assumed.type_assumed
    general_camp = LoanTerms(maturity_date=date(2025, 8, 31), has_guarantors=True,
                             default_guarantee_type=GENERAL)  # fmt: skip
    assert replay_clocks(general_camp, [], date(2025, 9, 1)).guarantee.type == GENERAL
    listed = LoanTerms(maturity_date=date(2025, 8, 31), has_guarantors=True,
                       guarantee_type="一般保证")  # fmt: skip
    g = replay_clocks(listed, [], date(2025, 9, 1)).guarantee
    assert g.type == GENERAL and not g.type_assumed


def test_a_demand_on_the_last_day_fixes_a_joint_guarantee_and_starts_three_years() -> None:
    c = replay_clocks(G, [ev(date(2026, 2, 28), GUARANTOR, ack=True)], date(2026, 3, 1))
    g = c.guarantee
    assert g.status == "fixed" and g.demand_on == date(2026, 2, 28)
    assert g.guarantor_expiry == date(2029, 2, 28)
    assert g.guarantor_status is S.SAFE


def test_a_demand_the_day_after_the_period_revives_nothing() -> None:
    c = replay_clocks(G, [ev(date(2026, 3, 1), GUARANTOR, ack=True)], date(2026, 3, 2))
    assert c.guarantee.status == "released" and c.guarantee.demand_on is None
    assert [w[2] for w in c.warnings] == [Effect.GUARANTOR_RELEASED]


def test_the_guarantors_later_payment_restarts_the_guarantors_three_years() -> None:
    events = [ev(date(2025, 10, 1), GUARANTOR, ack=True), ev(date(2027, 5, 1), GUARANTOR, paid=1)]
    g = replay_clocks(G, events, date(2027, 5, 2)).guarantee
    assert g.guarantor_start == date(2027, 5, 1) and g.guarantor_expiry == date(2030, 5, 1)


def test_a_demand_on_a_general_guarantor_is_not_enough() -> None:
    general = LoanTerms(maturity_date=date(2025, 8, 31), has_guarantors=True,
                        guarantee_type=GENERAL)  # fmt: skip
    c = replay_clocks(general, [ev(date(2025, 10, 1), GUARANTOR, ack=True)], date(2025, 10, 2))
    assert c.guarantee.status == "running" and c.guarantee.demand_on is None
    assert [w[2] for w in c.warnings] == [Effect.GENERAL_DEMAND]
    assert replay_clocks(general, [], date(2026, 3, 1)).guarantee.status == "released"


def test_a_general_guarantee_is_kept_by_a_suit_within_the_period() -> None:
    sued = LoanTerms(maturity_date=date(2025, 8, 31), has_guarantors=True,
                     guarantee_type=GENERAL, sued_on=date(2026, 2, 28))  # fmt: skip
    assert replay_clocks(sued, [], date(2026, 6, 1)).guarantee.status == "suit"


# ----------------------------------------------------------------------------- enforcement


def test_enforcement_runs_two_years_from_the_judgments_last_day() -> None:
    terms = LoanTerms(maturity_date=MATURITY, sued_on=date(2023, 1, 1),
                      judgment_due_on=date(2024, 2, 29))  # fmt: skip
    on_day = replay_clocks(terms, [], date(2026, 2, 28)).enforcement
    assert on_day.deadline == date(2026, 2, 28) and on_day.status == "open"
    assert replay_clocks(terms, [], date(2026, 3, 1)).enforcement.status == "lapsed"


def test_an_enforcement_status_with_its_date_replaces_the_deadline() -> None:
    terms = LoanTerms(
        maturity_date=MATURITY,
        judgment_due_on=date(2024, 1, 1),
        enforcement_status="终结本次执行",
        enforcement_on=date(2025, 3, 1),
    )
    e = replay_clocks(terms, [], date(2026, 6, 1)).enforcement
    assert e.status == "terminated" and e.on == date(2025, 3, 1) and e.applied


# ----------------------------------------------------------------------------- plans


def test_deadline_days_take_the_nearer_of_limitation_and_an_open_guarantee() -> None:
    c = replay_clocks(G, [], date(2026, 2, 1))
    assert c.deadline_days() == 27  # guarantee ends 2026-02-28
    assert replay_clocks(TERMS, [], date(2025, 7, 1)).deadline_days() is None  # expired


def test_a_step_by_step_replay_gives_the_status_before_each_event() -> None:
    from core.clocks import ClockReplay

    r = ClockReplay(TERMS)
    assert r.status(date(2025, 7, 1)) is S.EXPIRED
    r.apply(ev(date(2025, 7, 1), RELATIVE, ack=True))  # after expiry: nothing
    assert r.status(date(2025, 7, 2)) is S.EXPIRED
    r.apply(ev(date(2025, 7, 2), BORROWER, ack=True))  # a waiver
    assert r.status(date(2025, 7, 3)) is S.SAFE
    assert [e[2] for e in r.clocks(date(2025, 7, 3)).effects] == [
        Effect.RELATIVE_AFTER_EXPIRY,
        Effect.WAIVER,
    ]


# ----------------------------------------------------------------------------- mortgage


MORTGAGED = LoanTerms(maturity_date=MATURITY, mortgage=True)


def test_a_mortgage_is_protected_to_the_last_day_of_the_main_claims_limitation() -> None:
    c = replay_clocks(MORTGAGED, [], date(2025, 6, 30))
    assert c.mortgage is not None
    assert (c.mortgage.end, c.mortgage.status, c.mortgage.days) == (date(2025, 6, 30),
                                                                      "protected", 0)  # fmt: skip
    assert c.mortgage.reason == "m.protected"
    after = replay_clocks(MORTGAGED, [], date(2025, 7, 1)).mortgage
    assert after is not None and after.status == "lapsed" and after.reason == "m.lapsed"


def test_a_mortgage_follows_a_restarted_limitation() -> None:
    c = replay_clocks(MORTGAGED, [ev(date(2025, 6, 30), RELATIVE, ack=True)], date(2025, 7, 1))
    assert c.mortgage is not None
    assert (c.mortgage.end, c.mortgage.status) == (date(2028, 6, 30), "protected")


def test_a_mortgage_revived_only_by_the_borrowers_waiver_is_flagged() -> None:
    c = replay_clocks(MORTGAGED, [ev(date(2025, 8, 1), BORROWER, ack=True)], date(2025, 8, 2))
    assert c.mortgage is not None
    assert (c.mortgage.end, c.mortgage.status) == (date(2028, 8, 1), "waived")


def test_a_mortgage_beyond_twenty_years_or_in_litigation() -> None:
    beyond = replay_clocks(MORTGAGED, [], date(2042, 7, 1)).mortgage
    assert beyond is not None and beyond.status == "lapsed"
    sued = LoanTerms(maturity_date=MATURITY, mortgage=True, sued_on=date(2024, 1, 1))
    c = replay_clocks(sued, [], date(2025, 7, 1)).mortgage
    assert c is not None and c.status == "litigation"


def test_only_a_loan_whose_guarantee_names_a_mortgage_has_the_line() -> None:
    assert replay_clocks(TERMS, [], date(2025, 6, 30)).mortgage is None
    assert is_mortgage("抵押") and is_mortgage("保证+抵押")
    assert not is_mortgage("质押") and not is_mortgage("保证") and not is_mortgage(None)
