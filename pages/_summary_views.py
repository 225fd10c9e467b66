"""The channels of /summary on the big screen: each fits 1920×1080 for up to 12 teams.

Everything shown comes from a masked core.report.DaySummary; core/summary_view.py
builds each channel's HTML (every cell escaped) and this module draws it, with the
style, the day picked and the cached summary. Text is 20 px or more.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import streamlit as st

from core import summary_view as view
from core.config import resolve_database_url
from core.report import DaySummary
from db.queries import camp_version
from db.queries.summary import day_summary, summary_days
from pages import _projector as proj
from pages import _ui as ui

CSS = """
<style>
[data-testid="stElementContainer"]:has(style) { display: none; }
.sum table.proj { font-size: 26px; }
.sum table.proj td, .sum table.proj th { line-height: 1.25; padding: 6px 10px; }
.sum table.proj td.sum-up { color: #c8102e; font-weight: 700; }
.sum table.proj td.sum-down { color: #00783c; font-weight: 700; }
.sum-top { display: flex; align-items: baseline; gap: 28px; margin: 0; }
.sum-top h1 { margin: 0 !important; padding: 0 !important; white-space: nowrap; }
.sum-meta { font-size: 26px; color: #222222; }
.sum-ch { font-size: 32px; font-weight: 700; color: #ffffff; background: #c8102e;
          padding: 6px 16px; border-radius: 8px; margin: 0 0 8px 0; }
.sum-ch span { font-weight: 400; font-size: 26px; margin-left: 20px; }
.sum-h { font-size: 30px; font-weight: 700; color: #8b0000; margin: 4px 0 6px 0; }
.sum-kpis { display: flex; gap: 14px; margin: 0 0 12px 0; }
.sum-kpi { flex: 1; background: #fdf0f0; border: 2px solid #f0c8c8; border-radius: 10px;
           padding: 4px 10px; text-align: center; }
.sum-kpi b { display: block; font-size: 42px; color: #8b0000; line-height: 1.2; }
.sum-kpi span { font-size: 22px; color: #222222; }
.sum-note { font-size: 22px; color: #333333; margin: 6px 0; }
.sum-big { font-size: 30px; font-weight: 700; color: #111111; margin: 6px 0; }
</style>
"""

VIEWS = view.VIEWS


@st.cache_data(show_spinner=False, max_entries=64)
def _summary(url: str, code: str, day: int, version: tuple | None, minute: datetime) -> DaySummary:
    """One computation per store, camp, day, data version and minute (the minute decides
    whether the period has closed and stamps the report), shared by every screen."""
    return day_summary(ui.engine(), code, day, minute)


def load(code: str, day: int) -> DaySummary:
    minute = ui.now().replace(second=0, microsecond=0)
    version = camp_version(ui.engine(), code)
    return _summary(resolve_database_url(), code, day, version, minute)


def pick_day(code: str) -> int:
    """The field day: `?day=N` in the bookmark, else the sidebar (default: the last closed
    period, db.queries.summary.default_day)."""
    days, default = summary_days(ui.engine(), code, ui.now())
    wanted = st.query_params.get("day", "")
    if wanted.isdigit() and int(wanted) in days:
        default = int(wanted)
    return st.sidebar.selectbox(
        ui.tr("summary.pick_day"),
        list(days),
        index=list(days).index(default),
        format_func=lambda d: ui.tr("summary.day_option", day=d, date=f"{days[d]:%m-%d}"),
        key=f"summary_day_{code}_{default}",
        placeholder=ui.tr("widget.choose"),
    )


def header(s: DaySummary, present: bool) -> None:
    meta = view.meta(s, ui.lang())
    if present:
        st.markdown(
            f'<div class="sum-top"><h1>{proj.esc(ui.tr("page.summary"))}</h1>'
            f'<div class="sum-meta">{proj.esc(meta)}</div></div>',
            unsafe_allow_html=True,
        )
    else:
        st.title(ui.tr("page.summary"))
        st.markdown(f'<div class="sum-meta">{proj.esc(meta)}</div>', unsafe_allow_html=True)


def _html(text: str) -> None:
    st.markdown(f'<div class="sum">{text}</div>', unsafe_allow_html=True)


def _channel(name: str, s: DaySummary) -> None:
    _html(view.channel(name, s, ui.lang()))


def _sides(sides: tuple[str, str], spec: int | list[int]) -> None:
    """A channel's two sides in two columns."""
    left, right = st.columns(spec, gap="large")
    with left:
        _html(sides[0])
    with right:
        _html(sides[1])


def teams(s: DaySummary, verified: dict[str, int] | None = None) -> None:
    """The teams channel; with `verified` (team → verified cash of the day, SPEC §5.6) a
    column shows the cash the repayment records confirm beside the claimed cash."""
    _channel("teams", s)
    _html(view.teams(s, ui.lang(), verified))


def results(s: DaySummary) -> None:
    _channel("results", s)
    _sides(view.results(s, ui.lang()), 2)


def saved(s: DaySummary) -> None:
    _channel("saved", s)
    _html(view.saved(s, ui.lang()))


def conduct(s: DaySummary) -> None:
    _channel("conduct", s)
    _sides(view.conduct(s, ui.lang()), [2, 3])


def problems(s: DaySummary) -> None:
    _channel("problems", s)
    _html(view.problems(s, ui.lang()))


def tomorrow(s: DaySummary) -> None:
    _channel("tomorrow", s)
    _sides(view.tomorrow(s, ui.lang()), 2)


RENDER: dict[str, Callable[[DaySummary], None]] = {
    "teams": teams,
    "results": results,
    "saved": saved,
    "conduct": conduct,
    "problems": problems,
    "tomorrow": tomorrow,
}
