"""/pk's verified column (SPEC §5.6): absent before any repayment record, offered once the
core system's records are imported, shown with the sidebar switch or ?verified=1."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from pathlib import Path

from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from db.engine import make_engine
from db.models import Loan as LoanRow
from db.models import Team, Visit
from tests.integration.test_cli import run
from tests.ui.test_pk_page import TZ, demo, html, open_pk
from tests.workbooks import write_csv

__all__ = ["demo"]  # the fixture, shared with test_pk_page


def confirm_one_claim(url: str, tmp_path: Path) -> str:
    """A record confirming the first money-claiming visit of the demo; its team's name."""
    engine = make_engine(url)
    with engine.connect() as conn:
        v = conn.execute(
            select(Visit.visited_at, Visit.principal_fen, LoanRow.loan_no, Team.name)
            .join(LoanRow, LoanRow.id == Visit.loan_id)
            .join(Team, Team.id == Visit.team_id)
            .where(Visit.principal_fen > 0, Visit.voided_at.is_(None))
            .order_by(Visit.id)
        ).first()
    engine.dispose()
    at = v.visited_at if v.visited_at.tzinfo else v.visited_at.replace(tzinfo=UTC)
    day = at.astimezone(TZ).date()
    rows = [["借据号", "交易日期", "还款本金"], [v.loan_no, day.isoformat(), v.principal_fen / 100]]
    code, _, err = run(url, "ledger-import", "demo", str(write_csv(tmp_path / "l.csv", rows)))
    assert code == 0, err
    return v.name


def test_the_verified_column_shows_once_records_exist_and_it_is_asked_for(
    logged_in: Callable[[str], AppTest], demo: str, tmp_path: Path
) -> None:
    assert "核实金额" not in html(open_pk(logged_in, verified="1"))
    confirm_one_claim(demo, tmp_path)
    assert "核实金额" not in html(open_pk(logged_in))
    at = open_pk(logged_in, verified="1")
    assert "核实金额" in html(at)
    assert any(t.label == "显示核实金额" for t in at.sidebar.toggle)
