"""Benchmark: the camp's evaluation (db.evaluation) on a demo camp, realistic and large.

    python cli.py --db sqlite:///data/real.db demo --loans 1500 --visits 3000
    python cli.py --db sqlite:///data/big.db demo --teams 200 --loans 100000 --visits 1000000
    python benchmarks/bench_evaluation.py --db sqlite:///data/big.db [--later] [--repeat 5]

The demo camp has one loan list and no follow-ups. `--later` first adds a loan list
dated after the camp (a copy of the first list's rows, 30 days more overdue, as a
snapshot) and a follow-up on one loan in ten, so the migration and the follow-ups are
measured too: it writes, so point it at a copy. Prints the median time of the whole
evaluation, of each of its queries, and of the workbook.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, insert, select, text  # noqa: E402

from core import evaluation as ev  # noqa: E402
from core.scope import clean_scope  # noqa: E402
from db import evaluation as de  # noqa: E402
from db.engine import make_engine  # noqa: E402
from db.migrate import upgrade  # noqa: E402
from db.models import Camp, FollowUp, LoanImport, Visit  # noqa: E402
from db.models import Loan as LoanRow  # noqa: E402
from db.scoring import camp_calendar  # noqa: E402
from db.uow import UnitOfWork  # noqa: E402


def _ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:.0f} ms"


def _add_later(engine, code: str) -> None:  # noqa: ANN001
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = s.scalars(select(Camp).where(Camp.code == code)).one()
        first = s.scalar(select(func.min(LoanImport.id)).where(LoanImport.camp_id == camp.id))
        end = camp_calendar(camp).window()[1]
        later = LoanImport(camp_id=camp.id, filename="bench-later", mode="snapshot", rows=0,
                           as_of=camp.start_date + timedelta(days=camp.days + 5))  # fmt: skip
        s.add(later)
        s.flush()
        s.execute(
            text(
                "insert into loan_snapshots (import_id, loan_no, segment, township, "
                "principal_fen, interest_fen, maturity_date, days_overdue, risk_class, "
                "written_off, customer_type) select :later, loan_no, segment, township, "
                "principal_fen, interest_fen, maturity_date, days_overdue + 30, risk_class, "
                "written_off, customer_type from loan_snapshots where import_id = :first"
            ),
            {"later": later.id, "first": first},
        )
        loans = s.scalars(
            select(LoanRow.id).where(LoanRow.camp_id == camp.id, LoanRow.id % 10 == 0)
        ).all()
        s.execute(
            insert(FollowUp),
            [{"camp_id": camp.id, "loan_id": loan_id, "at": end + timedelta(days=3),
              "contact": "见到本人", "principal_fen": 10_000, "interest_fen": 0}
             for loan_id in loans],
        )  # fmt: skip
        uow.commit()
    print(f"added a later list and {len(loans)} follow-ups")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("--camp", default="demo")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--later", action="store_true")
    args = parser.parse_args()
    engine = make_engine(args.db)
    upgrade(engine)
    if args.later:
        _add_later(engine, args.camp)
    with engine.connect() as conn:
        camp = conn.execute(select(Camp).where(Camp.code == args.camp)).first()
        visits = conn.scalar(select(func.count()).where(Visit.camp_id == camp.id))
        loans = conn.scalar(select(func.count()).where(LoanRow.camp_id == camp.id))
    today = camp.start_date + timedelta(days=camp.days + 30)
    print(f"camp {args.camp}: {loans} loans, {visits} visits; evaluation at {today}")

    whole, book = [], []
    data = None
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        data = de.evaluation(engine, args.camp, today)
        whole.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        ev.evaluation_xlsx(data)
        book.append(time.perf_counter() - t0)
    print(f"evaluation: {_ms(whole)} (median of {args.repeat}); workbook: {_ms(book)}")

    cal = camp_calendar(camp)
    scope = clean_scope(camp.scope or {})
    with engine.connect() as conn:
        before, after = de._lists(conn, camp)
        parts = {
            "cash": lambda: de._cash_cells(conn, camp),
            "payments": lambda: de._payments(conn, camp),
            "promises": lambda: de._promises(conn, camp, today),
            "limitations saved": lambda: de._saved_balances(conn, camp, cal),
            "lists": lambda: (de._listed_cells(conn, camp, scope, before),
                              de._listed_cells(conn, camp, scope, after)),
            "migration": lambda: de._migration_cells(conn, camp, scope, before, after),
            "tactic visits": lambda: list(de._tactic_visits(conn, camp)),
        }  # fmt: skip
        for name, part in parts.items():
            samples = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                part()
                samples.append(time.perf_counter() - t0)
            print(f"  {name}: {_ms(samples)}")
    assert data is not None
    print(
        f"cash {data.cash_total.camp_fen} fen, promises {data.promises.kept}/"
        f"{data.promises.due}, saved {data.saved.count}, tactics {len(data.tactics)} rows, "
        f"migration {'yes' if data.migration else 'no'}"
    )


if __name__ == "__main__":
    main()
