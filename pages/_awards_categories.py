"""The first tab of /awards: each award with its formula and the data's top three, with
the figures behind them; the admin renames, describes, removes and adds awards here
(action awards.edit). Staff and team names only: nothing personal to mask."""

from __future__ import annotations

import streamlit as st

from core.awards import SUBJECTS
from db import awards as store
from db.queries.awards import AwardsBoard, CategoryView
from pages import _awards_common as common
from pages import _projector as proj
from pages import _ui as ui


def suggestions_table(b: AwardsBoard, c: CategoryView) -> None:
    if c.rule == "progress_team":
        if b.progress is None:
            st.caption(ui.tr("awards.progress_wait"))
            return
        first, last = b.progress
        st.caption(ui.tr("awards.progress_days", first=first, last=last))
    if not c.rule:
        return
    if not c.suggestions:
        st.caption(ui.tr("awards.suggest.none"))
        return
    heads = [ui.tr(f"awards.col.{k}") for k in ("rank", "nominee", "team", "figures")]
    rows = [[s.rank, s.nominee, s.team or "", common.figures(s.figures)] for s in c.suggestions]
    if c.subject == "team":
        heads.pop(2)
        rows = [[r[0], r[1], r[3]] for r in rows]
    st.markdown(f"**{ui.tr('awards.suggest.title')}**")
    st.markdown(proj.table(heads, rows, numeric=(0,)), unsafe_allow_html=True)


def _edit(code: str, c: CategoryView) -> None:
    with st.expander(ui.tr("awards.edit.title")):
        with st.form(f"awards_edit_{c.id}"):
            name = st.text_input(ui.tr("awards.edit.name"), c.name, key=f"awards_name_{c.id}")
            text = st.text_area(
                ui.tr("awards.edit.description"),
                c.description,
                key=f"awards_desc_{c.id}",
                height=68,
            )
            saved = st.form_submit_button(ui.tr("awards.edit.save"))
        if saved:
            common.write(
                "awards.edit",
                store.edit_category,
                ui.engine(),
                code,
                c.id,
                name,
                text,
                common.actor(),
                done=lambda _: ui.md("awards.edit.saved", name=name),
            )
        sure = st.checkbox(ui.tr("awards.edit.remove_confirm"), key=f"awards_rm_ok_{c.id}")
        if st.button(ui.tr("awards.edit.remove"), key=f"awards_rm_{c.id}", disabled=not sure):
            common.write(
                "awards.edit",
                store.remove_category,
                ui.engine(),
                code,
                c.id,
                common.actor(),
                done=lambda _: ui.md("awards.edit.removed", name=c.name),
            )


def _add(code: str) -> None:
    st.subheader(ui.tr("awards.add.title"))
    with st.form("awards_add", clear_on_submit=True):
        name = st.text_input(ui.tr("awards.edit.name"), key="awards_add_name")
        subject = st.radio(
            ui.tr("awards.col.award"),
            SUBJECTS,
            horizontal=True,
            format_func=lambda s: ui.tr(f"awards.subject.{s}"),
            key="awards_add_subject",
        )
        text = st.text_area(ui.tr("awards.edit.description"), key="awards_add_desc", height=68)
        added = st.form_submit_button(ui.tr("awards.add.submit"))
    if added:
        common.write(
            "awards.edit",
            store.add_category,
            ui.engine(),
            code,
            name,
            subject,
            text,
            common.actor(),
            done=lambda _: ui.md("awards.add.done", name=name.strip()),
        )


def render(code: str, b: AwardsBoard) -> None:
    editor = ui.allowed("awards.edit")
    for c in b.categories:
        with st.container(border=True):
            st.subheader(ui.md_esc(c.name))
            st.caption(
                f"{ui.tr(f'awards.subject.{c.subject}')} · "
                f"{ui.tr('awards.formula', rule=common.rule(c))}"
            )
            if c.description:
                st.markdown(ui.md_esc(c.description))
            suggestions_table(b, c)
            if editor:
                _edit(code, c)
    if editor:
        _add(code)
