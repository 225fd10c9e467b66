"""The camp's evaluation through the store (db/evaluation.py), on SQLite and PostgreSQL.

The sample camp (青禾, starts 2026-12-14, field days 12-16 to 12-20, cost 150,000 元;
尖刀队: 城关镇 石桥乡 河口镇, 突击队: 白沙乡 青山乡 新华街道) works a small list dated
2026-12-01. After the camp the organiser narrows the scope to 小微 and 涉农, owners
record follow-ups, and two later lists arrive: one dated 12-25 (imported first) and one
dated 12-21. Every figure below is worked out by hand from these rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from core import evaluation as ev
from core.records import VisitRecord
from db.evaluation import evaluation, evaluation_version
from db.models import Camp, FollowUp, Loan, Visit
from db.setup import save_scope
from db.uow import UnitOfWork
from db.visits import record_visits, void_visit
from tests.integration.test_cli import run
from tests.workbooks import write_csv

CODE = "qh-sample"
TODAY = date(2027, 1, 8)
HEADER = ("贷款账号", "借款人", "客户类型", "贷款余额", "欠息", "到期日期", "逾期天数",
          "五级分类", "最后还款日期", "乡镇", "已核销", "客户分类")  # fmt: skip
# Days overdue left blank are counted from the maturity date at the list's date.
BEFORE = [
    # 45 days (31–60), 关注; limitation safe
    ("A1", "张一", "小微", "100000", "0", "2026-10-17", "", "关注", "", "城关镇", "否",
     "有意愿有能力"),
    # 1,250 days (1095+): listed 可疑, floor 损失; limitation expired on 2026-10-10
    ("A2", "张二", "涉农", "50000", "2000", "2023-06-30", "", "可疑", "2023-10-10", "石桥乡",
     "否", ""),
    # 1,005 days (361–1095), 损失, written off; limitation urgent (expires 2027-03-01)
    ("A3", "张三", "小微", "30000", "0", "2024-03-01", "", "", "", "白沙乡", "是",
     "无意愿有能力"),
    # 11 days (1–30): listed 正常, floor 关注
    ("A4", "张四", "涉农", "80000", "1000", "2026-11-20", "", "正常", "", "河口镇", "否",
     "有意愿无能力"),
    # 个人: outside the scope chosen later
    ("A5", "张五", "个人", "20000", "0", "2025-01-15", "", "损失", "", "青山乡", "否", ""),
    # 1,020 days (361–1095): listed 次级, floor 损失; limitation urgent (expires 2027-02-15)
    ("A6", "张六", "小微", "60000", "0", "2024-02-15", "", "次级", "", "新华街道", "否", ""),
    # 91 days (91–180), 次级
    ("A8", "张八", "涉农", "5000", "0", "2026-09-01", "", "次级", "", "城关镇", "否",
     "有意愿有能力"),
]  # fmt: skip
LATER = [  # dated 2026-12-25
    ("A1", "张一", "小微", "80000", "0", "2026-10-17", "69", "关注", "", "城关镇", "否", ""),
    ("A2", "张二", "涉农", "49000", "2000", "2023-06-30", "", "可疑", "", "石桥乡", "否", ""),
    ("A3", "张三", "小微", "27000", "0", "2024-03-01", "", "损失", "", "白沙乡", "是", ""),
    ("A4", "张四", "涉农", "71000", "0", "2026-11-20", "0", "正常", "", "河口镇", "否", ""),
    ("A5", "张五", "个人", "20000", "0", "2025-01-15", "", "损失", "", "青山乡", "否", ""),
    ("A7", "张七", "小微", "10000", "0", "2026-01-01", "", "损失", "", "城关镇", "否", ""),
    ("A8", "张八", "涉农", "0", "0", "2026-09-01", "", "次级", "", "城关镇", "否", ""),
]  # fmt: skip
OTHER = [  # dated 2026-12-21, imported last: not the latest list by date
    ("A1", "张一", "小微", "1", "0", "2026-10-17", "65", "损失", "", "城关镇", "否", ""),
]
JD, TJ = ("林晓", "许诺"), ("龚平", "范婷")


def visit(
    loan: str, at: str, team: str, principal: int = 0, interest: int = 0, **kw: object
) -> VisitRecord:
    """A visit typed as a trainer would (camp local time; amounts in fen)."""
    return VisitRecord(row=2, visited_at=datetime.strptime(at, "%Y-%m-%d %H:%M"), team=team,
                       loan_no=loan, contact="见到本人", members=JD if team == "尖刀队" else TJ,
                       principal_fen=principal, interest_fen=interest, **kw)  # fmt: skip


def promise(day: date, yuan: int, method: str = "转账") -> dict:
    return {"promise_date": day, "promise_amount_fen": yuan * 100, "promise_method": method}


def local(text: str) -> datetime:
    return datetime.strptime(text + " +0800", "%Y-%m-%d %H:%M %z").astimezone(UTC)


def import_list(db_url: str, tmp_path: Path, name: str, rows: list, as_of: str) -> None:
    path = write_csv(tmp_path / name, [HEADER, *rows])
    code, _, err = run(db_url, "loans-import", CODE, str(path), "--as-of", as_of)
    assert code == 0, err


def follow_up(engine: Engine, loan_no: str, at: str, principal: int) -> None:
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp_id = s.scalar(select(Camp.id).where(Camp.code == CODE))
        loan_id = s.scalar(select(Loan.id).where(Loan.loan_no == loan_no))
        s.add(FollowUp(camp_id=camp_id, loan_id=loan_id, at=local(at), contact="见到本人",
                       principal_fen=principal, entered_by="manager"))  # fmt: skip
        uow.commit()


def build_field(engine: Engine, db_url: str, samples: Path, tmp_path: Path) -> str:
    """The camp after its five field days, before anything of the close."""
    assert run(db_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    import_list(db_url, tmp_path, "before.csv", BEFORE, "2026-12-01")
    record_visits(engine, CODE, [
        # typed on the wrong loan and voided: its money, promise and tactic do not count
        visit("A1", "2026-12-16 09:00", "尖刀队", principal=1_000_000, tactics=("动之以情",),
              **promise(date(2026, 12, 17), 1_000)),
        # a payment on an expired limitation: cash, but it revives nothing (SPEC §4.4)
        visit("A2", "2026-12-16 10:00", "尖刀队", principal=100_000,
              tactics=("晓之以理", "动之以情")),
        visit("A4", "2026-12-16 11:00", "尖刀队", tactics=("晓之以理",),
              **promise(date(2026, 12, 19), 10_000, "现金")),
        # the urgent limitation restarted by the borrower's signature: saved
        visit("A3", "2026-12-17 09:00", "突击队", ack=True, **promise(date(2026, 12, 18), 5_000)),
        # urgent too, but a promise restarts nothing: not saved
        visit("A6", "2026-12-17 14:00", "突击队", tactics=("晓之以理",),
              **promise(date(2026, 12, 19), 20_000)),
        visit("A3", "2026-12-18 10:00", "突击队", principal=300_000),  # written off
        visit("A8", "2026-12-18 11:00", "尖刀队", principal=500_000),  # settles A8
        visit("A4", "2026-12-19 15:00", "尖刀队", principal=900_000, interest=100_000,
              tactics=("动之以情",)),
        visit("A3", "2026-12-20 09:00", "突击队", tactics=("攻心为上",)),
        visit("A1", "2026-12-20 10:00", "尖刀队", principal=2_000_000,
              **promise(date(2027, 1, 20), 10_000)),
    ])  # fmt: skip
    with UnitOfWork(engine, write=False) as uow:
        wrong = uow.session.scalar(select(Visit.id).order_by(Visit.visited_at).limit(1))
    void_visit(engine, CODE, wrong, "wrong loan", "trainer")
    return CODE


def build_after(engine: Engine, db_url: str, tmp_path: Path) -> str:
    """After the close: a narrower scope, follow-ups, and two later lists."""
    save_scope(engine, CODE, {"segments": ["小微", "涉农"]}, "admin")
    with UnitOfWork(engine) as uow:
        s = uow.session
        camp_id = s.scalar(select(Camp.id).where(Camp.code == CODE))
        ids = dict(s.execute(select(Loan.loan_no, Loan.id)).all())
        for loan, at, principal in (
            ("A3", "2026-12-23 10:00", 200_000),  # 3 days after A3's tactic visit
            ("A6", "2027-01-05 10:00", 500_000),  # 19 days after A6's tactic visit
            ("A1", "2026-12-22 11:00", 0),  # a visit that paid nothing
        ):
            s.add(
                FollowUp(camp_id=camp_id, loan_id=ids[loan], at=local(at), contact="见到本人",
                         principal_fen=principal, interest_fen=0, entered_by="manager")
            )  # fmt: skip
        uow.commit()
    import_list(db_url, tmp_path, "after.csv", LATER, "2026-12-25")
    import_list(db_url, tmp_path, "other.csv", OTHER, "2026-12-21")
    return CODE


@pytest.fixture
def field(engine: Engine, db_url: str, samples: Path, tmp_path: Path) -> str:
    return build_field(engine, db_url, samples, tmp_path)


@pytest.fixture
def camp(engine: Engine, db_url: str, field: str, tmp_path: Path) -> str:
    return build_after(engine, db_url, tmp_path)


def amounts(groups: list[ev.CashGroup]) -> dict[str, tuple[int, int]]:
    return {g.key: (g.camp_fen, g.after_fen) for g in groups if g.camp_fen or g.after_fen}


def test_cash_is_counted_by_segment_bucket_township_and_type_with_follow_ups_apart(
    engine: Engine, camp: str
) -> None:
    data = evaluation(engine, camp, TODAY)
    total = data.cash_total
    # principal 20,000 (A1) + 1,000 (A2) + 9,000 (A4) + 5,000 (A8); interest 1,000 (A4);
    # written off 3,000 (A3); the voided 10,000 on A1 is out
    assert (total.principal_fen, total.interest_fen, total.written_off_fen) == (
        3_500_000, 100_000, 300_000)  # fmt: skip
    assert (total.camp_fen, total.after_fen) == (3_900_000, 700_000)  # follow-ups: 2,000 + 5,000
    assert amounts(data.cash["segment"]) == {
        "小微": (2_300_000, 700_000),  # A1 + A3; follow-ups on A3 and A6
        "涉农": (1_600_000, 0),  # A2 + A4 + A8
    }
    assert amounts(data.cash["bucket"]) == {
        "1–30": (1_000_000, 0),  # A4, 11 days
        "31–60": (2_000_000, 0),  # A1, 45 days
        "91–180": (500_000, 0),  # A8, 91 days
        "361–1095": (300_000, 700_000),  # A3 (1,005 days) and A6 (1,020)
        "1095+": (100_000, 0),  # A2, 1,250 days
    }
    assert [(g.key, g.camp_fen, g.after_fen) for g in data.cash["township"]] == [
        ("城关镇", 2_500_000, 0),
        ("河口镇", 1_000_000, 0),
        ("白沙乡", 300_000, 200_000),
        ("石桥乡", 100_000, 0),
        ("新华街道", 0, 500_000),
    ]
    assert [(g.key, g.camp_fen, g.after_fen) for g in data.cash["customer_type"]] == [
        ("有意愿有能力", 2_500_000, 0),
        ("有意愿无能力", 1_000_000, 0),
        ("无意愿有能力", 300_000, 200_000),
        ("未分类", 100_000, 500_000),
    ]


def test_promises_whose_date_is_over_are_kept_as_in_the_broken_promise_rule(
    engine: Engine, camp: str
) -> None:
    data = evaluation(engine, camp, TODAY)
    # A3 for 12-18: 3,000 < 5,000 by the end of the day (the follow-up of 12-23 is late);
    # A4 for 12-19: 9,000 + 1,000 on 12-19 → kept; A6 for 12-19: nothing → broken.
    # A1's promise for 2027-01-20 is not due; the voided visit's promise does not count.
    assert (data.promises.due, data.promises.kept) == (3, 1)
    assert {h.key: h.value for h in ev.headlines(data)}["promises"] == "33.3%（1/3）"
    earlier = evaluation(engine, camp, date(2026, 12, 19))  # only A3's promise is over
    assert (earlier.promises.due, earlier.promises.kept) == (1, 0)


def test_limitations_saved_are_counted_over_the_whole_camp_with_their_balance(
    engine: Engine, camp: str
) -> None:
    data = evaluation(engine, camp, TODAY)
    # A3 (urgent, signed 12-17); not A2 (expired: a payment after expiry revives nothing,
    # SPEC §4.4), not A6 (a promise only). Balance after the camp: 30,000 − 3,000 元
    assert data.saved == ev.SavedTally(1, 2_700_000)


def test_npl_before_and_after_come_from_the_first_and_the_latest_later_list_in_scope(
    engine: Engine, camp: str
) -> None:
    data = evaluation(engine, camp, TODAY)
    assert data.before_list is not None and data.after_list is not None
    assert (data.before_list.as_of, data.after_list.as_of) == (
        date(2026, 12, 1), date(2026, 12, 25))  # fmt: skip
    # before: A1 关注, A2 损失, A3 损失, A4 关注, A6 损失, A8 次级 (A5 is outside the scope)
    # A3 is written off (表外): beside the NPL figures, never in them (SPEC §4.3)
    assert data.npl_before == ev.NplFigures(5, 29_500_000, 3, 11_500_000, 1, 3_000_000)
    # after: A1 关注, A2 损失, A3 损失, A4 正常; A8 owes nothing, A6 is gone, A7 is not ours
    assert data.npl_after == ev.NplFigures(3, 20_000_000, 1, 4_900_000, 1, 2_700_000)
    heads = {h.key: h.value for h in ev.headlines(data)}
    assert (heads["npl_balance"], heads["npl_count"]) == ("11.50 → 4.90", "3 → 1")


def test_the_migration_follows_each_loan_from_the_first_list_to_the_later_one(
    engine: Engine, camp: str
) -> None:
    m = evaluation(engine, camp, TODAY).migration
    assert m is not None
    assert m.counts == {
        ("关注", "关注"): 1,  # A1
        ("损失", "损失"): 2,  # A2, A3
        ("关注", "正常"): 1,  # A4
        ("损失", ev.ABSENT): 1,  # A6
        ("次级", ev.SETTLED): 1,  # A8
    }
    assert m.balance("损失", "损失") == 5_000_000 + 3_000_000  # the first list's principal
    assert (m.moved(-1), m.moved(+1)) == (1, 0)


def test_the_cost_per_yuan_is_the_camp_cost_over_the_camps_cash(engine: Engine, camp: str) -> None:
    data = evaluation(engine, camp, TODAY)
    # 150,000 元 / 39,000 元 = 3.846…
    assert data.cost_per_yuan == Decimal(15_000_000) / Decimal(3_900_000)
    assert {h.key: h.value for h in ev.headlines(data)}["cost"] == "3.85 元"


def test_tactics_are_followed_by_a_payment_from_a_visit_or_a_follow_up_within_14_days(
    engine: Engine, camp: str
) -> None:
    rows = evaluation(engine, camp, TODAY).tactics
    assert [(r.tactic, r.customer_type, r.visits, r.followed) for r in rows] == [
        # A2 paid at the visit; A4 paid three days later; A6's follow-up came after 19 days
        ("晓之以理", None, 3, 2),
        ("晓之以理", "有意愿无能力", 1, 1),
        ("晓之以理", "未分类", 2, 1),
        # A2 and A4 paid at the visit; the voided visit is out
        ("动之以情", None, 2, 2),
        ("动之以情", "有意愿无能力", 1, 1),
        ("动之以情", "未分类", 1, 1),
        # A3's follow-up of 12-23, three days after the visit
        ("攻心为上", None, 1, 1),
        ("攻心为上", "无意愿有能力", 1, 1),
    ]


def test_without_a_list_dated_after_the_start_there_is_no_after_and_no_migration(
    engine: Engine, db_url: str, field: str, tmp_path: Path
) -> None:
    import_list(db_url, tmp_path, "same-day.csv", OTHER, "2026-12-14")  # the start date itself
    data = evaluation(engine, field, TODAY)
    # A5 is in scope here; A3 is written off (表外): never in the NPL count (SPEC §4.3)
    assert data.npl_before is not None and data.npl_before.npl_count == 4
    assert (data.after_list, data.npl_after, data.migration) == (None, None, None)


def test_the_version_moves_with_a_follow_up_even_without_a_version_bump(
    engine: Engine, camp: str
) -> None:
    before = evaluation_version(engine, camp)
    follow_up(engine, "A1", "2027-01-06 10:00", 100)
    assert evaluation_version(engine, camp) != before


def test_a_payment_exactly_14_days_after_a_tactic_counts_and_a_minute_later_does_not(
    engine: Engine, field: str
) -> None:
    def unclassified() -> tuple[int, int]:
        rows = evaluation(engine, field, TODAY).tactics
        row = next(r for r in rows if (r.tactic, r.customer_type) == ("晓之以理", "未分类"))
        return row.visits, row.followed

    # A2 paid at its visit; A6's visit of 12-17 14:00 is not followed yet
    assert unclassified() == (2, 1)
    follow_up(engine, "A6", "2026-12-31 14:01", 100_000)  # 14 days and a minute
    assert unclassified() == (2, 1)
    follow_up(engine, "A6", "2026-12-31 14:00", 100_000)  # 14 days exactly
    assert unclassified() == (2, 2)


def test_a_camp_without_lists_or_visits_evaluates_to_nothing_without_failing(
    engine: Engine, db_url: str, samples: Path
) -> None:
    assert run(db_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    data = evaluation(engine, CODE, TODAY)
    assert (data.cash_total.camp_fen, data.promises.due, data.saved.count) == (0, 0, 0)
    assert (data.before_list, data.npl_before, data.migration, data.tactics) == (
        None, None, None, [])  # fmt: skip
    heads = {h.key: h.value for h in ev.headlines(data)}
    assert heads == {"cash": "0.00", "promises": "–（0/0）", "saved": "0",
                     "npl_balance": "– → –", "npl_count": "– → –", "cost": "–"}  # fmt: skip
    assert ev.evaluation_xlsx(data)[:2] == b"PK"  # a workbook all the same
