"""Replaying one loan's visits into points (SPEC §4.7) and members' shares."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.camp import DEFAULT_SCORING
from core.loans import LimitationStatus
from core.scoring import (
    INCOMPLETE_PROMISE,
    LoanStart,
    OverCollection,
    Rules,
    VisitFacts,
    VisitScore,
    member_shares,
    replay,
    replay_order,
)

TZ = ZoneInfo("Asia/Shanghai")
RULES = Rules.from_mapping(DEFAULT_SCORING)  # 10 / 5 / 15 per 10k; settled 5, ack 1/3, promise 1

# A loan that matured a year before the camp: its limitation is safe.
SAFE_LOAN = LoanStart(
    principal_fen=10_000_000,  # 100,000.00 元
    interest_fen=500_000,  # 5,000.00 元
    written_off=False,
    maturity_date=date(2025, 12, 1),
)
# Matured in March 2024: expires March 2027, 90-odd days after the camp → urgent.
URGENT_LOAN = replace(SAFE_LOAN, maturity_date=date(2024, 3, 1))
# Matured in 2022 with nothing since: expired in 2025.
EXPIRED_LOAN = replace(SAFE_LOAN, maturity_date=date(2022, 6, 30))


def when(day: int, hhmm: str = "10:00") -> datetime:
    """December `day`, 2026 at HH:MM in the camp's zone."""
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime(2026, 12, day, h, m, tzinfo=TZ)


def visit(id: int | str, at: datetime, **kw: Any) -> VisitFacts:
    kw.setdefault("team", "猛虎队")
    kw.setdefault("contact", "见到本人")
    kw.setdefault("members", ("李明", "王芳"))
    return VisitFacts(id=id, visited_at=at, **kw)


def score(start: LoanStart, *visits: VisitFacts, rules: Rules = RULES) -> list[VisitScore]:
    return replay(start, visits, rules, TZ)


def one(start: LoanStart, v: VisitFacts, rules: Rules = RULES) -> VisitScore:
    (result,) = score(start, v, rules=rules)
    return result


# --- rules ------------------------------------------------------------------------------


def test_rules_read_from_the_camp_file_are_exact_decimals() -> None:
    rules = Rules.from_mapping({"principal_per_10k": "12.5", "ack": 2, "promise": Decimal("0.5")})
    assert rules.principal_per_10k == Decimal("12.5")
    assert rules.ack == Decimal(2)
    assert rules.promise == Decimal("0.5")
    assert rules.interest_per_10k == DEFAULT_SCORING["interest_per_10k"]  # default fills in


def test_a_misspelt_scoring_rule_is_rejected_rather_than_scoring_zero() -> None:
    with pytest.raises(ValueError, match="ack_urgnet"):
        Rules.from_mapping({"ack_urgnet": 3})


def test_a_negative_scoring_weight_is_rejected() -> None:
    with pytest.raises(ValueError):
        Rules.from_mapping({"settled": -5})


# --- money points -------------------------------------------------------------------------


def test_principal_earns_points_in_proportion_rounded_once_per_visit() -> None:
    # 12,345.67 元 at 10 per 10,000 元 = 12.345670 exactly → 12.35.
    result = one(SAFE_LOAN, visit(1, when(3), principal_fen=1_234_567))
    assert result.points == 1235
    assert result.principal_fen == 1_234_567
    assert result.interest_fen == result.written_off_fen == 0
    assert result.cash_fen == 1_234_567


def test_a_visits_points_are_the_exact_sum_rounded_not_a_sum_of_rounded_parts() -> None:
    # principal 1,004.50 元 → 1.0045; interest 9.00 元 at 5 → 0.0045; sum 1.0090 → 1.01.
    # Rounding each part first would give 1.00 + 0.00 = 1.00.
    result = one(SAFE_LOAN, visit(1, when(3), principal_fen=100_450, interest_fen=900))
    assert result.points == 101


def test_a_half_hundredth_rounds_up() -> None:
    # 5.00 元 at 10 per 10k = 0.005 → 0.01.
    assert one(SAFE_LOAN, visit(1, when(3), principal_fen=500)).points == 1
    # 4.99 元 → 0.00499 → 0.00.
    assert one(SAFE_LOAN, visit(1, when(3), principal_fen=499)).points == 0


def test_interest_earns_its_own_weight() -> None:
    result = one(SAFE_LOAN, visit(1, when(3), interest_fen=2_000_000))  # 20,000 元 at 5
    assert result.points == 1000
    assert result.interest_fen == 2_000_000


def test_everything_collected_on_a_written_off_loan_earns_the_written_off_weight() -> None:
    loan = replace(SAFE_LOAN, written_off=True)
    result = one(loan, visit(1, when(3), principal_fen=1_000_000, interest_fen=200_000))
    # (10,000 + 2,000) 元 at 15 per 10k = 18.00
    assert result.points == 1800
    assert result.written_off_fen == 1_200_000
    assert result.principal_fen == result.interest_fen == 0
    assert result.cash_fen == 1_200_000
    assert result.principal_after == 9_000_000
    assert result.interest_after == 300_000


def test_a_visit_that_collects_nothing_and_signs_nothing_earns_nothing() -> None:
    result = one(SAFE_LOAN, visit(1, when(3), contact="未见到"))
    assert result.points == 0
    assert result.principal_after == SAFE_LOAN.principal_fen
    assert result.warnings == ()


# --- balances -----------------------------------------------------------------------------


def test_collections_reduce_the_balances_in_time_order() -> None:
    results = score(
        SAFE_LOAN,
        visit(2, when(4), principal_fen=3_000_000),
        visit(1, when(3), principal_fen=1_000_000, interest_fen=100_000),
    )
    assert [r.id for r in results] == [1, 2]
    assert [r.principal_after for r in results] == [9_000_000, 6_000_000]
    assert [r.interest_after for r in results] == [400_000, 400_000]


def test_interest_beyond_the_owed_interest_scores_but_owed_interest_stops_at_zero() -> None:
    # The list said 5,000 元 owed; interest kept accruing and 6,000 元 was paid.
    result = one(SAFE_LOAN, visit(1, when(3), interest_fen=600_000))
    assert result.interest_after == 0
    assert result.interest_fen == 600_000
    assert result.points == 300  # 6,000 元 at 5 per 10k


def test_collecting_more_principal_than_outstanding_names_the_visit() -> None:
    with pytest.raises(OverCollection) as info:
        score(SAFE_LOAN, visit("V-7", when(3), principal_fen=10_000_001))
    err = info.value
    assert err.visit_id == "V-7"
    assert err.outstanding_fen == 10_000_000
    assert err.collected_fen == 10_000_001
    assert "V-7" in str(err)
    assert "100,000.00" in str(err)
    assert isinstance(err, ValueError)


def test_an_earlier_visit_typed_in_late_makes_the_stored_later_visit_over_collect() -> None:
    stored = visit("later", when(5), principal_fen=8_000_000)
    assert score(SAFE_LOAN, stored)[0].principal_after == 2_000_000
    late = visit("earlier", when(4), principal_fen=3_000_000)
    with pytest.raises(OverCollection) as info:
        score(SAFE_LOAN, stored, late)
    assert info.value.visit_id == "later"
    assert info.value.outstanding_fen == 7_000_000


def test_collecting_exactly_the_outstanding_principal_is_fine() -> None:
    result = one(SAFE_LOAN, visit(1, when(3), principal_fen=10_000_000))
    assert result.principal_after == 0


# --- settled ------------------------------------------------------------------------------


def test_the_visit_that_clears_principal_and_owed_interest_earns_settled() -> None:
    results = score(
        SAFE_LOAN,
        visit(1, when(3), principal_fen=10_000_000),
        visit(2, when(4), interest_fen=500_000),
    )
    assert [r.settled for r in results] == [False, True]
    # 2.50 for the interest + 5 for settling.
    assert results[1].points == 750


def test_settling_in_one_visit_earns_the_money_points_and_settled() -> None:
    result = one(SAFE_LOAN, visit(1, when(3), principal_fen=10_000_000, interest_fen=500_000))
    assert result.settled
    assert result.points == 10000 + 250 + 500  # 100 + 2.50 + 5


def test_a_written_off_loan_can_be_settled_too() -> None:
    loan = replace(SAFE_LOAN, written_off=True, principal_fen=100_000, interest_fen=0)
    result = one(loan, visit(1, when(3), principal_fen=100_000))
    assert result.settled
    assert result.points == 150 + 500  # 1,000 元 at 15 per 10k + 5


def test_a_loan_listed_at_zero_never_earns_settled() -> None:
    loan = replace(SAFE_LOAN, principal_fen=0, interest_fen=0)
    result = one(loan, visit(1, when(3), interest_fen=10_000))
    assert not result.settled
    assert result.points == 5  # 100 元 of interest at 5 per 10k = 0.05


def test_only_the_visit_that_settles_earns_settled_not_later_payments() -> None:
    results = score(
        SAFE_LOAN,
        visit(1, when(3), principal_fen=10_000_000, interest_fen=500_000),
        visit(2, when(4), interest_fen=10_000),
    )
    assert [r.settled for r in results] == [True, False]


# --- acknowledgements -----------------------------------------------------------------------


def test_the_first_signed_acknowledgement_earns_ack() -> None:
    results = score(
        SAFE_LOAN,
        visit(1, when(3), ack=True),
        visit(2, when(4), ack=True),
    )
    assert [(r.ack, r.ack_urgent, r.points) for r in results] == [
        (True, False, 100),
        (False, False, 0),
    ]
    assert results[0].limitation_before is LimitationStatus.SAFE
    assert results[0].first_ack and not results[1].first_ack


def test_an_earlier_visit_entered_later_takes_the_first_acknowledgement_points() -> None:
    night = visit("night", when(4, "23:30"), team="飞鹰队", ack=True)
    morning = visit("morning", when(5, "09:00"), ack=True)
    before = score(SAFE_LOAN, morning)
    assert before[0].ack
    after = {r.id: r for r in score(SAFE_LOAN, morning, night)}
    assert after["night"].ack and after["night"].points == 100
    assert not after["morning"].ack and after["morning"].points == 0


def test_a_relatives_signature_is_the_borrowers_acknowledgement() -> None:
    assert one(SAFE_LOAN, visit(1, when(3), contact="见到家属", ack=True)).ack


def test_a_guarantors_signature_earns_no_acknowledgement_points() -> None:
    results = score(
        SAFE_LOAN,
        visit(1, when(3), contact="见到保证人", ack=True),
        visit(2, when(4), contact="见到本人", ack=True),
    )
    assert [r.ack for r in results] == [False, True]
    assert results[0].points == 0


def test_the_first_acknowledgement_on_an_expired_loan_earns_ack_urgent() -> None:
    result = one(EXPIRED_LOAN, visit(1, when(3), ack=True))
    assert result.limitation_before is LimitationStatus.EXPIRED
    assert result.ack_urgent and not result.ack
    assert result.points == 300


def test_the_first_acknowledgement_on_an_urgent_loan_earns_ack_urgent() -> None:
    result = one(URGENT_LOAN, visit(1, when(3), ack=True))
    assert result.limitation_before is LimitationStatus.URGENT
    assert result.ack_urgent and result.points == 300


def test_an_acknowledgement_on_a_loan_in_watch_earns_plain_ack() -> None:
    loan = replace(SAFE_LOAN, maturity_date=date(2024, 9, 1))  # expires Sep 2027: watch
    result = one(loan, visit(1, when(3), ack=True))
    assert result.limitation_before is LimitationStatus.WATCH
    assert result.ack and result.points == 100


def test_an_acknowledgement_on_a_loan_in_litigation_earns_plain_ack() -> None:
    loan = replace(EXPIRED_LOAN, sued_on=date(2025, 1, 10))
    result = one(loan, visit(1, when(3), ack=True))
    assert result.limitation_before is LimitationStatus.LITIGATION
    assert result.ack and not result.ack_urgent
    assert result.points == 100


def test_the_lists_last_payment_and_last_ack_restart_the_clock() -> None:
    paid = replace(EXPIRED_LOAN, last_payment_on=date(2025, 6, 1))
    signed = replace(EXPIRED_LOAN, last_ack_on=date(2025, 6, 1))
    assert one(paid, visit(1, when(3), ack=True)).ack
    assert one(signed, visit(1, when(3), ack=True)).ack


def test_an_earlier_camp_payment_restarts_the_clock_so_a_later_ack_is_no_longer_urgent() -> None:
    results = score(
        URGENT_LOAN,
        visit(1, when(3), contact="到行还款", members=(), principal_fen=100_000),
        visit(2, when(5), ack=True),
    )
    assert results[0].limitation_before is LimitationStatus.URGENT
    assert results[1].limitation_before is LimitationStatus.SAFE
    assert results[1].ack and not results[1].ack_urgent


def test_a_payment_later_the_same_day_does_not_rescue_an_earlier_acknowledgement() -> None:
    results = score(
        URGENT_LOAN,
        visit(2, when(3, "15:00"), principal_fen=100_000),
        visit(1, when(3, "09:00"), ack=True),
    )
    assert results[0].id == 1 and results[0].ack_urgent


def test_a_guarantor_demand_or_a_promise_does_not_restart_the_borrowers_clock() -> None:
    results = score(
        URGENT_LOAN,
        visit(1, when(3), contact="见到保证人", ack=True),
        visit(
            2,
            when(4),
            contact="见到本人",
            promise_date=date(2026, 12, 20),
            promise_amount_fen=100_000,
            promise_method="转账",
        ),
        visit(3, when(5), ack=True),
    )
    assert results[2].limitation_before is LimitationStatus.URGENT
    assert results[2].ack_urgent


def test_the_limitation_is_read_at_the_visits_local_date() -> None:
    # Expiry 1 March 2027; urgent up to 180 days before, i.e. from 2 Sep 2026 onwards.
    loan = replace(SAFE_LOAN, maturity_date=date(2024, 3, 1))
    # 2026-09-01 23:30 in Shanghai is still 1 September: 181 days → watch.
    late_night = datetime(2026, 9, 1, 23, 30, tzinfo=TZ)
    assert one(loan, visit(1, late_night, ack=True)).limitation_before is LimitationStatus.WATCH
    # 2026-09-01 16:30 UTC is already 2 September in Shanghai: 180 days → urgent.
    same_utc_evening = datetime(2026, 9, 1, 16, 30, tzinfo=UTC)
    status = one(loan, visit(1, same_utc_evening, ack=True)).limitation_before
    assert status is LimitationStatus.URGENT


# --- promises -------------------------------------------------------------------------------

COMPLETE = {
    "promise_date": date(2026, 12, 20),
    "promise_amount_fen": 500_000,
    "promise_method": "转账",
}


def test_the_first_complete_promise_earns_promise_points() -> None:
    results = score(SAFE_LOAN, visit(1, when(3), **COMPLETE), visit(2, when(4), **COMPLETE))
    assert [(r.promise, r.promise_complete, r.points) for r in results] == [
        (True, True, 100),
        (False, True, 0),
    ]


@pytest.mark.parametrize(
    "missing",
    [
        {"promise_date": None},
        {"promise_amount_fen": None},
        {"promise_amount_fen": 0},
        {"promise_method": None},
        {"promise_method": "  "},
    ],
    ids=["no-date", "no-amount", "zero-amount", "no-method", "blank-method"],
)
def test_an_incomplete_promise_earns_nothing_and_carries_a_warning(
    missing: dict[str, Any],
) -> None:
    result = one(SAFE_LOAN, visit(1, when(3), **{**COMPLETE, **missing}))
    assert not result.promise and not result.promise_complete
    assert result.points == 0
    assert result.warnings == (INCOMPLETE_PROMISE,)


def test_an_incomplete_promise_does_not_use_up_the_first_promise() -> None:
    results = score(
        SAFE_LOAN,
        visit(1, when(3), promise_date=date(2026, 12, 20)),
        visit(2, when(4), **COMPLETE),
    )
    assert [r.promise for r in results] == [False, True]
    assert results[0].warnings == (INCOMPLETE_PROMISE,)
    assert results[1].warnings == ()


def test_a_visit_without_any_promise_has_no_warning() -> None:
    assert one(SAFE_LOAN, visit(1, when(3), promise_amount_fen=0)).warnings == ()


def test_one_visit_can_earn_money_settled_ack_and_promise_together() -> None:
    loan = replace(URGENT_LOAN, principal_fen=2_000_000, interest_fen=0)
    result = one(loan, visit(1, when(3), principal_fen=2_000_000, ack=True, **COMPLETE))
    # 20 (principal) + 5 (settled) + 3 (ack_urgent) + 1 (promise)
    assert result.points == 2900
    assert result.settled and result.ack_urgent and result.promise


# --- order ----------------------------------------------------------------------------------


def test_same_minute_visits_are_ordered_by_team_name_then_the_rest_of_the_row() -> None:
    same = when(4, "10:00")
    visits = [
        visit("c", same, team="飞鹰队", tiebreak=(2,)),
        visit("b", same, team="飞鹰队", tiebreak=(1,)),
        visit("a", same, team="猛虎队", tiebreak=(0,)),
        visit("z", when(4, "09:59"), team="雄狮队"),
    ]
    # Unicode code points, not pinyin: 猛 (U+731B) comes before 飞 (U+98DE).
    assert "猛虎队" < "飞鹰队"
    assert [v.id for v in replay_order(visits)] == ["z", "a", "b", "c"]


def test_a_same_minute_acknowledgement_goes_to_the_team_whose_name_comes_first() -> None:
    same = when(4, "10:00")
    results = score(
        SAFE_LOAN,
        visit("eagle", same, team="飞鹰队", ack=True),
        visit("tiger", same, team="猛虎队", ack=True),
    )
    assert [(r.id, r.ack) for r in results] == [("tiger", True), ("eagle", False)]


def test_replay_order_compares_moments_not_wall_clock_text() -> None:
    earlier = visit("utc", datetime(2026, 12, 4, 1, 0, tzinfo=UTC))  # 09:00 in Shanghai
    later = visit("local", when(4, "09:30"))
    assert [v.id for v in replay_order([later, earlier])] == ["utc", "local"]


def test_empty_cells_in_the_tiebreak_sort_first_instead_of_failing() -> None:
    same = when(4, "10:00")
    visits = [visit("b", same, tiebreak=("x",)), visit("a", same, tiebreak=(None,))]
    assert [v.id for v in replay_order(visits)] == ["a", "b"]


def test_a_loan_without_visits_has_no_scores() -> None:
    assert score(SAFE_LOAN) == []


# --- facts that cannot be scored ---------------------------------------------------------------


def test_a_visit_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError):
        visit(1, datetime(2026, 12, 4, 10, 0))


def test_an_unknown_contact_result_is_refused() -> None:
    with pytest.raises(ValueError):
        visit(1, when(3), contact="见到邻居")


def test_a_negative_collection_is_refused() -> None:
    with pytest.raises(ValueError):
        visit(1, when(3), principal_fen=-1)


# --- member shares ------------------------------------------------------------------------------


def test_members_share_a_visit_equally_each_share_rounded() -> None:
    shares = member_shares(1000, 100_000, ("李明", "王芳", "赵强"))
    # 10.00 points and 1,000.00 元 over three: 3.33 and 333.33 元 each.
    assert shares == {"李明": (333, 33_333), "王芳": (333, 33_333), "赵强": (333, 33_333)}
    assert sum(p for p, _ in shares.values()) == 999  # shares need not add up


def test_a_half_hundredth_share_rounds_up() -> None:
    # 0.05 points and 0.05 元 over two: 0.025 → 0.03 and 2.5 fen → 3 fen.
    assert member_shares(5, 5, ("李明", "王芳")) == {"李明": (3, 3), "王芳": (3, 3)}


def test_a_single_collector_gets_the_whole_visit() -> None:
    assert member_shares(1235, 1_234_567, ("李明",)) == {"李明": (1235, 1_234_567)}


def test_a_branch_payment_without_members_gives_no_member_shares() -> None:
    assert member_shares(1000, 100_000, ()) == {}


def test_a_member_listed_twice_gets_one_share() -> None:
    assert member_shares(1000, 0, ("李明", "李明")) == {"李明": (1000, 0)}


@given(
    points=st.integers(min_value=0, max_value=10**7),
    cash=st.integers(min_value=0, max_value=10**12),
    n=st.integers(min_value=1, max_value=9),
)
def test_each_share_is_within_half_a_unit_of_the_exact_share(
    points: int, cash: int, n: int
) -> None:
    members = tuple(f"m{i}" for i in range(n))
    shares = member_shares(points, cash, members)
    assert set(shares) == set(members)
    for p, c in shares.values():
        assert abs(Decimal(p) - Decimal(points) / n) <= Decimal("0.5")
        assert abs(Decimal(c) - Decimal(cash) / n) <= Decimal("0.5")
