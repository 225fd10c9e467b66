"""Rules of the live PK board (core/pk.py): periods looked at, race, pairings, red flag,
leader changes and rotation."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from core.calendar import CampCalendar
from core.pk import (
    Phase,
    Scored,
    baseline_day,
    cumulative,
    is_final,
    leader_changed,
    pairing_leader,
    phase,
    race_days,
    rank_move,
    screens,
    shown_day,
    top_scorer,
)

CAL = CampCalendar(start_date=date(2026, 12, 1))  # field days 3–7, cut-off 17:30, final 12:00
TZ = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-11-30 09:00", Phase(None, None, None)),  # before the camp
        ("2026-12-02 09:00", Phase(2, None, None)),  # classroom day
        ("2026-12-02 18:00", Phase(2, 3, None)),  # the evening before: day 3's period runs
        ("2026-12-05 10:00", Phase(5, 5, 4)),
        ("2026-12-05 23:30", Phase(5, 6, 5)),  # the night shift counts for tomorrow
        ("2026-12-07 12:00", Phase(7, 7, 7)),  # exactly the final cut-off
        ("2026-12-07 15:00", Phase(7, None, 7)),  # the camp is over
    ],
)
def test_the_phase_says_which_periods_run_and_have_ended(moment: str, expected: Phase) -> None:
    assert phase(CAL, at(moment)) == expected


def test_the_board_is_about_the_running_period_else_the_last_one_that_ended() -> None:
    assert shown_day(Phase(5, 5, 4)) == 5
    assert shown_day(Phase(7, None, 7)) == 7
    assert shown_day(Phase(2, None, None)) is None


def test_rank_changes_are_measured_from_the_end_of_the_day_before_the_shown_one() -> None:
    assert baseline_day(Phase(5, 5, 4), 3) == 4
    assert baseline_day(Phase(5, 5, 5), 3) == 4  # the cut-off instant: still since yesterday
    assert baseline_day(Phase(None, None, 7), 3) == 6  # after the camp: the last day's moves
    assert baseline_day(Phase(3, 3, None), 3) is None  # the first field day has no yesterday
    assert baseline_day(Phase(None, None, None), 3) is None


def test_a_days_pairings_are_decided_once_its_period_has_ended() -> None:
    assert not is_final(Phase(5, 5, 4), 5)
    assert is_final(Phase(5, 5, 5), 5)
    assert is_final(Phase(None, None, 7), 7)
    assert not is_final(Phase(None, None, None), None)


def test_the_race_runs_over_the_field_days_begun() -> None:
    assert race_days(CAL, Phase(5, 5, 4)) == (3, 4, 5)
    assert race_days(CAL, Phase(None, None, 7)) == (3, 4, 5, 6, 7)
    assert race_days(CAL, Phase(2, None, None)) == ()


def test_the_race_adds_up_each_days_points_and_a_day_without_any_adds_nothing() -> None:
    assert cumulative({3: 1000, 5: -250}, (3, 4, 5)) == (1000, 1000, 750)
    assert cumulative({}, (3, 4)) == (0, 0)
    assert cumulative({3: 5}, ()) == ()


def test_a_pairing_is_led_on_points_and_level_points_lead_nobody() -> None:
    assert pairing_leader("猛虎队", 1250, "雄鹰队", 800) == "猛虎队"
    assert pairing_leader("猛虎队", 0, "雄鹰队", 1) == "雄鹰队"
    assert pairing_leader("猛虎队", 500, "雄鹰队", 500) is None


def test_the_top_of_a_ranking_leads_only_if_it_earned_something() -> None:
    assert top_scorer([Scored("雄鹰队", 100, 0), Scored("猛虎队", 50, 0)]) == "雄鹰队"
    assert top_scorer([Scored("雄鹰队", 0, 100)]) == "雄鹰队"  # cash without points counts
    assert top_scorer([Scored("猛虎队", 0, 0), Scored("雄鹰队", 0, 0)]) is None
    assert top_scorer([]) is None


def test_a_watching_screen_celebrates_a_new_leader_and_a_screen_just_opened_does_not() -> None:
    assert leader_changed(True, "猛虎队", "雄鹰队")
    assert leader_changed(True, None, "雄鹰队")  # the first team to score takes the lead
    assert not leader_changed(True, "猛虎队", "猛虎队")
    assert not leader_changed(True, "猛虎队", None)  # results voided: nobody to cheer
    assert not leader_changed(False, None, "雄鹰队")


def test_rank_moves_read_as_arrows() -> None:
    assert rank_move(2) == "▲2"
    assert rank_move(-1) == "▼1"
    assert rank_move(0) == "–"
    assert rank_move(None) == ""


def test_twelve_teams_fit_one_screen_and_more_rotate_twelve_at_a_time() -> None:
    assert screens(0) == [range(0)]
    assert screens(12) == [range(12)]
    assert screens(200)[0] == range(12) and screens(200)[-1] == range(192, 200)
    assert sum(len(r) for r in screens(200)) == 200
