"""A consistent copy of the store while the app runs, and putting it back.

The backup is always a SQLite file. From SQLite it is the online backup API
(readers and writers carry on); from PostgreSQL every table is read in one
REPEATABLE READ transaction, so the copy is one consistent snapshot. Restore
writes a backup into any store, which also moves a camp from one machine's
SQLite to a province's PostgreSQL.

Nothing is lost on the way (docs/security.md, threat 17):

- a target that is the store itself (the same file by any path, a symlink or a
  hard link to it, or its -wal, -shm or -journal file) is refused before anything
  is touched;
- the copy is written to a private temporary file (mode 0600) in the target's
  folder, checked, fsynced and only then renamed over the target, so an existing
  backup survives a failed one (a full disk, a crash, an interrupted copy);
- a restore reads the backup read-only, checks it first, and replaces the
  store's content in one transaction: it is all there or the store is as it was.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, LargeBinary, Table, create_engine, insert, select, text

from core.records import Problem
from db.engine import is_sqlite, make_engine
from db.migrate import head_revision, upgrade
from db.models import Base
from db.uow import UnitOfWork

BATCH = 5_000
BLOB_BATCH = 20  # rows of a table of files (evidence: up to 10 MB a row) per round trip
MODE = 0o600  # a backup holds borrowers' names, ID numbers and phones
_SIDE_FILES = ("", "-wal", "-shm", "-journal")


class BackupError(Exception):
    """A backup or restore that was refused or failed; the store and any old backup are intact.

    A refusal carries its catalogue reason (core.reasons) as `problem`; str() is English.
    """

    def __init__(self, code: str, **params: object) -> None:
        self.problem = Problem.coded(None, None, code, **params)
        super().__init__(self.problem.reason)


class SameFileError(BackupError):
    """The backup's target, or the restore's source, is the store itself."""


class BackupFailed(BackupError):
    """The copy or the restore broke off (a full disk, a lost connection): nothing changed.

    Its message names the system's own error (str()); the command line prints it as is.
    """

    def __init__(self, message: str) -> None:
        Exception.__init__(self, message)


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)


def _batch(table: Table) -> int:
    """Rows copied per round trip: few for a table holding files, so memory stays small."""
    return BLOB_BATCH if any(isinstance(c.type, LargeBinary) for c in table.columns) else BATCH


def store_file(engine: Engine) -> Path | None:
    """The file of a SQLite store, resolved (symlinks followed); None for PostgreSQL."""
    if not is_sqlite(engine):
        return None
    database = engine.url.database
    if not database or database == ":memory:":
        return None
    return Path(database.removeprefix("file:").split("?")[0]).resolve()


def is_the_store(engine: Engine, path: str | Path) -> bool:
    """Whether `path` names the store's file or one of its -wal/-shm/-journal files."""
    store = store_file(engine)
    if store is None:
        return False
    path = Path(path)
    resolved = path.resolve()
    for suffix in _SIDE_FILES:
        twin = store.with_name(store.name + suffix)
        if resolved == twin:
            return True
        with contextlib.suppress(OSError):  # a hard link, or a path the resolver cannot see
            if path.exists() and twin.exists() and os.path.samefile(path, twin):
                return True
    return False


def _refuse_the_store(engine: Engine, path: Path, what: str) -> None:
    if is_the_store(engine, path):
        raise SameFileError(f"backup.same_file.{what}", path=str(path))


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be fsynced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _remove(path: Path) -> None:
    for suffix in _SIDE_FILES:
        with contextlib.suppress(OSError):
            path.with_name(path.name + suffix).unlink()


def backup(engine: Engine, target: str | Path) -> int:
    """Write a consistent copy of the store to `target` (a SQLite file); returns rows copied.

    Raises SameFileError for the store itself and BackupError when the copy fails; in
    both cases the store and whatever was at `target` are left as they were.
    """
    target = Path(target)
    _refuse_the_store(engine, target, "backup")
    if target.is_dir():
        raise BackupError("backup.folder", path=str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise BackupError(
            "backup.cannot_write", path=str(target.parent), detail=exc.strerror or exc
        ) from exc
    os.close(fd)  # mkstemp made it 0600; SQLite takes an empty file as an empty database
    tmp = Path(name)
    try:
        rows = _copy(engine, tmp)
        os.chmod(tmp, MODE)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException as exc:
        _remove(tmp)
        if isinstance(exc, BackupError | KeyboardInterrupt | SystemExit):
            raise
        kept = "the previous backup there is unchanged" if target.exists() else "nothing written"
        raise BackupFailed(f"backup to {target} failed ({_reason(exc)}): {kept}") from exc
    _fsync_dir(target.parent)
    return rows


def _reason(exc: BaseException) -> str:
    """The first line of an error, without the SQL and parameters SQLAlchemy appends."""
    orig = getattr(exc, "orig", None) or exc
    text_ = getattr(orig, "strerror", None) or str(orig).strip()
    return text_.splitlines()[0] if text_ else type(orig).__name__


def _copy(engine: Engine, tmp: Path) -> int:
    if is_sqlite(engine):
        raw = engine.raw_connection()
        try:
            with closing(sqlite3.connect(tmp)) as dest:
                raw.driver_connection.backup(dest)
        finally:
            raw.close()
        return _finish(tmp)
    out = make_engine(f"sqlite:///{tmp}")
    try:
        upgrade(out)
        snapshot = engine.execution_options(isolation_level="REPEATABLE READ")
        with snapshot.begin() as src, out.begin() as dst:
            for table in _tables():
                stmt = select(table).order_by(*table.primary_key.columns)
                if _batch(table) != BATCH:  # files: a server-side cursor, a few rows at a time
                    stmt = stmt.execution_options(stream_results=True, max_row_buffer=BLOB_BATCH)
                result = src.execute(stmt)
                while rows := result.mappings().fetchmany(_batch(table)):
                    dst.execute(insert(table), [dict(r) for r in rows])
    finally:
        out.dispose()
    return _finish(tmp)


def _finish(target: Path) -> int:
    """Make the copy one self-contained, sound file (no WAL beside it); count its rows."""
    with closing(sqlite3.connect(target, isolation_level=None)) as conn:
        conn.execute("PRAGMA journal_mode=DELETE")
        check = conn.execute("PRAGMA quick_check").fetchone()
        if not check or check[0] != "ok":
            raise BackupError("backup.unsound", detail=check[0] if check else "?")
        return sum(
            conn.execute(f'SELECT count(*) FROM "{t.name}"').fetchone()[0] for t in _tables()
        )


def _uri(source: Path, options: str) -> str:
    """A SQLite URI for `source`: a path with spaces, ? or # still names the file."""
    return f"file:{quote(str(source.resolve()))}?{options}"


def _read_only(source: Path) -> Engine:
    """An engine on the backup that can never write to it (no WAL switch, no journal)."""
    uri = _uri(source, "mode=ro&immutable=1")
    return create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True), hide_parameters=True
    )


def restore(engine: Engine, source: str | Path) -> int:
    """Replace the store's content with a backup's; returns rows restored.

    The backup is checked before the store is touched, and the store's content is
    replaced in one transaction: a failure at any row leaves the store as it was.
    """
    source = Path(source)
    if not source.is_file():
        raise BackupError("backup.no_file", path=str(source))
    _refuse_the_store(engine, source, "restore")
    try:
        with closing(sqlite3.connect(_uri(source, "mode=ro"), uri=True)) as probe:
            check = probe.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                raise sqlite3.DatabaseError(check[0] if check else "unreadable")
            revision = probe.execute("select version_num from alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise BackupError("backup.not_ours", path=str(source), detail=exc) from exc
    if not revision or revision[0] != head_revision():
        raise BackupError(
            "backup.schema", theirs=revision[0] if revision else "?", ours=head_revision()
        )
    src_engine = _read_only(source)
    upgrade(engine)
    try:
        return _replace(src_engine, engine, _tables())
    except BackupError:
        raise
    except Exception as exc:
        raise BackupFailed(
            f"restore from {source} failed ({_reason(exc)}): the store is unchanged"
        ) from exc
    finally:
        src_engine.dispose()


def _replace(src_engine: Engine, engine: Engine, tables: list[Table]) -> int:
    """Every table emptied and refilled from the backup, in one transaction."""
    total = 0
    with src_engine.connect() as src, UnitOfWork(engine) as uow:
        dst = uow.session.connection()
        for table in reversed(tables):
            dst.execute(table.delete())
        for table in tables:
            result = src.execute(select(table).order_by(*table.primary_key.columns))
            while rows := result.mappings().fetchmany(_batch(table)):
                dst.execute(insert(table), [dict(r) for r in rows])
                total += len(rows)
        if not is_sqlite(engine):
            _reset_sequences(dst, tables)
        uow.commit()
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
