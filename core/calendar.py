"""Camp days, cut-offs, reporting periods, quiet hours and night shifts (SPEC §4.6, §4.11).

The store keeps UTC; the camp's time zone decides which day and which period a
moment belongs to. Every datetime handed in must be aware; a naive one raises
ValueError, because guessing its zone is how a night shift lands in the wrong day.

Periods. The period of field day D runs from the cut-off of day D−1 (exclusive)
to the cut-off of day D (inclusive); on the last camp day it ends at the final
cut-off instead. A visit exactly at 17:30 on day 4 is day 4's; one at 17:31, or a
night-shift visit at 23:30, is day 5's. The first field day's period starts at
the cut-off of the day before it (a research or classroom day, or the day before
the camp when the first day is already a field day). The camp window is the
union of the periods: from that first start (exclusive) to the final cut-off
(inclusive).

Daily windows (quiet hours, night shifts) are local wall-clock ranges, start
inclusive and end exclusive; a range whose end is earlier than its start wraps
midnight (22:00–01:00), and one whose start equals its end is empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core.camp import CampConfig

TimeRange = tuple[time, time]


def _require_aware(at: datetime, what: str = "datetime") -> None:
    if not isinstance(at, datetime):
        raise TypeError(f"{what} must be a datetime, not {type(at).__name__}")
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"{what} must be timezone-aware, got naive {at.isoformat()}")


def _in_range(t: time, span: TimeRange) -> bool:
    """Whether wall-clock `t` lies in [start, end), wrapping midnight when end < start."""
    start, end = span
    if start == end:
        return False
    if start < end:
        return start <= t < end
    return t >= start or t < end


def _check_time(value: object, what: str) -> None:
    if not isinstance(value, time):
        raise TypeError(f"{what} must be a time, not {type(value).__name__}")
    if value.tzinfo is not None:
        raise ValueError(f"{what} must be a local wall-clock time without a zone")


def end_of_day(day: date, tz: ZoneInfo) -> datetime:
    """The end of a camp local day: the next local midnight (24:00), as aware UTC,
    exclusive — the one definition (issue 16: it was computed in two places)."""
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=tz).astimezone(UTC)


@dataclass(frozen=True)
class CampCalendar:
    """The clock of one camp: its days, field days, cut-offs and daily windows.

    Day numbers are camp days, 1 = `start_date`. Field days run from
    `first_field_day` to the last day, `days` (SPEC §4.6: consecutive and ending on
    the last day, so the first one is all that needs saying).
    """

    start_date: date
    days: int = 7
    first_field_day: int = 3
    cutoff: time = time(17, 30)
    final_cutoff: time = time(12, 0)
    timezone: str = "Asia/Shanghai"
    quiet_hours: TimeRange = (time(22, 0), time(8, 0))
    night_shifts: tuple[TimeRange, ...] = (
        (time(22, 0), time(1, 0)),
        (time(4, 30), time(7, 0)),
    )

    def __post_init__(self) -> None:
        if isinstance(self.start_date, datetime) or not isinstance(self.start_date, date):
            raise TypeError("start_date must be a date")
        if isinstance(self.days, bool) or not isinstance(self.days, int) or self.days < 1:
            raise ValueError(f"a camp has at least one day, not {self.days!r}")
        if not 1 <= self.first_field_day <= self.days:
            raise ValueError(
                f"the first field day must be a camp day 1..{self.days}, not {self.first_field_day}"
            )
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise ValueError(f"unknown time zone: {self.timezone!r}") from None
        _check_time(self.cutoff, "cutoff")
        _check_time(self.final_cutoff, "final_cutoff")
        if len(self.quiet_hours) != 2:
            raise ValueError("quiet_hours is a (start, end) pair")
        for t in self.quiet_hours:
            _check_time(t, "quiet_hours")
        for shift in self.night_shifts:
            if len(shift) != 2:
                raise ValueError("each night shift is a (start, end) pair")
            for t in shift:
                _check_time(t, "night_shifts")

    @classmethod
    def from_config(cls, cfg: CampConfig) -> CampCalendar:
        """The calendar of a camp's settings; field days that are not consecutive or do
        not end on the last day are rejected (SPEC §4.6)."""
        field_days = tuple(cfg.field_days)
        if not field_days:
            raise ValueError("a camp needs at least one field day")
        expected = tuple(range(field_days[0], cfg.days + 1))
        if field_days != expected:
            raise ValueError(
                f"field days must be consecutive and end on the last day ({cfg.days}): "
                f"got {list(field_days)}"
            )
        return cls(
            start_date=cfg.start_date,
            days=cfg.days,
            first_field_day=field_days[0],
            cutoff=cfg.cutoff,
            final_cutoff=cfg.final_cutoff,
            timezone=cfg.timezone,
            quiet_hours=(cfg.quiet_hours[0], cfg.quiet_hours[1]),
            night_shifts=tuple((start, end) for start, end in cfg.night_shifts),
        )

    # --- zones --------------------------------------------------------------------------

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def local(self, at: datetime) -> datetime:
        """An aware moment as camp local time."""
        _require_aware(at)
        return at.astimezone(self.tz)

    def to_utc(self, local_naive: datetime) -> datetime:
        """A camp local wall-clock time (as typed: 'YYYY-MM-DD HH:MM') as aware UTC.

        An aware datetime raises ValueError: it already names its own zone, and
        reading it as camp time would silently shift it. In a zone with daylight
        saving, a wall time that occurs twice is read as the first (fold=0), and one
        that does not exist is read with the offset in force before the change.
        """
        if not isinstance(local_naive, datetime):
            raise TypeError(f"expected a datetime, not {type(local_naive).__name__}")
        if local_naive.tzinfo is not None:
            raise ValueError(
                f"to_utc takes a naive camp local time, got aware {local_naive.isoformat()}"
            )
        return local_naive.replace(tzinfo=self.tz).astimezone(UTC)

    def _at(self, d: date, t: time) -> datetime:
        return self.to_utc(datetime.combine(d, t))

    # --- days ---------------------------------------------------------------------------

    def _check_day(self, day: int) -> None:
        if isinstance(day, bool) or not isinstance(day, int) or not 1 <= day <= self.days:
            raise ValueError(f"not a camp day (1..{self.days}): {day!r}")

    def date_of_day(self, day: int) -> date:
        """The calendar date of camp day `day` (1 = start date); ValueError outside 1..days."""
        self._check_day(day)
        return self.start_date + timedelta(days=day - 1)

    def day_of_date(self, d: date) -> int | None:
        """The camp day falling on date `d`, or None before or after the camp."""
        if isinstance(d, datetime):
            raise TypeError("day_of_date takes a date; use day_of for a moment")
        day = (d - self.start_date).days + 1
        return day if 1 <= day <= self.days else None

    def day_of(self, at: datetime) -> int | None:
        """The camp day of an aware moment's local date, or None outside the camp days."""
        return self.day_of_date(self.local(at).date())

    @property
    def field_days(self) -> tuple[int, ...]:
        return tuple(range(self.first_field_day, self.days + 1))

    def is_field_day(self, day: int) -> bool:
        return self.first_field_day <= day <= self.days

    def field_day_index(self, day: int) -> int:
        """k in 'field day k of 5': 1 for the first field day; ValueError for another day."""
        if not self.is_field_day(day):
            raise ValueError(f"camp day {day} is not a field day {list(self.field_days)}")
        return day - self.first_field_day + 1

    # --- periods ------------------------------------------------------------------------

    def period_bounds(self, day: int) -> tuple[datetime, datetime]:
        """(start, end] of field day `day`'s period, aware UTC.

        Start: the cut-off of the day before (exclusive). End: the cut-off of `day`
        (inclusive), or the final cut-off on the last camp day. ValueError for a day
        that is not a field day.
        """
        if isinstance(day, bool) or not isinstance(day, int) or not self.is_field_day(day):
            raise ValueError(f"camp day {day!r} is not a field day {list(self.field_days)}")
        day_date = self.start_date + timedelta(days=day - 1)
        start = self._at(day_date - timedelta(days=1), self.cutoff)
        end_time = self.final_cutoff if day == self.days else self.cutoff
        return start, self._at(day_date, end_time)

    def period_of(self, at: datetime) -> int | None:
        """The field day whose period holds `at`; None outside the camp window.

        A visit exactly at a cut-off belongs to that day; a night-shift visit after
        day 4's cut-off belongs to day 5.
        """
        _require_aware(at)
        for day, start, end in self._bounds:
            if start < at <= end:
                return day
        return None

    @cached_property
    def _bounds(self) -> tuple[tuple[int, datetime, datetime], ...]:
        """Every field day's period, computed once: replays ask for thousands of visits."""
        return tuple((day, *self.period_bounds(day)) for day in self.field_days)

    def window(self) -> tuple[datetime, datetime]:
        """(start, end] of the camp window in UTC: every moment a camp visit may carry."""
        start, _ = self.period_bounds(self.first_field_day)
        _, end = self.period_bounds(self.days)
        return start, end

    def in_window(self, at: datetime) -> bool:
        _require_aware(at)
        start, end = self.window()
        return start < at <= end

    def last_closed_period(self, now: datetime) -> int | None:
        """The latest field day whose period has ended at `now` (end ≤ now), or None.

        At exactly a cut-off that day's period counts as closed: nothing later can
        fall into it.
        """
        _require_aware(now)
        closed = None
        for day in self.field_days:
            _, end = self.period_bounds(day)
            if end <= now:
                closed = day
        return closed

    def current_period(self, now: datetime) -> int | None:
        """The field day whose period is running at `now`; None outside the camp window."""
        return self.period_of(now)

    # --- conduct ------------------------------------------------------------------------

    def _wall_time(self, at: datetime) -> time:
        return self.local(at).time()  # naive wall-clock time, seconds included

    def in_quiet_hours(self, at: datetime) -> bool:
        """Whether `at` falls in the camp's quiet hours (default 22:00 up to 08:00):
        22:00 is inside, 08:00 is outside."""
        return _in_range(self._wall_time(at), self.quiet_hours)

    def in_night_shift(self, at: datetime) -> bool:
        """Whether `at` falls in one of the night shifts (each start inclusive, end
        exclusive, wrapping midnight)."""
        t = self._wall_time(at)
        return any(_in_range(t, shift) for shift in self.night_shifts)
