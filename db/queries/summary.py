"""Read side of /summary: one field day's summary meeting as a masked core.report.DaySummary.

Choices where SPEC leaves room (said here so the page and the report agree):

- The day: by default the last closed period at `now`; before any period has
  closed, the running one; before the camp, the first field day.
- Teams: the period's standings (db.queries.standings) beside the previous field
  day's; the first field day has no previous.
- Largest recoveries: the period's counted visits that collected money, the
  biggest `RECOVERY_TOP`.
- Promises won: every counted visit of the period whose promise is complete.
- Limitations saved: a loan whose first visit of the period found its limitation
  expired or urgent (the visit's `limitation_before`), and whose clock — maturity,
  last repayment, last acknowledgement and every camp visit up to the period's end
  that collected money or got the borrower's signature — is safe at the period's
  end date. Credited to the first visit of the period that restarted the clock.
- Problems: those raised from the period's start to the end of the meeting's day
  (the 17:30 meeting raises some), and those still open from earlier; each with
  its status now.
- Tomorrow: loans whose latest complete promise (made up to the period's end) is
  due tomorrow; loans whose latest visit was in the period and found nobody
  (未见到, 失联) — to retry. Night shifts: the camp's shifts of the coming night
  (they count in tomorrow's period); none after the last day. Night-visit
  candidates are the retries that found nobody by day: the customer may work by
  day, so a night visit arranged with the customer's consent (SPEC §4.11).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, and_, or_, select

from core.calendar import CampCalendar
from core.clocks import ClockEvent, Effect, LoanTerms, replay_clocks
from core.errors import UsageError
from core.loans import urgency_rank
from core.masking import Redactor, mask_account, mask_name
from core.records import PAID_AT_BRANCH
from core.report import DaySummary, NightShift, ProblemLine, TeamDay, VisitLine
from core.scoring import BORROWER_ACK_CONTACTS
from core.standings import cash_fen
from db.models import Camp, FieldProblem, Team, Visit, utcnow
from db.models import Loan as LoanRow
from db.queries import standings, team_styles
from db.scoring import camp_calendar, counted

RECOVERY_TOP = 12  # a projector table's rows
NO_CONTACT = ("未见到", "失联")
SINGLE_COLLECTOR = "single collector"
SAVED_FROM = ("expired", "urgent")
CHUNK = 500


def default_day(cal: CampCalendar, now: datetime) -> int:
    """The field day the meeting looks at: the last closed period, else the running one,
    else the first field day (before the camp) — see the module's docstring."""
    closed = cal.last_closed_period(now)
    if closed is not None:
        return closed
    running = cal.current_period(now)
    return running if running is not None else cal.first_field_day


def summary_days(
    bind: Engine | Connection, code: str, now: datetime
) -> tuple[dict[int, date], int]:
    """The camp's field days with their dates, and the default day at `now`."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return summary_days(conn, code, now)
    cal = camp_calendar(_camp(bind, code))
    return {day: cal.date_of_day(day) for day in cal.field_days}, default_day(cal, now)


def _camp(conn: Connection, code: str):  # noqa: ANN202
    camp = conn.execute(select(Camp).where(Camp.code == code)).first()
    if camp is None:
        raise UsageError.coded("usage.unknown_camp", code=code)
    return camp


def chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ordered = sorted(set(ids))
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i : i + CHUNK]


_VISIT_COLUMNS = (
    Visit.id,
    Visit.loan_id,
    Visit.team_id,
    Visit.visited_at,
    Visit.members,
    Visit.contact,
    Visit.principal_fen,
    Visit.interest_fen,
    Visit.ack,
    Visit.cash_principal_fen,
    Visit.cash_interest_fen,
    Visit.cash_written_off_fen,
    Visit.promise_date,
    Visit.promise_amount_fen,
    Visit.promise_method,
    Visit.promise_complete,
    Visit.limitation_before,
    Visit.quiet,
    Visit.night,
    Visit.warnings,
    Visit.notes,
    Visit.appointment_at,
    Visit.appointment_by,
    Visit.agreed_by,
)


def appointment_text(v, cal) -> str:  # noqa: ANN001
    """A quiet-hours visit's appointment in a line: `12-16 15:00 电话 本人` (SPEC §4.11)."""
    if not v.appointment_at:
        return ""
    at = cal.local(_aware_utc(v.appointment_at)).strftime("%m-%d %H:%M")
    return " ".join(x for x in (at, v.appointment_by, v.agreed_by) if x)


def _aware_utc(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _cash(v) -> int:  # noqa: ANN001
    return cash_fen(v.cash_principal_fen, v.cash_interest_fen, v.cash_written_off_fen)


RESTARTS = (Effect.RESTART, Effect.WAIVER)


def _event_ref(v) -> tuple:  # noqa: ANN001
    return (v.loan_id, v.visited_at, v.contact, bool(v.ack), v.principal_fen + v.interest_fen)


def _restarts(v) -> bool:  # noqa: ANN001
    """The visit restarts the limitation: money collected or the borrower's signature."""
    return v.principal_fen + v.interest_fen > 0 or (v.ack and v.contact in BORROWER_ACK_CONTACTS)


def _receipts_out(conn: Connection, code: str, now: datetime) -> tuple[tuple[str, int], ...]:
    """How many notices each team has out past the camp's days without their receipt."""
    from db.notices import notices_not_back  # db.notices reads through db.queries too

    counts: dict[str, int] = {}
    for notice in notices_not_back(conn.engine, code, now):
        counts[notice.team] = counts.get(notice.team, 0) + 1
    return tuple(counts.items())


def day_summary(
    bind: Engine | Connection, code: str, day: int | None = None, now: datetime | None = None
) -> DaySummary:
    """The summary meeting of camp day `day` (default: `default_day` at `now`), masked."""
    if isinstance(bind, Engine):
        with bind.connect() as conn:
            return day_summary(conn, code, day, now)
    conn = bind
    now = now or utcnow()
    camp = _camp(conn, code)
    cal = camp_calendar(camp)
    day = default_day(cal, now) if day is None else day
    if not cal.is_field_day(day):
        raise UsageError.coded("usage.not_field_day", day=day, days=list(cal.field_days))
    start, end = cal.period_bounds(day)
    day_date = cal.date_of_day(day)
    tomorrow = day_date + timedelta(days=1)
    prev_day = day - 1 if cal.is_field_day(day - 1) else None
    team_names = dict(conn.execute(select(Team.id, Team.name).where(Team.camp_id == camp.id)).all())

    period = conn.execute(
        select(*_VISIT_COLUMNS)
        .where(Visit.camp_id == camp.id, Visit.period_day == day, counted(camp))
        .order_by(Visit.visited_at, Visit.id)
    ).all()
    due = _due_tomorrow(conn, camp, end, tomorrow)
    loans = _loans(conn, [v.loan_id for v in period] + [v.loan_id for v in due])
    redactor: Redactor | None = None

    def redact(text: str | None) -> str:
        """Free text redacted; the camp's personal data is read at the first text that needs it."""
        nonlocal redactor
        if not text:
            return ""
        if redactor is None:
            redactor = Redactor(*camp_personal_data(conn, camp.id))
        return redactor(text)

    def line(v, **extra: object) -> VisitLine:  # noqa: ANN001
        loan = loans[v.loan_id]
        return VisitLine(
            at=cal.local(v.visited_at).replace(tzinfo=None),
            team=team_names[v.team_id],
            members=tuple(v.members or ()),
            borrower=mask_name(loan.borrower),
            loan_no=mask_account(loan.loan_no),
            contact=v.contact,
            night=v.night,
            **extra,  # type: ignore[arg-type]
        )

    money = sorted((v for v in period if _cash(v) > 0), key=lambda v: (-_cash(v), v.visited_at))
    recoveries = tuple(line(v, amount_fen=_cash(v)) for v in money[:RECOVERY_TOP])
    promises = tuple(
        line(
            v,
            amount_fen=v.promise_amount_fen or 0,
            due=v.promise_date,
            method=redact(v.promise_method),
        )
        for v in sorted(
            (v for v in period if v.promise_complete),
            key=lambda v: (v.promise_date, -(v.promise_amount_fen or 0)),
        )
    )
    quiet_visits = [v for v in period if v.quiet and v.contact != PAID_AT_BRANCH]
    quiet = tuple(line(v, note=appointment_text(v, cal)) for v in quiet_visits)
    quiet_without = tuple(
        line(v, note="") for v in quiet_visits
        if not (v.appointment_at and v.appointment_by and v.agreed_by)
        or v.appointment_at >= v.visited_at
    )  # fmt: skip
    single = tuple(line(v) for v in period if SINGLE_COLLECTOR in (v.warnings or ()))

    last_of_loan: dict[int, object] = {}
    for v in period:
        last_of_loan[v.loan_id] = v
    retries = tuple(line(v) for v in last_of_loan.values() if v.contact in NO_CONTACT)
    retries = tuple(sorted(retries, key=lambda x: (x.team, x.at)))

    return DaySummary(
        camp_code=camp.code,
        camp_name=camp.name,
        bank=camp.bank or "",
        day=day,
        field_index=cal.field_day_index(day),
        field_count=len(cal.field_days),
        day_date=day_date,
        period_start=cal.local(start).replace(tzinfo=None),
        period_end=cal.local(end).replace(tzinfo=None),
        state="closed" if end <= now else "running" if start < now else "upcoming",
        prev_day=prev_day,
        generated_at=cal.local(now).replace(tzinfo=None),
        teams=_teams(conn, code, day, prev_day, period, team_names),
        recoveries=recoveries,
        recovery_count=len(money),
        promises=promises,
        saved=_saved(conn, camp, cal, period, loans, end, line),
        quiet=quiet,
        quiet_without=quiet_without,
        single=single,
        problems=_problems(conn, camp, cal, start, day_date, redact),
        tomorrow=tomorrow,
        due_tomorrow=tuple(
            line(
                v,
                amount_fen=v.promise_amount_fen or 0,
                due=v.promise_date,
                method=redact(v.promise_method),
            )
            for v in due
        ),
        retries=retries,
        night_shifts=_night_shifts(cal, day),
        receipts_out=_receipts_out(conn, code, now),
        styles=team_styles(conn, code),
    )


def _teams(
    conn: Connection,
    code: str,
    day: int,
    prev_day: int | None,
    period: Sequence,
    team_names: dict[int, str],
) -> tuple[TeamDay, ...]:
    visits: dict[str, int] = {}
    for v in period:
        name = team_names[v.team_id]
        visits[name] = visits.get(name, 0) + 1
    prev = {}
    if prev_day is not None:
        prev = {e.name: (rank, e) for rank, e in standings(conn, code, prev_day)["teams"]}
    out = []
    for rank, e in standings(conn, code, day)["teams"]:
        before = prev.get(e.name)
        out.append(
            TeamDay(
                team=e.name,
                rank=rank,
                points=e.points,
                cash_fen=e.cash_fen,
                visits=visits.get(e.name, 0),
                acks=e.extra["acks"],
                promises=e.extra["promises"],
                target_fen=e.extra["target_fen"],
                prev_rank=before[0] if before else None,
                prev_points=before[1].points if before else None,
                prev_cash_fen=before[1].cash_fen if before else None,
            )
        )
    return tuple(out)


def _loans(conn: Connection, ids: Iterable[int]) -> dict[int, object]:
    out: dict[int, object] = {}
    for chunk in chunks(ids):
        for row in conn.execute(
            select(
                LoanRow.id,
                LoanRow.loan_no,
                LoanRow.borrower,
                LoanRow.maturity_date,
                LoanRow.last_payment_on,
                LoanRow.last_ack_on,
                LoanRow.sued_on,
                LoanRow.guarantee_until,
                LoanRow.guarantors,
                LoanRow.judgment_due_on,
            ).where(LoanRow.id.in_(chunk))
        ):
            out[row.id] = row
    return out


def camp_personal_data(conn: Connection, camp_id: int) -> tuple[set[str], set[str]]:
    """The camp's borrowers' and guarantors' names, and its loan numbers, ID numbers and
    phones: what core.masking.Redactor masks wherever free text leaves the store."""
    names: set[str] = set()
    numbers: set[str] = set()
    for borrower, guarantors, loan_no, id_number, phone in conn.execute(
        select(
            LoanRow.borrower, LoanRow.guarantors, LoanRow.loan_no, LoanRow.id_number, LoanRow.phone
        ).where(LoanRow.camp_id == camp_id)
    ):
        names.add(borrower.strip())
        names.update(str(g).strip() for g in guarantors or ())
        numbers.update(n.strip() for n in (loan_no, id_number, phone) if n)
    return names, numbers


class SavedLimitation(NamedTuple):
    """A loan a period took from expired or urgent to safe, and the visit credited with it."""

    visit: Any  # the loan's first visit of the period that restarted the clock (a period row)
    before: str  # "expired" or "urgent": the limitation found by the period's first visit
    expiry: date  # the new expiry at the period's end


def saved_limitations(
    conn: Connection,
    camp,  # noqa: ANN001
    cal: CampCalendar,
    period: Sequence,
    end: datetime,
    loans: Mapping[int, Any] | None = None,
) -> list[SavedLimitation]:
    """Loans the period took from expired or urgent to safe (module docstring).

    `period` is the period's counted visits in time order, or those of the loans that
    matter (a loan none of whose visits found its limitation expired or urgent cannot be
    saved): rows with id, loan_id, visited_at, principal_fen, interest_fen, ack, contact
    and limitation_before. A loan is saved when core.clocks finds it safe at the period's
    end and a visit of the period restarted its clock or waived the defence (a payment
    after expiry revives nothing, SPEC §4.4). `loans` are the loans' clock rows
    (`_loans`), read here if not given. /summary lists the result per day; /awards
    credits it to the visits' members.
    """
    first_time: dict[int, datetime] = {}
    before: dict[int, str] = {}
    for v in period:  # in time order: the first visits of each loan come first
        if v.loan_id not in first_time:
            first_time[v.loan_id] = v.visited_at
        if v.visited_at == first_time[v.loan_id] and v.limitation_before:
            current = before.get(v.loan_id)
            if current is None or urgency_rank(v.limitation_before) < urgency_rank(current):
                before[v.loan_id] = v.limitation_before
    candidates = [loan_id for loan_id, status in before.items() if status in SAVED_FROM]
    if loans is None:
        loans = _loans(conn, candidates)
    events: dict[int, list[ClockEvent]] = {}
    for chunk in chunks(candidates):
        for v in conn.execute(
            select(
                Visit.loan_id,
                Visit.visited_at,
                Visit.principal_fen,
                Visit.interest_fen,
                Visit.ack,
                Visit.contact,
            )
            .where(Visit.loan_id.in_(chunk), Visit.visited_at <= end, counted(camp))
            .order_by(Visit.visited_at, Visit.id)
        ):
            events.setdefault(v.loan_id, []).append(
                ClockEvent(
                    on=cal.local(v.visited_at).date(),
                    contact=v.contact,
                    paid_fen=v.principal_fen + v.interest_fen,
                    ack=bool(v.ack),
                    ref=_event_ref(v),
                )  # fmt: skip
            )
    at = cal.local(end).date()
    out = []
    for loan_id in candidates:
        loan = loans[loan_id]
        terms = LoanTerms(maturity_date=loan.maturity_date, last_payment_on=loan.last_payment_on,
                          last_ack_on=loan.last_ack_on, sued_on=loan.sued_on)  # fmt: skip
        clocks = replay_clocks(terms, events.get(loan_id, []), at)
        # SPEC §4.4: only what really restarted the clock saves it (after expiry: the
        # borrower's own signature), so the saver is the first such visit of the period
        restarted = {ref for ref, _, effect in clocks.effects if effect in RESTARTS}
        saver = next((v for v in period if v.loan_id == loan_id and _event_ref(v) in restarted),
                     None)  # fmt: skip
        if clocks.limitation_status == "safe" and saver is not None:
            out.append(SavedLimitation(saver, before[loan_id], clocks.limitation_expiry))
    return out


def _saved(
    conn: Connection, camp, cal: CampCalendar, period: Sequence, loans: dict, end: datetime, line
) -> tuple[VisitLine, ...]:  # noqa: ANN001
    """The summary's lines of `saved_limitations`, in time order."""
    out = [
        line(s.visit, before=s.before, expiry=s.expiry)
        for s in saved_limitations(conn, camp, cal, period, end, loans)
    ]
    return tuple(sorted(out, key=lambda x: (x.at, x.team)))


def _due_tomorrow(conn: Connection, camp, end: datetime, tomorrow: date) -> list:  # noqa: ANN001
    """Each loan's latest complete promise up to `end`, where that promise is due tomorrow."""
    promised = (
        select(Visit.loan_id)
        .where(
            Visit.camp_id == camp.id,
            Visit.promise_complete,
            Visit.promise_date == tomorrow,
            Visit.visited_at <= end,
            counted(camp),
        )
        .distinct()
    )
    rows = conn.execute(
        select(*_VISIT_COLUMNS)
        .where(
            Visit.loan_id.in_(promised),
            Visit.promise_complete,
            Visit.visited_at <= end,
            counted(camp),
        )
        .order_by(Visit.visited_at, Visit.id)
    ).all()
    latest: dict[int, object] = {}
    for v in rows:
        latest[v.loan_id] = v
    due = [v for v in latest.values() if v.promise_date == tomorrow]
    return sorted(due, key=lambda v: (-(v.promise_amount_fen or 0), v.visited_at))


def _problems(
    conn: Connection,
    camp,  # noqa: ANN001
    cal: CampCalendar,
    start: datetime,
    day_date: date,
    redact: Callable[[str | None], str],
) -> tuple[ProblemLine, ...]:
    meeting_end = cal.to_utc(datetime.combine(day_date + timedelta(days=1), time()))
    P = FieldProblem
    rows = conn.execute(
        select(
            P.id,
            P.text,
            P.status,
            P.raised_by,
            P.raised_at,
            P.resolution,
            Team.name.label("team"),
            LoanRow.loan_no,
            LoanRow.borrower,
        )
        .outerjoin(Team, Team.id == P.team_id)
        .outerjoin(LoanRow, LoanRow.id == P.loan_id)
        .where(
            P.camp_id == camp.id,
            P.raised_at < meeting_end,
            or_(
                P.raised_at > start,
                P.status == "open",
                and_(P.closed_at.is_not(None), P.closed_at > start),
            ),
        )
        .order_by(P.status.desc(), P.raised_at.desc(), P.id.desc())
    ).all()
    if not rows:
        return ()
    return tuple(
        ProblemLine(
            id=r.id,
            text=redact(r.text),
            team=r.team or "",
            loan_no=mask_account(r.loan_no) if r.loan_no else "",
            borrower=mask_name(r.borrower) if r.borrower else "",
            status=r.status,
            raised_by=r.raised_by,
            raised_at=cal.local(r.raised_at).replace(tzinfo=None),
            resolution=redact(r.resolution),
        )
        for r in rows
    )


def _night_shifts(cal: CampCalendar, day: int) -> tuple[NightShift, ...]:
    """The shifts of the night after day `day`'s cut-off: a shift starting at or after the
    cut-off begins on that day's date, an earlier one (04:30) on the next morning."""
    if day >= cal.days:
        return ()
    today = cal.date_of_day(day)
    out = []
    for begin, finish in cal.night_shifts:
        first = today if begin >= cal.cutoff else today + timedelta(days=1)
        last = first + timedelta(days=1) if finish <= begin else first
        out.append(NightShift(datetime.combine(first, begin), datetime.combine(last, finish)))
    return tuple(sorted(out, key=lambda n: n.start))
