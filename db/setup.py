"""Use cases of /setup: scope, departments, pairings, texts and lists, weights, users.

Each write opens a unit of work, locks the camp row, checks the input in full
(InputRejected lists every problem, nothing is written), records who changed what
with the before and after in the audit log, bumps the camp's data version, and
commits once. Users belong to no camp: their changes are audited but bump nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, and_, delete, exists, func, select, true
from sqlalchemy.orm import Session

from core.camp import DEFAULT_SCORING, CampConfig, TeamConfig
from core.campitems import DEFAULT_ITEMS, DEPARTMENTS, ITEM_KINDS, clean_items
from core.errors import InputRejected, UsageError
from core.money import hundredths_to_points
from core.passwords import password_problem
from core.records import Problem
from core.scope import clean_scope
from db.mappings import read_loan_upload
from db.models import (
    Camp,
    CampItem,
    Member,
    Pairing,
    ScoringRule,
    Team,
    Territory,
    User,
    Visit,
    new_session_id,
    utcnow,
)
from db.models import Loan as LoanRow
from db.queries import standings
from db.scoring import rederive_camp
from db.services import (
    ROLES,
    CampLoaded,
    LoansImported,
    _audit,
    _get_camp,
    _replace_scoring,
    bump_version,
    import_loans,
    load_camp,
)
from db.uow import UnitOfWork
from db.users import set_password

# ----------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class SetupView:
    """Everything /setup shows of one camp, read in one go."""

    config: CampConfig
    scope: dict
    rules_text: str
    frozen_at: datetime | None
    departments: dict[str, str | None]
    pairings: list[dict]  # {"day", "team_a", "team_b"}
    items: dict[str, list[tuple[str, str]]]
    townships: list[str]  # the townships of the camp's loans
    loans: int
    loans_in_scope: int
    has_visits: bool
    version: int = 1  # the camp's settings version: a form saves against it (CampChanged)


def _t(text: str) -> time:
    return time.fromisoformat(text)


def camp_config(s: Session, camp: Camp) -> CampConfig:
    """The camp as a camp file would state it (SPEC §5.2)."""
    territories: dict[int, list[str]] = {}
    for team_id, township in s.execute(
        select(Territory.team_id, Territory.township)
        .where(Territory.camp_id == camp.id)
        .order_by(Territory.id)
    ):
        territories.setdefault(team_id, []).append(township)
    members: dict[int, list[str]] = {}
    for team_id, name in s.execute(
        select(Member.team_id, Member.name)
        .where(Member.camp_id == camp.id)
        .order_by(Member.team_id, Member.position)
    ):
        members.setdefault(team_id, []).append(name)
    teams = s.execute(
        select(Team.id, Team.name, Team.target_fen)
        .where(Team.camp_id == camp.id)
        .order_by(Team.position)
    ).all()
    rules = dict(
        s.execute(
            select(ScoringRule.key, ScoringRule.value).where(ScoringRule.camp_id == camp.id)
        ).all()
    )
    return CampConfig(
        code=camp.code,
        name=camp.name,
        bank=camp.bank,
        start_date=camp.start_date,
        days=camp.days,
        field_days=tuple(range(camp.first_field_day, camp.days + 1)),
        cutoff=_t(camp.cutoff),
        final_cutoff=_t(camp.final_cutoff),
        timezone=camp.timezone,
        quiet_hours=(_t(camp.quiet_start), _t(camp.quiet_end)),
        night_shifts=tuple((_t(a), _t(b)) for a, b in camp.night_shifts),
        cost_fen=camp.cost_fen,
        default_segment=camp.default_segment,
        scoring={k: Decimal(rules.get(k, str(v))) for k, v in DEFAULT_SCORING.items()},
        teams=tuple(
            TeamConfig(
                name=name,
                target_fen=target,
                members=tuple(members.get(tid, ())),
                territories=tuple(territories.get(tid, ())),
            )
            for tid, name, target in teams
        ),
    )


def scope_clause(scope: Mapping[str, Any] | None, table=LoanRow):  # noqa: ANN001, ANN201
    """SQL condition for the loans in a camp's scope — core.scope.in_scope, in SQL."""
    conds = []
    if scope:
        if scope.get("segments"):
            conds.append(table.segment.in_(scope["segments"]))
        if scope.get("townships"):
            conds.append(table.township.in_(scope["townships"]))
        if scope.get("aging_min") is not None:
            conds.append(table.days_overdue >= scope["aging_min"])
        if scope.get("aging_max") is not None:
            conds.append(table.days_overdue <= scope["aging_max"])
    return and_(true(), *conds)


def _departments(s: Session, camp: Camp) -> dict[str, str | None]:
    stmt = select(Member.name, Member.department).where(Member.camp_id == camp.id)
    return dict(s.execute(stmt).all())


def _pairings(s: Session, camp: Camp) -> list[dict]:
    names = dict(s.execute(select(Team.id, Team.name).where(Team.camp_id == camp.id)).all())
    rows = s.execute(
        select(Pairing.day, Pairing.team_a_id, Pairing.team_b_id)
        .where(Pairing.camp_id == camp.id)
        .order_by(Pairing.day, Pairing.id)
    ).all()
    return [{"day": d, "team_a": names[a], "team_b": names[b]} for d, a, b in rows]


def _items(s: Session, camp: Camp, kind: str | None = None) -> dict[str, list[tuple[str, str]]]:
    stmt = select(CampItem.kind, CampItem.name, CampItem.text).where(CampItem.camp_id == camp.id)
    if kind:
        stmt = stmt.where(CampItem.kind == kind)
    items: dict[str, list[tuple[str, str]]] = {k: [] for k in ([kind] if kind else ITEM_KINDS)}
    for k, name, text in s.execute(stmt.order_by(CampItem.kind, CampItem.position)):
        items.setdefault(k, []).append((name, text))
    return items


def setup_view(engine: Engine, camp_code: str) -> SetupView:
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = _get_camp(s, camp_code)
        scope = clean_scope(camp.scope or {})
        loans = s.scalar(select(func.count()).where(LoanRow.camp_id == camp.id)) or 0
        in_scope = (
            s.scalar(select(func.count()).where(LoanRow.camp_id == camp.id, scope_clause(scope)))
            or 0
        )
        townships = s.scalars(
            select(LoanRow.township).where(LoanRow.camp_id == camp.id).distinct()
        ).all()
        return SetupView(
            config=camp_config(s, camp),
            scope=scope,
            rules_text=camp.rules_text or "",
            frozen_at=camp.frozen_at,
            departments=_departments(s, camp),
            pairings=_pairings(s, camp),
            items=_items(s, camp),
            townships=sorted(townships),
            loans=int(loans),
            loans_in_scope=int(in_scope),
            has_visits=bool(s.scalar(select(exists().where(Visit.camp_id == camp.id)))),
            version=camp.settings_version,
        )


def items_of(engine: Engine, camp_code: str, kind: str) -> list[tuple[str, str]]:
    """One list of the camp, as (name, text) in order (the boards read it)."""
    with UnitOfWork(engine, write=False) as uow:
        return _items(uow.session, _get_camp(uow.session, camp_code), kind)[kind]


# ----------------------------------------------------------------------------- camp


def save_camp(
    engine: Engine,
    cfg: CampConfig,
    actor: str,
    departments: Mapping[str, str | None] | None = None,
    expected_version: int | None = None,
) -> CampLoaded:
    """Load a checked CampConfig (db.services.load_camp), keeping the members' departments.

    A form passes `expected_version`, the camp's settings version it was loaded at (0 for
    a new camp): if the camp changed since, nothing is written and CampChanged is raised.

    load_camp rebuilds the roster, so the departments are read first and written back
    for the members still there, with `departments` applied on top. A camp created
    here starts with the default lists (core.campitems.DEFAULT_ITEMS).
    """
    _check_departments(departments or {})
    with UnitOfWork(engine, write=False) as uow:
        camp = uow.session.scalars(select(Camp).where(Camp.code == cfg.code)).one_or_none()
        kept = _departments(uow.session, camp) if camp is not None else {}
    loaded = load_camp(engine, cfg, actor=actor, expected_version=expected_version)
    wanted = {**kept, **(departments or {})}
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = _get_camp(s, cfg.code, lock=True)
        changed = _write_departments(s, camp, wanted)
        filled = _fill_defaults(s, camp) if loaded.created else []
        if changed or filled:
            _audit(
                s,
                actor,
                "camp.setup",
                "camp",
                camp_id=camp.id,
                entity_id=camp.code,
                after={"departments": changed, "lists_filled": filled},
            )
            bump_version(s, camp)
        uow.commit()
    return loaded


def _check_departments(departments: Mapping[str, str | None]) -> None:
    bad = [
        Problem(None, member, f"{dept} is not one of {'、'.join(DEPARTMENTS)}")
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
        camp = _get_camp(s, camp_code, lock=True)
        known = set(_departments(s, camp))
        unknown = [
            Problem(None, m, f"{m} is not a member of the camp")
            for m in departments
            if m not in known
        ]
        if unknown:
            raise InputRejected(unknown)
        changed = _write_departments(s, camp, departments)
        if changed:
            camp.settings_version += 1
            _audit(
                s,
                actor,
                "members.departments",
                "camp",
                camp_id=camp.id,
                entity_id=camp.code,
                before={m: b for m, (b, _) in changed.items()},
                after={m: a for m, (_, a) in changed.items()},
            )
            bump_version(s, camp)
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
    """Read a loan list (xlsx, xls, csv) and write it (db.services.import_loans).

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
        s = uow.session
        camp = _get_camp(s, camp_code, lock=True)
        before = clean_scope(camp.scope or {})
        camp.scope = cleaned  # a new dict: the JSON column sees the change
        _audit(
            s,
            actor,
            "camp.scope",
            "camp",
            camp_id=camp.id,
            entity_id=camp.code,
            before=before,
            after=cleaned,
        )
        bump_version(s, camp)
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
        camp = _get_camp(s, camp_code, lock=True)
        ids = dict(s.execute(select(Team.name, Team.id).where(Team.camp_id == camp.id)).all())
        field_days = range(camp.first_field_day, camp.days + 1)
        pairs, problems = _pairing_problems(rows, set(ids), field_days)
        if problems:
            raise InputRejected(problems)
        before = _pairings(s, camp)
        s.execute(delete(Pairing).where(Pairing.camp_id == camp.id))
        s.add_all(
            Pairing(camp_id=camp.id, day=d, team_a_id=ids[a], team_b_id=ids[b]) for d, a, b in pairs
        )
        s.flush()
        after = _pairings(s, camp)
        _audit(
            s,
            actor,
            "camp.pairings",
            "camp",
            camp_id=camp.id,
            entity_id=camp.code,
            before={"pairings": before},
            after={"pairings": after},
        )
        bump_version(s, camp)
        uow.commit()
    return after


# ----------------------------------------------------------------------------- texts, lists


def save_rules_text(engine: Engine, camp_code: str, text: str, actor: str) -> None:
    """The reward and penalty rules (考核奖惩) the boards show (SPEC §4.8)."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = _get_camp(s, camp_code, lock=True)
        before = camp.rules_text or ""
        camp.rules_text = (text or "").strip()
        _audit(
            s,
            actor,
            "camp.rules_text",
            "camp",
            camp_id=camp.id,
            entity_id=camp.code,
            before={"rules_text": before},
            after={"rules_text": camp.rules_text},
        )
        bump_version(s, camp)
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
        camp = _get_camp(s, camp_code, lock=True)
        before = _items(s, camp, kind)[kind]
        _write_items(s, camp, kind, items)
        _audit(
            s,
            actor,
            f"items.{kind}",
            "camp",
            camp_id=camp.id,
            entity_id=camp.code,
            before={"items": [list(i) for i in before]},
            after={"items": [list(i) for i in items]},
        )
        bump_version(s, camp)
        uow.commit()
    return items


def _fill_defaults(s: Session, camp: Camp) -> list[str]:
    filled = []
    current = _items(s, camp)
    for kind, defaults in DEFAULT_ITEMS.items():
        if defaults and not current.get(kind):
            _write_items(s, camp, kind, list(defaults))
            filled.append(kind)
    return filled


def fill_defaults(engine: Engine, camp_code: str, actor: str) -> list[str]:
    """Give every empty list of the camp its defaults; lists with rows are left alone."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = _get_camp(s, camp_code, lock=True)
        filled = _fill_defaults(s, camp)
        if filled:
            _audit(
                s,
                actor,
                "items.defaults",
                "camp",
                camp_id=camp.id,
                entity_id=camp.code,
                after={"lists_filled": filled},
            )
            bump_version(s, camp)
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


def _weights(weights: Mapping[str, object]) -> dict[str, Decimal]:
    problems, clean = [], {}
    for key in DEFAULT_SCORING:
        try:
            value = Decimal(str(weights[key]))
        except (KeyError, ArithmeticError, ValueError):
            problems.append(Problem(None, f"scoring.{key}", "must be a number"))
            continue
        if not value.is_finite() or value < 0:
            problems.append(Problem(None, f"scoring.{key}", f"must not be negative ({value})"))
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
        camp = _get_camp(s, camp_code, lock=True)
        old = _ranking(s, camp)
        _replace_scoring(s, camp, new_weights)
        s.flush()
        rederive_camp(s, camp)
        new = _ranking(s, camp)
        s.rollback()  # explicit: a preview never writes
    return old, new


# ----------------------------------------------------------------------------- users


@dataclass(frozen=True)
class UserRow:
    username: str
    name: str
    role: str
    team: str | None
    disabled: bool
    locked_until: datetime | None


def list_users(engine: Engine) -> list[UserRow]:
    with UnitOfWork(engine, write=False) as uow:
        rows = uow.session.execute(
            select(User, Team.name).outerjoin(Team, Team.id == User.team_id).order_by(User.username)
        ).all()
    now = utcnow()
    return [
        UserRow(
            u.username,
            u.display_name,
            u.role,
            team,
            u.disabled,
            u.locked_until if u.locked_until and u.locked_until > now else None,
        )
        for u, team in rows
    ]


def _user(s: Session, username: str) -> User:
    user = s.scalars(select(User).where(User.username == username).with_for_update()).one_or_none()
    if user is None:
        raise InputRejected([Problem(None, "username", f"no user {username}")])
    return user


def _user_state(s: Session, user: User) -> dict:
    team = s.scalar(select(Team.name).where(Team.id == user.team_id)) if user.team_id else None
    return {"name": user.display_name, "role": user.role, "team": team, "disabled": user.disabled}


def _keep_an_admin(s: Session, user: User) -> None:
    """Refuse a change that would leave no enabled admin (nobody could set up again)."""
    others = s.scalar(
        select(func.count()).where(User.role == "admin", ~User.disabled, User.id != user.id)
    )
    if not others:
        raise InputRejected(
            [Problem(None, "username", f"{user.username} is the last active admin")]
        )


def update_user(
    engine: Engine,
    username: str,
    *,
    role: str,
    name: str | None = None,
    camp_code: str | None = None,
    team: str | None = None,
    actor: str,
) -> None:
    """Change a user's role, display name and team (a team of camp `camp_code`)."""
    if role not in ROLES:
        raise UsageError(f"unknown role: {role} (one of {', '.join(ROLES)})")
    with UnitOfWork(engine) as uow:
        s = uow.session
        user = _user(s, username)
        before = _user_state(s, user)
        if user.role == "admin" and role != "admin" and not user.disabled:
            _keep_an_admin(s, user)
        team_id = None
        if team:
            if camp_code is None:
                raise UsageError("a team needs its camp")
            camp = _get_camp(s, camp_code)
            team_id = s.scalar(select(Team.id).where(Team.camp_id == camp.id, Team.name == team))
            if team_id is None:
                raise UsageError(f"unknown team: {team}")
        if name is not None:
            if not name.strip():
                raise InputRejected([Problem(None, "name", "a display name is required")])
            user.display_name = name.strip()
        if role != user.role:  # a new role: the cookies of the old one stop working
            user.session_id = new_session_id()
        user.role, user.team_id = role, team_id
        s.flush()
        _audit(
            s,
            actor,
            "user.update",
            "user",
            entity_id=username,
            before=before,
            after=_user_state(s, user),
        )
        uow.commit()


def set_disabled(engine: Engine, username: str, disabled: bool, actor: str) -> None:
    """Disable a user (refused on the next rerun, sessions ended) or enable them again."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        user = _user(s, username)
        if disabled and user.username == actor:
            raise InputRejected([Problem(None, "username", "you cannot disable yourself")])
        if disabled and user.role == "admin" and not user.disabled:
            _keep_an_admin(s, user)
        before = _user_state(s, user)
        user.disabled = disabled
        if disabled:
            user.sessions_valid_after = utcnow()
            user.session_version += 1
            user.session_id = new_session_id()
        else:
            user.failed_attempts, user.locked_until = 0, None
        _audit(
            s,
            actor,
            "user.disable" if disabled else "user.enable",
            "user",
            entity_id=username,
            before=before,
            after=_user_state(s, user),
        )
        uow.commit()


def delete_user(engine: Engine, username: str, actor: str) -> None:
    """Delete a user; their audit entries stay (they name the user, not a row)."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        user = _user(s, username)
        if user.username == actor:
            raise InputRejected([Problem(None, "username", "you cannot delete yourself")])
        if user.role == "admin" and not user.disabled:
            _keep_an_admin(s, user)
        before = _user_state(s, user)
        s.delete(user)
        _audit(s, actor, "user.delete", "user", entity_id=username, before=before)
        uow.commit()


def reset_password(engine: Engine, username: str, password: str, actor: str) -> None:
    """A new password for a user (db.users.set_password): their open sessions end."""
    problem = password_problem(password, username)
    if problem:
        raise InputRejected([Problem(None, "password", problem)])
    set_password(engine, username, password, actor)
