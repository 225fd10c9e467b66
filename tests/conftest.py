"""Fixtures: the same store tests run on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from db.engine import is_sqlite, make_engine
from db.migrate import upgrade
from tests.pg import PostgresUnavailable, TempPostgres

# The store refuses visits, adjustments and closes dated after now (core.clock). The tests'
# camps run in December 2026 and later whatever the machine's date, so the clock of those
# checks is pinned far ahead for every test (and the servers and commands they start); the
# tests of the rule pin it where they need it (tests/integration/test_future.py).
os.environ.setdefault("CAMP_NOW", "2099-12-31T00:00:00+00:00")
# bcrypt at its lowest cost for every password the tests hash and check (core.passwords:
# the app's default is 12, a quarter of a second each; the suite hashes hundreds)
os.environ.setdefault("CAMP_BCRYPT_ROUNDS", "4")


def _temporary_files_in_memory() -> None:
    """The tests' stores, PostgreSQL clusters, files and browser profiles go to /dev/shm
    (memory) where the machine has room there. On this machine's disk a commit, a
    CREATE DATABASE or a checkpoint waits on the disk: the store tests took three times
    as long on /tmp (the same SQLite and PostgreSQL, only their files elsewhere).
    CAMP_TEST_TMPDIR names another folder; the servers and commands the tests start
    inherit TMPDIR."""
    chosen = os.environ.get("CAMP_TEST_TMPDIR")
    if not chosen and os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK):
        room = os.statvfs("/dev/shm")
        if room.f_bavail * room.f_frsize >= 4 * 2**30:
            chosen = "/dev/shm"
    if chosen:
        os.environ["TMPDIR"] = chosen
        tempfile.tempdir = None  # gettempdir() reads TMPDIR again


_temporary_files_in_memory()
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SAMPLES = Path(__file__).resolve().parent.parent / "samples"
_counter = itertools.count()


def missing_component(reason: str) -> None:
    """A component a test needs (PostgreSQL, Chromium, a font) is not on this machine:
    skipped on a developer's machine, a failure under CI=true."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: a missing component fails the run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def _component_scan_once() -> None:
    """Every AppTest run scans all installed packages for Streamlit components (about
    three seconds of both cores per AppTest here, most of an AppTest test's time). The
    installed packages cannot change during a test session, so a worker scans them once;
    the app's own runs under `streamlit run` scan once per server start anyway."""
    from streamlit.components.v2 import manifest_scanner
    from streamlit.testing.v1 import app_test, local_script_runner

    scan = manifest_scanner.scan_component_manifests
    if not hasattr(scan, "cache_info"):
        manifest_scanner.scan_component_manifests = functools.cache(scan)
    # AppTest makes a new script cache for every run, so each run compiled app.py and the
    # page again (with the magic rewrite: a sixth of an AppTest test's CPU). The server
    # keeps one cache for its life; the tests keep one per worker, by file and stamp.
    for module in (app_test, local_script_runner):
        module.ScriptCache = _StampedScriptCache


class _StampedScriptCache:
    """Streamlit's ScriptCache shared by all AppTest runs of a worker: a script's
    bytecode is compiled again only when its file changed (size or time stamp)."""

    _compiled: dict[tuple[str, int, int], object] = {}

    def clear(self) -> None:
        self._compiled.clear()

    def get_bytecode(self, script_path: str) -> object:
        from streamlit.runtime.scriptrunner.script_cache import ScriptCache

        path = os.path.abspath(script_path)
        stat = os.stat(path)
        key = (path, stat.st_size, stat.st_mtime_ns)
        if key not in self._compiled:
            self._compiled[key] = ScriptCache().get_bytecode(path)
        return self._compiled[key]


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """The URL of a PostgreSQL server's admin database, with a migrated template."""
    url = os.environ.get("TEST_DATABASE_URL")
    server = None
    if not url:
        try:
            server = TempPostgres()
            url = server.start()
        except PostgresUnavailable as exc:
            missing_component(f"PostgreSQL unavailable: {exc}")
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS camp_template"))
        conn.execute(text("CREATE DATABASE camp_template"))
    template = make_engine(make_url(url).set(database="camp_template").render_as_string(False))
    upgrade(template)
    template.dispose()
    try:
        yield url
    finally:
        admin.dispose()
        if server:
            server.stop()


def sealed(engine: Engine) -> None:
    """Fold a template's write-ahead log into its file and close it, so that copying the
    one file copies the whole store."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    sealed(engine)
    return path


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    path = tmp_path / "camp.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


def _fresh_pg_database(pg_server: str) -> Iterator[str]:
    name = f"camp_test_{os.getpid()}_{next(_counter)}"
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        # FILE_COPY: PostgreSQL 15's default (WAL_LOG) writes the template's every block to
        # the WAL, five times slower for a small store (0.23 s against 0.04 s a test).
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE camp_template STRATEGY FILE_COPY"))
    url = make_url(pg_server).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    yield from _fresh_pg_database(pg_server)


@pytest.fixture
def pg_url2(pg_server: str) -> Iterator[str]:
    """A second empty PostgreSQL store in the same test."""
    yield from _fresh_pg_database(pg_server)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A migrated, empty store: once on SQLite, once on PostgreSQL."""
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "pg_url")


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


@pytest.fixture
def samples() -> Path:
    """The sample camp file and loan list kept in the repository (samples/)."""
    return SAMPLES


#: What `prepare` can put in a store: the commands of the repository's sample camp.
SAMPLE_STEPS = {
    "loans": (
        ("camp-load", str(SAMPLES / "camp_sample.toml")),
        ("loans-import", "qh-sample", str(SAMPLES / "loans_sample.xlsx")),
    ),
}
_prepared: dict[tuple, str] = {}  # (what the store held, steps, the clock) → the template
Prepare = Callable[[str, str], str]


def _clock() -> str:
    return os.environ.get("CAMP_NOW", "")


def _run_steps(url: str, steps: str) -> None:
    from tests.clirun import run_cli

    for argv in SAMPLE_STEPS[steps]:
        code, _, err = run_cli(url, *argv)
        assert code == 0, f"cli {' '.join(argv)} exited {code}: {err}"


@pytest.fixture
def prepare(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Prepare:
    """`prepare(url, "loans")`: the fresh store at `url` holds what `camp-load
    samples/camp_sample.toml` and `loans-import qh-sample samples/loans_sample.xlsx` leave
    in it, the same rows, copied from a template the
    worker built once by running those commands. The commands are asserted to succeed
    there; per test they cost a second of CPU that told nothing new. A template is built
    under the clock the test has pinned (CAMP_NOW), as the commands would have run."""

    def make(url: str, steps: str) -> str:
        if is_sqlite(url):
            path = Path(make_url(url).database)
            key = ("sqlite", hashlib.sha1(path.read_bytes()).hexdigest(), steps, _clock())
            if key not in _prepared:
                template = tmp_path_factory.mktemp("prepared") / "template.db"
                shutil.copyfile(path, template)
                built = f"sqlite:///{template}"
                _run_steps(built, steps)
                sealed(make_engine(built))
                _prepared[key] = str(template)
            for extra in ("-wal", "-shm"):
                Path(f"{path}{extra}").unlink(missing_ok=True)
            shutil.copyfile(_prepared[key], path)
            return url
        admin_url = request.getfixturevalue("pg_server")
        admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
        try:
            key = ("postgres", steps, _clock())
            if key not in _prepared:
                name = f"camp_prepared_{len(_prepared)}"
                with admin.connect() as conn:
                    conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
                    conn.execute(text(f"CREATE DATABASE {name} TEMPLATE camp_template"))
                _run_steps(make_url(admin_url).set(database=name).render_as_string(False), steps)
                _prepared[key] = name
            name = make_url(url).database
            with admin.connect() as conn:  # the same name, so the test's URL stays
                conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {_prepared[key]} "
                                  "STRATEGY FILE_COPY"))  # fmt: skip
        finally:
            admin.dispose()
        return url

    return make
