"""/summary on the meeting room's projector: real Chromium at 1920×1080, twelve teams.

Each channel (`?present=1&view=NAME`) must fit the screen without scrolling, show no
text under 18 px and no borrower's full name, phone, ID or loan number; the battle
report downloads are checked the same way.
"""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import select

from db.engine import make_engine
from db.models import Loan, Member, Team
from db.uow import UnitOfWork
from tests.e2e.conftest import Server, settled, shot
from tests.e2e.test_entry_flow import cli
from tests.e2e.test_login import PASSWORD, log_in

pytestmark = pytest.mark.browser
VIEWS = ("teams", "results", "saved", "conduct", "problems", "tomorrow")

# Every visible element that holds text of its own, with its font size; and every
# element of the main area that could scroll, with how far.
PROBE = """() => {
  const small = [];
  for (const el of document.querySelectorAll('body *')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || box.bottom < 0 || box.top > innerHeight) continue;
    const css = getComputedStyle(el);
    if (css.visibility === 'hidden' || css.display === 'none' || css.opacity === '0') continue;
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (own && parseFloat(css.fontSize) < 18)
      small.push(`${el.tagName} ${css.fontSize} ${el.textContent.trim().slice(0, 40)}`);
  }
  const main = document.querySelector('[data-testid="stMain"]');
  const scrolls = [main, ...main.querySelectorAll('*')]
    .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowY)
                 && e.scrollHeight > e.clientHeight + 1)
    .map(e => `${e.getAttribute('data-testid')} ${e.scrollHeight}>${e.clientHeight}`);
  const content = document.querySelector('[data-testid="stMainBlockContainer"]');
  const bottoms = [...content.querySelectorAll('*')].map(e => e.getBoundingClientRect().bottom);
  const bottom = Math.max(...bottoms);
  return {small, scrolls, bottom, width: document.documentElement.scrollWidth};
}"""


def personal_data(db_url: str) -> tuple[list[str], list[str]]:
    """(borrowers' names, numbers) that must not show; a borrower named like a staff member,
    a team or inside such a name is left out of the names (staff names are shown)."""
    engine = make_engine(db_url)
    try:
        with UnitOfWork(engine, write=False) as uow:
            loans = uow.session.execute(
                select(Loan.borrower, Loan.loan_no, Loan.phone, Loan.id_number)
            ).all()
            shown = [*uow.session.scalars(select(Member.name)),
                     *uow.session.scalars(select(Team.name))]  # fmt: skip
    finally:
        engine.dispose()
    names = sorted({b for b, *_ in loans if not any(b in s for s in shown)})
    numbers = sorted({x for _, *nums in loans for x in nums if x})
    return names, numbers


def assert_masked(text: str, names: list[str], numbers: list[str]) -> None:
    flat = text.replace("\n", "")
    leaked = [n for n in names if n in flat] + [n for n in numbers if n in flat]
    assert leaked == [], leaked[:10]


def test_the_summary_fits_the_projector_for_twelve_teams_masked(page, server: Server) -> None:  # noqa: ANN001
    cli(server, "demo", "--teams", "12", "--loans", "600", "--visits", "1500")
    cli(server, "user-add", "boss", "--role", "admin", "--name", "营长", "--password-stdin",
        stdin=PASSWORD + "\n")  # fmt: skip
    names, numbers = personal_data(server.db_url)
    assert len(names) > 300 and len(numbers) > 1000
    page.goto(server.url)
    page.get_by_label("密码").wait_for()
    settled(page)
    log_in(page, "boss", PASSWORD, until=page.locator('[data-testid="stSidebarNavLink"]').first)
    settled(page)

    for view in VIEWS:
        # the demo camp runs 2026-12-01..07: day 5 is a full field day with a day before it
        page.goto(f"{server.url}/summary?present=1&day=5&view={view}")
        page.locator(".sum-ch").wait_for()
        settled(page)
        shot(page, f"30-summary-{view}")
        probe = page.evaluate(PROBE)
        assert probe["small"] == [], (view, probe["small"][:5])
        assert probe["scrolls"] == [], (view, probe["scrolls"])
        assert probe["bottom"] <= 1080 and probe["width"] <= 1920, (view, probe)
        assert page.locator('[data-testid="stSidebar"]').is_hidden()
        assert_masked(page.inner_text("body"), names, numbers)
        if view == "teams":
            assert page.locator("table.proj tr").count() == 1 + 12  # every team on one screen

    # as the projector PC opens it from its bookmark: rotating, the default day
    page.goto(f"{server.url}/summary?present=1")
    page.locator(".sum-ch").wait_for()
    settled(page)
    # (the page loads twice, each run moves the channel on: which one is shown varies)
    assert re.match(r"[1-6]/6 ", page.locator(".sum-ch").inner_text())
    shot(page, "31-summary-rotating")
    assert page.evaluate(PROBE)["scrolls"] == []


def test_the_battle_report_downloads_are_masked(page, server: Server) -> None:  # noqa: ANN001
    from PIL import Image

    from tests.unit.test_pdf import pdf_text

    cli(server, "demo", "--teams", "12", "--loans", "600", "--visits", "1500")
    cli(server, "user-add", "boss", "--role", "admin", "--name", "营长", "--password-stdin",
        stdin=PASSWORD + "\n")  # fmt: skip
    names, numbers = personal_data(server.db_url)
    page.goto(server.url)
    page.get_by_label("密码").wait_for()
    settled(page)
    log_in(page, "boss", PASSWORD, until=page.locator('[data-testid="stSidebarNavLink"]').first)
    settled(page)
    page.goto(f"{server.url}/summary?day=5")
    page.get_by_role("heading", name="总结会与战报", exact=True).wait_for()
    settled(page)
    shot(page, "32-summary-laptop")
    files = {}
    for label in ("战报海报（PNG）", "战报 PDF", "战报 Excel"):
        with page.expect_download() as info:
            page.get_by_role("button", name=label).click()
        files[label] = info.value.path().read_bytes()
        assert info.value.suggested_filename.startswith("demo-day5-20261205")
    poster = Image.open(io.BytesIO(files["战报海报（PNG）"]))
    assert poster.width == 1080 and poster.height > 1500
    (shot(page, "33-summary-after-downloads").parent / "33-summary-poster.png").write_bytes(
        files["战报海报（PNG）"]
    )
    text = pdf_text(files["战报 PDF"])
    assert "清收战报" in text and "猛虎队" in text
    assert_masked(text, names, numbers)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(files["战报 Excel"]))
    cells = " ".join(str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row)
    assert "猛虎队" in cells
    assert_masked(cells, names, numbers)
