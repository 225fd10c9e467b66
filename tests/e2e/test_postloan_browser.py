"""After the camp, in a real browser: an account manager logs in, is reminded of the
overdue post-loan tasks, opens the board from the reminder and records a payment."""

from __future__ import annotations

from pathlib import Path

import pytest

from db.engine import make_engine
from db.postloan import list_tasks
from db.users import add_user
from tests.e2e.conftest import Server, settled, shot, sign_in
from tests.e2e.test_entry_flow import SAMPLES, cli, form
from tests.e2e.test_login import PASSWORD

pytestmark = pytest.mark.browser
CODE = "qh-sample"


def past_camp(server: Server, tmp_path: Path) -> None:
    """The sample camp moved to 10–16 November 2026 and closed on its last day, so on
    the real date of the run (from 30 November 2026) its get_ack tasks are overdue."""
    toml = (SAMPLES / "camp_sample.toml").read_text(encoding="utf-8")
    past = tmp_path / "camp_past.toml"
    past.write_text(toml.replace("2026-12-14", "2026-11-10"), encoding="utf-8")
    cli(server, "camp-load", str(past))
    cli(server, "loans-import", CODE, str(SAMPLES / "loans_sample.xlsx"))
    cli(server, "close-camp", CODE, "--at", "2026-11-16")
    engine = make_engine(server.db_url)
    add_user(engine, "boss", "admin", "营长", PASSWORD)
    add_user(engine, "sun", "manager", "孙经理", PASSWORD)
    engine.dispose()


def test_a_manager_follows_the_reminder_to_the_board_and_records_a_payment(
    page,
    server: Server,
    tmp_path: Path,  # noqa: ANN001
) -> None:
    past_camp(server, tmp_path)
    engine = make_engine(server.db_url)
    mine = list_tasks(engine, CODE, owner="孙经理")
    engine.dispose()
    overdue = [t for t in mine if t.due.isoformat() < "2026-11-30"]
    assert overdue
    sign_in(page.context, server, "sun", PASSWORD)
    page.goto(server.url)
    reminder = page.get_by_text("项贷后任务已超期")
    reminder.wait_for()
    settled(page)
    page.locator('[data-testid="stSidebar"] [data-testid="stPageLink-NavLink"]').click()
    page.get_by_text("已于 2026-11-16 结营").wait_for()
    settled(page)
    shot(page, "80-postloan-board")
    assert (
        page.get_by_label("责任人（客户经理）").input_value() == "孙经理"
        or page.get_by_text("孙经理").first.is_visible()
    )
    page.set_viewport_size({"width": 1366, "height": 768})
    page.get_by_role("tab", name="工作计划").click()
    page.get_by_text("个工作日").first.wait_for()
    settled(page)
    shot(page, "82-postloan-plan-laptop")
    page.get_by_role("tab", name="登记跟进").click()
    settled(page)
    amount = form(page).get_by_label("收回本金（元）")
    amount.fill("1,000")
    form(page).get_by_label("处理情况").fill("上门催收，客户当场还款")
    form(page).get_by_text("任务已完成").click()
    form(page).get_by_role("button", name="保存跟进").click()
    page.get_by_text("的跟进。").wait_for()
    settled(page)
    shot(page, "81-postloan-followup-saved")
    engine = make_engine(server.db_url)
    done = [t for t in list_tasks(engine, CODE, owner="孙经理") if t.status == "done"]
    engine.dispose()
    assert len(done) == 1 and done[0].done_note == "上门催收，客户当场还款"
