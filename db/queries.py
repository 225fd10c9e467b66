"""Read side for the pages: SQL aggregates straight to plain rows."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from db.models import Camp, Team
from db.models import Loan as LoanRow


def camp_overview(engine: Engine) -> list[dict]:
    """Each camp with its team and loan counts, newest first."""
    teams = select(Team.camp_id, func.count().label("n")).group_by(Team.camp_id).subquery("teams")
    loans = (
        select(LoanRow.camp_id, func.count().label("n")).group_by(LoanRow.camp_id).subquery("loans")
    )
    stmt = (
        select(
            Camp.code,
            Camp.name,
            Camp.start_date,
            func.coalesce(teams.c.n, 0).label("teams"),
            func.coalesce(loans.c.n, 0).label("loans"),
        )
        .outerjoin(teams, teams.c.camp_id == Camp.id)
        .outerjoin(loans, loans.c.camp_id == Camp.id)
        .order_by(Camp.start_date.desc(), Camp.code)
    )
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(stmt)]
