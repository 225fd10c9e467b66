"""Password hashing with bcrypt (the same hashes streamlit-authenticator checks), and the
password policy every path that sets a password goes through (CLI user-add, the first-run
screen, /setup users): at least 12 characters, not all blanks, not the username, not a
common password (core/common_passwords.txt, shipped with the app)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import bcrypt

from core.reasons import Reason

MIN_LENGTH = 12
MAX_BYTES = 72  # bcrypt's limit; bcrypt 5 refuses longer passwords
COMMON = Path(__file__).with_name("common_passwords.txt")
ROUNDS = 12  # bcrypt's cost: about a quarter of a second per hash or check here


def rounds() -> int:
    """bcrypt's cost for new hashes: ROUNDS, or CAMP_BCRYPT_ROUNDS (4–16) where a machine
    is much slower or faster. The test suite sets 4: it tests what a log-in does, not how
    long bcrypt takes, and hashes hundreds of passwords. A stored hash keeps its own cost,
    so changing this never locks anyone out."""
    try:
        value = int(os.environ.get("CAMP_BCRYPT_ROUNDS", "").strip() or ROUNDS)
    except ValueError:
        return ROUNDS
    return min(max(value, 4), 16)


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list of common passwords, lower case."""
    lines = COMMON.read_text(encoding="utf-8").splitlines()
    return frozenset(s.strip().lower() for s in lines if s.strip() and not s.startswith("#"))


def password_reason(password: str, username: str | None = None) -> Reason | None:
    """Why a new password is refused (a catalogue reason), or None when it is acceptable."""
    if not password.strip():
        return Reason("password.blank")
    if len(password) < MIN_LENGTH:
        return Reason("password.short", limit=MIN_LENGTH)
    if len(password.encode("utf-8")) > MAX_BYTES:
        return Reason("password.long", limit=MAX_BYTES)
    folded = password.strip().casefold()
    if username and folded == username.strip().casefold():
        return Reason("password.username")
    if folded in common_passwords() or len(set(folded)) <= 2:
        return Reason("password.common")
    return None


def password_problem(password: str, username: str | None = None) -> str | None:
    """Why a new password is refused, in English, or None when it is acceptable."""
    reason = password_reason(password, username)
    return None if reason is None else str(reason)


def hash_password(password: str, username: str | None = None) -> str:
    """The bcrypt hash; raises the `Reason` (a ValueError) a refused password has."""
    problem = password_reason(password, username)
    if problem:
        raise problem
    return bcrypt.hashpw(password.encode("utf-8"), bcrypt.gensalt(rounds())).decode("ascii")


def check_password(password: str, hashed: str) -> bool:
    data = password.encode("utf-8")
    if len(data) > MAX_BYTES:
        return False
    try:
        return bcrypt.checkpw(data, hashed.encode("ascii"))
    except ValueError:
        return False


@cache
def _dummy_hash(cost: int) -> bytes:
    return bcrypt.hashpw(b"no user has this password", bcrypt.gensalt(cost))


def dummy_check(password: str) -> bool:
    """Spend the time of one real check and answer False: an unknown or locked user is then
    refused as slowly as a real one with a wrong password (no timing tell)."""
    data = password.encode("utf-8")
    if len(data) <= MAX_BYTES:
        bcrypt.checkpw(data, _dummy_hash(rounds()))
    return False
