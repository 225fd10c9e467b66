"""The one read path of /pk: a board cached per (store, camp, data version, calendar phase).

Every screen asks the store for the key (one row: the camp's data version, bumped in the
same transaction as every write, plus the calendar phase that changes at cut-offs), and
then for the board under that key. Fifty screens on an unchanged camp cost fifty one-row
reads and no computation; a write changes the key, so the next refresh of each screen
shows it, and the first to ask computes it for all (st.cache_data holds a lock per key).
The key comes from the store, not from the process, so replicas agree on it.
"""

from __future__ import annotations

import importlib
from datetime import datetime
from types import ModuleType

import streamlit as st

from core.config import resolve_database_url
from db.pk import PkBoard
from pages import _ui as ui


def _store() -> ModuleType:
    """db.pk as sys.modules holds it now. Streamlit unloads the app's modules when a source
    file changes, while a running fragment keeps the references of the page run that
    declared it; the cache pickles the board by its class's name, so the board must be
    built by the module that name finds."""
    return importlib.import_module("db.pk")


@st.cache_data(show_spinner=False, max_entries=64, ttl=6 * 3600)
def _board(url: str, code: str, key: tuple, _now: datetime) -> PkBoard | None:
    """The board under `key`; `_now` only feeds the phase already in the key."""
    return _store().pk_board(ui.engine(), code, _now)


def board(code: str, now: datetime) -> PkBoard | None:
    """The PK board of camp `code` at `now`, computed once per data version and phase."""
    key = _store().pk_key(ui.engine(), code, now)
    if key is None:
        return None
    return _board(resolve_database_url(), code, key, now)
