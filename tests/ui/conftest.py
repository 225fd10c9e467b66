"""AppTest fixtures: the real app.py on a fresh SQLite store, with users of every role."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from db.engine import make_engine
from db.services import add_user
from db.users import current_session_id

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PASSWORD = "correct-horse-battery"
ROLES = ("admin", "trainer", "manager", "screen")


@pytest.fixture
def store(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CAMP_COOKIE_KEY", "k" * 48)
    return sqlite_url


@pytest.fixture
def users(store: str) -> str:
    engine = make_engine(store)
    for role in ROLES:
        add_user(engine, role, role, f"{role}-name", PASSWORD)
    engine.dispose()
    return store


@pytest.fixture
def app(users: str) -> AppTest:
    return AppTest.from_file(APP, default_timeout=30)


@pytest.fixture
def logged_in(users: str) -> Callable[[str], AppTest]:
    """An AppTest already past the log-in as `role` (as after the form or a cookie)."""

    def make(role: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        at.session_state["authentication_status"] = True
        at.session_state["username"] = role
        at.session_state["name"] = f"{role}-name"
        at.session_state["roles"] = [role]
        at.session_state["_login_at"] = datetime.now(UTC)
        at.session_state["_sid"] = current_session_id(make_engine(users), role)
        return at

    return make
