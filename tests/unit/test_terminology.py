"""Issue 15 point 8: the words a bank employee reads (SPEC §4.3, §4.4)."""

from __future__ import annotations

from core.i18n import LABELS
from core.reasons import REASONS

CLASS_KEYS = {"research.flagged.help", "research.term.关注"}  # the five-category class


def chinese_texts() -> dict[str, str]:
    return {k: v.get("zh", "") for table in (LABELS, REASONS) for k, v in table.items()}


def test_guanzhu_is_used_only_for_the_five_category_class() -> None:
    used = {k for k, text in chinese_texts().items() if "关注" in text}
    assert used <= CLASS_KEYS, sorted(used - CLASS_KEYS)


def test_a_signature_after_expiry_is_a_waiver_never_a_rescue() -> None:
    texts = chinese_texts()
    assert not [k for k, text in texts.items() if "挽回" in text]
    assert any("放弃时效抗辩" in text for text in texts.values())


def test_clock_levels_read_expired_urgent_watch_safe() -> None:
    levels = [LABELS[f"research.status.{s}"]["zh"] for s in ("expired", "urgent", "watch", "safe")]
    assert [w[:3] if w.startswith("已") else w[:2] for w in levels] == ["已过期", "紧急", "临期",
                                                                       "安全"]  # fmt: skip
