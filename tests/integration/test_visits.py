"""Field results through the store: validation, replay scoring, standings, on both backends."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from core.errors import InputRejected
from core.records import VisitRecord
from db.models import AuditEntry, Visit
from db.queries import member_standings, standings
from db.uow import UnitOfWork
from db.visits import add_adjustment, correct_visit, record_visits, set_frozen, void_visit
from tests.conftest import Prepare
from tests.integration.test_cli import run

# loans of the bank's sample list (samples/loans_sample.xlsx)
# a night visit's appointment, made before the camp window opens (SPEC §4.11)
APPOINTMENT = {"appointment_at": datetime(2026, 12, 15, 9, 0), "appointment_by": "电话",
               "agreed_by": "本人"}  # fmt: skip
SHIQIAO = "8201000723966385"  # 石桥乡 (尖刀队), 8,000 元, expired limitation
SETTLE = "8201000823518370"  # 石桥乡 (尖刀队), 68,000 元 + 7,110.58 元 interest
BAISHA = "8201001923382437"  # 白沙乡 (突击队), 68,000 元


@pytest.fixture
def camp(db_url: str, prepare: Prepare) -> str:
    prepare(db_url, "loans")  # the sample camp and its loans
    return "qh-sample"


def visit(
    row: int = 2,
    at: str = "2026-12-16 10:00",
    team: str = "尖刀队",
    members: tuple[str, ...] = ("林晓", "许诺"),
    loan: str = SHIQIAO,
    contact: str = "见到本人",
    principal: int = 0,
    interest: int = 0,
    **kw,
) -> VisitRecord:  # noqa: ANN003
    return VisitRecord(row=row, visited_at=datetime.strptime(at, "%Y-%m-%d %H:%M"), team=team,
                       loan_no=loan, contact=contact, members=members, principal_fen=principal,
                       interest_fen=interest, **kw)  # fmt: skip


def team_points(engine: Engine, camp: str, day: int | None = None) -> dict[str, int]:
    return {e.name: e.points for _, e in standings(engine, camp, day)["teams"]}


def rejected(engine: Engine, camp: str, *records: VisitRecord) -> list[str]:
    with pytest.raises(InputRejected) as info:
        record_visits(engine, camp, list(records))
    return [str(p) for p in info.value.problems]


def test_a_visit_earns_points_by_the_camp_rules_and_moves_the_standings(
    engine: Engine, camp: str
) -> None:
    first = visit(principal=500_000, interest=20_000, ack=True, promise_date=date(2026, 12, 20),
                  promise_amount_fen=300_000, promise_method="转账")  # fmt: skip
    done = record_visits(engine, camp, [first])
    assert done.stored == 1
    # 5,000 元 principal = 5.00, 200 元 interest = 0.10, ack on an expired limitation = 3,
    # first complete promise = 1
    assert team_points(engine, camp) == {"尖刀队": 910, "突击队": 0}


def test_settling_a_loan_earns_the_settled_points(engine: Engine, camp: str) -> None:
    record_visits(engine, camp, [visit(loan=SETTLE, principal=6_800_000, interest=711_058)])
    # 68 + 3.55529 + 5 → 76.56
    assert team_points(engine, camp)["尖刀队"] == 7656


def test_a_night_shift_visit_counts_toward_the_next_days_meeting(engine: Engine, camp: str):
    record_visits(engine, camp, [visit(at="2026-12-16 23:30", principal=100_000,
                                       **APPOINTMENT)])  # fmt: skip
    assert team_points(engine, camp, 3)["尖刀队"] == 0
    assert team_points(engine, camp, 4)["尖刀队"] == 100
    assert team_points(engine, camp)["尖刀队"] == 100


def test_an_earlier_visit_typed_in_later_takes_the_first_acknowledgement_points(
    engine: Engine, camp: str
) -> None:
    record_visits(engine, camp, [visit(at="2026-12-17 10:00", ack=True)])
    assert team_points(engine, camp) == {"尖刀队": 300, "突击队": 0}
    record_visits(engine, camp, [visit(at="2026-12-16 10:00", ack=True,
                                       members=("曹阳", "邓佳"))])  # fmt: skip
    with UnitOfWork(engine, write=False) as uow:
        pts = dict(uow.session.execute(select(Visit.visited_at, Visit.points)).all())
    assert sorted(pts.values()) == [0, 300]
    members = {e.name: e.points for _, e in member_standings(engine, camp)["members"]}
    assert members["曹阳"] == 150 and members["林晓"] == 0


def test_a_visit_to_another_teams_territory_is_rejected(engine: Engine, camp: str) -> None:
    problems = rejected(engine, camp, visit(team="突击队", members=("龚平", "范婷")))
    assert problems == [
        f"row 2, column 团队: loan {SHIQIAO} in 石桥乡 belongs to 尖刀队, not 突击队"
    ]


def test_unknown_loans_strangers_and_times_outside_the_camp_are_each_named(
    engine: Engine, camp: str
) -> None:
    problems = rejected(
        engine, camp,
        visit(row=2, loan="999"),
        visit(row=3, members=("林晓", "龚平")),
        visit(row=4, at="2026-12-30 10:00"),
        visit(row=5, at="2026-12-16 23:00"),
        visit(row=6, contact="未见到", ack=True),
    )  # fmt: skip
    assert problems[0] == "row 2, column 贷款账号: unknown loan 999"
    assert problems[1] == "row 3, column 参与成员: not members of 尖刀队: 龚平"
    assert problems[2].startswith("row 4, column 走访时间: outside the camp window")
    # a quiet-hours visit needs the appointment made before it (SPEC §4.11), not a note
    assert problems[3].startswith("row 5, column 预约时间: a visit in quiet hours")
    assert problems[4].startswith("row 6, column 签收回执:")
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalars(select(Visit)).all() == []


def test_collecting_more_principal_than_outstanding_is_rejected(engine: Engine, camp: str):
    problems = rejected(engine, camp, visit(principal=800_001))
    assert problems[0].startswith("row 2, column 收回本金: more principal than outstanding")


def test_a_late_entry_that_would_make_a_stored_later_visit_over_collect_names_it(
    engine: Engine, camp: str
) -> None:
    done = record_visits(engine, camp, [visit(at="2026-12-17 10:00", principal=800_000)])
    problems = rejected(engine, camp, visit(at="2026-12-16 10:00", principal=100_000))
    assert f"stored visit #{done.visit_ids[0]}" in problems[0]


def test_the_same_file_imported_twice_stores_each_visit_once(engine: Engine, camp: str):
    rows = [
        visit(principal=100),
        visit(row=3, loan=BAISHA, team="突击队", members=("龚平", "范婷")),
    ]
    assert record_visits(engine, camp, rows).stored == 2
    again = record_visits(engine, camp, rows)
    assert again.stored == 0 and len(again.duplicates) == 2
    with UnitOfWork(engine, write=False) as uow:
        assert len(uow.session.scalars(select(Visit)).all()) == 2


def test_paid_at_the_branch_counts_for_the_team_without_members(engine: Engine, camp: str):
    record_visits(engine, camp, [visit(contact="到行还款", members=(), principal=500_000)])
    assert team_points(engine, camp)["尖刀队"] == 500
    members = {e.name: e.points for _, e in member_standings(engine, camp)["members"]}
    assert set(members.values()) == {0}


def test_a_single_collector_and_an_incomplete_promise_are_stored_with_warnings(
    engine: Engine, camp: str
) -> None:
    done = record_visits(engine, camp, [visit(members=("林晓",), promise_date=date(2026, 12, 20))])
    assert done.stored == 1
    assert sorted(p.reason for p in done.warnings) == ["incomplete promise", "single collector"]
    assert team_points(engine, camp)["尖刀队"] == 0


def test_a_voided_visit_stops_counting_and_the_audit_log_keeps_before_and_after(
    engine: Engine, camp: str
) -> None:
    done = record_visits(engine, camp, [visit(principal=700_000)])
    void_visit(engine, camp, done.visit_ids[0], "录入重复", actor="trainer1")
    assert team_points(engine, camp)["尖刀队"] == 0
    with UnitOfWork(engine, write=False) as uow:
        entry = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "visit.void")
        ).one()
        assert uow.session.get(Visit, done.visit_ids[0]) is not None  # kept, not deleted
    assert entry.actor == "trainer1" and entry.reason == "录入重复"
    assert entry.before["voided_at"] is None and entry.after["voided_at"] is not None


def test_a_corrected_amount_rescores_the_visit(engine: Engine, camp: str) -> None:
    done = record_visits(engine, camp, [visit(principal=100_000)])
    correct_visit(engine, camp, done.visit_ids[0], visit(principal=300_000), "看错金额", "t1")
    assert team_points(engine, camp)["尖刀队"] == 300


def test_adjustments_count_for_the_camp_and_for_the_period_they_fall_in(
    engine: Engine, camp: str
) -> None:
    add_adjustment(engine, camp, "突击队", "-3", "迟到", datetime(2026, 12, 17, 8, 0))
    assert team_points(engine, camp)["突击队"] == -300
    assert team_points(engine, camp, 4)["突击队"] == -300  # 12-17 08:00 is in day 4's period
    assert team_points(engine, camp, 5)["突击队"] == 0


def test_records_entered_after_a_freeze_are_kept_but_not_counted_until_unfrozen(
    engine: Engine, camp: str
) -> None:
    from db.models import utcnow

    set_frozen(engine, camp, utcnow())
    record_visits(engine, camp, [visit(principal=700_000)])
    assert team_points(engine, camp)["尖刀队"] == 0
    set_frozen(engine, camp, None)
    assert team_points(engine, camp)["尖刀队"] == 700


def test_ties_on_points_go_to_more_cash_then_to_who_reached_the_total_first(
    engine: Engine, camp: str
) -> None:
    record_visits(engine, camp, [
        visit(at="2026-12-16 10:00", loan=BAISHA, team="突击队", members=("龚平", "范婷"),
              principal=100_000),
        visit(row=3, at="2026-12-16 11:00", principal=100_000),
    ])  # fmt: skip
    ranking = [e.name for _, e in standings(engine, camp)["teams"]]
    assert ranking == ["突击队", "尖刀队"]  # same points and cash: 突击队 got there first


def test_the_standings_command_prints_the_contract_fields(db_url: str, camp: str) -> None:
    from tests.integration.test_cli import run as cli

    code, out, _ = cli(db_url, "adjust", camp, "尖刀队", "2.5", "--reason", "晨会表现",
                       "--at", "2026-12-16 08:00")  # fmt: skip
    assert code == 0
    code, out, _ = cli(db_url, "standings", camp, "--format", "json", "--day", "3")
    doc = json.loads(out)
    assert doc["camp"] == camp and doc["period"]["day"] == 3
    assert doc["period"]["end"] == "2026-12-16T17:30:00+08:00"
    assert list(doc["teams"][0]) == ["rank", "team", "points", "cash", "principal", "interest",
                                     "written_off", "settled", "acks", "promises", "adjustments",
                                     "target", "attainment", "verified_cash"]  # fmt: skip
    assert doc["teams"][0]["verified_cash"] is None  # no repayment records yet (SPEC §5.6)
    assert '"points": 2.50' in out and doc["teams"][0]["target"] == 240000.0
    code, out, _ = cli(db_url, "standings", camp, "--individual")
    assert out.splitlines()[0] == "rank,member,team,points,cash"
    assert cli(db_url, "standings", camp, "--day", "2")[0] == 2
    assert cli(db_url, "standings", "nope")[0] == 2


HAND_CAMP = """\
走访时间,团队,参与成员,贷款账号,接触结果,收回本金,收回利息,签收回执,承诺还款日期,承诺还款金额,承诺还款方式,使用招式,备注,预约时间,预约方式,同意人
2026-12-17 09:00,突击队,龚平、范婷,8201001923382437,到行还款,1000,0,否,,,,,,,,
2026-12-16 23:30,尖刀队,林晓、许诺,8201000823518370,见到本人,68000,7110.58,否,,,,,客户同意夜间上门,2026-12-16 16:00,电话,本人
2026-12-16 10:00,尖刀队,林晓、许诺,8201000723966385,见到本人,5000,200,是,2026-12-20,3000,转账,亲情感化,,,,
2026-12-17 09:00,突击队,龚平,8201001923382437,见到家属,1000,0,否,2026-12-25,,现金,,,,,
"""


def test_a_hand_computed_camp_comes_out_of_the_command_line_exactly(
    db_url: str, camp: str, tmp_path: Path
) -> None:
    """Typed in out of order; night shift; settled loan; expired-limitation ack; 万元 list.

    尖刀队: 5,000 元 → 5.00, 200 元 interest → 0.10, ack on an expired limitation → 3,
    promise → 1 (9.10); settling 68,000 + 7,110.58 → 68 + 3.55529 + 5 = 76.56. Total 85.66.
    突击队: 1,000 元 twice → 2.00; the second visit's promise lacks an amount: no points.
    """
    path = tmp_path / "visits.csv"
    path.write_text(HAND_CAMP, encoding="utf-8")
    code, _, err = run(db_url, "--lang", "en", "visits-import", camp, str(path))
    assert code == 0, err
    assert "warning: row 5: incomplete promise" in err
    assert "warning: row 5: single collector" in err
    out = run(db_url, "standings", camp)[1].splitlines()
    assert out[1:] == [
        "1,尖刀队,85.66,80310.58,73000.00,7310.58,0.00,1,1,1,0.00,1200000.00,0.0669",
        "2,突击队,2.00,2000.00,2000.00,0.00,0.00,0,0,0,0.00,1000000.00,0.0020",
    ]
    day4 = run(db_url, "standings", camp, "--day", "4")[1].splitlines()
    assert day4[1].startswith("1,尖刀队,76.56,75110.58,")  # the 23:30 night shift of day 3
    members = run(db_url, "standings", camp, "--individual")[1].splitlines()
    assert members[1:4] == ["1,林晓,尖刀队,42.83,40155.29", "2,许诺,尖刀队,42.83,40155.29",
                            "3,龚平,突击队,1.50,1500.00"]  # fmt: skip
    before = run(db_url, "standings", camp, "--format", "json")[1]
    assert run(db_url, "visits-import", camp, str(path))[0] == 0  # importing again changes nothing
    assert run(db_url, "standings", camp, "--format", "json")[1] == before


def test_changing_the_scoring_rules_re_derives_every_point(
    engine: Engine, db_url: str, camp: str, samples: Path, tmp_path: Path
) -> None:
    record_visits(engine, camp, [visit(principal=500_000)])
    assert team_points(engine, camp)["尖刀队"] == 500
    text = (samples / "camp_sample.toml").read_text(encoding="utf-8")
    changed = tmp_path / "camp.toml"
    changed.write_text(text.replace("principal_per_10k = 10", "principal_per_10k = 12"), "utf-8")
    assert run(db_url, "camp-load", str(changed))[0] == 0
    assert team_points(engine, camp)["尖刀队"] == 600


@pytest.mark.parametrize(
    ("at", "day"),
    [
        ("2026-12-15 17:31", 3),  # just after the cut-off of the day before the first field day
        ("2026-12-16 17:30", 3),  # exactly at the cut-off: that day's period
        ("2026-12-16 17:31", 4),
        ("2026-12-17 07:00", 4),  # early-morning shift: the same day's meeting
        ("2026-12-20 12:00", 7),  # the final cut-off of the last day
    ],
)
def test_each_period_boundary_puts_a_visit_in_the_right_meeting(
    engine: Engine, camp: str, at: str, day: int
) -> None:
    record_visits(engine, camp, [visit(at=at, principal=100_000, **APPOINTMENT)])
    by_day = {d: team_points(engine, camp, d)["尖刀队"] for d in range(3, 8)}
    assert by_day == {d: 100 if d == day else 0 for d in range(3, 8)}


@pytest.mark.parametrize("at", ["2026-12-15 17:30", "2026-12-20 12:01"])
def test_a_visit_outside_the_camp_window_is_rejected(engine: Engine, camp: str, at: str):
    problems = rejected(engine, camp, visit(at=at, **APPOINTMENT))
    assert problems[0].startswith("row 2, column 走访时间: outside the camp window")


def test_with_equal_points_the_team_with_more_cash_ranks_first(engine: Engine, camp: str):
    add_adjustment(engine, camp, "尖刀队", "1", "晨会表现", datetime(2026, 12, 16, 8, 0))
    record_visits(engine, camp, [visit(at="2026-12-17 10:00", loan=BAISHA, team="突击队",
                                       members=("龚平", "范婷"), principal=100_000)])  # fmt: skip
    ranking = [(e.name, e.points) for _, e in standings(engine, camp)["teams"]]
    assert ranking == [("突击队", 100), ("尖刀队", 100)]  # same points; 突击队 brought cash


def test_teams_equal_on_everything_rank_by_name_in_unicode_order(engine: Engine, camp: str):
    ranking = [(r, e.name) for r, e in standings(engine, camp)["teams"]]
    assert ranking == [(1, "尖刀队"), (2, "突击队")]  # U+5C16 before U+7A81


def test_members_rank_by_their_shares_then_cash_then_name(engine: Engine, camp: str) -> None:
    record_visits(engine, camp, [
        visit(principal=300_000, members=("林晓", "许诺", "曹阳")),
        visit(row=3, loan=SETTLE, principal=100_000, members=("曹阳", "邓佳")),
    ])  # fmt: skip
    members = [(r, e.name, e.points) for r, e in member_standings(engine, camp)["members"]]
    assert members[:4] == [(1, "曹阳", 150), (2, "林晓", 100), (3, "许诺", 100), (4, "邓佳", 50)]


def test_running_totals_moved_by_each_save_equal_a_full_recount(
    engine: Engine, camp: str, samples: Path
) -> None:
    from core.campfile import load_camp_file
    from core.demo import demo_visits
    from core.importing import read_loan_list
    from db.models import Camp, TeamTotal
    from db.scoring import rederive_camp

    cfg = load_camp_file(samples / "camp_sample.toml")
    loans = read_loan_list(samples / "loans_sample.xlsx").records
    visits = demo_visits(cfg, loans, n=90, seed=3)
    for part in (visits[60:], visits[:30], visits[30:60]):  # typed in out of order
        record_visits(engine, camp, part)

    def totals() -> list[tuple]:
        with UnitOfWork(engine, write=False) as uow:
            rows = uow.session.scalars(select(TeamTotal)).all()
            return sorted((t.team_id, t.day, t.points, t.principal_fen, t.interest_fen,
                           t.written_off_fen, t.settled, t.acks, t.promises, t.reached_at)
                          for t in rows if (t.points, t.principal_fen) != (0, 0))  # fmt: skip

    def members() -> list[tuple]:
        from db.models import MemberTotal

        with UnitOfWork(engine, write=False) as uow:
            rows = uow.session.scalars(select(MemberTotal)).all()
            return sorted((m.member, m.day, m.points, m.cash_fen) for m in rows
                          if (m.points, m.cash_fen) != (0, 0))  # fmt: skip

    moved, moved_members = totals(), members()
    assert moved and moved_members, "the camp scored"
    with UnitOfWork(engine) as uow:
        rederive_camp(uow.session, uow.session.scalars(select(Camp)).one())
        uow.commit()
    assert totals() == moved
    assert members() == moved_members


def test_a_written_off_loan_earns_the_written_off_rate_and_a_safe_loan_a_plain_ack(
    engine: Engine, db_url: str, camp: str, tmp_path: Path
) -> None:
    from tests.workbooks import write_csv

    path = tmp_path / "more.csv"
    header = [
        "贷款账号",
        "借款人",
        "客户类型",
        "贷款余额",
        "到期日期",
        "乡镇",
        "是否核销",
        "最后还款日期",
    ]
    write_csv(path, [header,
                     ["9001", "周核销", "农户", "50000", "2019-01-01", "石桥乡", "是", ""],
                     ["9002", "吴安全", "农户", "50000", "2026-06-30", "石桥乡", "否", "2026-11-01"]],
              encoding="utf-8")  # fmt: skip
    assert run(db_url, "loans-import", camp, str(path), "--as-of", "2026-11-20")[0] == 0
    record_visits(engine, camp, [
        visit(loan="9001", principal=1_000_000, interest=100_000),  # 11,000 元 written off
        visit(row=3, loan="9002", ack=True),  # limitation runs to 2029: safe
    ])  # fmt: skip
    team = next(e for _, e in standings(engine, camp)["teams"] if e.name == "尖刀队")
    # 11,000 元 × 15 / 10,000 = 16.50; the sample camp's ack_min_status "watch" (SPEC §4.7):
    # a safe loan's signature earns nothing (without the rule it earned a plain 1)
    assert team.points == 1650
    assert team.extra["written_off_fen"] == 1_100_000 and team.extra["principal_fen"] == 0
    assert team.extra["acks"] == 0
