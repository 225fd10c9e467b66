"""Password hashing with bcrypt (the same hashes streamlit-authenticator checks), and the
password policy every path that sets a password goes through (CLI user-add, the first-run
screen, /setup users): at least 12 characters, not all blanks, not the username, not a
common password (core/common_passwords.txt, shipped with the app)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import bcrypt

MIN_LENGTH = 12
MAX_BYTES = 72  # bcrypt's limit; bcrypt 5 refuses longer passwords
COMMON = Path(__file__).with_name("common_passwords.txt")


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower case."""
    lines = COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(s.strip().lower() for s in lines if s.strip() and not s.startswith("#"))


def password_problem(password: str, username: str | None = None) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if not password.strip():
        return "password is blank"
    if len(password) < MIN_LENGTH:
        return f"password too short: at least {MIN_LENGTH} characters"
    if len(password.encode("utf-8")) > MAX_BYTES:
        return f"password too long: at most {MAX_BYTES} bytes"
    folded = password.strip().casefold()
    if username and folded == username.strip().casefold():
        return "password is the username"
    if folded in common_passwords() or len(set(folded)) <= 2:
        return "password is too common"
    return None


def hash_password(password: str, username: str | None = None) -> str:
    problem = password_problem(password, username)
    if problem:
        raise ValueError(problem)
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt()).decode("ascii")


def check_password(password: str, hashed: str) -> bool:
    data = password.encode("utf-8")
    if len(data) > MAX_BYTES:
        return False
    try:
        return bcrypt.checkpw(data, hashed.encode("ascii"))
    except ValueError:
        return False


@cache
def _dummy_hash() -> bytes:
    return bcrypt.hashpw(b"no user has this password", bcrypt.gensalt())


def dummy_check(password: str) -> bool:
    """Spend the time of one real check and answer False: an unknown or locked user is then
    refused as slowly as a real one with a wrong password (no timing tell)."""
    data = password.encode("utf-8")
    if len(data) <= MAX_BYTES:
        bcrypt.checkpw(data, _dummy_hash())
    return False
