"""The core system's repayment records (还款流水) → typed records and row problems (SPEC §5.6).

Plain Python: no streamlit, no sqlalchemy. Read like the loan list (§5.3) through the shared
reader (core.tabular reads the file, core.sheet the header and rows, core.cells the cells):
xlsx, xls (also an HTML table named .xls) or csv (UTF-8 or GBK), the header among the first
10 rows, title rows, blank and total rows skipped, 单位：万元 and full-width digits read.

Duplicates (decided here, SPEC leaves the case without 流水号 open):

- with a 流水号 (ref), a record is the loan number and the ref: the same ref twice in one
  file, or one already stored, is stored once (a ref repeated with another date or amount
  is an error: the core system never books two payments under one ref);
- without a ref, two identical rows in one file are two payments (a borrower may pay the
  same sum twice a day): the n-th identical row is the n-th payment, so importing the same
  file again, or an export overlapping an earlier one, stores nothing twice.

Whether a loan belongs to the camp is the store's check (db.ledger): a core-system export
covers the whole bank, so rows on other loans are skipped with a warning, not rejected.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import partial

from core.cells import amount_to_fen, parse_date, parse_key_text
from core.records import Problem
from core.sheet import (
    amount_units,
    column_plan,
    convert_cells,
    data_rows,
    find_header,
    limited,
)
from core.tabular import ImportFileError, Source, read_rows

#: Internal field → accepted headers; the first is the name shown, the last the English name.
LEDGER_FIELDS: dict[str, tuple[str, ...]] = {
    "loan_no": (
        "贷款账号",
        "借据号",
        "借据编号",
        "借据号码",
        "贷款借据号",
        "贷款帐号",
        "贷款账户",
        "贷款编号",
        "账号",
        "帐号",
        "loan_no",
    ),
    "paid_on": (
        "交易日期",
        "记账日期",
        "还款日期",
        "入账日期",
        "交易时间",
        "记账时间",
        "还款时间",
        "paid_on",
    ),
    "principal_fen": ("还款本金", "归还本金", "实还本金", "收回本金", "本金", "principal"),
    "interest_fen": ("还款利息", "归还利息", "实还利息", "收回利息", "利息", "interest"),
    "ref": ("流水号", "交易流水号", "流水", "交易流水", "核心流水号", "凭证号", "ref"),
}
LEDGER_REQUIRED = frozenset({"loan_no", "paid_on", "principal_fen"})
LEDGER_AMOUNT_FIELDS = ("principal_fen", "interest_fen")
#: The store's column widths (db.models.Repayment).
LEDGER_MAX_CHARS: dict[str, int] = {"loan_no": 64, "ref": 64}
#: When several columns match a field, the first tier wins (a warning names the others):
#: 借据号 beats 贷款账号 as in the loan list (SPEC §5.3); the transaction date beats the
#: booking date and a separate time column; 还款本金 beats a bare 本金.
_RANKED: dict[str, tuple[tuple[str, ...], ...]] = {
    "loan_no": (
        ("借据号", "借据编号", "借据号码", "贷款借据号", "loan_no"),
        ("贷款账号", "贷款帐号", "贷款账户", "贷款编号"),
        ("账号", "帐号"),
    ),
    "paid_on": (
        ("交易日期", "还款日期", "paid_on"),
        ("记账日期", "入账日期"),
        ("交易时间", "记账时间", "还款时间"),
    ),
    "principal_fen": (("还款本金", "归还本金", "实还本金", "收回本金", "principal"), ("本金",)),
    "interest_fen": (("还款利息", "归还利息", "实还利息", "收回利息", "interest"), ("利息",)),
    "ref": (("流水号", "交易流水号", "核心流水号", "ref"), ("流水", "交易流水"), ("凭证号",)),
}


@dataclass(frozen=True, slots=True)
class Repayment:
    """One repayment record of the core system, amounts in integer fen."""

    row: int
    loan_no: str
    paid_on: date
    principal_fen: int
    interest_fen: int = 0
    ref: str | None = None
    #: The n-th identical row without a ref in its file (1 for the first); see the docstring.
    occurrence: int = 1

    @property
    def amount_fen(self) -> int:
        return self.principal_fen + self.interest_fen

    @property
    def fingerprint(self) -> str:
        """What makes a record the same record: the loan and its ref, else every value and
        the occurrence."""
        if self.ref:
            key = f"ref|{self.loan_no}|{self.ref}"
        else:
            key = (
                f"row|{self.loan_no}|{self.paid_on.isoformat()}|{self.principal_fen}|"
                f"{self.interest_fen}|{self.occurrence}"
            )
        return hashlib.sha256(key.encode()).hexdigest()

    def same_payment(self, other: Repayment) -> bool:
        return (self.paid_on, self.principal_fen, self.interest_fen) == (
            other.paid_on,
            other.principal_fen,
            other.interest_fen,
        )


@dataclass
class LedgerResult:
    records: list[Repayment] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    #: Rows whose ref repeats an earlier identical row of the file: stored once.
    duplicates: list[Problem] = field(default_factory=list)
    rows_read: int = 0
    #: field → the header as written in the file (for the store's row problems).
    labels: dict[str, str] = field(default_factory=dict)


def read_ledger(source: Source, filename: str | None = None) -> LedgerResult:
    """Read repayment records (SPEC §5.6); never raises for bad input."""
    try:
        rows = read_rows(source, filename)
    except ImportFileError as exc:
        return LedgerResult(errors=[exc.problem])
    return ledger_from_rows(rows)


def _converters(units: dict[str, str]) -> dict[str, Callable[[object], object]]:
    return {
        "loan_no": parse_key_text,
        "paid_on": parse_date,
        **{f: partial(amount_to_fen, unit=units[f]) for f in LEDGER_AMOUNT_FIELDS},
        "ref": parse_key_text,
    }


def ledger_from_rows(rows: Sequence[Sequence[object]]) -> LedgerResult:
    """Records and problems from the raw rows of a repayment file, as `read_rows` gives them.

    A row with any error is left out of `records`.
    """
    result = LedgerResult()
    header, problems = find_header(rows, LEDGER_FIELDS, LEDGER_REQUIRED, ranked=_RANKED)
    if header is None:
        result.errors.extend(problems)
        return result
    result.warnings.extend(header.warnings)
    units = amount_units(header, rows[: header.index], LEDGER_AMOUNT_FIELDS)
    plan = column_plan(header, limited(_converters(units), LEDGER_MAX_CHARS), LEDGER_REQUIRED)  # type: ignore[arg-type]
    labels = {key: header.labels.get(key, names[0]) for key, names in LEDGER_FIELDS.items()}
    result.labels = labels
    by_ref: dict[tuple[str, str], Repayment] = {}
    seen: dict[tuple[object, ...], int] = {}
    for row, cells in data_rows(rows, header, (header.column_of("loan_no"),)):
        result.rows_read += 1
        values, errors = convert_cells(row, cells, plan, labels)
        if not errors and not values.get("principal_fen") and not values.get("interest_fen"):
            errors.append(Problem.coded(row, labels["principal_fen"], "ledger.no_money"))
        if errors:
            result.errors.extend(errors)
            continue
        ref = values.get("ref")
        record = Repayment(
            row=row,
            loan_no=str(values["loan_no"]),
            paid_on=values["paid_on"],  # type: ignore[arg-type]
            principal_fen=int(values.get("principal_fen") or 0),  # type: ignore[call-overload]
            interest_fen=int(values.get("interest_fen") or 0),  # type: ignore[call-overload]
            ref=str(ref) if ref else None,
        )
        if record.ref:
            earlier = by_ref.get((record.loan_no, record.ref))
            if earlier is None:
                by_ref[(record.loan_no, record.ref)] = record
            elif earlier.same_payment(record):
                result.duplicates.append(
                    Problem.coded(row, labels["ref"], "ledger.duplicate_ref", first=earlier.row)
                )
                continue
            else:
                result.errors.append(
                    Problem.coded(
                        row, labels["ref"], "ledger.ref_conflict", ref=record.ref, first=earlier.row
                    )
                )
                continue
        else:
            key = (record.loan_no, record.paid_on, record.principal_fen, record.interest_fen)
            seen[key] = seen.get(key, 0) + 1
            record = replace(record, occurrence=seen[key])
        result.records.append(record)
    if result.rows_read == 0 and not result.errors:
        result.errors.append(Problem.coded(None, None, "ledger.no_rows"))
    return result
