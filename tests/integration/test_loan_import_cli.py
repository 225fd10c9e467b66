"""`loans-import` with real export layouts, mappings and languages (SPEC §5.1, §5.3; issue 12)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from db.mappings import read_loan_upload, save_profile
from db.models import Camp
from db.models import Loan as LoanRow
from db.uow import UnitOfWork
from tests.integration.test_cli import ROOT, run
from tests.workbooks import write_csv, write_far_cell_xlsx, write_xlsx

CAMP = "qh-sample"
#: A list as a core system dumps it: no 客户类型, no 乡镇, an odd borrower column.
ODD = [
    ["截至2024年11月30日逾期贷款清单"],
    ["借据号", "贷户", "贷款余额", "欠息", "到期日", "住址", "贷款品种"],
    ["J001", "张三", "10000", "50", "2024-01-01", "某县城关镇东门村", "农户贷款"],
    ["J002", "李四", "20000", "0", "2023-06-30", "某县白沙乡", "个人消费贷款"],
    ["J003", "王五", "-3", "0", "2023-06-30", "不知道哪里", "经营贷"],
]


@pytest.fixture
def camp(db_url: str, samples: Path) -> str:
    code, _, err = run(db_url, "camp-load", str(samples / "camp_sample.toml"))
    assert code == 0, err
    return CAMP


def loans(engine: Engine) -> list[LoanRow]:
    with UnitOfWork(engine, write=False) as uow:
        return list(uow.session.scalars(select(LoanRow).order_by(LoanRow.loan_no)))


def test_reasons_are_chinese_by_default_and_english_with_lang_en_the_prefix_unchanged(
    db_url: str, camp: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_xlsx(tmp_path / "odd.xlsx", ODD)
    monkeypatch.delenv("CAMP_LANG", raising=False)

    code, _, err = run(db_url, "loans-import", camp, str(path), "--map", "borrower=贷户")
    assert code == 3
    assert "row 5, column 贷款余额: 金额为负数" in err.splitlines()

    code, _, err = run(db_url, "--lang", "en", "loans-import", camp, str(path), "--map",
                       "borrower=贷户")  # fmt: skip
    assert "row 5, column 贷款余额: negative amount" in err.splitlines()

    monkeypatch.setenv("CAMP_LANG", "en")
    code, _, err = run(db_url, "loans-import", camp, str(path), "--map", "borrower=贷户")
    assert "row 5, column 贷款余额: negative amount" in err.splitlines()


def test_a_mapped_list_derives_segments_and_townships_and_says_where_its_date_came_from(
    engine: Engine, db_url: str, camp: str, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "odd.xlsx", ODD[:4])

    code, out, err = run(db_url, "loans-import", camp, str(path), "--map", "borrower=贷户",
                         "--lang", "en")  # fmt: skip

    assert code == 0, err
    assert "as of 2024-11-30" in out and "from the title 截至" in out
    stored = [(x.loan_no, x.borrower, x.segment, x.township, x.principal_fen, x.interest_fen)
              for x in loans(engine)]  # fmt: skip
    assert stored == [
        ("J001", "张三", "涉农", "城关镇", 1_000_000, 5_000),
        ("J002", "李四", "个人", "白沙乡", 2_000_000, 0),
    ]
    assert "warning: 乡镇 taken from the address or village text for 2 loans" in err


def test_a_loan_whose_segment_nothing_hints_at_takes_the_camps_default_segment(
    engine: Engine, db_url: str, samples: Path, tmp_path: Path
) -> None:
    text = (samples / "camp_sample.toml").read_text(encoding="utf-8")
    camp_file = tmp_path / "camp.toml"
    camp_file.write_text(text.replace("cost = 150000", 'cost = 150000\ndefault_segment = "涉农"'),
                         encoding="utf-8")  # fmt: skip
    assert run(db_url, "camp-load", str(camp_file))[0] == 0
    rows = [["借据号", "借款人", "贷款余额", "到期日", "贷款品种"],
            ["J1", "张三", "100", "2024-01-01", "普通贷款"],  # no word to go by
            ["J2", "李四", "100", "2024-01-01", "个人消费贷款"]]  # fmt: skip
    path = write_xlsx(tmp_path / "list.xlsx", rows)

    code, _, err = run(db_url, "loans-import", CAMP, str(path), "--lang", "en")

    assert code == 0, err
    assert [(x.loan_no, x.segment) for x in loans(engine)] == [("J1", "涉农"), ("J2", "个人")]


def test_guarantee_type_and_enforcement_status_are_stored_and_the_camp_default_is_kept(
    engine: Engine, db_url: str, samples: Path, tmp_path: Path
) -> None:
    text = (samples / "camp_sample.toml").read_text(encoding="utf-8")
    camp_file = tmp_path / "camp.toml"
    extra = 'cost = 150000\nguarantee_type = "一般保证"'
    camp_file.write_text(text.replace("cost = 150000", extra), encoding="utf-8")
    assert run(db_url, "camp-load", str(camp_file))[0] == 0
    rows = [["借据号", "借款人", "贷款余额", "到期日", "保证方式", "执行状态", "执行日期"],
            ["J1", "张三", "100", "2024-01-01", "连带责任保证", "终结本次执行", "2025-03-01"],
            ["J2", "李四", "100", "2024-01-01", "", "", ""],
            ["J3", "王五", "100", "2024-01-01", "抵押", "查封中", ""]]  # fmt: skip
    path = write_xlsx(tmp_path / "list.xlsx", rows)

    code, _, err = run(db_url, "loans-import", CAMP, str(path), "--lang", "en")

    assert code == 0, err
    got = [(x.loan_no, x.guarantee_type, x.enforcement_status, x.enforcement_on)
           for x in loans(engine)]  # fmt: skip
    assert got == [("J1", "连带责任保证", "终本", date(2025, 3, 1)), ("J2", None, None, None),
                   ("J3", None, None, None)]  # fmt: skip
    assert "warning: row 4, column 保证方式: guarantee type 抵押 not recognised" in err
    assert "warning: row 4, column 执行状态: enforcement status 查封中 not recognised" in err
    assert "read but not stored" not in err
    with Session(engine) as s:
        assert s.scalar(select(Camp.guarantee_type)) == "一般保证"


def test_an_unknown_field_or_column_in_map_is_a_usage_error(
    db_url: str, camp: str, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "odd.xlsx", ODD)

    code, _, err = run(db_url, "loans-import", camp, str(path), "--map", "lender=贷户")
    assert code == 2 and "unknown field 'lender'" in err

    code, _, err = run(db_url, "loans-import", camp, str(path), "--map", "borrower=客户")
    assert code == 2 and "no column '客户'" in err

    code, _, err = run(db_url, "loans-import", camp, str(path), "--mapping", "nope")
    assert code == 2 and "unknown mapping profile 'nope'" in err


def test_a_saved_profile_is_used_by_name_and_by_the_same_headers(
    engine: Engine, db_url: str, camp: str, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "odd.xlsx", ODD[:4])
    upload = read_loan_upload(engine, path)
    assert [p.params[0] for p in upload.result.errors] == [("field", "借款人")]

    signature = "|".join(["借据号", "贷户", "贷款余额", "欠息", "到期日", "住址", "贷款品种"])
    save_profile(engine, "某农商行信贷系统", {"borrower": "贷户"}, signature=signature,
                 actor="admin")  # fmt: skip

    assert read_loan_upload(engine, path).profile.name == "某农商行信贷系统"
    code, out, err = run(db_url, "loans-import", camp, str(path))
    assert code == 0, err
    assert "using the mapping profile 某农商行信贷系统" in out
    code, _, err = run(db_url, "loans-import", camp, str(path), "--mapping", "某农商行信贷系统")
    assert code == 0, err


def test_a_list_with_no_loan_number_is_refused_naming_the_column(
    engine: Engine, db_url: str, camp: str, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "no-number.csv", [["户名", "贷款余额", "到期日"], ["张三", "1", "2024-01-01"]]
    )

    code, _, err = run(db_url, "loans-import", camp, str(path))

    assert code == 3
    assert err.startswith("缺少「贷款账号」列（可用的列名：贷款账号、借据号")
    assert loans(engine) == []


# --- the far-cell file and the bomb against the real command line ------------------------------

SMALL = [["借据号", "借款人", "贷款余额", "到期日"], ["J1", "张三", "100", "2024-01-01"]]


def _cli(db_url: str, *argv: str) -> tuple[int, str, float, int]:
    """The command line as a process: exit code, stderr, seconds, peak memory in MB."""
    started = time.perf_counter()
    # Through a small Python that starts the command line and reports its children's peak:
    # Linux counts the memory of the process that forked a child in the child's peak, and
    # this test's own process may be large (an xdist worker after the 1,000,000-row tests).
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, str(ROOT / "cli.py"), "--db", db_url,
         *argv],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "CAMP_LANG": "en"},
        timeout=120,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    code, peak_kb = (int(x) for x in done.stdout.split())
    return code, done.stderr, seconds, peak_kb // 1024


_MEASURE = """
import resource, subprocess, sys
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


@pytest.mark.parametrize("kind", ["far-cell", "far-cell-no-dimension", "bomb"])
def test_the_command_line_refuses_the_far_cell_file_and_the_bomb_fast_and_survives(
    sqlite_url: str, samples: Path, tmp_path: Path, kind: str
) -> None:
    assert run(sqlite_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    path = tmp_path / f"{kind}.xlsx"
    if kind == "bomb":  # built by another process: a child inherits this one's peak memory
        subprocess.run(
            [sys.executable, "-c", "import sys; from tests.workbooks import write_bomb_xlsx as w; "
             f"w(sys.argv[1], {SMALL!r}, megabytes=256)", str(path)],
            cwd=ROOT, check=True,
        )  # fmt: skip
    else:
        write_far_cell_xlsx(path, SMALL, keep_dimension=kind == "far-cell")
    assert path.stat().st_size < 1_000_000

    code, err, seconds, peak_mb = _cli(sqlite_url, "loans-import", CAMP, str(path))

    assert code == 3, err
    assert "too large" in err or "refused as unsafe" in err
    assert "Traceback" not in err
    assert seconds < 10
    assert peak_mb < 600
