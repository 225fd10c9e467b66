"""Browser tests: the real app served by `streamlit run`, driven in headless Chromium.

Debian's chromium is used as it is (no browser download); under CI=true a
missing browser fails the run instead of skipping.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import missing_component

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
COOKIE_KEY = "e2e-" + "k" * 44  # CAMP_COOKIE_KEY of the test servers
# Debian's chromium-headless-shell (the same Blink as chromium, without the desktop
# browser around it: about a sixth less CPU per page load here) when it is installed,
# else chromium; CHROMIUM overrides both.
CHROMIUM = os.environ.get("CHROMIUM") or next(
    (path for path in ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
     if Path(path).exists()), "/usr/bin/chromium"
)  # fmt: skip
# How long a browser test waits for the app to show something (milliseconds). The waits
# end as soon as it shows; the bound is wide because on a two-core machine the browser,
# the app server and a second test worker share the cores.
WAIT_MS = int(os.environ.get("E2E_WAIT_MS", "90000"))
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--force-prefers-reduced-motion",  # no spinners or slide-ins to paint: less CPU
]  # fmt: skip


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    url: str
    db_url: str
    process: subprocess.Popen
    log: Path

    def console(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def first_run_token(self, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = re.search(r"first-run token: (\S+)", self.console())
            if found:
                return found.group(1)
            time.sleep(0.2)
        raise AssertionError("no first-run token on the server console")


def start_app(db_url: str, port: int, log: Path, cookie_key: str = COOKIE_KEY) -> subprocess.Popen:
    """`streamlit run app.py` on `db_url` at 127.0.0.1:`port`, once its health check
    answers; its output is appended to `log` (a restarted server keeps one log)."""
    env = {**os.environ, "DATABASE_URL": db_url, "CAMP_COOKIE_KEY": cookie_key,
           "PYTHONUNBUFFERED": "1"}  # fmt: skip
    with open(log, "a", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--browser.gatherUsageStats", "false"],
            stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env,
        )  # fmt: skip
    deadline = time.monotonic() + 180
    while not _healthy(f"http://127.0.0.1:{port}"):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"the app server did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.3)
    return proc


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return r.status == 200
    except OSError:  # not listening yet
        return False


def stop_app(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture
def server(sqlite_url: str, tmp_path: Path) -> Iterator[Server]:
    """A fresh app server on a fresh SQLite store (a copy of the migrated template)."""
    port = _free_port()
    log = tmp_path / "server.log"
    proc = start_app(sqlite_url, port, log)
    try:
        yield Server(f"http://127.0.0.1:{port}", sqlite_url, proc, log)
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copyfile(log, ARTIFACTS / f"server-{port}.log")
        stop_app(proc)


@pytest.fixture(scope="module")
def module_server(
    sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """One app server for a module whose tests only read what they set up once (each
    server start and its first page cost several seconds of both cores)."""
    folder = tmp_path_factory.mktemp("module-server")
    shutil.copyfile(sqlite_template, folder / "camp.db")
    db_url = f"sqlite:///{folder / 'camp.db'}"
    port = _free_port()
    log = folder / "server.log"
    proc = start_app(db_url, port, log)
    try:
        yield Server(f"http://127.0.0.1:{port}", db_url, proc, log)
    finally:
        ARTIFACTS.mkdir(exist_ok=True)
        shutil.copyfile(log, ARTIFACTS / f"server-{port}.log")
        stop_app(proc)


@pytest.fixture(scope="session")
def browser():  # noqa: ANN201
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        missing_component(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_component("playwright is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):  # noqa: ANN001, ANN201
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(WAIT_MS)
    yield pg
    ARTIFACTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}-last.png"))
    context.close()


def settled(pg) -> None:  # noqa: ANN001
    """Wait until the app has finished running its script."""
    pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
    pg.wait_for_timeout(300)


# something on a signed-in page's main area, for the screen account with no menu
SIGNED_MAIN = (
    '[data-testid="stMain"]:not(:has(input[type="password"])) '
    '[data-testid="stElementContainer"]:visible'
)


def sign_in(context, server: Server, username: str, password: str) -> None:  # noqa: ANN001
    """Sign `username` in for a browser context as a returning browser is: by its cookie,
    made as pages/_login.py makes it after the form (the store checks the password and
    starts the session). For the tests that are not about the form, which test_login.py,
    test_replicas.py and test_cookie_browser.py drive; each form log-in costs a page load
    and two runs of the app."""
    from datetime import UTC, datetime, timedelta

    from core.sessions import encode_cookie
    from db.engine import make_engine
    from db.users import attempt_login
    from pages._login import COOKIE_DAYS, COOKIE_NAME

    engine = make_engine(server.db_url)
    try:
        logged_in = attempt_login(engine, username, password)
    finally:
        engine.dispose()
    assert logged_in is not None, f"{username} cannot log in"
    expires = datetime.now(UTC) + timedelta(days=COOKIE_DAYS)
    token = encode_cookie(username, logged_in.session_id, expires, COOKIE_KEY)
    context.add_cookies([{"name": COOKIE_NAME, "value": token, "url": server.url}])


def click_until(button, until, again=None, tries: int = 3) -> None:  # noqa: ANN001
    """Click `button` and wait for `until` (a locator of what the click leads to); while
    it has not come and the button still stands there, click again, as a person would.
    Under load a click can land while another run replaces the one it started (after a
    log-in by the form, the cookie component's rerun: STACK-NOTES pitfall 2), and that
    run never sees it. `again` runs before each repeat
    (a form to fill again). Only for clicks that are safe to repeat."""
    button.click()
    for attempt in range(1, tries + 1):
        try:
            until.wait_for(state="attached", timeout=WAIT_MS // tries)
            return
        except Exception:
            if attempt == tries or button.count() == 0:
                raise
            if again is not None:
                again()
            button.first.click()


def written_cookie(context) -> str:  # noqa: ANN001
    """The log-in cookie once the browser has it. The cookie component writes it in the
    browser after its run has drawn the signed-in page, so a page can show the user
    signed in a moment before a reload, a restart or a copied cookie could use it."""
    from pages._login import COOKIE_NAME

    deadline = time.monotonic() + WAIT_MS / 1000
    while not (found := [c["value"] for c in context.cookies() if c["name"] == COOKIE_NAME]):
        assert time.monotonic() < deadline, "no log-in cookie was written"
        time.sleep(0.2)
    return found[0]


def shot(pg, name: str) -> Path:  # noqa: ANN001
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path))
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under xdist (`--dist loadgroup`) each browser test module runs on one worker, so a
    module's app server (module_server) starts once, while different modules run on
    different workers at the same time as each other and the rest of the suite. The waits
    (WAIT_MS) are wide enough for two browser tests sharing two cores."""
    for item in items:
        if item.get_closest_marker("browser") or "tests/e2e/" in item.nodeid:
            module = item.nodeid.split("::", 1)[0].rsplit("/", 1)[-1].removesuffix(".py")
            item.add_marker(pytest.mark.xdist_group(f"browser-{module}"))
