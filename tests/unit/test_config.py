"""The app and the command line find the store the same way (SPEC §5.1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.config import DEFAULT_SQLITE_PATH, resolve_database_url


@pytest.fixture
def secrets(tmp_path: Path) -> Path:
    path = tmp_path / "secrets.toml"
    path.write_text('[db]\nurl = "postgresql://camp@db/secrets"\n', encoding="utf-8")
    return path


def test_the_db_option_wins_over_everything(monkeypatch: pytest.MonkeyPatch, secrets: Path):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///env.db")
    assert resolve_database_url("sqlite:///cli.db", secrets) == "sqlite:///cli.db"


def test_database_url_wins_over_the_secrets_file(monkeypatch: pytest.MonkeyPatch, secrets: Path):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///env.db")
    assert resolve_database_url(None, secrets) == "sqlite:///env.db"


def test_the_secrets_file_is_used_when_nothing_else_is_given(
    monkeypatch: pytest.MonkeyPatch, secrets: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert resolve_database_url(None, secrets) == "postgresql://camp@db/secrets"


def test_without_any_setting_the_store_is_the_embedded_sqlite_file_under_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    url = resolve_database_url(None, tmp_path / "missing.toml")
    assert url == f"sqlite:///{DEFAULT_SQLITE_PATH}"
    assert DEFAULT_SQLITE_PATH.parent.name == "data"


def test_a_broken_secrets_file_falls_back_to_the_embedded_store(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    bad = tmp_path / "secrets.toml"
    bad.write_text("[db\nurl=", encoding="utf-8")
    assert resolve_database_url(None, bad).startswith("sqlite:///")
