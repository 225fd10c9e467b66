"""In a real browser: first run, log-in through the form, deep links, reload, log-out."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Server, click_until, settled, shot, written_cookie

pytestmark = pytest.mark.browser
PASSWORD = "e2e-admin-password"


def first_admin(page, server: Server) -> None:  # noqa: ANN001
    page.goto(server.url)
    page.get_by_text("首次使用：创建管理员").wait_for()
    settled(page)
    shot(page, "01-first-run")
    page.get_by_label("一次性令牌").fill(server.first_run_token())
    page.get_by_label("用户名").fill("boss")
    page.get_by_label("显示名称").fill("营长")
    page.get_by_label("密码", exact=True).fill(PASSWORD)
    page.get_by_label("再次输入密码").fill(PASSWORD)
    page.locator('[data-testid="stFormSubmitButton"] button').click()
    page.get_by_text("管理员已创建").wait_for()


def log_in(page, username: str, password: str, until=None, signed_in: bool = True) -> None:  # noqa: ANN001
    """Fill and submit the form; with `until` (a locator of what the log-in leads to), wait
    for it, filling and submitting again while the form still stands there
    (`click_until`). Not for wrong passwords (each submit is a counted attempt). With
    `until` and `signed_in` (the log-in is meant to succeed), it returns once the browser
    also holds the log-in cookie."""

    def fill(first: bool = False) -> None:
        for label, value in (("用户名", username), ("密码", password)):
            box = page.get_by_label(label)
            if first or box.count():
                box.fill(value)

    fill(first=True)
    button = page.locator('[data-testid="stFormSubmitButton"] button')
    if until is None:
        button.click()
        return
    click_until(button, until, again=fill)
    if signed_in:
        written_cookie(page.context)  # a reload or a restart right after needs it


def test_the_first_admin_logs_in_and_a_reload_or_deep_link_keeps_the_session(
    page,
    server: Server,  # noqa: ANN001
) -> None:
    first_admin(page, server)
    page.goto(server.url)
    page.get_by_text("登录").first.wait_for()
    settled(page)
    shot(page, "02-login-form")
    log_in(page, "boss", PASSWORD, until=page.locator('[data-testid="stSidebarNavLink"]').first)
    settled(page)
    links = page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()
    assert any("训练营设置" in x for x in links) and any("PK 排名" in x for x in links)
    shot(page, "03-logged-in-home")
    page.reload()
    page.locator('[data-testid="stSidebarNavLink"]').first.wait_for()
    settled(page)
    page.goto(f"{server.url}/pk")  # the projector PC's bookmark
    page.get_by_role("heading", name="PK 排名").wait_for()
    settled(page)
    shot(page, "04-pk-deep-link")
    assert "/pk" in page.url
    page.get_by_role("button", name="退出登录").click()
    page.get_by_text("已退出登录").wait_for()
    page.reload()
    page.get_by_label("密码").wait_for()  # still logged out after a reload
    settled(page)
    assert page.locator('[data-testid="stSidebarNavLink"]').count() == 0


def test_a_wrong_password_is_refused_in_the_browser(server: Server, page) -> None:  # noqa: ANN001
    first_admin(page, server)
    page.goto(server.url)
    page.get_by_label("密码").wait_for()
    settled(page)
    log_in(page, "boss", "wrong-password")
    page.get_by_text("用户名或密码错误").wait_for()
    shot(page, "05-wrong-password")
