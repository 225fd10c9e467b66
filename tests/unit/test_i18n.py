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


# Pictographs a bank PC without an emoji font draws as empty boxes (fonts-noto-color-emoji
# is rarely there); Streamlit's :material/…: icons come with its own font instead.
EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f]")
ALLOWED = set("✓☐")  # plain symbols every CJK or system font carries


def test_no_label_page_or_navigation_uses_an_emoji_a_bank_pc_cannot_draw() -> None:
    found = [(key, lang, m) for key, texts in LABELS.items() for lang, text in texts.items()
             for m in EMOJI.findall(text) if m not in ALLOWED]  # fmt: skip
    for path in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        found += [(path.name, "", m) for m in EMOJI.findall(text) if m not in ALLOWED]
    assert found == []


def test_every_navigation_icon_is_a_material_icon() -> None:
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    block = source[source.index("ICONS = {") : source.index("}", source.index("ICONS = {"))]
    icons = re.findall(r':\s*"([^"]+)"', block)
    icons += re.findall(r"""icon=["']([^"']+)["']""", source)
    assert len(icons) >= 10
    assert [i for i in icons if not re.fullmatch(r":material/[a-z_]+:", i)] == []
