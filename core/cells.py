"""One cell of an exported table → a typed value, or a short reason why not (SPEC §5.3).

Plain Python: no streamlit, no sqlalchemy. The reading rules every table the camp takes in
shares — the loan list (core.importing), the visit records (core.visitfile) and the core
system's repayment records (core.ledger): empty cells and placeholders, full-width → half-
width, text keys that lost digits, amounts with thousands separators and units (万元/元),
dates in the spellings bank exports use, flags, day counts and name lists.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Literal

from core.limits import MAX_YUAN
from core.money import YUAN_PER_WAN, to_decimal, wan_to_fen, yuan_to_fen
from core.reasons import Reason

#: The unit of an amount column: 万元 or 元.
Unit = Literal["wan", "yuan"]

MISSING = "required value missing"
TOO_LONG = "too long: {length} characters, at most {limit}"
NAME_TOO_LONG = "a name longer than {limit} characters"
CONTROL_CHARACTER = "control character U+{code:04X} in the cell: retype the value"
LOST_DIGITS = "number lost digits: stored as a number by the spreadsheet; export the column as text"
NEGATIVE_AMOUNT = "negative amount"
DATE_OUT_OF_RANGE = "date out of range"


#: The dates a cell may hold. Others are typing errors or placeholders such as 9999-12-31,
#: and the legal clocks (core.loans) add years to these dates.
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2099, 12, 31)

_MAX_YUAN = MAX_YUAN  # far above any loan; keeps fen inside a BIGINT (core.limits)
_MAX_DAYS = 99_999


def unit_of(text: str | None) -> Unit | None:
    """'wan' for a unit text carrying 万 (万元), 'yuan' for 元, else None."""
    if not text:
        return None
    if "万" in text:
        return "wan"
    if "元" in text:
        return "yuan"
    return None


# --- cells -----------------------------------------------------------------------------------


#: What exports put in an empty cell.
_PLACEHOLDERS = frozenset({"-", "--", "—", "——", "/", "\\", "－", "null", "NULL", "None"})


def is_empty(value: object) -> bool:
    if value is None or value == "":
        return True
    if isinstance(value, str):
        text = value.strip()
        return not text or (len(text) <= 4 and text in _PLACEHOLDERS)
    return False


def cell_str(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def cell_text(value: object) -> str | None:
    """A cell as trimmed text, None when empty; integer-valued numbers lose their '.0'."""
    if is_empty(value):
        return None
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_LINE_BREAK_RE = re.compile(r"\s*[\r\n]+\s*")


def line_text(value: object) -> str | None:
    """A cell as trimmed text on one line (a line break typed inside it becomes a space).

    For names, places and codes; addresses and notes keep their line breaks (`cell_text`).
    """
    text = cell_text(value)
    return None if text is None else _LINE_BREAK_RE.sub(" ", text)


_SHOWN_CHARS = 40


def shown(value: object) -> str:
    """A cell as a problem quotes it: on one line and at most 40 characters ('empty' for none)."""
    if isinstance(value, int) and value.bit_length() > 128:
        return "a number too large to show"
    text = " ".join((cell_text(value) or "").split())
    if len(text) > _SHOWN_CHARS:
        return text[: _SHOWN_CHARS - 1] + "…"
    return text or "empty"


def half_width(text: str) -> str:
    """Full-width digits, letters and punctuation made half-width, trimmed."""
    if text.isascii():
        return text.strip()
    return unicodedata.normalize("NFKC", text).replace("\u2212", "-").strip()


_SCIENTIFIC_RE = re.compile(r"[+-]?\d+(?:\.\d*)?[eE][+-]\d+|[+-]?\d+\.\d*[eE]\d+")
_FLOAT_TEXT_RE = re.compile(r"(\d+)\.0*")
_EXCEL_TEXT_RE = re.compile(r'="(.*)"')


def parse_key_text(value: object) -> str:
    """A loan or ID number as text; raises ValueError(LOST_DIGITS) when digits were lost.

    A spreadsheet number of 16 or more digits, or text in scientific notation
    (1.1e+17, 8.2E+15), has lost digits. A shorter integer-valued number becomes its
    integer text (12345.0 → '12345').
    """
    if isinstance(value, bool):
        raise Reason("cell.not_text", value=value)
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            if value != value or value in (float("inf"), float("-inf")):
                raise Reason("cell.not_number")
            return repr(value)
        if abs(int(value)) >= 10**15:  # 16 digits or more
            raise Reason("cell.lost_digits")
        return str(int(value))
    text = half_width(cell_str(value))
    wrapped = _EXCEL_TEXT_RE.fullmatch(text)
    if wrapped:
        text = wrapped.group(1).strip()
    text = text.lstrip("'").strip()
    if _SCIENTIFIC_RE.fullmatch(text):
        raise Reason("cell.lost_digits")
    as_float = _FLOAT_TEXT_RE.fullmatch(text)
    if as_float:
        if len(as_float.group(1)) >= 16:
            raise Reason("cell.lost_digits")
        return as_float.group(1)
    return _LINE_BREAK_RE.sub(" ", text)


_GROUPED_RE = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_PLAIN_NUMBER_RE = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def parse_amount(value: object, *, negative_ok: bool = False) -> Decimal:
    """An amount as an exact Decimal; raises ValueError with a short reason.

    Numbers from a spreadsheet go through their shortest repr (0.467341 stays
    0.467341). Text may use thousands separators and full-width digits and
    punctuation (１２．５，); a leading ¥ is dropped. Negative amounts are refused
    unless `negative_ok`.
    """
    if isinstance(value, bool) or is_empty(value):
        raise Reason("cell.not_amount", value=shown(value))
    if isinstance(value, int | float | Decimal):
        amount = to_decimal(value)
        if not amount.is_finite():
            raise Reason("cell.not_amount", value=shown(value))
    elif isinstance(value, str):
        text = half_width(value).lstrip("¥￥").strip()
        if "," in text:
            if not _GROUPED_RE.fullmatch(text):
                raise Reason("cell.not_amount", value=shown(value))
            text = text.replace(",", "")
        if not _PLAIN_NUMBER_RE.fullmatch(text):
            raise Reason("cell.not_amount", value=shown(value))
        amount = Decimal(text)
    else:
        raise Reason("cell.not_amount", value=shown(value))
    if amount < 0 and not negative_ok:
        raise Reason("cell.negative")
    return amount


def amount_to_fen(value: object, unit: Unit) -> int:
    """A non-negative amount cell in 万元 or 元 → exact integer fen (half-up at the fen)."""
    amount = parse_amount(value)
    if amount >= (_MAX_YUAN / YUAN_PER_WAN if unit == "wan" else _MAX_YUAN):
        raise Reason("cell.too_large")
    return wan_to_fen(amount) if unit == "wan" else yuan_to_fen(amount)


_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:\.0*)?"),
)
_TIME_SUFFIX_RE = re.compile(r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
EXCEL_EPOCH = date(1899, 12, 30)


def parse_date(value: object) -> date:
    """A date cell: an Excel date, 2026-05-06, 2026/5/6, 2026.5.6, 2026年5月6日, 20260506.

    20260506 may be text or a number. Datetimes give their date (also a time after a
    text date); a five-digit number is taken as an Excel serial date that lost its
    format. Raises ValueError with a short English reason ("not a date: ...",
    "not a calendar date: ...", "date out of range: ..." before 1900 or after 2099).
    """
    day = _date_of(value)
    check_date_range(day, value)
    return day


def check_date_range(day: date, value: object) -> None:
    """ValueError unless `day` (read from the cell `value`) lies in 1900–2099."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise Reason(
            "cell.date_range", value=shown(value), first=FIRST_DATE.year, last=LAST_DATE.year
        )


def _date_of(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or is_empty(value):
        raise Reason("cell.not_date", value=shown(value))
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise Reason("cell.not_date", value=shown(value))
        number = int(value)
        if 10_000_000 <= number <= 99_999_999:
            return _make_date(number // 10000, number // 100 % 100, number % 100, str(number))
        if 20_000 <= number <= 99_999:
            return EXCEL_EPOCH + timedelta(days=number)
        raise Reason("cell.not_date", value=shown(number))
    if not isinstance(value, str):
        raise Reason("cell.not_date", value=shown(value))
    text = half_width(value)
    for pattern in _DATE_PATTERNS:
        found = pattern.match(text)
        if found and _TIME_SUFFIX_RE.fullmatch(text[found.end() :]):
            year, month, day = (int(found.group(g)) for g in ("y", "m", "d"))
            return _make_date(year, month, day, shown(value))
    raise Reason("cell.not_date", value=shown(value))


def _make_date(year: int, month: int, day: int, quoted: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise Reason("cell.not_calendar_date", value=quoted) from None


def parse_flag(value: object) -> bool:
    """是/否, Y/N, 1/0 in any case (and spreadsheet booleans); empty is 否."""
    if is_empty(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = half_width(cell_str(value)).casefold()
    if text in ("是", "y", "1", "yes", "true", "表外", "已核销", "核销"):
        return True
    if text in ("否", "n", "0", "no", "false", "表内", "未核销", "正常"):
        return False
    raise Reason("cell.not_flag", value=shown(value))


_WHOLE_RE = re.compile(r"[+-]?\d+(?:\.0*)?")


def parse_days(value: object) -> int:
    """A non-negative whole number of days."""
    number: int
    if isinstance(value, bool):
        raise Reason("cell.not_days", value=shown(value))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise Reason("cell.not_days", value=shown(value))
        number = int(value)
    else:
        text = half_width(cell_str(value)).replace(",", "").removesuffix("天").strip()
        if not _WHOLE_RE.fullmatch(text):
            raise Reason("cell.not_days", value=shown(value))
        number = int(text.split(".")[0])
    if number < 0:
        raise Reason("cell.negative_days")
    if number > _MAX_DAYS:
        raise Reason("cell.days_implausible", value=shown(number))
    return number


def split_names(text: object) -> tuple[str, ...]:
    """Names separated by 、 , ， ; ； or / (full-width too), trimmed, empty ones dropped.

    A line break inside a name becomes a space.
    """
    if is_empty(text):
        return ()
    names = (_LINE_BREAK_RE.sub(" ", p.strip()) for p in _NAME_SEP_RE.split(cell_str(text)))
    return tuple(name for name in names if name)


_NAME_SEP_RE = re.compile(r"[、,，;；/／]")
