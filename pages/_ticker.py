"""The news ticker on the projected /board and /pk (core.ticker): one line of the latest
big recoveries and acknowledgements, masked, big enough for the back row.

It does not scroll: the items that fit stand still; an item the screen has not shown
before slides in once and glows (a CSS animation that ends), so the line moves only when
there is news. Items that do not fit the line are left off, never cut in half.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo

import streamlit as st

from core.ticker import NewsItem, fresh, headline
from pages import _projector as proj
from pages import _ui as ui

CSS = """
<style>
.tk { display: flex; align-items: center; gap: 16px; height: 58px; overflow: hidden;
      background: #fff7e0; border: 3px solid #c8102e; border-radius: 8px; padding: 0 12px;
      margin: 6px 0 10px; font-size: 30px; font-weight: 700; color: #111111; }
.tk-h { flex: none; background: #c8102e; color: #ffffff; padding: 0 12px; border-radius: 6px;
        line-height: 44px; }
.tk-l { flex: 1; min-width: 0; display: flex; flex-wrap: wrap; column-gap: 34px;
        height: 48px; overflow: hidden; line-height: 48px; }
.tk-i { flex: none; white-space: nowrap; max-width: 100%; overflow: hidden;
        text-overflow: ellipsis; }
.tk-i time { color: #8b0000; margin-right: 10px; font-variant-numeric: tabular-nums; }
.tk-i.new { animation: tk-in 1.2s ease-out 1 both, tk-glow 2.4s ease-out 1; border-radius: 6px; }
.tk-none { color: #333333; font-weight: 400; }
@keyframes tk-in { from { transform: translateY(-70%); opacity: 0; } to { transform: none;
                   opacity: 1; } }
@keyframes tk-glow { from { background: #ffd54f; } to { background: transparent; } }
@media (prefers-reduced-motion: reduce) { .tk-i.new { animation: none; } }
</style>
"""


def html(items: Sequence[NewsItem], tz: tzinfo | None, key: str) -> str:
    """The ticker as one block of HTML (every text escaped); `key` names what this screen
    has shown, so only newer items move."""
    seen_key = f"_ticker_{key}"
    new = fresh(items, st.session_state.get(seen_key))
    if items:
        st.session_state[seen_key] = items[0].key
    lines = []
    for i, item in enumerate(items):
        label, params = headline(item)
        if "unit" in params:
            params["unit"] = ui.tr(f"news.unit.{params['unit']}")
        at = item.at.astimezone(tz).strftime("%H:%M")
        lines.append(f'<span class="tk-i{" new" if i < new else ""}"><time>{at}</time>'
                     f"{proj.esc(ui.tr(label, **params))}</span>")  # fmt: skip
    if not lines:
        lines = [f'<span class="tk-i tk-none">{proj.esc(ui.tr("news.none"))}</span>']
    return (f'<div class="tk"><span class="tk-h">{proj.esc(ui.tr("news.title"))}</span>'
            f'<div class="tk-l">{"".join(lines)}</div></div>')  # fmt: skip
