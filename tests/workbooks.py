"""Build small input files for tests: xlsx (openpyxl), xls (xlwt) and csv in several encodings.

Every writer takes `rows`, a sequence of rows of cell values — str, int, float, Decimal,
bool, date, datetime or None (an empty cell) — and writes them from A1, so ``rows[i]``
is the row the spreadsheet numbers ``i + 1``. Each returns the path it wrote.

    write_xlsx(tmp_path / "loans.xlsx", rows, sheet_title="清单", hidden_first_sheet=True)
    write_xls(tmp_path / "loans.xls", rows)
    write_csv(tmp_path / "loans.csv", rows, encoding="gbk")
    write_table(tmp_path / "loans.csv", rows)      # the format from the suffix
"""

from __future__ import annotations

import csv
import html
import os
import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from core.records import VisitRecord

Rows = Sequence[Sequence[object]]

#: What a hidden first sheet holds unless told otherwise: a plausible loan list that
#: must not be read.
DECOY_ROWS: Rows = (
    ("贷款账号", "借款人", "客户类型", "贷款余额", "到期日期", "乡镇"),
    ("HIDDEN-0001", "隐藏表", "个人", 1, "2026-01-01", "隐藏乡"),
)


def write_xlsx(
    path: str | os.PathLike[str],
    rows: Rows,
    sheet_title: str = "Sheet1",
    hidden_first_sheet: bool = False,
    hidden_rows: Rows | None = None,
) -> Path:
    """An xlsx with `rows` on a visible sheet; optionally after a hidden sheet of decoy rows.

    Written in openpyxl's write-only mode, so 50,000 rows take seconds. Strings that
    start with '=' are written as text, not formulas.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    workbook = Workbook(write_only=True)
    if hidden_first_sheet:
        hidden = workbook.create_sheet("隐藏")
        hidden.sheet_state = "hidden"
        for row in DECOY_ROWS if hidden_rows is None else hidden_rows:
            hidden.append(list(row))
    sheet = workbook.create_sheet(sheet_title)
    for row in rows:
        cells: list[object] = []
        for value in row:
            if isinstance(value, str) and value.startswith("="):
                cell = WriteOnlyCell(sheet, value=value)
                cell.data_type = "s"
                cells.append(cell)
            elif isinstance(value, Decimal):
                cells.append(float(value))
            else:
                cells.append(value)
        sheet.append(cells)
    if hidden_first_sheet:
        workbook.active = 1
    target = Path(path)
    workbook.save(target)
    return target


def write_xls(
    path: str | os.PathLike[str],
    rows: Rows,
    sheet_title: str = "Sheet1",
    hidden_first_sheet: bool = False,
    hidden_rows: Rows | None = None,
) -> Path:
    """An Excel 97-2003 .xls (at most 65,536 rows), dates formatted as dates."""
    import xlwt

    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    datetime_style = xlwt.easyxf(num_format_str="YYYY-MM-DD HH:MM:SS")
    workbook = xlwt.Workbook(encoding="utf-8")

    def fill(sheet: xlwt.Worksheet, table: Rows) -> None:
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, datetime):
                    sheet.write(r, c, value, datetime_style)
                elif isinstance(value, date):
                    sheet.write(r, c, value, date_style)
                elif isinstance(value, Decimal):
                    sheet.write(r, c, float(value))
                else:
                    sheet.write(r, c, value)

    if hidden_first_sheet:
        hidden = workbook.add_sheet("隐藏")
        fill(hidden, DECOY_ROWS if hidden_rows is None else hidden_rows)
        hidden.visibility = 1
        hidden.set_selected(False)
    sheet = workbook.add_sheet(sheet_title)
    fill(sheet, rows)
    if hidden_first_sheet:
        sheet.set_selected(True)
        workbook.set_active_sheet(1)
    target = Path(path)
    workbook.save(str(target))
    return target


def csv_text(value: object) -> str:
    """A cell as a CSV field: dates in ISO form, floats by their shortest repr, None empty."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def write_csv(path: str | os.PathLike[str], rows: Rows, encoding: str = "utf-8") -> Path:
    """A CSV in `encoding` ('utf-8', 'utf-8-sig' for a BOM, 'gbk', ...), CRLF line ends."""
    target = Path(path)
    with target.open("w", encoding=encoding, newline="") as out:
        writer = csv.writer(out)
        for row in rows:
            writer.writerow([csv_text(value) for value in row])
    return target


def write_table(path: str | os.PathLike[str], rows: Rows, **options: object) -> Path:
    """Write `rows` in the format the suffix names (.xlsx, .xls or .csv)."""
    suffix = Path(path).suffix.lower()
    if suffix == ".xlsx":
        return write_xlsx(path, rows, **options)  # type: ignore[arg-type]
    if suffix == ".xls":
        return write_xls(path, rows, **options)  # type: ignore[arg-type]
    if suffix == ".csv":
        return write_csv(path, rows, **options)  # type: ignore[arg-type]
    raise ValueError(f"no writer for {suffix or 'a file without suffix'}")


def write_html_xls(path: str | os.PathLike[str], rows: Rows, encoding: str = "gbk") -> Path:
    """An HTML table saved with an .xls name, as web-based bank systems export lists.

    A first cell spanning the row (a title) is written with colspan, as such exports do.
    """
    width = max((len(r) for r in rows), default=1)
    parts = [
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">'
        "</head><body><table border=1>"
    ]
    for row in rows:
        cells = ["" if v is None else html.escape(str(v)) for v in row]
        if len(cells) == 1:
            parts.append(f'<tr><td colspan="{width}">{cells[0]}</td></tr>')
        else:
            parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    parts.append("</table></body></html>")
    target = Path(path)
    target.write_bytes("\n".join(parts).encode(encoding))
    return target


def write_far_cell_xlsx(
    path: str | os.PathLike[str], rows: Rows, *, keep_dimension: bool = True
) -> Path:
    """A small xlsx of `rows` plus one cell at XFD1048576 (the sheet's last cell).

    Without `keep_dimension` the sheet's <dimension> is removed, so only the cells'
    own references give the extent away.
    """
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    sheet["XFD1048576"] = "x"
    target = Path(path)
    workbook.save(target)
    if not keep_dimension:
        _rewrite_member(
            target, "xl/worksheets/sheet1.xml", lambda xml: re.sub(rb"<dimension [^>]*/>", b"", xml)
        )
    return target


def write_bomb_xlsx(path: str | os.PathLike[str], rows: Rows, megabytes: int = 64) -> Path:
    """A small xlsx of `rows` whose sheet XML unpacks to `megabytes` of padding (a zip bomb)."""
    target = write_xlsx(path, rows)
    padding = b" " * (megabytes * 1024 * 1024)

    def pad(xml: bytes) -> bytes:
        return xml.replace(b"<sheetData>", b"<sheetData>" + padding, 1)

    _rewrite_member(target, "xl/worksheets/sheet1.xml", pad)
    return target


def _rewrite_member(path: Path, name: str, change: object) -> None:
    with zipfile.ZipFile(path) as source:
        members = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in members:
            if info.filename == name:
                data = change(data)  # type: ignore[operator]
            target.writestr(info.filename, data, zipfile.ZIP_DEFLATED)


#: The visit file's columns (SPEC §5.4) in the order `visit_row` fills them.
VISIT_HEADER = ["走访时间", "团队", "参与成员", "贷款账号", "接触结果", "收回本金", "收回利息",
                "签收回执", "承诺还款日期", "承诺还款金额", "承诺还款方式", "使用招式", "备注",
                "预约时间", "预约方式", "同意人"]  # fmt: skip


def yuan_text(fen: int | None) -> str:
    return "" if fen is None else f"{fen / 100:.2f}"


def visit_row(v: VisitRecord) -> list[str]:
    """A visit (e.g. one of core.demo's) as a row of the visit file under VISIT_HEADER."""
    return [v.visited_at.strftime("%Y-%m-%d %H:%M"), v.team, "、".join(v.members), v.loan_no,
            v.contact, yuan_text(v.principal_fen), yuan_text(v.interest_fen),
            "是" if v.ack else "否",
            v.promise_date.isoformat() if v.promise_date else "", yuan_text(v.promise_amount_fen),
            v.promise_method or "", "、".join(v.tactics), v.notes or "",
            v.appointment_at.strftime("%Y-%m-%d %H:%M") if v.appointment_at else "",
            v.appointment_by or "", v.agreed_by or ""]  # fmt: skip
