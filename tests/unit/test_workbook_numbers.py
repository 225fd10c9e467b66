"""Exported workbooks hold amounts and ratios as numbers with number formats (issue 14
point 6): Excel can add, sort and chart them, and shows 84,642.88 and 38.2% as before."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from core.exports import Share, table_xlsx
from core.report_xlsx import report_xlsx
from tests.unit.test_report import summary


def cells(data: bytes, sheet: int = 0) -> list[list[object]]:
    book = load_workbook(io.BytesIO(data))
    return list(book.worksheets[sheet].iter_rows(min_row=2))


def test_amounts_and_shares_are_numbers_with_their_formats_not_text() -> None:
    data = table_xlsx("清收", ["团队", "收回（元）", "完成率", "日期"],
                      [["飞龙队", Decimal("84642.88"), Share(Decimal("0.382")), date(2026, 12, 6)],
                       ["猛虎队", Decimal("0.00"), Share(None), None]])  # fmt: skip
    first, second = cells(data)
    assert first[1].value == Decimal("84642.88") or first[1].value == 84642.88
    assert first[1].data_type == "n" and first[1].number_format == "#,##0.00"
    assert first[2].data_type == "n" and abs(first[2].value - 0.382) < 1e-9
    assert first[2].number_format == "0.0%"
    assert first[3].number_format == "yyyy-mm-dd"
    assert second[2].value == "–"  # no share to show


def test_the_days_report_workbook_gives_its_headline_figures_as_numbers() -> None:
    overview = {row[0].value: row[1] for row in cells(report_xlsx(summary()))}
    cash = next(cell for label, cell in overview.items() if "万元" in str(label))
    assert cash.data_type == "n" and cash.number_format == "#,##0.00"
    assert all(cell.data_type == "n" for label, cell in overview.items()
               if label in ("积分", "走访", "签收回执"))  # fmt: skip
