"""Tables. Money is integer fen (BigInteger), points integer hundredths, times UTC.

Facts (loans as imported, visits, adjustments, imports) are never deleted;
derived numbers live beside them and can be recomputed.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Aware datetimes in, aware UTC datetimes out; stored as UTC on every backend."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect):  # noqa: ANN001, ANN201
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect):  # noqa: ANN001, ANN201
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


def aware_utc(value: datetime | str | None) -> datetime | None:
    """Aggregates bypass the column type on SQLite: make the UTC text an aware datetime."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Camp(Base):
    __tablename__ = "camps"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    bank: Mapped[str] = mapped_column(String(200), default="")
    start_date: Mapped[date] = mapped_column(Date)
    days: Mapped[int] = mapped_column(Integer, default=7)
    first_field_day: Mapped[int] = mapped_column(Integer, default=3)
    cutoff: Mapped[str] = mapped_column(String(5), default="17:30")
    final_cutoff: Mapped[str] = mapped_column(String(5), default="12:00")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    quiet_start: Mapped[str] = mapped_column(String(5), default="22:00")
    quiet_end: Mapped[str] = mapped_column(String(5), default="08:00")
    night_shifts: Mapped[list] = mapped_column(JSON, default=list)
    cost_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    default_segment: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # the type of guarantees whose 保证方式 the list omits (SPEC §5.2); None: 连带责任保证
    guarantee_type: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # The camp's scope: {"segments": [...], "aging_min": int, "aging_max": int, "townships": [...]}
    scope: Mapped[dict] = mapped_column(JSON, default=dict)
    rules_text: Mapped[str] = mapped_column(Text, default="")
    # Bumped in the same transaction as every write: the cache key of the boards.
    data_version: Mapped[int] = mapped_column(Integer, default=0)
    # Bumped by every save of the camp's settings (camp file, /setup forms): a form carries
    # the version it was loaded at, and a save against a changed camp is refused.
    settings_version: Mapped[int] = mapped_column(Integer, default=1)
    frozen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # The final ceremony's champion and progress from the verified standings (SPEC §5.6):
    # each visit's money only as far as the core system's repayment records confirm it.
    awards_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    closed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # Notices not back after this many days are listed (issue 17, core.notices)
    notice_return_days: Mapped[int] = mapped_column(Integer, default=7, server_default="7")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    teams: Mapped[list[Team]] = relationship(
        back_populates="camp", order_by="Team.position", cascade="all, delete-orphan"
    )
    rules: Mapped[list[ScoringRule]] = relationship(cascade="all, delete-orphan")
    territories: Mapped[list[Territory]] = relationship(cascade="all, delete-orphan")


class ScoringRule(Base):
    """One weight of the camp's scoring (SPEC §4.7), kept as exact decimal text."""

    __tablename__ = "scoring_rules"
    __table_args__ = (UniqueConstraint("camp_id", "key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    value: Mapped[str] = mapped_column(String(32))


class Team(Base):
    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("camp_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    target_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    position: Mapped[int] = mapped_column(Integer, default=0)
    # on the wall (core.teamstyle): "#rrggbb" and an icon name or a 1–2 character badge;
    # None = the palette's default colour, no emblem
    colour: Mapped[str | None] = mapped_column(String(7), nullable=True)
    emblem: Mapped[str | None] = mapped_column(String(20), nullable=True)

    camp: Mapped[Camp] = relationship(back_populates="teams")
    members: Mapped[list[Member]] = relationship(
        back_populates="team", order_by="Member.position", cascade="all, delete-orphan"
    )


class Member(Base):
    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("camp_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    department: Mapped[str | None] = mapped_column(String(50), nullable=True)
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    team: Mapped[Team] = relationship(back_populates="members")


class Territory(Base):
    """A township held by one team: its loans belong to that team."""

    __tablename__ = "territories"
    __table_args__ = (UniqueConstraint("camp_id", "township"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    township: Mapped[str] = mapped_column(String(100))


class LoanImport(Base):
    """One loan list imported: the first fills the loans, later ones are dated snapshots."""

    __tablename__ = "loan_imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"), index=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    as_of: Mapped[date] = mapped_column(Date)
    mode: Mapped[str] = mapped_column(String(16))  # "update" or "snapshot"
    rows: Mapped[int] = mapped_column(Integer, default=0)
    warnings: Mapped[int] = mapped_column(Integer, default=0)
    imported_by: Mapped[str] = mapped_column(String(100), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Loan(Base):
    """A loan of the camp's list (SPEC §5.3): the balances the scoring replay starts from."""

    __tablename__ = "loans"
    __table_args__ = (
        UniqueConstraint("camp_id", "loan_no"),
        Index("ix_loans_camp_township", "camp_id", "township"),
        Index("ix_loans_camp_borrower", "camp_id", "borrower"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True, index=True
    )
    import_id: Mapped[int] = mapped_column(
        ForeignKey("loan_imports.id", ondelete="CASCADE"), index=True
    )
    list_date: Mapped[date] = mapped_column(Date)
    loan_no: Mapped[str] = mapped_column(String(64))
    borrower: Mapped[str] = mapped_column(String(100))
    id_number: Mapped[str | None] = mapped_column(String(32), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(32), nullable=True)
    segment: Mapped[str] = mapped_column(String(8))
    principal_fen: Mapped[int] = mapped_column(BigInteger)
    interest_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    disbursed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    maturity_date: Mapped[date] = mapped_column(Date)
    days_overdue: Mapped[int] = mapped_column(Integer, default=0)
    risk_class: Mapped[str | None] = mapped_column(String(8), nullable=True)
    last_payment_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_ack_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    guarantee: Mapped[str | None] = mapped_column(String(32), nullable=True)
    guarantors: Mapped[list] = mapped_column(JSON, default=list)
    guarantee_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    sued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    judgment_due_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    # SPEC §4.4: 保证方式 (None: the camp's guarantee_type), 执行状态 and its date
    guarantee_type: Mapped[str | None] = mapped_column(String(16), nullable=True)
    enforcement_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    enforcement_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    township: Mapped[str] = mapped_column(String(100))
    village: Mapped[str | None] = mapped_column(String(100), nullable=True)
    address: Mapped[str | None] = mapped_column(String(255), nullable=True)
    manager: Mapped[str | None] = mapped_column(String(100), nullable=True)
    written_off: Mapped[bool] = mapped_column(Boolean, default=False)
    ethnicity: Mapped[str | None] = mapped_column(String(32), nullable=True)
    customer_type: Mapped[str | None] = mapped_column(String(32), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class LoanSnapshot(Base):
    """A loan as one imported list showed it, for before/after and new-overdue checks."""

    __tablename__ = "loan_snapshots"
    __table_args__ = (UniqueConstraint("import_id", "loan_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("loan_imports.id", ondelete="CASCADE"))
    loan_no: Mapped[str] = mapped_column(String(64))
    segment: Mapped[str] = mapped_column(String(8))
    township: Mapped[str] = mapped_column(String(100))
    principal_fen: Mapped[int] = mapped_column(BigInteger)
    interest_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    maturity_date: Mapped[date] = mapped_column(Date)
    days_overdue: Mapped[int] = mapped_column(Integer, default=0)
    risk_class: Mapped[str | None] = mapped_column(String(8), nullable=True)
    written_off: Mapped[bool] = mapped_column(Boolean, default=False)
    customer_type: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Visit(Base):
    """A visit record as entered (SPEC §5.4): a fact, voided with a reason, never deleted."""

    __tablename__ = "visits"
    __table_args__ = (
        UniqueConstraint("camp_id", "fingerprint"),
        Index("ix_visits_loan_time", "loan_id", "visited_at"),
        Index("ix_visits_camp_team", "camp_id", "team_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    visited_at: Mapped[datetime] = mapped_column(UTCDateTime)
    members: Mapped[list] = mapped_column(JSON, default=list)
    contact: Mapped[str] = mapped_column(String(16))
    principal_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    interest_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    ack: Mapped[bool] = mapped_column(Boolean, default=False)
    promise_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    promise_amount_fen: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    promise_method: Mapped[str | None] = mapped_column(String(32), nullable=True)
    tactics: Mapped[list] = mapped_column(JSON, default=list)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    # A quiet-hours visit's appointment, made before it (SPEC §4.11): when, how, agreed by whom.
    appointment_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    appointment_by: Mapped[str | None] = mapped_column(String(8), nullable=True)
    agreed_by: Mapped[str | None] = mapped_column(String(8), nullable=True)
    # Every column of the row as entered, hashed: a second identical row is a duplicate.
    fingerprint: Mapped[str] = mapped_column(String(64))
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="entry")  # entry, import, demo
    # Derived by the replay of the loan's counted visits (core.scoring); never typed in.
    period_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    points: Mapped[int] = mapped_column(BigInteger, default=0)  # hundredths
    cash_principal_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    cash_interest_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    cash_written_off_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    earned_settled: Mapped[bool] = mapped_column(Boolean, default=False)
    earned_ack: Mapped[bool] = mapped_column(Boolean, default=False)
    earned_ack_urgent: Mapped[bool] = mapped_column(Boolean, default=False)
    earned_promise: Mapped[bool] = mapped_column(Boolean, default=False)
    promise_complete: Mapped[bool] = mapped_column(Boolean, default=False)
    limitation_before: Mapped[str | None] = mapped_column(String(16), nullable=True)
    # Of `points`, the promise_kept points another team's payment earned this promise
    # visit in another period (`kept_day`): they count in that period (SPEC §4.7).
    kept_points: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    kept_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    night: Mapped[bool] = mapped_column(Boolean, default=False)
    quiet: Mapped[bool] = mapped_column(Boolean, default=False)
    warnings: Mapped[list] = mapped_column(JSON, default=list)


class Repayment(Base):
    """A repayment record of the core system (还款流水, SPEC §5.6) on one of the camp's loans:
    a fact, imported once (`fingerprint`: the loan and its 流水号, else its values and the
    occurrence among identical rows of its file, core.ledger)."""

    __tablename__ = "repayments"
    __table_args__ = (
        UniqueConstraint("camp_id", "fingerprint"),
        Index("ix_repayments_loan_paid", "loan_id", "paid_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"))
    paid_on: Mapped[date] = mapped_column(Date)
    principal_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    interest_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    ref: Mapped[str | None] = mapped_column(String(64), nullable=True)
    fingerprint: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255), default="")
    imported_by: Mapped[str] = mapped_column(String(100), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class VisitShare(Base):
    """A member's equal share of a visit's points and cash (SPEC §4.7), each rounded."""

    __tablename__ = "visit_shares"
    __table_args__ = (
        UniqueConstraint("visit_id", "member"),
        Index("ix_visit_shares_camp_member", "camp_id", "member"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"))
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    member: Mapped[str] = mapped_column(String(100))
    period_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    cash_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    counted: Mapped[bool] = mapped_column(Boolean, default=True)


class Adjustment(Base):
    """A manual adjustment of a team's points, plus or minus, with a reason and a time."""

    __tablename__ = "adjustments"
    __table_args__ = (Index("ix_adjustments_camp_team", "camp_id", "team_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    points: Mapped[int] = mapped_column(BigInteger)  # hundredths
    reason: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    period_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    void_reason: Mapped[str | None] = mapped_column(Text, nullable=True)


class TeamTotal(Base):
    """Running totals per team and period (day 0 = the whole camp): standings in a few rows."""

    __tablename__ = "team_totals"
    __table_args__ = (UniqueConstraint("team_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    day: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    principal_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    interest_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    written_off_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    settled: Mapped[int] = mapped_column(Integer, default=0)
    acks: Mapped[int] = mapped_column(Integer, default=0)
    promises: Mapped[int] = mapped_column(Integer, default=0)
    adjustments: Mapped[int] = mapped_column(BigInteger, default=0)
    reached_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Pairing(Base):
    """A daily PK pairing: team A against team B on camp day `day` (SPEC §4.8)."""

    __tablename__ = "pairings"
    __table_args__ = (UniqueConstraint("camp_id", "day", "team_a_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"), index=True)
    day: Mapped[int] = mapped_column(Integer)
    team_a_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    team_b_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))


class CampItem(Base):
    """Editable lists of a camp: the tactics library, checklists, reminders, customs notes.

    kind: "move" (the 18 negotiation moves), "tactic" (the 30 collection tactics),
    "material" (materials checklist), "conduct" (conduct reminders), "custom"
    (customs notes: `name` is the ethnicity), "customer_type" (strategy per type).
    """

    __tablename__ = "camp_items"
    __table_args__ = (Index("ix_camp_items_camp_kind", "camp_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100), default="")
    text: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class FieldProblem(Base):
    """A problem raised in the field (a customer's dispute, a wrong address, ...), then closed."""

    __tablename__ = "problems"
    __table_args__ = (Index("ix_problems_camp_status", "camp_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True
    )
    loan_id: Mapped[int | None] = mapped_column(
        ForeignKey("loans.id", ondelete="SET NULL"), nullable=True
    )
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(8), default="open")  # open, closed
    raised_by: Mapped[str] = mapped_column(String(100), default="")
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolution: Mapped[str | None] = mapped_column(Text, nullable=True)


class MemberTotal(Base):
    """Running totals of a member's equal shares per period (day 0 = the whole camp)."""

    __tablename__ = "member_totals"
    __table_args__ = (
        UniqueConstraint("camp_id", "member", "day"),
        Index("ix_member_totals_camp_day", "camp_id", "day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    member: Mapped[str] = mapped_column(String(100))
    day: Mapped[int] = mapped_column(Integer)
    points: Mapped[int] = mapped_column(BigInteger, default=0)
    cash_fen: Mapped[int] = mapped_column(BigInteger, default=0)


def new_session_id() -> str:
    """A fresh random session id for a user (db.users; carried in the log-in cookie)."""
    return secrets.token_urlsafe(24)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True
    )
    password_hash: Mapped[str] = mapped_column(String(100))
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Bumped on log-out, password change and lock: older cookies stop working.
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    # Random, carried in the log-in cookie: a new one on log-out everywhere, password or role
    # change, lock and disabling; a re-created user gets a new one. A cookie with another
    # id is refused (a deleted and re-created user's old cookie opens nothing).
    session_id: Mapped[str] = mapped_column(String(64), default=lambda: new_session_id())
    # Sessions (form log-ins and cookies) issued before this moment are refused.
    sessions_valid_after: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class AuditEntry(Base):
    """Who changed what, when, before and after, and why."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_camp_at", "camp_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100))
    camp_id: Mapped[int | None] = mapped_column(
        ForeignKey("camps.id", ondelete="SET NULL"), nullable=True
    )
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64))
    entity_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    reason: Mapped[str | None] = mapped_column(Text, nullable=True)


# --- day 7: the post-loan workflow (SPEC §4.9) -----------------------------------------


class Task(Base):
    """A post-loan task: generated at the close, by a warning signal, or by a later list.

    `origin` says what made it ("close", "signal:<id>", "import:<id>"); with the loan and
    the kind it is unique, so closing twice or re-running an import adds nothing.
    `owner` is a user's display name (the loan's 客户经理 at first; "" if none).
    """

    __tablename__ = "tasks"
    __table_args__ = (
        UniqueConstraint("camp_id", "loan_id", "kind", "origin"),
        Index("ix_tasks_camp_owner", "camp_id", "owner"),
        Index("ix_tasks_camp_due", "camp_id", "due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"), index=True)
    loan_no: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(32))
    due: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(Text, default="")
    owner: Mapped[str] = mapped_column(String(100), default="")
    origin: Mapped[str] = mapped_column(String(32), default="close")
    status: Mapped[str] = mapped_column(String(8), default="open")  # open, done
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    done_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    done_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class FollowUp(Base):
    """What an owner did on a loan after the close: a visit, a payment, a signed
    acknowledgement. Moves the loan's balances and limitation clock like a camp visit,
    earns no points, and is never a camp visit."""

    __tablename__ = "followups"
    __table_args__ = (Index("ix_followups_loan_at", "loan_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"), index=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"))
    task_id: Mapped[int | None] = mapped_column(
        ForeignKey("tasks.id", ondelete="SET NULL"), nullable=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    contact: Mapped[str] = mapped_column(String(16))
    principal_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    interest_fen: Mapped[int] = mapped_column(BigInteger, default=0)
    ack: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    entered_by: Mapped[str] = mapped_column(String(100), default="")
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Evidence(Base):
    """A photo or scan attached to a visit or a follow-up (issue 17): a signed receipt, a
    payment slip. The bytes as stored (images re-encoded without metadata, core.evidence),
    their SHA-256 and type; kept in the store so a backup carries them. A fact: never
    changed once stored."""

    __tablename__ = "evidence"
    __table_args__ = (Index("ix_evidence_camp_loan", "camp_id", "loan_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"))
    visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("visits.id", ondelete="CASCADE"), nullable=True, index=True
    )
    followup_id: Mapped[int | None] = mapped_column(
        ForeignKey("followups.id", ondelete="CASCADE"), nullable=True, index=True
    )
    caption: Mapped[str] = mapped_column(String(200), default="")
    filename: Mapped[str] = mapped_column(String(255), default="")
    mime: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer, nullable=True)
    height: Mapped[int | None] = mapped_column(Integer, nullable=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(100), default="")
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class WarningSignal(Base):
    """An early-warning signal (贷后预警) on a loan; open signals make its watch level."""

    __tablename__ = "warning_signals"
    __table_args__ = (Index("ix_warning_signals_camp_loan", "camp_id", "loan_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(100))
    note: Mapped[str] = mapped_column(Text, default="")
    raised_by: Mapped[str] = mapped_column(String(100), default="")
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    closed_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


# --- day 7: awards (SPEC §3) ----------------------------------------------------------


class AwardCategory(Base):
    """An award of the camp: the six defaults of SPEC §3 or the organiser's own.

    `rule` names the formula of the data-backed suggestion ("" for none), `subject`
    is "team" or "member". `revealed_at` is set when the ceremony shows its result.
    """

    __tablename__ = "award_categories"
    __table_args__ = (UniqueConstraint("camp_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    subject: Mapped[str] = mapped_column(String(8), default="member")
    rule: Mapped[str] = mapped_column(String(32), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    revealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class Nomination(Base):
    __tablename__ = "nominations"
    __table_args__ = (UniqueConstraint("category_id", "nominee"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("award_categories.id", ondelete="CASCADE"), index=True
    )
    nominee: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(Text)
    nominated_by: Mapped[str] = mapped_column(String(100))
    nominated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Vote(Base):
    """One vote per voter per category (the unique constraint holds it under races)."""

    __tablename__ = "votes"
    __table_args__ = (UniqueConstraint("category_id", "voter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    category_id: Mapped[int] = mapped_column(
        ForeignKey("award_categories.id", ondelete="CASCADE"), index=True
    )
    voter: Mapped[str] = mapped_column(String(64))  # the username
    nominee: Mapped[str] = mapped_column(String(100))
    voted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MappingProfile(Base):
    """A saved column mapping of one bank's loan list (SPEC §5.3): field → column as written.

    `signature` is the list's normalised headers (core.importing.header_signature): the next
    upload with the same headers uses the profile; `--mapping NAME` picks one by name.
    """

    __tablename__ = "mapping_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    bank: Mapped[str] = mapped_column(String(200), default="")
    signature: Mapped[str] = mapped_column(Text, default="")
    mapping: Mapped[dict] = mapped_column(JSON, default=dict)
    saved_by: Mapped[str] = mapped_column(String(100), default="")
    saved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- issue 17: collection notices and their numbered receipts ---------------------------


class NoticeTemplate(Base):
    """A camp's wording of one kind of notice (core.notices.KINDS), with placeholders."""

    __tablename__ = "notice_templates"
    __table_args__ = (UniqueConstraint("camp_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    updated_by: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class NoticeBatch(Base):
    """One print of notices: who, when, which selection (the loans are its notices)."""

    __tablename__ = "notice_batches"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"), index=True)
    selection: Mapped[dict] = mapped_column(JSON, default=dict)
    printed_by: Mapped[str] = mapped_column(String(100))
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    count: Mapped[int] = mapped_column(Integer, default=0)


class Notice(Base):
    """One numbered notice handed out: its receipt's number is the camp's code and `seq`,
    unique per camp (the constraint, not a select-then-insert, keeps two replicas apart).
    The figures are the loan's at the print date; `returned_at` and the rest are filled
    when its signed receipt comes back and is recorded as a visit or a follow-up."""

    __tablename__ = "notices"
    __table_args__ = (
        UniqueConstraint("camp_id", "seq"),
        Index("ix_notices_camp_loan", "camp_id", "loan_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    camp_id: Mapped[int] = mapped_column(ForeignKey("camps.id", ondelete="CASCADE"))
    batch_id: Mapped[int] = mapped_column(
        ForeignKey("notice_batches.id", ondelete="CASCADE"), index=True
    )
    loan_id: Mapped[int] = mapped_column(ForeignKey("loans.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # borrower, guarantor
    addressee: Mapped[str] = mapped_column(String(100))
    figures: Mapped[dict] = mapped_column(JSON, default=dict)
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    signed_by: Mapped[str | None] = mapped_column(String(8), nullable=True)
    received_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # when the recording of its receipt began (real time): a claim never linked to its
    # visit or follow-up and older than db.notices.CLAIM_STALE was cut off; it may be redone
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    visit_id: Mapped[int | None] = mapped_column(
        ForeignKey("visits.id", ondelete="SET NULL"), nullable=True
    )
    followup_id: Mapped[int | None] = mapped_column(
        ForeignKey("followups.id", ondelete="SET NULL"), nullable=True
    )
