"""Camp days, reporting periods, the camp window, quiet hours, night shifts (SPEC §4.6, §4.11)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from core.calendar import CampCalendar
from core.camp import CampConfig

SHANGHAI = ZoneInfo("Asia/Shanghai")
START = date(2026, 12, 1)  # camp day 1; field days 3..7 = 3–7 December


def camp(**overrides: object) -> CampCalendar:
    return CampCalendar.from_config(
        CampConfig(code="t", name="测试营", bank="测试行", start_date=START, **overrides)  # type: ignore[arg-type]
    )


CAL = camp()


def at(day: int, hhmm: str, tz: ZoneInfo = SHANGHAI, cal: CampCalendar = CAL) -> datetime:
    """Camp day `day` at local wall time HH:MM[:SS], aware."""
    t = time.fromisoformat(hhmm)
    return datetime.combine(cal.start_date + timedelta(days=day - 1), t, tzinfo=tz)


def utc(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=UTC)


# --- building the calendar --------------------------------------------------------------


def test_the_calendar_takes_the_camp_files_settings() -> None:
    expected = CampCalendar(
        start_date=START,
        days=7,
        first_field_day=3,
        cutoff=time(17, 30),
        final_cutoff=time(12, 0),
        timezone="Asia/Shanghai",
        quiet_hours=(time(22, 0), time(8, 0)),
        night_shifts=((time(22, 0), time(1, 0)), (time(4, 30), time(7, 0))),
    )
    assert expected == CAL
    assert CAL.tz == SHANGHAI


@pytest.mark.parametrize(
    "field_days",
    [(3, 4, 6, 7), (3, 4, 5, 6), (), (2, 3, 4, 5, 6, 7, 8)],
    ids=["gap", "not-ending-on-last-day", "none", "beyond-the-camp"],
)
def test_field_days_that_are_not_consecutive_up_to_the_last_day_are_rejected(
    field_days: tuple[int, ...],
) -> None:
    with pytest.raises(ValueError):
        camp(field_days=field_days)


def test_an_unknown_time_zone_is_rejected() -> None:
    with pytest.raises(ValueError, match="time zone"):
        camp(timezone="Asia/Atlantis")


def test_a_first_field_day_outside_the_camp_is_rejected() -> None:
    with pytest.raises(ValueError):
        CampCalendar(start_date=START, days=7, first_field_day=8)
    with pytest.raises(ValueError):
        CampCalendar(start_date=START, days=7, first_field_day=0)


# --- days --------------------------------------------------------------------------------


def test_camp_days_map_to_calendar_dates_and_back() -> None:
    assert CAL.date_of_day(1) == date(2026, 12, 1)
    assert CAL.date_of_day(7) == date(2026, 12, 7)
    assert CAL.day_of_date(date(2026, 12, 5)) == 5
    assert CAL.day_of_date(date(2026, 11, 30)) is None
    assert CAL.day_of_date(date(2026, 12, 8)) is None


def test_a_day_outside_the_camp_has_no_date() -> None:
    for day in (0, 8, -1):
        with pytest.raises(ValueError):
            CAL.date_of_day(day)


def test_the_camp_day_of_a_moment_is_its_local_date() -> None:
    # 2026-12-03 17:00 UTC is 4 December 01:00 in Shanghai: camp day 4.
    assert CAL.day_of(utc(2026, 12, 3, 17)) == 4
    assert CAL.day_of(utc(2026, 12, 3, 15, 59)) == 3


def test_the_field_days_are_days_3_to_7_and_the_board_says_field_day_k_of_5() -> None:
    assert CAL.field_days == (3, 4, 5, 6, 7)
    assert [CAL.field_day_index(d) for d in CAL.field_days] == [1, 2, 3, 4, 5]
    assert CAL.is_field_day(3) and not CAL.is_field_day(2) and not CAL.is_field_day(8)


def test_a_research_day_has_no_field_day_number() -> None:
    with pytest.raises(ValueError):
        CAL.field_day_index(2)


# --- periods ----------------------------------------------------------------------------


def test_a_days_period_runs_from_yesterdays_cutoff_to_todays_in_utc() -> None:
    start, end = CAL.period_bounds(4)
    assert start == utc(2026, 12, 3, 9, 30)  # 17:30 on day 3, Shanghai
    assert end == utc(2026, 12, 4, 9, 30)
    assert start.utcoffset() == timedelta(0)


def test_the_first_field_days_period_starts_at_the_cutoff_of_the_classroom_day() -> None:
    assert CAL.period_bounds(3) == (at(2, "17:30"), at(3, "17:30"))


def test_the_last_days_period_ends_at_the_final_cutoff() -> None:
    assert CAL.period_bounds(7) == (at(6, "17:30"), at(7, "12:00"))


def test_a_day_that_is_not_a_field_day_has_no_period() -> None:
    for day in (1, 2, 8):
        with pytest.raises(ValueError):
            CAL.period_bounds(day)


def test_a_visit_exactly_at_the_cutoff_belongs_to_that_day() -> None:
    assert CAL.period_of(at(4, "17:30")) == 4
    assert CAL.period_of(at(4, "17:30:01")) == 5


def test_a_night_shift_visit_at_23_30_on_day_4_counts_in_day_5s_period() -> None:
    assert CAL.period_of(at(4, "23:30")) == 5


def test_an_early_morning_night_shift_visit_counts_in_that_days_period() -> None:
    assert CAL.period_of(at(5, "04:30")) == 5


def test_the_first_minutes_after_the_classroom_days_cutoff_open_the_first_period() -> None:
    assert CAL.period_of(at(2, "17:30")) is None
    assert CAL.period_of(at(2, "17:31")) == 3


def test_the_final_cutoff_closes_the_camp_inclusive() -> None:
    assert CAL.period_of(at(7, "12:00")) == 7
    assert CAL.period_of(at(7, "12:00:01")) is None
    assert CAL.period_of(at(7, "17:00")) is None


def test_the_period_does_not_depend_on_the_zone_a_moment_is_written_in() -> None:
    # 23:30 on day 4 in Shanghai is 15:30 UTC.
    assert CAL.period_of(utc(2026, 12, 4, 15, 30)) == 5
    assert CAL.period_of(utc(2026, 12, 4, 9, 30)) == 4


def test_the_camp_window_runs_from_the_first_periods_start_to_the_final_cutoff() -> None:
    start, end = CAL.window()
    assert (start, end) == (at(2, "17:30"), at(7, "12:00"))
    assert not CAL.in_window(start)
    assert CAL.in_window(start + timedelta(seconds=1))
    assert CAL.in_window(end)
    assert not CAL.in_window(end + timedelta(seconds=1))


def test_every_moment_of_the_window_falls_in_exactly_one_period() -> None:
    start, end = CAL.window()
    moment = start + timedelta(minutes=1)
    seen = []
    while moment <= end:
        day = CAL.period_of(moment)
        assert day is not None
        lo, hi = CAL.period_bounds(day)
        assert lo < moment <= hi
        seen.append(day)
        moment += timedelta(minutes=47)
    assert sorted(set(seen)) == [3, 4, 5, 6, 7]


def test_a_camp_whose_first_day_is_a_field_day_starts_at_the_cutoff_the_evening_before() -> None:
    cal = camp(days=5, field_days=(1, 2, 3, 4, 5))
    assert cal.period_bounds(1)[0] == datetime(2026, 11, 30, 17, 30, tzinfo=SHANGHAI)
    assert cal.window() == (
        datetime(2026, 11, 30, 17, 30, tzinfo=SHANGHAI),
        datetime(2026, 12, 5, 12, 0, tzinfo=SHANGHAI),
    )


def test_custom_cutoffs_move_the_period_boundaries() -> None:
    cal = camp(cutoff=time(18, 0), final_cutoff=time(15, 0))
    assert cal.period_of(at(4, "17:45", cal=cal)) == 4
    assert cal.period_of(at(4, "18:00:01", cal=cal)) == 5
    assert cal.period_of(at(7, "14:59", cal=cal)) == 7
    assert cal.period_of(at(7, "15:01", cal=cal)) is None


def test_another_time_zone_shifts_the_periods_in_utc() -> None:
    kathmandu = ZoneInfo("Asia/Kathmandu")  # UTC+05:45, no daylight saving
    cal = camp(timezone="Asia/Kathmandu")
    assert cal.period_bounds(4) == (utc(2026, 12, 3, 11, 45), utc(2026, 12, 4, 11, 45))
    assert cal.period_of(at(4, "23:30", kathmandu, cal)) == 5
    # The same instant is already past Shanghai's cut-off but not Kathmandu's.
    moment = utc(2026, 12, 4, 10, 0)
    assert CAL.period_of(moment) == 5
    assert cal.period_of(moment) == 4


def test_a_period_across_a_daylight_saving_change_keeps_its_local_cutoffs() -> None:
    berlin = ZoneInfo("Europe/Berlin")  # clocks go back at 03:00 on 25 October 2026
    cal = CampCalendar(
        start_date=date(2026, 10, 20), days=7, first_field_day=3, timezone=berlin.key
    )
    start, end = cal.period_bounds(6)  # 24 Oct 17:30 → 25 Oct 17:30 local
    assert start == utc(2026, 10, 24, 15, 30)
    assert end == utc(2026, 10, 25, 16, 30)
    assert end - start == timedelta(hours=25)
    assert cal.period_of(datetime(2026, 10, 25, 17, 30, tzinfo=berlin)) == 6


def test_to_utc_reads_a_typed_local_time_in_the_camps_zone() -> None:
    assert CAL.to_utc(datetime(2026, 12, 4, 23, 30)) == utc(2026, 12, 4, 15, 30)
    assert CAL.local(utc(2026, 12, 4, 15, 30)) == datetime(2026, 12, 4, 23, 30, tzinfo=SHANGHAI)
    assert CAL.local(utc(2026, 12, 4, 15, 30)).tzinfo == SHANGHAI


def test_to_utc_refuses_a_moment_that_already_has_a_zone() -> None:
    with pytest.raises(ValueError):
        CAL.to_utc(utc(2026, 12, 4, 15, 30))


def test_a_naive_datetime_is_refused_instead_of_guessed() -> None:
    naive = datetime(2026, 12, 4, 23, 30)
    for call in (
        CAL.local,
        CAL.period_of,
        CAL.in_window,
        CAL.in_quiet_hours,
        CAL.in_night_shift,
        CAL.last_closed_period,
        CAL.current_period,
    ):
        with pytest.raises(ValueError):
            call(naive)


# --- closed and current periods --------------------------------------------------------


def test_no_period_is_closed_before_the_first_field_days_cutoff() -> None:
    assert CAL.last_closed_period(at(1, "09:00")) is None
    assert CAL.last_closed_period(at(3, "17:29")) is None


def test_a_period_is_closed_from_the_moment_of_its_cutoff() -> None:
    assert CAL.last_closed_period(at(3, "17:30")) == 3
    assert CAL.last_closed_period(at(5, "08:00")) == 4  # the morning board shows day 4
    assert CAL.last_closed_period(at(7, "11:59")) == 6
    assert CAL.last_closed_period(at(7, "12:00")) == 7
    assert CAL.last_closed_period(at(9, "12:00")) == 7


def test_the_current_period_is_the_one_running_now() -> None:
    assert CAL.current_period(at(5, "10:00")) == 5
    assert CAL.current_period(at(5, "20:00")) == 6
    assert CAL.current_period(at(2, "10:00")) is None
    assert CAL.current_period(at(7, "13:00")) is None


# --- quiet hours and night shifts (§4.11) -------------------------------------------------


@pytest.mark.parametrize(
    ("hhmm", "quiet"),
    [
        ("21:59:59", False),
        ("22:00", True),
        ("23:59", True),
        ("00:00", True),
        ("07:59:59", True),
        ("08:00", False),
        ("12:00", False),
    ],
)
def test_quiet_hours_run_from_22_00_up_to_but_not_including_08_00(hhmm: str, quiet: bool) -> None:
    assert CAL.in_quiet_hours(at(4, hhmm)) is quiet


def test_quiet_hours_are_read_in_camp_local_time() -> None:
    assert CAL.in_quiet_hours(utc(2026, 12, 4, 14, 0))  # 22:00 in Shanghai
    assert not CAL.in_quiet_hours(utc(2026, 12, 4, 0, 0))  # 08:00 in Shanghai


def test_quiet_hours_that_do_not_wrap_midnight() -> None:
    cal = camp(quiet_hours=(time(12, 0), time(14, 0)))
    assert cal.in_quiet_hours(at(4, "12:00", cal=cal))
    assert cal.in_quiet_hours(at(4, "13:59", cal=cal))
    assert not cal.in_quiet_hours(at(4, "14:00", cal=cal))
    assert not cal.in_quiet_hours(at(4, "23:00", cal=cal))


def test_quiet_hours_that_start_and_end_at_the_same_time_are_empty() -> None:
    cal = camp(quiet_hours=(time(0, 0), time(0, 0)))
    assert not cal.in_quiet_hours(at(4, "00:00", cal=cal))
    assert not cal.in_quiet_hours(at(4, "03:00", cal=cal))


@pytest.mark.parametrize(
    ("hhmm", "night"),
    [
        ("21:59", False),
        ("22:00", True),
        ("23:30", True),
        ("00:59:59", True),
        ("01:00", False),
        ("03:00", False),
        ("04:29", False),
        ("04:30", True),
        ("06:59", True),
        ("07:00", False),
        ("10:00", False),
    ],
)
def test_night_shifts_run_22_00_to_01_00_and_04_30_to_07_00(hhmm: str, night: bool) -> None:
    assert CAL.in_night_shift(at(4, hhmm)) is night


def test_a_camp_without_night_shifts_has_no_night_shift_visits() -> None:
    cal = camp(night_shifts=())
    assert not cal.in_night_shift(at(4, "23:30", cal=cal))
