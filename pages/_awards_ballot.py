"""Nominations and votes of /awards. Trainers and the admin nominate (action nominate) a
suggested or any other team or member, with a reason; the admin, trainers and managers
vote (action vote), one vote per award each, changeable until the award is revealed.
Vote counts stay hidden here until the ceremony reveals them."""

from __future__ import annotations

import streamlit as st

from core.awards import nominee_choices
from db import awards as store
from db.queries import awards as reads
from db.queries.awards import AwardsBoard, CategoryView
from pages import _awards_common as common
from pages import _projector as proj
from pages import _ui as ui


def _nominations(b: AwardsBoard, c: CategoryView) -> None:
    if not c.nominations:
        st.caption(ui.tr("awards.nom.none"))
        return
    heads = [ui.tr(f"awards.col.{k}") for k in ("nominee", "reason", "by", "at")]
    rows = [
        [
            common.who(n.nominee, b.members.get(n.nominee) if c.subject == "member" else None),
            n.reason,
            n.nominated_by,
            common.local(b, n.nominated_at),
        ]
        for n in c.nominations
    ]
    st.markdown(proj.table(heads, rows), unsafe_allow_html=True)


def _form(code: str, b: AwardsBoard) -> None:
    open_ = [c for c in b.categories if not c.revealed]
    if not open_:
        st.info(ui.tr("awards.nom.closed"))
        return
    by_id = {c.id: c for c in open_}
    cid = st.selectbox(
        ui.tr("awards.nom.category"),
        list(by_id),
        key="awards_nom_cat",
        format_func=lambda i: by_id[i].name,
        placeholder=ui.tr("widget.choose"),
    )
    c = by_id[cid]
    ranks = {s.nominee: s.rank for s in c.suggestions}
    choices = nominee_choices(c.suggestions, b.names(c.subject))

    def label(name: str) -> str:
        shown = common.who(name, b.members.get(name) if c.subject == "member" else None)
        return (
            ui.tr("awards.nom.suggested", name=shown, rank=ranks[name]) if name in ranks else shown
        )

    with st.form(f"awards_nom_form_{cid}", clear_on_submit=True):
        nominee = st.selectbox(
            ui.tr("awards.nom.nominee"),
            choices,
            format_func=label,
            key=f"awards_nom_who_{cid}",
            placeholder=ui.tr("widget.choose"),
        )
        reason = st.text_area(ui.tr("awards.nom.reason"), key=f"awards_nom_reason_{cid}", height=80)
        sent = st.form_submit_button(ui.tr("awards.nom.submit"))
    if sent:
        common.write(
            "nominate",
            store.nominate,
            ui.engine(),
            code,
            cid,
            nominee,
            reason,
            common.actor(),
            done=lambda _: ui.md("awards.nom.done", name=nominee, category=c.name),
        )


def nominate(code: str, b: AwardsBoard) -> None:
    if ui.allowed("nominate"):
        _form(code, b)
    else:
        st.info(ui.tr("awards.nom.read_only"))
    st.subheader(ui.tr("awards.nom.list"))
    for c in b.categories:
        st.markdown(f"**{ui.md_esc(c.name)}**")
        _nominations(b, c)


def _ballot(code: str, b: AwardsBoard, c: CategoryView, mine: str | None) -> None:
    st.markdown(f"**{ui.md_esc(c.name)}** · {ui.tr('awards.vote.cast', n=c.result.total)}")
    if c.revealed:
        winner = common.who(c.result.winner, c.winner_team) or ui.tr("awards.cer.no_winner")
        st.caption(ui.md("awards.vote.closed", name=winner))
        return
    names = [n.nominee for n in c.nominations]
    if not names:
        st.caption(ui.tr("awards.vote.no_nominees"))
        return
    st.caption(ui.md("awards.vote.current", name=mine) if mine else ui.tr("awards.vote.not_yet"))
    team = b.members.get if c.subject == "member" else (lambda _: None)
    with st.form(f"awards_vote_form_{c.id}"):
        choice = st.radio(
            ui.tr("awards.vote.choose"),
            names,
            horizontal=True,
            index=names.index(mine) if mine in names else None,
            format_func=lambda n: ui.md_esc(common.who(n, team(n))),  # radio options are Markdown
            key=f"awards_vote_{c.id}",
        )
        sent = st.form_submit_button(ui.tr("awards.vote.submit"), key=f"awards_vote_go_{c.id}")
    if sent:
        if choice is None:
            st.error(ui.tr("awards.vote.pick_one"))
            return

        def done(before: object) -> str:
            if before and before != choice:
                return ui.md("awards.vote.changed", category=c.name, name=choice, before=before)
            return ui.md("awards.vote.done", category=c.name, name=choice)

        common.write("vote", store.vote, ui.engine(), code, c.id, common.actor(), choice, done=done)


def vote(code: str, b: AwardsBoard) -> None:
    if not ui.allowed("vote"):
        st.info(ui.tr("awards.vote.read_only"))
        return
    st.caption(ui.tr("awards.vote.intro"))
    mine = reads.my_votes(ui.engine(), code, common.actor())
    for c in b.categories:
        with st.container(border=True):
            _ballot(code, b, c, mine.get(c.id))
