"""Streamlit's own table export is off (issue 13, point 6): its "Download as CSV" wrote a
cell like =HYPERLINK(...) typed by another user as a live formula. The app's own CSV and
workbook exports neutralise formula starts (tests/unit/test_hostile_text.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_tables_offer_no_csv_download_or_copy_of_their_cells() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["client"]["disableDataExport"] is True


def test_streamlit_reads_the_switch_from_the_apps_config(monkeypatch) -> None:  # noqa: ANN001
    from streamlit import config

    monkeypatch.chdir(ROOT)
    config.get_config_options(force_reparse=True)
    try:
        assert config.get_option("client.disableDataExport") is True
    finally:
        config.get_config_options(force_reparse=True)
