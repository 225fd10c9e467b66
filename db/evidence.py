"""Evidence attached to visits and follow-ups (issue 17, point 3): the write and its reads.

`attach` stores a photo or scan of a signed receipt or a payment slip on one visit or
follow-up, in one unit of work (checked by core.evidence.prepare: size, type, metadata
stripped, decompression bombs refused). The bytes live in the store's `evidence`
table, so `cli.py backup` and `restore` carry them with everything else.

Reads: `loan_evidence` (a loan's visits and follow-ups with their attachments, for the
clock panel — only for a user who may see them, core.evidence.may_see),
`unevidenced` (signed receipts still without paper 24 hours after they were
recorded), `attachable` (what a user may attach to) and `list_for_loan` (the images
of a loan for the lawyers' bundle).
Still mixed this round, as db/entry.py: the command and its reads in one module.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.orm import Session

from core.errors import InputRejected
from core.evidence import KINDS, may_see, needs_evidence, prepare, ref
from core.records import Problem
from db.models import Camp, Evidence, FollowUp, Task, Team, Visit, aware_utc
from db.models import Loan as LoanRow
from db.uow import UnitOfWork, find_camp

CAPTION_MAX = 200
Bind = Engine | Connection


class LoanEvidence(NamedTuple):
    """One attachment of a loan for the lawyers' bundle: `caption` names the visit or
    follow-up (its local time, who was met, whether a receipt was signed) and the
    uploader's note; `recorded_at` is when the file was stored (aware, UTC)."""

    caption: str
    mime: str
    data: bytes
    recorded_at: datetime


@dataclass(frozen=True)
class Attachment:
    id: int
    ref: str  # "visit:12" / "followup:3", as clock effects name them
    caption: str
    filename: str
    mime: str
    size: int
    sha256: str
    data: bytes
    uploaded_by: str
    uploaded_at: datetime

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


@dataclass(frozen=True)
class Record:
    """A visit or a follow-up of a loan, as evidence is attached to it."""

    ref: str
    kind: str  # visit, followup
    id: int
    loan_id: int
    loan_no: str
    borrower: str
    manager: str
    team: str  # the visit's team; "" for a follow-up
    contact: str
    at: datetime  # when it happened (aware, UTC)
    recorded_at: datetime  # when it was entered (aware, UTC): the 24 hours run from here
    ack: bool
    paid_fen: int
    attachments: int = 0
    entered_by: str = ""

    def flagged(self, now: datetime) -> bool:
        """A signed receipt still without a photo or scan 24 hours after it was entered."""
        return self.ack and needs_evidence(self.recorded_at, self.attachments, now)


@dataclass(frozen=True)
class LoanFile:
    """A loan's visits and follow-ups, newest first, and the attachments of each."""

    loan_id: int
    loan_no: str
    borrower: str
    records: tuple[Record, ...]
    attachments: dict[str, tuple[Attachment, ...]] = field(default_factory=dict)

    def of(self, record_ref: str) -> tuple[Attachment, ...]:
        return self.attachments.get(record_ref, ())


@contextmanager
def _reading(bind: Bind | Session) -> Iterator[Session]:
    """A read session on an Engine or Connection; a caller's own Session is used as is."""
    if isinstance(bind, Session):
        yield bind
        return
    with Session(bind=bind) as s:
        yield s


def _rejected(reason: str, column: str | None = None, /, **params: object) -> InputRejected:
    return InputRejected([Problem.coded(None, column, reason, **params)])


# ----------------------------------------------------------------------------- the write


def attach(
    engine: Engine,
    code: str,
    kind: str,
    record_id: int,
    data: bytes,
    *,
    filename: str = "",
    caption: str = "",
    actor: str,
    actor_name: str,
    actor_role: str,
) -> int:
    """Attach a photo or scan to visit or follow-up `record_id` of camp `code`; returns
    the attachment's id.

    InputRejected (nothing written) for a file core.evidence refuses, an unknown or
    voided record, a caption over 200 characters, or a user who may not see the loan's
    evidence (admin and trainer may; a manager on the loans they own).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown evidence record kind {kind!r}")
    caption = (caption or "").strip()
    if len(caption) > CAPTION_MAX:
        raise _rejected("evidence.caption_long", "caption")
    prepared = prepare(data, filename)
    with UnitOfWork(engine, code) as uow:
        s, camp = uow.session, uow.camp
        row = _record_row(s, camp, kind, record_id)
        if row is None:
            raise _rejected(f"evidence.unknown_{kind}", None, code=code, id=record_id)
        if kind == "visit" and row.voided_at is not None:
            raise _rejected("evidence.voided", None, id=record_id)
        loan = s.get(LoanRow, row.loan_id)
        if not may_see(actor_role, actor_name, _owners(s, camp, loan)):
            raise _rejected("evidence.not_allowed", None, actor=actor_name or actor,
                            loan_no=loan.loan_no)  # fmt: skip
        item = Evidence(
            camp_id=camp.id, loan_id=loan.id,
            visit_id=record_id if kind == "visit" else None,
            followup_id=record_id if kind == "followup" else None,
            caption=caption, filename=(filename or "")[:255], mime=prepared.mime,
            size=prepared.size, sha256=prepared.sha256, width=prepared.width,
            height=prepared.height, data=prepared.data, uploaded_by=actor,
        )  # fmt: skip
        s.add(item)
        s.flush()
        uow.audit(
            actor, "evidence.attach", "evidence", camp_id=camp.id, entity_id=str(item.id),
            after={"record": ref(kind, record_id), "loan_no": loan.loan_no,
                   "mime": prepared.mime, "size": prepared.size, "sha256": prepared.sha256,
                   "original_size": prepared.original_size, "filename": item.filename,
                   "caption": caption},
        )  # fmt: skip
        uow.commit()
        return item.id


def _record_row(s: Session, camp: Camp, kind: str, record_id: int) -> Visit | FollowUp | None:
    model = Visit if kind == "visit" else FollowUp
    return s.scalars(
        select(model).where(model.id == record_id, model.camp_id == camp.id)
    ).one_or_none()


def _owners(s: Session, camp: Camp, loan: LoanRow) -> set[str]:
    """Who owns a loan: its 客户经理 and the owners of its post-loan tasks."""
    owners = {loan.manager or ""}
    owners |= set(
        s.scalars(select(Task.owner).where(Task.camp_id == camp.id, Task.loan_id == loan.id))
    )
    return {o for o in owners if o}


# ----------------------------------------------------------------------------- the reads


def _records(s: Session, camp: Camp, *, loan_id: int | None = None,
             acks_only: bool = False, entered_by: str | None = None) -> list[Record]:  # fmt: skip
    """The camp's live (not voided) visits and its follow-ups, newest first."""
    teams = dict(s.execute(select(Team.id, Team.name).where(Team.camp_id == camp.id)).all())
    counts = _attachment_counts(s, camp, loan_id)
    loans = select(LoanRow.id, LoanRow.loan_no, LoanRow.borrower, LoanRow.manager).where(
        LoanRow.camp_id == camp.id
    )
    if loan_id is not None:
        loans = loans.where(LoanRow.id == loan_id)
    info = {r.id: r for r in s.execute(loans)}
    out: list[Record] = []
    v = select(Visit).where(Visit.camp_id == camp.id, Visit.voided_at.is_(None))
    f = select(FollowUp).where(FollowUp.camp_id == camp.id)
    if loan_id is not None:
        v, f = v.where(Visit.loan_id == loan_id), f.where(FollowUp.loan_id == loan_id)
    if acks_only:
        v, f = v.where(Visit.ack), f.where(FollowUp.ack)
    if entered_by is not None:
        v, f = v.where(Visit.entered_by == entered_by), f.where(FollowUp.entered_by == entered_by)
    for row in s.scalars(v):
        loan = info[row.loan_id]
        key = ref("visit", row.id)
        out.append(Record(key, "visit", row.id, row.loan_id, loan.loan_no, loan.borrower,
                          loan.manager or "", teams.get(row.team_id, ""), row.contact,
                          row.visited_at, row.entered_at, bool(row.ack),
                          int(row.principal_fen or 0) + int(row.interest_fen or 0),
                          counts.get(key, 0), row.entered_by or ""))  # fmt: skip
    for row in s.scalars(f):
        loan = info[row.loan_id]
        key = ref("followup", row.id)
        out.append(Record(key, "followup", row.id, row.loan_id, loan.loan_no, loan.borrower,
                          loan.manager or "", "", row.contact, row.at, row.entered_at,
                          bool(row.ack),
                          int(row.principal_fen or 0) + int(row.interest_fen or 0),
                          counts.get(key, 0), row.entered_by or ""))  # fmt: skip
    out.sort(key=lambda r: (r.at, r.recorded_at, r.ref), reverse=True)
    return out


def _attachment_counts(s: Session, camp: Camp, loan_id: int | None) -> dict[str, int]:
    stmt = select(Evidence.visit_id, Evidence.followup_id, func.count()).where(
        Evidence.camp_id == camp.id
    )
    if loan_id is not None:
        stmt = stmt.where(Evidence.loan_id == loan_id)
    counts: dict[str, int] = {}
    for visit_id, followup_id, n in s.execute(
        stmt.group_by(Evidence.visit_id, Evidence.followup_id)
    ):
        key = ref("visit", visit_id) if visit_id is not None else ref("followup", followup_id)
        counts[key] = counts.get(key, 0) + int(n)
    return counts


def _attachments(s: Session, loan_id: int) -> list[Attachment]:
    rows = s.scalars(
        select(Evidence).where(Evidence.loan_id == loan_id).order_by(Evidence.uploaded_at,
                                                                     Evidence.id)
    )  # fmt: skip
    return [
        Attachment(
            id=e.id,
            ref=ref("visit", e.visit_id)
            if e.visit_id is not None
            else ref("followup", e.followup_id),
            caption=e.caption,
            filename=e.filename,
            mime=e.mime,
            size=e.size,
            sha256=e.sha256,
            data=bytes(e.data),
            uploaded_by=e.uploaded_by,
            uploaded_at=aware_utc(e.uploaded_at),
        )  # fmt: skip
        for e in rows
    ]


def _loan(s: Session, camp: Camp, loan_no: str) -> LoanRow | None:
    return s.scalars(
        select(LoanRow).where(LoanRow.camp_id == camp.id, LoanRow.loan_no == loan_no)
    ).one_or_none()


def loan_evidence(
    bind: Bind, code: str, loan_no: str, *, role: str | None, user_name: str | None
) -> LoanFile | None:
    """A loan's visits and follow-ups with their attachments; None for an unknown loan
    or a user who may not see its evidence (core.evidence.may_see) — checked here, on
    the server, whatever the page shows."""
    with _reading(bind) as s:
        camp = find_camp(s, code)
        loan = _loan(s, camp, loan_no)
        if loan is None or not may_see(role, user_name, _owners(s, camp, loan)):
            return None
        by_ref: dict[str, list[Attachment]] = {}
        for a in _attachments(s, loan.id):
            by_ref.setdefault(a.ref, []).append(a)
        return LoanFile(
            loan.id,
            loan.loan_no,
            loan.borrower,
            tuple(_records(s, camp, loan_id=loan.id)),
            {k: tuple(v) for k, v in by_ref.items()},
        )


def unevidenced(
    bind: Bind, code: str, now: datetime, *, role: str | None, user_name: str | None
) -> list[Record]:
    """Signed receipts (签收回执 = 是) of visits and follow-ups still without a photo or
    scan 24 hours after they were entered, oldest first — of every loan for the admin
    and trainers, of their own loans for a manager, none for anyone else."""
    if role not in ("admin", "trainer", "manager"):
        return []
    with _reading(bind) as s:
        camp = find_camp(s, code)
        records = [r for r in _records(s, camp, acks_only=True) if r.flagged(now)]
        if role == "manager":
            owned = _owned_loans(s, camp, user_name)
            records = [r for r in records if r.loan_id in owned]
    return sorted(records, key=lambda r: (r.recorded_at, r.ref))


def _owned_loans(s: Session, camp: Camp, user_name: str | None) -> set[int]:
    if not user_name:
        return set()
    owned = set(
        s.scalars(
            select(LoanRow.id).where(LoanRow.camp_id == camp.id, LoanRow.manager == user_name)
        )
    )
    owned |= set(
        s.scalars(select(Task.loan_id).where(Task.camp_id == camp.id, Task.owner == user_name))
    )
    return owned


def attachable(
    bind: Bind,
    code: str,
    *,
    role: str | None,
    user_name: str | None,
    loan_no: str | None = None,
    entered_by: str | None = None,
    limit: int = 20,
) -> list[Record]:
    """The visits and follow-ups a user may attach evidence to, newest first: of one
    loan, or those `entered_by` entered; a manager's only on the loans they own."""
    with _reading(bind) as s:
        camp = find_camp(s, code)
        loan_id = None
        if loan_no is not None:
            loan = _loan(s, camp, loan_no)
            if loan is None:
                return []
            loan_id = loan.id
        records = _records(s, camp, loan_id=loan_id, entered_by=entered_by)
        if role not in ("admin", "trainer"):
            owned = _owned_loans(s, camp, user_name) if role == "manager" else set()
            records = [r for r in records if r.loan_id in owned]
    return records[:limit]


def caption_of(record: Record, note: str, tz: ZoneInfo) -> str:
    """The Chinese caption of an attachment in a bundle: what it documents, then the note."""
    kind = "走访" if record.kind == "visit" else "贷后跟进"
    parts = [f"{record.at.astimezone(tz):%Y-%m-%d %H:%M} {kind}", record.contact]
    if record.ack:
        parts.append("签收回执")
    if record.paid_fen:
        parts.append(f"收回 {record.paid_fen / 100:,.2f} 元")
    text = " · ".join(parts)
    return f"{text}：{note}" if note else text


def list_for_loan(bind: Bind | Session, loan_id: int) -> list[LoanEvidence]:
    """Every attachment of a loan, oldest first, as (caption, mime, data, recorded_at) —
    for the lawyers' bundle; `bind` is an Engine, a Connection or the caller's Session.
    The caller checks that the user may see personal data."""
    with _reading(bind) as s:
        loan = s.get(LoanRow, loan_id)
        if loan is None:
            return []
        camp = s.get(Camp, loan.camp_id)
        tz = ZoneInfo(camp.timezone)
        records = {r.ref: r for r in _records(s, camp, loan_id=loan_id)}
        out = []
        for a in _attachments(s, loan_id):
            record = records.get(a.ref)
            caption = caption_of(record, a.caption, tz) if record else a.caption
            out.append(LoanEvidence(caption, a.mime, a.data, a.uploaded_at))
        return out
