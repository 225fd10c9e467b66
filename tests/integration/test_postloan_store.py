"""The post-loan workflow through the store (SPEC §4.9), on SQLite and on PostgreSQL:
the close and its tasks from real stored visits, follow-ups, warning signals, owners,
and the new-overdue tasks of a loan list imported after the close."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine, event, func, select

from core.errors import InputRejected
from core.postloan import followup_cautions
from core.records import ImportResult, LoanRecord, VisitRecord
from core.signals import DEFAULT_SIGNAL_KINDS
from db.loans import import_loans
from db.models import AuditEntry, Camp, FollowUp, LoanImport, Task, Visit
from db.models import Loan as LoanRow
from db.postloan import (
    TaskRow,
    add_signal,
    close_camp,
    close_signal,
    closed_on,
    followup_notes,
    list_tasks,
    overdue_count,
    reassign_tasks,
    record_followup,
    set_signal_kinds,
    signal_kinds,
    task_clocks,
    task_owners,
    watch_list,
)
from db.queries import member_standings, standings
from db.uow import UnitOfWork
from db.visits import record_visits
from tests.integration.test_cli import run
from tests.workbooks import write_csv

CODE = "qh-sample"
C = date(2026, 12, 21)  # the close date: the day after the camp's last field day
TZ = ZoneInfo("Asia/Shanghai")

HEADER = ["贷款账号", "借款人", "联系电话", "客户类型", "贷款余额", "欠息", "到期日期", "逾期天数",
          "保证人", "保证期间到期日", "诉讼日期", "判决履行期限", "乡镇", "村", "客户经理",
          "是否核销", "客户分类"]  # fmt: skip

# loan numbers of the test list, by what the camp did to them
PROMISE_LATER = "6200000000000001"  # promise dated after the close
BROKEN = "6200000000000002"  # promise dated in the camp, paid short by its date
PAID_RESTART = "6200000000000003"  # expired before the camp; a camp payment does not save it
EXPIRED = "6200000000000004"  # expired, visited without success
URGENT = "6200000000000005"  # expires 2027-03-01: 70 days after the close
GUARANTOR = "6200000000000006"  # guarantor, guarantee period ends 2027-03-30
ENFORCE = "6200000000000007"  # judgment; in litigation, so no acknowledgement task
LEGAL = "6200000000000008"  # 无意愿有能力
WRITEOFF_REVIEW = "6200000000000009"  # 无意愿无能力
WRITTEN_OFF = "6200000000000010"  # 已核销, nothing else
PAID_OFF = "6200000000000011"  # settled in the camp
NO_MANAGER = "6200000000000012"  # no 客户经理
ACK_RESTART = "6200000000000013"  # expired before the camp; a relative's receipt saves nothing
KEPT = "6200000000000014"  # promise dated in the camp and kept
LATER_OVERDUE = "6200000000000021"  # not overdue in the camp's list


def loan_row(no: str, borrower: str, principal: str, maturity: str, *, interest: str = "0",
             days: str = "", guarantors: str = "", guarantee_until: str = "", sued: str = "",
             judgment: str = "", manager: str = "孙经理", written_off: str = "否",
             ctype: str = "", township: str = "石桥乡") -> list[str]:  # fmt: skip
    return [no, borrower, "13800000000", "个人", principal, interest, maturity, days,
            guarantors, guarantee_until, sued, judgment, township, "东村", manager,
            written_off, ctype]  # fmt: skip


LOANS = [
    loan_row(PROMISE_LATER, "张一", "50000", "2025-06-30"),
    loan_row(BROKEN, "张二", "50000", "2025-06-30"),
    loan_row(PAID_RESTART, "张三", "20000", "2023-10-01"),
    loan_row(EXPIRED, "张四", "20000", "2023-10-01", manager="钱经理"),
    loan_row(URGENT, "张五", "20000", "2024-03-01", manager="钱经理"),
    loan_row(GUARANTOR, "张六", "30000", "2026-09-30", guarantors="王五", manager="钱经理"),
    loan_row(
        ENFORCE,
        "张七",
        "30000",
        "2022-01-01",
        sued="2025-01-10",
        judgment="2025-06-30",
        manager="钱经理",
    ),
    loan_row(LEGAL, "张八", "30000", "2025-06-30", ctype="无意愿有能力"),
    loan_row(WRITEOFF_REVIEW, "张九", "30000", "2025-06-30", ctype="无意愿无能力"),
    loan_row(WRITTEN_OFF, "张十", "30000", "2025-06-30", written_off="是"),
    loan_row(PAID_OFF, "李一", "3000", "2025-06-30", interest="100"),
    loan_row(NO_MANAGER, "李二", "10000", "2025-06-30", manager=""),
    loan_row(ACK_RESTART, "李三", "20000", "2023-10-01"),
    loan_row(KEPT, "李四", "20000", "2025-06-30"),
    loan_row(LATER_OVERDUE, "李五", "20000", "2027-06-30"),
]


def visit(no: str, at: str, contact: str = "见到本人", principal: int = 0, interest: int = 0,
          row: int = 2, **kw) -> VisitRecord:  # noqa: ANN003  # fmt: skip
    return VisitRecord(row=row, visited_at=datetime.strptime(at, "%Y-%m-%d %H:%M"), team="尖刀队",
                       loan_no=no, contact=contact, members=("林晓", "许诺"),
                       principal_fen=principal, interest_fen=interest, **kw)  # fmt: skip


def promise(day: str, yuan: int) -> dict:
    return {"promise_date": date.fromisoformat(day), "promise_amount_fen": yuan * 100,
            "promise_method": "现金"}  # fmt: skip


VISITS = [
    visit(PROMISE_LATER, "2026-12-16 10:00", **promise("2026-12-28", 5000)),
    visit(BROKEN, "2026-12-16 10:00", **promise("2026-12-18", 5000)),
    visit(BROKEN, "2026-12-18 10:00", principal=100_000),  # 1,000 元 by the date
    visit(BROKEN, "2026-12-19 10:00", principal=400_000),  # the rest, a day late
    visit(PAID_RESTART, "2026-12-17 10:00", principal=10_000),
    visit(EXPIRED, "2026-12-17 11:00", contact="未见到"),
    visit(PAID_OFF, "2026-12-16 15:00", principal=300_000, interest=10_000),
    visit(ACK_RESTART, "2026-12-18 15:00", contact="见到家属", ack=True),
    visit(KEPT, "2026-12-16 11:00", **promise("2026-12-17", 2000)),
    visit(KEPT, "2026-12-17 15:00", principal=200_000),
]


def write_loans(path: Path, rows: list[list[str]]) -> Path:
    return write_csv(path, [HEADER, *rows], encoding="utf-8")


@pytest.fixture
def camp(db_url: str, samples: Path, tmp_path: Path) -> str:
    """The sample camp with the test list (as of 2026-12-10), no visits yet."""
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
def closed(engine: Engine, visited: str) -> str:
    result = close_camp(engine, visited, C, actor="boss")
    assert not result.already_closed
    return visited


def tasks_by_loan(engine: Engine, code: str = CODE) -> dict[str, list[tuple[str, date]]]:
    out: dict[str, list[tuple[str, date]]] = {}
    for t in list_tasks(engine, code):
        out.setdefault(t.loan_no, []).append((t.kind, t.due))
    return out


def task_of(engine: Engine, loan_no: str, kind: str | None = None) -> TaskRow:
    return next(
        t for t in list_tasks(engine, CODE) if t.loan_no == loan_no and kind in (None, t.kind)
    )


def count(engine: Engine, model, *where) -> int:  # noqa: ANN001, ANN002
    with UnitOfWork(engine, write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model).where(*where)))


def data_version(engine: Engine) -> int:
    with UnitOfWork(engine, write=False) as uow:
        return uow.session.scalar(select(Camp.data_version).where(Camp.code == CODE))


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def follow(engine: Engine, task: TaskRow, **kw) -> int:  # noqa: ANN003
    args = {"at": at("2026-12-22 10:00"), "contact": "见到本人", "actor": "boss",
            "actor_name": "营长", "actor_role": "admin", **kw}  # fmt: skip
    return record_followup(engine, CODE, task.id, **args)


# ----------------------------------------------------------------------------- the close


def test_closing_gives_each_loan_the_tasks_its_list_and_stored_visits_call_for(
    engine: Engine, closed: str
) -> None:
    assert tasks_by_loan(engine) == {
        PROMISE_LATER: [("promise_followup", date(2026, 12, 28))],
        BROKEN: [("broken_promise", date(2026, 12, 24))],
        PAID_RESTART: [("get_ack", C)],  # SPEC §4.4: a payment after expiry is cash only
        EXPIRED: [("get_ack", C)],
        URGENT: [("get_ack", date(2027, 1, 30))],
        GUARANTOR: [("guarantor_demand", date(2027, 2, 28))],
        ENFORCE: [("enforcement", date(2027, 5, 1))],
        LEGAL: [("legal_review", date(2027, 1, 20))],
        WRITEOFF_REVIEW: [("writeoff_review", date(2027, 2, 19))],
        WRITTEN_OFF: [("inspection", date(2027, 3, 21))],
        NO_MANAGER: [("inspection", date(2027, 1, 20))],
        ACK_RESTART: [("get_ack", C)],  # only the borrower can waive after expiry
        KEPT: [("inspection", date(2027, 1, 20))],
        LATER_OVERDUE: [("inspection", date(2027, 1, 20))],
    }


def test_a_broken_promise_counts_only_what_was_paid_by_the_promised_date(
    engine: Engine, closed: str
) -> None:
    broken = task_of(engine, BROKEN)
    assert "承诺 2026-12-18 还款 5,000.00 元" in broken.reason
    assert "实收 1,000.00 元" in broken.reason


def test_a_loan_paid_off_during_the_camp_gets_no_task(engine: Engine, closed: str) -> None:
    assert PAID_OFF not in tasks_by_loan(engine)
    assert count(engine, Task, Task.loan_no == PAID_OFF) == 0


def test_each_task_is_owned_by_the_loans_account_manager_and_no_manager_is_no_owner(
    engine: Engine, closed: str
) -> None:
    owners = {t.loan_no: t.owner for t in list_tasks(engine, CODE)}
    assert owners[EXPIRED] == owners[ENFORCE] == "钱经理"
    assert owners[PROMISE_LATER] == "孙经理"
    assert owners[NO_MANAGER] == ""
    assert task_owners(engine, CODE) == ["孙经理", "钱经理", ""]


def test_the_task_rows_carry_the_loan_its_balance_and_its_clock(
    engine: Engine, closed: str
) -> None:
    broken = task_of(engine, BROKEN)
    assert (broken.borrower, broken.phone, broken.township, broken.village) == (
        "张二", "13800000000", "石桥乡", "东村",
    )  # fmt: skip
    assert broken.principal_fen == 5_000_000 - 500_000
    assert broken.status == "open" and broken.origin == "close" and broken.watch == 0
    # a payment after expiry is cash, but the loan stays expired (SPEC §4.4)
    assert task_of(engine, PAID_RESTART).limitation_expiry == date(2026, 10, 1)
    assert task_of(engine, EXPIRED).limitation_expiry == date(2026, 10, 1)
    assert task_of(engine, ENFORCE).limitation_expiry is None  # in litigation


def test_tasks_are_listed_by_due_date_then_loan_number_then_kind(
    engine: Engine, closed: str
) -> None:
    rows = list_tasks(engine, CODE)
    assert [(t.due, t.loan_no, t.kind) for t in rows] == sorted(
        (t.due, t.loan_no, t.kind) for t in rows
    )
    assert [t.loan_no for t in list_tasks(engine, CODE, owner="钱经理")] == [
        EXPIRED, URGENT, GUARANTOR, ENFORCE,
    ]  # fmt: skip


def test_closing_sets_the_close_date_freezes_the_standings_and_is_audited(
    engine: Engine, visited: str
) -> None:
    version = data_version(engine)
    assert closed_on(engine, CODE) is None
    close_camp(engine, CODE, C, actor="boss")
    assert closed_on(engine, CODE) == C
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        assert s.scalar(select(Camp.frozen_at).where(Camp.code == CODE)) is not None
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "camp.close")).one()
    assert audit.actor == "boss" and audit.after["closed_on"] == "2026-12-21"
    assert audit.after["tasks"] == 14
    assert data_version(engine) == version + 1


def test_a_visit_entered_after_the_close_is_kept_but_moves_neither_standings_nor_tasks(
    engine: Engine, closed: str
) -> None:
    before = standings(engine, CODE)["teams"], task_of(engine, EXPIRED)
    record_visits(engine, CODE, [visit(EXPIRED, "2026-12-19 16:00", principal=100_000)])
    assert standings(engine, CODE)["teams"] == before[0]
    assert task_of(engine, EXPIRED) == before[1]


def test_closing_twice_creates_no_second_set_of_tasks(engine: Engine, closed: str) -> None:
    first = count(engine, Task)
    again = close_camp(engine, CODE, date(2026, 12, 25))
    assert again.already_closed and again.tasks_created == 0
    assert again.closed_on == C  # the first close stands
    assert count(engine, Task) == first


def test_closes_racing_each_other_create_the_tasks_once(engine: Engine, visited: str) -> None:
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: close_camp(engine, CODE, C), range(4)))
    assert sorted(r.already_closed for r in results) == [False, True, True, True]
    created = next(r.tasks_created for r in results if not r.already_closed)
    assert created == count(engine, Task) == 14


def test_closing_a_camp_of_many_loans_takes_a_handful_of_queries_not_one_per_loan(
    engine: Engine, camp: str
) -> None:
    records = [
        LoanRecord(row=i + 2, loan_no=f"63{i:014d}", borrower="王某", segment="个人",
                   principal_fen=1_000_000, maturity_date=date(2025, 6, 30),
                   township="石桥乡", manager="孙经理")
        for i in range(3000)
    ]  # fmt: skip
    import_loans(engine, camp, ImportResult(records=records), as_of=date(2026, 12, 10))
    record_visits(engine, camp, [visit(f"63{i:014d}", "2026-12-16 10:00", principal=1000,
                                       row=i + 2) for i in range(0, 3000, 10)])  # fmt: skip
    statements: list[str] = []

    def seen(conn, cursor, statement, *args) -> None:  # noqa: ANN001, ANN002
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        result = close_camp(engine, camp, C)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert result.tasks_created == count(engine, Task) > 3000
    assert len(statements) < 40


# ----------------------------------------------------------------------------- follow-ups


def test_a_follow_up_payment_lowers_the_balance_but_not_the_standings_nor_an_expired_clock(
    engine: Engine, closed: str
) -> None:
    teams, members = standings(engine, CODE)["teams"], member_standings(engine, CODE)
    visits = count(engine, Visit)
    task = task_of(engine, EXPIRED)
    assert (task.principal_fen, task.limitation_expiry) == (2_000_000, date(2026, 10, 1))
    follow(engine, task, principal_fen=50_000, at=at("2026-12-22 10:00"))
    after = task_of(engine, EXPIRED)
    assert after.principal_fen == 1_950_000
    assert after.limitation_expiry == date(2026, 10, 1)  # expired: a payment is cash only
    assert standings(engine, CODE)["teams"] == teams
    assert member_standings(engine, CODE) == members
    assert count(engine, Visit) == visits
    assert count(engine, FollowUp) == 1


def test_only_the_borrowers_signed_receipt_restarts_the_clock_in_a_follow_up(
    engine: Engine, closed: str
) -> None:
    task = task_of(engine, EXPIRED)
    follow(engine, task, contact="见到保证人", ack=True, at=at("2026-12-22 10:00"))
    assert task_of(engine, EXPIRED).limitation_expiry == date(2026, 10, 1)
    follow(engine, task, contact="见到家属", ack=True, at=at("2026-12-23 10:00"))
    assert task_of(engine, EXPIRED).limitation_expiry == date(2026, 10, 1)  # after expiry
    follow(engine, task, contact="见到本人", ack=True, at=at("2026-12-24 10:00"))
    assert task_of(engine, EXPIRED).limitation_expiry == date(2029, 12, 24)  # a waiver


def test_interest_beyond_what_is_owed_is_taken_and_owed_interest_stops_at_zero(
    engine: Engine, camp: str
) -> None:
    close_camp(engine, CODE, C)  # a camp without visits: this loan still owes
    task = task_of(engine, PAID_OFF)
    assert task.interest_fen == 10_000
    follow(engine, task, interest_fen=25_000)
    assert task_of(engine, PAID_OFF).interest_fen == 0


def test_a_follow_up_collecting_more_principal_than_outstanding_is_rejected_writing_nothing(
    engine: Engine, closed: str
) -> None:
    version = data_version(engine)
    task = task_of(engine, BROKEN)
    with pytest.raises(InputRejected) as info:
        follow(engine, task, principal_fen=4_500_001, done=True)
    reason = str(info.value.problems[0])
    assert "45,000.01" in reason and "45,000.00 outstanding" in reason
    assert count(engine, FollowUp) == 0
    assert task_of(engine, BROKEN) == task
    assert data_version(engine) == version


def test_a_manager_records_on_their_own_tasks_but_not_on_another_owners(
    engine: Engine, closed: str
) -> None:
    mine, theirs = task_of(engine, EXPIRED), task_of(engine, PROMISE_LATER)
    qian = {"actor": "qian", "actor_name": "钱经理", "actor_role": "manager"}
    follow(engine, mine, **qian)
    with pytest.raises(InputRejected) as info:
        follow(engine, theirs, **qian)
    assert "孙经理" in str(info.value.problems[0])
    follow(engine, theirs)  # the admin may
    assert count(engine, FollowUp) == 2


def test_a_follow_up_marked_done_closes_the_task_with_what_was_done(
    engine: Engine, closed: str
) -> None:
    task = task_of(engine, EXPIRED)
    follow(engine, task, contact="见到本人", ack=True, notes="借款人签收催收通知书", done=True,
           actor="qian", actor_name="钱经理", actor_role="manager")  # fmt: skip
    done = task_of(engine, EXPIRED)
    assert done.status == "done" and done.done_by == "钱经理"
    assert done.done_note == "借款人签收催收通知书" and done.done_at is not None
    assert [t.loan_no for t in list_tasks(engine, CODE, owner="钱经理", status="open")] == [
        URGENT, GUARANTOR, ENFORCE,
    ]  # fmt: skip


def test_follow_ups_start_only_after_the_close(engine: Engine, visited: str) -> None:
    with pytest.raises(InputRejected) as info:
        record_followup(engine, CODE, 1, at=at("2026-12-22 10:00"), contact="见到本人",
                        actor="boss", actor_name="营长", actor_role="admin")  # fmt: skip
    assert "not closed yet" in str(info.value.problems[0])


def test_a_signed_receipt_with_nobody_met_is_rejected(engine: Engine, closed: str) -> None:
    with pytest.raises(InputRejected) as info:
        follow(engine, task_of(engine, EXPIRED), contact="未见到", ack=True)
    assert "未见到" in str(info.value.problems[0])
    assert count(engine, FollowUp) == 0


# ----------------------------------------------------------------------------- signals


def signal(engine: Engine, loan_no: str, kind: str, when: str = "2026-12-22 09:00",
           **kw) -> int:  # noqa: ANN003  # fmt: skip
    args = {"actor": "boss", "actor_name": "营长", "actor_role": "admin", **kw}
    return add_signal(engine, CODE, loan_no, kind, "", at=at(when), **args)


def test_a_signal_raises_the_watch_level_and_adds_an_inspection_due_within_seven_days(
    engine: Engine, closed: str
) -> None:
    first = signal(engine, EXPIRED, "电话无法接通", "2026-12-22 23:30")
    inspection = task_of(engine, EXPIRED, "inspection")
    assert inspection.due == date(2026, 12, 29)  # 7 days from the camp-local date
    assert inspection.owner == "钱经理" and inspection.origin == f"signal:{first}"
    assert "电话无法接通" in inspection.reason
    assert task_of(engine, EXPIRED, "get_ack").watch == 1
    [row] = watch_list(engine, CODE)
    assert (row.loan_no, row.borrower, row.owner, row.level) == (EXPIRED, "张四", "钱经理", 1)
    assert row.signals == ((first, "电话无法接通", ""),)


def test_two_open_signals_make_an_alert_and_closing_one_brings_it_back_to_watch(
    engine: Engine, closed: str
) -> None:
    first = signal(engine, EXPIRED, "电话无法接通")
    signal(engine, EXPIRED, "家庭变故")
    signal(engine, PROMISE_LATER, "停产停业")
    assert [(r.loan_no, r.level) for r in watch_list(engine, CODE)] == [
        (EXPIRED, 2), (PROMISE_LATER, 1),
    ]  # fmt: skip
    assert [r.loan_no for r in watch_list(engine, CODE, owner="孙经理")] == [PROMISE_LATER]
    close_signal(engine, CODE, first, "qian", "钱经理", "manager")
    assert [(r.loan_no, r.level) for r in watch_list(engine, CODE)] == [
        (PROMISE_LATER, 1), (EXPIRED, 1),
    ]  # fmt: skip
    with pytest.raises(InputRejected):
        close_signal(engine, CODE, first, "boss", "营长", "admin")


def test_a_manager_raises_signals_only_on_the_loans_they_own(engine: Engine, closed: str) -> None:
    with pytest.raises(InputRejected):
        signal(engine, PROMISE_LATER, "停产停业", actor="qian", actor_name="钱经理",
               actor_role="manager")  # fmt: skip
    signal(engine, EXPIRED, "停产停业", actor="qian", actor_name="钱经理", actor_role="manager")
    assert count(engine, Task, Task.kind == "inspection", Task.loan_no == EXPIRED) == 1


def test_a_signal_must_be_in_the_camps_editable_list(engine: Engine, closed: str) -> None:
    assert signal_kinds(engine, CODE) == list(DEFAULT_SIGNAL_KINDS)
    with pytest.raises(InputRejected):
        signal(engine, EXPIRED, "外出务工")
    set_signal_kinds(engine, CODE, ["外出务工", " 电话无法接通 ", ""], "boss")
    assert signal_kinds(engine, CODE) == ["外出务工", "电话无法接通"]
    signal(engine, EXPIRED, "外出务工")
    with pytest.raises(InputRejected):
        set_signal_kinds(engine, CODE, ["外出务工", "外出务工"], "boss")
    set_signal_kinds(engine, CODE, [], "boss")
    assert signal_kinds(engine, CODE) == list(DEFAULT_SIGNAL_KINDS)


# ----------------------------------------------------------------------------- owners


def test_reassigning_moves_tasks_from_the_old_owners_list_to_the_new_and_is_audited(
    engine: Engine, closed: str
) -> None:
    moved = [t.id for t in list_tasks(engine, CODE, owner="钱经理")][:2]
    assert reassign_tasks(engine, CODE, moved, "周经理", "boss") == 2
    assert [t.loan_no for t in list_tasks(engine, CODE, owner="周经理")] == [EXPIRED, URGENT]
    assert [t.loan_no for t in list_tasks(engine, CODE, owner="钱经理")] == [GUARANTOR, ENFORCE]
    with UnitOfWork(engine, write=False) as uow:
        audit = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "tasks.reassign")
        ).one()
    assert set(audit.before["owners"].values()) == {"钱经理"}
    assert audit.after["owner"] == "周经理"
    # a new signal's inspection goes to the loan's owner now
    signal(engine, EXPIRED, "家庭变故")
    assert task_of(engine, EXPIRED, "inspection").owner == "周经理"
    with pytest.raises(InputRejected):
        reassign_tasks(engine, CODE, moved, "  ", "boss")


def test_overdue_count_counts_an_owners_open_tasks_due_before_today(
    engine: Engine, closed: str
) -> None:
    assert overdue_count(engine, "钱经理", C) == 0
    assert overdue_count(engine, "钱经理", date(2026, 12, 22)) == 1  # get_ack due on C
    assert overdue_count(engine, "钱经理", date(2027, 2, 1)) == 2
    follow(engine, task_of(engine, EXPIRED), done=True)
    assert overdue_count(engine, "钱经理", date(2027, 2, 1)) == 1
    assert overdue_count(engine, "无此人", date(2030, 1, 1)) == 0


# ----------------------------------------------------------------------------- later lists


def test_a_list_imported_after_the_close_adds_new_overdue_tasks_for_newly_overdue_loans_only(
    engine: Engine, closed: str, db_url: str, tmp_path: Path
) -> None:
    later = write_loans(tmp_path / "later.csv", [
        loan_row(EXPIRED, "张四", "20000", "2023-10-01", manager="钱经理"),  # overdue before too
        loan_row(LATER_OVERDUE, "李五", "20000", "2027-06-30", days="5"),  # newly overdue
        loan_row("6200000000000030", "王新", "8000", "2026-12-20", manager="周经理",
                 township="新乡"),  # not in any earlier list  # fmt: skip
        loan_row(PROMISE_LATER, "张一", "50000", "2027-06-30", days="0"),  # not overdue
    ])  # fmt: skip
    code, out, err = run(db_url, "loans-import", CODE, str(later), "--as-of", "2026-12-28")
    assert code == 0, err
    assert "2 new_overdue tasks" in out
    fresh = [t for t in list_tasks(engine, CODE) if t.kind == "new_overdue"]
    assert [(t.loan_no, t.owner, t.due) for t in fresh] == [
        (LATER_OVERDUE, "孙经理", date(2026, 12, 31)),
        ("6200000000000030", "周经理", date(2026, 12, 31)),
    ]
    with UnitOfWork(engine, write=False) as uow:
        batch = uow.session.scalars(select(LoanImport).order_by(LoanImport.id.desc())).first()
        added = uow.session.scalars(
            select(LoanRow).where(LoanRow.loan_no == "6200000000000030")
        ).one()
    assert {t.origin for t in fresh} == {f"import:{batch.id}"}
    assert batch.mode == "snapshot" and added.team_id is None
    assert task_of(engine, PROMISE_LATER).principal_fen == 5_000_000  # balances untouched
    # the same list again: nothing is newly overdue against it
    code, out, err = run(db_url, "loans-import", CODE, str(later), "--as-of", "2026-12-28")
    assert code == 0, err
    assert "new_overdue" not in out
    assert count(engine, Task, Task.kind == "new_overdue") == 2


def test_a_list_imported_before_the_close_adds_no_new_overdue_task(
    engine: Engine, visited: str, db_url: str, tmp_path: Path
) -> None:
    later = write_loans(tmp_path / "later.csv", [
        loan_row(LATER_OVERDUE, "李五", "20000", "2027-06-30", days="5"),
    ])  # fmt: skip
    assert run(db_url, "loans-import", CODE, str(later), "--as-of", "2026-12-19")[0] == 0
    assert count(engine, Task) == 0


def test_a_rejected_later_list_adds_no_task(
    engine: Engine, closed: str, db_url: str, tmp_path: Path
) -> None:
    tasks = count(engine, Task)
    later = write_loans(tmp_path / "later.csv", [
        loan_row(LATER_OVERDUE, "李五", "20000", "2027-06-30", days="5"),
        loan_row("6200000000000031", "王坏", "-1", "2026-12-20"),
    ])  # fmt: skip
    assert run(db_url, "loans-import", CODE, str(later), "--as-of", "2026-12-28")[0] == 3
    assert count(engine, Task) == tasks


def test_the_follow_up_form_is_warned_before_and_after_a_relatives_signature_after_expiry(
    engine: Engine, closed: str
) -> None:
    task = task_of(engine, EXPIRED)
    before = followup_cautions(task_clocks(engine, CODE, task.id, date(2026, 12, 22)))
    assert before == [("post.caution.expired", {"end": "2026-10-01"})]
    relative = follow(engine, task, contact="见到家属", ack=True, at=at("2026-12-22 10:00"))
    assert followup_notes(engine, CODE, relative) == ["post.effect.clock.relative_after_expiry"]
    borrower = follow(engine, task, contact="见到本人", ack=True, at=at("2026-12-23 10:00"))
    assert followup_notes(engine, CODE, borrower) == []  # a waiver: it saved the claim
    assert followup_cautions(task_clocks(engine, CODE, task.id, date(2026, 12, 24))) == []


def test_the_follow_up_form_is_warned_of_a_guarantors_signature_after_the_period_lapsed(
    engine: Engine, closed: str
) -> None:
    task = task_of(engine, GUARANTOR)  # six months from 2026-09-30: ends 2027-03-30
    assert followup_cautions(task_clocks(engine, CODE, task.id, date(2027, 3, 30))) == []
    after = followup_cautions(task_clocks(engine, CODE, task.id, date(2027, 3, 31)))
    assert ("post.caution.guarantee_released", {"end": "2027-03-30"}) in after
    late = follow(engine, task, contact="见到保证人", ack=True, at=at("2027-03-31 10:00"))
    assert followup_notes(engine, CODE, late) == ["post.effect.clock.guarantor_released"]
    assert task_clocks(engine, CODE, 999_999, date(2027, 3, 31)) is None
