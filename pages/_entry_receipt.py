"""/entry: a signed receipt (回执) back — typed by its short number, scanned with a
handheld scanner that types it into the field, or scanned with a phone's camera or
WeChat when the app's address is set (CAMP_APP_URL): the QR then links to
/entry?receipt=<number>, which opens this tab with the number filled (issue 17); or held
up to a laptop's camera (st.camera_input; browsers open the camera on HTTPS or localhost
only), whose picture core.notices.receipt_in_photo reads. Opens the notice's loan with
the notice pre-filled; who signed and when become the visit's acknowledgement or the
guarantor demand (db.notices.record_receipt: the existing visit or follow-up write, the
clock rules of core.clocks)."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from core.money import format_yuan
from core.notices import RECEIPT_PARAM, receipt_in_photo
from db.entry import EntryContext
from db.notices import NoticeInfo, find_notice, record_receipt
from pages import _entry_common as common
from pages import _ui as ui

KEY = "entry_rc_"


def _effects_text(effects, on: str) -> str:  # noqa: ANN001
    return "；".join(ui.tr(f"research.{e.value}", on=on) for e in effects)


def _notice(info: NoticeInfo, tz) -> None:  # noqa: ANN001
    f = info.figures
    owed = int(f.get("principal_fen", 0)) + int(f.get("interest_fen", 0))
    st.markdown(
        ui.md(
            "notice.rc.found",
            number=info.number,
            title=info.title,
            addressee=info.addressee,
            loan_no=info.loan_no,
            borrower=info.borrower,
            owed=format_yuan(owed),
            printed=f"{info.printed_at.astimezone(tz):%Y-%m-%d %H:%M}",
            by=info.printed_by,
            team=info.team or "—",
        )
    )


def _camera(code: str) -> None:
    """The receipt held up to the laptop's camera: its QR code fills the number field
    (once per picture, so the field stays the user's to change)."""
    with st.expander(ui.tr("notice.rc.camera"), icon=":material/photo_camera:"):
        photo = st.camera_input(ui.tr("notice.rc.camera_take"), key=f"{KEY}camera",
                                help=ui.tr("notice.rc.camera_help"))  # fmt: skip
        if photo is None:
            return
        seen = st.session_state.get(f"{KEY}photo")
        if seen is None or seen[0] != photo.file_id:
            ok, number = ui.attempt("notices.print", receipt_in_photo, photo.getvalue(), code,
                                    _rejected="notice.rc.camera_refused")  # fmt: skip
            if not ok:
                return
            seen = st.session_state[f"{KEY}photo"] = (photo.file_id, number)
            if number:
                st.session_state[f"{KEY}number"] = number
        if seen[1]:
            st.success(ui.tr("notice.rc.camera_read", number=seen[1]))
        else:
            st.warning(ui.tr("notice.rc.camera_none"))


def render(ctx: EntryContext, team: str) -> None:
    """The receipts tab of /entry (admin, trainer)."""
    if not ui.allowed("notices.print"):
        st.info(ui.tr("notice.role_info"))
        return
    st.caption(ui.tr("notice.rc.help"))
    scanned = st.query_params.get(RECEIPT_PARAM, "")  # the QR's link opened on a phone
    if scanned and st.session_state.get(f"{KEY}scanned") != scanned:
        st.session_state[f"{KEY}scanned"] = scanned
        st.session_state[f"{KEY}number"] = scanned
    _camera(ctx.code)
    typed = st.text_input(
        ui.tr("notice.rc.number"), key=f"{KEY}number", placeholder=f"{ctx.code}-00001"
    )
    if not typed.strip():
        return
    info = find_notice(ui.engine(), ctx.code, typed)
    if info is None:
        st.warning(ui.tr("notice.rc.unknown", number=typed.strip()))
        return
    tz = ctx.calendar.tz
    _notice(info, tz)
    if info.cut_off:
        began = info.returned_at.astimezone(tz)
        st.warning(ui.tr("notice.rc.cut_off", at=f"{began:%Y-%m-%d %H:%M}"))
    elif info.returned_at is not None:
        st.info(
            ui.tr(
                "notice.rc.already",
                at=f"{info.returned_at.astimezone(tz):%Y-%m-%d %H:%M}",
                who=info.signed_by or "",
                by=info.received_by or "",
            )
        )
        return
    now = ui.now().astimezone(tz)
    closed = info.closed_on is not None
    with st.form(f"{KEY}form_{info.id}"):
        signer = st.radio(
            ui.tr("notice.rc.signer"),
            info.signers,
            horizontal=True,
            format_func=lambda s: ui.tr(f"notice.signer.{s}"),
            key=f"{KEY}signer_{info.id}",
        )
        c1, c2 = st.columns(2)
        day = c1.date_input(ui.tr("notice.rc.date"), value=now.date())
        at = c2.time_input(
            ui.tr("notice.rc.time"), value=now.time().replace(second=0, microsecond=0), step=300
        )
        visit_team = info.team or team
        members: list[str] = []
        if not closed:
            members = st.multiselect(
                ui.tr("notice.rc.members", team=visit_team),
                ctx.rosters.get(visit_team, ()),
                placeholder=ui.tr("widget.choose"),
                key=f"{KEY}members_{info.id}",
            )
        else:
            st.caption(ui.tr("notice.rc.after_close"))
        sent = st.form_submit_button(ui.tr("notice.rc.save"), type="primary")
    if not sent:
        return
    user = ui.user()
    ok, done = common.attempt(
        "notices.print",
        record_receipt,
        ui.engine(),
        ctx.code,
        info.number,
        signed_by=signer,
        signed_at=datetime.combine(day, at),
        members=members,
        team=visit_team,
        actor=common.actor(),
        actor_name=user.name if user else "",
        actor_role=ui.role() or "",
    )
    if ok:
        effect = _effects_text(done.effects, day.isoformat()) or ui.tr("notice.rc.no_effect")
        message = ui.tr("notice.rc.saved", number=done.number, effect=effect)
        if done.warnings:
            message += " " + common.warnings_text(done.warnings)
        common.done(message, f"{KEY}signer", f"{KEY}members", kind="success")
