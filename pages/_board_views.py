"""/board's channels: what each projected screen holds, each drawn as one block of HTML.

The channels, in order: the scoreboard (last night, the last closed period, the
camp to date against target) beside the red flag and the PK; the teams' plans,
four teams a screen, grouped by township and village, a long plan going on in
the next column; the lists (materials, conduct, customs, rules). Heights are
counted in rows of text and core.board.pack fills the columns, so at 1920×1080
nothing needs scrolling. Every piece of text from the store is escaped
(proj.esc); borrowers and loan numbers arrive masked from db.queries.board.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from core.board import (
    NOTE_COLUMNS,
    PLAN_COLUMNS,
    Channel,
    MorningBoard,
    Notes,
    Piece,
    PlanRow,
    TeamPlan,
    note_blocks,
    plan_rows,
    score_sizes,
)
from core.board import channels as _layout
from core.money import format_points, format_wan
from core.research import CONTACT_FLAGS
from pages import _projector as proj
from pages import _ticker as ticker
from pages import _ui as ui

e = proj.esc


def notes_of(board: MorningBoard) -> Notes:
    return note_blocks(board, ui.tr("board.customs_none"), ui.tr("board.rules_none"))


def channels(board: MorningBoard) -> list[Channel]:
    """The screens the board rotates through, in order (core.board.channels)."""
    return _layout(board, notes_of(board))


# ----------------------------------------------------------------------------- the header


def _clock(board: MorningBoard) -> str:
    now = board.now
    weekday = ui.tr(f"board.weekday.{now.weekday()}")
    return ui.tr("board.clock", month=now.month, day=now.day, weekday=weekday,
                 time=now.strftime("%H:%M"))  # fmt: skip


def _day(board: MorningBoard) -> str:
    if board.phase == "before":
        return ui.tr("board.before", date=board.start_date.isoformat())
    if board.phase == "after":
        return ui.tr("board.after")
    parts = [ui.tr("board.day", day=board.day, days=board.days)]
    if board.field_day is not None:
        parts.append(ui.tr("board.field_day", k=board.field_day, n=board.field_days))
    else:
        parts.append(ui.tr("board.research_day" if board.day == 1 else "board.class_day"))
    return " · ".join(parts)


def title(board: MorningBoard, c: Channel) -> str:
    """The channel's name, as the screen and the channel picker show it."""
    if c.kind == "scores":
        text = ui.tr("board.view.scores")
    elif c.kind == "plans" and board.plan_is_today:
        text = ui.tr("board.view.plans_today")
    elif c.kind == "plans":
        when = board.date_of(board.plan_day).isoformat()
        text = ui.tr("board.view.plans_day", day=board.plan_day, date=when)
    else:
        text = ui.tr("board.view.notes")
    return text + (" " + ui.tr("board.page", n=c.part, of=c.parts) if c.parts > 1 else "")


def head(board: MorningBoard, c: Channel, index: int, count: int) -> str:
    frozen = f'<span class="bd-frozen">{e(ui.tr("board.frozen"))}</span>' if board.frozen else ""
    dots = "".join(f'<i class="{"on" if i == index else ""}"></i>' for i in range(count))
    note = ui.tr("board.plan.legend") if c.kind == "plans" else ""
    return (
        f'<div class="bd-head"><span class="bd-camp">{e(board.name)}</span>{frozen}'
        f'<span class="bd-day">{e(_day(board))}</span>'
        f'<span class="bd-clock">{e(_clock(board))}</span></div>'
        f'<div class="bd-sub"><span class="bd-view">{e(title(board, c))}</span>'
        f'<span class="bd-dots">{dots if count > 1 else ""}</span>'
        f'<span class="bd-note">{e(note)}</span></div>'
    )


# ----------------------------------------------------------------------------- the scoreboard


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


# ----------------------------------------------------------------------------- the plans


def _name(masked: str) -> str:
    """A masked borrower with at most two stars: a company's long name stays one row."""
    return masked[:3] if len(masked) > 3 else masked


def _household(row: PlanRow, show_village: bool) -> str:
    loan = row.loan
    assert loan is not None
    tags = ""
    if loan.tier != "other":
        tags += f'<span class="bd-tag {loan.tier}">{e(ui.tr(f"board.tier.{loan.tier}"))}</span>'
    if loan.customer_type in CONTACT_FLAGS:
        tags += f'<span class="bd-tag flag">{e(loan.customer_type)}</span>'
    if loan.ethnicity:
        tags += f'<span class="bd-tag eth">{e(loan.ethnicity)}</span>'
    village = (row.village or ui.tr("board.plan.no_village")) if show_village else ""
    tail = loan.account.lstrip("*") or loan.account
    owed = ui.tr("board.plan.owed", owed=format_wan(loan.owed_fen))
    return (
        f'<div class="bd-l{" first" if row.first else ""}"><span class="vil">{e(village)}</span>'
        f'<span class="n">{loan.order}</span><b>{e(_name(loan.borrower))}</b>'
        f'<span class="acct">…{e(tail)}</span><span class="tags">{tags}</span>'
        f'<span class="amt">{e(owed)}</span></div>'
    )


def _town(township: str, count: int) -> str:
    return f'<div class="bd-town">{e(township)}（{count}）</div>'


def _plan_piece(board: MorningBoard, plan: TeamPlan, piece: Piece) -> str:
    name = plan.team + (ui.tr("board.plan.continued") if piece.continued else "")
    meta = ui.tr("board.plan.summary", n=plan.loans, owed=format_wan(plan.owed_fen))
    meta += " · " + ui.tr("board.plan.stored" if plan.stored else "board.plan.prefilled")
    style = board.styles.get(plan.team)
    paint = f' style="background:{style.colour};color:{style.ink}"' if style else ""
    html = [f'<div class="bd-card-h"{paint}><span class="team">{proj.team(name, style)}</span>'
            f'<span class="meta">{e(meta)}</span></div>'
            f'<div class="bd-members">{e("、".join(plan.members))}</div>']  # fmt: skip
    rows = plan_rows(plan)
    if not rows:
        html.append(f'<div class="bd-l">{e(ui.tr("board.plan.empty"))}</div>')
    for i in range(piece.start, piece.stop):
        row = rows[i]
        if row.loan is None:
            html.append(_town(row.township, row.count))
            continue
        if i == piece.start:  # a column going on mid-township says where it is
            header = next(r for r in reversed(rows[:i]) if r.loan is None)
            html.append(_town(header.township, header.count))
        html.append(_household(row, row.first or i == piece.start))
    return "".join(html)


def plans(board: MorningBoard, c: Channel) -> str:
    if not board.plans:
        return f'<div class="bd-l">{e(ui.tr("board.plan.none"))}</div>'
    cols = "".join(
        "<div>" + "".join(_plan_piece(board, board.plans[p.block], p) for p in column) + "</div>"
        for column in c.columns
    )
    style = f"grid-template-columns: repeat({PLAN_COLUMNS}, minmax(0, 1fr))"
    return f'<div class="bd-grid" style="{style}">{cols}</div>'


# ----------------------------------------------------------------------------- the lists


def notes(board: MorningBoard, c: Channel) -> str:
    blocks = notes_of(board)
    cols = []
    for column in c.columns:
        pieces = []
        for p in column:
            label, rows = blocks[p.block]
            name = ui.tr(label) + (ui.tr("board.plan.continued") if p.continued else "")
            items = "".join(
                f'<div class="bd-i"><b>{e(a)}</b>{"：" if a and b else ""}'
                f'<span class="t">{e(b)}</span></div>'
                for a, b in rows[p.start : p.stop]
            )
            pieces.append(f'<div><div class="bd-bt">{e(name)}</div>{items}</div>')
        cols.append(f'<div style="display:grid;gap:14px">{"".join(pieces)}</div>')
    style = f"grid-template-columns: repeat({NOTE_COLUMNS}, minmax(0, 1fr))"
    return f'<div class="bd-grid bd-list" style="{style}">{"".join(cols)}</div>'


BODIES = {"scores": scores, "plans": plans, "notes": notes}


def render(board: MorningBoard, views: Sequence[Channel], index: int) -> str:
    """One channel's whole screen as HTML, without blank lines (markdown keeps it one
    HTML block and leaves its text alone)."""
    c = views[index]
    news = ticker.html(board.news, board.now.tzinfo, f"board_{board.code}")
    return (f'<div class="bd">{head(board, c, index, len(views))}{news}'
            f"{BODIES[c.kind](board, c)}</div>")  # fmt: skip
