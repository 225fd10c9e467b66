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
from db.engine import StoreError, store_errors
from db.queries.pk import PkBoard
from db.screens import cutoffs
from pages import _projector as proj
from pages import _ui as ui

INK = "#111111"
CHEER_FOR = timedelta(minutes=5)  # how long the new leader's banner stays up
# Twelve colours that stay apart on a washed-out projector (leader first).
COLOURS = ("#c8102e", "#0b5cad", "#1a7f37", "#d46b08", "#6f2dbd", "#00838f",
           "#8b4513", "#ad1457", "#3f6212", "#1f2937", "#b8860b", "#4b5563")  # fmt: skip

CSS = """
<style>
[data-testid="stElementContainer"]:has(> [data-testid="stMarkdown"] style) { display: none; }
.pk-head { display: flex; align-items: center; justify-content: space-between; gap: 28px;
           margin: 0; }
.pk-head h1.pk-title { font-size: 46px !important; font-weight: 800; color: #8b0000;
                       margin: 0; padding: 0; line-height: 1.15; white-space: nowrap; }
.pk-head .pk-info { flex: 1; font-size: 24px; color: #111111; line-height: 1.3; }
.pk-head .pk-info b { font-size: 26px; }
.pk-head .pk-when { font-size: 26px; font-weight: 700; color: #111111; text-align: right;
                    white-space: nowrap; line-height: 1.3; }
.pk-head .pk-when span { font-size: 20px; font-weight: 400; color: #333333; }
table.proj.pk td, table.proj.pk th { padding: 5px 10px; font-size: 28px; line-height: 1.3;
                                     white-space: nowrap; }
table.proj.pk.small td, table.proj.pk.small th { font-size: 24px; padding: 4px 8px; }
table.proj.pk td.up { color: #c8102e; font-weight: 700; }
table.proj.pk td.down { color: #1a7f37; font-weight: 700; }
table.proj.pk td.team { font-weight: 700; }
table.proj.pk td.attain { width: 26%; }
table.proj.pk td.gap { font-size: 18px; line-height: 1.05; color: #333333; padding: 1px 6px; }
.pk-head .pk-when b.pk-count { font-size: 28px; color: #b00020; }
table.proj.pk td.attain .proj-bar { display: inline-block; width: 62%; vertical-align: middle;
                                     height: 20px; }
table.proj.pk td.attain span.pct { display: inline-block; width: 36%; text-align: right;
                                   font-variant-numeric: tabular-nums; }
table.proj.pk td.won { color: #ffffff; background: #c8102e; font-weight: 800; }
table.proj.pk td.vs { text-align: center; color: #333333; }
.pk-section { font-size: 28px; font-weight: 800; color: #8b0000; margin: 0 0 4px 0; }
.pk-section span { font-size: 20px; font-weight: 400; color: #333333; }
.pk-flag { font-size: 28px; font-weight: 800; color: #8b0000; background: #fff3c4;
           border-left: 10px solid #c8102e; padding: 8px 14px; margin: 0; }
.pk-note { font-size: 20px; color: #333333; margin: 4px 0 0 0; }
</style>
"""


def _local(board: PkBoard, at: datetime) -> datetime:
    return at.astimezone(ZoneInfo(board.timezone))


def _changed(board: PkBoard, now: datetime) -> str:
    if board.changed_at is None:
        return ui.tr("pk.never")
    at = _local(board, board.changed_at)
    same_day = at.date() == _local(board, now).date()
    return at.strftime("%H:%M:%S" if same_day else "%m-%d %H:%M")


def _day_line(board: PkBoard) -> str:
    p = board.phase
    if p.current is None and p.closed is not None:
        return ui.tr("pk.over")
    if p.camp_day is None:
        return ui.tr("pk.before")
    if p.current is not None and p.camp_day in board.field_days:
        k = board.field_days.index(p.camp_day) + 1
        return ui.tr("pk.day", day=p.camp_day, days=board.days, k=k, n=len(board.field_days))
    return ui.tr("pk.day_plain", day=p.camp_day, days=board.days)


def _countdown(board: PkBoard, now: datetime) -> str | None:
    """Time left in the period (to 17:30, or the camp's final cut-off on its last day)."""
    try:
        with store_errors():
            cuts = cutoffs(ui.engine(), board.code, now)
    except StoreError:  # the store is down: the kept ranking shows, without a countdown
        return None
    if cuts is None or cuts[0] is None:
        return None
    left = pk.countdown(now, cuts[0])
    if left is None:
        return None
    h, m = left
    text = ui.tr("pk.countdown.hm", h=h, m=m) if h else ui.tr("pk.countdown.m", m=m)
    what = ui.tr("pk.countdown.final" if cuts[0] == cuts[1] else "pk.countdown.cutoff")
    at = _local(board, cuts[0]).strftime("%H:%M")
    return ui.tr("pk.countdown", what=what, at=at, left=text)


def header(board: PkBoard, now: datetime, refresh: int) -> None:
    """One line: the page title, the camp and its day, and when the data last changed."""
    when = ui.tr("pk.changed", time=_changed(board, now))
    clock = _countdown(board, now)
    if clock:
        when = f'{proj.esc(when)}<br><b class="pk-count">{proj.esc(clock)}</b>'
    else:
        when = proj.esc(when)
    st.markdown(
        f'<div class="pk-head"><h1 class="pk-title">{proj.esc(ui.tr("page.pk"))}</h1>'
        f'<div class="pk-info"><b>{proj.esc(board.name)}</b><br>{proj.esc(_day_line(board))}'
        f'</div><div class="pk-when">{when}<br>'
        f"<span>{proj.esc(ui.tr('pk.refresh', seconds=refresh))}</span></div></div>",
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
                small: bool = False, lead: int | None = None) -> str:  # fmt: skip
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
    return f'<table class="proj pk{" small" if small else ""}">{head}{body}</table>'


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
        pct = f"{share * 100:.1f}%" if t.target_fen else "–"
        rows.append([
            ("num", str(t.rank)),
            (move_cls, proj.esc(move)),
            ("team", proj.esc(t.name)),
            ("num", format_points(t.points)),
            ("num", format_wan(t.cash_fen)),
            ("num gap", _gap(board, i, behind[i])),
            ("attain", f'{proj.bar(share)}<span class="pct">{pct}</span>'),
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
        st.markdown(_html_table(headers, _team_rows(board, indices, verified), lead=lead),
                    unsafe_allow_html=True)  # fmt: skip
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
    st.markdown(f'<div class="pk-flag">{flag}{proj.esc(text)}</div>', unsafe_allow_html=True)


def race(board: PkBoard, height: int = 470) -> None:
    st.markdown(f'<div class="pk-section">{proj.esc(ui.tr("pk.race"))}</div>',
                unsafe_allow_html=True)  # fmt: skip
    if not board.race_days:
        st.markdown(f'<div class="pk-note">{proj.esc(ui.tr("pk.race_empty"))}</div>',
                    unsafe_allow_html=True)  # fmt: skip
        return
    x = [ui.tr("pk.race_start")] + [ui.tr("pk.race_day", day=d) for d in board.race_days]
    fig = go.Figure()
    for i, (team, series) in enumerate(board.race):
        fig.add_trace(
            go.Scatter(
                x=x,
                y=[0.0] + [float(hundredths_to_points(v)) for v in series],
                name=ui.md_esc(team),  # Plotly reads <a href> and <br> in labels
                mode="lines+markers",
                line={"width": 6 if i == 0 else 3, "color": COLOURS[i % len(COLOURS)]},
                marker={"size": 10 if i == 0 else 7},
            )
        )
    fig.update_layout(
        height=height,
        margin={"l": 10, "r": 10, "t": 6, "b": 6},
        font={"size": 20, "color": INK},
        legend={"font": {"size": 20, "color": INK}, "tracegroupgap": 0, "itemwidth": 30},
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
    rows = [
        [("won" if p.leader == p.team_a else "team", proj.esc(p.team_a)),
         ("num", format_points(p.points_a)),
         ("vs", ":" if p.leader else proj.esc(ui.tr("pk.level"))),
         ("num", format_points(p.points_b)),
         ("won" if p.leader == p.team_b else "team", proj.esc(p.team_b))]
        for p in board.pairings
    ]  # fmt: skip
    st.markdown(_html_table([], rows, small=True), unsafe_allow_html=True)


def members(board: PkBoard) -> None:
    st.markdown(f'<div class="pk-section">{proj.esc(ui.tr("pk.members"))}</div>',
                unsafe_allow_html=True)  # fmt: skip
    if not board.members:
        st.markdown(f'<div class="pk-note">{proj.esc(ui.tr("pk.no_members"))}</div>',
                    unsafe_allow_html=True)  # fmt: skip
        return
    headers = [ui.tr(f"pk.col.{c}") for c in ("rank", "member", "team", "points")]
    rows = [
        [("num", str(m.rank)), ("team", proj.esc(m.name)), ("", proj.esc(m.team)),
         ("num", format_points(m.points))]
        for m in board.members
    ]  # fmt: skip
    st.markdown(_html_table(headers, rows, small=True), unsafe_allow_html=True)


def render(
    board: PkBoard, now: datetime, refresh: int, verified: dict[str, int] | None = None
) -> None:
    """The whole live block, redrawn by the page's fragment on every refresh."""
    st.markdown(CSS, unsafe_allow_html=True)
    header(board, now, refresh)
    celebrate(board, now)
    if not board.teams:
        st.info(ui.tr("pk.no_teams"))
        return
    # side by side on the projector; under each other on a laptop or phone, where a
    # column of half the main area would push the chart over the ranking's numbers
    wide = proj.presentation()
    left, right = st.columns([1.2, 1], gap="medium") if wide else (st.container(), st.container())
    with left:
        ranking(board, verified)
        red_flag(board)
    with right:
        race(board)
        if board.pk_day is None:  # before the field days: no pairings to show yet
            members(board)
            return
        a, b = st.columns([1.15, 1], gap="small") if wide else (st.container(), st.container())
        with a:
            pairings(board)
        with b:
            members(board)
