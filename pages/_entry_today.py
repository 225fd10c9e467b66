"""/entry: the day's entries with their points and warnings; correct or void one with a
reason (db.visits keeps who, when, before and after in the audit log)."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from core.entry import blocking, check_form, form_from_visit, form_record
from db.entry import EntryContext, EntryRow, todays_entries
from db.visits import correct_visit, void_visit
from pages import _entry_common as common
from pages import _entry_fields as entry_form
from pages import _ui as ui


def _table(rows: list[EntryRow]) -> None:
    def col(key: str) -> str:
        return ui.tr(f"entry.today.{key}")

    def flags(r: EntryRow) -> str:
        marks = [ui.tr("entry.today.quiet")] if r.quiet else []
        marks += [ui.tr("entry.today.night")] if r.night else []
        return "、".join(marks)

    data = [
        {
            col("id"): r.id,
            col("time"): r.visited_at.strftime("%m-%d %H:%M"),
            col("team"): r.team,
            col("loan"): r.loan_no,
            col("borrower"): r.borrower,
            col("members"): "、".join(r.members),
            col("contact"): r.contact,
            col("principal"): common.yuan(r.principal_fen),
            col("interest"): common.yuan(r.interest_fen),
            col("ack"): "✓" if r.ack else "",
            col("promise"): " ".join(
                x
                for x in (
                    r.promise_date.isoformat() if r.promise_date else "",
                    common.yuan(r.promise_amount_fen),
                    r.promise_method or "",
                )
                if x
            ),
            col("appointment"): " ".join(
                x
                for x in (
                    r.appointment_at.strftime("%m-%d %H:%M") if r.appointment_at else "",
                    r.appointment_by or "",
                    r.agreed_by or "",
                )
                if x
            ),
            col("points"): common.points(r.points),
            col("warnings"): common.warnings_text(r.warnings),
            col("flags"): flags(r),
            col("state"): ui.tr("entry.today.voided", reason=r.void_reason or "")
            if r.voided
            else "",
            col("by"): r.entered_by,
        }
        for r in rows
    ]
    essential = [col(c) for c in ("time", "team", "loan", "borrower", "contact", "principal",
                                  "points", "state")]  # fmt: skip
    ui.wide_table(data, essential, key="entry_today_table")


def render(ctx: EntryContext, team: str) -> None:
    c1, c2 = st.columns(2)
    day = c1.date_input(ui.tr("entry.today.day"), key=common.init("entry_t_day", ctx.today))
    every = c2.checkbox(ui.tr("entry.today.all_teams"), key="entry_t_all")
    rows = todays_entries(ui.engine(), ctx.code, team=None if every else team, on=day)
    if not rows:
        st.info(ui.tr("entry.today.none"))
        return
    live = [r for r in rows if not r.voided]
    st.caption(
        ui.tr("entry.today.summary", n=len(live), points=common.points(sum(r.points for r in live)))
    )
    _table(rows)
    if not live:
        return
    by_id = {r.id: r for r in live}
    st.subheader(ui.tr("entry.today.change"))
    picked = st.selectbox(
        ui.tr("entry.today.pick"),
        list(by_id),
        key="entry_t_pick",
        format_func=lambda i: (
            f"#{i} {by_id[i].loan_no} {by_id[i].borrower} {by_id[i].visited_at:%H:%M}"
        ),
        placeholder=ui.tr("widget.choose"),
    )
    row = by_id[picked]
    action = st.radio(
        ui.tr("entry.today.action"),
        ("correct", "void"),
        horizontal=True,
        format_func=lambda a: ui.tr(f"entry.today.{a}"),
        key="entry_t_action",
    )
    prefix = f"entry_c{row.id}_"
    if action == "void":
        reason = st.text_input(ui.tr("entry.today.reason"), key=f"{prefix}void_reason")
        if st.button(ui.tr("entry.today.void_button"), key=f"{prefix}void"):
            ok, _ = common.attempt(
                "visits.write", void_visit, ui.engine(), ctx.code, row.id, reason, common.actor()
            )
            if ok:
                common.done(ui.tr("entry.today.voided_done", id=row.id), prefix)
        return
    values = form_from_visit(row.as_form_values())
    with st.form(f"{prefix}form", border=False):
        loan_no = st.text_input(
            ui.tr("entry.grid.loan_no"), key=common.init(f"{prefix}loan_no", row.loan_no)
        )
        form = replace(entry_form.visit_fields(prefix, ctx, row.team, values), loan_no=loan_no)
        reason = st.text_input(ui.tr("entry.today.reason"), key=f"{prefix}reason")
        submitted = st.form_submit_button(ui.tr("entry.today.correct_button"), key=f"{prefix}save")
    if not submitted:
        return
    ui.require("visits.write")
    issues = check_form(form, ctx.calendar, ctx.rosters.get(row.team, ()))
    if blocking(issues):  # refused: the form keeps what was typed
        entry_form.show_issues(issues)
        return
    ok, _ = common.attempt(
        "visits.write",
        correct_visit,
        ui.engine(),
        ctx.code,
        row.id,
        form_record(form),
        reason,
        common.actor(),
    )
    if ok:
        common.done(ui.tr("entry.today.corrected", id=row.id), prefix)
