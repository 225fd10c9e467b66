"""/setup tab: import the loan list (SPEC §5.3), with its problems as a table and a workbook."""

from __future__ import annotations

import streamlit as st

from core.exports import XLSX_MIME, loan_template_xlsx, problem_rows, problems_xlsx
from db.setup import SetupView, import_loan_file
from pages import _setup_common as common
from pages import _ui as ui

REPORT = "_setup_loan_report"


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
    header = [ui.tr(f"export.{k}") for k in ("row", "column", "reason", "level")]
    rows = problem_rows(report.errors, report.warnings, ui.lang())
    st.dataframe([dict(zip(header, r, strict=True)) for r in rows], hide_index=True)
    st.download_button(
        ui.tr("setup.loans.problems_download"),
        problems_xlsx(report.errors, report.warnings, ui.lang()),
        file_name=f"{code}-problems.xlsx", mime=XLSX_MIME, key="setup_loans_problems",
        on_click="ignore",
    )  # fmt: skip


def loans_tab(view: SetupView) -> None:
    code = view.config.code
    st.caption(ui.tr("setup.loans.help", n=view.loans))
    st.download_button(ui.tr("setup.loans.template"), _template(), file_name="贷款清单模板.xlsx",
                       mime=XLSX_MIME, key="setup_loans_template", on_click="ignore")  # fmt: skip
    uploaded = st.file_uploader(ui.tr("setup.loans.upload"), type=["xlsx", "xls", "csv"],
                                key="setup_loans_file")  # fmt: skip
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
            progress=progress,
        )  # fmt: skip
        if ok:
            st.session_state[REPORT] = {"code": code, "report": report}
            if report.done is not None:
                st.rerun()  # the counts above change
    _show_report(code)
