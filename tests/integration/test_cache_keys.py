"""Cache keys carry the camp: a camp `demo` replaces is never served from the old one's."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from core.campfile import load_camp_file
from db.camps import load_camp, replace_camp
from db.evaluation import evaluation_version
from db.queries import camp_version, data_version
from db.queries.awards import awards_key
from db.queries.pk import pk_key

CODE = "qh-sample"
NOW = datetime(2026, 12, 18, 4, 0, tzinfo=UTC)


def keys(engine: Engine) -> list[tuple | None]:
    return [
        camp_version(engine, CODE),
        pk_key(engine, CODE, NOW),
        awards_key(engine, CODE, NOW),
        evaluation_version(engine, CODE),
    ]


def test_a_camp_replaced_at_the_same_data_version_gets_new_cache_keys(
    engine: Engine, samples: Path
) -> None:
    cfg = load_camp_file(samples / "camp_sample.toml")
    load_camp(engine, cfg)
    old_version, old_keys = data_version(engine, CODE), keys(engine)
    assert replace_camp(engine, CODE)
    load_camp(engine, cfg)  # the same camp file again: its version restarts
    assert data_version(engine, CODE) == old_version
    for old, new in zip(old_keys, keys(engine), strict=True):
        assert old is not None and new is not None
        assert old != new  # an old board cached under `old` is not the new camp's


def test_the_keys_hold_while_nothing_changes(engine: Engine, samples: Path) -> None:
    load_camp(engine, load_camp_file(samples / "camp_sample.toml"))
    assert keys(engine) == keys(engine)
    assert camp_version(engine, "no-such-camp") is None
