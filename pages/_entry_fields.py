"""/entry: the fields of one visit, shared by the fast form and a correction — the paper
form's order, the rare parts folded away, a quiet-hours visit's appointment shown as soon as
its time falls in quiet hours (SPEC §4.7 promise elements, §4.11, §5.4) — and why a save is
refused, in the trainer's words."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import streamlit as st

from core.entry import (
    AGREED_CHOICES,
    APPOINTMENT_CHOICES,
    PROMISE_METHODS,
    EntryForm,
    Issue,
    clock_text,
    needs_appointment,
    parse_clock,
)
from core.records import CONTACTS
from db.entry import EntryContext
from pages import _entry_common as common
from pages import _ui as ui


def _issue_text(issue: Issue) -> str:
    if issue.code == "promise":
        items = "、".join(ui.tr(f"entry.promise.{e}") for e in issue.items)
    elif issue.code == "amount":
        items = ui.tr(f"entry.grid.{issue.field}")
    else:
        items = "、".join(issue.items)
    return ui.md(f"entry.check.{issue.code}", items=items)  # the typed values escaped


def show_issues(issues: list[Issue]) -> None:
    """Why a save is refused (every blocking issue), and what is only said."""
    stops = [_issue_text(i) for i in issues if i.blocking]
    notes = [_issue_text(i) for i in issues if not i.blocking]
    if stops:
        items = "\n".join(f"- {t}" for t in stops)
        st.error(ui.tr("entry.form.missing") + "\n\n" + items)
    if notes:
        st.warning("\n".join(f"- {t}" for t in notes))


def visit_fields(prefix: str, ctx: EntryContext, team: str, values: EntryForm) -> EntryForm:
    """The fields of one visit (inside a st.form); `values` fill them the first time."""
    k = {f: f"{prefix}{f}" for f in EntryForm.__dataclass_fields__}
    roster = ctx.rosters.get(team, ())
    c1, c2, c3 = st.columns([2, 2, 5])
    day = c1.date_input(ui.tr("entry.f.date"), key=common.init(k["visit_date"], values.visit_date))
    at = c2.text_input(
        ui.tr("entry.f.time"),
        placeholder=ui.tr("entry.f.time_help"),
        key=common.init(k["visit_time"], clock_text(parse_clock(values.visit_time))),
    )
    members = c3.multiselect(
        ui.tr("entry.f.members"),
        roster,
        key=common.init_choices(f"{k['members']}_{team}", values.members, roster),
        placeholder=ui.tr("widget.choose_many"),
        select_all=False,
    )  # one roster per team: a switch starts it afresh
    contact = st.pills(
        ui.tr("entry.f.contact"), CONTACTS, key=common.init(k["contact"], values.contact)
    )
    c1, c2, c3 = st.columns(3)
    principal = c1.text_input(
        ui.tr("entry.f.principal"),
        key=common.init(k["principal_yuan"], values.principal_yuan or ""),
    )
    interest = c2.text_input(
        ui.tr("entry.f.interest"), key=common.init(k["interest_yuan"], values.interest_yuan or "")
    )
    c3.write("")
    ack = c3.checkbox(ui.tr("entry.f.ack"), key=common.init(k["ack"], values.ack))
    c1, c2, c3 = st.columns(3)
    promise_date = c1.date_input(
        ui.tr("entry.f.promise_date"), key=common.init(k["promise_date"], values.promise_date)
    )
    promise_amount = c2.text_input(
        ui.tr("entry.f.promise_amount"),
        help=ui.tr("entry.f.promise_help"),
        key=common.init(k["promise_amount_yuan"], values.promise_amount_yuan or ""),
    )
    method = c3.selectbox(
        ui.tr("entry.f.promise_method"),
        PROMISE_METHODS,
        accept_new_options=True,
        placeholder=ui.tr("entry.f.method_help"),
        key=common.init(k["promise_method"], values.promise_method),
    )
    form = EntryForm(
        team=team,
        loan_no=values.loan_no,
        visit_date=day,
        visit_time=at,
        members=tuple(members),
        contact=contact,
        principal_yuan=principal,
        interest_yuan=interest,
        ack=ack,
        promise_date=promise_date,
        promise_amount_yuan=promise_amount,
        promise_method=method,
    )
    quiet = needs_appointment(form, ctx.calendar) or values.appointment_at is not None
    if quiet:  # the time typed (kept, or the refused save's) falls in quiet hours
        form = _appointment_fields(prefix, form, values)
    with st.expander(ui.tr("entry.form.more")):
        tactics = st.multiselect(
            ui.tr("entry.f.tactics"),
            ctx.tactics,
            key=common.init_choices(k["tactics"], values.tactics, ctx.tactics),
            placeholder=ui.tr("entry.f.tactics_help")
            if ctx.tactics
            else ui.tr("entry.f.no_tactics"),
            select_all=False,
        )
        notes = st.text_area(
            ui.tr("entry.f.notes"), height=68, key=common.init(k["notes"], values.notes or "")
        )
        if not quiet:
            form = _appointment_fields(prefix, form, values)
    return replace(form, tactics=tuple(tactics), notes=notes)


def _appointment_fields(prefix: str, form: EntryForm, values: EntryForm) -> EntryForm:
    """预约时间, 预约方式, 同意人 of a quiet-hours visit (SPEC §4.11)."""
    st.caption(ui.tr("entry.f.appointment"))
    made = values.appointment_at
    c1, c2, c3, c4 = st.columns(4)
    day = c1.date_input(
        ui.tr("entry.f.appointment_date"),
        key=common.init(f"{prefix}appt_date", made.date() if made else None),
    )
    at = c2.text_input(
        ui.tr("entry.f.appointment_time"),
        placeholder=ui.tr("entry.f.time_help"),
        key=common.init(f"{prefix}appt_time", clock_text(made.time()) if made else ""),
    )
    by = c3.selectbox(
        ui.tr("entry.f.appointment_by"),
        APPOINTMENT_CHOICES,
        index=None,
        placeholder=ui.tr("widget.choose"),
        key=common.init(f"{prefix}appt_by", values.appointment_by),
    )
    agreed = c4.selectbox(
        ui.tr("entry.f.agreed_by"),
        AGREED_CHOICES,
        placeholder=ui.tr("widget.choose"),
        key=common.init(f"{prefix}agreed", values.agreed_by),
    )
    try:
        clock = parse_clock(at)
    except ValueError:
        clock = None
    when = datetime.combine(day, clock) if day and clock else None
    return replace(form, appointment_at=when, appointment_by=by, agreed_by=agreed)
