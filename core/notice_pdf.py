"""Notices and the lawyers' bundle as PDFs (issue 17), in core.pdf's embedded CJK font.

`notices_pdf(docs)`: one A4 portrait PDF of a batch, one notice per page or two
(`per_page=2`, each on half a sheet), each with a tear-off receipt (回执) carrying the
notice's short number and a QR code of it. Full personal data: these go to the
borrower and the guarantors (only roles that may see it print them, db.notices).

`bundle_pdf(...)`: per loan, what a 诉讼 file needs — the notices sent, the receipts
returned (with their images: a list of (caption, image bytes), whatever store they come
from) and the clock history (core.notices.clock_history).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    Image,
    KeepInFrame,
    PageTemplate,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import HRFlowable

from core.clocks import Effect
from core.i18n import DEFAULT_LANGUAGE
from core.i18n import t as label
from core.money import format_yuan
from core.notices import ClockHistory, NoticeDoc, receipt_link
from core.pdf import FONT, markup, register_font


def t(key: str, lang: str, **params: object) -> str:
    """The label in `lang`, its {placeholders} filled in."""
    text = label(key, lang)
    return text.format(**params) if params else text


PAGE = A4
MARGIN = 15 * mm
QR_SIZE = 28 * mm
#: Largest side of a receipt image in the bundle.
IMAGE_BOX = (170 * mm, 110 * mm)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle(
        "body", fontName=FONT, fontSize=11, leading=18, wordWrap="CJK", firstLineIndent=0
    )
    return {
        "title": ParagraphStyle("title", fontName=FONT, fontSize=18, leading=26, alignment=1),
        "body": body,
        "indent": ParagraphStyle("indent", parent=body, firstLineIndent=22),
        "right": ParagraphStyle("right", parent=body, alignment=2),
        "small": ParagraphStyle("small", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK"),
        "number": ParagraphStyle("number", fontName=FONT, fontSize=11, leading=14),
        "head": ParagraphStyle("head", fontName=FONT, fontSize=13, leading=18),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=11, wordWrap="CJK"),
    }


def qr_drawing(payload: str, size: float = QR_SIZE) -> Drawing:
    """A QR code of `payload`, `size` points square (reportlab's own encoder)."""
    widget = QrCodeWidget(payload)
    x0, y0, x1, y1 = widget.getBounds()
    d = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    d.initialFontName = FONT  # else its state names Helvetica, which is not embedded
    d.add(widget)
    return d


def _paragraphs(text: str, style: ParagraphStyle) -> list[Paragraph]:
    return [Paragraph(markup(line), style) for line in text.split("\n") if line.strip()]


def _notice_flow(
    doc: NoticeDoc, s: dict[str, ParagraphStyle], lang: str, app_url: str = ""
) -> list:
    lines = _paragraphs(doc.body, s["indent"])
    if lines:  # the salutation line is not indented
        lines[0] = Paragraph(markup(doc.body.split("\n", 1)[0]), s["body"])
    flow: list = [
        Paragraph(markup(doc.title), s["title"]),
        Paragraph(markup(t("notice.pdf.number", lang, number=doc.number)), s["right"]),
        Spacer(1, 2 * mm),
        *lines,
        Spacer(1, 4 * mm),
        Paragraph(markup(doc.bank), s["right"]),
        Paragraph(markup(f"{doc.printed_on:%Y年%m月%d日}"), s["right"]),
        Spacer(1, 3 * mm),
        HRFlowable(width="100%", dash=(3, 3), color=colors.grey),
        Paragraph(markup(t("notice.pdf.tear", lang)), s["small"]),
    ]
    receipt = [
        Paragraph(markup(t("notice.pdf.receipt", lang)), s["head"]),
        Paragraph(
            markup(
                t(
                    "notice.pdf.receipt_text",
                    lang,
                    bank=doc.bank,
                    title=doc.title,
                    number=doc.number,
                    loan_no=doc.loan_no,
                )
            ),
            s["body"],
        ),
        Paragraph(markup(t("notice.pdf.signer", lang, name=doc.addressee)), s["body"]),
        Paragraph(markup(t(f"notice.pdf.relation.{doc.kind}", lang)), s["body"]),
        Paragraph(markup(t("notice.pdf.signed_on", lang)), s["body"]),
    ]
    link = receipt_link(doc.number, app_url)
    number = [qr_drawing(link), Paragraph(markup(doc.number), s["number"])]
    table = Table([[receipt, number]], colWidths=[None, QR_SIZE + 20 * mm])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), FONT)])
    )
    flow.append(table)
    return flow


def notices_pdf(
    docs: Sequence[NoticeDoc],
    *,
    per_page: int = 1,
    lang: str = DEFAULT_LANGUAGE,
    title: str = "",
    app_url: str = "",
) -> bytes:
    """The batch as one A4 PDF: `per_page` notices (1 or 2) on each sheet, each shrunk
    to its frame when its text is long, each with its numbered receipt; the receipt's QR
    links to /entry at `app_url` when given (core.notices.receipt_link)."""
    register_font()
    s = _styles()
    buf = io.BytesIO()
    width, height = PAGE
    per_page = 2 if per_page == 2 else 1
    slot = (height - 2 * MARGIN) / per_page
    frames = [
        Frame(
            MARGIN,
            height - MARGIN - slot * (i + 1),
            width - 2 * MARGIN,
            slot,
            id=f"n{i}",
            leftPadding=0,
            rightPadding=0,
            topPadding=2 * mm,
            bottomPadding=2 * mm,
        )
        for i in range(per_page)
    ]

    def cut_line(canvas, _doc) -> None:  # noqa: ANN001
        if per_page == 2:
            canvas.saveState()
            canvas.setDash(2, 4)
            canvas.setStrokeColor(colors.lightgrey)
            canvas.line(MARGIN / 2, height / 2, width - MARGIN / 2, height / 2)
            canvas.restoreState()

    pdf = BaseDocTemplate(
        buf,
        pagesize=PAGE,
        title=title or t("notice.pdf.title", lang),
        author="",
        pageTemplates=[PageTemplate("n", frames, onPage=cut_line)],
    )
    flow: list = []
    for i, doc in enumerate(docs):
        if i:
            flow.append(FrameBreak())
        frame_w = width - 2 * MARGIN
        flow.append(
            KeepInFrame(frame_w, slot - 4 * mm, _notice_flow(doc, s, lang, app_url), mode="shrink")
        )
    if not flow:
        flow.append(Paragraph(markup(t("notice.pdf.empty", lang)), s["body"]))
    pdf.build(flow)
    return buf.getvalue()


# ----------------------------------------------------------------------------- bundle


@dataclass(frozen=True)
class SentNotice:
    """A notice of the loan as the bundle lists it."""

    number: str
    title: str
    addressee: str
    printed_at: datetime  # camp local
    printed_by: str
    principal_fen: int
    interest_fen: int
    returned_at: datetime | None = None  # camp local
    signed_by: str | None = None
    received_by: str | None = None


@dataclass(frozen=True)
class LoanHeader:
    camp_name: str
    bank: str
    loan_no: str
    borrower: str
    id_number: str
    maturity_date: date
    guarantors: tuple[str, ...]
    principal_fen: int
    interest_fen: int
    at: date


def _table(rows: list[list[str]], widths: Sequence[float], s: dict) -> Table:
    data = [[Paragraph(markup(c), s["cell"]) for c in row] for row in rows]
    table = Table(data, colWidths=[w * mm for w in widths], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#888888")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


PDF_MIME = "application/pdf"


def evidence_flowables(images: Sequence[tuple[str, bytes]], lang: str = DEFAULT_LANGUAGE) -> list:
    """Each (caption, image bytes) as a captioned picture fitted into IMAGE_BOX; an image
    that cannot be read is listed by its caption with a note instead of failing the PDF.
    A scan given as PDF bytes is listed by its caption: its pages follow the bundle."""
    s = _styles()
    flow: list = []
    for caption, data in images:
        flow.append(Paragraph(markup(caption), s["small"]))
        if data.startswith(b"%PDF"):
            flow.append(Paragraph(markup(t("notice.bundle.pdf_appended", lang)), s["small"]))
            flow.append(Spacer(1, 4 * mm))
            continue
        try:
            from reportlab.lib.utils import ImageReader

            reader = ImageReader(io.BytesIO(data))
            iw, ih = reader.getSize()
            scale = min(IMAGE_BOX[0] / iw, IMAGE_BOX[1] / ih, 1.0 * mm / 0.35)
            flow.append(Image(io.BytesIO(data), width=iw * scale, height=ih * scale))
        except Exception:  # noqa: BLE001 — a broken attachment must not lose the bundle
            flow.append(Paragraph(markup(t("notice.bundle.bad_image", lang)), s["small"]))
        flow.append(Spacer(1, 4 * mm))
    return flow


def _effect_text(effects: Sequence[Effect], on: date, lang: str) -> str:
    return "；".join(t(f"research.{e.value}", lang, on=on.isoformat()) for e in effects) or "—"


def bundle_pdf(
    header: LoanHeader,
    notices: Sequence[SentNotice],
    images: Sequence[tuple[str, bytes]],
    history: ClockHistory,
    *,
    lang: str = DEFAULT_LANGUAGE,
    generated_at: datetime | None = None,
) -> bytes:
    """The lawyers' bundle of one loan: header, notices sent and returned, receipt
    images, and the clock history with the clocks at `header.at`."""
    register_font()
    s = _styles()
    buf = io.BytesIO()
    pdf = SimpleDocTemplate(
        buf,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=t("notice.bundle.title", lang, loan_no=header.loan_no),
    )
    tr = lambda key, **kw: t(f"notice.bundle.{key}", lang, **kw)  # noqa: E731
    flow: list = [
        Paragraph(markup(tr("title", loan_no=header.loan_no)), s["title"]),
        Paragraph(markup(header.camp_name), s["small"]),
        Spacer(1, 3 * mm),
        _table(
            [
                [tr("loan_no"), header.loan_no, tr("borrower"), header.borrower],
                [
                    tr("id_number"),
                    header.id_number,
                    tr("maturity"),
                    header.maturity_date.isoformat(),
                ],
                [
                    tr("principal"),
                    format_yuan(header.principal_fen),
                    tr("interest"),
                    format_yuan(header.interest_fen),
                ],
                [
                    tr("guarantors"),
                    "、".join(header.guarantors) or "—",
                    tr("at"),
                    header.at.isoformat(),
                ],
            ],
            (30, 60, 30, 60),
            s,
        ),
        Spacer(1, 5 * mm),
        Paragraph(markup(tr("notices")), s["head"]),
    ]
    if notices:
        rows = [[tr(k) for k in ("number", "kind", "addressee", "printed", "owed", "returned")]]
        for n in notices:
            returned = "—"
            if n.returned_at is not None:
                returned = tr(
                    "returned_by",
                    at=f"{n.returned_at:%Y-%m-%d %H:%M}",
                    who=n.signed_by or "",
                    by=n.received_by or "",
                )
            rows.append(
                [
                    n.number,
                    n.title,
                    n.addressee,
                    f"{n.printed_at:%Y-%m-%d %H:%M} {n.printed_by}",
                    format_yuan(n.principal_fen + n.interest_fen),
                    returned,
                ]
            )
        flow.append(_table(rows, (28, 32, 22, 34, 24, 40), s))
    else:
        flow.append(Paragraph(markup(tr("none")), s["small"]))
    flow += [Spacer(1, 5 * mm), Paragraph(markup(tr("images")), s["head"])]
    flow += evidence_flowables(images, lang) or [Paragraph(markup(tr("no_images")), s["small"])]
    flow += [Spacer(1, 5 * mm), Paragraph(markup(tr("history")), s["head"])]
    flow.append(
        Paragraph(
            markup(
                tr(
                    "list_start",
                    on=history.list_start.isoformat(),
                    why=t(
                        f"research.{history.list_reason}", lang, on=history.list_start.isoformat()
                    ),
                )
            ),
            s["small"],
        )
    )
    if history.rows:
        rows = [[tr(k) for k in ("on", "contact", "paid", "ack", "effect", "start")]]
        for r in history.rows:
            rows.append(
                [
                    r.on.isoformat(),
                    r.contact,
                    format_yuan(r.paid_fen),
                    tr("yes") if r.ack else tr("no"),
                    _effect_text(r.effects, r.on, lang),
                    r.limitation_start.isoformat(),
                ]
            )
        flow.append(_table(rows, (22, 22, 24, 14, 68, 30), s))
    c = history.clocks
    lim = c.limitation
    flow += [
        Spacer(1, 3 * mm),
        Paragraph(
            markup(
                tr(
                    "limitation",
                    start=lim.start.isoformat(),
                    end=lim.end.isoformat(),
                    status=t(f"research.status.{lim.status.value}", lang),
                )
            ),
            s["body"],
        ),
    ]
    if c.guarantee is not None:
        g = c.guarantee
        text = tr("guarantee", type=g.type, end=g.end.isoformat(), status=tr(f"g.{g.status}"))
        if g.demand_on is not None and g.guarantor_expiry is not None:
            text += tr(
                "guarantor_own", on=g.demand_on.isoformat(), end=g.guarantor_expiry.isoformat()
            )
        flow.append(Paragraph(markup(text), s["body"]))
    if generated_at is not None:
        flow += [
            Spacer(1, 4 * mm),
            Paragraph(markup(tr("generated", at=f"{generated_at:%Y-%m-%d %H:%M}")), s["small"]),
        ]
    pdf.build(flow)
    return append_scans(buf.getvalue(), [data for _, data in images if data.startswith(b"%PDF")])


def append_scans(document: bytes, scans: Sequence[bytes]) -> bytes:
    """`document` with the pages of each scanned PDF appended in order (pypdf); a scan
    that cannot be read is left out (the bundle lists it by its caption all the same)."""
    if not scans:
        return document
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PyPdfError

    writer = PdfWriter(clone_from=io.BytesIO(document))
    for scan in scans:
        try:
            writer.append(PdfReader(io.BytesIO(scan)))
        except (PyPdfError, ValueError, OSError):  # a damaged scan must not lose the bundle
            continue
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
