"""The writes of /setup's camp settings: scope, departments, pairings, texts and lists,
weights. Its reads are db/queries/setup.py; the users tab writes through db/users.py.

Each write opens a unit of work, locks the camp row, checks the input in full
(InputRejected lists every problem, nothing is written), records who changed what
with the before and after in the audit log, and commits once — the unit of work
(db/uow.py) bumps the camp's data version.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from core.camp import DEFAULT_SCORING, CampConfig
from core.campitems import DEFAULT_ITEMS, DEPARTMENTS, clean_items
from core.errors import InputRejected
from core.money import hundredths_to_points
from core.records import Problem
from core.scope import clean_scope
from core.scoring import GUARD_KEYS, Rules
from core.teamstyle import colour_problem, emblem_problem
from db.camps import CampLoaded, load_camp, replace_scoring
from db.loans import LoansImported, import_loans
from db.mappings import read_loan_upload
from db.models import (
    Camp,
    CampItem,
    Member,
    Pairing,
    Team,
)
from db.queries import standings
from db.queries.setup import camp_departments, camp_items, camp_pairings
from db.scoring import rederive_camp
from db.uow import UnitOfWork

# ----------------------------------------------------------------------------- camp


def save_camp(
    engine: Engine,
    cfg: CampConfig,
    actor: str,
    departments: Mapping[str, str | None] | None = None,
    expected_version: int | None = None,
) -> CampLoaded:
    """Load a checked CampConfig (db.camps.load_camp), keeping the members' departments.

    A form passes `expected_version`, the camp's settings version it was loaded at (0 for
    a new camp): if the camp changed since, nothing is written and CampChanged is raised.

    load_camp rebuilds the roster, so the departments are read first and written back
    for the members still there, with `departments` applied on top. A camp created
    here starts with the default lists (core.campitems.DEFAULT_ITEMS).
    """
    _check_departments(departments or {})
    with UnitOfWork(engine, write=False) as uow:
        camp = uow.session.scalars(select(Camp).where(Camp.code == cfg.code)).one_or_none()
        kept = camp_departments(uow.session, camp) if camp is not None else {}
    loaded = load_camp(engine, cfg, actor=actor, expected_version=expected_version)
    wanted = {**kept, **(departments or {})}
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(cfg.code)
        changed = _write_departments(s, camp, wanted)
        filled = _fill_defaults(s, camp) if loaded.created else []
        if changed or filled:
            uow.audit(
                actor,
                "camp.setup",
                "camp",
                camp_id=camp.id,
                entity_id=camp.code,
                after={"departments": changed, "lists_filled": filled},
            )
        uow.commit()
    return loaded


def _check_departments(departments: Mapping[str, str | None]) -> None:
    bad = [
        Problem.coded(
            None, member, "campedit.department", department=dept, expected="、".join(DEPARTMENTS)
        )  # fmt: skip
        for member, dept in departments.items()
        if dept and dept not in DEPARTMENTS
    ]
    if bad:
        raise InputRejected(bad)


def _write_departments(
    s: Session, camp: Camp, departments: Mapping[str, str | None]
) -> dict[str, list]:
    """Set the departments of the camp's members; returns {member: [before, after]} changed."""
    changed: dict[str, list] = {}
    for member in s.scalars(select(Member).where(Member.camp_id == camp.id)):
        if member.name in departments:
            new = departments[member.name] or None
            if member.department != new:
                changed[member.name] = [member.department, new]
                member.department = new
    return changed


def save_departments(
    engine: Engine, camp_code: str, departments: Mapping[str, str | None], actor: str
) -> None:
    """Each member's department (信贷营销, 风控合规, 资管, or none)."""
    _check_departments(departments)
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        known = set(camp_departments(s, camp))
        unknown = [
            Problem.coded(None, m, "setup.not_member", member=m)
            for m in departments
            if m not in known
        ]
        if unknown:
            raise InputRejected(unknown)
        changed = _write_departments(s, camp, departments)
        if changed:
            camp.settings_version += 1
            uow.audit(
                actor,
                "members.departments",
                "camp",
                camp_id=camp.id,
                entity_id=camp.code,
                before={m: b for m, (b, _) in changed.items()},
                after={m: a for m, (_, a) in changed.items()},
            )
        uow.commit()


# ----------------------------------------------------------------------------- loan list


@dataclass
class LoanFileReport:
    """What an import of a loan list did: its problems, and the result when it was written."""

    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    done: LoansImported | None = None

    @property
    def rejected(self) -> bool:
        return self.done is None


def import_loan_file(
    engine: Engine,
    camp_code: str,
    data: bytes,
    filename: str,
    *,
    skip_invalid: bool = False,
    as_of: date | None = None,
    actor: str,
    progress: Callable[[float, str], None] | None = None,
    mapping: Mapping[str, str] | None = None,
) -> LoanFileReport:
    """Read a loan list (xlsx, xls, csv) and write it (db.loans.import_loans).

    All or nothing unless `skip_invalid`; a rejected list writes nothing. `progress`
    hears ("read" | "write" | "done") with the share done.
    """
    report = LoanFileReport()
    if progress:
        progress(0.05, "read")
    result = read_loan_upload(engine, data, filename, mapping=mapping).result
    report.errors, report.warnings = list(result.errors), list(result.warnings)
    report.rows_read = result.rows_read
    if progress:
        progress(0.5, "write")
    try:
        report.done = import_loans(
            engine,
            camp_code,
            result,
            filename=filename,
            as_of=as_of,
            skip_invalid=skip_invalid,
            actor=actor,
        )
    except InputRejected as exc:
        report.errors = list(exc.problems)
    if progress:
        progress(1.0, "done")
    return report


# ----------------------------------------------------------------------------- scope


def save_scope(engine: Engine, camp_code: str, scope: Mapping[str, Any], actor: str) -> dict:
    """The camp's scope (core.scope): loans outside it stay stored but leave the boards."""
    cleaned = clean_scope(scope)
    with UnitOfWork(engine) as uow:
        camp = uow.use_camp(camp_code)
        before = clean_scope(camp.scope or {})
        camp.scope = cleaned  # a new dict: the JSON column sees the change
        uow.audit(
            actor,
            "camp.scope",
            "camp",
            camp_id=camp.id,
            entity_id=camp.code,
            before=before,
            after=cleaned,
        )
        uow.commit()
    return cleaned


# ----------------------------------------------------------------------------- pairings


def _pairing_problems(
    rows: Sequence[Mapping[str, Any]], teams: set[str], field_days: range
) -> tuple[list[tuple[int, str, str]], list[Problem]]:
    problems: list[Problem] = []
    pairs: list[tuple[int, str, str]] = []
    playing: dict[tuple[int, str], int] = {}
    for number, row in enumerate(rows, start=1):
        day, a, b = (
            row.get("day"),
            (row.get("team_a") or "").strip(),
            (row.get("team_b") or "").strip(),
        )
        if day in (None, "") and not a and not b:
            continue  # the editor's blank line
        try:
            day = int(day)
        except (TypeError, ValueError):
            value = "—" if day in (None, "") else day
            problems.append(Problem.coded(number, "day", "pk.not_a_day", value=value))
            continue
        before = len(problems)
        if day not in field_days:
            days = f"{field_days.start}–{field_days.stop - 1}"
            problems.append(Problem.coded(number, "day", "pk.not_field_day", day=day, days=days))
        for column, team in (("team_a", a), ("team_b", b)):
            if team not in teams:
                problems.append(Problem.coded(number, column, "pk.unknown_team", team=team or "—"))
        if a and a == b:
            problems.append(Problem.coded(number, "team_b", "pk.self", team=a))
        for column, team in (("team_a", a), ("team_b", b)):
            if team and (day, team) in playing:
                first = playing[day, team]
                problems.append(
                    Problem.coded(number, column, "pk.twice", team=team, day=day, first=first)
                )
        if len(problems) == before:
            playing[day, a] = playing[day, b] = number
            pairs.append((day, a, b))
    return pairs, problems


def save_pairings(
    engine: Engine, camp_code: str, rows: Sequence[Mapping[str, Any]], actor: str
) -> list[dict]:
    """Replace the camp's daily PK pairings (SPEC §4.8): rows of day, team_a, team_b.

    A day must be a field day; each team plays at most once a day, never itself.
    """
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        ids = dict(s.execute(select(Team.name, Team.id).where(Team.camp_id == camp.id)).all())
        field_days = range(camp.first_field_day, camp.days + 1)
        pairs, problems = _pairing_problems(rows, set(ids), field_days)
        if problems:
            raise InputRejected(problems)
        before = camp_pairings(s, camp)
        s.execute(delete(Pairing).where(Pairing.camp_id == camp.id))
        s.add_all(
            Pairing(camp_id=camp.id, day=d, team_a_id=ids[a], team_b_id=ids[b]) for d, a, b in pairs
        )
        s.flush()
        after = camp_pairings(s, camp)
        uow.audit(
            actor,
            "camp.pairings",
            "camp",
            camp_id=camp.id,
            entity_id=camp.code,
            before={"pairings": before},
            after={"pairings": after},
        )
        uow.commit()
    return after


def save_team_styles(
    engine: Engine,
    camp_code: str,
    styles: Mapping[str, tuple[str | None, str | None]],
    actor: str,
) -> dict[str, list[str | None]]:
    """Set teams' colours and emblems (team → (colour "#rrggbb" or None for the palette's,
    emblem: an icon of core.teamstyle.EMBLEMS, a 1–2 character badge, or None/'' for
    none)). Every problem is listed; nothing is written unless all are valid."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        teams = {t.name: t for t in s.scalars(select(Team).where(Team.camp_id == camp.id))}
        problems, wanted = [], {}
        for name, (colour, emblem) in styles.items():
            colour, emblem = (colour or "").strip().lower() or None, (emblem or "").strip() or None
            if name not in teams:
                problems.append(Problem.coded(None, name, "team.unknown", team=name))
                continue
            for value, check, column in ((colour, colour_problem, "colour"),
                                         (emblem, emblem_problem, "emblem")):  # fmt: skip
                code = check(value) if value is not None else None
                if code is not None:
                    problems.append(Problem.coded(None, f"{name} {column}", f"team.{code}",
                                                  value=value))  # fmt: skip
            wanted[name] = (colour, emblem)
        if problems:
            raise InputRejected(problems)
        before = {n: [t.colour, t.emblem] for n, t in teams.items() if n in wanted}
        for name, (colour, emblem) in wanted.items():
            teams[name].colour, teams[name].emblem = colour, emblem
        after = {n: [c, e] for n, (c, e) in wanted.items()}
        if after != before:
            uow.audit(actor, "camp.team_styles", "camp", camp_id=camp.id, entity_id=camp.code,
                      before={"styles": before}, after={"styles": after})  # fmt: skip
        uow.commit()
    return after


# ----------------------------------------------------------------------------- texts, lists


def save_rules_text(engine: Engine, camp_code: str, text: str, actor: str) -> None:
    """The reward and penalty rules (考核奖惩) the boards show (SPEC §4.8)."""
    with UnitOfWork(engine) as uow:
        camp = uow.use_camp(camp_code)
        before = camp.rules_text or ""
        camp.rules_text = (text or "").strip()
        uow.audit(
            actor,
            "camp.rules_text",
            "camp",
            camp_id=camp.id,
            entity_id=camp.code,
            before={"rules_text": before},
            after={"rules_text": camp.rules_text},
        )
        uow.commit()


def _write_items(s: Session, camp: Camp, kind: str, items: list[tuple[str, str]]) -> None:
    s.execute(delete(CampItem).where(CampItem.camp_id == camp.id, CampItem.kind == kind))
    s.add_all(
        CampItem(camp_id=camp.id, kind=kind, name=name, text=text, position=i)
        for i, (name, text) in enumerate(items)
    )
    s.flush()


def replace_items(
    engine: Engine, camp_code: str, kind: str, rows: Iterable[Mapping[str, Any]], actor: str
) -> list[tuple[str, str]]:
    """Replace one of the camp's lists (core.campitems) with `rows` of name and text."""
    items = clean_items(kind, rows)
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        before = camp_items(s, camp, kind)[kind]
        _write_items(s, camp, kind, items)
        uow.audit(
            actor,
            f"items.{kind}",
            "camp",
            camp_id=camp.id,
            entity_id=camp.code,
            before={"items": [list(i) for i in before]},
            after={"items": [list(i) for i in items]},
        )
        uow.commit()
    return items


def _fill_defaults(s: Session, camp: Camp) -> list[str]:
    filled = []
    current = camp_items(s, camp)
    for kind, defaults in DEFAULT_ITEMS.items():
        if defaults and not current.get(kind):
            _write_items(s, camp, kind, list(defaults))
            filled.append(kind)
    return filled


def fill_defaults(engine: Engine, camp_code: str, actor: str) -> list[str]:
    """Give every empty list of the camp its defaults; lists with rows are left alone."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        filled = _fill_defaults(s, camp)
        if filled:
            uow.audit(
                actor,
                "items.defaults",
                "camp",
                camp_id=camp.id,
                entity_id=camp.code,
                after={"lists_filled": filled},
            )
            uow.commit()
    return filled


# ----------------------------------------------------------------------------- scoring


def _ranking(s: Session, camp: Camp) -> list[dict]:
    """The camp's team ranking as this session sees it (uncommitted re-derivation included)."""
    s.flush()
    return [
        {"rank": position, "team": e.name, "points": hundredths_to_points(e.points),
         "cash_fen": e.cash_fen}
        for position, e in standings(s.connection(), camp.code)["teams"]
    ]  # fmt: skip


def _weights(weights: Mapping[str, object]) -> dict[str, Decimal | str | None]:
    """The weights, and the optional rules as given (None = no limit: the rule is removed)."""
    problems: list[Problem] = []
    clean: dict[str, Decimal | str | None] = {}
    for key in GUARD_KEYS:
        if key not in weights:
            continue
        value = weights[key]
        if value is None or (isinstance(value, str) and not value.strip()):
            clean[key] = None
        elif key == "ack_min_status":
            clean[key] = str(value)
        else:
            try:
                clean[key] = Decimal(str(value))
            except ArithmeticError:
                problems.append(Problem.coded(None, f"scoring.{key}", "campedit.number"))
    try:
        Rules.from_mapping({k: v for k, v in clean.items() if v is not None})
    except ValueError as exc:
        problems.append(Problem.of(None, "scoring", exc))
    for key in DEFAULT_SCORING:
        try:
            value = Decimal(str(weights[key]))
        except (KeyError, ArithmeticError, ValueError):
            problems.append(Problem.coded(None, f"scoring.{key}", "campedit.number"))
            continue
        if not value.is_finite() or value < 0:
            problems.append(Problem.coded(None, f"scoring.{key}", "value.negative", value=value))
        else:
            clean[key] = value
    if problems:
        raise InputRejected(problems)
    return clean


def preview_scoring(
    engine: Engine, camp_code: str, weights: Mapping[str, object]
) -> tuple[list[dict], list[dict]]:
    """The team ranking now, and as it would be under `weights` — nothing is saved.

    Re-derives every visit under the new weights inside a unit of work that is never
    committed, so the preview runs the very scoring a save would run.
    """
    new_weights = _weights(weights)
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code, lock=False)
        old = _ranking(s, camp)
        replace_scoring(s, camp, new_weights)
        s.flush()
        rederive_camp(s, camp)
        new = _ranking(s, camp)
        s.rollback()  # explicit: a preview never writes
    return old, new
