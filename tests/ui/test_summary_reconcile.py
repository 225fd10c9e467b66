"""/summary's reconciliation view and verified column (SPEC §5.6): the real app.py on
SQLite, the clock pinned to 18:30 on field day 4 of the sample camp, the core system's
records of 刘丽's loan imported: 15,000 of the 20,100 元 突击队 claimed arrived."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.integration.test_cli import run
from tests.integration.test_summary import LIU_LI
from tests.ui.test_summary_page import CODE, camp, html, open_summary, secrets
from tests.workbooks import write_csv

__all__ = ["camp"]  # the fixture, shared with test_summary_page


@pytest.fixture
def ledger(camp: str, tmp_path: Path) -> str:
    rows = [["借据号", "交易日期", "还款本金", "还款利息", "流水号"],
            [LIU_LI, "2026-12-17", "15000", "0", "C1"]]  # fmt: skip
    code, _, err = run(camp, "ledger-import", CODE, str(write_csv(tmp_path / "l.csv", rows)))
    assert code == 0, err
    return camp


def frames(at: AppTest) -> list[str]:
    return [df.value.to_csv(index=False) for df in at.dataframe]


@pytest.mark.parametrize("role", ["admin", "trainer"])
def test_the_organiser_and_trainers_see_claimed_against_verified_with_the_borrower_masked(
    logged_in: Callable[[str], AppTest], ledger: str, role: str
) -> None:
    at = open_summary(logged_in, role)
    assert [t.label for t in at.tabs][-1] == "资金核实"
    text = "\n".join(frames(at))
    assert '突击队,"20,100.00","15,000.00",74.6%,2' in text  # per team: claimed, verified
    # the 20,000 claimed first takes the 15,000; the later 100 of interest finds it all taken
    assert "部分核实" in text and "重复认领" in text
    assert "刘*" in text
    for secret in secrets(ledger):
        if secret != LIU_LI:  # the loan number is shown off the projector, the person is not
            assert secret not in text, secret


@pytest.mark.parametrize("role", ["manager", "screen"])
def test_others_get_no_reconciliation_view(
    logged_in: Callable[[str], AppTest], ledger: str, role: str
) -> None:
    at = open_summary(logged_in, role)
    assert "资金核实" not in [t.label for t in at.tabs]


def test_before_any_record_there_is_no_view_and_no_verified_switch(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    at = open_summary(logged_in, "admin", verified="1")
    assert "资金核实" not in [t.label for t in at.tabs]
    assert "核实金额" not in html(at)


def test_the_verified_column_shows_on_the_teams_channel_when_asked(
    logged_in: Callable[[str], AppTest], ledger: str
) -> None:
    assert "核实金额" not in html(open_summary(logged_in, "screen"))
    page = html(open_summary(logged_in, "screen", verified="1"))
    assert "核实金额" in page and "15,000.00" in page
