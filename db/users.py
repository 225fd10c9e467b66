"""Users: every use case of a user — adding, the admin's changes (/setup's users tab),
the log-in with its password check and lock-out, and session validity.

Users belong to no camp: their changes are audited but bump no camp's version.

The log-in form and the cookie are the app's own (pages/_login.py); the attempt
counter, the lock-out and the per-user session id the cookie carries live here, in
the store, so they hold across browsers, replicas and restarts (STACK-NOTES: the
library's own counters are in memory and its cookies cannot be revoked).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, exists, func, or_, select, update
from sqlalchemy.orm import Session

from core.errors import InputRejected, UsageError
from core.passwords import check_password, dummy_check, hash_password, password_reason
from core.records import Problem
from db.models import Camp, Team, User, new_session_id, utcnow
from db.uow import UnitOfWork, find_camp

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
        raise InputRejected([Problem.of(None, "password", exc)]) from exc
    with UnitOfWork(engine) as uow:
        u = uow.session.scalars(select(User).where(User.username == username)).one_or_none()
        if u is None:
            raise InputRejected(
                [Problem.coded(None, "username", "user.unknown", username=username)]
            )
        u.password_hash = hashed
        u.sessions_valid_after = utcnow()
        u.session_version += 1
        u.session_id = new_session_id()
        u.failed_attempts, u.locked_until = 0, None
        uow.audit(actor, "user.password", "user", entity_id=username)
        uow.commit()


ROLES = ("admin", "trainer", "manager", "screen")
# ----------------------------------------------------------------------------- admin


def add_user(
    engine: Engine,
    username: str,
    role: str,
    display_name: str,
    password: str,
    team: str | None = None,
    actor: str = "cli",
) -> None:
    username = username.strip().lower()
    if not username or not username.replace("_", "").replace(".", "").replace("-", "").isalnum():
        raise InputRejected([Problem.coded(None, "USERNAME", "user.bad_name")])
    if role not in ROLES:
        raise UsageError.coded("usage.unknown_role", role=role, expected=", ".join(ROLES))
    if not display_name.strip():
        raise InputRejected([Problem.coded(None, "--name", "user.name_required")])
    problem = password_reason(password, username)
    if problem:
        raise InputRejected([Problem.of(None, "password", problem)])
    with UnitOfWork(engine) as uow:
        s = uow.session
        if s.scalar(select(exists().where(User.username == username))):
            raise InputRejected([Problem.coded(None, "USERNAME", "user.exists", username=username)])
        team_id = None
        if team:
            team_id = s.scalar(
                select(Team.id)
                .join(Camp, Camp.id == Team.camp_id)
                .where(Team.name == team)
                .order_by(Camp.start_date.desc(), Camp.id.desc())
                .limit(1)
            )
            if team_id is None:
                raise UsageError.coded("usage.unknown_team", team=team)
        s.add(
            User(
                username=username,
                display_name=display_name.strip(),
                role=role,
                team_id=team_id,
                password_hash=hash_password(password, username),
            )
        )
        uow.audit(actor, "user.add", "user", entity_id=username, after={"role": role, "team": team})
        uow.commit()


def count_users(engine: Engine, role: str | None = None) -> int:
    with UnitOfWork(engine, write=False) as uow:
        stmt = select(func.count()).select_from(User)
        if role:
            stmt = stmt.where(User.role == role)
        return int(uow.session.scalar(stmt) or 0)


@dataclass(frozen=True)
class UserRow:
    username: str
    name: str
    role: str
    team: str | None
    disabled: bool
    locked_until: datetime | None


def list_users(engine: Engine) -> list[UserRow]:
    with UnitOfWork(engine, write=False) as uow:
        rows = uow.session.execute(
            select(User, Team.name).outerjoin(Team, Team.id == User.team_id).order_by(User.username)
        ).all()
    now = utcnow()
    return [
        UserRow(
            u.username,
            u.display_name,
            u.role,
            team,
            u.disabled,
            u.locked_until if u.locked_until and u.locked_until > now else None,
        )
        for u, team in rows
    ]


def _user(s: Session, username: str) -> User:
    user = s.scalars(select(User).where(User.username == username).with_for_update()).one_or_none()
    if user is None:
        raise InputRejected([Problem.coded(None, "username", "user.unknown", username=username)])
    return user


def _user_state(s: Session, user: User) -> dict:
    team = s.scalar(select(Team.name).where(Team.id == user.team_id)) if user.team_id else None
    return {"name": user.display_name, "role": user.role, "team": team, "disabled": user.disabled}


def _keep_an_admin(s: Session, user: User) -> None:
    """Refuse a change that would leave no enabled admin (nobody could set up again)."""
    others = s.scalar(
        select(func.count()).where(User.role == "admin", ~User.disabled, User.id != user.id)
    )
    if not others:
        raise InputRejected(
            [Problem.coded(None, "username", "user.last_admin", username=user.username)]
        )


def update_user(
    engine: Engine,
    username: str,
    *,
    role: str,
    name: str | None = None,
    camp_code: str | None = None,
    team: str | None = None,
    actor: str,
) -> None:
    """Change a user's role, display name and team (a team of camp `camp_code`)."""
    if role not in ROLES:
        raise UsageError.coded("usage.unknown_role", role=role, expected=", ".join(ROLES))
    with UnitOfWork(engine) as uow:
        s = uow.session
        user = _user(s, username)
        before = _user_state(s, user)
        if user.role == "admin" and role != "admin" and not user.disabled:
            _keep_an_admin(s, user)
        team_id = None
        if team:
            if camp_code is None:
                raise UsageError.coded("usage.team_needs_camp")
            camp = find_camp(s, camp_code)
            team_id = s.scalar(select(Team.id).where(Team.camp_id == camp.id, Team.name == team))
            if team_id is None:
                raise UsageError.coded("usage.unknown_team", team=team)
        if name is not None:
            if not name.strip():
                raise InputRejected([Problem.coded(None, "name", "user.name_required")])
            user.display_name = name.strip()
        if role != user.role:  # a new role: the cookies of the old one stop working
            user.session_id = new_session_id()
        user.role, user.team_id = role, team_id
        s.flush()
        uow.audit(
            actor,
            "user.update",
            "user",
            entity_id=username,
            before=before,
            after=_user_state(s, user),
        )
        uow.commit()


def set_disabled(engine: Engine, username: str, disabled: bool, actor: str) -> None:
    """Disable a user (refused on the next rerun, sessions ended) or enable them again."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        user = _user(s, username)
        if disabled and user.username == actor:
            raise InputRejected([Problem.coded(None, "username", "user.disable_self")])
        if disabled and user.role == "admin" and not user.disabled:
            _keep_an_admin(s, user)
        before = _user_state(s, user)
        user.disabled = disabled
        if disabled:
            user.sessions_valid_after = utcnow()
            user.session_version += 1
            user.session_id = new_session_id()
        else:
            user.failed_attempts, user.locked_until = 0, None
        uow.audit(
            actor,
            "user.disable" if disabled else "user.enable",
            "user",
            entity_id=username,
            before=before,
            after=_user_state(s, user),
        )
        uow.commit()


def delete_user(engine: Engine, username: str, actor: str) -> None:
    """Delete a user; their audit entries stay (they name the user, not a row)."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        user = _user(s, username)
        if user.username == actor:
            raise InputRejected([Problem.coded(None, "username", "user.delete_self")])
        if user.role == "admin" and not user.disabled:
            _keep_an_admin(s, user)
        before = _user_state(s, user)
        s.delete(user)
        uow.audit(actor, "user.delete", "user", entity_id=username, before=before)
        uow.commit()


def reset_password(engine: Engine, username: str, password: str, actor: str) -> None:
    """A new password for a user (db.users.set_password): their open sessions end."""
    problem = password_reason(password, username)
    if problem:
        raise InputRejected([Problem.of(None, "password", problem)])
    set_password(engine, username, password, actor)
