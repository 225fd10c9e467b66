"""Commands of /awards (SPEC §3): categories, nominations, votes, reveals. The reads (the
board, the figures behind the suggestions, a voter's votes, the certificates) are in
db/queries/awards.py.

Writes open a unit of work, lock the camp row first (one order for every write, so two
writers queue and never deadlock), check the input, record who did what in the audit log,
bump the camp's data version (the cache key of the boards) and commit once. The unique
constraints hold the rest under races: one nomination per nominee per category, and one
vote per voter per category — a vote is an upsert (INSERT … ON CONFLICT DO UPDATE on both
SQLite and PostgreSQL), so a changed vote updates its row and two simultaneous first votes
leave one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from core.awards import (
    DEFAULT_CATEGORIES,
    AwardRefused,
    check_subject,
    clean_category_name,
    clean_reason,
)
from db.models import AwardCategory, Camp, Member, Nomination, Team, Vote, utcnow
from db.uow import UnitOfWork

# ----------------------------------------------------------------------------- writing


def _categories(s: Session, camp: Camp) -> list[AwardCategory]:
    return list(
        s.scalars(
            select(AwardCategory)
            .where(AwardCategory.camp_id == camp.id)
            .order_by(AwardCategory.position, AwardCategory.id)
        )
    )


def _category(s: Session, camp: Camp, category_id: int) -> AwardCategory:
    c = s.get(AwardCategory, category_id)
    if c is None or c.camp_id != camp.id:
        raise AwardRefused("awards.err.no_category")
    return c


def _state(c: AwardCategory) -> dict:
    return {"name": c.name, "subject": c.subject, "rule": c.rule, "description": c.description}


def ensure_categories(engine: Engine, code: str, actor: str = "system") -> bool:
    """Give a camp without any category the six defaults; True when it did."""
    with engine.connect() as conn:
        camp_id = conn.scalar(select(Camp.id).where(Camp.code == code))
        if camp_id is None or conn.scalar(
            select(func.count()).where(AwardCategory.camp_id == camp_id)
        ):
            return False
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        if _categories(s, camp):  # another screen was first
            return False
        s.add_all(
            AwardCategory(camp_id=camp.id, name=d.name, subject=d.subject, rule=d.rule,
                          description=d.description, position=i)
            for i, d in enumerate(DEFAULT_CATEGORIES)
        )  # fmt: skip
        uow.audit(actor, "awards.defaults", "camp", camp_id=camp.id, entity_id=camp.code,
               after={"categories": [d.name for d in DEFAULT_CATEGORIES]})  # fmt: skip
        uow.commit()
    return True


def _flush_name(s: Session, name: str) -> None:
    try:
        with s.begin_nested():
            s.flush()
    except IntegrityError as exc:
        raise AwardRefused("awards.err.name_taken", name=name) from exc


def add_category(
    engine: Engine, code: str, name: str, subject: str, description: str, actor: str
) -> int:
    """A category of the organiser's own: no formula, so no suggestions."""
    name = clean_category_name(name)
    check_subject(subject)
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        existing = _categories(s, camp)
        if any(c.name == name for c in existing):
            raise AwardRefused("awards.err.name_taken", name=name)
        c = AwardCategory(camp_id=camp.id, name=name, subject=subject, rule="",
                          description=(description or "").strip(),
                          position=max((x.position for x in existing), default=-1) + 1)  # fmt: skip
        s.add(c)
        _flush_name(s, name)
        uow.audit(actor, "awards.category.add", "award_category", camp_id=camp.id,
               entity_id=str(c.id), after=_state(c))  # fmt: skip
        uow.commit()
        return c.id


def edit_category(
    engine: Engine, code: str, category_id: int, name: str, description: str, actor: str
) -> None:
    """Rename a category or change its description; its formula and subject stay."""
    name = clean_category_name(name)
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        c = _category(s, camp, category_id)
        before = _state(c)
        if name != c.name and any(x.name == name for x in _categories(s, camp)):
            raise AwardRefused("awards.err.name_taken", name=name)
        c.name, c.description = name, (description or "").strip()
        _flush_name(s, name)
        uow.audit(actor, "awards.category.edit", "award_category", camp_id=camp.id,
               entity_id=str(c.id), before=before, after=_state(c))  # fmt: skip
        uow.commit()


def remove_category(engine: Engine, code: str, category_id: int, actor: str) -> None:
    """Remove a category with its nominations and votes (kept in the audit log)."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        c = _category(s, camp, category_id)
        before = _state(c)
        before["nominations"] = [
            [n, r, by]
            for n, r, by in s.execute(
                select(Nomination.nominee, Nomination.reason, Nomination.nominated_by).where(
                    Nomination.category_id == c.id
                )
            )
        ]
        before["votes"] = s.scalar(select(func.count()).where(Vote.category_id == c.id))
        s.execute(delete(Vote).where(Vote.category_id == c.id))
        s.execute(delete(Nomination).where(Nomination.category_id == c.id))
        s.execute(delete(AwardCategory).where(AwardCategory.id == c.id))
        uow.audit(actor, "awards.category.remove", "award_category", camp_id=camp.id,
               entity_id=str(category_id), before=before)  # fmt: skip
        uow.commit()


def _nominable(s: Session, camp: Camp, subject: str) -> set[str]:
    if subject == "team":
        return set(s.scalars(select(Team.name).where(Team.camp_id == camp.id)))
    return set(s.scalars(select(Member.name).where(Member.camp_id == camp.id)))


def nominate(
    engine: Engine, code: str, category_id: int, nominee: str, reason: str, actor: str
) -> int:
    """Nominate a team or member (per the category's subject) with a reason; once per
    nominee per category, and not after the category is revealed."""
    reason = clean_reason(reason)
    nominee = (nominee or "").strip()
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        c = _category(s, camp, category_id)
        if c.revealed_at is not None:
            raise AwardRefused("awards.err.revealed", category=c.name)
        if nominee not in _nominable(s, camp, c.subject):
            raise AwardRefused(f"awards.err.not_{c.subject}", name=nominee)
        taken = AwardRefused("awards.err.nominated", name=nominee, category=c.name)
        if s.scalar(
            select(Nomination.id).where(
                Nomination.category_id == c.id, Nomination.nominee == nominee
            )
        ):
            raise taken
        n = Nomination(category_id=c.id, nominee=nominee, reason=reason, nominated_by=actor,
                       nominated_at=utcnow())  # fmt: skip
        s.add(n)
        try:
            with s.begin_nested():
                s.flush()
        except IntegrityError as exc:  # the same nomination committed a moment earlier
            raise taken from exc
        uow.audit(actor, "awards.nominate", "nomination", camp_id=camp.id, entity_id=str(n.id),
               after={"category": c.name, "nominee": nominee, "reason": reason})  # fmt: skip
        uow.commit()
        return n.id


def _upsert_vote(s: Session, category_id: int, voter: str, nominee: str) -> None:
    """One row per voter and category, whatever races it: insert, or update the nominee."""
    dialect = s.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(Vote).values(
        category_id=category_id, voter=voter, nominee=nominee, voted_at=utcnow()
    )
    stmt = stmt.on_conflict_do_update(
        index_elements=[Vote.category_id, Vote.voter],
        set_={"nominee": stmt.excluded.nominee, "voted_at": stmt.excluded.voted_at},
    )
    s.execute(stmt)


def vote(engine: Engine, code: str, category_id: int, voter: str, nominee: str) -> str | None:
    """Cast or change `voter`'s vote (a username) in a category for one of its nominees,
    until the category is revealed. Returns the nominee voted for before, if any."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        c = _category(s, camp, category_id)
        if c.revealed_at is not None:
            raise AwardRefused("awards.err.revealed", category=c.name)
        nominated = set(s.scalars(select(Nomination.nominee).where(Nomination.category_id == c.id)))
        if nominee not in nominated:
            raise AwardRefused("awards.err.not_nominated", name=nominee, category=c.name)
        before = s.scalar(select(Vote.nominee).where(Vote.category_id == c.id, Vote.voter == voter))
        _upsert_vote(s, c.id, voter, nominee)
        uow.audit(voter, "awards.vote", "award_category", camp_id=camp.id, entity_id=str(c.id),
               before={"nominee": before} if before else None,
               after={"nominee": nominee})  # fmt: skip
        uow.commit()
        return before


def reveal(
    engine: Engine, code: str, category_id: int, actor: str, now: datetime | None = None
) -> datetime:
    """Reveal a category's result on the ceremony screen; voting in it closes. Revealing
    again keeps the first time."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        c = _category(s, camp, category_id)
        if c.revealed_at is None:
            c.revealed_at = now or utcnow()
            after = {"category": c.name, "revealed_at": c.revealed_at.isoformat()}
            uow.audit(actor, "awards.reveal", "award_category", camp_id=camp.id,
                   entity_id=str(c.id), after=after)  # fmt: skip
            uow.commit()
        return c.revealed_at


def seal(engine: Engine, code: str, category_id: int, actor: str) -> None:
    """Seal a revealed category again (a reveal by mistake, a rehearsal); voting reopens."""
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp = uow.use_camp(code)
        c = _category(s, camp, category_id)
        if c.revealed_at is None:
            return
        before = c.revealed_at.isoformat()
        c.revealed_at = None
        uow.audit(actor, "awards.seal", "award_category", camp_id=camp.id, entity_id=str(c.id),
               before={"category": c.name, "revealed_at": before})  # fmt: skip
        uow.commit()
