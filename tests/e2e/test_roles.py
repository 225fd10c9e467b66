"""In a real browser, each role logs in through the form and opens every page by its URL."""

from __future__ import annotations

import pytest

from core.i18n import t
from core.roles import PAGES, ROLES, pages_for
from db.engine import make_engine
from db.users import add_user
from tests.e2e.conftest import SIGNED_MAIN, WAIT_MS, Server, settled, shot, sign_in
from tests.e2e.test_login import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(module_server: Server) -> Server:
    """One server for the four roles, with a user of each."""
    engine = make_engine(module_server.db_url)
    for each in ROLES:  # an admin among them, or the app shows its first-run screen
        add_user(engine, f"u{each}", each, f"{each}用户", PASSWORD)
    engine.dispose()
    return module_server


@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_its_pages_by_url_and_not_the_others(
    browser,  # noqa: ANN001
    server: Server,
    role: str,
) -> None:
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    sign_in(context, server, f"u{role}", PASSWORD)
    page.goto(server.url)
    # the screen account: projector mode, no menu
    signed = SIGNED_MAIN if role == "screen" else '[data-testid="stSidebarNavLink"]'
    page.locator(signed).first.wait_for()
    settled(page)
    offered = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
    assert len(offered) == (0 if role == "screen" else 1 + len(pages_for(role))), offered
    for path in PAGES:
        page.goto(f"{server.url}/{path}")
        page.locator(
            '[data-testid="stMain"] [data-testid="stElementContainer"]:visible'
        ).first.wait_for()
        settled(page)
        title = t(f"page.{path}")  # the browser tab names the page that runs
        if role in PAGES[path]:
            page.wait_for_function("t => document.title.includes(t)", arg=title)
        else:  # a page of another role says so, in Chinese (no "Page not found")
            page.get_by_text("不对您的角色开放").wait_for()
            settled(page)  # the refusal drawn: the tab's title is the refusal's, not the page's
            assert title not in page.title(), (role, path, page.title())
    shot(page, f"20-role-{role}")
    context.close()
