"""/awards in the real app.py, past the log-in, on SQLite: the sample camp with a few
visits, the clock pinned to 19:00 on its last day (the ceremony)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from db import awards as store
from db.engine import make_engine
from db.models import Loan
from db.queries import awards as reads
from db.uow import UnitOfWork
from db.visits import record_visits
from tests.conftest import Prepare
from tests.integration.test_summary import HU, LIU_LI, YANG, ZHANG, ZHOU
from tests.integration.test_visits import APPOINTMENT, visit

AWARDS = "pages/awards.py"
CODE = "qh-sample"
CEREMONY = datetime(2026, 12, 20, 11, 0, tzinfo=UTC)  # 19:00 on day 7 in Shanghai
TABS = ["奖项与数据推荐", "提名", "投票", "颁奖典礼", "荣誉证书"]


@pytest.fixture
def camp(users: str, prepare: Prepare) -> str:
    prepare(users, "loans")  # the sample camp and its loans
    engine = make_engine(users)
    jd, tj = ("林晓", "许诺"), ("龚平", "范婷")
    record_visits(engine, CODE, [
        visit(2, "2026-12-16 10:00", "尖刀队", jd, HU, principal=1_000_000),
        visit(3, "2026-12-16 11:00", "突击队", tj, YANG, principal=500_000),
        visit(4, "2026-12-16 23:30", "尖刀队", jd, ZHOU, ack=True, notes="客户同意夜间上门",
              **APPOINTMENT),
        visit(5, "2026-12-17 09:00", "突击队", tj, LIU_LI, principal=2_000_000),
        visit(6, "2026-12-17 11:00", "尖刀队", ("林晓", "曹阳"), ZHANG,
              promise_date=date(2026, 12, 18), promise_amount_fen=300_000, promise_method="转账"),
    ])  # fmt: skip
    engine.dispose()
    return users


def open_awards(logged_in: Callable[[str], AppTest], role: str, **query: str) -> AppTest:
    at = logged_in(role)
    at.session_state["_now"] = CEREMONY
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(AWARDS).run()
    assert not at.exception, at.exception
    return at


def html(at: AppTest) -> str:
    return "\n".join(str(m.value) for m in at.markdown)


def texts(at: AppTest) -> str:
    parts = [html(at)]
    for kind in (at.caption, at.info, at.success, at.error, at.subheader, at.title):
        parts += [str(x.value) for x in kind]
    return "\n".join(parts)


def board(url: str) -> reads.AwardsBoard:
    engine = make_engine(url)
    try:
        b = reads.awards_board(engine, CODE, CEREMONY)
    finally:
        engine.dispose()
    assert b is not None
    return b


def category_id(url: str, name: str) -> int:
    return next(c.id for c in board(url).categories if c.name == name)


def nominate(url: str, award: str, *names: str) -> int:
    engine = make_engine(url)
    store.ensure_categories(engine, CODE)  # as the page's first opening would
    cid = category_id(url, award)
    for name in names:
        store.nominate(engine, CODE, cid, name, f"{name}表现突出", "trainer")
    engine.dispose()
    return cid


def button(at: AppTest, label: str):  # noqa: ANN201
    return next(b for b in at.button if b.label == label)


def personal(url: str) -> list[str]:
    engine = make_engine(url)
    try:
        with UnitOfWork(engine, write=False) as uow:
            rows = uow.session.execute(
                select(Loan.loan_no, Loan.borrower, Loan.phone, Loan.id_number)
            ).all()
    finally:
        engine.dispose()
    return [x for row in rows for x in row if x]


def test_the_page_creates_the_default_awards_and_shows_the_suggestions(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    at = open_awards(logged_in, "trainer")
    assert at.title[0].value == "表彰"
    assert [t.label for t in at.tabs] == TABS
    page = texts(at)
    for name in ("冠军团队", "清收标兵", "最佳谈判手", "夜战之星", "最佳进步团队", "时效守护奖"):
        assert name in page, name
    assert "12.50 分，现金 1.25 万元" in page  # 范婷 and 龚平, the top members
    # nothing scored in the last field day's period: nobody rose, nothing to suggest
    assert "暂无符合条件的数据推荐。" in page
    for secret in personal(camp):
        assert secret not in page, secret
    assert not [b for b in at.button if b.label == "删除此奖项"]  # the admin edits awards


def test_a_trainer_nominates_with_a_reason(logged_in: Callable[[str], AppTest], camp: str) -> None:
    at = open_awards(logged_in, "trainer")
    star = category_id(camp, "清收标兵")
    at.selectbox(key="awards_nom_cat").set_value(star).run()
    assert at.selectbox(key=f"awards_nom_who_{star}").options[:3] == [
        "范婷（突击队）（推荐第1名）", "龚平（突击队）（推荐第2名）", "林晓（尖刀队）（推荐第3名）",
    ]  # fmt: skip
    at.selectbox(key=f"awards_nom_who_{star}").set_value("龚平")
    at.text_area(key=f"awards_nom_reason_{star}").input("单日回收两万元，带队冲在前面")
    button(at, "提交提名").click().run()
    assert not at.exception
    assert "已提名 龚平：清收标兵" in [s.value for s in at.success]
    noms = board(camp).category(star).nominations
    assert [(n.nominee, n.reason, n.nominated_by) for n in noms] == [
        ("龚平", "单日回收两万元，带队冲在前面", "trainer")
    ]
    assert "单日回收两万元，带队冲在前面" in html(at)  # listed with its reason


def test_an_empty_reason_is_refused_with_a_message_and_nothing_is_stored(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    at = open_awards(logged_in, "admin")
    star = category_id(camp, "清收标兵")
    at.selectbox(key="awards_nom_cat").set_value(star).run()
    at.selectbox(key=f"awards_nom_who_{star}").set_value("龚平")
    at.text_area(key=f"awards_nom_reason_{star}").input("   ")
    button(at, "提交提名").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["请填写提名理由。"]
    assert board(camp).category(star).nominations == ()


def test_a_second_nomination_of_the_same_nominee_is_a_message_not_a_crash(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    star = nominate(camp, "清收标兵", "龚平")
    at = open_awards(logged_in, "trainer")
    at.selectbox(key="awards_nom_cat").set_value(star).run()
    at.selectbox(key=f"awards_nom_who_{star}").set_value("龚平")
    at.text_area(key=f"awards_nom_reason_{star}").input("再提一次")
    button(at, "提交提名").click().run()
    assert not at.exception
    assert [e.value for e in at.error] == ["龚平 已被提名为“清收标兵”，无需重复提名。"]


def test_a_manager_votes_and_changes_the_vote_but_sees_no_nomination_form(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    star = nominate(camp, "清收标兵", "龚平", "范婷")
    at = open_awards(logged_in, "manager")
    assert [t.label for t in at.tabs] == TABS
    assert not [b for b in at.button if b.label == "提交提名"]
    assert not any(s.key == "awards_nom_cat" for s in at.selectbox)
    assert "提名由培训师和管理员提交；您可以查看提名并投票。" in [i.value for i in at.info]
    assert "龚平表现突出" in html(at)  # the reasons help the vote

    at.radio(key=f"awards_vote_{star}").set_value("龚平")
    at.button(key=f"awards_vote_go_{star}").click().run()
    assert not at.exception
    assert "已投票：清收标兵 → 龚平" in [s.value for s in at.success]
    assert "您当前投给：龚平" in [c.value for c in at.caption]
    at.radio(key=f"awards_vote_{star}").set_value("范婷")
    at.button(key=f"awards_vote_go_{star}").click().run()
    assert "已改投：清收标兵 → 范婷（原投 龚平）" in [s.value for s in at.success]
    result = board(camp).category(star).result
    assert (result.tally, result.total) == ((("范婷", 1),), 1)
    # the reveal controls are the admin's
    assert not [b for b in at.button if b.label.startswith("揭晓")]


def test_the_screen_sees_the_ceremony_only(logged_in: Callable[[str], AppTest], camp: str) -> None:
    star = nominate(camp, "清收标兵", "龚平", "范婷")
    engine = make_engine(camp)
    store.vote(engine, CODE, star, "manager", "龚平")
    store.reveal(engine, CODE, star, "admin", CEREMONY)
    engine.dispose()
    at = open_awards(logged_in, "screen")
    assert len(at.tabs) == 0 and len(at.button) == 0 and len(at.text_area) == 0
    page = html(at)
    assert "颁奖典礼" in page and "已揭晓 1 / 6" in page
    assert "龚平" in page and "得票 1 / 共 1 票" in page and "12.50 分，现金 1.25 万元" in page
    assert page.count('class="aw-seal">') == 5 and page.count("待揭晓</div>") == 5
    assert "龚平表现突出" not in page and "范婷表现突出" not in page  # no reasons
    assert "范婷" not in page  # the losing nominee of a revealed award is not shown
    for secret in personal(camp):
        assert secret not in page, secret


def test_presentation_mode_shows_the_ceremony_to_anyone(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    at = open_awards(logged_in, "admin", present="1", camp=CODE)
    assert len(at.tabs) == 0
    assert "颁奖典礼即将开始 · 共 6 个奖项" in html(at)


def test_the_admin_reveals_one_award_and_downloads_its_certificate(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    star = nominate(camp, "清收标兵", "龚平")
    engine = make_engine(camp)
    store.vote(engine, CODE, star, "trainer", "龚平")
    engine.dispose()
    at = open_awards(logged_in, "admin")
    assert "揭晓奖项后即可下载荣誉证书。" in texts(at)
    button(at, "揭晓下一个：冠军团队").click().run()
    assert not at.exception
    assert "已揭晓：冠军团队" in [s.value for s in at.success]
    b = board(camp)
    assert [c.name for c in b.categories if c.revealed] == ["冠军团队"]
    assert b.categories[0].revealed_at == CEREMONY
    assert button(at, "揭晓下一个：清收标兵")  # one at a time
    page = html(at)
    assert "突击队" in page and "按数据评选" in page  # nobody voted: the data decides
    downloads = [d.proto.label for d in at.get("download_button")]
    assert downloads == ["全部证书（PDF，1 张）", "证书：冠军团队 · 突击队"]

    at.selectbox(key="awards_rev_pick").set_value(star)
    button(at, "揭晓所选").click().run()
    assert [c.name for c in board(camp).categories if c.revealed] == ["冠军团队", "清收标兵"]
    at.selectbox(key="awards_rev_pick").set_value(star)
    button(at, "重新封存所选").click().run()
    assert "已重新封存：清收标兵" in [s.value for s in at.success]
    assert [c.name for c in board(camp).categories if c.revealed] == ["冠军团队"]


def test_the_admin_renames_and_adds_an_award(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    at = open_awards(logged_in, "admin")
    star = category_id(camp, "清收标兵")
    at.text_input(key=f"awards_name_{star}").input("清收状元")
    next(b for b in at.button if b.proto.form_id == f"awards_edit_{star}").click().run()
    assert "已保存：清收状元" in [s.value for s in at.success]
    at.text_input(key="awards_add_name").input("最佳后勤奖")
    at.text_area(key="awards_add_desc").input("保障有力")
    button(at, "新增奖项").click().run()
    assert not at.exception
    names = [c.name for c in board(camp).categories]
    assert names[1] == "清收状元" and names[-1] == "最佳后勤奖"


def test_the_ceremony_warns_before_the_champion_is_revealed_ahead_of_the_final_cutoff(
    logged_in: Callable[[str], AppTest], camp: str
) -> None:
    after = open_awards(logged_in, "admin")  # 19:00 on the last day: the camp is over
    assert not [w for w in after.warning if "冠军团队的积分还可能变化" in w.value]
    at = logged_in("admin")
    at.session_state["_now"] = CEREMONY - timedelta(days=1)  # day 6: points still move
    at.run()
    at.switch_page(AWARDS).run()
    warned = [w.value for w in at.warning if "冠军团队的积分还可能变化" in w.value]
    assert warned and "12-20 12:00" in warned[0]  # the final cut-off, camp time
    assert button(at, "揭晓下一个：冠军团队")  # a warning, not a lock: the admin decides
