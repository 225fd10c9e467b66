"""The notices through the real app.py (issue 17): a trainer prints the urgent batch on
/research, a manager cannot; a receipt typed back by its number on /entry restarts the
limitation as SPEC §4.4 says; the admin edits the wording; the notices not back show
on /summary masked."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from core.notices import SELECT_URGENT, Selection
from db.engine import make_engine
from db.models import Notice, Visit
from db.notices import print_batch
from db.uow import UnitOfWork
from tests.conftest import Prepare
from tests.unit.test_receipt_photo import receipt_photo

CODE = "qh-sample"
TZ = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 17, 10, 0, tzinfo=TZ)
SHIQIAO = "8201000723966385"  # 石桥乡 (尖刀队), 张志强, expired limitation


@pytest.fixture
def camp(users: str, prepare: Prepare, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("CAMP_NOW", NOW.isoformat())
    prepare(users, "loans")  # the sample camp and its loans
    return users


def open_page(logged_in: Callable[[str], AppTest], role: str, page: str) -> AppTest:
    at = logged_in(role)
    at.session_state["_now"] = NOW
    at.run()
    at.switch_page(page).run()
    assert not at.exception, at.exception
    return at


def notices(url: str) -> list[Notice]:
    engine = make_engine(url)
    try:
        with UnitOfWork(engine, write=False) as uow:
            return list(uow.session.scalars(select(Notice).order_by(Notice.seq)))
    finally:
        engine.dispose()


def test_a_trainer_prints_the_urgent_batch_as_a_numbered_pdf(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = open_page(logged_in, "trainer", "pages/research.py")
    at.radio(key="notices_sel").set_value(SELECT_URGENT).run()
    at.button(key="notices_go").click().run()
    assert not at.exception, at.exception
    printed = notices(camp)
    assert printed and [n.seq for n in printed] == list(range(1, len(printed) + 1))
    assert any(f"qh-sample-{len(printed):05d}" in s.value for s in at.success)
    assert at.get("download_button")  # the batch's PDF
    assert "qh-sample-00001" in "\n".join(d.value.to_csv() for d in at.dataframe)  # logged


def test_a_manager_sees_no_print_button_and_no_wording_form(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    at = open_page(logged_in, "manager", "pages/research.py")
    assert "notices_go" not in {b.key for b in at.button if b.key}
    assert any("只有管理员和培训师" in i.value for i in at.info)


def print_urgent(camp: str):  # noqa: ANN201
    """The trainer prints the urgent loans' batch (the receipts below come back from it)."""
    engine = make_engine(camp)
    try:
        return print_batch(engine, CODE, Selection(SELECT_URGENT), actor="trainer",
                           actor_role="trainer", now=NOW)  # fmt: skip
    finally:
        engine.dispose()


def shiqiao_notice(camp: str):  # noqa: ANN201
    """The urgent batch printed, and the number of 张志强's notice (石桥乡, expired)."""
    done = print_urgent(camp)
    return done, next(d.number for d in done.docs if d.loan_no == SHIQIAO)


def test_a_borrowers_receipt_typed_back_by_its_number_saves_an_expired_limitation(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    done, number = shiqiao_notice(camp)
    at = open_page(logged_in, "trainer", "pages/entry.py")
    at.text_input(key="entry_rc_number").input(number.upper()).run()
    assert "张志强" in "\n".join(m.value for m in at.markdown)
    notice_id = notices(camp)[[d.number for d in done.docs].index(number)].id
    at.radio(key=f"entry_rc_signer_{notice_id}").set_value("本人")
    at.multiselect(key=f"entry_rc_members_{notice_id}").select("林晓").select("许诺")
    next(b for b in at.button if b.label == "登记回执").click().run()
    assert not at.exception, at.exception
    assert any("放弃时效抗辩" in s.value for s in at.success), [s.value for s in at.success]
    engine = make_engine(camp)
    try:
        with UnitOfWork(engine, write=False) as uow:
            [visit] = uow.session.scalars(select(Visit)).all()
    finally:
        engine.dispose()
    assert (visit.contact, visit.ack, visit.notes) == ("见到本人", True, f"回执 {number}")
    # the same number again: already recorded, no second form
    at.text_input(key="entry_rc_number").input(number).run()
    assert any("已于" in i.value for i in at.info)


def test_a_receipts_qr_link_opened_on_a_phone_shows_that_notice_ready_to_record(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    _, number = shiqiao_notice(camp)
    at = logged_in("trainer")
    at.session_state["_now"] = NOW
    at.query_params["receipt"] = number  # /entry?receipt=<number>, from the QR's link
    at.run()
    at.switch_page("pages/entry.py").run()
    assert not at.exception, at.exception
    assert at.text_input(key="entry_rc_number").value == number
    assert "张志强" in "\n".join(m.value for m in at.markdown)
    assert any(b.label == "登记回执" for b in at.button)


def test_a_receipt_held_up_to_the_laptops_camera_fills_its_number_and_a_blank_picture_says_so(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    _, number = shiqiao_notice(camp)
    at = open_page(logged_in, "trainer", "pages/entry.py")
    camera = at.get("camera_input")[0]
    camera.set_value(("receipt.jpg", receipt_photo(number), "image/jpeg")).run()
    assert not at.exception, at.exception
    assert at.text_input(key="entry_rc_number").value == number
    assert "张志强" in "\n".join(m.value for m in at.markdown)
    assert any(b.label == "登记回执" for b in at.button)
    # the field stays the user's: typing another number is not undone by the same picture
    at.text_input(key="entry_rc_number").input("qh-sample-99999").run()
    assert at.text_input(key="entry_rc_number").value == "qh-sample-99999"
    wall = io.BytesIO()  # the camera saw the wall, not the receipt
    Image.new("RGB", (640, 480), (200, 190, 180)).save(wall, "JPEG")
    at.get("camera_input")[0].set_value(("wall.jpg", wall.getvalue(), "image/jpeg")).run()
    assert any("没有识别到" in w.value for w in at.warning), [w.value for w in at.warning]


def test_a_receipt_whose_recording_was_cut_off_says_so_and_is_offered_again(
    camp: str, logged_in: Callable[[str], AppTest]
) -> None:
    """The server stopped between marking the notice back and writing its visit: typing
    its number again says the recording did not finish and shows the form, not 已登记."""
    from tests.integration.test_notices_store import _claimed

    _, number = shiqiao_notice(camp)
    engine = make_engine(camp)
    try:
        _claimed(engine, number, minutes_ago=None)  # before the column had a time: cut off
    finally:
        engine.dispose()
    at = open_page(logged_in, "trainer", "pages/entry.py")
    at.text_input(key="entry_rc_number").input(number).run()
    assert any("没有完成" in w.value for w in at.warning), [w.value for w in at.warning]
    assert not any("已于" in i.value for i in at.info)
    assert any(b.label == "登记回执" for b in at.button)
