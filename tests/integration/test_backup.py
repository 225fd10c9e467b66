"""A backup taken while the app writes is one consistent store, on both backends.

Two views of "consistent": an import is in the copy with all of its rows or not at all;
and a copy taken with `cli.py backup` while trainers save visits, put back with `cli.py
restore`, ranks exactly as its own visits re-derived (no visit without its points, no
running total ahead of or behind its visits, no visit without its audit entry).
"""

from __future__ import annotations

import threading
import time
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from db.backup import backup, restore
from db.engine import make_engine
from db.migrate import upgrade
from db.models import AuditEntry, Camp, LoanImport, LoanSnapshot, Visit
from db.queries import member_standings, standings
from db.uow import UnitOfWork
from db.visits import record_visits
from tests.integration.test_cli import run
from tests.integration.test_concurrency import camp_store
from tests.integration.test_faults import agrees_with_rederivation
from tests.integration.test_load import CAMP, _visits

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


@pytest.mark.slow
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


TRAINERS = 4


@pytest.fixture
def restored_url(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> str:
    """An empty store of the same backend to restore into."""
    if db_url.startswith("postgresql"):
        return request.getfixturevalue("pg_url2")
    return f"sqlite:///{tmp_path / 'restored.db'}"


def _saved_and_audited(url: str) -> tuple[int, int]:
    """The visits in the store, and the visits its audit log says were stored."""
    engine = make_engine(url)
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        visits = s.scalar(select(func.count()).select_from(Visit))
        audits = s.scalars(select(AuditEntry.after).where(AuditEntry.action == "visits.add"))
        audited = sum(a["stored"] for a in audits)
    engine.dispose()
    return int(visits or 0), audited


@pytest.mark.slow
def test_a_cli_backup_taken_while_trainers_save_restores_with_the_cli_to_a_consistent_ranking(
    db_url: str, restored_url: str, samples: Path, tmp_path: Path
) -> None:
    camp_store(db_url, samples)
    visits = _visits(samples)
    engine = make_engine(db_url)
    errors: list[BaseException] = []

    def trainer(i: int) -> None:
        try:
            for record in visits[i::TRAINERS]:  # one save at a time, as on /entry
                record_visits(engine, CAMP, [record], actor=f"t{i}")
        except BaseException as exc:  # noqa: BLE001 — reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=trainer, args=(i,)) for i in range(TRAINERS)]
    for th in threads:
        th.start()
    copies = []
    try:
        deadline = time.monotonic() + 60
        while _saved_and_audited(db_url)[0] < 10:  # the trainers are busy
            assert time.monotonic() < deadline, "the trainers never saved"
            time.sleep(0.01)
        while any(th.is_alive() for th in threads) and len(copies) < 3:
            copy = tmp_path / f"during-{len(copies)}.db"
            code, _, err = run(db_url, "backup", str(copy))
            assert code == 0, err
            copies.append(copy)
    finally:
        for th in threads:
            th.join(timeout=120)
        engine.dispose()
    assert not errors, errors[:1]
    final = tmp_path / "after.db"
    assert run(db_url, "backup", str(final))[0] == 0

    counts = []
    for copy in [*copies, final]:
        code, out, err = run(restored_url, "restore", str(copy))
        assert code == 0, err
        saved, audited = _saved_and_audited(restored_url)
        assert saved == audited, f"{copy.name}: {saved} visits, {audited} in the audit log"
        assert agrees_with_rederivation(restored_url, CAMP), copy.name
        counts.append(saved)
    assert counts[-1] == len(visits)
    assert min(counts) < len(visits)  # at least one copy was taken mid-way
    source, restored = make_engine(db_url), make_engine(restored_url)
    try:
        assert standings(restored, CAMP) == standings(source, CAMP)
        assert member_standings(restored, CAMP) == member_standings(source, CAMP)
    finally:
        source.dispose()
        restored.dispose()
