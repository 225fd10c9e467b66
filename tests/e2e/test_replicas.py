"""Beyond one process (SPEC §2, §6; docs/deploy.md): the store, not the server, holds what
matters.

Two `streamlit run` replicas on one PostgreSQL with one cookie key, as nginx would put
them behind one address: a user logged in through one is logged in on the other, and a
result saved through one shows on the other's /pk within one refresh, because the
standings cache is keyed by the camp's data version in the store, not by time or by the
process. A lock-out survives a restart of the server process; and the log-in cookie,
which is the session, expires, cannot be forged without the key, and stops working
everywhere once its user logs out.

Browsers keep cookies per host, not per port, so 127.0.0.1:A and 127.0.0.1:B share the
log-in cookie exactly as two replicas behind one nginx address do.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from core.demo import demo_camp
from db.engine import make_engine
from tests.clirun import cli_ok
from tests.e2e.conftest import (
    ARTIFACTS,
    ROOT,
    WAIT_MS,
    Server,
    _free_port,
    click_until,
    settled,
    shot,
    start_app,
    stop_app,
    written_cookie,
)
from tests.e2e.test_login import log_in

PASSWORD = "replica-admin-password"
COOKIE_KEY = "replicas-" + "r" * 40  # one key for every replica (CAMP_COOKIE_KEY)
REFRESH = 5  # /pk?refresh=5: the fragment's interval, the shortest the page allows
BOOST = "100000"  # points: enough to put any demo team first
BOOSTED = re.compile(r"\b1\d{5}\.\d\d\b")  # its points then: 100,000 and what it had


def cli(db_url: str, *argv: str, stdin: str = "") -> str:
    """A command on the store at `db_url` (in this process: tests/clirun.py)."""
    return cli_ok(db_url, *argv, stdin=stdin)


def wait_for_failures(db_url: str, username: str, count: int, timeout: float = 30) -> None:
    """Until the store has recorded `count` wrong passwords in a row (the fifth locks)."""
    engine = make_engine(db_url)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                failed, locked = conn.execute(
                    text("SELECT failed_attempts, locked_until FROM users WHERE username = :u"),
                    {"u": username},
                ).one()
            if (locked is not None) if count >= 5 else failed >= count:
                return
            time.sleep(0.1)
    finally:
        engine.dispose()
    raise AssertionError(f"the store did not record {count} failed log-ins of {username}")


def start(db_url: str, log: Path) -> Server:
    """One app server on `db_url` with the replicas' shared cookie key."""
    port = _free_port()
    proc = start_app(db_url, port, log, cookie_key=COOKIE_KEY)
    return Server(f"http://127.0.0.1:{port}", db_url, proc, log)


def stop(server: Server) -> None:
    stop_app(server.process)
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copyfile(server.log, ARTIFACTS / f"replica-{server.url.rsplit(':', 1)[1]}.log")


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[Callable[[str], Server]]:
    """Starts app servers on demand and stops every one of them at the end."""
    started: list[Server] = []

    def make(db_url: str) -> Server:
        server = start(db_url, tmp_path / f"server-{len(started)}.log")
        started.append(server)
        return server

    yield make
    for server in started:
        if server.process.poll() is None:
            stop(server)


def lead_row(page) -> str:  # noqa: ANN001
    """The leading team's row of the PK table, as the room reads it."""
    return page.locator("table.proj.pk tr.lead").first.inner_text()


@pytest.mark.browser
def test_two_replicas_on_one_postgresql_share_the_log_in_and_each_others_writes(
    pg_url: str,
    servers: Callable[[str], Server],
    page,  # noqa: ANN001
) -> None:
    cli(pg_url, "init")  # once, before the replicas start
    cli(pg_url, "user-add", "boss", "--role", "admin", "--name", "营长", "--password-stdin",
        stdin=PASSWORD + "\n")  # fmt: skip
    cli(pg_url, "demo", "--teams", "4", "--loans", "100", "--visits", "50")
    first_team = demo_camp(teams=4).teams[0].name  # the team /entry's forms start on
    a, b = servers(pg_url), servers(pg_url)

    # log in through replica A
    page.goto(a.url)
    page.get_by_label("密码").wait_for()
    settled(page)
    log_in(page, "boss", PASSWORD, until=page.locator('[data-testid="stSidebarNavLink"]').first)
    settled(page)

    # replica B, same browser: logged in without a second log-in (its root first: see
    # test_a_bookmark_opened_first_on_a_fresh_server_shows_its_page below)
    on_b = page.context.new_page()
    on_b.set_default_timeout(WAIT_MS)
    on_b.goto(b.url)
    on_b.locator('[data-testid="stSidebarNavLink"]').first.wait_for()
    settled(on_b)
    assert on_b.get_by_label("密码").count() == 0
    assert "营长" in on_b.locator('[data-testid="stSidebar"]').inner_text()
    shot(on_b, "replica-b-logged-in")
    on_b.goto(f"{b.url}/pk?refresh={REFRESH}")
    on_b.get_by_role("heading", name="PK 排名").wait_for()
    settled(on_b)
    assert on_b.get_by_label("密码").count() == 0
    before = lead_row(on_b)
    shot(on_b, "replica-b-pk-before")
    assert f"每 {REFRESH} 秒自动刷新" in on_b.inner_text("body")

    # a result saved through replica A: an adjustment on /entry
    page.goto(f"{a.url}/entry")
    page.get_by_role("tab", name="加减分").click()
    page.get_by_label("分数（可为负数）", exact=True).fill(BOOST)
    page.get_by_label("原因", exact=True).fill("副本测试：经 A 录入")
    page.get_by_label("原因", exact=True).press("Enter")
    settled(page)
    page.get_by_role("button", name="保存加减分").click()
    page.get_by_text("已保存").first.wait_for()
    settled(page)
    shot(page, "replica-a-entry-saved")

    # replica B shows it at its next refresh, without a reload
    saved_at = time.monotonic()
    deadline = saved_at + 2 * REFRESH + 10  # one refresh, with room for a busy machine
    after = before
    while time.monotonic() < deadline:
        after = lead_row(on_b)
        if first_team in after and BOOSTED.search(after):
            break
        on_b.wait_for_timeout(500)
    waited = time.monotonic() - saved_at
    shot(on_b, "replica-b-pk-after")
    assert first_team in after and BOOSTED.search(after), (before, after)
    assert not BOOSTED.search(before)
    assert waited <= 2 * REFRESH + 10
    assert "/pk" in on_b.url  # the same page all along: the fragment refreshed itself
    on_b.close()


@pytest.mark.browser
def test_a_locked_account_stays_locked_after_the_server_restarts(
    sqlite_url: str,
    servers: Callable[[str], Server],
    browser,  # noqa: ANN001
) -> None:
    cli(sqlite_url, "user-add", "boss", "--role", "admin", "--name", "营长", "--password-stdin",
        stdin=PASSWORD + "\n")  # fmt: skip
    first = servers(sqlite_url)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(first.url)
    page.get_by_label("密码").wait_for()
    settled(page)
    for attempt in range(5):
        log_in(page, "boss", f"wrong-password-{attempt}")
        # Wait on the store, not the page: the message of the previous attempt is still on
        # screen, and a submit before this run has recorded its failure would interrupt it.
        wait_for_failures(sqlite_url, "boss", attempt + 1)
        page.get_by_text("用户名或密码错误" if attempt < 4 else "账户已锁定").first.wait_for()
        settled(page)
    shot(page, "restart-1-locked")
    context.close()
    stop(first)

    second = servers(sqlite_url)  # a new server process on the same store
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    page.goto(second.url)
    page.get_by_label("密码").wait_for()
    settled(page)
    locked = page.get_by_text("账户已锁定").first
    log_in(page, "boss", PASSWORD, until=locked, signed_in=False)  # the right password
    settled(page)
    shot(page, "restart-2-still-locked")
    assert page.locator('[data-testid="stSidebarNavLink"]').count() == 0
    context.close()


@pytest.mark.browser
def test_a_projector_bookmark_opened_first_after_a_restart_shows_its_page(
    sqlite_url: str,
    servers: Callable[[str], Server],
    page,  # noqa: ANN001
) -> None:
    """The projector PC logs in once, the server restarts overnight, and at 07:55 the PC
    opens its /pk bookmark before anyone else has opened the app."""
    cli(sqlite_url, "user-add", "boss", "--role", "admin", "--name", "营长", "--password-stdin",
        stdin=PASSWORD + "\n")  # fmt: skip
    cli(sqlite_url, "demo", "--teams", "4", "--loans", "100", "--visits", "50")
    first = servers(sqlite_url)
    page.goto(first.url)
    page.get_by_label("密码").wait_for()
    settled(page)
    log_in(page, "boss", PASSWORD, until=page.locator('[data-testid="stSidebarNavLink"]').first)
    settled(page)
    stop(first)

    second = servers(sqlite_url)  # restarted: no session has run app.py in it yet
    page.goto(f"{second.url}/pk?present=1")
    settled(page)
    shot(page, "restart-pk-bookmark-first")
    assert page.get_by_text("无权").count() == 0
    page.get_by_role("heading", name="PK 排名").wait_for(timeout=10_000)


@pytest.mark.browser
def test_a_copied_cookie_works_until_its_user_logs_out_and_an_expired_or_forged_one_never(
    sqlite_url: str,
    servers: Callable[[str], Server],
    browser,  # noqa: ANN001
) -> None:
    """The stolen-laptop threat: the log-in cookie is the session. A copy works like the
    original (so log out, or have the admin disable the user); once the user logs out
    anywhere, every copy is refused. A cookie past its expiry, or signed with another key
    (a replica configured with a different CAMP_COOKIE_KEY), logs nobody in."""
    import jwt

    cli(sqlite_url, "user-add", "boss", "--role", "admin", "--name", "营长", "--password-stdin",
        stdin=PASSWORD + "\n")  # fmt: skip
    server = servers(sqlite_url)

    def browse(cookie: str | None = None):  # noqa: ANN202
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
        if cookie:
            context.add_cookies([{"name": "camp_auth", "value": cookie, "url": server.url}])
        pg = context.new_page()
        pg.set_default_timeout(WAIT_MS)
        return context, pg

    def logged_in(pg) -> bool:  # noqa: ANN001
        pg.goto(server.url)
        pg.locator('[data-testid="stSidebarNavLink"], input[type="password"]').first.wait_for()
        settled(pg)
        return pg.locator('[data-testid="stSidebarNavLink"]').count() > 0

    owner, on_laptop = browse()
    on_laptop.goto(server.url)
    on_laptop.get_by_label("密码").wait_for()
    settled(on_laptop)
    log_in(
        on_laptop,
        "boss",
        PASSWORD,
        until=on_laptop.locator('[data-testid="stSidebarNavLink"]').first,
    )
    settled(on_laptop)
    stolen = written_cookie(owner)
    claims = jwt.decode(stolen, COOKIE_KEY, algorithms=["HS256"])
    days = (claims["exp_date"] - time.time()) / 86400
    assert claims["username"] == "boss" and 6.9 < days <= 7.0  # app.py's COOKIE_DAYS

    expired = jwt.encode({"username": "boss", "exp_date": time.time() - 60}, COOKIE_KEY,
                         algorithm="HS256")  # fmt: skip
    forged = jwt.encode({"username": "boss", "exp_date": time.time() + 86400},
                        "another-replicas-key-" + "x" * 30, algorithm="HS256")  # fmt: skip
    for name, token in (("expired", expired), ("forged", forged)):
        context, pg = browse(token)
        assert not logged_in(pg), name
        shot(pg, f"cookie-{name}-refused")
        context.close()

    thief, on_thief = browse(stolen)
    assert logged_in(on_thief)  # the copy works on its own: the session is the cookie
    click_until(on_laptop.get_by_role("button", name="退出登录"),
                on_laptop.get_by_text("已退出登录"))  # fmt: skip
    assert not logged_in(on_thief)  # logged out on the laptop: the copy is refused too
    shot(on_thief, "cookie-copy-refused-after-log-out")
    thief.close()
    owner.close()


def test_the_nginx_example_proxies_websockets_keeps_sessions_sticky_and_caps_uploads() -> None:
    """docs/deploy.md's deploy/nginx.conf, read as text (no nginx needed to run this)."""
    import tomllib

    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    directives = {line.split("#")[0].strip() for line in conf.splitlines()}
    for needed in ("ip_hash;", "proxy_http_version 1.1;",
                   "proxy_set_header Upgrade $http_upgrade;",
                   "proxy_set_header Connection $connection_upgrade;",
                   "proxy_read_timeout 86400s;", "proxy_buffering off;"):  # fmt: skip
        assert needed in directives, needed
    assert re.search(r"listen 443 ssl", conf) and "return 301 https://" in conf
    app = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    body = re.search(r"client_max_body_size (\d+)m;", conf)
    assert body and int(body.group(1)) == app["server"]["maxUploadSize"]
