"""The channels of /summary as HTML: what each of the six channels shows of one masked
core.report.DaySummary, in `lang`, without a store or a UI.

pages/_summary_views.py draws these strings (st.markdown, two columns where a channel
has two sides); each fits 1920×1080 for up to 12 teams. Every cell is escaped
(core.markup.table, core.markup.esc).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from core import report
from core.i18n import translator
from core.markup import esc, table
from core.money import format_yuan
from core.report import DaySummary, VisitLine

VIEWS = ("teams", "results", "saved", "conduct", "problems", "tomorrow")
ROWS = 12  # list rows per table on the big screen
PROBLEM_ROWS = 12  # one line each: the text is cut to fit


def meta(s: DaySummary, lang: str) -> str:
    """The field day and the period, as the header shows them beside the title."""
    return f"{report.day_line(s, lang)}　{report.period_line(s, lang)}"


def _note(name: str, s: DaySummary, lang: str) -> str:
    tr = translator(lang)
    if name == "teams":
        return tr("summary.vs_prev") if s.prev_day else tr("summary.first_day")
    if name == "saved":
        return tr("summary.count", n=len(s.saved))
    if name == "problems":
        open_ = len(s.open_problems())
        return tr("summary.problems.count", open=open_, closed=len(s.problems) - open_)
    if name == "tomorrow":
        return f"{s.tomorrow:%Y-%m-%d}" if s.tomorrow else ""
    return ""


def channel(name: str, s: DaySummary, lang: str) -> str:
    """The channel's banner: "i/n name" and its note (the day compared, a count, a date)."""
    tr = translator(lang)
    index = VIEWS.index(name) + 1
    title = tr("summary.channel", i=index, n=len(VIEWS), name=tr(f"summary.view.{name}"))
    note = _note(name, s, lang)
    extra = f"<span>{esc(note)}</span>" if note else ""
    return f'<div class="sum-ch">{esc(title)}{extra}</div>'


def _h(title: str, lang: str, count: int | None = None) -> str:
    tail = f"　{translator(lang)('summary.count', n=count)}" if count is not None else ""
    return f'<div class="sum-h">{esc(title + tail)}</div>'


def _shown(n: int, lang: str, k: int = ROWS) -> str:
    text = translator(lang)("summary.shown", k=k, n=n)
    return f'<div class="sum-note">{esc(text)}</div>' if n > k else ""


def _none(lang: str) -> str:
    return f'<div class="sum-note">{esc(translator(lang)("summary.none"))}</div>'


def _lines(
    heads: Sequence[str],
    rows: Sequence[Sequence[object]],
    lang: str,
    numeric: Sequence[int] = (),
    total: int | None = None,
) -> str:
    """The first ROWS rows, and "first k of n" under them when there are more."""
    if not rows:
        return _none(lang)
    shown = rows[:ROWS]
    total = len(rows) if total is None else total
    return table(heads, shown, numeric=numeric) + _shown(total, lang, len(shown))


def _heads(lang: str, *columns: str) -> list[str]:
    tr = translator(lang)
    return [tr(f"summary.col.{c}") for c in columns]


def _arrow(value: object) -> str:
    """A change in rank as the meeting reads it: a rise in red, a fall in green."""
    text = str(value)
    return "sum-up" if text.startswith("▲") else "sum-down" if text.startswith("▼") else ""


def teams(s: DaySummary, lang: str, verified: Mapping[str, int] | None = None) -> str:
    """The teams channel: the day's headline tiles and the ranking; with `verified` (team →
    verified cash of the day, SPEC §5.6) a column shows the cash the repayment records
    confirm beside the claimed cash."""
    tiles = "".join(
        f'<div class="sum-kpi"><b>{esc(v)}</b><span>{esc(f"{k}（{u}）" if u else k)}</span></div>'
        for k, v, u in report.kpis(s, lang)
    )
    heads = _heads(lang, "rank", "team", "points", "cash", "visits", "prev_points",
                   "prev_cash", "change", "attain")  # fmt: skip
    if verified is not None:
        heads.insert(4, translator(lang)("verified.col"))
    rows = []
    for x in s.teams:
        attain = "" if x.attainment is None else f"{x.attainment:.0%}"
        prev_cash = "" if x.prev_cash_fen is None else format_yuan(x.prev_cash_fen)
        row = [*report.team_cells(x), prev_cash, report.change_text(x), attain]
        if verified is not None:
            row.insert(4, format_yuan(verified.get(x.team, 0)))
        rows.append(row)
    numeric = tuple(range(2, len(heads)))
    change = heads.index(translator(lang)("summary.col.change"))

    def mark(column: int, value: object) -> str:
        return _arrow(value) if column == change else ""

    ranking = table(heads, rows, numeric=numeric, lead=0, mark=mark) if rows else _none(lang)
    return f'<div class="sum-kpis">{tiles}</div>{ranking}'


def _who(x: VisitLine) -> list[object]:
    return [x.borrower, x.team, report.members_text(x)]


def results(s: DaySummary, lang: str) -> tuple[str, str]:
    """The results channel's two sides: the recoveries, and the promises with their dates."""
    tr = translator(lang)
    rows = [[*_who(x), format_yuan(x.amount_fen)] for x in s.recoveries]
    left = _h(tr("summary.sec.recoveries"), lang, s.recovery_count) + _lines(
        _heads(lang, "borrower", "team", "members", "amount"), rows, lang, (3,), s.recovery_count
    )
    rows = [
        [x.borrower, x.team, format_yuan(x.amount_fen), report.short_date(x.due, s.day_date)]
        for x in s.promises
    ]
    right = _h(tr("summary.sec.promises"), lang, len(s.promises)) + _lines(
        _heads(lang, "borrower", "team", "amount", "due"), rows, lang, (2, 3)
    )
    return left, right


def saved(s: DaySummary, lang: str) -> str:
    """The limitations saved in the period (loan numbers by their last 8 characters)."""
    heads = _heads(lang, "borrower", "loan", "team", "members", "before", "expiry", "time")
    rows = [
        [
            x.borrower,
            x.loan_no[-8:],
            x.team,
            report.members_text(x),
            report.limitation_text(x.before, lang),
            x.expiry.isoformat() if x.expiry else "",
            f"{x.at:%m-%d %H:%M}",
        ]
        for x in s.saved
    ]
    return _lines(heads, rows, lang)


def conduct(s: DaySummary, lang: str) -> tuple[str, str]:
    """The conduct channel's two sides: quiet-hours and single visits per team, and the
    single visits listed with the quiet-hours line under them."""
    tr = translator(lang)
    quiet, single = dict(s.counts_by_team(s.quiet)), dict(s.counts_by_team(s.single))
    rows = [
        [x.team, quiet.get(x.team, 0), single.get(x.team, 0)]
        for x in s.teams
        if quiet.get(x.team) or single.get(x.team)
    ]
    heads = _heads(lang, "team", "quiet", "single")
    left = _h(tr("summary.sec.by_team"), lang) + (
        table(heads, rows, numeric=(1, 2)) if rows else _none(lang)
    )
    rows = [[f"{x.at:%m-%d %H:%M}", x.team, report.members_text(x), x.contact] for x in s.single]
    right = (
        _h(tr("summary.sec.single"), lang, len(s.single))
        + _lines(_heads(lang, "time", "team", "members", "contact"), rows, lang)
        + f'<div class="sum-note">{esc(quiet_line(s, lang))}</div>'
    )
    return left, right


def quiet_line(s: DaySummary, lang: str) -> str:
    """Quiet-hours visits: all with an appointment made before, or those without listed."""
    tr = translator(lang)
    if not s.quiet_without:
        return tr("summary.conduct.quiet", n=len(s.quiet))
    lines = "；".join(f"{x.at:%m-%d %H:%M} {x.team} {x.borrower}" for x in s.quiet_without)
    return tr("summary.conduct.quiet_without", n=len(s.quiet),
              missing=len(s.quiet_without), lines=lines)  # fmt: skip


def problems(s: DaySummary, lang: str) -> str:
    """The problems raised, one line each (text and resolution cut to fit)."""
    heads = _heads(lang, "status", "team", "text", "by", "raised_at", "resolution")
    rows = [
        [
            report.status_text(p.status, lang),
            p.team,
            cut(p.text, 40),
            p.raised_by,
            f"{p.raised_at:%m-%d %H:%M}",
            cut(p.resolution, 16),
        ]
        for p in s.problems
    ]
    if not rows:
        return _none(lang)
    return table(heads, rows[:PROBLEM_ROWS]) + _shown(len(rows), lang, PROBLEM_ROWS)


def cut(text: str, n: int) -> str:
    """`text` in at most `n` characters, its end replaced by "…" when cut."""
    return text if len(text) <= n else text[: n - 1] + "…"


def tomorrow(s: DaySummary, lang: str) -> tuple[str, str]:
    """The tomorrow channel's two sides: the promises due, and the night shifts, the teams'
    visits to try again and the receipts out."""
    tr = translator(lang)
    rows = [[x.borrower, x.team, format_yuan(x.amount_fen), x.method] for x in s.due_tomorrow]
    left = _h(tr("summary.sec.due"), lang, len(s.due_tomorrow)) + _lines(
        _heads(lang, "borrower", "team", "amount", "method"), rows, lang, (2,)
    )
    retry = dict(s.counts_by_team(s.retries))
    night = dict(s.counts_by_team(s.night_candidates))
    heads = _heads(lang, "team", "count", "night_candidates")
    rows = [
        [x.team, retry.get(x.team, 0), night.get(x.team, 0)] for x in s.teams if retry.get(x.team)
    ]
    shifts = tr("summary.tomorrow.shifts", shifts=report.shifts_text(s, lang))
    consent = tr("summary.night.consent") if s.night_shifts else ""
    right = (
        _h(tr("summary.sec.night"), lang)
        + f'<div class="sum-big">{esc(shifts)}</div>'
        + f'<div class="sum-note">{esc(consent)}</div>'
        + _h(tr("summary.sec.retry"), lang, len(s.retries))
        + (table(heads, rows, numeric=(1, 2)) if rows else _none(lang))
        + receipts_out(s, lang)
    )
    return left, right


def receipts_out(s: DaySummary, lang: str) -> str:
    """Per team, the notices out past the camp's days without their receipt (issue 17);
    '' when none is out."""
    if not s.receipts_out:
        return ""
    tr = translator(lang)
    heads = [tr("summary.col.team"), tr("summary.col.notices_out")]
    rows = [[team or "—", n] for team, n in s.receipts_out]
    total = sum(n for _, n in s.receipts_out)
    return _h(tr("summary.sec.receipts_out"), lang, total) + table(heads, rows, numeric=(1,))
