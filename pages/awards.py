"""/awards — award categories, data-backed suggestions, nominations, votes, the ceremony and
the certificates (SPEC §3).

The big screen (the screen role, or `?present=1` in the projector's bookmark, with
`?camp=CODE`) sees the ceremony only, refreshing itself so each reveal shows within
seconds. On a laptop the admin, trainers and managers get tabs: the awards with their top
three on the data, nominations (admin, trainers), votes (admin, trainers, managers), the
ceremony with the admin's reveal controls, and the certificates. The six default awards
are created the first time anyone opens the page for a camp without any.
"""

import streamlit as st

from pages import _awards_ballot as ballot
from pages import _awards_categories as categories
from pages import _awards_ceremony as ceremony
from pages import _awards_common as common
from pages import _awards_reveal as reveal
from pages import _projector as proj
from pages import _ui as ui

proj.setup("awards")
code = proj.pick_camp()
if code is None:
    st.title(ui.tr("page.awards"))
    st.info(ui.tr("awards.no_camp"))
    st.stop()
common.ensure(code)

if proj.presentation() or ui.role() == "screen":
    ceremony.live(code)
    st.stop()

board = common.board(code)
if board is None:
    st.info(ui.tr("awards.no_camp"))
    st.stop()
st.title(ui.tr("page.awards"))
common.flash()
names = ("categories", "nominate", "vote", "ceremony", "certificates")
tabs = dict(
    zip(names, st.tabs([ui.tr(f"awards.tab.{n}") for n in names], key="awards_tab"), strict=True)
)
with tabs["categories"]:
    categories.render(code, board)
with tabs["nominate"]:
    ballot.nominate(code, board)
with tabs["vote"]:
    ballot.vote(code, board)
with tabs["ceremony"]:
    if ui.allowed("awards.reveal"):
        reveal.controls(code, board)
    ceremony.show(board)
with tabs["certificates"]:
    reveal.certificates(board)
