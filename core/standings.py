"""One ranking for teams and members, for the camp and for a day's period (SPEC §4.7).

The caller sums points and cash (a period, the whole camp, teams or members);
this module only orders them, so every board, export and award ranks the same way.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from core.money import fen_to_yuan, hundredths_to_points, round_half_up


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


TEAM_FIELDS = (
    "rank", "team", "points", "cash", "principal", "interest", "written_off", "settled", "acks",
    "promises", "adjustments", "target", "attainment",
)  # fmt: skip
MEMBER_FIELDS = ("rank", "member", "team", "points", "cash")


def team_row(position: int, e: Entry) -> dict[str, object]:
    """One team's standings row of SPEC §5.5: money in 元 and points with 2 decimals."""
    x = e.extra
    target = x.get("target_fen", 0)
    attainment = None
    if target:
        attainment = round_half_up(Decimal(e.cash_fen) / Decimal(target), "0.0001")
    return {
        "rank": position,
        "team": e.name,
        "points": hundredths_to_points(e.points),
        "cash": fen_to_yuan(e.cash_fen),
        "principal": fen_to_yuan(x.get("principal_fen", 0)),
        "interest": fen_to_yuan(x.get("interest_fen", 0)),
        "written_off": fen_to_yuan(x.get("written_off_fen", 0)),
        "settled": x.get("settled", 0),
        "acks": x.get("acks", 0),
        "promises": x.get("promises", 0),
        "adjustments": hundredths_to_points(x.get("adjustments", 0)),
        "target": fen_to_yuan(target),
        "attainment": attainment,
    }


def member_row(position: int, e: Entry) -> dict[str, object]:
    return {
        "rank": position,
        "member": e.name,
        "team": e.extra.get("team", ""),
        "points": hundredths_to_points(e.points),
        "cash": fen_to_yuan(e.cash_fen),
    }


def render_standings(table: dict, fmt: str, *, individual: bool = False) -> str:
    """The standings as csv (header row, one row per team in rank order) or json (§5.5)."""
    key, make, fields_ = (
        ("members", member_row, MEMBER_FIELDS) if individual else ("teams", team_row, TEAM_FIELDS)
    )
    rows = [make(position, e) for position, e in table[key]]
    if fmt == "json":
        if not individual:  # SPEC §5.6: json always carries verified_cash, after attainment
            for r, (_, e) in zip(rows, table[key], strict=True):
                verified = e.extra.get("verified_cash_fen")
                r["verified_cash"] = None if verified is None else fen_to_yuan(verified)
        doc = {"camp": table["camp"], "period": table["period"], key: rows}
        return json_text(doc)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields_, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "" if v is None else v for k, v in r.items()})
    return out.getvalue()


_DECIMAL = re.compile(r'"\\u0000(-?\d+(?:\.\d+)?)"')


def json_text(doc: object) -> str:
    """`doc` as indented json, Decimals as numbers with their exact digits (8.00, not 8.0)."""
    text = json.dumps(_with_decimals(doc), ensure_ascii=False, indent=2)
    return _DECIMAL.sub(lambda m: m.group(1), text) + "\n"


def _with_decimals(value: object) -> object:
    if isinstance(value, dict):
        return {k: _with_decimals(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_with_decimals(v) for v in value]
    return _json_value(value)


def _json_value(v: object) -> object:
    """Decimals are written as JSON numbers with their exact digits (8.00, not 8.0)."""
    return f"\u0000{v}" if isinstance(v, Decimal) else v
