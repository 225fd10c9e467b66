"""The read side of verified cash (SPEC §5.6): the reconciliation of each counted visit's
claimed money with the core system's repayment records, and the verified standings.

The matching itself is core.reconcile's (plain Python); this module reads the facts and
replays the loans whose claims are not verified in full with each visit's principal and
interest capped at their verified share (core.scoring's one replay).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import Connection, Engine, and_, func, select
from sqlalchemy.orm import Session

from core.calendar import CampCalendar
from core.masking import mask_name
from core.money import format_yuan, round_half_up
from core.reconcile import (
    DEFAULT_WINDOW_DAYS,
    BranchClaim,
    Claim,
    ClaimResult,
    Paid,
    Reconciliation,
    TeamCheck,
    double_branch_claims,
    open_claims,
    reconcile,
    reconcile_doc,
    team_checks,
)
from core.records import PAID_AT_BRANCH, Problem, VisitRecord
from core.scoring import VisitFacts, member_shares, replay
from core.standings import Entry, rank
from db.models import Adjustment, Camp, Member, Repayment, ScoringRule, Team, Visit
from db.models import Loan as LoanRow
from db.queries import UnknownDay
from db.scoring import (
    camp_calendar,
    camp_rules,
    counted,
    kept_move,
    loan_start,
    visit_facts,
)

#: The camp file's [scoring] key of the reconciliation window (SPEC §5.6).
WINDOW_KEY = "reconcile_days"


def _camp(conn: Connection, camp_code: str) -> Camp:
    camp = conn.execute(select(Camp).where(Camp.code == camp_code)).first()
    if camp is None:
        raise LookupError(camp_code)
    return camp  # type: ignore[return-value]


def window_days(conn: Connection, camp: Camp) -> int:
    """The camp's `reconcile_days` (camp file [scoring]), default 3."""
    value = conn.execute(
        select(ScoringRule.value).where(
            ScoringRule.camp_id == camp.id, ScoringRule.key == WINDOW_KEY
        )
    ).scalar()
    if value is None:
        return DEFAULT_WINDOW_DAYS
    try:
        return max(0, int(Decimal(str(value))))
    except (ArithmeticError, ValueError):
        return DEFAULT_WINDOW_DAYS


def has_repayments(bind: Engine | Connection, camp_code: str) -> bool:
    """Whether any repayment record was imported for the camp (the verified column shows)."""
    return repayment_count(bind, camp_code) > 0


@dataclass(frozen=True)
class CampReconciliation:
    camp: str
    result: Reconciliation
    window_days: int
    has_records: bool
    local_times: dict[int, str]  # visit id → camp local ISO time
    borrowers: dict[int, str]  # visit id → borrower's name, masked
    teams: tuple[str, ...]
    #: 到行还款 claims of the same amount on one loan and day by two teams (SPEC §5.6).
    doubles: tuple[tuple[BranchClaim, BranchClaim], ...] = ()

    def warnings(self) -> list[Problem]:
        return [_double_warning(new, other) for new, other in self.doubles]

    def doc(self) -> dict[str, object]:
        return reconcile_doc(self.camp, self.result, self.local_times)

    def team_checks(self) -> list[TeamCheck]:
        return team_checks(self.result, self.teams)

    def open_claims(self) -> list[ClaimResult]:
        return open_claims(self.result)


def _reconcile(conn: Connection, camp: Camp, cal: CampCalendar) -> CampReconciliation:
    teams = dict(
        conn.execute(
            select(Team.id, Team.name).where(Team.camp_id == camp.id).order_by(Team.position)
        ).all()
    )
    visits = conn.execute(
        select(
            Visit.id,
            Visit.visited_at,
            Visit.team_id,
            Visit.principal_fen,
            Visit.interest_fen,
            Visit.contact,
            LoanRow.loan_no,
            LoanRow.borrower,
        )
        .join(LoanRow, LoanRow.id == Visit.loan_id)
        .where(
            Visit.camp_id == camp.id,
            counted(camp),
            (Visit.principal_fen + Visit.interest_fen) > 0,
        )
    ).all()
    claims, local, borrowers = [], {}, {}
    branch: list[BranchClaim] = []
    for v in sorted(visits, key=lambda v: (_aware(v.visited_at), v.id)):
        at = _aware(v.visited_at)
        here = cal.local(at)
        claims.append(
            Claim(
                visit_id=v.id,
                visited_at=at,
                day=here.date(),
                team=teams.get(v.team_id, ""),
                loan_no=v.loan_no,
                principal_fen=v.principal_fen,
                interest_fen=v.interest_fen,
            )
        )
        local[v.id] = here.isoformat()
        borrowers[v.id] = mask_name(v.borrower)
        if v.contact == PAID_AT_BRANCH:
            amount = v.principal_fen + v.interest_fen
            branch.append(BranchClaim(v.id, claims[-1].team, v.loan_no, here.date(), amount))
    records = [
        Paid(r.id, r.loan_no, r.paid_on, r.principal_fen, r.interest_fen)
        for r in conn.execute(
            select(
                Repayment.id,
                LoanRow.loan_no,
                Repayment.paid_on,
                Repayment.principal_fen,
                Repayment.interest_fen,
            )
            .join(LoanRow, LoanRow.id == Repayment.loan_id)
            .where(Repayment.camp_id == camp.id)
        )
    ]
    days = window_days(conn, camp)
    return CampReconciliation(
        camp=camp.code,
        result=reconcile(claims, records, days),
        window_days=days,
        has_records=bool(records),
        local_times=local,
        borrowers=borrowers,
        teams=tuple(teams.values()),
        doubles=tuple(double_branch_claims(branch)),
    )


def camp_reconciliation(bind: Engine | Connection, camp_code: str) -> CampReconciliation:
    """Each counted visit's claim against the records (SPEC §5.6); LookupError for an
    unknown camp."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return camp_reconciliation(conn, camp_code)
    camp = _camp(bind, camp_code)
    return _reconcile(bind, camp, camp_calendar(camp))


# ----------------------------------------------------------------------------- standings

_SUMS = ("points", "principal_fen", "interest_fen", "written_off_fen", "settled", "acks",
         "promises")  # fmt: skip


def _aware(value):  # noqa: ANN001, ANN202
    """SQLite hands back naive UTC (or its text) from some reads: an aware UTC datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _verified_visits(
    conn: Connection, camp: Camp, cal: CampCalendar, rec: CampReconciliation
) -> list[tuple[Visit, tuple[int, ...], tuple[int, int | None]]]:
    """Each counted visit with what it earns as verified: (points, principal, interest,
    written-off, settled, ack, promise), and the promise_kept points of them that land in
    another period (db.scoring.kept_move). Loans whose claims are all verified keep their
    stored values; the others are replayed with the claims capped."""
    caps = {
        r.claim.visit_id: (r.verified_principal_fen, r.verified_interest_fen)
        for r in rec.result.visits
        if r.verified_fen < r.claim.amount_fen
    }
    session = Session(bind=conn)
    visits = list(session.scalars(select(Visit).where(Visit.camp_id == camp.id, counted(camp))))
    replayed: dict[int, tuple] = {}
    kept: dict[int, tuple[int, int | None]] = {}
    capped_loans = {v.loan_id for v in visits if v.id in caps}
    if capped_loans:
        rules = camp_rules(session, camp)
        names = dict(conn.execute(select(Team.id, Team.name).where(Team.camp_id == camp.id)).all())
        loans = {
            loan.id: loan
            for loan in session.scalars(select(LoanRow).where(LoanRow.id.in_(sorted(capped_loans))))
        }
        by_loan: dict[int, list[Visit]] = {}
        for v in visits:
            if v.loan_id in capped_loans:
                by_loan.setdefault(v.loan_id, []).append(v)
        for loan_id, vs in by_loan.items():
            facts = []
            for v in vs:
                fact = visit_facts(v, names[v.team_id])
                if v.id in caps:
                    p, i = caps[v.id]
                    fact = _with_money(fact, p, i)
                facts.append(fact)
            days = {v.id: v.period_day for v in vs}
            for sc in replay(loan_start(loans[loan_id]), facts, rules, cal.tz):
                replayed[sc.id] = (
                    sc.points, sc.principal_fen, sc.interest_fen, sc.written_off_fen,
                    int(sc.settled), int(sc.first_ack), int(sc.promise),
                )  # fmt: skip
                kept[sc.id] = kept_move(sc, days[sc.id], cal)
    return [
        (v, replayed.get(v.id) or (
            v.points, v.cash_principal_fen, v.cash_interest_fen, v.cash_written_off_fen,
            int(v.earned_settled), int(v.earned_ack), int(v.earned_promise),
        ), kept.get(v.id) or (v.kept_points or 0, v.kept_day))
        for v in visits
    ]  # fmt: skip


def _verified_sums(
    conn: Connection, camp: Camp, cal: CampCalendar, rec: CampReconciliation
) -> dict[tuple[int, int], dict]:
    """Per (team id, day; 0 = the camp): the sums of the counted visits as verified, and
    when the team reached its points (its last visit that earned any)."""
    sums: dict[tuple[int, int], dict] = {}

    def slot(team_id: int, day: int) -> dict:
        return sums.setdefault((team_id, day), {**dict.fromkeys(_SUMS, 0), "reached_at": None})

    for v, values, (kept_points, kept_day) in _verified_visits(conn, camp, cal, rec):
        for d in (0, v.period_day) if v.period_day else (0,):
            t = slot(v.team_id, d)
            for name, value in zip(_SUMS, values, strict=True):
                t[name] += int(value)
            if values[0]:
                t["reached_at"] = _later(t["reached_at"], _aware(v.visited_at))
        if kept_points and kept_day and v.period_day:  # in the paying visit's period
            slot(v.team_id, v.period_day)["points"] -= kept_points
            slot(v.team_id, kept_day)["points"] += kept_points
    cond = Adjustment.voided_at.is_(None)
    if camp.frozen_at is not None:
        cond = and_(cond, Adjustment.entered_at <= camp.frozen_at)
    for team_id, day, pts, last in conn.execute(
        select(
            Adjustment.team_id,
            Adjustment.period_day,
            func.sum(Adjustment.points),
            func.max(Adjustment.at),
        )
        .where(Adjustment.camp_id == camp.id, cond, Adjustment.points != 0)
        .group_by(Adjustment.team_id, Adjustment.period_day)
    ):
        for d in (0, day) if day else (0,):
            t = slot(team_id, d)
            t["points"] += int(pts or 0)
            t["adjustments"] = t.get("adjustments", 0) + int(pts or 0)
            t["reached_at"] = _later(t["reached_at"], _aware(last))
    return sums


def _with_money(fact: VisitFacts, principal: int, interest: int) -> VisitFacts:
    return replace(fact, principal_fen=principal, interest_fen=interest)


def _later(a, b):  # noqa: ANN001, ANN202
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def verified_standings(bind: Engine | Connection, camp_code: str, day: int | None = None) -> dict:
    """The standings (SPEC §5.5) replayed with each visit's principal and interest capped at
    their verified share (§5.6); each team's `verified_cash_fen` is its cash here. Before any
    record is imported every claim is 未到账 and the cash is 0. LookupError / UnknownDay as
    db.queries.standings."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return verified_standings(conn, camp_code, day)
    camp = _camp(bind, camp_code)
    cal = camp_calendar(camp)
    if day is not None and not cal.is_field_day(day):
        raise UnknownDay(day)
    rec = _reconcile(bind, camp, cal)
    sums = _verified_sums(bind, camp, cal, rec)
    field_days = len(cal.field_days)
    entries = []
    for team_id, name, target in bind.execute(
        select(Team.id, Team.name, Team.target_fen).where(Team.camp_id == camp.id)
    ):
        t = sums.get((team_id, day or 0)) or {**dict.fromkeys(_SUMS, 0), "reached_at": None}
        if day is not None:
            target = int(round_half_up(Decimal(target) / field_days, "1"))
        cash = t["principal_fen"] + t["interest_fen"] + t["written_off_fen"]
        entries.append(
            Entry(
                name=name,
                points=t["points"],
                cash_fen=cash,
                reached_at=t["reached_at"],
                extra={
                    "principal_fen": t["principal_fen"],
                    "interest_fen": t["interest_fen"],
                    "written_off_fen": t["written_off_fen"],
                    "settled": t["settled"],
                    "acks": t["acks"],
                    "promises": t["promises"],
                    "adjustments": t.get("adjustments", 0),
                    "target_fen": target,
                    "verified_cash_fen": cash,
                },
            )
        )
    return {"camp": camp_code, "period": _period_doc(cal, day), "teams": rank(entries)}


def verified_member_standings(
    bind: Engine | Connection, camp_code: str, day: int | None = None
) -> dict:
    """The members' standings (db.queries.member_standings) from the verified replay: each
    member's equal share of each counted visit's verified points and cash."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return verified_member_standings(conn, camp_code, day)
    camp = _camp(bind, camp_code)
    cal = camp_calendar(camp)
    if day is not None and not cal.is_field_day(day):
        raise UnknownDay(day)
    sums: dict[str, list[int]] = {}
    for v, values, _kept in _verified_visits(bind, camp, cal, _reconcile(bind, camp, cal)):
        if day is not None and v.period_day != day:
            continue
        cash = values[1] + values[2] + values[3]
        for member, (pts, fen) in member_shares(values[0], cash, tuple(v.members)).items():
            acc = sums.setdefault(member, [0, 0])
            acc[0] += pts
            acc[1] += fen
    roster = bind.execute(
        select(Member.name, Team.name)
        .join(Team, Team.id == Member.team_id)
        .where(Member.camp_id == camp.id)
    ).all()
    entries = [
        Entry(name=name, points=sums.get(name, [0, 0])[0], cash_fen=sums.get(name, [0, 0])[1],
              extra={"team": team})
        for name, team in roster
    ]  # fmt: skip
    return {
        "camp": camp_code,
        "period": _period_doc(cal, day),
        "members": rank(entries, use_reached=False),
    }


def _period_doc(cal: CampCalendar, day: int | None) -> dict | None:
    if day is None:
        return None
    start, end = cal.period_bounds(day)
    return {"day": day, "start": cal.local(start).isoformat(), "end": cal.local(end).isoformat()}


def with_verified_cash(bind: Engine | Connection, table: dict, day: int | None = None) -> dict:
    """The plain standings `table` with each team's `verified_cash_fen` (None before any
    repayment record is imported): the cash the verified replay credits it with."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return with_verified_cash(conn, table, day)
    code = table["camp"]
    verified: dict[str, int] | None = None
    if has_repayments(bind, code):
        verified = {e.name: e.cash_fen for _, e in verified_standings(bind, code, day)["teams"]}
    teams = []
    for position, e in table["teams"]:
        cash = None if verified is None else verified.get(e.name)
        extra = {**e.extra, "verified_cash_fen": cash}
        teams.append((position, Entry(e.name, e.points, e.cash_fen, e.reached_at, extra)))
    return {**table, "teams": teams}


def masked_claims(rec: CampReconciliation) -> list[dict[str, object]]:
    """The claims not verified in full, for the reconciliation view: masked borrower."""
    return [
        {
            "visit_id": r.claim.visit_id,
            "visited_at": rec.local_times.get(r.claim.visit_id, ""),
            "team": r.claim.team,
            "loan_no": r.claim.loan_no,
            "borrower": rec.borrowers.get(r.claim.visit_id, ""),
            "claimed_fen": r.claim.amount_fen,
            "verified_fen": r.verified_fen,
            "status": r.status,
        }
        for r in rec.open_claims()
    ]


def repayment_count(bind: Engine | Connection, camp_code: str) -> int:
    """How many repayment records the camp holds."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return repayment_count(conn, camp_code)
    return int(
        bind.execute(
            select(func.count(Repayment.id))
            .join(Camp, Camp.id == Repayment.camp_id)
            .where(Camp.code == camp_code)
        ).scalar()
        or 0
    )


def awards_verified(bind: Engine | Connection, camp_code: str) -> bool:
    """Whether the camp's final ceremony reads the verified standings."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return awards_verified(conn, camp_code)
    return bool(bind.execute(select(Camp.awards_verified).where(Camp.code == camp_code)).scalar())


def _double_warning(new: BranchClaim, other: BranchClaim, row: int | None = None) -> Problem:
    return Problem.coded(
        row,
        None,
        "warn.double_branch_claim",
        team=new.team,
        other=other.team,
        loan_no=new.loan_no,
        amount=format_yuan(new.amount_fen),
    )


def branch_claim_warnings(
    s: Session, camp: Camp, new: list[tuple[VisitRecord, int]]
) -> list[Problem]:
    """Warnings for new 到行还款 rows (with their loan ids) whose amount another team already
    claims on the same loan and day, stored or earlier in the batch (SPEC §5.6)."""
    mine = [(r, loan_id) for r, loan_id in new if r.contact == PAID_AT_BRANCH]
    if not mine:
        return []
    cal = camp_calendar(camp)
    loan_ids = sorted({loan_id for _, loan_id in mine})
    names = dict(s.execute(select(Team.id, Team.name).where(Team.camp_id == camp.id)).all())
    numbers = dict(
        s.execute(select(LoanRow.id, LoanRow.loan_no).where(LoanRow.id.in_(loan_ids))).all()
    )
    stored = [
        BranchClaim(
            v.id,
            names.get(v.team_id, ""),
            numbers[v.loan_id],
            cal.local(_aware(v.visited_at)).date(),
            v.principal_fen + v.interest_fen,
        )
        for v in s.execute(
            select(Visit.id, Visit.team_id, Visit.loan_id, Visit.visited_at, Visit.principal_fen,
                   Visit.interest_fen)
            .where(Visit.loan_id.in_(loan_ids), Visit.contact == PAID_AT_BRANCH,
                   Visit.voided_at.is_(None))
        )
    ]  # fmt: skip
    fresh = [
        BranchClaim(r.row, r.team, r.loan_no, r.visited_at.date(), r.principal_fen + r.interest_fen)
        for r, _ in sorted(mine, key=lambda item: item[0].visited_at)
    ]
    return [
        _double_warning(c, other, row=int(c.key))
        for c, other in double_branch_claims(fresh, stored)
    ]
