"""/setup tab: import the loan list (SPEC §5.3): the column mapping, then the problems."""

from __future__ import annotations

import hashlib

import streamlit as st

from core.exports import XLSX_MIME, loan_template_xlsx, problem_table, problems_xlsx
from db.mappings import MappingView, preview_loan_file, save_profile
from db.queries.setup import SetupView
from db.setup import import_loan_file
from pages import _setup_common as common
from pages import _ui as ui

REPORT = "_setup_loan_report"
PREVIEW = "_setup_loan_preview"


@st.cache_data(show_spinner=False)
def _template() -> bytes:
    return loan_template_xlsx()


def _show_report(code: str) -> None:
    saved = st.session_state.get(REPORT)
    if not saved or saved["code"] != code:
        return
    report = saved["report"]
    if report.done is not None:
        d = report.done
        st.success(ui.tr("setup.loans.done", created=d.created, updated=d.updated,
                         skipped=d.skipped, mode=ui.tr(f"setup.loans.mode_{d.mode}")))  # fmt: skip
    else:
        st.error(ui.tr("setup.loans.rejected"))
    if not report.errors and not report.warnings:
        return
    lang = ui.lang()
    header = [ui.tr(f"export.{k}") for k in ("row", "column", "reason", "level")]
    rows, more = problem_table(report.errors, report.warnings, lang)
    st.dataframe([dict(zip(header, r, strict=True)) for r in rows], hide_index=True)
    if more:
        st.caption(ui.tr("setup.loans.more_problems", n=more))
    errors, warnings = report.errors, report.warnings
    st.download_button(
        ui.tr("setup.loans.problems_download"),
        problems_xlsx(errors, warnings, lang),  # drawn now: a deferred file may be gone
        file_name=f"{code}-problems.xlsx", mime=XLSX_MIME, key="setup_loans_problems",
        on_click="ignore",
    )  # fmt: skip


def _preview(data: bytes, name: str) -> MappingView:
    """The detected mapping of the uploaded file, read once per file."""
    digest = hashlib.sha256(data).hexdigest()
    saved = st.session_state.get(PREVIEW)
    if not saved or saved[0] != digest:
        saved = (digest, preview_loan_file(ui.engine(), data, name))
        st.session_state[PREVIEW] = saved
    return saved[1]


def _mapping_editor(view: MappingView, digest: str) -> dict[str, str]:
    """The mapping table (field ← column, samples); returns field → column as chosen."""
    st.subheader(ui.tr("setup.loans.mapping"))
    st.caption(ui.tr("setup.loans.mapping_help"))
    if view.profile is not None:
        st.info(ui.tr("setup.loans.profile_used", name=view.profile.name))
    cols = {k: ui.tr(f"setup.loans.col_{k}") for k in ("field", "required", "column", "samples")}
    table = [
        {cols["field"]: f.name, cols["required"]: "✓" if f.required else "",
         cols["column"]: f.column or "", cols["samples"]: f.samples}
        for f in view.fields
    ]  # fmt: skip
    edited = st.data_editor(
        table, hide_index=True, key=f"setup_loans_mapping_{digest[:12]}",
        disabled=[cols["field"], cols["required"], cols["samples"]],
        column_config={cols["column"]: st.column_config.SelectboxColumn(
            options=["", *view.columns])},
    )  # fmt: skip
    return {
        f.key: row[cols["column"]]
        for f, row in zip(view.fields, edited, strict=True)
        if row[cols["column"]]
    }


def _profile_form(view: MappingView, mapping: dict[str, str], bank: str) -> None:
    c1, c2 = st.columns([3, 1])
    name = c1.text_input(ui.tr("setup.loans.profile_name"), key="setup_loans_profile_name",
                         value=view.profile.name if view.profile else "")  # fmt: skip
    if c2.button(ui.tr("setup.loans.profile_save"), key="setup_loans_profile_save",
                 disabled=not name.strip()):  # fmt: skip
        ok, saved = common.attempt(
            "loans.import", save_profile, ui.engine(), name, mapping,
            signature=view.signature, bank=bank, actor=common.actor(),
        )  # fmt: skip
        if ok:
            st.success(ui.tr("setup.loans.profile_saved", name=saved.name))
            st.session_state.pop(PREVIEW, None)


def loans_tab(view: SetupView) -> None:
    code = view.config.code
    st.caption(ui.tr("setup.loans.help", n=view.loans))
    st.download_button(ui.tr("setup.loans.template"), _template(), file_name="贷款清单模板.xlsx",
                       mime=XLSX_MIME, key="setup_loans_template", on_click="ignore")  # fmt: skip
    uploaded = st.file_uploader(ui.tr("setup.loans.upload"), type=["xlsx", "xls", "csv"],
                                key="setup_loans_file")  # fmt: skip
    mapping: dict[str, str] = {}
    if uploaded is not None:
        data = uploaded.getvalue()
        preview = _preview(data, uploaded.name)
        if preview.fields:
            mapping = _mapping_editor(preview, st.session_state[PREVIEW][0])
            _profile_form(preview, mapping, view.config.bank)
        else:  # a file that cannot be read: say why before the import is tried
            for problem in preview.problems:
                st.error(problem.text(ui.lang()))
    c1, c2 = st.columns(2)
    skip = c1.checkbox(ui.tr("setup.loans.skip_invalid"), key="setup_loans_skip")
    as_of = c2.date_input(ui.tr("setup.loans.as_of"), value=None, key="setup_loans_as_of")
    if st.button(ui.tr("setup.loans.import"), key="setup_loans_import", disabled=uploaded is None):
        ui.require("loans.import")
        bar = st.progress(0.0, text=ui.tr("setup.loans.stage_read"))

        def progress(share: float, stage: str) -> None:
            bar.progress(share, text=ui.tr(f"setup.loans.stage_{stage}"))

        ok, report = common.attempt(
            "loans.import", import_loan_file, ui.engine(), code, uploaded.getvalue(),
            uploaded.name, skip_invalid=skip, as_of=as_of, actor=common.actor(),
            progress=progress, mapping=mapping or None,
        )  # fmt: skip
        if ok:
            st.session_state[REPORT] = {"code": code, "report": report}
            if report.done is not None:
                st.rerun()  # the counts above change
    _show_report(code)
