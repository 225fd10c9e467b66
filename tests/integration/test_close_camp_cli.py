"""`close-camp` and `tasks` on the command line (SPEC §5.1), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from db.visits import record_visits
from tests.integration.test_cli import run
from tests.integration.test_postloan_store import CODE, loan_row, promise, visit, write_loans

# listed out of order: `tasks` sorts by due date, loan number, kind
LOANS = [
    loan_row("6200000000000002", "赵二", "10000", "2025-06-30", manager=""),
    loan_row(
        "6200000000000003",
        "赵三",
        "20000",
        "2023-06-20",
        guarantors="王五",
        guarantee_until="2027-01-10",
    ),  # fmt: skip
    loan_row("6200000000000001", "赵一", "50000", "2025-06-30", manager="钱经理"),
    loan_row("6200000000000000", "赵零", "20000", "2023-01-05", manager="钱经理"),
]

# SPEC §4.4 (revised): after expiry only the borrower's own signature saves the loan
ONLY_BORROWER = "届满：只有借款人本人签收催收通知书（放弃时效抗辩）才能保全，家属代签无效"
DEMAND = (
    "保证期间 2027-01-10 届满：期内见到保证人并取得签收回执，否则保证人免责（保证方式按训练营默认）"
)

CSV = (
    "loan_no,owner,kind,due,reason\n"
    f"6200000000000000,钱经理,get_ack,2026-12-21,诉讼时效已于 2026-01-05 {ONLY_BORROWER}\n"
    f"6200000000000003,孙经理,get_ack,2026-12-21,诉讼时效已于 2026-06-20 {ONLY_BORROWER}\n"
    f"6200000000000003,孙经理,guarantor_demand,2026-12-21,{DEMAND}\n"
    "6200000000000001,钱经理,promise_followup,2026-12-28,"
    '"客户承诺 2026-12-28 还款 5,000.00 元，到期跟进"\n'
    "6200000000000002,,inspection,2027-01-20,贷后检查\n"
)

JSON = """\
{
  "camp": "qh-sample",
  "tasks": [
    {
      "loan_no": "6200000000000000",
      "owner": "钱经理",
      "kind": "get_ack",
      "due": "2026-12-21",
      "reason": "诉讼时效已于 2026-01-05 {ONLY_BORROWER}"
    },
    {
      "loan_no": "6200000000000003",
      "owner": "孙经理",
      "kind": "get_ack",
      "due": "2026-12-21",
      "reason": "诉讼时效已于 2026-06-20 {ONLY_BORROWER}"
    },
    {
      "loan_no": "6200000000000003",
      "owner": "孙经理",
      "kind": "guarantor_demand",
      "due": "2026-12-21",
      "reason": "{DEMAND}"
    },
    {
      "loan_no": "6200000000000001",
      "owner": "钱经理",
      "kind": "promise_followup",
      "due": "2026-12-28",
      "reason": "客户承诺 2026-12-28 还款 5,000.00 元，到期跟进"
    },
    {
      "loan_no": "6200000000000002",
      "owner": "",
      "kind": "inspection",
      "due": "2027-01-20",
      "reason": "贷后检查"
    }
  ]
}
""".replace("{ONLY_BORROWER}", ONLY_BORROWER).replace("{DEMAND}", DEMAND)


@pytest.fixture
def camp(engine: Engine, db_url: str, samples: Path, tmp_path: Path) -> str:
    assert run(db_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    path = write_loans(tmp_path / "loans.csv", LOANS)
    code, _, err = run(db_url, "loans-import", CODE, str(path), "--as-of", "2026-12-10")
    assert code == 0, err
    promised = visit("6200000000000001", "2026-12-16 10:00", **promise("2026-12-28", 5000))
    assert record_visits(engine, CODE, [promised]).stored == 1
    return CODE


def test_close_camp_at_a_date_reports_the_tasks_and_a_second_close_does_nothing(
    db_url: str, camp: str
) -> None:
    assert run(db_url, "close-camp", camp, "--at", "2026-12-21") == (
        0, "closed qh-sample on 2026-12-21: 5 tasks\n", "",
    )  # fmt: skip
    assert run(db_url, "close-camp", camp, "--at", "2026-12-25") == (
        0, "qh-sample was already closed on 2026-12-21: nothing to do\n", "",
    )  # fmt: skip
    assert run(db_url, "tasks", camp)[1].count("\n") == 6  # the header and 5 tasks, once


def test_close_camp_without_a_date_closes_on_today_in_the_camps_time_zone(
    db_url: str, camp: str
) -> None:
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    code, out, err = run(db_url, "close-camp", camp)
    assert code == 0, err
    assert out.startswith(f"closed qh-sample on {today.isoformat()}: ")


def test_tasks_prints_csv_by_due_date_loan_number_and_kind(db_url: str, camp: str) -> None:
    assert run(db_url, "close-camp", camp, "--at", "2026-12-21")[0] == 0
    assert run(db_url, "tasks", camp) == (0, CSV, "")
    assert run(db_url, "tasks", camp, "--format", "csv") == (0, CSV, "")


def test_tasks_prints_json_with_the_camp_code_and_chinese_kept_as_written(
    db_url: str, camp: str
) -> None:
    assert run(db_url, "close-camp", camp, "--at", "2026-12-21")[0] == 0
    assert run(db_url, "tasks", camp, "--format", "json") == (0, JSON, "")


def test_tasks_of_a_camp_not_yet_closed_is_the_header_alone(db_url: str, camp: str) -> None:
    assert run(db_url, "tasks", camp) == (0, "loan_no,owner,kind,due,reason\n", "")
    assert run(db_url, "tasks", camp, "--format", "json")[1] == (
        '{\n  "camp": "qh-sample",\n  "tasks": []\n}\n'
    )


@pytest.mark.parametrize(
    "command", [["close-camp"], ["tasks"], ["close-camp", "--at", "2026-12-21"]]
)
def test_an_unknown_camp_is_a_usage_error(db_url: str, command: list[str]) -> None:
    code, out, err = run(db_url, command[0], "无此营", *command[1:])
    assert (code, out) == (2, "")
    assert err == "error: unknown camp: 无此营\n"


def test_a_close_date_that_is_not_a_date_is_a_usage_error(db_url: str, camp: str) -> None:
    code, _, err = run(db_url, "close-camp", camp, "--at", "2026-13-01")
    assert code == 2
    assert "not a date (YYYY-MM-DD): 2026-13-01" in err
    assert run(db_url, "tasks", camp)[1] == "loan_no,owner,kind,due,reason\n"  # not closed


def test_an_unknown_task_format_is_a_usage_error(db_url: str, camp: str) -> None:
    code, _, err = run(db_url, "tasks", camp, "--format", "xml")
    assert code == 2
    assert "invalid choice" in err
