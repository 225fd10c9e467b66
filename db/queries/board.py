"""The read side of the 08:00 morning board (SPEC §3 Morning board, §4.6, §4.8, §4.10, §4.11).

One function, `morning_board`, reads everything the board shows at one moment in
one transaction and hands back plain values (core.board.MorningBoard). Personal
data leaves this module masked only: borrowers by core.masking.mask_name, loan
numbers by mask_account — the board is projected, for every role.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import Connection, Engine, case, func, select
from sqlalchemy.orm import Session

from core import research as rs
from core.board import (
    TIERS,
    MorningBoard,
    PairingLine,
    PlanLoan,
    TeamLine,
    TeamPlan,
    group_plan,
    last_cutoff,
    plan_day,
)
from core.masking import mask_account, mask_name
from core.scope import clean_scope
from core.standings import Entry, cash_fen
from db.models import Camp, Pairing, Team, Visit
from db.queries import standings, team_styles
from db.queries.news import news
from db.queries.research import (
    PLAN,
    camp_list,
    items_of_kind,
    loan_dicts,
    parse_plan_key,
    team_infos,
)
from db.scoring import camp_calendar, counted
from db.uow import find_camp

# A team without a saved plan shows the plan /research prefills: this many households,
# in priority order (the page's default too).
PREFILL = 15


def _night(s: Session, camp: Camp, since: datetime, now: datetime) -> dict[int, tuple]:
    """Per team: the counted night-shift visits in (since, now] — visits, points, cash,
    first acknowledgements, first complete promises."""
    cash = cash_fen(Visit.cash_principal_fen, Visit.cash_interest_fen, Visit.cash_written_off_fen)
    rows = s.execute(
        select(
            Visit.team_id,
            func.count(),
            func.coalesce(func.sum(Visit.points), 0),
            func.coalesce(func.sum(cash), 0),
            func.coalesce(func.sum(case((Visit.earned_ack, 1), else_=0)), 0),
            func.coalesce(func.sum(case((Visit.earned_promise, 1), else_=0)), 0),
        )
        .where(
            Visit.camp_id == camp.id,
            counted(camp),
            Visit.night.is_(True),
            Visit.visited_at > since,
            Visit.visited_at <= now,
        )
        .group_by(Visit.team_id)
    )
    return {team_id: tuple(int(x) for x in rest) for team_id, *rest in rows}


def _pairings(s: Session, camp: Camp, day: int, points: dict[str, int] | None) -> tuple:
    names = dict(s.execute(select(Team.id, Team.name).where(Team.camp_id == camp.id)).all())
    rows = s.execute(
        select(Pairing.team_a_id, Pairing.team_b_id)
        .where(Pairing.camp_id == camp.id, Pairing.day == day)
        .order_by(Pairing.id)
    )
    out = []
    for a, b in rows:
        pa, pb = names[a], names[b]
        if points is None:
            out.append(PairingLine(pa, pb))
        else:
            out.append(PairingLine(pa, pb, points.get(pa, 0), points.get(pb, 0)))
    return tuple(out)


def _holds_flag(entry: Entry) -> bool:
    """A team that did nothing in the period (no record ever changed its points, no
    cash) does not win the red flag on the name tie-break."""
    return entry.reached_at is not None or entry.points != 0 or entry.cash_fen > 0


def _plans(s: Session, camp: Camp, day: int, when, customs: dict[str, str]):  # noqa: ANN001, ANN202
    """Each team's plan for `day`, masked and grouped; and the customs notes of the
    ethnicities on them."""
    loans, _ = loan_dicts(s, camp, clean_scope(camp.scope or {}), camp_calendar(camp).tz)
    views = rs.analyse(loans, when)  # clocks and promises read on the plan's day
    by_no = {v.loan_no: v for v in views}
    stored: dict[int, list[str]] = {}
    for name, text in items_of_kind(s, camp, PLAN):
        key = parse_plan_key(name)
        if key is not None and key[0] == day:
            stored[key[1]] = list(json.loads(text or "[]"))
    plans, shown = [], []
    for team in team_infos(s, camp):
        numbers = stored.get(team.id)
        if numbers is None:
            numbers = rs.prefill_plan(views, team.id, when, PREFILL)
        # a household that settled since the plan was made needs no visit
        mine = [by_no[no] for no in numbers if no in by_no and by_no[no].owing]
        shown += mine
        lines = [
            PlanLoan(
                order=i,
                borrower=mask_name(v.borrower),
                account=mask_account(v.loan_no),
                township=v.township,
                village=v.village,
                owed_fen=v.owed_fen,
                tier=TIERS[rs.plan_tier(v, when)],
                ethnicity=v.ethnicity if v.ethnicity and customs.get(v.ethnicity) else "",
                customer_type=v.customer_type or "",
            )
            for i, v in enumerate(mine, start=1)
        ]
        plans.append(TeamPlan(team.name, team.members, group_plan(lines), team.id in stored))
    return tuple(plans), tuple(rs.customs_for(shown, customs))


def morning_board(bind: Engine | Connection, code: str, now: datetime) -> MorningBoard:
    """The morning board of camp `code` at `now` (aware), read in one transaction.

    - camp day N of `days`, field day k of the field days;
    - last night: per team, the counted visits flagged as night-shift whose time is
      after the last cut-off at or before `now` (core.board.last_cutoff) and not after
      `now`;
    - the last closed period (§4.6) by team, and its top team — the red flag (§4.8);
    - the camp to date against each team's target;
    - the pairings of the plan day (today on a field day) and the outcome of the last
      closed period's pairings;
    - each team's plan for that day: saved on /research, else prefilled by priority
      (PREFILL households), grouped by township and village, masked (§4.10);
    - the materials checklist, the reward and penalty rules, the conduct reminders
      and the customs notes of the ethnicities on those plans (§4.11).

    Raises core.errors.UsageError for an unknown camp.
    """
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return morning_board(conn, code, now)
    with Session(bind=bind) as s:
        camp = find_camp(s, code)
        cal = camp_calendar(camp)
        since = last_cutoff(cal, now)
        period = cal.last_closed_period(now)
        whole = standings(bind, code)["teams"]
        by_period = (
            {e.name: (r, e) for r, e in standings(bind, code, period)["teams"]} if period else {}
        )
        ids = dict(s.execute(select(Team.name, Team.id).where(Team.camp_id == camp.id)).all())
        night = _night(s, camp, since, now)
        teams = []
        for position, e in whole:
            n = night.get(ids[e.name], (0, 0, 0, 0, 0))
            day_rank, day_entry = by_period.get(e.name, (None, None))
            teams.append(
                TeamLine(
                    team=e.name,
                    rank=position,
                    points=e.points,
                    cash_fen=e.cash_fen,
                    target_fen=e.extra["target_fen"],
                    day_rank=day_rank,
                    day_points=day_entry.points if day_entry else 0,
                    day_cash_fen=day_entry.cash_fen if day_entry else 0,
                    night_visits=n[0],
                    night_points=n[1],
                    night_cash_fen=n[2],
                    night_acks=n[3],
                    night_promises=n[4],
                )
            )
        top = min(by_period.values(), key=lambda re: re[0], default=None)
        red_flag = top[1].name if top and _holds_flag(top[1]) else None
        pday = plan_day(cal, cal.local(now).date())
        customs = dict(camp_list(s, camp, "custom"))
        plans, present = _plans(s, camp, pday, cal.date_of_day(pday), customs)
        points = {name: e.points for name, (_, e) in by_period.items()}
        return MorningBoard(
            code=camp.code,
            name=camp.name,
            start_date=camp.start_date,
            days=camp.days,
            first_field_day=camp.first_field_day,
            now=cal.local(now),
            day=cal.day_of(now),
            since=cal.local(since),
            period_day=period,
            teams=tuple(teams),
            red_flag=red_flag,
            plan_day=pday,
            pairings=_pairings(s, camp, pday, None),
            results=_pairings(s, camp, period, points) if period else (),
            plans=plans,
            materials=tuple(camp_list(s, camp, "material")),
            rules_text=camp.rules_text or "",
            conduct=tuple(camp_list(s, camp, "conduct")),
            customs=present,
            frozen=camp.frozen_at is not None,
            styles=team_styles(bind, code),
            news=news(s, camp, now),
        )
