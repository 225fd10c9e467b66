"""Bad input never breaks the loan and visit readers (SPEC §5.1, §5.3, §5.4, §6).

Random cells, header rows, encodings and bytes go through core.importing and
core.visitfile. The only outcomes allowed are records and problems: one file-level
problem (no row) for a file that cannot be read or has no usable header, else
problems that name a row and a column, each on one line and quoting at most a short
piece of the cell. Records that come out fit the store: amounts in range, dates in
1900–2099, text without control characters and no longer than its column.
"""

from __future__ import annotations

import csv
import io
import os
import tomllib
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.importing import (
    CONTROL_CHARACTER,
    LOAN_FIELDS,
    LOAN_MAX_CHARS,
    LOST_DIGITS,
    ImportFileError,
    loans_from_rows,
    read_loan_list,
    read_rows,
)
from core.records import ImportResult, LoanRecord, Problem, VisitImportResult, VisitRecord
from core.visitfile import VISIT_FIELDS, VISIT_MAX_CHARS, read_visit_records, visits_from_rows
from tests.strategies import TRICKY, cells, mutated_rows
from tests.workbooks import write_xlsx

ROOT = Path(__file__).resolve().parents[2]
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def fuzz(examples: int) -> settings:
    """Many examples, no deadline (a 3,000-character cell is slow to shrink); in CI the
    examples are the same on every run."""
    return settings(max_examples=examples, deadline=None, derandomize=IN_CI)


LOAN_HEADER = [
    "贷款账号", "借款人", "证件号码", "联系电话", "客户类型", "贷款余额(万元)", "欠息",
    "到期日期", "逾期天数", "五级分类", "最后催收签收日期", "担保方式", "保证人", "乡镇",
    "村", "地址", "客户经理", "是否核销", "备注",
]  # fmt: skip
GOOD_LOAN = [
    "FZ0001", "张三", "430121197505011207", "13800000000", "小微", "1.5", "0", "2024-01-01",
    "30", "次级", "2025-06-01", "保证", "李四、王五", "石桥乡", "东村", "石桥乡东村1号",
    "周经理", "否", "",
]  # fmt: skip
GOOD_LOANS = [[f"FZ{i:04d}", *GOOD_LOAN[1:]] for i in range(1, 7)]

VISIT_HEADER = [
    "走访时间", "团队", "参与成员", "贷款账号", "接触结果", "收回本金", "收回利息", "签收回执",
    "承诺还款日期", "承诺还款金额", "承诺还款方式", "使用招式", "备注",
]  # fmt: skip
GOOD_VISIT = [
    "2026-12-16 10:00", "尖刀队", "林晓、许诺", "8201000723966385", "见到本人", "100", "10",
    "是", "2026-12-30", "1000", "转账", "亲情感化", "客户在家",
]  # fmt: skip
GOOD_VISITS = [[f"2026-12-16 1{i}:00", *GOOD_VISIT[1:]] for i in range(6)]

#: Cells a header row might hold: names, aliases, units, full-width and broken forms.
HEADERISH = st.one_of(
    st.sampled_from([name for names in LOAN_FIELDS.values() for name in names]),
    st.sampled_from([name for names in VISIT_FIELDS.values() for name in names]),
    st.sampled_from(
        [
            "贷款余额（万元）",
            "余额(元)",
            " 借据号 ",
            "贷款余额\n(万元)",
            "ＬＯＡＮ＿ＮＯ",
            "序号",
            "单位：万元",
            "数据日期：2026-11-20",
            "合计",
            "贷款账号\x00",
            "欠息(万)",
        ]
    ),  # fmt: skip
    cells,
)


def one_line(problem: Problem) -> bool:
    text = str(problem)
    return "\n" not in text and "\r" not in text and not any(ord(c) < 32 for c in text)


def assert_file_level(problem: Problem) -> None:
    assert problem.row is None and problem.column is None, problem
    assert problem.reason.strip() and one_line(problem), repr(str(problem))


def assert_row_level(problem: Problem, header_row: int, labels: set[str]) -> None:
    assert isinstance(problem.row, int) and problem.row > header_row, problem
    assert problem.column in labels, problem
    assert problem.reason.strip(), problem
    assert one_line(problem), repr(str(problem))
    assert len(str(problem)) <= 200, str(problem)


def assert_warning_placed(problem: Problem, header_row: int, labels: set[str]) -> None:
    """A warning names its row and column, or is about the whole list (a count, a column)."""
    if problem.row is None:
        assert_file_level(problem)
    else:
        assert_row_level(problem, header_row, labels)


def assert_rows_accounted(result: ImportResult | VisitImportResult) -> None:
    """Every data row read is either a record or has problems, never both."""
    good = {record.row for record in result.records}
    bad = {problem.row for problem in result.errors}
    assert not good & bad
    assert len(good) == len(result.records)
    assert len(good) + len(bad) == result.rows_read


def assert_fits_the_store(value: object, limit: int | None = None) -> None:
    if isinstance(value, int) and not isinstance(value, bool):
        assert 0 <= value < 10**14
    elif isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        assert date(1900, 1, 1) <= day <= date(2099, 12, 31)
    elif isinstance(value, str):
        assert not any(ord(c) < 32 and c not in "\t\r\n" for c in value), repr(value)
        assert limit is None or len(value) <= limit
    elif isinstance(value, tuple):
        for name in value:
            assert "\n" not in name and "\r" not in name
            assert limit is None or len(name) <= limit


def assert_loans_read_well(result: ImportResult) -> None:
    labels = set(LOAN_HEADER)
    if result.rows_read == 0:
        assert not result.records
        for problem in result.errors:
            assert_file_level(problem)
        return
    for problem in result.errors:
        assert_row_level(problem, 1, labels)
    for problem in result.warnings:
        assert_warning_placed(problem, 1, labels)
    assert_rows_accounted(result)
    for record in result.records:
        for field in LoanRecord.__dataclass_fields__:
            if field != "row":
                assert_fits_the_store(getattr(record, field), LOAN_MAX_CHARS.get(field))
        for field in ("loan_no", "borrower", "township", "phone", "manager"):
            value = getattr(record, field)
            assert value is None or ("\n" not in value and "\r" not in value)


def assert_visits_read_well(result: VisitImportResult) -> None:
    labels = set(VISIT_HEADER)
    if result.rows_read == 0:
        assert not result.records
        for problem in result.errors:
            assert_file_level(problem)
        return
    for problem in [*result.errors, *result.warnings]:
        assert_row_level(problem, 1, labels)
    assert_rows_accounted(result)
    for record in result.records:
        for field in VisitRecord.__dataclass_fields__:
            if field != "row":
                assert_fits_the_store(getattr(record, field), VISIT_MAX_CHARS.get(field))


# --- random cells under a real header --------------------------------------------------------


@pytest.mark.slow
@fuzz(250)
@given(rows=mutated_rows(GOOD_LOANS, cells, share=4))
def test_random_cells_in_a_loan_list_give_records_or_problems_naming_a_row_and_a_column(
    rows: list[list[object]],
) -> None:
    result = loans_from_rows([LOAN_HEADER, *rows])

    assert_loans_read_well(result)


@fuzz(100)
@given(rows=mutated_rows(GOOD_LOANS, cells, share=2), title=st.sampled_from(TRICKY))
def test_title_rows_above_the_header_leave_problems_row_level_and_numbered_as_the_sheet(
    rows: list[list[object]], title: str
) -> None:
    titles = [[title], [], ["单位：万元", None, "数据日期", title]]

    result = loans_from_rows([*titles, LOAN_HEADER, *rows])

    if result.rows_read:
        for problem in result.errors:
            assert_row_level(problem, 4, set(LOAN_HEADER))
        for problem in result.warnings:
            assert_warning_placed(problem, 4, set(LOAN_HEADER))
        assert_rows_accounted(result)
    else:
        for problem in result.errors:
            assert_file_level(problem)


@pytest.mark.slow
@fuzz(250)
@given(rows=mutated_rows(GOOD_VISITS, cells, share=4))
def test_random_cells_in_a_visit_file_give_records_or_problems_naming_a_row_and_a_column(
    rows: list[list[object]],
) -> None:
    result = visits_from_rows([VISIT_HEADER, *rows])

    assert_visits_read_well(result)


# --- random header-ish rows ------------------------------------------------------------------


@fuzz(300)
@given(rows=st.lists(st.lists(HEADERISH, max_size=10), max_size=14))
def test_random_header_like_rows_give_file_or_row_level_problems_and_never_an_exception(
    rows: list[list[object]],
) -> None:
    for result in (loans_from_rows(rows), visits_from_rows(rows)):
        for problem in [*result.errors, *result.warnings]:
            if problem.row is None:
                assert_file_level(problem)
            else:
                assert problem.column and one_line(problem), repr(str(problem))
        if result.rows_read:
            assert_rows_accounted(result)


# --- random bytes ----------------------------------------------------------------------------

NAMES = [None, "list.xlsx", "list.xls", "list.csv", "list.txt", "list.pdf"]
MAGIC = [b"", b"PK\x03\x04", bytes.fromhex("D0CF11E0A1B11AE1"), b"\xef\xbb\xbf", b"\xff\xfe"]


@fuzz(300)
@given(data=st.binary(max_size=400), prefix=st.sampled_from(MAGIC), name=st.sampled_from(NAMES))
def test_random_bytes_are_a_clear_file_level_problem_and_never_another_exception(
    data: bytes, prefix: bytes, name: str | None
) -> None:
    content = prefix + data
    try:
        read_rows(content, name)
    except ImportFileError as exc:
        assert str(exc).strip() and "\n" not in str(exc)

    loans = read_loan_list(content, name)
    visits = read_visit_records(content, name)

    for result in (loans, visits):
        assert not result.records or result.rows_read
        for problem in result.errors:
            if problem.row is None:
                assert_file_level(problem)


# --- encodings -------------------------------------------------------------------------------

CSV_TEXT = st.text(
    st.characters(codec="gbk", exclude_categories=("Cs",), exclude_characters="\x00\t\ufeff"),
    max_size=12,
)


def csv_bytes(rows: Sequence[Sequence[str]], encoding: str) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode(encoding)


@fuzz(150)
@given(
    rows=st.lists(st.lists(CSV_TEXT, max_size=8), max_size=8),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"]),
)
def test_a_csv_in_gbk_or_utf_8_with_or_without_bom_reads_back_the_cells_written(
    rows: list[list[str]], encoding: str
) -> None:
    table = [LOAN_HEADER, *rows]

    assert read_rows(csv_bytes(table, encoding), "list.csv") == table


# --- the crashes and messages found by the tests above ---------------------------------------


def loan_list(**cells: object) -> list[list[object]]:
    row = dict(zip(LOAN_HEADER, GOOD_LOAN, strict=True))
    row.update(cells)
    return [LOAN_HEADER, list(row.values())]


def xlsx_with_escapes(tmp_path: Path, rows: list[list[object]], marks: dict[str, str]) -> Path:
    """An xlsx whose strings carry the _xHHHH_ escapes Excel writes for control characters
    (openpyxl refuses to write the characters themselves)."""
    plain = write_xlsx(tmp_path / "plain.xlsx", rows)
    target = tmp_path / "escaped.xlsx"
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(target, "w") as out:
        for item in source.infolist():
            data = source.read(item.filename)
            for mark, escaped in marks.items():
                data = data.replace(mark.encode(), escaped.encode())
            out.writestr(item, data)
    return target


def test_a_nul_or_bell_typed_in_a_workbook_cell_is_a_row_level_problem_and_never_stored(
    tmp_path: Path,
) -> None:
    rows = loan_list(贷款账号="NULMARK", 借款人="BELMARK")
    path = xlsx_with_escapes(tmp_path, rows, {"NULMARK": "FZ_x0000_01", "BELMARK": "张_x0007_三"})

    result = read_loan_list(path)

    assert not result.records
    assert [str(p) for p in result.errors] == [
        "row 2, column 贷款账号: " + CONTROL_CHARACTER.format(code=0),
        "row 2, column 借款人: " + CONTROL_CHARACTER.format(code=7),
    ]


def test_a_control_character_in_a_visit_cell_is_a_row_level_problem() -> None:
    row = [*GOOD_VISIT[:10], "转\x1b账", *GOOD_VISIT[11:]]

    result = visits_from_rows([VISIT_HEADER, row])

    assert [str(p) for p in result.errors] == [
        "row 2, column 承诺还款方式: control character U+001B in the cell: retype the value"
    ]


@pytest.mark.parametrize(
    ("column", "text", "limit"),
    [
        ("借款人", "张" * 101, 100),
        ("联系电话", "13800000000/13900000000/0731-1234567", 32),
        ("贷款账号", "8" * 65, 64),
        ("地址", "村" * 256, 255),
    ],
    ids=["borrower", "phones", "loan-number", "address"],
)
def test_text_longer_than_its_column_in_the_store_is_a_row_level_problem(
    column: str, text: str, limit: int
) -> None:
    result = loans_from_rows(loan_list(**{column: text}))

    assert not result.records
    assert [str(p) for p in result.errors] == [
        f"row 2, column {column}: too long: {len(text)} characters, at most {limit}"
    ]


def test_a_visit_team_method_or_member_longer_than_the_store_holds_is_a_row_level_problem() -> None:
    row = [GOOD_VISIT[0], "队" * 101, "林晓、" + "许" * 101, *GOOD_VISIT[3:10], "转" * 33]
    row += GOOD_VISIT[11:]

    result = visits_from_rows([VISIT_HEADER, row])

    assert [str(p) for p in result.errors] == [
        "row 2, column 团队: too long: 101 characters, at most 100",
        "row 2, column 参与成员: a name longer than 100 characters",
        "row 2, column 承诺还款方式: too long: 33 characters, at most 32",
    ]


@pytest.mark.parametrize(
    ("column", "cell"),
    [
        ("到期日期", "9999-12-31"),
        ("到期日期", datetime(9999, 12, 31)),
        ("最后催收签收日期", "0001-01-01"),
        ("到期日期", 21_001_231),
    ],
)
def test_a_date_before_1900_or_after_2099_is_a_row_level_problem(column: str, cell: object) -> None:
    result = loans_from_rows(loan_list(**{column: cell}))

    assert not result.records
    [problem] = result.errors
    assert (problem.row, problem.column) == (2, column)
    assert problem.reason.startswith("date out of range: ")
    assert problem.reason.endswith("(expected 1900 to 2099)")


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("0001-01-01 00:00", "date out of range: 0001-01-01 (expected 1900 to 2099)"),
        (datetime(9999, 12, 31, 23, 59), "date out of range: 9999-12-31 23:59:00 "
         "(expected 1900 to 2099)"),
        (73_051.5, "date out of range: 73051.5 (expected 1900 to 2099)"),  # 2100-01-01 12:00
    ],
)  # fmt: skip
def test_a_visit_time_before_1900_or_after_2099_is_a_row_level_problem(
    cell: object, reason: str
) -> None:
    result = visits_from_rows([VISIT_HEADER, [cell, *GOOD_VISIT[1:]]])

    assert [str(p) for p in result.errors] == [f"row 2, column 走访时间: {reason}"]


def test_a_header_typed_on_two_lines_is_named_on_one_line_in_problems() -> None:
    header = [name.replace("(", "\n(") for name in LOAN_HEADER]
    rows = [header, [*GOOD_LOAN[:5], "-1", *GOOD_LOAN[6:]]]

    result = loans_from_rows(rows)

    assert [str(p) for p in result.errors] == ["row 2, column 贷款余额 (万元): negative amount"]


def test_a_problem_quotes_at_most_forty_characters_of_the_cell_on_one_line() -> None:
    result = loans_from_rows(loan_list(五级分类="农户\n" + "很" * 500))

    [problem] = result.errors
    assert str(problem) == (
        "row 2, column 五级分类: unknown risk class 农户 "
        + "很" * 36
        + "…: expected 正常、关注、次级、可疑、损失"
    )


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("贷款账号", 10**5_000, LOST_DIGITS),
        ("逾期天数", 10**5_000, "not a plausible number of days: a number too large to show"),
        ("贷款余额(万元)", Decimal("1E+999999"), "amount too large"),
        ("欠息", Decimal("sNaN"), "not an amount: sNaN"),
    ],
    ids=["loan-number", "days", "decimal-overflow", "signalling-nan"],
)
def test_a_number_too_large_to_print_or_compute_with_is_a_short_row_level_problem(
    column: str, cell: object, reason: str
) -> None:
    result = loans_from_rows(loan_list(**{column: cell}))

    assert [str(p) for p in result.errors] == [f"row 2, column {column}: {reason}"]


def test_a_line_break_inside_a_name_a_place_or_a_code_becomes_a_space() -> None:
    result = loans_from_rows(
        loan_list(贷款账号="FZ\n01", 借款人="张\r\n三", 乡镇="石桥乡 \n", 保证人="李\n四、王五")
    )

    [record] = result.records
    assert (record.loan_no, record.borrower, record.township) == ("FZ 01", "张 三", "石桥乡")
    assert record.guarantors == ("李 四", "王五")


def test_an_address_or_a_note_keeps_its_line_breaks() -> None:
    result = loans_from_rows(loan_list(地址="石桥乡\n东村1号", 备注="第一行\n第二行"))

    [record] = result.records
    assert (record.address, record.notes) == ("石桥乡\n东村1号", "第一行\n第二行")


def test_a_csv_with_a_nul_byte_is_refused_saying_so() -> None:
    data = csv_bytes([LOAN_HEADER, GOOD_LOAN], "utf-8").replace(b"FZ0001", b"FZ\x000001")

    result = read_loan_list(data, "list.csv")

    [problem] = result.errors
    assert problem.row is None
    assert problem.reason.startswith("not a text CSV file: it holds NUL bytes")


def test_a_csv_cell_longer_than_the_csv_reader_takes_is_a_file_problem_naming_the_line() -> None:
    data = csv_bytes([LOAN_HEADER, GOOD_LOAN, ["x" * 200_000]], "utf-8")

    [problem] = read_loan_list(data, "list.csv").errors

    assert problem.reason.startswith("cannot read the CSV at line 3: field larger than")


# --- the app's upload limit ------------------------------------------------------------------


def test_the_app_caps_uploads_at_50_mb_at_most() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))

    limit = config["server"]["maxUploadSize"]  # megabytes, enforced by streamlit's server

    assert isinstance(limit, int) and not isinstance(limit, bool)
    assert 1 <= limit <= 50
