"""The ceremony of /awards on the big screen.

The screen shows the award just revealed in a spotlight and every award as a card: a
revealed one with its winner, votes and figures, a sealed one as sealed. Up to six awards
sit in three columns, up to twelve in four; more rotate twelve at a time. Text is 20 px or
more, dark on light or white on dark red. Nominations' reasons and vote counts of sealed
awards never reach this view. Staff and team names only: nothing personal to mask.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from db.queries.awards import AwardsBoard, CategoryView
from pages import _awards_common as common
from pages import _projector as proj
from pages import _ui as ui

REFRESH = 5  # seconds: the screen follows a reveal made on the admin's laptop
PER_SCREEN = 12

CSS = """
<style>
[data-testid="stElementContainer"]:has(> [data-testid="stMarkdown"] style) { display: none; }
.aw-head { display: flex; align-items: baseline; justify-content: space-between; gap: 24px;
           margin: 0 0 8px 0; }
.aw-head h1.aw-title { font-size: 48px !important; font-weight: 800; color: #8b0000;
                       margin: 0; padding: 0; white-space: nowrap; line-height: 1.2; }
.aw-head .aw-camp { flex: 1; font-size: 26px; color: #111111; }
.aw-head .aw-count { font-size: 26px; font-weight: 700; color: #111111; white-space: nowrap; }
.aw-spot { background: #8b0000; color: #ffffff; border: 6px solid #c9a227; border-radius: 16px;
           padding: 10px 24px 14px 24px; margin: 0 0 14px 0; text-align: center; }
.aw-spot .aw-cat { font-size: 42px; font-weight: 800; color: #ffe08a; line-height: 1.3; }
.aw-spot .aw-win { font-size: 104px; font-weight: 900; color: #ffffff; line-height: 1.15; }
.aw-spot .aw-win span { font-size: 40px; font-weight: 700; margin-left: 18px; }
.aw-spot .aw-line { font-size: 30px; color: #ffffff; line-height: 1.35; }
.aw-grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 14px; }
.aw-grid.dense { grid-template-columns: repeat(4, 1fr); gap: 10px; }
.aw-card { background: #fffdf5; border: 3px solid #c9a227; border-radius: 12px;
           padding: 8px 16px 10px 16px; color: #111111; }
.aw-card .aw-cat { font-size: 34px; font-weight: 800; color: #8b0000; line-height: 1.3; }
.aw-card .aw-win { font-size: 52px; font-weight: 900; color: #111111; line-height: 1.2; }
.aw-card .aw-line { font-size: 24px; color: #222222; line-height: 1.35; }
.aw-card.sealed { background: #1f1f1f; border-color: #1f1f1f; }
.aw-card.sealed .aw-cat { color: #ffe08a; }
.aw-card.sealed .aw-seal { font-size: 40px; font-weight: 700; color: #ffffff; margin: 18px 0; }
.aw-card.latest { border-color: #c8102e; box-shadow: 0 0 0 4px #c8102e; }
.aw-grid.dense .aw-cat { font-size: 24px; } .aw-grid.dense .aw-win { font-size: 30px; }
.aw-grid.dense .aw-line { font-size: 20px; }
.aw-grid.dense .aw-seal { font-size: 28px; margin: 8px 0; }
</style>
"""


def _latest(b: AwardsBoard) -> CategoryView | None:
    revealed = [c for c in b.categories if c.revealed_at is not None]
    return max(revealed, key=lambda c: (c.revealed_at, c.position)) if revealed else None


def _votes_line(c: CategoryView) -> str:
    if c.result.winner is None:
        return ui.tr("awards.cer.no_winner")
    if c.result.by_data:
        return ui.tr("awards.cer.by_data")
    return ui.tr("awards.cer.votes", n=c.result.votes, total=c.result.total)


def _lines(c: CategoryView) -> str:
    lines = [_votes_line(c)]
    if c.winner_figures:
        lines.append(common.figures(c.winner_figures))
    return "".join(f'<div class="aw-line">{proj.esc(x)}</div>' for x in lines)


def _card(c: CategoryView, latest: bool) -> str:
    name = f'<div class="aw-cat">{proj.esc(c.name)}</div>'
    if not c.revealed:
        seal = proj.icon("lock") + proj.esc(ui.tr("awards.cer.sealed"))
        return f'<div class="aw-card sealed">{name}<div class="aw-seal">{seal}</div></div>'
    win = proj.esc(c.result.winner or ui.tr("awards.cer.no_winner"))
    team = f'<div class="aw-line">{proj.esc(c.winner_team)}</div>' if c.winner_team else ""
    cls = "aw-card latest" if latest else "aw-card"
    return f'<div class="{cls}">{name}<div class="aw-win">{win}</div>{team}{_lines(c)}</div>'


def _spotlight(b: AwardsBoard, c: CategoryView | None) -> str:
    if c is None:
        text = proj.esc(ui.tr("awards.cer.waiting", n=len(b.categories)))
        return f'<div class="aw-spot"><div class="aw-win" style="font-size:56px">{text}</div></div>'
    team = f"<span>{proj.esc(c.winner_team)}</span>" if c.winner_team else ""
    win = proj.esc(c.result.winner or ui.tr("awards.cer.no_winner"))
    cat = proj.icon("trophy") + proj.esc(f"{ui.tr('awards.cer.congrats')} · {c.name}")
    return (
        f'<div class="aw-spot"><div class="aw-cat">{cat}</div>'
        f'<div class="aw-win">{win}{team}</div>{_lines(c)}</div>'
    )


def _screen(b: AwardsBoard, cards: Sequence[CategoryView], page: str = "") -> None:
    latest = _latest(b)
    revealed = sum(c.revealed for c in b.categories)
    count = ui.tr("awards.cer.progress", k=revealed, n=len(b.categories))
    head = (
        f'<div class="aw-head"><h1 class="aw-title">{proj.esc(ui.tr("awards.cer.title"))}'
        f'</h1><div class="aw-camp">{proj.esc(b.camp_name)}</div>'
        f'<div class="aw-count">{proj.esc(count)}{proj.esc(page)}</div></div>'
    )
    dense = " dense" if len(b.categories) > 6 else ""
    grid = "".join(_card(c, latest is not None and c.id == latest.id) for c in cards)
    st.markdown(
        f'{head}{_spotlight(b, latest)}<div class="aw-grid{dense}">{grid}</div>',
        unsafe_allow_html=True,
    )


def show(b: AwardsBoard) -> None:
    """The ceremony as the big screen shows it (rotating when more than twelve awards)."""
    st.markdown(CSS, unsafe_allow_html=True)
    cats = b.categories
    if len(cats) <= PER_SCREEN:
        _screen(b, cats)
        return
    pages = [cats[i : i + PER_SCREEN] for i in range(0, len(cats), PER_SCREEN)]

    def view(i: int):  # noqa: ANN202
        page = "　" + ui.tr("awards.cer.page", i=i + 1, n=len(pages))
        return lambda: _screen(b, pages[i], page)

    proj.rotate("awards", [view(i) for i in range(len(pages))], seconds=15)


def live(code: str) -> None:
    """The projector's view: re-reads the board every few seconds (one row while nothing
    changed), so each reveal shows on the screen without touching it."""

    @st.fragment(run_every=REFRESH)
    def _live() -> None:
        b = common.board(code)
        if b is None:
            st.info(ui.tr("awards.no_camp"))
            return
        show(b)

    _live()
