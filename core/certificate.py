"""Award certificates (荣誉证书) as a PDF: one landscape A4 page per award (SPEC §3).

Drawn on reportlab's canvas in the built-in CID font of core/pdf.py (STSong-Light: Chinese
without a font file): a cream page inside a dark-red frame with a gold inner rule, a large
title, the winner (a member with their team, or a team), the camp and the bank, the award
in large red type, and the date. Staff and team names only — nothing personal to mask.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from reportlab.lib import colors
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from core.i18n import DEFAULT_LANGUAGE, t
from core.pdf import FALLBACK_FONT, FONT, PAGE, register_font

RED = colors.HexColor("#8b0000")
BRIGHT = colors.HexColor("#c8102e")
GOLD = colors.HexColor("#c9a227")
PAPER = colors.HexColor("#fffaf0")
INK = colors.HexColor("#1a1a1a")
GREY = colors.HexColor("#444444")


@dataclass(frozen=True)
class Certificate:
    camp_name: str
    bank: str
    award: str
    winner: str  # a member's or a team's name
    team: str | None  # the member's team; None for a team
    subject: str  # "member" or "team"
    on: date  # camp-local date of the reveal
    description: str = ""


def _date_text(on: date, lang: str) -> str:
    return t("awards.cert.date", lang).format(y=on.year, m=on.month, d=on.day, iso=on.isoformat())


def _font(text: str, bold: bool) -> str:
    """Everything in the embedded CJK font; only with the STSong-Light fallback does
    Latin-only text go to Times (its Latin letters are thin and unevenly spaced)."""
    if FONT == FALLBACK_FONT and text.isascii():
        return "Times-Bold" if bold else "Times-Roman"
    return FONT


def _fit(text: str, size: float, width: float, bold: bool = False) -> float:
    """The font size, at most `size`, at which `text` fits in `width` points."""
    natural = stringWidth(text, _font(text, bold), 1) or 1
    return min(size, width / natural)


def _text(
    c: Canvas,
    text: str,
    x: float,
    y: float,
    size: float,
    colour: colors.Color,
    *,
    bold: bool = False,
    align: str = "left",
    width: float | None = None,
) -> None:
    """One line at (x, y), aligned left, centre or right of x, shrunk to `width` if given.
    STSong-Light has no bold face: bold Chinese fills and strokes the glyphs."""
    if width is not None:
        size = _fit(text, size, width, bold)
    font = _font(text, bold)
    x = {"left": x, "centre": x - stringWidth(text, font, size) / 2,
         "right": x - stringWidth(text, font, size)}[align]  # fmt: skip
    c.saveState()
    line = c.beginText(x, y)
    line.setFont(font, size)
    line.setFillColor(colour)
    if bold and font == FONT:
        c.setStrokeColor(colour)
        c.setLineWidth(size / 40)
        line.setTextRenderMode(2)
    line.textOut(text)
    c.drawText(line)
    c.restoreState()


def _frame(c: Canvas) -> None:
    w, h = PAGE
    c.saveState()
    c.setFillColor(PAPER)
    c.rect(0, 0, w, h, stroke=0, fill=1)
    c.setStrokeColor(RED)
    c.setLineWidth(10)
    c.rect(22, 22, w - 44, h - 44, stroke=1, fill=0)
    c.setStrokeColor(GOLD)
    c.setLineWidth(2)
    c.rect(36, 36, w - 72, h - 72, stroke=1, fill=0)
    c.setLineWidth(0.8)
    c.rect(42, 42, w - 84, h - 84, stroke=1, fill=0)
    c.setFillColor(GOLD)
    for x, y in ((42, 42), (w - 42, 42), (42, h - 42), (w - 42, h - 42)):  # corner diamonds
        path = c.beginPath()
        path.moveTo(x, y + 12)
        path.lineTo(x + 12, y)
        path.lineTo(x, y - 12)
        path.lineTo(x - 12, y)
        path.close()
        c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


def _page(c: Canvas, cert: Certificate, lang: str) -> None:
    w, h = PAGE
    left, right = 110, w - 110
    inner = right - left
    middle = w / 2
    _frame(c)
    title = t("awards.cert.title", lang)
    if lang == "zh":
        title = " ".join(title)  # 荣 誉 证 书: spaced like the printed ones
    _text(c, title, middle, h - 130, 60, RED, bold=True, align="centre", width=inner)

    if cert.subject == "member" and cert.team:
        to = t("awards.cert.to_member", lang).format(name=cert.winner, team=cert.team)
    else:
        to = t("awards.cert.to_team", lang).format(name=cert.winner)
    _text(c, to, left, h - 205, 30, INK, bold=True, width=inner)
    indent = 44 if lang == "zh" else 0  # two characters, as a Chinese paragraph starts
    body = t("awards.cert.body", lang).format(camp=cert.camp_name)
    _text(c, body, left + indent, h - 252, 22, INK, width=inner - indent)
    _text(c, t("awards.cert.body2", lang), left, h - 288, 22, INK, width=inner)

    _text(c, cert.award, middle, h - 362, 58, BRIGHT, bold=True, align="centre", width=inner)
    if cert.description:
        _text(c, cert.description, middle, h - 398, 16, GREY, align="centre", width=inner)
    closing = t("awards.cert.closing", lang)
    _text(c, closing, middle, h - 440, 22, INK, align="centre", width=inner)

    if cert.bank:
        _text(c, cert.bank, right, 118, 22, INK, align="right", width=inner / 2)
    _text(c, _date_text(cert.on, lang), right, 86, 20, INK, align="right")


def certificates_pdf(certs: Sequence[Certificate], lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The certificates, one landscape A4 page each, in the given order."""
    if not certs:
        raise ValueError("no certificate to print")
    register_font()
    out = io.BytesIO()
    c = Canvas(out, pagesize=PAGE, pageCompression=1)
    first = certs[0]
    c.setTitle(t("awards.cert.file_title", lang).format(camp=first.camp_name))
    c.setAuthor(first.bank or first.camp_name)
    for cert in certs:
        _page(c, cert, lang)
        c.showPage()
    c.save()
    return out.getvalue()
