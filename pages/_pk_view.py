"""Drawing of the /pk board for the back of the room: HTML tables (escaped), a plotly race,
the red flag, today's pairings, the top members and the leader-change celebration.

Nothing here reads the store: it draws one cached `PkBoard`. The board shows team and
staff names and numbers only — no borrower's data — so nothing needs masking.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import streamlit as st

from core import pk
from db.engine import StoreError, store_errors
from db.queries.pk import PkBoard
from db.screens import cutoffs
from pages import _pk_style as style
from pages import _pk_tables as tables
from pages import _projector as proj
from pages import _ticker as ticker
from pages import _ui as ui

INK = "#111111"
CHEER_FOR = timedelta(minutes=5)  # how long the new leader's banner stays up
e = proj.esc


def _countdown(board: PkBoard, now: datetime) -> str | None:
    """Time left in the period (to 17:30, or the camp's final cut-off on its last day)."""
    try:
        with store_errors():
            cuts = cutoffs(ui.engine(), board.code, now)
    except StoreError:  # the store is down: the kept ranking shows, without a countdown
        return None
    line = pk.countdown_line(now, cuts, ZoneInfo(board.timezone))
    if line is None:
        return None
    key, p = line
    return ui.tr(key, what=ui.tr(p["what"]), at=p["at"], left=ui.tr(p["left"][0], **p["left"][1]))


def header(board: PkBoard, now: datetime, refresh: int) -> None:
    """One line: the page title, the camp and its day, and when the data last changed; the
    news ticker under it."""
    key, params = pk.day_line(board.phase, board.days, board.field_days)
    changed = pk.changed_at(board.changed_at, now, ZoneInfo(board.timezone))
    when = ui.tr("pk.changed", time=changed or ui.tr("pk.never"))
    clock = _countdown(board, now)
    if clock:
        when = f'{proj.esc(when)}<br><b class="pk-count">{proj.esc(clock)}</b>'
    else:
        when = proj.esc(when)
    st.markdown(
        f'<div class="pk-head"><h1 class="pk-title">{proj.esc(ui.tr("page.pk"))}</h1>'
        f'<div class="pk-info"><b>{e(board.name)}</b><br>{e(ui.tr(key, **params))}'
        f'</div><div class="pk-when">{when}<br>'
        f"<span>{proj.esc(ui.tr('pk.refresh', seconds=refresh))}</span></div></div>"
        + ticker.html(board.news, ZoneInfo(board.timezone), f"pk_{board.code}"),
        unsafe_allow_html=True,
    )


def celebrate(board: PkBoard, now: datetime) -> None:
    """Balloons and a banner when the leader changes under this screen's eyes; the banner
    stays up a few minutes so the room sees it between refreshes."""
    seen_key, cheer_key = f"pk_leader_{board.code}", f"pk_cheer_{board.code}"
    seen = seen_key in st.session_state
    leader = board.leader
    if pk.leader_changed(seen, st.session_state.get(seen_key), leader):
        st.session_state[cheer_key] = (leader, now)
        st.balloons()
    st.session_state[seen_key] = leader
    cheer = st.session_state.get(cheer_key)
    if cheer and cheer[0] == leader and now - cheer[1] < CHEER_FOR:
        st.markdown(
            f'<div class="proj-banner">{proj.icon("trophy")}'
            f"{proj.esc(ui.tr('pk.new_leader', team=leader))}</div>",
            unsafe_allow_html=True,
        )


def red_flag(board: PkBoard) -> None:
    text = (
        ui.tr("pk.flag", team=board.red_flag, day=board.red_flag_day)
        if board.red_flag
        else ui.tr("pk.no_flag")
    )
    flag = proj.icon("flag", "#d32f2f")
    mark = proj.emblem(board.styles.get(board.red_flag)) if board.red_flag else ""
    st.markdown(f'<div class="pk-flag">{flag}{mark} {e(text)}</div>', unsafe_allow_html=True)


def render(
    board: PkBoard, now: datetime, refresh: int, verified: dict[str, int] | None = None
) -> None:
    """The whole live block, redrawn by the page's fragment on every refresh."""
    wide = proj.presentation()
    css = proj.css(style.CSS, ticker.CSS, style.PRESENT_CSS if wide else "")
    st.markdown(css, unsafe_allow_html=True)
    header(board, now, refresh)
    celebrate(board, now)
    if not board.teams:
        st.info(ui.tr("pk.no_teams"))
        return
    # side by side on the projector; under each other on a laptop or phone, where a
    # column of half the main area would push the chart over the ranking's numbers
    left, right = st.columns([1.25, 1], gap="medium") if wide else (st.container(), st.container())
    with left:
        tables.ranking(board, verified)
        red_flag(board)
    with right:
        tables.race(board, pk.race_height(len(board.pairings)) if wide else 470)
        if board.pk_day is None:  # before the field days: no pairings to show yet
            tables.members(board)
            return
        a, b = st.columns([1.15, 1], gap="small") if wide else (st.container(), st.container())
        with a:
            tables.pairings(board)
        with b:
            tables.members(board)
