"""The evaluation view (pages/_postloan_eval.py) in AppTest, on the camp of the store test.

A tiny script calls `show(engine, code, today)` as the /postloan page does in its
evaluation tab; the figures are those worked out by hand in
tests/integration/test_evaluation_store.py.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db.engine import make_engine
from tests.integration.test_evaluation_store import BEFORE, build_after, build_field

SCRIPT = """
import os
from datetime import date

from db.engine import make_engine
from pages import _postloan_eval

engine = make_engine(os.environ["EVAL_DB"])
try:
    _postloan_eval.show(engine, "qh-sample", date(2027, 1, 8))
finally:
    engine.dispose()
"""


@pytest.fixture
def camp_url(
    sqlite_url: str, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> str:
    engine = make_engine(sqlite_url)
    build_field(engine, sqlite_url, samples, tmp_path)
    build_after(engine, sqlite_url, tmp_path)
    engine.dispose()
    monkeypatch.setenv("EVAL_DB", sqlite_url)
    return sqlite_url


def view(lang: str = "zh") -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.session_state["lang"] = lang
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_headline_metrics_show_the_camps_figures(camp_url: str) -> None:
    at = view()
    assert [(m.label, m.value) for m in at.metric] == [
        ("清收金额（万元）", "3.90"),
        ("承诺兑现率（兑现/到期）", "33.3%（1/3）"),
        ("时效保全（笔）", "1"),  # a payment after expiry saves nothing (SPEC §4.4)
        # a written-off (表外) loan is never in the NPL figures (SPEC §4.3)
        ("不良余额（万元，前 → 后）", "11.50 → 4.90"),
        ("不良笔数（前 → 后）", "3 → 1"),
        ("每元清收成本", "3.85 元"),
    ]
    assert len(at.get("plotly_chart")) == 4  # segment, aging, township, customer type


def test_the_tables_show_the_migration_and_the_tactics_and_no_borrower(camp_url: str) -> None:
    at = view("en")
    assert at.metric[0].label == "Cash collected (10k yuan)"
    frames = [df.value for df in at.dataframe]
    assert len(frames) == 4 + 2 + 1  # cash tables, migration counts and balances, tactics
    counts, balances = (f for f in frames if "Before \\ after" in f.columns)
    loss = counts[counts["Before \\ after"] == "损失"].iloc[0]
    assert (loss["损失"], loss["Not in the later list"], loss["Total"]) == (2, 1, 3)
    assert balances.iloc[1]["正常"] == "80,000.00"  # A4, 关注 → 正常, the first list's principal
    tactics = next(f for f in frames if "Tactic" in f.columns)
    assert tactics.iloc[0].tolist() == ["晓之以理", "All types", 3, 2, "66.7%"]
    texts = [str(f.to_dict()) for f in frames]
    texts += [m.value for m in at.markdown] + [c.value for c in at.caption]
    shown = "\n".join(texts)
    for borrower in (row[1] for row in BEFORE):
        assert borrower not in shown
