"""The log-in gate's pieces (app.py): the cookie log-in, the form and the cookie it writes.

The app checks passwords and cookies itself; streamlit-authenticator is kept for its
cookie component (writing and deleting the cookie) and its log-out. Why not its own
log-in: it checks the password before anything is counted (40 parallel attempts were
all checked), and its cookie log-in trusts any signed token for any user present and
shows a traceback for a malformed one (`alg: none`, a deleted user).

The component is drawn only on the runs that change the cookie (`CookieJar`). Drawn on
every run, as the authenticator does, it loaded a frame of its own with every page and
ran the page a second time when the frame reported the browser's cookies, and a click
in that first second could land in the run that was replaced (STACK-NOTES pitfall 2).
The app reads the cookie from the request instead (`browser_cookie`).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import streamlit as st
import streamlit_authenticator as stauth

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


# session keys: a cookie change not yet confirmed by the component's frame; and the keys
# under which the component's "set" and "delete" frames report that they are done
_WRITE, _DELETE = "_cookie_write", "_cookie_delete"
_DONE = {_WRITE: "set", _DELETE: "delete"}


class CookieJar:
    """The browser's log-in cookie, changed through the authenticator's cookie component,
    which is drawn only on the runs that write or delete the cookie. A change is drawn
    again on every run until its frame reports it done, so a run that replaced the one
    that asked for it (a click, the other frame's report) cannot lose it."""

    def __init__(self, key: str) -> None:
        self._key = key
        self._auth = None

    def authenticator(self):  # noqa: ANN201
        """One Authenticate per run, made on first use (STACK-NOTES pitfall 1); making it
        draws the component's frame."""
        if self._auth is None:
            self._auth = stauth.Authenticate({"usernames": {}}, COOKIE_NAME, self._key,
                                             COOKIE_DAYS, auto_hash=False,
                                             login_sleep_time=0.0)  # fmt: skip
        return self._auth

    def write(self, logged_in: LoggedIn) -> None:
        """The cookie for this browser after a log-in by the form."""
        expires = datetime.now(UTC) + timedelta(days=COOKIE_DAYS)
        token = encode_cookie(logged_in.user.username, logged_in.session_id, expires, self._key)
        st.session_state.pop(_DELETE, None)
        st.session_state[_WRITE] = (token, expires)
        self.pending()

    def log_out(self) -> None:
        """The authenticator's log-out (its session keys cleared) and the cookie deleted."""
        self.authenticator().logout(location="unrendered")
        st.session_state.pop(_WRITE, None)
        st.session_state[_DELETE] = True

    def pending(self) -> None:
        """Draw a write or a delete again until its frame has said it is done (then the
        component is left out and its frames go)."""
        for change, done in _DONE.items():
            if change not in st.session_state:
                continue
            if st.session_state.get(done) is True:
                st.session_state.pop(change)
            elif change == _WRITE:
                token, expires = st.session_state[_WRITE]
                manager = self.authenticator().cookie_controller.cookie_model.cookie_manager
                manager.set(COOKIE_NAME, token, expires_at=expires)
            else:
                self.authenticator().cookie_controller.delete_cookie()


def log_in_form(engine: Engine, cookies: CookieJar) -> None:
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
    cookies.write(logged_in)  # no st.rerun(): the cookie component reruns the page
