"""Verified cash (SPEC §5.6) through the store and the command line, on SQLite and PostgreSQL:
`ledger-import`, `reconcile`, `standings --verified` and `verified_cash` in the standings.

The hand-computed camp: the sample camp (field days 2026-12-16 … 12-20, reconcile_days
absent → 3), seven loans, each with the claims and records one case needs.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from core.records import VisitRecord
from db.models import Repayment, ScoringRule
from db.uow import UnitOfWork
from db.visits import record_visits
from tests.integration.test_cli import run
from tests.integration.test_postloan_store import CODE, loan_row, write_loans
from tests.workbooks import write_csv, write_xlsx

FULL = "7100000000000001"  # claim 1,000; record 1,000 the next day
PARTIAL = "7100000000000002"  # claim 2,000; record 800 the same day
MISSING = "7100000000000003"  # claim 500; no record
LATE = "7100000000000004"  # claim 500; records the day before and 4 days after
SHARED = "7100000000000005"  # no territory: two teams claim 到行还款 300; one record of 300
TWICE = "7100000000000006"  # two visits of 600 (entered newest first); record 1,000
UNCLAIMED = "7100000000000007"  # a record of 700, no visit

LOANS = [
    loan_row(FULL, "周一", "50000", "2025-06-30"),
    loan_row(PARTIAL, "周二", "50000", "2025-06-30"),
    loan_row(MISSING, "周三", "50000", "2025-06-30"),
    loan_row(LATE, "周四", "50000", "2025-06-30"),
    loan_row(SHARED, "周五", "50000", "2025-06-30", township="外地镇"),
    loan_row(TWICE, "周六", "50000", "2025-06-30"),
    loan_row(UNCLAIMED, "周七", "50000", "2025-06-30"),
]

JD, TJ = "尖刀队", "突击队"


def visit(no: str, at: str, yuan: int, team: str = JD, contact: str = "见到本人") -> VisitRecord:
    members = ("林晓", "许诺") if team == JD else ("龚平", "范婷")
    return VisitRecord(row=2, visited_at=datetime.strptime(at, "%Y-%m-%d %H:%M"), team=team,
                       loan_no=no, contact=contact, members=members,
                       principal_fen=yuan * 100)  # fmt: skip


VISITS = [
    visit(FULL, "2026-12-16 10:00", 1000),
    visit(PARTIAL, "2026-12-16 11:00", 2000),
    visit(MISSING, "2026-12-16 12:00", 500),
    visit(LATE, "2026-12-16 13:00", 500),
    visit(SHARED, "2026-12-17 09:00", 300, JD, "到行还款"),
    visit(SHARED, "2026-12-17 10:00", 300, TJ, "到行还款"),
    visit(TWICE, "2026-12-17 15:00", 600),  # entered first, but the later visit
    visit(TWICE, "2026-12-16 15:00", 600),
]

LEDGER_HEADER = ["借据号", "交易日期", "还款本金", "还款利息", "流水号"]
LEDGER = [
    ["核心系统还款流水"],
    LEDGER_HEADER,
    [FULL, "2026-12-17", "1000.00", "0", "R001"],
    [PARTIAL, "2026-12-16", "800", "", "R002"],
    [LATE, "2026-12-15", "200", "", "R003"],
    [LATE, "2026-12-20", "500", "", "R004"],
    [SHARED, "2026-12-17", "300", "", "R005"],
    [TWICE, "2026-12-17", "1,000", "", "R006"],
    [UNCLAIMED, "2026-12-18", "700", "", "R007"],
    ["9999999999999999", "2026-12-18", "50", "", "R008"],  # another loan of the bank
    ["合计", "", "4550", "", ""],
]


@pytest.fixture
def camp(db_url: str, samples: Path, tmp_path: Path) -> str:
    assert run(db_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    path = write_loans(tmp_path / "loans.csv", LOANS)
    code, _, err = run(db_url, "loans-import", CODE, str(path), "--as-of", "2026-12-10")
    assert code == 0, err
    return CODE


@pytest.fixture
def visited(engine: Engine, camp: str) -> str:
    done = record_visits(engine, camp, VISITS)
    assert done.stored == len(VISITS) and not done.rejected
    return camp


@pytest.fixture
def ledger(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "还款流水.csv", LEDGER)


def imported(db_url: str, path: Path, *extra: str) -> tuple[int, str, str]:
    return run(db_url, "ledger-import", CODE, str(path), *extra)


def records(engine: Engine) -> int:
    with UnitOfWork(engine, write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Repayment)))


def reconciled(db_url: str) -> dict:
    code, out, err = run(db_url, "reconcile", CODE, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def by_loan(doc: dict) -> dict[str, list[tuple[str, float, float, str]]]:
    out: dict[str, list[tuple[str, float, float, str]]] = {}
    for v in doc["visits"]:
        out.setdefault(v["loan_no"], []).append(
            (v["team"], v["claimed"], v["verified"], v["status"])
        )
    return out


def teams(db_url: str, *extra: str) -> dict[str, dict]:
    code, out, err = run(db_url, "standings", CODE, "--format", "json", *extra)
    assert code == 0, err
    return {t["team"]: t for t in json.loads(out)["teams"]}


# ----------------------------------------------------------------------------- ledger-import


def test_repayment_records_are_imported_and_other_loans_of_the_bank_are_skipped_with_a_warning(
    db_url: str, engine: Engine, visited: str, ledger: Path
) -> None:
    code, out, err = imported(db_url, ledger)
    assert code == 0, err
    assert records(engine) == 7
    assert "stored 7 repayment records" in out
    assert "warning: " in err and "9999999999999999" in err


def test_a_record_imported_twice_is_stored_once_and_changes_nothing(
    db_url: str, engine: Engine, visited: str, ledger: Path, tmp_path: Path
) -> None:
    assert imported(db_url, ledger)[0] == 0
    before = reconciled(db_url)
    again = write_xlsx(tmp_path / "again.xlsx", LEDGER)  # the same records, another format
    code, out, err = imported(db_url, again)
    assert code == 0, err
    assert records(engine) == 7
    assert "stored 0 repayment records" in out and "7 already stored" in out
    assert reconciled(db_url) == before


def test_without_a_ref_identical_rows_are_separate_payments_and_a_second_import_adds_none(
    db_url: str, engine: Engine, visited: str, tmp_path: Path
) -> None:
    rows = [LEDGER_HEADER[:4], [TWICE, "2026-12-17", "500", "0"], [TWICE, "2026-12-17", "500", "0"]]
    path = write_csv(tmp_path / "noref.csv", rows)
    assert imported(db_url, path)[0] == 0
    assert imported(db_url, path)[0] == 0
    assert records(engine) == 2
    assert by_loan(reconciled(db_url))[TWICE] == [
        (JD, 600.0, 600.0, "已核实"),
        (JD, 600.0, 400.0, "部分核实"),
    ]


def test_a_bad_row_rejects_the_file_with_its_row_and_column_and_writes_nothing(
    db_url: str, engine: Engine, visited: str, tmp_path: Path
) -> None:
    rows = [*LEDGER[:3], [PARTIAL, "2026-12-16", "-800", "", "R002"], *LEDGER[4:]]
    path = write_csv(tmp_path / "bad.csv", rows)
    code, _, err = imported(db_url, path)
    assert code == 3
    assert "row 4, column 还款本金: 金额为负数" in err
    assert records(engine) == 0
    code, _, err = imported(db_url, path, "--lang", "en")
    assert code == 3 and "row 4, column 还款本金: negative amount" in err
    code, _, err = imported(db_url, path, "--skip-invalid")
    assert code == 0 and "row 4, column 还款本金" in err
    assert records(engine) == 6


def test_a_ref_stored_with_another_amount_is_rejected(
    db_url: str, engine: Engine, visited: str, ledger: Path, tmp_path: Path
) -> None:
    assert imported(db_url, ledger)[0] == 0
    path = write_csv(
        tmp_path / "changed.csv", [LEDGER_HEADER, [FULL, "2026-12-17", "900", "", "R001"]]
    )
    code, _, err = imported(db_url, path)
    assert code == 3 and "row 2, column 流水号: 流水号 R001 已导入，日期或金额不同" in err
    assert records(engine) == 7


def test_ledger_import_usage_errors_exit_2(db_url: str, camp: str, ledger: Path) -> None:
    assert run(db_url, "ledger-import", "no-such-camp", str(ledger))[0] == 2
    assert run(db_url, "ledger-import", CODE, "/no/such/file.csv")[0] == 2
    assert run(db_url, "reconcile", "no-such-camp")[0] == 2
    assert run(db_url, "standings", CODE, "--verified", "--day", "1")[0] == 2


def test_a_file_without_the_needed_columns_is_rejected_whole(
    db_url: str, engine: Engine, camp: str, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "x.csv", [["借据号", "金额"], [FULL, "1"]])
    code, _, err = imported(db_url, path, "--skip-invalid")
    assert code == 3 and "交易日期" in err
    assert records(engine) == 0


# ----------------------------------------------------------------------------- reconcile


def test_each_claim_is_verified_partly_verified_missing_or_a_duplicate_claim(
    db_url: str, visited: str, ledger: Path
) -> None:
    assert imported(db_url, ledger)[0] == 0
    assert by_loan(reconciled(db_url)) == {
        FULL: [(JD, 1000.0, 1000.0, "已核实")],
        PARTIAL: [(JD, 2000.0, 800.0, "部分核实")],
        MISSING: [(JD, 500.0, 0.0, "未到账")],
        LATE: [(JD, 500.0, 0.0, "未到账")],  # the day before and the 4th day after: outside
        SHARED: [(JD, 300.0, 300.0, "已核实"), (TJ, 300.0, 0.0, "重复认领")],
        TWICE: [(JD, 600.0, 600.0, "已核实"), (JD, 600.0, 400.0, "部分核实")],  # oldest first
    }


def test_money_no_claim_took_is_listed_unclaimed(db_url: str, visited: str, ledger: Path) -> None:
    assert imported(db_url, ledger)[0] == 0
    assert reconciled(db_url)["unclaimed"] == [
        {"loan_no": LATE, "paid_on": "2026-12-15", "amount": 200.0},
        {"loan_no": UNCLAIMED, "paid_on": "2026-12-18", "amount": 700.0},
        {"loan_no": LATE, "paid_on": "2026-12-20", "amount": 500.0},
    ]


def test_the_window_is_the_camps_reconcile_days(
    db_url: str, engine: Engine, visited: str, ledger: Path
) -> None:
    with UnitOfWork(engine, CODE) as uow:
        uow.session.add(ScoringRule(camp_id=uow.camp.id, key="reconcile_days", value="4"))
        uow.commit()
    assert imported(db_url, ledger)[0] == 0
    assert by_loan(reconciled(db_url))[LATE] == [(JD, 500.0, 500.0, "已核实")]


def test_reconcile_json_has_the_shape_of_the_contract(
    db_url: str, visited: str, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "one.csv", [LEDGER_HEADER, [FULL, "2026-12-16", "1000", "12.5", "X"]]
    )
    assert imported(db_url, path)[0] == 0
    code, out, _ = run(db_url, "reconcile", CODE, "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert list(doc) == ["camp", "visits", "unclaimed"] and doc["camp"] == CODE
    first = doc["visits"][0]
    assert list(first) == ["visit_id", "visited_at", "team", "loan_no", "claimed", "verified",
                           "status"]  # fmt: skip
    assert first["visited_at"] == "2026-12-16T10:00:00+08:00"
    assert '"claimed": 1000.00' in out and '"amount": 12.50' in out
    assert doc["unclaimed"] == [{"loan_no": FULL, "paid_on": "2026-12-16", "amount": 12.5}]
    code, csv_out, _ = run(db_url, "reconcile", CODE)
    assert csv_out.splitlines()[0] == (
        "visit_id,visited_at,team,loan_no,claimed,verified,status,paid_on,amount"
    )
    assert csv_out.splitlines()[-1] == f",,,{FULL},,,未认领,2026-12-16,12.50"


# ----------------------------------------------------------------------------- standings


def test_standings_json_carries_verified_cash_null_before_any_record(
    db_url: str, visited: str
) -> None:
    code, out, _ = run(db_url, "standings", CODE, "--format", "json")
    team = json.loads(out)["teams"][0]
    assert list(team)[-2:] == ["attainment", "verified_cash"]
    assert all(t["verified_cash"] is None for t in teams(db_url).values())
    code, out, _ = run(db_url, "standings", CODE)
    assert "verified_cash" not in out.splitlines()[0]  # the csv keeps §5.5's columns


def test_verified_standings_count_only_the_money_the_records_confirm(
    db_url: str, visited: str, ledger: Path
) -> None:
    plain_before = teams(db_url)
    assert imported(db_url, ledger)[0] == 0
    plain, verified = teams(db_url), teams(db_url, "--verified")
    assert plain[JD]["cash"] == plain_before[JD]["cash"] == 5500.0  # 1000+2000+500+500+300+1200
    assert plain[TJ]["cash"] == 300.0
    # verified: 1000 + 800 + 0 + 0 + 300 + 600 + 400
    assert verified[JD]["cash"] == verified[JD]["principal"] == 3100.0
    assert verified[TJ]["cash"] == 0.0
    assert plain[JD]["verified_cash"] == verified[JD]["verified_cash"] == 3100.0
    assert plain[TJ]["verified_cash"] == 0.0
    # principal_per_10k = 10: 5,500 元 → 5.50 points, 3,100 元 → 3.10
    assert plain[JD]["points"] - verified[JD]["points"] == pytest.approx(2.4)


def test_verified_standings_of_a_day(db_url: str, visited: str, ledger: Path) -> None:
    assert imported(db_url, ledger)[0] == 0
    day3 = teams(db_url, "--verified", "--day", "3")  # 2026-12-16
    assert day3[JD]["cash"] == 1000.0 + 800.0 + 600.0
    assert teams(db_url, "--day", "3")[JD]["verified_cash"] == 2400.0


def test_two_teams_claiming_one_branch_payment_is_a_warning_even_without_records(
    db_url: str, engine: Engine, camp: str
) -> None:
    first = record_visits(engine, camp, VISITS[4:5])
    assert not first.warnings
    second = record_visits(engine, camp, [visit(SHARED, "2026-12-17 16:00", 300, TJ, "到行还款")])
    assert [p.text("zh") for p in second.warnings] == [
        f"row 2: 突击队 与 尖刀队 同日在贷款 {SHARED} 上认领了相同金额 300.00 元的到行还款，"
        "可能是同一笔还款"
    ]
    other_amount = record_visits(
        engine, camp, [visit(SHARED, "2026-12-17 17:00", 200, TJ, "到行还款")]
    )
    assert not other_amount.warnings
    code, _, err = run(db_url, "reconcile", CODE, "--lang", "en")
    assert code == 0
    assert err.startswith("warning: 突击队 and 尖刀队 both claim a 到行还款 of 300.00 yuan")


def test_verified_member_standings_share_only_the_verified_money(
    db_url: str, visited: str, ledger: Path
) -> None:
    assert imported(db_url, ledger)[0] == 0
    code, out, err = run(db_url, "standings", CODE, "--individual", "--verified", "--format",
                         "json")  # fmt: skip
    assert code == 0, err
    members = {m["member"]: m for m in json.loads(out)["members"]}
    assert members["林晓"]["cash"] == 1550.0  # half of 尖刀队's 3,100 verified
    assert members["龚平"]["cash"] == 0.0  # 突击队's only claim was a duplicate
    out = run(db_url, "standings", CODE, "--individual", "--format", "json")[1]
    plain = {m["member"]: m for m in json.loads(out)["members"]}
    assert plain["林晓"]["cash"] == 2750.0
