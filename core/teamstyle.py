"""Team colours and emblems on the wall (issue 14 point 5): what a team may choose in /setup
or its camp file, and the defaults that keep an unset camp looking like a contest.

A colour is "#rrggbb". An emblem is one of a fixed set of Material icons (EMBLEMS, drawn
as inline SVG on the projected pages: no uploads, no emoji font) or a badge of one or two
letters or digits (虎, A1). A team without a colour takes the next palette colour no other
team of the camp has chosen; one without an emblem shows none.

Plain Python: the store keeps the two strings per team (db.models.Team), the pages draw them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Twelve colours that stay apart on a washed-out projector, in the order teams get them.
PALETTE = ("#c8102e", "#0b5cad", "#1a7f37", "#d46b08", "#6f2dbd", "#00838f",
           "#8b4513", "#ad1457", "#3f6212", "#1f2937", "#b8860b", "#4b5563")  # fmt: skip

# Material icons (24×24 viewBox, filled), by their Material Symbols name.
EMBLEMS: dict[str, str] = {
    "star": "M12 17.27 18.18 21l-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73"
    "L5.82 21z",
    "bolt": "M7 2v11h3v9l7-12h-4l4-8z",
    "shield": "M12 1 3 5v6c0 5.55 3.84 10.74 9 12 5.16-1.26 9-6.45 9-12V5l-9-4z",
    "flag": "M14.4 6 14 4H5v17h2v-7h5.6l.4 2h7V6z",
    "emoji_events": "M19 5h-2V3H7v2H5c-1.1 0-2 .9-2 2v1c0 2.55 1.92 4.63 4.39 4.94.63 1.5 1.98"
    " 2.63 3.61 2.96V19H7v2h10v-2h-4v-3.1c1.63-.33 2.98-1.46 3.61-2.96C19.08 12.63 21 10.55 21"
    " 8V7c0-1.1-.9-2-2-2zM5 8V7h2v3.82C5.84 10.4 5 9.3 5 8zm14 0c0 1.3-.84 2.4-2 2.82V7h2v1z",
    "favorite": "M12 21.35l-1.45-1.32C5.4 15.36 2 12.28 2 8.5 2 5.42 4.42 3 7.5 3c1.74 0 3.41.81"
    " 4.5 2.09C13.09 3.81 14.76 3 16.5 3 19.58 3 22 5.42 22 8.5c0 3.78-3.4 6.86-8.55 11.54"
    "L12 21.35z",
    "whatshot": "M13.5.67s.74 2.65.74 4.8c0 2.06-1.35 3.73-3.41 3.73-2.07 0-3.63-1.67-3.63-3.73"
    "l.03-.36C5.21 7.51 4 10.62 4 14c0 4.42 3.58 8 8 8s8-3.58 8-8C20 8.61 17.41 3.8 13.5.67z"
    "M11.71 19c-1.78 0-3.22-1.4-3.22-3.14 0-1.62 1.05-2.76 2.81-3.12 1.77-.36 3.6-1.21"
    " 4.62-2.58.39 1.29.59 2.65.59 4.04 0 2.65-2.15 4.8-4.8 4.8z",
    "pets": "M2 9.5a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0zM6.5 5.5a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0"
    "-5 0zM12.5 5.5a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0-5 0zM17 9.5a2.5 2.5 0 1 0 5 0a2.5 2.5 0 1 0"
    "-5 0zM17.34 14.86c-.87-1.02-1.6-1.89-2.48-2.91-.46-.54-1.05-1.08-1.75-1.32-.11-.04-.22-.07"
    "-.33-.09-.25-.04-.52-.04-.78-.04s-.53 0-.79.05c-.11.02-.22.05-.33.09-.7.24-1.28.78-1.75"
    " 1.32-.87 1.02-1.6 1.89-2.48 2.91-1.31 1.31-2.92 2.76-2.62 4.79.29 1.02 1.02 2.03 2.33"
    " 2.32.73.15 3.06-.44 5.54-.44h.18c2.48 0 4.81.58 5.54.44 1.31-.29 2.04-1.31 2.33-2.32"
    ".31-2.04-1.3-3.49-2.61-4.8z",
    "water_drop": "M12 2c-5.33 4.55-8 8.48-8 11.8 0 4.98 3.8 8.2 8 8.2s8-3.22 8-8.2c0-3.32-2.67"
    "-7.25-8-11.8z",
    "landscape": "M14 6l-3.75 5 2.85 3.8-1.6 1.2C9.81 13.75 7 10 7 10l-6 8h22L14 6z",
    "adjust": "M12 2C6.49 2 2 6.49 2 12s4.49 10 10 10 10-4.49 10-10S17.51 2 12 2zm0 18c-4.41 0"
    "-8-3.59-8-8s3.59-8 8-8 8 3.59 8 8-3.59 8-8 8zm3-8c0 1.66-1.34 3-3 3s-3-1.34-3-3 1.34-3"
    " 3-3 3 1.34 3 3z",
    "trending_up": "M16 6l2.29 2.29-4.88 4.88-4-4L2 16.59 3.41 18l6-6 4 4 6.3-6.29L22 12V6z",
}

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
BADGE_MAX = 2  # characters of a text badge


@dataclass(frozen=True)
class TeamStyle:
    colour: str  # "#rrggbb"
    emblem: str = ""  # an EMBLEMS name, a badge of 1–2 characters, or "" for none

    @property
    def icon(self) -> str | None:
        """The emblem's SVG path when it is an icon."""
        return EMBLEMS.get(self.emblem)

    @property
    def badge(self) -> str:
        """The emblem when it is a text badge, else ''."""
        return "" if self.emblem in EMBLEMS else self.emblem

    @property
    def ink(self) -> str:
        """Black or white, whichever reads better on the colour."""
        return ink_on(self.colour)


def colour_problem(value: str) -> str | None:
    """Why `value` is not a colour ("#rrggbb"), or None."""
    return None if _COLOUR.fullmatch(value or "") else "colour"


def emblem_problem(value: str) -> str | None:
    """Why `value` is not an emblem, or None: an icon of EMBLEMS, or one or two letters or
    digits (no spaces, punctuation, markup, emoji or control characters); '' is none."""
    if not value or value in EMBLEMS:
        return None
    if len(value) > BADGE_MAX:
        return "badge_long"
    if not all(unicodedata.category(ch)[0] in "LN" for ch in value):
        return "badge_chars"
    return None


def normal_colour(value: str) -> str:
    return value.lower()


def ink_on(colour: str) -> str:
    """#111111 on a light colour, #ffffff on a dark one (relative luminance, WCAG)."""
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))

    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    lum = 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
    return "#111111" if lum > 0.36 else "#ffffff"


def resolve(
    names: Iterable[str], chosen: Mapping[str, tuple[str | None, str | None]]
) -> dict[str, TeamStyle]:
    """Each team's style, teams in their camp order: its chosen colour and emblem; a team
    without a colour gets the first palette colour no team has chosen or been given yet
    (so two teams never share a default), cycling when twelve are taken."""
    names = list(names)
    taken = {
        normal_colour(c)
        for c, _ in (chosen.get(n, (None, None)) for n in names)
        if c and colour_problem(c) is None
    }
    free = [c for c in PALETTE if c not in taken] or list(PALETTE)
    out: dict[str, TeamStyle] = {}
    spare = 0
    for name in names:
        colour, emblem = chosen.get(name, (None, None))
        if not colour or colour_problem(colour):
            colour = free[spare % len(free)]
            spare += 1
        emblem = emblem if emblem and emblem_problem(emblem) is None else ""
        out[name] = TeamStyle(normal_colour(colour), emblem)
    return out
