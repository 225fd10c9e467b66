"""What must not leak (SPEC §4.10, issue 8): personal data into the console and the logs,
secrets into git; and the threat list of docs/security.md names only tests that exist.

The command line runs as a real process with Python's logging at DEBUG on the root logger
(what an operator's `logging.basicConfig(level=DEBUG)` gives); the app runs in AppTest
with the root logger and every Streamlit logger at DEBUG. Neither may print a borrower's
or guarantor's name, an ID number or a phone number from the sample loan list, nor the
password typed into the log-in form.
"""

from __future__ import annotations

import logging
import re
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from db.engine import make_engine
from db.models import Visit
from db.uow import UnitOfWork
from db.users import add_user
from tests.conftest import Prepare, missing_component

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct-horse-battery"
CODE = "qh-sample"
# runs cli.main with the root logger at DEBUG, as an operator chasing a problem would
DEBUG_CLI = (
    "import logging, sys; logging.basicConfig(level=logging.DEBUG); "
    "logging.debug('debug logging on'); "
    "sys.path.insert(0, sys.argv.pop(1)); import cli; sys.exit(cli.main())"
)


def personal_data(path: Path) -> list[str]:
    """Borrowers, guarantors, ID numbers and phones of a loan list (staff names excluded)."""
    sheet = load_workbook(path, read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(rows) if "借款人" in r)
    head = rows[at]
    found: set[str] = set()
    for row in rows[at + 1 :]:
        for column in ("借款人", "证件号码", "联系电话", "保证人"):
            value = row[head.index(column)] if column in head else None
            if value:
                found.update(p.strip() for p in re.split(r"[、,，;；]", str(value)) if p.strip())
    return sorted(found)


def assert_none_in(text: str, secrets: list[str]) -> None:
    leaked = [s for s in secrets if s in text]
    assert not leaked, f"personal data in the output: {leaked}"


def cli(db_url: str, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", DEBUG_CLI, str(ROOT), "--db", db_url, *argv],
        capture_output=True, text=True, cwd=ROOT, timeout=180,
    )  # fmt: skip


@pytest.fixture
def sample_people(samples: Path) -> list[str]:
    people = personal_data(samples / "loans_sample.xlsx")
    assert len(people) > 60  # thirty borrowers with IDs and phones, and their guarantors
    return people


# --------------------------------------------------------------------------- the command line


def test_importing_the_sample_list_on_the_command_line_at_debug_prints_no_personal_data(
    sqlite_url: str, samples: Path, sample_people: list[str]
) -> None:
    loaded = cli(sqlite_url, "camp-load", str(samples / "camp_sample.toml"))
    imported = cli(sqlite_url, "loans-import", CODE, str(samples / "loans_sample.xlsx"))
    assert (loaded.returncode, imported.returncode) == (0, 0), imported.stderr
    assert "imported 30 loans" in imported.stdout
    assert "DEBUG:root:debug logging on" in imported.stderr  # the logging really was at DEBUG
    for done in (loaded, imported):
        assert_none_in(done.stdout + done.stderr, sample_people)


def test_a_rejected_import_names_rows_and_columns_but_no_personal_data(
    sqlite_url: str, samples: Path, sample_people: list[str], tmp_path: Path
) -> None:
    """The faults a bank's export really has: a negative balance, a date in words, a
    loan listed twice, an ID number and a phone with digits missing."""
    book = load_workbook(samples / "loans_sample.xlsx")
    sheet = book.worksheets[0]
    head_row = next(r for r in sheet.iter_rows() if any(c.value == "借款人" for c in r))
    col = {c.value: c.column for c in head_row}
    first = head_row[0].row + 1
    sheet.cell(first, col["贷款余额"]).value = -5
    sheet.cell(first + 1, col["到期日期"]).value = "明年春节"
    sheet.cell(first + 2, col["贷款账号"]).value = sheet.cell(first + 3, col["贷款账号"]).value
    sheet.cell(first + 4, col["证件号码"]).value = "43012119750501"
    sheet.cell(first + 5, col["联系电话"]).value = "1589288"
    bad = tmp_path / "loans_bad.xlsx"
    book.save(bad)
    assert cli(sqlite_url, "camp-load", str(samples / "camp_sample.toml")).returncode == 0
    rejected = cli(sqlite_url, "loans-import", CODE, str(bad))
    assert rejected.returncode == 3
    assert "row " in rejected.stderr and "nothing written" in rejected.stderr
    assert_none_in(rejected.stdout + rejected.stderr, sample_people)


# --------------------------------------------------------------------------- the app


@pytest.fixture
def debug_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Every Python log record at DEBUG: the root logger's and Streamlit's (which do not
    propagate to the root)."""
    from streamlit import logger as st_logger

    caplog.set_level(logging.DEBUG)
    streamlit_loggers = [logging.getLogger(n) for n in list(st_logger._loggers)]
    levels = [lg.level for lg in streamlit_loggers]
    for lg in streamlit_loggers:
        lg.addHandler(caplog.handler)
        lg.setLevel(logging.DEBUG)
    try:
        yield caplog
    finally:
        for lg, level in zip(streamlit_loggers, levels, strict=True):
            lg.removeHandler(caplog.handler)
            lg.setLevel(level)


def test_a_log_in_and_an_entry_in_the_app_at_debug_log_no_personal_data_or_password(
    sqlite_url: str,
    prepare: Prepare,
    sample_people: list[str],
    monkeypatch: pytest.MonkeyPatch,
    debug_logs: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    from tests.ui.test_auth import log_in
    from tests.ui.test_entry_page import fill

    prepare(sqlite_url, "loans")  # the sample camp and its loans
    engine = make_engine(sqlite_url)
    add_user(engine, "boss", "admin", "营长", PASSWORD)
    add_user(engine, "lin", "trainer", "林老师", PASSWORD)
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CAMP_COOKIE_KEY", "l" * 48)
    capfd.readouterr()  # only what the app prints from here on

    at = log_in(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60), "lin", PASSWORD)
    assert at.session_state["_user"].role == "trainer"
    at.switch_page("pages/entry.py").run()
    # the trainer finds the loan by the borrower's name, as from a paper form
    at = fill(at, query="张志强", day=date(2026, 12, 16), at_time=time(10, 0),
              entry_f_principal_yuan="500")  # fmt: skip
    at.button(key="entry_f_save").click().run()
    assert not at.exception, at.exception
    with UnitOfWork(engine, write=False) as uow:
        assert len(uow.session.scalars(select(Visit)).all()) == 1
    engine.dispose()

    printed = capfd.readouterr()
    logged = "\n".join(f"{r.name} {r.getMessage()}" for r in debug_logs.records)
    assert debug_logs.records  # something was logged at DEBUG, so the check means something
    assert "张志强" in sample_people
    for text in (printed.out, printed.err, logged):
        assert_none_in(text, sample_people)
        assert PASSWORD not in text


# --------------------------------------------------------------------------- secrets


def git(*args: str) -> subprocess.CompletedProcess[str]:
    if not (ROOT / ".git").exists():
        missing_component("not a git work tree (an unpacked copy): nothing is committed here")
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                          timeout=60)  # fmt: skip


@pytest.mark.parametrize("path", [".streamlit/secrets.toml", ".streamlit/cookie_key"])
def test_the_secrets_file_and_the_generated_cookie_key_are_ignored_by_git(path: str) -> None:
    assert git("check-ignore", "--no-index", "-q", path).returncode == 0, path
    assert git("ls-files", "--error-unmatch", path).returncode != 0, f"{path} is committed"


def test_the_committed_secrets_example_holds_no_value() -> None:
    example = ROOT / ".streamlit" / "secrets.toml.example"
    parsed = tomllib.loads(example.read_text(encoding="utf-8"))
    values = [v for table in parsed.values() for v in table.values()]
    assert all(isinstance(v, str) and not v.strip() for v in values), values
    text = example.read_text(encoding="utf-8")
    assert "CAMP_COOKIE_KEY" in text and "DATABASE_URL" in text  # it says where secrets go


PLACEHOLDER = re.compile(r"^(\.\.\.|…|<[^>]*>|\$\{?\w+\}?|\$\(.*\)|change-?me|password|pw|x+)$")
# (what the line says, the secret it would carry)
SECRET_PATTERNS = (
    re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----()"),
    re.compile(r"CAMP_COOKIE_KEY\s*[=:]\s*[\"']?([^\s\"'#]+)"),
    re.compile(r"CAMP_COOKIE_KEY[\"']\s*[:,]\s*[\"']([^\"']{20,})[\"']"),  # in Python code
    re.compile(r"^\s*cookie_key\s*=\s*\"([^\"]*)\"", re.MULTILINE),
    re.compile(r"postgres(?:ql)?(?:\+\w+)?://[^:/@\s]+:([^@\s]+)@"),
)


def test_no_committed_file_holds_a_secret_looking_value() -> None:
    """Keys and passwords live in the environment or .streamlit/secrets.toml, never in git:
    a cookie key, a database password or a private key in a tracked file is a finding.
    Placeholders (`<48 random characters>`, `${KEY}`, `password`) are not secrets."""
    tracked = git("ls-files", "-z").stdout.split("\0")
    found = []
    for name in filter(None, tracked):
        path = ROOT / name
        if not path.is_file() or path.suffix in (".xlsx", ".png", ".pdf", ".db"):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        for pattern in SECRET_PATTERNS:
            for match in pattern.finditer(text):
                value = match.group(1)
                if pattern is SECRET_PATTERNS[0] or (value and not PLACEHOLDER.match(value)):
                    found.append(f"{name}: {match.group(0).strip()}")
    assert not found, found


# --------------------------------------------------------------------------- the threat list


@pytest.mark.parametrize("doc", ["docs/security.md", "docs/deploy.md"])
def test_every_test_the_security_and_deploy_docs_name_exists(doc: str) -> None:
    """A mitigation is only as good as its test: each `file::test` a doc cites is a real
    test function (that it passes is the suite's job)."""
    text = (ROOT / doc).read_text(encoding="utf-8")
    cited = set(re.findall(r"((?:tests/)?(?:unit|ui|integration|e2e)/\w+\.py)::(\w+)", text))
    assert cited, doc
    missing = []
    for path, name in sorted(cited):
        source = ROOT / (path if path.startswith("tests/") else f"tests/{path}")
        if not source.is_file() or f"def {name}(" not in source.read_text(encoding="utf-8"):
            missing.append(f"{path}::{name}")
    assert not missing, missing
