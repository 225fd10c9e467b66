"""/board — the 08:00 morning mobilisation board, projected (SPEC §3 Morning board).

Thin: db.queries.board reads the board at one moment (masked, for every role: §4.10);
pages/_board_views draws each channel as one block of HTML; proj.rotate turns
through the channels like a TV, because twelve teams' plans do not fit one screen.
The board is cached per store, camp, data version and minute: fifty viewers cost
one read, and a new result shows on the next turn of the channel.

Projector bookmark: /board?present=1 (no chrome); &camp=CODE picks the camp,
&view=N holds channel N, &every=S turns every S seconds (5–120, default 15).
"""

from datetime import datetime

import streamlit as st

from core.board import MorningBoard
from core.errors import UsageError
from db.queries import camp_version
from db.queries.board import morning_board
from pages import _board_style as style
from pages import _board_views as bv
from pages import _projector as proj
from pages import _ticker as ticker
from pages import _ui as ui

proj.setup("board")
st.markdown(proj.css(style.CSS, ticker.CSS), unsafe_allow_html=True)
if proj.presentation():
    st.markdown(style.PRESENT_CSS, unsafe_allow_html=True)

wanted = st.query_params.get("camp")
if wanted and "camp" not in st.session_state:
    st.session_state["camp"] = wanted
code = ui.camp_code()
if code is None:
    st.info(ui.tr("app.no_camps"))
    st.stop()


@st.cache_data(ttl=3600, max_entries=64, show_spinner=False)
def _board(store: str, code: str, version: tuple | None, minute: datetime) -> MorningBoard:
    return morning_board(ui.engine(), code, minute)


def current() -> MorningBoard:
    engine = ui.engine()
    minute = ui.now().replace(second=0, microsecond=0)
    return _board(repr(engine.url), code, camp_version(engine, code), minute)


def _param(name: str, low: int, high: int) -> int | None:
    raw = st.query_params.get(name, "")
    return min(max(int(raw), low), high) if raw.isdigit() else None


try:
    board = current()
except UsageError:
    st.warning(ui.md("board.gone", code=code))
    st.stop()
layout = bv.channels(board)
seconds = _param("every", 5, 120) or 15
held = _param("view", 1, len(layout))
if not proj.presentation():
    options = list(range(len(layout) + 1))
    held = st.sidebar.selectbox(
        ui.tr("board.channel"), options, index=held or 0, key="board_channel",
        format_func=lambda i: ui.tr("board.channel_auto") if i == 0 else
        f"{i}. {bv.title(board, layout[i - 1])}",
        help=ui.tr("board.channel_help", seconds=seconds), placeholder=ui.tr("widget.choose"),
    ) or None  # fmt: skip


def channel(index: int):  # noqa: ANN201
    def show() -> None:
        try:
            fresh = current()  # each turn reads the board again: a new result shows at once
        except UsageError:
            st.rerun()  # the camp is gone: the full run says so
        views = bv.channels(fresh)
        if len(views) != len(layout):
            st.rerun()  # the plans grew or shrank: rebuild the channel list
        st.markdown(bv.render(fresh, views, index), unsafe_allow_html=True)

    return show


if held:
    channel(held - 1)()
else:
    proj.rotate("board", [channel(i) for i in range(len(layout))], seconds)
