"""Hostile text from an imported list (SPEC §4.10): escaped wherever it is shown as HTML,
inert in every exported workbook, and written verbatim in the command line's tasks CSV.

A borrower, village or team can be named anything in the core system's export. The names
below are what an attacker (or a prankster at the branch) would type: script and event-
handler tags for the projected pages, and the spreadsheet formula starts = + - @ for the
workbooks the camp shares in its group chat.
"""

from __future__ import annotations

import csv
import html
import io
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core import evaluation as ev
from core.exports import FORMULA_STARTS, problems_xlsx, table_xlsx
from core.masking import mask_account, mask_name
from core.records import Problem
from core.report import ProblemLine, TeamDay, VisitLine
from core.report_xlsx import report_xlsx
from core.tasklist import render_tasks
from pages import _projector as proj
from tests.unit.test_evaluation import CASH, TACTICS, evaluation
from tests.unit.test_report import summary

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
HYPERLINK = '=HYPERLINK("http://evil","x")'
DDE = "+cmd|' /C calc'!A0"
AT_SUM = "@SUM(1)"
MINUS = "-1+2"
HOSTILE = (SCRIPT, IMG, HYPERLINK, DDE, AT_SUM, MINUS)
FORMULAS = tuple(h for h in HOSTILE if h.startswith(FORMULA_STARTS))


def cells(data: bytes) -> list:  # noqa: ANN401 — openpyxl cells
    """Every non-empty cell of every sheet of a workbook, as openpyxl reads the file."""
    book = load_workbook(io.BytesIO(data))
    return [c for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]


def assert_inert_and_visible(data: bytes, texts: tuple[str, ...] = HOSTILE) -> None:
    """No cell is a formula; a text cell that would start one carries a leading quote; and
    each hostile text is still there to read."""
    found = cells(data)
    for cell in found:
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert not cell.value.startswith(FORMULA_STARTS), (cell.coordinate, cell.value)
    values = [str(c.value) for c in found]
    for text in texts:
        assert any(text in v for v in values), text
    for text in FORMULAS:  # a cell holding exactly the hostile text shows it behind a quote
        exact = [v for v in values if v.lstrip("'") == text]
        assert all(v == "'" + text for v in exact), exact


# --------------------------------------------------------------------------- HTML


@pytest.mark.parametrize("text", HOSTILE)
def test_the_projectors_escape_turns_hostile_text_into_plain_text(text: str) -> None:
    escaped = proj.esc(text)
    assert "<" not in escaped and ">" not in escaped and '"' not in escaped
    assert html.unescape(escaped) == text  # shown exactly as typed


def test_a_projected_table_escapes_every_header_and_cell() -> None:
    page = proj.table([SCRIPT, "队"], [[IMG, 1], ["尖刀队", HYPERLINK]], numeric=(1,))
    assert "<script>" not in page and "<img" not in page
    assert html.escape(SCRIPT) in page and html.escape(IMG) in page
    assert html.escape(HYPERLINK) in page


# --------------------------------------------------------------------------- workbooks


def test_a_table_export_keeps_hostile_text_as_visible_text_never_a_formula() -> None:
    data = table_xlsx(SCRIPT, ["贷款账号", HYPERLINK], [[h, h, -300, 1.5] for h in HOSTILE])
    assert_inert_and_visible(data)
    numbers = [c.value for c in cells(data) if not isinstance(c.value, str)]
    assert -300 in numbers and 1.5 in numbers  # real numbers stay numbers


@pytest.mark.parametrize("owner", ["王伟/李强", SCRIPT, "[客户经理]:*?", "'", ""])
def test_an_owner_named_with_characters_a_sheet_title_cannot_hold_still_gets_a_workbook(
    owner: str,
) -> None:
    """/postloan names the export's sheet after the owner, a name from the loan list."""
    book = load_workbook(io.BytesIO(table_xlsx(owner, ["贷款账号"], [["8201"]])))
    (title,) = book.sheetnames
    assert title and not set(title) & set("/\\*?:[]")
    assert book[title]["A2"].value == "8201"


def test_an_imports_problems_workbook_keeps_the_offending_values_inert() -> None:
    errors = [Problem(i + 2, "借款人", f"unknown segment {h}") for i, h in enumerate(HOSTILE)]
    warnings = [Problem(None, h, h) for h in HOSTILE]
    assert_inert_and_visible(problems_xlsx(errors, warnings))


def _line(text: str, **kw: object) -> VisitLine:
    base = {"at": datetime(2026, 12, 17, 10, 0), "team": text, "members": (text, "林晓"),
            "borrower": mask_name(text), "loan_no": mask_account("8201000723966385"),
            "method": text, "note": text}  # fmt: skip
    return VisitLine(**{**base, **kw})  # type: ignore[arg-type]


def test_the_battle_report_workbook_keeps_hostile_team_member_and_note_text_inert() -> None:
    teams = tuple(
        TeamDay(team=h, rank=i + 1, points=1000 - i, cash_fen=100_000 * (6 - i), visits=3,
                acks=1, promises=0, target_fen=1_000_000, prev_rank=None, prev_points=0,
                prev_cash_fen=0)
        for i, h in enumerate(HOSTILE)
    )  # fmt: skip
    lines = tuple(_line(h, amount_fen=10_000, due=date(2026, 12, 18)) for h in HOSTILE)
    problems = tuple(
        ProblemLine(i, h, h, "", "", "open", h, datetime(2026, 12, 17, 9, 0), h)
        for i, h in enumerate(HOSTILE)
    )
    s = replace(summary(), camp_name=HYPERLINK, teams=teams, recoveries=lines, promises=lines,
                quiet=lines, single=lines, retries=lines, due_tomorrow=lines,
                problems=problems)  # fmt: skip
    data = report_xlsx(s)
    assert_inert_and_visible(data)
    # a masked hostile name keeps its first character: still a formula start, still inert
    assert mask_name(HYPERLINK).startswith("=")
    assert any(str(c.value) == "'" + mask_name(HYPERLINK) for c in cells(data))


def test_the_evaluation_workbook_keeps_hostile_townships_and_tactics_inert() -> None:
    hostile_cash = [
        ev.CashCell("小微", h, "有意愿有能力", 45, principal_fen=100_000 * (i + 1))
        for i, h in enumerate(HOSTILE)
    ]
    hostile_tactics = [ev.TacticCell((h,), "有意愿有能力", visits=1, followed=0) for h in HOSTILE]
    data = ev.evaluation_xlsx(
        evaluation(cash_cells=[*CASH, *hostile_cash], tactic_cells=[*TACTICS, *hostile_tactics])
    )
    assert_inert_and_visible(data)


# --------------------------------------------------------------------------- the tasks CSV


@dataclass(frozen=True)
class _Task:
    loan_no: str
    owner: str
    kind: str
    due: date
    reason: str


def test_the_tasks_csv_of_the_command_line_is_data_and_keeps_every_value_verbatim() -> None:
    """A decision (docs/security.md): `cli.py tasks` prints a data contract (SPEC §5.1) for
    scripts, not a workbook to share, so its values are not rewritten — a quote added to
    an owner's name would no longer match the user it belongs to. Spreadsheets open CSV
    with formulas live: people get the owners' tasks as the Excel export of /postloan,
    whose cells are neutralised (table_xlsx above)."""
    tasks = [_Task(f"82010{i:011d}", h, "promise", date(2026, 12, 22), h)
             for i, h in enumerate(HOSTILE)]  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(render_tasks("qh", tasks))))
    assert [(r["owner"], r["reason"]) for r in rows] == [(h, h) for h in HOSTILE]


# --------------------------------------------------------------------------- on a page


HEADER = ("贷款账号", "借款人", "证件号码", "联系电话", "客户类型", "贷款余额", "到期日期",
          "乡镇", "村", "民族")  # fmt: skip
BOARD_DAY = datetime(2026, 12, 16, 23, 50)  # UTC: 07:50 on 12-17, camp day 4 in Shanghai


def test_an_imported_borrower_and_village_named_as_html_show_as_text_on_the_board(
    sqlite_url: str, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The morning board draws its visit plans as HTML: the village (unmasked, as imported)
    and the masked borrower of a hostile row arrive escaped."""
    from datetime import UTC

    from streamlit.testing.v1 import AppTest

    from db.engine import make_engine
    from db.users import add_user
    from tests.integration.test_cli import run

    path = tmp_path / "hostile.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([
            HEADER,
            ("6228480012349001", SCRIPT, "110105194912310021", "13812345601", "小微", "100000",
             "2023-06-30", "石桥乡", IMG, "汉族"),
        ])  # fmt: skip
    assert run(sqlite_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    code, _, err = run(sqlite_url, "loans-import", "qh-sample", str(path), "--as-of", "2026-12-01")
    assert code == 0, err
    engine = make_engine(sqlite_url)
    add_user(engine, "boss", "admin", "营长", "correct-horse-battery")
    add_user(engine, "lin", "trainer", "林老师", "correct-horse-battery")
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CAMP_COOKIE_KEY", "h" * 48)

    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"),
                           default_timeout=60)  # fmt: skip
    past_the_log_in = {"authentication_status": True, "username": "lin", "name": "林老师",
                       "roles": ["trainer"], "_login_at": datetime.now(UTC),
                       "_now": BOARD_DAY.replace(tzinfo=UTC)}  # fmt: skip
    for key, value in past_the_log_in.items():
        at.session_state[key] = value
    at.run()
    at.switch_page("pages/board.py").run()
    next(s for s in at.selectbox if s.key == "board_channel").select(2).run()  # today's plans
    assert not at.exception, at.exception
    (page,) = [m.value for m in at.markdown if m.value.startswith('<div class="bd">')]
    assert "今日走访计划" in page
    assert html.escape(IMG) in page and "<img" not in page
    assert "<b>&lt;**</b>" in page and "<script" not in page  # the masked borrower


INJECTION = "Robert'); DROP TABLE loans;--"


def test_sql_looking_names_and_searches_are_stored_and_matched_as_text(
    sqlite_url: str, samples: Path, tmp_path: Path
) -> None:
    """Every query binds its values (SQLAlchemy); a search's % and _ are literal too."""
    from db.engine import make_engine
    from db.entry import find_loans
    from tests.integration.test_cli import run

    path = tmp_path / "sql.csv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([
            HEADER,
            ("6228480012349002", INJECTION, "110105194912310021", "13812345601", "小微", "100000",
             "2023-06-30", "石桥乡", "x' OR '1'='1", "汉族"),
            ("6228480012349003", "王五", "110105195001010032", "13812345602", "涉农", "50000",
             "2023-06-30", "石桥乡", "东村", "汉族"),
        ])  # fmt: skip
    assert run(sqlite_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    code, _, err = run(sqlite_url, "loans-import", "qh-sample", str(path), "--as-of", "2026-12-01")
    assert code == 0, err
    engine = make_engine(sqlite_url)
    try:
        [found] = find_loans(engine, "qh-sample", "Robert');")
        assert found.loan.borrower == INJECTION  # stored as typed, the table still there
        assert find_loans(engine, "qh-sample", "' OR '1'='1") == []
        assert find_loans(engine, "qh-sample", "%") == []
        assert find_loans(engine, "qh-sample", "_") == []
        assert [m.loan.borrower for m in find_loans(engine, "qh-sample", "王五")] == ["王五"]
    finally:
        engine.dispose()
