"""/entry's queries and use cases through the store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, update

from core.entry import GRID_COLUMNS, blank_grid
from core.errors import InputRejected, UsageError
from db.entry import (
    close_problem,
    entry_context,
    find_loans,
    import_visit_file,
    last_entry,
    list_problems,
    loan_options,
    raise_problem,
    save_grid,
    save_visit,
    tactic_names,
    team_choices,
    todays_adjustments,
    todays_entries,
)
from db.models import AuditEntry, Camp, CampItem, FieldProblem, Team, Visit
from db.uow import UnitOfWork
from db.visits import add_adjustment, correct_visit, void_visit
from tests.conftest import Prepare
from tests.integration.test_cli import run
from tests.integration.test_visits import BAISHA, SETTLE, SHIQIAO, team_points, visit
from tests.workbooks import write_csv, write_xlsx

CODE = "qh-sample"
DAY3 = date(2026, 12, 16)


@pytest.fixture
def camp(db_url: str, prepare: Prepare, tmp_path: Path) -> str:
    prepare(db_url, "loans")  # the sample camp and its loans
    # 张志强 (8201000723966385, ID …266) gets a second loan; another 张志强 has another ID
    extra = write_csv(tmp_path / "extra.csv", [
        ("贷款账号", "借款人", "证件号码", "客户类型", "贷款余额", "到期日期", "乡镇", "村"),
        ("8201009900000001", "张志强", "430121197505011266", "个人", 5000, "2023-06-30",
         "城关镇", "东风村"),
        ("8201009900000002", "张志强", "430121198001011232", "个人", 7000, "2023-06-30",
         "石桥乡", "红旗村"),
    ])  # fmt: skip
    code, _, err = run(db_url, "loans-import", CODE, str(extra))
    assert code == 0, err
    return CODE


def count_visits(engine: Engine) -> int:
    with UnitOfWork(engine, write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(Visit)))


def version(engine: Engine) -> int:
    with UnitOfWork(engine, write=False) as uow:
        return uow.session.scalar(select(Camp.data_version).where(Camp.code == CODE))


def team_id(engine: Engine, name: str) -> int:
    with UnitOfWork(engine, write=False) as uow:
        return uow.session.scalar(select(Team.id).where(Team.name == name))


# --------------------------------------------------------------------------- context


def test_the_users_own_team_comes_first_and_the_rest_keep_the_camps_order(
    engine: Engine, camp: str
) -> None:
    assert team_choices(engine, camp) == ["尖刀队", "突击队"]
    assert team_choices(engine, camp, team_id(engine, "突击队")) == ["突击队", "尖刀队"]


def test_the_context_holds_rosters_the_tactics_library_and_the_camp_local_today(
    engine: Engine, camp: str
) -> None:
    with UnitOfWork(engine) as uow:
        camp_id = uow.session.scalar(select(Camp.id).where(Camp.code == camp))
        uow.session.add_all([
            CampItem(camp_id=camp_id, kind="move", name="以退为进", position=0),
            CampItem(camp_id=camp_id, kind="tactic", name="亲情感化", position=0),
            CampItem(camp_id=camp_id, kind="tactic", name="联动村委", position=1),
            CampItem(camp_id=camp_id, kind="material", name="工作证", position=0),
        ])  # fmt: skip
        uow.commit()
    assert tactic_names(engine, camp) == ["亲情感化", "联动村委", "以退为进"]
    # 17:05 UTC on 16 December is 01:05 on the 17th in Shanghai
    ctx = entry_context(engine, camp, team_id(engine, "突击队"),
                        now=datetime(2026, 12, 16, 17, 5, tzinfo=UTC))  # fmt: skip
    assert ctx.teams == ("突击队", "尖刀队")
    assert ctx.rosters["尖刀队"] == ("林晓", "许诺", "曹阳", "邓佳")
    assert ctx.tactics == ("亲情感化", "联动村委", "以退为进")
    assert ctx.today == date(2026, 12, 17)
    assert not ctx.frozen


def test_an_unknown_camp_is_a_usage_error(engine: Engine, camp: str) -> None:
    with pytest.raises(UsageError):
        entry_context(engine, "nope")


# --------------------------------------------------------------------------- search


def test_a_loan_is_found_by_the_tail_of_its_number_with_the_borrowers_other_loans(
    engine: Engine, camp: str
) -> None:
    now = datetime(2026, 12, 16, 2, 0, tzinfo=UTC)
    [match] = find_loans(engine, camp, "6385", team="尖刀队", now=now)
    assert match.loan.loan_no == SHIQIAO
    assert (match.loan.borrower, match.loan.team, match.visitable) == ("张志强", "尖刀队", True)
    assert match.loan.limitation == "expired"
    # the same name and ID number; the namesake with another ID number is someone else
    assert [o.loan_no for o in match.others] == ["8201009900000001"]


def test_a_search_by_borrower_or_village_puts_the_teams_own_loans_first(
    engine: Engine, camp: str
) -> None:
    found = find_loans(engine, camp, "志强", team="突击队")
    assert [(m.loan.borrower, m.visitable) for m in found] == [
        ("刘志强", True),  # 白沙乡: 突击队's territory
        ("张志强", False), ("何志强", False), ("张志强", False), ("张志强", False),
    ]  # fmt: skip
    exact = find_loans(engine, camp, "张志强", team="突击队")
    assert [m.loan.loan_no for m in exact] == [SHIQIAO, "8201009900000001", "8201009900000002"]
    assert exact[0].loan.team == "尖刀队"
    village = find_loans(engine, camp, "东风村")
    assert [m.loan.loan_no for m in village] == ["8201009900000001"]
    assert find_loans(engine, camp, "  ") == []
    assert find_loans(engine, camp, "无此人") == []


def test_a_broad_query_does_not_crowd_out_the_loan_whose_number_ends_with_it(
    engine: Engine, camp: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import db.entry

    monkeypatch.setattr(db.entry, "SEARCH_SCAN", 2)  # "37" is in nine numbers, lower ones first
    found = find_loans(engine, camp, "37")
    assert [m.loan.loan_no for m in found[:2]] == [BAISHA, "8201002823545237"]


def test_the_search_shows_what_the_camp_collected_so_far(engine: Engine, camp: str) -> None:
    save_visit(engine, camp, visit(loan=SETTLE, principal=1_000_000, interest=5_000), "t1")
    [match] = find_loans(engine, camp, SETTLE)
    assert (match.loan.collected_principal_fen, match.loan.collected_interest_fen) == (
        1_000_000, 5_000,
    )  # fmt: skip
    assert match.loan.principal_left_fen == 6_800_000 - 1_000_000
    assert match.loan.visits == 1


# --------------------------------------------------------------------------- one visit


def test_the_grids_loan_look_up_offers_every_loan_the_teams_own_first(
    engine: Engine, camp: str
) -> None:
    ours = loan_options(engine, camp, "尖刀队")
    theirs = loan_options(engine, camp, "突击队")
    assert sorted(ours) == sorted(theirs) and len(ours) == 32  # the sample and 2 more
    shiqiao = next(o for o in ours if o.startswith(SHIQIAO))
    assert shiqiao.split()[1] == "张志强"
    assert ours.index(shiqiao) < next(i for i, o in enumerate(ours) if o.startswith(BAISHA))
    assert theirs.index(shiqiao) > next(i for i, o in enumerate(theirs) if o.startswith(BAISHA))
    # a row picked from the look-up column is saved as that loan
    row = {**blank_grid(1)[0], "time": "10:00", "loan_no": shiqiao, "members": ["林晓", "许诺"],
           "contact": "见到本人"}  # fmt: skip
    done = save_grid(engine, camp, [row], "t", default_team="尖刀队", default_date=DAY3)
    assert done.stored == 1


def test_a_saved_visit_reports_its_points_and_moves_the_standings_at_once(
    engine: Engine, camp: str
) -> None:
    before = version(engine)
    saved = save_visit(engine, camp, visit(principal=500_000, ack=True), "t1")
    assert not saved.duplicate and saved.counted
    assert saved.points == 800  # 5,000 元 = 5.00, ack on an expired limitation = 3
    assert team_points(engine, camp)["尖刀队"] == 800
    assert version(engine) > before


def test_the_next_form_after_a_reload_starts_from_the_users_last_visit_for_the_team(
    engine: Engine, camp: str
) -> None:
    assert last_entry(engine, camp, "尖刀队", "lin") is None
    save_visit(engine, camp, visit(at="2026-12-16 10:00"), "lin")
    last = save_visit(engine, camp, visit(at="2026-12-16 09:30", members=("曹阳", "邓佳")), "lin")
    save_visit(engine, camp, visit(at="2026-12-16 11:00", members=("许诺",)), "other")
    at, members = last_entry(engine, camp, "尖刀队", "lin")
    assert (at.replace(tzinfo=None), members) == (datetime(2026, 12, 16, 9, 30), ("曹阳", "邓佳"))
    void_visit(engine, camp, last.visit_id, "录错", "lin")  # a voided visit is not a start
    at, members = last_entry(engine, camp, "尖刀队", "lin")
    assert (at.hour, members) == (10, ("林晓", "许诺"))
    assert last_entry(engine, camp, "突击队", "lin") is None


def test_a_double_clicked_save_stores_one_record(engine: Engine, camp: str) -> None:
    record = visit(members=("林晓",), promise_amount_fen=100_000)
    first = save_visit(engine, camp, record, "t1")
    again = save_visit(engine, camp, record, "t1")
    assert again.duplicate and again.visit_id == first.visit_id
    assert count_visits(engine) == 1
    assert set(first.warnings) == {"incomplete promise", "single collector"}


def test_a_visit_the_store_rejects_raises_with_its_problems_and_stores_nothing(
    engine: Engine, camp: str
) -> None:
    with pytest.raises(InputRejected) as info:
        save_visit(engine, camp, visit(loan=BAISHA), "t1")  # 突击队's territory
    assert "belongs to 突击队" in str(info.value.problems[0])
    assert count_visits(engine) == 0


# --------------------------------------------------------------------------- the grid


def grid_row(**kw: object) -> dict[str, object]:
    row = dict.fromkeys(GRID_COLUMNS)
    row.update({"time": time(10, 0), "members": ["林晓", "许诺"], "loan_no": SHIQIAO,
                "contact": "见到本人"})  # fmt: skip
    row.update(kw)
    return row


def save(engine: Engine, rows: list[dict[str, object]]):  # noqa: ANN201
    return save_grid(engine, CODE, rows, "t1", default_team="尖刀队", default_date=DAY3)


def test_a_grid_with_a_bad_row_saves_nothing_and_names_every_bad_row(
    engine: Engine, camp: str
) -> None:
    rows = [
        grid_row(principal=1000.0),
        grid_row(loan_no="9999", time=time(11, 0)),  # the store does not know it
        *blank_grid(1),
        grid_row(time=time(23, 0), notes="客户同意"),  # quiet hours: a note is not enough
        grid_row(contact=None, time=time(12, 0)),  # the grid sees this one by itself
    ]
    with pytest.raises(InputRejected) as info:
        save(engine, rows)
    assert [(p.row, p.column) for p in info.value.problems] == [
        (2, "贷款账号"), (4, "预约时间"), (5, "接触结果"),
    ]  # fmt: skip
    assert count_visits(engine) == 0
    assert team_points(engine, CODE)["尖刀队"] == 0


def test_a_grid_whose_rows_are_all_right_is_saved_together(engine: Engine, camp: str) -> None:
    rows = [
        grid_row(principal=1000.0),
        grid_row(team="突击队", loan_no=BAISHA, members=["龚平", "范婷"], interest=200.0),
        grid_row(
            time=time(23, 0),
            notes="客户白天外出务工，主动约定此时间在家面谈",
            appointment_at=datetime(2026, 12, 16, 9, 0),
            appointment_by="微信",
            agreed_by="家属",
        ),
        *blank_grid(3),
    ]
    done = save(engine, rows)
    assert (done.stored, done.duplicates) == (3, [])
    assert count_visits(engine) == 3
    points = team_points(engine, CODE)
    assert points["尖刀队"] == 100 and points["突击队"] == 10  # 1,000 元 = 1.00; 200 元 = 0.10


def test_the_grid_catches_rows_that_together_collect_more_than_is_owed(
    engine: Engine, camp: str
) -> None:
    rows = [grid_row(principal=6000.0), grid_row(principal=3000.0, time=time(11, 0))]
    with pytest.raises(InputRejected) as info:
        save(engine, rows)  # 8,000 元 outstanding
    assert [p.row for p in info.value.problems] == [2]
    assert count_visits(engine) == 0


def test_a_grid_saved_twice_stores_its_rows_once(engine: Engine, camp: str) -> None:
    rows = [grid_row(principal=100.0), grid_row(principal=100.0)]
    first = save(engine, rows)
    assert (first.stored, len(first.duplicates)) == (1, 1)  # the twin row is a duplicate
    second = save(engine, rows)
    assert (second.stored, len(second.duplicates)) == (0, 2)
    assert count_visits(engine) == 1


def test_an_empty_grid_is_rejected(engine: Engine, camp: str) -> None:
    with pytest.raises(InputRejected) as info:
        save(engine, blank_grid(4))
    assert [str(p) for p in info.value.problems] == ["no visits in the grid"]


# --------------------------------------------------------------------------- upload

HEADER = ("走访时间", "团队", "参与成员", "贷款账号", "接触结果", "收回本金", "签收回执", "备注")


def test_an_uploaded_visit_workbook_is_stored_and_a_second_upload_changes_nothing(
    engine: Engine, camp: str, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "visits.xlsx", [
        (*HEADER, "预约时间", "预约方式", "同意人"),
        ("2026-12-16 10:00", "尖刀队", "林晓、许诺", SHIQIAO, "见到本人", 1000, "是", None),
        ("2026-12-16 23:10", "突击队", "龚平、范婷", BAISHA, "见到家属", None, "否", "客户约定",
         "2026-12-16 14:00", "电话", "家属"),
    ])  # fmt: skip
    data = path.read_bytes()
    report = import_visit_file(engine, camp, data, "visits.xlsx", actor="t1")
    assert not report.rejected and report.errors == []
    assert report.done.stored == 2
    again = import_visit_file(engine, camp, data, "visits.xlsx", actor="t1")
    assert again.done.stored == 0
    assert [p.reason for p in again.warnings] == [
        "duplicate of a stored visit: not stored again"
    ] * 2
    assert count_visits(engine) == 2


def test_a_bad_visit_workbook_is_rejected_whole_unless_valid_rows_only(
    engine: Engine, camp: str, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "visits.xlsx", [
        HEADER,
        ("2026-12-16 10:00", "尖刀队", "林晓、许诺", SHIQIAO, "见到本人", 1000, "是", None),
        ("2026-12-16 11:00", "尖刀队", "林晓", SHIQIAO, "未见到", None, "是", None),
        ("2026-12-16 12:00", "尖刀队", "林晓、许诺", "0000", "见到本人", None, "否", None),
    ])  # fmt: skip
    data = path.read_bytes()
    report = import_visit_file(engine, camp, data, "visits.xlsx", actor="t1")
    assert report.rejected
    assert [(p.row, p.column) for p in report.errors] == [(3, "签收回执"), (4, "贷款账号")]
    assert count_visits(engine) == 0
    partial = import_visit_file(engine, camp, data, "visits.xlsx", skip_invalid=True, actor="t1")
    assert partial.done.stored == 1 and {p.row for p in partial.errors} == {3, 4}


def test_a_file_that_is_not_a_visit_workbook_is_one_clear_problem(
    engine: Engine, camp: str
) -> None:
    report = import_visit_file(engine, camp, b"\x00\x01garbage", "visits.xlsx", actor="t1")
    assert report.rejected and report.errors and report.errors[0].row is None


# --------------------------------------------------------------------------- today


def test_todays_entries_list_points_warnings_corrections_and_voids(
    engine: Engine, camp: str
) -> None:
    a = save_visit(engine, camp, visit(principal=200_000), "t1")
    b = save_visit(engine, camp, visit(at="2026-12-16 11:00", members=("林晓",)), "t2")
    c = save_visit(engine, camp, visit(team="突击队", loan=BAISHA, members=("龚平", "范婷")), "t3")
    correct_visit(engine, camp, a.visit_id, visit(principal=300_000), "看错金额", "t1")
    void_visit(engine, camp, b.visit_id, "录入重复", "t1")

    rows = todays_entries(engine, camp, team="尖刀队")
    assert [r.id for r in rows] == [b.visit_id, a.visit_id]  # newest first, 突击队 left out
    by_id = {r.id: r for r in rows}
    assert (by_id[a.visit_id].principal_fen, by_id[a.visit_id].points) == (300_000, 300)
    assert by_id[a.visit_id].visited_at == datetime(2026, 12, 16, 10, 0)
    assert (by_id[b.visit_id].voided, by_id[b.visit_id].void_reason) == (True, "录入重复")
    assert by_id[b.visit_id].warnings == ("single collector",)
    assert by_id[b.visit_id].entered_by == "t2"
    assert len(todays_entries(engine, camp)) == 3
    assert todays_entries(engine, camp, on=date(2026, 12, 15)) == []

    # the audit log keeps before and after of the correction
    with UnitOfWork(engine, write=False) as uow:
        entry = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "visit.correct")
        ).one()
    assert (entry.before["principal_fen"], entry.after["principal_fen"]) == (200_000, 300_000)
    assert c.visit_id not in by_id


def test_today_is_the_camp_local_day_of_now(engine: Engine, camp: str) -> None:
    saved = save_visit(engine, camp, visit(), "t1")
    # entered at 23:59 Shanghai time on 16 December
    entered = datetime(2026, 12, 16, 15, 59, tzinfo=UTC)
    with UnitOfWork(engine) as uow:
        uow.session.execute(
            update(Visit).where(Visit.id == saved.visit_id).values(entered_at=entered)
        )
        uow.commit()
    assert [r.id for r in todays_entries(engine, camp, now=entered + timedelta(minutes=1))] == []
    assert [r.id for r in todays_entries(engine, camp, now=entered)] == [saved.visit_id]
    assert [r.id for r in todays_entries(engine, camp, on=date(2026, 12, 16))] == [saved.visit_id]
    assert todays_entries(engine, camp, now=entered)[0].entered_at == datetime(2026, 12, 16, 23, 59)


def test_todays_adjustments_are_listed_with_their_reason(engine: Engine, camp: str) -> None:
    add_adjustment(engine, camp, "突击队", "-3", "迟到", datetime(2026, 12, 17, 8, 0), "t1")
    add_adjustment(engine, camp, "尖刀队", "2.5", "晨会表现", None, "t2")
    rows = todays_adjustments(engine, camp)
    assert [(a.team, a.points, a.reason) for a in rows] == [
        ("尖刀队", 250, "晨会表现"), ("突击队", -300, "迟到"),
    ]  # fmt: skip
    assert rows[1].at == datetime(2026, 12, 17, 8, 0) and rows[1].period_day == 4
    assert [a.team for a in todays_adjustments(engine, camp, team="突击队")] == ["突击队"]


# --------------------------------------------------------------------------- problems


def test_a_problem_is_raised_listed_and_closed_with_the_audit_log_keeping_both(
    engine: Engine, camp: str
) -> None:
    before = version(engine)
    pid = raise_problem(engine, camp, "客户称已还款，需核对流水", "t1", team="尖刀队",
                        loan_no=SHIQIAO)  # fmt: skip
    other = raise_problem(engine, camp, "地址有误", "t2")
    assert version(engine) == before + 2
    rows = list_problems(engine, camp)
    assert [(p.id, p.status) for p in rows] == [(other, "open"), (pid, "open")]
    mine = next(p for p in rows if p.id == pid)
    assert (mine.team, mine.loan_no, mine.borrower, mine.raised_by) == (
        "尖刀队", SHIQIAO, "张志强", "t1",
    )  # fmt: skip

    close_problem(engine, camp, pid, "已核对：未到账", "t3")
    rows = list_problems(engine, camp)
    assert [(p.id, p.status) for p in rows] == [(other, "open"), (pid, "closed")]
    closed = list_problems(engine, camp, status="closed")
    assert [(p.closed_by, p.resolution) for p in closed] == [("t3", "已核对：未到账")]
    assert [p.id for p in list_problems(engine, camp, team="尖刀队")] == [pid]
    with UnitOfWork(engine, write=False) as uow:
        audit = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.entity == "problem").order_by(AuditEntry.id)
        ).all()
    assert [a.action for a in audit] == ["problem.raise", "problem.raise", "problem.close"]
    assert (audit[2].before["status"], audit[2].after["status"]) == ("open", "closed")
    assert audit[2].reason == "已核对：未到账"


def test_bad_problems_are_rejected_and_nothing_is_written(engine: Engine, camp: str) -> None:
    with pytest.raises(InputRejected) as info:
        raise_problem(engine, camp, "  ", "t1", team="无此队", loan_no="0000")
    assert [p.column for p in info.value.problems] == ["问题", "团队", "贷款账号"]
    pid = raise_problem(engine, camp, "客户拒绝开门", "t1")
    with pytest.raises(InputRejected):
        close_problem(engine, camp, pid, " ", "t1")
    close_problem(engine, camp, pid, "改日再访", "t1")
    with pytest.raises(InputRejected, match="input rejected"):
        close_problem(engine, camp, pid, "again", "t1")
    with pytest.raises(UsageError):
        close_problem(engine, camp, pid + 100, "x", "t1")
    with pytest.raises(UsageError):
        list_problems(engine, camp, status="pending")
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalar(select(func.count()).select_from(FieldProblem)) == 1
