"""Day 1 in a real browser: first run, log-in, load the camp file and the bank's loan list."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from db.engine import make_engine
from db.models import Loan, Team
from db.uow import UnitOfWork
from tests.conftest import SAMPLES
from tests.e2e.conftest import Server, settled, shot
from tests.e2e.test_login import PASSWORD, first_admin, log_in

pytestmark = pytest.mark.browser


def tab(page, name: str) -> None:  # noqa: ANN001
    page.get_by_role("tab", name=name).click()
    settled(page)


def test_the_organiser_sets_up_the_camp_and_imports_the_loan_list_on_setup(
    page,
    server: Server,  # noqa: ANN001
) -> None:
    first_admin(page, server)
    page.goto(server.url)
    page.get_by_label("密码").wait_for()
    settled(page)
    log_in(page, "boss", PASSWORD, until=page.locator('[data-testid="stSidebarNavLink"]').first)
    settled(page)
    page.goto(f"{server.url}/setup")
    page.get_by_role("tab", name="训练营").wait_for()
    settled(page)
    shot(page, "10-setup-empty")

    page.locator('[data-testid="stFileUploader"]').first.locator('input[type="file"]') \
        .set_input_files(str(SAMPLES / "camp_sample.toml"))  # fmt: skip
    settled(page)
    page.get_by_role("button", name="导入营务文件").click()
    page.get_by_text("qh-sample").first.wait_for()
    settled(page)
    shot(page, "11-setup-camp-loaded")

    tab(page, "贷款清单")
    shown = page.get_by_role("tabpanel")  # the open tab (the 还款流水 tab has an uploader too)
    uploader = shown.locator('[data-testid="stFileUploader"]').filter(has_text="xlsx")
    uploader.first.locator('input[type="file"]').set_input_files(str(SAMPLES / "loans_sample.xlsx"))
    settled(page)
    page.get_by_role("button", name="导入", exact=True).click()
    page.get_by_text("新增 30 笔").wait_for()
    settled(page)
    shot(page, "12-setup-loans-imported")

    engine = make_engine(server.db_url)
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Loan)) == 30
        assert uow.session.scalar(select(func.count()).select_from(Team)) == 2
    engine.dispose()
