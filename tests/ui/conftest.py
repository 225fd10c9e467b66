"""AppTest fixtures: the real app.py on a fresh SQLite store, with users of every role."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url
from streamlit.testing.v1 import AppTest

from db.engine import make_engine
from db.users import add_user, current_session_id
from tests.conftest import sealed

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PASSWORD = "correct-horse-battery"
ROLES = ("admin", "trainer", "manager", "screen")


@pytest.fixture
def store(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CAMP_COOKIE_KEY", "k" * 48)
    return sqlite_url


@pytest.fixture(scope="session")
def users_template(sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store with one user of every role, built once per test session (each
    bcrypt hash costs a quarter of a second) and copied for every test."""
    path = tmp_path_factory.mktemp("users-template") / "users.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    for role in ROLES:
        add_user(engine, role, role, f"{role}-name", PASSWORD)
    sealed(engine)
    return path


@pytest.fixture
def users(store: str, users_template: Path) -> str:
    """The test's own store, holding a user of every role (password PASSWORD)."""
    shutil.copyfile(users_template, make_url(store).database)
    return store


@pytest.fixture
def app(users: str) -> AppTest:
    return AppTest.from_file(APP, default_timeout=30)


def session_id(username: str, url: str | None = None) -> str | None:
    """The session id the user's log-in carries now (what the form or a cookie would set)."""
    engine = make_engine(url or os.environ["DATABASE_URL"])
    try:
        return current_session_id(engine, username)
    finally:
        engine.dispose()


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
        at.session_state["_sid"] = session_id(role, users)
        return at

    return make
