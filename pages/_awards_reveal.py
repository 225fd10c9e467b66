"""The admin's side of the ceremony on /awards: reveal one award at a time (action
awards.reveal) or seal one again, and the certificates of the revealed awards as PDF."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import streamlit as st

from core.certificate import certificates_pdf
from db import awards as store
from db.queries import awards as reads
from db.queries.awards import AwardsBoard
from db.screens import cutoffs
from pages import _awards_common as common
from pages import _projector as proj
from pages import _ui as ui


def _before_the_final_cutoff(code: str, timezone: str) -> str | None:
    """The camp's final cut-off as local time, while it is still ahead; else None."""
    cuts = cutoffs(ui.engine(), code, ui.now())
    if cuts is None or ui.now() >= cuts[1]:
        return None
    return f"{cuts[1].astimezone(ZoneInfo(timezone)):%m-%d %H:%M}"


def controls(code: str, b: AwardsBoard) -> None:
    """The admin reveals one award at a time (action awards.reveal), or seals one again."""
    heads = [ui.tr(f"awards.col.{k}") for k in ("award", "status", "votes", "leader")]
    rows = []
    for c in b.categories:
        status = (
            ui.tr("awards.rev.status_revealed", at=common.local(b, c.revealed_at))
            if c.revealed_at
            else ui.tr("awards.rev.status_sealed")
        )
        rows.append([c.name, status, c.result.total, common.who(c.result.winner, c.winner_team)])
    st.markdown(proj.table(heads, rows, numeric=(2,)), unsafe_allow_html=True)
    sealed = [c for c in b.categories if not c.revealed]
    early = _before_the_final_cutoff(code, b.timezone)
    if sealed and sealed[0].rule == "champion_team" and early:
        st.warning(ui.tr("awards.rev.champion_early", at=early))
    if sealed:
        nxt = sealed[0]
        if st.button(
            ui.md("awards.rev.next", name=nxt.name), type="primary", key="awards_reveal_next"
        ):
            common.write(
                "awards.reveal",
                store.reveal,
                ui.engine(),
                code,
                nxt.id,
                common.actor(),
                ui.now(),
                done=lambda _: ui.md("awards.rev.done", name=nxt.name),
            )
    else:
        st.success(ui.tr("awards.rev.all_done"))
    by_id = {c.id: c for c in b.categories}
    pick = st.selectbox(
        ui.tr("awards.rev.pick"),
        list(by_id),
        key="awards_rev_pick",
        format_func=lambda i: by_id[i].name,
        placeholder=ui.tr("widget.choose"),
    )
    if by_id[pick].rule == "champion_team" and not by_id[pick].revealed and early:
        st.warning(ui.tr("awards.rev.champion_early", at=early))
    left, right = st.columns(2)
    if left.button(ui.tr("awards.rev.reveal"), key="awards_reveal_pick"):
        common.write(
            "awards.reveal",
            store.reveal,
            ui.engine(),
            code,
            pick,
            common.actor(),
            ui.now(),
            done=lambda _: ui.md("awards.rev.done", name=by_id[pick].name),
        )
    if right.button(ui.tr("awards.rev.seal"), key="awards_seal_pick"):
        common.write(
            "awards.reveal",
            store.seal,
            ui.engine(),
            code,
            pick,
            common.actor(),
            done=lambda _: ui.md("awards.rev.sealed_done", name=by_id[pick].name),
        )
    st.caption(ui.tr("awards.rev.hint"))
    st.markdown(f"**{ui.tr('awards.rev.preview')}**")


@st.cache_data(max_entries=32, show_spinner=False)
def _certificates(certs: list, lang: str) -> bytes:
    """Drawn before its button (and cached): a deferred file may be gone on click."""
    return certificates_pdf(certs, lang)


def certificates(b: AwardsBoard) -> None:
    """One PDF with every revealed award's certificate, and one per award."""
    ready = [c for c in b.categories if c.revealed and c.result.winner]
    if not ready:
        st.info(ui.tr("awards.cert.none"))
        return
    lang = ui.lang()
    st.caption(ui.tr("awards.cert.help"))
    st.download_button(
        ui.tr("awards.cert.all", n=len(ready)),
        _certificates(reads.certificates(b), lang),
        file_name=f"{b.camp_code}-certificates.pdf",
        mime="application/pdf",
        key="awards_cert_all",
        on_click="ignore",
        type="primary",
    )
    for c in ready:
        st.download_button(
            ui.tr(
                "awards.cert.one", name=f"{c.name} · {common.who(c.result.winner, c.winner_team)}"
            ),
            _certificates(reads.certificates(b, [c.id]), lang),
            file_name=f"{b.camp_code}-award-{c.id}.pdf",
            mime="application/pdf",
            key=f"awards_cert_{c.id}",
            on_click="ignore",
        )
