"""The final ceremony frozen on verified standings (SPEC §5.6), on SQLite and PostgreSQL:
the hand-built camp of test_awards_store, where the core system confirms only 尖刀队's
10,000 元 from 胡丽 — 突击队's 26,000 元 of claims never arrived."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from db.ledger import set_awards_verified
from tests.integration.test_awards_store import board, camp, played, suggested
from tests.integration.test_cli import run
from tests.integration.test_summary import HU
from tests.workbooks import write_csv

__all__ = ["camp", "played"]  # fixtures shared with test_awards_store


def confirm_hu(db_url: str, tmp_path: Path) -> None:
    rows = [["借据号", "交易日期", "还款本金", "流水号"], [HU, "2026-12-16", "10000", "H1"]]
    code, _, err = run(
        db_url, "ledger-import", "qh-sample", str(write_csv(tmp_path / "l.csv", rows))
    )
    assert code == 0, err


def test_the_champion_comes_from_verified_standings_when_the_camp_says_so(
    engine: Engine, db_url: str, played: str, tmp_path: Path
) -> None:
    confirm_hu(db_url, tmp_path)
    assert suggested(board(engine), "冠军团队")[0][0] == "突击队"  # plain: 25.50 points
    set_awards_verified(engine, played, True, "admin")
    assert suggested(board(engine), "冠军团队") == [
        ("尖刀队", None, "14.00 分，现金 1.00 万元"),  # 突击队 scores nothing verified
    ]
    set_awards_verified(engine, played, False, "admin")
    assert suggested(board(engine), "冠军团队")[0][0] == "突击队"
