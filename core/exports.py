"""Workbooks the app hands out: the loan-list template and an import's problems (SPEC §4.10, §5.3).

Every cell of every exported workbook goes through `safe_cell`: a text starting
with = + - @ (or a tab or carriage return, which some spreadsheets skip before
such a sign) would run as a formula — `=HYPERLINK(...)` in a borrower's name from
an imported list — so it is written as text behind a single quote.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from core.campitems import CUSTOMER_TYPES
from core.i18n import DEFAULT_LANGUAGE, t
from core.importing import LOAN_FIELDS, LOAN_REQUIRED
from core.records import Problem
from core.sheet import MAX_SHOWN, summarise

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# characters a sheet's title cannot hold (Excel and openpyxl refuse them)
_TITLE_FORBIDDEN = re.compile(r"[\\/*?:\[\]]")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_BOLD = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="FFE699")


def safe_cell(value: object) -> object:
    """A cell value that cannot run as a formula: risky text gets a leading single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def sheet_title(text: str) -> str:
    """A sheet title from any text (an owner's name from the loan list may be "王伟/李强"):
    the characters a title cannot hold become "_", at most 31 characters, never empty."""
    title = _TITLE_FORBIDDEN.sub("_", text).strip("'")[:31].strip()
    return title or "Sheet1"


@dataclass(frozen=True)
class Share:
    """A ratio (0.382) for a workbook: written as the number with the format 0.0%, so
    Excel shows 38.2% and can still add, sort and chart it; None is written as –."""

    value: Decimal | float | None


MONEY_FORMAT = "#,##0.00"  # amounts in 元 (Decimal)
SHARE_FORMAT = "0.0%"
DATE_FORMAT = "yyyy-mm-dd"


def save_workbook(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _typed(cell) -> None:  # noqa: ANN001
    """A cell's number format from its value: 元 amounts, shares, dates."""
    if isinstance(cell.value, Decimal):
        cell.number_format = MONEY_FORMAT
    elif isinstance(cell.value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(cell.value, date):
        cell.number_format = DATE_FORMAT


def fill_sheet(sheet, header: Sequence[str], rows: Iterable[Sequence[object]]) -> None:  # noqa: ANN001
    """A bold header row, then the rows: text neutralised (safe_cell), amounts (Decimal 元)
    and shares (Share) as numbers with number formats, never as formatted text."""
    sheet.append([safe_cell(h) for h in header])
    for cell in sheet[1]:
        cell.font = _BOLD
    for row in rows:
        shares = {i for i, v in enumerate(row) if isinstance(v, Share)}
        sheet.append([_share_value(v) if i in shares else safe_cell(v)
                      for i, v in enumerate(row)])  # fmt: skip
        for i, cell in enumerate(sheet[sheet.max_row]):
            if i in shares and cell.value != "–":
                cell.number_format = SHARE_FORMAT
            else:
                _typed(cell)
    for index, title in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, 2 * len(str(title)) + 4)
    sheet.freeze_panes = "A2"


def _share_value(share: Share) -> object:
    return "–" if share.value is None else share.value


def table_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """One sheet: a bold header row, then the rows; every cell neutralised."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = sheet_title(title)
    fill_sheet(sheet, header, rows)
    return save_workbook(workbook)


# ---------------------------------------------------------------- the loan-list template

#: What each column of the loan list means (SPEC §5.3), for the template's notes sheet.
LOAN_FIELD_NOTES: dict[str, str] = {
    "loan_no": "唯一键，文本格式（不要存成数字）",
    "borrower": "借款人姓名或企业名称",
    "id_number": "文本格式，18 位",
    "phone": "",
    "segment": "小微、涉农、个人（也可写 小微企业、个人经营、农户、个人消费）",
    "principal_fen": "未还本金，元；表头写 贷款余额(万元) 则按万元",
    "interest_fen": "欠息，元；空为 0",
    "disbursed_on": "日期，如 2026-05-06、2026/5/6、2026年5月6日",
    "maturity_date": "日期",
    "days_overdue": "清单日的逾期天数；空则按到期日期计算",
    "risk_class": "正常、关注、次级、可疑、损失",
    "last_payment_on": "日期",
    "last_ack_on": "最后一次签收催收通知书的日期",
    "guarantee": "信用、保证、抵押、质押",
    "guarantors": "多个保证人用 、 分隔",
    "guarantee_until": "合同约定的保证期间到期日；空则按到期日后六个月",
    "sued_on": "已起诉的填起诉日期",
    "judgment_due_on": "判决书确定的履行期限最后一日",
    "township": "乡镇（街道）",
    "village": "村（社区）",
    "address": "",
    "manager": "管户客户经理：训练营结束后贷后任务的负责人",
    "written_off": "是/否，空为否",
    "ethnicity": "如 汉族、回族",
    "customer_type": "、".join(CUSTOMER_TYPES),
    "notes": "",
}

#: The template's sample row; its loan number says what it is, so it is easy to spot.
TEMPLATE_SAMPLE: dict[str, object] = {
    "loan_no": "示例-0001",
    "borrower": "张三",
    "id_number": "430121198001011232",
    "phone": "13800000000",
    "segment": "涉农",
    "principal_fen": 50000,
    "interest_fen": 1234.56,
    "disbursed_on": date(2023, 3, 15),
    "maturity_date": date(2025, 3, 15),
    "days_overdue": None,
    "risk_class": "次级",
    "last_payment_on": date(2024, 11, 20),
    "last_ack_on": None,
    "guarantee": "保证",
    "guarantors": "李四、王五",
    "guarantee_until": None,
    "sued_on": None,
    "judgment_due_on": None,
    "township": "城关镇",
    "village": "东风村",
    "address": "城关镇东风村3组12号",
    "manager": "刘洋",
    "written_off": "否",
    "ethnicity": "汉族",
    "customer_type": "有意愿无能力",
    "notes": "示例行：导入前请删除",
}

_TEXT_FIELDS = ("loan_no", "id_number", "phone")


def template_headers() -> list[str]:
    """The loan list's headers as the template writes them: each field's first name."""
    return [names[0] for names in LOAN_FIELDS.values()]


def loan_template_xlsx() -> bytes:
    """The loan-list template: the headers of SPEC §5.3 (required ones shaded), a sample
    row, and a notes sheet with each column's aliases and meaning. The list itself is the
    first sheet, which is the one an import reads."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "贷款清单"
    fields = list(LOAN_FIELDS)
    fill_sheet(sheet, template_headers(), [[TEMPLATE_SAMPLE[f] for f in fields]])
    for index, field in enumerate(fields, start=1):
        header = sheet.cell(row=1, column=index)
        if field in LOAN_REQUIRED:
            header.fill = _REQUIRED_FILL
        cell = sheet.cell(row=2, column=index)
        if field in _TEXT_FIELDS:
            cell.number_format = "@"
        elif isinstance(TEMPLATE_SAMPLE[field], date):
            cell.number_format = "yyyy-mm-dd"
    notes = workbook.create_sheet("填写说明")
    fill_sheet(
        notes,
        ["列名", "也可写作", "必填", "说明"],
        [
            [
                names[0],
                "、".join(names[1:]),
                "是" if field in LOAN_REQUIRED else "",
                LOAN_FIELD_NOTES.get(field, ""),
            ]
            for field, names in LOAN_FIELDS.items()
        ],
    )
    notes.column_dimensions["B"].width = 36
    notes.column_dimensions["D"].width = 60
    return save_workbook(workbook)


# ---------------------------------------------------------------- an import's problems


def problem_rows(
    errors: Iterable[Problem], warnings: Iterable[Problem], lang: str = DEFAULT_LANGUAGE
) -> list[tuple[int | None, str, str, str]]:
    """(row, column, reason, level) for each problem, by row; errors before warnings."""
    tagged = [(p, 0, t("export.error", lang)) for p in errors]
    tagged += [(p, 1, t("export.warning", lang)) for p in warnings]
    tagged.sort(key=lambda x: (x[0].row is not None, x[0].row or 0, x[1]))
    return [(p.row, p.column or "", p.reason_in(lang), level) for p, _, level in tagged]


def problem_table(
    errors: Sequence[Problem],
    warnings: Sequence[Problem],
    lang: str = DEFAULT_LANGUAGE,
    limit: int = MAX_SHOWN,
) -> tuple[list[tuple[str, str, str, str]], int]:
    """What the page shows of an import's problems: one line per systematic problem (rows
    5-204 as one line), at most `limit` lines; and how many lines were left out."""
    error, warning = t("export.error", lang), t("export.warning", lang)
    merged = [(p, 0, error) for p in summarise(errors)]
    merged += [(p, 1, warning) for p in summarise(warnings)]
    merged.sort(key=lambda x: (x[0].row is not None, x[0].row or 0, x[1]))
    rows = [
        (_rows_of(p), p.column or "", p.reason_in(lang), level) for p, _, level in merged[:limit]
    ]
    return rows, max(0, len(merged) - limit)


def _rows_of(problem: Problem) -> str:
    if problem.row is None:
        return ""
    if problem.last_row is not None and problem.last_row != problem.row:
        return f"{problem.row}-{problem.last_row}"
    return str(problem.row)


def problems_xlsx(
    errors: Iterable[Problem], warnings: Iterable[Problem], lang: str = DEFAULT_LANGUAGE
) -> bytes:
    """An import's errors and warnings as a workbook: row, column, reason, level."""
    header = [t(f"export.{k}", lang) for k in ("row", "column", "reason", "level")]
    return table_xlsx(t("export.problems", lang), header, problem_rows(errors, warnings, lang))
