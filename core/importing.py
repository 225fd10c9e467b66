"""Loan lists from xlsx, xls and csv files → typed records and row-level problems (SPEC §5.3).

Plain Python: no streamlit, no sqlalchemy. The reading steps are separate, well-named
helpers so the visit-record importer (§5.4) can reuse them:

- `read_rows` gives the raw cells of the first visible sheet (or of a CSV), one list per
  row, where ``rows[i]`` is the row the spreadsheet numbers ``i + 1``;
- `find_header` finds the header row among the first rows and maps columns to fields;
- `parse_date`, `parse_amount`, `split_names`, `line_text`, `is_total_row`, `detect_unit`
  and `parse_as_of` read single cells or title rows; `shown` quotes a cell in a problem;
- `amount_units`, `data_rows`, `column_plan`, `limited` and `convert_cells` turn the rows
  below a header into field values and row-level problems.

Whatever a file holds, a problem is one line that quotes at most a short piece of a
cell, and a record fits the store: no control characters, no text longer than its
column, no date outside 1900–2099.

`read_loan_list` puts them together and never raises for bad input: a file that cannot
be read gives one file-level `Problem` (row None) in `ImportResult.errors`.
"""

from __future__ import annotations

import csv
import io
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import BinaryIO, Literal, cast

from core.limits import MAX_YUAN
from core.loans import id_check_digit_ok
from core.money import YUAN_PER_WAN, to_decimal, wan_to_fen, yuan_to_fen
from core.records import RISK_CLASSES, SEGMENTS, ImportResult, LoanRecord, Problem

Source = str | os.PathLike[str] | bytes | bytearray | BinaryIO
Engine = Literal["calamine", "openpyxl"]
Unit = Literal["wan", "yuan"]


class ImportFileError(ValueError):
    """A file that cannot be read at all; str() is the message for the user."""


# --- the loan list's columns (SPEC §5.3) ----------------------------------------------------

#: Internal field (LoanRecord's attribute) → accepted headers; the first is the name shown.
LOAN_FIELDS: dict[str, tuple[str, ...]] = {
    "loan_no": ("贷款账号", "借据号", "loan_no"),
    "borrower": ("借款人", "借款人姓名", "客户名称", "borrower"),
    "id_number": ("证件号码", "身份证号", "身份证号码", "id_number"),
    "phone": ("联系电话", "手机号码", "电话", "phone"),
    "segment": ("客户类型", "贷款类型", "segment"),
    "principal_fen": ("贷款余额", "本金余额", "余额", "principal"),
    "interest_fen": ("欠息", "应收未收利息", "interest"),
    "disbursed_on": ("放款日期", "发放日期", "disbursed_on"),
    "maturity_date": ("到期日期", "到期日", "maturity_date"),
    "days_overdue": ("逾期天数", "days_overdue"),
    "risk_class": ("五级分类", "风险分类", "risk_class"),
    "last_payment_on": ("最后还款日期", "last_payment_on"),
    "last_ack_on": ("最后催收签收日期", "last_ack_on"),
    "guarantee": ("担保方式", "guarantee"),
    "guarantors": ("保证人", "guarantors"),
    "guarantee_until": ("保证期间到期日", "guarantee_until"),
    "sued_on": ("诉讼日期", "sued_on"),
    "judgment_due_on": ("判决履行期限", "judgment_due_on"),
    "township": ("乡镇", "乡镇(街道)", "township"),
    "village": ("村", "村(社区)", "village"),
    "address": ("地址", "address"),
    "manager": ("客户经理", "管户客户经理", "manager"),
    "written_off": ("是否核销", "已核销", "written_off"),
    "ethnicity": ("民族", "ethnicity"),
    "customer_type": ("客户分类", "customer_type"),
    "notes": ("备注", "notes"),
}
LOAN_REQUIRED = frozenset(
    {"loan_no", "borrower", "segment", "principal_fen", "maturity_date", "township"}
)
LOAN_AMOUNT_FIELDS = ("principal_fen", "interest_fen")
_LOAN_DATE_FIELDS = (
    "disbursed_on",
    "maturity_date",
    "last_payment_on",
    "last_ack_on",
    "guarantee_until",
    "sued_on",
    "judgment_due_on",
)
_LOAN_TEXT_FIELDS = (
    "borrower",
    "guarantee",
    "township",
    "village",
    "manager",
    "ethnicity",
    "customer_type",
)
_LOAN_MULTILINE_FIELDS = ("address", "notes")

SEGMENT_ALIASES: dict[str, str] = {
    **{segment: segment for segment in SEGMENTS},
    "小微企业": "小微",
    "个人经营": "小微",
    "农户": "涉农",
    "个人消费": "个人",
}

MISSING = "required value missing"
TOO_LONG = "too long: {length} characters, at most {limit}"
NAME_TOO_LONG = "a name longer than {limit} characters"
CONTROL_CHARACTER = "control character U+{code:04X} in the cell: retype the value"
LOST_DIGITS = "number lost digits: stored as a number by the spreadsheet; export the column as text"
NEGATIVE_AMOUNT = "negative amount"
DATE_OUT_OF_RANGE = "date out of range"

_MAX_YUAN = MAX_YUAN  # far above any loan; keeps fen inside a BIGINT (core.limits)
_MAX_DAYS = 99_999

#: The dates a cell may hold. Others are typing errors or placeholders such as 9999-12-31,
#: and the legal clocks (core.loans) add years to these dates.
FIRST_DATE, LAST_DATE = date(1900, 1, 1), date(2099, 12, 31)

#: The longest text of each loan field: the store's column widths (db.models.Loan).
LOAN_MAX_CHARS: dict[str, int] = {
    "loan_no": 64,
    "borrower": 100,
    "id_number": 32,
    "phone": 32,
    "guarantee": 32,
    "township": 100,
    "village": 100,
    "address": 255,
    "manager": 100,
    "ethnicity": 32,
    "customer_type": 32,
}

# --- reading files ---------------------------------------------------------------------------

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def read_rows(
    source: Source, filename: str | None = None, *, engine: Engine = "calamine"
) -> list[list[object]]:
    """The raw cells of the first visible sheet of an xlsx/xls, or of a CSV.

    ``rows[i]`` is the row the spreadsheet numbers ``i + 1`` (leading blank rows are
    kept); rows may differ in length; an empty cell is ``""``. Workbook cells keep
    their types (str, int, float, bool, date, datetime); CSV cells are str.
    `engine` chooses the xlsx reader (calamine, or openpyxl in read-only mode); xls is
    always read with calamine. Raises `ImportFileError` for a file that cannot be read.
    """
    if engine not in ("calamine", "openpyxl"):
        raise ValueError(f"unknown engine {engine!r}")
    data, name = _load(source, filename)
    kind = _detect_format(data, name)
    if kind == "csv":
        return _csv_rows(data)
    if engine == "openpyxl" and kind == "xlsx":
        return _openpyxl_rows(data)
    return _calamine_rows(data)


def _load(source: Source, filename: str | None) -> tuple[bytes, str | None]:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), filename
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            return path.read_bytes(), filename or path.name
        except OSError as exc:
            raise ImportFileError(f"cannot open the file: {exc.strerror or exc}") from exc
    read = getattr(source, "read", None)
    if read is None:
        raise ImportFileError(f"cannot read a {type(source).__name__} as a file")
    try:
        data = read()
    except (OSError, ValueError) as exc:
        raise ImportFileError(f"cannot read the file: {exc}") from exc
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = filename or getattr(source, "name", None)
    return bytes(data), os.fsdecode(name) if isinstance(name, str | os.PathLike) else None


def _detect_format(data: bytes, name: str | None) -> str:
    """'xlsx', 'xls' or 'csv': by extension, but the content's magic number wins."""
    if not data.strip():
        raise ImportFileError("the file is empty")
    magic = (
        "xlsx" if data.startswith(_ZIP_MAGIC) else "xls" if data.startswith(_OLE_MAGIC) else None
    )
    suffix = Path(name).suffix.lower() if name else ""
    if suffix in _WORKBOOK_SUFFIXES:
        if magic is None:
            raise ImportFileError(
                f"not an Excel workbook although named {suffix}: "
                "open it in Excel or WPS and save it as xlsx"
            )
        return magic
    if suffix in ("", ".csv", ".txt"):
        return magic or "csv"
    raise ImportFileError(f"unsupported file type {suffix}: use xlsx, xls or csv")


def _calamine_rows(data: bytes) -> list[list[object]]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        for index, meta in enumerate(workbook.sheets_metadata):
            if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet:
                sheet = workbook.get_sheet_by_index(index)
                return cast("list[list[object]]", sheet.to_python(skip_empty_area=False))
    except Exception as exc:  # calamine raises several types for damaged files
        raise ImportFileError(f"cannot read the workbook: {exc}") from exc
    raise ImportFileError("the workbook has no visible sheet")


def _openpyxl_rows(data: bytes) -> list[list[object]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError(f"cannot read the workbook: {exc}") from exc
    try:
        for sheet in workbook.worksheets:
            if sheet.sheet_state == "visible":
                sheet.reset_dimensions()  # some writers store a wrong dimension
                return [
                    ["" if value is None else value for value in row]
                    for row in sheet.iter_rows(values_only=True)
                ]
    except Exception as exc:
        raise ImportFileError(f"cannot read the workbook: {exc}") from exc
    finally:
        workbook.close()
    raise ImportFileError("the workbook has no visible sheet")


def _csv_rows(data: bytes) -> list[list[object]]:
    text = _decode_text(data)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        return cast("list[list[object]]", list(reader))
    except csv.Error as exc:  # e.g. a cell longer than the csv module's field size limit
        raise ImportFileError(f"cannot read the CSV at line {reader.line_num}: {exc}") from exc


_NOT_TEXT = "not a text CSV file"


def _decode_text(data: bytes) -> str:
    """UTF-8 with or without BOM, else GB18030 (a superset of GBK); UTF-16 by its BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError(_NOT_TEXT + " (broken UTF-16): use xlsx, xls or csv") from None
    if b"\x00" in data:
        raise ImportFileError(
            "not a text CSV file: it holds NUL bytes (a binary file, or UTF-16 without "
            "a BOM); save it again as xlsx or as CSV UTF-8"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(_NOT_TEXT + " (neither UTF-8 nor GBK): use xlsx, xls or csv")


# --- headers ---------------------------------------------------------------------------------

_SPACE_RE = re.compile(r"\s+")
_TRAILING_UNIT_RE = re.compile(r"^(.+?)\(([^()]*)\)$")


def normalise_header(text: object) -> str:
    """A header as compared: NFKC (full-width → half-width), no whitespace, case-folded."""
    return _SPACE_RE.sub("", unicodedata.normalize("NFKC", _cell_str(text))).casefold()


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and which column holds which field."""

    index: int  # rows[index] is the header row
    columns: dict[int, str]  # column index → field
    labels: dict[str, str]  # field → the header as written in the file
    units: dict[str, str]  # field → the unit in its header's trailing parentheses

    @property
    def row(self) -> int:
        """The header's row number as the sheet numbers it."""
        return self.index + 1

    def column_of(self, field: str) -> int | None:
        for column, name in self.columns.items():
            if name == field:
                return column
        return None


def find_header(
    rows: Sequence[Sequence[object]],
    fields: Mapping[str, tuple[str, ...]],
    required: Iterable[str],
    max_scan: int = 10,
) -> tuple[HeaderMatch | None, list[Problem]]:
    """Find the header among the first `max_scan` rows and map its columns to fields.

    A cell matches a field when its normalised text equals one of the field's names
    exactly, or else does so once a trailing unit in parentheses is removed
    (``贷款余额(万元)`` → 贷款余额, unit 万元). The header is the row matching the most
    fields (at least two). Returns the match and no problems, or None and file-level
    problems: header not found, two columns for one field, required columns missing.
    """
    lookup: dict[str, str] = {}
    for field, names in fields.items():
        for name in names:
            lookup.setdefault(normalise_header(name), field)

    needed = set(required)
    best: tuple[int, dict[int, tuple[str, str | None]]] | None = None
    best_count = 1  # a header matches at least two fields
    for index, row in enumerate(rows[:max_scan]):
        matched: dict[int, tuple[str, str | None]] = {}
        for column, cell in enumerate(row):
            hit = _match_header(cell, lookup)
            if hit is not None:
                matched[column] = hit
        count = len({field for field, _unit in matched.values()})
        if count > best_count:
            best, best_count = (index, matched), count

    if best is None:
        shown = "、".join(fields[field][0] for field in fields if field in needed)
        return None, [
            Problem(
                None,
                None,
                f"header row not found in the first {max_scan} rows "
                f"(expected columns such as {shown})",
            )
        ]

    index, matched = best
    header_row = rows[index]
    problems: list[Problem] = []
    columns: dict[int, str] = {}
    labels: dict[str, str] = {}
    units: dict[str, str] = {}
    first_column: dict[str, int] = {}
    for column, (field, unit) in matched.items():
        label = " ".join(_cell_str(header_row[column]).split())  # one line in messages
        if field in first_column:
            other = first_column[field]
            problems.append(
                Problem(
                    None,
                    None,
                    f"columns {_column_letter(other)} ({labels[field]}) and "
                    f"{_column_letter(column)} ({label}) both mean {fields[field][0]}",
                )
            )
            continue
        first_column[field] = column
        columns[column] = field
        labels[field] = label
        if unit:
            units[field] = unit
    for field in fields:
        if field in needed and field not in labels:
            problems.append(Problem(None, None, f"missing column {fields[field][0]}"))
    if problems:
        return None, problems
    return HeaderMatch(index=index, columns=columns, labels=labels, units=units), []


def _match_header(cell: object, lookup: Mapping[str, str]) -> tuple[str, str | None] | None:
    if not isinstance(cell, str) or not cell.strip():
        return None
    text = normalise_header(cell)
    field = lookup.get(text)
    if field is not None:
        return field, None
    parts = _TRAILING_UNIT_RE.match(text)
    if parts:
        field = lookup.get(parts.group(1))
        if field is not None:
            return field, parts.group(2)
    return None


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def unit_of(text: str | None) -> Unit | None:
    """'wan' for a unit text carrying 万 (万元), 'yuan' for 元, else None."""
    if not text:
        return None
    if "万" in text:
        return "wan"
    if "元" in text:
        return "yuan"
    return None


# --- title rows ------------------------------------------------------------------------------

_UNIT_RE = re.compile(r"单位\s*:?\s*\(?\s*(?:人民币)?\s*(万元|万|元)")
_AS_OF_RE = re.compile(r"(?:数据日期|统计日期|报表日期|截止日期|截至日期|截止|截至)\s*:?\s*(.*)")
_DATE_IN_TEXT_RE = re.compile(
    r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?|\d{8}"
)


def detect_unit(rows_above_header: Iterable[Sequence[object]]) -> Unit | None:
    """The amount unit a title row states (单位：万元, 单位:元, 单位（万元）...), else None."""
    for row in rows_above_header:
        for cell in row:
            if isinstance(cell, str) and "单位" in cell:
                found = _UNIT_RE.search(unicodedata.normalize("NFKC", cell))
                if found:
                    return "wan" if "万" in found.group(1) else "yuan"
    return None


def parse_as_of(rows_above_header: Iterable[Sequence[object]]) -> date | None:
    """The list's date from a title row (数据日期：2026-11-20, 截至2026年11月20日...), else None.

    The date may follow the label in the same cell or sit in the next non-empty cell.
    """
    for row in rows_above_header:
        for column, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            found = _AS_OF_RE.search(unicodedata.normalize("NFKC", cell))
            if not found:
                continue
            rest = found.group(1).strip()
            candidates: list[object] = []
            in_text = _DATE_IN_TEXT_RE.match(rest)
            if in_text:
                candidates.append(in_text.group(0))
            elif not rest:
                candidates.extend(c for c in row[column + 1 :] if not _is_empty(c))
            for candidate in candidates[:1]:
                try:
                    return parse_date(candidate)
                except ValueError:
                    pass
    return None


# --- rows ------------------------------------------------------------------------------------

_TOTAL_MARKERS = ("合计", "总计", "小计")


def is_blank_row(cells: Sequence[object], columns: Iterable[int] | None = None) -> bool:
    """Whether the row's cells (or only those in `columns`, the recognised ones) are empty."""
    if columns is None:
        return all(_is_empty(cell) for cell in cells)
    return all(_is_empty(_cell(cells, column)) for column in columns)


def is_total_row(cells: Sequence[object]) -> bool:
    """Whether a cell of the row is, or starts with, 合计, 总计 or 小计."""
    return any(_is_total_cell(cell) for cell in cells)


def _is_total_cell(cell: object) -> bool:
    if not isinstance(cell, str) or "计" not in cell:
        return False
    return _SPACE_RE.sub("", cell).startswith(_TOTAL_MARKERS)


def split_names(text: object) -> tuple[str, ...]:
    """Names separated by 、 , ， ; ； or / (full-width too), trimmed, empty ones dropped.

    A line break inside a name becomes a space.
    """
    if _is_empty(text):
        return ()
    names = (_LINE_BREAK_RE.sub(" ", p.strip()) for p in _NAME_SEP_RE.split(_cell_str(text)))
    return tuple(name for name in names if name)


_NAME_SEP_RE = re.compile(r"[、,，;；/／]")


# --- cells -----------------------------------------------------------------------------------


def _is_empty(value: object) -> bool:
    if value is None or value == "":
        return True
    return isinstance(value, str) and not value.strip()


def _cell_str(value: object) -> str:
    return value if isinstance(value, str) else "" if value is None else str(value)


def cell_text(value: object) -> str | None:
    """A cell as trimmed text, None when empty; integer-valued numbers lose their '.0'."""
    if _is_empty(value):
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


def _nfkc(text: str) -> str:
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
        raise ValueError(f"not a text value: {value}")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            if value != value or value in (float("inf"), float("-inf")):
                raise ValueError("not a number")
            return repr(value)
        if abs(int(value)) >= 10**15:  # 16 digits or more
            raise ValueError(LOST_DIGITS)
        return str(int(value))
    text = _nfkc(_cell_str(value))
    wrapped = _EXCEL_TEXT_RE.fullmatch(text)
    if wrapped:
        text = wrapped.group(1).strip()
    text = text.lstrip("'").strip()
    if _SCIENTIFIC_RE.fullmatch(text):
        raise ValueError(LOST_DIGITS)
    as_float = _FLOAT_TEXT_RE.fullmatch(text)
    if as_float:
        if len(as_float.group(1)) >= 16:
            raise ValueError(LOST_DIGITS)
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
    if isinstance(value, bool) or _is_empty(value):
        raise ValueError(f"not an amount: {shown(value)}")
    if isinstance(value, int | float | Decimal):
        amount = to_decimal(value)
        if not amount.is_finite():
            raise ValueError(f"not an amount: {shown(value)}")
    elif isinstance(value, str):
        text = _nfkc(value).lstrip("¥").strip()
        if "," in text:
            if not _GROUPED_RE.fullmatch(text):
                raise ValueError(f"not an amount: {shown(value)}")
            text = text.replace(",", "")
        if not _PLAIN_NUMBER_RE.fullmatch(text):
            raise ValueError(f"not an amount: {shown(value)}")
        amount = Decimal(text)
    else:
        raise ValueError(f"not an amount: {shown(value)}")
    if amount < 0 and not negative_ok:
        raise ValueError(NEGATIVE_AMOUNT)
    return amount


def amount_to_fen(value: object, unit: Unit) -> int:
    """A non-negative amount cell in 万元 or 元 → exact integer fen (half-up at the fen)."""
    amount = parse_amount(value)
    if amount >= (_MAX_YUAN / YUAN_PER_WAN if unit == "wan" else _MAX_YUAN):
        raise ValueError("amount too large")
    return wan_to_fen(amount) if unit == "wan" else yuan_to_fen(amount)


_DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:\.0*)?"),
)
_TIME_SUFFIX_RE = re.compile(r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_EXCEL_EPOCH = date(1899, 12, 30)


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
        raise ValueError(
            f"{DATE_OUT_OF_RANGE}: {shown(value)} (expected {FIRST_DATE.year} to {LAST_DATE.year})"
        )


def _date_of(value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or _is_empty(value):
        raise ValueError(f"not a date: {shown(value)}")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise ValueError(f"not a date: {shown(value)}")
        number = int(value)
        if 10_000_000 <= number <= 99_999_999:
            return _make_date(number // 10000, number // 100 % 100, number % 100, str(number))
        if 20_000 <= number <= 99_999:
            return _EXCEL_EPOCH + timedelta(days=number)
        raise ValueError(f"not a date: {shown(number)}")
    if not isinstance(value, str):
        raise ValueError(f"not a date: {shown(value)}")
    text = _nfkc(value)
    for pattern in _DATE_PATTERNS:
        found = pattern.match(text)
        if found and _TIME_SUFFIX_RE.fullmatch(text[found.end() :]):
            year, month, day = (int(found.group(g)) for g in ("y", "m", "d"))
            return _make_date(year, month, day, shown(value))
    raise ValueError(f"not a date: {shown(value)}")


def _make_date(year: int, month: int, day: int, quoted: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"not a calendar date: {quoted}") from None


def parse_flag(value: object) -> bool:
    """是/否, Y/N, 1/0 in any case (and spreadsheet booleans); empty is 否."""
    if _is_empty(value):
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = _nfkc(_cell_str(value)).casefold()
    if text in ("是", "y", "1"):
        return True
    if text in ("否", "n", "0"):
        return False
    raise ValueError(f"expected 是/否, Y/N or 1/0, not {shown(value)}")


_WHOLE_RE = re.compile(r"[+-]?\d+(?:\.0*)?")


def parse_days(value: object) -> int:
    """A non-negative whole number of days."""
    number: int
    if isinstance(value, bool):
        raise ValueError(f"not a whole number of days: {shown(value)}")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"not a whole number of days: {shown(value)}")
        number = int(value)
    else:
        text = _nfkc(_cell_str(value)).replace(",", "")
        if not _WHOLE_RE.fullmatch(text):
            raise ValueError(f"not a whole number of days: {shown(value)}")
        number = int(text.split(".")[0])
    if number < 0:
        raise ValueError("negative days overdue")
    if number > _MAX_DAYS:
        raise ValueError(f"not a plausible number of days: {shown(number)}")
    return number


def parse_segment(value: object) -> str:
    """客户类型 as 小微, 涉农 or 个人, through SEGMENT_ALIASES (农户 → 涉农, ...)."""
    text = _nfkc(_cell_str(value))
    segment = SEGMENT_ALIASES.get(text)
    if segment is None:
        raise ValueError(f"unknown segment {shown(text)}: expected {'、'.join(SEGMENTS)}")
    return segment


def parse_risk_class(value: object) -> str:
    text = _nfkc(_cell_str(value))
    if text not in RISK_CLASSES:
        raise ValueError(f"unknown risk class {shown(text)}: expected {'、'.join(RISK_CLASSES)}")
    return text


#: A resident ID (GB 11643); other shapes, such as a company's credit code, are not checked.
_ID18_RE = re.compile(r"\d{17}[\dX]")


# --- data rows -------------------------------------------------------------------------------

#: How one column is read: (column index, field, converter, required).
ColumnPlan = tuple[int, str, Callable[[object], object], bool]

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def limited(
    converters: Mapping[str, Callable[[object], object]], max_chars: Mapping[str, int]
) -> dict[str, Callable[[object], object]]:
    """The converters, those of the fields in `max_chars` refusing longer text (or names)."""
    return {
        field: partial(_at_most, convert, max_chars[field]) if field in max_chars else convert
        for field, convert in converters.items()
    }


def _at_most(convert: Callable[[object], object], limit: int, cell: object) -> object:
    value = convert(cell)
    if isinstance(value, str) and len(value) > limit:
        raise ValueError(TOO_LONG.format(length=len(value), limit=limit))
    if isinstance(value, tuple) and any(len(name) > limit for name in value):
        raise ValueError(NAME_TOO_LONG.format(limit=limit))
    return value


def amount_units(
    header: HeaderMatch, rows_above_header: Iterable[Sequence[object]], fields: Iterable[str]
) -> dict[str, Unit]:
    """Each amount field's unit: its header's (贷款余额(万元)), else the title row's, else 元."""
    title_unit = detect_unit(rows_above_header)
    return {field: unit_of(header.units.get(field)) or title_unit or "yuan" for field in fields}


def data_rows(
    rows: Sequence[Sequence[object]], header: HeaderMatch, key_columns: Iterable[int | None]
) -> Iterator[tuple[int, Sequence[object]]]:
    """The rows below the header that hold data, each with its number as the sheet numbers it.

    Skipped: blank rows (every recognised column empty, e.g. only a 序号 left in an unused
    template row) and total rows (a 合计/总计/小计 cell while a key column is empty or is
    itself the total).
    """
    recognised = sorted(header.columns)
    keys = tuple(key_columns)
    for index in range(header.index + 1, len(rows)):
        cells = rows[index]
        if is_blank_row(cells, recognised):
            continue
        if is_total_row(cells) and any(_empty_or_total(cells, column) for column in keys):
            continue
        yield index + 1, cells


def column_plan(
    header: HeaderMatch,
    converters: Mapping[str, Callable[[object], object]],
    required: Iterable[str],
) -> list[ColumnPlan]:
    """How to read each recognised column, left to right."""
    needed = frozenset(required)
    return [
        (column, field, converters[field], field in needed)
        for column, field in sorted(header.columns.items())
    ]


def convert_cells(
    row: int, cells: Sequence[object], plan: Iterable[ColumnPlan], labels: Mapping[str, str]
) -> tuple[dict[str, object], list[Problem]]:
    """One data row's cells converted by the plan: the values, and the row's problems.

    An empty cell gives no value (MISSING when the column is required); text with a
    control character (NUL, BEL, ...; tabs and line breaks are fine) is refused before
    conversion, as no store or screen should get it; a converter's ValueError or
    ArithmeticError becomes a problem on that column, its reason on one line.
    """
    values: dict[str, object] = {}
    errors: list[Problem] = []
    width = len(cells)
    for column, field, convert, is_required in plan:
        raw = cells[column] if column < width else None
        value: object = None
        if not _is_empty(raw):
            control = _CONTROL_RE.search(raw) if isinstance(raw, str) else None
            if control:
                reason = CONTROL_CHARACTER.format(code=ord(control.group()))
                errors.append(Problem(row, labels[field], reason))
                continue
            try:
                value = convert(raw)
            except (ValueError, ArithmeticError) as exc:
                reason = " ".join(str(exc).split()) if isinstance(exc, ValueError) else ""
                errors.append(Problem(row, labels[field], reason or "not a usable value"))
                continue
        if value is None or value == "":
            if is_required:
                errors.append(Problem(row, labels[field], MISSING))
            continue
        values[field] = value
    return values, errors


# --- the loan list ---------------------------------------------------------------------------


def read_loan_list(
    source: Source, filename: str | None = None, *, engine: Engine = "calamine"
) -> ImportResult:
    """Read a loan list (SPEC §5.3) into records, errors and warnings; never raises for bad input.

    `filename` chooses the format by its extension when `source` is bytes or a file
    object; without one, the content decides (zip → xlsx, OLE → xls, else csv).
    """
    try:
        rows = read_rows(source, filename, engine=engine)
    except ImportFileError as exc:
        return ImportResult(errors=[Problem(None, None, str(exc))])
    return loans_from_rows(rows)


def loans_from_rows(rows: Sequence[Sequence[object]]) -> ImportResult:
    """Records and problems from the raw rows of a loan list, as `read_rows` gives them."""
    header, problems = find_header(rows, LOAN_FIELDS, LOAN_REQUIRED)
    above = rows[: header.index] if header else rows[:10]
    result = ImportResult(as_of=parse_as_of(above))
    if header is None:
        result.errors.extend(problems)
        return result

    parser = _LoanRowParser(header, amount_units(header, above, LOAN_AMOUNT_FIELDS))
    key_columns = (header.column_of("loan_no"), header.column_of("borrower"))
    first_row_of: dict[str, int] = {}

    for row, cells in data_rows(rows, header, key_columns):
        result.rows_read += 1
        values, errors, warnings = parser.parse(row, cells)
        loan_no = values.get("loan_no")
        if isinstance(loan_no, str):
            earlier = first_row_of.setdefault(loan_no, row)
            if earlier != row:
                errors.append(
                    Problem(
                        row,
                        header.labels["loan_no"],
                        f"loan number {loan_no} already on row {earlier}",
                    )
                )
        result.warnings.extend(warnings)
        if errors:
            result.errors.extend(errors)
        else:
            result.records.append(LoanRecord(row=row, **values))  # type: ignore[arg-type]

    if result.rows_read == 0 and not result.errors:
        result.errors.append(Problem(None, None, "no loans below the header row"))
    return result


def _cell(cells: Sequence[object], column: int | None) -> object:
    if column is None or column >= len(cells):
        return None
    return cells[column]


def _empty_or_total(cells: Sequence[object], column: int | None) -> bool:
    value = _cell(cells, column)
    return _is_empty(value) or _is_total_cell(value)


class _LoanRowParser:
    """Turns the cells of one data row into LoanRecord values, errors and warnings."""

    def __init__(self, header: HeaderMatch, units: Mapping[str, Unit]) -> None:
        self.labels = header.labels
        converters: dict[str, Callable[[object], object]] = {
            "loan_no": parse_key_text,
            "id_number": parse_key_text,
            "phone": line_text,
            "segment": parse_segment,
            "principal_fen": partial(amount_to_fen, unit=units["principal_fen"]),
            "interest_fen": partial(amount_to_fen, unit=units["interest_fen"]),
            "days_overdue": parse_days,
            "risk_class": parse_risk_class,
            "guarantors": split_names,
            "written_off": parse_flag,
            **{field: parse_date for field in _LOAN_DATE_FIELDS},
            **{field: line_text for field in _LOAN_TEXT_FIELDS},
            **{field: cell_text for field in _LOAN_MULTILINE_FIELDS},
        }
        self.plan = column_plan(header, limited(converters, LOAN_MAX_CHARS), LOAN_REQUIRED)

    def parse(
        self, row: int, cells: Sequence[object]
    ) -> tuple[dict[str, object], list[Problem], list[Problem]]:
        values, errors = convert_cells(row, cells, self.plan, self.labels)
        warnings: list[Problem] = []
        id_number = values.get("id_number")
        if isinstance(id_number, str) and _ID18_RE.fullmatch(id_number.upper()):
            values["id_number"] = id_number = id_number.upper()
            if not id_check_digit_ok(id_number):
                warnings.append(
                    Problem(row, self.labels["id_number"], "wrong ID number check digit")
                )
        return values, errors, warnings
