"""Portfolio research figures (core.research) against a small camp computed by hand."""

from __future__ import annotations

from datetime import date

import pytest

from core import research as rs
from core.loans import LimitationStatus

AT = date(2026, 12, 14)
PLAN_DAY = date(2026, 12, 16)
CUSTOMS = {"回族": "尊重清真饮食习惯", "苗族": "节日期间避免上门"}


def loan(no: str, **kw: object) -> dict:
    base = {
        "loan_no": no,
        "borrower": f"借款人{no}",
        "segment": "小微",
        "township": "城关镇",
        "village": "红旗村",
        "team_id": 1,
        "principal_fen": 0,
        "interest_fen": 0,
        "maturity_date": date(2026, 1, 1),
        "days_overdue": None,
        "list_date": None,
        "guarantors": [],
    }
    return {**base, **kw}


# A small camp, every figure below worked out by hand at 2026-12-14.
LOANS = [
    # listed 1 day overdue on 2026-12-01 → 14 days at AT: 1–30, floor 关注, listed 正常 → flagged
    # limitation from maturity 2026-11-30 → 2029-11-30: safe
    loan("L1", borrower="张三丰", principal_fen=10_000_000, interest_fen=500_000,
         maturity_date=date(2026, 11, 30), days_overdue=1, list_date=date(2026, 12, 1),
         risk_class="正常", guarantors=["王五"], ethnicity="回族",
         promise_date=PLAN_DAY, promise_amount_fen=300_000, promise_method="转账"),
    # 196 days from maturity: 181–270, floor 次级 = listed; safe (2029-06-01)
    loan("L2", borrower="李四", segment="涉农", principal_fen=5_000_000,
         maturity_date=date(2026, 6, 1), risk_class="次级", guarantors=["王五", "王五"],
         ethnicity="汉族", team_id=2),
    # 1263 days: 1095+, floor 损失, listed 可疑 → flagged; last repayment 2023-10-10 →
    # expired on 2026-10-10
    loan("L3", borrower="王小五", segment="个人", township="石桥乡", village="新村",
         principal_fen=2_000_000, interest_fen=100_000, maturity_date=date(2023, 6, 30),
         last_payment_on=date(2023, 10, 10), risk_class="可疑", ethnicity="苗族"),
    # 1018 days: 361–1095, floor 损失, no listed class; a signed receipt before maturity
    # does not move the clock: 2027-03-01 is 77 days away → urgent
    loan("L4", borrower="赵六", township="石桥乡", village="东村", principal_fen=30_000_000,
         maturity_date=date(2024, 3, 1), last_ack_on=date(2024, 1, 1), customer_type="失联"),
    # 698 days: 361–1095, listed 损失; sued → litigation; judgment → enforce by 2027-09-30
    loan("L5", borrower="钱七", segment="涉农", township="石桥乡", village="光明村",
         principal_fen=8_000_000, maturity_date=date(2025, 1, 15), risk_class="损失",
         sued_on=date(2025, 5, 1), judgment_due_on=date(2025, 9, 30), team_id=2),
    # settled during the camp: out of every figure but `settled`
    loan("L6", borrower="孙结清", principal_fen=0, interest_fen=0, maturity_date=date(2024, 1, 1)),
    # 316 days: 271–360, floor 可疑, listed 关注 → flagged; safe (2029-02-01)
    loan("L7", borrower="周八", segment="个人", village="光明村", principal_fen=1_000_000,
         maturity_date=date(2026, 2, 1), risk_class="关注", ethnicity="回族"),
]  # fmt: skip


@pytest.fixture
def views() -> list[rs.LoanView]:
    return rs.analyse(LOANS, AT)


def groups(views: list[rs.LoanView], dimension: str) -> dict[str, tuple[int, int]]:
    return {g.key: (g.count, g.balance_fen) for g in rs.composition(views, dimension)}


def test_each_loan_gets_its_days_bucket_class_and_flag_as_worked_out_by_hand(views) -> None:
    got = {
        v.loan_no: (v.days_overdue, v.bucket, v.floor, v.risk_class, v.flagged, v.status)
        for v in views
    }
    assert got["L1"] == (14, "1–30", "关注", "关注", True, "safe")
    assert got["L2"] == (196, "181–270", "次级", "次级", False, "safe")
    assert got["L3"] == (1263, "1095+", "损失", "损失", True, "expired")
    assert got["L4"] == (1018, "361–1095", "损失", "损失", False, "urgent")
    assert got["L5"] == (698, "361–1095", "损失", "损失", False, "litigation")
    assert got["L7"] == (316, "271–360", "可疑", "可疑", True, "safe")


def test_the_summary_equals_the_sums_of_the_loan_list(views) -> None:
    s = rs.summary(views)
    assert (s.loans, s.settled) == (6, 1)
    assert s.balance_fen == 10_000_000 + 5_000_000 + 2_000_000 + 30_000_000 + 8_000_000 + 1_000_000
    assert s.interest_fen == 500_000 + 100_000
    # NPL = 次级 + 可疑 + 损失: L2, L3, L4, L5, L7 — not L1 (关注)
    assert (s.npl_count, s.npl_balance_fen) == (5, 46_000_000)
    assert s.npl_ratio == pytest.approx(46 / 56)
    assert (s.flagged, s.expired, s.urgent, s.in_litigation) == (3, 1, 1, 1)


def test_composition_by_segment_bucket_class_township_and_status(views) -> None:
    assert groups(views, "segment") == {
        "小微": (2, 40_000_000),
        "涉农": (2, 13_000_000),
        "个人": (2, 3_000_000),
    }
    assert groups(views, "bucket") == {
        "1–30": (1, 10_000_000),
        "31–60": (0, 0),
        "61–90": (0, 0),
        "91–180": (0, 0),
        "181–270": (1, 5_000_000),
        "271–360": (1, 1_000_000),
        "361–1095": (2, 38_000_000),
        "1095+": (1, 2_000_000),
    }
    assert groups(views, "risk_class") == {
        "正常": (0, 0),
        "关注": (1, 10_000_000),
        "次级": (1, 5_000_000),
        "可疑": (1, 1_000_000),
        "损失": (3, 40_000_000),
    }
    # townships by balance, largest first
    assert list(groups(views, "township").items()) == [
        ("石桥乡", (3, 40_000_000)),
        ("城关镇", (3, 16_000_000)),
    ]
    assert groups(views, "status") == {
        "expired": (1, 2_000_000),
        "urgent": (1, 30_000_000),
        "watch": (0, 0),
        "safe": (3, 16_000_000),
        "litigation": (1, 8_000_000),
    }


def test_composition_groups_carry_interest_and_npl_figures(views) -> None:
    by_town = {g.key: g for g in rs.composition(views, "township")}
    assert by_town["城关镇"].interest_fen == 500_000
    assert (by_town["城关镇"].npl_count, by_town["城关镇"].npl_balance_fen) == (2, 6_000_000)
    assert (by_town["石桥乡"].npl_count, by_town["石桥乡"].npl_balance_fen) == (3, 40_000_000)


def test_every_composition_adds_up_to_the_summary(views) -> None:
    s = rs.summary(views)
    for dimension in rs.DIMENSIONS:
        gs = rs.composition(views, dimension)
        assert sum(g.count for g in gs) == s.loans, dimension
        assert sum(g.balance_fen for g in gs) == s.balance_fen, dimension
        assert sum(g.npl_balance_fen for g in gs) == s.npl_balance_fen, dimension


def test_a_loan_not_overdue_has_its_own_bucket_before_the_aging_ranges() -> None:
    views = rs.analyse([loan("N", principal_fen=100, maturity_date=date(2027, 1, 1))], AT)
    keys = [g.key for g in rs.composition(views, "bucket")]
    assert keys[0] == rs.NOT_OVERDUE and views[0].risk_class == "正常"


def test_an_unknown_dimension_is_an_error(views) -> None:
    with pytest.raises(ValueError, match="unknown dimension"):
        rs.composition(views, "colour")


def test_disagreements_list_the_under_classified_loans_most_overdue_first(views) -> None:
    assert [v.loan_no for v in rs.disagreements(views)] == ["L3", "L7", "L1"]


def test_clocks_put_the_expired_and_urgent_first_then_by_days_to_expiry(views) -> None:
    assert [v.loan_no for v in rs.clock_order(views)] == ["L3", "L4", "L7", "L2", "L1", "L5"]


def test_clock_rows_show_the_three_clocks_side_by_side(views) -> None:
    rows = {r["loan_no"]: r for r in rs.clock_rows(views, AT)}
    assert rows["L3"]["limitation_start"] == date(2023, 10, 10)
    assert rows["L3"]["limitation_expiry"] == date(2026, 10, 10)
    assert rows["L3"]["days_to_expiry"] == -65
    assert rows["L4"]["days_to_expiry"] == 77
    # guarantee period: six months from maturity, no contract end date given
    assert rows["L1"]["guarantee_end"] == date(2027, 5, 30)
    assert rows["L1"]["guarantee_days"] == 167 and not rows["L1"]["guarantee_over"]
    assert rows["L4"]["guarantee_end"] is None  # no guarantors
    # in litigation: no limitation of its own; enforcement two years after the judgment
    assert rows["L5"]["limitation_expiry"] is None and rows["L5"]["days_to_expiry"] is None
    assert rows["L5"]["enforcement_deadline"] == date(2027, 9, 30)
    assert rows["L5"]["enforcement_days"] == 290


def test_the_clocks_table_says_each_clocks_status_with_its_reason_in_the_users_language(
    views,
) -> None:
    zh = {r["贷款账号"]: r for r in rs.clock_table(views, AT, "zh")}
    assert zh["L3"]["时效届满日"] == "2026-10-10" and zh["L3"]["剩余天数"] == -65
    assert zh["L1"]["保证期间"].startswith("连带责任保证") and "167" in zh["L1"]["保证期间"]
    assert zh["L4"]["保证期间"] == ""  # no guarantors
    assert zh["L5"]["申请执行期限"].startswith("2027-09-30") and "290" in zh["L5"]["申请执行期限"]
    assert all(r["时效依据"] for r in zh.values())  # every status has its reason
    en = rs.clock_table(views, AT, "en", only=["expired"])
    assert [r["Loan no."] for r in en] == ["L3"]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en[0]["Why"])  # no Chinese left


def test_a_mortgaged_loans_clock_row_shows_the_mortgage_beside_its_limitation() -> None:
    # SPEC §4.4, Civil Code art. 419: a mortgage is enforced within the main claim's
    # limitation — same end, with its reason; no line for a loan without one
    running = loan("M1", principal_fen=100, maturity_date=date(2024, 3, 1), guarantee="抵押")
    lapsed = loan("M2", principal_fen=100, maturity_date=date(2023, 6, 30), guarantee="保证+抵押")
    plain = loan("M3", principal_fen=100, maturity_date=date(2024, 3, 1), guarantee="质押")
    rows = {r["loan_no"]: r for r in rs.clock_rows(rs.analyse([running, lapsed, plain], AT), AT)}
    assert (rows["M1"]["mortgage_end"], rows["M1"]["mortgage_days"]) == (date(2027, 3, 1), 77)
    assert rows["M1"]["mortgage_reason"] == "m.protected"
    assert rows["M1"]["mortgage_end"] == rows["M1"]["limitation_expiry"]
    assert (rows["M2"]["mortgage_end"], rows["M2"]["mortgage_reason"]) == (date(2026, 6, 30),
                                                                            "m.lapsed")  # fmt: skip
    assert rows["M3"]["mortgage_reason"] is None


def test_a_camp_visit_that_collected_money_restarts_the_limitation() -> None:
    expired = loan("X", principal_fen=100, maturity_date=date(2023, 6, 30))
    assert rs.loan_view(expired, AT).status == "expired"
    saved = {**expired, "last_event_on": date(2026, 12, 10)}
    view = rs.loan_view(saved, AT)
    assert view.status == LimitationStatus.SAFE
    assert view.clocks.limitation_expiry == date(2029, 12, 10)


def test_the_visit_plan_goes_expired_urgent_promise_due_then_urgency_and_amount() -> None:
    # SPEC §4.4 (revised): "then the rest by urgency" — safe loans before litigation
    views = rs.analyse(LOANS, PLAN_DAY)
    order = [v.loan_no for v in rs.prioritise(views, PLAN_DAY)]
    # L3 expired, L4 urgent, L1 promise due that day, then safe by amount owed: L2, L7,
    # then L5 in litigation
    assert order == ["L3", "L4", "L1", "L2", "L7", "L5"]
    assert [rs.plan_tier(v, PLAN_DAY) for v in rs.prioritise(views, PLAN_DAY)] == [1, 2, 3, 4, 4, 4]
    # the day after, L1 (now owing 4,000 + 5,000 interest) is no longer due: by amount
    later = rs.analyse([{**x, "principal_fen": 400_000} if x["loan_no"] == "L1" else x
                        for x in LOANS], date(2026, 12, 17))  # fmt: skip
    assert [v.loan_no for v in rs.prioritise(later, date(2026, 12, 17))] == [
        "L3", "L4", "L2", "L7", "L1", "L5"
    ]  # fmt: skip


def test_loans_whose_limitation_or_guarantee_ends_within_30_days_come_before_expired_ones() -> None:
    views = rs.analyse(
        [
            loan("EXP", principal_fen=9_000_000, maturity_date=date(2023, 6, 1)),  # expired
            loan("LIM30", principal_fen=100, maturity_date=date(2024, 1, 15)),  # 30 days left
            loan("LIM31", principal_fen=100, maturity_date=date(2024, 1, 16)),  # 31: urgent
            loan(
                "GUAR", principal_fen=100, maturity_date=date(2026, 6, 26), guarantors=["王五"]
            ),  # guarantee ends 2026-12-26: 10 days  # fmt: skip
        ],
        PLAN_DAY,
    )
    order = [(v.loan_no, rs.plan_tier(v, PLAN_DAY)) for v in rs.prioritise(views, PLAN_DAY)]
    assert order == [("GUAR", 0), ("LIM30", 0), ("EXP", 1), ("LIM31", 2)]


def test_amount_orders_within_a_tier_and_loan_number_breaks_ties() -> None:
    views = rs.analyse(
        [
            loan("B", principal_fen=500, interest_fen=600, maturity_date=date(2026, 1, 1)),
            loan("A", principal_fen=1_000, interest_fen=100, maturity_date=date(2026, 1, 1)),
            loan("C", principal_fen=2_000, maturity_date=date(2026, 1, 1)),
        ],
        PLAN_DAY,
    )
    assert [v.loan_no for v in rs.prioritise(views, PLAN_DAY)] == ["C", "A", "B"]


def test_a_prefilled_plan_holds_the_teams_own_loans_up_to_the_limit() -> None:
    views = rs.analyse(LOANS, PLAN_DAY)
    assert rs.prefill_plan(views, 1, PLAN_DAY) == ["L3", "L4", "L1", "L7"]
    assert rs.prefill_plan(views, 1, PLAN_DAY, limit=2) == ["L3", "L4"]
    assert rs.prefill_plan(views, 2, PLAN_DAY) == ["L2", "L5"]  # litigation after safe
    assert rs.prefill_plan(views, 3, PLAN_DAY) == []


@pytest.mark.parametrize(
    ("today", "day"),
    [
        (date(2026, 12, 10), 3),  # before the camp: the first field day
        (date(2026, 12, 14), 3),  # day 1 (research): the first field day
        (date(2026, 12, 15), 3),  # day 2, the evening before: tomorrow
        (date(2026, 12, 17), 5),  # day 4: tomorrow's plan
        (date(2026, 12, 20), 7),  # the last day: today's
        (date(2026, 12, 25), 7),  # after the camp: the last field day
    ],
)
def test_the_page_opens_on_tomorrows_plan(today: date, day: int) -> None:
    assert rs.default_plan_day(date(2026, 12, 14), 7, 3, today) == day


def test_attention_notes_per_township(views) -> None:
    notes = {"石桥乡": "河口桥在修，绕行北线", "新华街道": "只剩备注"}
    got = {a.township: a for a in rs.attention(views, CUSTOMS, notes)}
    assert list(got) == ["石桥乡", "城关镇", "新华街道"]
    town = got["城关镇"]
    assert (town.loans, town.balance_fen) == (3, 16_000_000)
    assert town.villages == (("红旗村", 2), ("光明村", 1))
    assert town.concentrated is True  # 2 of 3 in one village
    assert town.ethnicities == (("回族", 2), ("汉族", 1))
    assert town.customs == (("回族", "尊重清真饮食习惯"),)
    # a guarantor listed twice on one loan counts once for that loan
    assert town.guarantors == (("王五", 2),)
    assert town.note == ""
    shiqiao = got["石桥乡"]
    assert shiqiao.concentrated is False  # three loans, three villages
    assert (shiqiao.in_litigation, shiqiao.judgments) == (1, 1)
    assert shiqiao.flags == (("失联", 1),)
    assert shiqiao.customs == (("苗族", "节日期间避免上门"),)
    assert shiqiao.note == "河口桥在修，绕行北线"
    assert got["新华街道"].loans == 0 and got["新华街道"].note == "只剩备注"


def test_a_township_without_villages_is_neither_concentrated_nor_scattered() -> None:
    views = rs.analyse([loan("V", principal_fen=1, village=None)], AT)
    (a,) = rs.attention(views)
    assert a.concentrated is None and a.unknown_village == 1


def test_customs_for_a_plan_name_only_the_ethnicities_on_it(views) -> None:
    assert rs.customs_for(views[:2], CUSTOMS) == [("回族", "尊重清真饮食习惯")]
    assert rs.customs_for(views, CUSTOMS) == [
        ("回族", "尊重清真饮食习惯"),
        ("苗族", "节日期间避免上门"),
    ]
