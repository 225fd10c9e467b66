"""Shared parts of /awards: the camp, the one cached board, writes that show a refusal as a
message, and how nominees and figures read.

The board is computed once per (store, camp, data version, progress periods) for every
viewer, as /pk's is; each vote, nomination and reveal bumps the data version, so the next
run of every screen shows it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from types import ModuleType
from zoneinfo import ZoneInfo

import streamlit as st

from core.awards import AwardRefused, Figure, figures_text
from core.config import resolve_database_url
from db import awards as store
from db.queries.awards import AwardsBoard, CategoryView
from pages import _ui as ui

FLASH = "_awards_flash"


def _reads() -> ModuleType:
    """db.queries.awards as sys.modules holds it now (see pages/_pk_data.py: the cache pickles the
    board by its class's name, and Streamlit reloads the app's modules on a change)."""
    return importlib.import_module("db.queries.awards")


@st.cache_data(show_spinner=False, max_entries=32, ttl=6 * 3600)
def _board(url: str, code: str, key: tuple, _now: datetime) -> AwardsBoard | None:
    """The board under `key`; `_now` only feeds the progress periods already in the key."""
    return _reads().awards_board(ui.engine(), code, _now)


def board(code: str) -> AwardsBoard | None:
    now = ui.now()
    key = _reads().awards_key(ui.engine(), code, now)
    if key is None:
        return None
    return _board(resolve_database_url(), code, key, now)


def ensure(code: str) -> None:
    """A camp without awards gets the six defaults the first time anyone opens the page."""
    store.ensure_categories(ui.engine(), code)


def actor() -> str:
    u = ui.user()
    return u.username if u else "?"


def write(action: str, fn: Callable, *args: object, done: Callable[[object], str]) -> None:
    """Check the role on the server, then one write. A refusal shows as a message; on
    success the page reruns and shows `done(result)` once."""
    ui.require(action)
    try:
        result = fn(*args)
    except AwardRefused as exc:
        st.error(ui.md_esc(exc.text(ui.lang())))
        return
    st.session_state[FLASH] = done(result)
    st.rerun()


def flash() -> None:
    """The message of the write that led to this run, once."""
    done = st.session_state.pop(FLASH, None)
    if done:
        st.success(done)


def who(name: str | None, team: str | None) -> str:
    """A nominee as shown: a member with their team, or a team."""
    if not name or not team:
        return name or ""
    return f"{name}（{team}）" if ui.lang() == "zh" else f"{name} ({team})"


def figures(figs: tuple[Figure, ...]) -> str:
    return figures_text(figs, ui.lang())


def rule(c: CategoryView) -> str:
    return ui.tr(f"awards.rule.{c.rule}") if c.rule else ui.tr("awards.rule.none")


def local(b: AwardsBoard, at: datetime) -> str:
    return at.astimezone(ZoneInfo(b.timezone)).strftime("%m-%d %H:%M")
