"""Benchmark: importing a loan workbook (issue 2, docs/performance.md).

    python benchmarks/bench_import.py [--rows 50000] [--seed 1]

Builds a realistic xlsx (title rows, 单位：万元 line, demo loans), then, each in a
fresh process so peak memory (ru_maxrss) is its own:
  read-calamine   python-calamine reads the raw rows
  read-openpyxl   openpyxl (read_only, data_only) reads the raw rows
  parse           read_loan_list: rows → validated LoanRecords (calamine)
  import-sqlite   the whole `loans-import` into a fresh SQLite store
and prints a Markdown table of wall time and peak RSS.

    python benchmarks/bench_import.py --csv-rows 1000000

builds a plain CSV of that many loans (header + rows, the required columns and a few
more) and runs `cli.py loans-import` on it in a fresh process, reporting the exit code,
wall time and peak RSS (issue 12: a 1,000,000-row CSV within 1 GB).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADER = [
    "贷款账号", "借款人", "证件号码", "联系电话", "客户类型", "贷款余额", "欠息", "放款日期",
    "到期日期", "五级分类", "最后还款日期", "担保方式", "保证人", "乡镇", "村", "客户经理",
    "是否核销", "民族",
]  # fmt: skip


def build_workbook(path: Path, rows: int, seed: int) -> None:
    from openpyxl import Workbook

    from core.demo import demo_camp, demo_loans

    cfg = demo_camp(teams=8, seed=seed)
    loans = demo_loans(cfg, n=rows, seed=seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("不良贷款清单")
    ws.append(["示范农商银行逾期及不良贷款清单"])
    ws.append(["数据日期：2026-11-20        单位：万元"])
    ws.append(HEADER)
    for i, r in enumerate(loans):
        maturity = r.maturity_date
        # the shapes a core system exports: dates as text in several formats, or real dates
        shown = (
            maturity,
            maturity.strftime("%Y%m%d"),
            f"{maturity.year}.{maturity.month}.{maturity.day}",
            f"{maturity.year}年{maturity.month}月{maturity.day}日",
        )[i % 4]
        ws.append(
            [
                r.loan_no, r.borrower, r.id_number, r.phone, r.segment,
                r.principal_fen / 1_000_000, r.interest_fen / 1_000_000, r.disbursed_on,
                shown, r.risk_class, r.last_payment_on, r.guarantee, "、".join(r.guarantors),
                r.township, r.village, r.manager, "是" if r.written_off else "否", r.ethnicity,
            ]
        )  # fmt: skip
    ws.append(["合计"])
    wb.save(path)


def measure(step: str, workbook: Path, workdir: Path) -> dict:
    """Run one step in this process and report its time and peak memory."""
    from core.importing import read_loan_list, read_rows

    started = time.perf_counter()
    extra: dict = {}
    if step == "read-calamine":
        extra["rows"] = len(read_rows(workbook, engine="calamine"))
    elif step == "read-openpyxl":
        extra["rows"] = len(read_rows(workbook, engine="openpyxl"))
    elif step == "parse":
        result = read_loan_list(workbook)
        extra["loans"] = len(result.records)
        extra["errors"] = len(result.errors)
    elif step == "import-sqlite":
        from core.demo import demo_camp
        from db.camps import load_camp
        from db.engine import make_engine
        from db.loans import import_loans
        from db.migrate import upgrade

        engine = make_engine(f"sqlite:///{workdir / 'bench.db'}")
        upgrade(engine)
        load_camp(engine, demo_camp(teams=8, seed=1))
        t0 = time.perf_counter()
        result = read_loan_list(workbook)
        t1 = time.perf_counter()
        done = import_loans(engine, "demo", result, filename=workbook.name)
        t2 = time.perf_counter()
        extra.update(loans=done.created, read_s=round(t1 - t0, 2), write_s=round(t2 - t1, 2))
    else:
        raise SystemExit(f"unknown step {step}")
    elapsed = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_mib = usage.ru_maxrss / 1024
    extra["cpu_s"] = round(usage.ru_utime + usage.ru_stime, 2)  # less noisy on a shared box
    return {"step": step, "seconds": round(elapsed, 2), "peak_mib": round(peak_mib), **extra}


def build_csv(path: Path, rows: int) -> None:
    townships = ["城关镇", "石桥乡", "河口镇", "白沙乡", "青山乡", "新华街道"]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("借据号,借款人,客户类型,贷款余额,欠息,到期日,乡镇,地址\n")
        for i in range(rows):
            town = townships[i % len(townships)]
            maturity = f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}"
            amounts = f"{1000 + i % 9000}.50,{i % 300}.25"
            out.write(f"J{i:09d},客户{i},农户,{amounts},{maturity},{town},{town}某村{i % 50}组\n")


def csv_import(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"loans_{rows}.csv"
        build_csv(path, rows)
        db = f"sqlite:///{Path(tmp) / 'bench.db'}"
        cli = [sys.executable, str(ROOT / "cli.py"), "--db", db]
        subprocess.run([*cli, "demo", "--teams", "8", "--loans", "10", "--visits", "0"],
                       check=True, capture_output=True)  # fmt: skip
        subprocess.run([*cli, "init"], check=True, capture_output=True)
        started = time.perf_counter()
        process = subprocess.Popen([*cli, "loans-import", "demo", str(path), "--lang", "en"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)  # fmt: skip
        out, err = process.communicate()
        seconds = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        print(f"csv: {rows} rows, {path.stat().st_size / 2**20:.1f} MiB")
        print("| step | exit | wall time (s) | peak RSS (MiB) | output |")
        print("|---|---:|---:|---:|---|")
        lines = out.decode().strip().splitlines() or err.decode().strip().splitlines() or [""]
        first = lines[0]
        print(f"| cli loans-import | {process.returncode} | {seconds:.1f} | {peak:.0f} | {first} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--csv-rows", type=int, help="time `loans-import` of a CSV this long")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--workbook", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(measure(args.step, Path(args.workbook), Path(args.workdir))))
        return
    if args.csv_rows:
        csv_import(args.csv_rows)
        return
    with tempfile.TemporaryDirectory() as tmp:
        workbook = Path(tmp) / f"loans_{args.rows}.xlsx"
        t0 = time.perf_counter()
        build_workbook(workbook, args.rows, args.seed)
        size_mib = workbook.stat().st_size / 2**20
        print(f"workbook: {args.rows} rows, {size_mib:.1f} MiB, built in "
              f"{time.perf_counter() - t0:.1f} s")  # fmt: skip
        print("| step | wall time (s) | peak RSS (MiB) | detail |")
        print("|---|---:|---:|---|")
        for step in ("read-calamine", "read-openpyxl", "parse", "import-sqlite"):
            out = subprocess.run(
                [sys.executable, __file__, "--step", step, "--workbook", str(workbook),
                 "--workdir", tmp],
                capture_output=True, text=True, check=True,
            ).stdout  # fmt: skip
            r = json.loads(out.strip().splitlines()[-1])
            detail = ", ".join(f"{k}={v}" for k, v in r.items()
                               if k not in ("step", "seconds", "peak_mib"))  # fmt: skip
            print(f"| {r['step']} | {r['seconds']} | {r['peak_mib']} | {detail} |")


if __name__ == "__main__":
    main()
