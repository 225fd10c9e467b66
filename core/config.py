"""Where the store is: one resolver for the app and the command line (SPEC §5.1).

`--db`, else the environment variable DATABASE_URL, else `db.url` in
`.streamlit/secrets.toml`, else the embedded SQLite file under `data/`.
"""

from __future__ import annotations

import os
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
