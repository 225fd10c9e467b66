"""Dissolved (issue 16): camps are db/camps.py, loans db/loans.py, users db/users.py.

What is left are the old helpers db/postloan.py, db/visits.py, db/entry.py and
db/board.py still call while other helpers change those modules; once they write
through `db.uow.UnitOfWork` (`uow.use_camp`, `uow.audit`) this module goes.
"""

from __future__ import annotations

from db.camps import camp_local_today
from db.models import AuditEntry, Camp, utcnow
from db.uow import bump_version as _bump
from db.uow import find_camp

__all__ = ["_audit", "_get_camp", "bump_version", "camp_local_today"]


def _get_camp(session, code: str, *, lock: bool = False) -> Camp:  # noqa: ANN001
    return find_camp(session, code, lock=lock)


def _audit(session, actor: str, action: str, entity: str, **kw) -> None:  # noqa: ANN001, ANN003
    session.add(AuditEntry(at=utcnow(), actor=actor, action=action, entity=entity, **kw))


def bump_version(session, camp: Camp) -> None:  # noqa: ANN001
    _bump(session, camp.id)
