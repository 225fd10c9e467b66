"""Drawing of the /pk board for the back of the room: HTML tables (escaped), a plotly race,
the red flag, today's pairings, the top members and the leader-change celebration.

Nothing here reads the store: it draws one cached `PkBoard`. The board shows team and
staff names and numbers only — no borrower's data — so nothing needs masking.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import plotly.graph_objects as go
import streamlit as st

from core import pk
from core.money import format_points, format_wan, hundredths_to_points
from core.teamstyle import PALETTE
from db.engine import StoreError, store_errors
from db.queries.pk import PkBoard
from db.screens import cutoffs
from pages import _pk_style as style
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


def _html_table(headers: Sequence[str], rows: Sequence[Sequence[tuple[str, str]]],
                cls: str = "", lead: int | None = None, css: str = "") -> str:  # fmt: skip
    """Rows of (css class, inner HTML) cells; the callers escape every text they put in."""
    head = "".join(f"<th>{proj.esc(h)}</th>" for h in headers)
    head = f"<tr>{head}</tr>" if head else ""
    labels = [f' data-label="{proj.esc(h)}"' for h in headers]
    body = "".join(
        ('<tr class="lead">' if i == lead else "<tr>")
        + "".join(
            f'<td class="{cls}"{labels[j] if j < len(labels) else ""}>{inner}</td>'
            for j, (cls, inner) in enumerate(row)
        )
        + "</tr>"
        for i, row in enumerate(rows)
    )
    kind = f"proj pk {cls}".strip()
    sized = f' style="{css}"' if css else ""
    return f'<table class="{kind}"{sized}>{head}{body}</table>'


def _gap(board: PkBoard, i: int, behind: tuple[int, int]) -> str:
    """距第一 and 距上名 on two small lines (HTML, escaped); the leader: its lead."""
    if i == 0:
        ahead = board.teams[0].points - board.teams[1].points if len(board.teams) > 1 else 0
        return proj.esc(ui.tr("pk.gap_lead", n=format_points(ahead)))
    first, above = behind
    return (f"{proj.esc(ui.tr('pk.gap_first', n=format_points(first)))}<br>"
            f"{proj.esc(ui.tr('pk.gap_above', n=format_points(above)))}")  # fmt: skip


def _team_rows(
    board: PkBoard, indices: range, verified: dict[str, int] | None = None
) -> list[list[tuple[str, str]]]:
    """With `verified` (team → verified cash, SPEC §5.6) a column follows the cash."""
    rows = []
    behind = pk.gaps([t.points for t in board.teams])
    for i, t in ((i, board.teams[i]) for i in indices):
        move = pk.rank_move(t.change)
        move_cls = "up" if (t.change or 0) > 0 else "down" if (t.change or 0) < 0 else ""
        share = t.cash_fen / t.target_fen if t.target_fen else 0.0
        colour = board.styles[t.name].colour if t.name in board.styles else None
        pct = f"{share * 100:.1f}%" if t.target_fen else "–"
        rows.append([
            ("num", str(t.rank)),
            (move_cls, proj.esc(move)),
            ("team", proj.team(t.name, board.styles.get(t.name))),
            ("num", format_points(t.points)),
            ("num", format_wan(t.cash_fen)),
            ("num gap", _gap(board, i, behind[i])),
            ("attain", f'<div class="att">{proj.bar(share, colour)}<span class="pct">{pct}</span>'
                       "</div>"),
        ])  # fmt: skip
        if verified is not None:
            rows[-1].insert(5, ("num", format_wan(verified.get(t.name, 0))))
    return rows


def ranking(board: PkBoard, verified: dict[str, int] | None = None) -> None:
    """The camp ranking; more than twelve teams rotate twelve at a time like a TV channel."""
    headers = [
        ui.tr(f"pk.col.{c}") for c in ("rank", "move", "team", "points", "cash", "gap", "attain")
    ]
    if verified is not None:
        headers.insert(5, ui.tr("verified.col"))
    chunks = pk.screens(len(board.teams))

    def view(indices: range) -> None:
        lead = 0 if indices.start == 0 and board.leader else None
        row, size = pk.ranking_sizes(len(indices))
        table = _html_table(headers, _team_rows(board, indices, verified), "", lead,
                            f"--pk-row:{row}px;--pk-fs:{size}px")  # fmt: skip
        st.markdown(table, unsafe_allow_html=True)
        notes = []
        if len(chunks) > 1:
            notes.append(ui.tr("pk.screen", first=indices.start + 1, last=indices.stop,
                               n=len(board.teams)))  # fmt: skip
        if board.baseline is not None:
            notes.append(ui.tr("pk.move_since", day=board.baseline))
        if notes:
            st.markdown(f'<div class="pk-note">{proj.esc(" · ".join(notes))}</div>',
                        unsafe_allow_html=True)  # fmt: skip

    proj.rotate(f"pk_{board.code}", [lambda r=r: view(r) for r in chunks], seconds=15)


def red_flag(board: PkBoard) -> None:
    text = (
        ui.tr("pk.flag", team=board.red_flag, day=board.red_flag_day)
        if board.red_flag
        else ui.tr("pk.no_flag")
    )
    flag = proj.icon("flag", "#d32f2f")
    mark = proj.emblem(board.styles.get(board.red_flag)) if board.red_flag else ""
    st.markdown(f'<div class="pk-flag">{flag}{mark} {e(text)}</div>', unsafe_allow_html=True)


def race(board: PkBoard, height: int = 470) -> None:
    """Points over the camp days, a line per team in its colour (the leader's thick)."""
    st.markdown(f'<div class="pk-section">{proj.esc(ui.tr("pk.race"))}</div>',
                unsafe_allow_html=True)  # fmt: skip
    if not board.race_days:
        st.markdown(f'<div class="pk-note">{proj.esc(ui.tr("pk.race_empty"))}</div>',
                    unsafe_allow_html=True)  # fmt: skip
        return
    x = [ui.tr("pk.race_start")] + [ui.tr("pk.race_day", day=d) for d in board.race_days]
    fig = go.Figure()
    for i, (team, series) in enumerate(board.race):
        colour = board.styles[team].colour if team in board.styles else PALETTE[i % len(PALETTE)]
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[0.0] + [float(hundredths_to_points(v)) for v in series],
                name=ui.md_esc(team),  # Plotly reads <a href> and <br> in labels
                mode="lines+markers",
                line={"width": 7 if i == 0 else 4, "color": colour},
                marker={"size": 12 if i == 0 else 8},
            )
        )
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 6, "b": 6},
        font={"size": 22, "color": INK},
        legend={"font": {"size": 22, "color": INK}, "tracegroupgap": 0, "itemwidth": 30},
        paper_bgcolor="#ffffff",
        plot_bgcolor="#ffffff",
        yaxis={"title": {"text": ui.tr("pk.race_axis"), "font": {"size": 20, "color": INK}},
               "gridcolor": "#d0d0d0", "tickfont": {"size": 20, "color": INK},
               "rangemode": "tozero", "zerolinecolor": "#888888"},
        xaxis={"tickfont": {"size": 20, "color": INK}, "showgrid": False},
    )  # fmt: skip
    st.plotly_chart(fig, width="stretch", config={"displayModeBar": False, "staticPlot": True})


def pairings(board: PkBoard) -> None:
    """Today's pairings on the day's period points; the team ahead (or the winner, once
    the period has ended) is marked in red."""
    if board.pk_day is None:
        return
    title = "pk.pairings_final" if board.pk_final else "pk.pairings"
    hint = ui.tr("pk.won_hint" if board.pk_final else "pk.lead_hint")
    st.markdown(
        f'<div class="pk-section">{proj.esc(ui.tr(title, day=board.pk_day))} '
        f"<span>{proj.esc(hint)}</span></div>",
        unsafe_allow_html=True,
    )
    if not board.pairings:
        st.markdown(f'<div class="pk-note">{proj.esc(ui.tr("pk.no_pairings"))}</div>',
                    unsafe_allow_html=True)  # fmt: skip
        return

    def name(team: str) -> str:
        return proj.team(team, board.styles.get(team))

    rows = [
        [("won" if p.leader == p.team_a else "team", name(p.team_a)),
         ("num", format_points(p.points_a)),
         ("vs", ":" if p.leader else e(ui.tr("pk.level"))),
         ("num", format_points(p.points_b)),
         ("won" if p.leader == p.team_b else "team", name(p.team_b))]
        for p in board.pairings
    ]  # fmt: skip
    st.markdown(_html_table([], rows, "small"), unsafe_allow_html=True)


def members(board: PkBoard) -> None:
    st.markdown(f'<div class="pk-section">{proj.esc(ui.tr("pk.members"))}</div>',
                unsafe_allow_html=True)  # fmt: skip
    if not board.members:
        st.markdown(f'<div class="pk-note">{proj.esc(ui.tr("pk.no_members"))}</div>',
                    unsafe_allow_html=True)  # fmt: skip
        return
    headers = [ui.tr(f"pk.col.{c}") for c in ("rank", "member", "team", "points")]
    rows = [
        [("num", str(m.rank)), ("team", e(m.name)),
         ("", proj.team(m.team, board.styles.get(m.team))), ("num", format_points(m.points))]
        for m in board.members
    ]  # fmt: skip
    st.markdown(_html_table(headers, rows, "small"), unsafe_allow_html=True)


def render(
    board: PkBoard, now: datetime, refresh: int, verified: dict[str, int] | None = None
) -> None:
    """The whole live block, redrawn by the page's fragment on every refresh."""
    wide = proj.presentation()
    st.markdown(style.CSS + ticker.CSS + (style.PRESENT_CSS if wide else ""),
                unsafe_allow_html=True)  # fmt: skip
    header(board, now, refresh)
    celebrate(board, now)
    if not board.teams:
        st.info(ui.tr("pk.no_teams"))
        return
    # side by side on the projector; under each other on a laptop or phone, where a
    # column of half the main area would push the chart over the ranking's numbers
    left, right = st.columns([1.25, 1], gap="medium") if wide else (st.container(), st.container())
    with left:
        ranking(board, verified)
        red_flag(board)
    with right:
        race(board, pk.race_height() if wide else 470)
        if board.pk_day is None:  # before the field days: no pairings to show yet
            members(board)
            return
        a, b = st.columns([1.15, 1], gap="small") if wide else (st.container(), st.container())
        with a:
            pairings(board)
        with b:
            members(board)
