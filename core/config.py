"""Where the store is: one resolver for the app and the command line (SPEC §5.1).

`--db`, else the environment variable DATABASE_URL, else `db.url` in
`.streamlit/secrets.toml`, else the embedded SQLite file under `data/`.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE_PATH = PROJECT_ROOT / "data" / "camp.db"
SECRETS_PATH = PROJECT_ROOT / ".streamlit" / "secrets.toml"


def read_secrets(path: Path = SECRETS_PATH) -> dict:
    """The secrets file as a dict; empty when missing or unreadable."""
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError):
        return {}


def resolve_database_url(cli_url: str | None = None, secrets_path: Path = SECRETS_PATH) -> str:
    if cli_url:
        return cli_url
    env = os.environ.get("DATABASE_URL", "").strip()
    if env:
        return env
    url = read_secrets(secrets_path).get("db", {}).get("url")
    if isinstance(url, str) and url.strip():
        return url.strip()
    return f"sqlite:///{DEFAULT_SQLITE_PATH}"


def app_url(secrets_path: Path = SECRETS_PATH) -> str:
    """The address people open the app at (CAMP_APP_URL, else `app.url` in the secrets
    file), e.g. https://camp.bank.local; empty when not set. A notice's receipt QR links
    to /entry there, so a phone's camera opens the receipt."""
    env = os.environ.get("CAMP_APP_URL", "").strip()
    if env:
        return env
    configured = read_secrets(secrets_path).get("app", {}).get("url")
    return configured.strip() if isinstance(configured, str) else ""


COOKIE_KEY_PATH = PROJECT_ROOT / ".streamlit" / "cookie_key"


def cookie_key(secrets_path: Path = SECRETS_PATH, key_path: Path = COOKIE_KEY_PATH) -> str:
    """The log-in cookie's signing key: CAMP_COOKIE_KEY, else `auth.cookie_key` in the
    secrets file (replicas must share one), else a key generated once for a
    single-machine install and kept in `.streamlit/cookie_key` (ignored by git)."""
    env = os.environ.get("CAMP_COOKIE_KEY", "").strip()
    if env:
        return env
    configured = read_secrets(secrets_path).get("auth", {}).get("cookie_key")
    if isinstance(configured, str) and configured.strip():
        return configured.strip()
    try:
        existing = key_path.read_text(encoding="ascii").strip()
        if len(existing) >= 32:
            return existing
    except OSError:
        pass
    key = secrets.token_urlsafe(48)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as fh:
        fh.write(key)
    return key
