"""The read side of /setup: a camp as its forms show it, and the camp's lists.

`scope_clause` is the camp's scope as SQL on a loans table (its listed figures), the
one reading /setup, /research and the evaluation share.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, and_, exists, func, select, true
from sqlalchemy.orm import Session

from core.camp import DEFAULT_SCORING, CampConfig, TeamConfig
from core.campitems import ITEM_KINDS
from core.scope import clean_scope
from core.scoring import GUARD_KEYS
from db.models import Camp, CampItem, Member, Pairing, ScoringRule, Team, Territory, Visit
from db.models import Loan as LoanRow
from db.uow import UnitOfWork


def team_members(s: Session, camp: Camp) -> dict[int, list[str]]:
    """Each team's member names in their order (the first is the leader), by team id."""
    members: dict[int, list[str]] = {}
    for team_id, name in s.execute(
        select(Member.team_id, Member.name)
        .where(Member.camp_id == camp.id)
        .order_by(Member.team_id, Member.position)
    ):
        members.setdefault(team_id, []).append(name)
    return members


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
    members = team_members(s, camp)
    teams = s.execute(
        select(Team.id, Team.name, Team.target_fen, Team.colour, Team.emblem)
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
        guarantee_type=camp.guarantee_type,
        scoring={
            **{k: Decimal(rules.get(k, str(v))) for k, v in DEFAULT_SCORING.items()},
            **{
                k: rules[k] if k == "ack_min_status" else Decimal(rules[k])
                for k in GUARD_KEYS
                if k in rules
            },
        },  # fmt: skip
        teams=tuple(
            TeamConfig(
                name=name,
                target_fen=target,
                members=tuple(members.get(tid, ())),
                territories=tuple(territories.get(tid, ())),
                colour=colour,
                emblem=emblem,
            )
            for tid, name, target, colour, emblem in teams
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


def camp_departments(s: Session, camp: Camp) -> dict[str, str | None]:
    stmt = select(Member.name, Member.department).where(Member.camp_id == camp.id)
    return dict(s.execute(stmt).all())


def camp_pairings(s: Session, camp: Camp) -> list[dict]:
    names = dict(s.execute(select(Team.id, Team.name).where(Team.camp_id == camp.id)).all())
    rows = s.execute(
        select(Pairing.day, Pairing.team_a_id, Pairing.team_b_id)
        .where(Pairing.camp_id == camp.id)
        .order_by(Pairing.day, Pairing.id)
    ).all()
    return [{"day": d, "team_a": names[a], "team_b": names[b]} for d, a, b in rows]


def camp_items(s: Session, camp: Camp, kind: str | None = None) -> dict[str, list[tuple[str, str]]]:
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
        camp = uow.use_camp(camp_code)
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
            departments=camp_departments(s, camp),
            pairings=camp_pairings(s, camp),
            items=camp_items(s, camp),
            townships=sorted(townships),
            loans=int(loans),
            loans_in_scope=int(in_scope),
            has_visits=bool(s.scalar(select(exists().where(Visit.camp_id == camp.id)))),
            version=camp.settings_version,
        )


def items_of(engine: Engine, camp_code: str, kind: str) -> list[tuple[str, str]]:
    """One list of the camp, as (name, text) in order (the boards read it)."""
    with UnitOfWork(engine, write=False) as uow:
        return camp_items(uow.session, uow.use_camp(camp_code), kind)[kind]
