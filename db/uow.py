"""The unit of work: THE write path of the store.

    with UnitOfWork(engine, camp_code) as uow:
        uow.session.add(...)                      # write through the session
        uow.audit(actor, "thing.do", "thing", camp_id=uow.camp.id, ...)
        uow.commit()

One unit is one transaction, committed explicitly and rolled back otherwise.

- **Lock.** A write unit takes SQLite's write lock at BEGIN (BEGIN IMMEDIATE, see
  `db.engine.writer`), so two writers queue on the busy timeout instead of failing
  half-way; on PostgreSQL it locks the camp's row (`SELECT … FOR UPDATE`) when it
  resolves the camp, so two writers to one camp run one after the other.
- **Camp.** `UnitOfWork(engine, "CODE")` (or a camp id, or later `uow.use_camp(...)`)
  resolves the camp; an unknown camp is a `UsageError`, as everywhere else.
- **Audit.** `uow.audit(...)` is the one place an audit row is written.
- **Data version.** On commit, if anything changed — a row inserted, updated or
  deleted (through the ORM or a bulk statement) or an audit entry recorded — the
  camp's data version (the cache key of every projected page) is bumped once, in the
  same transaction. Nothing else bumps it; a rollback or a unit that changed nothing
  leaves it alone.
"""

from __future__ import annotations

import re
from types import TracebackType
from typing import Any

from sqlalchemy import Connection, Engine, event, select, update
from sqlalchemy.orm import Session, SessionTransaction

from core.errors import UsageError
from db.engine import writer
from db.models import AuditEntry, Camp, utcnow

_WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)


class UnitOfWork:
    """`with UnitOfWork(engine[, camp]) as uow: ...; uow.commit()` — nothing commits by
    accident, and a committed change to a camp moves its data version by exactly one.

    `write=False` opens a plain read: no write lock, no row lock.
    """

    def __init__(
        self, engine: Engine, camp: str | int | None = None, *, write: bool = True
    ) -> None:
        self._write = write
        self._bind = writer(engine) if write else engine
        self._camp_ref = camp
        self._camp: Camp | None = None
        self._changed = False
        self.session: Session

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> UnitOfWork:
        self.session = Session(bind=self._bind, expire_on_commit=False, autoflush=True)
        event.listen(self.session, "after_begin", self._watch_connection)
        self.session.begin()
        try:
            if self._camp_ref is not None:
                self.use_camp(self._camp_ref)
        except BaseException:
            self.session.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back what was not committed, and leaves loaded objects readable
        self.session.close()

    def commit(self) -> None:
        """Flush, bump the camp's data version once if anything changed, commit."""
        self.session.flush()
        if self._changed and self._camp is not None:
            bump_version(self.session, self._camp.id)
        self.session.commit()
        self._changed = False

    # ------------------------------------------------------------------ camp

    def use_camp(self, camp: str | int | Camp, *, lock: bool | None = None) -> Camp:
        """Resolve the unit's camp by code, id or row; a write unit locks its row.

        UsageError for an unknown camp. A unit works on one camp.
        """
        if isinstance(camp, Camp):
            row = camp
        else:
            row = find_camp(self.session, camp, lock=self._write if lock is None else lock)
        if self._camp is not None and self._camp.id != row.id:
            raise ValueError("a unit of work writes to one camp")
        self._camp = row
        return row

    @property
    def camp(self) -> Camp:
        if self._camp is None:
            raise ValueError("this unit of work has no camp")
        return self._camp

    # ------------------------------------------------------------------ changes

    def audit(self, actor: str, action: str, entity: str, **kw: Any) -> AuditEntry:
        """Record who changed what (the one place an audit row is written)."""
        entry = AuditEntry(at=utcnow(), actor=actor, action=action, entity=entity, **kw)
        self.session.add(entry)
        self._changed = True
        return entry

    @property
    def changed(self) -> bool:
        """Whether this unit wrote anything since it began (or last committed)."""
        return self._changed or bool(self.session.new or self.session.deleted or self._dirty())

    def _dirty(self) -> bool:
        return any(self.session.is_modified(o) for o in self.session.dirty)

    def _watch_connection(
        self, _session: Session, _tx: SessionTransaction, connection: Connection
    ) -> None:
        def seen(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
            if _WRITE.match(statement) and cursor.rowcount != 0:
                self._changed = True

        event.listen(connection, "after_cursor_execute", seen)


def find_camp(session: Session, camp: str | int, *, lock: bool = False) -> Camp:
    """The camp of that code or id (its row locked with `lock`); UsageError if none.

    For a camp a unit only reads beside its own work (a user's team's camp): the
    unit's own camp is `uow.use_camp`, whose changes bump its version.
    """
    column = Camp.id if isinstance(camp, int) else Camp.code
    stmt = select(Camp).where(column == camp)
    if lock:
        stmt = stmt.with_for_update()
    row = session.scalars(stmt).one_or_none()
    if row is None:
        raise UsageError.coded("usage.unknown_camp", code=camp)
    return row


def bump_version(session: Session, camp_id: int) -> None:
    """Move the camp's data version by one (only `UnitOfWork.commit` calls this)."""
    session.execute(
        update(Camp)
        .where(Camp.id == camp_id)
        .values(data_version=Camp.data_version + 1)
        .execution_options(synchronize_session=False)
    )
