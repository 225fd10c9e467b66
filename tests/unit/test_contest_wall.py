"""The contest on the wall (issue 14 point 5): bars that show over-100% attainment, the gap
to the leader and to the team above, the countdown to the cut-off."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.pk import bar_widths, countdown, gaps


def test_a_112_percent_bar_does_not_look_like_a_224_percent_one() -> None:
    red, gold, mark = bar_widths(1.12)
    assert round(mark, 1) == 66.7 and round(red, 1) == 66.7 and round(gold, 1) == 8.0
    assert bar_widths(2.24)[1] > gold  # 224% runs to the end of the bar, 112% does not
    assert [round(x, 1) for x in bar_widths(0.5)] == [33.3, 0.0, 66.7]  # red only
    assert bar_widths(-1)[0] == 0.0


def test_each_team_sees_how_far_it_is_behind_the_leader_and_the_team_above() -> None:
    assert gaps([26_755, 23_117, 23_117, 19_500]) == [
        (0, 0), (3_638, 3_638), (3_638, 0), (7_255, 3_617)
    ]  # fmt: skip
    assert gaps([]) == []


def test_the_countdown_rounds_up_to_the_minute_and_stops_at_the_cutoff() -> None:
    end = datetime(2026, 12, 16, 9, 30, tzinfo=UTC)  # 17:30 in Shanghai
    assert countdown(end - timedelta(hours=1, minutes=12, seconds=5), end) == (1, 13)
    assert countdown(end - timedelta(seconds=30), end) == (0, 1)
    assert countdown(end, end) is None


# ----------------------------------------------------------------------------- team colours


def test_teams_without_a_colour_get_palette_colours_no_other_team_chose() -> None:
    from core.teamstyle import PALETTE, resolve

    styles = resolve(["甲", "乙", "丙"], {"乙": (PALETTE[0].upper(), "pets"), "丙": ("red", "")})
    assert styles["乙"].colour == PALETTE[0] and styles["乙"].icon  # chosen, normalised
    assert [styles["甲"].colour, styles["丙"].colour] == [PALETTE[1], PALETTE[2]]  # no clash
    many = resolve([str(i) for i in range(14)], {})
    assert [s.colour for s in many.values()][:12] == list(PALETTE)  # then it cycles


def test_an_emblem_is_an_icon_of_the_set_or_one_or_two_letters_never_markup_or_emoji() -> None:
    from core.teamstyle import EMBLEMS, emblem_problem

    assert all(emblem_problem(name) is None for name in EMBLEMS)
    assert emblem_problem("虎") is None and emblem_problem("A1") is None
    assert emblem_problem("") is None  # none
    assert emblem_problem("猛虎队") == "badge_long"
    assert {emblem_problem(x) for x in ("<b", "🐯", "a ", "\x00", "*")} == {"badge_chars"}


def test_text_on_a_team_colour_is_white_on_dark_and_black_on_light() -> None:
    from core.teamstyle import ink_on

    assert ink_on("#c8102e") == ink_on("#1f2937") == "#ffffff"
    assert ink_on("#ffd54f") == ink_on("#ffffff") == "#111111"


def test_a_camp_file_may_give_a_team_a_colour_and_an_emblem_and_bad_ones_are_named() -> None:
    from pathlib import Path

    import pytest

    from core.campfile import CampFileError, camp_to_toml, parse_camp_toml

    text = (Path(__file__).resolve().parents[2] / "samples" / "camp_sample.toml").read_text(
        encoding="utf-8"
    )
    cfg = parse_camp_toml(
        text.replace("[[teams]]\n", '[[teams]]\ncolour = "#0B5CAD"\nemblem = "虎"\n', 1)
    )
    assert (cfg.teams[0].colour, cfg.teams[0].emblem) == ("#0b5cad", "虎")
    assert (cfg.teams[1].colour, cfg.teams[1].emblem) == (None, None)  # optional keys
    assert parse_camp_toml(camp_to_toml(cfg)) == cfg
    with pytest.raises(CampFileError) as exc:
        parse_camp_toml(text.replace("[[teams]]\n", '[[teams]]\ncolour = "red"\nemblem = 3\n', 1))
    assert [p.column for p in exc.value.problems] == ["teams[1].colour", "teams[1].emblem"]


# ----------------------------------------------------------------------------- the 1080 screen


def test_twelve_teams_fit_the_1080_screen_and_fewer_teams_get_taller_rows() -> None:
    from core.board import SCORE_CHROME, SCREEN_TOP, score_sizes
    from core.pk import PK_BELOW, PK_SPARE, PK_TABLE_HEAD, PK_TOP, ranking_sizes

    row, size = score_sizes(12)
    assert SCREEN_TOP + SCORE_CHROME + 12 * row <= 1080 and size >= 32
    assert score_sizes(4)[0] >= score_sizes(8)[0] > row
    row, size = ranking_sizes(12)
    assert PK_TOP + PK_BELOW + PK_TABLE_HEAD + PK_SPARE + 12 * row <= 1080 and size >= 28
    assert ranking_sizes(4)[0] > row


def test_the_pk_header_says_the_day_when_the_data_changed_and_the_time_left() -> None:
    from zoneinfo import ZoneInfo

    from core.pk import Phase, changed_at, countdown_line, day_line

    shanghai = ZoneInfo("Asia/Shanghai")
    assert day_line(Phase(5, 5, 4), 7, (3, 4, 5, 6, 7)) == (
        "pk.day", {"day": 5, "days": 7, "k": 3, "n": 5}
    )  # fmt: skip
    assert day_line(Phase(None, None, 7), 7, (3, 4, 5, 6, 7))[0] == "pk.over"
    assert day_line(Phase(2, None, None), 7, (3, 4, 5, 6, 7))[0] == "pk.day_plain"
    now = datetime(2026, 12, 16, 8, 0, tzinfo=UTC)  # 16:00 in Shanghai
    assert changed_at(now - timedelta(minutes=1), now, shanghai) == "15:59:00"
    assert changed_at(now - timedelta(days=1), now, shanghai) == "12-15 16:00"
    assert changed_at(None, now, shanghai) is None
    end = datetime(2026, 12, 16, 9, 30, tzinfo=UTC)
    key, params = countdown_line(now, (end, end + timedelta(days=3)), shanghai)
    assert (key, params["what"], params["at"]) == ("pk.countdown", "pk.countdown.cutoff", "17:30")
    assert params["left"] == ("pk.countdown.hm", {"h": 1, "m": 30})
    assert countdown_line(now, (end, end), shanghai)[1]["what"] == "pk.countdown.final"
    assert countdown_line(now, (None, end), shanghai) is None
