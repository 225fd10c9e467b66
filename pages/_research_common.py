"""What the tabs of /research share: labels of domain values, the role check before a
write, problems as a table, and a message that survives the rerun after a save."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import streamlit as st

from core.i18n import LABELS
from core.loans import AGING_BUCKETS
from core.research import NOT_OVERDUE
from pages import _ui as ui

FLASH = "_research_flash"


def actor() -> str:
    u = ui.user()
    return u.username if u else "?"


def may_edit() -> bool:
    return ui.allowed("research.edit")


def state_key(prefix: str, data: object) -> str:
    """A widget key that changes with the stored data the widget starts from, so an
    editor never shows (and saves back) values older than the store's."""
    digest = hashlib.sha1(repr(data).encode("utf-8")).hexdigest()[:10]
    return f"{prefix}_{digest}"


def term(value: str | None) -> str:
    """A domain term (segment, class, customer type): Chinese, glossed in English."""
    if not value:
        return ""
    key = f"research.term.{value}"
    return ui.tr(key) if key in LABELS else value


def status(value: str) -> str:
    return ui.tr(f"research.status.{value}")


def bucket(value: str) -> str:
    if value == NOT_OVERDUE:
        return ui.tr("research.bucket.none")
    if value == AGING_BUCKETS[-1]:
        return ui.tr("research.bucket.over")
    return ui.tr("research.bucket.days", b=value)


def label(dimension: str, value: str) -> str:
    if dimension == "status":
        return status(value)
    if dimension == "bucket":
        return bucket(value)
    if dimension == "township":
        return value
    return term(value)


problems_table = ui.problems_table


def attempt(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    """Check on the server that the role may edit, then run one write (ui.attempt)."""
    return ui.attempt("research.edit", fn, *args, _rejected="research.rejected", **kwargs)


def done(message: str) -> None:
    st.session_state[FLASH] = message
    st.rerun()


def show_flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)
