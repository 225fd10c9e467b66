"""/postloan after the close: the real app.py past the log-in, on SQLite, with the sample
camp closed on its last day and the clock pinned weeks later, when tasks are overdue."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db.engine import make_engine
from db.postloan import list_tasks
from db.users import add_user
from tests.conftest import Prepare
from tests.integration.test_cli import run
from tests.ui.conftest import PASSWORD, session_id

POSTLOAN = "pages/postloan.py"
CODE = "qh-sample"
LATER = datetime(2027, 2, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai, weeks after the close


@pytest.fixture
def closed(users: str, prepare: Prepare) -> str:
    prepare(users, "loans")  # the sample camp and its loans
    assert run(users, "close-camp", CODE, "--at", "2026-12-20")[0] == 0
    engine = make_engine(users)
    add_user(engine, "sun", "manager", "孙经理", PASSWORD)
    add_user(engine, "qian", "manager", "钱经理", PASSWORD)
    engine.dispose()
    return users


def as_user(username: str, name: str, role: str) -> AppTest:
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"),
                           default_timeout=30)  # fmt: skip
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = name
    at.session_state["roles"] = [role]
    at.session_state["_login_at"] = datetime.now(UTC)
    at.session_state["_sid"] = session_id(username)
    at.session_state["_now"] = LATER
    return at


def open_postloan(at: AppTest) -> AppTest:
    at.run()
    at.switch_page(POSTLOAN).run()
    assert not at.exception, at.exception
    return at


def tasks_of(url: str, owner: str) -> list:
    engine = make_engine(url)
    try:
        return list_tasks(engine, CODE, owner=owner)
    finally:
        engine.dispose()


def test_a_manager_is_reminded_of_overdue_tasks_on_every_page(closed: str) -> None:
    at = as_user("sun", "孙经理", "manager")
    at.run()
    assert not at.exception, at.exception
    overdue = [t for t in tasks_of(closed, "孙经理") if t.due < LATER.date()]
    assert overdue
    assert any(f"您有 {len(overdue)} 项贷后任务已超期" in w.value for w in at.sidebar.warning)


def test_a_user_without_overdue_tasks_gets_no_reminder(
    logged_in: Callable[[str], AppTest], closed: str
) -> None:
    at = logged_in("manager")
    at.session_state["_now"] = LATER
    at.run()
    assert not at.exception, at.exception
    assert not any("贷后任务已超期" in w.value for w in at.sidebar.warning)


def test_a_manager_sees_their_own_task_board_first(closed: str) -> None:
    at = open_postloan(as_user("sun", "孙经理", "manager"))
    assert next(s for s in at.selectbox if s.label == "责任人（客户经理）").value == "孙经理"
    board = at.dataframe[0].value
    mine = tasks_of(closed, "孙经理")
    open_mine = [t for t in mine if t.status == "open"]
    assert len(board) == len(open_mine)
    assert set(board["贷款账号"]) == {t.loan_no for t in open_mine}
    assert {m.label: m.value for m in at.metric}["已超期"] == str(
        sum(t.due < LATER.date() for t in open_mine)
    )


def test_a_follow_up_payment_marks_the_task_done_and_lowers_the_balance(closed: str) -> None:
    task = tasks_of(closed, "孙经理")[0]
    at = open_postloan(as_user("sun", "孙经理", "manager"))
    pick = next(s for s in at.selectbox if s.label == "任务")
    pick.set_value(task.id)
    next(t for t in at.text_input if t.label == "收回本金（元）").set_value("1,000")
    next(c for c in at.checkbox if c.label == "任务已完成").check()
    next(t for t in at.text_area if t.label == "处理情况").set_value("上门，客户还款 1000 元")
    next(b for b in at.button if b.label == "保存跟进").click().run()
    assert not at.exception, at.exception
    assert any(f"已保存 {task.loan_no} 的跟进" in s.value for s in at.success), [
        e.value for e in at.error
    ] + [str(d.value) for d in at.dataframe]
    after = next(t for t in tasks_of(closed, "孙经理") if t.id == task.id)
    assert after.status == "done"
    assert after.done_note == "上门，客户还款 1000 元"
    assert after.principal_fen == task.principal_fen - 100_000


def test_a_manager_cannot_record_on_another_owners_task(closed: str) -> None:
    theirs = tasks_of(closed, "钱经理")[0]
    at = open_postloan(as_user("sun", "孙经理", "manager"))
    next(s for s in at.selectbox if s.label == "责任人（客户经理）").set_value("钱经理").run()
    next(s for s in at.selectbox if s.label == "任务").set_value(theirs.id)
    next(t for t in at.text_input if t.label == "收回本金（元）").set_value("500")
    next(b for b in at.button if b.label == "保存跟进").click().run()
    assert not at.exception, at.exception
    assert at.error
    after = next(t for t in tasks_of(closed, "钱经理") if t.id == theirs.id)
    assert after.status == "open" and after.principal_fen == theirs.principal_fen


def test_a_bad_amount_is_refused_with_a_message_and_nothing_saved(closed: str) -> None:
    task = tasks_of(closed, "孙经理")[0]
    at = open_postloan(as_user("sun", "孙经理", "manager"))
    next(s for s in at.selectbox if s.label == "任务").set_value(task.id)
    next(t for t in at.text_input if t.label == "收回本金（元）").set_value("一千")
    next(b for b in at.button if b.label == "保存跟进").click().run()
    assert not at.exception, at.exception
    assert any("金额请填数字" in e.value for e in at.error)
    assert next(t for t in tasks_of(closed, "孙经理") if t.id == task.id).status == "open"


def test_the_admin_reassigns_a_task_to_another_owner(closed: str) -> None:
    task = next(t for t in tasks_of(closed, "孙经理") if t.status == "open")
    at = open_postloan(as_user("admin", "admin-name", "admin"))
    next(s for s in at.selectbox if s.label == "责任人（客户经理）").set_value("孙经理").run()
    next(m for m in at.multiselect if m.label == "要改派的任务").set_value([task.id]).run()
    next(s for s in at.selectbox if s.label == "新的责任人").set_value("钱经理")
    next(b for b in at.button if b.label == "改派").click().run()
    assert not at.exception, at.exception
    assert task.id in {t.id for t in tasks_of(closed, "钱经理")}
    assert task.id not in {t.id for t in tasks_of(closed, "孙经理")}


def test_a_manager_is_not_offered_reassigning(closed: str) -> None:
    at = open_postloan(as_user("sun", "孙经理", "manager"))
    assert not [b for b in at.button if b.label == "改派"]


def test_a_warning_signal_puts_the_loan_on_watch_with_an_inspection_task(closed: str) -> None:
    task = tasks_of(closed, "孙经理")[0]
    at = open_postloan(as_user("sun", "孙经理", "manager"))
    next(s for s in at.selectbox if s.label == "贷款").set_value(task.loan_no)
    kind = next(s for s in at.selectbox if s.label == "信号")
    kind.set_value(kind.options[1])
    next(b for b in at.button if b.label == "保存信号").click().run()
    assert not at.exception, at.exception
    assert any("7 天内的贷后检查任务" in s.value for s in at.success)
    inspections = [t for t in tasks_of(closed, "孙经理")
                   if t.loan_no == task.loan_no and t.origin.startswith("signal:")]  # fmt: skip
    assert len(inspections) == 1 and inspections[0].kind == "inspection"
    assert any("预警" in m.value and task.loan_no in m.value for m in at.markdown)  # not 关注


def test_the_owners_tasks_download_as_a_workbook(closed: str) -> None:
    at = open_postloan(as_user("sun", "孙经理", "manager"))
    labels = [b.proto.label for b in at.get("download_button")]
    assert "导出本人任务（Excel）" in labels


def test_before_the_close_the_page_says_so(users: str, prepare: Prepare) -> None:
    prepare(users, "loans")  # the sample camp and its loans
    at = open_postloan(as_user("admin", "admin-name", "admin"))
    assert any("尚未结营" in i.value for i in at.info)


def test_the_work_plan_lays_the_managers_open_tasks_into_days_of_the_capacity(
    closed: str,
) -> None:
    open_mine = [t for t in tasks_of(closed, "孙经理") if t.status == "open"]
    at = open_postloan(as_user("sun", "孙经理", "manager"))
    per_day = next(n for n in at.number_input if n.label == "每天可办任务数")
    assert per_day.value == 8
    per_day.set_value(2).run()
    assert not at.exception, at.exception
    days = [m.value for m in at.markdown if "项" in m.value and "月" in m.value]
    # LATER is Monday 1 February 2027: the first week's working days, day by day
    assert days[0].startswith("**2月1日 周一（今天）")
    plan = [d for d in at.dataframe if "提示" in d.value.columns]  # the plan's tables
    assert sum(len(d.value) for d in plan) == len(open_mine)
    assert all(len(d.value) <= 2 for d in plan[: len(days)])
    assert set().union(*(set(d.value["贷款账号"]) for d in plan)) == {t.loan_no for t in open_mine}
    # the plan changes no due date: the tasks in the store are as they were
    assert {(t.id, t.due) for t in tasks_of(closed, "孙经理") if t.status == "open"} == {
        (t.id, t.due) for t in open_mine
    }


def test_the_follow_up_form_warns_of_a_relatives_signature_on_an_expired_loan_before_and_after(
    closed: str,
) -> None:
    task = next(t for t in tasks_of(closed, "孙经理")
                if t.kind == "get_ack" and t.limitation_expiry < LATER.date())  # fmt: skip
    at = open_postloan(as_user("sun", "孙经理", "manager"))
    next(s for s in at.selectbox if s.label == "任务").set_value(task.id).run()
    assert not at.exception, at.exception
    assert any("家属签收不能保全时效" in w.value for w in at.warning)
    next(s for s in at.selectbox if s.label == "接触结果").set_value("见到家属")
    next(c for c in at.checkbox if c.label == "签收催收通知书回执").check()
    next(b for b in at.button if b.label == "保存跟进").click().run()
    assert not at.exception, at.exception
    assert any(f"已保存 {task.loan_no} 的跟进" in s.value for s in at.success)
    assert any(w.value.startswith(f"{task.loan_no}：注意：时效已届满，家属签收不能保全时效")
               for w in at.warning)  # fmt: skip
    assert next(t for t in tasks_of(closed, "孙经理") if t.id == task.id).limitation_expiry == (
        task.limitation_expiry
    )
