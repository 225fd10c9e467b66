"""The bounds every value must keep before it reaches the store (issue 13, SPEC §6).

One table, checked in core/ before any write, so SQLite (which stores a text of any
length and a number of any size) and PostgreSQL (which refuses them with a DataError)
give the same clear message. `TEXT_LIMITS` mirrors the column lengths of db/models.py;
tests/unit/test_limits.py keeps the two equal.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from core.reasons import Reason

FIRST_DAY = date(2000, 1, 1)  # a camp runs between these days, its last day included
LAST_DAY = date(2099, 12, 31)
MAX_DAYS = 60  # a camp is a week or two; 60 days is far above any real one
MAX_YUAN = Decimal(10) ** 12  # targets, costs and amounts: far above any loan, inside a BIGINT
MAX_POINTS = Decimal(10) ** 9  # an adjustment's points, either sign
MAX_WEIGHT = Decimal(10) ** 6  # a scoring weight
FUTURE_GRACE_MINUTES = 10  # a visit or adjustment may be dated this far after now (clock skew)

# the camp file's keys (and the form's fields) → the length of the column that stores them
TEXT_LIMITS: dict[str, int] = {
    "camp.code": 64,  # camps.code
    "camp.name": 200,  # camps.name
    "camp.bank": 200,  # camps.bank
    "camp.timezone": 64,  # camps.timezone
    "scoring.weight": 32,  # scoring_rules.value, the weight written out as text
    "team.name": 100,  # teams.name
    "team.member": 100,  # members.name
    "team.territory": 100,  # territories.township
}


def too_long(key: str, text: str) -> Reason | None:
    """Why `text` does not fit the column of `key` (a catalogue reason), or None when it fits."""
    limit = TEXT_LIMITS[key]
    if len(text) > limit:
        return Reason("value.too_long", length=len(text), limit=limit)
    return None


def outside_years(day: date) -> bool:
    return not FIRST_DAY <= day <= LAST_DAY


def adjustment_points(value: object) -> int:
    """An adjustment's points (text, int or Decimal, either sign) as integer hundredths.

    Raises ValueError with the reason for anything that is not a finite number of at most
    10⁹ points (`inf`, `nan`, a 20-digit number, `1e400`), before any rounding.
    """
    if isinstance(value, bool):
        raise Reason("points.not_number", value=value)
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except ArithmeticError:
        raise Reason("points.not_number", value=str(value)[:40]) from None
    if not number.is_finite():
        raise Reason("points.not_finite", value=value)
    if abs(number) > MAX_POINTS:
        raise Reason("points.too_large", limit=f"{MAX_POINTS:,f}", value=str(value)[:40])
    return int(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * 100)
