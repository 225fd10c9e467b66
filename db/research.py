"""The writes of /research (SPEC §3, §4.4, §4.5); its reads are db/queries/research.py.

Each write is one unit of work (lock the camp, check everything, audit, commit once;
the unit bumps the camp's data version): a loan's customer type, the strategy per
customer type, a township's attention note, and a team's visit plan for a camp
day. Notes and plans are rows of camp_items — kind "attention" with the
township as name; kind "plan" with name "DAY:TEAM_ID" and the loan numbers in
visiting order as a JSON list in text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import Session

from core.campitems import CUSTOMER_TYPES, clean_items
from core.errors import InputRejected, UsageError
from core.records import Problem
from core.scope import clean_scope, in_scope
from db.models import Camp, CampItem, Team
from db.models import Loan as LoanRow
from db.queries.research import ATTENTION, PLAN, items_of_kind, plan_key
from db.uow import UnitOfWork

NOTE_MAX = 4000
PLAN_MAX = 200  # loans on one team's plan for one day


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
        Problem.coded(
            None, no, "research.not_customer_type", value=value, expected="、".join(CUSTOMER_TYPES)
        )  # fmt: skip
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
        problems += [Problem.coded(None, no, "research.no_loan") for no in numbers
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
        before = items_of_kind(s, camp, "customer_type")
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
        problems.append(Problem.coded(None, "township", "research.township_required"))
    elif len(township) > 100:
        problems.append(Problem.coded(None, "township", "input.too_long", limit=100))
    if len(text) > NOTE_MAX:
        problems.append(Problem.coded(None, "note", "input.too_long", limit=NOTE_MAX))
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
        raise UsageError.coded("usage.day_of_camp", day=day, code=camp.code,
                               first=camp.first_field_day, last=camp.days)  # fmt: skip
    team = s.get(Team, team_id)
    if team is None or team.camp_id != camp.id:
        raise UsageError.coded("usage.unknown_team", team=team_id)
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
        problems.append(Problem.coded(None, "plan", "research.plan_too_long", limit=PLAN_MAX))
    seen: set[str] = set()
    for i, no in enumerate(numbers, start=1):
        if no in seen:
            problems.append(Problem.coded(i, no, "research.listed_twice"))
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
                problems.append(Problem.coded(i, no, "research.no_loan"))
            elif not in_scope(scope, row.segment, row.days_overdue, row.township):
                problems.append(Problem.coded(i, no, "research.out_of_scope"))
            elif row.team_id is not None and row.team_id != team.id:
                problems.append(
                    Problem.coded(i, no, "research.other_territory", township=row.township)
                )
        if problems:
            raise InputRejected(problems)
        name = plan_key(day, team.id)
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
        before = _upsert_item(s, camp, PLAN, plan_key(day, team.id), None)
        if before is None:
            return False
        uow.audit(actor, "research.plan_reset", "plan", camp_id=camp.id,
               entity_id=f"{day}:{team.name}", before={"loans": json.loads(before)},
               after=None)  # fmt: skip
        uow.commit()
        return True
