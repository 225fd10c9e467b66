"""Two admins saving the camp settings at once: the second is told, nothing is lost
(issue 13, point 9; docs/security.md threat 21). On SQLite and on PostgreSQL.

A /setup form carries the camp's settings version it was loaded at; the store saves
against it under the camp's row lock, so the save that comes second — in sequence or at
the same instant — is refused with CampChanged and writes nothing.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from core.campfile import load_camp_file
from db.camps import CampChanged
from db.engine import make_engine
from db.models import AuditEntry
from db.queries.setup import setup_view
from db.setup import save_camp
from db.uow import UnitOfWork

CODE = "qh-sample"


@pytest.fixture
def loaded(engine: Engine, samples: Path) -> int:
    save_camp(engine, load_camp_file(samples / "camp_sample.toml"), "boss")
    return setup_view(engine, CODE).version


def _audits(engine: Engine) -> int:
    with UnitOfWork(engine, write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(AuditEntry)))


def test_the_second_of_two_admins_saving_the_same_version_is_refused_and_writes_nothing(
    engine: Engine, loaded: int
) -> None:
    a = b = setup_view(engine, CODE)  # both forms loaded at the same version
    save_camp(engine, replace(a.config, name="甲改的名称"), "admin-a", expected_version=a.version)
    audits = _audits(engine)
    with pytest.raises(CampChanged) as info:
        save_camp(engine, replace(b.config, bank="乙改的银行"), "admin-b",
                  expected_version=b.version)  # fmt: skip
    assert (info.value.expected, info.value.current) == (loaded, loaded + 1)
    now = setup_view(engine, CODE)
    assert (now.config.name, now.config.bank) == ("甲改的名称", a.config.bank)
    assert now.version == loaded + 1 and _audits(engine) == audits
    # loaded again, admin b's change goes through on top of admin a's
    save_camp(engine, replace(now.config, bank="乙改的银行"), "admin-b",
              expected_version=now.version)  # fmt: skip
    after = setup_view(engine, CODE).config
    assert (after.name, after.bank) == ("甲改的名称", "乙改的银行")


def test_two_admins_saving_at_the_same_instant_store_one_and_refuse_the_other(
    db_url: str, engine: Engine, loaded: int
) -> None:
    view = setup_view(engine, CODE)
    start, outcomes = threading.Barrier(2), {}

    def admin(name: str) -> None:
        own = make_engine(db_url)
        try:
            start.wait()
            save_camp(own, replace(view.config, name=name), name, expected_version=view.version)
            outcomes[name] = "saved"
        except CampChanged:
            outcomes[name] = "refused"
        finally:
            own.dispose()

    threads = [threading.Thread(target=admin, args=(n,)) for n in ("甲", "乙")]
    for th in threads:
        th.start()
    for th in threads:
        th.join(timeout=60)
    assert sorted(outcomes.values()) == ["refused", "saved"]
    [winner] = [n for n, o in outcomes.items() if o == "saved"]
    now = setup_view(engine, CODE)
    assert now.config.name == winner and now.version == loaded + 1


def test_a_form_creating_a_camp_whose_code_was_taken_meanwhile_is_refused(
    engine: Engine, loaded: int
) -> None:
    cfg = setup_view(engine, CODE).config
    with pytest.raises(CampChanged):
        save_camp(engine, replace(cfg, name="另一个"), "admin-b", expected_version=0)
    assert setup_view(engine, CODE).config.name == cfg.name


def test_a_camp_file_loaded_on_the_command_line_still_overwrites_and_moves_the_version(
    engine: Engine, loaded: int, samples: Path
) -> None:
    """A camp file describes the whole camp: it is not a form and carries no version."""
    save_camp(engine, load_camp_file(samples / "camp_sample.toml"), "cli")
    assert setup_view(engine, CODE).version == loaded + 1


def test_a_change_of_departments_also_moves_the_version(engine: Engine, loaded: int) -> None:
    from db.setup import save_departments

    save_departments(engine, CODE, {"林晓": "资管"}, "boss")
    assert setup_view(engine, CODE).version == loaded + 1
