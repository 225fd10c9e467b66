"""A consistent copy of the store while the app runs, and putting it back.

The backup is always a SQLite file. From SQLite it is the online backup API
(readers and writers carry on); from PostgreSQL every table is read in one
REPEATABLE READ transaction, so the copy is one consistent snapshot. Restore
writes a backup into any store, which also moves a camp from one machine's
SQLite to a province's PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from sqlalchemy import Engine, Table, insert, select, text

from db.engine import is_sqlite, make_engine
from db.migrate import head_revision, upgrade
from db.models import Base

BATCH = 5_000


class BackupError(Exception):
    pass


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def backup(engine: Engine, target: str | Path) -> int:
    """Write a consistent copy of the store to `target` (a SQLite file); returns rows copied."""
    target = Path(target)
    if target.exists():
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite(engine):
        raw = engine.raw_connection()
        try:
            dest = sqlite3.connect(target)
            try:
                raw.driver_connection.backup(dest)
            finally:
                dest.close()
        finally:
            raw.close()
        return _finish(target)
    out = make_engine(f"sqlite:///{target}")
    upgrade(out)
    total = 0
    snapshot = engine.execution_options(isolation_level="REPEATABLE READ")
    with snapshot.begin() as src, out.begin() as dst:
        for table in _tables():
            result = src.execute(select(table).order_by(*table.primary_key.columns))
            while rows := result.mappings().fetchmany(BATCH):
                dst.execute(insert(table), [dict(r) for r in rows])
                total += len(rows)
    out.dispose()
    _finish(target)
    return total


def _finish(target: Path) -> int:
    """Make the copy one self-contained file (no WAL beside it); count its rows."""
    with closing(sqlite3.connect(target, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        return sum(
            conn.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in _tables()
        )


def restore(engine: Engine, source: str | Path) -> int:
    """Replace the store's content with a backup's; returns rows restored."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"no such backup file: {source}")
    try:
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as probe:
            revision = probe.execute("select version_num from alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"not a backup of this app: {source} ({exc})") from exc
    if not revision or revision[0] != head_revision():
        raise BackupError(
            f"backup schema {revision[0] if revision else '?'} differs from this app's "
            f"{head_revision()}: restore it with the version that made it"
        )
    src_engine = make_engine(f"sqlite:///{source}")
    upgrade(engine)
    total = 0
    tables = _tables()
    try:
        with src_engine.connect() as src, engine.begin() as dst:
            for table in reversed(tables):
                dst.execute(table.delete())
            for table in tables:
                result = src.execute(select(table).order_by(*table.primary_key.columns))
                while rows := result.mappings().fetchmany(BATCH):
                    dst.execute(insert(table), [dict(r) for r in rows])
                    total += len(rows)
            if not is_sqlite(engine):
                _reset_sequences(dst, tables)
    finally:
        src_engine.dispose()
    return total


def _reset_sequences(conn, tables: list[Table]) -> None:  # noqa: ANN001
    for table in tables:
        if "id" not in table.c:
            continue
        conn.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            )
        )
