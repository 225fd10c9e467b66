"""Masking of borrowers' personal data on shared screens and exports (SPEC §4.10, PIPL).

Each function keeps a few characters and stars the rest, one star per character,
so the masked text keeps its length. None and blank give ''; surrounding spaces
are dropped. A value too short to keep anything hidden is starred entirely.
Staff names are never masked, so there is no function for them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

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


# --------------------------------------------------------------------------- free text

# Between the digits of one number people type spaces, dashes, dots, slashes and their
# full-width forms, up to three in a row: 158 9288 7326, 8201-0001-2397-1753,
# 430121.19750501.1207, 158 - 9288 - 7326.
_SEP = r"[\s\-‐‑‒–—―−－.．·・/／_＿]"
_NUMBER = re.compile(
    rf"(?P<prefix>(?:[+＋]|[0０]{{2}})\s?[8８][6６]{_SEP}{{0,3}})?"  # a phone's country code
    rf"\d(?:{_SEP}{{0,3}}\d){{6,}}(?:{_SEP}{{0,3}}[XxＸｘ×])?"  # 7 digits or more, an ID's X
)
# a number spelt in Chinese digits, one character a digit: 一五八九二八八七三二六
_CN_DIGITS = "〇零一二三四五六七八九壹贰叁肆伍陆柒捌玖两幺"
_CN_NUMBER = re.compile(rf"[{_CN_DIGITS}](?:{_SEP}{{0,3}}[{_CN_DIGITS}]){{6,}}")
# a date stays readable in a note: 2026-12-06, 2026.12.6
_DATE = re.compile(r"(?:19|20)\d\d([-./．／])(?:0?[1-9]|1[0-2])\1(?:0?[1-9]|[12]\d|3[01])")


def _is_digit(ch: str) -> bool:
    return ch.isdigit() or ch in "XxＸｘ×"


def mask_number(run: str) -> str:
    """A number found in free text, masked by its shape whatever its separators: a mobile
    phone (11 digits from 1, with or without +86) keeps its first 3 and last 4 digits, an ID
    number (15 or 18, an X last) its first 1 and last 2, anything else — a bank card, a loan
    or account number — its last 4. Separators stay where they are."""
    m = _NUMBER.fullmatch(run)
    prefix = m.group("prefix") or "" if m else ""
    body = run[len(prefix) :]
    positions = [i for i, ch in enumerate(body) if _is_digit(ch)]
    n = len(positions)
    first = body[positions[0]] if positions else ""
    if prefix or (n == 11 and first == "1"):
        head, tail = 3, 4
    elif n in (15, 18):
        head, tail = 1, 2
    else:
        head, tail = 0, 4
    if n < head + tail + 4:  # too short to keep anything: star every digit
        head, tail = 0, 0
    hidden = set(positions[head : n - tail])
    return prefix + "".join(STAR if i in hidden else ch for i, ch in enumerate(body))


def _mask_match(m: re.Match[str]) -> str:
    run = m.group(0)
    return run if _DATE.fullmatch(run) else mask_number(run)


class Redactor:
    """Free text (a visit's note, a problem, an award's reason) made safe to share (§4.10).

    The one redactor of the app: every free text that leaves the store for a projected
    page, the battle report (PNG, PDF, workbook) or the awards goes through it.

    - any of `names` (the camp's borrowers and guarantors, whatever their length) keeps
      its first character, the longest name at a position winning;
    - any of `numbers` (the camp's loan numbers, ID numbers and phones, letters and all)
      is masked where it appears, as a number of its shape;
    - any other number of 7 digits or more, whatever separates its digits, with an ID's X
      or a phone's +86, is masked by its shape (`mask_number`); a date stays;
    - a number spelt in 7 or more Chinese digits is starred whole.

    Built once per summary: a camp has thousands of names and a day hundreds of notes.
    """

    def __init__(self, names: Iterable[str] = (), numbers: Iterable[str] = ()) -> None:
        terms: dict[str, Callable[[str], str]] = {}
        for raw in numbers:
            text = _clean(raw)
            if len(text) >= 4:
                terms[text.lower()] = mask_number
        for raw in names:
            text = _clean(raw)
            if len(text) >= 2:
                terms[text.lower()] = mask_name
        self.terms = terms
        # candidate lengths by first character, longest first
        sizes: dict[str, set[int]] = {}
        for term in terms:
            sizes.setdefault(term[0], set()).add(len(term))
        self.sizes = {ch: sorted(s, reverse=True) for ch, s in sizes.items()}

    def __call__(self, text: str | None) -> str:
        if not text:
            return ""
        text = self._terms(str(text))
        text = _NUMBER.sub(_mask_match, text)
        return _CN_NUMBER.sub(lambda m: "".join(STAR if c in _CN_DIGITS else c for c in m[0]), text)

    def _terms(self, text: str) -> str:
        if not self.terms:
            return text
        low = text.lower()
        if len(low) != len(text):  # a letter whose lower case is longer: match as typed
            low = text
        out: list[str] = []
        i = 0
        while i < len(text):
            size = next((k for k in self.sizes.get(low[i], ()) if low[i : i + k] in self.terms), 0)
            if size:
                out.append(self.terms[low[i : i + size]](text[i : i + size]))
                i += size
            else:
                out.append(text[i])
                i += 1
        return "".join(out)


def redact(text: str | None, names: Iterable[str] = (), numbers: Iterable[str] = ()) -> str:
    """`Redactor(names, numbers)(text)`, for a single text."""
    return Redactor(names, numbers)(text)
