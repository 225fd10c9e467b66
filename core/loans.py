"""Loan facts that follow from dates: aging, the class floor, and the legal clocks.

Pure functions of plain values (SPEC §4.2–4.4); no store, no UI. A date `at` is
always a calendar day; a loan is overdue from the day after its maturity date.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from core.records import RISK_CLASSES

# --- §4.2 aging buckets ---------------------------------------------------------------

AGING_BUCKETS: tuple[str, ...] = (
    "1–30",
    "31–60",
    "61–90",
    "91–180",
    "181–270",
    "271–360",
    "361–1095",
    "1095+",
)

# Upper bound (inclusive) of each bucket but the last.
_BUCKET_UPPER: tuple[int, ...] = (30, 60, 90, 180, 270, 360, 1095)


def aging_bucket(days_overdue: int) -> str | None:
    """The aging bucket of §4.2; None for a loan not overdue (0 days or fewer).

    Buckets are closed at their upper end: 30 days is "1–30", 31 is "31–60",
    1095 is "361–1095" and anything over 1095 is "1095+".
    """
    if days_overdue <= 0:
        return None
    for label, upper in zip(AGING_BUCKETS, _BUCKET_UPPER, strict=False):
        if days_overdue <= upper:
            return label
    return AGING_BUCKETS[-1]


# --- days overdue ---------------------------------------------------------------------


def days_overdue_at(maturity_date: date, at: date) -> int:
    """Days past maturity at `at`: 0 on the maturity date and before, 1 the day after."""
    return max(0, (at - maturity_date).days)


def days_overdue_on(
    listed_days: int | None,
    list_date: date | None,
    maturity_date: date,
    at: date,
) -> int:
    """Days overdue at `at`, trusting the loan list's count (逾期天数) where it has one.

    - No listed count: computed from the maturity date.
    - A listed count but no list date: the listed count is taken as current at `at`.
    - A positive listed count: that count at the list's date, plus the days since
      (minus the days before, for a date earlier than the list; never below 0).
    - A listed 0 (not overdue at the list's date): overdue from the later of the
      maturity date and the list's date, so a loan maturing after the list starts
      counting from its maturity.
    """
    if listed_days is None:
        return days_overdue_at(maturity_date, at)
    if list_date is None:
        return max(0, listed_days)
    if listed_days <= 0:
        return days_overdue_at(max(maturity_date, list_date), at)
    return max(0, listed_days + (at - list_date).days)


# --- §4.3 five-category class ---------------------------------------------------------

RISK_ORDER: tuple[str, ...] = RISK_CLASSES  # best to worst: 正常 关注 次级 可疑 损失
NPL_CLASSES: frozenset[str] = frozenset({"次级", "可疑", "损失"})


def risk_rank(cls: str) -> int:
    """Position of a class in RISK_ORDER (0 = 正常, 4 = 损失); ValueError for an unknown one."""
    try:
        return RISK_ORDER.index(cls)
    except ValueError:
        raise ValueError(f"not a five-category class: {cls!r}") from None


def class_floor(days_overdue: int) -> str | None:
    """The least class a loan this far overdue may carry (2023 risk-classification measures).

    Not overdue: None. 1–90 days: 关注. 91–270: 次级. 271–360: 可疑. Over 360: 损失.
    """
    if days_overdue <= 0:
        return None
    if days_overdue <= 90:
        return "关注"
    if days_overdue <= 270:
        return "次级"
    if days_overdue <= 360:
        return "可疑"
    return "损失"


def effective_class(listed: str | None, days_overdue: int) -> tuple[str, bool]:
    """(the loan's class, flagged): the worse of the listed class and the floor.

    With neither a listed class nor a floor the class is 正常. `flagged` is True when
    the list gives a class better than the floor (the list under-classifies the loan).
    An empty listed class counts as none; an unknown one raises ValueError.
    """
    floor = class_floor(days_overdue)
    listed = listed.strip() if listed else None
    if not listed:
        return (floor or "正常", False)
    listed_rank = risk_rank(listed)
    if floor is None or listed_rank >= risk_rank(floor):
        return (listed, False)
    return (floor, True)


def is_npl(cls: str | None) -> bool:
    """A non-performing loan: 次级, 可疑 or 损失."""
    return cls in NPL_CLASSES


# --- date arithmetic ------------------------------------------------------------------


def add_years(d: date, years: int) -> date:
    """The same calendar day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 Feb → a year without one
        return d.replace(year=d.year + years, day=28)


def _days_in_month(year: int, month: int) -> int:
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return (first_of_next - timedelta(days=1)).day


def add_months(d: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the month's end.

    31 Aug + 6 months → 28 Feb, or 29 Feb in a leap year.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, _days_in_month(year, month)))


# --- §4.4 limitation (诉讼时效) ---------------------------------------------------------

LIMITATION_YEARS = 3
URGENT_DAYS = 180
WATCH_DAYS = 365


class LimitationStatus(StrEnum):
    """A loan's limitation at a date (SPEC §4.4); each member equals its text value."""

    EXPIRED = "expired"
    URGENT = "urgent"
    WATCH = "watch"
    SAFE = "safe"
    LITIGATION = "litigation"
    BEYOND = "beyond"  # past the 20-year cap of art. 188: beyond protection


def limitation_start(
    maturity_date: date,
    last_payment_on: date | None,
    last_ack_on: date | None,
    *extra_events: date | None,
) -> date:
    """The day the three-year limitation runs from: the latest of the dates given.

    Civil Code art. 188/189/195 and the 2020 limitation rules art. 8 and 14: the
    clock restarts at the maturity date, at each repayment (even partial), at each
    signed acknowledgement (催收通知书回执), and at each camp visit that collected
    money or got a signed acknowledgement — pass those as `extra_events`. A promise
    without a signed paper is not an event. None values are ignored. The caller
    passes only events up to the date the clock is read at.
    """
    events = [maturity_date, last_payment_on, last_ack_on, *extra_events]
    return max(d for d in events if d is not None)


def limitation_expiry(start: date) -> date:
    """Three years from the start, the same calendar day (29 Feb → 28 Feb)."""
    return add_years(start, LIMITATION_YEARS)


def limitation_status(expiry: date, at: date, in_litigation: bool = False) -> LimitationStatus:
    """Status by the days from `at` to the expiry.

    Below 0: expired. 0–180: urgent (the expiry day itself is still urgent).
    181–365: watch. Over 365: safe. A loan with a suit date is in litigation and
    has no limitation status of its own.
    """
    if in_litigation:
        return LimitationStatus.LITIGATION
    days = (expiry - at).days
    if days < 0:
        return LimitationStatus.EXPIRED
    if days <= URGENT_DAYS:
        return LimitationStatus.URGENT
    if days <= WATCH_DAYS:
        return LimitationStatus.WATCH
    return LimitationStatus.SAFE


URGENCY_ORDER: tuple[LimitationStatus, ...] = (
    LimitationStatus.EXPIRED,
    LimitationStatus.URGENT,
    LimitationStatus.WATCH,
    LimitationStatus.SAFE,
    LimitationStatus.LITIGATION,
    LimitationStatus.BEYOND,
)


def urgency_rank(status: LimitationStatus | str | None) -> int:
    """Sort key for visiting order: expired first, then urgent, watch, safe, litigation.

    Expired loans come first: after expiry a signed collection notice still counts
    as the debtor waiving the defence (limitation rules art. 19), so they are the
    most urgent to visit. None (no status known) sorts after everything.
    """
    if status is None:
        return len(URGENCY_ORDER)
    return URGENCY_ORDER.index(LimitationStatus(status))


# --- guarantee period (保证期间) and enforcement ----------------------------------------

GUARANTEE_MONTHS = 6
ENFORCEMENT_YEARS = 2


def guarantee_period_end(maturity_date: date, guarantee_until: date | None) -> date:
    """Last day of the guarantee period (Civil Code art. 692–694).

    The contract's end date (保证期间到期日) when the list gives one, else six months
    from the main debt's maturity, clamped to the month's end (31 Aug → 28/29 Feb).
    The period cannot be interrupted or extended, so no event moves it.
    """
    if guarantee_until is not None:
        return guarantee_until
    return add_months(maturity_date, GUARANTEE_MONTHS)


def enforcement_deadline(judgment_due_on: date | None) -> date | None:
    """Last day to apply for enforcement: two years after the judgment's last day for
    performance (Civil Procedure Law art. 250), 29 Feb → 28 Feb; None without a judgment.
    """
    if judgment_due_on is None:
        return None
    return add_years(judgment_due_on, ENFORCEMENT_YEARS)


@dataclass(frozen=True)
class LoanClocks:
    """A loan's clocks side by side at one date.

    `guarantee_end` is None when the loan has no guarantors; `guarantee_over` is True
    only when there is a guarantee period and `at` is past its last day (ending on
    `at` is not over). `days_to_expiry` is negative once the limitation has expired.
    """

    limitation_start: date
    limitation_expiry: date
    limitation_status: LimitationStatus
    days_to_expiry: int
    guarantee_end: date | None
    guarantee_over: bool
    enforcement_deadline: date | None


def loan_clocks(
    maturity_date: date,
    last_payment_on: date | None,
    last_ack_on: date | None,
    guarantee_until: date | None,
    has_guarantors: bool,
    sued_on: date | None,
    judgment_due_on: date | None,
    at: date,
    extra_events: Iterable[date | None] = (),
) -> LoanClocks:
    """Every clock of one loan at `at` (SPEC §4.4); a suit date puts it in litigation."""
    start = limitation_start(maturity_date, last_payment_on, last_ack_on, *extra_events)
    expiry = limitation_expiry(start)
    guarantee_end = guarantee_period_end(maturity_date, guarantee_until) if has_guarantors else None
    return LoanClocks(
        limitation_start=start,
        limitation_expiry=expiry,
        limitation_status=limitation_status(expiry, at, in_litigation=sued_on is not None),
        days_to_expiry=(expiry - at).days,
        guarantee_end=guarantee_end,
        guarantee_over=guarantee_end is not None and at > guarantee_end,
        enforcement_deadline=enforcement_deadline(judgment_due_on),
    )


# --- ID numbers (GB 11643-1999) --------------------------------------------------------

_ID18 = re.compile(r"[0-9]{17}[0-9Xx]", re.ASCII)
_ID15 = re.compile(r"[0-9]{15}", re.ASCII)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


def id_check_digit_ok(id_number: str) -> bool:
    """Whether an ID number's check digit is right (GB 11643-1999, ISO 7064 mod 11-2).

    18 characters: 17 digits and a check digit or X (either case). 15 digits: an
    old ID, which has no check digit, so True. Anything else: False. Surrounding
    spaces are ignored. A wrong check digit is only a warning on import (§5.3).
    """
    if not isinstance(id_number, str):
        return False
    text = id_number.strip()
    if _ID15.fullmatch(text):
        return True
    if not _ID18.fullmatch(text):
        return False
    total = sum(int(ch) * w for ch, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11] == text[17].upper()
