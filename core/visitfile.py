"""Visit records from xlsx, xls and csv files → typed records and row-level problems (SPEC §5.4).

Plain Python: no streamlit, no sqlalchemy. The file, header, unit, date, amount and
name handling is the shared reader's (core.cells, core.sheet); this module adds the visit columns,
the visit time and the checks one row can make on its own: a known contact result,
members present unless the customer paid at the branch, a signed receipt only when
someone who can sign was met.

Checks that need the camp — unknown loan, team or member, territory, camp window,
quiet hours, over-collection, duplicates of stored visits — belong to the service layer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from functools import partial

from core.cells import (
    DATE_OUT_OF_RANGE,
    EXCEL_EPOCH,
    Unit,
    amount_to_fen,
    cell_text,
    check_date_range,
    half_width,
    line_text,
    parse_date,
    parse_flag,
    parse_key_text,
    shown,
    split_names,
)
from core.reasons import Reason
from core.records import (
    AGREED_BY,
    APPOINTMENT_WAYS,
    CONTACTS,
    MET_NOBODY,
    PAID_AT_BRANCH,
    Problem,
    VisitImportResult,
    VisitRecord,
)
from core.sheet import amount_units, column_plan, convert_cells, data_rows, find_header, limited
from core.tabular import ImportFileError, Source, read_rows

#: Internal field (VisitRecord's attribute) → accepted headers; the first is the name shown.
VISIT_FIELDS: dict[str, tuple[str, ...]] = {
    "visited_at": ("走访时间", "visited_at"),
    "team": ("团队", "team"),
    "members": ("参与成员", "members"),
    "loan_no": ("贷款账号", "loan_no"),
    "contact": ("接触结果", "contact"),
    "principal_fen": ("收回本金", "principal"),
    "interest_fen": ("收回利息", "interest"),
    "ack": ("签收回执", "ack"),
    "promise_date": ("承诺还款日期", "promise_date"),
    "promise_amount_fen": ("承诺还款金额", "promise_amount"),
    "promise_method": ("承诺还款方式", "promise_method"),
    "tactics": ("使用招式", "tactics"),
    "appointment_at": ("预约时间", "appointment_at"),
    "appointment_by": ("预约方式", "appointment_by"),
    "agreed_by": ("同意人", "agreed_by"),
    "notes": ("备注", "notes"),
}
VISIT_REQUIRED = frozenset({"visited_at", "team", "loan_no", "contact"})
VISIT_AMOUNT_FIELDS = ("principal_fen", "interest_fen", "promise_amount_fen")
#: The longest text (or member name) of a visit field: the store's column widths (db.models).
VISIT_MAX_CHARS: dict[str, int] = {"loan_no": 64, "team": 100, "members": 100, "promise_method": 32}
#: Optional columns: a file without them reads as before (SPEC §5.4).
VISIT_NEW_FIELDS = ("appointment_at", "appointment_by", "agreed_by")

#: Contact results with which a signed receipt (签收回执 = 是) is possible.
SIGNING_CONTACTS = frozenset({"见到本人", "见到家属", "见到保证人"})


# A time of day at the end of the text, after spaces, a 'T' or a 日: 14:30, 9:05:30.
_TIME_OF_DAY_RE = re.compile(
    r"(?:[\sT]+|(?<=日))(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?$"
)
_SECONDS_PER_DAY = 86_400


def parse_visit_time(value: object) -> datetime:
    """A visit time as naive camp local wall time; raises ValueError with a short reason.

    Accepts Excel datetimes, `2026-12-03 14:30` (with seconds too; `/` or `.` between
    the date's parts, or any date form `parse_date` reads; full-width digits and colon)
    and a number that is an Excel serial date with a time fraction. A date without a
    time of day is refused ("time of day missing"). Note: spreadsheet readers give a
    datetime cell at exactly 00:00 as a bare date, so such a visit must be typed as
    text. A date outside 1900–2099 is refused, as `parse_date` refuses it.
    """
    if isinstance(value, datetime):
        check_date_range(value.date(), value)
        return value
    if isinstance(value, float) and not value.is_integer() and 20_000 < value < 100_000:
        seconds = round(value * _SECONDS_PER_DAY)
        moment = datetime.combine(EXCEL_EPOCH, time()) + timedelta(seconds=seconds)
        check_date_range(moment.date(), value)
        return moment
    quoted = shown(value)
    if isinstance(value, str):
        text = half_width(value)
        found = _TIME_OF_DAY_RE.search(text)
        if found:
            try:
                day = parse_date(text[: found.start()])
            except ValueError as exc:
                if str(exc).startswith(DATE_OUT_OF_RANGE):
                    raise
                raise Reason("visit.not_datetime", value=quoted) from None
            hour, minute, second = (int(found.group(g) or 0) for g in ("h", "m", "s"))
            try:
                return datetime.combine(day, time(hour, minute, second))
            except ValueError:
                raise Reason("visit.not_time_of_day", value=found.group().strip()) from None
    try:
        parse_date(value)
    except ValueError:
        raise Reason("visit.not_datetime", value=quoted) from None
    raise Reason("visit.time_missing")


def parse_contact(value: object) -> str:
    """接触结果 as one of CONTACTS, else ValueError listing them."""
    text = half_width(cell_text(value) or "")
    if text not in CONTACTS:
        raise Reason("visit.unknown_contact", value=shown(text), expected="、".join(CONTACTS))
    return text


def _choice(value: object, allowed: tuple[str, ...], code: str) -> str | None:
    text = half_width(cell_text(value) or "").strip()
    if not text:
        return None
    if text not in allowed:
        raise Reason(code, expected="、".join(allowed), value=shown(text))
    return text


parse_appointment_by = partial(_choice, allowed=APPOINTMENT_WAYS, code="visit.appointment_by")
parse_agreed_by = partial(_choice, allowed=AGREED_BY, code="visit.agreed_by")


def read_visit_records(source: Source, filename: str | None = None) -> VisitImportResult:
    """Read visit records (SPEC §5.4) into records, errors and warnings; never raises for bad input.

    `filename` chooses the format by its extension when `source` is bytes or a file
    object; without one, the content decides (zip → xlsx, OLE → xls, else csv).
    """
    try:
        rows = read_rows(source, filename)
    except ImportFileError as exc:
        return VisitImportResult(errors=[exc.problem])
    return visits_from_rows(rows)


def visits_from_rows(rows: Sequence[Sequence[object]]) -> VisitImportResult:
    """Records and problems from the raw rows of a visit file, as `read_rows` gives them.

    A row with any error is left out of `records`. Rows identical to an earlier row are
    kept: whether a visit is a duplicate is decided against the store.
    """
    result = VisitImportResult()
    header, problems = find_header(rows, VISIT_FIELDS, VISIT_REQUIRED)
    if header is None:
        result.errors.extend(problems)
        return result

    units = amount_units(header, rows[: header.index], VISIT_AMOUNT_FIELDS)
    plan = column_plan(header, limited(_converters(units), VISIT_MAX_CHARS), VISIT_REQUIRED)
    labels = {field: header.labels.get(field, names[0]) for field, names in VISIT_FIELDS.items()}
    for row, cells in data_rows(rows, header, (header.column_of("loan_no"),)):
        result.rows_read += 1
        values, errors = convert_cells(row, cells, plan, labels)
        errors.extend(_row_checks(row, values, labels, {p.column for p in errors}))
        if errors:
            result.errors.extend(errors)
        else:
            result.records.append(VisitRecord(row=row, **values))  # type: ignore[arg-type]

    if result.rows_read == 0 and not result.errors:
        result.errors.append(Problem.coded(None, None, "visit.no_rows"))
    return result


def _converters(units: dict[str, Unit]) -> dict[str, Callable[[object], object]]:
    return {
        "visited_at": parse_visit_time,
        "team": line_text,
        "members": split_names,
        "loan_no": parse_key_text,
        "contact": parse_contact,
        **{field: partial(amount_to_fen, unit=units[field]) for field in VISIT_AMOUNT_FIELDS},
        "ack": parse_flag,
        "promise_date": parse_date,
        "promise_method": line_text,
        "tactics": split_names,
        "appointment_at": parse_visit_time,
        "appointment_by": parse_appointment_by,
        "agreed_by": parse_agreed_by,
        "notes": cell_text,
    }


def _row_checks(
    row: int, values: dict[str, object], labels: dict[str, str], reported: set[str | None]
) -> list[Problem]:
    """The checks across columns of one row: members present, a receipt someone could sign.

    A column in `reported` already has a problem and is not checked again.
    """
    contact = values.get("contact")
    if contact is None:  # missing or unknown: already reported
        return []
    problems = []
    members_unread = labels["members"] in reported
    if not values.get("members") and contact != PAID_AT_BRANCH and not members_unread:
        problems.append(Problem.coded(row, labels["members"], "visit.members_missing"))
    if values.get("ack") and contact not in SIGNING_CONTACTS:
        problems.append(Problem.coded(row, labels["ack"], "visit.ack_needs_meeting"))
    problems += record_problems(
        row, contact, values.get("principal_fen") or 0, values.get("interest_fen") or 0,
        values.get("visited_at"), values.get("promise_date"), values.get("appointment_at"),
        labels, reported,
    )  # fmt: skip
    return problems


def record_problems(
    row: int | None,
    contact: str,
    principal_fen: int,
    interest_fen: int,
    visited_at: datetime | None,
    promise_date: date | None,
    appointment_at: datetime | None,
    labels: dict[str, str] | None = None,
    reported: set[str | None] = frozenset(),  # type: ignore[assignment]
) -> list[Problem]:
    """The errors one visit can show on its own (SPEC §4.7, §4.11): money on a visit that
    met nobody, a promise dated before its visit, an appointment not made before it."""
    labels = labels or {field: names[0] for field, names in VISIT_FIELDS.items()}
    problems = []
    if contact in MET_NOBODY and (principal_fen or interest_fen):
        column = labels["principal_fen" if principal_fen else "interest_fen"]
        if column not in reported:
            problems.append(Problem.coded(row, column, "visit.money_without_meeting",
                                          contact=contact))  # fmt: skip
    at = visited_at if isinstance(visited_at, datetime) else None
    if at and promise_date is not None and promise_date < at.date():
        problems.append(Problem.coded(row, labels["promise_date"], "visit.promise_before_visit",
                                      promise=promise_date.isoformat(),
                                      visit=at.date().isoformat()))  # fmt: skip
    if at and isinstance(appointment_at, datetime) and appointment_at >= at:
        problems.append(Problem.coded(row, labels["appointment_at"],
                                      "visit.appointment_after_visit",
                                      appointment=f"{appointment_at:%Y-%m-%d %H:%M}",
                                      visit=f"{at:%Y-%m-%d %H:%M}"))  # fmt: skip
    return problems
