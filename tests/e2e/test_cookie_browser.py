"""The attack on cookies, in real Chromium (issue 13, point 2): the cookie of a deleted
user, re-created as an admin with a new password, opens nothing; a cookie with
`alg: none` or garbage shows the log-in form, never a traceback."""

from __future__ import annotations

import base64
import json
import time

import pytest

from db.engine import make_engine
from db.users import add_user, delete_user
from tests.e2e.conftest import WAIT_MS, Server, settled, shot, written_cookie
from tests.e2e.test_login import PASSWORD, log_in

pytestmark = pytest.mark.browser


def _unsigned(claims: dict) -> str:
    def part(d: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


def test_a_deleted_users_cookie_opens_nothing_even_after_the_name_is_re_created_as_admin(
    browser,  # noqa: ANN001
    server: Server,
) -> None:
    engine = make_engine(server.db_url)
    add_user(engine, "boss", "admin", "营长", PASSWORD)
    add_user(engine, "reuse1", "trainer", "林老师", PASSWORD)

    def browse(cookie: str | None = None):  # noqa: ANN202
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        if cookie:
            context.add_cookies([{"name": "camp_auth", "value": cookie, "url": server.url}])
        pg = context.new_page()
        pg.set_default_timeout(WAIT_MS)
        return context, pg

    def opened(pg) -> list[str]:  # noqa: ANN001
        """The pages offered after loading the app (none: the log-in form shows)."""
        pg.goto(server.url)
        pg.locator('[data-testid="stSidebarNavLink"], input[type="password"]').first.wait_for()
        settled(pg)
        assert pg.locator('[data-testid="stException"]').count() == 0
        assert "Traceback" not in pg.locator("body").inner_text()
        return pg.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()

    trainer, pg = browse()
    pg.goto(server.url)
    pg.get_by_label("密码").wait_for()
    settled(pg)
    log_in(pg, "reuse1", PASSWORD, until=pg.locator('[data-testid="stSidebarNavLink"]').first)
    settled(pg)
    old = written_cookie(trainer)
    trainer.close()

    context, pg = browse(old)
    assert opened(pg), "the cookie works while its user exists"
    context.close()

    delete_user(engine, "reuse1", "boss")
    context, pg = browse(old)
    assert opened(pg) == [], "a deleted user's cookie shows the log-in form"
    context.close()

    add_user(engine, "reuse1", "admin", "新管理员", "a-brand-new-admin-password")
    engine.dispose()
    context, pg = browse(old)
    assert opened(pg) == [], "the old cookie does not open the new admin's pages"
    shot(pg, "cookie-of-a-re-created-user-refused")
    context.close()

    future = time.time() + 86400
    for name, token in (
        (
            "alg none",
            _unsigned({"username": "reuse1", "sid": "x", "exp_date": future}),
        ),  # fmt: skip
        ("garbage", "not.a.jwt"),
        ("empty claims", _unsigned({})),
    ):
        context, pg = browse(token)
        assert opened(pg) == [], name
        context.close()
