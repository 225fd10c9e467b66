"""Evidence on the pages (issue 17, point 3): photos and scans of signed receipts and
payment slips.

- `entry_uploader(code)`: on /entry, below the fast form — the visit just saved is
  offered first; a phone's camera or a file.
- `clock_evidence(code, views)`: on /research's clocks tab — the visit or follow-up
  behind each restart of a loan's clocks, with its attachments as thumbnails and
  downloads, and the receipts still without paper after 24 hours.
- `evidence_tab(code)`: /research's evidence tab — the list of signed receipts without
  evidence after 24 hours, and an uploader for any record of a loan.

Evidence holds personal data: db.evidence checks on the server who may see or attach
it (admin, trainers, the loan's own manager); no projected page imports this module
(tests/ui/test_evidence_page.py keeps it so).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import streamlit as st

from core.evidence import MAX_BYTES, RESTART_EFFECTS
from core.money import format_yuan
from core.research import LoanView
from db.evidence import Attachment, Record, attach, attachable, loan_evidence, unevidenced
from pages import _ui as ui

TYPES = ["jpg", "jpeg", "png", "webp", "bmp", "tif", "tiff", "gif", "pdf"]
FLASH = "_evidence_flash"
THUMB = 160  # px: a thumbnail in the clock panel


def _user() -> tuple[str | None, str | None, str]:
    u = ui.user()
    return (u.role, u.name, u.username) if u else (None, None, "?")


def _when(at) -> str:  # noqa: ANN001
    return f"{at.astimezone(ui.camp_zone()):%Y-%m-%d %H:%M}"


def _line(r: Record) -> str:
    return ui.tr(
        "evidence.record.line",
        at=_when(r.at),
        kind=ui.tr(f"evidence.kind.{r.kind}"),
        loan_no=r.loan_no,
        borrower=r.borrower,
        contact=r.contact,
        ack=ui.tr("evidence.ack") if r.ack else "",
        n=r.attachments,
    )


def _flash() -> None:
    message = st.session_state.pop(FLASH, None)
    if message:
        st.success(message)


def uploader(code: str, records: Sequence[Record], key: str) -> None:
    """Pick one of `records`, take a photo or choose files, save: one unit of work a file."""
    if not records:
        st.caption(ui.tr("evidence.record.none"))
        return
    _flash()
    st.caption(ui.tr("evidence.help", mb=MAX_BYTES // (1024 * 1024)))
    by_ref = {r.ref: r for r in records}
    gen = st.session_state.get(f"{key}_gen", 0)  # a new generation: fresh widgets after a save
    chosen = st.selectbox(ui.tr("evidence.record"), list(by_ref), key=f"{key}_record_{gen}",
                          format_func=lambda k: _line(by_ref[k]),
                          placeholder=ui.tr("widget.choose"))  # fmt: skip
    record = by_ref.get(chosen) or records[0]
    files = st.file_uploader(ui.tr("evidence.files"), type=TYPES, accept_multiple_files=True,
                             key=f"{key}_files_{gen}")  # fmt: skip
    photo = None
    if st.toggle(ui.tr("evidence.use_camera"), key=f"{key}_camera_on_{gen}"):
        photo = st.camera_input(ui.tr("evidence.camera"), key=f"{key}_camera_{gen}")
    caption = st.text_input(ui.tr("evidence.caption"), key=f"{key}_caption_{gen}",
                            max_chars=200, placeholder=ui.tr("evidence.caption_help"))  # fmt: skip
    if not st.button(ui.tr("evidence.save"), key=f"{key}_save", icon=":material/attach_file:"):
        return
    chosen_files = [f for f in [*(files or []), photo] if f is not None]
    if not chosen_files:
        st.warning(ui.tr("evidence.nothing"))
        return
    role, name, username = _user()
    saved = 0
    for f in chosen_files:
        ok, _ = ui.attempt(
            "evidence.attach", attach, ui.engine(), code, record.kind, record.id, f.getvalue(),
            filename=f.name, caption=caption, actor=username, actor_name=name or username,
            actor_role=role or "", _rejected="evidence.rejected",
        )  # fmt: skip
        saved += int(ok)
    if saved == len(chosen_files):
        st.session_state[f"{key}_gen"] = gen + 1
        st.session_state[FLASH] = ui.tr("evidence.saved", n=saved)
        st.rerun()
    elif saved:
        st.info(ui.tr("evidence.saved", n=saved))


def entry_uploader(code: str) -> None:
    """/entry: evidence for the visits this user entered, the newest (just saved) first."""
    role, name, username = _user()
    with st.expander(ui.tr("evidence.entry.expander"), icon=":material/photo_camera:"):
        records = attachable(ui.engine(), code, role=role, user_name=name, entered_by=username,
                             limit=15)  # fmt: skip
        uploader(code, records, key="entry_evidence")


def _attachment(a: Attachment, key: str) -> None:
    st.caption(
        ui.md(
            "evidence.item",
            caption=a.caption or a.filename or "—",
            by=a.uploaded_by,
            at=_when(a.uploaded_at),
            kb=max(1, a.size // 1024),
        )  # fmt: skip
    )
    if a.is_image:
        st.image(a.data, width=THUMB)
    else:
        st.caption(ui.tr("evidence.pdf"))
    stem = (a.filename.rsplit(".", 1)[0] if a.filename else "") or f"evidence-{a.id}"
    name = f"{stem}.{'jpg' if a.is_image else 'pdf'}"  # a photo is stored as a JPEG
    st.download_button(ui.tr("evidence.open", name=name), a.data, file_name=name, mime=a.mime,
                       key=f"{key}_{a.id}", icon=":material/download:")  # fmt: skip


def _record_heading(r: Record) -> str:
    paid = ui.tr("evidence.panel.paid", yuan=format_yuan(r.paid_fen)) if r.paid_fen else ""
    return ui.md(
        "evidence.panel.record",
        kind=ui.tr(f"evidence.kind.{r.kind}"),
        at=_when(r.at),
        contact=r.contact,
        ack=ui.tr("evidence.ack") if r.ack else "",
        paid=paid,
        who=ui.tr("evidence.panel.team", team=r.team)
        if r.team
        else ui.tr("evidence.panel.by", by=r.entered_by or "—"),
    )


def clock_evidence(code: str, views: Sequence[LoanView]) -> None:
    """/research clocks tab: a loan's restarts and the paper behind each."""
    st.subheader(ui.tr("evidence.panel.title"))
    st.caption(ui.tr("evidence.panel.help"))
    restarted = [v for v in views if any(e[2] in RESTART_EFFECTS for e in v.clocks.effects)]
    first = {v.loan_no for v in restarted}
    pool = restarted + [v for v in views if v.loan_no not in first]  # restarted ones first
    if not pool:
        return
    by_no = {v.loan_no: v for v in pool}
    # another date, other restarts: the picker starts again from the first restarted loan
    key = "evidence_panel_" + hashlib.sha1("|".join(sorted(first)).encode()).hexdigest()[:10]
    loan_no = st.selectbox(ui.tr("evidence.panel.pick"), list(by_no), key=key,
                           format_func=lambda n: f"{n} {by_no[n].borrower}",
                           placeholder=ui.tr("widget.choose"))  # fmt: skip
    view = by_no.get(loan_no)
    if view is None:
        return
    role, name, _ = _user()
    file = loan_evidence(ui.engine(), code, view.loan_no, role=role, user_name=name)
    if file is None:
        st.info(ui.tr("evidence.panel.denied"))
        return
    records = {r.ref: r for r in file.records}
    restarts = [(ref, on, effect) for ref, on, effect in view.clocks.effects
                if effect in RESTART_EFFECTS and ref in records]  # fmt: skip
    if not restarts:
        st.info(ui.tr("evidence.panel.no_restart"))
    now = ui.now()
    shown = set()
    for ref, on, effect in reversed(restarts):
        r = records[ref]
        shown.add(ref)
        with st.container(border=True):
            st.markdown(f"**{ui.tr(f'research.{effect.value}', on=on.isoformat())}**")
            st.caption(_record_heading(r))
            _attachments_of(file.of(ref), r, now, key=f"evidence_panel_{ref}")
    others = [r for r in file.records if r.ref not in shown and (r.ack or file.of(r.ref))]
    if others:
        st.caption(ui.tr("evidence.panel.other"))
        for r in others:
            with st.container(border=True):
                st.caption(_record_heading(r))
                _attachments_of(file.of(r.ref), r, now, key=f"evidence_panel_{r.ref}")


def _attachments_of(items: Sequence[Attachment], r: Record, now, key: str) -> None:  # noqa: ANN001
    if not items:
        if r.flagged(now):
            st.error(ui.tr("evidence.panel.overdue"), icon=":material/report:")
        else:
            st.warning(ui.tr("evidence.panel.missing"))
        return
    cols = st.columns(min(len(items), 4))
    for i, a in enumerate(items):
        with cols[i % len(cols)]:
            _attachment(a, key)


def evidence_tab(code: str) -> None:
    """/research evidence tab: receipts without paper after 24 hours; add it for a loan."""
    role, name, _ = _user()
    now = ui.now()
    flagged = unevidenced(ui.engine(), code, now, role=role, user_name=name)
    st.subheader(ui.tr("evidence.flagged.title", n=len(flagged)))
    st.caption(ui.tr("evidence.flagged.help"))
    if flagged:
        rows = [
            {
                ui.tr("evidence.col.loan_no"): r.loan_no,
                ui.tr("evidence.col.borrower"): r.borrower,
                ui.tr("evidence.col.manager"): r.manager,
                ui.tr("evidence.col.team"): r.team,
                ui.tr("evidence.col.kind"): ui.tr(f"evidence.kind.{r.kind}"),
                ui.tr("evidence.col.at"): _when(r.at),
                ui.tr("evidence.col.contact"): r.contact,
                ui.tr("evidence.col.recorded"): _when(r.recorded_at),
                ui.tr("evidence.col.hours"): int((now - r.recorded_at).total_seconds() // 3600),
            }
            for r in flagged
        ]
        st.dataframe(rows, hide_index=True, width="stretch", key="evidence_flagged")
    else:
        st.success(ui.tr("evidence.flagged.none"))
    st.subheader(ui.tr("evidence.attach.title"))
    loan_no = st.text_input(ui.tr("evidence.attach.loan"), key="evidence_loan_no",
                            value=flagged[0].loan_no if flagged else "")  # fmt: skip
    if loan_no.strip():
        records = attachable(ui.engine(), code, role=role, user_name=name,
                             loan_no=loan_no.strip(), limit=50)  # fmt: skip
        uploader(code, records, key="research_evidence")
