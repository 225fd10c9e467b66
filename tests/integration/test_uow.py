"""The unit of work (db/uow.py): one transaction, one audit path, one version bump."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from core.campfile import load_camp_file
from core.errors import UsageError
from db.models import AuditEntry, Camp, Team
from db.services import load_camp
from db.uow import UnitOfWork

CODE = "qh-sample"


@pytest.fixture
def camp(engine: Engine, samples: Path) -> str:
    load_camp(engine, load_camp_file(samples / "camp_sample.toml"))
    return CODE


def version(engine: Engine) -> int:
    with UnitOfWork(engine, write=False) as uow:
        return uow.session.scalar(select(Camp.data_version).where(Camp.code == CODE))


def audit_rows(engine: Engine) -> int:
    with UnitOfWork(engine, write=False) as uow:
        return uow.session.scalar(select(func.count()).select_from(AuditEntry))


def test_a_committed_change_moves_the_camps_version_by_exactly_one(engine: Engine, camp: str):
    before = version(engine)
    with UnitOfWork(engine, camp) as uow:
        uow.camp.name = "another name"  # an ORM change
        uow.session.execute(update(Team).where(Team.camp_id == uow.camp.id).values(target_fen=1))
        uow.audit("tester", "camp.update", "camp", camp_id=uow.camp.id, entity_id=camp)
        uow.audit("tester", "camp.update", "camp", camp_id=uow.camp.id, entity_id=camp)
        uow.commit()
    assert version(engine) == before + 1


def test_a_bulk_statement_alone_counts_as_a_change(engine: Engine, camp: str):
    before = version(engine)
    with UnitOfWork(engine, camp) as uow:
        uow.session.connection().execute(
            update(Team.__table__).where(Team.camp_id == uow.camp.id).values(target_fen=2)
        )
        uow.commit()
    assert version(engine) == before + 1


def test_an_audit_entry_alone_counts_as_a_change(engine: Engine, camp: str):
    before = version(engine)
    with UnitOfWork(engine, camp) as uow:
        uow.audit("tester", "camp.look", "camp", camp_id=uow.camp.id)
        uow.commit()
    assert version(engine) == before + 1


def test_a_unit_that_changed_nothing_leaves_the_version_alone(engine: Engine, camp: str):
    before = version(engine)
    with UnitOfWork(engine, camp) as uow:
        uow.camp.name = uow.camp.name  # set to what it was: no change
        uow.session.execute(update(Team).where(Team.id == -1).values(target_fen=3))  # no row
        assert not uow.changed
        uow.commit()
    assert version(engine) == before


def test_a_unit_rolled_back_leaves_the_version_and_the_audit_log_alone(engine: Engine, camp: str):
    before, audits = version(engine), audit_rows(engine)
    with pytest.raises(RuntimeError), UnitOfWork(engine, camp) as uow:
        uow.camp.name = "never saved"
        uow.audit("tester", "camp.update", "camp", camp_id=uow.camp.id)
        uow.session.flush()
        raise RuntimeError("the use case failed half-way")
    assert version(engine) == before
    assert audit_rows(engine) == audits
    with UnitOfWork(engine, camp, write=False) as uow:
        assert uow.camp.name != "never saved"


def test_an_uncommitted_unit_writes_nothing(engine: Engine, camp: str):
    before = version(engine)
    with UnitOfWork(engine, camp) as uow:
        uow.camp.name = "forgotten"
        uow.audit("tester", "camp.update", "camp", camp_id=uow.camp.id)
    assert version(engine) == before


def test_an_unknown_camp_is_a_usage_error_by_code_or_id(engine: Engine, camp: str):
    with pytest.raises(UsageError, match="unknown camp"), UnitOfWork(engine, "no-such-camp"):
        pass
    with pytest.raises(UsageError, match="unknown camp"), UnitOfWork(engine, 10_000):
        pass
    with UnitOfWork(engine, write=False) as uow:
        camp_id = uow.use_camp(camp).id
    with UnitOfWork(engine, camp_id, write=False) as uow:
        assert uow.camp.code == camp


def test_changes_without_a_camp_are_committed_and_bump_nothing(engine: Engine, camp: str):
    before = version(engine)
    with UnitOfWork(engine) as uow:
        uow.audit("tester", "user.add", "user", entity_id="someone")
        uow.commit()
    assert version(engine) == before
    assert audit_rows(engine) >= 1


def test_two_writers_to_one_camp_run_one_after_the_other(engine: Engine, camp: str):
    before = version(engine)
    first_in, first_may_finish = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with UnitOfWork(engine, camp) as uow:
            first_in.set()
            first_may_finish.wait(10)
            uow.camp.name = "first"
            uow.audit("first", "camp.update", "camp", camp_id=uow.camp.id)
            order.append("first commits")
            uow.commit()

    def second() -> None:
        first_in.wait(10)
        with UnitOfWork(engine, camp) as uow:  # waits for the first writer's lock
            order.append("second in")
            assert uow.camp.name == "first"  # it sees the first writer's change
            uow.camp.name = "second"
            uow.audit("second", "camp.update", "camp", camp_id=uow.camp.id)
            uow.commit()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    first_in.wait(10)
    time.sleep(0.5)  # the second writer is now waiting on the lock, not running
    first_may_finish.set()
    for t in threads:
        t.join(30)
    assert order == ["first commits", "second in"]
    assert version(engine) == before + 2
