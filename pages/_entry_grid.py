"""/entry: many visits typed into an editable grid and saved together — all or nothing,
each bad row marked in the grid itself (SPEC §5.4 rows, checked as an upload is)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from core.entry import (
    AGREED_CHOICES,
    APPOINTMENT_CHOICES,
    GRID_COLUMNS,
    GRID_ESSENTIAL,
    PROBLEM_COLUMN,
    PROMISE_METHODS,
    blank_grid,
    default_visit_date,
    grid_shown,
    mark_problems,
)
from core.errors import InputRejected
from core.records import CONTACTS
from db.entry import EntryContext, loan_options, save_grid
from pages import _entry_common as common
from pages import _ui as ui

BASE = "entry_grid_base"  # the rows the grid starts from (after a failed save: as typed, marked)
VERSION = "entry_grid_version"  # a new grid widget after each save, so it starts from BASE
PROBLEMS = "entry_grid_problems"
ROWS = 12  # a fixed number of rows: the grid keeps its edits when columns are added


def _config(ctx: EntryContext, loans: list[str]) -> dict:
    cc = st.column_config
    members = [m for team in ctx.teams for m in ctx.rosters.get(team, ())]

    def label(c: str) -> str:
        return ui.tr(f"entry.grid.{c}")

    return {
        "date": cc.DateColumn(label("date"), format="YYYY-MM-DD"),
        "time": cc.TextColumn(
            label("time"),
            width=60,
            validate=r"^\s*\d{1,2}([:：.点]\d{2})?\s*$|^\d{3,4}$",
            help=ui.tr("entry.f.time_help"),
        ),
        "team": cc.SelectboxColumn(label("team"), options=list(ctx.teams)),
        "members": cc.MultiselectColumn(label("members"), options=members, width=120),
        "loan_no": cc.SelectboxColumn(
            label("loan"), options=loans, width=180, help=ui.tr("entry.grid.loan_help")
        ),
        "contact": cc.SelectboxColumn(label("contact"), options=list(CONTACTS), width=88),
        "principal": cc.NumberColumn(label("principal"), min_value=0, format="%.2f", width=80),
        "interest": cc.NumberColumn(label("interest"), min_value=0, format="%.2f", width=72),
        "ack": cc.CheckboxColumn(label("ack"), width=76),
        "promise_date": cc.DateColumn(label("promise_date"), format="YYYY-MM-DD"),
        "promise_amount": cc.NumberColumn(label("promise_amount"), min_value=0, format="%.2f"),
        "promise_method": cc.SelectboxColumn(
            label("promise_method"), options=list(PROMISE_METHODS)
        ),
        "tactics": cc.MultiselectColumn(label("tactics"), options=list(ctx.tactics)),
        "appointment_at": cc.DatetimeColumn(
            label("appointment_at"), format="YYYY-MM-DD HH:mm", step=60
        ),
        "appointment_by": cc.SelectboxColumn(
            label("appointment_by"), options=list(APPOINTMENT_CHOICES)
        ),
        "agreed_by": cc.SelectboxColumn(label("agreed_by"), options=list(AGREED_CHOICES)),
        "notes": cc.TextColumn(label("notes")),
        PROBLEM_COLUMN: cc.TextColumn(label("problem"), disabled=True, width=140),
    }


def render(ctx: EntryContext, team: str) -> None:
    day = default_visit_date(ctx.calendar, ctx.today)
    st.caption(ui.md("entry.grid.help", team=team, day=day))
    version = st.session_state.setdefault(VERSION, 0)
    loans = loan_options(ui.engine(), ctx.code, team)
    rows = grid_shown(st.session_state.get(BASE) or blank_grid(ROWS), loans)
    frame = pd.DataFrame(rows, columns=[*GRID_COLUMNS, PROBLEM_COLUMN], dtype=object)
    frame.index = pd.RangeIndex(1, len(frame) + 1)
    others = [c for c in GRID_COLUMNS if c not in GRID_ESSENTIAL]
    extra = st.multiselect(
        ui.tr("table.more_columns"),
        others,
        key="entry_grid_more",
        format_func=lambda c: ui.tr(f"entry.grid.{c}"),
        placeholder=ui.tr("table.more_columns_hint"),
        select_all=False,
    )
    edited = st.data_editor(
        frame,
        key=f"entry_grid_{version}",
        num_rows="fixed",
        column_config=_config(ctx, loans),
        column_order=[
            PROBLEM_COLUMN,
            *(c for c in GRID_COLUMNS if c in GRID_ESSENTIAL or c in extra),
        ],
        placeholder="",  # an empty cell shows blank, not None
        width="stretch",
    )
    c1, c2 = st.columns([1, 4])
    save = c1.button(ui.tr("entry.grid.save"), type="primary", key="entry_grid_save")
    if c2.button(ui.tr("entry.grid.reset"), key="entry_grid_reset"):
        _restart(None, None)
    if save:
        ui.require("visits.write")
        rows = edited.to_dict("records")
        try:
            done = save_grid(
                ui.engine(),
                ctx.code,
                rows,
                common.actor(),
                default_team=team,
                default_date=day,
            )
        except InputRejected as exc:
            _restart(mark_problems(rows, exc.problems, ui.lang()), list(exc.problems))
        else:
            message = ui.tr("entry.grid.saved", n=done.stored, duplicates=len(done.duplicates))
            if done.warnings:
                message += " " + ui.tr("entry.grid.warnings", n=len(done.warnings))
            _restart(None, None, message)
    problems = st.session_state.get(PROBLEMS)
    if problems:
        st.error(ui.tr("entry.grid.rejected"))
        common.problems_table(problems)


def _restart(base: list | None, problems: list | None, message: str | None = None) -> None:
    """A fresh grid widget from `base` (None: empty rows); a message survives the rerun."""
    st.session_state[BASE] = base
    st.session_state[PROBLEMS] = problems
    st.session_state[VERSION] = st.session_state.get(VERSION, 0) + 1
    if message:
        common.done(message)
    st.rerun()
