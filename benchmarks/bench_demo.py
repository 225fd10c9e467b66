"""Benchmark: making the demo camp's loan list (core.demo.demo_loans), pure Python.

    python benchmarks/bench_demo.py [--loans 50000] [--repeat 5]

Prints the median time to make the list for the sample camp's territories; the
unit test checks only what the list holds (one loan number per loan).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from core.campfile import load_camp_file  # noqa: E402
from core.demo import demo_loans  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--loans", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    cfg = load_camp_file(ROOT / "samples" / "camp_sample.toml")
    times = []
    for seed in range(args.repeat):
        started = time.perf_counter()
        loans = demo_loans(cfg, n=args.loans, seed=seed)
        times.append(time.perf_counter() - started)
        assert len(loans) == args.loans
    print(f"demo_loans n={args.loans}: median {statistics.median(times):.2f} s "
          f"(min {min(times):.2f}, max {max(times):.2f}, {args.repeat} runs)")  # fmt: skip


if __name__ == "__main__":
    main()
