"""The camp file (SPEC §5.2): TOML text ⇄ CampConfig, every problem reported at once.

Problems name the TOML key path in `Problem.column` (`camp.field_days`,
`teams[2].target`, `camp.night_shifts[1][0]`). Array positions count from 1, as a
person counts the `[[teams]]` blocks of the file. Unknown keys are ignored.

Floats are read as exact Decimals (tomllib's `parse_float=Decimal`), so a target of
`1234567.89` becomes exactly 123456789 fen.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import fields
from datetime import date, datetime, time
from decimal import Decimal
from os import PathLike
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from core import limits
from core.camp import DEFAULT_SCORING, CampConfig, TeamConfig
from core.clocks import GUARANTEE_TYPES
from core.money import fen_to_yuan, yuan_to_fen
from core.records import SEGMENTS, Problem
from core.scoring import ACK_STATUS_LEVELS, GUARD_KEYS
from core.teamstyle import colour_problem, emblem_problem

_CODE_RE = re.compile(r"^[A-Za-z0-9_-]+$")
_TIME_RE = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")
_CENT = Decimal("0.01")
_DEFAULTS = {f.name: f.default for f in fields(CampConfig)}


class CampFileError(ValueError):
    """A camp file that cannot be loaded; `problems` lists every reason found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems) or "invalid camp file")


class _Problems:
    def __init__(self) -> None:
        self.items: list[Problem] = []

    def add(self, path: str | None, code: str, /, **params: object) -> None:
        """A problem of `path` with the catalogue's reason `code` (core.reasons)."""
        self.items.append(Problem.coded(None, path, code, **params))

    def reason(self, path: str | None, reason: ValueError) -> None:
        """A problem of `path` with a converter's `Reason`."""
        self.items.append(Problem.of(None, path, reason))


# ---------------------------------------------------------------- value checks


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _number(
    value: Any, path: str, out: _Problems, *, money: bool = False, maximum: Decimal | None = None
) -> Decimal | None:
    """A non-negative finite number, at most `maximum` (10¹² 元 for money), as an exact
    Decimal; else a problem and None."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        out.add(path, "value.not_number", value=_describe(value))
        return None
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    if not number.is_finite():
        out.add(path, "value.not_finite", value=value)
        return None
    if number < 0:
        out.add(path, "value.negative", value=number)
        return None
    maximum = limits.MAX_YUAN if money and maximum is None else maximum
    if maximum is not None and number > maximum:
        unit = " 元" if money else ""
        out.add(path, "value.too_large", limit=f"{maximum:,f}", unit=unit,
                value=_describe(str(value))[1:-1])  # fmt: skip
        return None
    if money and number != number.quantize(_CENT):
        out.add(path, "value.decimals", value=number)
        return None
    return number


def _string(
    value: Any, path: str, out: _Problems, *, required: bool = True, limit: str | None = None
) -> str | None:
    """A trimmed text; `limit` names its column's length in core.limits.TEXT_LIMITS."""
    if not isinstance(value, str):
        out.add(path, "value.not_text", value=_describe(value))
        return None
    text = value.strip()
    if required and not text:
        out.add(path, "value.empty")
        return None
    reason = limits.too_long(limit, text) if limit else None
    if reason:
        out.reason(path, reason)
        return None
    return text


def _time(value: Any, path: str, out: _Problems) -> time | None:
    if isinstance(value, time) and not isinstance(value, datetime):
        if value.second or value.microsecond or value.tzinfo:
            out.add(path, "value.not_time", value=value)
            return None
        return value
    if isinstance(value, str):
        match = _TIME_RE.match(value.strip())
        if match:
            return time(int(match.group(1)), int(match.group(2)))
    out.add(path, "value.not_time", value=_describe(value))
    return None


def _time_pair(value: Any, path: str, out: _Problems) -> tuple[time, time] | None:
    if not isinstance(value, list) or len(value) != 2:
        out.add(path, "value.not_time_pair", value=_describe(value))
        return None
    start = _time(value[0], f"{path}[1]", out)
    end = _time(value[1], f"{path}[2]", out)
    if start is None or end is None:
        return None
    return (start, end)


def _int(value: Any, path: str, out: _Problems, minimum: int, maximum: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        out.add(path, "value.not_whole", value=_describe(value))
        return None
    if value < minimum:
        out.add(path, "value.at_least", limit=minimum, value=value)
        return None
    if value > maximum:
        out.add(path, "value.at_most", limit=maximum, value=_describe(value))
        return None
    return value


def _text_list(
    value: Any, path: str, out: _Problems, what: str, limit: str
) -> list[tuple[int, str]] | None:
    """A list of non-empty texts as (1-based position, trimmed text); None when invalid."""
    if not isinstance(value, list):
        out.add(path, f"value.not_list.{what}", value=_describe(value))
        return None
    items: list[tuple[int, str]] = []
    for pos, item in enumerate(value, start=1):
        text = _string(item, f"{path}[{pos}]", out, limit=limit)
        if text is not None:
            items.append((pos, text))
    return items


# ---------------------------------------------------------------- sections


def _parse_camp(raw: Any, out: _Problems) -> dict[str, Any]:
    """The [camp] table as CampConfig keyword arguments (only those that are valid)."""
    kw: dict[str, Any] = {}
    if raw is None:
        out.add("camp", "campfile.no_camp_table")
        raw = {}
    elif not isinstance(raw, dict):
        out.add("camp", "campfile.camp_not_table")
        raw = {}

    if "code" not in raw:
        out.add("camp.code", "value.missing")
    else:
        code = raw["code"]
        if not isinstance(code, str) or not code:
            out.add("camp.code", "campfile.code_text", value=_describe(code))
        elif not _CODE_RE.match(code):
            out.add("camp.code", "campfile.code_chars", value=_describe(code))
        elif reason := limits.too_long("camp.code", code):
            out.reason("camp.code", reason)
        else:
            kw["code"] = code

    name = _string(raw.get("name", ""), "camp.name", out, required=False, limit="camp.name")
    kw["name"] = name or kw.get("code", "")
    bank = _string(raw.get("bank", ""), "camp.bank", out, required=False, limit="camp.bank")
    kw["bank"] = bank or ""

    if "start_date" not in raw:
        out.add("camp.start_date", "value.missing")
    else:
        start = raw["start_date"]
        if isinstance(start, datetime):
            out.add("camp.start_date", "campfile.date_with_time", value=start)
        elif not isinstance(start, date):
            out.add("camp.start_date", "campfile.date_toml", value=_describe(start))
        elif limits.outside_years(start):
            out.add("camp.start_date", "campfile.date_years", years=_years(), value=start)
        else:
            kw["start_date"] = start

    days: int | None = _DEFAULTS["days"]
    if "days" in raw:
        days = _int(raw["days"], "camp.days", out, 1, limits.MAX_DAYS)
        if days is not None:
            kw["days"] = days
    if "start_date" in kw and days is not None:
        last = date.fromordinal(kw["start_date"].toordinal() + days - 1)
        if limits.outside_years(last):
            out.add("camp.days", "campfile.last_day", last=last, limit=limits.LAST_DAY)

    if "field_days" in raw:
        field_days = _parse_field_days(raw["field_days"], days, out)
        if field_days is not None:
            kw["field_days"] = field_days
    elif days is not None:
        # The default [3..7] fitted to a camp of another length: day 3 to the last day.
        kw["field_days"] = tuple(range(min(3, days), days + 1))

    for key in ("cutoff", "final_cutoff"):
        if key in raw:
            value = _time(raw[key], f"camp.{key}", out)
            if value is not None:
                kw[key] = value

    if "timezone" in raw:
        tz = raw["timezone"]
        if not isinstance(tz, str) or limits.too_long("camp.timezone", tz) or not _valid_zone(tz):
            out.add("camp.timezone", "campfile.unknown_zone", value=_describe(tz))
        else:
            kw["timezone"] = tz

    if "quiet_hours" in raw:
        pair = _time_pair(raw["quiet_hours"], "camp.quiet_hours", out)
        if pair is not None and quiet_hours_too_short(pair):
            start, end = (f"{t:%H:%M}" for t in pair)
            out.items.append(Problem.coded(None, "camp.quiet_hours", "camp.quiet_hours_short",
                                           start=start, end=end))  # fmt: skip
        elif pair is not None:
            kw["quiet_hours"] = pair

    if "night_shifts" in raw:
        shifts = raw["night_shifts"]
        if not isinstance(shifts, list):
            out.add("camp.night_shifts", "value.not_list.shifts", value=_describe(shifts))
        else:
            pairs = [
                _time_pair(s, f"camp.night_shifts[{pos}]", out)
                for pos, s in enumerate(shifts, start=1)
            ]
            if all(p is not None for p in pairs):
                kw["night_shifts"] = tuple(pairs)

    if "cost" in raw:
        cost = _number(raw["cost"], "camp.cost", out, money=True)
        if cost is not None:
            kw["cost_fen"] = yuan_to_fen(cost)
    if "default_segment" in raw:
        segment = raw["default_segment"]
        if segment in SEGMENTS:
            kw["default_segment"] = segment
        else:
            out.add("camp.default_segment", "value.one_of", expected="、".join(SEGMENTS),
                    value=_describe(segment))  # fmt: skip
    if "guarantee_type" in raw:
        kind = raw["guarantee_type"]
        if kind in GUARANTEE_TYPES:
            kw["guarantee_type"] = kind
        else:
            types = "、".join(GUARANTEE_TYPES)
            out.add("camp.guarantee_type", "value.one_of", expected=types, value=_describe(kind))
    return kw


#: The shortest quiet hours a camp may have (SPEC §4.11): 22:00 up to 08:00.
MIN_QUIET_HOURS: tuple[time, time] = (time(22, 0), time(8, 0))


def _minutes_of(span: tuple[time, time]) -> set[int]:
    """The minutes of the day in [start, end), wrapping midnight; empty when start == end."""
    start, end = (t.hour * 60 + t.minute for t in span)
    if start == end:
        return set()
    if start < end:
        return set(range(start, end))
    return set(range(start, 24 * 60)) | set(range(0, end))


def quiet_hours_too_short(span: tuple[time, time]) -> bool:
    """Whether quiet hours fail to cover 22:00 up to 08:00 (SPEC §4.11)."""
    return not _minutes_of(MIN_QUIET_HOURS) <= _minutes_of(span)


def _parse_field_days(value: Any, days: int | None, out: _Problems) -> tuple[int, ...] | None:
    path = "camp.field_days"
    if not isinstance(value, list) or not value:
        out.add(path, "campfile.days_list", value=_describe(value))
        return None
    if any(isinstance(d, bool) or not isinstance(d, int) for d in value):
        out.add(path, "campfile.days_whole", value=_describe(value))
        return None
    ok = True
    if days is not None:
        outside = [d for d in value if not 1 <= d <= days]
        if outside:
            out.add(path, "campfile.days_outside", outside=outside, days=days)
            ok = False
    if any(b != a + 1 for a, b in zip(value, value[1:], strict=False)):
        out.add(path, "campfile.days_consecutive", value=value)
        ok = False
    elif days is not None and value[-1] != days:
        out.add(path, "campfile.days_last", days=days, value=value[-1])
        ok = False
    return tuple(value) if ok else None


def _valid_zone(name: str) -> bool:
    if not name or name != name.strip():
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def _parse_scoring(raw: Any, out: _Problems) -> dict[str, Decimal | str] | None:
    if raw is None:
        keys = ", ".join(DEFAULT_SCORING)
        out.add("scoring", "campfile.no_scoring_table", keys=keys)
        return None
    if not isinstance(raw, dict):
        out.add("scoring", "campfile.scoring_not_table")
        return None
    scoring: dict[str, Decimal] = {}
    for key in DEFAULT_SCORING:
        path = f"scoring.{key}"
        if key not in raw:
            out.add(path, "value.missing")
            continue
        weight = _number(raw[key], path, out, maximum=limits.MAX_WEIGHT)
        if weight is not None and (digits := _weight_too_long(weight)):
            out.add(path, "campfile.weight_digits", **digits)
            weight = None
        if weight is not None:
            scoring[key] = weight
    complete = len(scoring) == len(DEFAULT_SCORING)
    guards = _parse_guards(raw, out)
    if guards is None or not complete:
        return None
    return {**scoring, **guards}


def _parse_guards(raw: dict, out: _Problems) -> dict[str, Decimal | str] | None:
    """The optional rules against gaming (SPEC §4.7) and `reconcile_days` (§5.6); absent
    keys set no limit."""
    guards: dict[str, Decimal | str] = {}
    bad = False
    for key in ("promise_max_days", "reconcile_days"):
        if key in raw:
            days = _int(raw[key], f"scoring.{key}", out, 0, MAX_RULE_DAYS)
            bad |= days is None
            if days is not None:
                guards[key] = Decimal(days)
    if "promise_min_amount" in raw:
        amount = _number(raw["promise_min_amount"], "scoring.promise_min_amount", out, money=True)
        bad |= amount is None
        if amount is not None:
            guards["promise_min_amount"] = amount
    if "promise_kept" in raw:
        path = "scoring.promise_kept"
        weight = _number(raw["promise_kept"], path, out, maximum=limits.MAX_WEIGHT)
        if weight is not None and (digits := _weight_too_long(weight)):
            out.add(path, "campfile.weight_digits", **digits)
            weight = None
        bad |= weight is None
        if weight is not None:
            guards["promise_kept"] = weight
    if "ack_min_status" in raw:
        level = raw["ack_min_status"]
        if level in ACK_STATUS_LEVELS:
            guards["ack_min_status"] = level
        else:
            bad = True
            levels = ", ".join(ACK_STATUS_LEVELS)
            out.add(
                "scoring.ack_min_status", "value.one_of", expected=levels, value=_describe(level)
            )
    return None if bad else guards


#: The most days a promise or a reconciliation may look ahead.
MAX_RULE_DAYS = 3660


def _years() -> str:
    return f"{limits.FIRST_DAY.year}–{limits.LAST_DAY.year}"


def _weight_too_long(weight: Decimal) -> dict[str, int] | None:
    """The length and limit of a weight with too many digits, or None when it fits."""
    text, limit = format(weight, "f"), limits.TEXT_LIMITS["scoring.weight"]
    return {"length": len(text), "limit": limit} if len(text) > limit else None


def _parse_teams(raw: Any, out: _Problems) -> tuple[TeamConfig, ...] | None:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(isinstance(t, dict) for t in raw):
        out.add("teams", "campfile.teams_not_tables")
        return None
    teams: list[TeamConfig] = []
    valid = True
    team_of_name: dict[str, int] = {}
    team_of_member: dict[str, str] = {}
    team_of_township: dict[str, str] = {}
    for pos, table in enumerate(raw, start=1):
        path = f"teams[{pos}]"
        before = len(out.items)

        name: str | None = None
        if "name" not in table:
            out.add(f"{path}.name", "value.missing")
        else:
            name = _string(table["name"], f"{path}.name", out, limit="team.name")
            if name is not None and name in team_of_name:
                first = team_of_name[name]
                out.add(f"{path}.name", "campfile.team_name_used", name=name, first=first)
            elif name is not None:
                team_of_name[name] = pos
        label = name or path

        target: Decimal | None = None
        if "target" not in table:
            out.add(f"{path}.target", "value.missing")
        else:
            target = _number(table["target"], f"{path}.target", out, money=True)

        members: list[str] = []
        if "members" not in table:
            out.add(f"{path}.members", "value.missing")
        else:
            items = _text_list(table["members"], f"{path}.members", out, "members", "team.member")
            if items is not None and not table["members"]:
                out.add(f"{path}.members", "campfile.no_members")
            for mpos, member in items or []:
                mpath = f"{path}.members[{mpos}]"
                if member in members:
                    out.add(mpath, "campfile.member_twice", member=member, team=label)
                elif member in team_of_member:
                    out.add(mpath, "campfile.member_elsewhere", member=member,
                            team=team_of_member[member])  # fmt: skip
                else:
                    members.append(member)
                    team_of_member[member] = label

        territories: list[str] = []
        if "territories" in table:
            items = _text_list(
                table["territories"], f"{path}.territories", out, "townships", "team.territory"
            )
            for tpos, township in items or []:
                tpath = f"{path}.territories[{tpos}]"
                if township in territories:
                    out.add(tpath, "campfile.township_twice", township=township, team=label)
                elif township in team_of_township:
                    out.add(tpath, "campfile.township_elsewhere", township=township,
                            team=team_of_township[township])  # fmt: skip
                else:
                    territories.append(township)
                    team_of_township[township] = label

        colour, emblem = _team_style(table, path, out)
        if len(out.items) > before or name is None or target is None:
            valid = False
            continue
        teams.append(
            TeamConfig(
                name=name,
                target_fen=yuan_to_fen(target),
                members=tuple(members),
                territories=tuple(territories),
                colour=colour,
                emblem=emblem,
            )
        )
    return tuple(teams) if valid else None


def _team_style(table: dict, path: str, out: _Problems) -> tuple[str | None, str | None]:
    """The optional `colour` ("#rrggbb") and `emblem` (an icon name of core.teamstyle or a
    1–2 character badge) of a [[teams]] table; absent → None."""
    found: list[str | None] = []
    for key, check in (("colour", colour_problem), ("emblem", emblem_problem)):
        if key not in table:
            found.append(None)
            continue
        value = table[key]
        if not isinstance(value, str):
            out.add(f"{path}.{key}", "value.not_plain_text", value=_describe(value))
            found.append(None)
            continue
        code = check(value.strip())
        if code is not None:
            out.items.append(Problem.coded(None, f"{path}.{key}", f"team.{code}", value=value))
            found.append(None)
            continue
        found.append(value.strip().lower() if key == "colour" else value.strip())
    return found[0], found[1]


# ---------------------------------------------------------------- public API


def parse_camp_toml(text: str) -> CampConfig:
    """A camp file's text as a CampConfig; raises CampFileError listing every problem."""
    out = _Problems()
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        out.add(None, "campfile.toml", detail=exc)
        raise CampFileError(out.items) from exc

    kw = _parse_camp(data.get("camp"), out)
    scoring = _parse_scoring(data.get("scoring"), out)
    teams = _parse_teams(data.get("teams"), out)
    if out.items:
        raise CampFileError(out.items)
    assert scoring is not None and teams is not None
    return CampConfig(**kw, scoring=scoring, teams=teams)


def load_camp_file(path: str | PathLike[str]) -> CampConfig:
    """Read and parse a camp file (UTF-8, with or without BOM)."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        problem = Problem.coded(None, None, "campfile.cannot_read", path=path, detail=reason)
        raise CampFileError([problem]) from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CampFileError([Problem.coded(None, None, "campfile.not_utf8", path=path)]) from exc
    return parse_camp_toml(text)


def _toml_str(text: str) -> str:
    out = ['"']
    for ch in text:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _toml_strs(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(_toml_str(s) for s in items) + "]"


def _toml_time(value: time) -> str:
    return f'"{value.hour:02d}:{value.minute:02d}"'


def _toml_decimal(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value, "f")


def _toml_yuan(fen: int) -> str:
    """Money in 元: an integer when whole, else a number with two decimals."""
    if fen % 100 == 0:
        return str(fen // 100)
    return str(fen_to_yuan(fen))


def camp_to_toml(cfg: CampConfig) -> str:
    """A camp file for `cfg`, every key written out; parse_camp_toml reads it back equal."""
    lines = [
        "[camp]",
        f"code = {_toml_str(cfg.code)}",
        f"name = {_toml_str(cfg.name)}",
        f"bank = {_toml_str(cfg.bank)}",
        f"start_date = {cfg.start_date.isoformat()}",
        f"days = {cfg.days}",
        f"field_days = [{', '.join(str(d) for d in cfg.field_days)}]",
        f"cutoff = {_toml_time(cfg.cutoff)}",
        f"final_cutoff = {_toml_time(cfg.final_cutoff)}",
        f"timezone = {_toml_str(cfg.timezone)}",
        f"quiet_hours = [{_toml_time(cfg.quiet_hours[0])}, {_toml_time(cfg.quiet_hours[1])}]",
        "night_shifts = ["
        + ", ".join(f"[{_toml_time(a)}, {_toml_time(b)}]" for a, b in cfg.night_shifts)
        + "]",
    ]
    if cfg.cost_fen is not None:
        lines.append(f"cost = {_toml_yuan(cfg.cost_fen)}")
    if cfg.default_segment:
        lines.append(f'default_segment = "{cfg.default_segment}"')
    if cfg.guarantee_type:
        lines.append(f'guarantee_type = "{cfg.guarantee_type}"')
    lines += ["", "[scoring]"]
    for key in DEFAULT_SCORING:
        lines.append(f"{key} = {_toml_decimal(Decimal(str(cfg.scoring[key])))}")
    for key in GUARD_KEYS:
        value = cfg.scoring.get(key)
        if value is None:
            continue
        if key == "ack_min_status":
            lines.append(f"{key} = {_toml_str(str(value))}")
        elif key in ("promise_max_days", "reconcile_days"):
            lines.append(f"{key} = {int(Decimal(str(value)))}")
        else:
            lines.append(f"{key} = {_toml_decimal(Decimal(str(value)))}")
    for team in cfg.teams:
        lines += [
            "",
            "[[teams]]",
            f"name = {_toml_str(team.name)}",
            f"target = {_toml_yuan(team.target_fen)}",
            f"territories = {_toml_strs(team.territories)}",
            f"members = {_toml_strs(team.members)}",
        ]
        if team.colour:
            lines.append(f"colour = {_toml_str(team.colour)}")
        if team.emblem:
            lines.append(f"emblem = {_toml_str(team.emblem)}")
    return "\n".join(lines) + "\n"
