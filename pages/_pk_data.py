"""The one read path of /pk: a board cached per (store, camp, data version, calendar phase).

Every screen asks the store for the key (one row: the camp's data version, bumped in the
same transaction as every write, plus the calendar phase that changes at cut-offs), and
then for the board under that key. Fifty screens on an unchanged camp cost fifty one-row
reads and no computation; a write changes the key, so the next refresh of each screen
shows it, and the first to ask computes it for all (st.cache_data holds a lock per key).
The key comes from the store, not from the process, so replicas agree on it.

CAMP_PK_CACHE=0 in the server's environment turns the cache off (every refresh of every
screen computes the board): for benchmarks/bench_pk_sessions.py only, to measure what the
cache saves.

When the store cannot be reached (PostgreSQL restarting), a screen keeps the last board
it showed, under a notice, and picks up the live one at its next refresh once the store
is back — a projector never shows a traceback.
"""

from __future__ import annotations

import importlib
import os
from datetime import datetime
from types import ModuleType
from zoneinfo import ZoneInfo

import streamlit as st

from core.config import resolve_database_url
from db.engine import unavailable
from db.queries.pk import PkBoard
from pages import _ui as ui

LAST = "_pk_last_board"


def _store() -> ModuleType:
    """db.queries.pk as sys.modules holds it now. Streamlit unloads the app's modules when a source
    file changes, while a running fragment keeps the references of the page run that
    declared it; the cache pickles the board by its class's name, so the board must be
    built by the module that name finds."""
    return importlib.import_module("db.queries.pk")


def cache_on() -> bool:
    """The standings cache, on unless CAMP_PK_CACHE=0 (a benchmark's switch)."""
    return os.environ.get("CAMP_PK_CACHE", "1").strip() != "0"


@st.cache_data(show_spinner=False, max_entries=64, ttl=6 * 3600)
def _board(url: str, code: str, key: tuple, _now: datetime) -> PkBoard | None:
    """The board under `key`; `_now` only feeds the phase already in the key."""
    return _store().pk_board(ui.engine(), code, _now)


def _read(code: str, now: datetime) -> PkBoard | None:
    store = _store()
    key = store.pk_key(ui.engine(), code, now)
    if key is None:
        return None
    if not cache_on():
        return store.pk_board(ui.engine(), code, now)
    return _board(resolve_database_url(), code, key, now)


def board(code: str, now: datetime) -> PkBoard | None:
    """The PK board of camp `code` at `now`, computed once per data version and phase.

    If the store cannot be reached, the last board this screen showed, under a notice
    (or only the notice, and the run stops, when it has shown none yet)."""
    try:
        found = _read(code, now)
    except Exception as exc:
        if not unavailable(exc):
            raise
        last = st.session_state.get(LAST)
        if last is None or last.code != code:
            ui.store_unavailable()
            st.stop()
        at = (last.changed_at or now).astimezone(ZoneInfo(last.timezone))
        st.warning(ui.tr("store.stale", at=at.strftime("%H:%M")))
        return last
    st.session_state[LAST] = found
    return found
