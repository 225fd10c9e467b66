"""Early warning (贷后预警) on /postloan: record a signal on a loan, the loans by watch
level (1 watch, 2 or more alert), and the editable list of signals (admin)."""

from __future__ import annotations

from datetime import date

import streamlit as st

from db.postloan import (
    add_signal,
    close_signal,
    list_tasks,
    set_signal_kinds,
    signal_kinds,
    watch_list,
)
from pages import _entry_common as common
from pages import _ui as ui


def _attempt(action: str, fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
    return ui.attempt(action, fn, *args, _rejected="post.rejected", **kwargs)


def _signal_form(code: str, owner: str) -> None:
    loans = sorted({(t.loan_no, t.borrower) for t in list_tasks(ui.engine(), code, owner=owner)})
    if not loans:
        return
    names = dict(loans)
    with st.form(f"post_sig_{code}", clear_on_submit=True):
        st.markdown(f"**{ui.tr('post.sig.add')}**")
        c1, c2 = st.columns(2)
        loan_no = c1.selectbox(
            ui.tr("post.sig.loan"),
            list(names),
            format_func=lambda n: f"{n} · {names[n]}",
            placeholder=ui.tr("widget.choose"),
        )
        kind = c2.selectbox(
            ui.tr("post.sig.kind"),
            signal_kinds(ui.engine(), code),
            placeholder=ui.tr("widget.choose"),
        )
        note = st.text_input(ui.tr("post.sig.note"), max_chars=500)
        submitted = st.form_submit_button(ui.tr("post.sig.save"), type="primary")
    if submitted:
        user = ui.user()
        ok, _ = _attempt("postloan.followup", add_signal, ui.engine(), code, loan_no, kind,
                         note.strip(), at=ui.now(), actor=user.username, actor_name=user.name,
                         actor_role=user.role)  # fmt: skip
        if ok:
            common.done(ui.tr("post.sig.saved", loan=loan_no))


def _watch_table(code: str, owner: str | None) -> None:
    rows = watch_list(ui.engine(), code, owner)
    st.subheader(ui.tr("post.watch.title", n=len(rows)))
    if not rows:
        st.caption(ui.tr("post.watch.none"))
        return
    user = ui.user()
    for r in rows:
        level = ui.tr("post.watch.alert" if r.level >= 2 else "post.watch.watch")
        icon = ":red[:material/error:]" if r.level >= 2 else ":orange[:material/warning:]"
        with st.container(border=True):
            who = r.owner or ui.tr("post.no_owner")
            st.markdown(f"{icon} **{level}** · {ui.md_esc(r.loan_no)} · {ui.md_esc(r.borrower)} · "
                        f"{ui.tr('post.col.owner')}: {ui.md_esc(who)}")  # fmt: skip
            for signal_id, kind, note in r.signals:
                c1, c2 = st.columns([5, 1])
                c1.markdown(ui.md_esc(kind + (f" — {note}" if note else "")))
                if c2.button(ui.tr("post.sig.close"), key=f"post_sig_close_{signal_id}"):
                    ok, _ = _attempt("postloan.followup", close_signal, ui.engine(), code,
                                     signal_id, user.username, user.name, user.role)  # fmt: skip
                    if ok:
                        common.done(ui.tr("post.sig.closed"))


def _kinds_editor(code: str) -> None:
    with st.expander(ui.tr("post.sig.kinds")):
        text = st.text_area(ui.tr("post.sig.kinds_help"),
                            "\n".join(signal_kinds(ui.engine(), code)), height=220,
                            key=f"post_kinds_{code}")  # fmt: skip
        if st.button(ui.tr("post.sig.kinds_save"), key=f"post_kinds_save_{code}"):
            kinds = [line.strip() for line in text.splitlines() if line.strip()]
            ok, _ = _attempt("camp.edit", set_signal_kinds, ui.engine(), code, kinds,
                             common.actor())  # fmt: skip
            if ok:
                common.done(ui.tr("post.sig.kinds_saved"), f"post_kinds_{code}")


def render(code: str, owner: str, today: date) -> None:  # noqa: ARG001
    _signal_form(code, owner)
    everyone = st.toggle(ui.tr("post.watch.everyone"), key=f"post_watch_all_{code}")
    _watch_table(code, None if everyone else owner)
    if ui.allowed("camp.edit"):
        _kinds_editor(code)
