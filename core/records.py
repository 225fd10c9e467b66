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
    #: A reason from the catalogue (core.reasons) renders in the user's language; a
    #: problem without a code keeps its English `reason` (not yet moved to the catalogue).
    code: str | None = None
    params: tuple[tuple[str, object], ...] = ()
    #: The last row of a summarised run (rows `row`..`last_row`), `count` rows in all.
    last_row: int | None = None
    count: int = 1

    @classmethod
    def coded(cls, row: int | None, column: str | None, code: str, /, **params: object) -> Problem:
        """A problem whose reason is the catalogue's `code` with `params` (English in `reason`)."""
        from core.reasons import render

        items = tuple(params.items())
        return cls(row, column, render(code, items, "en"), code, items)

    @classmethod
    def of(cls, row: int | None, column: str | None, reason: ValueError) -> Problem:
        """A problem whose reason is a converter's refusal: a `core.reasons.Reason` keeps its
        code and parameters."""
        return cls(row, column, str(reason), getattr(reason, "code", None),
                   getattr(reason, "params", ()))  # fmt: skip

    def reason_in(self, lang: str) -> str:
        """The reason in `lang` (zh or en): from the catalogue when coded, else `reason`."""
        from core.reasons import render

        text = self.reason if self.code is None else render(self.code, self.params, lang)
        if self.count > 1:
            text += render("summary.count", (("count", self.count),), lang)
        return text

    def where(self) -> str:
        """The fixed prefix without its colon (`row 12, column 贷款余额`), English always."""
        parts = []
        if self.row is not None:
            if self.last_row is not None and self.last_row != self.row:
                parts.append(f"rows {self.row}-{self.last_row}")
            else:
                parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def text(self, lang: str = "en") -> str:
        """The line printed on stderr: the fixed `row N, column X:` prefix, the reason in `lang`."""
        where = self.where()
        reason = self.reason_in(lang)
        return f"{where}: {reason}" if where else reason

    def __str__(self) -> str:
        return self.text("en")


@dataclass(frozen=True, slots=True)
class LoanRecord:
    """One loan of a loan list (SPEC §5.3), amounts in integer fen."""

    row: int
    loan_no: str
    borrower: str
    principal_fen: int
    maturity_date: date
    #: None until derived (core.importing.settle_loans): from words, the camp's default, 未分类.
    segment: str | None = None
    #: None until derived: from the address or village text, else 未分配.
    township: str | None = None
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
    guarantee_type: str | None = None  # 一般保证 / 连带责任保证; None: the camp's default
    enforcement_status: str | None = None  # 已申请执行 / 终本 / 执行完毕
    enforcement_on: date | None = None
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
    #: Where `as_of` came from: "title" or "column" (with the header), None when absent.
    as_of_source: str | None = None
    #: field → the column (as written) it was read from; for the mapping shown on /setup.
    mapping: dict[str, str] = field(default_factory=dict)


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
    # a quiet-hours visit's appointment, made before it (SPEC §4.11): when (local), how, who
    appointment_at: datetime | None = None
    appointment_by: str | None = None
    agreed_by: str | None = None


#: How a quiet-hours appointment was made, and who agreed to it (SPEC §4.11, §5.4).
APPOINTMENT_WAYS = ("电话", "微信", "短信", "当面")
AGREED_BY = ("本人", "家属")
#: Contact results that met nobody: they cannot carry money (SPEC §4.7).
MET_NOBODY = frozenset({"未见到", "失联"})
REFUSED = "拒绝沟通"


@dataclass
class VisitImportResult:
    records: list[VisitRecord] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    rows_read: int = 0
