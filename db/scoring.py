"""The write side of scoring: replay loans, store derived points, keep running totals.

Derived numbers are a function of the facts: `rederive_loans` replays the counted
visits of some loans (core.scoring) and stores each visit's points, cash and
member shares; `refresh_totals` rebuilds the per-team, per-period totals the
standings read. A visit counts when it is not voided and, while the camp is
frozen, was entered no later than the freeze.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, time
from decimal import Decimal

from sqlalchemy import and_, bindparam, case, delete, func, insert, select, update
from sqlalchemy.orm import Session

from core.calendar import CampCalendar
from core.scoring import LoanStart, Rules, VisitFacts, member_shares, replay
from db.models import Adjustment, Camp, ScoringRule, Team, TeamTotal, Visit, VisitShare
from db.models import Loan as LoanRow

CHUNK = 500


def _t(text: str) -> time:
    return time.fromisoformat(text)


def camp_calendar(camp: Camp) -> CampCalendar:
    return CampCalendar(
        start_date=camp.start_date,
        days=camp.days,
        first_field_day=camp.first_field_day,
        cutoff=_t(camp.cutoff),
        final_cutoff=_t(camp.final_cutoff),
        timezone=camp.timezone,
        quiet_hours=(_t(camp.quiet_start), _t(camp.quiet_end)),
        night_shifts=tuple((_t(a), _t(b)) for a, b in camp.night_shifts),
    )


def camp_rules(s: Session, camp: Camp) -> Rules:
    rows = s.execute(
        select(ScoringRule.key, ScoringRule.value).where(ScoringRule.camp_id == camp.id)
    ).all()
    return Rules.from_mapping({k: Decimal(v) for k, v in rows})


def counted(camp: Camp, table=Visit):  # noqa: ANN001, ANN201
    """SQL condition: the visit counts in the standings."""
    cond = table.voided_at.is_(None)
    if camp.frozen_at is not None:
        cond = and_(cond, table.entered_at <= camp.frozen_at)
    return cond


def loan_start(loan: LoanRow) -> LoanStart:
    return LoanStart(
        principal_fen=loan.principal_fen,
        interest_fen=loan.interest_fen,
        written_off=loan.written_off,
        maturity_date=loan.maturity_date,
        last_payment_on=loan.last_payment_on,
        last_ack_on=loan.last_ack_on,
        sued_on=loan.sued_on,
    )


def visit_facts(v: Visit, team_name: str) -> VisitFacts:
    return VisitFacts(
        id=v.id,
        visited_at=v.visited_at,
        team=team_name,
        contact=v.contact,
        principal_fen=v.principal_fen,
        interest_fen=v.interest_fen,
        ack=v.ack,
        promise_date=v.promise_date,
        promise_amount_fen=v.promise_amount_fen,
        promise_method=v.promise_method,
        members=tuple(v.members),
        tiebreak=(v.fingerprint,),
    )


def team_names(s: Session, camp: Camp) -> dict[int, str]:
    return dict(s.execute(select(Team.id, Team.name).where(Team.camp_id == camp.id)).all())


def rederive_loans(s: Session, camp: Camp, loan_ids: Iterable[int]) -> set[int]:
    """Replay these loans' counted visits and store what each earned; returns touched teams."""
    loan_ids = sorted(set(loan_ids))
    if not loan_ids:
        return set()
    rules = camp_rules(s, camp)
    cal = camp_calendar(camp)
    names = team_names(s, camp)
    touched: set[int] = set()
    for i in range(0, len(loan_ids), CHUNK):
        chunk = loan_ids[i : i + CHUNK]
        loans = {loan.id: loan for loan in s.scalars(select(LoanRow).where(LoanRow.id.in_(chunk)))}
        visits = s.scalars(
            select(Visit).where(Visit.loan_id.in_(chunk)).order_by(Visit.loan_id, Visit.id)
        ).all()
        by_loan: dict[int, list[Visit]] = {}
        for v in visits:
            by_loan.setdefault(v.loan_id, []).append(v)
        visit_rows, share_rows = [], []
        frozen = camp.frozen_at
        for loan_id, vs in by_loan.items():
            live = [
                v for v in vs if v.voided_at is None and (frozen is None or v.entered_at <= frozen)
            ]
            scores = {
                sc.id: sc
                for sc in replay(
                    loan_start(loans[loan_id]),
                    [visit_facts(v, names[v.team_id]) for v in live],
                    rules,
                    cal.tz,
                )
            }
            for v in vs:
                touched.add(v.team_id)
                sc = scores.get(v.id)
                row = {
                    "b_id": v.id,
                    "period_day": cal.period_of(v.visited_at),
                    "points": sc.points if sc else 0,
                    "cash_principal_fen": sc.principal_fen if sc else 0,
                    "cash_interest_fen": sc.interest_fen if sc else 0,
                    "cash_written_off_fen": sc.written_off_fen if sc else 0,
                    "earned_settled": bool(sc and sc.settled),
                    "earned_ack": bool(sc and sc.first_ack),
                    "earned_ack_urgent": bool(sc and sc.ack_urgent),
                    "earned_promise": bool(sc and sc.promise),
                    "promise_complete": bool(sc and sc.promise_complete),
                    "limitation_before": str(sc.limitation_before) if sc else None,
                }
                visit_rows.append(row)
                if sc:
                    for member, (pts, cash) in member_shares(
                        sc.points, sc.cash_fen, tuple(v.members)
                    ).items():
                        share_rows.append(
                            {
                                "visit_id": v.id,
                                "camp_id": camp.id,
                                "team_id": v.team_id,
                                "member": member,
                                "period_day": row["period_day"],
                                "points": pts,
                                "cash_fen": cash,
                                "counted": True,
                            }
                        )
        conn = s.connection()
        if visit_rows:
            table = Visit.__table__
            conn.execute(
                update(table)
                .where(table.c.id == bindparam("b_id"))
                .values({k: bindparam(k) for k in visit_rows[0] if k != "b_id"}),
                visit_rows,
            )
            conn.execute(
                delete(VisitShare.__table__).where(
                    VisitShare.__table__.c.visit_id.in_([r["b_id"] for r in visit_rows])
                )
            )
        if share_rows:
            conn.execute(insert(VisitShare.__table__), share_rows)
    return touched


def refresh_totals(s: Session, camp: Camp, team_ids: Iterable[int] | None = None) -> None:
    """Rebuild the running totals of these teams (all when None), camp and each period."""
    teams = (
        sorted(set(team_ids))
        if team_ids is not None
        else list(s.scalars(select(Team.id).where(Team.camp_id == camp.id)))
    )
    if not teams:
        return
    s.flush()
    conn = s.connection()
    conn.execute(delete(TeamTotal.__table__).where(TeamTotal.__table__.c.team_id.in_(teams)))
    sums: dict[tuple[int, int], dict] = {}

    def slot(team_id: int, day: int) -> dict:
        return sums.setdefault(
            (team_id, day),
            {
                "camp_id": camp.id, "team_id": team_id, "day": day, "points": 0,
                "principal_fen": 0, "interest_fen": 0, "written_off_fen": 0, "settled": 0,
                "acks": 0, "promises": 0, "adjustments": 0, "reached_at": None,
            },
        )  # fmt: skip

    for team_id in teams:
        slot(team_id, 0)
    visit_sums = conn.execute(
        select(
            Visit.team_id,
            Visit.period_day,
            func.sum(Visit.points),
            func.sum(Visit.cash_principal_fen),
            func.sum(Visit.cash_interest_fen),
            func.sum(Visit.cash_written_off_fen),
            func.sum(case((Visit.earned_settled, 1), else_=0)),
            func.sum(case((Visit.earned_ack, 1), else_=0)),
            func.sum(case((Visit.earned_promise, 1), else_=0)),
            func.max(case((Visit.points != 0, Visit.visited_at), else_=None)),
        )
        .where(Visit.camp_id == camp.id, Visit.team_id.in_(teams), counted(camp))
        .group_by(Visit.team_id, Visit.period_day)
    ).all()
    for team_id, day, pts, pr, it, wo, st, ak, pm, last in visit_sums:
        for d in (0, day) if day else (0,):
            t = slot(team_id, d)
            t["points"] += int(pts or 0)
            t["principal_fen"] += int(pr or 0)
            t["interest_fen"] += int(it or 0)
            t["written_off_fen"] += int(wo or 0)
            t["settled"] += int(st or 0)
            t["acks"] += int(ak or 0)
            t["promises"] += int(pm or 0)
            t["reached_at"] = _later(t["reached_at"], _aware(last))
    adj_cond = Adjustment.voided_at.is_(None)
    if camp.frozen_at is not None:
        adj_cond = and_(adj_cond, Adjustment.entered_at <= camp.frozen_at)
    adj_sums = conn.execute(
        select(
            Adjustment.team_id,
            Adjustment.period_day,
            func.sum(Adjustment.points),
            func.max(case((Adjustment.points != 0, Adjustment.at), else_=None)),
        )
        .where(Adjustment.camp_id == camp.id, Adjustment.team_id.in_(teams), adj_cond)
        .group_by(Adjustment.team_id, Adjustment.period_day)
    ).all()
    for team_id, day, pts, last in adj_sums:
        for d in (0, day) if day else (0,):
            t = slot(team_id, d)
            t["points"] += int(pts or 0)
            t["adjustments"] += int(pts or 0)
            t["reached_at"] = _later(t["reached_at"], _aware(last))
    conn.execute(insert(TeamTotal.__table__), list(sums.values()))


def _aware(value):  # noqa: ANN001, ANN202
    """Aggregates bypass the column type on SQLite: make the UTC text an aware datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _later(a, b):  # noqa: ANN001, ANN202
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


def rederive_camp(s: Session, camp: Camp) -> None:
    """Re-derive every loan with visits and all totals (rules changed, freeze lifted)."""
    loan_ids = s.scalars(select(Visit.loan_id).where(Visit.camp_id == camp.id).distinct()).all()
    rederive_loans(s, camp, loan_ids)
    refresh_totals(s, camp)


__all__ = [
    "camp_calendar",
    "camp_rules",
    "counted",
    "rederive_camp",
    "rederive_loans",
    "refresh_totals",
]
