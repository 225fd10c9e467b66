"""Any sheet, CSV or HTML table → rows of cells, bounded (SPEC §5.3 "Reading is bounded").

Plain Python. `read_rows` gives the raw cells of the first visible sheet of an xlsx/xls,
of a CSV/TSV, of an HTML table saved with an .xls name (what web-based bank systems
export, UTF-8 or GBK; long numbers stay text) or of an Excel 2003 XML spreadsheet.

Before a workbook reader builds a sheet, `check_xlsx` reads the zip's directory and the
sheet XML as a stream: a sheet whose declared or actual extent passes `MAX_ROWS` rows or
`MAX_CELLS` cells, or a member that unpacks more than `MAX_RATIO` times its packed size,
is refused with `ImportFileError` — calamine would otherwise allocate the whole rectangle
up to the farthest cell (a 5 KB file with one cell at XFD1048576 took the server down).
"""

from __future__ import annotations

import codecs
import csv
import html
import io
import os
import re
import zipfile
import zlib
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import BinaryIO, Literal, cast

from core.records import Problem

Source = str | os.PathLike[str] | bytes | bytearray | BinaryIO
Engine = Literal["calamine", "openpyxl"]

MAX_ROWS = 1_000_000
MAX_CELLS = 20_000_000
#: A sheet XML packs 5–30 times; a zip bomb thousands of times.
MAX_RATIO = 200
#: Unpacked members smaller than this are not checked for their ratio (tiny files pack well).
RATIO_FLOOR_BYTES = 8 * 1024 * 1024
#: No member of a loan list unpacks to more than this.
MAX_MEMBER_BYTES = 2_000_000_000


class ImportFileError(ValueError):
    """A file that cannot be read at all; str() is the English message, `problem` the coded one."""

    def __init__(self, code: str, **params: object) -> None:
        self.problem = Problem.coded(None, None, code, **params)
        super().__init__(self.problem.reason)


_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
_WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".et")


def read_rows(
    source: Source, filename: str | None = None, *, engine: Engine = "calamine", sheet: int = 0
) -> list[list[object]]:
    """The raw cells of the first visible sheet of an xlsx/xls, of a CSV, or of an HTML table.

    ``rows[i]`` is the row the spreadsheet numbers ``i + 1`` (leading blank rows are
    kept); rows may differ in length; an empty cell is ``""``. Workbook cells keep
    their types (str, int, float, bool, date, datetime); CSV and HTML cells are str.
    `engine` chooses the xlsx reader (calamine, or openpyxl in read-only mode); xls is
    always read with calamine. `sheet` > 0 reads a later visible sheet of a workbook
    (file.no_sheet when there is none). Raises `ImportFileError` for a file that cannot
    be read or is too large to read safely.
    """
    if engine not in ("calamine", "openpyxl"):
        raise ValueError(f"unknown engine {engine!r}")
    data, name = load(source, filename)
    kind = detect_format(data, name)
    if sheet and kind not in ("xlsx", "xls"):
        raise ImportFileError("file.no_sheet")
    if kind == "csv":
        return csv_rows(data)
    if kind == "html":
        return html_rows(data)
    if kind == "xml":
        return xml_rows(data)
    if kind == "xlsx":
        check_xlsx(data)
        if engine == "openpyxl":
            return _openpyxl_rows(data, sheet)
    return _calamine_rows(data, sheet)


def iter_rows(
    source: Source, filename: str | None = None, *, engine: Engine = "calamine", sheet: int = 0
) -> Iterator[list[object]]:
    """The rows of `read_rows` one by one; a CSV is decoded once and split lazily, so a
    list of a million loans is never held as a million lists of cells. Raises
    `ImportFileError` before the first row or while iterating (a broken CSV line, too
    many rows)."""
    data, name = load(source, filename)
    kind = detect_format(data, name)
    if kind == "csv" and not sheet:
        return _csv_iter(data, text_encoding(data))
    return iter(read_rows(data, name, engine=engine, sheet=sheet))


def text_encoding(data: bytes) -> str:
    """The encoding `decode_text` would use, found piece by piece (never the whole text)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        decode_text(data)  # rare: checked whole; broken UTF-16 raises
        return "utf-16"
    if b"\x00" in data:
        raise ImportFileError("file.nul")
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            for start in range(0, len(data), 1 << 20):
                decoder.decode(data[start : start + (1 << 20)])
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise ImportFileError("file.encoding")


def _csv_iter(data: bytes, encoding: str) -> Iterator[list[object]]:
    sample = data[:4096]
    delimiter = "\t" if sample.count(b"\t") > sample.count(b",") else ","
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding, newline="", errors="strict")
    reader = csv.reader(stream, delimiter=delimiter)
    count = 0
    try:
        for row in reader:
            count += 1
            if count > MAX_ROWS:
                _check_extent(count, len(row))
            yield cast("list[object]", row)
    except csv.Error as exc:  # e.g. a cell longer than the csv module's field size limit
        raise ImportFileError("file.csv_line", line=reader.line_num, detail=str(exc)) from exc


def load(source: Source, filename: str | None) -> tuple[bytes, str | None]:
    """The bytes of a path, bytes or file object, and its file name when known."""
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source), filename
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            return path.read_bytes(), filename or path.name
        except OSError as exc:
            raise ImportFileError("file.open", detail=exc.strerror or str(exc)) from exc
    read = getattr(source, "read", None)
    if read is None:
        raise ImportFileError("file.read", detail=f"a {type(source).__name__} is not a file")
    try:
        data = read()
    except (OSError, ValueError) as exc:
        raise ImportFileError("file.read", detail=str(exc)) from exc
    if isinstance(data, str):
        data = data.encode("utf-8")
    name = filename or getattr(source, "name", None)
    return bytes(data), os.fsdecode(name) if isinstance(name, str | os.PathLike) else None


_MARKUP_RE = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<", re.DOTALL)


def detect_format(data: bytes, name: str | None) -> str:
    """'xlsx', 'xls', 'html', 'xml' or 'csv': the content's magic number, else the extension."""
    if not data.strip():
        raise ImportFileError("file.empty")
    if data.startswith(_ZIP_MAGIC):
        return "xlsx"
    if data.startswith(_OLE_MAGIC):
        return "xls"
    suffix = Path(name).suffix.lower() if name else ""
    if suffix not in ("", ".csv", ".txt", ".htm", ".html", ".xml", *_WORKBOOK_SUFFIXES):
        raise ImportFileError("file.unsupported", suffix=suffix)
    if suffix in (".xlsx", ".xlsm"):  # web exports name their HTML tables .xls, never .xlsx
        raise ImportFileError("file.not_workbook", suffix=suffix)
    head = _markup_head(data)
    if head is not None:
        if b"urn:schemas-microsoft-com:office:spreadsheet" in head and b"<table" not in head:
            return "xml"
        if b"<table" in head or b"<html" in head or b"<!doctype" in head or b"<meta" in head:
            return "html"
        if b"<?xml" in head and b"<workbook" in head:
            return "xml"
    if suffix in _WORKBOOK_SUFFIXES:
        # a text export named .xls: tab- or comma-separated, read as such when it decodes
        try:
            decode_text(data)
        except ImportFileError:
            raise ImportFileError("file.not_workbook", suffix=suffix) from None
        return "csv"
    return "csv"


def _markup_head(data: bytes) -> bytes | None:
    if not _MARKUP_RE.match(data[:1024]):
        return None
    head = data[:65536].lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head


# --- xlsx: the bounds, before any reader builds a sheet --------------------------------------

_DIMENSION_RE = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"([A-Z]+\d+)(?::([A-Z]+\d+))?\"")
#: The column letters of each cell reference (<c r="AB12" ...>); the number of each row
#: (<row r="12">); and the row of each cell reference past row 99,999, in case a cell
#: claims a row its <row> does not (the few of those keep the scan cheap).
_WIDE_COLUMN_RE = re.compile(rb" r=\"([A-Z]{2,3})\d")
_LETTERS = [chr(code).encode() for code in range(ord("Z"), ord("A") - 1, -1)]
_ROW_REF_RE = re.compile(rb"row r=\"(\d{1,7})\"")
_FAR_CELL_ROW_RE = re.compile(rb" r=\"[A-Z]{1,3}(\d{6,7})\"")
_REF_RE = re.compile(r"([A-Z]+)(\d+)")


def column_number(letters: str) -> int:
    """A, B, ..., Z, AA → 1, 2, ..., 26, 27."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def check_xlsx(data: bytes) -> None:
    """Refuse an xlsx whose sheets are too large or that unpacks like a bomb.

    Reads only the zip's directory and streams each worksheet's XML in 1 MiB pieces
    (never holding it whole): the declared <dimension> and the farthest cell reference
    actually present must stay within MAX_ROWS rows and MAX_CELLS cells; a member whose
    unpacked size passes MAX_RATIO times its packed size (above RATIO_FLOOR_BYTES) or
    MAX_MEMBER_BYTES is refused. Damaged zips are left to the reader to report.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        return
    with archive:
        for info in archive.infolist():
            _check_ratio(info.file_size, info.compress_size)
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                _check_sheet(archive, info)


def _check_ratio(size: int, packed: int) -> None:
    if size > MAX_MEMBER_BYTES or (size > RATIO_FLOOR_BYTES and size > MAX_RATIO * max(packed, 1)):
        raise ImportFileError(
            "file.bomb", ratio=size // max(packed, 1), size=round(size / 1_048_576)
        )


def _check_extent(rows: int, columns: int) -> None:
    if rows > MAX_ROWS or rows * columns > MAX_CELLS:
        extent = f"{column_letter(max(columns, 1) - 1)}{rows}"
        raise ImportFileError(
            "file.too_big", rows=f"{rows:,}", columns=f"{columns:,}", extent=extent
        )


def _check_sheet(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    max_row = max_column = 0
    unpacked = 0
    first = True
    for chunk in _stream(archive, info):
        unpacked += len(chunk)
        _check_ratio(unpacked, info.compress_size)
        if first:
            first = False
            declared = _DIMENSION_RE.search(chunk)
            if declared:
                last = (declared.group(2) or declared.group(1)).decode()
                found = _REF_RE.fullmatch(last)
                if found:
                    _check_extent(int(found.group(2)), column_number(found.group(1)))
        max_column = max(max_column, _widest_column(chunk))
        numbers = _ROW_REF_RE.findall(chunk) + _FAR_CELL_ROW_RE.findall(chunk)
        if numbers:
            max_row = max(max_row, max(map(int, numbers)))
        _check_extent(max_row, max(max_column, 1))


def _widest_column(chunk: bytes) -> int:
    """The farthest column a cell reference of the piece names (1 for A)."""
    wide = set(_WIDE_COLUMN_RE.findall(chunk))
    if wide:
        return column_number(max(wide, key=lambda ref: (len(ref), ref)).decode())
    for letter in _LETTERS:  # 26 fast substring searches instead of one match per cell
        if b' r="' + letter in chunk:
            return column_number(letter.decode())
    return 0


def _stream(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """The member's bytes in pieces of about 1 MiB, each overlapping the last by 256 bytes
    so a cell reference cut by a boundary is still seen whole."""
    tail = b""
    try:
        with archive.open(info) as member:
            while True:
                piece = member.read(1 << 20)
                if not piece:
                    break
                yield tail + piece
                tail = piece[-256:]
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError):
        return  # a damaged member: the reader reports it


def _calamine_rows(data: bytes, skip: int = 0) -> list[list[object]]:
    from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = [
            index
            for index, meta in enumerate(workbook.sheets_metadata)
            if meta.visible == SheetVisibleEnum.Visible and meta.typ == SheetTypeEnum.WorkSheet
        ]
        for index in visible[skip : skip + 1]:
            sheet = workbook.get_sheet_by_index(index)
            _check_extent(sheet.height, sheet.width)
            return cast("list[list[object]]", sheet.to_python(skip_empty_area=False))
    except ImportFileError:
        raise
    except Exception as exc:  # calamine raises several types for damaged files
        raise ImportFileError("file.bad_workbook", detail=str(exc)) from exc
    raise ImportFileError("file.no_sheet")


def _openpyxl_rows(data: bytes, skip: int = 0) -> list[list[object]]:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise ImportFileError("file.bad_workbook", detail=str(exc)) from exc
    try:
        visible = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
        for sheet in visible[skip : skip + 1]:
            sheet.reset_dimensions()  # some writers store a wrong dimension
            return [
                ["" if value is None else value for value in row]
                for row in sheet.iter_rows(values_only=True)
            ]
    except Exception as exc:
        raise ImportFileError("file.bad_workbook", detail=str(exc)) from exc
    finally:
        workbook.close()
    raise ImportFileError("file.no_sheet")


# --- text: CSV, HTML, XML spreadsheet ---------------------------------------------------------


def csv_rows(data: bytes) -> list[list[object]]:
    """A CSV (or tab-separated text) in UTF-8, GBK or UTF-16 → rows of text cells."""
    text = decode_text(data)
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[object]] = []
    try:
        for row in reader:
            rows.append(cast("list[object]", row))
            if len(rows) > MAX_ROWS:
                _check_extent(len(rows), len(row))
    except csv.Error as exc:  # e.g. a cell longer than the csv module's field size limit
        raise ImportFileError("file.csv_line", line=reader.line_num, detail=str(exc)) from exc
    return rows


def decode_text(data: bytes) -> str:
    """UTF-8 with or without BOM, else GB18030 (a superset of GBK); UTF-16 by its BOM."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFileError("file.utf16") from None
    if b"\x00" in data:
        raise ImportFileError("file.nul")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("file.encoding")


_CHARSET_RE = re.compile(rb"charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)


def _decode_markup(data: bytes) -> str:
    declared = _CHARSET_RE.search(data[:4096])
    if declared:
        name = declared.group(1).decode("ascii", "replace").lower()
        if name in ("gbk", "gb2312", "gb18030", "x-gbk"):
            name = "gb18030"
        try:
            return data.decode(name).lstrip("\ufeff")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


class _TableParser(HTMLParser):
    """The cells of the first <table> holding data rows; colspan cells pad with empties."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[object]]] = []
        self._stack: list[list[list[object]]] = []
        self._row: list[object] | None = None
        self._cell: list[str] | None = None
        self._span = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._stack.append([])
        elif tag == "tr" and self._stack:
            self._finish_row()
            self._row = []
        elif tag in ("td", "th") and self._stack:
            if self._row is None:
                self._row = []
            self._finish_cell()
            self._cell = []
            span = dict(attrs).get("colspan") or "1"
            self._span = int(span) if span.isdigit() and 0 < int(span) <= 1000 else 1
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th"):
            self._finish_cell()
        elif tag == "tr":
            self._finish_row()
        elif tag == "table" and self._stack:
            self._finish_row()
            self.tables.append(self._stack.pop())

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def _finish_cell(self) -> None:
        if self._cell is not None and self._row is not None:
            text = " ".join("".join(self._cell).replace("\xa0", " ").split(" ")).strip()
            self._row.append(text)
            self._row.extend([""] * (self._span - 1))
        self._cell = None
        self._span = 1

    def _finish_row(self) -> None:
        self._finish_cell()
        if self._row is not None and self._stack:
            self._stack[-1].append(self._row)
            if len(self._stack[-1]) > MAX_ROWS:
                _check_extent(len(self._stack[-1]), len(self._row))
        self._row = None


def html_rows(data: bytes) -> list[list[object]]:
    """The largest <table> of an HTML page (an .xls that web systems export) as text cells.

    Cells stay text, so a 17-digit 借据号 keeps every digit; the caller reads numbers
    and dates from text as it does for a CSV.
    """
    parser = _TableParser()
    try:
        parser.feed(_decode_markup(data))
        parser.close()
    except ImportFileError:
        raise
    except Exception as exc:  # html.parser is lenient; anything else is a broken file
        raise ImportFileError("file.html", detail=str(exc)) from exc
    if parser._stack:  # tables left open at the end of the file
        parser._finish_row()
        parser.tables.extend(parser._stack)
    tables = [table for table in parser.tables if table]
    if not tables:
        raise ImportFileError("file.no_table")
    return max(tables, key=len)


_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"


def xml_rows(data: bytes) -> list[list[object]]:
    """The first worksheet of an Excel 2003 XML spreadsheet, as text cells (ss:Index honoured)."""
    import xml.etree.ElementTree as ET

    if b"<!DOCTYPE" in data[:4096].upper() or b"<!ENTITY" in data[:65536].upper():
        raise ImportFileError("file.bad_workbook", detail="entities are not accepted")
    rows: list[list[object]] = []
    try:
        in_table = False
        for event, element in ET.iterparse(io.BytesIO(data), events=("start", "end")):
            tag = element.tag
            if event == "start" and tag == f"{_SS}Table":
                in_table = True
            elif event == "end" and tag == f"{_SS}Table":
                break
            elif event == "end" and tag == f"{_SS}Row" and in_table:
                index = element.get(f"{_SS}Index")
                if index and index.isdigit():
                    rows.extend([] for _ in range(int(index) - 1 - len(rows)))
                row: list[object] = []
                for cell in element.findall(f"{_SS}Cell"):
                    at = cell.get(f"{_SS}Index")
                    if at and at.isdigit():
                        row.extend([""] * (int(at) - 1 - len(row)))
                    value = cell.find(f"{_SS}Data")
                    row.append("" if value is None else "".join(value.itertext()).strip())
                rows.append(row)
                _check_extent(len(rows), len(row))
                element.clear()
    except ET.ParseError as exc:
        raise ImportFileError("file.bad_workbook", detail=str(exc)) from exc
    if not rows:
        raise ImportFileError("file.no_table")
    return rows


def unescape(text: str) -> str:
    """HTML character references resolved (for cells copied from web pages)."""
    return html.unescape(text)
