"""Benchmark: day 7 on a demo camp — closing it, listing its post-loan tasks, the awards
board — at realistic and large sizes.

    python cli.py --db sqlite:///data/real.db demo --loans 1500 --visits 3000
    python benchmarks/bench_day7.py --db sqlite:///data/real.db

Closing writes (the tasks, the freeze), so the script works on a copy of a SQLite store
(`--db` is copied to a temporary file first) and closes that copy once; listing and the
awards board are read-only and repeated (`--repeat`, median shown).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from db.engine import make_engine  # noqa: E402
from db.models import utcnow  # noqa: E402
from db.postloan import close_camp, list_tasks, overdue_count, task_owners  # noqa: E402
from db.queries.awards import awards_board  # noqa: E402


def _median_ms(fn, repeat: int) -> float:  # noqa: ANN001
    samples = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
    return statistics.median(samples) * 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", required=True, help="a SQLite store with the demo camp")
    ap.add_argument("--camp", default="demo")
    ap.add_argument("--at", default="2026-12-08", help="the close date C")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    source = Path(args.db.removeprefix("sqlite:///"))
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "bench.db"
        shutil.copyfile(source, copy)
        engine = make_engine(f"sqlite:///{copy}")
        now = utcnow()
        t0 = time.perf_counter()
        awards_board(engine, args.camp, now)
        first_board = (time.perf_counter() - t0) * 1000
        board = _median_ms(lambda: awards_board(engine, args.camp, now), args.repeat)
        t0 = time.perf_counter()
        result = close_camp(engine, args.camp, date.fromisoformat(args.at), actor="bench")
        close_ms = (time.perf_counter() - t0) * 1000
        owners = task_owners(engine, args.camp)
        owner = owners[0]
        listing = _median_ms(lambda: list_tasks(engine, args.camp), args.repeat)
        one = _median_ms(lambda: list_tasks(engine, args.camp, owner=owner), args.repeat)
        reminder = _median_ms(lambda: overdue_count(engine, owner, date(2027, 3, 1)), args.repeat)
        engine.dispose()
    print(f"awards board, first build:        {first_board:8.0f} ms")
    print(f"awards board (median):            {board:8.0f} ms")
    print(f"close-camp ({result.tasks_created} tasks):      {close_ms:8.0f} ms")
    print(f"list_tasks, whole camp (median):  {listing:8.0f} ms")
    print(f"list_tasks, one owner (median):   {one:8.0f} ms")
    print(f"overdue reminder (median):        {reminder:8.2f} ms")


if __name__ == "__main__":
    main()
