"""Reads the people at the screens need (issue 14): the camp's cut-offs, for the
ceremony's warning before the champion is revealed and the wall's countdown."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from db.engine import Engine
from db.models import Camp
from db.scoring import camp_calendar


def cutoffs(engine: Engine, code: str, now: datetime) -> tuple[datetime | None, datetime] | None:
    """(the end of the period `now` is in — None outside the field days —, the camp's final
    cut-off), aware UTC; None for an unknown camp."""
    with engine.connect() as conn:
        camp = conn.execute(select(Camp).where(Camp.code == code)).first()
        if camp is None:
            return None
        cal = camp_calendar(camp)
    final = cal.period_bounds(cal.days)[1]
    day = cal.period_of(now)
    return (cal.period_bounds(day)[1] if day is not None else None), final
