"""Exported workbooks: the loan-list template, an import's problems, and no formula runs."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from core.exports import (
    loan_template_xlsx,
    problem_rows,
    problems_xlsx,
    safe_cell,
    table_xlsx,
    template_headers,
)
from core.importing import LOAN_FIELDS, read_loan_list
from core.records import Problem


def sheet_rows(data: bytes, index: int = 0) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(data))
    return list(workbook.worksheets[index].iter_rows(values_only=True))


@pytest.mark.parametrize(
    "value",
    ['=HYPERLINK("http://evil.example","点我")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_a_text_that_would_run_as_a_formula_is_written_behind_a_quote(value: str) -> None:
    assert safe_cell(value) == "'" + value
    workbook = load_workbook(io.BytesIO(table_xlsx("t", ["借款人"], [[value]])))
    cell = workbook.active["A2"]
    assert cell.data_type == "s" and cell.value.startswith("'")  # text, not a formula
    if value.isprintable():
        assert cell.value == "'" + value


@pytest.mark.parametrize("value", ["张三", "", None, -5, Decimal("1.50"), 3.25, "a=b", " =1"])
def test_plain_values_and_numbers_are_written_as_they_are(value: object) -> None:
    assert safe_cell(value) == value


def test_the_template_carries_every_header_of_the_loan_list_and_one_sample_row() -> None:
    rows = sheet_rows(loan_template_xlsx())
    assert list(rows[0]) == template_headers() == [names[0] for names in LOAN_FIELDS.values()]
    assert rows[0][:6] == ("贷款账号", "借款人", "证件号码", "联系电话", "客户类型", "贷款余额")
    assert len(rows) == 2
    notes = sheet_rows(loan_template_xlsx(), 1)
    assert notes[0] == ("列名", "也可写作", "必填", "说明")
    assert {r[0]: r[2] for r in notes[1:]}["贷款账号"] == "是"


def test_the_template_reads_back_as_a_valid_loan_list() -> None:
    result = read_loan_list(loan_template_xlsx(), "template.xlsx")
    assert result.errors == [] and result.warnings == []
    (loan,) = result.records
    assert (loan.loan_no, loan.borrower, loan.segment, loan.principal_fen) == (
        "示例-0001", "张三", "涉农", 5_000_000,
    )  # fmt: skip
    assert loan.interest_fen == 123_456 and loan.guarantors == ("李四", "王五")


def test_the_problems_workbook_lists_row_column_reason_and_level_by_row() -> None:
    errors = [Problem(12, "贷款余额", "negative amount"), Problem(None, None, "no header row")]
    warnings = [Problem(3, "证件号码", "wrong check digit"), Problem(12, "=cmd", "=1+1")]
    rows = sheet_rows(problems_xlsx(errors, warnings))
    assert rows == [
        ("行", "列", "原因", "级别"),
        (None, None, "no header row", "错误"),
        (3, "证件号码", "wrong check digit", "警告"),
        (12, "贷款余额", "negative amount", "错误"),
        (12, "'=cmd", "'=1+1", "警告"),
    ]
    assert sheet_rows(problems_xlsx(errors, [], "en"))[0] == ("Row", "Column", "Reason", "Level")


def test_problem_rows_are_the_same_rows_the_workbook_holds() -> None:
    rows = problem_rows([Problem(2, "乡镇", "required value missing")], [], "en")
    assert rows == [(2, "乡镇", "required value missing", "error")]
