"""Benchmark: what one page load costs the app server and the browser (the browser tests'
time, and a laptop's).

    python benchmarks/bench_pages.py pk pk board summary summary research research entry
    python benchmarks/bench_pages.py --process -- python -m pytest tests/e2e/test_screens_fit.py

The first form starts `streamlit run app.py` on a new demo camp (the camp of `cli.py
demo`) in a temporary SQLite store, signs an admin in by cookie in headless Chromium at
1366×768 and opens each page in turn, as a bookmark would (a new session each time).
Per load: the wall time until the page has finished its run, and the CPU seconds of the
app server and of all Chromium processes meanwhile (read from /proc). A page named twice
shows the cached second load.

The second form (`--process`) runs a command and reports the CPU seconds of every
process it started, grouped (Chromium, the app servers, PostgreSQL, Playwright's driver,
Python), sampled from /proc every half second: processes that end between two samples
are missed, so it is a floor.
"""

from __future__ import annotations

import argparse
import collections
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("CAMP_BCRYPT_ROUNDS", "4")
TICK = os.sysconf("SC_CLK_TCK")
PASSWORD = "bench-admin-password"


def cpu_of(pid: int | str) -> float:
    """CPU seconds (user + system) of one process so far; 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICK


def _kind(pid: str) -> str | None:
    try:
        comm = Path(f"/proc/{pid}/comm").read_text().strip()
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return None
    if "chrom" in comm or "chrom" in cmd[:60]:
        return "chromium"
    if "streamlit run" in cmd:
        return "app server"
    if "postgres" in comm:
        return "postgresql"
    if comm == "node":
        return "playwright driver"
    if "python" in comm:
        return "python"
    return None


def _parent(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1]
    except OSError:
        return "0"


def chromium_cpu() -> float:
    """CPU seconds of the Chromium processes this benchmark started (not other browsers')."""
    parents = {p: _parent(p) for p in os.listdir("/proc") if p.isdigit()}
    mine = {str(os.getpid())}
    for _ in range(6):  # python → Playwright's driver → Chromium → its helpers
        mine |= {p for p, parent in parents.items() if parent in mine}
    return sum(cpu_of(p) for p in mine if _kind(p) == "chromium")


def by_process(command: list[str]) -> dict[str, float]:
    """Run `command`; the CPU seconds of the processes it started, by kind."""
    before = {p for p in os.listdir("/proc") if p.isdigit()}
    seen: dict[str, tuple[str, float]] = {}
    proc = subprocess.Popen(command, cwd=ROOT)
    while proc.poll() is None:
        for pid in os.listdir("/proc"):
            if pid.isdigit() and pid not in before and (kind := _kind(pid)):
                seen[pid] = (kind, cpu_of(pid))
        time.sleep(0.5)
    totals: dict[str, float] = collections.Counter()
    for kind, seconds in seen.values():
        totals[kind] += seconds
    return dict(totals)


def page_loads(paths: list[str]) -> None:
    from playwright.sync_api import sync_playwright

    from tests.clirun import cli_ok
    from tests.e2e.conftest import ARGS, CHROMIUM, Server, _free_port, sign_in, start_app, stop_app

    with tempfile.TemporaryDirectory() as tmp:
        db = f"sqlite:///{tmp}/camp.db"
        cli_ok(db, "init")
        cli_ok(db, "demo")
        cli_ok(db, "user-add", "boss", "--role", "admin", "--name", "营长", "--password-stdin",
               stdin=PASSWORD + "\n")  # fmt: skip
        port, log = _free_port(), Path(tmp) / "server.log"
        proc = start_app(db, port, log)
        server = Server(f"http://127.0.0.1:{port}", db, proc, log)
        print(f"{'page':<10} {'wall s':>7} {'server s':>9} {'chromium s':>11}")
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
                context = browser.new_context(viewport={"width": 1366, "height": 768},
                                              locale="zh-CN")  # fmt: skip
                sign_in(context, server, "boss", PASSWORD)
                page = context.new_page()
                for path in paths:
                    started, server0, chrome0 = time.monotonic(), cpu_of(proc.pid), chromium_cpu()
                    page.goto(f"{server.url}/{path}")
                    page.locator('[data-testid="stMain"] [data-testid="stElementContainer"]'
                                 ":visible").first.wait_for()  # fmt: skip
                    page.wait_for_selector(
                        '[data-testid="stApp"][data-test-script-state="notRunning"]'
                    )
                    wall = time.monotonic() - started
                    used = cpu_of(proc.pid) - server0, chromium_cpu() - chrome0
                    print(f"{path:<10} {wall:7.2f} {used[0]:9.2f} {used[1]:11.2f}")
                browser.close()
        finally:
            stop_app(proc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--process", action="store_true", help="CPU by process of a command")
    parser.add_argument("args", nargs="*", help="pages to open, or the command after --")
    ns = parser.parse_args()
    if ns.process:
        totals = by_process(ns.args)
        for kind, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
            print(f"{kind:<18} {seconds:8.1f} s")
    else:
        page_loads(ns.args or ["pk", "board", "summary", "research", "entry"])


if __name__ == "__main__":
    main()
