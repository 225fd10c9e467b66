"""A backup taken while the app writes is one consistent store, on both backends."""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, func, select

from db.backup import backup, restore
from db.engine import make_engine
from db.migrate import upgrade
from db.models import Camp, LoanImport, LoanSnapshot
from db.uow import UnitOfWork

ROWS_PER_BATCH = 40


def _write_batches(engine: Engine, camp_id: int, stop: threading.Event, done: list[int]) -> None:
    """Each transaction writes an import and its rows together: a torn copy would show."""
    n = 0
    while not stop.is_set() and n < 400:
        with UnitOfWork(engine) as uow:
            batch = LoanImport(
                camp_id=camp_id, as_of=date(2026, 12, 1), mode="snapshot", rows=ROWS_PER_BATCH
            )
            uow.session.add(batch)
            uow.session.flush()
            uow.session.add_all(
                LoanSnapshot(import_id=batch.id, loan_no=f"{n}-{i}", segment="涉农",
                             township="城关镇", principal_fen=i, maturity_date=date(2024, 1, 1))
                for i in range(ROWS_PER_BATCH)
            )  # fmt: skip
            uow.commit()
        n += 1
    done.append(n)


def _consistent(engine: Engine) -> tuple[int, bool]:
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        counts = s.execute(
            select(LoanImport.id, LoanImport.rows, func.count(LoanSnapshot.id))
            .outerjoin(LoanSnapshot, LoanSnapshot.import_id == LoanImport.id)
            .group_by(LoanImport.id, LoanImport.rows)
        ).all()
    return len(counts), all(rows == n for _, rows, n in counts)


def test_a_backup_taken_while_writers_run_restores_to_a_consistent_store(
    engine: Engine, tmp_path: Path
) -> None:
    with UnitOfWork(engine) as uow:
        camp = Camp(code="b", name="b", bank="", start_date=date(2026, 12, 1), scope={})
        uow.session.add(camp)
        uow.commit()
    stop, done = threading.Event(), []
    writer = threading.Thread(
        target=_write_batches,
        args=(make_engine(str(engine.url.render_as_string(False))), camp.id, stop, done),
    )
    writer.start()
    try:
        deadline = time.monotonic() + 60
        while _consistent(engine)[0] < 5:  # wait until the writer is busy
            assert writer.is_alive() and time.monotonic() < deadline, "the writer never wrote"
            time.sleep(0.01)
        copies = [tmp_path / f"backup{i}.db" for i in range(3)]
        for copy in copies:
            backup(engine, copy)
    finally:
        stop.set()
        writer.join(timeout=60)
    assert done and done[0] > 0
    for copy in copies:
        target = make_engine(f"sqlite:///{tmp_path / ('restored-' + copy.name)}")
        upgrade(target)
        restore(target, copy)
        batches, consistent = _consistent(target)
        target.dispose()
        assert batches >= 5
        assert consistent, f"{copy.name} holds an import without all of its rows"
