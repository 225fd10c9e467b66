"""The log-in cookie: an HS256 JWT carrying the username, the user's session id and its
expiry. Anything wrong with a cookie — garbage, another key, `alg: none` or any other
algorithm, expired, a missing or odd claim — reads as no cookie: the log-in form shows,
never a traceback. Whether the session id still matches the user is the store's
question (db/users.session_user)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import jwt

ALGORITHM = "HS256"


@dataclass(frozen=True)
class CookieClaims:
    username: str
    session_id: str
    expires: datetime  # aware


def encode_cookie(username: str, session_id: str, expires: datetime, key: str) -> str:
    """The cookie's value (the `exp_date` claim is the one streamlit-authenticator uses)."""
    claims = {"username": username, "sid": session_id, "exp_date": expires.timestamp()}
    return jwt.encode(claims, key, algorithm=ALGORITHM)


def decode_cookie(token: object, key: str, now: datetime) -> CookieClaims | None:
    """The claims of a sound, unexpired cookie signed with `key`; None for anything else."""
    if not isinstance(token, str) or not token or len(token) > 4096:
        return None
    try:
        claims = jwt.decode(token, key, algorithms=[ALGORITHM])
    except (jwt.PyJWTError, ValueError, TypeError):
        return None
    if not isinstance(claims, dict):
        return None
    username, sid, exp = claims.get("username"), claims.get("sid"), claims.get("exp_date")
    if not isinstance(username, str) or not username or not isinstance(sid, str) or not sid:
        return None
    if isinstance(exp, bool) or not isinstance(exp, int | float):
        return None
    try:
        expires = datetime.fromtimestamp(exp, now.tzinfo)
    except (OverflowError, OSError, ValueError):
        return None
    if expires <= now:
        return None
    return CookieClaims(username, sid, expires)
