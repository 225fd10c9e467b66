"""/pk through the real app.py, past the log-in, on SQLite with a small demo camp and the
clock pinned to the camp's fifth day (field day 3 of 5)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

import db.queries.pk
from db.engine import make_engine
from db.models import Camp, Member, Team
from db.models import Loan as LoanRow
from db.visits import add_adjustment
from tests.integration.test_cli import run
from tests.ui.conftest import ROLES

PAGE = "pages/pk.py"
TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 5, 12, 0, tzinfo=TZ)  # the demo camp starts on 2026-12-01


@pytest.fixture
def demo(users: str) -> str:
    code, _, err = run(users, "demo", "--teams", "4", "--loans", "200", "--visits", "400")
    assert code == 0, err
    return users


def open_pk(logged_in: Callable[[str], AppTest], role: str = "screen", **query: str) -> AppTest:
    at = logged_in(role)
    at.session_state["_now"] = NOW
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def html(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def ranking_rows(at: AppTest) -> int:
    table = next(m.value for m in at.markdown if 'table class="proj pk"' in m.value)
    return table.count("<tr") - 1


def personal_data(url: str) -> list[str]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(select(LoanRow.borrower, LoanRow.id_number, LoanRow.phone,
                                   LoanRow.loan_no)).all()  # fmt: skip
        staff = set(conn.scalars(select(Member.name)))
    engine.dispose()
    return sorted({v for row in rows for v in row if v and v not in staff})


def counting(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Count the computations of the board (calls of db.queries.pk.pk_board)."""
    calls: list[int] = []
    real = db.queries.pk.pk_board

    def counted(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(db.queries.pk, "pk_board", counted)
    return calls


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_ranking_race_pairings_and_members_with_nothing_personal(
    demo: str, logged_in: Callable[[str], AppTest], role: str
) -> None:
    at = open_pk(logged_in, role)
    page = html(at)
    assert "PK 排名" in page and "第 5 天 / 共 7 天 · 实战第 3 天 / 共 5 天" in page
    assert ranking_rows(at) == 4
    assert "升降：与第 4 天时段结束时相比" in page
    assert "流动红旗" in page and "清收标兵" in page and "今日 PK · 第 5 天" in page
    assert len(at.get("plotly_chart")) == 1
    personal = personal_data(demo)
    assert len(personal) > 400
    shown = page + "\n".join(str(e.value) for e in at.get("plotly_chart"))
    assert [v for v in personal if v in shown] == []


def test_it_says_when_the_data_last_changed_in_camp_local_time(
    demo: str, logged_in: Callable[[str], AppTest]
) -> None:
    engine = make_engine(demo)
    with engine.connect() as conn:
        changed = conn.scalar(select(Camp.updated_at).where(Camp.code == "demo"))
    engine.dispose()
    at = open_pk(logged_in)
    local = changed.astimezone(TZ).strftime("%m-%d %H:%M")  # another day than the pinned now
    assert f"数据更新于 {local}" in html(at)


def test_the_refresh_interval_defaults_to_30_seconds_and_the_bookmark_may_change_it(
    demo: str, logged_in: Callable[[str], AppTest]
) -> None:
    assert "每 30 秒自动刷新" in html(open_pk(logged_in))
    assert "每 10 秒自动刷新" in html(open_pk(logged_in, refresh="10"))
    assert "每 5 秒自动刷新" in html(open_pk(logged_in, refresh="1"))  # not below 5 s


def test_screens_share_one_computation_until_the_data_changes(
    demo: str, logged_in: Callable[[str], AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = counting(monkeypatch)
    first = open_pk(logged_in, "screen")
    second = open_pk(logged_in, "manager")  # another browser, same data version
    first.run()
    second.run()
    assert len(calls) == 1
    leader = first.session_state["pk_leader_demo"]
    add_adjustment(make_engine(demo), "demo", leader, "1", "PK 奖励")
    first.run()
    second.run()
    assert len(calls) == 2
    assert not first.exception and not second.exception


def test_a_new_leader_is_celebrated_on_the_screens_watching(
    demo: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = open_pk(logged_in)
    assert "登顶第一" not in html(at)  # a screen just opened has nothing to compare with
    leader = at.session_state["pk_leader_demo"]
    engine = make_engine(demo)
    with engine.connect() as conn:
        teams = list(conn.scalars(select(Team.name)))
    runner_up = next(t for t in teams if t != leader)
    add_adjustment(engine, "demo", runner_up, "100000", "PK 奖励")
    at.run()
    assert f"{runner_up} 登顶第一" in html(at)
    assert at.get("balloons")
    at.run()  # the banner stays up between refreshes; the balloons flew once
    assert f"{runner_up} 登顶第一" in html(at)
    assert not at.get("balloons")
    engine.dispose()


def test_more_than_twelve_teams_rotate_twelve_at_a_time(
    users: str, logged_in: Callable[[str], AppTest]
) -> None:
    assert run(users, "demo", "--teams", "14", "--loans", "0", "--visits", "0")[0] == 0
    at = open_pk(logged_in)
    assert ranking_rows(at) == 12
    assert "第 1–12 名 / 共 14 队（轮播）" in html(at)


def test_without_a_camp_the_page_says_so(users: str, logged_in: Callable[[str], AppTest]) -> None:
    at = open_pk(logged_in)
    assert at.title[0].value == "PK 排名"
    assert "还没有训练营" in at.info[0].value


def test_the_bookmark_may_name_the_camp_and_an_unknown_one_falls_back_to_the_newest(
    demo: str, logged_in: Callable[[str], AppTest]
) -> None:
    assert "示范农商银行" in html(open_pk(logged_in, camp="demo"))
    at = open_pk(logged_in, camp="nope")
    assert "示范农商银行" in html(at)


def test_the_news_ticker_moves_only_when_a_big_recovery_comes_in(
    demo: str, logged_in: Callable[[str], AppTest]
) -> None:
    from core.records import VisitRecord
    from db.visits import record_visits

    at = open_pk(logged_in)
    assert 'class="tk"' in html(at) and "tk-i new" not in html(at)  # a fresh screen: still
    at.run()
    assert "tk-i new" not in html(at)
    engine = make_engine(demo)
    with engine.connect() as conn:
        team_id, team = conn.execute(select(Team.id, Team.name).order_by(Team.position)).first()
        members = tuple(conn.scalars(select(Member.name).where(Member.team_id == team_id)))[:2]
        loan_no, borrower = conn.execute(
            select(LoanRow.loan_no, LoanRow.borrower)
            .where(LoanRow.team_id == team_id, LoanRow.principal_fen >= 3_000_000)
            .order_by(LoanRow.id)
        ).first()
    done = record_visits(engine, "demo", [
        VisitRecord(row=2, visited_at=datetime(2026, 12, 5, 11, 58), team=team, loan_no=loan_no,
                    contact="见到本人", members=members, principal_fen=2_500_000),
    ])  # fmt: skip
    engine.dispose()
    assert done.stored == 1, done.rejected
    at.run()
    page = html(at)
    assert page.count("tk-i new") == 1  # the new item slides in, once
    assert f"{team} 收回 {borrower[0]}" in page and "2.50万元" in page and borrower not in page
    at.run()
    assert "tk-i new" not in html(at)  # and then stands still
