"""/board through the real app.py, past the log-in, with the clock pinned at 07:50 on
camp day 4 of the sample camp (session_state["_now"])."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from core.campfile import load_camp_file
from db.camps import load_camp, replace_camp
from db.engine import make_engine
from db.queries import data_version
from db.setup import save_rules_text
from tests.integration.test_board import CODE, LOANS, NOW, load_board_camp

PAGE = "pages/board.py"
ROLES = ("admin", "trainer", "manager", "screen")


@pytest.fixture
def camp(users: str, samples: Path, tmp_path: Path) -> str:
    engine = make_engine(users)
    load_board_camp(users, samples, tmp_path, engine)
    save_rules_text(engine, CODE, "迟到扣 1 分 <script>alert(1)</script>", "boss")
    engine.dispose()
    return users


def open_board(logged_in: Callable[[str], AppTest], role: str, **params: str) -> AppTest:
    at = logged_in(role)
    at.session_state["_now"] = NOW
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def screen(at: AppTest) -> str:
    """The channel on screen: the one block of HTML the board draws."""
    (html,) = [m.value for m in at.markdown if m.value.startswith('<div class="bd">')]
    return html


def channel(at: AppTest) -> object:
    return next(s for s in at.selectbox if s.key == "board_channel")


def every_channel(at: AppTest) -> list[str]:
    picker = channel(at)
    shown = []
    for value in picker.options[1:]:
        channel(at).select(value).run()
        assert not at.exception, at.exception
        shown.append(screen(at))
    return shown


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_morning_board_of_day_4(
    camp: str, logged_in: Callable[[str], AppTest], role: str
) -> None:
    at = open_board(logged_in, role)
    html = screen(at)
    assert "第 4 天 / 共 7 天" in html and "实战第 2 天 / 共 5 天" in html
    assert "12月17日 周四 07:50" in html
    assert "战况与 PK" in html and "尖刀队" in html
    if role == "screen":  # projector mode from the first view: no sidebar, no picker
        assert [s for s in at.selectbox if s.key == "board_channel"] == []
        return
    # the channels: the scoreboard, the plans (two teams: one screen), the lists
    assert channel(at).options == ["自动轮播", "1. 战况与 PK", "2. 今日走访计划",
                                   "3. 物资 · 奖惩 · 纪律 · 风俗"]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
def test_no_channel_shows_a_full_name_id_phone_or_loan_number(
    camp: str, logged_in: Callable[[str], AppTest], role: str
) -> None:
    if role == "screen":  # the projector's bookmarks hold a channel each (?view=N)
        shown = [screen(open_board(logged_in, role, view=str(i))) for i in (1, 2, 3)]
    else:
        shown = every_channel(open_board(logged_in, role))
    assert len(shown) == 3
    for html in shown:
        for no, name, id_number, phone, *_ in LOANS:
            assert no not in html and name not in html
            assert id_number not in html and phone not in html


def test_the_plans_channel_groups_todays_plans_and_masks_the_households(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = open_board(logged_in, "trainer")
    channel(at).select(2).run()
    html = screen(at)
    assert "今日走访计划" in html
    assert html.index("石桥乡") < html.index("城关镇")  # 尖刀队 goes to 石桥乡 first
    assert "王**" in html and "…0003" in html and "时效已过" in html and "苗族" in html
    assert "4 户" in html and "预排" in html and "已定" in html  # prefilled / saved on /research


def test_the_lists_channel_escapes_the_rules_text(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = open_board(logged_in, "admin")
    channel(at).select(3).run()
    html = screen(at)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>" not in html
    assert "催收通知书及回执" in html and "回族" in html and "彝族" not in html


def test_the_scoreboard_shows_last_night_yesterday_the_red_flag_and_the_pairings(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    html = screen(open_board(logged_in, "manager"))
    assert "昨夜战果（12-16 17:30 后）" in html and "昨日（第 3 天）" in html
    assert "流动红旗" in html and "第 3 天时段第一 · 10.00 分" in html
    assert "今日 PK 对阵" in html and "第 3 天 PK 结果" in html
    assert "20.00" in html  # 尖刀队's night: 20,000 元 at 23:30


def test_the_board_turns_to_the_next_channel_when_its_time_is_up(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = open_board(logged_in, "screen", present="1")
    assert not [t for t in at.toggle]  # presentation mode: no switch in a sidebar
    first = screen(at)
    at.session_state["_now"] = NOW + timedelta(seconds=10)
    at.run()
    assert "战况与 PK" in first and "战况与 PK" in screen(at)  # a rerun alone does not turn it
    at.session_state["_now"] = NOW + timedelta(seconds=15)
    at.run()
    assert "今日走访计划" in screen(at)


def test_a_bookmark_can_hold_one_channel(camp: str, logged_in: Callable[[str], AppTest]) -> None:
    at = open_board(logged_in, "screen", present="1", view="3")
    assert "物资清单" in screen(at)
    at.run()
    assert "物资清单" in screen(at)


def test_the_board_speaks_english_on_the_switch(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = logged_in("screen")
    at.session_state["_now"] = NOW
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    html = screen(at)
    assert "Day 4 of 7" in html and "Field day 2 of 5" in html and "Red flag" in html


def test_without_a_camp_the_board_says_how_to_make_one(
    users: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = logged_in("screen").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert "还没有训练营" in at.info[0].value


def test_a_camp_replaced_by_demo_at_the_same_version_is_not_served_from_the_old_board(
    camp: str, logged_in: Callable[[str], AppTest], samples: Path
) -> None:
    at = open_board(logged_in, "screen", view="3")  # the projector's bookmark of channel 3
    assert "迟到扣 1 分" in screen(at)
    engine = make_engine(camp)
    version = data_version(engine, CODE)
    assert replace_camp(engine, CODE)  # what `demo` does to a camp of the same code
    load_camp(engine, load_camp_file(samples / "camp_sample.toml"))  # its version restarts
    while data_version(engine, CODE) < version - 1:
        save_rules_text(engine, CODE, f"草稿 {data_version(engine, CODE)}", "boss")
    save_rules_text(engine, CODE, "新营规：准时集合", "boss")
    assert data_version(engine, CODE) == version  # the old board's version, same minute
    engine.dispose()
    again = open_board(logged_in, "screen", view="3")
    assert "新营规：准时集合" in screen(again)
    assert "迟到扣 1 分" not in screen(again)
