"""The write side of scoring: replay loans, store derived points, keep running totals.

Derived numbers are a function of the facts: `rederive_loans` replays the counted
visits of some loans (core.scoring) and stores each visit's points, cash and
member shares; `refresh_totals` rebuilds the per-team, per-period totals the
standings read. A visit counts when it is not voided and, while the camp is
frozen, was entered no later than the freeze.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from sqlalchemy import and_, bindparam, case, delete, func, insert, select, update
from sqlalchemy.orm import Session

from core.calendar import CampCalendar
from core.scoring import (
    INCOMPLETE_PROMISE,
    REPLAY_WARNINGS,
    LoanStart,
    Rules,
    VisitFacts,
    member_shares,
    replay,
)
from db.models import (
    Adjustment,
    Camp,
    Member,
    MemberTotal,
    ScoringRule,
    Team,
    TeamTotal,
    Visit,
    VisitShare,
)
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
    return Rules.from_mapping(dict(rows))


# --- the counted visit: one rule, its Python form and its SQL twin side by side ------------


def is_counted(
    voided_at: datetime | None, entered_at: datetime, frozen_at: datetime | None
) -> bool:
    """A visit counts in the standings when it is not voided and, while the camp is frozen,
    was entered no later than the freeze (SPEC §4.7). `counted` is its SQL twin."""
    return voided_at is None and (frozen_at is None or entered_at <= frozen_at)


def counted(camp: Camp, table=Visit):  # noqa: ANN001, ANN201
    """SQL condition: the visit counts in the standings — `is_counted` as SQL."""
    cond = table.voided_at.is_(None)
    if camp.frozen_at is not None:
        cond = and_(cond, table.entered_at <= camp.frozen_at)
    return cond


def visit_counts(camp: Camp, v: Visit) -> bool:
    """Whether a stored visit counts in the camp's standings (`is_counted` of its row)."""
    return is_counted(v.voided_at, v.entered_at, camp.frozen_at)


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


_TOTAL_FIELDS = ("points", "principal_fen", "interest_fen", "written_off_fen", "settled", "acks",
                 "promises")  # fmt: skip


@dataclass
class TotalsDelta:
    """What a re-derivation changed in the running totals, per (team, day); day 0 = camp."""

    sums: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    member_sums: dict[tuple[str, int], list[int]] = field(default_factory=dict)
    gained: dict[tuple[int, int], datetime] = field(default_factory=dict)
    lost: set[tuple[int, int]] = field(default_factory=set)

    def add_share(self, member: str, day: int | None, points: int, cash: int, sign: int) -> None:
        for d in {0, day or 0}:
            acc = self.member_sums.setdefault((member, d), [0, 0])
            acc[0] += sign * points
            acc[1] += sign * cash

    def move(self, team_id: int, from_day: int | None, to_day: int | None, points: int) -> None:
        """`points` of a visit of `from_day` counted in `to_day` instead (day rows only)."""
        if not points or not from_day or not to_day:
            return
        self.sums.setdefault((team_id, from_day), [0] * len(_TOTAL_FIELDS))[0] -= points
        self.sums.setdefault((team_id, to_day), [0] * len(_TOTAL_FIELDS))[0] += points

    def add(self, team_id: int, day: int | None, values: list[int], sign: int) -> None:
        for d in {0, day or 0}:
            acc = self.sums.setdefault((team_id, d), [0] * len(_TOTAL_FIELDS))
            for i, v in enumerate(values):
                acc[i] += sign * v


def _total_values(
    points: int, pr: int, it: int, wo: int, st: bool, ak: bool, pm: bool
) -> list[int]:
    return [points, pr, it, wo, int(st), int(ak), int(pm)]


def rederive_loans(
    s: Session, camp: Camp, loan_ids: Iterable[int], delta: TotalsDelta | None = None
) -> set[int]:
    """Replay these loans' counted visits and store what each earned; returns touched teams.

    With `delta`, also collects how the running totals move, for `apply_delta`.
    """
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
        for loan_id, vs in by_loan.items():
            live = [v for v in vs if visit_counts(camp, v)]
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
                day = cal.period_of(v.visited_at)
                kept = kept_move(sc, day, cal)
                if delta is not None:
                    _collect(delta, v, sc, day, kept)
                row = {
                    "b_id": v.id,
                    "period_day": day,
                    "kept_points": kept[0],
                    "kept_day": kept[1],
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
                    # the row's own warnings, and the replay's as it stands now
                    "warnings": [w for w in (v.warnings or ()) if w not in REPLAY_WARNINGS]
                    + [w for w in (sc.warnings if sc else ()) if w != INCOMPLETE_PROMISE]
                    + ([INCOMPLETE_PROMISE] if INCOMPLETE_PROMISE in (v.warnings or ()) else []),
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
            ids = [r["b_id"] for r in visit_rows]
            shares = VisitShare.__table__
            if delta is not None:  # the old shares leave the members' running totals
                for member, day, pts, cash in conn.execute(
                    select(shares.c.member, shares.c.period_day, shares.c.points,
                           shares.c.cash_fen).where(shares.c.visit_id.in_(ids))
                ):  # fmt: skip
                    delta.add_share(member, day, pts, cash, -1)
            conn.execute(delete(shares).where(shares.c.visit_id.in_(ids)))
        if share_rows:
            conn.execute(insert(VisitShare.__table__), share_rows)
            if delta is not None:
                for r in share_rows:
                    delta.add_share(r["member"], r["period_day"], r["points"], r["cash_fen"], +1)
    return touched


def kept_move(sc, day: int | None, cal: CampCalendar) -> tuple[int, int | None]:  # noqa: ANN001
    """(points, period) of a promise visit's promise_kept points that another team's payment
    earned in another period (SPEC §4.7: in that payment's period); (0, None) if none."""
    if sc is None or not sc.kept_moved or sc.kept_at is None:
        return 0, None
    kept_day = cal.period_of(sc.kept_at)
    if kept_day == day or kept_day is None or day is None:
        return 0, None
    return sc.kept_moved, kept_day


def _collect(
    delta: TotalsDelta,
    v: Visit,
    sc,
    new_day: int | None,
    kept: tuple[int, int | None],  # noqa: ANN001
) -> None:
    old_kept = (v.kept_points or 0, v.kept_day)
    if old_kept != kept:  # kept points move between two day rows; the camp's row keeps them
        delta.move(v.team_id, v.period_day, old_kept[1], -old_kept[0])
        delta.move(v.team_id, new_day, kept[1], kept[0])
        for key in {(v.team_id, old_kept[1] or 0), (v.team_id, kept[1] or 0)} - {(v.team_id, 0)}:
            delta.lost.add(key)
    old = _total_values(
        v.points,
        v.cash_principal_fen,
        v.cash_interest_fen,
        v.cash_written_off_fen,
        v.earned_settled,
        v.earned_ack,
        v.earned_promise,
    )
    new = (
        _total_values(sc.points, sc.principal_fen, sc.interest_fen, sc.written_off_fen,
                      sc.settled, sc.first_ack, sc.promise)
        if sc else [0] * len(_TOTAL_FIELDS)
    )  # fmt: skip
    if old == new and v.period_day == new_day:
        return
    delta.add(v.team_id, v.period_day, old, -1)
    delta.add(v.team_id, new_day, new, +1)
    if v.points and (not new[0] or v.period_day != new_day):
        delta.lost |= {(v.team_id, 0), (v.team_id, v.period_day or 0)}
    if new[0]:
        for key in {(v.team_id, 0), (v.team_id, new_day or 0)}:
            if key not in delta.gained or delta.gained[key] < v.visited_at:
                delta.gained[key] = v.visited_at


def apply_delta(s: Session, camp: Camp, delta: TotalsDelta) -> None:
    """Move the running totals by a re-derivation's delta: a few rows, whatever the camp's size."""
    _apply_member_delta(s, camp, delta)
    if not delta.sums:
        return
    s.flush()
    conn = s.connection()
    table = TeamTotal.__table__
    teams = sorted({t for t, _ in delta.sums})
    existing = {
        (r.team_id, r.day): r for r in conn.execute(select(table).where(table.c.team_id.in_(teams)))
    }
    for key, values in delta.sums.items():
        team_id, day = key
        row = existing.get(key)
        reached = _aware(row.reached_at) if row is not None else None
        if key in delta.lost:
            reached = _reached(s, camp, team_id, day)
        elif key in delta.gained:
            reached = _later(reached, delta.gained[key])
        if row is None:
            conn.execute(
                insert(table).values(
                    camp_id=camp.id,
                    team_id=team_id,
                    day=day,
                    adjustments=0,
                    reached_at=reached,
                    **dict(zip(_TOTAL_FIELDS, values, strict=True)),
                )
            )
        else:
            changes = {f: getattr(row, f) + v for f, v in zip(_TOTAL_FIELDS, values, strict=True)}
            conn.execute(
                update(table).where(table.c.id == row.id).values(reached_at=reached, **changes)
            )


def _apply_member_delta(s: Session, camp: Camp, delta: TotalsDelta) -> None:
    changed = {k: v for k, v in delta.member_sums.items() if v != [0, 0]}
    if not changed:
        return
    s.flush()
    conn = s.connection()
    table = MemberTotal.__table__
    existing = {
        (r.member, r.day): r
        for r in conn.execute(
            select(table.c.id, table.c.member, table.c.day, table.c.points, table.c.cash_fen).where(
                table.c.camp_id == camp.id, table.c.member.in_(sorted({m for m, _ in changed}))
            )
        )
    }
    for (member, day), (points, cash) in changed.items():
        row = existing.get((member, day))
        if row is None:
            conn.execute(insert(table).values(camp_id=camp.id, member=member, day=day,
                                              points=points, cash_fen=cash))  # fmt: skip
        else:
            conn.execute(
                update(table)
                .where(table.c.id == row.id)
                .values(points=row.points + points, cash_fen=row.cash_fen + cash)
            )


def refresh_member_totals(s: Session, camp: Camp, members: Iterable[str] | None = None) -> None:
    """Recount members' running totals from their shares (all the camp's when None)."""
    s.flush()
    conn = s.connection()
    table, shares = MemberTotal.__table__, VisitShare.__table__
    scope = [table.c.camp_id == camp.id]
    share_scope = [shares.c.camp_id == camp.id, shares.c.counted]
    if members is not None:
        members = sorted(set(members))
        if not members:
            return
        scope.append(table.c.member.in_(members))
        share_scope.append(shares.c.member.in_(members))
    conn.execute(delete(table).where(*scope))
    sums: dict[tuple[str, int], list[int]] = {}
    for member, day, pts, cash in conn.execute(
        select(shares.c.member, shares.c.period_day, func.sum(shares.c.points),
               func.sum(shares.c.cash_fen))
        .where(*share_scope)
        .group_by(shares.c.member, shares.c.period_day)
    ):  # fmt: skip
        for d in {0, day or 0}:
            acc = sums.setdefault((member, d), [0, 0])
            acc[0] += int(pts or 0)
            acc[1] += int(cash or 0)
    if sums:
        conn.execute(
            insert(table),
            [{"camp_id": camp.id, "member": m, "day": d, "points": p, "cash_fen": c}
             for (m, d), (p, c) in sums.items()],
        )  # fmt: skip


def _reached(s: Session, camp: Camp, team_id: int, day: int):  # noqa: ANN202
    """When the team reached its total: its last record that changed its points."""
    v_cond = [Visit.team_id == team_id, Visit.points != 0, counted(camp)]
    a_cond = [Adjustment.team_id == team_id, Adjustment.points != 0, Adjustment.voided_at.is_(None)]
    if day:
        v_cond.append(Visit.period_day == day)
        a_cond.append(Adjustment.period_day == day)
    if camp.frozen_at is not None:
        a_cond.append(Adjustment.entered_at <= camp.frozen_at)
    last_visit = s.scalar(select(func.max(Visit.visited_at)).where(*v_cond))
    last_adj = s.scalar(select(func.max(Adjustment.at)).where(*a_cond))
    return _later(_aware(last_visit), _aware(last_adj))


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
    if team_ids is None:
        refresh_member_totals(s, camp)
    else:
        shares = VisitShare.__table__
        refresh_member_totals(
            s,
            camp,
            set(conn.scalars(select(shares.c.member).where(shares.c.team_id.in_(teams)).distinct()))
            | set(conn.scalars(select(Member.name).where(Member.team_id.in_(teams)))),
        )
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
    # promise_kept points another team's payment earned: in that payment's period (§4.7)
    for team_id, day, kept_day, pts in conn.execute(
        select(Visit.team_id, Visit.period_day, Visit.kept_day, func.sum(Visit.kept_points))
        .where(Visit.camp_id == camp.id, Visit.team_id.in_(teams), counted(camp),
               Visit.kept_points != 0, Visit.kept_day.is_not(None))
        .group_by(Visit.team_id, Visit.period_day, Visit.kept_day)
    ):  # fmt: skip
        if day:
            slot(team_id, day)["points"] -= int(pts or 0)
        slot(team_id, kept_day)["points"] += int(pts or 0)
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
    "is_counted",
    "visit_counts",
    "rederive_camp",
    "rederive_loans",
    "refresh_totals",
]
