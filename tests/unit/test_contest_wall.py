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
