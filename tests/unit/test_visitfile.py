"""Reading visit records from xlsx, xls and csv files (SPEC §5.4; problems as in §5.1)."""

from __future__ import annotations

import io
from datetime import date, datetime
from pathlib import Path

import pytest

from core.records import CONTACTS, VisitImportResult, VisitRecord
from core.visitfile import parse_visit_time, read_visit_records, visits_from_rows
from tests.workbooks import write_csv, write_table, write_xls, write_xlsx

#: Keyword of `visit` → (the header, the cell a row has unless told otherwise).
COLUMNS: dict[str, tuple[str, object]] = {
    "visited_at": ("走访时间", "2026-12-03 14:30"),
    "team": ("团队", "猛虎队"),
    "members": ("参与成员", "李明、王芳"),
    "loan_no": ("贷款账号", "8201000123971753"),
    "contact": ("接触结果", "见到本人"),
    "principal": ("收回本金", ""),
    "interest": ("收回利息", ""),
    "ack": ("签收回执", ""),
    "promise_date": ("承诺还款日期", ""),
    "promise_amount": ("承诺还款金额", ""),
    "promise_method": ("承诺还款方式", ""),
    "tactics": ("使用招式", ""),
    "notes": ("备注", ""),
}
HEADER = [header for header, _default in COLUMNS.values()]
CONTACT_LIST = "见到本人、见到家属、见到保证人、未见到、失联、拒绝沟通、到行还款"


def visit(**cells: object) -> list[object]:
    """One data row under HEADER: the defaults of COLUMNS with `cells` put in."""
    assert cells.keys() <= COLUMNS.keys(), cells.keys() - COLUMNS.keys()
    return [cells.get(key, default) for key, (_header, default) in COLUMNS.items()]


def import_rows(
    tmp_path: Path, rows: list[list[object]], suffix: str = ".csv"
) -> VisitImportResult:
    return read_visit_records(write_table(tmp_path / f"visits{suffix}", rows))


def lines(problems: list) -> list[str]:
    return [str(problem) for problem in problems]


def only_record(result: VisitImportResult) -> VisitRecord:
    assert lines(result.errors) == []
    assert len(result.records) == 1
    return result.records[0]


GOOD_ROWS: list[list[object]] = [
    HEADER,
    visit(
        principal="5000",
        interest="321.5",
        ack="是",
        promise_date="2026-12-20",
        promise_amount="10000",
        promise_method="转账",
        tactics="亲情感化、以案说法",
        notes="  客户白天务工，约定晚上见面  ",
    ),
    visit(
        visited_at="2026-12-03 23:30",
        team="雄鹰队",
        members="赵强",
        loan_no="8201000223181770",
        contact="未见到",
    ),
    visit(
        visited_at="2026-12-04 09:05",
        members="",
        loan_no="8201000323319874",
        contact="到行还款",
        principal="1200.00",
    ),
]
GOOD_RECORDS = [
    VisitRecord(
        row=2,
        visited_at=datetime(2026, 12, 3, 14, 30),
        team="猛虎队",
        loan_no="8201000123971753",
        contact="见到本人",
        members=("李明", "王芳"),
        principal_fen=500_000,
        interest_fen=32_150,
        ack=True,
        promise_date=date(2026, 12, 20),
        promise_amount_fen=1_000_000,
        promise_method="转账",
        tactics=("亲情感化", "以案说法"),
        notes="客户白天务工，约定晚上见面",
    ),
    VisitRecord(
        row=3,
        visited_at=datetime(2026, 12, 3, 23, 30),
        team="雄鹰队",
        loan_no="8201000223181770",
        contact="未见到",
        members=("赵强",),
    ),
    VisitRecord(
        row=4,
        visited_at=datetime(2026, 12, 4, 9, 5),
        team="猛虎队",
        loan_no="8201000323319874",
        contact="到行还款",
        principal_fen=120_000,
    ),
]


# --- whole files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "write"),
    [
        ("visits.xlsx", write_xlsx),
        ("visits.xls", write_xls),
        ("visits.csv", write_csv),
        ("visits.csv", lambda path, rows: write_csv(path, rows, encoding="utf-8-sig")),
        ("visits.csv", lambda path, rows: write_csv(path, rows, encoding="gbk")),
    ],
    ids=["xlsx", "xls", "csv-utf-8", "csv-utf-8-sig", "csv-gbk"],
)
def test_a_good_file_gives_the_same_visits_in_every_format_and_encoding(
    tmp_path: Path, name: str, write: object
) -> None:
    path = write(tmp_path / name, GOOD_ROWS)  # type: ignore[operator]

    result = read_visit_records(path)

    assert lines(result.errors) == []
    assert result.warnings == []
    assert result.rows_read == 3
    assert result.records == GOOD_RECORDS


def test_excel_datetimes_and_numbers_in_a_workbook_are_read(tmp_path: Path) -> None:
    rows = [
        HEADER,
        visit(visited_at=datetime(2026, 12, 3, 14, 30), principal=5000, interest=321.5, ack=1),
    ]

    record = only_record(read_visit_records(write_xlsx(tmp_path / "visits.xlsx", rows)))

    assert record.visited_at == datetime(2026, 12, 3, 14, 30)
    assert (record.principal_fen, record.interest_fen, record.ack) == (500_000, 32_150, True)


def test_uploaded_bytes_are_read_by_their_name_or_their_content(tmp_path: Path) -> None:
    data = write_xlsx(tmp_path / "visits.xlsx", GOOD_ROWS).read_bytes()

    assert read_visit_records(io.BytesIO(data), "上传.xlsx").records == GOOD_RECORDS
    assert read_visit_records(data).records == GOOD_RECORDS


def test_an_unreadable_file_gives_a_file_error_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "visits.xlsx"
    path.write_bytes(b"this is not a workbook")

    result = read_visit_records(path)

    assert result.records == []
    assert [problem.row for problem in result.errors] == [None]
    assert "not an Excel workbook" in str(result.errors[0])


def test_a_header_without_visits_is_a_file_error(tmp_path: Path) -> None:
    result = import_rows(tmp_path, [HEADER])

    assert lines(result.errors) == ["no visits below the header row"]


# --- visit times -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("2026-12-03 14:30", datetime(2026, 12, 3, 14, 30)),
        ("2026-12-03 14:30:15", datetime(2026, 12, 3, 14, 30, 15)),
        ("2026/12/3 9:05", datetime(2026, 12, 3, 9, 5)),
        ("2026.12.03 09:05:59", datetime(2026, 12, 3, 9, 5, 59)),
        ("２０２６－１２－０３　１４：３０", datetime(2026, 12, 3, 14, 30)),
        ("2026-12-03 14：30", datetime(2026, 12, 3, 14, 30)),
        ("2026-12-03T14:30", datetime(2026, 12, 3, 14, 30)),
        ("2026年12月3日 14:30", datetime(2026, 12, 3, 14, 30)),
        ("  2026-12-04 00:00  ", datetime(2026, 12, 4, 0, 0)),
        (datetime(2026, 12, 3, 23, 59, 59), datetime(2026, 12, 3, 23, 59, 59)),
        (46359.5, datetime(2026, 12, 3, 12, 0)),  # an Excel serial that lost its format
    ],
)
def test_each_visit_time_format_is_read(cell: object, expected: datetime) -> None:
    assert parse_visit_time(cell) == expected


@pytest.mark.parametrize("cell", ["2026-12-03", "2026/12/3", "2026年12月3日", date(2026, 12, 3)])
def test_a_date_without_a_time_of_day_is_refused(cell: object) -> None:
    with pytest.raises(ValueError, match="^time of day missing$"):
        parse_visit_time(cell)


@pytest.mark.parametrize(
    ("cell", "reason"),
    [
        ("2026-12-03 25:00", "not a time of day: 25:00"),
        ("2026-12-03 14:60", "not a time of day: 14:60"),
        ("2026-13-03 14:30", "not a date and time: 2026-13-03 14:30"),
        ("昨天下午", "not a date and time: 昨天下午"),
        ("14:30", "not a date and time: 14:30"),
    ],
)
def test_an_invalid_visit_time_gives_a_short_reason(cell: object, reason: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_visit_time(cell)

    assert str(raised.value) == reason


def test_a_date_without_time_in_a_file_is_a_row_error(tmp_path: Path) -> None:
    rows = [HEADER, visit(), visit(visited_at="2026-12-03")]

    result = import_rows(tmp_path, rows)

    assert lines(result.errors) == ["row 3, column 走访时间: time of day missing"]
    assert [record.row for record in result.records] == [2]


def test_a_date_cell_in_a_workbook_lacks_the_time_of_day(tmp_path: Path) -> None:
    rows = [HEADER, visit(visited_at=date(2026, 12, 3))]

    result = read_visit_records(write_xlsx(tmp_path / "visits.xlsx", rows))

    assert lines(result.errors) == ["row 2, column 走访时间: time of day missing"]


# --- row errors ------------------------------------------------------------------------------


def test_an_unknown_contact_result_is_a_row_error_listing_the_valid_ones(tmp_path: Path) -> None:
    result = import_rows(tmp_path, [HEADER, visit(contact="电话联系")])

    assert lines(result.errors) == [
        f"row 2, column 接触结果: unknown contact 电话联系: expected {CONTACT_LIST}"
    ]
    assert result.records == []


@pytest.mark.parametrize("contact", CONTACTS)
def test_every_contact_result_of_the_list_is_accepted(tmp_path: Path, contact: str) -> None:
    assert only_record(import_rows(tmp_path, [HEADER, visit(contact=contact)])).contact == contact


def test_a_negative_amount_is_reported_on_its_row_and_column(tmp_path: Path) -> None:
    rows = [HEADER, visit(), visit(), visit(principal="-100"), visit(interest="-1")]

    result = import_rows(tmp_path, rows)

    assert lines(result.errors) == [
        "row 4, column 收回本金: negative amount",
        "row 5, column 收回利息: negative amount",
    ]
    assert [record.row for record in result.records] == [2, 3]


def test_a_negative_promised_amount_is_a_row_error(tmp_path: Path) -> None:
    result = import_rows(tmp_path, [HEADER, visit(promise_amount="-5000")])

    assert lines(result.errors) == ["row 2, column 承诺还款金额: negative amount"]


def test_a_text_amount_is_a_row_error(tmp_path: Path) -> None:
    result = import_rows(tmp_path, [HEADER, visit(principal="五千")])

    assert lines(result.errors) == ["row 2, column 收回本金: not an amount: 五千"]


def test_empty_amounts_are_zero_and_an_empty_promise_is_none(tmp_path: Path) -> None:
    record = only_record(import_rows(tmp_path, [HEADER, visit()]))

    assert (record.principal_fen, record.interest_fen) == (0, 0)
    assert record.promise_amount_fen is None
    assert record.promise_date is None
    assert record.promise_method is None


def test_thousands_separators_and_full_width_digits_are_accepted(tmp_path: Path) -> None:
    record = only_record(import_rows(tmp_path, [HEADER, visit(principal="１２，３４５．６７")]))

    assert record.principal_fen == 1_234_567


@pytest.mark.parametrize("contact", ["未见到", "失联", "拒绝沟通", "到行还款"])
def test_a_signed_receipt_without_meeting_anyone_who_can_sign_is_rejected(
    tmp_path: Path, contact: str
) -> None:
    result = import_rows(tmp_path, [HEADER, visit(contact=contact, ack="是")])

    assert lines(result.errors) == [
        "row 2, column 签收回执: a signed receipt needs 见到本人 or 见到家属 "
        "(or 见到保证人 for a guarantor demand)"
    ]
    assert result.records == []


@pytest.mark.parametrize("contact", ["见到本人", "见到家属", "见到保证人"])
def test_a_signed_receipt_with_the_borrower_a_relative_or_a_guarantor_is_accepted(
    tmp_path: Path, contact: str
) -> None:
    record = only_record(import_rows(tmp_path, [HEADER, visit(contact=contact, ack="是")]))

    assert record.ack is True
    assert record.contact == contact


@pytest.mark.parametrize(
    ("cell", "ack"),
    [
        ("是", True),
        ("Y", True),
        ("y", True),
        ("1", True),
        ("否", False),
        ("N", False),
        ("0", False),
    ],
)
def test_a_signed_receipt_is_yes_or_no(tmp_path: Path, cell: str, ack: bool) -> None:
    assert only_record(import_rows(tmp_path, [HEADER, visit(ack=cell)])).ack is ack


def test_an_unclear_signed_receipt_is_a_row_error(tmp_path: Path) -> None:
    result = import_rows(tmp_path, [HEADER, visit(ack="签了")])

    assert lines(result.errors) == ["row 2, column 签收回执: expected 是/否, Y/N or 1/0, not 签了"]


def test_a_payment_at_the_branch_may_have_no_members(tmp_path: Path) -> None:
    rows = [HEADER, visit(contact="到行还款", members="", principal="800")]

    record = only_record(import_rows(tmp_path, rows))

    assert record.members == ()
    assert record.principal_fen == 80_000


@pytest.mark.parametrize("members", ["", "  ", "、"])
def test_a_field_visit_without_members_is_rejected(tmp_path: Path, members: str) -> None:
    result = import_rows(tmp_path, [HEADER, visit(contact="见到家属", members=members)])

    assert lines(result.errors) == [
        "row 2, column 参与成员: members missing: only 到行还款 may have none"
    ]


def test_without_a_members_column_only_payments_at_the_branch_are_accepted(
    tmp_path: Path,
) -> None:
    header = [name for name in HEADER if name != "参与成员"]
    rows = [
        header,
        ["2026-12-03 14:30", "猛虎队", "L1", "见到本人"],
        [
            "2026-12-03 15:30",
            "猛虎队",
            "L2",
            "到行还款",
        ],
    ]

    result = import_rows(tmp_path, rows)

    assert lines(result.errors) == [
        "row 2, column 参与成员: members missing: only 到行还款 may have none"
    ]
    assert [record.loan_no for record in result.records] == ["L2"]


def test_members_and_tactics_are_split_on_every_separator(tmp_path: Path) -> None:
    rows = [
        HEADER,
        visit(members="李明、王芳,赵强，孙丽;周杰；吴敏/郑涛", tactics="以案说法／亲情感化"),
    ]

    record = only_record(import_rows(tmp_path, rows))

    assert record.members == ("李明", "王芳", "赵强", "孙丽", "周杰", "吴敏", "郑涛")
    assert record.tactics == ("以案说法", "亲情感化")


def test_notes_are_trimmed_and_an_empty_note_is_none(tmp_path: Path) -> None:
    rows = [HEADER, visit(notes="  客户同意夜访  "), visit(notes="   ")]

    result = import_rows(tmp_path, rows)

    assert [record.notes for record in result.records] == ["客户同意夜访", None]


@pytest.mark.parametrize(
    ("column", "label"), [(0, "走访时间"), (1, "团队"), (3, "贷款账号"), (4, "接触结果")]
)
def test_an_empty_required_value_is_a_row_error(tmp_path: Path, column: int, label: str) -> None:
    row = visit()
    row[column] = ""

    result = import_rows(tmp_path, [HEADER, row])

    assert lines(result.errors) == [f"row 2, column {label}: required value missing"]


def test_a_loan_number_stored_as_a_long_number_lost_digits(tmp_path: Path) -> None:
    rows = [HEADER, visit(loan_no=8201000123971753), visit(loan_no=12345)]

    result = read_visit_records(write_xlsx(tmp_path / "visits.xlsx", rows))

    assert lines(result.errors) == [
        "row 2, column 贷款账号: number lost digits: stored as a number by the spreadsheet; "
        "export the column as text"
    ]
    assert [record.loan_no for record in result.records] == ["12345"]


def test_every_problem_of_a_row_is_reported_and_the_row_left_out(tmp_path: Path) -> None:
    rows = [HEADER, visit(visited_at="2026-12-03", contact="未见到", members="", ack="是")]

    result = import_rows(tmp_path, rows)

    assert lines(result.errors) == [
        "row 2, column 走访时间: time of day missing",
        "row 2, column 参与成员: members missing: only 到行还款 may have none",
        "row 2, column 签收回执: a signed receipt needs 见到本人 or 见到家属 "
        "(or 见到保证人 for a guarantor demand)",
    ]
    assert result.records == []


def test_a_row_repeating_an_earlier_row_is_kept(tmp_path: Path) -> None:
    result = import_rows(tmp_path, [HEADER, visit(), visit()])

    assert lines(result.errors) == []
    assert [record.row for record in result.records] == [2, 3]


# --- layout and units ------------------------------------------------------------------------


def test_the_header_on_row_three_below_title_rows_numbers_rows_as_the_sheet(
    tmp_path: Path,
) -> None:
    rows = [
        ["某农商银行清收训练营走访登记表"],
        ["填报日期：2026-12-03"],
        HEADER,
        visit(),
        visit(principal="-1"),
    ]

    result = read_visit_records(write_xlsx(tmp_path / "visits.xlsx", rows))

    assert lines(result.errors) == ["row 5, column 收回本金: negative amount"]
    assert [record.row for record in result.records] == [4]


def test_a_title_row_stating_wan_yuan_converts_every_amount_exactly(tmp_path: Path) -> None:
    rows = [
        ["单位：万元"],
        HEADER,
        visit(principal="2.34567", interest="0.0321", promise_amount="1.5"),
    ]

    record = only_record(import_rows(tmp_path, rows))

    assert record.principal_fen == 2_345_670
    assert record.interest_fen == 32_100
    assert record.promise_amount_fen == 1_500_000


def test_a_wan_yuan_header_converts_only_its_column(tmp_path: Path) -> None:
    header = [*HEADER]
    header[5] = "收回本金（万元）"
    rows = [header, visit(principal="0.5", interest="300"), visit(principal="-1")]

    result = import_rows(tmp_path, rows)

    assert [(r.principal_fen, r.interest_fen) for r in result.records] == [(500_000, 30_000)]
    assert lines(result.errors) == ["row 3, column 收回本金（万元）: negative amount"]


def test_total_rows_and_blank_rows_are_skipped(tmp_path: Path) -> None:
    rows = [
        HEADER,
        visit(principal="100"),
        ["", "", "", "", "", "", "", "", "", "", "", "", ""],
        visit(loan_no="L2", principal="200"),
        ["合计", "", "", "", "", "300", "", "", "", "", "", "", ""],
        ["", "小计", "", "", "", "300", "", "", "", "", "", "", ""],
    ]

    result = read_visit_records(write_xlsx(tmp_path / "visits.xlsx", rows))

    assert lines(result.errors) == []
    assert result.rows_read == 2
    assert [record.row for record in result.records] == [2, 4]


def test_a_missing_required_column_is_a_file_error(tmp_path: Path) -> None:
    header = [name for name in HEADER if name != "贷款账号"]
    row = visit()
    del row[3]

    result = import_rows(tmp_path, [header, row])

    assert lines(result.errors) == ["missing column 贷款账号 (accepted names: 贷款账号、loan_no)"]
    assert result.records == []


def test_a_file_without_a_visit_header_is_a_file_error(tmp_path: Path) -> None:
    result = import_rows(tmp_path, [["姓名", "电话"], ["张三", "123"]])

    assert [problem.row for problem in result.errors] == [None]
    assert str(result.errors[0]).startswith("header row not found in the first 10 rows")


def test_english_and_full_width_headers_are_matched(tmp_path: Path) -> None:
    header = [
        "Visited_At",
        "TEAM",
        "members",
        "Loan_No",
        "contact",
        "Principal",
        "interest",
        "ACK",
        "promise_date",
        "promise_amount",
        "promise_method",
        "tactics",
        "ＮＯＴＥＳ",
    ]

    result = import_rows(tmp_path, [header, *GOOD_ROWS[1:]])

    assert result.records == GOOD_RECORDS


def test_visits_from_rows_reads_rows_already_in_memory() -> None:
    rows: list[list[object]] = [
        HEADER,
        visit(visited_at=datetime(2026, 12, 3, 14, 30), principal=100, ack=True),
    ]

    result = visits_from_rows(rows)

    assert lines(result.errors) == []
    assert result.records[0].principal_fen == 10_000
    assert result.records[0].ack is True


def test_the_appointment_columns_of_a_night_visit_are_read(tmp_path: Path) -> None:
    rows = [
        [*HEADER, "预约时间", "预约方式", "同意人"],
        [*visit(visited_at="2026-12-16 23:30"), "2026-12-16 15:00", "电话", "本人"],
    ]
    record = only_record(import_rows(tmp_path, rows))
    assert (record.appointment_at, record.appointment_by, record.agreed_by) == (
        datetime(2026, 12, 16, 15, 0), "电话", "本人")  # fmt: skip


def test_an_appointment_not_made_before_its_visit_or_by_an_unknown_way_is_refused(
    tmp_path: Path,
) -> None:
    rows = [
        [*HEADER, "预约时间", "预约方式", "同意人"],
        [*visit(visited_at="2026-12-16 23:30"), "2026-12-16 23:30", "电话", "本人"],
        [*visit(visited_at="2026-12-16 23:30"), "2026-12-16 15:00", "托梦", "邻居"],
    ]
    result = import_rows(tmp_path, rows)
    assert [(p.row, p.column, p.code) for p in result.errors] == [
        (2, "预约时间", "visit.appointment_after_visit"),
        (3, "预约方式", "visit.appointment_by"),
        (3, "同意人", "visit.agreed_by"),
    ]
