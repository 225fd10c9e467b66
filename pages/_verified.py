"""Verified cash on the boards (SPEC §5.6): whether to show the verified column, and each
team's verified cash — read once per store, camp, day and data version."""

from __future__ import annotations

import streamlit as st

from core.config import resolve_database_url
from db.queries import data_version
from db.reconcile import has_repayments, verified_standings
from pages import _ui as ui


@st.cache_data(show_spinner=False, max_entries=64)
def _verified(url: str, code: str, day: int | None, version: int | None) -> dict[str, int]:
    table = verified_standings(ui.engine(), code, day)
    return {e.name: e.cash_fen for _, e in table["teams"]}


@st.cache_data(show_spinner=False, max_entries=64)
def _has(url: str, code: str, version: int | None) -> bool:
    return has_repayments(ui.engine(), code)


def shown(code: str, key: str) -> bool:
    """Whether the verified column shows: once records exist, when `?verified=1` is in the
    projector's bookmark or the sidebar's switch is on."""
    version = data_version(ui.engine(), code)
    if not _has(resolve_database_url(), code, version):
        return False
    pinned = st.query_params.get("verified") == "1"
    return st.sidebar.toggle(ui.tr("verified.show"), value=pinned, key=f"{key}_verified_{code}")


def cash(code: str, day: int | None = None) -> dict[str, int]:
    """Team → verified cash in fen, for the camp or camp day `day`'s period."""
    version = data_version(ui.engine(), code)
    return _verified(resolve_database_url(), code, day, version)
