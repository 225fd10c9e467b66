"""/setup tab: the reward and penalty rules, and the camp's editable lists (core.campitems)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.campitems import CUSTOMER_TYPES, DEFAULT_ITEMS, ITEM_KINDS
from db.queries.setup import SetupView
from db.setup import fill_defaults, replace_items, save_rules_text
from pages import _setup_common as common
from pages import _ui as ui


def _rules_text(view: SetupView) -> None:
    code = view.config.code
    st.subheader(ui.tr("setup.lists.rules"))
    text = st.text_area(ui.tr("setup.lists.rules_help"), value=view.rules_text, height=160,
                        key=common.state_key("setup_rules", (code, view.rules_text)))  # fmt: skip
    if st.button(ui.tr("setup.save"), key="setup_rules_save"):
        ok, _ = common.attempt("camp.edit", save_rules_text, ui.engine(), code, text,
                               common.actor())  # fmt: skip
        if ok:
            common.done(ui.tr("setup.saved"))


def _list_editor(view: SetupView, kind: str) -> None:
    list_editor(view.config.code, kind, view.items.get(kind, []))


def list_editor(code: str, kind: str, rows: list, action: str = "camp.edit") -> None:
    """One of the camp's lists as an editable table, saved whole after the role check."""
    key = common.state_key(f"setup_items_{kind}", (code, rows))
    with st.expander(f"{ui.tr(f'setup.kind.{kind}')} ({len(rows)})", expanded=False):
        st.caption(ui.tr(f"setup.kind.{kind}.help"))
        label = ui.tr(f"setup.kind.{kind}.name")
        name = (
            st.column_config.SelectboxColumn(label, options=CUSTOMER_TYPES)
            if kind == "customer_type"
            else st.column_config.TextColumn(label, max_chars=100)
        )
        edited = st.data_editor(
            pd.DataFrame(rows, columns=["name", "text"]),
            num_rows="dynamic", hide_index=True, key=key, width="stretch",
            column_config={"name": name,
                           "text": st.column_config.TextColumn(ui.tr(f"setup.kind.{kind}.text"))},
        )  # fmt: skip
        if st.button(ui.tr("setup.save"), key=f"setup_items_{kind}_save"):
            ok, _ = common.attempt(action, replace_items, ui.engine(), code, kind,
                                   edited.to_dict("records"), common.actor())  # fmt: skip
            if ok:
                common.done(ui.tr("setup.saved"))


def lists_tab(view: SetupView) -> None:
    _rules_text(view)
    st.subheader(ui.tr("setup.lists.lists"))
    empty = [k for k, defaults in DEFAULT_ITEMS.items() if defaults and not view.items.get(k)]
    if empty and st.button(ui.tr("setup.lists.fill_defaults"), key="setup_items_defaults",
                           help=ui.tr("setup.lists.fill_defaults_help")):  # fmt: skip
        ok, filled = common.attempt("camp.edit", fill_defaults, ui.engine(), view.config.code,
                                    common.actor())  # fmt: skip
        if ok:
            common.done(ui.tr("setup.lists.filled", n=len(filled)))
    for kind in ITEM_KINDS:
        _list_editor(view, kind)
