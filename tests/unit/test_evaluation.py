"""The camp's evaluation (core/evaluation.py) on a tiny data set worked out by hand.

Times are camp local (Asia/Shanghai, UTC+8, no daylight saving) turned into aware UTC.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from core import evaluation as ev

TZ = ZoneInfo("Asia/Shanghai")
TODAY = date(2026, 12, 25)


def local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=TZ).astimezone(UTC)


# ----------------------------------------------------------------------------- the data set

# Three loans: 1 小微 城关镇 有意愿有能力 45 days (31–60); 2 涉农 石桥乡 no type 200 days
# (181–270), written off; 3 个人 石桥乡 无意愿有能力, not overdue on the list.
CASH = [
    ev.CashCell("小微", "城关镇", "有意愿有能力", 45, principal_fen=10_000_000,
                interest_fen=500_000, after_fen=2_000_000),
    ev.CashCell("涉农", "石桥乡", None, 200, written_off_fen=30_000_000),
    ev.CashCell("个人", "石桥乡", " 无意愿有能力 ", 0, principal_fen=5_000_000,
                after_fen=1_000_000),
]  # fmt: skip

PAYMENTS = [
    ev.Payment(1, local("2026-12-16 10:00:00"), 30_000),  # at the visit that promised
    ev.Payment(1, local("2026-12-18 23:59:00"), 60_000),  # the last minute of 12-18
    ev.Payment(1, local("2026-12-19 00:00:00"), 40_000),  # the first minute of 12-19
    ev.Payment(2, local("2026-12-20 09:00:00"), 50_000),  # a follow-up
    ev.Payment(2, local("2026-12-21 09:00:00"), 50_000),
    ev.Payment(3, local("2026-12-17 09:00:00"), 0),  # nothing paid: not a payment
]

PROMISES = [
    # after the visit up to the end of 12-18: 60,000 < 100,000 → broken
    ev.PromiseMade(1, local("2026-12-16 10:00:00"), date(2026, 12, 18), 100_000),
    # up to the end of 12-19: 60,000 + 40,000 = 100,000, the amount exactly → kept
    ev.PromiseMade(1, local("2026-12-16 10:00:00"), date(2026, 12, 19), 100_000),
    # 50,000 + 50,000 by the end of 12-21 → kept
    ev.PromiseMade(2, local("2026-12-17 11:00:00"), date(2026, 12, 21), 100_000),
    # dated today: not over yet, left out
    ev.PromiseMade(2, local("2026-12-17 11:00:00"), TODAY, 100_000),
    # nothing paid on loan 3 → broken
    ev.PromiseMade(3, local("2026-12-17 09:00:00"), date(2026, 12, 20), 10_000),
]

# Counted camp visits with tactics, as the store groups them (by the logged list and the
# loan's customer type) with how many a payment followed within 14 days.
TACTICS = [
    ev.TacticCell(("晓之以理",), "有意愿有能力", visits=2, followed=1),
    ev.TacticCell(("晓之以理", "动之以情"), None, visits=1, followed=0),  # 未分类
    ev.TacticCell(("动之以情",), "无意愿有能力", visits=2, followed=1),
    # named twice on one visit: counted once; the type's spaces make no new type
    ev.TacticCell(("晓之以理", "晓之以理 "), " 有意愿有能力", visits=1, followed=0),
    ev.TacticCell(("", " "), "有意愿有能力", visits=4, followed=4),  # no tactic named
]

# The lists: before (owing loans M1..M6) and after (M4 owes nothing, M5 is not on it).
#   M1 正常 0 days 1,000,000 → 正常 0 days 900,000
#   M2 关注 100 days 2,000,000 (floor 次级) → 正常 0 days 1,800,000       better
#   M3 关注 100 days 1,000,000 (floor 次级) → 关注 120 days (次级)        same
#   M4 none 300 days 500,000 (floor 可疑) → owes nothing                  settled
#   M5 损失 10 days 200,000 → not on the later list                       absent
#   M6 正常 0 days 400,000 → 关注 95 days 400,000 (floor 次级)            worse
BEFORE = [
    ev.ListedCell("正常", 0, 2, 1_400_000),  # M1 + M6
    ev.ListedCell("关注", 100, 2, 3_000_000),  # M2 + M3
    ev.ListedCell(None, 300, 1, 500_000),  # M4
    ev.ListedCell("损失", 10, 1, 200_000),  # M5
]
AFTER = [
    ev.ListedCell("正常", 0, 2, 2_700_000),  # M1 + M2
    ev.ListedCell("关注", 120, 1, 1_000_000),  # M3
    ev.ListedCell("关注", 95, 1, 400_000),  # M6
]
MIGRATION = [
    ev.MigrationCell("正常", 0, True, True, "正常", 0, 1, 1_000_000),  # M1
    ev.MigrationCell("关注", 100, True, True, "正常", 0, 1, 2_000_000),  # M2
    ev.MigrationCell("关注", 100, True, True, "关注", 120, 1, 1_000_000),  # M3
    ev.MigrationCell(None, 300, True, False, "次级", 330, 1, 500_000),  # M4
    ev.MigrationCell("损失", 10, False, balance_fen=200_000),  # M5
    ev.MigrationCell("正常", 0, True, True, "关注", 95, 1, 400_000),  # M6
]
FIRST = ev.ListInfo(1, date(2026, 12, 1), "before.csv")
LATER = ev.ListInfo(3, date(2026, 12, 31), "after.csv")


def evaluation(**changes: object) -> ev.Evaluation:
    values: dict[str, object] = {
        "code": "qh",
        "name": "青禾",
        "today": TODAY,
        "tz": TZ,
        "cost_fen": 2_730_000,
        "cash_cells": CASH,
        "payments": PAYMENTS,
        "promises": PROMISES,
        "saved": [300_000, 700_000],
        "before_list": FIRST,
        "before_cells": BEFORE,
        "after_list": LATER,
        "after_cells": AFTER,
        "migration_cells": MIGRATION,
        "tactic_cells": TACTICS,
    }
    values.update(changes)
    return ev.evaluate(**values)  # type: ignore[arg-type]


def amounts(groups: list[ev.CashGroup]) -> dict[str, tuple[int, int]]:
    return {g.key: (g.camp_fen, g.after_fen) for g in groups}


# ----------------------------------------------------------------------------- 1. cash


def test_cash_is_principal_interest_and_written_off_with_follow_ups_apart() -> None:
    total = ev.cash_total(CASH)
    # 100,000 + 5,000 + 300,000 (written off) + 50,000 元; after the camp 20,000 + 10,000 元
    assert (total.principal_fen, total.interest_fen, total.written_off_fen) == (
        15_000_000, 500_000, 30_000_000)  # fmt: skip
    assert (total.camp_fen, total.after_fen) == (45_500_000, 3_000_000)


def test_cash_by_segment_keeps_the_three_segments_in_order() -> None:
    assert amounts(ev.cash_by(CASH, "segment")) == {
        "小微": (10_500_000, 2_000_000),
        "涉农": (30_000_000, 0),
        "个人": (5_000_000, 1_000_000),
    }
    assert [g.key for g in ev.cash_by(CASH, "segment")] == ["小微", "涉农", "个人"]


def test_cash_by_aging_bucket_reads_the_lists_days_overdue_and_shows_every_bucket() -> None:
    groups = ev.cash_by(CASH, "bucket")
    # loan 3 is not overdue on the list: its bucket comes first; then all eight of §4.2
    assert [g.key for g in groups] == ["0", "1–30", "31–60", "61–90", "91–180", "181–270",
                                       "271–360", "361–1095", "1095+"]  # fmt: skip
    assert {k: v for k, v in amounts(groups).items() if v != (0, 0)} == {
        "0": (5_000_000, 1_000_000),  # loan 3
        "31–60": (10_500_000, 2_000_000),  # loan 1, 45 days
        "181–270": (30_000_000, 0),  # loan 2, 200 days
    }
    assert ev.key_label("bucket", "0", "en") == "not overdue"


def test_cash_by_township_puts_the_largest_camp_cash_first() -> None:
    # 石桥乡: 300,000 + 50,000 元 during the camp, 10,000 after; 城关镇: 105,000 and 20,000
    assert [(g.key, g.camp_fen, g.after_fen) for g in ev.cash_by(CASH, "township")] == [
        ("石桥乡", 35_000_000, 1_000_000),
        ("城关镇", 10_500_000, 2_000_000),
    ]


def test_cash_by_customer_type_orders_the_types_and_puts_the_unclassified_last() -> None:
    assert [(g.key, g.camp_fen) for g in ev.cash_by(CASH, "customer_type")] == [
        ("有意愿有能力", 10_500_000),
        ("无意愿有能力", 5_000_000),  # the type's surrounding spaces do not make a new type
        ("未分类", 30_000_000),
    ]


# ----------------------------------------------------------------------------- 2. promises


def test_a_promise_is_kept_by_payments_after_its_visit_up_to_the_end_of_its_date() -> None:
    book = ev.PaymentBook(PAYMENTS)
    broken, kept, *_ = PROMISES
    assert ev.end_of_day(date(2026, 12, 18), TZ) == datetime(2026, 12, 18, 16, 0, tzinfo=UTC)
    # the 30,000 paid at the promise's own visit does not count; 12-19 00:00 is too late
    assert book.collected(1, broken.made_at, ev.end_of_day(broken.due, TZ)) == 60_000
    assert not ev.promise_kept(broken, book, TZ)
    assert ev.promise_kept(kept, book, TZ)  # exactly the amount promised is kept


def test_the_promises_kept_rate_counts_only_promises_whose_date_is_over() -> None:
    tally = ev.promises_kept(PROMISES, ev.PaymentBook(PAYMENTS), TZ, TODAY)
    # due: the promises for 12-18, 12-19, 12-21 and 12-20 (not the one for today); kept: 2
    assert (tally.due, tally.kept, tally.rate) == (4, 2, Decimal("0.5"))
    assert ev.format_share(tally.rate) == "50.0%"
    none_due = ev.promises_kept(PROMISES, ev.PaymentBook(PAYMENTS), TZ, date(2026, 12, 18))
    assert (none_due.due, none_due.rate, ev.format_share(none_due.rate)) == (0, None, "–")


# ----------------------------------------------------------------------------- 3. limitations


def test_limitations_saved_are_counted_with_their_balance() -> None:
    assert ev.saved_tally([300_000, 700_000]) == ev.SavedTally(2, 1_000_000)
    assert ev.saved_tally([]) == ev.SavedTally(0, 0)


# ----------------------------------------------------------------------------- 4. NPL


def test_a_loans_class_in_a_list_is_the_worse_of_the_listed_class_and_the_floor() -> None:
    assert ev.list_class("关注", 100) == "次级"  # floor over 90 days
    assert ev.list_class(None, 300) == "可疑"
    assert ev.list_class("损失", 10) == "损失"  # a worse listed class stays
    assert ev.list_class(None, 0) == "正常"


def test_npl_before_and_after_count_substandard_doubtful_and_loss_loans() -> None:
    # before: M2, M3 (次级 by the floor), M4 (可疑), M5 (损失): 20,000 + 10,000 + 5,000 + 2,000 元
    assert ev.npl_figures(BEFORE) == ev.NplFigures(6, 5_100_000, 4, 3_700_000)
    # after: M3 and M6 (次级 by the floor): 10,000 + 4,000 元
    after = ev.npl_figures(AFTER)
    assert after == ev.NplFigures(4, 4_100_000, 2, 1_400_000)
    assert after.ratio == Decimal(1_400_000) / Decimal(4_100_000)


def test_the_evaluations_npl_leaves_written_off_loans_out_and_shows_them_beside() -> None:
    # SPEC §4.3: a written-off 损失 loan of 90,000 元 is off the balance sheet
    cells = [*BEFORE, ev.ListedCell("损失", 400, 1, 9_000_000, written_off=True)]
    figures = ev.npl_figures(cells)
    assert figures == ev.NplFigures(6, 5_100_000, 4, 3_700_000, 1, 9_000_000)
    assert figures.ratio == Decimal(3_700_000) / Decimal(5_100_000)


def test_the_migration_counts_each_loan_by_its_class_in_both_lists() -> None:
    m = ev.migration(MIGRATION)
    assert m.counts == {
        ("正常", "正常"): 1,  # M1
        ("次级", "正常"): 1,  # M2
        ("次级", "次级"): 1,  # M3
        ("可疑", ev.SETTLED): 1,  # M4 owes nothing on the later list
        ("损失", ev.ABSENT): 1,  # M5 is not on it
        ("正常", "次级"): 1,  # M6
    }
    assert m.balance("次级", "正常") == 2_000_000  # the first list's principal
    assert (m.row_count("次级"), m.row_balance("次级")) == (2, 3_000_000)
    assert (m.moved(-1), m.moved(+1)) == (1, 1)  # M2 better, M6 worse
    rows = ev.migration_rows(m, balance=False)
    assert [r[0] for r in rows] == ["正常", "关注", "次级", "可疑", "损失"]
    assert rows[2] == ["次级", 1, 0, 1, 0, 0, 0, 0, 2]
    assert ev.migration_header("en")[-3:] == ["Settled", "Not in the later list", "Total"]


# ----------------------------------------------------------------------------- 5. cost


def test_the_cost_per_yuan_is_the_camp_cost_over_the_camps_own_cash() -> None:
    # 27,300 元 / 455,000 元 = 0.06
    assert ev.cost_per_yuan(2_730_000, 45_500_000) == Decimal("0.06")
    # 100 元 / 300 元 = 0.333… shown as 0.33
    assert ev.format_ratio(ev.cost_per_yuan(10_000, 30_000)) == "0.33"
    assert ev.cost_per_yuan(None, 45_500_000) is None
    assert ev.cost_per_yuan(2_730_000, 0) is None


# ----------------------------------------------------------------------------- 6. tactics


def test_a_tactic_visit_is_followed_by_a_payment_from_its_moment_up_to_14_days_after() -> None:
    book = ev.PaymentBook(PAYMENTS)
    visits = [
        # loan 1 paid at the visit itself → followed
        (1, local("2026-12-16 10:00:00"), ("晓之以理",), "有意愿有能力"),
        # loan 2's payment of 12-20 09:00 is exactly 14 days later → followed
        (2, local("2026-12-06 09:00:00"), ("动之以情",), "无意愿有能力"),
        # one minute earlier: 14 days and a minute → not followed
        (2, local("2026-12-06 08:59:00"), ("动之以情",), "无意愿有能力"),
        # after loan 1's last payment → not followed
        (1, local("2026-12-19 00:00:01"), ("晓之以理",), "有意愿有能力"),
        # loan 3 paid nothing (a zero payment is none) → not followed
        (3, local("2026-12-16 11:00:00"), ("晓之以理",), None),
    ]
    assert ev.tactic_cells(visits, book) == [
        ev.TacticCell(("晓之以理",), "有意愿有能力", visits=2, followed=1),
        ev.TacticCell(("动之以情",), "无意愿有能力", visits=2, followed=1),
        ev.TacticCell(("晓之以理",), None, visits=1, followed=0),
    ]


def test_tactic_effectiveness_splits_the_visits_by_tactic_and_customer_type() -> None:
    rows = ev.tactic_effectiveness(TACTICS)
    assert [(r.tactic, r.customer_type, r.visits, r.followed) for r in rows] == [
        # 晓之以理: 2 + 1 + 1 visits, 1 followed; 动之以情: 1 + 2 visits, 1 followed
        ("晓之以理", None, 4, 1),
        ("晓之以理", "有意愿有能力", 3, 1),
        ("晓之以理", "未分类", 1, 0),
        ("动之以情", None, 3, 1),
        ("动之以情", "无意愿有能力", 2, 1),  # §4.5 order: 无意愿有能力 before 未分类
        ("动之以情", "未分类", 1, 0),
    ]
    assert rows[0].share == Decimal(1) / Decimal(4)
    assert ev.format_share(rows[3].share) == "33.3%"
    assert ev.format_share(rows[4].share) == "50.0%"


# ----------------------------------------------------------------------------- together


def test_the_headlines_show_every_figure() -> None:
    heads = {h.key: h.value for h in ev.headlines(evaluation())}
    assert heads == {
        "cash": "45.50",  # 万元
        "promises": "50.0%（2/4）",
        "saved": "2",
        "npl_balance": "3.70 → 1.40",
        "npl_count": "4 → 2",
        "cost": "0.06 元",
    }


def test_without_a_later_list_there_is_no_after_and_no_migration() -> None:
    data = evaluation(after_list=None, after_cells=[], migration_cells=[], cost_fen=None)
    assert data.npl_after is None and data.migration is None
    heads = {h.key: h for h in ev.headlines(data, "en")}
    assert heads["npl_count"].value == "4 → –"
    assert heads["npl_balance"].help.startswith("No loan list dated after the camp's start")
    assert heads["cost"].value == "–"
    titles = [title for title, _, _ in ev.sheets(data, "en")]
    assert titles == ["Overview", "Cash by segment", "Cash by aging", "Cash by township",
                      "Cash by customer type", "Tactics"]  # fmt: skip


def test_the_workbook_holds_every_table_and_neutralises_formula_text() -> None:
    hostile = ev.TacticCell(("=HYPERLINK(1)",), "+1", visits=1, followed=0)
    data = evaluation(tactic_cells=[*TACTICS, hostile])
    book = load_workbook(io.BytesIO(ev.evaluation_xlsx(data)))
    assert book.sheetnames == ["评估概览", "按客户类型", "按账龄", "按乡镇", "按客户分类",
                               "分类迁徙-笔数", "分类迁徙-余额", "招式成效"]  # fmt: skip
    cells = [c for row in book["招式成效"].iter_rows(values_only=True) for c in row]
    assert "'=HYPERLINK(1)" in cells and "'+1" in cells
    assert "=HYPERLINK(1)" not in cells
    segment = list(book["按客户类型"].iter_rows(values_only=True))
    assert segment[1][:5] == ("小微", 100_000, 5_000, 0, 105_000)  # 元
    migration = list(book["分类迁徙-笔数"].iter_rows(values_only=True))
    assert migration[3] == ("次级", 1, 0, 1, 0, 0, 0, 0, 2)


def test_the_workbook_gives_shares_and_amounts_as_numbers_the_page_as_text() -> None:
    data = evaluation()
    page = ev.tactic_rows(data, "zh")
    assert all(isinstance(row[-1], str) and row[-1].endswith("%") for row in page if row[-1] != "–")
    book = load_workbook(io.BytesIO(ev.evaluation_xlsx(data)))
    shares = [row[-1] for row in book["招式成效"].iter_rows(min_row=2)]
    assert shares and all(c.data_type == "n" and c.number_format == "0.0%" for c in shares
                          if c.value != "–")  # fmt: skip
    overview = {r[0].value: r[1] for r in book["评估概览"].iter_rows(min_row=2)}
    cash = next(c for label, c in overview.items() if "万元" in str(label))
    assert cash.data_type == "n" and cash.number_format == "#,##0.00"
