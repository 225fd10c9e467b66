"""/setup tab: the core system's repayment records (SPEC §5.6): a preview, the import, and
whether the final ceremony reads the verified standings."""

from __future__ import annotations

import hashlib

import streamlit as st

from core.ledger import LedgerResult, read_ledger
from core.money import format_yuan
from db.ledger import import_repayment_file, set_awards_verified
from db.reconcile import awards_verified, repayment_count
from db.setup import SetupView
from pages import _setup_common as common
from pages import _ui as ui

PREVIEW = "_setup_ledger_preview"
DONE = "_setup_ledger_done"
PREVIEW_ROWS = 20


def _preview(data: bytes, name: str) -> LedgerResult:
    """The file as read, once per file."""
    digest = hashlib.sha256(data).hexdigest()
    saved = st.session_state.get(PREVIEW)
    if not saved or saved[0] != digest:
        saved = (digest, read_ledger(data, name))
        st.session_state[PREVIEW] = saved
    return saved[1]


def _show(result: LedgerResult) -> None:
    st.caption(ui.tr("ledger.preview", n=len(result.records), e=len(result.errors)))
    cols = {k: ui.tr(f"ledger.col.{k}") for k in ("loan_no", "paid_on", "principal", "interest",
                                                  "ref")}  # fmt: skip
    rows = [
        {cols["loan_no"]: r.loan_no, cols["paid_on"]: r.paid_on.isoformat(),
         cols["principal"]: format_yuan(r.principal_fen),
         cols["interest"]: format_yuan(r.interest_fen), cols["ref"]: r.ref or ""}
        for r in result.records[:PREVIEW_ROWS]
    ]  # fmt: skip
    if rows:
        st.dataframe(rows, hide_index=True)
    problems = [*result.errors, *result.warnings, *result.duplicates]
    if problems:
        head = [ui.tr(f"export.{k}") for k in ("row", "column", "reason")]
        table = [
            dict(zip(head, (p.row, p.column or "", p.reason_in(ui.lang())), strict=True))
            for p in problems[: PREVIEW_ROWS * 10]
        ]
        st.dataframe(table, hide_index=True)


def _awards(code: str) -> None:
    current = awards_verified(ui.engine(), code)
    key = common.state_key("setup_ledger_awards", current)
    wanted = st.toggle(ui.tr("ledger.awards_verified"), value=current,
                       help=ui.tr("ledger.awards_verified_help"), key=key)  # fmt: skip
    if st.button(ui.tr("setup.save"), key="setup_ledger_awards_save", disabled=wanted == current):
        ok, _ = common.attempt("awards.edit", set_awards_verified, ui.engine(), code, wanted,
                               common.actor())  # fmt: skip
        if ok:
            common.done(ui.tr("ledger.awards_saved"))


def ledger_tab(view: SetupView) -> None:
    code = view.config.code
    st.caption(ui.tr("ledger.help", n=repayment_count(ui.engine(), code)))
    uploaded = st.file_uploader(ui.tr("ledger.upload"), type=["xlsx", "xls", "csv"],
                                key="setup_ledger_file")  # fmt: skip
    if uploaded is not None:
        _show(_preview(uploaded.getvalue(), uploaded.name))
    skip = st.checkbox(ui.tr("ledger.skip_invalid"), key="setup_ledger_skip")
    if st.button(ui.tr("ledger.import"), key="setup_ledger_import", disabled=uploaded is None):
        ok, done = common.attempt(
            "loans.import", import_repayment_file, ui.engine(), code, uploaded.getvalue(),
            uploaded.name, skip_invalid=skip, actor=common.actor(),
        )  # fmt: skip
        if ok:
            st.session_state.pop(PREVIEW, None)
            common.done(ui.tr("ledger.done", stored=done.stored, already=done.already,
                              other=done.other_loans))  # fmt: skip
    st.divider()
    _awards(code)
