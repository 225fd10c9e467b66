"""The admin closes the camp on /setup (SPEC §4.9): a date, a confirmation, a button."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine
from streamlit.testing.v1 import AppTest

from core.campfile import load_camp_file
from db.engine import make_engine
from db.postloan import closed_on, list_tasks
from db.queries.setup import setup_view
from db.setup import import_loan_file, save_camp

CODE = "qh-sample"
SETUP = "pages/setup.py"
NOW = datetime(2026, 12, 21, 2, 0, tzinfo=UTC)  # 10:00 on 21 December in the camp


@pytest.fixture
def engine(users: str, samples: Path) -> Iterator[Engine]:
    """The sample camp and its loan list on the AppTest store."""
    engine = make_engine(users)
    save_camp(engine, load_camp_file(samples / "camp_sample.toml"), "admin")
    data = (samples / "loans_sample.xlsx").read_bytes()
    assert not import_loan_file(engine, CODE, data, "loans_sample.xlsx", actor="admin").rejected
    yield engine
    engine.dispose()


@pytest.fixture
def setup_page(engine: Engine, logged_in: Callable[[str], AppTest]) -> AppTest:
    at = logged_in("admin")
    at.session_state["_now"] = NOW  # the page's clock, pinned
    at.run()
    at.switch_page(SETUP).run()
    assert not at.exception
    return at


def texts(at: AppTest, kind: str) -> str:
    return " ".join(e.value for e in getattr(at, kind))


def test_the_admin_closes_the_camp_after_confirming_and_sees_the_tasks_created(
    setup_page: AppTest, engine: Engine
) -> None:
    at = setup_page
    assert at.date_input(key="setup_close_on").value == date(2026, 12, 21)  # today in the camp
    at.button(key="setup_close").click().run()
    assert "请先勾选确认" in texts(at, "warning")
    assert closed_on(engine, CODE) is None

    at.checkbox(key="setup_close_sure").check().run()
    at.button(key="setup_close").click().run()
    assert not at.exception
    tasks = list_tasks(engine, CODE)
    assert closed_on(engine, CODE) == date(2026, 12, 21)
    assert tasks and setup_view(engine, CODE).frozen_at is not None
    shown = texts(at, "success")
    assert f"已于 2026-12-21 结营：生成 {len(tasks)} 项贷后任务" in shown
    assert "已于 2026-12-21 结营，排名为最终结果" in shown
    # closed: no second close, and the final standings cannot be unfrozen here
    assert not [b for b in at.button if b.key in ("setup_close", "setup_unfreeze")]


def test_the_admin_closes_at_another_date_and_the_page_says_so_in_english(
    setup_page: AppTest, engine: Engine
) -> None:
    at = setup_page
    at.date_input(key="setup_close_on").set_value(date(2026, 12, 20))
    at.checkbox(key="setup_close_sure").check()
    at.button(key="setup_close").click().run()
    assert closed_on(engine, CODE) == date(2026, 12, 20)
    at.session_state["lang"] = "en"  # the sidebar's language switch
    at.run()
    assert not at.exception
    assert "Closed on 2026-12-20: the standings are final" in texts(at, "success")
