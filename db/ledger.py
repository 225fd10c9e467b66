"""The write side of verified cash (SPEC §5.6): storing the core system's repayment records,
and the camp setting that freezes the final ceremony on the verified standings.

Writes go through the unit of work (db.uow): one transaction, the camp locked, one audit
entry, the data version bumped once. The reads (reconciliation, verified standings) are
db.reconcile's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from core.errors import InputRejected
from core.ledger import LedgerResult, Repayment, read_ledger
from core.records import Problem
from db.models import Camp, utcnow
from db.models import Loan as LoanRow
from db.models import Repayment as RepaymentRow
from db.uow import UnitOfWork


@dataclass
class LedgerImported:
    """What an import of repayment records did."""

    camp: str
    stored: int = 0
    already: int = 0  # records stored by an earlier import: not stored again
    other_loans: int = 0  # rows on loans not in the camp: skipped
    rejected: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


def _loan_ids(s: Session, camp: Camp, numbers: set[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    ordered = sorted(numbers)
    for i in range(0, len(ordered), 500):
        chunk = ordered[i : i + 500]
        found.update(
            s.execute(
                select(LoanRow.loan_no, LoanRow.id).where(
                    LoanRow.camp_id == camp.id, LoanRow.loan_no.in_(chunk)
                )
            ).all()
        )
    return found


def _stored(s: Session, camp: Camp, fingerprints: list[str]) -> dict[str, RepaymentRow]:
    found: dict[str, RepaymentRow] = {}
    for i in range(0, len(fingerprints), 500):
        chunk = fingerprints[i : i + 500]
        for row in s.scalars(
            select(RepaymentRow).where(
                RepaymentRow.camp_id == camp.id, RepaymentRow.fingerprint.in_(chunk)
            )
        ):
            found[row.fingerprint] = row
    return found


def _same(row: RepaymentRow, record: Repayment) -> bool:
    return (row.paid_on, row.principal_fen, row.interest_fen) == (
        record.paid_on,
        record.principal_fen,
        record.interest_fen,
    )


def import_repayments(
    engine: Engine,
    camp_code: str,
    result: LedgerResult,
    *,
    filename: str = "",
    actor: str = "cli",
    skip_invalid: bool = False,
) -> LedgerImported:
    """Store the records of a read repayment file (core.ledger): all or nothing unless
    `skip_invalid`. A file-level problem (no header, unreadable) is rejected whatever the
    option; rows on loans not in the camp are skipped with one warning; a record already
    stored is not stored again (a warning counts them)."""
    with UnitOfWork(engine, camp_code) as uow:
        s = uow.session
        camp = uow.camp
        done = LedgerImported(camp=camp.code)
        if any(p.row is None for p in result.errors):
            raise InputRejected(result.errors)
        loans = _loan_ids(s, camp, {r.loan_no for r in result.records})
        ours = [r for r in result.records if r.loan_no in loans]
        others = [r for r in result.records if r.loan_no not in loans]
        stored = _stored(s, camp, [r.fingerprint for r in ours])
        problems = list(result.errors)
        fresh: list[Repayment] = []
        for record in ours:
            row = stored.get(record.fingerprint)
            if row is None:
                fresh.append(record)
            elif _same(row, record):
                done.already += 1
            else:
                problems.append(
                    Problem.coded(
                        record.row,
                        result.labels.get("ref"),
                        "ledger.stored_conflict",
                        ref=record.ref,
                    )
                )
        if problems and not skip_invalid:
            raise InputRejected(sorted(problems, key=lambda p: p.row or 0))
        done.rejected = sorted(problems, key=lambda p: p.row or 0)
        done.warnings = [*result.warnings, *result.duplicates]
        if others:
            done.other_loans = len(others)
            done.warnings.append(
                Problem.coded(
                    None, None, "ledger.other_loans", count=len(others), loan_no=others[0].loan_no
                )
            )
        if done.already:
            done.warnings.append(Problem.coded(None, None, "ledger.stored", count=done.already))
        if fresh:
            now = utcnow()
            s.execute(
                insert(RepaymentRow),
                [
                    {
                        "camp_id": camp.id,
                        "loan_id": loans[r.loan_no],
                        "paid_on": r.paid_on,
                        "principal_fen": r.principal_fen,
                        "interest_fen": r.interest_fen,
                        "ref": r.ref,
                        "fingerprint": r.fingerprint,
                        "filename": filename[:255],
                        "imported_by": actor,
                        "imported_at": now,
                    }
                    for r in fresh
                ],
            )
            uow.audit(
                actor,
                "repayments.import",
                "repayment",
                camp_id=camp.id,
                after={
                    "stored": len(fresh),
                    "already": done.already,
                    "other_loans": done.other_loans,
                    "rejected": len(problems),
                    "filename": filename[:255],
                },
            )
        done.stored = len(fresh)
        uow.commit()
        return done


def set_awards_verified(engine: Engine, camp_code: str, verified: bool, actor: str) -> None:
    """Whether the final ceremony (champion, progress) reads the verified standings."""
    with UnitOfWork(engine, camp_code) as uow:
        camp = uow.camp
        if camp.awards_verified == verified:
            return
        before = camp.awards_verified
        camp.awards_verified = verified
        uow.audit(
            actor,
            "camp.awards_verified",
            "camp",
            camp_id=camp.id,
            entity_id=camp.code,
            before={"awards_verified": before},
            after={"awards_verified": verified},
        )
        uow.commit()


def import_repayment_file(
    engine: Engine,
    camp_code: str,
    data: bytes,
    filename: str,
    *,
    skip_invalid: bool = False,
    actor: str = "cli",
) -> LedgerImported:
    """An uploaded repayment file (the /setup upload): read, checked and stored as on the
    command line; InputRejected with its problems when refused."""
    return import_repayments(
        engine,
        camp_code,
        read_ledger(data, filename),
        filename=filename,
        actor=actor,
        skip_invalid=skip_invalid,
    )
