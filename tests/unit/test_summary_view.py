"""The channels of /summary as HTML (core.summary_view): what the 17:30 meeting reads off
the big screen, from one masked DaySummary."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from core import summary_view as view
from core.markup import esc
from core.report import ProblemLine
from tests.unit.test_report import line, summary


def test_notices_without_a_team_count_under_a_dash_and_the_heading_totals_them() -> None:
    s = replace(summary(), receipts_out=(("尖刀队", 3), ("", 2)))
    html = view.receipts_out(s, "en")
    assert "Notices whose receipt is not back (overdue)　5</div>" in html
    assert '<td data-label="Team">—</td><td class="num" data-label="Not back">2</td>' in html
    assert view.receipts_out(replace(s, receipts_out=()), "en") == ""


def test_a_long_list_shows_twelve_rows_and_says_how_many_there_are_in_all() -> None:
    rows = tuple(line("刘丽", "突击队", amount_fen=1_000 * i) for i in range(20))
    s = replace(summary(), recoveries=rows, recovery_count=31)  # the store lists 20 of 31
    recoveries, _ = view.results(s, "en")
    assert recoveries.count("<tr><td") == view.ROWS
    assert "first 12 of 31" in recoveries and "Largest recoveries　31<" in recoveries


def test_a_problem_too_long_for_its_line_is_cut_with_an_ellipsis_a_short_one_is_whole() -> None:
    long = "客户称已于上周在柜台还清全部欠款，但系统仍显示逾期，需要核对流水后回复客户并更正记录"
    short = "地址有误"
    s = replace(summary(), problems=tuple(
        ProblemLine(i, text, "尖刀队", "", "", "open", "trainer", datetime(2026, 12, 17, 10), "")
        for i, text in enumerate((long, short))
    ))  # fmt: skip
    html = view.problems(s, "zh")
    assert f">{long[:39]}…<" in html and long not in html
    assert f">{short}<" in html


def test_a_team_that_climbed_shows_its_arrow_in_red_and_one_that_fell_in_green() -> None:
    html = view.teams(summary(), "zh")
    assert html.count('<td class="num sum-up" data-label="名次变化">▲') == 9
    assert html.count('<td class="num sum-down" data-label="名次变化">▼') == 3


def test_the_header_keeps_the_wide_space_between_the_day_and_the_period() -> None:
    meta = view.meta(summary(), "zh")
    assert "　" in meta and esc(meta) == meta  # nothing of ours is lost
    assert esc("尖刀队\u200b\u202e") == "尖刀队"  # invisible and direction marks still go
