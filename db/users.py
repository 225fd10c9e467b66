"""Users for the log-in: credentials from the store, lock-out and session validity.

streamlit-authenticator checks passwords against the credentials we hand it on
every run; the lock-out and the refusal of old sessions live here, in the store,
so they hold across browsers, replicas and restarts (STACK-NOTES: the library's
own counters are in memory and its cookies cannot be revoked).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, exists, select

from core.errors import InputRejected
from core.passwords import hash_password
from core.records import Problem
from db.models import User, utcnow
from db.services import _audit
from db.uow import UnitOfWork

MAX_FAILURES = 5
LOCK_MINUTES = 15
# a hash no password matches: a locked or disabled user stays in the credentials (so the
# form says "locked" and counts nothing) but cannot log in
NO_PASSWORD = "$2b$12$" + "." * 53


@dataclass(frozen=True)
class SessionUser:
    username: str
    name: str
    role: str
    team_id: int | None


def has_admin(engine: Engine) -> bool:
    with UnitOfWork(engine, write=False) as uow:
        return bool(
            uow.session.scalar(select(exists().where(User.role == "admin", ~User.disabled)))
        )


def credentials(engine: Engine, now: datetime | None = None) -> dict:
    """The dict streamlit-authenticator wants, built fresh from the store on every run."""
    now = now or utcnow()
    with UnitOfWork(engine, write=False) as uow:
        users = uow.session.scalars(select(User)).all()
    return {
        "usernames": {
            u.username: {
                "name": u.display_name,
                "email": f"{u.username}@camp.local",
                "password": NO_PASSWORD if _locked(u, now) or u.disabled else u.password_hash,
                "roles": [u.role],
                "failed_login_attempts": 0,
            }
            for u in users
        }
    }


def _locked(u: User, now: datetime) -> bool:
    return u.locked_until is not None and u.locked_until > now


def locked_until(engine: Engine, username: str, now: datetime | None = None) -> datetime | None:
    now = now or utcnow()
    with UnitOfWork(engine, write=False) as uow:
        u = uow.session.scalars(select(User).where(User.username == username)).one_or_none()
    return u.locked_until if u is not None and _locked(u, now) else None


def record_failure(engine: Engine, username: str, now: datetime | None = None) -> datetime | None:
    """One more wrong password in a row; the fifth locks the account. Returns the lock's end."""
    now = now or utcnow()
    with UnitOfWork(engine) as uow:
        u = uow.session.scalars(
            select(User).where(User.username == username).with_for_update()
        ).one_or_none()
        if u is None or _locked(u, now):
            return u.locked_until if u is not None else None
        u.failed_attempts += 1
        if u.failed_attempts >= MAX_FAILURES:
            u.locked_until = now + timedelta(minutes=LOCK_MINUTES)
            u.failed_attempts = 0
            u.sessions_valid_after = now  # a lock also ends the user's open sessions
            _audit(uow.session, username, "user.locked", "user", entity_id=username,
                   after={"locked_until": u.locked_until.isoformat()})  # fmt: skip
        uow.commit()
        return u.locked_until if _locked(u, now) else None


def record_success(engine: Engine, username: str) -> None:
    with UnitOfWork(engine) as uow:
        u = uow.session.scalars(select(User).where(User.username == username)).one_or_none()
        if u is not None and u.failed_attempts:
            u.failed_attempts = 0
            uow.commit()


def session_user(
    engine: Engine, username: str, issued_at: datetime | None, now: datetime | None = None
) -> SessionUser | None:
    """The user of a session, or None when it must be refused: deleted, disabled, locked,
    or the session older than the user's last password change, lock or log-out."""
    now = now or utcnow()
    with UnitOfWork(engine, write=False) as uow:
        u = uow.session.scalars(select(User).where(User.username == username)).one_or_none()
    if u is None or u.disabled or _locked(u, now):
        return None
    if u.sessions_valid_after is not None and (
        issued_at is None or issued_at < u.sessions_valid_after
    ):
        return None
    return SessionUser(u.username, u.display_name, u.role, u.team_id)


def end_sessions(engine: Engine, username: str, now: datetime | None = None) -> None:
    """Log the user out everywhere: every session issued before now is refused."""
    with UnitOfWork(engine) as uow:
        u = uow.session.scalars(select(User).where(User.username == username)).one_or_none()
        if u is not None:
            u.sessions_valid_after = now or utcnow()
            u.session_version += 1
            uow.commit()


def set_password(engine: Engine, username: str, password: str, actor: str) -> None:
    try:
        hashed = hash_password(password)
    except ValueError as exc:
        raise InputRejected([Problem(None, "password", str(exc))]) from exc
    with UnitOfWork(engine) as uow:
        u = uow.session.scalars(select(User).where(User.username == username)).one_or_none()
        if u is None:
            raise InputRejected([Problem(None, "username", f"no user {username}")])
        u.password_hash = hashed
        u.sessions_valid_after = utcnow()
        u.session_version += 1
        u.failed_attempts, u.locked_until = 0, None
        _audit(uow.session, actor, "user.password", "user", entity_id=username)
        uow.commit()
