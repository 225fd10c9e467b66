"""Benchmark: fifty read-only sessions on /pk against one real app server (issue 8).

    python benchmarks/bench_pk_sessions.py [--sessions 50] [--browsers 5] [--refresh 10] \\
        [--seconds 60] [--write-every 10] [--modes on,off,on-nogc] \\
        [--teams 8] [--loans 1500] [--visits 3000]

Builds the realistic demo camp (the one `cli.py demo` builds: 8 teams, 1,500 loans, 3,000
visits) in a temporary SQLite store, dated so that now is its fifth day — a running
period, closed ones, the race, pairings and the red flag all on the board — keeping only
the visits up to now. Then, for each mode — the standings cache on (`on`) or off
(`off`: CAMP_PK_CACHE=0, read by pages/_pk_data.py), and optionally without Streamlit's
full garbage collection after every script run (`-nogc`: --runner.postScriptGC false):

1. starts `streamlit run app.py` on that store;
2. logs a `screen` user in through the form in headless Chromium, and opens `--sessions`
   browser contexts (spread over `--browsers` Chromium processes) with its cookie on
   /pk?refresh=N — fifty projectors and laptops, each its own Streamlit session;
3. waits until every page shows the ranking, lets them run a few refreshes, then for
   `--seconds` samples the server process's CPU time (utime + stime) and resident memory
   from /proc/<pid>, while a result is saved every `--write-every` seconds (a ±0.01
   adjustment, written by this process: a new data version for every screen);
4. counts the fragment reruns the browsers asked for (websocket frames sent).

Prints a Markdown table for docs/performance.md. The browsers share the machine's cores
with the server; the server's CPU *time* is what it used, whatever the wait.
"""

from __future__ import annotations

import argparse
import os
import platform
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_pk import PASSWORD, USER, prepare  # noqa: E402

from core.demo import demo_camp, demo_loans, demo_visits  # noqa: E402
from core.records import ImportResult  # noqa: E402
from db.camps import load_camp  # noqa: E402
from db.engine import make_engine  # noqa: E402
from db.loans import import_loans  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.visits import add_adjustment, record_visits  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]  # fmt: skip
TICK = os.sysconf("SC_CLK_TCK")
IDLE_SECONDS = 10
BATCH = 5
MODES = {  # name: (standings cache, Streamlit's full garbage collection after every run)
    "on": (True, True),
    "off": (False, True),
    "on-nogc": (True, False),
    "off-nogc": (False, False),
}


# ----------------------------------------------------------------------------- the store


def build_store(url: str, teams: int, loans: int, visits: int) -> tuple[int, int]:
    """The demo camp on its fifth day now (camp time), with the visits up to now."""
    tz = ZoneInfo("Asia/Shanghai")
    now = datetime.now(tz).replace(tzinfo=None)
    cfg = demo_camp(teams=teams, seed=0, start_date=now.date() - timedelta(days=4))
    records = demo_loans(cfg, n=loans, seed=0)
    engine = make_engine(url)
    upgrade(engine)
    load_camp(engine, cfg)
    import_loans(engine, cfg.code, ImportResult(records=records), filename="demo")
    so_far = [v for v in demo_visits(cfg, records, n=visits, seed=0) if v.visited_at <= now]
    stored = record_visits(engine, cfg.code, so_far, source="demo").stored
    engine.dispose()
    prepare(url, cfg.code)  # an admin, the screen user, daily pairings
    return len(records), stored


# ----------------------------------------------------------------------------- the server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    url: str, cache: bool, gc: bool, log: Path, port: int
) -> tuple[subprocess.Popen, str]:
    env = {**os.environ, "DATABASE_URL": url, "CAMP_COOKIE_KEY": "bench-" + "k" * 42,
           "CAMP_PK_CACHE": "1" if cache else "0"}  # fmt: skip
    with open(log, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
             "--server.headless", "true", "--server.address", "127.0.0.1",
             "--server.port", str(port), "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none",
             "--runner.postScriptGC", "true" if gc else "false"],
            stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, env=env,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise SystemExit(f"the app server did not start:\n{log.read_text()[-2000:]}")
        time.sleep(0.3)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICK  # utime, stime


def memory_mib(pid: int) -> tuple[float, float]:
    """(resident now, resident peak) of the process, MiB."""
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    kib = {k: int(status[k].split()[0]) for k in ("VmRSS", "VmHWM")}
    return kib["VmRSS"] / 1024, kib["VmHWM"] / 1024


# ----------------------------------------------------------------------------- the sessions


def settled(page) -> None:  # noqa: ANN001
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')


def log_in(browser, base: str) -> dict:  # noqa: ANN001
    """Log the screen user in through the form; the browser state with its cookie."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(base)
    page.get_by_label("密码").wait_for()
    settled(page)
    page.get_by_label("用户名").fill(USER)
    page.get_by_label("密码").fill(PASSWORD)
    page.locator('[data-testid="stFormSubmitButton"] button').click()
    deadline = time.monotonic() + 60
    while not any(c["name"] == "camp_auth" for c in context.cookies()):
        if time.monotonic() > deadline:
            raise SystemExit("the log-in cookie was never written")
        page.wait_for_timeout(200)
    state = context.storage_state()
    context.close()
    return state


@dataclass
class Sessions:
    pages: list
    frames: list[int]  # websocket frames each page sent (its rerun requests)


def open_sessions(browsers: list, state: dict, base: str, n: int, refresh: int) -> Sessions:  # noqa: ANN001
    sessions = Sessions([], [0] * n)
    url = f"{base}/pk?refresh={refresh}&camp=demo"

    def count(i: int):  # noqa: ANN202
        def on_socket(ws) -> None:  # noqa: ANN001
            ws.on(
                "framesent", lambda _payload: sessions.frames.__setitem__(i, sessions.frames[i] + 1)
            )

        return on_socket

    for first in range(0, n, BATCH):  # a few at a time: fifty first loads at once swamp
        batch = []  # two cores (the browsers' own start-up as much as the server's)
        for i in range(first, min(first + BATCH, n)):
            context = browsers[i % len(browsers)].new_context(
                storage_state=state, viewport={"width": 1280, "height": 800}
            )
            page = context.new_page()
            page.set_default_timeout(180_000)
            page.on("websocket", count(i))
            page.goto(url, wait_until="commit")
            batch.append(page)
        for page in batch:
            page.locator("table.proj.pk").first.wait_for()
        sessions.pages += batch
        print(f"  {len(sessions.pages)} sessions on /pk", flush=True)
    return sessions


# ----------------------------------------------------------------------------- the runs


@dataclass
class Figures:
    mode: str
    sessions_rss: float  # the server's resident memory with every session on, at most
    peak_rss: float  # its peak since it started (VmHWM)
    cpu_s: float
    seconds: float
    reruns: int
    writes: int


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def live_again(sessions: Sessions, before: list[int], timeout: float) -> None:
    """Wait until every page has reconnected to the new server and refreshed since."""
    deadline = time.monotonic() + timeout
    while any(now - then < 2 for now, then in zip(sessions.frames, before, strict=True)):
        if time.monotonic() > deadline:
            raise SystemExit("the pages did not reconnect to the restarted server")
        sessions.pages[0].wait_for_timeout(1000)


def measure(url: str, mode: str, pid: int, sessions: Sessions, args: argparse.Namespace) -> Figures:
    """The server's CPU and memory over the window, a result saved every --write-every s."""
    engine = make_engine(url)
    team = _first_team(engine)
    frames0, cpu0, start = sum(sessions.frames), cpu_seconds(pid), time.monotonic()
    rss, writes, next_write = [], 0, start + args.write_every
    while (now := time.monotonic()) < start + args.seconds:
        if args.write_every and now >= next_write:
            add_adjustment(engine, "demo", team, "0.01" if writes % 2 == 0 else "-0.01",
                           "bench", actor="bench")  # fmt: skip
            writes += 1
            next_write += args.write_every
        rss.append(memory_mib(pid)[0])
        sessions.pages[0].wait_for_timeout(1000)  # the browsers' events flow meanwhile
    elapsed = time.monotonic() - start
    cpu = cpu_seconds(pid) - cpu0
    reruns = sum(sessions.frames) - frames0
    peak = memory_mib(pid)[1]
    engine.dispose()
    for i, page in enumerate(sessions.pages):
        if not page.locator("table.proj.pk").count():
            page.screenshot(path=f"/tmp/bench-pk-lost-{i}.png")
            raise SystemExit(f"screen {i} lost its ranking: /tmp/bench-pk-lost-{i}.png")
    return Figures(mode, max(rss), peak, cpu, elapsed, reruns, writes)


def run_modes(url: str, args: argparse.Namespace, folder: Path) -> tuple[list[Figures], dict]:
    """Open the sessions once; restart the server for each mode on the same port (the
    pages reconnect by themselves, as after a deploy) and measure it."""
    from playwright.sync_api import sync_playwright

    port, results, start_up = _free_port(), [], {}
    modes = [m.strip() for m in args.modes.split(",")]
    with sync_playwright() as p:
        browsers = [
            p.chromium.launch(executable_path=CHROMIUM, args=ARGS) for _ in range(args.browsers)
        ]
        sessions, before = None, []
        for mode in modes:
            cache, gc = MODES[mode]
            proc, base = start_server(url, cache, gc, folder / f"server-{mode}.log", port)
            try:
                if sessions is None:
                    state = log_in(browsers[0], base)
                    time.sleep(2)
                    start_up["idle_rss"], cpu0 = memory_mib(proc.pid)[0], cpu_seconds(proc.pid)
                    time.sleep(IDLE_SECONDS)  # what the server spends with no session at all
                    start_up["idle_rate"] = (cpu_seconds(proc.pid) - cpu0) / IDLE_SECONDS
                    t0 = time.monotonic()
                    sessions = open_sessions(browsers, state, base, args.sessions, args.refresh)
                    start_up["open_s"] = time.monotonic() - t0
                else:
                    live_again(sessions, before, timeout=600)
                sessions.pages[0].wait_for_timeout(2 * args.refresh * 1000)  # a few refreshes
                figures = measure(url, mode, proc.pid, sessions, args)
                print(figures, flush=True)
                results.append(figures)
            finally:
                stop(proc)
            before = list(sessions.frames) if sessions else []
        for b in browsers:
            b.close()
    return results, start_up


def _first_team(engine) -> str:  # noqa: ANN001
    from sqlalchemy import select

    from db.models import Team

    with engine.connect() as conn:
        return conn.scalar(select(Team.name).order_by(Team.position).limit(1))


def machine() -> str:
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor(),
    )  # fmt: skip
    mem = int(Path("/proc/meminfo").read_text().split()[1]) / 1024 / 1024
    load = os.getloadavg()
    chromium = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout
    import streamlit

    return (
        f"{os.cpu_count()} × {cpu}, {mem:.0f} GiB, Python {platform.python_version()}, "
        f"streamlit {streamlit.__version__}, {chromium.strip()}; "
        f"load average before the run {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--browsers", type=int, default=5, help="Chromium processes")
    parser.add_argument("--refresh", type=int, default=10, help="/pk?refresh= seconds (min 5)")
    parser.add_argument("--seconds", type=float, default=60, help="the measured window")
    parser.add_argument("--write-every", type=float, default=10, help="0: no writes")
    parser.add_argument("--teams", type=int, default=8)
    parser.add_argument("--loans", type=int, default=1500)
    parser.add_argument("--visits", type=int, default=3000)
    parser.add_argument("--modes", default="on,off,on-nogc",
                        help=f"modes to run, in order, among {', '.join(MODES)}")  # fmt: skip
    args = parser.parse_args()

    print(machine(), flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = f"sqlite:///{folder / 'camp.db'}"
        loans, visits = build_store(url, args.teams, args.loans, args.visits)
        print(f"demo camp on its fifth day ({date.today()}): {args.teams} teams, {loans:,} "
              f"loans, {visits:,} visits so far", flush=True)  # fmt: skip
        results, start_up = run_modes(url, args, folder)

    print(f"\n{args.sessions} sessions on /pk?refresh={args.refresh} in {args.browsers} "
          f"Chromium processes; {args.seconds:.0f} s measured; a result saved every "
          f"{args.write_every:.0f} s\n")  # fmt: skip
    idle_rate = start_up["idle_rate"]
    print(f"idle server (no session): {idle_rate * 100:.1f} % of a core, "
          f"{start_up['idle_rss']:.0f} MiB resident; {args.sessions} sessions opened in "
          f"{start_up['open_s']:.0f} s\n")  # fmt: skip
    print("| standings cache, post-run GC | server CPU | CPU per fragment rerun "
          "| reruns / s | RSS with the sessions (peak) |")  # fmt: skip
    print("|---|---:|---:|---:|---:|")
    for f in results:
        share = f.cpu_s / f.seconds * 100
        # the server's own idle ticking taken out
        per = (f.cpu_s - idle_rate * f.seconds) / f.reruns * 1000 if f.reruns else 0.0
        cache, gc = MODES[f.mode]
        label = f"{'on' if cache else 'off (CAMP_PK_CACHE=0)'}, {'on' if gc else 'off'}"
        print(f"| {label} | {share:.0f} % of a core ({f.cpu_s:.1f} s in {f.seconds:.0f} s) | "
              f"{per:.1f} ms | {f.reruns / f.seconds:.1f} | {f.sessions_rss:.0f} MiB "
              f"({f.peak_rss:.0f}) |")  # fmt: skip


if __name__ == "__main__":
    main()
