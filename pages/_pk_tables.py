"""/pk's tables and chart for the back of the room: the ranking (gaps, colour bars), the
race in the teams' colours, today's pairings and the top members — HTML tables, escaped."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go
import streamlit as st

from core import pk
from core.money import format_points, format_wan, hundredths_to_points
from core.teamstyle import PALETTE
from db.queries.pk import PkBoard
from pages import _projector as proj
from pages import _ui as ui

INK = "#111111"
e = proj.esc


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
        legend={"font": {"size": 22 if len(board.race) <= 8 else 18, "color": INK},
                "tracegroupgap": 0, "itemwidth": 30},
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
