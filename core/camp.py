"""A camp's settings as plain data (SPEC §5.2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

DEFAULT_SCORING: dict[str, Decimal] = {
    "principal_per_10k": Decimal(10),
    "interest_per_10k": Decimal(5),
    "written_off_per_10k": Decimal(15),
    "settled": Decimal(5),
    "ack": Decimal(1),
    "ack_urgent": Decimal(3),
    "promise": Decimal(1),
}


@dataclass(frozen=True)
class TeamConfig:
    name: str
    target_fen: int
    members: tuple[str, ...]  # the first is the leader
    territories: tuple[str, ...] = ()
    # on the wall (core.teamstyle); None = not said: a camp file without them keeps
    # what /setup chose, a new team gets the palette's colour and no emblem
    colour: str | None = None
    emblem: str | None = None


@dataclass(frozen=True)
class CampConfig:
    code: str
    name: str
    bank: str
    start_date: date
    days: int = 7
    field_days: tuple[int, ...] = (3, 4, 5, 6, 7)
    cutoff: time = time(17, 30)
    final_cutoff: time = time(12, 0)
    timezone: str = "Asia/Shanghai"
    quiet_hours: tuple[time, time] = (time(22, 0), time(8, 0))
    night_shifts: tuple[tuple[time, time], ...] = (
        (time(22, 0), time(1, 0)),
        (time(4, 30), time(7, 0)),
    )
    cost_fen: int | None = None
    # the segment of loans whose 客户类型 the list neither gives nor hints at (SPEC §5.3)
    default_segment: str | None = None
    # the type of guarantees whose 保证方式 the list omits (SPEC §5.2, §4.4); None: 连带责任保证
    guarantee_type: str | None = None
    # the weights, and any optional rules against gaming given (ack_min_status is text)
    scoring: dict[str, Decimal | str] = field(default_factory=lambda: dict(DEFAULT_SCORING))
    teams: tuple[TeamConfig, ...] = ()
