"""In a real browser: the store and the app server going away under open pages (SPEC §6).

- PostgreSQL stopped and started under the running app: a trainer saving a visit while
  the database is down is told, in words, that nothing was saved (no traceback, no
  success); the projector on /pk keeps its last ranking under a notice; once PostgreSQL
  is back the same app server — not restarted — saves the visit, and the store holds it
  once.
- The app server restarted under an open /pk: the projector reconnects by itself to its
  ranking, through the log-in gate (not to Streamlit's pages-folder mode, which would run
  the page alone, say "no right" and never refresh again).
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from core.i18n import t
from db.models import Visit
from tests.conftest import missing_component
from tests.e2e.conftest import (
    ARTIFACTS,
    ROOT,
    SIGNED_MAIN,
    WAIT_MS,
    Server,
    _free_port,
    settled,
    shot,
    sign_in,
    start_app,
    stop_app,
)
from tests.e2e.test_entry_flow import SAMPLES, cli, fill_visit
from tests.e2e.test_login import PASSWORD, log_in
from tests.integration.test_faults import RestartablePostgres
from tests.pg import PostgresUnavailable

pytestmark = [pytest.mark.browser, pytest.mark.postgres]
SCREENS = 4
LOAN = "8201000723966385"  # owes 8,000 元 of principal; 尖刀队's territory


@pytest.fixture
def pg() -> Iterator[RestartablePostgres]:
    try:
        server = RestartablePostgres()
        server.url = server.start()
    except PostgresUnavailable as exc:
        missing_component(f"PostgreSQL unavailable: {exc}")
    try:
        yield server
    finally:
        server.stop()


def _keep_log(log: Path, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_text(log.read_text(encoding="utf-8"), encoding="utf-8")


@pytest.fixture
def app_on_pg(pg: RestartablePostgres, tmp_path: Path) -> Iterator[Server]:
    """The app server on a PostgreSQL store of its own."""
    admin = create_engine(pg.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE camp"))
    admin.dispose()
    db_url = make_url(pg.url).set(database="camp").render_as_string(hide_password=False)
    subprocess.run([sys.executable, str(ROOT / "cli.py"), "--db", db_url, "init"], check=True,
                   capture_output=True, cwd=ROOT, timeout=120)  # fmt: skip
    port, log = _free_port(), tmp_path / "server.log"
    proc = start_app(db_url, port, log)
    try:
        yield Server(f"http://127.0.0.1:{port}", db_url, proc, log)
    finally:
        _keep_log(log, "server-store-outage.log")
        stop_app(proc)


def _visits(db_url: str) -> int:
    engine = create_engine(db_url, poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return int(conn.scalar(select(func.count()).select_from(Visit)) or 0)
    finally:
        engine.dispose()


def _no_traceback(page) -> None:  # noqa: ANN001
    body = page.locator("body").inner_text()
    assert "Traceback" not in body
    assert "OperationalError" not in body
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_save_while_postgresql_is_down_says_not_saved_and_works_once_it_is_back(
    page,  # noqa: ANN001
    pg: RestartablePostgres,
    app_on_pg: Server,
) -> None:
    server = app_on_pg
    cli(server, "camp-load", str(SAMPLES / "camp_sample.toml"))
    cli(server, "loans-import", "qh-sample", str(SAMPLES / "loans_sample.xlsx"))
    cli(server, "user-add", "boss", "--role", "admin", "--name", "营长", "--password-stdin",
        stdin=PASSWORD + "\n")  # fmt: skip
    cli(server, "user-add", "linxiao", "--role", "trainer", "--name", "林晓", "--team", "尖刀队",
        "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    page.goto(server.url)
    page.get_by_label("密码").wait_for()
    settled(page)
    log_in(page, "linxiao", PASSWORD, until=page.locator('[data-testid="stSidebarNavLink"]').first)
    settled(page)
    projector = page.context.new_page()  # the same browser: logged in by the cookie
    projector.set_default_timeout(WAIT_MS)
    projector.goto(f"{server.url}/pk?refresh=5")
    projector.get_by_text("尖刀队").first.wait_for()
    settled(projector)
    page.goto(f"{server.url}/entry")
    page.get_by_role("tabpanel").get_by_label("查找贷款").wait_for()
    settled(page)
    fill_visit(page, LOAN, "5000")

    pg.pause()
    try:
        page.get_by_role("button", name="保存这条走访").click()
        page.get_by_text(t("store.unavailable", "zh")).wait_for()
        settled(page)
        shot(page, "60-outage-save-refused")
        _no_traceback(page)
        assert page.get_by_text("已保存走访").count() == 0
        # the projector's next refresh keeps its last ranking under a notice
        projector.get_by_text("数据库暂时无法连接：下面是").wait_for(timeout=WAIT_MS)
        projector.get_by_text("尖刀队").first.wait_for()
        shot(projector, "61-outage-pk-kept")
        _no_traceback(projector)
    finally:
        pg.resume()
    assert _visits(server.db_url) == 0  # nothing was saved, as the page said

    # the same app server, not restarted: the projector recovers by itself, the save works
    projector.get_by_text("数据库暂时无法连接").wait_for(state="detached", timeout=WAIT_MS)
    page.goto(f"{server.url}/entry")
    page.get_by_role("tabpanel").get_by_label("查找贷款").wait_for()
    settled(page)
    fill_visit(page, LOAN, "5000")
    page.get_by_role("button", name="保存这条走访").click()
    page.get_by_text("已保存走访").wait_for()
    settled(page)
    shot(page, "62-outage-saved-after-restart")
    _no_traceback(page)
    assert _visits(server.db_url) == 1
    projector.close()


def test_projectors_left_on_pk_come_back_to_their_ranking_after_the_app_server_restarts(
    page,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    """Several screens reconnect at once (the race that sends some of them to Streamlit's
    pages-folder mode needs more than one)."""
    db_url = f"sqlite:///{tmp_path / 'camp.db'}"
    port, log = _free_port(), tmp_path / "server.log"
    server = Server(f"http://127.0.0.1:{port}", db_url, None, log)  # type: ignore[arg-type]
    cli(server, "camp-load", str(SAMPLES / "camp_sample.toml"))
    cli(server, "user-add", "screen", "--role", "screen", "--name", "会议室大屏",
        "--password-stdin", stdin=PASSWORD + "\n")  # fmt: skip
    cli(server, "user-add", "boss", "--role", "admin", "--name", "营长", "--password-stdin",
        stdin=PASSWORD + "\n")  # fmt: skip
    proc = start_app(db_url, port, log)
    screens = []
    try:
        sign_in(page.context, server, "screen", PASSWORD)
        page.goto(server.url)
        # the screen account starts in projector mode: no menu, the board in the main area
        page.locator(SIGNED_MAIN).first.wait_for()
        settled(page)
        cookie = page.context.storage_state()
        for _ in range(SCREENS):  # the projectors: their own browsers, opened on /pk
            screen = page.context.browser.new_context(
                storage_state=cookie, viewport={"width": 1920, "height": 1080}
            ).new_page()
            screen.goto(f"{server.url}/pk?refresh=5")
            screen.get_by_text("尖刀队").first.wait_for()
            screens.append(screen)

        stop_app(proc)  # a deploy, or the service manager restarting a crashed server
        cli(server, "adjust", "qh-sample", "尖刀队", "7", "--reason", "重启期间录入")
        proc = start_app(db_url, port, log)
        for i, screen in enumerate(screens):  # each reconnects by itself and refreshes
            screen.locator("table.proj.pk td", has_text="7.00").first.wait_for(timeout=60_000)
            settled(screen)
            shot(screen, f"63-pk-after-server-restart-{i}")
            assert "/pk" in screen.url
            assert screen.get_by_text(t("auth.denied", "zh")).count() == 0
            assert screen.get_by_text("pk data").count() == 0  # not the pages-folder menu
            _no_traceback(screen)
    finally:
        for screen in screens:
            screen.context.close()
        _keep_log(log, "server-restart.log")
        stop_app(proc)
