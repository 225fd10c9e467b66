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


def test_the_cookie_key_comes_from_the_environment_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from core.config import cookie_key

    monkeypatch.setenv("CAMP_COOKIE_KEY", "e" * 40)
    assert cookie_key(tmp_path / "none.toml", tmp_path / "key") == "e" * 40
    assert not (tmp_path / "key").exists()


def test_replicas_share_the_cookie_key_of_the_secrets_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from core.config import cookie_key

    monkeypatch.delenv("CAMP_COOKIE_KEY", raising=False)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\ncookie_key = "' + "s" * 40 + '"\n', encoding="utf-8")
    assert cookie_key(secrets, tmp_path / "key") == "s" * 40


def test_a_single_machine_install_generates_a_private_cookie_key_once(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from core.config import cookie_key

    monkeypatch.delenv("CAMP_COOKIE_KEY", raising=False)
    path = tmp_path / ".streamlit" / "cookie_key"
    first = cookie_key(tmp_path / "none.toml", path)
    assert len(first) >= 32
    assert path.stat().st_mode & 0o077 == 0  # readable by the owner only
    assert cookie_key(tmp_path / "none.toml", path) == first
