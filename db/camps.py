"""Camps: load a camp file into the store (create or update), replace a camp (demo).

Each write is one unit of work (db/uow.py): the camp's row is locked, the audit row
written and the data version bumped once on commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, bindparam, delete, exists, select, update

from core.camp import CampConfig
from core.errors import InputRejected
from core.records import Problem
from db.models import Camp, Member, ScoringRule, Team, Territory, Visit, utcnow
from db.models import Loan as LoanRow
from db.scoring import rederive_camp
from db.uow import UnitOfWork


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

        replace_scoring(s, camp, cfg.scoring)
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
                **({"colour": t.colour} if t.colour else {}),
                **({"emblem": t.emblem} if t.emblem else {}),
            }
            for t in teams
        ],
    }


def replace_scoring(s, camp: Camp, scoring: Mapping[str, Decimal | str | None]) -> None:  # noqa: ANN001
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
                problems.append(Problem.coded(None, "teams", "camp.team_has_visits", team=name))
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
        if tc.colour is not None:  # a file that does not say keeps what /setup chose
            team.colour = tc.colour
        if tc.emblem is not None:
            team.emblem = tc.emblem or None
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


def camp_has_visits(s, camp: Camp) -> bool:  # noqa: ANN001
    return bool(s.scalar(select(exists().where(Visit.camp_id == camp.id))))


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
