"""The close (SPEC §4.9): one unit of work under the camp's lock freezes the standings,
gathers every loan's state at the close date from the loan list and the counted camp
visits (core.postloan.LoanAtClose, clocks by core.clocks) and inserts the tasks
`tasks_at_close` gives it. Closing again does nothing; the unique (camp, loan, kind,
origin) constraint backs that up against two closes racing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, and_, exists, insert, or_, select
from sqlalchemy.orm import Session

from core import clock
from core.calendar import end_of_day
from core.errors import InputRejected
from core.postloan import (
    LoanAtClose,
    Promise,
    tasks_at_close,
)
from core.records import Problem
from db.camps import camp_local_today
from db.clocks import clock_events
from db.models import (
    Adjustment,
    Camp,
    Task,
    Visit,
    utcnow,
)
from db.models import Loan as LoanRow
from db.postloan_state import (
    NO_MOVES,
    START_COLUMNS,
    as_utc,
    loan_now,
    local_date,
    visit_moves,
)
from db.scoring import counted, rederive_camp, team_names
from db.uow import UnitOfWork, find_camp


@dataclass(frozen=True)
class CloseResult:
    closed_on: date
    already_closed: bool
    tasks_created: int


# ----------------------------------------------------------------------------- the close


def closed_on(engine: Engine, code: str) -> date | None:
    """The camp's close date, None while it runs (UsageError for an unknown camp)."""
    with UnitOfWork(engine, write=False) as uow:
        return find_camp(uow.session, code).closed_on


def camp_today(engine: Engine, code: str, now: datetime | None = None) -> date:
    """Today in the camp's time zone: the close date when none is given."""
    with UnitOfWork(engine, write=False) as uow:
        return camp_local_today(find_camp(uow.session, code), now)


def _freeze(s: Session, camp: Camp, now: datetime) -> bool:
    """Freeze the final standings at `now` unless frozen already; True when it froze.

    Writers hold the camp lock we hold, so nothing is entered after `now` — unless an
    app server's clock runs ahead; then the camp is re-derived as a freeze does.
    """
    if camp.frozen_at is not None:
        return False
    camp.frozen_at = now
    s.flush()
    later = s.scalar(
        select(
            or_(
                exists().where(Visit.camp_id == camp.id, Visit.entered_at > now),
                exists().where(Adjustment.camp_id == camp.id, Adjustment.entered_at > now),
            )
        )
    )
    if later:
        rederive_camp(s, camp)
    return True


def _promises(s: Session, camp: Camp) -> dict[int, Promise]:
    """Each loan's latest complete promise (replay order) and what its later visits
    collected up to camp-local 24:00 of the promised date."""
    tz = ZoneInfo(camp.timezone)
    names = team_names(s, camp)
    promising = and_(Visit.camp_id == camp.id, counted(camp), Visit.promise_complete)
    latest: dict[int, tuple[tuple[datetime, str, str], Any]] = {}
    for r in s.execute(
        select(
            Visit.loan_id,
            Visit.visited_at,
            Visit.team_id,
            Visit.fingerprint,
            Visit.promise_date,
            Visit.promise_amount_fen,
        ).where(promising)
    ):
        key = (r.visited_at, names[r.team_id], r.fingerprint)
        if r.loan_id not in latest or key > latest[r.loan_id][0]:
            latest[r.loan_id] = (key, r)
    if not latest:
        return {}
    collected: dict[int, int] = {}
    paying = s.execute(
        select(
            Visit.loan_id,
            Visit.visited_at,
            Visit.team_id,
            Visit.fingerprint,
            Visit.principal_fen + Visit.interest_fen,
        ).where(
            Visit.camp_id == camp.id,
            counted(camp),
            or_(Visit.principal_fen > 0, Visit.interest_fen > 0),
            Visit.loan_id.in_(select(Visit.loan_id).where(promising)),
        )
    )
    ends = {loan_id: end_of_day(r.promise_date, tz) for loan_id, (_, r) in latest.items()}
    for loan_id, at, team_id, fingerprint, cash in paying:
        key, _ = latest[loan_id]
        at = as_utc(at)
        if (at, names[team_id], fingerprint) > key and at < ends[loan_id]:
            collected[loan_id] = collected.get(loan_id, 0) + int(cash)
    return {
        loan_id: Promise(
            made_on=local_date(r.visited_at, tz),
            due=r.promise_date,
            amount_fen=int(r.promise_amount_fen),
            collected_after_fen=collected.get(loan_id, 0),
        )
        for loan_id, (_, r) in latest.items()
    }


def _close_tasks(s: Session, camp: Camp, close: date, now: datetime) -> list[dict]:
    """The task rows of every loan of the camp at close date `close` (origin "close", or
    "close:<topic>" for a second task of one kind, core.postloan.Task.topic)."""
    loans = s.execute(
        select(*START_COLUMNS, LoanRow.customer_type).where(LoanRow.camp_id == camp.id)
    ).all()
    visits = visit_moves(s, camp)
    events = clock_events(s, camp, followups=False)
    promises = _promises(s, camp)
    rows: list[dict] = []
    for loan in loans:
        state = loan_now(loan, camp, events.get(loan.id, []), close,
                          visits.get(loan.id, NO_MOVES))  # fmt: skip
        at_close = LoanAtClose(
            loan_no=loan.loan_no,
            owner=loan.manager or "",
            principal_fen=state.principal_fen,
            interest_fen=state.interest_fen,
            written_off=bool(loan.written_off),
            clocks=state.clocks,
            customer_types=frozenset({loan.customer_type} if loan.customer_type else ()),
            promise=promises.get(loan.id),
        )
        for t in tasks_at_close(at_close, close):
            rows.append(
                {
                    "camp_id": camp.id, "loan_id": loan.id, "loan_no": t.loan_no,
                    "kind": t.kind, "due": t.due, "reason": t.reason, "owner": t.owner,
                    "origin": f"close:{t.topic}" if t.topic else "close", "status": "open",
                    "created_at": now,
                }
            )  # fmt: skip
    return rows


def close_camp(
    engine: Engine, code: str, close_on: date, actor: str = "cli", now: datetime | None = None
) -> CloseResult:
    """Close the camp at `close_on` (C): freeze the final standings and give every loan
    still owing its post-loan tasks (SPEC §4.9). Closing a closed camp does nothing.

    A close date after today in the camp (by `now`, core.clock) is rejected: the final
    standings would be frozen before the days they claim to cover.
    """
    with UnitOfWork(engine, code) as uow:
        s, camp = uow.session, uow.camp
        if camp.closed_on is not None:
            return CloseResult(camp.closed_on, already_closed=True, tasks_created=0)
        today = camp_local_today(camp, now or clock.now())
        if close_on > today:
            raise InputRejected([Problem.coded(None, "at", "close.ahead", day=close_on.isoformat(),
                                               today=today.isoformat())])  # fmt: skip
        now = utcnow()
        frozen_before = camp.frozen_at.isoformat() if camp.frozen_at else None
        froze = _freeze(s, camp, now)
        camp.closed_on = close_on
        s.flush()
        rows = _close_tasks(s, camp, close_on, now)
        if rows:
            s.connection().execute(insert(Task.__table__), rows)
        kinds: dict[str, int] = {}
        for r in rows:
            kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
        uow.audit(
            actor, "camp.close", "camp", camp_id=camp.id, entity_id=camp.code,
            before={"closed_on": None, "frozen_at": frozen_before},
            after={"closed_on": close_on.isoformat(), "frozen_at": camp.frozen_at.isoformat(),
                   "froze": froze, "tasks": len(rows), "kinds": dict(sorted(kinds.items()))},
        )  # fmt: skip
        uow.commit()
        return CloseResult(close_on, already_closed=False, tasks_created=len(rows))
