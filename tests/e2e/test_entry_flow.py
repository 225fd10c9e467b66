"""17:05 in a real browser: a trainer enters a visit on /entry and the standings move."""

from __future__ import annotations

import pytest

from tests.clirun import cli_ok
from tests.conftest import SAMPLES
from tests.e2e.conftest import Server, settled, shot, sign_in
from tests.e2e.test_login import PASSWORD

pytestmark = pytest.mark.browser


def cli(server: Server, *argv: str, stdin: str = "") -> None:
    """A command on the server's store (in this process: tests/clirun.py)."""
    cli_ok(server.db_url, *argv, stdin=stdin)


def form(page):  # noqa: ANN001, ANN201
    """The visible tab (hidden tabs keep their widgets in the page too)."""
    return page.get_by_role("tabpanel")


def pick(page, label: str, *options: str) -> None:  # noqa: ANN001
    """Choose options in a Streamlit selectbox or multiselect found by its label."""
    box = form(page).get_by_label(label, exact=True)
    for option in options:
        box.click()
        page.get_by_role("option", name=option, exact=True).click()
        settled(page)
    page.keyboard.press("Escape")


def fill_visit(page, loan_no: str, principal: str) -> None:  # noqa: ANN001
    """Find the loan, then fill the paper form's fields (one st.form: sent by the save)."""
    search = form(page).get_by_label("查找贷款")
    search.fill(loan_no)
    search.press("Enter")
    form(page).get_by_text(loan_no).first.wait_for()
    settled(page)
    day = form(page).get_by_label("day, 走访日期")  # a react-aria date field: type the day
    day.click()
    day.type("16")
    form(page).get_by_label("走访时间（营地时间）").fill("10:00")  # typed as text
    form(page).locator('[data-testid="stButtonGroup"]').get_by_text("见到本人", exact=True).click()
    pick(page, "参与成员", "林晓", "许诺")
    form(page).get_by_label("收回本金（元）").fill(principal)


def test_a_trainer_enters_a_visit_and_a_bad_one_is_refused_with_its_reason(
    page,
    server: Server,  # noqa: ANN001
) -> None:
    cli(server, "camp-load", str(SAMPLES / "camp_sample.toml"))
    cli(server, "loans-import", "qh-sample", str(SAMPLES / "loans_sample.xlsx"))
    cli(server, "user-add", "boss", "--role", "admin", "--name", "营长", "--password-stdin",
        stdin=PASSWORD + "\n")  # fmt: skip
    cli(server, "user-add", "linxiao", "--role", "trainer", "--name", "林晓", "--team", "尖刀队",
        "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    sign_in(page.context, server, "linxiao", PASSWORD)
    page.goto(f"{server.url}/entry")
    form(page).get_by_label("查找贷款").wait_for()
    settled(page)

    # a bad one first: 9,000 元 on a loan that owes 8,000 元 of principal
    fill_visit(page, "8201000723966385", "9000")
    page.get_by_role("button", name="保存这条走访").click()
    settled(page)
    # the reason is in the problems table, in Chinese from the catalogue (a canvas grid:
    # read its accessible cells)
    reason = page.locator('[role="gridcell"]', has_text="收回本金超过未还本金")
    reason.first.wait_for(state="attached")
    shot(page, "30-entry-refused")

    amount = form(page).get_by_label("收回本金（元）")
    assert amount.input_value() == "9000"  # the refused save kept what was typed
    amount.fill("5000")
    page.get_by_role("button", name="保存这条走访").click()
    settled(page)
    page.get_by_text("5.00").first.wait_for()
    shot(page, "31-entry-saved")
    page.get_by_text("当前排名").click()
    settled(page)
    shot(page, "32-entry-standings")
    cells = page.locator('[data-testid="stExpander"] [role="gridcell"]')
    cells.filter(has_text="5,000.00").first.wait_for(state="attached")  # 尖刀队's cash now
    texts = cells.all_inner_texts()
    assert texts[:4] == ["1", "尖刀队", "5.00", "5,000.00"]
