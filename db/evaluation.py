"""Read side of the camp's evaluation on /postloan (SPEC §4.9): gathered for core.evaluation.

Every figure comes from a handful of queries whatever the camp's size: cash as SQL
sums grouped by the loans' segment, township, customer type and listed days overdue;
lists and migration as grouped joins of two imports' snapshots; promises, payments
and tactic visits as narrow rows that core.evaluation windows with bisects. The
definitions are in core/evaluation.py; the choices of the store are:

- Counted visits are those the standings count (db.scoring.counted: not voided, not
  entered after the freeze); their cash is the replay's (cash_* columns).
- Follow-ups (the `followups` table) are all after the close; their payment is
  principal + interest as recorded.
- Limitations saved: db.queries.summary.saved_limitations over the whole camp as one period
  (from the camp window's start to its final cut-off), handed the counted visits of
  the loans with a visit that restarted the clock (money, or the borrower's signature)
  while the limitation was expired or urgent — no other loan can have been saved.
- Lists: "before" is the first loan list imported (the lowest import id); "after" is
  the latest list (by its date, then import) other than the first whose date (as_of)
  is after the camp's start date. Both are read for the loans of the camp's scope
  (db.queries.setup.scope_clause on the loans' listed figures, as /research and /setup read
  it), matched by loan number; a loan only the later list has is not the camp's.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    String,
    Text,
    and_,
    case,
    cast,
    func,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.orm import aliased

from core import evaluation as ev
from core.errors import UsageError
from core.scope import clean_scope
from core.scoring import BORROWER_ACK_CONTACTS
from core.standings import cash_fen
from db.models import Camp, FollowUp, LoanImport, LoanSnapshot, Visit, aware_utc
from db.models import Loan as LoanRow
from db.queries import version_key
from db.queries.setup import scope_clause
from db.queries.summary import SAVED_FROM, saved_limitations
from db.scoring import camp_calendar, counted


def _camp(conn: Connection, code: str):  # noqa: ANN202
    camp = conn.execute(select(Camp).where(Camp.code == code)).first()
    if camp is None:
        raise UsageError.coded("usage.unknown_camp", code=code)
    return camp


def evaluation_version(bind: Engine | Connection, code: str) -> tuple:
    """A cache key of the evaluation: the camp's version key (db.queries.version_key) and
    its follow-ups' count and latest id (a follow-up counts even if its writer did not
    bump the version)."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return evaluation_version(conn, code)
    camp = _camp(bind, code)
    count, last = bind.execute(
        select(func.count(FollowUp.id), func.max(FollowUp.id)).where(FollowUp.camp_id == camp.id)
    ).one()
    return (*version_key(camp), int(count or 0), int(last or 0))


def evaluation(bind: Engine | Connection, code: str, today: date) -> ev.Evaluation:
    """The camp's evaluation at camp local date `today` (module docstrings)."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return evaluation(conn, code, today)
    conn = bind
    camp = _camp(conn, code)
    cal = camp_calendar(camp)
    before_list, after_list = _lists(conn, camp)
    scope = clean_scope(camp.scope or {})
    book = _payments(conn, camp)
    return ev.evaluate(
        code=camp.code,
        name=camp.name,
        today=today,
        tz=cal.tz,
        closed_on=camp.closed_on,
        cost_fen=camp.cost_fen,
        cash_cells=_cash_cells(conn, camp),
        payments=book,
        promises=_promises(conn, camp, today),
        saved=_saved_balances(conn, camp, cal),
        before_list=before_list,
        before_cells=_listed_cells(conn, camp, scope, before_list),
        after_list=after_list,
        after_cells=_listed_cells(conn, camp, scope, after_list),
        migration_cells=_migration_cells(conn, camp, scope, before_list, after_list),
        tactic_cells=ev.tactic_cells(_tactic_visits(conn, camp), book),
    )


def _moment(column):  # noqa: ANN001, ANN202
    """A UTC time column read as stored, made aware by db.scoring._aware: for hundreds of
    thousands of rows a third faster than the column type's own conversion."""
    return type_coerce(column, String)


def _rows(conn: Connection, stmt) -> Iterator[Any]:  # noqa: ANN001
    """A large result in batches: one driver call per 10,000 rows, not one per row."""
    for batch in conn.execute(stmt).partitions(10_000):
        yield from batch


def _live(conn: Connection, camp):  # noqa: ANN001, ANN202
    """SQL: the camp's counted visits.

    On SQLite the visits are read straight through the table: one camp holds most of a
    store's visits, and its (camp_id, team_id) index would reach them in team order, a
    random read per row — five times slower at 1,000,000 visits.
    """
    camp_id = Visit.camp_id + 0 if conn.dialect.name == "sqlite" else Visit.camp_id
    return and_(camp_id == camp.id, counted(camp))


# ----------------------------------------------------------------------------- cash

_GROUP = (LoanRow.segment, LoanRow.township, LoanRow.customer_type, LoanRow.days_overdue)


def _cash_cells(conn: Connection, camp) -> list[ev.CashCell]:  # noqa: ANN001
    sums: dict[tuple, list[int]] = {}
    cash = cash_fen(Visit.cash_principal_fen, Visit.cash_interest_fen, Visit.cash_written_off_fen)
    for *key, pr, it, wo in conn.execute(
        select(*_GROUP, func.sum(Visit.cash_principal_fen), func.sum(Visit.cash_interest_fen),
               func.sum(Visit.cash_written_off_fen))
        .join(LoanRow, LoanRow.id == Visit.loan_id)
        .where(_live(conn, camp), cash > 0)
        .group_by(*_GROUP)
    ):  # fmt: skip
        sums[tuple(key)] = [int(pr or 0), int(it or 0), int(wo or 0), 0]
    paid = FollowUp.principal_fen + FollowUp.interest_fen
    for *key, after in conn.execute(
        select(*_GROUP, func.sum(paid))
        .join(LoanRow, LoanRow.id == FollowUp.loan_id)
        .where(FollowUp.camp_id == camp.id, paid > 0)
        .group_by(*_GROUP)
    ):
        sums.setdefault(tuple(key), [0, 0, 0, 0])[3] += int(after or 0)
    return [
        ev.CashCell(segment, township, customer_type, int(days or 0), *values)
        for (segment, township, customer_type, days), values in sums.items()
    ]


# ----------------------------------------------------------------------------- payments, promises


def _promises(conn: Connection, camp, today: date) -> list[ev.PromiseMade]:  # noqa: ANN001
    return [
        ev.PromiseMade(loan_id, at, due, int(amount or 0))
        for loan_id, at, due, amount in conn.execute(
            select(Visit.loan_id, Visit.visited_at, Visit.promise_date, Visit.promise_amount_fen)
            .where(_live(conn, camp), Visit.promise_complete, Visit.promise_date < today)
        )
    ]  # fmt: skip


def _payments(conn: Connection, camp) -> ev.PaymentBook:  # noqa: ANN001
    """Every payment on the camp's loans: counted camp visits and follow-ups."""
    paid = Visit.principal_fen + Visit.interest_fen
    followed = FollowUp.principal_fen + FollowUp.interest_fen
    rows = chain(
        _rows(conn, select(Visit.loan_id, _moment(Visit.visited_at), paid)
                    .where(_live(conn, camp), paid > 0)),
        _rows(conn, select(FollowUp.loan_id, _moment(FollowUp.at), followed)
                    .where(FollowUp.camp_id == camp.id, followed > 0)),
    )  # fmt: skip
    return ev.PaymentBook(
        ev.Payment(loan_id, aware_utc(at), int(amount)) for loan_id, at, amount in rows
    )


# ----------------------------------------------------------------------------- limitations


def _saved_balances(conn: Connection, camp, cal) -> list[int]:  # noqa: ANN001
    """Principal still owed after the camp by each loan whose limitation it saved."""
    # Only a loan with a visit that restarted its clock while it was expired or urgent can
    # have been saved (before its first restart nothing improves the limitation).
    restarts = or_(
        Visit.principal_fen + Visit.interest_fen > 0,
        and_(Visit.ack, Visit.contact.in_(sorted(BORROWER_ACK_CONTACTS))),
    )
    candidates = select(Visit.loan_id).where(
        _live(conn, camp), Visit.limitation_before.in_(SAVED_FROM), restarts
    )
    visits = conn.execute(
        select(Visit.id, Visit.loan_id, Visit.visited_at, Visit.principal_fen,
               Visit.interest_fen, Visit.ack, Visit.contact, Visit.limitation_before)
        .where(_live(conn, camp), Visit.loan_id.in_(candidates))
        .order_by(Visit.loan_id, Visit.visited_at, Visit.id)
    ).all()  # fmt: skip
    if not visits:
        return []
    loans = {
        row.id: row
        for row in conn.execute(
            select(LoanRow.id, LoanRow.principal_fen, LoanRow.maturity_date,
                   LoanRow.last_payment_on, LoanRow.last_ack_on, LoanRow.sued_on,
                   LoanRow.guarantee_until, LoanRow.guarantors, LoanRow.judgment_due_on)
            .where(LoanRow.id.in_(candidates))
        )
    }  # fmt: skip
    paid: dict[int, int] = {}
    for v in visits:
        paid[v.loan_id] = paid.get(v.loan_id, 0) + v.principal_fen
    _, end = cal.window()
    saved = saved_limitations(conn, camp, cal, visits, end, loans)
    return [max(0, loans[s.visit.loan_id].principal_fen - paid[s.visit.loan_id]) for s in saved]


# ----------------------------------------------------------------------------- lists


def _lists(conn: Connection, camp) -> tuple[ev.ListInfo | None, ev.ListInfo | None]:  # noqa: ANN001
    imports = [
        ev.ListInfo(i, as_of, filename or "")
        for i, as_of, filename in conn.execute(
            select(LoanImport.id, LoanImport.as_of, LoanImport.filename)
            .where(LoanImport.camp_id == camp.id)
            .order_by(LoanImport.id)
        )
    ]
    if not imports:
        return None, None
    later = [i for i in imports[1:] if i.as_of > camp.start_date]
    return imports[0], max(later, key=lambda i: (i.as_of, i.id)) if later else None


def _owing(table) -> Any:  # noqa: ANN001
    return or_(table.principal_fen > 0, table.interest_fen > 0)


def _listed_cells(
    conn: Connection,
    camp,  # noqa: ANN001
    scope: dict,
    listed: ev.ListInfo | None,
) -> list[ev.ListedCell]:
    if listed is None:
        return []
    S = LoanSnapshot
    return [
        ev.ListedCell(risk_class, int(days or 0), int(n), int(balance or 0), bool(written_off))
        for risk_class, days, written_off, n, balance in conn.execute(
            select(
                S.risk_class, S.days_overdue, S.written_off, func.count(), func.sum(S.principal_fen)
            )
            .join(LoanRow, and_(LoanRow.camp_id == camp.id, LoanRow.loan_no == S.loan_no))
            .where(S.import_id == listed.id, scope_clause(scope), _owing(S))
            .group_by(S.risk_class, S.days_overdue, S.written_off)
        )  # fmt: skip
    ]


def _migration_cells(
    conn: Connection,
    camp,  # noqa: ANN001
    scope: dict,
    before: ev.ListInfo | None,
    after: ev.ListInfo | None,
) -> list[ev.MigrationCell]:
    if before is None or after is None:
        return []
    B, A = aliased(LoanSnapshot), aliased(LoanSnapshot)
    present = case((A.id.is_(None), 0), else_=1)
    owing = case((_owing(A), 1), else_=0)
    group = (B.risk_class, B.days_overdue, present, owing, A.risk_class, A.days_overdue)
    rows = conn.execute(
        select(*group, func.count(), func.sum(B.principal_fen))
        .select_from(B)
        .join(LoanRow, and_(LoanRow.camp_id == camp.id, LoanRow.loan_no == B.loan_no))
        .outerjoin(A, and_(A.import_id == after.id, A.loan_no == B.loan_no))
        .where(B.import_id == before.id, scope_clause(scope), _owing(B))
        .group_by(*group)
    )
    return [
        ev.MigrationCell(
            before_class=b_class,
            before_days=int(b_days or 0),
            after_present=bool(is_present),
            after_owing=bool(is_owing),
            after_class=a_class,
            after_days=int(a_days or 0),
            count=int(n),
            balance_fen=int(balance or 0),
        )
        for b_class, b_days, is_present, is_owing, a_class, a_days, n, balance in rows
    ]


# ----------------------------------------------------------------------------- tactics


def _tactic_visits(conn: Connection, camp) -> Iterator[tuple]:  # noqa: ANN001
    """(loan id, moment, tactics, customer type) of each counted visit that logged tactics.

    The loans' types are read once beside the visits (a join would look a loan up per
    visit); the JSON text of each distinct list of tactics is parsed once.
    """
    types = dict(
        conn.execute(
            select(LoanRow.id, LoanRow.customer_type).where(LoanRow.camp_id == camp.id)
        ).all()
    )
    parsed: dict[str, tuple[str, ...]] = {}
    tactics = cast(Visit.tactics, Text)
    for loan_id, at, text in _rows(
        conn,
        select(Visit.loan_id, _moment(Visit.visited_at), tactics)
        .where(_live(conn, camp), tactics != "[]"),
    ):  # fmt: skip
        names = parsed.get(text)
        if names is None:
            names = parsed[text] = tuple(str(x) for x in json.loads(text or "null") or ())
        if names:
            yield loan_id, aware_utc(at), names, types.get(loan_id)
