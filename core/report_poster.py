"""The battle report as a portrait poster, 1080 px wide, for a phone's group chat
(SPEC §4.11): Pillow and Noto Sans CJK from Debian's fonts-noto-cjk, drawn from a
masked core.report.DaySummary."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from core.i18n import DEFAULT_LANGUAGE, t
from core.money import format_points, format_wan, format_yuan
from core.report import (
    DaySummary,
    VisitLine,
    change_text,
    day_line,
    kpis,
    limitation_text,
    members_text,
    period_line,
    points_delta,
    shifts_text,
    short_date,
    translator,
)
from core.teamstyle import TeamStyle

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


@lru_cache(maxsize=128)
def _font(size: int, bold: bool = False, basic: bool = False):  # noqa: ANN202
    """The face at `size`; `basic` without the complex-text layout (raqm), the fallback
    for text raqm cannot lay out."""
    from PIL import ImageFont

    path = _font_path(bold)
    if path is None:
        raise PosterFontMissing("Noto Sans CJK not found: apt-get install fonts-noto-cjk")
    engine = ImageFont.Layout.BASIC if basic else None
    return ImageFont.truetype(str(path), size, index=_SC, layout_engine=engine)


#: The longest text one poster line is given to lay out (it is clipped to its cell anyway).
MAX_TEXT = 200
_SPACES = re.compile(r"\s+")


def clean(text: object) -> str:
    """Text as the poster may draw it: control, format (bidi overrides, zero-width),
    surrogate and private-use characters dropped, whitespace runs (newlines, tabs) made
    one space, at most MAX_TEXT characters. Team names and notes come from people: a
    newline or a lone surrogate must not fail the day's report."""
    out = []
    for ch in _SPACES.sub(" ", str(text)):
        if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(ch)
        if len(out) >= MAX_TEXT:
            break
    return "".join(out).strip()


def _length(text: str, size: int, bold: bool = False) -> float:
    try:
        return _font(size, bold).getlength(text)
    except (OSError, RuntimeError, ValueError):  # raqm gave up: measure without it
        return _font(size, bold, basic=True).getlength(text)


RGB = tuple[int, int, int]
# text, (text, colour), or (text, colour, the team's style: a chip in its colour before it)
Cell = str | tuple[str, RGB] | tuple[str, RGB, TeamStyle | None]


def _rgb(colour: str) -> RGB:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


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
        text = clean(text)
        if _length(text, size, bold) <= width:
            return text
        lo, hi = 0, len(text)  # the longest head that fits with the ellipsis
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if _length(text[:mid] + "…", size, bold) <= width:
                lo = mid
            else:
                hi = mid - 1
        return text[:lo] + "…"

    def wrap(self, text: str, size: int, width: float, lines: int) -> list[str]:
        out: list[str] = []
        rest = clean(text)
        while rest and len(out) < lines:
            cut = len(rest)
            while cut > 1 and _length(rest[:cut], size) > width:
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
        text = clean(text)
        try:
            self.draw.text((x, y), text, font=_font(size, bold), fill=fill, anchor=anchor)
        except (OSError, RuntimeError, ValueError):  # raqm gave up: draw without it
            self.draw.text(
                (x, y), text, font=_font(size, bold, basic=True), fill=fill, anchor=anchor
            )

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
                text, colour, style = (
                    (*cell, None)[:3] if isinstance(cell, tuple) else (cell, _INK, None)
                )
                if style is not None:
                    x0 = self._chip(style, x0 + 10, self.y + row_h / 2, size)
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

    def _chip(self, style: TeamStyle, x: float, mid: float, size: int) -> float:
        """A rounded square in the team's colour, its badge (or the first letter of its
        icon's name: none) in it; returns where the text goes on."""
        side = size + 4
        box = (x, mid - side / 2, x + side, mid + side / 2)
        self.draw.rounded_rectangle(box, 6, fill=_rgb(style.colour))
        if style.badge:
            badge = style.badge
            small = size - 6 if len(badge) == 1 else size // 2 + 2
            self.text(x + side / 2, mid, badge, small, bold=True, fill=_rgb(style.ink), anchor="mm")
        return x + side - 2

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
        width = POSTER_WIDTH - 2 * _M - 40
        rows: list[str] = []
        for item in (clean(i) for i in items):
            if rows and _length(rows[-1] + "，" + item, size) <= width:
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
        image.save(buf, format="PNG")  # optimize=True: 4× the time for 3% less
        return buf.getvalue()


POSTER_TOP = 5  # rows per list on the poster


def _more(n: int, shown: int, lang: str) -> str:
    return t("summary.more", lang).format(n=n - shown) if n > shown else ""


def poster_png(s: DaySummary, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The day as a portrait poster, 1080 px wide, for the bank's group chat."""
    tr = translator(lang)
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
                (x.team, _INK, s.styles.get(x.team)),
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
