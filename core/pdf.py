"""The teams' daily visit plans as a PDF for the field (SPEC §3 /research, §4.10).

A4 landscape, one team after another (each from a new page), drawn in a TrueType
CJK font embedded in the file (WenQuanYi Zen Hei, Debian's fonts-wqy-zenhei): a print
shop or Acrobat shows the glyphs the app drew, never a substitute. Without that font
on the machine the PDFs fall back to reportlab's built-in, not embedded, STSong-Light.
Personal data is printed as the caller asks: unmasked for
the staff who go out (allowed from /research), or masked (§4.10: names keep the
first character, phones the first 3 and last 4 digits, loan numbers the last 4,
no street address) for a copy that may travel further.
"""

from __future__ import annotations

import io
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from core.i18n import DEFAULT_LANGUAGE, t
from core.loans import LimitationStatus
from core.masking import mask_account, mask_name, mask_phone
from core.money import format_yuan
from core.research import LoanView

# TrueType CJK fonts reportlab can embed (a TTC's first face); the first found is used.
# CAMP_PDF_FONT names another .ttf/.ttc. The CFF-based Noto CJK OTFs cannot be embedded.
EMBEDDABLE_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)
FALLBACK_FONT = "STSong-Light"  # reportlab's built-in CID font: not embedded


def _font_file() -> str | None:
    wanted = os.environ.get("CAMP_PDF_FONT")
    return next((f for f in (wanted, *EMBEDDABLE_FONTS) if f and os.path.isfile(f)), None)


FONT_FILE = _font_file()
FONT = "CampCJK" if FONT_FILE else FALLBACK_FONT
PAGE = landscape(A4)
MARGIN = 12 * mm

# column widths in mm; they add up to the printable width of landscape A4 (273 mm)
_COLUMNS: tuple[tuple[str, float], ...] = (
    ("order", 10),
    ("loan_no", 32),
    ("borrower", 16),
    ("phone", 24),
    ("place", 31),
    ("principal", 24),
    ("interest", 19),
    ("limitation", 27),
    ("promise", 24),
    ("customer_type", 18),
    ("guarantors", 20),
    ("result", 27),
)
_STATUS_COLOURS = {
    LimitationStatus.EXPIRED.value: "#b00020",
    LimitationStatus.URGENT.value: "#c75000",
}


def register_font() -> str:
    """Register the PDFs' font once and make it the canvases' first font (else every
    page would name Helvetica, which is not embedded either); returns its name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        if FONT_FILE:  # one face: <b> in a paragraph stays in it (not Helvetica-Bold)
            pdfmetrics.registerFont(TTFont(FONT, FONT_FILE, subfontIndex=0))
            pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT, italic=FONT,
                                          boldItalic=FONT)  # fmt: skip
        else:
            pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    rl_config.canvas_basefontname = FONT
    return FONT


@dataclass(frozen=True)
class PlanDocument:
    """One team's plan for one camp day, in visiting order."""

    camp_name: str
    team: str
    day: int
    day_date: date
    loans: tuple[LoanView, ...]
    members: tuple[str, ...] = ()  # staff: never masked
    customs: tuple[tuple[str, str], ...] = ()  # (ethnicity, note) of the loans on the plan
    strategies: Mapping[str, str] = field(default_factory=dict)  # customer type → strategy
    conduct: tuple[str, ...] = ()  # conduct reminders


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("cell", fontName=FONT, fontSize=8, leading=10, wordWrap="CJK")
    return {
        "cell": base,
        "num": ParagraphStyle("num", parent=base, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, textColor=colors.white),
        "group": ParagraphStyle("group", parent=base, fontSize=9.5, leading=12),
        "title": ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, wordWrap="CJK"),
        "sub": ParagraphStyle("sub", fontName=FONT, fontSize=10, leading=14, wordWrap="CJK"),
        "note": ParagraphStyle("note", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK"),
    }


# STSong-Light has no glyph for these two dots (they print as boxes): use the CJK one
GLYPHS = str.maketrans({"\u00b7": "\u30fb", "\u2022": "\u30fb"})


def markup(text: object) -> str:
    """Text as Paragraph markup: escaped (imported text may hold < or &), printable dots."""
    return escape("" if text is None else str(text)).translate(GLYPHS)


def _p(text: object, style: ParagraphStyle) -> Paragraph:
    return Paragraph(markup(text), style)


def _who(v: LoanView, masked: bool) -> tuple[str, str, str, str, str]:
    """(loan number, borrower, phone, place, guarantors) as printed."""
    place = "\n".join(x for x in (v.village, None if masked else v.address) if x)
    if masked:
        return (
            mask_account(v.loan_no),
            mask_name(v.borrower),
            mask_phone(v.phone),
            place,
            "、".join(mask_name(g) for g in v.guarantors),
        )
    return v.loan_no, v.borrower, v.phone or "", place, "、".join(v.guarantors)


def _limitation(v: LoanView, lang: str) -> str:
    status = v.status
    text = markup(t(f"research.status.{status}", lang))
    if status != LimitationStatus.LITIGATION.value:
        text += f"<br/>{v.clocks.limitation_expiry.isoformat()}"
    colour = _STATUS_COLOURS.get(status)
    return f'<font color="{colour}">{text}</font>' if colour else text


def _promise(v: LoanView, day: date, lang: str) -> str:
    if v.promise_date is None:
        return ""
    text = v.promise_date.isoformat()
    if v.promise_amount_fen:
        text += f"<br/>{format_yuan(v.promise_amount_fen)}"
    if v.promise_date == day:
        text = f"<b>{markup(t('research.pdf.due_today', lang))}</b><br/>{text}"
    return text


def _table(doc: PlanDocument, masked: bool, lang: str, s: dict[str, ParagraphStyle]) -> Table:
    head = [_p(t(f"research.pdf.col.{key}", lang), s["head"]) for key, _ in _COLUMNS]
    rows: list[list[object]] = [head]
    spans: list[int] = []
    # grouped by township (in the order each first comes up), numbered in visiting order
    groups: dict[str, list[tuple[int, LoanView]]] = {}
    for order, v in enumerate(doc.loans, start=1):
        groups.setdefault(v.township, []).append((order, v))
    numbered = []
    for township, members in groups.items():
        numbered.append((None, township))
        numbered += members
    for order, v in numbered:
        if order is None:
            spans.append(len(rows))
            rows.append([_p(v, s["group"])] + [""] * (len(_COLUMNS) - 1))
            continue
        loan_no, borrower, phone, place, guarantors = _who(v, masked)
        ctype = v.customer_type or ""
        rows.append(
            [
                _p(order, s["num"]),
                _p(loan_no, s["cell"]),
                _p(borrower, s["cell"]),
                _p(phone, s["cell"]),
                Paragraph(markup(place).replace("\n", "<br/>"), s["cell"]),  # village, then address
                _p(format_yuan(v.principal_fen), s["num"]),
                _p(format_yuan(v.interest_fen), s["num"]),
                Paragraph(_limitation(v, lang), s["cell"]),
                Paragraph(_promise(v, doc.day_date, lang), s["cell"]),
                _p(ctype, s["cell"]),
                _p(guarantors, s["cell"]),
                "",
            ]
        )
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#8b1a1a")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    for r in spans:
        style += [
            ("SPAN", (0, r), (-1, r)),
            ("BACKGROUND", (0, r), (-1, r), colors.HexColor("#f1e3c8")),
        ]
    widths = [w * mm for _, w in _COLUMNS]
    return Table(rows, colWidths=widths, repeatRows=1, style=TableStyle(style))


def _notes(doc: PlanDocument, lang: str, s: dict[str, ParagraphStyle]) -> list:
    """The strategies of the customer types on the plan, the customs notes of its
    ethnicities and the conduct reminders: each section kept on one page."""
    types = list(dict.fromkeys(v.customer_type for v in doc.loans if v.customer_type))
    sections = (
        ("strategies", [(ct, doc.strategies[ct]) for ct in types if doc.strategies.get(ct)]),
        ("customs", list(doc.customs)),
        ("conduct", [(c, "") for c in doc.conduct]),
    )
    flow: list = []
    for key, pairs in sections:
        if pairs:
            lines = [_p(t(f"research.pdf.{key}", lang), s["sub"])]
            lines += [
                Paragraph(f"<b>{markup(a)}</b>：{markup(b)}" if b else markup(a), s["note"])
                for a, b in pairs
            ]
            flow.append(KeepTogether([*lines, Spacer(1, 3 * mm)]))
    return flow


def visit_plans_pdf(
    docs: Sequence[PlanDocument],
    *,
    masked: bool,
    lang: str = DEFAULT_LANGUAGE,
    generated_at: datetime | None = None,
) -> bytes:
    """The plans as one PDF, each team from a new page; an empty plan prints a line
    saying so. `generated_at` goes in the footer (camp local time, as given)."""
    register_font()
    s = _styles()
    buf = io.BytesIO()
    footer = t("research.pdf.masked" if masked else "research.pdf.confidential", lang)
    stamp = generated_at.strftime("%Y-%m-%d %H:%M") if generated_at else ""

    def on_page(canvas, pdf) -> None:  # noqa: ANN001
        canvas.saveState()
        canvas.setFont(FONT, 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, 7 * mm, f"{footer}  {stamp}")
        canvas.drawRightString(
            PAGE[0] - MARGIN, 7 * mm, t("research.pdf.page", lang).format(n=pdf.page)
        )
        canvas.restoreState()

    title = t("research.pdf.title", lang)
    pdf = SimpleDocTemplate(
        buf,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=14 * mm,
        title=title,
        author=docs[0].camp_name if docs else "",
    )
    flow: list = []
    for i, doc in enumerate(docs):
        if i:
            flow.append(PageBreak())
        heading = t("research.pdf.heading", lang).format(
            team=doc.team, day=doc.day, date=doc.day_date.isoformat()
        )
        flow.append(_p(doc.camp_name, s["sub"]))
        flow.append(_p(f"{title}  {heading}", s["title"]))
        if doc.members:
            members = t("research.pdf.members", lang).format(names="、".join(doc.members))
            flow.append(_p(members, s["sub"]))
        total = sum(v.owed_fen for v in doc.loans)
        count = t("research.pdf.count", lang).format(n=len(doc.loans), amount=format_yuan(total))
        flow += [_p(count, s["sub"]), Spacer(1, 3 * mm)]
        if doc.loans:
            flow.append(_table(doc, masked, lang, s))
        else:
            flow.append(_p(t("research.pdf.empty", lang), s["sub"]))
        flow.append(Spacer(1, 4 * mm))
        flow += _notes(doc, lang, s)
    if not flow:
        flow.append(_p(t("research.pdf.empty", lang), s["sub"]))
    pdf.build(flow, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def visit_plan_pdf(
    doc: PlanDocument,
    *,
    masked: bool,
    lang: str = DEFAULT_LANGUAGE,
    generated_at: datetime | None = None,
) -> bytes:
    """One team's plan as a PDF."""
    return visit_plans_pdf([doc], masked=masked, lang=lang, generated_at=generated_at)
