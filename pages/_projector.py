"""Shared look of the projected pages (/board, /pk, /summary, the ceremony): big type, high
contrast, a presentation mode without chrome, and TV-style rotation instead of scrolling.

Tables on projected pages are drawn as HTML (st.dataframe is a canvas: its text cannot be
sized or read by tests), and every piece of imported text is escaped first (`esc`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from core import markup
from core.pk import bar_widths
from core.teamstyle import TeamStyle
from db.queries import camp_overview
from pages import _ui as ui

BASE_CSS = """
<style>
[data-testid="stMain"] .stMarkdown, [data-testid="stMain"] .stMarkdown p,
[data-testid="stMain"] .stMarkdown li { font-size: 22px; }
.stApp { background: #ffffff; color: #111111; }
h1 { font-size: 46px !important; } h2 { font-size: 34px !important; }
h3 { font-size: 28px !important; }
table.proj { width: 100%; border-collapse: collapse; font-size: 24px; }
table.proj th, table.proj td { white-space: nowrap; }
table.proj th { background: #8b0000; color: #ffffff; text-align: left; padding: 6px 10px; }
table.proj td { border-bottom: 1px solid #cccccc; padding: 6px 10px; color: #111111; }
table.proj td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.proj tr.lead td { background: #fff3c4; font-weight: 700; }
.proj-banner { font-size: 30px; font-weight: 700; color: #ffffff; background: #c8102e;
               padding: 10px 16px; border-radius: 8px; margin: 6px 0; }
.proj-bar { position: relative; background: #e6e6e6; height: 18px; border-radius: 9px;
            overflow: hidden; }
.proj-bar > span { position: absolute; left: 0; top: 0; bottom: 0; background: #c8102e; }
.proj-bar > span.over { background: #d4a017; }
.proj-bar > i { position: absolute; top: 0; bottom: 0; width: 3px; background: #111111; }
.proj-muted { color: #333333; font-size: 20px; }
</style>
"""

# a team's name behind its emblem (`team`, `emblem`): on the projected pages and /setup
TEAM_CSS = """
<style>
.tm { display: inline-flex; align-items: center; gap: .3em; max-width: 100%; }
.tm-e { flex: none; display: inline-flex; align-items: center; justify-content: center;
        width: 1.25em; height: 1.25em; border-radius: .25em; font-style: normal;
        font-size: .9em; font-weight: 800; line-height: 1; }
.tm-e svg { width: .95em; height: .95em; }
.tm-e.b2 { font-size: .62em; width: 2.1em; height: 2.1em; }
.tm-n { overflow: hidden; text-overflow: ellipsis; }
</style>
"""

PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header,
[data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"]
{ display: none !important; }
[data-testid="stSkipToContent"] { display: none !important; }
.block-container, [data-testid="stMainBlockContainer"]
{ padding-top: 0.6rem !important; padding-bottom: 0 !important; max-width: 100% !important; }
</style>
"""


# Off the projector (a laptop with the sidebar open, a phone) the same screens are drawn
# smaller to fit the main area they get: type sized for 1920 px is zoomed by steps of the
# main area's width (a container query), side panels go under the tables, and on a phone
# the tables turn into cards (each cell with its column's name) and the board keeps the
# camp-to-date columns only.
FIT_CSS = """
<style>
[data-testid="stMainBlockContainer"] { container: main / inline-size; }
@container main (max-width: 1500px) {
  [data-testid="stMarkdownContainer"]:has(.bd, .proj, .pk-head, .pk-section, .pk-flag,
      .pk-note, .proj-banner, .sum, .sum-top, .sum-meta, .aw-count) { zoom: .8; } }
@container main (max-width: 1200px) {
  [data-testid="stMarkdownContainer"]:has(.bd, .proj, .pk-head, .pk-section, .pk-flag,
      .pk-note, .proj-banner, .sum, .sum-top, .sum-meta, .aw-count) { zoom: .64; }
  .bd-grid { grid-template-columns: minmax(0, 1fr) !important; }
  [data-testid="stColumn"] table.proj td { white-space: normal; }  /* half a laptop */
  .bd-head { flex-wrap: wrap; row-gap: 0; } }
@container main (max-width: 700px) {
  [data-testid="stMarkdownContainer"]:has(.bd, .proj, .pk-head, .pk-section, .pk-flag,
      .pk-note, .proj-banner, .sum, .sum-top, .sum-meta, .aw-count) { zoom: .6; }
  .pk-head, .sum-top, .bd-sub { flex-wrap: wrap; row-gap: 0; }
  .pk-head h1.pk-title, .sum-top h1 { white-space: normal !important; }
  .pk-head .pk-info { flex-basis: 100%; order: 3; }
  [data-testid="stMarkdownContainer"]:has(.bd) { zoom: .5; }
  .bd-note, .bd-t .g-night, .bd-t .g-period, .bd-t .bd-bar { display: none !important; }
  .sum-kpis { flex-wrap: wrap; } .sum-kpi { flex: 1 1 30%; }
  table.proj, table.proj tbody, table.proj tr, table.proj td { display: block; width: auto; }
  table.proj tr:first-child:has(th) { display: none; }
  table.proj tr { border-bottom: 2px solid #8b0000; padding: 4px 0; }
  table.proj td { border: none !important; padding: 1px 8px !important; text-align: left !important;
                  white-space: normal; }
  table.proj td[data-label]::before { content: attr(data-label) "："; font-weight: 400;
                                      color: #444444; }
  table.proj td .proj-bar { display: inline-block !important; width: 40% !important; } }
</style>
"""

esc = ui.esc  # the one escape of user text for Markdown and HTML (core/markup.py)
table = markup.table  # an HTML table for the big screen, every cell escaped


# Material icons as inline SVG for the projected HTML: no emoji font needed on the PC.
_ICON_PATHS = {
    "flag": "M14.4 6 14 4H5v17h2v-7h5.6l.4 2h7V6z",
    "lock": "M18 8h-1V6c0-2.76-2.24-5-5-5S7 3.24 7 6v2H6c-1.1 0-2 .9-2 2v10c0 1.1.9 2 2 2h12"
    "c1.1 0 2-.9 2-2V10c0-1.1-.9-2-2-2zm-6 9c-1.1 0-2-.9-2-2s.9-2 2-2 2 .9 2 2-.9 2-2 2z"
    "m3.1-9H8.9V6c0-1.71 1.39-3.1 3.1-3.1s3.1 1.39 3.1 3.1v2z",
    "trophy": "M19 5h-2V3H7v2H5c-1.1 0-2 .9-2 2v1c0 2.55 1.92 4.63 4.39 4.94.63 1.5 1.98 2.63"
    " 3.61 2.96V19H7v2h10v-2h-4v-3.1c1.63-.33 2.98-1.46 3.61-2.96C19.08 12.63 21 10.55 21 8V7"
    "c0-1.1-.9-2-2-2zM5 8V7h2v3.82C5.84 10.4 5 9.3 5 8zm14 0c0 1.3-.84 2.4-2 2.82V7h2v1z",
}


def pick_camp() -> str | None:
    """The camp: `?camp=CODE` in the projector's bookmark, else the sidebar's choice."""
    wanted = st.query_params.get("camp")
    known = wanted and "camp" not in st.session_state and camp_overview(ui.engine())
    if known and wanted in {c["code"] for c in known}:
        st.session_state["camp"] = wanted
    return ui.camp_code()


def icon(name: str, colour: str = "currentColor") -> str:
    """An inline SVG Material icon sized to the text around it."""
    return (
        f'<svg viewBox="0 0 24 24" width="1em" height="1em" fill="{colour}" aria-hidden="true"'
        f' style="vertical-align:-0.12em;margin-right:0.25em"><path d="{_ICON_PATHS[name]}"/></svg>'
    )


def css(*blocks: str) -> str:
    """Style blocks (each "<style>…</style>") as ONE style element without blank lines: a
    second <style> or a blank line in st.markdown would end the HTML block and let
    Markdown rewrite the rest (CSS comments' stars read as emphasis)."""
    rules = (b.strip().removeprefix("<style>").removesuffix("</style>") for b in blocks if b)
    body = "\n".join(line for b in rules for line in b.splitlines() if line.strip())
    return f"<style>\n{body}\n</style>"


def emblem(style: TeamStyle | None) -> str:
    """A team's emblem as a small square in its colour: its icon (inline SVG) or badge,
    or a plain square of the colour when it has none."""
    if style is None:
        return ""
    inner = ""
    if style.icon:
        inner = (f'<svg viewBox="0 0 24 24" fill="{style.ink}" aria-hidden="true">'
                 f'<path d="{style.icon}"/></svg>')  # fmt: skip
    elif style.badge:
        inner = esc(style.badge)
    wide = " b2" if len(style.badge) > 1 else ""
    return (f'<i class="tm-e{wide}" style="background:{style.colour};color:{style.ink}">'
            f"{inner}</i>")  # fmt: skip


def team(name: str, style: TeamStyle | None) -> str:
    """A team's name behind its emblem (HTML; the name escaped)."""
    if style is None:
        return esc(name)
    return f'<span class="tm">{emblem(style)}<span class="tm-n">{esc(name)}</span></span>'


def presentation() -> bool:
    """Presentation mode: `?present=1` in the projector's bookmark, the sidebar switch, or
    always for the `screen` account (the projector PC's)."""
    if st.query_params.get("present") == "1" or ui.role() == "screen":
        return True
    return bool(st.session_state.get("present"))


def setup(path: str) -> None:
    """Start a projected page: its role check, the big style and, if asked, no chrome."""
    ui.guard(path)
    st.markdown(css(BASE_CSS, TEAM_CSS), unsafe_allow_html=True)
    if presentation():
        st.markdown(PRESENT_CSS, unsafe_allow_html=True)
    else:
        st.markdown(FIT_CSS, unsafe_allow_html=True)
        st.sidebar.toggle(ui.tr("proj.present"), key="present")


def bar(share: float, colour: str | None = None, *, pace: float = 0.0,
        cls: str = "proj-bar") -> str:  # fmt: skip
    """An attainment bar: the team's colour (else red) up to the target, gold beyond it, a
    mark at 100%, and with `pace` the thick line where the camp should be by now."""
    red, over, mark = bar_widths(share)
    paint = f";background:{colour}" if colour else ""
    gold = f'<span class="over" style="left:{red:.1f}%;width:{over:.1f}%"></span>' if over else ""
    line = f'<i class="pc" style="left:{bar_widths(pace)[0]:.1f}%"></i>' if pace > 0 else ""
    return (f'<div class="{cls}"><span style="width:{red:.1f}%{paint}"></span>{gold}'
            f'<i class="mk" style="left:{mark:.1f}%"></i>{line}</div>')  # fmt: skip


def rotate(key: str, views: Sequence[Callable[[], None]], seconds: int = 15) -> None:
    """Show one view at a time and move to the next every `seconds`, like a TV channel,
    where one screen cannot hold everything (twelve teams' visit lists).

    The channel shown follows the time since this screen first showed the rotation, not a
    count of reruns: an enclosing fragment's refresh (the /pk board every 30 s) reruns this
    one too, and a counter would then skip a channel or stick on one. The fragment ticks
    three times per channel so a late timer on a busy server delays a change by seconds.
    """
    if not views:
        return
    if len(views) == 1:
        views[0]()
        return

    @st.fragment(run_every=max(1.0, seconds / 3))
    def _channel() -> None:
        now = ui.now()  # the wall clock; tests pin it
        started = st.session_state.setdefault(f"rot_{key}", now)
        index = int((now - started).total_seconds() // seconds)
        views[index % len(views)]()

    _channel()
