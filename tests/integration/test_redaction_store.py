"""Free text through the store to the shared summary and battle report (issue 13, point 4):
the numbers and names of the attack, typed into a visit's note and a problem, come out
masked on /summary's data and in the PNG, PDF and workbook stamped "已脱敏"."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import Engine, update

from core.report_pdf import report_pdf
from core.report_xlsx import report_xlsx
from db.entry import raise_problem
from db.models import Loan
from db.queries.summary import day_summary
from db.uow import UnitOfWork
from db.visits import record_visits
from tests.integration.test_summary import CODE, MEETING, ZHOU, camp, pin_problem  # noqa: F401
from tests.integration.test_visits import APPOINTMENT, visit
from tests.unit.test_pdf import pdf_text

LONG_NAME = "阿卜杜热合曼·买买提艾力·阿不都热西提·吐尔逊"  # 23 characters, a borrower
SECRETS = ["158-9288-7326", "158 9288 7326", "8201-0001-2397-1753", "430121 19750501 1207",
           "+86 139 1234 5678", LONG_NAME, ZHOU]  # fmt: skip


def test_numbers_with_separators_and_a_long_name_typed_in_notes_and_problems_leave_masked(
    engine: Engine,
    camp: str,  # noqa: F811
) -> None:
    with UnitOfWork(engine) as uow:
        uow.session.execute(update(Loan).where(Loan.loan_no == ZHOU).values(borrower=LONG_NAME))
        uow.commit()
    note = "，".join(SECRETS[:5]) + f"，{LONG_NAME}本人在家，贷款{ZHOU}"
    record_visits(engine, camp, [visit(2, "2026-12-16 23:30", "尖刀队", ("林晓", "许诺"), ZHOU,
                                       ack=True, notes=note, **APPOINTMENT)])  # fmt: skip
    pid = raise_problem(engine, camp, note, "trainer", team="尖刀队")
    pin_problem(engine, pid, "2026-12-17 10:00")
    summary = day_summary(engine, camp, 4, MEETING)
    outputs = {
        "summary": repr(summary),
        "pdf": pdf_text(report_pdf(summary)),
        "xlsx": _cells(report_xlsx(summary)),
    }
    assert "158" in outputs["summary"] and "1753" in outputs["summary"]  # the notes are there
    for where, text in outputs.items():
        flat = text.replace("\n", "")
        for secret in SECRETS:
            assert secret not in flat, (where, secret)
        assert "92887326" not in flat.replace(" ", "").replace("-", ""), where


def _cells(data: bytes) -> str:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return "\n".join(
        str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
        for v in row if v is not None
    )  # fmt: skip
