"""Unit of work: one transaction, committed explicitly, rolled back otherwise."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from db.engine import writer


class UnitOfWork:
    """`with UnitOfWork(engine) as uow: ...; uow.commit()` — nothing commits by accident.

    Write units take SQLite's write lock at BEGIN (BEGIN IMMEDIATE), so two
    writers queue on the busy timeout instead of failing half-way.
    """

    def __init__(self, engine: Engine, *, write: bool = True) -> None:
        self._bind = writer(engine) if write else engine
        self.session: Session

    def __enter__(self) -> UnitOfWork:
        self.session = Session(bind=self._bind, expire_on_commit=False, autoflush=True)
        self.session.begin()
        return self

    def commit(self) -> None:
        self.session.commit()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # close() rolls back what was not committed, and leaves loaded objects readable
        self.session.close()
