"""Collection notices through the store (issue 17), on SQLite and PostgreSQL: batches
numbered and logged, only the roles that may see personal data print, receipts back
recorded as the visit's acknowledgement or the guarantor demand under SPEC §4.4, the
notices not back per team (masked), the lawyers' bundle, and two replicas printing at
once without sharing a number."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image
from sqlalchemy import Engine, func, select

from core.clocks import Effect
from core.errors import InputRejected
from core.notices import SELECT_GUARANTORS, SELECT_TEAM, SELECT_URGENT, Selection
from db.models import AuditEntry, Notice, Visit
from db.notices import (
    batches,
    find_notice,
    loan_bundle,
    notices_not_back,
    print_batch,
    record_receipt,
    save_template,
    templates,
)
from db.uow import UnitOfWork
from tests.clirun import run_cli_at_once
from tests.integration.test_cli import run
from tests.unit.test_pdf import pdf_fonts, pdf_text
from tests.workbooks import write_csv

CODE = "qh-sample"
TZ = ZoneInfo("Asia/Shanghai")
PRINTED = datetime(2026, 12, 16, 9, 0, tzinfo=TZ)  # camp day 3, the first field day
SIGNED = datetime(2026, 12, 17, 10, 0)  # camp local wall time

HEADER = ["贷款账号", "借款人", "客户类型", "贷款余额", "欠息", "到期日期", "保证人",
          "保证期间到期日", "保证方式", "乡镇", "客户经理"]  # fmt: skip
R_BEFORE = "6400000000000001"  # expires 2026-12-17: a relative signs on that last day
R_AFTER = "6400000000000002"  # expired 2026-12-15: a relative signs after expiry
B_AFTER = "6400000000000003"  # expired 2026-12-15: the borrower signs, a waiver
J_LAST = "6400000000000004"  # joint guarantee ends 2026-12-17: the guarantor signs then
J_GONE = "6400000000000005"  # joint guarantee ends 2026-12-16: signed a day too late
GENERAL = "6400000000000006"  # general guarantee: a demand is not the way, no notice
SAFE = "6400000000000007"  # limitation safe to 2028: no urgent notice


def row(no: str, name: str, maturity: str, guarantors: str = "", gtype: str = "") -> list[str]:
    return [no, name, "个人", "20000", "150", maturity, guarantors, "", gtype, "石桥乡", "孙经理"]


LOANS = [
    row(R_BEFORE, "张一", "2023-12-17"),
    row(R_AFTER, "张二", "2023-12-15"),
    row(B_AFTER, "张三", "2023-12-15"),
    row(J_LAST, "张四", "2026-06-17", "王保", "连带责任保证"),
    row(J_GONE, "张五", "2026-06-16", "李保", "连带责任保证"),
    row(GENERAL, "张六", "2026-09-30", "赵保", "一般保证"),
    row(SAFE, "张七", "2025-06-30"),
]


@pytest.fixture
def camp(db_url: str, samples: Path, tmp_path: Path) -> str:
    assert run(db_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    path = write_csv(tmp_path / "loans.csv", [HEADER, *LOANS])
    code, _, err = run(db_url, "loans-import", CODE, str(path), "--as-of", "2026-12-10")
    assert code == 0, err
    return CODE


def urgent(engine: Engine, role: str = "trainer"):  # noqa: ANN201
    return print_batch(engine, CODE, Selection(SELECT_URGENT), actor="t1", actor_role=role,
                       now=PRINTED)  # fmt: skip


def guarantors(engine: Engine, days: int = 30):  # noqa: ANN201
    return print_batch(engine, CODE, Selection(SELECT_GUARANTORS, within_days=days),
                       actor="t1", actor_role="trainer", now=PRINTED)  # fmt: skip


def receipt(engine: Engine, number: str, signed_by: str, **kw):  # noqa: ANN003, ANN201
    args = {"signed_at": SIGNED, "members": ("林晓", "许诺"), "actor": "t1",
            "actor_name": "林老师", "actor_role": "trainer", **kw}  # fmt: skip
    return record_receipt(engine, CODE, number, signed_by=signed_by, **args)


def test_the_urgent_batch_numbers_one_notice_per_expired_or_urgent_loan_and_logs_it(
    engine: Engine, camp: str
) -> None:
    done = urgent(engine)
    assert [d.loan_no for d in done.docs] == [R_BEFORE, R_AFTER, B_AFTER]
    assert done.numbers == ("qh-sample-00001", "qh-sample-00002", "qh-sample-00003")
    first = done.docs[0]
    assert first.title == "逾期贷款催收通知书" and first.addressee == "张一"
    # the loan's figures at the print date, in the body
    assert "20,000.00" in first.body and "150.00" in first.body and "2023年12月17日" in first.body
    [logged] = batches(engine, CODE)
    assert (logged.printed_by, logged.count, logged.first, logged.last) == (
        "t1", 3, "qh-sample-00001", "qh-sample-00003")  # fmt: skip
    with UnitOfWork(engine, write=False) as uow:
        audit = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "notices.print")
        ).one()
    assert audit.actor == "t1" and audit.after["loans"] == sorted([R_BEFORE, R_AFTER, B_AFTER])


def test_the_guarantors_batch_takes_open_joint_guarantees_ending_within_the_days(
    engine: Engine, camp: str
) -> None:
    urgent(engine)
    done = guarantors(engine, days=30)
    assert [(d.loan_no, d.addressee, d.title) for d in done.docs] == [
        (J_LAST, "王保", "履行保证责任通知书"),
        (J_GONE, "李保", "履行保证责任通知书"),
    ]  # the general guarantee gets none: only a suit keeps it
    assert done.numbers == ("qh-sample-00004", "qh-sample-00005")  # after the first batch
    assert "王保" in done.docs[0].body and "张四" in done.docs[0].body
    assert guarantors(engine, days=0).numbers == ("qh-sample-00006",)  # ends on the print day


def test_a_team_batch_with_guarantors_covers_the_territory_and_its_open_guarantees(
    engine: Engine, camp: str
) -> None:
    done = print_batch(engine, CODE, Selection(SELECT_TEAM, team="尖刀队", with_guarantors=True),
                       actor="admin", actor_role="admin", now=PRINTED)  # fmt: skip
    kinds = [(d.loan_no, d.kind) for d in done.docs]
    assert len([k for k in kinds if k[1] == "borrower"]) == len(LOANS)
    assert [no for no, kind in kinds if kind == "guarantor"] == [J_LAST, J_GONE]


@pytest.mark.parametrize("role", ["manager", "screen"])
def test_a_manager_or_the_screen_cannot_print_receive_or_bundle_notices(
    engine: Engine, camp: str, role: str
) -> None:
    with pytest.raises(InputRejected):
        urgent(engine, role=role)
    number = urgent(engine).numbers[0]
    with pytest.raises(InputRejected):
        receipt(engine, number, "本人", actor_role=role)
    with pytest.raises(InputRejected):
        loan_bundle(engine, CODE, R_BEFORE, actor_role=role)
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalar(select(func.count(Notice.id))) == 1 * 3  # the trainer's only


def test_receipts_back_restart_the_clocks_as_spec_4_4_says(engine: Engine, camp: str) -> None:
    numbers = dict(zip([R_BEFORE, R_AFTER, B_AFTER], urgent(engine).numbers, strict=True))
    numbers.update(zip([J_LAST, J_GONE], guarantors(engine).numbers, strict=True))
    effects = {
        no: receipt(engine, numbers[no], signer).effects
        for no, signer in [(R_BEFORE, "家属"), (R_AFTER, "家属"), (B_AFTER, "本人"),
                           (J_LAST, "保证人"), (J_GONE, "保证人")]
    }  # fmt: skip
    assert effects == {
        R_BEFORE: (Effect.RESTART,),  # a relative on the last day: still running
        R_AFTER: (Effect.RELATIVE_AFTER_EXPIRY,),  # saves nothing
        B_AFTER: (Effect.WAIVER,),  # the borrower after expiry: a new three years
        J_LAST: (Effect.GUARANTOR_DEMAND,),  # within the period: fixes the guarantee
        J_GONE: (Effect.GUARANTOR_RELEASED,),  # a day late: the guarantor is released
    }
    with UnitOfWork(engine, write=False) as uow:
        visits = uow.session.scalars(select(Visit).order_by(Visit.id)).all()
    assert [(v.contact, v.ack, v.team_id is not None) for v in visits] == [
        ("见到家属", True, True), ("见到家属", True, True), ("见到本人", True, True),
        ("见到保证人", True, True), ("见到保证人", True, True)]  # fmt: skip
    assert visits[0].notes == f"回执 {numbers[R_BEFORE]}"
    back = find_notice(engine, CODE, numbers[R_BEFORE])
    assert back is not None and back.signed_by == "家属" and back.received_by == "林老师"
    assert back.returned_at == SIGNED.replace(tzinfo=TZ)


def test_a_receipt_is_recorded_once_and_only_by_who_may_sign_it(engine: Engine, camp: str) -> None:
    borrower_no = urgent(engine).numbers[0]
    guarantor_no = guarantors(engine).numbers[0]
    with pytest.raises(InputRejected) as wrong:
        receipt(engine, guarantor_no, "本人")  # a guarantor's notice signed by the borrower
    assert "保证人" in wrong.value.problems[0].reason_in("zh")
    with pytest.raises(InputRejected):
        receipt(engine, borrower_no, "保证人")
    with pytest.raises(InputRejected):
        receipt(engine, "qh-sample-99999", "本人")
    receipt(engine, "1", "本人")  # the sequence alone works on the camp's own page
    with pytest.raises(InputRejected) as twice:
        receipt(engine, borrower_no.upper(), "本人")
    assert "林老师" in twice.value.problems[0].reason_in("zh")
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalar(select(func.count(Visit.id))) == 1


def test_notices_not_back_after_the_camp_days_are_listed_per_team_and_masked(
    engine: Engine, camp: str
) -> None:
    numbers = urgent(engine).numbers
    receipt(engine, numbers[0], "家属")
    assert notices_not_back(engine, CODE, now=datetime(2026, 12, 22, 9, 0, tzinfo=TZ)) == []
    late = notices_not_back(engine, CODE, now=datetime(2026, 12, 23, 9, 0, tzinfo=TZ))
    assert [(o.team, o.number, o.addressee, o.days) for o in late] == [
        ("尖刀队", numbers[1], "张*", 7), ("尖刀队", numbers[2], "张*", 7)]  # fmt: skip
    assert all(o.loan_no.endswith(o.loan_no[-4:]) and "6400" not in o.loan_no for o in late)
    from db.queries.summary import day_summary

    projected = day_summary(engine, CODE, 4, now=datetime(2026, 12, 23, 9, 0, tzinfo=TZ))
    assert projected.receipts_out == (("尖刀队", 2),)  # the 17:30 summary's tomorrow channel


def test_the_admin_edits_the_wording_and_unknown_placeholders_are_refused(
    engine: Engine, camp: str
) -> None:
    with pytest.raises(InputRejected) as bad:
        save_template(engine, CODE, "borrower", "催收函", "{借款人}：{欠款总额}", actor="a",
                      actor_role="admin")  # fmt: skip
    assert "欠款总额" in bad.value.problems[0].reason_in("zh")
    with pytest.raises(InputRejected):
        save_template(
            engine, CODE, "borrower", "催收函", "{借款人}", actor="t", actor_role="trainer"
        )
    save_template(engine, CODE, "borrower", "催收函", "{借款人}：请归还{合计}元。{银行}",
                  actor="a", actor_role="admin")  # fmt: skip
    assert templates(engine, CODE)["borrower"].title == "催收函"
    doc = urgent(engine).docs[0]
    assert (doc.title, doc.body) == ("催收函", "张一：请归还20,150.00元。青禾农村商业银行")


def test_the_lawyers_bundle_holds_the_notices_receipts_images_and_clock_history(
    engine: Engine, camp: str
) -> None:
    number = urgent(engine).numbers[2]
    receipt(engine, number, "本人")
    picture = io.BytesIO()
    Image.new("RGB", (600, 400), "white").save(picture, "JPEG")
    seen = []

    def evidence(session, loan_id: int) -> list[tuple[str, bytes]]:  # noqa: ANN001
        seen.append(loan_id)
        return [("还款凭证", picture.getvalue())]

    pdf = loan_bundle(engine, CODE, B_AFTER, actor_role="admin",
                      images=[("回执照片 " + number, picture.getvalue())], evidence=evidence,
                      now=datetime(2026, 12, 18, 9, 0, tzinfo=TZ))  # fmt: skip
    text = pdf_text(pdf)
    assert len(seen) == 1
    for expected in (B_AFTER, "张三", number, "本人签收", "回执照片", "还款凭证", "放弃时效抗辩",
                     "2026-12-17", "2029-12-17"):  # fmt: skip
        assert expected in text.replace("\n", ""), expected
    fonts = pdf_fonts(pdf)
    assert fonts and all(fonts.values()), fonts


def test_the_bundle_shows_the_photos_attached_to_the_receipt_and_appends_a_scanned_pdf(
    engine: Engine, camp: str
) -> None:
    from pypdf import PdfReader, PdfWriter

    from db.evidence import attach

    number = urgent(engine).numbers[2]
    visit_id = receipt(engine, number, "本人").visit_id
    photo = io.BytesIO()
    Image.new("RGB", (800, 600), "white").save(photo, "JPEG")
    scan = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_blank_page(595, 842)
    writer.write(scan)
    who = {"actor": "t1", "actor_name": "林老师", "actor_role": "trainer"}
    attach(engine, CODE, "visit", visit_id, photo.getvalue(), filename="receipt.jpg",
           caption="回执原件照片", **who)  # fmt: skip
    attach(engine, CODE, "visit", visit_id, scan.getvalue(), filename="slip.pdf",
           caption="还款凭证扫描件", **who)  # fmt: skip
    now = datetime(2026, 12, 18, 9, 0, tzinfo=TZ)
    bare = loan_bundle(engine, CODE, B_AFTER, actor_role="admin", evidence=lambda s, i: [],
                       now=now)  # fmt: skip
    pdf = loan_bundle(engine, CODE, B_AFTER, actor_role="admin", now=now)
    text = pdf_text(pdf).replace("\n", "")
    assert "回执原件照片" in text and "还款凭证扫描件" in text and "附于本文件末尾" in text
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    assert pages >= len(PdfReader(io.BytesIO(bare)).pages) + 2  # the scan's two pages follow


def test_two_replicas_printing_at_once_never_share_a_number(
    engine: Engine, camp: str, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAMP_NOW", PRINTED.isoformat())
    out = tmp_path / "batch.pdf"
    results = run_cli_at_once(2, db_url, "notices", CODE, "--select", "urgent", "--out", str(out))
    assert [code for code, _, _ in results] == [0, 0], results
    with UnitOfWork(engine, write=False) as uow:
        seqs = uow.session.scalars(select(Notice.seq)).all()
    assert sorted(seqs) == list(range(1, 7))  # 3 urgent loans, printed twice
    assert out.read_bytes().startswith(b"%PDF-")


def test_after_the_close_a_receipt_is_a_follow_up_that_answers_the_loans_task(
    engine: Engine, camp: str
) -> None:
    from db.postloan import close_camp, list_tasks

    number = urgent(engine).numbers[2]  # B_AFTER: expired, so get_ack is due at the close
    close_camp(engine, CODE, datetime(2026, 12, 21).date())
    with pytest.raises(InputRejected):  # a trainer who does not own the task
        receipt(engine, number, "本人", signed_at=datetime(2026, 12, 22, 10, 0))
    done = receipt(engine, number, "本人", signed_at=datetime(2026, 12, 22, 10, 0),
                   actor="admin", actor_name="admin-name", actor_role="admin")  # fmt: skip
    assert done.visit_id is None and done.followup_id is not None
    assert done.effects == (Effect.WAIVER,)
    [get_ack] = [t for t in list_tasks(engine, CODE) if t.loan_no == B_AFTER
                 and t.kind == "get_ack"]  # fmt: skip
    assert get_ack.status == "done"


def test_a_plan_batch_follows_the_stored_visit_plan_in_its_order(engine: Engine, camp: str) -> None:
    from db.queries.research import team_infos
    from db.research import save_visit_plan

    with UnitOfWork(engine, CODE, write=False) as uow:
        team_id = next(t.id for t in team_infos(uow.session, uow.camp) if t.name == "尖刀队")
    save_visit_plan(engine, CODE, 4, team_id, [SAFE, J_LAST, R_AFTER], "t1")
    done = print_batch(engine, CODE, Selection("plan", team="尖刀队", day=4), actor="t1",
                       actor_role="trainer", now=PRINTED)  # fmt: skip
    assert [d.loan_no for d in done.docs] == [SAFE, J_LAST, R_AFTER]
    prefilled = print_batch(engine, CODE, Selection("plan", team="尖刀队", day=5), actor="t1",
                            actor_role="trainer", now=PRINTED)  # fmt: skip
    assert sorted(d.loan_no for d in prefilled.docs) == sorted(no for no, *_ in LOANS)


def test_the_command_line_prints_a_batch_and_names_an_unknown_team_as_bad_usage(
    camp: str, db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAMP_NOW", PRINTED.isoformat())
    out = tmp_path / "g.pdf"
    code, stdout, err = run(db_url, "notices", CODE, "--select", "guarantors", "--within", "30",
                            "--two-per-page", "--out", str(out))  # fmt: skip
    assert code == 0, err
    assert "qh-sample-00001 to qh-sample-00002" in stdout
    assert out.read_bytes().startswith(b"%PDF-")
    code, _, err = run(db_url, "notices", CODE, "--select", "team", "--team", "无此队",
                       "--out", str(out))  # fmt: skip
    assert code == 2 and "无此队" in err


def test_a_receipt_whose_visit_is_refused_stays_not_back_and_can_be_entered_again(
    engine: Engine, camp: str
) -> None:
    number = urgent(engine).numbers[0]
    with pytest.raises(InputRejected):  # no collector named: the visit is refused
        receipt(engine, number, "本人", members=())
    info = find_notice(engine, CODE, number)
    assert info is not None and info.returned_at is None
    assert receipt(engine, number, "本人").visit_id is not None


def _claimed(engine: Engine, number: str, minutes_ago: float | None) -> None:
    """What a server killed right after marking the notice back leaves: the claim, no link
    (made `minutes_ago`, None: before the claim had a time)."""
    from datetime import UTC, timedelta

    from db.notices import _claim

    info = find_notice(engine, CODE, number)
    assert info is not None
    if info.returned_at is None:
        _claim(engine, CODE, info, SIGNED.replace(tzinfo=TZ), "本人", "林老师")
    at = None if minutes_ago is None else datetime.now(UTC) - timedelta(minutes=minutes_ago)
    with UnitOfWork(engine) as uow:
        uow.session.execute(
            Notice.__table__.update().where(Notice.id == info.id).values(claimed_at=at)
        )
        uow.commit()


def test_a_receipt_cut_off_before_its_visit_is_listed_not_back_and_entered_again(
    engine: Engine, camp: str
) -> None:
    """The server stops between marking the notice back and writing its visit: the paper
    is not lost. Minutes later the receipt is still among those not back and may be typed
    again; it then restarts the clock once. While the first recording may still be running
    (a moment ago), a second one is refused as before."""
    number = urgent(engine).numbers[0]
    _claimed(engine, number, minutes_ago=0.1)
    with pytest.raises(InputRejected):  # maybe still being written by someone else
        receipt(engine, number, "本人")
    late = datetime(2026, 12, 23, 9, 0, tzinfo=TZ)
    assert number in [o.number for o in notices_not_back(engine, CODE, now=late)]

    _claimed(engine, number, minutes_ago=5)
    recorded = receipt(engine, number, "本人")
    assert recorded.visit_id is not None and recorded.effects  # the clock moved
    assert number not in [o.number for o in notices_not_back(engine, CODE, now=late)]
    with pytest.raises(InputRejected):  # now it is back, for good
        receipt(engine, number, "本人")
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalar(select(func.count(Visit.id))) == 1


def test_a_receipt_cut_off_after_its_visit_links_that_visit_instead_of_a_second(
    engine: Engine, camp: str
) -> None:
    """The server stops after the visit was written but before it was linked: typing the
    receipt again links the visit already there (its note names the receipt)."""
    number = urgent(engine).numbers[0]
    first = receipt(engine, number, "本人")
    with UnitOfWork(engine) as uow:  # the link never made it
        uow.session.execute(
            Notice.__table__.update().where(Notice.visit_id == first.visit_id).values(visit_id=None)
        )
        uow.commit()
    info = find_notice(engine, CODE, number)
    assert info is not None and info.returned_at is not None and info.visit_id is None
    _claimed(engine, number, minutes_ago=None)  # a claim older than its column: cut off
    again = receipt(engine, number, "本人")
    assert again.visit_id == first.visit_id
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalar(select(func.count(Visit.id))) == 1
        linked = uow.session.scalar(select(Notice.visit_id).where(Notice.visit_id.is_not(None)))
    assert linked == first.visit_id
