"""/pk on the projector: real Chromium at 1920×1080 in presentation mode, 12 teams.

The demo camp starts on a fixed date and has visits on all its days; the test moves it
(every stored time by the same whole number of days) so that today is its last day and the
board shows a closed period, the whole race, the pairings and the red flag — with no
visits in the future, which only a demo has.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update

from db.engine import make_engine
from db.models import Adjustment, Camp, Member, Team, TeamTotal, Visit
from db.models import Loan as LoanRow
from db.setup import save_pairings
from db.users import add_user
from tests.e2e.conftest import WAIT_MS, Server, settled, shot, sign_in
from tests.e2e.test_entry_flow import cli
from tests.e2e.test_login import PASSWORD

pytestmark = pytest.mark.browser
TODAY_IS_DAY = 7


def move_camp_to_today(db_url: str, code: str = "demo", day: int = TODAY_IS_DAY) -> None:
    """Shift camp `code` so that today (camp local) is its day `day`: the start date and
    every stored time move by the same whole days, so periods and points stay as scored."""
    engine = make_engine(db_url)
    with engine.begin() as conn:
        camp = conn.execute(select(Camp).where(Camp.code == code)).one()
        today = datetime.now(UTC).astimezone(ZoneInfo(camp.timezone)).date()
        shift = timedelta(days=(today - timedelta(days=day - 1) - camp.start_date).days)
        conn.execute(update(Camp).where(Camp.id == camp.id).values(
            start_date=camp.start_date + shift))  # fmt: skip
        for table, column in ((Visit, "visited_at"), (Adjustment, "at")):
            rows = conn.execute(
                select(table.id, getattr(table, column)).where(table.camp_id == camp.id)
            ).all()
            for row_id, at in rows:
                conn.execute(update(table).where(table.id == row_id).values(
                    {column: at + shift}))  # fmt: skip
        for row_id, at in conn.execute(
            select(TeamTotal.id, TeamTotal.reached_at).where(TeamTotal.camp_id == camp.id)
        ).all():
            if at is not None:
                conn.execute(update(TeamTotal).where(TeamTotal.id == row_id).values(
                    reached_at=at + shift))  # fmt: skip
    engine.dispose()


def pair_every_day(db_url: str, code: str = "demo") -> None:
    """Daily pairings: 1st v 2nd team, 3rd v 4th, … rotating one place each day."""
    engine = make_engine(db_url)
    with engine.connect() as conn:
        camp = conn.execute(select(Camp).where(Camp.code == code)).one()
        names = list(conn.scalars(
            select(Team.name).where(Team.camp_id == camp.id).order_by(Team.position)))  # fmt: skip
    rows = []
    for day in range(camp.first_field_day, camp.days + 1):
        order = names[day % len(names) :] + names[: day % len(names)]
        rows += [{"day": day, "team_a": a, "team_b": b}
                 for a, b in zip(order[::2], order[1::2], strict=False)]  # fmt: skip
    save_pairings(engine, code, rows, actor="e2e")
    engine.dispose()


def personal_data(db_url: str, code: str = "demo") -> list[str]:
    """Every borrower's full name, ID number, phone and loan number stored for the camp —
    less the names a staff member also bears (staff names are shown, SPEC §4.10)."""
    engine = make_engine(db_url)
    with engine.connect() as conn:
        camp_id = conn.scalar(select(Camp.id).where(Camp.code == code))
        rows = conn.execute(
            select(LoanRow.borrower, LoanRow.id_number, LoanRow.phone, LoanRow.loan_no).where(
                LoanRow.camp_id == camp_id)).all()  # fmt: skip
        staff = set(conn.scalars(select(Member.name).where(Member.camp_id == camp_id)))
    engine.dispose()
    return sorted({v for row in rows for v in row if v and v not in staff})


MAIN_FITS = """() => {
  const main = document.querySelector('[data-testid="stMain"]')
            || document.querySelector('[data-testid="stAppViewContainer"]');
  return {scroll: main.scrollHeight, client: main.clientHeight};
}"""

SMALL_TEXT = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const small = [];
  const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    if (!text) continue;
    const el = node.parentElement;
    const box = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (box.width === 0 || box.height === 0 || style.visibility === 'hidden'
        || style.display === 'none' || parseFloat(style.opacity) === 0) continue;
    const size = parseFloat(style.fontSize);
    if (size < 18) small.push(`${size}px: ${text.slice(0, 40)}`);
  }
  return small;
}"""


def test_the_pk_board_fits_a_projector_in_big_type_and_shows_nothing_personal(
    page,
    server: Server,  # noqa: ANN001
) -> None:
    cli(server, "demo", "--teams", "12", "--loans", "600", "--visits", "1500")
    move_camp_to_today(server.db_url)
    pair_every_day(server.db_url)
    engine = make_engine(server.db_url)
    add_user(engine, "boss", "admin", "营长", PASSWORD)  # an admin exists: no first-run screen
    add_user(engine, "beamer", "screen", "会议室大屏", PASSWORD)
    engine.dispose()

    sign_in(page.context, server, "beamer", PASSWORD)
    # the screen account opens on the board, no menu
    page.goto(server.url)
    page.locator(".bd").first.wait_for()
    settled(page)
    page.goto(f"{server.url}/pk?present=1&refresh=5")
    page.locator("table.proj.pk").first.wait_for()
    page.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for()
    settled(page)
    page.wait_for_timeout(800)  # plotly lays out its legend after the first paint
    shot(page, "60-pk-projector")

    text = page.locator('[data-testid="stMain"]').inner_text()
    assert "PK 排名" in text and "流动红旗" in text and "清收标兵" in text
    assert "PK" in text and "数据更新于" in text
    assert len(page.locator("table.proj.pk").first.locator("tr").all()) == 1 + 12

    # chrome hidden
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator("header").first.is_visible()

    size = page.evaluate(MAIN_FITS)
    assert size["scroll"] <= size["client"], size

    assert page.evaluate(SMALL_TEXT) == []
    svg_sizes = page.evaluate("""() => [...document.querySelectorAll(
        '[data-testid="stPlotlyChart"] text')].filter(t => t.textContent.trim())
        .map(t => parseFloat(getComputedStyle(t).fontSize))""")
    assert svg_sizes and min(svg_sizes) >= 18, svg_sizes

    whole = page.locator("body").inner_text()
    personal = personal_data(server.db_url)
    assert len(personal) > 1000
    leaked = [v for v in personal if v in whole]
    assert leaked == []
    assert re.search(r"\d+\.\d\d", text)  # points with two decimals

    # a result typed in elsewhere shows on the next refresh, without reloading the page,
    # and a new leader is celebrated; the page still fits with the banner up
    page.evaluate("window.__same_page = true")
    first = page.locator("table.proj.pk tr").nth(1).inner_text()
    second = page.locator("table.proj.pk tr").nth(2).locator("td").nth(2).inner_text()
    cli(server, "adjust", "demo", second, "300", "--reason", "PK 奖励")
    page.get_by_text(f"{second} 登顶第一").wait_for(timeout=20_000)
    settled(page)
    shot(page, "61-pk-new-leader")
    assert page.evaluate("window.__same_page === true")
    assert page.locator("table.proj.pk tr").nth(1).inner_text() != first
    size = page.evaluate(MAIN_FITS)
    assert size["scroll"] <= size["client"], size
    assert page.evaluate(SMALL_TEXT) == []


def test_more_teams_than_a_screen_holds_rotate_without_scrolling(page, server: Server) -> None:  # noqa: ANN001
    cli(server, "demo", "--teams", "14", "--loans", "200", "--visits", "300")
    engine = make_engine(server.db_url)
    add_user(engine, "boss", "admin", "营长", PASSWORD)
    engine.dispose()
    sign_in(page.context, server, "boss", PASSWORD)
    page.goto(f"{server.url}/pk?present=1&camp=demo")
    page.get_by_text("第 1–12 名 / 共 14 队").wait_for()
    assert len(page.locator("table.proj.pk").first.locator("tr").all()) == 1 + 12
    page.get_by_text("第 13–14 名 / 共 14 队").wait_for(timeout=WAIT_MS)  # the next channel
    settled(page)
    shot(page, "62-pk-rotating")
    rows = page.locator("table.proj.pk").first.locator("tr")
    assert rows.nth(1).locator("td").first.inner_text() == "13"
    size = page.evaluate(MAIN_FITS)
    assert size["scroll"] <= size["client"], size
