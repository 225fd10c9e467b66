"""The read side of /research (SPEC §3, §4.4, §4.5), and the camp's lists the boards share.

Reads hand core.research plain loan dicts: the loans of the camp's scope with
what the replay knows now — the principal and owed interest left after the
counted camp visits, the latest counted visit that restarted the limitation
clock (money collected or the borrower's signed acknowledgement), the latest
complete promise and the latest signed demand on a guarantor.

Notes and plans are rows of camp_items — kind "attention" with the township as
name; kind "plan" with name "DAY:TEAM_ID" and the loan numbers in visiting order
as a JSON list in text. The writes are db/research.py.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import Session

from core.campitems import DEFAULT_ITEMS
from core.scope import clean_scope, in_scope
from core.scoring import BORROWER_ACK_CONTACTS, GUARANTOR_CONTACT
from db.camps import camp_local_today
from db.clocks import clock_events
from db.models import Camp, CampItem, Team, Territory, Visit, utcnow
from db.models import Loan as LoanRow
from db.queries.setup import team_members
from db.scoring import counted
from db.uow import UnitOfWork

ATTENTION = "attention"
PLAN = "plan"

_LOAN_COLUMNS = (
    "id",
    "loan_no",
    "borrower",
    "id_number",
    "phone",
    "segment",
    "principal_fen",
    "interest_fen",
    "maturity_date",
    "list_date",
    "days_overdue",
    "risk_class",
    "last_payment_on",
    "last_ack_on",
    "guarantors",
    "guarantee_until",
    "guarantee",
    "sued_on",
    "judgment_due_on",
    "guarantee_type",
    "enforcement_status",
    "enforcement_on",
    "township",
    "village",
    "address",
    "manager",
    "written_off",
    "ethnicity",
    "customer_type",
    "team_id",
)


@dataclass(frozen=True)
class TeamInfo:
    id: int
    name: str
    members: tuple[str, ...]
    townships: tuple[str, ...]


@dataclass(frozen=True)
class ResearchData:
    """Everything /research shows of one camp, read in one transaction."""

    code: str
    name: str
    start_date: date
    days: int
    first_field_day: int
    timezone: str
    data_version: int
    today: date  # camp local
    scope: dict
    teams: tuple[TeamInfo, ...]
    loans: list[dict]  # the loans in the scope, as core.research reads them
    out_of_scope: int
    customs: dict[str, str]  # ethnicity → customs note
    conduct: tuple[str, ...]
    strategies: dict[str, str]  # customer type → strategy
    attention: dict[str, str]  # township → note
    plans: dict[tuple[int, int], list[str]] = field(default_factory=dict)  # (day, team) → loans

    @property
    def field_days(self) -> tuple[int, ...]:
        return tuple(range(self.first_field_day, self.days + 1))

    def date_of(self, day: int) -> date:
        return self.start_date + timedelta(days=day - 1)

    def team(self, team_id: int) -> TeamInfo:
        return next(t for t in self.teams if t.id == team_id)


def _local_date(at: datetime | None, tz: ZoneInfo) -> date | None:
    return at.astimezone(tz).date() if at is not None else None


def plan_key(day: int, team_id: int) -> str:
    return f"{day}:{team_id}"


def parse_plan_key(name: str) -> tuple[int, int] | None:
    day, _, team = name.partition(":")
    return (int(day), int(team)) if day.isdigit() and team.isdigit() else None


def items_of_kind(s: Session, camp: Camp, kind: str) -> list[tuple[str, str]]:
    rows = s.execute(
        select(CampItem.name, CampItem.text)
        .where(CampItem.camp_id == camp.id, CampItem.kind == kind)
        .order_by(CampItem.position, CampItem.id)
    )
    return [(n, t) for n, t in rows]


def camp_list(s: Session, camp: Camp, kind: str) -> list[tuple[str, str]]:
    """One of the camp's editable lists; its defaults (core.campitems) while it is empty."""
    return items_of_kind(s, camp, kind) or list(DEFAULT_ITEMS.get(kind, ()))


def team_infos(s: Session, camp: Camp) -> tuple[TeamInfo, ...]:
    members = team_members(s, camp)
    townships: dict[int, list[str]] = {}
    for team_id, township in s.execute(
        select(Territory.team_id, Territory.township)
        .where(Territory.camp_id == camp.id)
        .order_by(Territory.id)
    ):
        townships.setdefault(team_id, []).append(township)
    teams = s.execute(
        select(Team.id, Team.name).where(Team.camp_id == camp.id).order_by(Team.position)
    ).all()
    return tuple(
        TeamInfo(tid, name, tuple(members.get(tid, ())), tuple(townships.get(tid, ())))
        for tid, name in teams
    )


def _visit_facts(s: Session, camp: Camp, tz: ZoneInfo) -> dict[int, dict[str, Any]]:
    """Per loan, what its counted visits changed: sums, the last clock event, the latest
    complete promise and the latest signed demand on a guarantor."""
    live = and_(Visit.camp_id == camp.id, counted(camp))
    facts: dict[int, dict[str, Any]] = {}
    for loan_id, principal, interest in s.execute(
        select(Visit.loan_id, func.sum(Visit.principal_fen), func.sum(Visit.interest_fen))
        .where(live)
        .group_by(Visit.loan_id)
    ):
        facts[loan_id] = {
            "paid_principal": int(principal or 0),
            "paid_interest": int(interest or 0),
        }
    restarts = or_(
        Visit.principal_fen + Visit.interest_fen > 0,
        and_(Visit.ack, Visit.contact.in_(sorted(BORROWER_ACK_CONTACTS))),
    )
    for loan_id, at in s.execute(
        select(Visit.loan_id, func.max(Visit.visited_at))
        .where(live, restarts)
        .group_by(Visit.loan_id)
    ):
        facts.setdefault(loan_id, {})["last_event_on"] = _local_date(at, tz)
    for loan_id, at in s.execute(
        select(Visit.loan_id, func.max(Visit.visited_at))
        .where(live, Visit.ack, Visit.contact == GUARANTOR_CONTACT)
        .group_by(Visit.loan_id)
    ):
        facts.setdefault(loan_id, {})["guarantor_demand_on"] = _local_date(at, tz)
    # the latest complete promise: the last one made (SPEC §4.9)
    for loan_id, when, amount, method in s.execute(
        select(Visit.loan_id, Visit.promise_date, Visit.promise_amount_fen, Visit.promise_method)
        .where(live, Visit.promise_complete)
        .order_by(Visit.loan_id, Visit.visited_at, Visit.id)
    ):
        facts.setdefault(loan_id, {}).update(
            promise_date=when, promise_amount_fen=amount, promise_method=method
        )
    return facts


def loan_dicts(s: Session, camp: Camp, scope: Mapping[str, Any], tz: ZoneInfo):  # noqa: ANN202
    facts = _visit_facts(s, camp, tz)
    events = clock_events(s, camp)
    columns = [getattr(LoanRow, c) for c in _LOAN_COLUMNS]
    inside, outside = [], 0
    for row in s.execute(
        select(*columns).where(LoanRow.camp_id == camp.id).order_by(LoanRow.loan_no)
    ):
        loan = dict(row._mapping)
        # the scope is read on the list's figures, as /setup counts it
        # (db.queries.setup.scope_clause)
        if not in_scope(scope, loan["segment"], loan["days_overdue"], loan["township"]):
            outside += 1
            continue
        f = facts.get(loan["id"], {})
        loan["principal_fen"] -= f.get("paid_principal", 0)
        loan["interest_fen"] = max(0, loan["interest_fen"] - f.get("paid_interest", 0))
        loan["guarantors"] = list(loan["guarantors"] or [])
        loan["events"] = events.get(loan["id"], [])  # core.clocks replays them
        loan["default_guarantee_type"] = camp.guarantee_type
        for key in (
            "last_event_on",
            "guarantor_demand_on",
            "promise_date",
            "promise_amount_fen",
            "promise_method",
        ):
            loan[key] = f.get(key)
        inside.append(loan)
    return inside, outside


def research_data(engine: Engine, camp_code: str, now: datetime | None = None) -> ResearchData:
    """The camp's scope as /research shows it; `now` (aware) pins the camp's today."""
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        tz = ZoneInfo(camp.timezone)
        scope = clean_scope(camp.scope or {})
        loans, outside = loan_dicts(s, camp, scope, tz)
        plans = {}
        for name, text in items_of_kind(s, camp, PLAN):
            key = parse_plan_key(name)
            if key is not None:
                plans[key] = list(json.loads(text or "[]"))
        return ResearchData(
            code=camp.code,
            name=camp.name,
            start_date=camp.start_date,
            days=camp.days,
            first_field_day=camp.first_field_day,
            timezone=camp.timezone,
            data_version=camp.data_version,
            today=camp_local_today(camp, now),
            scope=scope,
            teams=team_infos(s, camp),
            loans=loans,
            out_of_scope=outside,
            customs=dict(camp_list(s, camp, "custom")),
            conduct=tuple(name for name, _ in camp_list(s, camp, "conduct")),
            strategies=dict(camp_list(s, camp, "customer_type")),
            attention=dict(items_of_kind(s, camp, ATTENTION)),
            plans=plans,
        )


def visit_plans(engine: Engine, camp_code: str, day: int) -> dict[int, list[str]]:
    """The stored plans of camp day `day`: team id → loan numbers in visiting order.

    A team without a stored plan is absent: its plan is the prefilled one
    (core.research.prefill_plan).
    """
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        out = {}
        for name, text in items_of_kind(s, camp, PLAN):
            key = parse_plan_key(name)
            if key is not None and key[0] == day:
                out[key[1]] = list(json.loads(text or "[]"))
        return out


def stamp(data: ResearchData, now: datetime | None = None) -> datetime:
    """Now in the camp's time zone, to the minute, as the plans' PDF footer prints it. The
    PDFs are cached by their inputs, this among them: to the second, every run of
    /research drew both PDFs again (one to three seconds of a core on each click)."""
    local = (now or utcnow()).astimezone(ZoneInfo(data.timezone))
    return local.replace(second=0, microsecond=0)
