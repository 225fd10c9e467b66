"""The channels of /summary on the big screen: each fits 1920×1080 for up to 12 teams.

Everything shown comes from a masked core.report.DaySummary; every cell is escaped
(proj.table, proj.esc). Text is 20 px or more.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

import streamlit as st

from core import report
from core.config import resolve_database_url
from core.money import format_points, format_yuan
from core.report import DaySummary, VisitLine
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

VIEWS = ("teams", "results", "saved", "conduct", "problems", "tomorrow")
ROWS = 12  # list rows per table on the big screen


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
    meta = f"{report.day_line(s, ui.lang())}　{report.period_line(s, ui.lang())}"
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


def _channel(name: str, note: str = "") -> None:
    index = VIEWS.index(name) + 1
    title = ui.tr("summary.channel", i=index, n=len(VIEWS), name=ui.tr(f"summary.view.{name}"))
    extra = f"<span>{proj.esc(note)}</span>" if note else ""
    _html(f'<div class="sum-ch">{proj.esc(title)}{extra}</div>')


def _h(title: str, count: int | None = None) -> str:
    tail = f"　{ui.tr('summary.count', n=count)}" if count is not None else ""
    return f'<div class="sum-h">{proj.esc(title + tail)}</div>'


def _shown(n: int, k: int = ROWS) -> str:
    return (
        f'<div class="sum-note">{proj.esc(ui.tr("summary.shown", k=k, n=n))}</div>' if n > k else ""
    )


def _none() -> str:
    return f'<div class="sum-note">{proj.esc(ui.tr("summary.none"))}</div>'


def _lines(
    heads: Sequence[str],
    rows: Sequence[Sequence[object]],
    numeric: Sequence[int] = (),
    total: int | None = None,
) -> str:
    if not rows:
        return _none()
    shown = rows[:ROWS]
    total = len(rows) if total is None else total
    return proj.table(heads, shown, numeric=numeric) + _shown(total, len(shown))


def teams(s: DaySummary, verified: dict[str, int] | None = None) -> None:
    """The teams channel; with `verified` (team → verified cash of the day, SPEC §5.6) a
    column shows the cash the repayment records confirm beside the claimed cash."""
    _channel("teams", ui.tr("summary.vs_prev") if s.prev_day else ui.tr("summary.first_day"))
    tiles = "".join(
        f'<div class="sum-kpi"><b>{proj.esc(v)}</b><span>'
        f"{proj.esc(f'{k}（{u}）' if u else k)}</span></div>"
        for k, v, u in report.kpis(s, ui.lang())
    )
    heads = [
        ui.tr(f"summary.col.{c}")
        for c in (
            "rank",
            "team",
            "points",
            "cash",
            "visits",
            "prev_points",
            "prev_cash",
            "change",
            "attain",
        )
    ]
    if verified is not None:
        heads.insert(4, ui.tr("verified.col"))
    rows = []
    for x in s.teams:
        attain = "" if x.attainment is None else f"{x.attainment:.0%}"
        row = [
            x.rank,
            x.team,
            format_points(x.points),
            format_yuan(x.cash_fen),
            x.visits,
            "" if x.prev_points is None else format_points(x.prev_points),
            "" if x.prev_cash_fen is None else format_yuan(x.prev_cash_fen),
            report.change_text(x),
            attain,
        ]
        if verified is not None:
            row.insert(4, format_yuan(verified.get(x.team, 0)))
        rows.append(row)
    numeric = tuple(range(2, len(heads)))
    table = proj.table(heads, rows, numeric=numeric, lead=0) if rows else _none()
    table = table.replace('<td class="num">▲', '<td class="num sum-up">▲').replace(
        '<td class="num">▼', '<td class="num sum-down">▼'
    )
    _html(f'<div class="sum-kpis">{tiles}</div>{table}')


def _who(x: VisitLine) -> list[object]:
    return [x.borrower, x.team, report.members_text(x)]


def results(s: DaySummary) -> None:
    _channel("results")
    left, right = st.columns(2, gap="large")
    with left:
        heads = [ui.tr(f"summary.col.{c}") for c in ("borrower", "team", "members", "amount")]
        rows = [[*_who(x), format_yuan(x.amount_fen)] for x in s.recoveries]
        _html(
            _h(ui.tr("summary.sec.recoveries"), s.recovery_count)
            + _lines(heads, rows, (3,), s.recovery_count)
        )
    with right:
        heads = [ui.tr(f"summary.col.{c}") for c in ("borrower", "team", "amount", "due")]
        rows = [
            [x.borrower, x.team, format_yuan(x.amount_fen), report.short_date(x.due, s.day_date)]
            for x in s.promises
        ]
        _html(_h(ui.tr("summary.sec.promises"), len(s.promises)) + _lines(heads, rows, (2, 3)))


def saved(s: DaySummary) -> None:
    _channel("saved", ui.tr("summary.count", n=len(s.saved)))
    heads = [
        ui.tr(f"summary.col.{c}")
        for c in ("borrower", "loan", "team", "members", "before", "expiry", "time")
    ]
    rows = [
        [
            x.borrower,
            x.loan_no[-8:],
            x.team,
            report.members_text(x),
            report.limitation_text(x.before, ui.lang()),
            x.expiry.isoformat() if x.expiry else "",
            f"{x.at:%m-%d %H:%M}",
        ]
        for x in s.saved
    ]
    _html(_lines(heads, rows))


def conduct(s: DaySummary) -> None:
    _channel("conduct")
    left, right = st.columns([2, 3], gap="large")
    quiet, single = dict(s.counts_by_team(s.quiet)), dict(s.counts_by_team(s.single))
    with left:
        heads = [ui.tr(f"summary.col.{c}") for c in ("team", "quiet", "single")]
        rows = [
            [x.team, quiet.get(x.team, 0), single.get(x.team, 0)]
            for x in s.teams
            if quiet.get(x.team) or single.get(x.team)
        ]
        _html(
            _h(ui.tr("summary.sec.by_team"))
            + (proj.table(heads, rows, numeric=(1, 2)) if rows else _none())
        )
    with right:
        heads = [ui.tr(f"summary.col.{c}") for c in ("time", "team", "members", "contact")]
        rows = [
            [f"{x.at:%m-%d %H:%M}", x.team, report.members_text(x), x.contact] for x in s.single
        ]
        _html(
            _h(ui.tr("summary.sec.single"), len(s.single))
            + _lines(heads, rows)
            + f'<div class="sum-note">{proj.esc(quiet_line(s))}</div>'
        )


def quiet_line(s: DaySummary) -> str:
    """Quiet-hours visits: all with an appointment made before, or those without listed."""
    if not s.quiet_without:
        return ui.tr("summary.conduct.quiet", n=len(s.quiet))
    lines = "；".join(f"{x.at:%m-%d %H:%M} {x.team} {x.borrower}" for x in s.quiet_without)
    return ui.tr("summary.conduct.quiet_without", n=len(s.quiet),
                 missing=len(s.quiet_without), lines=lines)  # fmt: skip


PROBLEM_ROWS = 12  # one line each: the text is cut to fit


def problems(s: DaySummary) -> None:
    open_ = s.open_problems()
    _channel(
        "problems",
        ui.tr("summary.problems.count", open=len(open_), closed=len(s.problems) - len(open_)),
    )
    heads = [
        ui.tr(f"summary.col.{c}")
        for c in ("status", "team", "text", "by", "raised_at", "resolution")
    ]
    rows = [
        [
            report.status_text(p.status, ui.lang()),
            p.team,
            _cut(p.text, 40),
            p.raised_by,
            f"{p.raised_at:%m-%d %H:%M}",
            _cut(p.resolution, 16),
        ]
        for p in s.problems
    ]
    body = (
        proj.table(heads, rows[:PROBLEM_ROWS]) + _shown(len(rows), PROBLEM_ROWS)
        if rows
        else _none()
    )
    _html(body)


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def tomorrow(s: DaySummary) -> None:
    _channel("tomorrow", f"{s.tomorrow:%Y-%m-%d}" if s.tomorrow else "")
    left, right = st.columns(2, gap="large")
    with left:
        heads = [ui.tr(f"summary.col.{c}") for c in ("borrower", "team", "amount", "method")]
        rows = [[x.borrower, x.team, format_yuan(x.amount_fen), x.method] for x in s.due_tomorrow]
        _html(_h(ui.tr("summary.sec.due"), len(s.due_tomorrow)) + _lines(heads, rows, (2,)))
    with right:
        retry = dict(s.counts_by_team(s.retries))
        night = dict(s.counts_by_team(s.night_candidates))
        heads = [ui.tr(f"summary.col.{c}") for c in ("team", "count", "night_candidates")]
        rows = [
            [x.team, retry.get(x.team, 0), night.get(x.team, 0)]
            for x in s.teams
            if retry.get(x.team)
        ]
        shifts = ui.tr("summary.tomorrow.shifts", shifts=report.shifts_text(s, ui.lang()))
        consent = ui.tr("summary.night.consent") if s.night_shifts else ""
        _html(
            _h(ui.tr("summary.sec.night"))
            + f'<div class="sum-big">{proj.esc(shifts)}</div>'
            + f'<div class="sum-note">{proj.esc(consent)}</div>'
            + _h(ui.tr("summary.sec.retry"), len(s.retries))
            + (proj.table(heads, rows, numeric=(1, 2)) if rows else _none())
            + _receipts_out(s)
        )


def _receipts_out(s: DaySummary) -> str:
    """Per team, the notices out past the camp's days without their receipt (issue 17)."""
    if not s.receipts_out:
        return ""
    heads = [ui.tr("summary.col.team"), ui.tr("summary.col.notices_out")]
    rows = [[team or "—", n] for team, n in s.receipts_out]
    total = sum(n for _, n in s.receipts_out)
    return _h(ui.tr("summary.sec.receipts_out"), total) + proj.table(heads, rows, numeric=(1,))


RENDER: dict[str, Callable[[DaySummary], None]] = {
    "teams": teams,
    "results": results,
    "saved": saved,
    "conduct": conduct,
    "problems": problems,
    "tomorrow": tomorrow,
}
