"""Password hashing with bcrypt (the same hashes streamlit-authenticator checks)."""

from __future__ import annotations

import bcrypt

MIN_LENGTH = 8
MAX_BYTES = 72  # bcrypt's limit; bcrypt 5 refuses longer passwords


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f"password too short: at least {MIN_LENGTH} characters"
    if len(password.encode("utf-8")) > MAX_BYTES:
        return f"password too long: at most {MAX_BYTES} bytes"
    return None


def hash_password(password: str) -> str:
    problem = password_problem(password)
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
