"""Issue 17 in a real browser: a trainer prints a numbered batch of notices on /research,
types a signed receipt back by its number on /entry, and sees the limitation restart."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.engine import make_engine
from db.models import Loan, Notice
from db.uow import UnitOfWork
from tests.conftest import SAMPLES
from tests.e2e.conftest import Server, settled, shot, sign_in
from tests.e2e.test_entry_flow import cli, form, pick
from tests.e2e.test_login import PASSWORD

pytestmark = pytest.mark.browser
SHIQIAO = "8201000723966385"  # 石桥乡 (尖刀队), 张志强, limitation expired before the camp


def number_of(server: Server, loan_no: str) -> str:
    engine = make_engine(server.db_url)
    try:
        with UnitOfWork(engine, write=False) as uow:
            seq = uow.session.scalar(
                select(Notice.seq).join(Loan, Loan.id == Notice.loan_id)
                .where(Loan.loan_no == loan_no)
            )  # fmt: skip
    finally:
        engine.dispose()
    return f"qh-sample-{seq:05d}"


def test_a_batch_is_printed_and_a_receipt_typed_back_restarts_the_limitation(
    page,  # noqa: ANN001
    server: Server,
) -> None:
    cli(server, "camp-load", str(SAMPLES / "camp_sample.toml"))
    cli(server, "loans-import", "qh-sample", str(SAMPLES / "loans_sample.xlsx"))
    cli(server, "user-add", "boss", "--role", "admin", "--name", "营长", "--password-stdin",
        stdin=PASSWORD + "\n")  # fmt: skip
    cli(server, "user-add", "linxiao", "--role", "trainer", "--name", "林晓", "--team", "尖刀队",
        "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    sign_in(page.context, server, "linxiao", PASSWORD)

    page.goto(f"{server.url}/research")
    page.get_by_role("tab", name="催收通知书").wait_for()
    settled(page)
    page.get_by_role("tab", name="催收通知书").click()
    settled(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="生成并编号").click()
        page.get_by_text("已编号").first.wait_for()
        settled(page)
        page.get_by_role("button", name="下载通知书 PDF").click()
    assert download.value.path().read_bytes().startswith(b"%PDF-")
    shot(page, "70-notices-printed")

    number = number_of(server, SHIQIAO)
    page.goto(f"{server.url}/entry")
    page.get_by_role("tab", name="回执登记").wait_for()
    settled(page)
    page.get_by_role("tab", name="回执登记").click()
    settled(page)
    box = form(page).get_by_label("回执编号")
    box.fill(number)
    box.press("Enter")
    page.get_by_text("张志强").first.wait_for()
    settled(page)
    day = form(page).get_by_label("day, 签收日期")  # a react-aria date field: type the day
    day.click()
    day.type("16")
    for part, value in (("小时", "10"), ("分钟", "00")):
        spin = form(page).get_by_label(f"{part}, 签收时间")
        spin.click()
        spin.type(value)
    page.keyboard.press("Tab")
    pick(page, "送达人员（尖刀队）", "林晓", "许诺")
    page.get_by_role("button", name="登记回执").click()
    # the borrower's own signature after expiry: a waiver, the limitation runs anew
    page.get_by_text("放弃时效抗辩").first.wait_for()
    shot(page, "71-receipt-recorded")
