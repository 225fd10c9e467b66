"""Use cases of the field results: visits, corrections, voids, adjustments, freeze.

Writers serialise per camp: the camp row is locked first (SELECT … FOR UPDATE on
PostgreSQL; SQLite's BEGIN IMMEDIATE already holds the write lock), so the
validation replay, the insert and the running totals all see one consistent
store. A unique (camp, fingerprint) constraint backs up the duplicate check.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from core import clock
from core.errors import InputRejected, UsageError
from core.limits import FUTURE_GRACE_MINUTES, adjustment_points
from core.money import format_yuan
from core.records import PAID_AT_BRANCH, REFUSED, Problem, VisitRecord
from core.scoring import (
    INCOMPLETE_PROMISE,
    PROMISE_BEFORE_VISIT,
    PROMISE_TOO_FAR,
    PROMISE_TOO_SMALL,
    RELATIVE_ACK_EXPIRED,
    REPLAY_WARNINGS,
    OverCollection,
    VisitFacts,
    replay,
)
from core.visitfile import record_problems
from db.models import Adjustment, Camp, Member, Team, Visit, utcnow
from db.models import Loan as LoanRow
from db.reconcile import branch_claim_warnings
from db.scoring import (
    TotalsDelta,
    apply_delta,
    camp_calendar,
    camp_rules,
    loan_start,
    rederive_camp,
    rederive_loans,
    refresh_totals,
    team_names,
    visit_facts,
)
from db.uow import UnitOfWork

ACK_CONTACTS = ("见到本人", "见到家属", "见到保证人")
SINGLE_COLLECTOR = "single collector"
#: Stored warnings (Visit.warnings holds these English keys; pages label them) → the
#: column and catalogue code of the warning a save reports.
WARNING_CODES = {
    INCOMPLETE_PROMISE: (None, "warn.incomplete_promise"),
    SINGLE_COLLECTOR: (None, "warn.single_collector"),
}
COL = {
    "visited_at": "走访时间",
    "team": "团队",
    "members": "参与成员",
    "loan_no": "贷款账号",
    "contact": "接触结果",
    "principal": "收回本金",
    "ack": "签收回执",
    "notes": "备注",
    "appointment_at": "预约时间",
}
REFUSAL_WITH_MONEY = "refusal with money"
BRANCH_CLAIMED_TWICE = "branch claimed twice"


def fingerprint(r: VisitRecord) -> str:
    """Every column of the row as entered: a second identical row is a duplicate."""
    row = [
        r.visited_at.strftime("%Y-%m-%d %H:%M"), r.team, list(r.members), r.loan_no, r.contact,
        r.principal_fen, r.interest_fen, r.ack,
        r.promise_date.isoformat() if r.promise_date else None, r.promise_amount_fen,
        r.promise_method or None, list(r.tactics), r.notes or None,
    ]  # fmt: skip
    if r.appointment_at or r.appointment_by or r.agreed_by:  # older rows keep their print
        row += [
            r.appointment_at.strftime("%Y-%m-%d %H:%M") if r.appointment_at else None,
            r.appointment_by, r.agreed_by,
        ]  # fmt: skip
    return hashlib.sha256(json.dumps(row, ensure_ascii=False).encode()).hexdigest()


@dataclass
class VisitsRecorded:
    stored: int = 0
    duplicates: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rejected: list[Problem] = field(default_factory=list)
    visit_ids: list[int] = field(default_factory=list)


@dataclass
class _Context:
    camp: Camp
    teams: dict[str, Any]  # name → row with .id and .name
    rosters: dict[int, set[str]]


def _context(s: Session, camp: Camp) -> _Context:
    # plain rows, not ORM objects: a province camp has hundreds of teams and thousands of members
    teams = {
        t.name: t for t in s.execute(select(Team.id, Team.name).where(Team.camp_id == camp.id))
    }
    rosters: dict[int, set[str]] = {}
    for team_id, name in s.execute(
        select(Member.team_id, Member.name).where(Member.camp_id == camp.id)
    ):
        rosters.setdefault(team_id, set()).add(name)
    return _Context(camp, teams, rosters)


def _in_the_future(
    cal,  # noqa: ANN001
    at: datetime,
    now: datetime,
    row: int | None,
    column: str,
) -> Problem | None:
    """Why a visit or adjustment at `at` cannot be recorded yet, or None (SPEC §6)."""
    if at <= now + timedelta(minutes=FUTURE_GRACE_MINUTES):
        return None
    shown_at, shown_now = (cal.local(x).strftime("%Y-%m-%d %H:%M") for x in (at, now))
    return Problem.coded(row, column, "time.future", at=shown_at, now=shown_now)


def _check(
    r: VisitRecord,
    ctx: _Context,
    loan: LoanRow | None,
    cal,  # noqa: ANN001
    problems: list[Problem],
    now: datetime,
) -> bool:
    """The checks that need the camp (SPEC §5.4, §4.6, §4.11); True when the row is good."""
    bad = len(problems)

    def err(col: str, code: str, **params: object) -> None:
        problems.append(Problem.coded(r.row, COL[col], code, **params))

    team = ctx.teams.get(r.team)
    if team is None:
        err("team", "visit.unknown_team", team=r.team)
    if loan is None:
        err("loan_no", "visit.unknown_loan", loan_no=r.loan_no)
    if team is not None and loan is not None and loan.team_id not in (None, team.id):
        owner = next(t.name for t in ctx.teams.values() if t.id == loan.team_id)
        err("team", "visit.other_territory", loan_no=r.loan_no, township=loan.township,
            owner=owner, team=r.team)  # fmt: skip
    if team is not None:
        roster = ctx.rosters.get(team.id, set())
        strangers = [m for m in r.members if m not in roster]
        if strangers:
            err("members", "visit.not_members", team=r.team, names="、".join(strangers))
    if not r.members and r.contact != PAID_AT_BRANCH:
        err("members", "visit.members_missing")
    if r.principal_fen < 0 or r.interest_fen < 0:
        err("principal", "cell.negative")
    if r.ack and r.contact not in ACK_CONTACTS:
        err("ack", "visit.ack_contact", contact=r.contact)
    try:
        at = cal.to_utc(r.visited_at)
    except (ValueError, OverflowError):
        err("visited_at", "time.invalid", value=str(r.visited_at))
        return False
    if future := _in_the_future(cal, at, now, r.row, COL["visited_at"]):
        problems.append(future)
    elif not cal.in_window(at):
        start, end = (cal.local(x).strftime("%Y-%m-%d %H:%M") for x in cal.window())
        err("visited_at", "visit.outside_window", start=start, end=end)
    elif r.contact != PAID_AT_BRANCH and cal.in_quiet_hours(at):
        missing = appointment_missing(r)
        if missing:
            start, end = (f"{t:%H:%M}" for t in cal.quiet_hours)
            problems.append(Problem.coded(
                r.row, COL["appointment_at"], "visit.appointment_needed",
                start=start, end=end, missing="、".join(missing)))  # fmt: skip
    problems += record_problems(r.row, r.contact, r.principal_fen, r.interest_fen,
                                r.visited_at, r.promise_date, r.appointment_at)  # fmt: skip
    return len(problems) == bad


def appointment_missing(r: VisitRecord) -> tuple[str, ...]:
    """The parts of a quiet-hours visit's appointment not given (SPEC §4.11), by header."""
    given = {"预约时间": r.appointment_at, "预约方式": r.appointment_by, "同意人": r.agreed_by}
    return tuple(name for name, value in given.items() if not value)


def _warnings(r: VisitRecord) -> list[str]:
    out = []
    given = [r.promise_date is not None, bool(r.promise_amount_fen), bool(r.promise_method)]
    if any(given) and not all(given):
        out.append(INCOMPLETE_PROMISE)
    if r.contact != PAID_AT_BRANCH and len(r.members) == 1:
        out.append(SINGLE_COLLECTOR)
    if r.contact == REFUSED and (r.principal_fen or r.interest_fen):
        out.append(REFUSAL_WITH_MONEY)
    return out


_REPLAY_CODES = {
    RELATIVE_ACK_EXPIRED: ("签收回执", "warn.relative_after_expiry"),
    PROMISE_TOO_FAR: ("承诺还款日期", "warn.promise_too_far"),
    PROMISE_TOO_SMALL: ("承诺还款金额", "warn.promise_too_small"),
    PROMISE_BEFORE_VISIT: ("承诺还款日期", "warn.promise_before_visit"),
}


def _replay_problem(row: int, warning: str) -> Problem:
    """A warning of the replay (core.scoring) as a catalogue problem of its row."""
    column, code = _REPLAY_CODES[warning]
    return Problem.coded(row, column, code)


def _warning_problem(row: int, warning: str) -> Problem:
    """A warning of `_warnings` as a catalogue problem of its row."""
    if warning == REFUSAL_WITH_MONEY:
        return Problem.coded(row, COL["principal"], "warn.refusal_with_money")
    column, code = WARNING_CODES[warning]
    return Problem.coded(row, column, code)


def _over_collection(
    s: Session,
    camp: Camp,
    new: list[tuple[VisitRecord, LoanRow]],
    exclude_ids: set[int] = frozenset(),  # type: ignore[assignment]
) -> list[Problem]:
    """Replay each touched loan with its stored visits and the new rows, in time order."""
    cal, rules = camp_calendar(camp), camp_rules(s, camp)
    names = team_names(s, camp)
    problems: list[Problem] = []
    by_loan: dict[int, list[tuple[VisitRecord, LoanRow]]] = {}
    for r, loan in new:
        by_loan.setdefault(loan.id, []).append((r, loan))
    stored_by_loan: dict[int, list[Visit]] = {}
    loan_ids = sorted(by_loan)
    for i in range(0, len(loan_ids), 500):  # one query per 500 loans, not one per loan
        for v in s.scalars(
            select(Visit).where(Visit.loan_id.in_(loan_ids[i : i + 500]), Visit.voided_at.is_(None))
        ):
            stored_by_loan.setdefault(v.loan_id, []).append(v)
    for loan_id, items in by_loan.items():
        loan = items[0][1]
        stored = stored_by_loan.get(loan_id, [])
        facts = [visit_facts(v, names[v.team_id]) for v in stored if v.id not in exclude_ids]
        facts += [_facts(r, cal, f"row-{r.row}") for r, _ in items]
        while True:
            try:
                replay(loan_start(loan), facts, rules, cal.tz)
                break
            except OverCollection as exc:
                owed = format_yuan(exc.outstanding_fen)
                if isinstance(exc.visit_id, str):
                    row = int(exc.visit_id.removeprefix("row-"))
                    problems.append(
                        Problem.coded(row, COL["principal"], "visit.over_collection",
                                      loan_no=loan.loan_no, owed=owed,
                                      collected=format_yuan(exc.collected_fen))
                    )  # fmt: skip
                else:
                    v = next(v for v in stored if v.id == exc.visit_id)
                    when = cal.local(v.visited_at).strftime("%Y-%m-%d %H:%M")
                    for r, _ in items:
                        problems.append(
                            Problem.coded(r.row, COL["principal"], "visit.over_collection_stored",
                                          visit=v.id, when=when, team=names[v.team_id], owed=owed)
                        )  # fmt: skip
                    break
                facts = [f for f in facts if f.id != exc.visit_id]
    return problems


def _facts(r: VisitRecord, cal, ident: str) -> VisitFacts:  # noqa: ANN001
    return VisitFacts(
        id=ident,
        visited_at=cal.to_utc(r.visited_at),
        team=r.team,
        contact=r.contact,
        principal_fen=r.principal_fen,
        interest_fen=r.interest_fen,
        ack=r.ack,
        promise_date=r.promise_date,
        promise_amount_fen=r.promise_amount_fen,
        promise_method=r.promise_method,
        members=r.members,
        tiebreak=(fingerprint(r),),
    )


def record_visits(
    engine: Engine,
    camp_code: str,
    records: list[VisitRecord],
    *,
    actor: str = "cli",
    source: str = "entry",
    skip_invalid: bool = False,
    prior_errors: list[Problem] | None = None,
    now: datetime | None = None,
) -> VisitsRecorded:
    """Validate and store visits, all or nothing unless `skip_invalid`; then re-derive.

    A visit dated later than `now` (core.clock) plus a few minutes' grace is rejected.
    """
    prior_errors = list(prior_errors or [])
    now = now or clock.now()
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        cal = camp_calendar(camp)
        ctx = _context(s, camp)
        loans = _loans(s, camp, {r.loan_no for r in records})
        problems: list[Problem] = []
        good = [r for r in records if _check(r, ctx, loans.get(r.loan_no), cal, problems, now)]
        known = set(_stored_fingerprints(s, camp, [fingerprint(r) for r in good]))
        done = VisitsRecorded()
        fresh: list[tuple[VisitRecord, str]] = []
        for r in good:
            fp = fingerprint(r)
            if fp in known:
                done.duplicates.append(Problem.coded(r.row, None, "visit.duplicate"))
                continue
            known.add(fp)
            fresh.append((r, fp))
        while True:
            over = _over_collection(s, camp, [(r, loans[r.loan_no]) for r, _ in fresh])
            if not over:
                break
            problems += over
            if not skip_invalid:
                break
            bad_rows = {p.row for p in over}
            fresh = [(r, fp) for r, fp in fresh if r.row not in bad_rows]
        problems = prior_errors + problems
        if problems and not skip_invalid:
            raise InputRejected(sorted(problems, key=lambda p: p.row or 0))
        done.rejected = problems
        # 到行还款 of one amount on one loan and day by two teams: one payment? (SPEC §5.6)
        branch = [(r, loans[r.loan_no].id) for r, _ in fresh]
        twice = {p.row: p for p in branch_claim_warnings(s, camp, branch)}
        now = utcnow()
        rows = []
        for r, fp in fresh:
            at = cal.to_utc(r.visited_at)
            warnings = _warnings(r)
            done.warnings += [_warning_problem(r.row, w) for w in warnings]
            if r.row in twice:
                warnings.append(BRANCH_CLAIMED_TWICE)
                done.warnings.append(twice[r.row])
            rows.append(
                {
                    "camp_id": camp.id, "loan_id": loans[r.loan_no].id,
                    "team_id": ctx.teams[r.team].id, "visited_at": at,
                    "members": list(r.members), "contact": r.contact,
                    "principal_fen": r.principal_fen, "interest_fen": r.interest_fen,
                    "ack": r.ack, "promise_date": r.promise_date,
                    "promise_amount_fen": r.promise_amount_fen,
                    "promise_method": r.promise_method, "tactics": list(r.tactics),
                    "notes": r.notes, "fingerprint": fp, "entered_by": actor,
                    "appointment_at": cal.to_utc(r.appointment_at) if r.appointment_at else None,
                    "appointment_by": r.appointment_by, "agreed_by": r.agreed_by,
                    "entered_at": now, "source": source, "warnings": warnings,
                    "night": cal.in_night_shift(at), "quiet": cal.in_quiet_hours(at),
                    "period_day": cal.period_of(at),
                }
            )  # fmt: skip
        if rows:
            s.execute(insert(Visit), rows)
            done.visit_ids = sorted(_stored_fingerprints(s, camp, [fp for _, fp in fresh]).values())
            delta = TotalsDelta()
            rederive_loans(s, camp, {loans[r.loan_no].id for r, _ in fresh}, delta)
            apply_delta(s, camp, delta)
            row_of = {fp: r.row for r, fp in fresh}
            for fp, stored_warnings in s.execute(
                select(Visit.fingerprint, Visit.warnings).where(Visit.id.in_(done.visit_ids))
            ):
                done.warnings += [_replay_problem(row_of[fp], w) for w in stored_warnings or ()
                                  if w in REPLAY_WARNINGS and w != INCOMPLETE_PROMISE]  # fmt: skip
            uow.audit(actor, "visits.add", "visit", camp_id=camp.id,
                entity_id=f"{min(done.visit_ids)}-{max(done.visit_ids)}",
                after={"stored": len(rows), "source": source, "visit_ids": done.visit_ids,
                       "duplicates": len(done.duplicates), "rejected": len(problems)},
            )  # fmt: skip
        done.stored = len(rows)
        uow.commit()
        return done


def _stored_fingerprints(s: Session, camp: Camp, fingerprints: list[str]) -> dict[str, int]:
    """fingerprint → visit id of the stored visits among these (in chunks: SQL has limits)."""
    found: dict[str, int] = {}
    for i in range(0, len(fingerprints), 500):
        found.update(
            s.execute(
                select(Visit.fingerprint, Visit.id).where(
                    Visit.camp_id == camp.id, Visit.fingerprint.in_(fingerprints[i : i + 500])
                )
            ).all()
        )
    return found


def _loans(s: Session, camp: Camp, numbers: set[str]) -> dict[str, LoanRow]:
    out: dict[str, LoanRow] = {}
    numbers_list = sorted(numbers)
    for i in range(0, len(numbers_list), 500):
        chunk = numbers_list[i : i + 500]
        # the loan rows are locked too (PostgreSQL) while their visits are replayed
        for loan in s.scalars(
            select(LoanRow)
            .where(LoanRow.camp_id == camp.id, LoanRow.loan_no.in_(chunk))
            .order_by(LoanRow.id)
            .with_for_update()
        ):
            out[loan.loan_no] = loan
    return out


def _visit_dict(v: Visit) -> dict:
    return {
        "visited_at": v.visited_at.isoformat(), "team_id": v.team_id, "loan_id": v.loan_id,
        "members": v.members, "contact": v.contact, "principal_fen": v.principal_fen,
        "interest_fen": v.interest_fen, "ack": v.ack,
        "promise_date": v.promise_date.isoformat() if v.promise_date else None,
        "promise_amount_fen": v.promise_amount_fen, "promise_method": v.promise_method,
        "tactics": v.tactics, "notes": v.notes, "voided_at":
        v.voided_at.isoformat() if v.voided_at else None, "void_reason": v.void_reason,
    }  # fmt: skip


def _require_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise InputRejected([Problem.coded(None, "reason", "input.reason_required")])
    return reason.strip()


def void_visit(engine: Engine, camp_code: str, visit_id: int, reason: str, actor: str) -> None:
    """A voided visit stops counting; the record and the reason stay."""
    reason = _require_reason(reason)
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        v = s.get(Visit, visit_id)
        if v is None or v.camp_id != camp.id:
            raise UsageError.coded("usage.unknown_visit", visit=visit_id)
        if v.voided_at is not None:
            raise InputRejected([Problem.coded(None, None, "visit.already_voided", visit=visit_id)])
        before = _visit_dict(v)
        v.voided_at, v.void_reason = utcnow(), reason
        s.flush()
        refresh_totals(s, camp, rederive_loans(s, camp, [v.loan_id]) | {v.team_id})
        uow.audit(actor, "visit.void", "visit", camp_id=camp.id, entity_id=str(visit_id),
               before=before, after=_visit_dict(v), reason=reason)  # fmt: skip
        uow.commit()


def correct_visit(
    engine: Engine,
    camp_code: str,
    visit_id: int,
    record: VisitRecord,
    reason: str,
    actor: str,
    now: datetime | None = None,
) -> None:
    """Change a stored visit; the audit log keeps who, when, before, after and why.

    The corrected visit passes the checks of a new one, its time not after `now` included.
    """
    reason = _require_reason(reason)
    now = now or clock.now()
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        v = s.get(Visit, visit_id)
        if v is None or v.camp_id != camp.id:
            raise UsageError.coded("usage.unknown_visit", visit=visit_id)
        cal, ctx = camp_calendar(camp), _context(s, camp)
        loan = _loans(s, camp, {record.loan_no}).get(record.loan_no)
        problems: list[Problem] = []
        if _check(record, ctx, loan, cal, problems, now):
            problems += _over_collection(s, camp, [(record, loan)], exclude_ids={v.id})
        fp = fingerprint(record)
        clash = s.scalar(
            select(Visit.id).where(
                Visit.camp_id == camp.id, Visit.fingerprint == fp, Visit.id != v.id
            )
        )
        if clash:
            problems.append(Problem.coded(record.row, None, "visit.identical", visit=clash))
        if problems:
            raise InputRejected(problems)
        before = _visit_dict(v)
        old_loan, old_team = v.loan_id, v.team_id
        at = cal.to_utc(record.visited_at)
        v.visited_at, v.loan_id, v.team_id = at, loan.id, ctx.teams[record.team].id
        v.members, v.contact = list(record.members), record.contact
        v.principal_fen, v.interest_fen, v.ack = (
            record.principal_fen,
            record.interest_fen,
            record.ack,
        )
        v.promise_date, v.promise_amount_fen = record.promise_date, record.promise_amount_fen
        v.promise_method, v.tactics, v.notes = (
            record.promise_method,
            list(record.tactics),
            record.notes,
        )
        v.appointment_at = cal.to_utc(record.appointment_at) if record.appointment_at else None
        v.appointment_by, v.agreed_by = record.appointment_by, record.agreed_by
        v.fingerprint, v.warnings = fp, _warnings(record)
        v.night, v.quiet = cal.in_night_shift(at), cal.in_quiet_hours(at)
        s.flush()
        touched = rederive_loans(s, camp, {old_loan, loan.id}) | {old_team, v.team_id}
        refresh_totals(s, camp, touched)
        uow.audit(actor, "visit.correct", "visit", camp_id=camp.id, entity_id=str(visit_id),
               before=before, after=_visit_dict(v), reason=reason)  # fmt: skip
        uow.commit()


def add_adjustment(
    engine: Engine,
    camp_code: str,
    team_name: str,
    points: object,
    reason: str,
    at_local: datetime | None = None,
    actor: str = "cli",
    now: datetime | None = None,
) -> int:
    """A manual adjustment: to the camp total always, to a period when its time falls in it.

    Points must be a finite number of at most 10⁹ either way, and the time may not be
    later than `now` (core.clock) plus a few minutes' grace.
    """
    reason = _require_reason(reason)
    try:
        hundredths = adjustment_points(points)
    except ValueError as exc:
        raise InputRejected([Problem.of(None, "POINTS", exc)]) from exc
    now = now or clock.now()
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        team = s.scalars(
            select(Team).where(Team.camp_id == camp.id, Team.name == team_name)
        ).one_or_none()
        if team is None:
            raise UsageError.coded("usage.unknown_team", team=team_name)
        cal = camp_calendar(camp)
        try:
            at = cal.to_utc(at_local) if at_local else utcnow()
        except (ValueError, OverflowError) as exc:
            problem = Problem.coded(None, "at", "time.invalid", value=str(at_local))
            raise InputRejected([problem]) from exc
        if future := _in_the_future(cal, at, now, None, "at"):
            raise InputRejected([future])
        adj = Adjustment(camp_id=camp.id, team_id=team.id, points=hundredths, reason=reason,
                         at=at, period_day=cal.period_of(at), entered_by=actor,
                         entered_at=utcnow())  # fmt: skip
        s.add(adj)
        s.flush()
        refresh_totals(s, camp, [team.id])
        uow.audit(actor, "adjustment.add", "adjustment", camp_id=camp.id, entity_id=str(adj.id),
               after={"team": team_name, "points": hundredths, "at": at.isoformat()},
               reason=reason)  # fmt: skip
        uow.commit()
        return adj.id


def set_frozen(engine: Engine, camp_code: str, at: datetime | None, actor: str = "cli") -> None:
    """Freeze the standings at `at` (records entered later are kept, not counted), or unfreeze."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        before = camp.frozen_at.isoformat() if camp.frozen_at else None
        camp.frozen_at = at
        s.flush()
        rederive_camp(s, camp)
        uow.audit(actor, "camp.freeze" if at else "camp.unfreeze", "camp", camp_id=camp.id,
               entity_id=camp.code, before={"frozen_at": before},
               after={"frozen_at": at.isoformat() if at else None})  # fmt: skip
        uow.commit()
