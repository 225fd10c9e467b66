"""Camp settings edited on /setup, checked exactly as a camp file is (SPEC §5.2).

The form and the team tables of /setup build a CampConfig; `validated` writes it
out as a camp file and reads it back, so an edit passes the same checks, with the
same messages (`teams[2].members[3]: 李明 is already a member of 猛虎队`), as
`cli.py camp-load`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Any

from core import limits
from core.camp import DEFAULT_SCORING, CampConfig, TeamConfig
from core.campfile import CampFileError, camp_to_toml, parse_camp_toml
from core.campitems import DEPARTMENTS
from core.cells import split_names
from core.money import fen_to_yuan, yuan_to_fen
from core.records import Problem
from core.scoring import GUARD_KEYS, TEMPLATE_GUARDS

_SHIFT_SEP_RE = re.compile(r"[,，;；\n]+")
_RANGE_RE = re.compile(r"^\s*(\d{1,2}:\d{2})\s*(?:-|–|—|~|～|至|到)\s*(\d{1,2}:\d{2})\s*$")
_CENT = Decimal("0.01")


def validated(cfg: CampConfig) -> CampConfig:
    """`cfg` as the camp file check reads it back; raises CampFileError listing every problem."""
    return parse_camp_toml(camp_to_toml(cfg))


def _blank(value: object) -> bool:
    return (
        value is None or (isinstance(value, float) and value != value) or str(value).strip() == ""
    )


def _text(value: object) -> str:
    return "" if _blank(value) else str(value).strip()


def _decimal(value: object) -> Decimal | None:
    if _blank(value) or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _money_problem(path: str, number: Decimal) -> Problem | None:
    """Above 10¹² 元 or finer than a fen: checked before any rounding (which would overflow)."""
    if abs(number) > limits.MAX_YUAN:
        return Problem.coded(None, path, "value.too_large", limit=f"{limits.MAX_YUAN:,f}",
                             unit=" 元", value=number)  # fmt: skip
    if number != number.quantize(_CENT):
        return Problem.coded(None, path, "value.decimals", value=number)
    return None


# ---------------------------------------------------------------- the camp form


def shifts_text(shifts: Iterable[tuple[time, time]]) -> str:
    """Night shifts as the form shows them: ``22:00-01:00, 04:30-07:00``."""
    return ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in shifts)


def parse_shifts(text: str) -> tuple[tuple[time, time], ...]:
    """``22:00-01:00, 04:30-07:00`` → time pairs; raises CampFileError naming a bad shift."""
    pairs: list[tuple[time, time]] = []
    problems: list[Problem] = []
    parts = [p for p in _SHIFT_SEP_RE.split(text or "") if p.strip()]
    for position, part in enumerate(parts, start=1):
        match = _RANGE_RE.match(part)
        try:
            if not match:
                raise ValueError
            start, end = (time.fromisoformat(t.zfill(5)) for t in match.groups())
        except ValueError:
            problems.append(
                Problem.coded(
                    None,
                    f"camp.night_shifts[{position}]",
                    "campedit.shift",
                    value=repr(part.strip()),
                )  # fmt: skip
            )
            continue
        pairs.append((start, end))
    if problems:
        raise CampFileError(problems)
    return tuple(pairs)


def config_from_form(
    base: CampConfig | None,
    *,
    code: str,
    name: str,
    bank: str,
    start_date: date | None,
    days: int,
    first_field_day: int,
    cutoff: time,
    final_cutoff: time,
    timezone: str,
    quiet_hours: tuple[time, time],
    night_shifts: str,
    cost_yuan: object = None,
    guarantee_type: str | None = None,
) -> CampConfig:
    """The camp form's values as a checked CampConfig; teams and weights kept from `base`.

    Field days run from `first_field_day` to the last day (SPEC §4.6). A cost left
    empty or 0 means "not given".
    """
    problems: list[Problem] = []
    if start_date is None:
        problems.append(Problem.coded(None, "camp.start_date", "value.missing"))
    try:
        shifts = parse_shifts(night_shifts)
    except CampFileError as exc:
        problems += exc.problems
        shifts = ()
    cost = _decimal(cost_yuan)
    if not _blank(cost_yuan) and cost is None:
        problems.append(Problem.coded(None, "camp.cost", "value.not_number", value=repr(cost_yuan)))
    if cost is not None and (problem := _money_problem("camp.cost", cost)):
        problems.append(problem)
    if problems:
        raise CampFileError(problems)
    cfg = CampConfig(
        code=code.strip(),
        name=name.strip(),
        bank=bank.strip(),
        start_date=start_date,  # type: ignore[arg-type]  # checked above
        days=int(days),
        field_days=tuple(range(int(first_field_day), int(days) + 1)) or (int(first_field_day),),
        cutoff=cutoff,
        final_cutoff=final_cutoff,
        timezone=timezone.strip(),
        quiet_hours=quiet_hours,
        night_shifts=shifts,
        cost_fen=yuan_to_fen(cost) if cost else None,
        default_segment=base.default_segment if base else None,
        guarantee_type=guarantee_type or (base.guarantee_type if base else None),
        scoring=dict(base.scoring) if base else {**DEFAULT_SCORING, **TEMPLATE_GUARDS},
        teams=base.teams if base else (),
    )
    return validated(cfg)


def with_scoring(cfg: CampConfig, weights: Mapping[str, object]) -> CampConfig:
    """`cfg` with new scoring weights, checked as a camp file's [scoring] table is.

    The optional rules against gaming (GUARD_KEYS) in `weights` replace the camp's;
    one given as None or blank is removed (no limit); one not given is kept.
    """
    scoring: dict[str, Any] = {}
    problems: list[Problem] = []
    for key in DEFAULT_SCORING:
        number = _decimal(weights.get(key))
        if number is None:
            problems.append(Problem.coded(None, f"scoring.{key}", "campedit.number"))
        else:
            scoring[key] = number
    for key in GUARD_KEYS:
        value = weights[key] if key in weights else cfg.scoring.get(key)
        if _blank(value):
            continue
        if key == "ack_min_status":
            scoring[key] = str(value).strip()
        elif (number := _decimal(value)) is None:
            problems.append(Problem.coded(None, f"scoring.{key}", "campedit.number"))
        else:
            scoring[key] = number
    if problems:
        raise CampFileError(problems)
    return validated(replace(cfg, scoring=scoring))


# ---------------------------------------------------------------- the team tables


def team_rows(cfg: CampConfig) -> list[dict[str, Any]]:
    """The teams table of /setup: name, target in 元, territories joined with 、."""
    return [
        {
            "name": t.name,
            "target": float(fen_to_yuan(t.target_fen)),
            "territories": "、".join(t.territories),
        }
        for t in cfg.teams
    ]


def member_rows(cfg: CampConfig, departments: Mapping[str, str | None]) -> list[dict[str, Any]]:
    """The members table of /setup: team, name, department, leader (the first of a team)."""
    return [
        {"team": t.name, "name": m, "department": departments.get(m) or None, "leader": i == 0}
        for t in cfg.teams
        for i, m in enumerate(t.members)
    ]


def with_teams(
    cfg: CampConfig,
    teams: Iterable[Mapping[str, Any]],
    members: Iterable[Mapping[str, Any]],
) -> tuple[CampConfig, dict[str, str | None]]:
    """`cfg` with the edited team tables, checked as a camp file; and each member's department.

    A team's leader is the member ticked as leader, else its first member. Rows wholly
    blank are dropped (the editor's empty last line). Problems name the table row:
    `teams[2].target`, `members[5].team`.
    """
    problems: list[Problem] = []
    configs: list[dict[str, Any]] = []
    for number, row in enumerate(teams, start=1):
        name, territories = _text(row.get("name")), _text(row.get("territories"))
        if not name and not territories and _blank(row.get("target")):
            continue
        target = _decimal(row.get("target"))
        path = f"teams[{number}]"
        if target is None:
            problems.append(Problem.coded(None, f"{path}.target", "campedit.yuan"))
        elif problem := _money_problem(f"{path}.target", target):
            problems.append(problem)
        configs.append(
            {
                "name": name,
                "target": target,
                "territories": split_names(territories),
                "members": [],
                "leader": None,
            }
        )
    by_name = {c["name"]: c for c in configs if c["name"]}
    departments: dict[str, str | None] = {}
    for number, row in enumerate(members, start=1):
        team, name = _text(row.get("team")), _text(row.get("name"))
        department = _text(row.get("department")) or None
        if not team and not name and department is None:
            continue
        path = f"members[{number}]"
        if not name:
            problems.append(Problem.coded(None, f"{path}.name", "list.name_required"))
            continue
        if team not in by_name:
            problems.append(
                Problem.coded(None, f"{path}.team", "campedit.no_team", team=team or "—")
            )
            continue
        if department is not None and department not in DEPARTMENTS:
            problems.append(
                Problem.coded(
                    None,
                    f"{path}.department",
                    "campedit.department",
                    department=department,
                    expected="、".join(DEPARTMENTS),
                )  # fmt: skip
            )
        config = by_name[team]
        if not _blank(row.get("leader")) and bool(row.get("leader")):
            if config["leader"] is not None:
                problems.append(
                    Problem.coded(
                        None,
                        f"{path}.leader",
                        "campedit.two_leaders",
                        team=team,
                        leader=config["leader"],
                    )  # fmt: skip
                )
            else:
                config["leader"] = name
        config["members"].append(name)
        departments[name] = department
    if problems:
        raise CampFileError(problems)
    team_configs = []
    for c in configs:
        ordered = list(c["members"])
        if c["leader"]:  # the leader first; a name listed twice stays twice, for the check
            ordered.remove(c["leader"])
            ordered.insert(0, c["leader"])
        team_configs.append(
            TeamConfig(
                name=c["name"],
                target_fen=yuan_to_fen(c["target"]),
                members=tuple(ordered),
                territories=c["territories"],
            )
        )
    return validated(replace(cfg, teams=tuple(team_configs))), departments


# ---------------------------------------------------------------- a save refused as stale

SETTING_LABELS = (
    "col.name", "setup.camp.bank", "col.start", "setup.camp.days",
    "setup.camp.first_field_day", "setup.camp.cutoff", "setup.camp.final_cutoff",
    "setup.camp.timezone", "setup.camp.quiet_start", "setup.camp.quiet_end",
    "setup.camp.night_shifts", "setup.camp.cost",
)  # fmt: skip


def setting_values(cfg: CampConfig) -> tuple[str, ...]:
    """The camp form's settings of `cfg` as text, in the order of SETTING_LABELS."""
    return (
        cfg.name, cfg.bank, cfg.start_date.isoformat(), str(cfg.days), str(min(cfg.field_days)),
        f"{cfg.cutoff:%H:%M}", f"{cfg.final_cutoff:%H:%M}", cfg.timezone,
        f"{cfg.quiet_hours[0]:%H:%M}", f"{cfg.quiet_hours[1]:%H:%M}",
        shifts_text(cfg.night_shifts),
        f"{fen_to_yuan(cfg.cost_fen):,.2f}" if cfg.cost_fen else "",
    )  # fmt: skip


def stale_rows(mine: CampConfig, saved: CampConfig) -> list[tuple[str, str, str, bool]]:
    """(label key, the value entered, the value saved now, differs) for each camp setting:
    what an admin whose save was refused because the camp changed meanwhile is shown."""
    return [
        (label, a, b, a != b)
        for label, a, b in zip(
            SETTING_LABELS, setting_values(mine), setting_values(saved), strict=True
        )
    ]
