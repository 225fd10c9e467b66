"""What every tab of /setup shares: the role check before a write, problems as a table,
and a message that survives the rerun after a save (never registered as a page)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import streamlit as st

from pages import _ui as ui

FLASH = "_setup_flash"


def actor() -> str:
    u = ui.user()
    return u.username if u else "?"


def state_key(prefix: str, data: object) -> str:
    """A widget key that changes with the stored data the widget starts from.

    Streamlit keeps a keyed widget's value across reruns; were the key fixed, a form
    would keep showing — and save back — values older than the store's once someone
    else (a camp file, another admin) changed them.
    """
    digest = hashlib.sha1(repr(data).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}_{digest}"


problems_table = ui.problems_table


def attempt(action: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    """Check the role on the server, then run one write (ui.attempt)."""
    return ui.attempt(action, fn, *args, _rejected="setup.rejected", **kwargs)


def done(message: str, *clear: str) -> None:
    """After a save: forget the edited widgets named, show `message` on the next run, rerun."""
    for key in clear:
        st.session_state.pop(key, None)
    st.session_state[FLASH] = message
    st.rerun()


def show_flash() -> None:
    """The message of the last save, in a slot drawn on every run: the tabs below keep their
    place in the page, so the browser keeps the tab the user was on."""
    slot = st.empty()
    message = st.session_state.pop(FLASH, None)
    if message:
        slot.success(message)
