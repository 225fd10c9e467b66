"""The battle report as an A5 portrait PDF — a page a phone shows at a readable size —
in core.pdf's embedded TrueType CJK font (SPEC §4.11), drawn from a masked
core.report.DaySummary."""

from __future__ import annotations

import io
from collections.abc import Sequence

from core.i18n import DEFAULT_LANGUAGE
from core.money import format_yuan
from core.report import (
    DaySummary,
    VisitLine,
    change_text,
    day_line,
    kpis,
    limitation_text,
    members_text,
    period_line,
    shifts_text,
    short_date,
    status_text,
    team_cells,
    translator,
)

PDF_ROWS = 15  # rows per list in the PDF (the workbook has every row)


def report_pdf(s: DaySummary, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The day as an A5 portrait PDF (a phone shows the page at a readable size)."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    from core.pdf import FONT, GLYPHS, markup, register_font

    register_font()
    tr = translator(lang)
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
        return Paragraph(markup(text).replace("▲", "↑").replace("▼", "↓"), st[style])

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
        [Paragraph(markup(v), st["kv"]), Paragraph(markup(f"{k}（{u}）" if u else k), st["kl"])]
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
    rows = [[*team_cells(x), change_text(x)] for x in s.teams]
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
