"""The award ceremony in real Chromium: the admin reveals awards on a laptop, and the big
screen (/awards?present=1 at 1920×1080) shows the winners in big type, without scrolling,
with nothing personal on it.

The demo camp (4 teams) is moved so that today is its last day; two managers' votes make
the second suggestion of 清收标兵 its winner, so the screen shows a vote-decided award
beside one the data decided (冠军团队, nobody voted).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from db import awards as store
from db.engine import make_engine
from db.queries import awards as reads
from db.users import add_user
from tests.e2e.conftest import Server, settled, shot, sign_in
from tests.e2e.test_entry_flow import cli
from tests.e2e.test_login import PASSWORD
from tests.e2e.test_pk_projector import MAIN_FITS, SMALL_TEXT, move_camp_to_today, personal_data

pytestmark = pytest.mark.browser


def prepare(db_url: str) -> tuple[str, str]:
    """The awards with nominations and votes: returns (the top member's winner by votes,
    the champion team on the data)."""
    engine = make_engine(db_url)
    add_user(engine, "boss", "admin", "营长", PASSWORD)
    add_user(engine, "zhang", "manager", "张行长", PASSWORD)
    add_user(engine, "li", "manager", "李主任", PASSWORD)
    store.ensure_categories(engine, "demo")
    b = reads.awards_board(engine, "demo", datetime.now(UTC))
    assert b is not None
    star = next(c for c in b.categories if c.name == "清收标兵")
    first, second = star.suggestions[0].nominee, star.suggestions[1].nominee
    store.nominate(engine, "demo", star.id, first, "个人积分全营第一", "boss")
    store.nominate(engine, "demo", star.id, second, "夜班和白天都冲在前面", "boss")
    store.vote(engine, "demo", star.id, "zhang", second)
    store.vote(engine, "demo", star.id, "li", second)
    store.vote(engine, "demo", star.id, "boss", first)
    champion = b.categories[0].suggestions[0].nominee
    engine.dispose()
    return second, champion


def test_the_admin_reveals_awards_and_the_big_screen_shows_the_winners_in_big_type(
    page,
    server: Server,  # noqa: ANN001
) -> None:
    cli(server, "demo", "--teams", "4", "--loans", "120", "--visits", "300")
    move_camp_to_today(server.db_url)
    star_winner, champion = prepare(server.db_url)

    sign_in(page.context, server, "boss", PASSWORD)
    page.goto(f"{server.url}/awards")
    page.get_by_role("tab", name="颁奖典礼").wait_for()
    settled(page)
    page.get_by_role("tab", name="颁奖典礼").click()
    for award in ("冠军团队", "清收标兵"):  # one at a time, in the order of the awards
        page.get_by_role("button", name=f"揭晓下一个：{award}").click()
        page.get_by_text(f"已揭晓：{award}").wait_for()
        settled(page)
        page.get_by_role("tab", name="颁奖典礼").click()
    shot(page, "70-awards-admin-reveal")
    assert page.get_by_role("button", name="揭晓下一个：最佳谈判手").is_visible()

    page.goto(f"{server.url}/awards?present=1&camp=demo")
    page.locator(".aw-spot").wait_for()
    page.get_by_text("已揭晓 2 / 6").wait_for()
    settled(page)
    shot(page, "71-awards-ceremony")

    spot = page.locator(".aw-spot").inner_text()
    assert "清收标兵" in spot and star_winner in spot and "得票 2 / 共 3 票" in spot
    cards = page.locator(".aw-card")
    assert cards.count() == 6
    assert champion in cards.nth(0).inner_text() and "按数据评选" in cards.nth(0).inner_text()
    assert page.locator(".aw-card.sealed").count() == 4
    assert re.search(r"\d+\.\d\d 分", spot)  # points with two decimals

    # big and contrasting enough for the back of the room, and one screen
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    size = page.evaluate(MAIN_FITS)
    assert size["scroll"] <= size["client"], size
    assert page.evaluate(SMALL_TEXT) == []
    win = page.locator(".aw-spot .aw-win").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert win >= 80

    whole = page.locator("body").inner_text()
    assert "夜班和白天都冲在前面" not in whole  # nominations' reasons stay off the screen
    leaked = [v for v in personal_data(server.db_url) if v in whole]
    assert leaked == []

    # a reveal made elsewhere shows on the screen by itself
    engine = make_engine(server.db_url)
    b = reads.awards_board(engine, "demo", datetime.now(UTC))
    assert b is not None
    night = next(c for c in b.categories if c.name == "夜战之星")
    store.reveal(engine, "demo", night.id, "boss")
    engine.dispose()
    page.get_by_text("已揭晓 3 / 6").wait_for(timeout=20_000)
    assert "夜战之星" in page.locator(".aw-spot").inner_text()
    settled(page)
    shot(page, "72-awards-ceremony-next")
    size = page.evaluate(MAIN_FITS)
    assert size["scroll"] <= size["client"], size
