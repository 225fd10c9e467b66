"""Pure rules of the live PK board (/pk): which periods it looks at, the race, the pairings,
the red flag and when the leader changes (SPEC §3, §4.6–4.8).

Plain Python: the store's side is db/queries/pk.py, the drawing pages/_pk_view.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import NamedTuple

from core.calendar import CampCalendar

# 12 teams fit one 1920×1080 screen; more rotate in pages of this size.
SCREEN_TEAMS = 12


class Phase(NamedTuple):
    """Where the camp stands at a moment; everything on the board that depends on the
    clock depends on it only through these three numbers, so they join the data version
    in the board's cache key."""

    camp_day: int | None  # the camp day of the moment's local date
    current: int | None  # the field day whose period is running
    closed: int | None  # the latest field day whose period has ended


def phase(cal: CampCalendar, now: datetime) -> Phase:
    return Phase(cal.day_of(now), cal.current_period(now), cal.last_closed_period(now))


def shown_day(p: Phase) -> int | None:
    """The field day the board is about: the running period, else the last one that ended
    (after the camp: the last day). None before the first period starts."""
    return p.current if p.current is not None else p.closed


def baseline_day(p: Phase, first_field_day: int) -> int | None:
    """The period whose end the rank changes are measured from: the one before the shown
    day. While day D's period runs that is D−1, the last closed one (movement since
    yesterday's cut-off); once the camp is over the final ranking is compared with the end
    of the day before the last (movement on the last day). None on the first field day.
    """
    shown = shown_day(p)
    if shown is None or shown - 1 < first_field_day:
        return None
    return shown - 1


def is_final(p: Phase, day: int | None) -> bool:
    """Whether `day`'s period has ended: its pairings are decided."""
    return day is not None and p.closed is not None and day <= p.closed


def race_days(cal: CampCalendar, p: Phase) -> tuple[int, ...]:
    """The field days drawn in the race: those whose period has begun, up to the shown day."""
    last = shown_day(p)
    if last is None:
        return ()
    return tuple(d for d in cal.field_days if d <= last)


def cumulative(per_day: Mapping[int, int], days: Sequence[int]) -> tuple[int, ...]:
    """Running totals over `days` of per-day values (a missing day adds nothing)."""
    total, out = 0, []
    for d in days:
        total += per_day.get(d, 0)
        out.append(total)
    return tuple(out)


def pairing_leader(team_a: str, points_a: int, team_b: str, points_b: int) -> str | None:
    """The team ahead in a pairing on the day's period points (SPEC §4.8); None when level."""
    if points_a == points_b:
        return None
    return team_a if points_a > points_b else team_b


class Scored(NamedTuple):
    name: str
    points: int
    cash_fen: int


def top_scorer(ranked: Iterable[Scored]) -> str | None:
    """The first of a ranking, if it earned anything: a period or a camp where nobody has
    scored yet has no leader and no red flag (the tie-break alone crowns no one)."""
    for entry in ranked:
        return entry.name if entry.points > 0 or entry.cash_fen > 0 else None
    return None


def leader_changed(seen: bool, previous: str | None, current: str | None) -> bool:
    """Whether a screen that has been watching should celebrate: a team took the lead that
    was not leading on its last refresh. A screen that just opened (`seen` False) has
    nothing to compare with and does not celebrate."""
    return seen and current is not None and current != previous


def rank_move(change: int | None) -> str:
    """A rank change as the board prints it: ▲2 up, ▼1 down, – unchanged, '' when new."""
    if change is None:
        return ""
    if change > 0:
        return f"▲{change}"
    if change < 0:
        return f"▼{-change}"
    return "–"


def screens(count: int, size: int = SCREEN_TEAMS) -> list[range]:
    """Index ranges of the teams shown on each screen, `size` at a time (at least one)."""
    if count <= size:
        return [range(count)]
    return [range(i, min(i + size, count)) for i in range(0, count, size)]


BAR_FULL = 1.5  # an attainment bar's full width is 150% of target


def bar_widths(share: float) -> tuple[float, float, float]:
    """An attainment bar as (red part up to the target, gold part beyond it, the target's
    mark), each in % of the bar's width. The bar runs to 150% of target, so 112% and 224%
    look different (a bar capped at 100% drew them the same); beyond 150% it stays full."""
    share = max(0.0, share)
    red = min(share, 1.0) / BAR_FULL * 100
    over = max(0.0, min(share, BAR_FULL) - 1.0) / BAR_FULL * 100
    return red, over, 100 / BAR_FULL


def gaps(points: Sequence[int]) -> list[tuple[int, int]]:
    """For teams in ranking order, (points behind the leader, points behind the team just
    above), in the same unit as `points`; the leader's are (0, 0)."""
    if not points:
        return []
    return [(points[0] - p, points[i - 1] - p if i else 0) for i, p in enumerate(points)]


def countdown(now: datetime, end: datetime) -> tuple[int, int] | None:
    """(hours, minutes) left until `end`, rounded up to the minute; None once it passed."""
    seconds = (end - now).total_seconds()
    if seconds <= 0:
        return None
    minutes = int(-(-seconds // 60))
    return minutes // 60, minutes % 60


# ----------------------------------------------------------------------------- the header


def day_line(p: Phase, days: int, field_days: Sequence[int]) -> tuple[str, dict[str, int]]:
    """The label key (core.labels_pk) and parameters of the camp's day under the title."""
    if p.current is None and p.closed is not None:
        return "pk.over", {}
    if p.camp_day is None:
        return "pk.before", {}
    if p.current is not None and p.camp_day in field_days:
        k = list(field_days).index(p.camp_day) + 1
        return "pk.day", {"day": p.camp_day, "days": days, "k": k, "n": len(field_days)}
    return "pk.day_plain", {"day": p.camp_day, "days": days}


def changed_at(changed: datetime | None, now: datetime, tz: tzinfo) -> str | None:
    """When the data last changed, as the header says it: the time today, else the date
    and time; None when nothing was ever recorded."""
    if changed is None:
        return None
    at = changed.astimezone(tz)
    return at.strftime("%H:%M:%S" if at.date() == now.astimezone(tz).date() else "%m-%d %H:%M")


def countdown_line(
    now: datetime, cuts: tuple[datetime | None, datetime] | None, tz: tzinfo
) -> tuple[str, dict[str, object]] | None:
    """The countdown to the end of the running period (17:30, or the final cut-off on the
    last day) as (label key, parameters); None outside a period. `cuts` as
    db.screens.cutoffs gives them: (the running period's end, the final cut-off)."""
    if cuts is None or cuts[0] is None:
        return None
    left = countdown(now, cuts[0])
    if left is None:
        return None
    h, m = left
    return "pk.countdown", {
        "what": "pk.countdown.final" if cuts[0] == cuts[1] else "pk.countdown.cutoff",
        "at": cuts[0].astimezone(tz).strftime("%H:%M"),
        "left": ("pk.countdown.hm", {"h": h, "m": m}) if h else ("pk.countdown.m", {"m": m}),
    }


# ----------------------------------------------------------------------------- the 1080 screen

SCREEN_HEIGHT = 1080
# the header (title, countdown) and the ticker; below the ranking its note and the red
# flag; the ranking's header row; a margin for the gaps between Streamlit's elements
PK_TOP, PK_BELOW, PK_TABLE_HEAD, PK_SPARE = 240, 140, 52, 60
# under the race: its title, today's pairings and the top members (five rows), the gaps;
# each pairing beyond five takes a row more
RACE_BELOW, PAIRING_ROW = 420, 48


def ranking_sizes(teams: int) -> tuple[int, int]:
    """(row height, type size) in px of the ranking's rows on the 1080 screen: the rows
    share what the header, the ticker and the red flag leave, up to 84 px a row; type grows
    with the row from 28 to 30 px (the width of half the screen allows no more)."""
    room = SCREEN_HEIGHT - PK_TOP - PK_BELOW - PK_TABLE_HEAD - PK_SPARE
    row = min(84, room // max(teams, 1))
    return row, max(28, min(30, round(row * 0.45)))


def race_height(pairings: int = 0) -> int:
    """The race chart's height in px: the right half's height less the header and ticker
    above it and the pairings and top members under it."""
    return SCREEN_HEIGHT - PK_TOP - RACE_BELOW - PAIRING_ROW * max(0, pairings - 5)
