"""Benchmark: standings and recording one visit on a large demo camp (issue 3).

    python cli.py --db sqlite:///data/big.db demo --teams 200 --loans 100000 --visits 1000000
    python benchmarks/bench_standings.py --db sqlite:///data/big.db [--repeat 20]

Each standings measurement follows a write (an adjustment), so no cache is warm;
the baseline loads the camp's visits into pandas and groups them, in the same run.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import pandas as pd  # noqa: E402
from sqlalchemy import select, text  # noqa: E402

from core.records import VisitRecord  # noqa: E402
from db.engine import make_engine  # noqa: E402
from db.models import Camp, Loan, Member, Team  # noqa: E402
from db.queries import standings  # noqa: E402
from db.scoring import camp_calendar  # noqa: E402
from db.visits import add_adjustment, record_visits  # noqa: E402


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.1f} ms (median of {len(samples)})"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--camp", default="demo")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    engine = make_engine(args.db)
    with engine.connect() as conn:
        camp = conn.execute(select(Camp).where(Camp.code == args.camp)).first()
        visits = conn.execute(text("select count(*) from visits")).scalar_one()
        teams = conn.execute(select(Team.id, Team.name).where(Team.camp_id == camp.id)).all()
    cal = camp_calendar(camp)
    day = cal.field_days[2]
    print(f"camp {args.camp}: {len(teams)} teams, {visits} visits")

    camp_s, day_s = [], []
    for i in range(args.repeat):
        add_adjustment(engine, args.camp, teams[i % len(teams)].name, "0.01", "bench")
        t0 = time.perf_counter()
        standings(engine, args.camp)
        camp_s.append(time.perf_counter() - t0)
        add_adjustment(engine, args.camp, teams[i % len(teams)].name, "-0.01", "bench")
        t0 = time.perf_counter()
        standings(engine, args.camp, day)
        day_s.append(time.perf_counter() - t0)
    pandas_s = []
    for _ in range(3):
        t0 = time.perf_counter()
        df = pd.read_sql(
            text(
                "select team_id, period_day, points, cash_principal_fen, cash_interest_fen, "
                "cash_written_off_fen from visits where camp_id = :c and voided_at is null"
            ),
            engine,
            params={"c": camp.id},
        )
        df.groupby("team_id")[["points", "cash_principal_fen"]].sum()
        pandas_s.append(time.perf_counter() - t0)
    print(f"standings, camp, after a write: {_ms(camp_s)}")
    print(f"standings, day {day}, after a write: {_ms(day_s)}")
    print(f"pandas: load visits and group: {_ms(pandas_s)}")
    print(f"ratio: {statistics.median(pandas_s) / statistics.median(camp_s):.0f}x")

    with engine.connect() as conn:
        rows = conn.execute(
            select(Loan.loan_no, Team.name, Member.name)
            .join(Team, Team.id == Loan.team_id)
            .join(Member, Member.team_id == Team.id)
            .where(Loan.camp_id == camp.id, Loan.principal_fen > 0)
            .limit(args.repeat * 3)
        ).all()
    record_s = []
    base = cal.local(cal.period_bounds(day)[0]).replace(tzinfo=None) + timedelta(hours=16)
    for i, (loan_no, team, member) in enumerate(rows[: args.repeat]):
        rec = VisitRecord(
            row=2, visited_at=datetime(base.year, base.month, base.day, 10, i % 60),
            team=team, loan_no=loan_no, contact="未见到", members=(member,),
            notes=f"bench {time.time_ns()}",
        )  # fmt: skip
        t0 = time.perf_counter()
        record_visits(engine, args.camp, [rec], source="bench")
        record_s.append(time.perf_counter() - t0)
    print(f"record one visit (with its loan's re-derivation): {_ms(record_s)}")


if __name__ == "__main__":
    main()
