"""Reading loan lists from xlsx, xls and csv files (SPEC §5.3; problems as in §5.1)."""

from __future__ import annotations

import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from core.importing import (
    LOAN_FIELDS,
    LOAN_REQUIRED,
    LOST_DIGITS,
    ImportFileError,
    detect_unit,
    find_header,
    is_total_row,
    normalise_header,
    parse_amount,
    parse_as_of,
    parse_date,
    read_loan_list,
    read_rows,
    split_names,
)
from core.records import ImportResult, LoanRecord
from tests.conftest import SAMPLES
from tests.workbooks import write_csv, write_table, write_xls, write_xlsx

SAMPLE = SAMPLES / "loans_sample.xlsx"

HEADER = ["贷款账号", "借款人", "证件号码", "客户类型", "贷款余额", "欠息", "到期日期", "乡镇"]
GOOD_ID = "430121197505011207"


def loan(
    loan_no: object = "L001",
    borrower: object = "张三",
    id_number: object = GOOD_ID,
    segment: object = "小微",
    principal: object = "1000",
    interest: object = "0",
    maturity: object = "2025-01-01",
    township: object = "城关镇",
) -> list[object]:
    """One data row under HEADER."""
    return [loan_no, borrower, id_number, segment, principal, interest, maturity, township]


def import_rows(tmp_path: Path, rows: list[list[object]], suffix: str = ".csv") -> ImportResult:
    return read_loan_list(write_table(tmp_path / f"loans{suffix}", rows))


def lines(problems: list) -> list[str]:
    return [str(problem) for problem in problems]


@pytest.fixture(scope="module")
def sample_rows() -> list[list[object]]:
    return read_rows(SAMPLE)


# --- the real sample -------------------------------------------------------------------------


def test_the_bank_sample_imports_thirty_loans_without_problems(sample_rows: object) -> None:
    result = read_loan_list(SAMPLE)

    assert result.errors == []
    assert result.warnings == []
    assert len(result.records) == 30
    assert result.rows_read == 30
    assert result.as_of == date(2026, 11, 20)


def test_the_bank_sample_amounts_are_in_wan_yuan_from_its_unit_line(sample_rows: object) -> None:
    first = read_loan_list(SAMPLE).records[0]

    assert first == LoanRecord(
        row=4,
        loan_no="8201000123971753",
        borrower="徐长江",
        segment="小微",  # 个人经营
        principal_fen=3_000_000,  # 3.0 万元
        maturity_date=date(2024, 12, 31),  # '2024.12.31'
        township="城关乡",
        interest_fen=467_341,  # 0.467341 万元
        id_number="430121197505011207",
        phone="15892887326",
        disbursed_on=date(2023, 1, 1),  # '20230101'
        risk_class="次级",
        guarantee="保证",
        guarantors=("王五",),
        village="红旗村",
        manager="孙经理",
        written_off=False,
        ethnicity="回族",
    )


def test_the_bank_sample_dates_in_every_format_are_read(sample_rows: object) -> None:
    by_no = {record.loan_no: record for record in read_loan_list(SAMPLE).records}

    assert by_no["8201001023612693"].maturity_date == date(2025, 6, 30)  # '2025年6月30日'
    assert by_no["8201000223181770"].disbursed_on == date(2022, 5, 15)  # an Excel date
    assert by_no["8201000423793984"].last_payment_on == date(2020, 8, 12)
    assert by_no["8201001223505339"].disbursed_on == date(2023, 3, 6)  # '2023/3/6'
    assert by_no["8201000523501889"].maturity_date == date(2021, 11, 19)  # '2021-11-19'
    assert by_no["8201000623199160"].guarantors == ("张三", "李四")
    assert by_no["8201000323319874"].segment == "涉农"  # 农户


def test_the_bank_sample_reads_the_same_with_openpyxl(sample_rows: object) -> None:
    assert read_loan_list(SAMPLE, engine="openpyxl") == read_loan_list(SAMPLE)


@pytest.mark.parametrize(
    ("suffix", "options"),
    [
        (".xls", {}),
        (".xlsx", {}),
        (".csv", {"encoding": "utf-8"}),
        (".csv", {"encoding": "utf-8-sig"}),
        (".csv", {"encoding": "gbk"}),
    ],
    ids=["xls", "xlsx", "csv-utf-8", "csv-utf-8-bom", "csv-gbk"],
)
def test_the_sample_rows_give_the_same_records_as_xls_and_as_csv_in_each_encoding(
    tmp_path: Path, sample_rows: list[list[object]], suffix: str, options: dict
) -> None:
    path = write_table(tmp_path / f"loans{suffix}", sample_rows, **options)

    result = read_loan_list(path)

    assert result == read_loan_list(SAMPLE)


def test_bytes_without_a_name_are_recognised_by_their_content(
    tmp_path: Path, sample_rows: list[list[object]]
) -> None:
    expected = read_loan_list(SAMPLE).records
    for suffix in (".xlsx", ".xls", ".csv"):
        data = write_table(tmp_path / f"loans{suffix}", sample_rows).read_bytes()
        assert read_loan_list(data).records == expected, suffix


def test_an_uploaded_file_object_is_read_by_its_name(
    tmp_path: Path, sample_rows: list[list[object]]
) -> None:
    upload = io.BytesIO(write_xls(tmp_path / "loans.xls", sample_rows).read_bytes())
    upload.name = "贷款清单.xls"

    assert len(read_loan_list(upload).records) == 30


# --- header and title rows -------------------------------------------------------------------


def test_the_header_on_row_four_below_two_title_rows_and_a_blank_row_is_found(
    tmp_path: Path,
) -> None:
    rows = [
        ["某农商银行不良贷款清单"],
        ["数据日期：2026年11月20日", None, "单位：元"],
        [],
        HEADER,
        loan(loan_no="L001"),
        loan(loan_no="L002", principal="-1"),
    ]

    result = import_rows(tmp_path, rows, ".xlsx")

    assert [record.row for record in result.records] == [5]
    assert lines(result.errors) == ["row 6, column 贷款余额: negative amount"]
    assert result.as_of == date(2026, 11, 20)


def test_a_header_not_among_the_first_ten_rows_is_a_file_error(tmp_path: Path) -> None:
    rows: list[list[object]] = [[f"说明 {n}"] for n in range(10)] + [HEADER, loan()]

    result = import_rows(tmp_path, rows)

    assert result.records == []
    assert len(result.errors) == 1
    assert result.errors[0].row is None
    assert str(result.errors[0]).startswith("header row not found in the first 10 rows")


def test_two_columns_matching_one_field_is_a_file_error(tmp_path: Path) -> None:
    rows = [HEADER + ["余额"], loan() + ["1000"]]

    result = import_rows(tmp_path, rows)

    assert result.records == []
    assert lines(result.errors) == ["columns E (贷款余额) and I (余额) both mean 贷款余额"]


def test_a_missing_required_column_is_named_with_the_names_it_accepts(tmp_path: Path) -> None:
    rows = [HEADER[:6] + HEADER[7:], loan()[:6] + loan()[7:]]

    result = import_rows(tmp_path, rows)

    assert len(result.errors) == 1
    assert str(result.errors[0]).startswith(
        "missing column 到期日期 (accepted names: 到期日期、到期日"
    )


def test_aliases_full_width_headers_and_english_names_in_any_case_are_matched(
    tmp_path: Path,
) -> None:
    rows = [
        ["LOAN_NO", "客户名称", "贷款类型", " 本金余额（万元） ", "应收未收利息", "到期日"]
        + ["乡镇（街道）", "村(社区)", "管户客户经理", "保证人", "备注", "无关列"],
        ["L1", "王芳", "农户", "1.5", "12.34", "2025/1/2"]
        + ["石桥乡", "新村", "孙经理", "甲、乙;丙", "老客户", "ignored"],
    ]

    result = import_rows(tmp_path, rows)

    assert result.errors == []
    assert result.records == [
        LoanRecord(
            row=2,
            loan_no="L1",
            borrower="王芳",
            segment="涉农",
            principal_fen=1_500_000,
            maturity_date=date(2025, 1, 2),
            township="石桥乡",
            interest_fen=1234,
            village="新村",
            manager="孙经理",
            guarantors=("甲", "乙", "丙"),
            notes="老客户",
        )
    ]


def test_a_csv_header_is_row_one_in_problems(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "loans.csv", [HEADER, loan(), loan(loan_no="")], encoding="gbk")

    result = read_loan_list(path)

    assert lines(result.errors) == ["row 3, column 贷款账号: required value missing"]
    assert [record.row for record in result.records] == [2]


def test_problems_name_the_column_as_written_in_the_file(tmp_path: Path) -> None:
    header = [*HEADER[:4], "贷款余额(万元)", *HEADER[5:]]
    rows = [header, loan(principal="-2.5")]

    result = import_rows(tmp_path, rows)

    assert lines(result.errors) == ["row 2, column 贷款余额(万元): negative amount"]


# --- units and amounts -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "单位：万元",
        "单位:万元",
        "单位（万元）",
        "金额单位：万元",
        "数据日期：2026-11-20  单位：万元",
    ],
)
def test_a_title_row_stating_wan_yuan_converts_amount_columns_exactly(
    tmp_path: Path, title: str
) -> None:
    rows = [["清单"], [title], HEADER, loan(principal="2.34567", interest=0.467341)]

    record = import_rows(tmp_path, rows, ".xlsx").records[0]

    assert record.principal_fen == 2_345_670  # 23,456.70 元
    assert record.interest_fen == 467_341


def test_amounts_are_in_yuan_without_a_unit_or_when_the_title_says_yuan(tmp_path: Path) -> None:
    for titles in ([], [["单位：元"]]):
        rows = [*titles, HEADER, loan(principal="1234.567", interest=12.5)]
        record = import_rows(tmp_path, rows).records[0]
        assert (record.principal_fen, record.interest_fen) == (123_457, 1250)


def test_a_header_unit_wins_over_the_title_unit(tmp_path: Path) -> None:
    header = [*HEADER[:4], "贷款余额(万元)", "欠息（元）", *HEADER[6:]]
    rows = [["单位：元"], header, loan(principal="3", interest="3")]
    record = import_rows(tmp_path, rows).records[0]
    assert (record.principal_fen, record.interest_fen) == (3_000_000, 300)

    rows = [["单位：万元"], header, loan(principal="3", interest="3")]
    record = import_rows(tmp_path, rows).records[0]
    assert (record.principal_fen, record.interest_fen) == (3_000_000, 300)


@pytest.mark.parametrize(
    ("cell", "fen"),
    [
        ("１２．５", 1250),
        ("１，２３４．５６", 123_456),
        ("1,234,567.89", 123_456_789),
        (" 88 ", 8800),
        ("¥1,000", 100_000),
        (1000, 100_000),
        (0.1, 10),
    ],
)
def test_full_width_digits_and_thousands_separators_are_accepted(
    tmp_path: Path, cell: object, fen: int
) -> None:
    result = import_rows(tmp_path, [HEADER, loan(principal=cell)], ".xlsx")

    assert result.errors == []
    assert result.records[0].principal_fen == fen


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("-5", "negative amount"),
        ("－５", "negative amount"),
        (-0.01, "negative amount"),
        ("abc", "not an amount: abc"),
        ("1,23", "not an amount: 1,23"),
        ("12元", "not an amount: 12元"),
    ],
)
def test_negative_and_non_numeric_amounts_are_row_errors(
    tmp_path: Path, cell: object, reason: str
) -> None:
    rows = [HEADER, loan(loan_no="L1"), loan(loan_no="L2", principal=cell)]

    result = import_rows(tmp_path, rows, ".xlsx")

    assert lines(result.errors) == [f"row 3, column 贷款余额: {reason}"]
    assert [record.loan_no for record in result.records] == ["L1"]


def test_a_negative_interest_is_reported_on_its_own_column(tmp_path: Path) -> None:
    result = import_rows(tmp_path, [HEADER, loan(interest="-3")])

    assert lines(result.errors) == ["row 2, column 欠息: negative amount"]


def test_an_empty_interest_is_zero(tmp_path: Path) -> None:
    assert import_rows(tmp_path, [HEADER, loan(interest="")]).records[0].interest_fen == 0


def test_parse_amount_is_exact_for_spreadsheet_floats() -> None:
    assert parse_amount(0.467341) == Decimal("0.467341")
    assert parse_amount("１２．５") == Decimal("12.5")
    assert parse_amount("-3", negative_ok=True) == Decimal(-3)
    with pytest.raises(ValueError, match="negative amount"):
        parse_amount("-3")


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "2026-05-06",
        "2026/5/6",
        "2026.5.6",
        "2026年5月6日",
        "2026 年 5 月 6 日",
        "20260506",
        "20260506.0",
        20260506,
        20260506.0,
        "２０２６－０５－０６",
        "2026-05-06 00:00:00",
        date(2026, 5, 6),
        datetime(2026, 5, 6, 14, 30),
    ],
)
def test_each_date_format_is_read(cell: object) -> None:
    assert parse_date(cell) == date(2026, 5, 6)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("2026-02-30", "not a calendar date: 2026-02-30"),
        ("2026年2月30日", "not a calendar date: 2026年2月30日"),
        ("20261301", "not a calendar date: 20261301"),
        (20260230, "not a calendar date: 20260230"),
        ("2026-5/6", "not a date: 2026-5/6"),
        ("next week", "not a date: next week"),
        (2026.5, "not a date: 2026.5"),
    ],
)
def test_invalid_dates_raise_a_short_reason(cell: object, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        parse_date(cell)
    assert str(caught.value) == reason


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        (date(2026, 5, 6), date(2026, 5, 6)),
        (datetime(2026, 5, 6, 9, 15), date(2026, 5, 6)),
        (20260506, date(2026, 5, 6)),
        ("2026.5.6", date(2026, 5, 6)),
    ],
)
def test_dates_in_a_workbook_are_read_whatever_their_cell_type(
    tmp_path: Path, cell: object, expected: date
) -> None:
    for suffix in (".xlsx", ".xls"):
        result = import_rows(tmp_path, [HEADER, loan(maturity=cell)], suffix)
        assert result.records[0].maturity_date == expected, suffix


def test_an_invalid_date_in_a_file_is_a_row_error(tmp_path: Path) -> None:
    result = import_rows(tmp_path, [HEADER, loan(maturity="2026-02-30")])

    assert lines(result.errors) == ["row 2, column 到期日期: not a calendar date: 2026-02-30"]
    assert result.records == []


# --- loan and ID numbers ---------------------------------------------------------------------


def test_a_sixteen_digit_loan_number_stored_as_a_number_lost_digits(tmp_path: Path) -> None:
    rows = [HEADER, loan(loan_no=8201000123971753), loan(loan_no="8201000123971754")]

    result = import_rows(tmp_path, rows, ".xlsx")

    assert lines(result.errors) == [f"row 2, column 贷款账号: {LOST_DIGITS}"]
    assert LOST_DIGITS.startswith("number lost digits")
    assert [record.loan_no for record in result.records] == ["8201000123971754"]


@pytest.mark.parametrize("text", ["1.1e+17", "8.2E+15", "8.20100E+15"])
def test_a_loan_number_in_scientific_notation_lost_digits(tmp_path: Path, text: str) -> None:
    result = import_rows(tmp_path, [HEADER, loan(loan_no=text)])

    assert lines(result.errors) == [f"row 2, column 贷款账号: {LOST_DIGITS}"]


def test_an_id_number_stored_as_a_number_lost_digits(tmp_path: Path) -> None:
    result = import_rows(tmp_path, [HEADER, loan(id_number=430121197505011207)], ".xls")

    assert lines(result.errors) == [f"row 2, column 证件号码: {LOST_DIGITS}"]


def test_a_short_numeric_loan_number_becomes_its_integer_text(tmp_path: Path) -> None:
    rows = [HEADER, loan(loan_no=12345.0), loan(loan_no=820100012397175)]

    result = import_rows(tmp_path, rows, ".xlsx")

    assert result.errors == []
    assert [record.loan_no for record in result.records] == ["12345", "820100012397175"]


def test_a_wrong_id_check_digit_is_only_a_warning(tmp_path: Path) -> None:
    rows = [HEADER, loan(id_number="430121197505011208"), loan(loan_no="L2", id_number="x")]

    result = import_rows(tmp_path, rows)

    assert result.errors == []
    assert lines(result.warnings) == ["row 2, column 证件号码: wrong ID number check digit"]
    assert [record.id_number for record in result.records] == ["430121197505011208", "x"]


def test_an_id_number_ending_in_a_small_x_is_stored_with_a_capital_x(tmp_path: Path) -> None:
    result = import_rows(tmp_path, [HEADER, loan(id_number="43012119750501124x")])

    assert result.warnings == []
    assert result.records[0].id_number == "43012119750501124X"


def test_a_loan_number_twice_in_one_file_is_an_error_on_the_later_row(tmp_path: Path) -> None:
    rows = [HEADER, loan(loan_no="123"), loan(loan_no="456"), loan(loan_no="123", borrower="李四")]

    result = import_rows(tmp_path, rows)

    assert lines(result.errors) == ["row 4, column 贷款账号: loan number 123 already on row 2"]
    assert [(record.loan_no, record.borrower) for record in result.records] == [
        ("123", "张三"),
        ("456", "张三"),
    ]


# --- rows ------------------------------------------------------------------------------------


def test_total_rows_and_blank_rows_are_skipped(tmp_path: Path) -> None:
    rows = [
        HEADER,
        loan(loan_no="L1"),
        [],
        [None, None, None, None, None],
        ["  ", "", " "],
        loan(loan_no="L2"),
        ["小计", None, None, None, "2000", "0"],
        [None, "合 计", None, None, "2000"],
        ["总计：2笔"],
    ]

    result = import_rows(tmp_path, rows, ".xlsx")

    assert result.errors == []
    assert [record.row for record in result.records] == [2, 6]
    assert result.rows_read == 2


def test_a_note_starting_with_he_ji_does_not_hide_a_loan(tmp_path: Path) -> None:
    rows = [[*HEADER, "备注"], [*loan(), "合计两笔，已催收"]]

    result = import_rows(tmp_path, rows)

    assert [record.notes for record in result.records] == ["合计两笔，已催收"]


def test_a_row_with_only_unlisted_columns_filled_counts_as_blank(tmp_path: Path) -> None:
    rows = [["序号", *HEADER], [1, *loan()], [2]]

    result = import_rows(tmp_path, rows)

    assert result.errors == []
    assert result.rows_read == 1


def test_a_row_with_any_error_is_left_out_and_the_others_are_kept(tmp_path: Path) -> None:
    rows = [
        HEADER,
        loan(loan_no="L1"),
        loan(loan_no="L2", borrower="", segment="企业", maturity="soon"),
        loan(loan_no="L3"),
    ]

    result = import_rows(tmp_path, rows)

    assert [record.loan_no for record in result.records] == ["L1", "L3"]
    assert lines(result.errors) == [
        "row 3, column 借款人: required value missing",
        "row 3, column 到期日期: not a date: soon",
    ]
    assert result.rows_read == 3


@pytest.mark.parametrize(
    ("written", "segment"),
    [
        ("小微", "小微"),
        ("小微企业", "小微"),
        ("个人经营", "小微"),
        ("涉农", "涉农"),
        ("农户", "涉农"),
        ("个人", "个人"),
        ("个人消费", "个人"),
        (" 农户 ", "涉农"),
    ],
)
def test_segments_are_normalised(tmp_path: Path, written: str, segment: str) -> None:
    assert import_rows(tmp_path, [HEADER, loan(segment=written)]).records[0].segment == segment


def test_optional_columns_are_parsed_and_empty_ones_are_none(tmp_path: Path) -> None:
    header = [*HEADER, "联系电话", "逾期天数", "五级分类", "是否核销", "保证人", "诉讼日期", "地址"]
    rows = [
        header,
        [*loan(loan_no="L1"), 13812345678, 120.0, "可疑", "Y", "张三，李四／王五", "2026/1/5", ""],
        [*loan(loan_no="L2"), "", "", "", "", "", "", " "],
        [*loan(loan_no="L3"), "0755-1234", "0", "损失", "1", "", "", "x村"],
    ]

    records = import_rows(tmp_path, rows, ".xlsx").records

    first, second, third = records
    assert (first.phone, first.days_overdue, first.risk_class, first.written_off) == (
        "13812345678",
        120,
        "可疑",
        True,
    )
    assert first.guarantors == ("张三", "李四", "王五")
    assert first.sued_on == date(2026, 1, 5)
    assert first.address is None
    assert (second.phone, second.days_overdue, second.risk_class, second.written_off) == (
        None,
        None,
        None,
        False,
    )
    assert second.guarantors == ()
    assert (third.phone, third.days_overdue, third.written_off, third.address) == (
        "0755-1234",
        0,
        True,
        "x村",
    )


@pytest.mark.parametrize(
    ("column", "cell", "reason"),
    [
        ("五级分类", "不良", "unknown risk class 不良: expected 正常、关注、次级、可疑、损失"),
        ("是否核销", "maybe", "expected 是/否, Y/N or 1/0, not maybe"),
        ("逾期天数", "-3", "negative days overdue"),
        ("逾期天数", "12.5", "not a whole number of days: 12.5"),
    ],
)
def test_invalid_optional_values_are_row_errors(
    tmp_path: Path, column: str, cell: str, reason: str
) -> None:
    result = import_rows(tmp_path, [[*HEADER, column], [*loan(), cell]])

    assert lines(result.errors) == [f"row 2, column {column}: {reason}"]


@pytest.mark.parametrize("cell", ["是", "Y", "y", "1", "否", "N", "n", "0", ""])
def test_written_off_accepts_yes_and_no_in_any_case(tmp_path: Path, cell: str) -> None:
    result = import_rows(tmp_path, [[*HEADER, "已核销"], [*loan(), cell]])

    assert result.records[0].written_off is (cell in ("是", "Y", "y", "1"))


def test_a_hidden_first_sheet_is_skipped(tmp_path: Path) -> None:
    rows = [HEADER, loan(loan_no="VISIBLE-1")]
    for path in (
        write_xlsx(tmp_path / "loans.xlsx", rows, hidden_first_sheet=True),
        write_xls(tmp_path / "loans.xls", rows, hidden_first_sheet=True),
    ):
        for engine in ("calamine", "openpyxl"):
            result = read_loan_list(path, engine=engine)  # type: ignore[arg-type]
            assert [record.loan_no for record in result.records] == ["VISIBLE-1"], path


@pytest.mark.slow
def test_fifty_thousand_rows_are_read(tmp_path: Path) -> None:
    rows = [HEADER] + [loan(loan_no=f"L{n:06d}") for n in range(50_000)]

    result = import_rows(tmp_path, rows)

    assert result.errors == []
    assert len(result.records) == 50_000
    assert result.records[-1].row == 50_001


# --- files that cannot be read ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("loans.xlsx", b"", "the file is empty"),
        ("loans.csv", b"  \r\n", "the file is empty"),
        ("loans.xlsx", b"\x00\x01garbage" * 50, "not an Excel workbook although named .xlsx"),
        ("loans.xls", b"<html><table></table></html>", "no table in the file"),
        ("loans.xlsx", b"PK\x03\x04 not really a zip", "cannot read the workbook"),
        ("loans.xls", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "cannot read the workbook"),
        ("loans.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
        ("loans.csv", b"\x00\xff\xfe\x00garbage", "not a text CSV file"),
        (None, b"\x89PNG\r\n\x1a\n\x00\x00", "not a text CSV file"),
        ("loans.csv", "随便写点什么\n没有表头\n".encode(), "header row not found"),
    ],
)
def test_an_unreadable_file_gives_a_clear_file_error_not_an_exception(
    name: str | None, data: bytes, message: str
) -> None:
    result = read_loan_list(data, name)

    assert result.records == []
    assert len(result.errors) == 1
    assert result.errors[0].row is None
    assert str(result.errors[0]).startswith(message)


def test_a_missing_file_gives_a_file_error(tmp_path: Path) -> None:
    result = read_loan_list(tmp_path / "nowhere.xlsx")

    assert lines(result.errors) == ["cannot open the file: No such file or directory"]


def test_a_header_without_loans_is_a_file_error(tmp_path: Path) -> None:
    result = import_rows(tmp_path, [["清单"], HEADER, ["合计"]], ".xlsx")

    assert lines(result.errors) == ["no loans below the header row"]


def test_read_rows_raises_import_file_error_for_an_empty_file() -> None:
    with pytest.raises(ImportFileError, match="the file is empty"):
        read_rows(b"", "x.csv")


# --- helpers other importers reuse -----------------------------------------------------------


def test_read_rows_numbers_rows_as_the_sheet_does(tmp_path: Path) -> None:
    rows: list[list[object]] = [[], [], [None, "b3"], ["a4", 1.5]]
    for suffix in (".xlsx", ".xls", ".csv"):
        path = write_table(tmp_path / f"t{suffix}", rows)
        read = read_rows(path)
        assert read[2][1] == "b3", suffix
        assert read[3][0] == "a4", suffix


def test_the_two_xlsx_readers_give_the_same_rows(tmp_path: Path) -> None:
    rows = [["a", "b"], ["x", date(2026, 1, 2)], [None, 3.5]]
    path = write_xlsx(tmp_path / "t.xlsx", rows)

    def dates_as_dates(table: list[list[object]]) -> list[list[object]]:
        return [[c.date() if isinstance(c, datetime) else c for c in row] for row in table]

    expected = [["a", "b"], ["x", date(2026, 1, 2)], ["", 3.5]]
    assert dates_as_dates(read_rows(path, engine="calamine")) == expected
    assert dates_as_dates(read_rows(path, engine="openpyxl")) == expected


def test_normalise_header_makes_full_width_half_width_and_ignores_case_and_spaces() -> None:
    assert normalise_header(" 贷款余额（万元） ") == "贷款余额(万元)"
    assert normalise_header("LOAN_NO") == "loan_no"
    assert normalise_header("贷款\n余额") == "贷款余额"


def test_find_header_maps_columns_to_fields_and_keeps_units_and_labels() -> None:
    rows: list[list[object]] = [
        ["走访记录"],
        ["团队", "走访时间", "收回本金(元)", "其他"],
        ["猛虎队", "2026-12-03 10:00", "100"],
    ]
    fields = {"team": ("团队", "team"), "visited_at": ("走访时间",), "principal": ("收回本金",)}

    header, problems = find_header(rows, fields, {"team", "visited_at"})

    assert problems == []
    assert header is not None
    assert (header.index, header.row) == (1, 2)
    assert header.columns == {0: "team", 1: "visited_at", 2: "principal"}
    assert header.labels["principal"] == "收回本金(元)"
    assert header.units == {"principal": "元"}


def test_find_header_for_the_loan_list_reports_every_missing_column() -> None:
    header, problems = find_header([["贷款账号", "借款人", "备注"]], LOAN_FIELDS, LOAN_REQUIRED)

    assert header is None
    assert [p.params[0] for p in problems] == [
        ("field", "贷款余额"),
        ("field", "到期日期"),
    ]


def test_split_names_accepts_every_separator() -> None:
    assert split_names("张三、李四,王五，赵六;钱七；孙八/周九") == (
        "张三",
        "李四",
        "王五",
        "赵六",
        "钱七",
        "孙八",
        "周九",
    )
    assert split_names(" 张三 、、 ") == ("张三",)
    assert split_names("") == ()


def test_is_total_row_recognises_total_subtotal_and_grand_total() -> None:
    assert is_total_row(["合计", "", 100.0])
    assert is_total_row(["", "小计：3笔"])
    assert is_total_row(["总 计"])
    assert not is_total_row(["L1", "张三", 100.0])


@pytest.mark.parametrize(
    ("title", "unit"),
    [
        ("单位：万元", "wan"),
        ("单位:万元", "wan"),
        ("（单位：万元）", "wan"),
        ("单位（万元）", "wan"),
        ("金额单位：人民币元", "yuan"),
        ("单位：元", "yuan"),
        ("不良贷款清单", None),
    ],
)
def test_detect_unit_reads_the_unit_a_title_row_states(title: str, unit: str | None) -> None:
    assert detect_unit([["清单"], ["数据日期：2026-11-20", title]]) == unit


@pytest.mark.parametrize(
    "rows",
    [
        [["数据日期：2026-11-20        单位：万元"]],
        [["数据日期:2026年11月20日"]],
        [["数据日期：", "", date(2026, 11, 20)]],
        [["统计日期 20261120"]],
        [["清单（截至2026/11/20）"]],
    ],
)
def test_parse_as_of_reads_the_list_date_from_a_title_row(rows: list[list[object]]) -> None:
    assert parse_as_of(rows) == date(2026, 11, 20)


def test_parse_as_of_is_none_without_a_stated_date() -> None:
    assert parse_as_of([["不良贷款清单"], ["数据日期：待定"]]) is None
