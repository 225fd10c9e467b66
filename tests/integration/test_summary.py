"""The 17:30 summary of a hand-built field day through the store, on SQLite and PostgreSQL.

The sample camp (青禾, 2026-12-14, field days 3–7): day 3's period runs from
12-15 17:30 to 12-16 17:30, day 4's from 12-16 17:30 to 12-17 17:30. The visits
below are typed as a trainer would, with pinned times, and the summary is read at
18:30 on 12-17, during the meeting.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Engine, select, update

from core.errors import UsageError
from core.report import DaySummary, period_line
from db.entry import close_problem, raise_problem
from db.models import FieldProblem, Loan, Visit
from db.queries.summary import day_summary, default_day, summary_days
from db.uow import UnitOfWork
from db.visits import record_visits, void_visit
from tests.conftest import Prepare
from tests.integration.test_visits import visit

CODE = "qh-sample"
ZHOU = "8201001423478429"  # 周德明, 河口镇 (尖刀队): limitation urgent (expires 2027-02-28)
LIU_LI = "8201002223606695"  # 刘丽, 白沙乡 (突击队): expired on 2026-11-15
LIU_DM = "8201002323899945"  # 刘德明, 白沙乡 (突击队): watch (expires 2027-10-03)
ZHANG = "8201000723966385"  # 张志强, 石桥乡 (尖刀队): expired
SUN = "8201001023612693"  # 孙长江, 石桥乡 (尖刀队)
WU = "8201000323319874"  # 吴长江, 城关镇 (尖刀队)
HE = "8201000923975262"  # 何春花, 石桥乡 (尖刀队)
HU = "8201000823518370"  # 胡丽, 石桥乡 (尖刀队)
YANG = "8201001923382437"  # 杨长江, 白沙乡 (突击队)
ZHOU_GH = "8201002023265606"  # 周国华, 白沙乡 (突击队)
MEETING = datetime(2026, 12, 17, 10, 30, tzinfo=UTC)  # 18:30 in Shanghai


def local(text: str) -> datetime:
    """A camp local time as aware UTC (Shanghai is UTC+8, no daylight saving)."""
    return datetime.strptime(text + " +0800", "%Y-%m-%d %H:%M %z").astimezone(UTC)


def pin_problem(engine: Engine, pid: int, raised: str, closed: str | None = None) -> None:
    """The service stamps the real clock: move the problem to the day the story needs."""
    values = {"raised_at": local(raised)}
    if closed:
        values["closed_at"] = local(closed)
    with UnitOfWork(engine) as uow:
        uow.session.execute(update(FieldProblem).where(FieldProblem.id == pid).values(**values))
        uow.commit()


@pytest.fixture
def camp(db_url: str, prepare: Prepare) -> str:
    prepare(db_url, "loans")  # the sample camp and its loans
    return CODE


def promise(day: date, fen: int, method: str) -> dict:
    return {"promise_date": day, "promise_amount_fen": fen, "promise_method": method}


@pytest.fixture
def day4(engine: Engine, camp: str) -> DaySummary:
    """Day 3 and day 4 in the field, problems raised and closed, read at 18:30 on day 4."""
    jd, tj = ("林晓", "许诺"), ("龚平", "范婷")
    record_visits(engine, camp, [
        # day 3
        visit(2, "2026-12-16 10:00", "尖刀队", jd, HU, principal=1_000_000),
        visit(3, "2026-12-16 11:00", "突击队", tj, YANG, principal=500_000),
        visit(4, "2026-12-16 15:00", "尖刀队", jd, HE,
              **promise(date(2026, 12, 18), 100_000, "现金")),
        # day 4: a night-shift signature on an urgent limitation, with the customer's consent
        visit(5, "2026-12-16 23:30", "尖刀队", jd, ZHOU, ack=True,
              notes="客户同意夜间上门，周德明本人电话15691825335",
              appointment_at=datetime(2026, 12, 16, 15, 0), appointment_by="电话",
              agreed_by="本人"),
        visit(6, "2026-12-17 09:00", "突击队", tj, LIU_LI, principal=2_000_000),
        visit(7, "2026-12-17 10:00", "突击队", ("邵峰",), LIU_DM, interest=50_000),
        visit(8, "2026-12-17 11:00", "尖刀队", ("林晓", "曹阳"), ZHANG,
              **promise(date(2026, 12, 18), 300_000, "转账")),
        visit(9, "2026-12-17 12:00", "突击队", tj, ZHOU_GH, principal=5_000_000),
        visit(10, "2026-12-17 14:00", "尖刀队", ("许诺", "邓佳"), SUN, contact="未见到"),
        visit(11, "2026-12-17 15:00", "尖刀队", ("曹阳", "邓佳"), WU, contact="未见到"),
        visit(12, "2026-12-17 16:00", "尖刀队", ("曹阳", "邓佳"), WU, contact="见到家属"),
        visit(13, "2026-12-17 16:30", "突击队", tj, YANG, principal=300_000),
        visit(14, "2026-12-17 17:00", "尖刀队", jd, HE,
              **promise(date(2026, 12, 25), 200_000, "转账")),
    ])  # fmt: skip
    with UnitOfWork(engine, write=False) as uow:
        wrong = uow.session.scalar(
            select(Visit.id).join(Loan, Loan.id == Visit.loan_id).where(Loan.loan_no == ZHOU_GH)
        )
    void_visit(engine, camp, wrong, "typed the wrong loan", "trainer")
    today = raise_problem(engine, camp, "张志强称已还款，电话15284934153", "trainer",
                          team="尖刀队", loan_no=ZHANG)  # fmt: skip
    pin_problem(engine, today, "2026-12-17 10:00")
    still_open = raise_problem(engine, camp, "石桥乡地址有误", "trainer", team="尖刀队")
    pin_problem(engine, still_open, "2026-12-15 09:00")
    settled = raise_problem(engine, camp, "旧问题", "trainer")
    close_problem(engine, camp, settled, "已处理", "trainer")
    pin_problem(engine, settled, "2026-12-15 09:00", "2026-12-15 10:00")
    meeting = raise_problem(engine, camp, "明天需要更多催收通知书", "admin")
    pin_problem(engine, meeting, "2026-12-17 17:50")
    return day_summary(engine, camp, 4, MEETING)


def test_the_summary_reads_the_period_just_ended_beside_the_previous_one(day4: DaySummary):
    assert (day4.day, day4.field_index, day4.field_count, day4.prev_day) == (4, 2, 5, 3)
    assert day4.day_date == date(2026, 12, 17) and day4.state == "closed"
    assert (day4.period_start, day4.period_end) == (datetime(2026, 12, 16, 17, 30),
                                                    datetime(2026, 12, 17, 17, 30))  # fmt: skip
    teams = {x.team: x for x in day4.teams}
    # 突击队: 20,000 + 3,000 principal = 23.00, 500 interest = 0.25; the voided visit is out
    tj, jd = teams["突击队"], teams["尖刀队"]
    assert (tj.rank, tj.points, tj.cash_fen) == (1, 2325, 2_350_000)
    assert (tj.prev_rank, tj.prev_points) == (2, 500)
    assert tj.rank_change == 1 and jd.rank_change == -1
    # 尖刀队: the urgent signature 3 + 张志强's first complete promise 1
    assert (jd.points, jd.prev_points, jd.acks) == (400, 1100, 1)
    assert jd.visits == 6 and tj.visits == 3
    assert jd.target_fen == 120_000_000 // 5  # the daily target
    assert day4.cash_fen == 2_350_000 and day4.visits == 9


def test_the_largest_recoveries_come_first_and_a_voided_visit_is_not_among_them(day4):
    assert [(x.borrower, x.loan_no, x.team, x.amount_fen) for x in day4.recoveries] == [
        ("刘*", "************6695", "突击队", 2_000_000),
        ("杨**", "************2437", "突击队", 300_000),
        ("刘**", "************9945", "突击队", 50_000),
    ]
    assert day4.recovery_count == 3
    assert day4.recoveries[0].members == ("龚平", "范婷")  # staff names are not masked


def test_promises_won_in_the_period_are_listed_with_their_due_dates(day4: DaySummary) -> None:
    assert [(x.borrower, x.due, x.amount_fen, x.method) for x in day4.promises] == [
        ("张**", date(2026, 12, 18), 300_000, "转账"),
        ("何**", date(2026, 12, 25), 200_000, "转账"),
    ]


def test_limitations_saved_are_the_expired_or_urgent_loans_made_safe(day4: DaySummary) -> None:
    saved = {x.loan_no[-4:]: x for x in day4.saved}
    # 周德明's signature (urgent); not 刘丽's payment (expired: SPEC §4.4 revised, a payment
    # after expiry is cash but the loan stays expired), not 刘德明 (watch before), not
    # 张志强 (a promise without a signed paper restarts nothing)
    assert sorted(saved) == ["8429"]
    assert (saved["8429"].before, saved["8429"].expiry, saved["8429"].team) == (
        "urgent", date(2029, 12, 16), "尖刀队")  # fmt: skip


def test_quiet_hours_and_single_collector_visits_are_listed(day4: DaySummary) -> None:
    [quiet] = day4.quiet
    assert (quiet.at, quiet.team, quiet.night) == (datetime(2026, 12, 16, 23, 30), "尖刀队", True)
    # the appointment made before it (SPEC §4.11), not the free-text note
    assert quiet.note == "12-16 15:00 电话 本人"
    assert day4.quiet_without == ()
    assert [(x.team, x.members, x.contact) for x in day4.single] == [
        ("突击队", ("邵峰",), "见到本人")
    ]


def test_problems_of_the_day_and_those_still_open_with_their_status(day4: DaySummary) -> None:
    shown = [(p.status, p.team, p.text) for p in day4.problems]
    assert shown == [
        ("open", "", "明天需要更多催收通知书"),  # raised at the meeting, after the cut-off
        ("open", "尖刀队", "张**称已还款，电话152****4153"),
        ("open", "尖刀队", "石桥乡地址有误"),  # raised earlier, still open
    ]
    assert (day4.problems[1].loan_no, day4.problems[1].borrower) == ("************6385", "张**")


def test_tomorrow_carries_promises_due_retries_and_the_night_shifts(day4: DaySummary) -> None:
    assert day4.tomorrow == date(2026, 12, 18)
    # 何春花's promise for the 18th was replaced by a later one for the 25th
    assert [(x.borrower, x.amount_fen, x.method) for x in day4.due_tomorrow] == [
        ("张**", 300_000, "转账")
    ]
    # 吴长江 was met at the second try; 孙长江 was not met by day: a night-visit candidate
    assert [(x.borrower, x.contact, x.night) for x in day4.retries] == [("孙**", "未见到", False)]
    assert day4.night_candidates == day4.retries
    assert [(n.start, n.end) for n in day4.night_shifts] == [
        (datetime(2026, 12, 17, 22, 0), datetime(2026, 12, 18, 1, 0)),
        (datetime(2026, 12, 18, 4, 30), datetime(2026, 12, 18, 7, 0)),
    ]


def test_no_borrowers_name_phone_id_or_loan_number_is_in_the_summary(
    engine: Engine, day4: DaySummary
) -> None:
    text = repr(day4)
    with UnitOfWork(engine, write=False) as uow:
        loans = uow.session.execute(
            select(Loan.loan_no, Loan.borrower, Loan.phone, Loan.id_number)
        ).all()
    for loan_no, borrower, phone, id_number in loans:
        for secret in (loan_no, borrower, phone, id_number):
            assert not secret or secret not in text, secret


def test_the_default_day_is_the_last_closed_period(engine: Engine, camp: str) -> None:
    days, default = summary_days(engine, camp, MEETING)
    assert default == 4 and list(days) == [3, 4, 5, 6, 7]
    assert days[3] == date(2026, 12, 16) and days[7] == date(2026, 12, 20)
    assert summary_days(engine, camp, local("2026-12-17 12:00"))[1] == 3
    assert summary_days(engine, camp, local("2026-12-16 12:00"))[1] == 3  # running
    assert summary_days(engine, camp, local("2026-12-01 12:00"))[1] == 3  # before the camp
    assert summary_days(engine, camp, local("2027-01-01 12:00"))[1] == 7
    empty = day_summary(engine, camp, None, local("2026-12-16 12:00"))
    assert (empty.day, empty.state, empty.prev_day, empty.recoveries) == (3, "running", None, ())
    assert "（本期进行中）" in period_line(empty)


def test_the_last_day_has_no_night_shift_and_a_non_field_day_is_refused(
    engine: Engine, camp: str
) -> None:
    last = day_summary(engine, camp, 7, MEETING)
    assert last.night_shifts == () and last.state == "upcoming"
    with pytest.raises(UsageError):
        day_summary(engine, camp, 2, MEETING)
    with pytest.raises(UsageError):
        day_summary(engine, "nope", 4, MEETING)


def test_default_day_follows_the_calendar(engine: Engine, camp: str) -> None:
    from db.models import Camp
    from db.scoring import camp_calendar

    with UnitOfWork(engine, write=False) as uow:
        cal = camp_calendar(uow.session.scalar(select(Camp).where(Camp.code == camp)))
    assert default_day(cal, local("2026-12-17 17:30")) == 4  # exactly at the cut-off
    assert default_day(cal, local("2026-12-17 17:29")) == 3
