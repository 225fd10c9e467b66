"""/entry: one visit in the fast form — find the loan, fill in the paper form, see what is
missing before saving (SPEC §4.7 promise elements, §4.11 appointments, §5.4 receipts)."""

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
    blocking,
    check_form,
    default_visit_date,
    form_record,
    needs_appointment,
)
from core.records import CONTACTS
from db.entry import EntryContext, LoanBrief, LoanMatch, find_loans, save_visit
from pages import _entry_common as common
from pages import _evidence as evidence
from pages import _ui as ui

FORM = "entry_f_"
#: Kept from one saved visit to the next: the day and the pair of collectors.
KEEP = ("visit_date", "members")


def _issue_text(issue: Issue) -> str:
    if issue.code == "promise":
        items = "、".join(ui.tr(f"entry.promise.{e}") for e in issue.items)
    elif issue.code == "amount":
        items = ui.tr(f"entry.grid.{issue.field}")
    else:
        items = "、".join(issue.items)
    return ui.tr(f"entry.check.{issue.code}", items=items)


def show_issues(issues: list[Issue]) -> None:
    """What is missing (blocks the save) and what is only said (stored with a warning)."""
    stops = [_issue_text(i) for i in issues if i.blocking]
    notes = [_issue_text(i) for i in issues if not i.blocking]
    if stops:
        items = "\n".join(f"- {ui.md_esc(t)}" for t in stops)
        st.error(ui.tr("entry.form.missing") + "\n\n" + items)
    if notes:
        st.warning("\n".join(f"- {ui.md_esc(t)}" for t in notes))
    if not stops:
        st.success(ui.tr("entry.form.ready"))


def visit_fields(prefix: str, ctx: EntryContext, team: str, values: EntryForm) -> EntryForm:
    """The fields of one visit; `values` fill them the first time (a correction's stored visit)."""
    k = {f: f"{prefix}{f}" for f in EntryForm.__dataclass_fields__}
    c1, c2, c3 = st.columns(3)
    day = c1.date_input(ui.tr("entry.f.date"), key=common.init(k["visit_date"], values.visit_date))
    at = c2.time_input(
        ui.tr("entry.f.time"), step=60, key=common.init(k["visit_time"], values.visit_time)
    )
    contact = c3.selectbox(
        ui.tr("entry.f.contact"),
        CONTACTS,
        placeholder=ui.tr("entry.f.pick"),
        key=common.init(k["contact"], values.contact),
    )
    roster = ctx.rosters.get(team, ())
    members_key = f"{k['members']}_{team}"  # one roster per team: a switch starts it afresh
    members = st.multiselect(
        ui.tr("entry.f.members"),
        roster,
        key=common.init_choices(members_key, values.members, roster),
        placeholder=ui.tr("widget.choose_many"),
        select_all=False,
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
    st.caption(ui.tr("entry.f.promise_help"))
    c1, c2, c3 = st.columns(3)
    promise_date = c1.date_input(
        ui.tr("entry.f.promise_date"), key=common.init(k["promise_date"], values.promise_date)
    )
    promise_amount = c2.text_input(
        ui.tr("entry.f.promise_amount"),
        key=common.init(k["promise_amount_yuan"], values.promise_amount_yuan or ""),
    )
    method = c3.selectbox(
        ui.tr("entry.f.promise_method"),
        PROMISE_METHODS,
        accept_new_options=True,
        placeholder=ui.tr("entry.f.method_help"),
        key=common.init(k["promise_method"], values.promise_method),
    )
    tactics = st.multiselect(
        ui.tr("entry.f.tactics"),
        ctx.tactics,
        key=common.init_choices(k["tactics"], values.tactics, ctx.tactics),
        placeholder=ui.tr("entry.f.tactics_help") if ctx.tactics else ui.tr("entry.f.no_tactics"),
        select_all=False,
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
        tactics=tuple(tactics),
    )
    if needs_appointment(form, ctx.calendar) or values.appointment_at is not None:
        form = _appointment_fields(prefix, form, values)
    notes = st.text_area(
        ui.tr("entry.f.notes"), height=68, key=common.init(k["notes"], values.notes or "")
    )
    return replace(form, notes=notes)


def _appointment_fields(prefix: str, form: EntryForm, values: EntryForm) -> EntryForm:
    """预约时间, 预约方式, 同意人 of a quiet-hours visit (SPEC §4.11)."""
    st.caption(ui.tr("entry.f.appointment"))
    made = values.appointment_at
    c1, c2, c3, c4 = st.columns(4)
    day = c1.date_input(
        ui.tr("entry.f.appointment_date"),
        key=common.init(f"{prefix}appt_date", made.date() if made else None),
    )
    at = c2.time_input(
        ui.tr("entry.f.appointment_time"),
        step=60,
        key=common.init(f"{prefix}appt_time", made.time() if made else None),
    )
    by = c3.selectbox(
        ui.tr("entry.f.appointment_by"),
        APPOINTMENT_CHOICES,
        index=None,
        key=common.init(f"{prefix}appt_by", values.appointment_by),
    )
    agreed = c4.selectbox(ui.tr("entry.f.agreed_by"), AGREED_CHOICES,
                          key=common.init(f"{prefix}agreed", values.agreed_by))  # fmt: skip
    when = datetime.combine(day, at.replace(second=0, microsecond=0)) if day and at else None
    return replace(form, appointment_at=when, appointment_by=by, agreed_by=agreed)


def _brief_line(b: LoanBrief, markdown: bool = True) -> str:
    """The loan in one line; its imported values escaped where the line is Markdown."""
    team = b.team or ui.tr("entry.loan.any_team")
    text = ui.md_esc if markdown else str
    return ui.tr(
        "entry.loan.line",
        loan_no=text(b.loan_no),
        borrower=text(b.borrower),
        place=text(f"{b.township}{b.village or ''}"),
        left=common.yuan(b.principal_left_fen),
        interest=common.yuan(b.interest_fen),
        team=text(team),
        limitation=ui.tr(f"entry.limitation.{b.limitation}"),
    )


def loan_picker(ctx: EntryContext, team: str) -> LoanMatch | None:
    """Find a loan by number (or its last digits), borrower or village; show the borrower's
    other loans beside it."""
    query = st.text_input(
        ui.tr("entry.loan.search"), key=f"{FORM}query", placeholder=ui.tr("entry.loan.search_help")
    )
    if not query.strip():
        return None
    matches = find_loans(ui.engine(), ctx.code, query, team=team)
    if not matches:
        st.warning(ui.tr("entry.loan.none"))
        return None
    by_no = {m.loan.loan_no: m for m in matches}
    chosen = st.selectbox(
        ui.tr("entry.loan.pick", n=len(matches)),
        list(by_no),
        key=f"{FORM}loan",
        format_func=lambda n: _brief_line(by_no[n].loan, markdown=False),  # plain options
    )
    match = by_no.get(chosen) or matches[0]
    left, right = st.columns(2)
    left.info(
        _brief_line(match.loan)
        + (
            ""
            if match.visitable
            else "\n\n" + ui.md("entry.loan.other_team", team=match.loan.team or "")
        )
    )
    with right:
        if match.others:
            st.caption(ui.md("entry.loan.others", borrower=match.loan.borrower))
            for other in match.others:
                st.markdown(f"- {_brief_line(other)}")
        else:
            st.caption(ui.tr("entry.loan.no_others"))
    return match


def render(ctx: EntryContext, team: str) -> None:
    match = loan_picker(ctx, team)
    start = EntryForm(visit_date=default_visit_date(ctx.calendar, ctx.today))
    form = visit_fields(FORM, ctx, team, start)
    form = replace(form, loan_no=match.loan.loan_no if match else None)
    issues = check_form(form, ctx.calendar, ctx.rosters.get(team, ()))
    show_issues(issues)
    if st.button(ui.tr("entry.form.save"), type="primary", key=f"{FORM}save"):
        ui.require("visits.write")
        if blocking(issues):
            st.error(ui.tr("entry.form.fix_first"))
            return
        ok, saved = common.attempt(
            "visits.write", save_visit, ui.engine(), ctx.code, form_record(form), common.actor()
        )
        if ok:
            key = "entry.form.duplicate" if saved.duplicate else "entry.form.saved"
            message = ui.tr(
                key,
                id=saved.visit_id,
                points=common.points(saved.points),
                warnings=common.warnings_text(saved.warnings) or "—",
            )
            if not saved.counted:
                message += " " + ui.tr("entry.frozen")
            kept = tuple(f"{FORM}{f}" for f in KEEP)
            for key in [k for k in st.session_state if str(k).startswith(FORM)]:
                if not str(key).startswith(kept):
                    del st.session_state[key]
            common.done(message, kind="info" if saved.duplicate else "success")
    evidence.entry_uploader(ctx.code)  # a photo of the receipt for the visit just saved
