"""The 17:30 summary of one field day and its battle report (战报) (SPEC §3, §4.10, §4.11).

`DaySummary` is what db.summary reads from the store: plain values, every piece of
personal data already masked (names keep the first character, loan numbers the
last 4; free text through core.masking.Redactor, the app's one redactor).
From it this module draws, without a store or a UI:

- `poster_png`: a portrait poster 1080 px wide for a phone's group chat (Pillow,
  Noto Sans CJK from Debian's fonts-noto-cjk);
- `report_pdf`: an A5 portrait PDF — a page that a phone shows at a readable size —
  in core.pdf's embedded TrueType CJK font;
- `report_xlsx`: a workbook, one sheet per block, every cell through
  core.exports.safe_cell.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from core.exports import fill_sheet, save_workbook
from core.i18n import DEFAULT_LANGUAGE, t
from core.money import fen_to_yuan, format_points, format_wan, format_yuan, hundredths_to_points

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


def _tr(lang: str) -> Callable[..., str]:
    def tr(key: str, **values: object) -> str:
        text = t(key, lang)
        return text.format(**values) if values else text

    return tr


def day_line(s: DaySummary, lang: str = DEFAULT_LANGUAGE) -> str:
    return _tr(lang)(
        "summary.day", day=s.day, k=s.field_index, n=s.field_count, date=s.day_date.isoformat()
    )


def period_line(s: DaySummary, lang: str = DEFAULT_LANGUAGE) -> str:
    text = _tr(lang)(
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
    tr = _tr(lang)
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


# --------------------------------------------------------------------------- the poster

POSTER_WIDTH = 1080
_M = 44  # margin
_RED = (200, 16, 46)
_DARK_RED = (139, 0, 0)
_INK = (17, 17, 17)
_MUTED = (80, 80, 80)
_LINE = (215, 215, 215)
_GOLD = (255, 236, 170)
_ZEBRA = (246, 246, 246)
_UP = (200, 16, 46)  # red is up in China
_DOWN = (0, 120, 60)
_WHITE = (255, 255, 255)

FONT_DIRS = (
    Path("/usr/share/fonts/opentype/noto"),
    Path("/usr/share/fonts/noto-cjk"),
    Path("/usr/share/fonts/google-noto-cjk"),
)
_SC = 2  # the Simplified Chinese face in Noto Sans CJK's collection


class PosterFontMissing(RuntimeError):
    """No Noto Sans CJK on the machine: install Debian's fonts-noto-cjk."""


def _font_path(bold: bool) -> Path | None:
    name = "NotoSansCJK-Bold.ttc" if bold else "NotoSansCJK-Regular.ttc"
    return next((d / name for d in FONT_DIRS if (d / name).is_file()), None)


def poster_available() -> bool:
    return _font_path(False) is not None and _font_path(True) is not None


@lru_cache(maxsize=64)
def _font(size: int, bold: bool = False):  # noqa: ANN202
    from PIL import ImageFont

    path = _font_path(bold)
    if path is None:
        raise PosterFontMissing("Noto Sans CJK not found: apt-get install fonts-noto-cjk")
    return ImageFont.truetype(str(path), size, index=_SC)


Cell = str | tuple[str, tuple[int, int, int]]  # text, or (text, colour)


class _Poster:
    """A tall white canvas drawn top to bottom; grows as needed, cropped at the end."""

    def __init__(self) -> None:
        from PIL import Image, ImageDraw

        self._image_mod = Image
        self.img = Image.new("RGB", (POSTER_WIDTH, 3000), _WHITE)
        self.draw = ImageDraw.Draw(self.img)
        self.y = 0

    def room(self, height: int) -> None:
        if self.y + height <= self.img.height:
            return
        from PIL import ImageDraw

        bigger = self._image_mod.new("RGB", (POSTER_WIDTH, self.y + height + 2000), _WHITE)
        bigger.paste(self.img, (0, 0))
        self.img, self.draw = bigger, ImageDraw.Draw(bigger)

    def fit(self, text: str, size: int, width: float, bold: bool = False) -> str:
        font = _font(size, bold)
        if font.getlength(text) <= width:
            return text
        while text and font.getlength(text + "…") > width:
            text = text[:-1]
        return text + "…"

    def wrap(self, text: str, size: int, width: float, lines: int) -> list[str]:
        font = _font(size)
        out: list[str] = []
        rest = text.replace("\n", " ")
        while rest and len(out) < lines:
            cut = len(rest)
            while cut > 1 and font.getlength(rest[:cut]) > width:
                cut -= 1
            out.append(rest[:cut])
            rest = rest[cut:]
        if rest and out:
            out[-1] = self.fit(out[-1] + rest, size, width)
        return out

    def text(
        self,
        x: float,
        y: float,
        text: str,
        size: int,
        *,
        bold: bool = False,
        fill: tuple[int, int, int] = _INK,
        anchor: str = "la",
    ) -> None:
        self.draw.text((x, y), text, font=_font(size, bold), fill=fill, anchor=anchor)

    def header(self, s: DaySummary, lang: str) -> None:
        height = 330
        self.room(height)
        self.draw.rectangle((0, 0, POSTER_WIDTH, height), fill=_RED)
        width = POSTER_WIDTH - 2 * _M
        self.text(_M, 36, self.fit(s.camp_name, 30, width), 30, fill=_WHITE)
        self.text(_M, 84, t("summary.report.title", lang), 84, bold=True, fill=_WHITE)
        self.text(_M, 200, self.fit(day_line(s, lang), 36, width, True), 36, bold=True, fill=_WHITE)
        self.text(_M, 256, self.fit(period_line(s, lang), 30, width), 30, fill=_WHITE)
        self.y = height + 28

    def kpis(self, items: Sequence[tuple[str, str, str]]) -> None:
        per_row, gap, tile_h = 3, 18, 138
        tile_w = (POSTER_WIDTH - 2 * _M - gap * (per_row - 1)) / per_row
        rows = (len(items) + per_row - 1) // per_row
        self.room(rows * (tile_h + gap) + 20)
        for i, (label, value, unit) in enumerate(items):
            x = _M + (i % per_row) * (tile_w + gap)
            y = self.y + (i // per_row) * (tile_h + gap)
            self.draw.rounded_rectangle(
                (x, y, x + tile_w, y + tile_h),
                14,
                fill=(253, 240, 240),
                outline=(240, 200, 200),
                width=2,
            )
            self.text(
                x + tile_w / 2,
                y + 62,
                self.fit(value, 52, tile_w - 20, True),
                52,
                bold=True,
                fill=_DARK_RED,
                anchor="mm",
            )
            caption = f"{label}（{unit}）" if unit else label
            self.text(
                x + tile_w / 2,
                y + 114,
                self.fit(caption, 28, tile_w - 16),
                28,
                fill=_MUTED,
                anchor="mm",
            )
        self.y += rows * (tile_h + gap) + 12

    def section(self, title: str, note: str = "") -> None:
        self.room(90)
        self.y += 18
        self.draw.rectangle((_M, self.y + 4, _M + 10, self.y + 50), fill=_RED)
        self.text(_M + 26, self.y + 27, title, 40, bold=True, anchor="lm")
        if note:
            self.text(POSTER_WIDTH - _M, self.y + 29, note, 30, fill=_MUTED, anchor="rm")
        self.y += 68

    def table(
        self,
        columns: Sequence[tuple[str, float, str]],
        rows: Sequence[Sequence[Cell]],
        *,
        lead: int | None = None,
        size: int = 31,
        row_h: int = 58,
    ) -> None:
        """Columns: (header, share of the width, "l" or "r"); a header row in dark red."""
        width = POSTER_WIDTH - 2 * _M
        total = sum(w for _, w, _ in columns)
        xs, x = [], float(_M)
        for _, w, _ in columns:
            xs.append((x, x + width * w / total))
            x += width * w / total
        self.room(row_h * (len(rows) + 1) + 10)
        self.draw.rectangle((_M, self.y, POSTER_WIDTH - _M, self.y + row_h), fill=_DARK_RED)
        for (head, _, align), (x0, x1) in zip(columns, xs, strict=True):
            self._cell(head, x0, x1, align, self.y + row_h / 2, 28, _WHITE, bold=True)
        self.y += row_h
        for i, row in enumerate(rows):
            fill = _GOLD if i == lead else (_ZEBRA if i % 2 else _WHITE)
            self.draw.rectangle((_M, self.y, POSTER_WIDTH - _M, self.y + row_h), fill=fill)
            for cell, (_, _, align), (x0, x1) in zip(row, columns, xs, strict=True):
                text, colour = cell if isinstance(cell, tuple) else (cell, _INK)
                self._cell(text, x0, x1, align, self.y + row_h / 2, size, colour, bold=i == lead)
            self.y += row_h
        self.draw.line((_M, self.y, POSTER_WIDTH - _M, self.y), fill=_LINE, width=2)
        self.y += 8

    def _cell(
        self,
        text: str,
        x0: float,
        x1: float,
        align: str,
        mid: float,
        size: int,
        fill: tuple[int, int, int],
        bold: bool = False,
    ) -> None:
        pad = 10
        text = self.fit(text, size, x1 - x0 - 2 * pad, bold)
        if align == "r":
            self.text(x1 - pad, mid, text, size, bold=bold, fill=fill, anchor="rm")
        else:
            self.text(x0 + pad, mid, text, size, bold=bold, fill=fill, anchor="lm")

    def line(
        self, text: str, size: int = 31, fill: tuple[int, int, int] = _INK, lines: int = 2
    ) -> None:
        for part in self.wrap(text, size, POSTER_WIDTH - 2 * _M - 20, lines):
            self.room(size + 20)
            self.text(_M + 10, self.y + 4, part, size, fill=fill)
            self.y += size + 16

    def tokens(
        self, items: Sequence[str], size: int, fill: tuple[int, int, int], lines: int
    ) -> None:
        """Items joined by '，' and wrapped between items, never inside one (team names)."""
        font, width = _font(size), POSTER_WIDTH - 2 * _M - 40
        rows: list[str] = []
        for item in items:
            if rows and font.getlength(rows[-1] + "，" + item) <= width:
                rows[-1] += "，" + item
            else:
                rows.append(item)
        if len(rows) > lines:
            rows = rows[: lines - 1] + [self.fit("，".join(rows[lines - 1 :]), size, width)]
        for row in rows:
            self.room(size + 18)
            self.text(_M + 30, self.y + 2, row, size, fill=fill)
            self.y += size + 14

    def png(self) -> bytes:
        self.room(_M)
        image = self.img.crop((0, 0, POSTER_WIDTH, self.y + _M))
        buf = io.BytesIO()
        image.save(buf, format="PNG", optimize=True)
        return buf.getvalue()


POSTER_TOP = 5  # rows per list on the poster
PDF_ROWS = 15  # rows per list in the PDF (the workbook has every row)


def _more(n: int, shown: int, lang: str) -> str:
    return t("summary.more", lang).format(n=n - shown) if n > shown else ""


def poster_png(s: DaySummary, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The day as a portrait poster, 1080 px wide, for the bank's group chat."""
    tr = _tr(lang)
    p = _Poster()
    p.header(s, lang)
    p.kpis(kpis(s, lang))

    p.section(tr("summary.sec.teams"), tr("summary.vs_prev") if s.prev_day else "")
    rows: list[list[Cell]] = []
    for x in s.teams:
        change = change_text(x)
        colour = _UP if change.startswith("▲") else _DOWN if change.startswith("▼") else _MUTED
        rows.append(
            [
                str(x.rank),
                x.team,
                format_points(x.points),
                format_wan(x.cash_fen),
                (points_delta(x), _MUTED),
                (change, colour),
            ]
        )
    p.table(
        [
            (tr("summary.col.rank"), 0.8, "l"),
            (tr("summary.col.team"), 2.2, "l"),
            (tr("summary.col.points"), 1.5, "r"),
            (tr("summary.col.cash_wan"), 1.7, "r"),
            (tr("summary.col.vs_points"), 1.5, "r"),
            (tr("summary.col.change"), 1.2, "r"),
        ],
        rows,
        lead=0 if rows else None,
    )
    if not s.teams:
        p.line(tr("summary.none"), fill=_MUTED)

    def visit_table(
        title: str,
        lines: Sequence[VisitLine],
        total: int,
        extra: Sequence[tuple[str, float, str, Callable[[VisitLine], Cell]]],
    ) -> None:
        p.section(title, tr("summary.count", n=total))
        if not lines:
            p.line(tr("summary.none"), fill=_MUTED)
            return
        columns = [
            (tr("summary.col.borrower"), 1.0, "l"),
            (tr("summary.col.loan"), 1.35, "l"),
            (tr("summary.col.team"), 1.25, "l"),
        ] + [(h, w, a) for h, w, a, _ in extra]
        rows = [
            [x.borrower, x.loan_no[-8:], x.team] + [f(x) for *_, f in extra]
            for x in lines[:POSTER_TOP]
        ]
        p.table(columns, rows)
        more = _more(total, min(total, POSTER_TOP), lang)
        if more:
            p.line(more, 28, _MUTED, 1)

    members = (tr("summary.col.members"), 2.0, "l", members_text)
    visit_table(
        tr("summary.sec.recoveries"),
        s.recoveries,
        s.recovery_count,
        [members, (tr("summary.col.amount"), 1.75, "r", lambda x: format_yuan(x.amount_fen))],
    )
    visit_table(
        tr("summary.sec.promises"),
        sorted(s.promises, key=lambda x: -x.amount_fen),
        len(s.promises),
        [
            (tr("summary.col.amount"), 1.75, "r", lambda x: format_yuan(x.amount_fen)),
            (tr("summary.col.due"), 1.3, "r", lambda x: short_date(x.due, s.day_date)),
        ],
    )
    visit_table(
        tr("summary.sec.saved"),
        s.saved,
        len(s.saved),
        [members, (tr("summary.col.before"), 1.4, "r", lambda x: limitation_text(x.before, lang))],
    )

    p.section(tr("summary.sec.conduct"))
    for key, lines in (("quiet", s.quiet), ("single", s.single)):
        if key == "quiet" and s.quiet_without:  # some without an appointment: say how many
            text = tr("summary.conduct.quiet_missing", n=len(lines), missing=len(s.quiet_without))
        else:
            text = tr(f"summary.conduct.{key}", n=len(lines))
        p.line(text, 31, _INK, 1)
        p.tokens([f"{team} {n}" for team, n in s.counts_by_team(lines)], 29, _MUTED, 3)

    open_ = s.open_problems()
    p.section(
        tr("summary.sec.problems"),
        tr("summary.problems.count", open=len(open_), closed=len(s.problems) - len(open_)),
    )
    for pb in open_[:POSTER_TOP]:
        p.line(f"● {pb.team + '：' if pb.team else ''}{pb.text}", 30, _INK, 2)
    if len(open_) > POSTER_TOP:
        p.line(_more(len(open_), POSTER_TOP, lang), 28, _MUTED, 1)
    if not open_:
        p.line(tr("summary.problems.all_closed") if s.problems else tr("summary.none"), fill=_MUTED)

    p.section(tr("summary.sec.tomorrow"))
    due = sum(x.amount_fen for x in s.due_tomorrow)
    p.line(tr("summary.tomorrow.due", n=len(s.due_tomorrow), amount=format_yuan(due)))
    p.line(tr("summary.tomorrow.retry", n=len(s.retries), night=len(s.night_candidates)))
    p.line(tr("summary.tomorrow.shifts", shifts=shifts_text(s, lang)))
    p.y += 10
    p.line(tr("summary.footer", at=f"{s.generated_at:%Y-%m-%d %H:%M}"), 26, _MUTED, 2)
    return p.png()


# --------------------------------------------------------------------------- the PDF


def report_pdf(s: DaySummary, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The day as an A5 portrait PDF (a phone shows the page at a readable size)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    from core.pdf import FONT, GLYPHS, register_font
    from core.pdf import markup as _x

    register_font()
    tr = _tr(lang)
    margin = 9 * mm
    inner = A5[0] - 2 * margin
    base = ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=11, wordWrap="CJK")
    st = {
        "cell": base,
        "num": ParagraphStyle("num", parent=base, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, textColor=colors.white),
        "title": ParagraphStyle(
            "title", fontName=FONT, fontSize=22, leading=28, textColor=colors.HexColor("#c8102e")
        ),
        "sub": ParagraphStyle("sub", fontName=FONT, fontSize=11, leading=15, wordWrap="CJK"),
        "small": ParagraphStyle(
            "small",
            fontName=FONT,
            fontSize=8.5,
            leading=11,
            textColor=colors.HexColor("#444444"),
            wordWrap="CJK",
        ),
        "h2": ParagraphStyle(
            "h2",
            fontName=FONT,
            fontSize=13,
            leading=17,
            spaceBefore=7,
            spaceAfter=3,
            textColor=colors.HexColor("#8b0000"),
        ),
        "kv": ParagraphStyle(
            "kv",
            fontName=FONT,
            fontSize=15,
            leading=18,
            alignment=1,
            textColor=colors.HexColor("#8b0000"),
        ),
        "kl": ParagraphStyle("kl", fontName=FONT, fontSize=8, leading=10, alignment=1),
    }

    def para(text: object, style: str = "cell") -> Paragraph:
        return Paragraph(_x(text).replace("▲", "↑").replace("▼", "↓"), st[style])

    def table(
        heads: Sequence[tuple[str, float, bool]],
        rows: Sequence[Sequence[object]],
        lead: int | None = None,
    ) -> Table:
        total = sum(w for _, w, _ in heads)
        data = [[para(h, "head") for h, _, _ in heads]]
        data += [
            [para(c, "num" if num else "cell") for c, (_, _, num) in zip(r, heads, strict=True)]
            for r in rows
        ]
        style = [
            ("FONTNAME", (0, 0), (-1, -1), FONT),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#8b1a1a")),
            ("LINEBELOW", (0, 1), (-1, -1), 0.3, colors.HexColor("#bbbbbb")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("TOPPADDING", (0, 0), (-1, -1), 2),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ("LEFTPADDING", (0, 0), (-1, -1), 3),
            ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ]
        if lead is not None:
            style.append(("BACKGROUND", (0, lead + 1), (-1, lead + 1), colors.HexColor("#fff3c4")))
        return Table(
            data, colWidths=[inner * w / total for _, w, _ in heads], repeatRows=1, style=style
        )

    flow: list = [
        para(s.camp_name, "small"),
        para(tr("summary.report.title"), "title"),
        para(day_line(s, lang), "sub"),
        para(period_line(s, lang), "small"),
        Spacer(1, 3 * mm),
    ]
    items = kpis(s, lang)
    cells = [
        [Paragraph(_x(v), st["kv"]), Paragraph(_x(f"{k}（{u}）" if u else k), st["kl"])]
        for k, v, u in items
    ]
    grid = [
        [c[0] for c in cells[:3]],
        [c[1] for c in cells[:3]],
        [c[0] for c in cells[3:]],
        [c[1] for c in cells[3:]],
    ]
    flow.append(
        Table(
            grid,
            colWidths=[inner / 3] * 3,
            style=[
                ("FONTNAME", (0, 0), (-1, -1), FONT),  # not Helvetica: every font embedded
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fdf0f0")),
                ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#e8b4b4")),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ],
        )
    )

    def section(title: str, note: str, body: list) -> None:
        # a heading never ends a page; a long table then splits, its header repeated
        flow.append(CondPageBreak(40 * mm))
        flow.append(para(f"{title}　{note}" if note else title, "h2"))
        flow.extend(body)

    def block(
        title: str,
        total: int | str,
        heads: Sequence[tuple[str, float, bool]],
        rows: Sequence[Sequence[object]],
        lead: int | None = None,
    ) -> None:
        """A titled table of at most PDF_ROWS rows (the workbook has them all); `total` is
        the count beside the title, or the text to put there."""
        body: list = [para(tr("summary.none"), "small")]
        if rows:
            body = [table(heads, rows[:PDF_ROWS], lead)]
            if len(rows) > PDF_ROWS:
                body.append(para(tr("summary.more_in_xlsx", n=len(rows) - PDF_ROWS), "small"))
        section(title, total if isinstance(total, str) else tr("summary.count", n=total), body)

    # column widths in mm: they add up to the printable width of A5 (130 mm)
    when = (tr("summary.col.time"), 21, False)
    team = (tr("summary.col.team"), 17, False)
    members = (tr("summary.col.members"), 34, False)
    borrower, loan = (tr("summary.col.borrower"), 13, False), (tr("summary.col.loan"), 26, False)
    amount = (tr("summary.col.amount"), 23, True)

    def who(x: VisitLine) -> list[object]:
        return [x.borrower, x.loan_no, x.team]

    heads = [
        (tr("summary.col.rank"), 11, False),
        (tr("summary.col.team"), 20, False),
        (tr("summary.col.points"), 18, True),
        (tr("summary.col.cash"), 26, True),
        (tr("summary.col.visits"), 12, True),
        (tr("summary.col.prev_points"), 21, True),
        (tr("summary.col.change"), 22, True),
    ]
    rows = [
        [
            x.rank,
            x.team,
            format_points(x.points),
            format_yuan(x.cash_fen),
            x.visits,
            "" if x.prev_points is None else format_points(x.prev_points),
            change_text(x),
        ]
        for x in s.teams
    ]
    section(
        tr("summary.sec.teams"),
        tr("summary.vs_prev") if s.prev_day else "",
        [table(heads, rows, 0)] if rows else [para(tr("summary.none"), "small")],
    )
    block(
        tr("summary.sec.recoveries"),
        s.recovery_count,
        [borrower, loan, team, members, amount],
        [[*who(x), members_text(x), format_yuan(x.amount_fen)] for x in s.recoveries],
    )
    block(
        tr("summary.sec.promises"),
        len(s.promises),
        [
            borrower,
            loan,
            team,
            (tr("summary.col.due"), 20, False),
            amount,
            (tr("summary.col.method"), 31, False),
        ],
        [
            [*who(x), short_date(x.due, s.day_date), format_yuan(x.amount_fen), x.method]
            for x in s.promises
        ],
    )
    block(
        tr("summary.sec.saved"),
        len(s.saved),
        [
            borrower,
            loan,
            team,
            (tr("summary.col.members"), 33, False),
            (tr("summary.col.before"), 18, False),
            (tr("summary.col.expiry"), 23, False),
        ],
        [
            [
                *who(x),
                members_text(x),
                limitation_text(x.before, lang),
                x.expiry.isoformat() if x.expiry else "",
            ]
            for x in s.saved
        ],
    )
    block(
        tr("summary.sec.quiet"),
        len(s.quiet),
        [
            when,
            team,
            (tr("summary.col.members"), 30, False),
            borrower,
            (tr("summary.col.appointment"), 49, False),
        ],
        [[f"{x.at:%m-%d %H:%M}", x.team, members_text(x), x.borrower, x.note] for x in s.quiet],
    )
    block(
        tr("summary.sec.single"),
        len(s.single),
        [
            when,
            team,
            (tr("summary.col.members"), 17, False),
            borrower,
            loan,
            (tr("summary.col.contact"), 36, False),
        ],
        [
            [f"{x.at:%m-%d %H:%M}", x.team, members_text(x), x.borrower, x.loan_no, x.contact]
            for x in s.single
        ],
    )
    open_ = s.open_problems()
    block(
        tr("summary.sec.problems"),
        tr("summary.problems.count", open=len(open_), closed=len(s.problems) - len(open_)),
        [
            (tr("summary.col.status"), 15, False),
            team,
            (tr("summary.col.text"), 50, False),
            (tr("summary.col.by"), 18, False),
            (tr("summary.col.resolution"), 30, False),
        ],
        [
            [status_text(pb.status, lang), pb.team, pb.text, pb.raised_by, pb.resolution]
            for pb in s.problems
        ],
    )
    block(
        tr("summary.sec.due"),
        len(s.due_tomorrow),
        [
            borrower,
            loan,
            team,
            amount,
            (tr("summary.col.method"), 15, False),
            (tr("summary.col.members"), 36, False),
        ],
        [[*who(x), format_yuan(x.amount_fen), x.method, members_text(x)] for x in s.due_tomorrow],
    )
    block(
        tr("summary.sec.retry"),
        len(s.retries),
        [
            borrower,
            loan,
            team,
            when,
            (tr("summary.col.contact"), 20, False),
            (tr("summary.col.night_candidate"), 33, False),
        ],
        [[*who(x), f"{x.at:%m-%d %H:%M}", x.contact, "" if x.night else "✓"] for x in s.retries],
    )
    night = [para(tr("summary.tomorrow.shifts", shifts=shifts_text(s, lang)), "sub")]
    if s.night_shifts:
        night.append(para(tr("summary.night.consent"), "small"))
        counts = s.counts_by_team(s.night_candidates)
        if counts:
            night.append(
                table(
                    [
                        (tr("summary.col.team"), 65, False),
                        (tr("summary.col.night_candidates"), 65, True),
                    ],
                    counts,
                )
            )
    section(tr("summary.sec.night"), "", night)

    footer = tr("summary.footer", at=f"{s.generated_at:%Y-%m-%d %H:%M}").translate(GLYPHS)

    def on_page(canvas, doc) -> None:  # noqa: ANN001
        canvas.saveState()
        canvas.setFont(FONT, 7)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(margin, 5 * mm, footer)
        canvas.drawRightString(A5[0] - margin, 5 * mm, str(doc.page))
        canvas.restoreState()

    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A5,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=11 * mm,
        title=f"{tr('summary.report.title')} {day_line(s, lang)}",
        author=s.bank or s.camp_name,
    )
    doc.build(flow, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


# --------------------------------------------------------------------------- the workbook


def _yuan(fen: int) -> Decimal:
    return fen_to_yuan(fen)


def report_xlsx(s: DaySummary, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The day as a workbook to share: one sheet per block, masked, every cell neutralised
    (core.exports.safe_cell: a hostile '=HYPERLINK(...)' in a name stays text)."""
    from openpyxl import Workbook

    tr = _tr(lang)
    wb = Workbook()
    overview = wb.active
    overview.title = tr("summary.sheet.overview")
    fill_sheet(
        overview,
        [tr("summary.col.item"), tr("summary.col.value")],
        [
            [tr("summary.col.camp"), s.camp_name],
            [tr("summary.col.day"), day_line(s, lang)],
            [tr("summary.col.period"), period_line(s, lang)],
            *[
                [f"{k}（{u}）" if u else k, n]
                for (k, _, u), n in zip(kpis(s, lang), kpi_numbers(s), strict=True)
            ],
            [tr("summary.kpi.quiet"), len(s.quiet)],
            [tr("summary.kpi.single"), len(s.single)],
            [tr("summary.col.generated"), f"{s.generated_at:%Y-%m-%d %H:%M}"],
            [tr("summary.col.masked"), tr("summary.masked_note")],
        ],
    )
    overview.column_dimensions["B"].width = 60

    def sheet(key: str, header: list[str], rows: Iterable[Sequence[object]]) -> None:
        fill_sheet(wb.create_sheet(tr(f"summary.sheet.{key}")[:31]), header, rows)

    who = [
        tr("summary.col.time"),
        tr("summary.col.team"),
        tr("summary.col.members"),
        tr("summary.col.borrower"),
        tr("summary.col.loan"),
    ]

    def who_row(x: VisitLine) -> list[object]:
        return [f"{x.at:%Y-%m-%d %H:%M}", x.team, members_text(x), x.borrower, x.loan_no]

    sheet(
        "teams",
        [
            tr("summary.col.rank"),
            tr("summary.col.team"),
            tr("summary.col.points"),
            tr("summary.col.cash"),
            tr("summary.col.visits"),
            tr("summary.col.acks"),
            tr("summary.col.promises"),
            tr("summary.col.target"),
            tr("summary.col.prev_rank"),
            tr("summary.col.prev_points"),
            tr("summary.col.prev_cash"),
            tr("summary.col.change"),
        ],
        [
            [
                x.rank,
                x.team,
                hundredths_to_points(x.points),
                _yuan(x.cash_fen),
                x.visits,
                x.acks,
                x.promises,
                _yuan(x.target_fen),
                x.prev_rank,
                None if x.prev_points is None else hundredths_to_points(x.prev_points),
                None if x.prev_cash_fen is None else _yuan(x.prev_cash_fen),
                change_text(x),
            ]
            for x in s.teams
        ],
    )
    sheet(
        "recoveries",
        [*who, tr("summary.col.amount")],
        [[*who_row(x), _yuan(x.amount_fen)] for x in s.recoveries],
    )
    sheet(
        "promises",
        [*who, tr("summary.col.amount"), tr("summary.col.due"), tr("summary.col.method")],
        [[*who_row(x), _yuan(x.amount_fen), x.due, x.method] for x in s.promises],
    )
    sheet(
        "saved",
        [*who, tr("summary.col.before"), tr("summary.col.expiry")],
        [[*who_row(x), limitation_text(x.before, lang), x.expiry] for x in s.saved],
    )
    sheet(
        "quiet",
        [*who, tr("summary.col.contact"), tr("summary.col.appointment")],
        [[*who_row(x), x.contact, x.note] for x in s.quiet],
    )
    sheet("single", [*who, tr("summary.col.contact")], [[*who_row(x), x.contact] for x in s.single])
    sheet(
        "problems",
        [
            "#",
            tr("summary.col.status"),
            tr("summary.col.team"),
            tr("summary.col.text"),
            tr("summary.col.borrower"),
            tr("summary.col.loan"),
            tr("summary.col.by"),
            tr("summary.col.raised_at"),
            tr("summary.col.resolution"),
        ],
        [
            [
                pb.id,
                status_text(pb.status, lang),
                pb.team,
                pb.text,
                pb.borrower,
                pb.loan_no,
                pb.raised_by,
                f"{pb.raised_at:%Y-%m-%d %H:%M}",
                pb.resolution,
            ]
            for pb in s.problems
        ],
    )
    sheet(
        "due",
        [*who, tr("summary.col.amount"), tr("summary.col.due"), tr("summary.col.method")],
        [[*who_row(x), _yuan(x.amount_fen), x.due, x.method] for x in s.due_tomorrow],
    )
    sheet(
        "retry",
        [*who, tr("summary.col.contact"), tr("summary.col.night_candidate")],
        [[*who_row(x), x.contact, "" if x.night else "✓"] for x in s.retries],
    )
    sheet(
        "night",
        [tr("summary.col.shift_start"), tr("summary.col.shift_end")],
        [[f"{n.start:%Y-%m-%d %H:%M}", f"{n.end:%Y-%m-%d %H:%M}"] for n in s.night_shifts],
    )
    for ws in wb.worksheets[1:]:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, date):
                    cell.number_format = "yyyy-mm-dd"
                elif isinstance(cell.value, Decimal):
                    cell.number_format = "#,##0.00"
    return save_workbook(wb)
