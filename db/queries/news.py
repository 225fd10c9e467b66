"""The read of the projected pages' news ticker (core.ticker): the counted visits of the
last day that collected money or won an acknowledgement. Borrowers leave this module only
through core.ticker.select, which masks them (SPEC §4.10)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, Engine, or_, select
from sqlalchemy.orm import Session

from core.standings import cash_fen
from core.ticker import WINDOW, NewsItem, VisitNews
from core.ticker import select as select_news
from db.models import Camp, Team, Visit, aware_utc
from db.models import Loan as LoanRow
from db.scoring import counted

LIMIT = 200  # the newest candidate visits read: far more than a ticker shows


def news(bind: Engine | Connection | Session, camp: Camp, now: datetime) -> tuple[NewsItem, ...]:
    """The ticker of `camp` at `now` (aware): core.ticker.select over its counted visits
    of the last day."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return news(conn, camp, now)
    cash = cash_fen(Visit.cash_principal_fen, Visit.cash_interest_fen, Visit.cash_written_off_fen)
    rows = bind.execute(
        select(
            Visit.id,
            Visit.visited_at,
            Team.name,
            LoanRow.borrower,
            cash,
            Visit.earned_ack,
            Visit.earned_ack_urgent,
            Visit.earned_settled,
        )  # fmt: skip
        .join(Team, Team.id == Visit.team_id)
        .join(LoanRow, LoanRow.id == Visit.loan_id)
        .where(
            Visit.camp_id == camp.id,
            counted(camp),
            Visit.visited_at > now - WINDOW,
            Visit.visited_at <= now,
            or_(cash > 0, Visit.earned_ack.is_(True)),
        )
        .order_by(Visit.visited_at.desc(), Visit.id.desc())
        .limit(LIMIT)
    ).all()
    visits = [
        VisitNews(
            vid,
            aware_utc(at),
            team,
            borrower or "",
            int(c or 0),
            bool(ack),
            bool(urg),
            bool(settled),
        )  # fmt: skip
        for vid, at, team, borrower, c, ack, urg, settled in rows
    ]
    return select_news(visits, now)


def camp_news(bind: Engine | Connection, code: str, now: datetime) -> tuple[NewsItem, ...]:
    """`news` of the camp with code `code`; () for an unknown camp."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return camp_news(conn, code, now)
    camp = bind.execute(select(Camp).where(Camp.code == code)).first()
    return () if camp is None else news(bind, camp, now)
