"""Loans: write a read loan list into a camp (SPEC §5.3), as one unit of work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, bindparam, insert, select, update

from core.errors import InputRejected
from core.importing import settle_loans
from core.loans import days_overdue_at
from core.records import ImportResult, LoanRecord, Problem
from db.camps import camp_has_visits, camp_local_today
from db.models import Camp, LoanImport, LoanSnapshot, Territory, utcnow
from db.models import Loan as LoanRow
from db.tasks import add_new_overdue_tasks
from db.uow import UnitOfWork

_SNAPSHOT_FIELDS = (
    "loan_no",
    "segment",
    "township",
    "principal_fen",
    "interest_fen",
    "maturity_date",
    "days_overdue",
    "risk_class",
    "written_off",
    "customer_type",
)
_LOAN_FIELDS = tuple(f for f in LoanRecord.__dataclass_fields__ if f != "row")


@dataclass(frozen=True)
class LoansImported:
    camp: str
    mode: str  # "update": the loans were written; "snapshot": kept as a dated list only
    as_of: date
    created: int
    updated: int
    rows: int
    skipped: int
    warnings: list[Problem]
    rejected: list[Problem]
    new_overdue: int = 0  # tasks for loans newly overdue in a list imported after the close
    #: Where the list's date came from: "option" (--as-of), "title:数据日期",
    #: "column:会计日期" (the file), or "today" (the import day).
    as_of_source: str = "today"


def import_loans(
    engine: Engine,
    camp_code: str,
    result: ImportResult,
    *,
    filename: str = "",
    as_of: date | None = None,
    skip_invalid: bool = False,
    actor: str = "cli",
) -> LoansImported:
    """Write a read loan list: all or nothing, unless `skip_invalid` (SPEC §5.3).

    Until the camp has visits, a loan number imported again updates that loan.
    Once it has visits the list is kept only as a dated snapshot, so the
    balances the scoring replay starts from never move under the teams' feet.
    """
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(camp_code)
        if result.errors and not skip_invalid:
            raise InputRejected(result.errors)
        if not result.records:  # even with --skip-invalid: an empty import is no list
            raise InputRejected(result.errors or [Problem.coded(None, None, "rows.no_loans_file")])
        list_date = as_of or result.as_of or camp_local_today(camp)
        as_of_source = (
            "option" if as_of else (result.as_of_source or "title") if result.as_of else "today"
        )
        territories = s.scalars(
            select(Territory.township).where(Territory.camp_id == camp.id)
        ).all()
        result = settle_loans(
            result,
            territories=list(territories),
            default_segment=camp.default_segment,
            list_date=list_date,
        )
        mode = "snapshot" if camp_has_visits(s, camp) else "update"
        batch = LoanImport(
            camp_id=camp.id,
            filename=filename,
            as_of=list_date,
            mode=mode,
            rows=len(result.records),
            warnings=len(result.warnings),
            imported_by=actor,
            imported_at=utcnow(),
        )
        s.add(batch)
        s.flush()
        conn = s.connection()
        created = updated = 0
        existing = _existing_loans(s, camp) if mode == "update" else {}
        owner = {
            t.township: t.team_id
            for t in s.scalars(select(Territory).where(Territory.camp_id == camp.id))
        }
        records = result.records
        for start in range(0, len(records), _WRITE_CHUNK):  # bounded memory for long lists
            values = [_loan_values(r, list_date) for r in records[start : start + _WRITE_CHUNK]]
            conn.execute(
                insert(LoanSnapshot.__table__),
                [{"import_id": batch.id, **{k: v[k] for k in _SNAPSHOT_FIELDS}} for v in values],
            )
            if mode == "update":  # each loan goes to the team holding its township
                for v in values:
                    v["team_id"] = owner.get(v["township"])
                fresh, changed = _upsert_loans(s, camp, batch, values, existing)
                created, updated = created + fresh, updated + changed
        new_overdue = 0
        if camp.closed_on is not None:
            values = [_loan_values(r, list_date) for r in records]
            new_overdue = add_new_overdue_tasks(s, camp, batch, values)
        uow.audit(
            actor,
            "loans.import",
            "loan_import",
            camp_id=camp.id,
            entity_id=str(batch.id),
            after={
                "file": filename,
                "as_of": list_date.isoformat(),
                "mode": mode,
                "rows": len(records),
                "created": created,
                "updated": updated,
                "rejected_rows": len({p.row for p in result.errors if p.row is not None}),
                "new_overdue_tasks": new_overdue,
            },
        )
        uow.commit()
    return LoansImported(
        camp=camp_code,
        mode=mode,
        as_of=list_date,
        created=created,
        updated=updated,
        rows=len(records),
        skipped=len({p.row for p in result.errors if p.row is not None}),
        warnings=list(result.warnings),
        rejected=list(result.errors),
        new_overdue=new_overdue,
        as_of_source=as_of_source,
    )


def _loan_values(r: LoanRecord, list_date: date) -> dict:
    v = {f: getattr(r, f) for f in _LOAN_FIELDS}
    v["guarantors"] = list(r.guarantors)
    if v["days_overdue"] is None:
        v["days_overdue"] = days_overdue_at(r.maturity_date, list_date)
    v["list_date"] = list_date
    return v


_WRITE_CHUNK = 20_000


def _existing_loans(s, camp: Camp) -> dict[str, int]:  # noqa: ANN001
    return dict(
        s.execute(select(LoanRow.loan_no, LoanRow.id).where(LoanRow.camp_id == camp.id)).all()
    )


def _upsert_loans(  # noqa: ANN001
    s, camp: Camp, batch: LoanImport, values: list[dict], existing: dict[str, int]
) -> tuple[int, int]:
    now = utcnow()
    fresh, changed = [], []
    for v in values:
        row = {**v, "import_id": batch.id, "updated_at": now}
        if v["loan_no"] in existing:
            changed.append({**row, "b_id": existing[v["loan_no"]]})
        else:
            fresh.append({**row, "camp_id": camp.id, "created_at": now})
    conn = s.connection()
    table = LoanRow.__table__
    if fresh:
        conn.execute(insert(table), fresh)
    if changed:
        columns = [k for k in changed[0] if k != "b_id"]
        conn.execute(
            update(table)
            .where(table.c.id == bindparam("b_id"))
            .values({k: bindparam(k) for k in columns}),
            changed,
        )
    return len(fresh), len(changed)
