"""Post-loan tasks after the close (SPEC §4.9): the board's reads, follow-ups, reassigning,
the tasks running clocks and recurrences add (`refresh_tasks`, `cli.py tasks-refresh`)
and the new-overdue tasks of a list imported after the close. Follow-ups move a loan's
balances and clocks as camp visits do, but are not camp visits and earn no points."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.orm import Session

from core import clock
from core.clocks import Clocks, replay_clocks
from core.errors import InputRejected, UsageError
from core.money import format_yuan
from core.postloan import (
    ASSET_SEARCH_EVERY,
    ack_task,
    followup_effect_notes,
    guarantor_demand_task,
    inspection_days,
)
from core.records import CONTACTS, Problem
from core.tasklist import NEW_OVERDUE, NEW_OVERDUE_REASON, new_overdue_due, newly_overdue
from db.camps import camp_local_today
from db.clocks import clock_events, loan_terms
from db.models import (
    Camp,
    CampItem,
    FollowUp,
    LoanImport,
    LoanSnapshot,
    Task,
    utcnow,
)
from db.models import Loan as LoanRow
from db.postloan_state import (
    ACK_CONTACTS,
    START_COLUMNS,
    WHOLE_CAMP,
    as_utc,
    check_actor,
    loan_states,
    local_date,
    open_signals,
    owners_of,
    refused,
    require_closed,
    scoped,
)
from db.uow import UnitOfWork, find_camp

GUARANTEE_LAST_DAYS = 30  # a joint guarantee entering its last 30 days gets its demand task


@dataclass(frozen=True)
class TaskRow:
    id: int
    loan_no: str
    kind: str
    due: date
    reason: str
    owner: str
    origin: str
    status: str  # "open" or "done"
    done_at: datetime | None
    done_by: str | None
    done_note: str | None
    borrower: str  # unmasked: /postloan may show it to its roles
    phone: str | None
    township: str
    village: str | None
    principal_fen: int  # the balance now: the list, minus counted camp visits and follow-ups
    interest_fen: int  # owed interest now, floored at zero
    limitation_expiry: date | None  # now (camp visits and follow-ups included); None if sued
    watch: int  # open warning signals on the loan


# ----------------------------------------------------------------------------- after the close

REFRESH_ITEM = "tasks_refresh"  # camp_items.kind: the day tasks were last refreshed


@dataclass(frozen=True)
class RefreshResult:
    day: date
    tasks_created: int
    kinds: dict[str, int]
    skipped: bool = False  # refreshed already that day (a page view; the CLI always runs)


def _refresh_rows(s: Session, camp: Camp, day: date, now: datetime) -> list[dict]:
    """The tasks running clocks and recurrences call for on `day` (SPEC §4.9), each with
    an origin that makes adding it twice impossible."""
    close = camp.closed_on
    assert close is not None
    loans = {
        r.id: r
        for r in s.execute(
            select(*START_COLUMNS, LoanRow.customer_type).where(LoanRow.camp_id == camp.id)
        )
    }
    states = loan_states(s, camp, loans, day)
    events = clock_events(s, camp, None if len(loans) > WHOLE_CAMP else list(loans))
    tasks: dict[int, list[Any]] = {}
    for t in s.execute(
        select(Task.id, Task.loan_id, Task.kind, Task.origin, Task.status, Task.due,
               Task.done_at).where(Task.camp_id == camp.id)
    ):  # fmt: skip
        tasks.setdefault(t.loan_id, []).append(t)
    owners = owners_of(s, camp, {i: r.manager for i, r in loans.items()})
    tz = ZoneInfo(camp.timezone)
    # a task is done when its last follow-up happened (else when it was marked done)
    done_when = {
        task_id: as_utc(last)
        for task_id, last in s.execute(
            select(FollowUp.task_id, func.max(FollowUp.at))
            .where(FollowUp.camp_id == camp.id, FollowUp.task_id.is_not(None))
            .group_by(FollowUp.task_id)
        )
    }
    rows: list[dict] = []
    for loan_id, loan in loans.items():
        now_state = states[loan_id]
        if now_state.principal_fen <= 0 and now_state.interest_fen <= 0:
            continue
        mine = tasks.get(loan_id, [])
        have = {(t.kind, t.origin) for t in mine}
        open_kinds = {t.kind for t in mine if t.status == "open"}
        new: list[tuple[str, date, str, str]] = []
        clocks = now_state.clocks
        lost = loan.customer_type == "失联"
        ack = ack_task(clocks, day, lost)
        end = clocks.limitation.end
        if ack is not None and "get_ack" not in open_kinds:
            at_close = replay_clocks(loan_terms(loan, camp), events.get(loan_id, []), close)
            covered = ("get_ack", "close") in have and at_close.limitation.end == end
            if not covered:
                new.append(("get_ack", *ack, f"clock:{end.isoformat()}"))
        demand = guarantor_demand_task(clocks, day)
        g = clocks.guarantee
        if (demand is not None and g is not None and g.days <= GUARANTEE_LAST_DAYS
                and not any(t.kind == "guarantor_demand" for t in mine)):  # fmt: skip
            new.append(("guarantor_demand", *demand, "clock"))
        for kind in ("inspection", "asset_search"):
            if kind in open_kinds:
                continue
            done = [t for t in mine if t.kind == kind and t.status == "done"]
            if not done:
                continue

            def when(t: Any) -> datetime:
                return done_when.get(t.id) or as_utc(t.done_at) or now

            last = max(done, key=lambda t: (when(t), t.id))
            if kind == "inspection":
                done_on = local_date(when(last), tz)
                due = done_on + timedelta(days=inspection_days(bool(loan.written_off)))
                reason = "贷后检查（上次检查完成后按期复查）"
            elif clocks.enforcement is not None and clocks.enforcement.status == "terminated":
                due = last.due + timedelta(days=ASSET_SEARCH_EVERY)
                reason = "终结本次执行：每 180 天查找一次可供执行的财产"
            else:
                continue
            new.append((kind, due, reason, f"recur:{last.id}"))
        for kind, due, reason, origin in new:
            if (kind, origin) in have:
                continue
            have.add((kind, origin))
            rows.append({
                "camp_id": camp.id, "loan_id": loan_id, "loan_no": loan.loan_no, "kind": kind,
                "due": due, "reason": reason, "owner": owners[loan_id], "origin": origin,
                "status": "open", "created_at": now,
            })  # fmt: skip
    return rows


def _refreshed(engine: Engine, code: str, day: date) -> bool:
    """Nothing to do on `day`: the camp is not closed, or was refreshed that day."""
    with UnitOfWork(engine, code, write=False) as uow:
        if uow.camp.closed_on is None:
            return True
        marker = uow.session.scalar(
            select(CampItem.name).where(
                CampItem.camp_id == uow.camp.id, CampItem.kind == REFRESH_ITEM
            )
        )
        return marker == day.isoformat()


def refresh_tasks(
    engine: Engine, code: str, day: date, *, actor: str = "cli", once_a_day: bool = False
) -> RefreshResult:
    """After the close: add the tasks that running clocks and recurrences call for on
    `day` (SPEC §4.9) — idempotent. With `once_a_day` (the first page view of the day)
    nothing is done when the camp was refreshed on `day` already; a camp not closed yet
    is skipped then, and rejected otherwise (a page view checks that with a plain read,
    taking the write lock only on the day's first view)."""
    if once_a_day and _refreshed(engine, code, day):
        return RefreshResult(day, 0, {}, skipped=True)
    with UnitOfWork(engine, code) as uow:
        s, camp = uow.session, uow.camp
        marker = s.scalars(
            select(CampItem).where(CampItem.camp_id == camp.id, CampItem.kind == REFRESH_ITEM)
        ).first()
        if once_a_day and (camp.closed_on is None or (marker and marker.name == day.isoformat())):
            return RefreshResult(day, 0, {}, skipped=True)
        close = require_closed(camp, "refresh")
        if day < close:
            raise refused("at", "task.before_close", day=day.isoformat(), close=close.isoformat())
        now = utcnow()
        rows = _refresh_rows(s, camp, day, now)
        if rows:
            s.connection().execute(insert(Task.__table__), rows)
        if marker is None:
            s.add(CampItem(camp_id=camp.id, kind=REFRESH_ITEM, name=day.isoformat(), text="",
                           position=0))  # fmt: skip
        elif marker.name < day.isoformat():
            marker.name = day.isoformat()
        kinds: dict[str, int] = {}
        for r in rows:
            kinds[r["kind"]] = kinds.get(r["kind"], 0) + 1
        if rows:
            uow.audit(
                actor, "tasks.refresh", "camp", camp_id=camp.id, entity_id=camp.code,
                after={"day": day.isoformat(), "tasks": len(rows),
                       "kinds": dict(sorted(kinds.items()))},
            )  # fmt: skip
        uow.commit()  # the unit bumps the data version once when anything changed
        return RefreshResult(day, len(rows), dict(sorted(kinds.items())))


# ----------------------------------------------------------------------------- reading


def list_tasks(
    engine: Engine, code: str, *, owner: str | None = None, status: str | None = None
) -> list[TaskRow]:
    """The camp's tasks, of one owner and/or status if given, by due date, loan number, kind;
    each with its loan's balances, limitation expiry and open signals now."""
    if status not in (None, "open", "done"):
        raise UsageError(f"unknown task status: {status} (open or done)")
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = find_camp(s, code)
        stmt = (
            select(
                Task.id.label("task_id"), Task.kind, Task.due, Task.reason, Task.owner,
                Task.origin, Task.status, Task.done_at, Task.done_by, Task.done_note,
                LoanRow.borrower, LoanRow.phone, LoanRow.township, LoanRow.village,
                *START_COLUMNS,
            )
            .join(LoanRow, LoanRow.id == Task.loan_id)
            .where(Task.camp_id == camp.id)
        )  # fmt: skip
        if owner is not None:
            stmt = stmt.where(Task.owner == owner)
        if status is not None:
            stmt = stmt.where(Task.status == status)
        rows = s.execute(stmt).all()
        loans = {r.id: r for r in rows}
        states = loan_states(s, camp, loans, camp_local_today(camp, clock.now()))
        watch = open_signals(s, camp, None if len(loans) > WHOLE_CAMP else list(loans))
    out = []
    for r in rows:  # positional: a camp of 100,000 loans lists as many tasks
        now = states[r.id]
        out.append(TaskRow(
            r.task_id, r.loan_no, r.kind, r.due, r.reason, r.owner, r.origin, r.status,
            r.done_at, r.done_by, r.done_note, r.borrower, r.phone, r.township, r.village,
            now.principal_fen, now.interest_fen,
            None if r.sued_on else now.limitation_expiry, watch.get(r.id, 0),
        ))  # fmt: skip
    out.sort(key=lambda t: (t.due, t.loan_no, t.kind, t.id))
    return out


def overdue_count(engine: Engine, owner: str, today: date) -> int:
    """Open tasks due before `today`, over all camps, owned by that display name."""
    with UnitOfWork(engine, write=False) as uow:
        return int(
            uow.session.scalar(
                select(func.count())
                .select_from(Task)
                .where(Task.owner == owner, Task.status == "open", Task.due < today)
            )
            or 0
        )


def task_owners(engine: Engine, code: str) -> list[str]:
    """The distinct owners of the camp's tasks, sorted, "" (no owner) last."""
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = find_camp(s, code)
        owners = set(s.scalars(select(Task.owner).where(Task.camp_id == camp.id).distinct()))
    return sorted(owners, key=lambda o: (o == "", o))


def task_clocks(engine: Engine, code: str, task_id: int, on: date) -> Clocks | None:
    """The clocks on `on` of the loan a task is about (camp visits and follow-ups so far
    included), for the follow-up form's warnings; None for a task the camp does not have."""
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = find_camp(s, code)
        loan = s.execute(
            select(*START_COLUMNS)
            .join(Task, Task.loan_id == LoanRow.id)
            .where(Task.id == task_id, Task.camp_id == camp.id)
        ).one_or_none()
        if loan is None:
            return None
        return loan_states(s, camp, {loan.id: loan}, on)[loan.id].clocks


def followup_notes(engine: Engine, code: str, followup_id: int) -> list[str]:
    """Reason codes (core/reasons.py) of what a saved follow-up did not do to the clocks
    (core.postloan.followup_effect_notes): a relative's signature after expiry, a
    guarantor's after the guarantee period lapsed, …; empty when it did what it seemed."""
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        camp = find_camp(s, code)
        follow = s.get(FollowUp, followup_id)
        if follow is None or follow.camp_id != camp.id:
            return []
        loan = s.execute(select(*START_COLUMNS).where(LoanRow.id == follow.loan_id)).one()
        on = local_date(follow.at, ZoneInfo(camp.timezone))
        events = clock_events(s, camp, [loan.id]).get(loan.id, [])
        clocks = replay_clocks(loan_terms(loan, camp), events, on)
    return followup_effect_notes(clocks, f"followup:{followup_id}")


# ----------------------------------------------------------------------------- writing


def reassign_tasks(
    engine: Engine, code: str, task_ids: Sequence[int], new_owner: str, actor: str
) -> int:
    """Give these tasks to `new_owner` (a user's display name); returns how many changed.

    The page lets only the admin do it (SPEC §2); the audit log keeps each task's
    owner before and after.
    """
    new_owner = (new_owner or "").strip()
    if not new_owner:
        raise refused("owner", "task.owner_required")
    ids = sorted({int(i) for i in task_ids})
    if not ids:
        return 0
    with UnitOfWork(engine, code) as uow:
        s, camp = uow.session, uow.camp
        tasks = {
            t.id: t
            for part in scoped(select(Task).where(Task.camp_id == camp.id), Task.id, ids)
            for t in s.scalars(part)
        }
        unknown = [i for i in ids if i not in tasks]
        if unknown:
            raise refused(None, "task.unknown_many", code=code, tasks=", ".join(map(str, unknown)))
        before = {str(i): tasks[i].owner for i in ids if tasks[i].owner != new_owner}
        for i in before:
            tasks[int(i)].owner = new_owner
        if before:
            uow.audit(
                actor, "tasks.reassign", "task", camp_id=camp.id,
                entity_id=",".join(before)[:64], before={"owners": before},
                after={"owner": new_owner, "tasks": [int(i) for i in before]},
            )  # fmt: skip
        uow.commit()
        return len(before)


def record_followup(
    engine: Engine,
    code: str,
    task_id: int,
    *,
    at: datetime,
    contact: str,
    principal_fen: int = 0,
    interest_fen: int = 0,
    ack: bool = False,
    notes: str = "",
    done: bool = False,
    actor: str,
    actor_name: str,
    actor_role: str,
) -> int:
    """Record what an owner did on a task after the close; returns the follow-up's id.

    A payment lowers the loan's balances and, like a signed receipt of the borrower
    (见到本人 or 见到家属), restarts its limitation clock; it earns no points and is
    no camp visit. A non-admin records only on the tasks they own. `done` marks the
    task done with `notes` as what was done.
    """
    check_actor(actor_role, "followups")
    problems: list[Problem] = []
    if at.tzinfo is None or at.utcoffset() is None:
        problems.append(Problem.coded(None, "at", "post.needs_zone"))
    if contact not in CONTACTS:
        problems.append(Problem.coded(None, "contact", "post.unknown_contact", contact=contact))
    elif ack and contact not in ACK_CONTACTS:
        problems.append(Problem.coded(None, "ack", "post.ack_contact", contact=contact))
    if principal_fen < 0 or interest_fen < 0:
        problems.append(Problem.coded(None, "principal", "post.negative"))
    if problems:
        raise InputRejected(problems)
    notes = (notes or "").strip()
    with UnitOfWork(engine, code) as uow:
        s, camp = uow.session, uow.camp
        close = require_closed(camp, "followups")
        task = s.scalars(
            select(Task).where(Task.id == task_id, Task.camp_id == camp.id).with_for_update()
        ).one_or_none()
        if task is None:
            raise refused("task", "post.unknown_task", task=task_id, code=code)
        if actor_role != "admin" and task.owner != actor_name:
            raise refused(None, "post.not_owner", task=task_id,
                          owner=task.owner or "—", actor=actor_name)  # fmt: skip
        tz = ZoneInfo(camp.timezone)
        if local_date(at, tz) < close:
            raise refused("at", "post.before_close", close=close.isoformat(),
                          day=local_date(at, tz).isoformat())  # fmt: skip
        loan = s.execute(
            select(*START_COLUMNS).where(LoanRow.id == task.loan_id).with_for_update()
        ).one()
        now_state = loan_states(s, camp, {loan.id: loan}, local_date(at, tz))[loan.id]
        if principal_fen > now_state.principal_fen:
            raise refused("principal", "post.too_much", loan_no=loan.loan_no,
                          collected=format_yuan(principal_fen),
                          outstanding=format_yuan(now_state.principal_fen))  # fmt: skip
        follow = FollowUp(
            camp_id=camp.id, loan_id=loan.id, task_id=task.id, at=at, contact=contact,
            principal_fen=principal_fen, interest_fen=interest_fen, ack=ack, notes=notes,
            entered_by=actor, entered_at=utcnow(),
        )  # fmt: skip
        s.add(follow)
        if done and task.status != "done":
            task.status, task.done_at = "done", utcnow()
            task.done_by, task.done_note = actor_name, notes
        s.flush()
        uow.audit(
            actor, "followup.add", "followup", camp_id=camp.id, entity_id=str(follow.id),
            after={"task": task.id, "loan_no": loan.loan_no, "at": at.isoformat(),
                   "contact": contact, "principal_fen": principal_fen,
                   "interest_fen": interest_fen, "ack": ack, "notes": notes, "done": done},
        )  # fmt: skip
        uow.commit()
        return follow.id


# ----------------------------------------------------------------------------- later lists


def add_new_overdue_tasks(
    s: Session, camp: Camp, batch: LoanImport, values: Sequence[Mapping[str, Any]]
) -> int:
    """In the import's transaction: a `new_overdue` task for each loan of a list imported
    after the close that is overdue and was not in the latest earlier list (by as-of
    date, then import order) that had it; returns how many. A loan the camp's table does
    not hold yet is added to it (no team), so its task has a loan."""
    overdue = {v["loan_no"]: v for v in values if (v.get("days_overdue") or 0) > 0}
    if not overdue:
        return 0
    here = (batch.as_of, batch.id)
    earlier = {
        import_id: as_of
        for import_id, as_of in s.execute(
            select(LoanImport.id, LoanImport.as_of).where(
                LoanImport.camp_id == camp.id, LoanImport.id != batch.id
            )
        )
        if (as_of, import_id) < here
    }
    previous: dict[str, tuple[tuple[date, int], int]] = {}
    if earlier:
        stmt = select(
            LoanSnapshot.import_id, LoanSnapshot.loan_no, LoanSnapshot.days_overdue
        ).where(LoanSnapshot.import_id.in_(sorted(earlier)))
        for part in scoped(stmt, LoanSnapshot.loan_no, list(overdue)):
            for import_id, loan_no, days in s.execute(part):
                key = (earlier[import_id], import_id)
                if loan_no not in previous or key > previous[loan_no][0]:
                    previous[loan_no] = (key, int(days or 0))
    fresh = [
        v
        for no, v in overdue.items()
        if newly_overdue(int(v["days_overdue"]), previous[no][1] if no in previous else None)
    ]
    if not fresh:
        return 0
    numbers = [v["loan_no"] for v in fresh]

    def held() -> dict[str, Any]:
        stmt = select(LoanRow.loan_no, LoanRow.id, LoanRow.manager).where(
            LoanRow.camp_id == camp.id
        )
        return {r.loan_no: r for part in scoped(stmt, LoanRow.loan_no, numbers)
                for r in s.execute(part)}  # fmt: skip

    loans = held()
    now = utcnow()
    missing = [
        {**v, "camp_id": camp.id, "team_id": None, "import_id": batch.id, "created_at": now,
         "updated_at": now}
        for v in fresh if v["loan_no"] not in loans
    ]  # fmt: skip
    if missing:
        s.connection().execute(insert(LoanRow.__table__), missing)
        loans = held()
    due = new_overdue_due(batch.as_of)
    s.connection().execute(
        insert(Task.__table__),
        [
            {
                "camp_id": camp.id, "loan_id": loans[v["loan_no"]].id, "loan_no": v["loan_no"],
                "kind": NEW_OVERDUE, "due": due, "reason": NEW_OVERDUE_REASON,
                "owner": v.get("manager") or loans[v["loan_no"]].manager or "",
                "origin": f"import:{batch.id}", "status": "open", "created_at": now,
            }
            for v in fresh
        ],
    )  # fmt: skip
    return len(fresh)
