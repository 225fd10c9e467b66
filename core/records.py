"""Typed records that cross the boundary between files, the domain and the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

SEGMENTS = ("小微", "涉农", "个人")
RISK_CLASSES = ("正常", "关注", "次级", "可疑", "损失")


@dataclass(frozen=True)
class Problem:
    """One row-level problem of an input file; str() is the line printed on stderr.

    `row` is numbered as the sheet numbers it (a CSV's header is row 1); None for
    a problem of the whole file. `column` is the header as written in the file.
    """

    row: int | None
    column: str | None
    reason: str

    def __str__(self) -> str:
        parts = []
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        where = ", ".join(parts)
        return f"{where}: {self.reason}" if where else self.reason


@dataclass(frozen=True)
class LoanRecord:
    """One loan of a loan list (SPEC §5.3), amounts in integer fen."""

    row: int
    loan_no: str
    borrower: str
    segment: str
    principal_fen: int
    maturity_date: date
    township: str
    interest_fen: int = 0
    id_number: str | None = None
    phone: str | None = None
    disbursed_on: date | None = None
    days_overdue: int | None = None
    risk_class: str | None = None
    last_payment_on: date | None = None
    last_ack_on: date | None = None
    guarantee: str | None = None
    guarantors: tuple[str, ...] = ()
    guarantee_until: date | None = None
    sued_on: date | None = None
    judgment_due_on: date | None = None
    village: str | None = None
    address: str | None = None
    manager: str | None = None
    written_off: bool = False
    ethnicity: str | None = None
    customer_type: str | None = None
    notes: str | None = None


@dataclass
class ImportResult:
    """What a file reader hands back: valid records, and the problems of the rest.

    A row with any error is left out of `records`; warnings do not leave a row out.
    `as_of` is the list's date when the file states one (数据日期), else None.
    """

    records: list[LoanRecord] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    as_of: date | None = None
    rows_read: int = 0


CONTACTS = ("见到本人", "见到家属", "见到保证人", "未见到", "失联", "拒绝沟通", "到行还款")
PAID_AT_BRANCH = "到行还款"


@dataclass(frozen=True)
class VisitRecord:
    """One visit to one loan as a trainer entered it (SPEC §5.4), amounts in integer fen.

    `visited_at` is camp local wall time (naive); the camp's calendar makes it aware.
    """

    row: int
    visited_at: datetime
    team: str
    loan_no: str
    contact: str
    members: tuple[str, ...] = ()
    principal_fen: int = 0
    interest_fen: int = 0
    ack: bool = False
    promise_date: date | None = None
    promise_amount_fen: int | None = None
    promise_method: str | None = None
    tactics: tuple[str, ...] = ()
    notes: str | None = None


@dataclass
class VisitImportResult:
    records: list[VisitRecord] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows_read: int = 0
