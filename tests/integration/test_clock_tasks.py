"""SPEC §4.4 and §4.9 through the store, on SQLite and PostgreSQL: the clocks each loan's
camp visits leave at the close, hand-computed at every legal boundary, and the tasks that
running clocks and recurrences add afterwards (`tasks-refresh`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from core.errors import InputRejected
from db.postloan import close_camp, list_tasks, record_followup, refresh_tasks
from db.visits import record_visits
from tests.integration.test_cli import run
from tests.integration.test_postloan_store import CODE, C, at, visit
from tests.workbooks import write_csv

HEADER = ["贷款账号", "借款人", "客户类型", "贷款余额", "到期日期", "保证人", "保证期间到期日",
          "保证方式", "诉讼日期", "判决履行期限", "执行状态", "执行日期", "乡镇",
          "客户经理"]  # fmt: skip

R_BEFORE = "6300000000000001"  # expires 2026-12-17; a relative signs on that last day
R_AFTER = "6300000000000002"  # expired 2026-12-15; a relative signs on 2026-12-17
B_AFTER = "6300000000000003"  # expired 2026-12-15; the borrower signs: a waiver
G_MONEY = "6300000000000004"  # expired 2026-12-15; the guarantor pays 100 元
J_DEMAND = "6300000000000005"  # joint guarantee to 2027-03-30, demanded on 2026-12-17
GENERAL = "6300000000000006"  # general guarantee to 2027-03-30
LAST_DAY = "6300000000000007"  # guarantee ends 2026-12-17: demanded on that day
TOO_LATE = "6300000000000008"  # guarantee ended 2026-12-16: demanded the day after
LAPSED = "6300000000000009"  # judgment 2024-12-01: two years over on 2026-12-01
ZHONGBEN = "6300000000000010"  # 终本 on 2026-03-01
LATER = "6300000000000011"  # expires 2027-08-01: watch at the close, urgent from 2027-02-02
CAP_DAY = "6300000000000012"  # matured 2006-12-21: twenty years end on C, still protected
CAP_PAST = "6300000000000013"  # matured 2006-12-20: twenty years ended the day before C
ENF_DAY = "6300000000000014"  # judgment 2024-12-21: the two years end on C, still open
ENF_PAST = "6300000000000015"  # judgment 2024-12-20: the two years ended the day before C


def row(no: str, maturity: str, *, guarantors: str = "", until: str = "", gtype: str = "",
        sued: str = "", judgment: str = "", status: str = "",
        status_on: str = "") -> list[str]:  # fmt: skip
    return [no, "赵某", "个人", "20000", maturity, guarantors, until, gtype, sued, judgment,
            status, status_on, "石桥乡", "孙经理"]  # fmt: skip


LOANS = [
    row(R_BEFORE, "2023-12-17"),
    row(R_AFTER, "2023-12-15"),
    row(B_AFTER, "2023-12-15"),
    row(G_MONEY, "2023-12-15", guarantors="王保"),
    row(J_DEMAND, "2026-09-30", guarantors="王保", gtype="连带责任保证"),
    row(GENERAL, "2026-09-30", guarantors="王保", gtype="一般保证"),
    row(LAST_DAY, "2026-06-17", guarantors="王保"),
    row(TOO_LATE, "2026-06-16", guarantors="王保"),
    row(LAPSED, "2025-06-30", sued="2024-03-01", judgment="2024-12-01"),
    row(
        ZHONGBEN,
        "2025-06-30",
        sued="2024-03-01",
        judgment="2025-06-30",
        status="终本",
        status_on="2026-03-01",
    ),  # fmt: skip
    row(LATER, "2024-08-01"),
    row(CAP_DAY, "2006-12-21"),
    row(CAP_PAST, "2006-12-20"),
    row(ENF_DAY, "2024-01-31", sued="2024-03-01", judgment="2024-12-21"),
    row(ENF_PAST, "2024-01-31", sued="2024-03-01", judgment="2024-12-20"),
]

VISITS = [
    visit(R_BEFORE, "2026-12-17 10:00", contact="见到家属", ack=True, row=2),
    visit(R_AFTER, "2026-12-17 10:00", contact="见到家属", ack=True, row=3),
    visit(B_AFTER, "2026-12-17 10:00", contact="见到本人", ack=True, row=4),
    visit(G_MONEY, "2026-12-17 10:00", contact="见到保证人", principal=10_000, row=5),
    visit(J_DEMAND, "2026-12-17 10:00", contact="见到保证人", ack=True, row=6),
    visit(LAST_DAY, "2026-12-17 10:00", contact="见到保证人", ack=True, row=7),
    visit(TOO_LATE, "2026-12-17 10:00", contact="见到保证人", ack=True, row=8),
]


@pytest.fixture
def closed(engine: Engine, db_url: str, samples: Path, tmp_path: Path) -> str:
    assert run(db_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    path = write_csv(tmp_path / "loans.csv", [HEADER, *LOANS], encoding="utf-8")
    code, _, err = run(db_url, "loans-import", CODE, str(path), "--as-of", "2026-12-10")
    assert code == 0, err
    done = record_visits(engine, CODE, VISITS)
    assert done.stored == len(VISITS) and not done.rejected, done.rejected
    assert not close_camp(engine, CODE, C).already_closed
    return CODE


def tasks(engine: Engine) -> dict[str, list[tuple[str, date]]]:
    out: dict[str, list[tuple[str, date]]] = {}
    for t in list_tasks(engine, CODE):
        out.setdefault(t.loan_no, []).append((t.kind, t.due))
    return out


def test_the_close_gives_each_legal_boundary_its_hand_computed_tasks(
    engine: Engine, closed: str
) -> None:
    assert tasks(engine) == {
        R_BEFORE: [("inspection", date(2027, 1, 20))],  # restarted on its last day
        R_AFTER: [("get_ack", C)],  # a relative after expiry saves nothing
        B_AFTER: [("inspection", date(2027, 1, 20))],  # the borrower waived: new three years
        G_MONEY: [("get_ack", C)],  # guarantor money never restarts the borrower's clock
        J_DEMAND: [("guarantor_followup", date(2029, 6, 20))],  # 2029-12-17 − 180 days
        GENERAL: [("legal_review", date(2027, 1, 29))],  # 2027-03-30 − 60 days
        LAST_DAY: [("guarantor_followup", date(2029, 6, 20))],  # demanded on the last day
        TOO_LATE: [("inspection", date(2027, 1, 20))],  # released: revives nothing
        LAPSED: [("legal_review", date(2027, 1, 4))],  # C + 14
        ZHONGBEN: [("asset_search", date(2027, 1, 20))],  # C + 30
        LATER: [("inspection", date(2027, 1, 20))],  # 588 days to run at C: safe
        # art. 188's twenty years, to the day: on its last day the borrower can still waive
        CAP_DAY: [("get_ack", C)],
        CAP_PAST: [("inspection", date(2027, 1, 20))],  # beyond protection: no get_ack
        # Civil Procedure Law art. 250's two years, to the day
        ENF_DAY: [("enforcement", C)],  # the later of C and 2026-12-21 − 60 days
        ENF_PAST: [("legal_review", date(2027, 1, 4))],  # lapsed: C + 14
    }


def test_refreshing_twice_on_one_day_adds_nothing_the_second_time(
    engine: Engine, closed: str
) -> None:
    first = refresh_tasks(engine, CODE, date(2027, 2, 2))
    again = refresh_tasks(engine, CODE, date(2027, 2, 2))
    assert first.tasks_created == 1 and again.tasks_created == 0
    assert refresh_tasks(engine, CODE, date(2027, 2, 3)).tasks_created == 0


def test_a_clock_entering_its_last_180_days_after_the_close_gets_its_get_ack_then(
    engine: Engine, closed: str
) -> None:
    assert refresh_tasks(engine, CODE, date(2027, 2, 1)).tasks_created == 0  # 181 days left
    assert refresh_tasks(engine, CODE, date(2027, 2, 2)).kinds == {"get_ack": 1}  # 180
    assert ("get_ack", date(2027, 7, 2)) in tasks(engine)[LATER]  # expiry − 30 days


def test_a_done_inspection_schedules_the_next_one_30_days_after(
    engine: Engine, closed: str
) -> None:
    task = next(t for t in list_tasks(engine, CODE) if t.loan_no == R_BEFORE)
    record_followup(engine, CODE, task.id, at=at("2027-01-18 10:00"), contact="见到本人",
                    done=True, notes="正常", actor="boss", actor_name="营长",
                    actor_role="admin")  # fmt: skip
    assert refresh_tasks(engine, CODE, date(2027, 1, 18)).kinds == {"inspection": 1}
    assert tasks(engine)[R_BEFORE] == [
        ("inspection", date(2027, 1, 20)),
        ("inspection", date(2027, 2, 17)),
    ]
    assert refresh_tasks(engine, CODE, date(2027, 1, 19)).tasks_created == 0


def test_a_done_asset_search_comes_back_every_180_days(engine: Engine, closed: str) -> None:
    task = next(t for t in list_tasks(engine, CODE) if t.loan_no == ZHONGBEN)
    record_followup(engine, CODE, task.id, at=at("2027-01-15 10:00"), contact="未见到",
                    done=True, notes="未发现财产", actor="boss", actor_name="营长",
                    actor_role="admin")  # fmt: skip
    refresh_tasks(engine, CODE, date(2027, 1, 15))
    assert ("asset_search", date(2027, 7, 19)) in tasks(engine)[ZHONGBEN]  # 2027-01-20 + 180


def test_a_refresh_before_the_close_date_is_rejected(engine: Engine, closed: str) -> None:
    with pytest.raises(InputRejected):
        refresh_tasks(engine, CODE, date(2026, 12, 20))


def test_tasks_refresh_on_the_command_line_and_its_exit_codes(
    engine: Engine, closed: str, db_url: str
) -> None:
    code, out, err = run(db_url, "tasks-refresh", CODE, "--at", "2027-02-02")
    assert (code, err) == (0, "")
    assert "1 new tasks (get_ack 1)" in out
    assert run(db_url, "tasks-refresh", CODE, "--at", "2027-02-02")[1].count("0 new tasks") == 1
    assert run(db_url, "tasks-refresh", "no-such-camp")[0] == 2


def test_a_page_view_refreshes_once_a_day_and_a_later_day_checks_again(
    engine: Engine, closed: str
) -> None:
    first = refresh_tasks(engine, CODE, date(2027, 2, 2), once_a_day=True)
    assert (first.skipped, first.tasks_created) == (False, 1)
    assert refresh_tasks(engine, CODE, date(2027, 2, 2), once_a_day=True).skipped
    assert not refresh_tasks(engine, CODE, date(2027, 2, 3), once_a_day=True).skipped
