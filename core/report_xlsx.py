"""The battle report as a workbook to share (SPEC §4.11): one sheet per block, drawn
from a masked core.report.DaySummary, every cell through core.exports.safe_cell."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from core.exports import fill_sheet, save_workbook
from core.i18n import DEFAULT_LANGUAGE
from core.money import fen_to_yuan, hundredths_to_points
from core.report import (
    DaySummary,
    VisitLine,
    change_text,
    day_line,
    kpi_numbers,
    kpis,
    limitation_text,
    members_text,
    period_line,
    status_text,
    translator,
)


def _yuan(fen: int) -> Decimal:
    return fen_to_yuan(fen)


def report_xlsx(s: DaySummary, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """The day as a workbook to share: one sheet per block, masked, every cell neutralised
    (core.exports.safe_cell: a hostile '=HYPERLINK(...)' in a name stays text)."""
    from openpyxl import Workbook

    tr = translator(lang)
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
