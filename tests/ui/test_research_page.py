"""/research through the real app.py, past the log-in, on SQLite with the sample camp."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from db.engine import make_engine
from db.models import CampItem
from db.queries.research import research_data
from db.uow import UnitOfWork
from tests.conftest import Prepare
from tests.integration.test_cli import run

PAGE = "pages/research.py"
CODE = "qh-sample"


@pytest.fixture
def camp(users: str, prepare: Prepare) -> str:
    prepare(users, "loans")  # the sample camp and its loans
    return users


def open_page(logged_in: Callable[[str], AppTest], role: str) -> AppTest:
    at = logged_in(role).run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def buttons(at: AppTest) -> set[str]:
    return {b.key for b in at.button if b.key}


@pytest.mark.parametrize("role", ["admin", "trainer", "manager"])
def test_the_page_draws_the_five_charts_and_every_tab_for_each_role(
    camp: str, logged_in: Callable[[str], AppTest], role: str
) -> None:
    at = open_page(logged_in, role)
    assert at.title[0].value == "组合调研"
    assert len(at.get("plotly_chart")) == 5
    assert [t.label for t in at.tabs] == ["组合构成", "时效与期限", "客户分类", "乡镇注意事项",
                                          "每日走访计划", "催收通知书", "凭证"]  # fmt: skip
    assert [m.label for m in at.metric][:2] == ["在清贷款（笔）", "贷款余额（万元）"]
    assert at.metric[0].value == "30"
    assert len(at.get("download_button")) == 2
    edit_buttons = {"research_plan_save", "research_strategies_save", "research_types_save"}
    if role == "manager":  # reads everything, edits nothing
        assert not edit_buttons & buttons(at)
    else:
        assert edit_buttons <= buttons(at)


def test_the_screen_role_is_not_offered_the_page(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = logged_in("screen").run()
    with pytest.raises(ValueError):
        at.switch_page(PAGE).run()


def test_a_trainer_saves_the_prefilled_plan_and_it_is_stored(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = open_page(logged_in, "trainer")
    at.button(key="research_plan_save").click().run()
    assert not at.exception
    engine = make_engine(camp)
    data = research_data(engine, CODE)
    assert len(data.plans) == 1
    ((day, team_id), loans) = next(iter(data.plans.items()))
    assert day in data.field_days and 0 < len(loans) <= 15
    assert at.success and "计划已保存" in at.success[0].value
    engine.dispose()


def test_a_trainer_writes_a_townships_attention_note(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = open_page(logged_in, "trainer")
    area = next(a for a in at.text_area if a.label == "注意事项")
    area.input("逢集日人多，上午走访").run()
    at.button(key="research_att_save_0").click().run()
    assert not at.exception
    engine = make_engine(camp)
    with UnitOfWork(engine, write=False) as uow:
        rows = uow.session.execute(
            select(CampItem.name, CampItem.text).where(CampItem.kind == "attention")
        ).all()
    engine.dispose()
    assert [text for _, text in rows] == ["逢集日人多，上午走访"]


def test_the_page_speaks_english_on_the_switch(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = logged_in("admin")
    at.session_state["lang"] = "en"
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert [t.label for t in at.tabs][0] == "Composition"


def test_without_loans_the_page_says_what_to_do(
    users: str, samples: Path, logged_in: Callable[[str], AppTest]
) -> None:
    assert run(users, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    at = open_page(logged_in, "admin")
    assert "导入贷款清单" in at.info[0].value


def test_the_clocks_tab_gives_each_limitation_its_reason_and_counts_assumed_guarantees(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = open_page(logged_in, "trainer")
    table = next(d for d in at.dataframe if "时效依据" in d.value.columns)
    reasons = set(table.value["时效依据"])
    assert any(r.startswith("自到期日 ") and r.endswith(" 起算") for r in reasons)
    assert "超过二十年最长保护期" not in set(table.value["诉讼时效"])  # none so old
    guarantees = [g for g in table.value["保证期间"] if g]
    if guarantees:  # the sample's guarantees give no 保证方式: the camp default, said so
        assert all(g.startswith("连带责任保证（按训练营默认）") for g in guarantees)
        assert any("按训练营默认保证方式处理" in c.value for c in at.caption)
