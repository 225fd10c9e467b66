"""What the store hands core.clocks: a loan's terms and its events (SPEC §4.4).

`loan_terms(row, camp)` reads the loan list's dates of one loan (a row with the
TERM_COLUMNS) and the camp's default guarantee type; `clock_events(s, camp, ids)` reads
the counted camp visits and, after the close, the follow-ups of these loans (all of the
camp's when `ids` is None) as core.clocks.ClockEvent lists in replay order — camp
visits by time, team name and fingerprint, follow-ups by time and id, merged by day.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

from core.clocks import DEFAULT_GUARANTEE_TYPE, ClockEvent, LoanTerms, is_mortgage
from db.models import Camp, FollowUp, Team, Visit
from db.models import Loan as LoanRow
from db.scoring import counted

CHUNK = 500

TERM_COLUMNS = (
    LoanRow.maturity_date,
    LoanRow.last_payment_on,
    LoanRow.last_ack_on,
    LoanRow.guarantors,
    LoanRow.guarantee_until,
    LoanRow.guarantee_type,
    LoanRow.sued_on,
    LoanRow.judgment_due_on,
    LoanRow.enforcement_status,
    LoanRow.enforcement_on,
    LoanRow.guarantee,
)


def loan_terms(row: Any, camp: Camp) -> LoanTerms:
    """The clock terms of a loan row (any object with the TERM_COLUMNS' names)."""
    return LoanTerms(
        maturity_date=row.maturity_date,
        last_payment_on=row.last_payment_on,
        last_ack_on=row.last_ack_on,
        has_guarantors=bool(row.guarantors),
        guarantee_until=row.guarantee_until,
        guarantee_type=row.guarantee_type,
        default_guarantee_type=camp.guarantee_type or DEFAULT_GUARANTEE_TYPE,
        sued_on=row.sued_on,
        judgment_due_on=row.judgment_due_on,
        enforcement_status=row.enforcement_status,
        enforcement_on=row.enforcement_on,
        mortgage=is_mortgage(getattr(row, "guarantee", None)),
    )


def _aware(value: Any) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _parts(stmt: Select, column: Any, ids: Sequence[int] | None) -> list[Select]:
    if ids is None:
        return [stmt]
    ordered = sorted(ids)
    return [stmt.where(column.in_(ordered[i : i + CHUNK])) for i in range(0, len(ordered), CHUNK)]


_MOVES = (Visit.principal_fen > 0, Visit.interest_fen > 0, Visit.ack)
_FOLLOW_MOVES = (FollowUp.principal_fen > 0, FollowUp.interest_fen > 0, FollowUp.ack)


def clock_events(
    s: Session,
    camp: Camp,
    ids: Sequence[int] | None = None,
    *,
    followups: bool = True,
) -> dict[int, list[ClockEvent]]:
    """Per loan id, its clock events in replay order (only those that paid or signed)."""
    tz = ZoneInfo(camp.timezone)
    names = dict(s.execute(select(Team.id, Team.name).where(Team.camp_id == camp.id)).all())
    keyed: dict[int, list[tuple[tuple, ClockEvent]]] = {}
    stmt = select(
        Visit.id, Visit.loan_id, Visit.visited_at, Visit.team_id, Visit.fingerprint,
        Visit.contact, Visit.principal_fen, Visit.interest_fen, Visit.ack,
    ).where(Visit.camp_id == camp.id, counted(camp), or_(*_MOVES))  # fmt: skip
    for part in _parts(stmt, Visit.loan_id, ids):
        for r in s.execute(part):
            at = _aware(r.visited_at)
            event = ClockEvent(on=at.astimezone(tz).date(), contact=r.contact,
                               paid_fen=int(r.principal_fen or 0) + int(r.interest_fen or 0),
                               ack=bool(r.ack), ref=f"visit:{r.id}")  # fmt: skip
            key = (at, 0, names.get(r.team_id, ""), r.fingerprint)
            keyed.setdefault(r.loan_id, []).append((key, event))
    if followups:
        stmt = select(
            FollowUp.id, FollowUp.loan_id, FollowUp.at, FollowUp.contact,
            FollowUp.principal_fen, FollowUp.interest_fen, FollowUp.ack,
        ).where(FollowUp.camp_id == camp.id, or_(*_FOLLOW_MOVES))  # fmt: skip
        for part in _parts(stmt, FollowUp.loan_id, ids):
            for r in s.execute(part):
                at = _aware(r.at)
                event = ClockEvent(on=at.astimezone(tz).date(), contact=r.contact,
                                   paid_fen=int(r.principal_fen or 0) + int(r.interest_fen or 0),
                                   ack=bool(r.ack), ref=f"followup:{r.id}")  # fmt: skip
                keyed.setdefault(r.loan_id, []).append(((at, 1, "", f"{r.id:012d}"), event))
    return {loan_id: [e for _, e in sorted(pairs, key=lambda p: p[0])]
            for loan_id, pairs in keyed.items()}  # fmt: skip
