"""The 17:30 summary of one field day and its battle report (战报) (SPEC §3, §4.10, §4.11).

`DaySummary` is what db.queries.summary reads from the store: plain values, every
piece of personal data already masked (names keep the first character, loan numbers
the last 4; free text through core.masking.Redactor, the app's one redactor).
This module holds that model and the text helpers every view shares (day_line,
period_line, kpis, ...). The renderers live beside it, without a store or a UI:

- core.report_poster.poster_png: a portrait poster 1080 px wide for a phone's group chat;
- core.report_pdf.report_pdf: an A5 portrait PDF in core.pdf's embedded CJK font;
- core.report_xlsx.report_xlsx: a workbook, one sheet per block.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from core.i18n import DEFAULT_LANGUAGE, t, translator
from core.money import fen_to_yuan, format_points, format_wan, format_yuan, hundredths_to_points
from core.teamstyle import TeamStyle

# --------------------------------------------------------------------------- the summary


@dataclass(frozen=True)
class TeamDay:
    """One team in the period just ended, beside the previous period (None: no previous)."""

    team: str
    rank: int
    points: int  # hundredths
    cash_fen: int
    visits: int
    acks: int
    promises: int
    target_fen: int  # the daily target (SPEC §4.8)
    prev_rank: int | None = None
    prev_points: int | None = None
    prev_cash_fen: int | None = None

    @property
    def attainment(self) -> float | None:
        return self.cash_fen / self.target_fen if self.target_fen else None

    @property
    def rank_change(self) -> int | None:
        """Places gained since the previous period (negative: places lost)."""
        return None if self.prev_rank is None else self.prev_rank - self.rank


@dataclass(frozen=True)
class VisitLine:
    """One visit as the summary lists it; borrower and loan number already masked.

    `amount_fen` is the cash collected (recoveries) or the promised amount (promises);
    `due` a promise's date; `before` and `expiry` the limitation status before the
    period and the new expiry (limitations saved); `note` the visit's note, redacted.
    """

    at: datetime  # naive camp local time
    team: str
    members: tuple[str, ...]
    borrower: str
    loan_no: str
    contact: str = ""
    amount_fen: int = 0
    due: date | None = None
    method: str = ""
    before: str = ""
    expiry: date | None = None
    note: str = ""
    night: bool = False


@dataclass(frozen=True)
class ProblemLine:
    id: int
    text: str  # redacted
    team: str
    loan_no: str  # masked
    borrower: str  # masked
    status: str  # open, closed
    raised_by: str
    raised_at: datetime  # naive camp local time
    resolution: str  # redacted


@dataclass(frozen=True)
class NightShift:
    start: datetime  # naive camp local time
    end: datetime


@dataclass(frozen=True)
class DaySummary:
    """A field day's summary meeting: the period of camp day `day`, all masked."""

    camp_code: str
    camp_name: str
    bank: str
    day: int
    field_index: int  # k in "field day k of n"
    field_count: int
    day_date: date
    period_start: datetime  # naive camp local time (exclusive)
    period_end: datetime  # naive camp local time (inclusive)
    state: str  # "closed", "running" or "upcoming" when the summary was read
    prev_day: int | None
    generated_at: datetime  # naive camp local time
    teams: tuple[TeamDay, ...] = ()
    recoveries: tuple[VisitLine, ...] = ()  # the largest, biggest first
    recovery_count: int = 0  # visits that collected money
    promises: tuple[VisitLine, ...] = ()  # complete promises made in the period
    saved: tuple[VisitLine, ...] = ()
    quiet: tuple[VisitLine, ...] = ()  # note: the appointment (SPEC §4.11)
    single: tuple[VisitLine, ...] = ()
    problems: tuple[ProblemLine, ...] = ()
    tomorrow: date | None = None
    due_tomorrow: tuple[VisitLine, ...] = ()
    retries: tuple[VisitLine, ...] = ()  # loans visited without contact: try again
    night_shifts: tuple[NightShift, ...] = ()
    # quiet-hours visits stored without an appointment made before them (older records)
    quiet_without: tuple[VisitLine, ...] = ()
    # each team's colour and emblem (core.teamstyle): the poster marks its teams with them
    styles: Mapping[str, TeamStyle] = field(default_factory=dict)
    receipts_out: tuple[tuple[str, int], ...] = ()  # notices not back, per team (issue 17)

    @property
    def cash_fen(self) -> int:
        return sum(x.cash_fen for x in self.teams)

    @property
    def points(self) -> int:
        return sum(x.points for x in self.teams)

    @property
    def visits(self) -> int:
        return sum(x.visits for x in self.teams)

    @property
    def acks(self) -> int:
        return sum(x.acks for x in self.teams)

    @property
    def night_candidates(self) -> tuple[VisitLine, ...]:
        """Loans not met by day: the customer may work by day, so an arranged night visit."""
        return tuple(r for r in self.retries if not r.night)

    def open_problems(self) -> tuple[ProblemLine, ...]:
        return tuple(p for p in self.problems if p.status == "open")

    def counts_by_team(self, lines: Iterable[VisitLine]) -> list[tuple[str, int]]:
        """(team, count) in the teams' order, teams without any left out."""
        counts: dict[str, int] = {}
        for line in lines:
            counts[line.team] = counts.get(line.team, 0) + 1
        order = [x.team for x in self.teams] + sorted(set(counts) - {x.team for x in self.teams})
        return [(team, counts[team]) for team in order if counts.get(team)]


# --------------------------------------------------------------------------- formatting


def day_line(s: DaySummary, lang: str = DEFAULT_LANGUAGE) -> str:
    return translator(lang)(
        "summary.day", day=s.day, k=s.field_index, n=s.field_count, date=s.day_date.isoformat()
    )


def period_line(s: DaySummary, lang: str = DEFAULT_LANGUAGE) -> str:
    text = translator(lang)(
        "summary.period",
        start=f"{s.period_start:%m-%d %H:%M}",
        end=f"{s.period_end:%m-%d %H:%M}",
    )
    return text if s.state == "closed" else f"{text} {t(f'summary.state.{s.state}', lang)}"


def change_text(x: TeamDay) -> str:
    """▲2 / ▼1 / – : places gained since the previous period."""
    change = x.rank_change
    if change is None or change == 0:
        return "–"
    return f"▲{change}" if change > 0 else f"▼{-change}"


def team_cells(x: TeamDay) -> list[object]:
    """A team's rank, name, points, cash (yuan), visits and previous points (blank before
    the first period), as the summary's tables on the page and in the PDF start a row."""
    prev_points = "" if x.prev_points is None else format_points(x.prev_points)
    return [x.rank, x.team, format_points(x.points), format_yuan(x.cash_fen), x.visits, prev_points]


def points_delta(x: TeamDay) -> str:
    if x.prev_points is None:
        return ""
    diff = x.points - x.prev_points
    return ("+" if diff >= 0 else "") + format_points(diff)


def short_date(d: date | None, ref: date) -> str:
    """MM-DD within `ref`'s year, the full date beyond it (a promise into next January)."""
    if d is None:
        return ""
    return f"{d:%m-%d}" if d.year == ref.year else d.isoformat()


def members_text(line: VisitLine) -> str:
    return "、".join(line.members)


def status_text(status: str, lang: str) -> str:
    return t(f"summary.status.{status}", lang)


def limitation_text(status: str, lang: str) -> str:
    return t(f"summary.lim.{status}", lang) if status else ""


def shifts_text(s: DaySummary, lang: str = DEFAULT_LANGUAGE) -> str:
    if not s.night_shifts:
        return t("summary.night.none", lang)
    sep = "，" if lang == "zh" else ", "
    return sep.join(f"{n.start:%m-%d %H:%M}–{n.end:%H:%M}" for n in s.night_shifts)


def kpis(s: DaySummary, lang: str = DEFAULT_LANGUAGE) -> list[tuple[str, str, str]]:
    """(label, value, unit) of the day's headline figures."""
    tr = translator(lang)
    return [
        (tr("summary.kpi.cash"), format_wan(s.cash_fen), tr("summary.unit.wan")),
        (tr("summary.kpi.points"), format_points(s.points), ""),
        (tr("summary.kpi.visits"), str(s.visits), ""),
        (tr("summary.kpi.acks"), str(s.acks), ""),
        (tr("summary.kpi.promises"), str(len(s.promises)), ""),
        (tr("summary.kpi.saved"), str(len(s.saved)), ""),
    ]


def kpi_numbers(s: DaySummary) -> list[object]:
    """The figures of `kpis` as numbers for a workbook (万元 as Decimal, counts as int)."""
    return [fen_to_yuan(s.cash_fen) / 10_000, hundredths_to_points(s.points), s.visits,
            s.acks, len(s.promises), len(s.saved)]  # fmt: skip
