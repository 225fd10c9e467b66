"""/entry: one visit in the fast form — find the loan by its last digits, the paper form's
fields in one st.form (typing costs no round-trip), checked on save; a refused save keeps
what was typed and says why (SPEC §4.7 promise elements, §4.11 appointments, §5.4)."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from core.entry import (
    FRESH_FIELDS,
    EntryForm,
    blocking,
    check_form,
    default_visit_date,
    form_record,
    kept_after_save,
    loan_line,
    saved_summary,
)
from db.engine import unavailable
from db.entry import EntryContext, LoanMatch, find_loans, last_entry, save_visit
from pages import _entry_common as common
from pages import _evidence as evidence
from pages import _ui as ui
from pages._entry_fields import show_issues, visit_fields

FORM = "entry_f_"
NEXT = "_entry_f_next"  # what the next visit starts from, set by a save


def loan_picker(ctx: EntryContext, team: str) -> LoanMatch | None:
    """Find a loan by its last digits, number, borrower or village; show the borrower's
    other loans beside it."""
    query = st.text_input(
        ui.tr("entry.loan.search"),
        placeholder=ui.tr("entry.loan.search_help"),
        key=common.init(f"{FORM}query", ""),
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
        format_func=lambda n: _line(by_no[n].loan, markdown=False),  # plain options
    )
    match = by_no.get(chosen) or matches[0]
    left, right = st.columns(2)
    note = (
        ""
        if match.visitable
        else "\n\n" + ui.md("entry.loan.other_team", team=match.loan.team or "")
    )
    left.info(_line(match.loan) + note)
    with right:
        if match.others:
            st.caption(ui.md("entry.loan.others", borrower=match.loan.borrower))
            for other in match.others:
                st.markdown(f"- {_line(other)}")
        else:
            st.caption(ui.tr("entry.loan.no_others"))
    return match


def _line(loan: object, markdown: bool = True) -> str:
    """The loan in one line; its imported values escaped where the line is Markdown."""
    params = loan_line(loan, ui.md_esc if markdown else str)
    return ui.tr(
        "entry.loan.line",
        team=params.pop("team") or ui.tr("entry.loan.any_team"),
        limitation=ui.tr(f"entry.limitation.{params.pop('limitation')}"),
        **params,
    )


def _start_afresh(team: str) -> None:
    """After a save: every field blank again — set, not deleted, so the browser shows it
    blank too — but the day, time and collectors of the visit just saved."""
    kept = st.session_state.pop(NEXT, None)
    if kept is None:
        return
    st.session_state.pop(f"{FORM}loan", None)
    for name, value in {**FRESH_FIELDS, **kept}.items():
        key = f"{FORM}{name}_{team}" if name == "members" else f"{FORM}{name}"
        st.session_state[key] = value


def render(ctx: EntryContext, team: str) -> None:
    _fast_form(ctx, team)


@st.fragment
def _fast_form(ctx: EntryContext, team: str) -> None:
    """A fragment: finding a loan reruns this tab only, not the whole page — and so not
    through app.py, which says so when the store cannot be reached: say it here."""
    try:
        _form(ctx, team)
        evidence.entry_uploader(ctx.code)  # a photo of the receipt for the visit just saved
    except Exception as exc:
        if not unavailable(exc):  # a rerun or a stop too
            raise
        ui.store_unavailable()


def _resume(ctx: EntryContext, team: str) -> None:
    """A new session (a reload, another PC) starts from the user's last visit for the team,
    as the next form after a save does: its day, time and collectors."""
    flag = f"_entry_f_resumed_{team}"
    if st.session_state.get(flag) or NEXT in st.session_state:
        return
    st.session_state[flag] = True
    last = last_entry(ui.engine(), ctx.code, team, common.actor())
    if last is not None:
        at, members = last
        kept = kept_after_save(
            EntryForm(visit_date=at.date(), visit_time=at.time(), members=members)
        )
        for name, value in kept.items():
            st.session_state.setdefault(
                f"{FORM}{name}_{team}" if name == "members" else f"{FORM}{name}", value
            )


def _form(ctx: EntryContext, team: str) -> None:
    _resume(ctx, team)
    _start_afresh(team)
    match = loan_picker(ctx, team)
    start = EntryForm(visit_date=default_visit_date(ctx.calendar, ctx.today))
    with st.form(f"{FORM}form", border=False):
        form = visit_fields(FORM, ctx, team, start)
        submitted = st.form_submit_button(
            ui.tr("entry.form.save"), type="primary", key=f"{FORM}save"
        )
    if not submitted:
        st.caption(ui.tr("entry.form.next"))
        return
    ui.require("visits.write")
    form = replace(form, loan_no=match.loan.loan_no if match else None)
    issues = check_form(form, ctx.calendar, ctx.rosters.get(team, ()))
    if blocking(issues):
        show_issues(issues)
        return
    ok, saved = common.attempt(
        "visits.write", save_visit, ui.engine(), ctx.code, form_record(form), common.actor()
    )
    if not ok:
        return
    facts = saved_summary(form, match.loan.borrower if match else None)
    message = ui.tr(
        "entry.form.duplicate" if saved.duplicate else "entry.form.saved",
        id=saved.visit_id,
        borrower=facts["borrower"],
        tail=facts["tail"],
        collected=common.yuan(facts["collected_fen"]),
        points=common.points(saved.points),
        warnings=common.warnings_text(saved.warnings) or "—",
    )
    if not saved.counted:
        message += " " + ui.tr("entry.frozen")
    st.session_state[NEXT] = kept_after_save(form)
    common.done(message, kind="info" if saved.duplicate else "success")
