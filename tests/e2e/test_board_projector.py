"""The morning board on the projector: real Chromium at 1920×1080 in presentation mode,
twelve teams of the demo camp. Each channel fits the screen without scrolling, no
text is smaller than 18 px, and no full borrower name, ID, phone or loan number is
anywhere in the page."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from db.engine import make_engine
from db.models import Camp, Member, Team
from db.models import Loan as LoanRow
from tests.e2e.conftest import Server, settled, shot, sign_in
from tests.e2e.test_entry_flow import cli
from tests.e2e.test_login import PASSWORD

pytestmark = pytest.mark.browser

SCROLL = """() => { const m = document.querySelector('[data-testid="stMain"]');
                    return [m.scrollHeight, m.clientHeight]; }"""
# every text node drawn on screen, with its element's computed font size
SMALL_TEXT = """() => {
  const small = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode, el = node.parentElement;
    if (!node.textContent.trim() || !el || ['STYLE', 'SCRIPT'].includes(el.tagName)) continue;
    const box = el.getBoundingClientRect(), css = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || css.visibility === 'hidden') continue;
    if (parseFloat(css.fontSize) < 18) small.push([el.tagName, css.fontSize, node.textContent]);
  }
  return small;
}"""


def personal_data(server: Server) -> tuple[list[str], list[str], list[str]]:
    """The demo camp's borrower names, their numbers (loan, ID, phone) and the other words
    a page may rightly show (staff, teams, places) that a short name could hide in."""
    engine = make_engine(server.db_url)
    with engine.connect() as conn:
        camp_id = conn.execute(select(Camp.id).where(Camp.code == "demo")).scalar_one()
        loans = conn.execute(
            select(LoanRow.loan_no, LoanRow.borrower, LoanRow.id_number, LoanRow.phone,
                   LoanRow.township, LoanRow.village).where(LoanRow.camp_id == camp_id)
        ).all()  # fmt: skip
        staff = conn.execute(select(Member.name).where(Member.camp_id == camp_id)).scalars().all()
        teams = conn.execute(select(Team.name).where(Team.camp_id == camp_id)).scalars().all()
    engine.dispose()
    numbers = [x for r in loans for x in (r.loan_no, r.id_number, r.phone) if x]
    words = [*staff, *teams, *(r.township for r in loans), *(r.village or "" for r in loans)]
    return [r.borrower for r in loans], numbers, words


def test_twelve_teams_fit_the_projector_channel_by_channel_masked_and_readable(
    page,
    server: Server,  # noqa: ANN001
) -> None:
    cli(server, "demo", "--teams", "12", "--loans", "600", "--visits", "1500")
    cli(server, "user-add", "boss", "--role", "admin", "--name", "营长", "--password-stdin",
        stdin=PASSWORD + "\n")  # fmt: skip
    cli(server, "user-add", "beamer", "--role", "screen", "--name", "会议室大屏",
        "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    names, numbers, words = personal_data(server)
    sign_in(page.context, server, "beamer", PASSWORD)
    # the screen account opens on the board, no menu
    page.goto(server.url)
    page.locator(".bd").first.wait_for()
    settled(page)

    page.goto(f"{server.url}/board?present=1&view=1")
    page.locator(".bd").wait_for()
    settled(page)
    count = page.locator(".bd-dots i").count()
    titles, plan_teams = [], set()
    for view in range(1, count + 1):
        page.goto(f"{server.url}/board?present=1&view={view}")
        page.locator(".bd-dots i.on").nth(0).wait_for()
        settled(page)
        assert page.locator(".bd-dots i").nth(view - 1).get_attribute("class") == "on"
        shot(page, f"40-board-channel-{view}")
        titles.append(page.locator(".bd-view").inner_text())
        plan_teams |= {t.split("（")[0] for t in page.locator(".bd-card-h .team").all_inner_texts()}

        scroll, client = page.evaluate(SCROLL)
        assert scroll <= client, f"channel {view} ({titles[-1]}) scrolls: {scroll} > {client}"
        assert page.evaluate(SMALL_TEXT) == [], f"text under 18 px on channel {view}"
        assert not page.locator('[data-testid="stSidebar"]').is_visible()

        text, html = page.inner_text("body"), page.content()
        assert [n for n in numbers if n in html] == []
        for word in words:  # staff, teams and places are shown as they are
            text = text.replace(word, "")
        assert [n for n in names if len(n) > 1 and n in text] == []

    # the scoreboard, every team's plan spread over screens of four, then the lists
    assert count >= 5 and "战况与 PK" in titles[0] and "物资" in titles[-1]
    assert sum("走访计划" in t for t in titles) == 3
    assert len(plan_teams) == 12

    # left alone, the board turns to the next channel by itself
    page.goto(f"{server.url}/board?present=1&every=5")
    page.locator(".bd-view").wait_for()
    first = page.locator(".bd-view").inner_text()
    page.wait_for_function(
        "t => document.querySelector('.bd-view') && "
        "document.querySelector('.bd-view').innerText !== t",
        arg=first,
        timeout=20_000,
    )
    shot(page, "41-board-rotated")
