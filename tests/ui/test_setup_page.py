"""/setup as the organiser uses it on day 1: the real app.py, past the log-in, on SQLite."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from streamlit.testing.v1 import AppTest

from db.engine import make_engine
from db.models import Camp, ScoringRule, User
from db.queries.setup import setup_view
from db.setup import import_loan_file, save_camp
from db.uow import UnitOfWork
from db.users import add_user
from db.visits import record_visits
from tests.integration.test_visits import BAISHA, SHIQIAO, visit
from tests.ui.conftest import session_id

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SETUP = "pages/setup.py"
PASSWORD = "correct-horse-battery"
CODE = "qh-sample"


@pytest.fixture
def store(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Engine:
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    monkeypatch.setenv("CAMP_COOKIE_KEY", "s" * 48)
    engine = make_engine(sqlite_url)
    add_user(engine, "boss", "admin", "营长", PASSWORD)
    add_user(engine, "lin", "trainer", "林老师", PASSWORD)
    yield engine
    engine.dispose()


@pytest.fixture
def open_as(store: Engine) -> Callable[[str], AppTest]:
    """The app past the log-in as `username` (as after the form or a cookie)."""

    def make(username: str) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=60)
        role = {"boss": "admin", "lin": "trainer"}[username]
        at.session_state["authentication_status"] = True
        at.session_state["username"] = username
        at.session_state["name"] = username
        at.session_state["roles"] = [role]
        at.session_state["_login_at"] = datetime.now(UTC)
        at.session_state["_sid"] = session_id(username)
        return at.run()

    return make


@pytest.fixture
def setup_page(open_as: Callable[[str], AppTest]) -> AppTest:
    at = open_as("boss")
    at.switch_page(SETUP).run()
    assert not at.exception
    return at


@pytest.fixture
def sample_camp(store: Engine, samples: Path) -> str:
    from core.campfile import load_camp_file

    save_camp(store, load_camp_file(samples / "camp_sample.toml"), "boss")
    data = (samples / "loans_sample.xlsx").read_bytes()
    assert not import_loan_file(store, CODE, data, "loans_sample.xlsx", actor="boss").rejected
    return CODE


def messages(at: AppTest, kind: str) -> str:
    return " ".join(e.value for e in getattr(at, kind))


def paste_camp_file(at: AppTest, text: str) -> AppTest:
    at.text_area(key="setup_camp_paste").input(text)
    return at.button(key="setup_camp_load").click().run()


def keyed(widgets, prefix: str, suffix: str):  # noqa: ANN001, ANN201
    """The widget whose key starts and ends so (the middle follows the stored data)."""
    return next(w for w in widgets if w.key and w.key.startswith(prefix) and w.key.endswith(suffix))


def camps(engine: Engine) -> list[str]:
    with UnitOfWork(engine, write=False) as uow:
        return list(uow.session.scalars(select(Camp.code)))


def test_the_setup_page_opens_for_the_admin_before_any_camp_exists(setup_page: AppTest) -> None:
    assert setup_page.title[0].value == "训练营设置"
    assert len(setup_page.tabs) == 9  # with 还款流水 (SPEC §5.6)
    assert "还没有训练营" in messages(setup_page, "info")


def test_a_trainer_cannot_reach_the_setup_page(open_as: Callable[[str], AppTest]) -> None:
    at = open_as("lin")
    assert not at.exception
    with pytest.raises(ValueError):
        at.switch_page(SETUP).run()


def test_pasting_the_sample_camp_file_creates_the_camp_with_its_default_lists(
    setup_page: AppTest, store: Engine, samples: Path
) -> None:
    at = paste_camp_file(setup_page, (samples / "camp_sample.toml").read_text(encoding="utf-8"))
    assert not at.exception
    assert "训练营 qh-sample 已创建" in messages(at, "success")
    view = setup_view(store, CODE)
    assert [t.name for t in view.config.teams] == ["尖刀队", "突击队"]
    assert view.items["conduct"] and view.items["customer_type"]
    assert "青禾农商银行" in at.caption[0].value  # the page now works on the new camp


def test_a_bad_camp_file_shows_its_problems_and_writes_nothing(
    setup_page: AppTest, store: Engine, samples: Path
) -> None:
    text = (samples / "camp_sample.toml").read_text(encoding="utf-8")
    text = text.replace("target = 1200000", "target = -5").replace("ack = 1\n", "")
    at = paste_camp_file(setup_page, text)
    assert not at.exception
    assert "营务文件有问题" in messages(at, "error")
    problems = at.dataframe[0].value
    columns = problems.iloc[:, 1].tolist()  # in Chinese, with the file's key beside it
    assert "团队（第 1 项） · 目标（元）（teams[1].target）" in columns
    assert any(c.startswith("计分规则 · ") and c.endswith("（scoring.ack）") for c in columns)
    assert camps(store) == []


def test_a_file_that_is_not_toml_is_named_as_such_not_a_traceback(setup_page: AppTest) -> None:
    at = paste_camp_file(setup_page, "[camp\ncode = ")
    assert not at.exception
    assert "不是有效的 TOML 文件" in at.dataframe[0].value.iloc[0, 2]


def test_the_camp_form_creates_a_new_camp(setup_page: AppTest, store: Engine) -> None:
    at = setup_page
    keyed(at.text_input, "setup_cf_new_", "_code").input("spring-2027")
    keyed(at.text_input, "setup_cf_new_", "_name").input("春季训练营")
    submit = next(b for b in at.button if b.proto.is_form_submitter)
    submit.click().run()
    assert not at.exception
    assert camps(store) == ["spring-2027"]
    assert setup_view(store, "spring-2027").config.field_days == (3, 4, 5, 6, 7)


def test_every_tab_of_a_loaded_camp_renders_in_chinese_and_in_english(
    open_as: Callable[[str], AppTest], sample_camp: str
) -> None:
    at = open_as("boss")
    at.switch_page(SETUP).run()
    assert not at.exception
    assert "当前范围内贷款 30 笔，共 30 笔" in " ".join(c.value for c in at.caption)
    at.session_state["lang"] = "en"  # the sidebar's language switch
    at.run()
    assert not at.exception
    assert at.title[0].value == "Camp setup"


def test_the_scope_chosen_on_the_page_is_saved(setup_page: AppTest, store: Engine, sample_camp):
    at = setup_page.run()
    keyed(at.multiselect, "setup_scope_", "_seg").set_value(["涉农"])
    keyed(at.number_input, "setup_scope_", "_min").set_value(91)
    at.button(key="setup_scope_save").click().run()
    assert not at.exception
    assert "已保存" in messages(at, "success")
    assert setup_view(store, CODE).scope["segments"] == ["涉农"]
    assert setup_view(store, CODE).scope["aging_min"] == 91


def test_a_weight_change_shows_the_new_ranking_beside_the_old_and_saves_only_on_confirm(
    setup_page: AppTest, store: Engine, sample_camp: str
) -> None:
    record_visits(store, CODE, [
        visit(row=2, loan=SHIQIAO, ack=True),
        visit(row=3, loan=BAISHA, team="突击队", members=("龚平", "范婷"), principal=1_000_000),
    ])  # fmt: skip
    at = setup_page.run()
    keyed(at.number_input, "setup_w_", "_ack_urgent").set_value(20.0).run()
    at.button(key="setup_scoring_preview").click().run()
    assert not at.exception
    old, new = (d.value for d in at.dataframe if "名次" in d.value.columns)
    assert "名次变化" in new.columns  # the new ranking says who moved
    assert old.iloc[0, 1] == "突击队" and new.iloc[0, 1] == "尖刀队"
    assert rule(store, "ack_urgent") == Decimal(3)  # a preview saves nothing
    at.button(key="setup_scoring_confirm").click().run()
    assert not at.exception
    assert rule(store, "ack_urgent") == Decimal(20)
    assert "积分已重新计算" in messages(at, "success")


def test_the_rules_against_gaming_are_edited_beside_the_weights_and_can_be_lifted(
    setup_page: AppTest, store: Engine, sample_camp: str
) -> None:
    at = setup_page.run()
    days = keyed(at.number_input, "setup_w_", "_promise_max_days")
    assert days.value == 30.0 and "不计承诺分" in days.help  # the template's value, explained
    days.set_value(60.0).run()
    keyed(at.selectbox, "setup_w_", "_ack_min_status").select_index(0).run()
    at.button(key="setup_scoring_preview").click().run()
    at.button(key="setup_scoring_confirm").click().run()
    assert not at.exception
    assert rule(store, "promise_max_days") == Decimal(60)
    with UnitOfWork(store, write=False) as uow:  # no limit: the rule is gone
        keys = set(uow.session.scalars(select(ScoringRule.key)))
    assert "ack_min_status" not in keys and "promise_kept" in keys


def rule(engine: Engine, key: str) -> Decimal:
    with UnitOfWork(engine, write=False) as uow:
        return Decimal(uow.session.scalar(select(ScoringRule.value).where(ScoringRule.key == key)))


def test_the_admin_freezes_and_unfreezes_the_standings(
    setup_page: AppTest, store: Engine, sample_camp: str
) -> None:
    at = setup_page.run()
    at.button(key="setup_freeze").click().run()
    assert not at.exception
    assert setup_view(store, CODE).frozen_at is not None
    assert "排名自" in messages(at, "warning")
    at.button(key="setup_unfreeze").click().run()
    assert setup_view(store, CODE).frozen_at is None


def test_the_admin_adds_a_user_and_a_short_password_is_refused_with_a_message(
    setup_page: AppTest, store: Engine
) -> None:
    at = setup_page
    at.text_input(key="setup_user_add_username").input("Wang")
    at.text_input(key="setup_user_add_name").input("王行长")
    at.selectbox(key="setup_user_add_role").set_value("manager")
    at.text_input(key="setup_user_add_password").input("short")
    submit = [b for b in at.button if b.proto.is_form_submitter][-1]
    submit.click().run()
    assert not at.exception
    assert "密码太短：至少 12 个字符" in at.dataframe[-1].value.iloc[0, 2]
    at.text_input(key="setup_user_add_username").input("Wang")
    at.text_input(key="setup_user_add_name").input("王行长")
    at.selectbox(key="setup_user_add_role").set_value("manager")
    at.text_input(key="setup_user_add_password").input(PASSWORD)
    [b for b in at.button if b.proto.is_form_submitter][-1].click().run()
    assert not at.exception
    with UnitOfWork(store, write=False) as uow:
        wang = uow.session.scalars(select(User).where(User.username == "wang")).one()
    assert (wang.display_name, wang.role) == ("王行长", "manager")


def test_the_camp_form_shows_what_a_newer_camp_file_says_not_older_values(
    setup_page: AppTest, samples: Path
) -> None:
    text = (samples / "camp_sample.toml").read_text(encoding="utf-8")
    at = paste_camp_file(setup_page, text)
    assert keyed(at.text_input, "setup_cf_edit_", "_name").value.startswith("青禾农商银行")
    at = paste_camp_file(at, text.replace('name = "青禾农商银行', 'name = "青禾银行'))
    assert "已更新" in messages(at, "success")
    assert keyed(at.text_input, "setup_cf_edit_", "_name").value.startswith("青禾银行")


def test_a_rejected_loan_list_is_shown_as_a_table_of_problems(
    setup_page: AppTest, sample_camp: str
) -> None:
    from core.records import Problem
    from db.setup import LoanFileReport

    report = LoanFileReport(errors=[Problem(12, "贷款余额", "negative amount")],
                            warnings=[Problem(3, "证件号码", "wrong check digit")])  # fmt: skip
    setup_page.session_state["_setup_loan_report"] = {"code": CODE, "report": report}
    at = setup_page.run()
    assert not at.exception
    assert "清单未导入" in messages(at, "error")
    table = next(d.value for d in at.dataframe if "级别" in d.value.columns)
    # the row column is text: a problem on many rows is one line with a range (rows 5-204)
    assert table.values.tolist() == [["3", "证件号码", "wrong check digit", "警告"],
                                     ["12", "贷款余额", "negative amount", "错误"]]  # fmt: skip


def test_the_second_of_two_admins_saving_the_camp_form_is_told_and_shown_the_new_values(
    open_as: Callable[[str], AppTest], store: Engine, sample_camp: str
) -> None:
    """Issue 13, point 9: before, the second save was silently dropped."""
    first, second = (open_as("boss") for _ in range(2))
    for at in (first, second):
        at.switch_page(SETUP).run()
    keyed(first.text_input, "setup_cf_edit_", "_name").input("甲改的名称")
    next(b for b in first.button if b.proto.is_form_submitter).click().run()
    assert "已更新" in messages(first, "success")

    keyed(second.text_input, "setup_cf_edit_", "_bank").input("乙改的银行")
    next(b for b in second.button if b.proto.is_form_submitter).click().run()
    assert not second.exception
    assert "训练营已被他人修改" in messages(second, "error")
    shown = second.table[0].value
    row = shown[shown["设置项"] == "银行"].iloc[0]
    assert (row["您填写的"], row["现在保存的"], row["不同"]) == (
        "乙改的银行",
        "青禾农村商业银行",
        "≠",
    )
    name = shown[shown["设置项"] == "名称"].iloc[0]
    assert name["现在保存的"] == "甲改的名称" and name["您填写的"] != "甲改的名称"
    view = setup_view(store, CODE)
    assert (view.config.name, view.config.bank) == ("甲改的名称", "青禾农村商业银行")

    second.run()  # the form now starts from the saved settings; saved again, it goes through
    assert keyed(second.text_input, "setup_cf_edit_", "_name").value == "甲改的名称"
    keyed(second.text_input, "setup_cf_edit_", "_bank").input("乙改的银行")
    next(b for b in second.button if b.proto.is_form_submitter).click().run()
    assert "已更新" in messages(second, "success")
    view = setup_view(store, CODE)
    assert (view.config.name, view.config.bank) == ("甲改的名称", "乙改的银行")


def test_a_teams_save_from_a_page_drawn_before_another_admins_change_is_refused(
    open_as: Callable[[str], AppTest], store: Engine, sample_camp: str
) -> None:
    first, second = (open_as("boss") for _ in range(2))
    for at in (first, second):
        at.switch_page(SETUP).run()
    keyed(first.text_input, "setup_cf_edit_", "_name").input("甲改的名称")
    next(b for b in first.button if b.proto.is_form_submitter).click().run()
    version = setup_view(store, CODE).version
    second.button(key="setup_teams_save").click().run()
    assert not second.exception
    assert "训练营已被他人修改" in messages(second, "error")
    assert setup_view(store, CODE).version == version  # nothing written
    second.run()
    second.button(key="setup_teams_save").click().run()  # drawn anew: saved
    assert "训练营已被他人修改" not in messages(second, "error")
    assert setup_view(store, CODE).config.name == "甲改的名称"


def test_the_camp_form_sets_the_default_guarantee_type_with_its_explanation(
    setup_page: AppTest, store: Engine
) -> None:
    at = setup_page
    keyed(at.text_input, "setup_cf_new_", "_code").input("spring-2027")
    keyed(at.text_input, "setup_cf_new_", "_name").input("春季训练营")
    kind = keyed(at.selectbox, "setup_cf_new_", "_guarantee")
    assert kind.value == "连带责任保证" and "调研页" in kind.help
    kind.set_value("一般保证")
    next(b for b in at.button if b.proto.is_form_submitter).click().run()
    assert not at.exception
    assert setup_view(store, "spring-2027").config.guarantee_type == "一般保证"


def test_the_admin_gives_each_team_a_colour_and_an_emblem_for_the_wall(
    setup_page: AppTest, store: Engine, sample_camp: str
) -> None:
    from db.queries import team_styles

    at = setup_page.run()
    at.color_picker(key="sty_c_0").pick("#1A7F37")
    at.selectbox(key="sty_e_0").set_value("pets")
    at.selectbox(key="sty_e_1").set_value("badge")
    at.text_input(key="sty_b_1").input("虎")
    at.button(key="setup_style_save").click().run()
    assert not at.exception
    assert "已保存" in messages(at, "success")
    styles = team_styles(store, CODE)
    assert (styles["尖刀队"].colour, styles["尖刀队"].emblem) == ("#1a7f37", "pets")
    assert styles["突击队"].badge == "虎"
    # a badge that is not 1–2 letters is refused in Chinese, and nothing changes
    at.text_input(key="sty_b_1").input("!!")
    at.button(key="setup_style_save").click().run()
    assert not at.exception
    assert "不能有空格、符号或表情" in " ".join(str(d.value) for d in at.dataframe) + messages(
        at, "error"
    )
    assert team_styles(store, CODE)["突击队"].badge == "虎"
