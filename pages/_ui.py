"""Shared widgets and helpers of the pages (never registered as a page)."""

from __future__ import annotations

import streamlit as st

from core.i18n import DEFAULT_LANGUAGE, field_label, t
from core.markup import esc as esc  # the one escape of user text (core/markup.py)
from core.markup import md_esc
from core.roles import PAGES, may
from db.engine import Engine, unavailable
from db.queries import camp_overview
from db.users import SessionUser

ENGINE = "_engine"


def use_engine(engine: Engine) -> None:
    """The store app.py opened at start-up, for the pages of this run (and its fragments)."""
    st.session_state[ENGINE] = engine


def engine() -> Engine:
    """One engine (and connection pool) per store for the whole server process, made and
    migrated by app.py at start-up."""
    return st.session_state[ENGINE]


# Every page, every screen: tab rows wrap instead of scrolling sideways on a phone, and the
# main area starts just under Streamlit's header bar (its 6 rem is a laptop's fifth line).
APP_CSS = """
<style>
[data-testid="stTabs"] div:has(> [data-testid="stTab"]) { flex-wrap: wrap !important;
  overflow: visible !important; row-gap: 2px; }
[data-testid="stTabsScrollLeft"], [data-testid="stTabsScrollRight"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 4rem; }
@media (max-width: 700px) {
  [data-testid="stMainBlockContainer"] { padding-left: 0.8rem; padding-right: 0.8rem; } }
</style>
"""
# The `screen` account: projector mode from its first view — no sidebar, no header.
SCREEN_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header,
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"]
{ display: none !important; }
[data-testid="stSkipToContent"] { display: none !important; }  /* English, no keyboard */
</style>
"""


def lang() -> str:
    return st.session_state.get("lang", DEFAULT_LANGUAGE)


def tr(key: str, **values: object) -> str:
    """The label in the user's language, from the one translation table."""
    text = t(key, lang())
    return text.format(**values) if values else text


def md(key: str, **values: object) -> str:
    """`tr` for a label holding user text, shown as Markdown: every text value escaped
    (`md_esc`); numbers and dates as they are."""
    return tr(key, **{k: md_esc(v) if isinstance(v, str) else v for k, v in values.items()})


def user() -> SessionUser | None:
    """The logged-in user as the store knows them on this run (set by app.py)."""
    return st.session_state.get("_user")


def role() -> str | None:
    u = user()
    return u.role if u else None


def guard(path: str) -> None:
    """A page not allowed for the role is not registered; this is the second lock."""
    if "_user" not in st.session_state:  # app.py's gate never ran in this session: a
        _through_the_gate()  # bookmark or a reconnect as a fresh server's first request
    if role() not in PAGES[path]:
        st.error(tr("auth.denied"))
        st.stop()


def _through_the_gate() -> None:
    """Run again through app.py, on the same page.

    Until a server process has run app.py once (st.navigation), Streamlit takes pages/ for
    its old pages folder and runs the page a browser asks for by itself, without the gate:
    a projector's bookmark opened first on a fresh server, or screens left open on /pk
    while the app server restarted (they reconnect asking for the page), would show "no
    right" and never refresh. Leave that mode for the whole process (what st.navigation
    does) and rerun; the page keeps its address, so the projector shows its ranking.
    """
    from streamlit.runtime.pages_manager import PagesManager

    PagesManager.uses_pages_directory = False
    st.rerun()


def require(action: str) -> None:
    """Check on the server, before any write, that the user's role may do `action`."""
    if not may(role(), action):
        st.error(tr("auth.denied"))
        st.stop()


def allowed(action: str) -> bool:
    return may(role(), action)


def camp_code() -> str | None:
    """The camp the user works on: chosen in the sidebar, the newest by default."""
    camps = camp_overview(engine())
    if not camps:
        return None
    codes = [c["code"] for c in camps]
    names = {c["code"]: c["name"] for c in camps}
    current = st.session_state.get("camp")
    index = codes.index(current) if current in codes else 0
    return st.sidebar.selectbox(
        tr("app.camp"),
        codes,
        index=index,
        format_func=lambda c: f"{names[c]} ({c})",
        key="camp",
        placeholder=tr("widget.choose"),
    )


def placeholder(issue: int) -> None:
    st.info(tr("app.placeholder", issue=issue))


def camp_zone():  # noqa: ANN201
    """The time zone to show times in: the newest camp's, else Asia/Shanghai."""
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def now():  # noqa: ANN201
    """The current moment (aware UTC); tests pin it with session_state["_now"]."""
    from datetime import UTC, datetime

    return st.session_state.get("_now") or datetime.now(UTC)


def field(name: str | None) -> str:
    """A problem's column: an input field's label, or a file's header as written."""
    return field_label(name, lang())


def problems_table(problems) -> None:  # noqa: ANN001
    """Row-level problems as a table: row, column, reason — in the user's language: a
    coded reason from the catalogue, a field's code name as its label, no `None` row."""
    rows = [
        {
            tr("export.row"): "" if p.row is None else str(p.row),
            tr("export.column"): field(p.column),
            tr("export.reason"): p.reason_in(lang()),
        }
        for p in problems
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def wide_table(rows: list[dict], essential: list[str], key: str) -> None:
    """A table with more columns than a laptop shows side by side: the `essential` ones,
    and the others when the user picks them — fewer columns instead of a sideways scroll
    that hides the ones a manager opens the page for."""
    if not rows:
        st.dataframe(rows, hide_index=True, width="stretch")
        return
    others = [c for c in rows[0] if c not in essential]
    extra = st.multiselect(tr("table.more_columns"), others, key=f"{key}_more",
                           placeholder=tr("table.more_columns_hint"), select_all=False)  # fmt: skip
    shown = [c for c in rows[0] if c in essential or c in extra]
    st.dataframe(rows, hide_index=True, width="stretch", column_order=shown, key=key)


def store_unavailable() -> None:
    """The one message for a store that cannot be reached: nothing saved, try again."""
    st.error(tr("store.unavailable"))


def attempt(action: str, fn, *args, _rejected: str, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
    """Check the role on the server, then run one write; problems are shown, never raised.

    Returns (True, result) when it went through — the write committed — and (False, None)
    when it was refused or the store could not be reached (then nothing was saved, and
    the page says so instead of showing a traceback or a success).
    """
    from core.campfile import CampFileError
    from core.errors import InputRejected, UsageError

    require(action)
    try:
        return True, fn(*args, **kwargs)
    except (InputRejected, CampFileError) as exc:
        st.error(tr(_rejected))
        problems_table(exc.problems)
    except UsageError as exc:
        st.error(md_esc(exc.text(lang())))
    except Exception as exc:
        if not unavailable(exc):
            raise
        store_unavailable()
    return False, None
