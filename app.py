"""Collection Camp Command — the entry point: log-in gate and one navigation per role.

Order matters (shared/STACK-NOTES.md): one Authenticate per run, a silent cookie
log-in before the navigation is built, the real pages registered (hidden) even
while logged out so deep links like /pk survive the log-in form, and no
st.rerun() after a log-in or log-out.
"""

from __future__ import annotations

import gc
import logging
import secrets
import sys
from pathlib import Path

import streamlit as st

from core.config import cookie_key, resolve_database_url
from core.errors import InputRejected, UsageError
from core.i18n import LANGUAGES, t
from core.roles import PAGES, pages_for
from db.engine import Engine, StoreError, store_errors, unavailable
from db.migrate import open_store
from db.postloan import overdue_count
from db.users import add_user, end_sessions, has_admin, session_user
from pages import _login as login
from pages import _ui as ui

# Streamlit's Material icons: drawn from its own icon font, so a bank PC without an emoji
# font shows them too (emoji there render as empty boxes).
ICONS = {"board": ":material/wb_sunny:", "pk": ":material/leaderboard:",
         "summary": ":material/summarize:", "awards": ":material/emoji_events:",
         "entry": ":material/edit_note:", "research": ":material/query_stats:",
         "postloan": ":material/assignment:", "setup": ":material/settings:"}  # fmt: skip
HERE = Path(__file__).resolve().parent
log = logging.getLogger("camp.store")

st.set_page_config(page_icon=":material/flag:", layout="wide")  # the tab shows the page that runs
st.html(ui.APP_CSS)
st.sidebar.radio(t("app.language"), LANGUAGES, format_func=str.upper, key="lang", horizontal=True)


@st.cache_resource(show_spinner=False)
def first_run_token() -> str:
    """A one-time token for creating the first admin, printed on the server console."""
    token = secrets.token_urlsafe(12)
    print(f"\n  清收训练营指挥台 first-run token: {token}\n", file=sys.stderr, flush=True)
    return token


@st.cache_resource(show_spinner=False)
def store(url: str) -> Engine:
    """One engine (and connection pool) per store for the whole server process, the schema
    migrated to head when it is first opened. A failure is not cached: the next run tries
    again."""
    return open_store(url)


def home_page() -> None:
    """The small default page; the real pages have fixed paths (STACK-NOTES pitfall 8)."""
    from pages import home

    home.render()


def refused(path: str):  # noqa: ANN201
    """A page the role may not open, asked for by its address: a clear message and a way
    on, instead of Streamlit's English "Page not found" dialog."""

    def page() -> None:
        st.title(ui.tr(f"page.{path}"))
        st.warning(ui.tr("auth.page_refused", page=ui.tr(f"page.{path}")))
        st.page_link(st.session_state["_home"], label=ui.tr("page.home"), icon=":material/home:")

    page.__name__ = f"refused_{path}"  # st.Page tells pages apart by their function's name
    return page


def build_pages(role: str | None) -> list:
    home = st.Page(home_page, title=ui.tr("page.home"), icon=":material/home:", default=True)
    paths = pages_for(role) if role else list(PAGES)
    pages = [home] + [
        st.Page(
            str(HERE / "pages" / f"{p}.py"),
            title=ui.tr(f"page.{p}"),
            icon=ICONS[p],
            url_path=p,
            default=False,
        )  # fmt: skip
        for p in paths
    ]
    st.session_state["_home"] = home
    st.session_state["_board"] = pages[1 + paths.index("board")]
    return pages + [
        st.Page(refused(p), title=ui.tr("auth.refused_title"), url_path=p, visibility="hidden")
        for p in PAGES
        if p not in paths
    ]


def first_run(engine) -> None:  # noqa: ANN001
    token = first_run_token()
    st.title(ui.tr("first.title"))
    st.caption(ui.tr("first.help"))
    with st.form("first_run"):
        entered = st.text_input(ui.tr("first.token"), type="password")
        username = st.text_input(ui.tr("auth.username"))
        name = st.text_input(ui.tr("first.name"))
        password = st.text_input(ui.tr("auth.password"), type="password")
        again = st.text_input(ui.tr("first.password2"), type="password")
        st.caption(ui.tr("password.rule"))
        submitted = st.form_submit_button(ui.tr("first.create"))
    if not submitted:
        return
    if not secrets.compare_digest(entered.strip(), token):
        st.error(ui.tr("first.bad_token"))
    elif password != again:
        st.error(ui.tr("first.mismatch"))
    else:
        try:
            add_user(engine, username, "admin", name, password, actor="first-run")
        except (InputRejected, UsageError) as exc:
            if isinstance(exc, InputRejected):
                st.error("；".join(p.reason_in(ui.lang()) for p in exc.problems))
            else:
                st.error(exc.text(ui.lang()))
        else:
            st.success(ui.tr("first.done"))
            st.button(ui.tr("auth.login"), key="to_login")  # a rerun shows the log-in form


def overdue_reminder(engine, user, pages: list) -> None:  # noqa: ANN001
    """On every page, the logged-in user's overdue post-loan tasks (SPEC §4.9), with a link."""
    if user.role not in PAGES["postloan"]:
        return
    today = ui.now().astimezone(ui.camp_zone()).date()
    n = overdue_count(engine, user.name, today)
    if n:
        st.sidebar.warning(ui.tr("post.reminder", n=n), icon=":material/alarm:")
        board = next(p for p in pages if p.url_path == "postloan")
        st.sidebar.page_link(board, label=ui.tr("page.postloan"), icon=ICONS["postloan"])


def store_failed(exc: Exception) -> None:
    """Say the store cannot be used, instead of a traceback; log one line without data.

    The driver's first line only: SQLAlchemy's message would carry the statement's
    parameters, which may hold borrowers' names."""
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    log.warning("store unavailable: %s: %s", type(exc).__name__, reason[0] if reason else "")
    if unavailable(exc):
        ui.store_unavailable()
        st.caption(ui.tr("store.hint"))
    else:
        st.error(t("app.store_error", ui.lang()))


@st.cache_resource(show_spinner=False)
def _heap() -> dict[str, int]:
    return {"modules": 0}


def freeze_heap() -> None:
    """Streamlit collects garbage across the whole heap after every run (gc.collect(2)):
    with pandas, plotly, reportlab and SQLAlchemy loaded, about 0.1 s of a core on every
    click of every user. The modules' objects live as long as the process, so once a run
    has imported new modules (the first visit of each page) they are moved out of the
    collector's sight (gc.freeze) and later collections walk only what runs create."""
    seen = _heap()
    if len(sys.modules) != seen["modules"]:
        gc.collect()
        gc.freeze()
        seen["modules"] = len(sys.modules)


def main() -> None:
    """Every run: the gate, the navigation, the page. The store may go away between two
    runs or in the middle of one (PostgreSQL restarted): any page then shows one clear
    message, nothing it was told is saved is lost, and the next run after the store is
    back works again without restarting the app (pool_pre_ping, db/engine.py)."""
    freeze_heap()
    try:
        with store_errors():
            engine = store(resolve_database_url())
            admin_exists = has_admin(engine)
    except StoreError as exc:
        store_failed(exc.error)
        return
    ui.use_engine(engine)
    try:
        serve(engine, admin_exists)
    except Exception as exc:
        if not unavailable(exc):
            raise
        store_failed(exc)


def serve(engine, admin_exists: bool) -> None:  # noqa: ANN001
    if not admin_exists:
        st.session_state["_user"] = None
        st.navigation(build_pages(None), position="hidden")
        first_run(engine)
        return
    key = cookie_key()
    # the authenticator only for its cookie component and log-out, drawn only while the
    # cookie changes (pages/_login.py says why)
    cookies = login.CookieJar(key)
    cookies.pending()
    login.cookie_log_in(engine, key)
    user = None
    if st.session_state.get("authentication_status"):
        user = session_user(engine, st.session_state["username"],
                            st.session_state.get("_login_at"),
                            session_id=st.session_state.get("_sid"))  # fmt: skip
        if user is None:  # locked, disabled, deleted, re-created, or logged out elsewhere
            cookies.log_out()
            st.session_state.pop("_login_at", None)
            st.session_state.pop("_sid", None)
            st.warning(ui.tr("auth.refused"))
    st.session_state["_user"] = user
    if user is None:
        st.navigation(build_pages(None), position="hidden")
        if st.session_state.get("_signed_out"):  # still said once the cookie component reruns
            st.info(ui.tr("auth.logged_out"))
        login.log_in_form(engine, cookies)
        return
    pages = build_pages(user.role)
    screen = user.role == "screen"  # the projector PC: its pages from bookmarks, no menu
    nav = st.navigation(pages, position="hidden" if screen else "sidebar")
    if screen:
        st.html(ui.SCREEN_CSS)
    st.sidebar.caption(ui.md("app.signed_in_as", name=user.name, role=ui.tr(f"role.{user.role}")))
    overdue_reminder(engine, user, pages)
    if st.sidebar.button(ui.tr("auth.logout"), key="sign_out"):
        end_sessions(engine, user.username)
        cookies.log_out()
        st.session_state.pop("_login_at", None)
        st.session_state.pop("_sid", None)
        st.session_state["_user"] = None
        st.session_state["_signed_out"] = True
        st.info(ui.tr("auth.logged_out"))
        st.stop()
    nav.run()


main()
