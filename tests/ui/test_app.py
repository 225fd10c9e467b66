"""The app starts on the embedded store and speaks Chinese by default, English on a switch."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


@pytest.fixture
def app(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    return AppTest.from_file(APP, default_timeout=30)


def test_the_home_page_opens_in_chinese_without_an_error(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert app.title[0].value == "清收训练营指挥台"


def test_the_language_switch_turns_the_labels_into_english(app: AppTest) -> None:
    app.run()
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Collection Camp Command"


def test_an_unreachable_store_gives_a_clear_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/none")
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    assert not app.exception
    assert "无法连接数据存储" in app.error[0].value
