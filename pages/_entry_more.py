"""/entry: a visit workbook upload (SPEC §5.4), manual adjustments with a reason (§4.7),
and the problems raised in the field and closed."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from core.entry import adjustment_table, problem_table
from core.exports import XLSX_MIME, problem_rows, problems_xlsx, table_xlsx
from core.visitfile import VISIT_FIELDS
from db.entry import (
    EntryContext,
    close_problem,
    import_visit_file,
    list_problems,
    raise_problem,
    todays_adjustments,
)
from db.visits import add_adjustment
from pages import _entry_common as common
from pages import _ui as ui

REPORT = "_entry_upload_report"


@st.cache_data(show_spinner=False)
def _template() -> bytes:
    return table_xlsx("走访记录", [names[0] for names in VISIT_FIELDS.values()], [])


def upload(ctx: EntryContext) -> None:
    st.caption(ui.tr("entry.upload.help"))
    st.download_button(
        ui.tr("entry.upload.template"),
        _template(),
        file_name="走访记录模板.xlsx",
        mime=XLSX_MIME,
        key="entry_up_template",
        on_click="ignore",
    )
    uploaded = st.file_uploader(
        ui.tr("entry.upload.file"), type=["xlsx", "xls", "csv"], key="entry_up_file"
    )
    skip = st.checkbox(ui.tr("entry.upload.skip_invalid"), key="entry_up_skip")
    if st.button(ui.tr("entry.upload.import"), key="entry_up_import", disabled=uploaded is None):
        ok, report = common.attempt(
            "visits.write",
            import_visit_file,
            ui.engine(),
            ctx.code,
            uploaded.getvalue(),
            uploaded.name,
            skip_invalid=skip,
            actor=common.actor(),
        )
        if ok:
            st.session_state[REPORT] = {"code": ctx.code, "report": report}
    saved = st.session_state.get(REPORT)
    if not saved or saved["code"] != ctx.code:
        return
    report = saved["report"]
    if report.done is not None:
        st.success(
            ui.tr(
                "entry.upload.done",
                n=report.done.stored,
                duplicates=len(report.done.duplicates),
                rejected=len({p.row for p in report.errors}),
            )
        )
    else:
        st.error(ui.tr("entry.upload.rejected"))
    if report.errors or report.warnings:
        header = [ui.tr(f"export.{k}") for k in ("row", "column", "reason", "level")]
        rows = problem_rows(report.errors, report.warnings, ui.lang())
        st.dataframe([dict(zip(header, r, strict=True)) for r in rows], hide_index=True)
        st.download_button(
            ui.tr("entry.upload.problems"),
            problems_xlsx(report.errors, report.warnings, ui.lang()),
            file_name=f"{ctx.code}-visit-problems.xlsx",
            mime=XLSX_MIME,
            key="entry_up_problems",
            on_click="ignore",
        )


def adjustments(ctx: EntryContext, team: str) -> None:
    st.caption(ui.tr("entry.adj.help"))
    c1, c2 = st.columns(2)
    which = c1.selectbox(
        ui.tr("entry.f.team"),
        ctx.teams,
        index=ctx.teams.index(team),
        key=f"entry_adj_team_{team}",
        placeholder=ui.tr("widget.choose"),
    )
    points = c2.text_input(
        ui.tr("entry.adj.points"), key="entry_adj_points", placeholder="-3 / 2.5"
    )
    reason = st.text_input(ui.tr("entry.adj.reason"), key="entry_adj_reason")
    c1, c2 = st.columns(2)
    day = c1.date_input(ui.tr("entry.f.date"), key=common.init("entry_adj_date", ctx.today))
    at = c2.time_input(ui.tr("entry.adj.time"), step=60, key=common.init("entry_adj_time", None))
    if st.button(ui.tr("entry.adj.save"), key="entry_adj_save"):
        when = datetime.combine(day, at) if day and at else None
        ok, adj_id = common.attempt(
            "adjust",
            add_adjustment,
            ui.engine(),
            ctx.code,
            which,
            points.strip(),
            reason,
            when,
            common.actor(),
        )
        if ok:
            common.done(
                ui.md("entry.adj.saved", id=adj_id, team=which, points=points.strip()),
                "entry_adj_points",
                "entry_adj_reason",
                "entry_adj_time",
            )
    rows = todays_adjustments(ui.engine(), ctx.code, now=None)
    if rows:
        common.table(adjustment_table(rows))


def problems(ctx: EntryContext, team: str) -> None:
    with st.form("entry_pb_raise"):
        text = st.text_area(ui.tr("entry.pb.text"), key="entry_pb_text", height=68)
        c1, c2 = st.columns(2)
        which = c1.selectbox(
            ui.tr("entry.f.team"),
            ctx.teams,
            index=ctx.teams.index(team),
            key=f"entry_pb_team_{team}",
            placeholder=ui.tr("widget.choose"),
        )
        loan_no = c2.text_input(ui.tr("entry.pb.loan"), key="entry_pb_loan")
        raised = st.form_submit_button(ui.tr("entry.pb.raise"), key="entry_pb_raise_button")
    if raised:
        ok, pid = common.attempt(
            "problems",
            raise_problem,
            ui.engine(),
            ctx.code,
            text,
            common.actor(),
            team=which,
            loan_no=loan_no,
        )
        if ok:
            common.done(ui.tr("entry.pb.raised", id=pid), "entry_pb_text", "entry_pb_loan")
    rows = list_problems(ui.engine(), ctx.code)
    if not rows:
        st.info(ui.tr("entry.pb.none"))
        return
    common.table(problem_table(rows), labels=["entry.pb.status"])
    open_ones = {p.id: p for p in rows if p.status == "open"}
    if not open_ones:
        return
    c1, c2 = st.columns([1, 2])
    pid = c1.selectbox(
        ui.tr("entry.pb.pick"),
        list(open_ones),
        key="entry_pb_pick",
        format_func=lambda i: f"#{i} {open_ones[i].text[:20]}",
        placeholder=ui.tr("widget.choose"),
    )
    resolution = c2.text_input(ui.tr("entry.pb.resolution"), key="entry_pb_resolution")
    if st.button(ui.tr("entry.pb.close"), key="entry_pb_close"):
        ok, _ = common.attempt(
            "problems", close_problem, ui.engine(), ctx.code, pid, resolution, common.actor()
        )
        if ok:
            common.done(ui.tr("entry.pb.closed_done", id=pid), "entry_pb_resolution")
