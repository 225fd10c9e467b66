"""Evidence on the pages (issue 17, point 3), through the real app.py: the paper behind
a restart on /research's clocks tab for who may see it, the list of receipts without
paper after 24 hours, the uploader below /entry's form — never on a projected page."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from core.records import VisitRecord
from db.engine import make_engine
from db.evidence import attach, attachable
from db.models import Loan as LoanRow
from db.uow import UnitOfWork
from db.visits import record_visits
from tests.conftest import Prepare
from tests.unit.test_evidence import jpeg_with_gps

ROOT = Path(__file__).resolve().parents[2]
CODE = "qh-sample"
SIGNED = "8201000223181770"  # 徐秀英, 城关镇, 钱经理: signed a receipt, photo attached
UNPAPERED = "8201000323319874"  # 吴长江, 城关镇, 钱经理: signed, no photo yet
ADMIN = {"actor": "admin", "actor_name": "admin-name", "actor_role": "admin"}


def _visit(loan_no: str, at: str) -> VisitRecord:
    return VisitRecord(row=2, visited_at=datetime.strptime(at, "%Y-%m-%d %H:%M"),
                       team="尖刀队", loan_no=loan_no, contact="见到本人",
                       members=("林晓", "许诺"), ack=True)  # fmt: skip


@pytest.fixture
def camp(users: str, prepare: Prepare) -> str:
    prepare(users, "loans")  # the sample camp and its loans
    engine = make_engine(users)
    visits = [_visit(SIGNED, "2026-12-16 10:00"), _visit(UNPAPERED, "2026-12-16 11:00")]
    assert record_visits(engine, CODE, visits, actor="trainer").stored == 2
    [signed] = attachable(engine, CODE, role="admin", user_name="admin-name", loan_no=SIGNED)
    attach(engine, CODE, "visit", signed.id, jpeg_with_gps(), caption="本人签收回执", **ADMIN)
    engine.dispose()
    return users


def research(
    logged_in: Callable[[str], AppTest], role: str, now: datetime | None = None
) -> AppTest:
    """/research read on 2026-12-20, after the camp's visits."""
    at = logged_in(role)
    if now is not None:
        at.session_state["_now"] = now
    at.run()
    at.switch_page("pages/research.py").run()
    at.date_input(key="research_at").set_value(date(2026, 12, 20)).run()
    assert not at.exception, at.exception
    panel = picker(at)
    assert [o.split()[0] for o in panel.options[:2]] == [SIGNED, UNPAPERED]  # restarted first
    panel.set_value(SIGNED).run()
    return at


def picker(at: AppTest):  # noqa: ANN201
    """The clock panel's loan picker (its key changes with the restarted loans)."""
    [box] = [b for b in at.selectbox if b.label == "选择贷款"]
    return box


def images(at: AppTest) -> int:
    return len(at.get("image"))


def texts(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("caption", "info", "error", "warning", "markdown")
                    for e in at.get(kind))  # fmt: skip


def test_a_trainer_sees_the_photo_behind_a_restart_and_the_receipts_without_paper(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = research(logged_in, "trainer", now=datetime.now(UTC) + timedelta(hours=25))
    assert [t.label for t in at.tabs][-1] == "凭证"
    # the clocks tab: the restart of SIGNED with its photo, thumbnail and download
    assert images(at) == 1
    assert "本人签收回执" in texts(at) and "重新起算" in texts(at)
    keys = [b.key or "" for b in at.get("download_button")]
    assert any(k.startswith("evidence_panel_visit:") for k in keys)
    # the evidence tab: UNPAPERED's receipt, entered 25 hours ago, has no paper
    [title] = [s.value for s in at.subheader if "仍无凭证" in s.value]
    assert "（1 条）" in title
    [table] = [d.value for d in at.dataframe if "录入时间" in getattr(d.value, "columns", ())]
    assert list(table["借据号"]) == [UNPAPERED]
    assert at.text_input(key="evidence_loan_no").value == UNPAPERED  # ready to add it
    assert len(at.selectbox(key="research_evidence_record_0").options) == 1
    # and its restart on the clocks tab is flagged
    picker(at).set_value(UNPAPERED).run()
    assert images(at) == 0
    assert "签收回执录入已超过 24 小时仍无凭证" in " ".join(e.value for e in at.error)


def test_a_manager_who_does_not_own_the_loan_sees_no_evidence(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = research(logged_in, "manager")  # "manager-name" owns none of the sample's loans
    assert images(at) == 0
    assert "只有管理员、教练和这笔贷款的客户经理可以查看" in texts(at)
    assert not [b for b in at.get("download_button") if b.key and "evidence" in b.key]


def test_the_loans_own_manager_sees_its_evidence(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    engine = make_engine(camp)
    with UnitOfWork(engine, CODE) as uow:
        uow.session.execute(
            update(LoanRow).where(LoanRow.loan_no == SIGNED).values(manager="manager-name")
        )
        uow.commit()
    engine.dispose()
    at = research(logged_in, "manager")
    assert images(at) == 1


def test_the_entry_form_offers_the_visit_a_trainer_just_saved_for_a_photo(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = logged_in("trainer").run()
    at.switch_page("pages/entry.py").run()
    assert not at.exception, at.exception
    options = at.selectbox(key="entry_evidence_record_0").options
    assert len(options) == 2 and UNPAPERED in options[0]  # the newest first


PROJECTED = ("board", "pk", "summary", "awards", "_board_", "_pk_", "_summary_", "_awards_",
             "_projector")  # fmt: skip


def test_no_projected_page_can_show_evidence() -> None:
    """The projected pages (and their modules) never import the evidence reads or views."""
    offenders = []
    for path in sorted((ROOT / "pages").glob("*.py")):
        if not path.stem.startswith(PROJECTED):
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"\b(db\.evidence|_evidence|core\.evidence)\b", source):
            offenders.append(path.name)
    assert offenders == []
