"""The log-in gate's pieces (app.py): the cookie log-in, the form and the cookie it writes.

The app checks passwords and cookies itself; streamlit-authenticator is kept for its
cookie component (writing and deleting the cookie) and its log-out. Why not its own
log-in: it checks the password before anything is counted (40 parallel attempts were
all checked), and its cookie log-in trusts any signed token for any user present and
shows a traceback for a malformed one (`alg: none`, a deleted user).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st

from core.sessions import decode_cookie, encode_cookie
from db.engine import Engine
from db.users import LoggedIn, SessionUser, attempt_login, session_user
from pages._ui import tr

COOKIE_NAME = "camp_auth"
COOKIE_DAYS = 7.0


def _enter(user: SessionUser, session_id: str, login_at: datetime) -> None:
    """The session state the pages and the authenticator's log-out read."""
    st.session_state.update(
        authentication_status=True,
        username=user.username,
        name=user.name,
        roles=[user.role],
        email=f"{user.username}@camp.local",
        logout=None,
        _sid=session_id,
        _login_at=login_at,
    )
    st.session_state.pop("_signed_out", None)
    st.session_state.pop("_refused", None)


def browser_cookie() -> str | None:
    """The log-in cookie the browser sent when it connected (None without one)."""
    return st.context.cookies.get(COOKIE_NAME)


def cookie_log_in(engine: Engine, key: str) -> None:
    """A returning browser's cookie, if sound and still its user's: the session begins.

    Anything wrong with it reads as no cookie (the form shows); a cookie of a user who
    was deleted, re-created, locked, disabled, given a new password or role, or logged
    out everywhere carries an old session id and is refused by the store."""
    if st.session_state.get("authentication_status") or st.session_state.get("logout"):
        return
    now = datetime.now(UTC)
    claims = decode_cookie(browser_cookie(), key, now)
    if claims is None:
        return
    issued = claims.expires - timedelta(days=COOKIE_DAYS)
    user = session_user(engine, claims.username, issued, session_id=claims.session_id)
    if user is not None:
        _enter(user, claims.session_id, issued)


def write_cookie(auth, logged_in: LoggedIn, key: str) -> None:  # noqa: ANN001
    """The cookie for this browser, through the authenticator's cookie component."""
    expires = datetime.now(UTC) + timedelta(days=COOKIE_DAYS)
    token = encode_cookie(logged_in.user.username, logged_in.session_id, expires, key)
    manager = auth.cookie_controller.cookie_model.cookie_manager
    manager.set(COOKIE_NAME, token, expires_at=expires)


def log_in_form(engine: Engine, auth, key: str) -> None:  # noqa: ANN001
    """The form. Every refusal says the same (wrong, unknown, locked or disabled): which
    accounts exist or are locked is no one's business before the log-in."""
    with st.form("login"):
        st.subheader(tr("auth.form"))
        username = st.text_input(tr("auth.username"), autocomplete="off")
        password = st.text_input(tr("auth.password"), type="password", autocomplete="off")
        submitted = st.form_submit_button(tr("auth.login"))
    if not submitted:
        # the last refusal stays said when another run (the cookie component's) replaced
        # the one that made it before it could show it
        if st.session_state.get("_refused"):
            st.error(tr("auth.wrong"))
        return
    logged_in = attempt_login(engine, username, password)
    if logged_in is None:
        st.session_state["authentication_status"] = False
        st.session_state["_refused"] = True  # before st.error: a rerun may stop this run there
        st.error(tr("auth.wrong"))
        return
    _enter(logged_in.user, logged_in.session_id, datetime.now(UTC))
    write_cookie(auth, logged_in, key)  # no st.rerun(): the cookie component reruns the page
