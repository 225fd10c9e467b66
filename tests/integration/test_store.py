"""The store itself: schema, engine settings, exact money and UTC times, on both backends."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, select

from db.migrate import current_revision, head_revision, upgrade
from db.models import AuditEntry, Base, Camp, LoanImport
from db.models import Loan as LoanRow
from db.uow import UnitOfWork


def test_an_empty_database_upgraded_to_head_matches_the_models(engine: Engine) -> None:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs = compare_metadata(ctx, Base.metadata)
    assert diffs == []
    assert current_revision(engine) == head_revision()


def test_upgrading_a_store_already_at_head_changes_nothing(engine: Engine) -> None:
    upgrade(engine)
    upgrade(engine)
    assert current_revision(engine) == head_revision()


def test_the_sqlite_store_runs_in_wal_mode_with_foreign_keys_and_a_busy_timeout(
    sqlite_url: str,
) -> None:
    from db.engine import make_engine

    eng = make_engine(sqlite_url)
    with eng.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
    eng.dispose()


def _camp(uow: UnitOfWork) -> Camp:
    camp = Camp(code="c1", name="营", bank="", start_date=date(2026, 12, 1), scope={})
    uow.session.add(camp)
    uow.session.flush()
    return camp


def test_times_are_stored_in_utc_and_come_back_aware(engine: Engine) -> None:
    shanghai = timezone(timedelta(hours=8))
    with UnitOfWork(engine) as uow:
        camp = _camp(uow)
        uow.session.add(
            AuditEntry(
                at=datetime(2026, 12, 3, 23, 30, tzinfo=shanghai),
                actor="t",
                action="x",
                entity="camp",
                camp_id=camp.id,
            )
        )
        uow.commit()
    with UnitOfWork(engine, write=False) as uow:
        at = uow.session.scalar(select(AuditEntry.at))
    assert at == datetime(2026, 12, 3, 15, 30, tzinfo=UTC)
    assert at.utcoffset() == timedelta(0)


def test_a_province_sized_amount_in_fen_is_kept_exactly(engine: Engine) -> None:
    big = 123_456_789_012_345  # 1.2 trillion 元 in fen: beyond 32-bit and float precision
    with UnitOfWork(engine) as uow:
        camp = _camp(uow)
        batch = LoanImport(camp_id=camp.id, as_of=date(2026, 11, 20), mode="update")
        uow.session.add(batch)
        uow.session.flush()
        uow.session.add(
            LoanRow(
                camp_id=camp.id,
                import_id=batch.id,
                list_date=date(2026, 11, 20),
                loan_no="1",
                borrower="张三",
                segment="小微",
                principal_fen=big,
                interest_fen=1,
                maturity_date=date(2024, 1, 1),
                days_overdue=1,
                township="城关镇",
                guarantors=[],
            )
        )
        uow.commit()
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalar(select(LoanRow.principal_fen)) == big


def test_a_unit_of_work_left_without_commit_writes_nothing(engine: Engine) -> None:
    with UnitOfWork(engine) as uow:
        _camp(uow)
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalars(select(Camp)).all() == []


def test_deleting_a_camp_removes_its_teams_and_loans_through_the_foreign_keys(
    engine: Engine,
) -> None:
    from sqlalchemy import delete, func

    from db.models import Team

    with UnitOfWork(engine) as uow:
        camp = _camp(uow)
        uow.session.add(Team(camp_id=camp.id, name="猛虎队", target_fen=0))
        uow.commit()
    with UnitOfWork(engine) as uow:
        uow.session.execute(delete(Camp))
        uow.commit()
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Team)) == 0
