"""One translation table: every label in Chinese and English, every used key defined."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.i18n import LABELS, LANGUAGES, t

ROOT = Path(__file__).resolve().parents[2]
USED = re.compile(r"""\btr?\(\s*f?["']([a-z_]+\.[a-z0-9_.]+)["']""")


def test_every_label_has_a_chinese_and_an_english_text() -> None:
    missing = [(key, lang) for key, texts in LABELS.items() for lang in LANGUAGES
               if not texts.get(lang, "").strip()]  # fmt: skip
    assert missing == []


def test_every_label_used_by_the_app_is_in_the_table() -> None:
    used = set()
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        used |= set(USED.findall(path.read_text(encoding="utf-8")))
    assert used, "the scan found no labels at all"
    assert sorted(k for k in used if k not in LABELS) == []


def test_a_missing_label_is_an_error_not_a_blank() -> None:
    with pytest.raises(KeyError):
        t("no.such.label")
