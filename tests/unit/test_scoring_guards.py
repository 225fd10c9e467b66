"""The optional rules against gaming (SPEC §4.7), each on and off and at its boundary,
and a relative's signature after expiry (§4.4)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from core.camp import DEFAULT_SCORING
from core.loans import LimitationStatus
from core.scoring import (
    PROMISE_BEFORE_VISIT,
    PROMISE_TOO_FAR,
    PROMISE_TOO_SMALL,
    RELATIVE_ACK_EXPIRED,
    TEMPLATE_GUARDS,
    LoanStart,
    Rules,
    VisitFacts,
    VisitScore,
    replay,
)

TZ = ZoneInfo("Asia/Shanghai")
PLAIN = Rules.from_mapping(DEFAULT_SCORING)
TEMPLATE = Rules.from_mapping({**DEFAULT_SCORING, **TEMPLATE_GUARDS})

SAFE_LOAN = LoanStart(
    principal_fen=10_000_000, interest_fen=500_000, written_off=False,
    maturity_date=date(2025, 12, 1),
)  # fmt: skip
WATCH_LOAN = replace(SAFE_LOAN, maturity_date=date(2024, 9, 1))  # expires 2027-09-01
URGENT_LOAN = replace(SAFE_LOAN, maturity_date=date(2024, 3, 1))  # expires 2027-03-01
EXPIRED_LOAN = replace(SAFE_LOAN, maturity_date=date(2022, 6, 30))
SUED_LOAN = replace(SAFE_LOAN, sued_on=date(2026, 1, 5))


def when(day: int, hhmm: str = "10:00", month: int = 12) -> datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return datetime(2026, month, day, h, m, tzinfo=TZ)


def visit(id: int | str, at: datetime, **kw: Any) -> VisitFacts:
    kw.setdefault("team", "猛虎队")
    kw.setdefault("contact", "见到本人")
    kw.setdefault("members", ("李明", "王芳"))
    return VisitFacts(id=id, visited_at=at, **kw)


def promise(id: int | str, at: datetime, due: date, yuan: int, **kw: Any) -> VisitFacts:
    return visit(id, at, promise_date=due, promise_amount_fen=yuan * 100,
                 promise_method="转账", **kw)  # fmt: skip


def score(start: LoanStart, *visits: VisitFacts, rules: Rules = TEMPLATE) -> list[VisitScore]:
    return replay(start, visits, rules, TZ)


def one(start: LoanStart, v: VisitFacts, rules: Rules = TEMPLATE) -> VisitScore:
    (result,) = score(start, v, rules=rules)
    return result


# --- reading the rules ----------------------------------------------------------------


def test_a_camp_file_without_the_rules_sets_no_limit() -> None:
    assert PLAIN.promise_max_days is None
    assert PLAIN.promise_min_amount is None
    assert PLAIN.promise_kept is None
    assert PLAIN.ack_min_status is None


def test_the_templates_rules_are_read_exactly() -> None:
    assert TEMPLATE.promise_max_days == 30
    assert TEMPLATE.promise_min_amount == Decimal(1000)
    assert TEMPLATE.promise_kept == Decimal(2)
    assert TEMPLATE.ack_min_status == "watch"
    assert TEMPLATE.reconcile_days == 3


@pytest.mark.parametrize(
    "key, value",
    [("ack_min_status", "soon"), ("promise_max_days", "2.5"), ("promise_min_amount", "-1")],
)
def test_a_wrong_rule_value_is_refused(key: str, value: str) -> None:
    with pytest.raises(ValueError, match=key):
        Rules.from_mapping({key: value})


# --- promise_max_days -------------------------------------------------------------------


def test_a_promise_due_exactly_the_maximum_days_after_the_visit_counts() -> None:
    assert one(SAFE_LOAN, promise(1, when(5), date(2027, 1, 4), 1000)).promise  # 30 days


def test_a_promise_due_one_day_more_than_the_maximum_earns_nothing() -> None:
    result = one(SAFE_LOAN, promise(1, when(5), date(2027, 1, 5), 1000))  # 31 days
    assert not result.promise and result.points == 0
    assert PROMISE_TOO_FAR in result.warnings


def test_without_the_rule_a_promise_due_in_2035_still_scores() -> None:
    assert one(SAFE_LOAN, promise(1, when(5), date(2035, 1, 1), 1), rules=PLAIN).points == 100


def test_a_promise_dated_before_its_visit_never_scores() -> None:
    result = one(SAFE_LOAN, promise(1, when(5), date(2026, 12, 4), 5000), rules=PLAIN)
    assert not result.promise and PROMISE_BEFORE_VISIT in result.warnings


def test_a_promise_for_the_day_of_its_visit_counts() -> None:
    assert one(SAFE_LOAN, promise(1, when(5), date(2026, 12, 5), 1000)).promise


# --- promise_min_amount -----------------------------------------------------------------


def test_a_promise_of_exactly_the_minimum_amount_counts() -> None:
    assert one(SAFE_LOAN, promise(1, when(5), date(2026, 12, 20), 1000)).promise


def test_a_promise_one_fen_below_the_minimum_earns_nothing() -> None:
    v = replace(promise(1, when(5), date(2026, 12, 20), 1000), promise_amount_fen=99_999)
    result = one(SAFE_LOAN, v)
    assert not result.promise and PROMISE_TOO_SMALL in result.warnings


def test_a_small_promise_that_settles_what_is_owed_counts() -> None:
    small = LoanStart(principal_fen=50_000, interest_fen=0, written_off=False,
                      maturity_date=date(2025, 12, 1))  # fmt: skip
    assert one(small, promise(1, when(5), date(2026, 12, 20), 500)).promise


def test_a_rejected_promise_leaves_the_promise_points_to_a_later_one() -> None:
    first, second = score(
        SAFE_LOAN,
        promise(1, when(5), date(2030, 1, 1), 5000),
        promise(2, when(6), date(2026, 12, 20), 5000),
    )
    assert not first.promise and second.promise


# --- promise_kept -----------------------------------------------------------------------


def test_a_payment_on_the_promise_date_that_completes_the_promise_earns_the_kept_points() -> None:
    made, paid = score(
        SAFE_LOAN,
        promise(1, when(5), date(2026, 12, 8), 2000),
        visit(2, when(8, "23:00"), principal_fen=200_000),
    )
    assert made.points == 100
    assert paid.kept and paid.points == 200 + 200  # 2000 元 principal = 2.00, kept 2.00


def test_a_payment_the_day_after_the_promise_date_keeps_nothing() -> None:
    _, paid = score(
        SAFE_LOAN,
        promise(1, when(5), date(2026, 12, 8), 2000),
        visit(2, when(9, "00:30"), principal_fen=200_000),
    )
    assert not paid.kept and paid.points == 200


def test_partial_payments_keep_the_promise_when_they_reach_its_amount() -> None:
    _, part, rest = score(
        SAFE_LOAN,
        promise(1, when(5), date(2026, 12, 8), 2000),
        visit(2, when(6), principal_fen=100_000),
        visit(3, when(7), principal_fen=100_000),
    )
    assert not part.kept and rest.kept


def test_the_payment_made_with_the_promise_does_not_keep_it() -> None:
    (made,) = score(SAFE_LOAN, promise(1, when(5), date(2026, 12, 8), 2000, principal_fen=200_000))
    assert not made.kept


def test_without_the_rule_a_kept_promise_earns_nothing_more() -> None:
    _, paid = score(
        SAFE_LOAN,
        promise(1, when(5), date(2026, 12, 8), 2000),
        visit(2, when(8), principal_fen=200_000),
        rules=PLAIN,
    )
    assert paid.points == 200


def test_a_promise_kept_through_another_teams_payment_is_the_promise_teams() -> None:
    made, paid = score(
        SAFE_LOAN,
        promise(1, when(5), date(2026, 12, 8), 2000),
        visit(2, when(7), principal_fen=200_000, team="雄鹰队", contact="到行还款", members=()),
    )
    assert made.points == 100 + 200
    assert paid.points == 200 and paid.team == "雄鹰队"
    # the 2.00 are the promise's team's, earned at the payment: they land in its period
    assert (made.kept_moved, made.kept_at) == (200, when(7))


def test_a_promise_kept_by_its_own_team_stays_on_the_paying_visit() -> None:
    made, paid = score(
        SAFE_LOAN,
        promise(1, when(5), date(2026, 12, 8), 2000),
        visit(2, when(7), principal_fen=200_000),
    )
    assert (made.points, made.kept_moved, made.kept_at) == (100, 0, None)
    assert paid.points == 200 + 200 and paid.kept


# --- ack_min_status ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "level, loan, earns",
    [
        ("watch", SAFE_LOAN, 0),
        ("watch", WATCH_LOAN, 100),
        ("watch", URGENT_LOAN, 300),
        ("watch", EXPIRED_LOAN, 300),
        ("safe", SAFE_LOAN, 100),
        ("urgent", WATCH_LOAN, 0),
        ("urgent", URGENT_LOAN, 300),
        ("expired", URGENT_LOAN, 0),
        ("expired", EXPIRED_LOAN, 300),
        ("watch", SUED_LOAN, 0),
        ("safe", SUED_LOAN, 100),
    ],
)
def test_an_acknowledgement_scores_only_at_the_minimum_status_or_worse(
    level: str, loan: LoanStart, earns: int
) -> None:
    rules = replace(PLAIN, ack_min_status=level)
    assert one(loan, visit(1, when(5), ack=True), rules=rules).points == earns


def test_without_the_rule_a_safe_loans_signature_earns_the_plain_points() -> None:
    result = one(SAFE_LOAN, visit(1, when(5), ack=True), rules=PLAIN)
    assert result.ack and result.points == 100


# --- a relative's signature after expiry (§4.4) -----------------------------------------


def test_a_relatives_signature_on_an_expired_loan_never_scores_and_is_flagged() -> None:
    for rules in (PLAIN, TEMPLATE):
        result = one(EXPIRED_LOAN, visit(1, when(5), contact="见到家属", ack=True), rules=rules)
        assert result.points == 0 and not result.first_ack
        assert RELATIVE_ACK_EXPIRED in result.warnings


def test_a_relatives_signature_after_expiry_does_not_restart_the_clock() -> None:
    _, borrower = score(
        EXPIRED_LOAN,
        visit(1, when(5), contact="见到家属", ack=True),
        visit(2, when(6), ack=True),
        rules=PLAIN,
    )
    assert borrower.limitation_before == LimitationStatus.EXPIRED
    assert borrower.ack_urgent and borrower.points == 300


def test_a_relatives_signature_while_the_clock_runs_still_scores() -> None:
    result = one(URGENT_LOAN, visit(1, when(5), contact="见到家属", ack=True), rules=PLAIN)
    assert result.ack_urgent and not result.warnings


# --- the clocks of core.clocks in the replay (§4.4) -------------------------------------


def test_a_guarantors_payment_does_not_restart_the_borrowers_clock() -> None:
    _, signed = score(
        EXPIRED_LOAN,
        visit(1, when(5), contact="见到保证人", principal_fen=10_000),
        visit(2, when(6), ack=True),
        rules=PLAIN,
    )
    assert signed.limitation_before == LimitationStatus.EXPIRED
    assert signed.ack_urgent and signed.points == 300


def test_a_payment_after_expiry_counts_as_cash_but_does_not_revive_the_loan() -> None:
    paid, signed = score(
        EXPIRED_LOAN,
        visit(1, when(5), contact="到行还款", members=(), principal_fen=10_000),
        visit(2, when(6), ack=True),
    )
    assert paid.principal_fen == 10_000
    assert signed.limitation_before == LimitationStatus.EXPIRED and signed.ack_urgent


def test_a_payment_while_the_clock_runs_restarts_it() -> None:
    _, signed = score(
        URGENT_LOAN,
        visit(1, when(5), contact="到行还款", members=(), principal_fen=10_000),
        visit(2, when(6), ack=True),
        rules=PLAIN,
    )
    assert signed.limitation_before == LimitationStatus.SAFE and signed.ack


def test_beyond_the_twenty_year_cap_a_signature_earns_nothing() -> None:
    ancient = replace(SAFE_LOAN, maturity_date=date(2006, 12, 1), last_ack_on=date(2025, 1, 1))
    result = one(ancient, visit(1, when(5), ack=True), rules=PLAIN)
    assert result.limitation_before == LimitationStatus.BEYOND
    assert result.points == 0 and not result.first_ack
