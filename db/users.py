"""Users for the log-in: the password check, lock-out and session validity.

The log-in form and the cookie are the app's own (pages/_login.py); the attempt
counter, the lock-out and the per-user session id the cookie carries live here, in
the store, so they hold across browsers, replicas and restarts (STACK-NOTES: the
library's own counters are in memory and its cookies cannot be revoked).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, exists, or_, select, update

from core.errors import InputRejected
from core.passwords import check_password, dummy_check, hash_password
from core.records import Problem
from db.models import User, new_session_id, utcnow
from db.uow import UnitOfWork

MAX_FAILURES = 5
LOCK_MINUTES = 15


@dataclass(frozen=True)
class SessionUser:
    username: str
    name: str
    role: str
    team_id: int | None


@dataclass(frozen=True)
class LoggedIn:
    """A successful log-in: the user and the session id their cookie must carry."""

    user: SessionUser
    session_id: str


def has_admin(engine: Engine) -> bool:
    with UnitOfWork(engine, write=False) as uow:
        return bool(
            uow.session.scalar(select(exists().where(User.role == "admin", ~User.disabled)))
        )


def _locked(u: User, now: datetime) -> bool:
    return u.locked_until is not None and u.locked_until > now


def _session_user(u: User) -> SessionUser:
    return SessionUser(u.username, u.display_name, u.role, u.team_id)


def attempt_login(
    engine: Engine, username: str, password: str, now: datetime | None = None
) -> LoggedIn | None:
    """Check a log-in; None for every refusal (unknown, disabled, locked, wrong password).

    The attempt is counted in the store BEFORE the password is checked, in one UPDATE …
    RETURNING: of any number of parallel attempts only the first MAX_FAILURES are checked
    at all, and an attempt cut short (a rerun, a closed tab) still counts. A locked,
    disabled or unknown account checks nothing real but spends the time of one bcrypt
    check, so neither the answer nor its time tells who exists or who is locked.
    """
    now = now or utcnow()
    name = (username or "").strip().lower()
    with UnitOfWork(engine) as uow:
        claim = uow.session.execute(
            update(User)
            .where(
                User.username == name,
                ~User.disabled,
                or_(User.locked_until.is_(None), User.locked_until <= now),
            )
            .values(failed_attempts=User.failed_attempts + 1)
            .returning(User.id, User.password_hash, User.failed_attempts)
            .execution_options(synchronize_session=False)
        ).first()
        uow.commit()
    if claim is None:
        dummy_check(password)
        return None
    if claim.failed_attempts > MAX_FAILURES:  # more attempts in flight than allowed
        _lock(engine, claim.id, now)
        dummy_check(password)
        return None
    if not check_password(password, claim.password_hash):
        if claim.failed_attempts >= MAX_FAILURES:
            _lock(engine, claim.id, now)
        return None
    with UnitOfWork(engine) as uow:
        u = uow.session.get(User, claim.id)
        if u is None or u.disabled or _locked(u, now):  # locked or deleted meanwhile
            return None
        u.failed_attempts = 0
        uow.commit()
        return LoggedIn(_session_user(u), u.session_id)


def _lock(engine: Engine, user_id: int, now: datetime) -> None:
    """Lock the account for LOCK_MINUTES (once, however many attempts ask); a lock also
    ends the user's open sessions."""
    with UnitOfWork(engine) as uow:
        u = uow.session.scalars(
            select(User).where(User.id == user_id).with_for_update()
        ).one_or_none()
        if u is None or _locked(u, now):
            return
        u.locked_until = now + timedelta(minutes=LOCK_MINUTES)
        u.failed_attempts = 0
        u.sessions_valid_after = now
        u.session_version += 1
        u.session_id = new_session_id()
        uow.audit(u.username, "user.locked", "user", entity_id=u.username,
               after={"locked_until": u.locked_until.isoformat()})  # fmt: skip
        uow.commit()


def session_user(
    engine: Engine,
    username: str,
    issued_at: datetime | None,
    now: datetime | None = None,
    *,
    session_id: str | None = None,
) -> SessionUser | None:
    """The user of a session, or None when it must be refused: deleted, disabled, locked,
    the session older than the user's last password change, lock or log-out, or (when
    the session carries one, as every log-in and cookie does) another session id."""
    now = now or utcnow()
    with UnitOfWork(engine, write=False) as uow:
        u = uow.session.scalars(select(User).where(User.username == username)).one_or_none()
    if u is None or u.disabled or _locked(u, now):
        return None
    if session_id is not None and not secrets.compare_digest(
        session_id.encode("utf-8"), u.session_id.encode("utf-8")
    ):
        return None
    if u.sessions_valid_after is not None and (
        issued_at is None or issued_at < u.sessions_valid_after
    ):
        return None
    return _session_user(u)


def current_session_id(engine: Engine, username: str) -> str | None:
    """The session id a cookie of `username` must carry now (None: no such user)."""
    with UnitOfWork(engine, write=False) as uow:
        return uow.session.scalar(select(User.session_id).where(User.username == username))


def end_sessions(engine: Engine, username: str, now: datetime | None = None) -> None:
    """Log the user out everywhere: every session and cookie issued before now is refused."""
    with UnitOfWork(engine) as uow:
        u = uow.session.scalars(select(User).where(User.username == username)).one_or_none()
        if u is not None:
            u.sessions_valid_after = now or utcnow()
            u.session_version += 1
            u.session_id = new_session_id()
            uow.commit()


def set_password(engine: Engine, username: str, password: str, actor: str) -> None:
    try:
        hashed = hash_password(password, username)
    except ValueError as exc:
        raise InputRejected([Problem(None, "password", str(exc))]) from exc
    with UnitOfWork(engine) as uow:
        u = uow.session.scalars(select(User).where(User.username == username)).one_or_none()
        if u is None:
            raise InputRejected([Problem(None, "username", f"no user {username}")])
        u.password_hash = hashed
        u.sessions_valid_after = utcnow()
        u.session_version += 1
        u.session_id = new_session_id()
        u.failed_attempts, u.locked_until = 0, None
        uow.audit(actor, "user.password", "user", entity_id=username)
        uow.commit()
