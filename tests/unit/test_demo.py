"""The demo camp and loan list (SPEC §5.1 `demo`): realistic, valid and reproducible."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

import pytest

from core.camp import DEFAULT_SCORING
from core.campfile import load_camp_file
from core.demo import demo_camp, demo_loans, id_check_digit, team_names, township_names
from core.records import RISK_CLASSES, SEGMENTS
from core.scoring import TEMPLATE_GUARDS
from tests.conftest import SAMPLES

FLOOR_DAYS = ((360, "损失"), (270, "可疑"), (90, "次级"), (0, "关注"))


def floor_class(days: int) -> str:
    return next((cls for above, cls in FLOOR_DAYS if days > above), "正常")


def gb11643_ok(number: str) -> bool:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    total = sum(int(d) * w for d, w in zip(number[:17], weights, strict=True))
    return number[17] == "10X98765432"[total % 11]


@pytest.fixture(scope="module")
def cfg():
    return demo_camp()


@pytest.fixture(scope="module")
def loans(cfg):
    return demo_loans(cfg)


# ---------------------------------------------------------------- the camp


def test_the_demo_camp_has_code_demo_and_a_bank_camp_name(cfg):
    assert cfg.code == "demo"
    assert cfg.name == "示范农商银行2026年冬季不良贷款清收训练营"
    assert cfg.bank
    assert cfg.start_date == date(2026, 12, 1)
    assert cfg.field_days == (3, 4, 5, 6, 7)
    assert cfg.scoring == {**DEFAULT_SCORING, **TEMPLATE_GUARDS}  # the template rules (§4.7)


def test_the_demo_camp_has_eight_teams_by_default_with_猛虎队_first(cfg):
    assert len(cfg.teams) == 8
    assert cfg.teams[0].name == "猛虎队"
    assert len({t.name for t in cfg.teams}) == 8


def test_each_demo_team_has_three_to_five_members_unique_across_the_camp(cfg):
    members = [m for t in cfg.teams for m in t.members]
    assert all(3 <= len(t.members) <= 5 for t in cfg.teams)
    assert len(members) == len(set(members))
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", m) for m in members)


def test_demo_targets_are_round_yuan_between_eight_hundred_thousand_and_three_million(cfg):
    for team in cfg.teams:
        assert team.target_fen % (100_000 * 100) == 0
        assert 800_000 * 100 <= team.target_fen <= 3_000_000 * 100


def test_each_demo_team_holds_two_or_three_townships_and_none_is_shared(cfg):
    townships = [t for team in cfg.teams for t in team.territories]
    assert all(2 <= len(team.territories) <= 3 for team in cfg.teams)
    assert len(townships) == len(set(townships))


def test_the_demo_camp_is_the_same_for_the_same_seed_and_differs_for_another():
    assert demo_camp(seed=5) == demo_camp(seed=5)
    assert demo_camp(seed=5) != demo_camp(seed=6)


def test_the_demo_camp_takes_a_start_date():
    cfg = demo_camp(start_date=date(2027, 6, 1))
    assert cfg.start_date == date(2027, 6, 1)
    assert "2027年夏季" in cfg.name


@pytest.mark.parametrize("teams", [1, 30, 75])
def test_the_demo_camp_scales_to_many_teams_with_distinct_names(teams):
    cfg = demo_camp(teams=teams)
    assert len(cfg.teams) == teams
    assert len({t.name for t in cfg.teams}) == teams
    members = [m for t in cfg.teams for m in t.members]
    assert len(members) == len(set(members))
    townships = [x for t in cfg.teams for x in t.territories]
    assert len(townships) == len(set(townships))


def test_a_demo_camp_without_teams_is_refused():
    with pytest.raises(ValueError):
        demo_camp(teams=0)


def test_team_and_township_names_are_distinct_however_many_are_asked():
    assert len(set(team_names(200))) == 200
    assert team_names(33)[32] == "猛虎二队"
    assert len(set(township_names(500))) == 500


# ---------------------------------------------------------------- the loans


def test_the_demo_loan_list_has_the_size_asked_and_rows_numbered_from_two(cfg, loans):
    assert len(loans) == 1500
    assert [r.row for r in loans] == list(range(2, 1502))
    assert len(demo_loans(cfg, n=7)) == 7
    assert demo_loans(cfg, n=0) == []


def test_the_same_seed_gives_the_same_loans_and_another_seed_other_loans(cfg, loans):
    assert demo_loans(cfg, seed=0) == loans
    other = demo_loans(cfg, seed=1)
    assert other != loans
    assert {r.loan_no for r in other} != {r.loan_no for r in loans}


def test_loan_numbers_are_unique_sixteen_digit_texts(loans):
    numbers = [r.loan_no for r in loans]
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(r"\d{16}", n) for n in numbers)


def test_id_numbers_have_valid_gb11643_check_digits(loans):
    ids = [r.id_number for r in loans if r.id_number]
    assert len(ids) > 0.8 * len(loans)
    assert all(re.fullmatch(r"\d{17}[\dX]", n) for n in ids)
    assert all(gb11643_ok(n) for n in ids)


def test_the_check_digit_helper_matches_a_known_id_number():
    assert id_check_digit("11010519491231002") == "X"
    assert id_check_digit("43012119750501124") == "X"


def test_phones_are_eleven_digit_mobiles(loans):
    phones = [r.phone for r in loans if r.phone]
    assert len(phones) > 0.9 * len(loans)
    assert all(re.fullmatch(r"1[3-9]\d{9}", p) for p in phones)


def test_about_eight_percent_of_loans_lie_in_townships_no_team_holds(cfg, loans):
    held = {t for team in cfg.teams for t in team.territories}
    outside = [r for r in loans if r.township not in held]
    assert 0.05 <= len(outside) / len(loans) <= 0.11
    assert len({r.township for r in outside}) >= 2
    assert {r.township for r in loans} >= held


def test_all_segments_are_present_in_a_rural_mix(loans):
    share = {s: c / len(loans) for s, c in Counter(r.segment for r in loans).items()}
    assert set(share) == set(SEGMENTS)
    assert 0.38 <= share["涉农"] <= 0.52
    assert 0.24 <= share["个人"] <= 0.36
    assert 0.19 <= share["小微"] <= 0.31


def test_every_loan_passes_the_importers_rules(loans):
    for r in loans:
        assert r.segment in SEGMENTS
        assert r.risk_class in RISK_CLASSES
        assert r.principal_fen > 0 and r.interest_fen >= 0
        assert isinstance(r.principal_fen, int) and isinstance(r.interest_fen, int)
        assert r.borrower and r.township and r.loan_no


def test_amounts_are_mostly_small_with_a_long_小微_tail(loans):
    yuan = sorted(r.principal_fen / 100 for r in loans)
    median = yuan[len(yuan) // 2]
    assert 20_000 <= median <= 100_000
    assert all(5_000 <= y <= 2_000_000 for y in yuan)
    small = [r.principal_fen / 100 for r in loans if r.segment != "小微"]
    assert max(small) <= 300_000
    assert max(r.principal_fen for r in loans if r.segment == "小微") > 300_000 * 100


def test_some_amounts_carry_fen_and_some_are_whole_yuan(loans):
    assert any(r.principal_fen % 100 for r in loans)
    assert any(r.principal_fen % 100 == 0 for r in loans)


def test_maturity_dates_agree_with_days_overdue_at_the_list_date(cfg, loans):
    for r in loans:
        assert r.days_overdue >= 1
        assert (cfg.start_date - r.maturity_date).days == r.days_overdue
        assert r.disbursed_on < r.maturity_date


def test_the_list_date_can_be_given(cfg):
    as_of = date(2026, 11, 20)
    for r in demo_loans(cfg, n=200, as_of=as_of):
        assert (as_of - r.maturity_date).days == r.days_overdue
        for day in (r.last_payment_on, r.last_ack_on, r.sued_on, r.judgment_due_on):
            assert day is None or day <= as_of


def test_aging_is_skewed_to_new_and_to_one_to_three_year_old_arrears(loans):
    days = Counter(
        "1-90" if d <= 90 else "91-360" if d <= 360 else "361-1095" if d <= 1095 else "1095+"
        for d in (r.days_overdue for r in loans)
    )
    assert days["1-90"] > 0.3 * len(loans)
    assert days["361-1095"] > 0.25 * len(loans)
    assert 0.03 * len(loans) < days["1095+"] < days["361-1095"]
    assert days["91-360"] > 0


def test_classes_mostly_meet_the_floor_and_about_five_percent_are_flagged(loans):
    order = list(RISK_CLASSES)
    better = [
        r for r in loans if order.index(r.risk_class) < order.index(floor_class(r.days_overdue))
    ]
    assert 0.02 <= len(better) / len(loans) <= 0.08


def test_about_three_percent_are_written_off_and_all_of_them_are_old_losses(loans):
    written_off = [r for r in loans if r.written_off]
    assert 0.015 <= len(written_off) / len(loans) <= 0.05
    assert all(r.days_overdue > 360 and r.risk_class == "损失" for r in written_off)


def test_some_loans_are_in_litigation_and_some_have_judgments(loans):
    sued = [r for r in loans if r.sued_on]
    assert 0.03 <= len(sued) / len(loans) <= 0.08
    assert any(r.judgment_due_on for r in sued)
    assert all(r.judgment_due_on is None or r.sued_on for r in loans)
    assert all(r.maturity_date < r.sued_on for r in sued)


def test_about_half_the_loans_have_guarantors_under_a_保证_guarantee(loans):
    guaranteed = [r for r in loans if r.guarantors]
    assert 0.4 <= len(guaranteed) / len(loans) <= 0.6
    assert all(r.guarantee == "保证" for r in guaranteed)
    assert any(r.guarantee_until for r in guaranteed)
    assert all(r.guarantee_until > r.maturity_date for r in guaranteed if r.guarantee_until)


def test_clock_dates_are_sometimes_given_and_never_after_the_list_date(cfg, loans):
    assert any(r.last_payment_on for r in loans)
    assert any(r.last_ack_on for r in loans)
    for r in loans:
        if r.last_payment_on:
            assert r.disbursed_on < r.last_payment_on < cfg.start_date
        if r.last_ack_on:
            assert r.maturity_date < r.last_ack_on < cfg.start_date


def test_names_are_chinese_and_repeat_as_in_real_life(loans):
    names = Counter(r.borrower for r in loans)
    assert len(names) < len(loans)
    people = [r.borrower for r in loans if r.id_number]
    assert all(re.fullmatch(r"[\u4e00-\u9fff]{2,3}", n) for n in people)


def test_there_are_six_to_fifteen_account_managers(loans):
    managers = {r.manager for r in loans if r.manager}
    assert 6 <= len(managers) <= 15


def test_most_borrowers_are_汉族_with_some_minorities(loans):
    ethnicity = Counter(r.ethnicity for r in loans if r.ethnicity)
    assert ethnicity["汉族"] > 0.75 * sum(ethnicity.values())
    assert len(ethnicity) >= 4


def test_customer_types_and_notes_are_mostly_empty(loans):
    assert sum(1 for r in loans if r.customer_type) < 0.15 * len(loans)
    assert sum(1 for r in loans if r.notes) < 0.15 * len(loans)
    assert any(r.customer_type for r in loans)


def test_villages_are_given(loans):
    assert all(r.village and r.village.endswith("村") for r in loans)


def test_demo_loans_fit_another_camps_territories():
    cfg = load_camp_file(SAMPLES / "camp_sample.toml")
    loans = demo_loans(cfg, n=500, seed=2)
    held = {t for team in cfg.teams for t in team.territories}
    assert sum(r.township in held for r in loans) > 0.85 * len(loans)


def test_demo_loans_for_a_camp_without_territories_are_all_outside():
    cfg = demo_camp()
    cfg = type(cfg)(code="x", name="x", bank="", start_date=cfg.start_date)
    loans = demo_loans(cfg, n=50)
    assert len(loans) == 50
    assert {r.township for r in loans} <= set(township_names(3))


def test_fifty_thousand_demo_loans_have_fifty_thousand_loan_numbers(cfg):
    # How fast they are made is measured by benchmarks/bench_demo.py, not asserted here:
    # a timed assertion fails on a busy machine, not on slow code.
    loans = demo_loans(cfg, n=50_000, seed=9)
    assert len({r.loan_no for r in loans}) == 50_000


def test_a_demo_date_window_stays_sensible(cfg, loans):
    oldest = min(r.maturity_date for r in loans)
    assert cfg.start_date - oldest < timedelta(days=365 * 12)
