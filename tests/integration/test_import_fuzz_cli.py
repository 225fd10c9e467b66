"""Bad files through the real command line (SPEC §5.1, §6): never a traceback.

`loans-import` and `visits-import` get CSV files in GBK, UTF-8 and UTF-8 with BOM and
xlsx files, with random cells, and edge files: empty, a header only, 50,000 rows, not a
spreadsheet, a NUL byte. Each run exits 0 or 3; an exit 3 lists its problems on stderr
("row N, column X: reason") and leaves the store as it was. The fuzz runs on SQLite: it
is about parsing. The crashes it found on PostgreSQL are pinned on both stores below.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, currently_in_test_context, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, String, text

from core.importing import LOAN_MAX_CHARS
from core.records import LoanRecord
from core.visitfile import VISIT_MAX_CHARS
from db.engine import make_engine
from db.models import AuditEntry, LoanImport, LoanSnapshot, Member, Team, Visit
from db.models import Loan as LoanRow
from tests.conftest import Prepare
from tests.integration.test_cli import count, run
from tests.strategies import csv_cells, mutated_rows, xlsx_cells
from tests.workbooks import write_xlsx

CAMP = "qh-sample"
#: Modest and the same on every run: each example is a whole command on a real store.
FUZZ = settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ENCODINGS = ["utf-8", "utf-8-sig", "gbk"]

LOAN_HEADER = [
    "贷款账号", "借款人", "证件号码", "联系电话", "客户类型", "贷款余额", "欠息", "到期日期",
    "逾期天数", "五级分类", "担保方式", "保证人", "乡镇", "地址", "客户经理", "是否核销", "备注",
]  # fmt: skip
GOOD_LOANS = [
    [f"FZ{i:04d}", "张三", "430121197505011207", "13800000000", segment, "12,000.50", "35.2",
     "2024-03-01", "", "次级", "保证", "李四、王五", township, "石桥乡东村1号", "周经理", "否", ""]
    for i, (segment, township) in enumerate(
        [("小微", "石桥乡"), ("农户", "城关镇"), ("个人", "白沙乡"), ("涉农", "青山乡"),
         ("个人经营", "城关乡"), ("小微", "河口镇")], start=1
    )
]  # fmt: skip

VISIT_HEADER = [
    "走访时间", "团队", "参与成员", "贷款账号", "接触结果", "收回本金", "收回利息", "签收回执",
    "承诺还款日期", "承诺还款金额", "承诺还款方式", "使用招式", "备注",
]  # fmt: skip
GOOD_VISITS = [
    ["2026-12-16 10:00", "尖刀队", "林晓、许诺", "8201000223181770", "见到本人", "100", "10", "是",
     "2026-12-30", "1000", "转账", "亲情感化", "客户在家"],
    ["2026-12-16 11:00", "尖刀队", "曹阳、邓佳", "8201000323319874", "见到家属", "", "", "否",
     "", "", "", "", ""],
    ["2026-12-17 09:30", "突击队", "龚平、范婷", "8201001923382437", "未见到", "", "", "", "", "",
     "", "", ""],
    ["2026-12-17 14:00", "突击队", "", "8201002023265606", "到行还款", "500", "", "", "", "", "",
     "", ""],
    ["2026-12-18 15:00", "尖刀队", "林晓、曹阳", "8201000123971753", "拒绝沟通", "", "", "", "",
     "", "", "", ""],
]  # fmt: skip

# one row, or one problem on a run of rows summarised in one line (SPEC §5.1)
ROW_PROBLEM = re.compile(r"(row \d+|rows \d+-\d+), column [^\r\n]+?: \S.*")
FILE_PROBLEMS = (
    "no loans below the header row",
    "no visits below the header row",
    "the file holds no loans",
)
REJECTED = "error: input rejected — nothing written"
MODELS = (LoanImport, LoanRow, LoanSnapshot, Visit, AuditEntry)


# --- the store and the files -----------------------------------------------------------------


@pytest.fixture(autouse=True)
def english_reasons(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests compare the English reasons: the command line's default is Chinese."""
    monkeypatch.setenv("CAMP_LANG", "en")


@pytest.fixture
def store(sqlite_url: str, samples: Path) -> Iterator[tuple[str, Engine]]:
    """A SQLite store holding the sample camp (no loans yet)."""
    code, _, err = run(sqlite_url, "camp-load", str(samples / "camp_sample.toml"))
    assert code == 0, err
    engine = make_engine(sqlite_url)
    yield sqlite_url, engine
    engine.dispose()


@pytest.fixture
def store_with_loans(store: tuple[str, Engine], samples: Path) -> tuple[str, Engine]:
    """The sample camp with its 30 loans."""
    code, _, err = run(store[0], "loans-import", CAMP, str(samples / "loans_sample.xlsx"))
    assert code == 0, err
    return store


def counts(engine: Engine) -> dict[str, int]:
    return {model.__tablename__: count(engine, model) for model in MODELS}


def write_csv_bytes(path: Path, rows: Sequence[Sequence[object]], encoding: str) -> Path:
    """A CSV as Excel or WPS saves one; characters the encoding lacks become '?'."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding, errors="replace"))
    return path


def import_file(url: str, command: str, path: Path, *options: str) -> tuple[int, str, str]:
    return run(url, command, CAMP, str(path), *options)


def assert_clean_outcome(
    outcome: tuple[int, str, str],
    before: dict[str, int],
    after: dict[str, int],
    skip: bool,
    file_problems: Sequence[str] = FILE_PROBLEMS,
) -> None:
    """Exit 0 or 3, no traceback; every stderr line a row-level problem, one of the
    `file_problems` (by its start), a warning or the verdict; an exit 3 lists its problems
    and writes nothing."""
    code, out, err = outcome
    if currently_in_test_context():  # for --hypothesis-show-statistics
        event(f"exit {code}{' --skip-invalid' if skip else ''}")
    assert "Traceback" not in err and "unexpected failure" not in err, err
    assert code in (0, 3), (code, err)
    lines = err.splitlines()
    problems = [line for line in lines if not line.startswith("warning: ") and line != REJECTED]
    for line in problems:
        assert ROW_PROBLEM.fullmatch(line) or line.startswith(tuple(file_problems)), repr(line)
    if code == 3:
        assert lines[-1] == REJECTED, err
        assert problems, err
        assert after == before, "an exit 3 wrote to the store"
    elif not skip:
        assert not problems, err


# --- random cells ----------------------------------------------------------------------------


@FUZZ
@given(
    rows=mutated_rows(GOOD_LOANS, csv_cells),
    encoding=st.sampled_from(ENCODINGS),
    skip=st.booleans(),
)
def test_a_csv_loan_list_with_random_cells_is_imported_or_rejected_row_by_row(
    store: tuple[str, Engine], tmp_path: Path, rows: list[list[object]], encoding: str, skip: bool
) -> None:
    url, engine = store
    path = write_csv_bytes(tmp_path / "loans.csv", [LOAN_HEADER, *rows], encoding)
    before = counts(engine)

    outcome = import_file(url, "loans-import", path, *(["--skip-invalid"] if skip else []))

    assert_clean_outcome(outcome, before, counts(engine), skip)
    if outcome[0] == 0:
        assert count(engine, LoanImport) == before["loan_imports"] + 1


@FUZZ
@given(rows=mutated_rows(GOOD_LOANS, xlsx_cells), skip=st.booleans())
def test_an_xlsx_loan_list_with_random_cells_is_imported_or_rejected_row_by_row(
    store: tuple[str, Engine], tmp_path: Path, rows: list[list[object]], skip: bool
) -> None:
    url, engine = store
    path = write_xlsx(tmp_path / "loans.xlsx", [["某农商银行逾期贷款清单"], LOAN_HEADER, *rows])
    before = counts(engine)

    outcome = import_file(url, "loans-import", path, *(["--skip-invalid"] if skip else []))

    assert_clean_outcome(outcome, before, counts(engine), skip)


@FUZZ
@given(
    rows=mutated_rows(GOOD_VISITS, csv_cells),
    encoding=st.sampled_from(ENCODINGS),
    skip=st.booleans(),
)
def test_a_csv_visit_file_with_random_cells_is_imported_or_rejected_row_by_row(
    store_with_loans: tuple[str, Engine],
    tmp_path: Path,
    rows: list[list[object]],
    encoding: str,
    skip: bool,
) -> None:
    url, engine = store_with_loans
    path = write_csv_bytes(tmp_path / "visits.csv", [VISIT_HEADER, *rows], encoding)
    before = counts(engine)

    outcome = import_file(url, "visits-import", path, *(["--skip-invalid"] if skip else []))

    assert_clean_outcome(outcome, before, counts(engine), skip)


@FUZZ
@given(rows=mutated_rows(GOOD_VISITS, xlsx_cells), skip=st.booleans())
def test_an_xlsx_visit_file_with_random_cells_is_imported_or_rejected_row_by_row(
    store_with_loans: tuple[str, Engine], tmp_path: Path, rows: list[list[object]], skip: bool
) -> None:
    url, engine = store_with_loans
    path = write_xlsx(tmp_path / "visits.xlsx", [VISIT_HEADER, *rows])
    before = counts(engine)

    outcome = import_file(url, "visits-import", path, *(["--skip-invalid"] if skip else []))

    assert_clean_outcome(outcome, before, counts(engine), skip)


# --- edge files ------------------------------------------------------------------------------

COMMANDS = {"loans-import": LOAN_HEADER, "visits-import": VISIT_HEADER}


@pytest.fixture(params=list(COMMANDS))
def command(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.mark.parametrize("name", ["empty.csv", "empty.xlsx", "empty.xls"])
def test_an_empty_file_is_rejected_as_empty_and_nothing_is_written(
    store_with_loans: tuple[str, Engine], tmp_path: Path, command: str, name: str
) -> None:
    url, engine = store_with_loans
    path = tmp_path / name
    path.write_bytes(b"")
    before = counts(engine)

    outcome = import_file(url, command, path)

    assert_clean_outcome(outcome, before, counts(engine), False, ["the file is empty"])
    assert outcome[0] == 3


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_file_with_a_header_only_is_rejected_and_nothing_is_written(
    store_with_loans: tuple[str, Engine], tmp_path: Path, command: str, suffix: str
) -> None:
    url, engine = store_with_loans
    header = COMMANDS[command]
    path = tmp_path / f"header{suffix}"
    if suffix == ".csv":
        write_csv_bytes(path, [header], "gbk")
    else:
        write_xlsx(path, [header])
    before = counts(engine)

    outcome = import_file(url, command, path)

    assert_clean_outcome(outcome, before, counts(engine), skip=False)
    kind = "loans" if command == "loans-import" else "visits"
    assert outcome[0] == 3 and f"no {kind} below the header row" in outcome[2]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (os.urandom(2048), "not an Excel workbook although named .xlsx"),
        (b"PK\x03\x04" + os.urandom(2048), "cannot read the workbook"),
        (b"<html><body>not a workbook</body></html>", "not an Excel workbook although named"),
    ],
    ids=["random-bytes", "broken-zip", "html"],
)
def test_a_file_named_xlsx_that_is_not_a_workbook_is_rejected_with_a_clear_message(
    store_with_loans: tuple[str, Engine], tmp_path: Path, command: str, content: bytes, message: str
) -> None:
    url, engine = store_with_loans
    path = tmp_path / "list.xlsx"
    path.write_bytes(content)
    before = counts(engine)

    outcome = import_file(url, command, path)

    assert_clean_outcome(outcome, before, counts(engine), False, [message])
    assert outcome[0] == 3


def test_a_csv_with_a_nul_byte_is_rejected_saying_so(
    store_with_loans: tuple[str, Engine], tmp_path: Path, command: str
) -> None:
    url, engine = store_with_loans
    rows = [COMMANDS[command], *(GOOD_LOANS if command == "loans-import" else GOOD_VISITS)]
    path = write_csv_bytes(tmp_path / "list.csv", rows, "utf-8")
    data = path.read_bytes()
    path.write_bytes(data[:200] + b"\x00" + data[200:])
    before = counts(engine)

    outcome = import_file(url, command, path)

    nul = "not a text CSV file: it holds NUL bytes"
    assert_clean_outcome(outcome, before, counts(engine), False, [nul])
    assert outcome[0] == 3


def test_a_gbk_csv_without_bom_is_read_as_chinese(
    store_with_loans: tuple[str, Engine], tmp_path: Path, command: str
) -> None:
    url, engine = store_with_loans
    rows = [COMMANDS[command], *(GOOD_LOANS if command == "loans-import" else GOOD_VISITS)]
    path = write_csv_bytes(tmp_path / "list.csv", rows, "gbk")
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")

    code, out, err = import_file(url, command, path)

    assert code == 0, err
    if command == "loans-import":
        assert "6 new" in out
        assert count(engine, LoanRow) == 36
    else:
        assert "stored 5 visits" in out


BIG = 50_000


def big_loan_list(path: Path) -> Path:
    """A title row, a unit row, the header on row 3, 50,000 good loans and one bad one."""
    header = [*LOAN_HEADER[:9], "乡镇"]
    rows: list[list[object]] = [["某农商银行逾期贷款清单"], ["单位：元"], header]
    good = ["张三", "", "", "农户", "1,000.50", "0", "2024-01-01", "", "石桥乡"]
    rows += [[f"BIG{i:06d}", *good] for i in range(BIG)]
    rows.append(["BIG-BAD", "李四", "", "", "农户", "-5", "0", "2024-01-01", "", "石桥乡"])
    return write_csv_bytes(path, rows, "gbk")


@pytest.mark.slow
def test_a_50000_row_loan_list_with_one_bad_row_is_rejected_whole_naming_that_row(
    store: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = store
    path = big_loan_list(tmp_path / "big.csv")
    before = counts(engine)

    outcome = import_file(url, "loans-import", path)

    assert_clean_outcome(outcome, before, counts(engine), skip=False)
    assert outcome[0] == 3
    assert outcome[2].splitlines() == [f"row {BIG + 4}, column 贷款余额: negative amount", REJECTED]


@pytest.mark.slow
def test_a_50000_row_loan_list_imports_its_good_rows_with_skip_invalid(
    store: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = store
    path = big_loan_list(tmp_path / "big.csv")

    code, out, err = import_file(url, "loans-import", path, "--skip-invalid")

    assert code == 0, err
    assert err.splitlines() == [f"row {BIG + 4}, column 贷款余额: negative amount"]
    assert f"{BIG} new" in out and count(engine, LoanRow) == BIG


@pytest.mark.slow
def test_a_50000_row_visit_file_with_one_bad_row_is_rejected_whole_naming_that_row(
    store_with_loans: tuple[str, Engine], tmp_path: Path
) -> None:
    url, engine = store_with_loans
    loans = [row[3] for row in GOOD_VISITS[:2]]  # two loans of 尖刀队
    rows: list[list[object]] = [VISIT_HEADER]
    for i in range(BIG):
        moment = f"2026-12-{16 + i % 4} {9 + i % 8:02d}:{i % 60:02d}"
        rows.append([moment, "尖刀队", "林晓、许诺", loans[i % 2], "未见到", *[""] * 7, f"第{i}次"])
    rows.append(["2026-12-16 10:00", "尖刀队", "林晓", loans[0], "见到本人", "-1", *[""] * 7])
    path = write_csv_bytes(tmp_path / "visits.csv", rows, "utf-8-sig")
    before = counts(engine)

    outcome = import_file(url, "visits-import", path)

    assert_clean_outcome(outcome, before, counts(engine), skip=False)
    assert outcome[0] == 3
    assert outcome[2].splitlines() == [f"row {BIG + 2}, column 收回本金: negative amount", REJECTED]


# --- crashes found, pinned on both stores ----------------------------------------------------


def loan_row(**cells: object) -> list[object]:
    row = dict(zip(LOAN_HEADER, GOOD_LOANS[0], strict=True))
    row.update(cells)
    return list(row.values())


@pytest.fixture
def camp_url(db_url: str, samples: Path) -> str:
    code, _, err = run(db_url, "camp-load", str(samples / "camp_sample.toml"))
    assert code == 0, err
    return db_url


@pytest.mark.parametrize(
    ("column", "text", "limit"),
    [("借款人", "张" * 101, 100), ("联系电话", "13800000000/13900000000/0731-1234567", 32)],
    ids=["borrower", "phones"],
)
def test_text_longer_than_the_store_column_is_rejected_row_by_row_not_a_database_failure(
    camp_url: str, tmp_path: Path, column: str, text: str, limit: int
) -> None:
    # PostgreSQL refused the INSERT (varchar(n)) and the command failed with exit 1
    path = write_csv_bytes(tmp_path / "loans.csv", [LOAN_HEADER, loan_row(**{column: text})], "gbk")

    code, _, err = import_file(camp_url, "loans-import", path)

    assert code == 3, err
    assert f"row 2, column {column}: too long: {len(text)} characters, at most {limit}" in err


def test_a_nul_in_a_cell_is_rejected_row_by_row_not_a_database_failure(
    camp_url: str, tmp_path: Path
) -> None:
    # PostgreSQL text cannot hold NUL: a UTF-16 CSV (or an xlsx _x0000_ escape) carried one in
    rows = [LOAN_HEADER, loan_row(贷款账号="FZ\x000001")]
    path = write_csv_bytes(tmp_path / "loans.csv", rows, "utf-16")

    code, _, err = import_file(camp_url, "loans-import", path)

    assert code == 3, err
    assert "row 2, column 贷款账号: control character U+0000 in the cell" in err


def test_a_loan_dated_9999_12_31_is_rejected_so_no_later_visit_can_crash_on_it(
    camp_url: str, tmp_path: Path
) -> None:
    # imported before; then every visit to it failed with exit 1 (the limitation clock's
    # three years after 9999 are not a date)
    path = write_csv_bytes(
        tmp_path / "loans.csv", [LOAN_HEADER, loan_row(到期日期="9999-12-31")], "utf-8"
    )

    code, _, err = import_file(camp_url, "loans-import", path)

    assert code == 3, err
    assert "row 2, column 到期日期: date out of range: 9999-12-31 (expected 1900 to 2099)" in err


def test_a_visit_dated_year_1_is_rejected_row_by_row_not_an_overflow(
    db_url: str, prepare: Prepare, tmp_path: Path
) -> None:
    prepare(db_url, "loans")  # the sample camp and its loans
    rows = [VISIT_HEADER, ["0001-01-01 00:00", *GOOD_VISITS[0][1:]]]
    path = write_csv_bytes(tmp_path / "visits.csv", rows, "utf-8")

    code, _, err = import_file(db_url, "visits-import", path)

    assert code == 3, err
    assert "row 2, column 走访时间: date out of range: 0001-01-01" in err


def test_the_longest_texts_the_readers_accept_are_the_store_column_widths() -> None:
    columns = LoanRow.__table__.c
    text_fields = {
        field
        for field in LoanRecord.__dataclass_fields__
        if field in columns
        and isinstance(columns[field].type, String)
        and columns[field].type.length is not None  # not Text
    }
    # checked against their lists of values (保证方式 and 执行状态 too: an unknown word is a
    # warning and stored as nothing, so nothing longer than the lists' words is kept)
    enumerations = {"segment", "risk_class", "guarantee_type", "enforcement_status"}

    assert set(LOAN_MAX_CHARS) == text_fields - enumerations
    for field, limit in LOAN_MAX_CHARS.items():
        assert columns[field].type.length == limit, field
    assert {
        "loan_no": LoanRow.__table__.c.loan_no.type.length,
        "team": Team.__table__.c.name.type.length,
        "members": Member.__table__.c.name.type.length,
        "promise_method": Visit.__table__.c.promise_method.type.length,
    } == VISIT_MAX_CHARS


def test_an_empty_loan_list_is_refused_even_with_skip_invalid_and_writes_no_import(
    sqlite_url: str, samples: Path, tmp_path: Path
) -> None:
    assert run(sqlite_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, _out, err = run(sqlite_url, "loans-import", "qh-sample", str(empty), "--skip-invalid")
    assert code == 3, err
    assert "nothing written" in err
    engine = make_engine(sqlite_url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("select count(*) from loan_imports")).scalar() == 0
    finally:
        engine.dispose()


def test_an_unreadable_visit_file_is_refused_even_with_skip_invalid(
    sqlite_url: str, samples: Path, tmp_path: Path
) -> None:
    assert run(sqlite_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, out, err = run(sqlite_url, "visits-import", "qh-sample", str(empty), "--skip-invalid")
    assert code == 3, err
    assert "stored" not in out
