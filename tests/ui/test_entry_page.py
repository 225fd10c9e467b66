"""/entry as a trainer uses it at 17:05 with a pile of paper forms: the real app.py, past
the log-in, on SQLite."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from core.entry import GRID_COLUMNS, PROBLEM_COLUMN
from db.engine import make_engine
from db.entry import list_problems, todays_adjustments
from db.models import Visit
from db.queries import standings
from db.uow import UnitOfWork
from tests.conftest import Prepare

ENTRY = "pages/entry.py"
CODE = "qh-sample"
SHIQIAO = "8201000723966385"  # 石桥乡 (尖刀队), 张志强, 8,000 元, expired limitation
BAISHA = "8201001923382437"  # 白沙乡 (突击队)


@pytest.fixture
def camp(users: str, prepare: Prepare) -> str:
    prepare(users, "loans")  # the sample camp and its loans
    return CODE


@pytest.fixture
def entry(logged_in: Callable[[str], AppTest], camp: str) -> AppTest:
    at = logged_in("trainer").run()
    at.switch_page(ENTRY).run()
    assert not at.exception
    return at


def stored(url: str) -> list[Visit]:
    engine = make_engine(url)
    try:
        with UnitOfWork(engine, write=False) as uow:
            return list(uow.session.scalars(select(Visit).order_by(Visit.id)))
    finally:
        engine.dispose()


def points_of(url: str, team: str) -> int:
    engine = make_engine(url)
    try:
        return next(e.points for _, e in standings(engine, CODE)["teams"] if e.name == team)
    finally:
        engine.dispose()


def texts(at: AppTest, kind: str) -> str:
    return "\n".join(str(e.value) for e in getattr(at, kind))


def tables(at: AppTest) -> str:
    """Every table on the page as text (problem tables, today's entries, ...)."""
    return "\n".join(d.value.to_csv() for d in at.dataframe)


def fill(at: AppTest, *, query: str = "6385", day: date = date(2026, 12, 16),
         at_time: str | time | None = "10:00", contact: str | None = "见到本人",
         members: tuple[str, ...] = ("林晓", "许诺"), **extra: object) -> AppTest:  # fmt: skip
    """Fill the fast form as a trainer copies a paper form: the search runs at once, the
    form's fields are sent with the save (a st.form: call `save`)."""
    at.text_input(key="entry_f_query").input(query).run()
    at.date_input(key="entry_f_visit_date").set_value(day)
    if at_time is not None:  # typed as text, as on a paper form: 10:00
        at_time = at_time.strftime("%H:%M") if isinstance(at_time, time) else at_time
        at.text_input(key="entry_f_visit_time").input(at_time)
    if contact:
        at.pills(key="entry_f_contact").set_value(contact)
    for name in members:
        at.multiselect(key="entry_f_members_尖刀队").select(name)
    for key, value in extra.items():
        if key == "entry_f_ack":
            at.checkbox(key=key).check()
        else:
            (at.text_area if key == "entry_f_notes" else at.text_input)(key=key).input(value)
    return at


def save(at: AppTest) -> AppTest:
    return at.button(key="entry_f_save").click().run()


# --------------------------------------------------------------------------- the page


def test_the_entry_page_opens_for_a_trainer_with_every_part(entry: AppTest) -> None:
    assert entry.title[0].value == "成果录入"
    assert [t.label for t in entry.tabs] == [
        "单笔录入", "批量录入", "回执登记", "导入走访表", "今日记录", "加减分", "问题反馈",
        "招式库",
    ]  # fmt: skip
    assert entry.selectbox(key=f"entry_team_{CODE}").value == "尖刀队"
    assert texts(entry, "error") == ""  # nothing is asked for before anything is typed


def test_the_entry_page_opens_for_the_admin_before_any_camp(
    logged_in: Callable[[str], AppTest],
) -> None:
    at = logged_in("admin").run()
    at.switch_page(ENTRY).run()
    assert not at.exception
    assert "还没有训练营" in texts(at, "info")


@pytest.mark.parametrize("role", ["manager", "screen"])
def test_managers_and_the_screen_cannot_reach_the_entry_page(
    logged_in: Callable[[str], AppTest], camp: str, role: str
) -> None:
    at = logged_in(role).run()
    with pytest.raises(ValueError):
        at.switch_page(ENTRY).run()


def test_finding_a_loan_shows_it_with_its_balance_and_limitation(entry: AppTest) -> None:
    entry.text_input(key="entry_f_query").input("张志强").run()
    assert entry.selectbox(key="entry_f_loan").value == SHIQIAO
    shown = texts(entry, "info")
    assert "8,000.00" in shown and "时效：已过" in shown
    assert "该借款人没有其他贷款" in texts(entry, "caption")


# --------------------------------------------------------------------------- the form's checks


def test_saving_an_empty_form_says_everything_missing_and_stores_nothing(
    entry: AppTest, users: str
) -> None:
    entry.button(key="entry_f_save").click().run()
    missing = texts(entry, "error")
    assert "未保存" in missing
    for item in ("查找并选择贷款", "填写走访日期和时间", "选择接触结果", "选择参与成员"):
        assert item in missing
    assert stored(users) == []


def test_a_refused_save_keeps_everything_typed_and_says_why_in_full(
    entry: AppTest, users: str
) -> None:
    at = fill(entry, contact=None, at_time="25:70", entry_f_principal_yuan="1,200",
              entry_f_notes="客户外出务工")  # fmt: skip
    at.button(key="entry_f_save").click().run()
    missing = texts(at, "error")
    assert "不是时间：请写成 17:30 或 1730" in missing and "选择接触结果" in missing
    assert at.text_input(key="entry_f_principal_yuan").value == "1,200"
    assert at.text_input(key="entry_f_query").value == "6385"
    assert at.text_area(key="entry_f_notes").value == "客户外出务工"
    assert at.multiselect(key="entry_f_members_尖刀队").value == ["林晓", "许诺"]
    assert stored(users) == []
    at.text_input(key="entry_f_visit_time").input("1030")
    at.pills(key="entry_f_contact").set_value("见到本人")
    at.button(key="entry_f_save").click().run()
    [visit] = stored(users)
    assert (visit.principal_fen, visit.notes) == (120_000, "客户外出务工")


def test_a_receipt_with_a_contact_that_cannot_sign_is_refused_before_saving(
    entry: AppTest, users: str
) -> None:
    at = fill(entry, contact="未见到", entry_f_ack=True)
    at.button(key="entry_f_save").click().run()
    assert "“未见到”不能签收回执" in texts(at, "error")
    assert stored(users) == []


def test_a_quiet_hours_visit_is_saved_only_with_the_appointment_made_before_it(
    entry: AppTest, users: str
) -> None:
    at = fill(entry, at_time="23:30")
    at.text_area(key="entry_f_notes").input("客户本人在场，当面同意在此时间沟通")
    at.button(key="entry_f_save").click().run()
    assert "静默时段走访须登记事先的预约" in texts(at, "error")  # a note alone is not enough
    assert stored(users) == []
    at.date_input(key="entry_f_appt_date").set_value(date(2026, 12, 16))
    at.text_input(key="entry_f_appt_time").input("15:00")
    at.selectbox(key="entry_f_appt_by").set_value("电话")
    at.selectbox(key="entry_f_agreed").set_value("本人")
    at.button(key="entry_f_save").click().run()
    assert "静默时段走访须登记事先的预约" not in texts(at, "error")
    assert not at.exception
    [visit] = stored(users)
    assert (visit.appointment_by, visit.agreed_by, visit.quiet) == ("电话", "本人", True)


def test_an_incomplete_promise_is_named_and_saved_with_a_warning_for_no_points(
    entry: AppTest, users: str
) -> None:
    at = fill(entry, entry_f_promise_amount_yuan="3000")
    at.button(key="entry_f_save").click().run()
    assert "承诺三要素不全" in texts(at, "success")
    [visit] = stored(users)
    assert (visit.promise_amount_fen, visit.warnings, visit.earned_promise) == (
        300_000, ["incomplete promise"], False,
    )  # fmt: skip


def test_a_complete_visit_is_saved_scored_in_the_standings_and_the_form_starts_afresh(
    entry: AppTest, users: str
) -> None:
    at = fill(entry, entry_f_principal_yuan="5,000", entry_f_ack=True)
    at.button(key="entry_f_save").click().run()
    assert not at.exception
    # the confirmation names the borrower (masked), the loan's tail, the money and the points
    said = texts(at, "success")
    assert "张**（尾号 6385），收回 5,000.00 元，得分 8.00" in said  # 5.00 + 3 for an ack
    assert "张志强" not in said
    assert points_of(users, "尖刀队") == 800
    [visit] = stored(users)
    assert (visit.principal_fen, visit.ack, visit.entered_by) == (500_000, True, "trainer")
    # the next form keeps the day, the time and the collectors, and forgets the rest
    assert at.text_input(key="entry_f_visit_time").value == "10:00"
    assert at.text_input(key="entry_f_query").value == ""
    assert at.text_input(key="entry_f_principal_yuan").value == ""
    assert at.pills(key="entry_f_contact").value is None
    assert not at.checkbox(key="entry_f_ack").value
    assert at.multiselect(key="entry_f_members_尖刀队").value == ["林晓", "许诺"]
    assert at.date_input(key="entry_f_visit_date").value == date(2026, 12, 16)


def test_a_reloaded_page_starts_from_the_trainers_last_visit(
    entry: AppTest, logged_in: Callable[[str], AppTest]
) -> None:
    at = fill(entry, at_time="1905", entry_f_principal_yuan="100")
    at.button(key="entry_f_save").click().run()
    again = logged_in("trainer").run()  # a new session: a reload, or another PC
    again.switch_page(ENTRY).run()
    assert again.text_input(key="entry_f_visit_time").value == "19:05"
    assert again.date_input(key="entry_f_visit_date").value == date(2026, 12, 16)
    assert again.multiselect(key="entry_f_members_尖刀队").value == ["林晓", "许诺"]
    assert again.text_input(key="entry_f_query").value == ""


def test_saving_the_same_paper_form_twice_stores_one_record(entry: AppTest, users: str) -> None:
    at = fill(entry, entry_f_principal_yuan="100")
    at.button(key="entry_f_save").click().run()
    at = fill(at, entry_f_principal_yuan="100", members=())
    at.button(key="entry_f_save").click().run()
    assert "已经保存过" in texts(at, "info")
    assert len(stored(users)) == 1


def test_a_visit_the_store_rejects_shows_its_problems_as_a_table(
    entry: AppTest, users: str
) -> None:
    at = fill(entry, query=BAISHA)  # 突击队's territory, entered for 尖刀队
    assert "突击队的责任区" in texts(at, "info")
    at.button(key="entry_f_save").click().run()
    assert not at.exception
    assert "未保存" in texts(at, "error")
    assert "属于突击队的片区，不属于尖刀队" in tables(at)
    assert stored(users) == []
    assert at.text_input(key="entry_f_query").value == BAISHA  # nothing typed is lost
    assert at.pills(key="entry_f_contact").value == "见到本人"


# --------------------------------------------------------------------------- the grid


def grid_row(**kw: object) -> dict[str, object]:
    row = dict.fromkeys((*GRID_COLUMNS, PROBLEM_COLUMN))
    row.update({"date": date(2026, 12, 16), "time": time(10, 0), "members": ["林晓", "许诺"],
                "loan_no": SHIQIAO, "contact": "见到本人"})  # fmt: skip
    row.update(kw)
    return row


def test_the_grid_saves_nothing_while_a_row_is_wrong_and_marks_that_row(
    entry: AppTest, users: str
) -> None:
    # the rows as typed into the grid (AppTest cannot type into a data editor)
    entry.session_state["entry_grid_base"] = [
        grid_row(principal=1000.0),
        grid_row(loan_no="0000", time=time(11, 0)),
        grid_row(contact=None, time=time(12, 0)),
    ]
    at = entry.run()
    at.button(key="entry_grid_save").click().run()
    assert not at.exception
    assert "一条也没有保存" in texts(at, "error")
    marked = at.session_state["entry_grid_base"]
    assert [r[PROBLEM_COLUMN] for r in marked] == [
        None, "贷款账号：本训练营没有贷款 0000", "接触结果：必填值为空",
    ]  # fmt: skip
    assert stored(users) == []

    # corrected, the same rows are saved together and the standings move at once
    at.session_state["entry_grid_base"] = [
        grid_row(principal=1000.0),
        grid_row(interest=200.0, time=time(11, 0)),
        grid_row(contact="见到家属", time=time(12, 0), ack=True),
    ]
    at.run()
    at.button(key="entry_grid_save").click().run()
    assert not at.exception
    assert "已保存 3 条走访" in texts(at, "success")
    assert len(stored(users)) == 3
    # 1.00 + 0.10, and nothing for the relative's signature: the loan is expired and a
    # payment after expiry does not revive it, so only the borrower can sign (SPEC §4.4)
    assert points_of(users, "尖刀队") == 100 + 10
    assert "relative signature after expiry" in stored(users)[2].warnings
    assert at.session_state["entry_grid_base"] is None  # an empty grid for the next batch


# --------------------------------------------------------------------------- the rest


def test_a_visit_is_voided_from_todays_entries_with_a_reason(entry: AppTest, users: str) -> None:
    at = fill(entry, entry_f_principal_yuan="100")
    at.button(key="entry_f_save").click().run()
    [visit] = stored(users)
    at.radio(key="entry_t_action").set_value("void").run()
    at.button(key=f"entry_c{visit.id}_void").click().run()
    assert "原因,必须填写原因" in tables(at)
    at.text_input(key=f"entry_c{visit.id}_void_reason").input("录入重复").run()
    at.button(key=f"entry_c{visit.id}_void").click().run()
    assert "已作废" in texts(at, "success")
    assert stored(users)[0].void_reason == "录入重复"
    assert points_of(users, "尖刀队") == 0


def test_a_visit_is_corrected_from_todays_entries(entry: AppTest, users: str) -> None:
    at = fill(entry, entry_f_principal_yuan="100")
    at.button(key="entry_f_save").click().run()
    [visit] = stored(users)
    prefix = f"entry_c{visit.id}_"
    assert at.text_input(key=f"{prefix}principal_yuan").value == "100.00"
    at.text_input(key=f"{prefix}principal_yuan").input("300")
    at.text_input(key=f"{prefix}reason").input("看错金额")
    at.button(key=f"{prefix}save").click().run()
    assert not at.exception
    assert "已更正" in texts(at, "success")
    assert stored(users)[0].principal_fen == 30_000


def test_an_adjustment_needs_a_reason_and_then_counts(entry: AppTest, users: str) -> None:
    entry.text_input(key="entry_adj_points").input("-3").run()
    entry.button(key="entry_adj_save").click().run()
    assert "原因,必须填写原因" in tables(entry)
    entry.text_input(key="entry_adj_reason").input("晨会迟到").run()
    entry.button(key="entry_adj_save").click().run()
    assert not entry.exception
    assert points_of(users, "尖刀队") == -300
    engine = make_engine(users)
    assert [a.reason for a in todays_adjustments(engine, CODE)] == ["晨会迟到"]
    engine.dispose()


def test_a_problem_is_raised_and_closed(entry: AppTest, users: str) -> None:
    entry.text_area(key="entry_pb_text").input("客户称已还款，需核对流水")
    entry.text_input(key="entry_pb_loan").input(SHIQIAO)
    entry.button(key="entry_pb_raise_button").click().run()
    assert not entry.exception
    assert "已记录" in texts(entry, "success")
    entry.text_input(key="entry_pb_resolution").input("已核对：未到账").run()
    entry.button(key="entry_pb_close").click().run()
    engine = make_engine(users)
    [problem] = list_problems(engine, CODE)
    engine.dispose()
    assert (problem.status, problem.loan_no, problem.resolution) == (
        "closed",
        SHIQIAO,
        "已核对：未到账",
    )


# --------------------------------------------------------------------------- the clock


def test_a_visit_or_adjustment_dated_after_now_is_refused_with_its_reason_and_stores_nothing(
    entry: AppTest, users: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 13, point 8: the clock (core.clock, pinned by CAMP_NOW) is day 3 at 09:00."""
    monkeypatch.setenv("CAMP_NOW", "2026-12-16T09:00:00+08:00")
    at = fill(entry, day=date(2026, 12, 18))
    at.button(key="entry_f_save").click().run()
    assert not at.exception
    assert "2026-12-18 10:00 晚于现在（2026-12-16 09:00，训练营时间）：不能提前登记" in tables(at)
    entry.session_state["entry_grid_base"] = [grid_row(principal=1000.0, time=time(9, 30))]
    at = entry.run()
    at.button(key="entry_grid_save").click().run()
    assert not at.exception and "一条也没有保存" in texts(at, "error")
    assert "晚于现在" in at.session_state["entry_grid_base"][0][PROBLEM_COLUMN]
    at.text_input(key="entry_adj_points").input("5").run()
    at.text_input(key="entry_adj_reason").input("提前加分").run()
    at.date_input(key="entry_adj_date").set_value(date(2026, 12, 17))
    at.time_input(key="entry_adj_time").set_value(time(9, 0))
    at.button(key="entry_adj_save").click().run()
    assert not at.exception
    assert "2026-12-17 09:00 晚于现在" in tables(at)
    assert stored(users) == [] and points_of(users, "尖刀队") == 0
    monkeypatch.setenv("CAMP_NOW", "2026-12-16T10:05:00+08:00")  # 10:00 is past now
    at = fill(at, day=date(2026, 12, 16))
    at.button(key="entry_f_save").click().run()
    assert len(stored(users)) == 1


@pytest.mark.parametrize(
    ("points", "reason"),
    [("inf", "不是有限的数字"), ("nan", "不是有限的数字"),
     ("12345678901234567890", "加减分最多为正负 1,000,000,000 分")],
)  # fmt: skip
def test_adjustment_points_that_are_not_a_finite_number_show_a_message_not_a_traceback(
    entry: AppTest, users: str, points: str, reason: str
) -> None:
    entry.text_input(key="entry_adj_points").input(points).run()
    entry.text_input(key="entry_adj_reason").input("试试").run()
    entry.button(key="entry_adj_save").click().run()
    assert not entry.exception
    assert reason in tables(entry)
    assert points_of(users, "尖刀队") == 0
