"""/board's first channel: the scoreboard (last night, the last closed period, the camp to
date against target, each team in its colour) beside the red flag and the PK."""

from __future__ import annotations

from datetime import timedelta

from core.board import Channel, MorningBoard, score_sizes
from core.money import format_points, format_wan
from pages import _projector as proj
from pages import _ui as ui

e = proj.esc


def _share(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _bar(share: float | None, pace: float, colour: str | None) -> str:
    """The team's colour to the target, gold beyond it (the bar runs to 150%), a thin mark
    at 100% and the thick pace line."""
    return proj.bar(share or 0.0, colour, pace=pace, cls="bd-bar")


def _period_title(board: MorningBoard) -> str:
    if board.period_day is None:
        return ui.tr("board.period_none")
    if board.date_of(board.period_day) == board.today - timedelta(days=1):
        return ui.tr("board.period_yesterday", day=board.period_day)
    return ui.tr("board.period_day", day=board.period_day)


def _scoreboard(board: MorningBoard, rows: range) -> str:
    since = board.since.strftime("%m-%d %H:%M")
    groups = [("", 2, ""), (ui.tr("board.night", since=since), 3, "g-night"),
              (_period_title(board), 3, "g-period"), (ui.tr("board.to_date"), 4, "")]  # fmt: skip
    top = "".join(f'<th colspan="{n}" class="{g}">{e(t)}</th>' for t, n, g in groups)
    group = ["", ""] + ["g-night"] * 3 + ["g-period"] * 3 + [""] * 4  # hidden on a phone
    cols = ("rank", "team", "visits", "points", "cash", "place", "points", "cash", "points",
            "cash", "target", "attainment")  # fmt: skip
    sub = "".join(
        f"<th class={g or 'x'}>{e(ui.tr(f'board.col.{c}'))}</th>"
        for c, g in zip(cols, group, strict=True)
    )
    closed = board.period_day is not None
    body = []
    for t in (board.teams[i] for i in rows):
        cells = [
            (t.rank, "num"), (None, "team"),
            (t.night_visits, "num sep"), (format_points(t.night_points), "num"),
            (format_wan(t.night_cash_fen), "num"),
            (t.day_rank if closed else "—", "num sep"),
            (format_points(t.day_points) if closed else "—", "num"),
            (format_wan(t.day_cash_fen) if closed else "—", "num"),
            (format_points(t.points), "num sep"), (format_wan(t.cash_fen), "num"),
            (format_wan(t.target_fen), "num"),
        ]  # fmt: skip
        style = board.styles.get(t.team)
        tds = "".join(
            f'<td class="{cls} {g}">{proj.team(t.team, style) if v is None else e(v)}</td>'
            for (v, cls), g in zip(cells, group[:-1], strict=True)
        )
        colour = style.colour if style else None
        tds += (
            '<td><div style="display:flex;gap:10px;align-items:center">'
            f'<div style="flex:1">{_bar(t.attainment, board.pace, colour)}</div>'
            f"<span>{e(_share(t.attainment))}</span></div></td>"
        )
        body.append(f"<tr{' class=flag' if t.team == board.red_flag else ''}>{tds}</tr>")
    share = board.cash_fen / board.target_fen if board.target_fen else None
    total = ui.tr("board.total", cash=format_wan(board.cash_fen),
                  target=format_wan(board.target_fen), share=_share(share))  # fmt: skip
    if board.pace > 0:
        total += "　" + ui.tr("board.pace", share=_share(board.pace))
    row, size = score_sizes(len(rows))
    sizes = f"--bd-row:{row}px;--bd-fs:{size}px"
    return (f'<table class="bd-t" style="{sizes}"><tr>{top}</tr><tr>{sub}</tr>'
            f'{"".join(body)}</table><div class="bd-total">{e(total)}</div>')  # fmt: skip


def _winner(board: MorningBoard, team: str, won: bool) -> str:
    name = proj.team(team, board.styles.get(team))
    if not won:
        return name
    return f'<span class="win">{name}</span><span class="bd-tag won">{e(ui.tr("board.won"))}</span>'


def _pk(board: MorningBoard) -> str:
    vs = e(ui.tr("board.vs"))
    name = "board.pairings_today" if board.plan_is_today else "board.pairings_day"
    lines = [f'<div class="bd-pk">{_winner(board, p.team_a, False)}<span class="vs">{vs}</span>'
             f"{_winner(board, p.team_b, False)}</div>" for p in board.pairings]  # fmt: skip
    if not lines:
        lines = [f'<div class="bd-pk">{e(ui.tr("board.pairings_none"))}</div>']
    html = (
        f'<div><div class="bd-bt">{e(ui.tr(name, day=board.plan_day))}</div>{"".join(lines)}</div>'
    )
    if board.results:
        lines = []
        for p in board.results:
            score = f"{format_points(p.points_a or 0)} : {format_points(p.points_b or 0)}"
            a, b = (_winner(board, t, t == p.winner) for t in (p.team_a, p.team_b))
            draw = "" if p.winner else f'<span class="bd-tag flag">{e(ui.tr("board.draw"))}</span>'
            lines.append(f'<div class="bd-pk">{a}<span class="vs">{e(score)}</span>{b}{draw}</div>')
        name = ui.tr("board.results", day=board.period_day)
        html += f'<div><div class="bd-bt">{e(name)}</div>{"".join(lines)}</div>'
    return html


def scores(board: MorningBoard, c: Channel) -> str:
    if board.red_flag and board.period_day is not None:
        holder = next(t for t in board.teams if t.team == board.red_flag)
        sub = ui.tr("board.red_flag_holder", day=board.period_day,
                    points=format_points(holder.day_points))  # fmt: skip
        name = proj.team(board.red_flag, board.styles.get(board.red_flag))
        flag = f'<div class="v">{name}</div><div class="s">{e(sub)}</div>'
    else:
        flag = f'<div class="s">{e(ui.tr("board.red_flag_none"))}</div>'
    red = proj.icon("flag", "#d32f2f")
    side = (f'<div class="bd-side"><div class="bd-flag"><div class="k">{red}'
            f'{e(ui.tr("board.red_flag"))}</div>{flag}</div>{_pk(board)}</div>')  # fmt: skip
    return (f'<div class="bd-grid" style="grid-template-columns: 7.4fr 2.6fr">'
            f"<div>{_scoreboard(board, c.teams)}</div>{side}</div>")  # fmt: skip
