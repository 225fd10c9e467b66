"""Schema migrations with Alembic, configured in code (no alembic.ini to keep in step).

`python -m db.migrate revision "message"` autogenerates a new revision against
a scratch SQLite database upgraded to head.
"""

from __future__ import annotations

import functools
import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from db.engine import make_engine

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(url: str | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(engine: Engine) -> None:
    """Create or upgrade the schema to head; idempotent.

    A store already at head is left alone without loading Alembic's environment and the
    migration scripts (a tenth of a second of CPU that every command paid before)."""
    if current_revision(engine) == _head():
        return
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_store(url: str) -> Engine:
    """The store at `url`, ready for the app: its engine, the schema upgraded to head."""
    engine = make_engine(url)
    upgrade(engine)
    return engine


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


@functools.cache
def _head() -> str | None:
    """The head revision, read from the scripts once per process (they ship with it)."""
    return head_revision()


def _autogenerate(message: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/scratch.db"
        upgrade(make_engine(url))
        command.revision(alembic_config(url), message=message, autogenerate=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "revision":
        _autogenerate(sys.argv[2])
    else:
        print('usage: python -m db.migrate revision "message"', file=sys.stderr)
        sys.exit(2)
