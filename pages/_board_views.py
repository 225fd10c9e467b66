"""/board's channels: what each projected screen holds, each drawn as one block of HTML.

The channels, in order: the scoreboard (last night, the last closed period, the
camp to date against target) beside the red flag and the PK; the teams' plans,
four teams a screen, grouped by township and village, a long plan going on in
the next column; the lists (materials, conduct, customs, rules). Heights are
counted in rows of text and core.board.pack fills the columns, so at 1920×1080
nothing needs scrolling; core.board lays the channels out, pages/_board_scores and
pages/_board_plans draw the first two kinds. Every piece of text from the store is escaped
(proj.esc); borrowers and loan numbers arrive masked from db.queries.board.
"""

from __future__ import annotations

from collections.abc import Sequence

from core import board as board_layout
from core.board import NOTE_COLUMNS, Channel, MorningBoard, Notes, note_blocks
from pages import _board_plans as board_plans
from pages import _board_scores as board_scores
from pages import _projector as proj
from pages import _ticker as ticker
from pages import _ui as ui

e = proj.esc


def notes_of(board: MorningBoard) -> Notes:
    return note_blocks(board, ui.tr("board.customs_none"), ui.tr("board.rules_none"))


def channels(board: MorningBoard) -> list[Channel]:
    """The screens the board rotates through, in order (core.board.channels)."""
    return board_layout.channels(board, notes_of(board))


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


BODIES = {"scores": board_scores.scores, "plans": board_plans.plans, "notes": notes}


def render(board: MorningBoard, views: Sequence[Channel], index: int) -> str:
    """One channel's whole screen as HTML, without blank lines (markdown keeps it one
    HTML block and leaves its text alone)."""
    c = views[index]
    news = ticker.html(board.news, board.now.tzinfo, f"board_{board.code}")
    return (f'<div class="bd">{head(board, c, index, len(views))}{news}'
            f"{BODIES[c.kind](board, c)}</div>")  # fmt: skip
