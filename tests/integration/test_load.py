"""Twenty sessions of one app server saving at the same second (SPEC §6), on both stores.

The app server is one process: every Streamlit session is a thread sharing one Engine (one
connection pool, app.py's store()). Twenty threads save visits one at a time — as twenty
trainers press 保存 — each its own visits plus some that every other trainer types too;
afterwards the store must hold each visit once and rank exactly as one serial import of
the same visits into a fresh store. (Twenty *processes* importing at once: see
test_concurrency.py.)
"""

from __future__ import annotations

import random
import shutil
import threading
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from core.campfile import load_camp_file
from core.demo import demo_visits
from core.importing import read_loan_list
from core.records import VisitRecord
from db.engine import make_engine
from db.models import Visit
from db.queries import member_standings, standings
from db.uow import UnitOfWork
from db.visits import record_visits
from tests.integration.test_concurrency import camp_store

pytestmark = pytest.mark.slow  # processes and threads at once: not in the quick loop

THREADS = 20
OWN = 5  # visits only this trainer saves
SHARED = 20  # visits every trainer saves (the same paper form typed twenty times)
CAMP = "qh-sample"


@pytest.fixture
def second_url(request: pytest.FixtureRequest, db_url: str, tmp_path: Path) -> str:
    """Another empty store of the same backend, for the serial run."""
    if db_url.startswith("postgresql"):
        return request.getfixturevalue("pg_url2")
    path = tmp_path / "serial.db"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


def _visits(samples: Path) -> list[VisitRecord]:
    cfg = load_camp_file(samples / "camp_sample.toml")
    loans = read_loan_list(samples / "loans_sample.xlsx").records
    return demo_visits(cfg, loans, n=SHARED + THREADS * OWN, seed=11)


def _ranked(engine: Engine) -> tuple[dict, dict, dict]:
    return standings(engine, CAMP), member_standings(engine, CAMP), standings(engine, CAMP, 3)


def _count_visits(engine: Engine) -> tuple[int, int]:
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        rows = s.scalar(select(func.count()).select_from(Visit))
        fingerprints = s.scalar(select(func.count(func.distinct(Visit.fingerprint))))
    return int(rows or 0), int(fingerprints or 0)


def test_twenty_sessions_saving_at_once_on_one_engine_rank_as_one_serial_import(
    engine: Engine, db_url: str, second_url: str, samples: Path
) -> None:
    visits = _visits(samples)
    shared, own = visits[:SHARED], visits[SHARED:]
    camp_store(second_url, samples)
    serial_engine = make_engine(second_url)
    try:
        assert record_visits(serial_engine, CAMP, visits, source="import").stored == len(visits)
        serial = _ranked(serial_engine)
    finally:
        serial_engine.dispose()

    camp_store(db_url, samples)
    start = threading.Barrier(THREADS)
    stored = [0] * THREADS
    duplicates = [0] * THREADS
    errors: list[BaseException] = []

    def trainer(i: int) -> None:
        mine = own[i * OWN : (i + 1) * OWN] + shared
        random.Random(i).shuffle(mine)  # each trainer types the forms in their own order
        try:
            start.wait(timeout=60)
            for record in mine:  # one save per visit, as the /entry form does
                done = record_visits(engine, CAMP, [record], actor=f"t{i}", source="entry")
                stored[i] += done.stored
                duplicates[i] += len(done.duplicates)
        except BaseException as exc:  # noqa: BLE001 — reported by the main thread
            errors.append(exc)

    threads = [threading.Thread(target=trainer, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a session never finished saving"
    assert not errors, errors[:1]

    assert sum(stored) == len(visits)  # every visit stored once, by exactly one session
    assert sum(duplicates) == THREADS * (OWN + SHARED) - len(visits)
    assert _count_visits(engine) == (len(visits), len(visits))
    assert _ranked(engine) == serial
    assert any(e.points for _, e in serial[0]["teams"])  # the camp scored: a real comparison
