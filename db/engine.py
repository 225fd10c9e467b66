"""Engines for SQLite (one camp on one machine) and PostgreSQL (a province).

SQLite runs in WAL mode with foreign keys and a busy timeout. Python's sqlite3
driver opens transactions lazily and deferred, so a read that turns into a write
can fail with SQLITE_BUSY under concurrent writers; we take over BEGIN ourselves
and open write transactions with BEGIN IMMEDIATE (engines made by `writer()`).

PostgreSQL engines test a pooled connection before lending it (pool_pre_ping): after the
server was stopped and started again, the first request of each session gets a fresh
connection instead of a dead one, so the app works again without being restarted.
`unavailable(exc)` tells the callers which errors mean "the store cannot be reached right
now, nothing was committed, try again" (pages show one clear message for them).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

BUSY_TIMEOUT_MS = 30_000


def is_sqlite(engine_or_url: Engine | str) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.get_backend_name() == "sqlite"


def normalise_url(url: str) -> str:
    """Let users write postgresql:// and get the psycopg 3 driver we ship."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def make_engine(url: str) -> Engine:
    url = normalise_url(url)
    if is_sqlite(url):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000},
                               hide_parameters=True)  # fmt: skip
        _configure_sqlite(engine)
        return engine
    # hide_parameters: a logged statement or a database error never carries personal data
    return create_engine(url, pool_pre_ping=True, hide_parameters=True)


def unavailable(error: BaseException) -> bool:
    """Whether `error` means the store cannot be reached right now: the server is down,
    restarting or refusing connections, the connection was cut, the pool is exhausted,
    or SQLite stayed locked past the busy timeout.

    The transaction it interrupted did not commit (a unit of work commits last, and a
    failed commit raises; only a connection cut while the server is committing leaves the
    outcome unknown), so the caller may say "not saved, try again". Programming
    errors and constraint violations are not outages and return False.
    """
    if isinstance(error, sa_exc.DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(
        error,
        sa_exc.OperationalError
        | sa_exc.InterfaceError
        | sa_exc.DisconnectionError
        | sa_exc.TimeoutError,
    )


class StoreError(Exception):
    """The store failed: the db layer's own error, so callers outside db/ need not know
    SQLAlchemy. `error` is the cause; `outage` says whether it is `unavailable`."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error
        self.outage = unavailable(error)


@contextmanager
def store_errors() -> Iterator[None]:
    """Raise any SQLAlchemy error of the block as a StoreError."""
    try:
        yield
    except sa_exc.SQLAlchemyError as exc:
        raise StoreError(exc) from exc


def writer(engine: Engine) -> Engine:
    """The same engine, whose transactions take the write lock up front on SQLite."""
    return engine.execution_options(sqlite_begin="IMMEDIATE")


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # noqa: ANN001
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001
        mode = conn.get_execution_options().get("sqlite_begin", "")
        conn.exec_driver_sql(f"BEGIN {mode}".strip())
