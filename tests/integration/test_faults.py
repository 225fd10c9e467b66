"""Faults the store withstands (SPEC §6), on SQLite and PostgreSQL.

- An import killed with SIGKILL in the middle of its write transaction leaves nothing
  half-written: the store opens, `init` works, the counts are exactly those from before,
  and running the import again completes it.
- PostgreSQL stopped and started under a running app: a save while it is down (or cut at
  its commit) fails with an error `db.engine.unavailable` recognises, stores nothing, and
  the same engine works again once the server is back, without restarting the app.

The kill waits for a sign, read from outside, that the importer is inside its write
transaction and has written a good part of it — on SQLite, the write lock held and the
WAL grown by megabytes; on PostgreSQL, the importer's backend in a transaction with a
transaction id, running a statement of the second half of the import — so the kill lands
with seconds of work left, not after a delay guessed from one machine's speed.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool
from streamlit.testing.v1 import AppTest

from core.demo import demo_camp, demo_loans, demo_visits
from core.i18n import t
from db.engine import is_sqlite, make_engine, unavailable
from db.models import AuditEntry, Camp, LoanImport, LoanSnapshot, MemberTotal, Visit
from db.models import Loan as LoanRow
from db.queries import standings
from db.scoring import rederive_camp
from db.uow import UnitOfWork
from db.users import SessionUser, add_user
from db.visits import record_visits
from tests.conftest import missing_component
from tests.integration.test_cli import run
from tests.integration.test_concurrency import camp_store
from tests.integration.test_load import CAMP, _visits
from tests.pg import PostgresUnavailable, TempPostgres
from tests.ui.conftest import session_id
from tests.workbooks import VISIT_HEADER, visit_row, write_csv, yuan_text

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
LOAN_HEADER = [
    "贷款账号", "借款人", "证件号码", "联系电话", "客户类型", "贷款余额", "欠息", "放款日期",
    "到期日期", "五级分类", "最后还款日期", "担保方式", "保证人", "乡镇", "村", "客户经理",
    "是否核销", "民族",
]  # fmt: skip
# Big enough that the kill lands with seconds of writing left after its sign (on SQLite
# the write-ahead log peaks near 9 MB for the loans and 4 MB for the visits, the sign
# comes at 2 MB); the stores' speed at full size is benchmarked, not tested here
# (docs/performance.md).
LOANS_BEFORE, LOANS_KILLED = 300, 20_000
VISITS_BEFORE, VISITS_KILLED = 500, 6_000
WAL_GROWTH = 2 * 1024 * 1024  # bytes the importer has written before the kill (SQLite)
APP_NAME = "camp-fault-test"
#: The statement the PostgreSQL importer runs when it is past half its transaction.
SECOND_HALF = {"loans": "INSERT INTO loans %", "visits": "UPDATE visits SET%"}


# ----------------------------------------------------------------------------- the store


def state(url: str) -> dict[str, int]:
    """What an import changes, counted: a half-written import would show in one of these."""
    engine = make_engine(url)
    try:
        with UnitOfWork(engine, write=False) as uow:
            s = uow.session

            def count(model) -> int:  # noqa: ANN001
                return int(s.scalar(select(func.count()).select_from(model)) or 0)

            return {
                "loans": count(LoanRow),
                "loan_imports": count(LoanImport),
                "loan_snapshots": count(LoanSnapshot),
                "visits": count(Visit),
                "audit": count(AuditEntry),
                "data_version": int(s.scalar(select(Camp.data_version)) or 0),
            }
    finally:
        engine.dispose()


def _totals(s, code: str) -> tuple:  # noqa: ANN001
    conn = s.connection()
    teams = [(e.name, e.points, e.cash_fen, e.extra) for _, e in standings(conn, code)["teams"]]
    members = sorted(
        conn.execute(
            select(
                MemberTotal.member, MemberTotal.day, MemberTotal.points, MemberTotal.cash_fen
            ).where((MemberTotal.points != 0) | (MemberTotal.cash_fen != 0))
        ).all()
    )
    visits = conn.execute(select(Visit.id, Visit.points).order_by(Visit.id)).all()
    return teams, members, visits


def agrees_with_rederivation(url: str, code: str = "demo") -> bool:
    """The stored points and running totals equal those re-derived from the visits
    (computed in a transaction that is rolled back)."""
    engine = make_engine(url)
    try:
        with UnitOfWork(engine) as uow:
            s = uow.session
            stored = _totals(s, code)
            rederive_camp(s, s.scalars(select(Camp).where(Camp.code == code)).one())
            s.flush()
            return _totals(s, code) == stored and bool(stored[2])
    finally:
        engine.dispose()


# ----------------------------------------------------------------------------- the files


def loans_file(path: Path) -> None:
    """LOANS_KILLED loans of the demo bank (another seed than the camp's: all new numbers)."""
    loans = demo_loans(demo_camp(teams=8, seed=0), n=LOANS_KILLED, seed=1)
    rows = [LOAN_HEADER] + [
        [r.loan_no, r.borrower, r.id_number, r.phone, r.segment, yuan_text(r.principal_fen),
         yuan_text(r.interest_fen), r.disbursed_on, r.maturity_date, r.risk_class,
         r.last_payment_on or "", r.guarantee, "、".join(r.guarantors), r.township, r.village,
         r.manager, "是" if r.written_off else "否", r.ethnicity]
        for r in loans
    ]  # fmt: skip
    write_csv(path, rows, encoding="utf-8")


def visits_files(before: Path, killed: Path) -> None:
    """Visits on the demo camp's loans: a first file, and a big one to kill (together one
    valid set, so either order of import is valid)."""
    cfg = demo_camp(teams=8, seed=0)
    visits = demo_visits(cfg, demo_loans(cfg, n=2000, seed=0), n=VISITS_BEFORE + VISITS_KILLED,
                         seed=1)  # fmt: skip
    for path, part in ((before, visits[:VISITS_BEFORE]), (killed, visits[VISITS_BEFORE:])):
        rows = [VISIT_HEADER] + [visit_row(v) for v in part]
        write_csv(path, rows, encoding="utf-8")


# ----------------------------------------------------------------------------- the kill


def _sqlite_write_locked(path: str) -> bool:
    """Whether another connection holds the write lock (probe with no wait, then let go)."""
    conn = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        conn.close()


def _wal_size(path: str) -> int:
    wal = Path(path + "-wal")
    return wal.stat().st_size if wal.exists() else 0


def kill_inside_the_write(proc: subprocess.Popen, url: str, kind: str) -> None:
    """SIGKILL `proc` once it is well inside its write transaction."""
    deadline = time.monotonic() + 180
    if is_sqlite(url):
        path = make_url(url).database
        start = _wal_size(path)

        def inside() -> bool:
            return _sqlite_write_locked(path) and _wal_size(path) - start >= WAL_GROWTH
    else:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        probe = text(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = :app "
            "AND backend_xid IS NOT NULL AND query LIKE :stmt"
        )

        def inside() -> bool:
            with admin.connect() as conn:
                return bool(conn.scalar(probe, {"app": APP_NAME, "stmt": SECOND_HALF[kind]}))

    try:
        while not inside():
            assert proc.poll() is None, "the import finished before it could be killed"
            assert time.monotonic() < deadline, "the import never reached its write"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        if not is_sqlite(url):
            admin.dispose()
    proc.wait(timeout=60)


def _with_app_name(url: str) -> str:
    if is_sqlite(url):
        return url
    return (
        make_url(url)
        .update_query_dict({"application_name": APP_NAME})
        .render_as_string(hide_password=False)
    )


@pytest.fixture(scope="module")
def big_loans_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The big loan list, written once for both stores (the imports only read it)."""
    path = tmp_path_factory.mktemp("faults") / "loans.csv"
    loans_file(path)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["loans", "visits"])
def test_an_import_killed_inside_its_write_leaves_nothing_half_written_and_a_rerun_completes_it(
    db_url: str, kind: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    if kind == "loans":
        assert run(db_url, "demo", "--loans", str(LOANS_BEFORE), "--visits", "0")[0] == 0
        path, rows = request.getfixturevalue("big_loans_file"), LOANS_KILLED
        grows = {"loans": rows, "loan_imports": 1, "loan_snapshots": rows, "audit": 1,
                 "data_version": 1}  # fmt: skip
    else:
        assert run(db_url, "demo", "--loans", "2000", "--visits", "0")[0] == 0
        first, path, rows = tmp_path / "first.csv", tmp_path / "visits.csv", VISITS_KILLED
        visits_files(first, path)
        assert run(db_url, "visits-import", "demo", str(first))[0] == 0
        grows = {"visits": rows, "audit": 1, "data_version": 1}
    command = f"{kind}-import"
    before = state(db_url)
    complete = {k: v + grows.get(k, 0) for k, v in before.items()}

    with open(tmp_path / "stderr.txt", "w") as err:  # thousands of warnings: not a pipe
        proc = subprocess.Popen(
            [sys.executable, str(ROOT / "cli.py"), "--db", _with_app_name(db_url), command,
             "demo", str(path)],
            stdout=subprocess.PIPE, stderr=err, text=True, cwd=ROOT,
        )  # fmt: skip
        kill_inside_the_write(proc, db_url, kind)
    assert proc.returncode == -signal.SIGKILL
    assert proc.stdout.read() == ""  # it never said it imported anything

    if is_sqlite(db_url):
        with sqlite3.connect(make_url(db_url).database) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    code, _, err_text = run(db_url, "init")
    assert code == 0, err_text
    after = state(db_url)
    assert after in (before, complete), f"half-written: {before} → {after}"

    code, out, err_text = run(db_url, command, "demo", str(path))
    assert code == 0, err_text[-500:]
    if after == before:  # the kill landed inside the transaction, as it was meant to
        assert f" {rows} " in out
        assert state(db_url) == complete
    if kind == "visits":
        assert agrees_with_rederivation(db_url)


# ----------------------------------------------------------------------------- outages


class RestartablePostgres(TempPostgres):
    """A TempPostgres that can be stopped and started again on the same data and port."""

    def _run(self, *cmd: str) -> None:
        if cmd and cmd[-1] == "start":
            self._start = cmd
        super()._run(*cmd)

    def pause(self) -> None:
        """Stop the server as an operator would (fast: sessions are cut, open
        transactions rolled back)."""
        super()._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def resume(self) -> None:
        super()._run(*self._start)


@pytest.fixture(scope="module")
def own_server() -> Iterator[RestartablePostgres]:
    """A PostgreSQL server of this module's own, since its tests stop it."""
    try:
        server = RestartablePostgres()
        server.url = server.start()
    except PostgresUnavailable as exc:
        missing_component(f"PostgreSQL unavailable: {exc}")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def own_pg(own_server: RestartablePostgres, samples: Path) -> Iterator[str]:
    """A fresh store on the module's server with the sample camp and its loans."""
    name = f"outage_{datetime.now(UTC):%H%M%S%f}"
    # no pool: the tests stop the server under it
    admin = create_engine(own_server.url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(own_server.url).set(database=name).render_as_string(hide_password=False)
    camp_store(url, samples)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def _visit_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(conn.scalar(select(func.count()).select_from(Visit)) or 0)


@pytest.mark.postgres
def test_a_save_while_postgresql_is_down_fails_clearly_and_the_same_engine_works_after_restart(
    own_server: RestartablePostgres, own_pg: str, samples: Path
) -> None:
    first, second = _visits(samples)[:2]
    engine = make_engine(own_pg)  # as the app server holds it: one pool for all sessions
    try:
        assert record_visits(engine, CAMP, [first]).stored == 1
        ranked = standings(engine, CAMP)
        own_server.pause()
        try:
            with pytest.raises(SQLAlchemyError) as save:
                record_visits(engine, CAMP, [second])
            assert unavailable(save.value)
            with pytest.raises(SQLAlchemyError) as read:
                standings(engine, CAMP)
            assert unavailable(read.value)
        finally:
            own_server.resume()
        assert standings(engine, CAMP) == ranked  # the failed save left no trace
        assert record_visits(engine, CAMP, [second]).stored == 1  # same engine, no restart
        assert _visit_count(engine) == 2
    finally:
        engine.dispose()


@pytest.mark.postgres
def test_a_save_cut_at_its_commit_by_a_server_stop_is_not_reported_saved_and_not_stored(
    own_server: RestartablePostgres, own_pg: str, samples: Path
) -> None:
    first, second = _visits(samples)[:2]
    engine = make_engine(own_pg)
    armed = []

    @event.listens_for(engine, "commit")
    def _stop_the_server(_conn) -> None:  # noqa: ANN001 — just before COMMIT goes out
        if armed:
            armed.clear()
            own_server.pause()

    try:
        assert record_visits(engine, CAMP, [first]).stored == 1
        ranked = standings(engine, CAMP)
        armed.append(True)
        try:
            with pytest.raises(SQLAlchemyError) as cut:
                record_visits(engine, CAMP, [second])
            assert unavailable(cut.value)
        finally:
            own_server.resume()
        assert _visit_count(engine) == 1
        assert standings(engine, CAMP) == ranked
        saved = record_visits(engine, CAMP, [second])  # saving again stores it once
        assert (saved.stored, saved.duplicates) == (1, [])
    finally:
        engine.dispose()


def _admin_session(monkeypatch: pytest.MonkeyPatch, url: str) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("CAMP_COOKIE_KEY", "k" * 48)
    engine = make_engine(url)
    add_user(engine, "boss", "admin", "营长", "correct-horse-battery")
    engine.dispose()
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = "boss"
    at.session_state["name"] = "营长"
    at.session_state["roles"] = ["admin"]
    at.session_state["_login_at"] = datetime.now(UTC)
    at.session_state["_sid"] = session_id("boss", url)
    return at


@pytest.mark.postgres
def test_the_app_says_the_store_is_unavailable_instead_of_a_traceback_and_works_after_it(
    own_server: RestartablePostgres, own_pg: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """app.py's gate (AppTest runs a switched-to page without app.py, as Streamlit's old
    pages/ folder mode: the pages themselves are driven in tests/e2e/test_store_outage.py)."""
    at = _admin_session(monkeypatch, own_pg)
    at.run()  # the server process has its engine and pooled connections
    assert not at.exception and not at.error
    camps = at.dataframe[0].value.to_dict()  # the home page reads the store
    assert camps
    own_server.pause()
    try:
        at.run()
        assert not at.exception
        assert [e.value for e in at.error] == [t("store.unavailable", "zh")]
        assert t("store.hint", "zh") in [c.value for c in at.caption]
    finally:
        own_server.resume()
    at.run()  # the same process and engine: no restart needed
    assert not at.exception and not at.error
    assert at.dataframe[0].value.to_dict() == camps


def _save_cut_by_an_outage() -> None:
    """A page's save whose store went away after the page's reads (AppTest script)."""
    import streamlit as st
    from sqlalchemy.exc import OperationalError

    from pages import _ui as ui

    def save() -> None:
        raise OperationalError(
            "INSERT INTO visits ...", {}, ConnectionError("server closed the connection")
        )

    ok, _ = ui.attempt("visits.write", save, _rejected="entry.rejected")
    if ok:
        st.success("saved")
    st.write(f"ok={ok}")


def test_a_save_cut_by_an_outage_shows_not_saved_and_never_a_success() -> None:
    at = AppTest.from_function(_save_cut_by_an_outage, default_timeout=30)
    at.session_state["_user"] = SessionUser("linxiao", "林晓", "trainer", None)
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("store.unavailable", "zh")]
    assert not at.success
    assert at.markdown[-1].value == "ok=False"
