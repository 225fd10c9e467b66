"""/research: the notices tab (issue 17) — print a numbered batch of collection notices
for a selection, the batches printed, a loan's bundle for the lawyers, and (admin) the
wording of the notices and the days after which a receipt not back is chased.

Full personal data: only the roles of `notices.print` (admin, trainer) see this tab's
content; every write and PDF is checked again on the server (db.notices)."""

from __future__ import annotations

import streamlit as st

from core.config import app_url
from core.notice_pdf import notices_pdf
from core.notices import (
    KINDS,
    PLACEHOLDERS,
    SELECT_GUARANTORS,
    SELECT_PLAN,
    SELECT_TEAM,
    SELECTIONS,
    Selection,
)
from db.notices import (
    batches,
    loan_bundle,
    loans_with_notices,
    print_batch,
    return_days,
    save_template,
    set_return_days,
    templates,
)
from db.queries.research import ResearchData
from pages import _ui as ui

KEY = "notices_"
PDF = "_notices_pdf"
BUNDLE = "_notices_bundle"


def _attempt(action: str, fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    return ui.attempt(action, fn, *args, _rejected="notice.rejected", **kwargs)


def _print(data: ResearchData) -> None:
    st.subheader(ui.tr("notice.print.title"))
    st.caption(ui.tr("notice.print.help"))
    kind = st.radio(
        ui.tr("notice.print.select"),
        SELECTIONS,
        horizontal=True,
        key=f"{KEY}sel",
        format_func=lambda k: ui.tr(f"notice.select.{k}"),
    )
    team = day = None
    within, with_guarantors = 60, False
    c1, c2, c3 = st.columns(3)
    if kind in (SELECT_TEAM, SELECT_PLAN):
        team = c1.selectbox(
            ui.tr("notice.print.team"),
            [t.name for t in data.teams],
            key=f"{KEY}team",
            placeholder=ui.tr("widget.choose"),
        )
        with_guarantors = c3.checkbox(ui.tr("notice.print.with_guarantors"), key=f"{KEY}wg")
    if kind == SELECT_PLAN:
        day = c2.selectbox(
            ui.tr("notice.print.day"),
            data.field_days,
            key=f"{KEY}day",
            format_func=lambda d: ui.tr(
                "notice.print.day_n", day=d, date=data.date_of(d).isoformat()
            ),
        )
    if kind == SELECT_GUARANTORS:
        within = int(
            c1.number_input(
                ui.tr("notice.print.within"),
                min_value=0,
                max_value=3650,
                value=60,
                step=10,
                key=f"{KEY}within",
            )
        )
    two = st.checkbox(ui.tr("notice.print.two"), key=f"{KEY}two")
    if st.button(ui.tr("notice.print.go"), type="primary", key=f"{KEY}go"):
        selection = Selection(
            kind, team=team, day=day, within_days=within, with_guarantors=with_guarantors
        )
        u = ui.user()
        ok, done = _attempt(
            "notices.print",
            print_batch,
            ui.engine(),
            data.code,
            selection,
            actor=u.username if u else "?",
            actor_role=ui.role() or "",
        )
        if ok and not done.docs:
            st.info(ui.tr("notice.print.none"))
        elif ok:
            pdf = notices_pdf(
                done.docs, per_page=2 if two else 1, lang=ui.lang(), app_url=app_url()
            )
            st.session_state[PDF] = (
                done.batch_id,
                done.numbers[0],
                done.numbers[-1],
                len(done.docs),
                pdf,
            )
    if PDF in st.session_state:
        batch_id, first, last, n, pdf = st.session_state[PDF]
        st.success(ui.tr("notice.print.done", n=n, first=first, last=last))
        st.download_button(
            ui.tr("notice.print.download"),
            pdf,
            mime="application/pdf",
            file_name=f"notices-{data.code}-{batch_id}.pdf",
            key=f"{KEY}dl",
            icon=":material/print:",
        )


def _batches(data: ResearchData) -> None:
    rows = batches(ui.engine(), data.code)
    st.subheader(ui.tr("notice.batches.title"))
    if not rows:
        st.caption(ui.tr("notice.batches.none"))
        return
    tz = ui.camp_zone()
    st.dataframe(
        [
            {
                ui.tr("notice.batches.at"): f"{b.printed_at.astimezone(tz):%Y-%m-%d %H:%M}",
                ui.tr("notice.batches.by"): b.printed_by,
                ui.tr("notice.batches.select"): ui.tr(f"notice.select.{b.selection.get('kind')}"),
                ui.tr("notice.batches.numbers"): f"{b.first} – {b.last}",
                ui.tr("notice.batches.count"): b.count,
                ui.tr("notice.batches.back"): b.returned,
            }
            for b in rows
        ],
        hide_index=True,
        width="stretch",
    )


def bundle_section(data: ResearchData) -> None:
    """A loan's bundle for the lawyers, under the clocks (admin, trainer only)."""
    if not ui.allowed("notices.print"):
        return
    st.subheader(ui.tr("notice.bundle_ui.title"))
    st.caption(ui.tr("notice.bundle_ui.help"))
    sent = loans_with_notices(ui.engine(), data.code)
    others = [loan["loan_no"] for loan in data.loans if loan["loan_no"] not in set(sent)]
    loan_no = st.selectbox(
        ui.tr("notice.bundle_ui.loan"),
        [*sent, *others],
        index=None,
        key=f"{KEY}bundle_loan",
        placeholder=ui.tr("widget.choose"),
    )
    if loan_no and st.button(ui.tr("notice.bundle_ui.make"), key=f"{KEY}bundle_go"):
        ok, pdf = _attempt(
            "notices.print",
            loan_bundle,
            ui.engine(),
            data.code,
            loan_no,
            actor_role=ui.role() or "",
            lang=ui.lang(),
        )
        if ok:
            st.session_state[BUNDLE] = (loan_no, pdf)
    if BUNDLE in st.session_state and st.session_state[BUNDLE][0] == loan_no:
        st.download_button(
            ui.tr("notice.bundle_ui.download"),
            st.session_state[BUNDLE][1],
            mime="application/pdf",
            file_name=f"bundle-{loan_no}.pdf",
            key=f"{KEY}bundle_dl",
            icon=":material/gavel:",
        )


def _wording(data: ResearchData) -> None:
    st.subheader(ui.tr("notice.wording.title"))
    st.caption(ui.tr("notice.wording.help", names="、".join(f"{{{p}}}" for p in PLACEHOLDERS)))
    kept = templates(ui.engine(), data.code)
    u = ui.user()
    actor = u.username if u else "?"
    for kind in KINDS:
        with st.form(f"{KEY}tpl_{kind}"):
            title = st.text_input(ui.tr("notice.wording.name"), value=kept[kind].title)
            body = st.text_area(ui.tr(f"notice.kind.{kind}"), value=kept[kind].body, height=260)
            if st.form_submit_button(ui.tr("notice.wording.save")):
                ok, _ = _attempt(
                    "notices.templates",
                    save_template,
                    ui.engine(),
                    data.code,
                    kind,
                    title,
                    body,
                    actor=actor,
                    actor_role=ui.role() or "",
                )
                if ok:
                    st.success(ui.tr("notice.wording.saved"))
    with st.form(f"{KEY}days"):
        days = st.number_input(
            ui.tr("notice.wording.days"),
            min_value=1,
            max_value=90,
            value=return_days(ui.engine(), data.code),
            step=1,
        )
        if st.form_submit_button(ui.tr("notice.wording.save")):
            ok, _ = _attempt(
                "notices.templates",
                set_return_days,
                ui.engine(),
                data.code,
                int(days),
                actor=actor,
                actor_role=ui.role() or "",
            )
            if ok:
                st.success(ui.tr("notice.wording.saved"))


def notices_tab(data: ResearchData) -> None:
    """The notices tab: printing and bundles for admin and trainer, wording for the admin."""
    if not ui.allowed("notices.print"):
        st.info(ui.tr("notice.role_info"))
        return
    _print(data)
    _batches(data)
    if ui.allowed("notices.templates"):
        _wording(data)
