"""The store side of /research (SPEC §3, §4.4, §4.5): what the page reads and writes.

Reads hand core.research plain loan dicts: the loans of the camp's scope with
what the replay knows now — the principal and owed interest left after the
counted camp visits, the latest counted visit that restarted the limitation
clock (money collected or the borrower's signed acknowledgement), the latest
complete promise and the latest signed demand on a guarantor.

Writes (each one use case: lock the camp, check everything, audit, bump the
camp's data version, commit once): a loan's customer type, the strategy per
customer type, a township's attention note, and a team's visit plan for a camp
day. Notes and plans are rows of camp_items — kind "attention" with the
township as name; kind "plan" with name "DAY:TEAM_ID" and the loan numbers in
visiting order as a JSON list in text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, delete, func, or_, select
from sqlalchemy.orm import Session

from core.campitems import CUSTOMER_TYPES, DEFAULT_ITEMS, clean_items
from core.errors import InputRejected, UsageError
from core.records import Problem
from core.scope import clean_scope, in_scope
from core.scoring import BORROWER_ACK_CONTACTS, GUARANTOR_CONTACT
from db.clocks import clock_events
from db.models import Camp, CampItem, Member, Team, Territory, Visit, utcnow
from db.models import Loan as LoanRow
from db.scoring import counted
from db.services import camp_local_today
from db.uow import UnitOfWork

ATTENTION = "attention"
PLAN = "plan"
NOTE_MAX = 4000
PLAN_MAX = 200  # loans on one team's plan for one day

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


def _plan_key(day: int, team_id: int) -> str:
    return f"{day}:{team_id}"


def _parse_plan_key(name: str) -> tuple[int, int] | None:
    day, _, team = name.partition(":")
    return (int(day), int(team)) if day.isdigit() and team.isdigit() else None


def _items(s: Session, camp: Camp, kind: str) -> list[tuple[str, str]]:
    rows = s.execute(
        select(CampItem.name, CampItem.text)
        .where(CampItem.camp_id == camp.id, CampItem.kind == kind)
        .order_by(CampItem.position, CampItem.id)
    )
    return [(n, t) for n, t in rows]


def _list(s: Session, camp: Camp, kind: str) -> list[tuple[str, str]]:
    """One of the camp's editable lists; its defaults (core.campitems) while it is empty."""
    return _items(s, camp, kind) or list(DEFAULT_ITEMS.get(kind, ()))


def _teams(s: Session, camp: Camp) -> tuple[TeamInfo, ...]:
    members: dict[int, list[str]] = {}
    for team_id, name in s.execute(
        select(Member.team_id, Member.name)
        .where(Member.camp_id == camp.id)
        .order_by(Member.team_id, Member.position)
    ):
        members.setdefault(team_id, []).append(name)
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


def _loan_dicts(s: Session, camp: Camp, scope: Mapping[str, Any], tz: ZoneInfo):  # noqa: ANN202
    facts = _visit_facts(s, camp, tz)
    events = clock_events(s, camp)
    columns = [getattr(LoanRow, c) for c in _LOAN_COLUMNS]
    inside, outside = [], 0
    for row in s.execute(
        select(*columns).where(LoanRow.camp_id == camp.id).order_by(LoanRow.loan_no)
    ):
        loan = dict(row._mapping)
        # the scope is read on the list's figures, as /setup counts it (db.setup.scope_clause)
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
        loans, outside = _loan_dicts(s, camp, scope, tz)
        plans = {}
        for name, text in _items(s, camp, PLAN):
            key = _parse_plan_key(name)
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
            teams=_teams(s, camp),
            loans=loans,
            out_of_scope=outside,
            customs=dict(_list(s, camp, "custom")),
            conduct=tuple(name for name, _ in _list(s, camp, "conduct")),
            strategies=dict(_list(s, camp, "customer_type")),
            attention=dict(_items(s, camp, ATTENTION)),
            plans=plans,
        )


# ----------------------------------------------------------------------------- customer types


def set_customer_types(
    engine: Engine, camp_code: str, changes: Mapping[str, str | None], actor: str
) -> int:
    """Set loans' customer types (§4.5: a type or a flag; None or blank clears it).

    `changes` maps loan numbers to the new type. Every unknown loan and type is
    reported at once (InputRejected) and nothing is written. Each loan whose type
    really changes gets an audit entry with the before and after; returns how many
    changed. The data version is bumped only when something changed.
    """
    wanted = {str(no).strip(): (str(v).strip() if v is not None else "") or None
              for no, v in changes.items()}  # fmt: skip
    problems = [
        Problem(None, no, f"{value} is not a customer type ({'、'.join(CUSTOMER_TYPES)})")
        for no, value in wanted.items()
        if value is not None and value not in CUSTOMER_TYPES
    ]
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        loans = {}
        numbers = sorted(wanted)
        for i in range(0, len(numbers), 500):
            loans.update(
                (loan.loan_no, loan)
                for loan in s.scalars(
                    select(LoanRow).where(
                        LoanRow.camp_id == camp.id, LoanRow.loan_no.in_(numbers[i : i + 500])
                    )
                )
            )
        problems += [Problem(None, no, "no such loan in this camp") for no in numbers
                     if no not in loans]  # fmt: skip
        if problems:
            raise InputRejected(problems)
        changed = 0
        for no in numbers:
            loan, value = loans[no], wanted[no]
            if loan.customer_type == value:
                continue
            uow.audit(actor, "loan.customer_type", "loan", camp_id=camp.id, entity_id=no,
                   before={"customer_type": loan.customer_type},
                   after={"customer_type": value})  # fmt: skip
            loan.customer_type = value
            changed += 1
        if changed:
            uow.commit()
        return changed


def set_customer_type(
    engine: Engine, camp_code: str, loan_no: str, value: str | None, actor: str
) -> bool:
    """One loan's customer type; True when it changed."""
    return set_customer_types(engine, camp_code, {loan_no: value}, actor) == 1


def save_strategies(
    engine: Engine, camp_code: str, rows: Iterable[Mapping[str, Any]], actor: str
) -> list[tuple[str, str]]:
    """Replace the strategy per customer type (rows of name = type, text = strategy)."""
    items = clean_items("customer_type", rows)
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        before = _items(s, camp, "customer_type")
        if before == items:
            return items
        _replace(s, camp, "customer_type", items)
        uow.audit(actor, "items.customer_type", "camp", camp_id=camp.id, entity_id=camp.code,
               before={"items": [list(i) for i in before]},
               after={"items": [list(i) for i in items]})  # fmt: skip
        uow.commit()
    return items


def _replace(s: Session, camp: Camp, kind: str, items: Sequence[tuple[str, str]]) -> None:
    s.execute(delete(CampItem).where(CampItem.camp_id == camp.id, CampItem.kind == kind))
    s.add_all(
        CampItem(camp_id=camp.id, kind=kind, name=name, text=text, position=i)
        for i, (name, text) in enumerate(items)
    )
    s.flush()


def _upsert_item(s: Session, camp: Camp, kind: str, name: str, text: str | None) -> str | None:
    """Set (or with None remove) one named row of a list; returns the text it had."""
    rows = s.scalars(
        select(CampItem).where(
            CampItem.camp_id == camp.id, CampItem.kind == kind, CampItem.name == name
        )
    ).all()
    before = rows[0].text if rows else None
    for extra in rows[1:] if text is not None else rows:
        s.delete(extra)
    if text is not None:
        if rows:
            rows[0].text = text
        else:
            position = s.scalar(
                select(func.count()).where(CampItem.camp_id == camp.id, CampItem.kind == kind)
            )
            s.add(CampItem(camp_id=camp.id, kind=kind, name=name, text=text, position=position))
    s.flush()
    return before


# ----------------------------------------------------------------------------- attention notes


def save_attention_note(
    engine: Engine, camp_code: str, township: str, text: str, actor: str
) -> None:
    """The trainers' attention note for one township; a blank note removes it."""
    township = (township or "").strip()
    text = (text or "").strip()
    problems = []
    if not township:
        problems.append(Problem(None, "township", "a township is required"))
    elif len(township) > 100:
        problems.append(Problem(None, "township", "longer than 100 characters"))
    if len(text) > NOTE_MAX:
        problems.append(Problem(None, "note", f"longer than {NOTE_MAX} characters"))
    if problems:
        raise InputRejected(problems)
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        before = _upsert_item(s, camp, ATTENTION, township, text or None)
        if (before or "") == text:
            return
        uow.audit(actor, "research.attention", "township", camp_id=camp.id, entity_id=township,
               before={"note": before}, after={"note": text or None})  # fmt: skip
        uow.commit()


# ----------------------------------------------------------------------------- visit plans


def _check_day_team(s: Session, camp: Camp, day: int, team_id: int) -> Team:
    if (
        isinstance(day, bool)
        or not isinstance(day, int)
        or not (camp.first_field_day <= day <= camp.days)
    ):
        raise UsageError(
            f"day {day} is not a field day of camp {camp.code} ({camp.first_field_day}–{camp.days})"
        )
    team = s.get(Team, team_id)
    if team is None or team.camp_id != camp.id:
        raise UsageError(f"unknown team: {team_id}")
    return team


def save_visit_plan(
    engine: Engine,
    camp_code: str,
    day: int,
    team_id: int,
    loan_nos: Sequence[str],
    actor: str,
) -> list[str]:
    """Store a team's visit plan for a field day: loan numbers in visiting order.

    Rejected (InputRejected, nothing written): a loan not in the camp, outside the
    camp's scope, in another team's territory (its visits would be rejected), or
    listed twice; more than PLAN_MAX loans. An empty plan is stored as empty (the
    team has no visits planned), unlike no plan at all (see `reset_visit_plan`).
    """
    numbers = [str(n).strip() for n in loan_nos if str(n).strip()]
    problems: list[Problem] = []
    if len(numbers) > PLAN_MAX:
        problems.append(Problem(None, "plan", f"more than {PLAN_MAX} loans on one day"))
    seen: set[str] = set()
    for i, no in enumerate(numbers, start=1):
        if no in seen:
            problems.append(Problem(i, no, "listed twice"))
        seen.add(no)
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        team = _check_day_team(s, camp, day, team_id)
        scope = clean_scope(camp.scope or {})
        loans = {}
        for i in range(0, len(numbers), 500):
            chunk = numbers[i : i + 500]
            for row in s.execute(
                select(LoanRow.loan_no, LoanRow.team_id, LoanRow.segment, LoanRow.days_overdue,
                       LoanRow.township)
                .where(LoanRow.camp_id == camp.id, LoanRow.loan_no.in_(chunk))
            ):  # fmt: skip
                loans[row.loan_no] = row
        for i, no in enumerate(numbers, start=1):
            row = loans.get(no)
            if row is None:
                problems.append(Problem(i, no, "no such loan in this camp"))
            elif not in_scope(scope, row.segment, row.days_overdue, row.township):
                problems.append(Problem(i, no, "outside the camp's scope"))
            elif row.team_id is not None and row.team_id != team.id:
                problems.append(Problem(i, no, f"in another team's territory ({row.township})"))
        if problems:
            raise InputRejected(problems)
        name = _plan_key(day, team.id)
        before = _upsert_item(s, camp, PLAN, name, json.dumps(numbers, ensure_ascii=False))
        previous = json.loads(before) if before is not None else None
        if previous != numbers:
            uow.audit(actor, "research.plan", "plan", camp_id=camp.id,
                   entity_id=f"{day}:{team.name}", before={"loans": previous},
                   after={"loans": numbers})  # fmt: skip
            uow.commit()
    return numbers


def reset_visit_plan(engine: Engine, camp_code: str, day: int, team_id: int, actor: str) -> bool:
    """Forget a stored plan, so the team's plan is prefilled by priority again."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        team = _check_day_team(s, camp, day, team_id)
        before = _upsert_item(s, camp, PLAN, _plan_key(day, team.id), None)
        if before is None:
            return False
        uow.audit(actor, "research.plan_reset", "plan", camp_id=camp.id,
               entity_id=f"{day}:{team.name}", before={"loans": json.loads(before)},
               after=None)  # fmt: skip
        uow.commit()
        return True


def visit_plans(engine: Engine, camp_code: str, day: int) -> dict[int, list[str]]:
    """The stored plans of camp day `day`: team id → loan numbers in visiting order.

    A team without a stored plan is absent: its plan is the prefilled one
    (core.research.prefill_plan).
    """
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        out = {}
        for name, text in _items(s, camp, PLAN):
            key = _parse_plan_key(name)
            if key is not None and key[0] == day:
                out[key[1]] = list(json.loads(text or "[]"))
        return out


def stamp(data: ResearchData, now: datetime | None = None) -> datetime:
    """Now in the camp's time zone (the PDF's footer)."""
    return (now or utcnow()).astimezone(ZoneInfo(data.timezone))
