"""The off-screen parts of /summary: the battle report downloads and the problems the
trainers add and close during the meeting (never shown in presentation mode)."""

from __future__ import annotations

import logging

import streamlit as st

from core.errors import InputRejected, UsageError
from core.exports import XLSX_MIME
from core.report import DaySummary
from core.report_pdf import report_pdf
from core.report_poster import poster_available, poster_png
from core.report_xlsx import report_xlsx
from db.entry import close_problem, raise_problem
from pages import _ui as ui

log = logging.getLogger("camp.summary")


@st.cache_data(max_entries=16, show_spinner=False)
def _files(s: DaySummary, lang: str, poster: bool) -> tuple[bytes | None, bytes, bytes]:
    """The three files of one summary, drawn once (every screen and rerun shares them)."""
    png = None
    if poster:
        try:
            png = poster_png(s, lang)
        except (OSError, RuntimeError, ValueError) as exc:  # Pillow refused some text
            log.warning("poster not drawn: %s", exc)
    return png, report_pdf(s, lang), report_xlsx(s, lang)


def exports(s: DaySummary) -> None:
    """Three one-click downloads. The files are drawn before the buttons (and cached): a
    button handed a function draws on click from a registry a rerun may have dropped, and
    one click in four then got "Deferred file … not found" instead of the file."""
    lang = ui.lang()
    png, pdf, xlsx = _files(s, lang, poster_available())
    stem = f"{s.camp_code}-day{s.day}-{s.day_date:%Y%m%d}"
    box = st.sidebar.container(border=True)
    box.markdown(f"**{ui.tr('summary.export')}**")
    box.caption(ui.tr("summary.export_help"))
    if png is not None:
        box.download_button(
            ui.tr("summary.png"),
            png,
            file_name=f"{stem}.png",
            mime="image/png",
            key="summary_png",
            on_click="ignore",
            width="stretch",
        )
    elif poster_available():
        box.warning(ui.tr("summary.poster_failed"))
    else:
        box.warning(ui.tr("summary.no_font"))
    box.download_button(
        ui.tr("summary.pdf"),
        pdf,
        file_name=f"{stem}.pdf",
        mime="application/pdf",
        key="summary_pdf",
        on_click="ignore",
        width="stretch",
    )
    box.download_button(
        ui.tr("summary.xlsx"),
        xlsx,
        file_name=f"{stem}.xlsx",
        mime=XLSX_MIME,
        key="summary_xlsx",
        on_click="ignore",
        width="stretch",
    )


def _actor() -> str:
    u = ui.user()
    return u.username if u else "?"


def _write(fn, *args, **kwargs) -> bool:  # noqa: ANN001, ANN002, ANN003
    """Check the role on the server, then one write; problems are shown, never raised."""
    ui.require("problems")
    try:
        fn(*args, **kwargs)
    except InputRejected as exc:
        st.error(ui.md_esc("；".join(p.reason_in(ui.lang()) for p in exc.problems)))
    except UsageError as exc:
        st.error(ui.md_esc(exc.text(ui.lang())))
    else:
        return True
    return False


def problems(code: str, s: DaySummary) -> None:
    """Trainers and the admin add and close problems; others see that they may not."""
    if not ui.allowed("problems"):
        st.info(ui.tr("summary.pb.read_only"))
        return
    done = st.session_state.pop("_summary_pb_done", None)
    if done:
        st.success(done)
    teams = [""] + [x.team for x in s.teams]
    with st.form("summary_pb_add", clear_on_submit=True):
        text = st.text_area(ui.tr("entry.pb.text"), key="summary_pb_text", height=80)
        team = st.selectbox(
            ui.tr("summary.col.team"),
            teams,
            key="summary_pb_team",
            format_func=lambda x: x or ui.tr("summary.pb.team_none"),
            placeholder=ui.tr("widget.choose"),
        )
        added = st.form_submit_button(ui.tr("summary.pb.add"))
    if added and _write(raise_problem, ui.engine(), code, text, _actor(), team=team or None):
        st.session_state["_summary_pb_done"] = ui.tr("summary.pb.added")
        st.rerun()
    open_ = {p.id: p for p in s.open_problems()}
    if not open_:
        return
    with st.form("summary_pb_close", clear_on_submit=True):
        pid = st.selectbox(
            ui.tr("entry.pb.pick"),
            list(open_),
            key="summary_pb_pick",
            format_func=lambda i: f"#{i} {open_[i].team} {open_[i].text[:30]}",
            placeholder=ui.tr("widget.choose"),
        )
        resolution = st.text_input(ui.tr("entry.pb.resolution"), key="summary_pb_resolution")
        closed = st.form_submit_button(ui.tr("entry.pb.close"))
    if closed and _write(close_problem, ui.engine(), code, pid, resolution, _actor()):
        st.session_state["_summary_pb_done"] = ui.tr("entry.pb.closed_done", id=pid)
        st.rerun()
