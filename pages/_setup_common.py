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


def drawn(name: str, keys: dict[str, str], version: int, data: Any) -> tuple[dict, int, Any]:
    """The widget keys, settings version and data a form was drawn with, for a submit.

    `keys` follows the stored data (state_key) and names the form's submit button under
    "submit". On the run a submit starts, the store may have changed since the form was
    drawn (another admin saved): the form is then read as it was drawn — its keys, data and
    version — so the save goes to the store against the old version and is refused there
    (CampChanged) instead of being silently replaced by a form drawn anew.
    """
    memo = f"_drawn_{name}"
    before = st.session_state.get(memo)
    st.session_state[memo] = {"keys": keys, "version": version, "data": data}
    if before and st.session_state.get(before["keys"]["submit"]):
        return before["keys"], before["version"], before["data"]
    return keys, version, data


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
