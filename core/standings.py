"""One ranking for teams and members, for the camp and for a day's period (SPEC §4.7).

The caller sums points and cash (a period, the whole camp, teams or members);
this module only orders them, so every board, export and award ranks the same way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Entry:
    """One team or member in a ranking.

    `points` in hundredths, `cash_fen` in fen. `reached_at` is the time of the last
    record (visit or adjustment) that changed its points — when it reached its
    total; None when nothing ever did, which ranks after any time. `extra` rides
    along untouched (team, target, counts, ...) and takes no part in comparisons.
    """

    name: str
    points: int
    cash_fen: int
    reached_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __post_init__(self) -> None:
        if self.reached_at is not None and (
            self.reached_at.tzinfo is None or self.reached_at.utcoffset() is None
        ):
            raise ValueError(f"{self.name}: reached_at must be timezone-aware")


def _key(entry: Entry, use_reached: bool) -> tuple[Any, ...]:
    if not use_reached:
        reached: tuple[Any, ...] = ()
    elif entry.reached_at is None:
        reached = (1,)
    else:
        reached = (0, entry.reached_at)
    return (-entry.points, -entry.cash_fen, reached, entry.name)


def rank(entries: Iterable[Entry], *, use_reached: bool = True) -> list[tuple[int, Entry]]:
    """Entries in rank order with their ranks 1..n — no shared ranks.

    Tie-break, in order:
      1. more points;
      2. more cash collected;
      3. (teams, `use_reached=True`) earlier `reached_at` — the team that reached its
         total first; an entry with no `reached_at` counts as last;
      4. name in Unicode code-point order (Python's str order, not pinyin).
    Members rank with `use_reached=False`: points, then cash, then name.
    Entries equal on every key (the same name twice) keep their given order.
    """
    ordered = sorted(entries, key=lambda e: _key(e, use_reached))
    return [(position, entry) for position, entry in enumerate(ordered, start=1)]


def _ranks_by_name(ranking: list[tuple[int, Entry]], which: str) -> dict[str, int]:
    ranks: dict[str, int] = {}
    for position, entry in ranking:
        if entry.name in ranks:
            raise ValueError(f"{which} ranking lists {entry.name!r} twice")
        ranks[entry.name] = position
    return ranks


def rank_changes(
    previous: list[tuple[int, Entry]], current: list[tuple[int, Entry]]
) -> dict[str, int | None]:
    """For each name in `current`: how many places it moved since `previous`.

    Positive = moved up (rank 3 → 1 is +2), negative = down, 0 = unchanged; None
    for a name that was not ranked before. Names must be unique in each ranking.
    """
    before = _ranks_by_name(previous, "previous")
    now = _ranks_by_name(current, "current")
    return {
        name: (before[name] - position if name in before else None)
        for name, position in now.items()
    }
