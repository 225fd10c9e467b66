"""The arithmetic of the morning board (core/board.py): cut-offs, the plan day, grouping
and the packing that keeps every projected screen free of scrolling."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from core.board import (
    TIERS,
    MorningBoard,
    PairingLine,
    Piece,
    PlanLoan,
    TeamLine,
    chunks,
    group_plan,
    last_cutoff,
    pack,
    plan_day,
    text_rows,
)
from core.calendar import CampCalendar
from core.i18n import LABELS

SHANGHAI = ZoneInfo("Asia/Shanghai")
CAL = CampCalendar(start_date=date(2026, 12, 14))  # the sample camp: field days 3..7


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=SHANGHAI)


# ----------------------------------------------------------------------------- the morning


def test_at_the_morning_meeting_last_night_starts_at_yesterdays_cut_off() -> None:
    assert last_cutoff(CAL, local(2026, 12, 17, 7, 50)) == local(2026, 12, 16, 17, 30)


def test_at_the_cut_off_itself_last_night_starts_now_and_after_it_today() -> None:
    assert last_cutoff(CAL, local(2026, 12, 17, 17, 30)) == local(2026, 12, 17, 17, 30)
    assert last_cutoff(CAL, local(2026, 12, 17, 23, 59)) == local(2026, 12, 17, 17, 30)
    assert last_cutoff(CAL, local(2026, 12, 18, 0, 10)) == local(2026, 12, 17, 17, 30)


def test_on_the_last_day_the_final_cut_off_counts() -> None:
    assert last_cutoff(CAL, local(2026, 12, 20, 13, 0)) == local(2026, 12, 20, 12, 0)
    assert last_cutoff(CAL, local(2026, 12, 20, 11, 0)) == local(2026, 12, 19, 17, 30)


def test_the_cut_off_is_read_in_the_camps_time_zone() -> None:
    # 2026-12-16 23:50 UTC is 07:50 on 12-17 in Shanghai
    assert last_cutoff(CAL, datetime(2026, 12, 16, 23, 50, tzinfo=UTC)) == local(
        2026, 12, 16, 17, 30
    )
    cal = CampCalendar(start_date=date(2026, 12, 14), cutoff=time(18, 0))
    assert last_cutoff(cal, local(2026, 12, 17, 17, 45)) == local(2026, 12, 16, 18, 0)


def test_the_plans_shown_are_todays_on_a_field_day_else_the_nearest_field_days() -> None:
    assert plan_day(CAL, date(2026, 12, 17)) == 4
    assert plan_day(CAL, date(2026, 12, 14)) == 3  # research day: a preview of day 3
    assert plan_day(CAL, date(2026, 12, 1)) == 3
    assert plan_day(CAL, date(2026, 12, 30)) == 7


def loan(order: int, township: str, village: str) -> PlanLoan:
    return PlanLoan(order, "张**", "************0001", township, village, 100, "other")


def test_a_plan_is_grouped_by_township_then_village_in_the_order_the_plan_reaches_them() -> None:
    plan = [loan(1, "石桥乡", "东村"), loan(2, "城关镇", "红旗村"), loan(3, "石桥乡", "新村"),
            loan(4, "城关镇", "红旗村"), loan(5, "石桥乡", "东村")]  # fmt: skip
    groups = group_plan(plan)
    assert [(g.township, g.village, [x.order for x in g.loans]) for g in groups] == [
        ("石桥乡", "东村", [1, 5]),
        ("石桥乡", "新村", [3]),
        ("城关镇", "红旗村", [2, 4]),
    ]
    assert group_plan([]) == ()


# ----------------------------------------------------------------------------- values


def test_a_pairing_is_won_on_points_and_a_draw_or_an_open_period_has_no_winner() -> None:
    assert PairingLine("甲队", "乙队", 500, 1000).winner == "乙队"
    assert PairingLine("甲队", "乙队", 1000, 500).winner == "甲队"
    assert PairingLine("甲队", "乙队", 700, 700).winner is None
    assert PairingLine("甲队", "乙队").winner is None


def test_attainment_is_cash_over_target_and_none_without_a_target() -> None:
    assert TeamLine("甲队", 1, 0, 250, 1000).attainment == 0.25
    assert TeamLine("甲队", 1, 0, 250, 0).attainment is None


def board(now: datetime, day: int | None, period: int | None) -> MorningBoard:
    return MorningBoard(code="x", name="营", start_date=date(2026, 12, 14), days=7,
                        first_field_day=3, now=now, day=day, since=now, period_day=period,
                        teams=(), red_flag=None, plan_day=3, pairings=(), results=(), plans=(),
                        materials=(), rules_text="", conduct=(), customs=())  # fmt: skip


def test_the_day_field_day_phase_and_pace_of_the_board() -> None:
    b = board(local(2026, 12, 17, 7, 50), 4, 3)
    assert (b.phase, b.field_day, b.field_days, b.pace) == ("camp", 2, 5, 0.2)
    assert board(local(2026, 12, 14, 8, 0), 1, None).field_day is None
    assert board(local(2026, 12, 1, 8, 0), None, None).phase == "before"
    assert board(local(2026, 12, 25, 8, 0), None, 7).phase == "after"
    assert board(local(2026, 12, 25, 8, 0), None, 7).pace == 1.0


# ----------------------------------------------------------------------------- fitting a screen


def test_a_block_that_fits_whole_shares_the_column_else_it_opens_a_new_one() -> None:
    views = pack([[1, 1], [1, 1], [1] * 5], rows=8, columns=3, title=1, gap=0)
    # 3 + 3 rows fit one column of 8; the third (6 rows) does not fit the 2 left
    assert views == [[[Piece(0, 0, 2), Piece(1, 0, 2)], [Piece(2, 0, 5)]]]


def test_a_block_longer_than_a_column_goes_on_in_the_next_column_marked_continued() -> None:
    views = pack([[1] * 20], rows=8, columns=2, title=1)
    assert views == [
        [[Piece(0, 0, 7)], [Piece(0, 7, 14, continued=True)]],
        [[Piece(0, 14, 20, continued=True)]],
    ]


def test_every_column_stays_within_its_rows() -> None:
    heights = [[1.0] * n for n in (15, 27, 3, 40, 0, 9, 26)]
    rows, title = 27.0, 3.2
    for view in pack(heights, rows=rows, columns=4, title=title):
        assert 1 <= len(view) <= 4
        for column in view:
            used = sum(title + max(p.stop - p.start, 1) for p in column)
            assert used <= rows + 0.5 * (len(column) - 1) + 1e-9
    pieces = [p for view in pack(heights, rows=rows, columns=4, title=title)
              for col in view for p in col]  # fmt: skip
    for b, items in enumerate(heights):  # every item shown once, in order
        shown = [i for p in pieces if p.block == b for i in range(p.start, p.stop)]
        assert shown == list(range(len(items)))


def test_an_item_taller_than_a_column_gets_a_column_of_its_own() -> None:
    assert pack([[1, 30, 1]], rows=10, columns=5, title=1) == [[
        [Piece(0, 0, 1)], [Piece(0, 1, 2, True)], [Piece(0, 2, 3, True)]]]  # fmt: skip


def test_an_empty_block_still_takes_its_title_and_a_row() -> None:
    assert pack([[], [1]], rows=4, columns=2, title=1, gap=0) == [[[Piece(0, 0, 0),
                                                                   Piece(1, 0, 1)]]]  # fmt: skip
    assert pack([], rows=4, columns=2) == []
    with pytest.raises(ValueError):
        pack([[1]], rows=1, columns=2, title=1)


def test_text_rows_count_full_width_characters_as_one_and_others_as_about_half() -> None:
    assert text_rows("", 10) == 1
    assert text_rows("一二三四五六七八九十", 10) == 1
    assert text_rows("一二三四五六七八九十一", 10) == 2
    assert text_rows("a" * 18, 10) == 1


def test_chunks_cut_teams_into_screens() -> None:
    assert chunks(12, 12) == [range(0, 12)]
    assert chunks(13, 12) == [range(0, 12), range(12, 13)]
    assert chunks(0, 12) == [range(0)]


def test_every_label_the_board_builds_from_a_value_is_in_the_table() -> None:
    keys = [f"board.tier.{t}" for t in TIERS if t != "other"]
    keys += [f"board.weekday.{d}" for d in range(7)]
    keys += [f"board.col.{c}" for c in ("rank", "team", "visits", "points", "cash", "place",
                                         "target", "attainment")]  # fmt: skip
    keys += ["board.materials", "board.conduct", "board.customs", "board.rules"]
    assert [k for k in keys if k not in LABELS] == []


def test_a_township_header_never_ends_a_column_it_goes_on_with_its_first_household() -> None:
    # a block: header, 3 rows, header, 3 rows; a column holds a title and 4 rows
    heights = [[1.0] * 8]
    heads = [[True, False, False, False, True, False, False, False]]
    views = pack(heights, rows=5, columns=4, title=1, gap=0, headers=heads)
    assert [(p.start, p.stop) for col in views[0] for p in col] == [(0, 4), (4, 8)]
    plain = pack(heights, rows=6, columns=4, title=1, gap=0)  # 5 rows: the header would end it
    assert [(p.start, p.stop) for col in plain[0] for p in col] == [(0, 5), (5, 8)]
    kept = pack(heights, rows=6, columns=4, title=1, gap=0, headers=heads)
    assert [(p.start, p.stop) for col in kept[0] for p in col] == [(0, 4), (4, 8)]
