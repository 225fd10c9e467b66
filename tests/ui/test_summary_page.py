"""/summary at the 17:30 meeting: the real app.py, past the log-in, on SQLite, the clock
pinned to 18:30 on field day 4 of the sample camp."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from db.engine import make_engine
from db.entry import list_problems, raise_problem
from db.models import Loan
from db.uow import UnitOfWork
from db.visits import record_visits
from tests.conftest import Prepare
from tests.integration.test_summary import LIU_LI, ZHANG, ZHOU
from tests.integration.test_visits import visit

SUMMARY = "pages/summary.py"
CODE = "qh-sample"
MEETING = datetime(2026, 12, 17, 10, 30, tzinfo=UTC)  # 18:30 in Shanghai
ROLES = ("admin", "trainer", "manager", "screen")


@pytest.fixture
def camp(users: str, prepare: Prepare) -> str:
    prepare(users, "loans")  # the sample camp and its loans
    engine = make_engine(users)
    record_visits(engine, CODE, [
        visit(2, "2026-12-16 23:30", "尖刀队", ("林晓", "许诺"), ZHOU, ack=True,
              notes="客户同意夜间上门", appointment_at=datetime(2026, 12, 16, 15, 0),
              appointment_by="电话", agreed_by="本人"),
        visit(3, "2026-12-17 09:00", "突击队", ("龚平", "范婷"), LIU_LI, principal=2_000_000),
        visit(4, "2026-12-17 10:00", "突击队", ("邵峰",), LIU_LI, interest=10_000),
    ])  # fmt: skip
    raise_problem(engine, CODE, "张志强称已还款，电话15284934153", "trainer", team="尖刀队",
                  loan_no=ZHANG)  # fmt: skip
    engine.dispose()
    return users


def open_summary(logged_in: Callable[[str], AppTest], role: str, **query: str) -> AppTest:
    at = logged_in(role)
    at.session_state["_now"] = MEETING
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(SUMMARY).run()
    assert not at.exception, at.exception
    return at


def html(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def secrets(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with UnitOfWork(engine, write=False) as uow:
            rows = uow.session.execute(
                select(Loan.loan_no, Loan.borrower, Loan.phone, Loan.id_number)
            ).all()
    finally:
        engine.dispose()
    return [x for row in rows for x in row if x]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_days_summary_masked(
    logged_in: Callable[[str], AppTest], camp: str, role: str
) -> None:
    at = open_summary(logged_in, role)
    if role == "screen":  # the projector PC starts in projector mode: one channel at a time
        assert not at.tabs and "1/6 团队战况" in html(at) and "突击队" in html(at)
        for secret in secrets(camp):
            assert secret not in html(at), secret
        return
    assert at.title[0].value == "总结会与战报"
    assert [t.label for t in at.tabs] == [
        "团队战况", "今日战果", "时效保全", "作业规范", "问题与整改", "明日安排", "问题登记",
    ]  # fmt: skip
    page = html(at)
    assert "第4天 · 外勤第2/5天 · 2026-12-17" in page and "统计区间 12-16 17:30" in page
    assert "突击队" in page and "20,000.00" in page and "刘*" in page
    assert "张**称已还款，电话152****4153" in page
    assert "今晚夜班：12-17 22:00–01:00，12-18 04:30–07:00" in page
    for secret in secrets(camp):
        assert secret not in page, secret
    downloads = at.get("download_button")
    assert [d.proto.label for d in downloads] == ["战报海报（PNG）", "战报 PDF", "战报 Excel"]


def test_an_imported_name_is_escaped_on_the_page(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    engine = make_engine(camp)
    raise_problem(engine, CODE, "<img src=x onerror=alert(1)>", "trainer")
    engine.dispose()
    page = html(open_summary(logged_in, "manager"))
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


@pytest.mark.parametrize("role", ["trainer", "admin"])
def test_trainers_and_the_admin_add_and_close_a_problem(
    logged_in: Callable[[str], AppTest], camp: str, role: str
) -> None:
    at = open_summary(logged_in, role)
    at.text_area(key="summary_pb_text").input("石桥乡红旗村地址有误")
    at.selectbox(key="summary_pb_team").set_value("尖刀队")
    submit = next(b for b in at.button if b.label == "登记问题")
    submit.click().run()
    assert not at.exception
    assert "问题已登记。" in "\n".join(s.value for s in at.success)
    engine = make_engine(camp)
    try:
        added = next(p for p in list_problems(engine, CODE) if p.text == "石桥乡红旗村地址有误")
        assert (added.status, added.team, added.raised_by) == ("open", "尖刀队", role)
        at.selectbox(key="summary_pb_pick").set_value(added.id)
        at.text_input(key="summary_pb_resolution").input("已与村委核实新地址")
        next(b for b in at.button if b.label == "关闭问题").click().run()
        assert not at.exception
        closed = next(p for p in list_problems(engine, CODE) if p.id == added.id)
        assert (closed.status, closed.resolution) == ("closed", "已与村委核实新地址")
    finally:
        engine.dispose()
    assert "已关闭" in html(at)


def test_an_empty_problem_is_refused_with_a_reason(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    at = open_summary(logged_in, "trainer")
    next(b for b in at.button if b.label == "登记问题").click().run()
    assert not at.exception
    assert "必须填写问题描述" in "\n".join(e.value for e in at.error)


@pytest.mark.parametrize("role", ["manager", "screen"])
def test_managers_and_the_screen_cannot_add_or_close_problems(
    logged_in: Callable[[str], AppTest], camp: str, role: str
) -> None:
    at = open_summary(logged_in, role)
    if role == "manager":  # the screen account is in projector mode: no problem tab at all
        assert "问题由培训师或管理员登记和关闭。" in "\n".join(i.value for i in at.info)
    assert not at.text_area and not [b for b in at.button if b.label in ("登记问题", "关闭问题")]


def test_presentation_mode_shows_one_channel_without_chrome(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    at = open_summary(logged_in, "screen", present="1")
    assert not at.tabs and not at.title  # no tabs, the compact header instead
    page = html(at)
    assert "display: none !important" in page  # the sidebar and toolbar are hidden
    assert "1/6 团队战况" in page and "2/6 今日战果" not in page
    pinned = html(open_summary(logged_in, "screen", present="1", view="tomorrow"))
    assert "6/6 明日安排" in pinned and "1/6 团队战况" not in pinned


def test_a_bookmarked_day_and_the_english_switch(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    at = logged_in("manager")
    at.session_state["_now"] = MEETING
    at.session_state["lang"] = "en"
    at.query_params["day"] = "3"
    at.run()
    at.switch_page(SUMMARY).run()
    assert not at.exception
    page = html(at)
    assert "Camp day 3 · field day 1 of 5" in page and "First field day" in page


def test_a_bookmarked_camp_is_chosen_and_an_unknown_one_is_ignored(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    assert "1/6 团队战况" in html(open_summary(logged_in, "screen", present="1", camp=CODE))
    at = open_summary(logged_in, "screen", present="1", camp="no-such-camp", day="99")
    assert "第4天" in html(at)  # the newest camp, the default day


def test_before_any_camp_the_page_says_so(logged_in: Callable[[str], AppTest], users: str) -> None:
    at = open_summary(logged_in, "admin")
    assert "还没有训练营" in "\n".join(i.value for i in at.info)
