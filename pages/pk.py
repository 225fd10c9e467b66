"""/pk — live team PK rankings for the projector and the laptops (SPEC §3, §4.7, §4.8).

The page draws one cached board (pages/_pk_data.py) inside a fragment that refreshes
itself every 30 s (`?refresh=N` to change it) without rerunning the page. A projector's
bookmark: /pk?present=1&camp=CODE.
"""

import streamlit as st

from pages import _pk_data as data
from pages import _pk_view as view
from pages import _projector as proj
from pages import _ui as ui
from pages import _verified as verified

proj.setup("pk")

REFRESH_DEFAULT, REFRESH_MIN, REFRESH_MAX = 30, 5, 600


def refresh_seconds() -> int:
    try:
        asked = int(st.query_params.get("refresh", REFRESH_DEFAULT))
    except ValueError:
        asked = REFRESH_DEFAULT
    return max(REFRESH_MIN, min(asked, REFRESH_MAX))


wanted = st.query_params.get("camp")
if wanted and "camp" not in st.session_state:
    st.session_state["camp"] = wanted  # the bookmark's camp, until the sidebar says otherwise
code = ui.camp_code()
if code is None:
    st.title(ui.tr("page.pk"))
    st.info(ui.tr("pk.no_camp"))
    st.stop()
refresh = refresh_seconds()
show_verified = verified.shown(code, "pk")  # once repayment records exist (SPEC §5.6)


@st.fragment(run_every=refresh)
def live() -> None:
    now = ui.now()
    board = data.board(code, now)
    if board is None:  # the camp was removed since the page ran
        st.title(ui.tr("page.pk"))
        st.info(ui.tr("pk.no_camp"))
        return
    view.render(board, now, refresh, verified.cash(code) if show_verified else None)


live()
