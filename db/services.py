"""Use cases: each opens a unit of work, calls the domain, writes, and commits once.

The command line and the pages call these; nothing else writes to the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, bindparam, delete, exists, func, insert, select, update

from core.camp import CampConfig
from core.errors import InputRejected, UsageError
from core.importing import settle_loans
from core.loans import days_overdue_at
from core.passwords import hash_password, password_problem
from core.records import ImportResult, LoanRecord, Problem
from db.models import (
    AuditEntry,
    Camp,
    LoanImport,
    LoanSnapshot,
    Member,
    ScoringRule,
    Team,
    Territory,
    User,
    Visit,
    utcnow,
)
from db.models import (
    Loan as LoanRow,
)
from db.scoring import rederive_camp
from db.uow import UnitOfWork, find_camp
from db.uow import bump_version as uow_bump

ROLES = ("admin", "trainer", "manager", "screen")


class CampChanged(Exception):
    """A save of a camp's settings against a camp changed since the form was loaded.

    Nothing was written; `current` is the camp's settings version now (0: no such camp).
    """

    def __init__(self, code: str, expected: int, current: int) -> None:
        super().__init__(
            f"camp {code} was changed by someone else (version {expected} → {current})"
        )
        self.code, self.expected, self.current = code, expected, current


def _hhmm(t: time) -> str:
    return t.strftime("%H:%M")


# ----------------------------------------------------------------------------- camps


@dataclass(frozen=True)
class CampLoaded:
    code: str
    created: bool
    teams: int
    loans_reassigned: int


def load_camp(
    engine: Engine, cfg: CampConfig, actor: str = "cli", expected_version: int | None = None
) -> CampLoaded:
    """Create the camp of a camp file, or update the camp with the same code.

    With `expected_version` (the settings version a form was loaded at; 0 for a camp
    the form creates), a camp whose version is another is left alone: CampChanged.
    """
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = s.scalars(select(Camp).where(Camp.code == cfg.code).with_for_update()).one_or_none()
        created = camp is None
        current = 0 if camp is None else camp.settings_version
        if expected_version is not None and current != expected_version:
            raise CampChanged(cfg.code, expected_version, current)
        before = None if created else camp_summary(s, camp)
        if created:
            camp = Camp(code=cfg.code, data_version=0, scope={})
            s.add(camp)
        camp.name = cfg.name
        camp.bank = cfg.bank
        camp.start_date = cfg.start_date
        camp.days = cfg.days
        camp.first_field_day = min(cfg.field_days)
        camp.cutoff = _hhmm(cfg.cutoff)
        camp.final_cutoff = _hhmm(cfg.final_cutoff)
        camp.timezone = cfg.timezone
        camp.quiet_start, camp.quiet_end = (_hhmm(t) for t in cfg.quiet_hours)
        camp.night_shifts = [[_hhmm(a), _hhmm(b)] for a, b in cfg.night_shifts]
        camp.cost_fen = cfg.cost_fen
        camp.default_segment = cfg.default_segment
        camp.guarantee_type = cfg.guarantee_type
        camp.settings_version = current + 1
        s.flush()
        uow.use_camp(camp)

        _replace_scoring(s, camp, cfg.scoring)
        _sync_teams(s, camp, cfg)
        reassigned = assign_loans_to_teams(s, camp)
        s.flush()
        if not created and camp_has_visits(s, camp):
            rederive_camp(s, camp)  # the rules may have changed: every point is re-derived
        uow.audit(
            actor,
            "camp.create" if created else "camp.update",
            "camp",
            camp_id=camp.id,
            entity_id=camp.code,
            before=before,
            after=camp_summary(s, camp),
        )
        uow.commit()
        return CampLoaded(cfg.code, created, len(cfg.teams), reassigned)


def camp_summary(session, camp: Camp) -> dict:  # noqa: ANN001
    """The camp's settings as plain data, for the audit log's before and after."""
    teams = session.scalars(select(Team).where(Team.camp_id == camp.id).order_by(Team.position))
    rules = session.scalars(select(ScoringRule).where(ScoringRule.camp_id == camp.id))
    territories = session.scalars(select(Territory).where(Territory.camp_id == camp.id))
    by_team: dict[int, list[str]] = {}
    for t in territories:
        by_team.setdefault(t.team_id, []).append(t.township)
    return {
        "name": camp.name,
        "bank": camp.bank,
        "start_date": camp.start_date.isoformat(),
        "days": camp.days,
        "first_field_day": camp.first_field_day,
        "cutoff": camp.cutoff,
        "final_cutoff": camp.final_cutoff,
        "timezone": camp.timezone,
        "quiet_hours": [camp.quiet_start, camp.quiet_end],
        "night_shifts": camp.night_shifts,
        "cost_fen": camp.cost_fen,
        "default_segment": camp.default_segment,
        "guarantee_type": camp.guarantee_type,
        "scoring": {r.key: r.value for r in rules},
        "teams": [
            {
                "name": t.name,
                "target_fen": t.target_fen,
                "members": [m.name for m in t.members],
                "territories": sorted(by_team.get(t.id, [])),
            }
            for t in teams
        ],
    }


def _replace_scoring(s, camp: Camp, scoring: Mapping[str, Decimal | str | None]) -> None:  # noqa: ANN001
    existing = {
        r.key: r for r in s.scalars(select(ScoringRule).where(ScoringRule.camp_id == camp.id))
    }
    for key, value in scoring.items():
        if value is None:
            continue
        text = value if isinstance(value, str) else format(Decimal(value), "f")
        if key in existing:
            existing.pop(key).value = text
        else:
            s.add(ScoringRule(camp_id=camp.id, key=key, value=text))
    for stale in existing.values():
        s.delete(stale)


def _sync_teams(s, camp: Camp, cfg: CampConfig) -> None:  # noqa: ANN001
    teams = {t.name: t for t in s.scalars(select(Team).where(Team.camp_id == camp.id))}
    wanted = {t.name for t in cfg.teams}
    problems = []
    for name, team in teams.items():
        if name not in wanted:
            if s.scalar(select(exists().where(Visit.team_id == team.id))):
                problems.append(
                    Problem(None, "teams", f"team {name} has visits and cannot be removed")
                )
            else:
                s.delete(team)
    if problems:
        raise InputRejected(problems)
    s.flush()
    s.execute(delete(Territory).where(Territory.camp_id == camp.id))
    # Members move between teams on an update: drop the camp's roster, then rebuild it,
    # keeping each member's department (the camp file does not carry it).
    departments = dict(
        s.execute(select(Member.name, Member.department).where(Member.camp_id == camp.id)).all()
    )
    s.execute(delete(Member).where(Member.camp_id == camp.id))
    s.flush()
    for position, tc in enumerate(cfg.teams):
        team = teams.get(tc.name)
        if team is None:
            team = Team(camp_id=camp.id, name=tc.name)
            s.add(team)
        team.target_fen = tc.target_fen
        team.position = position
        s.flush()
        for i, member in enumerate(tc.members):
            s.add(
                Member(
                    camp_id=camp.id,
                    team_id=team.id,
                    name=member,
                    is_leader=i == 0,
                    position=i,
                    department=departments.get(member),
                )  # fmt: skip
            )
        for township in tc.territories:
            s.add(Territory(camp_id=camp.id, team_id=team.id, township=township))
    s.flush()
    s.expire_all()  # the bulk delete above left stale member collections in the session


def assign_loans_to_teams(s, camp: Camp) -> int:  # noqa: ANN001
    """Loans belong to the team holding their township; loans in no territory to none."""
    owner = {
        t.township: t.team_id
        for t in s.scalars(select(Territory).where(Territory.camp_id == camp.id))
    }
    changed = 0
    rows = s.execute(
        select(LoanRow.id, LoanRow.township, LoanRow.team_id).where(LoanRow.camp_id == camp.id)
    ).all()
    updates = [
        {"b_id": loan_id, "b_team": owner.get(township)}
        for loan_id, township, team_id in rows
        if owner.get(township) != team_id
    ]
    if updates:
        s.connection().execute(
            update(LoanRow.__table__)
            .where(LoanRow.__table__.c.id == bindparam("b_id"))
            .values(team_id=bindparam("b_team")),
            updates,
        )
        changed = len(updates)
    return changed


def camp_local_today(camp: Camp, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(ZoneInfo(camp.timezone)).date()


# ----------------------------------------------------------------------------- loans

_SNAPSHOT_FIELDS = (
    "loan_no",
    "segment",
    "township",
    "principal_fen",
    "interest_fen",
    "maturity_date",
    "days_overdue",
    "risk_class",
    "written_off",
    "customer_type",
)
_LOAN_FIELDS = tuple(f for f in LoanRecord.__dataclass_fields__ if f != "row")


@dataclass(frozen=True)
class LoansImported:
    camp: str
    mode: str  # "update": the loans were written; "snapshot": kept as a dated list only
    as_of: date
    created: int
    updated: int
    rows: int
    skipped: int
    warnings: list[Problem]
    rejected: list[Problem]
    new_overdue: int = 0  # tasks for loans newly overdue in a list imported after the close
    #: Where the list's date came from: "option" (--as-of), "title:数据日期",
    #: "column:会计日期" (the file), or "today" (the import day).
    as_of_source: str = "today"


def camp_has_visits(s, camp: Camp) -> bool:  # noqa: ANN001
    return bool(s.scalar(select(exists().where(Visit.camp_id == camp.id))))


def import_loans(
    engine: Engine,
    camp_code: str,
    result: ImportResult,
    *,
    filename: str = "",
    as_of: date | None = None,
    skip_invalid: bool = False,
    actor: str = "cli",
) -> LoansImported:
    """Write a read loan list: all or nothing, unless `skip_invalid` (SPEC §5.3).

    Until the camp has visits, a loan number imported again updates that loan.
    Once it has visits the list is kept only as a dated snapshot, so the
    balances the scoring replay starts from never move under the teams' feet.
    """
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        if result.errors and not skip_invalid:
            raise InputRejected(result.errors)
        if not result.records:  # even with --skip-invalid: an empty import is no list
            raise InputRejected(result.errors or [Problem.coded(None, None, "rows.no_loans_file")])
        list_date = as_of or result.as_of or camp_local_today(camp)
        as_of_source = (
            "option" if as_of else (result.as_of_source or "title") if result.as_of else "today"
        )
        territories = s.scalars(
            select(Territory.township).where(Territory.camp_id == camp.id)
        ).all()
        result = settle_loans(
            result,
            territories=list(territories),
            default_segment=camp.default_segment,
            list_date=list_date,
        )
        mode = "snapshot" if camp_has_visits(s, camp) else "update"
        batch = LoanImport(
            camp_id=camp.id,
            filename=filename,
            as_of=list_date,
            mode=mode,
            rows=len(result.records),
            warnings=len(result.warnings),
            imported_by=actor,
            imported_at=utcnow(),
        )
        s.add(batch)
        s.flush()
        conn = s.connection()
        created = updated = 0
        existing = _existing_loans(s, camp) if mode == "update" else {}
        owner = {
            t.township: t.team_id
            for t in s.scalars(select(Territory).where(Territory.camp_id == camp.id))
        }
        records = result.records
        for start in range(0, len(records), _WRITE_CHUNK):  # bounded memory for long lists
            values = [_loan_values(r, list_date) for r in records[start : start + _WRITE_CHUNK]]
            conn.execute(
                insert(LoanSnapshot.__table__),
                [{"import_id": batch.id, **{k: v[k] for k in _SNAPSHOT_FIELDS}} for v in values],
            )
            if mode == "update":  # each loan goes to the team holding its township
                for v in values:
                    v["team_id"] = owner.get(v["township"])
                fresh, changed = _upsert_loans(s, camp, batch, values, existing)
                created, updated = created + fresh, updated + changed
        new_overdue = 0
        if camp.closed_on is not None:
            # imported here: db.postloan builds on this module
            from db.postloan import add_new_overdue_tasks

            values = [_loan_values(r, list_date) for r in records]
            new_overdue = add_new_overdue_tasks(s, camp, batch, values)
        uow.audit(
            actor,
            "loans.import",
            "loan_import",
            camp_id=camp.id,
            entity_id=str(batch.id),
            after={
                "file": filename,
                "as_of": list_date.isoformat(),
                "mode": mode,
                "rows": len(records),
                "created": created,
                "updated": updated,
                "rejected_rows": len({p.row for p in result.errors if p.row is not None}),
                "new_overdue_tasks": new_overdue,
            },
        )
        uow.commit()
    return LoansImported(
        camp=camp_code,
        mode=mode,
        as_of=list_date,
        created=created,
        updated=updated,
        rows=len(records),
        skipped=len({p.row for p in result.errors if p.row is not None}),
        warnings=list(result.warnings),
        rejected=list(result.errors),
        new_overdue=new_overdue,
        as_of_source=as_of_source,
    )


def _loan_values(r: LoanRecord, list_date: date) -> dict:
    v = {f: getattr(r, f) for f in _LOAN_FIELDS}
    v["guarantors"] = list(r.guarantors)
    if v["days_overdue"] is None:
        v["days_overdue"] = days_overdue_at(r.maturity_date, list_date)
    v["list_date"] = list_date
    return v


_WRITE_CHUNK = 20_000


def _existing_loans(s, camp: Camp) -> dict[str, int]:  # noqa: ANN001
    return dict(
        s.execute(select(LoanRow.loan_no, LoanRow.id).where(LoanRow.camp_id == camp.id)).all()
    )


def _upsert_loans(  # noqa: ANN001
    s, camp: Camp, batch: LoanImport, values: list[dict], existing: dict[str, int]
) -> tuple[int, int]:
    now = utcnow()
    fresh, changed = [], []
    for v in values:
        row = {**v, "import_id": batch.id, "updated_at": now}
        if v["loan_no"] in existing:
            changed.append({**row, "b_id": existing[v["loan_no"]]})
        else:
            fresh.append({**row, "camp_id": camp.id, "created_at": now})
    conn = s.connection()
    table = LoanRow.__table__
    if fresh:
        conn.execute(insert(table), fresh)
    if changed:
        columns = [k for k in changed[0] if k != "b_id"]
        conn.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in columns}),
            changed,
        )
    return len(fresh), len(changed)


# ----------------------------------------------------------------------------- users


def add_user(
    engine: Engine,
    username: str,
    role: str,
    display_name: str,
    password: str,
    team: str | None = None,
    actor: str = "cli",
) -> None:
    username = username.strip().lower()
    if not username or not username.replace("_", "").replace(".", "").replace("-", "").isalnum():
        raise InputRejected([Problem(None, "USERNAME", "letters, digits, . _ - only")])
    if role not in ROLES:
        raise UsageError(f"unknown role: {role} (one of {', '.join(ROLES)})")
    if not display_name.strip():
        raise InputRejected([Problem(None, "--name", "a display name is required")])
    problem = password_problem(password, username)
    if problem:
        raise InputRejected([Problem(None, "password", problem)])
    with UnitOfWork(engine) as uow:
        s = uow.session
        if s.scalar(select(exists().where(User.username == username))):
            raise InputRejected([Problem(None, "USERNAME", f"user {username} already exists")])
        team_id = None
        if team:
            team_id = s.scalar(
                select(Team.id)
                .join(Camp, Camp.id == Team.camp_id)
                .where(Team.name == team)
                .order_by(Camp.start_date.desc(), Camp.id.desc())
                .limit(1)
            )
            if team_id is None:
                raise UsageError(f"unknown team: {team}")
        s.add(
            User(
                username=username,
                display_name=display_name.strip(),
                role=role,
                team_id=team_id,
                password_hash=hash_password(password, username),
            )
        )
        uow.audit(actor, "user.add", "user", entity_id=username, after={"role": role, "team": team})
        uow.commit()


def count_users(engine: Engine, role: str | None = None) -> int:
    with UnitOfWork(engine, write=False) as uow:
        stmt = select(func.count()).select_from(User)
        if role:
            stmt = stmt.where(User.role == role)
        return int(uow.session.scalar(stmt) or 0)


# ----------------------------------------------------------------------------- demo


def replace_camp(engine: Engine, code: str, actor: str = "cli") -> bool:
    """Delete a camp and everything of it (only the demo command does this)."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp_id = s.scalar(select(Camp.id).where(Camp.code == code))
        if camp_id is None:
            return False
        s.execute(delete(Camp).where(Camp.id == camp_id))
        uow.audit(actor, "camp.delete", "camp", entity_id=code)
        uow.commit()
        return True


def camp_exists(engine: Engine, code: str) -> None:
    """UsageError for an unknown camp, before a rejected file's problems are listed."""
    with UnitOfWork(engine, write=False) as uow:
        uow.use_camp(code)


# --------------------------------------------------- until db/postloan, visits, entry move
# (helpers `clocks` and `scoring` own those modules this round; they still call these)


def _get_camp(session, code: str, *, lock: bool = False) -> Camp:  # noqa: ANN001
    return find_camp(session, code, lock=lock)


def _audit(session, actor: str, action: str, entity: str, **kw) -> None:  # noqa: ANN001, ANN003
    session.add(AuditEntry(at=utcnow(), actor=actor, action=action, entity=entity, **kw))


def bump_version(session, camp: Camp) -> None:  # noqa: ANN001
    uow_bump(session, camp.id)
