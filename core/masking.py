"""Masking of borrowers' personal data on shared screens and exports (SPEC §4.10, PIPL).

Each function keeps a few characters and stars the rest, one star per character,
so the masked text keeps its length. None and blank give ''; surrounding spaces
are dropped. A value too short to keep anything hidden is starred entirely.
Staff names are never masked, so there is no function for them.
"""

from __future__ import annotations

STAR = "*"


def _clean(value: object) -> str:
    return "" if value is None else str(value).strip()


def _keep(text: str, head: int, tail: int) -> str:
    """Keep `head` leading and `tail` trailing characters; all stars if nothing would be hidden."""
    if len(text) <= head + tail:
        return STAR * len(text)
    return text[:head] + STAR * (len(text) - head - tail) + text[len(text) - tail :]


def mask_name(name: str | None) -> str:
    """Keep the first character: 张三丰 → 张**, 李四 → 李*, a one-character name unchanged."""
    text = _clean(name)
    return text[:1] + STAR * (len(text) - 1) if text else ""


def mask_id(id_number: str | None) -> str:
    """Keep the first 1 and the last 2 characters: 11010519491231002X → 1***************2X."""
    return _keep(_clean(id_number), 1, 2)


def mask_phone(phone: str | None) -> str:
    """Keep the first 3 and the last 4 digits: 13812345678 → 138****5678.

    Only digits count and only digits are starred; separators stay where they are
    (138-1234-5678 → 138-****-5678). With 7 digits or fewer the whole value is starred.
    """
    text = _clean(phone)
    positions = [i for i, ch in enumerate(text) if "0" <= ch <= "9"]
    if len(positions) <= 7:
        return STAR * len(text)
    hidden = set(positions[3:-4])
    return "".join(STAR if i in hidden else ch for i, ch in enumerate(text))


def mask_account(no: str | None) -> str:
    """Keep the last 4 characters of a loan or account number.

    6228480012345678 → ************5678.
    """
    return _keep(_clean(no), 0, 4)
