"""The /research use cases through the store (db/research.py), on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, update

from core import research as rs
from core.errors import InputRejected, UsageError
from core.records import VisitRecord
from db.models import AuditEntry, Camp, CampItem
from db.models import Loan as LoanRow
from db.research import (
    research_data,
    reset_visit_plan,
    save_attention_note,
    save_strategies,
    save_visit_plan,
    set_customer_type,
    set_customer_types,
    visit_plans,
)
from db.uow import UnitOfWork
from db.visits import record_visits, void_visit
from tests.integration.test_cli import run
from tests.workbooks import write_csv

CODE = "qh-sample"
AT = date(2026, 12, 14)  # camp day 1, research day
NOW = datetime(2026, 12, 14, 2, 0, tzinfo=UTC)  # 10:00 in Asia/Shanghai

HEADER = ("贷款账号", "借款人", "客户类型", "贷款余额", "欠息", "到期日期", "逾期天数",
          "五级分类", "最后还款日期", "保证人", "诉讼日期", "判决履行期限", "乡镇", "村", "民族",
          "客户分类")  # fmt: skip
# A small list dated 2026-12-01 in the sample camp (尖刀队: 城关镇 石桥乡 河口镇;
# 突击队: 白沙乡 青山乡 新华街道). Amounts in 元.
ROWS = [
    ("S1", "张三丰", "小微", "100000", "5000", "2026-11-30", "1", "正常", "", "王五", "", "",
     "城关镇", "红旗村", "回族", ""),
    ("S2", "李四", "涉农", "50000", "0", "2026-06-01", "", "次级", "", "", "", "",
     "白沙乡", "团结村", "汉族", ""),
    ("S3", "王小五", "个人", "20000", "1000", "2023-06-30", "", "可疑", "2023-10-10", "", "", "",
     "石桥乡", "新村", "苗族", ""),
    ("S4", "赵六", "小微", "300000", "0", "2024-03-01", "", "", "", "", "", "",
     "石桥乡", "东村", "", "失联"),
    ("S5", "钱七", "涉农", "80000", "0", "2025-01-15", "", "损失", "", "", "2025-05-01",
     "2025-09-30", "新华街道", "光明村", "", ""),
    ("S6", "周八", "个人", "10000", "0", "2026-02-01", "", "关注", "", "", "", "",
     "无名乡", "光明村", "", ""),
]  # fmt: skip


@pytest.fixture
def camp(db_url: str, samples: Path, tmp_path: Path) -> str:
    assert run(db_url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    path = write_csv(tmp_path / "small.csv", [HEADER, *ROWS])
    code, _, err = run(db_url, "loans-import", CODE, str(path), "--as-of", "2026-12-01")
    assert code == 0, err
    return CODE


def teams(engine: Engine) -> dict[str, int]:
    return {t.name: t.id for t in research_data(engine, CODE, NOW).teams}


def version(engine: Engine) -> int:
    with UnitOfWork(engine, write=False) as uow:
        return uow.session.scalars(select(Camp).where(Camp.code == CODE)).one().data_version


def audits(engine: Engine, action: str) -> list[AuditEntry]:
    with UnitOfWork(engine, write=False) as uow:
        stmt = select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
        return list(uow.session.scalars(stmt))


def visit(loan: str, at: str, team: str = "尖刀队", **kw: object) -> VisitRecord:
    members = ("林晓", "许诺") if team == "尖刀队" else ("龚平", "范婷")
    contact = kw.pop("contact", "见到本人")
    return VisitRecord(row=2, visited_at=datetime.strptime(at, "%Y-%m-%d %H:%M"), team=team,
                       loan_no=loan, contact=contact, members=members, **kw)  # fmt: skip


def problems(exc: pytest.ExceptionInfo[InputRejected]) -> list[str]:
    return [str(p) for p in exc.value.problems]


# ----------------------------------------------------------------------------- reading


def test_the_research_figures_equal_those_worked_out_by_hand_from_the_list(
    engine: Engine, camp: str
) -> None:
    data = research_data(engine, camp, NOW)
    assert data.today == AT and data.out_of_scope == 0 and len(data.loans) == 6
    views = rs.analyse(data.loans, AT)
    s = rs.summary(views)
    # 100,000 + 50,000 + 20,000 + 300,000 + 80,000 + 10,000 元
    assert (s.loans, s.balance_fen, s.interest_fen) == (6, 56_000_000, 600_000)
    # NPL: S2 次级 (196 days), S3 损失 (1263), S4 损失 (1018), S5 损失, S6 可疑 (316)
    assert (s.npl_count, s.npl_balance_fen) == (5, 46_000_000)
    # S1 listed 正常 at 14 days (floor 关注), S3 listed 可疑 (floor 损失), S6 listed 关注
    assert [v.loan_no for v in rs.disagreements(views)] == ["S3", "S6", "S1"]
    # S3 expired (last repayment 2023-10-10), S4 urgent (2027-03-01), S5 in litigation
    assert (s.expired, s.urgent, s.in_litigation) == (1, 1, 1)
    by = {g.key: (g.count, g.balance_fen) for g in rs.composition(views, "segment")}
    assert by == {"小微": (2, 40_000_000), "涉农": (2, 13_000_000), "个人": (2, 3_000_000)}
    by = {g.key: (g.count, g.balance_fen) for g in rs.composition(views, "bucket") if g.count}
    assert by == {"1–30": (1, 10_000_000), "181–270": (1, 5_000_000), "271–360": (1, 1_000_000),
                  "361–1095": (2, 38_000_000), "1095+": (1, 2_000_000)}  # fmt: skip
    by = {g.key: g.count for g in rs.composition(views, "risk_class")}
    assert by == {"正常": 0, "关注": 1, "次级": 1, "可疑": 1, "损失": 3}
    assert [(g.key, g.balance_fen) for g in rs.composition(views, "township")] == [
        ("石桥乡", 32_000_000), ("城关镇", 10_000_000), ("新华街道", 8_000_000),
        ("白沙乡", 5_000_000), ("无名乡", 1_000_000)]  # fmt: skip
    assert [v.loan_no for v in rs.clock_order(views)] == ["S3", "S4", "S6", "S2", "S1", "S5"]


def test_the_teams_and_their_territories_and_the_default_lists_are_read(
    engine: Engine, camp: str
) -> None:
    data = research_data(engine, camp, NOW)
    assert [(t.name, t.members[0], t.townships[0]) for t in data.teams] == [
        ("尖刀队", "林晓", "城关镇"), ("突击队", "龚平", "白沙乡")]  # fmt: skip
    loans = {loan["loan_no"]: loan for loan in data.loans}
    assert loans["S1"]["team_id"] == data.teams[0].id and loans["S6"]["team_id"] is None
    assert data.field_days == (3, 4, 5, 6, 7) and data.date_of(3) == date(2026, 12, 16)
    # lists never written fall back to their defaults (core.campitems)
    assert "回族" in data.customs and "失联" in data.strategies and data.conduct


def test_counted_visits_lower_the_balances_and_move_the_clocks(engine: Engine, camp: str):
    record_visits(engine, camp, [
        visit("S3", "2026-12-16 10:00", principal_fen=500_000, interest_fen=150_000, ack=True),
        visit("S1", "2026-12-16 11:00", promise_date=date(2026, 12, 18),
              promise_amount_fen=300_000, promise_method="转账"),
        visit("S1", "2026-12-17 09:00", contact="见到保证人", ack=True),
        visit("S1", "2026-12-17 15:00", principal_fen=100_000),
    ])  # fmt: skip
    loans = {loan["loan_no"]: loan for loan in research_data(engine, camp, NOW).loans}
    s3 = loans["S3"]
    # 20,000 − 5,000 元; owed interest 1,000 − 1,500 stops at zero
    assert (s3["principal_fen"], s3["interest_fen"]) == (1_500_000, 0)
    assert s3["last_event_on"] == date(2026, 12, 16)
    assert rs.loan_view(s3, date(2026, 12, 16)).status == "safe"  # the payment restarted it
    s1 = loans["S1"]
    assert s1["principal_fen"] == 9_900_000
    assert (s1["promise_date"], s1["promise_amount_fen"]) == (date(2026, 12, 18), 300_000)
    assert s1["guarantor_demand_on"] == date(2026, 12, 17)
    assert s1["last_event_on"] == date(2026, 12, 17)  # a guarantor's signature is no event


def test_a_voided_visit_no_longer_counts(engine: Engine, camp: str) -> None:
    record_visits(engine, camp, [visit("S1", "2026-12-16 10:00", principal_fen=100_000)])
    assert research_data(engine, camp, NOW).loans[0]["principal_fen"] == 9_900_000
    with UnitOfWork(engine, write=False) as uow:
        from db.models import Visit

        visit_id = uow.session.scalars(select(Visit.id)).one()
    void_visit(engine, camp, visit_id, "typed on the wrong loan", "lin")
    loan = research_data(engine, camp, NOW).loans[0]
    assert (loan["principal_fen"], loan["last_event_on"]) == (10_000_000, None)


def test_a_settled_loan_leaves_the_portfolio(engine: Engine, camp: str) -> None:
    record_visits(engine, camp, [visit("S2", "2026-12-16 10:00", team="突击队",
                                       principal_fen=5_000_000)])  # fmt: skip
    s = rs.summary(rs.analyse(research_data(engine, camp, NOW).loans, AT))
    assert (s.loans, s.settled, s.balance_fen) == (5, 1, 51_000_000)


def test_only_the_loans_in_the_camps_scope_are_read(engine: Engine, camp: str) -> None:
    with UnitOfWork(engine) as uow:
        uow.session.execute(update(Camp).values(scope={"segments": ["小微"], "aging_min": 10}))
        uow.commit()
    data = research_data(engine, camp, NOW)
    assert [loan["loan_no"] for loan in data.loans] == ["S4"]  # S1 was 1 day at the list's date
    assert data.out_of_scope == 5


# ----------------------------------------------------------------------------- customer types


def test_customer_types_are_set_audited_and_bump_the_version(engine: Engine, camp: str):
    before = version(engine)
    changed = set_customer_types(engine, camp, {"S1": "有意愿无能力", "S4": "失联", "S2": " "},
                                 "lin")  # fmt: skip
    assert changed == 1  # S4 was already 失联, S2 had none
    loans = {loan["loan_no"]: loan for loan in research_data(engine, camp, NOW).loans}
    assert loans["S1"]["customer_type"] == "有意愿无能力"
    entry = audits(engine, "loan.customer_type")[-1]
    assert (entry.actor, entry.entity_id) == ("lin", "S1")
    assert (entry.before, entry.after) == ({"customer_type": None},
                                           {"customer_type": "有意愿无能力"})  # fmt: skip
    assert version(engine) == before + 1
    assert set_customer_type(engine, camp, "S4", None, "lin") is True
    assert set_customer_type(engine, camp, "S4", None, "lin") is False
    assert version(engine) == before + 2


def test_an_unknown_type_or_loan_is_rejected_and_nothing_is_written(engine: Engine, camp: str):
    before = version(engine)
    with pytest.raises(InputRejected) as exc:
        set_customer_types(engine, camp, {"S1": "有意愿有能力", "S2": "老赖", "NOPE": "失联"},
                           "lin")  # fmt: skip
    assert problems(exc) == [
        "column S2: 老赖 is not a customer type "
        "(有意愿有能力、有意愿无能力、无意愿有能力、无意愿无能力、失联、死亡、涉诉、恶意逃废)",
        "column NOPE: no such loan in this camp",
    ]
    with UnitOfWork(engine, write=False) as uow:
        got = uow.session.scalar(select(LoanRow.customer_type).where(LoanRow.loan_no == "S1"))
    assert got is None and version(engine) == before


def test_strategies_per_type_are_stored_and_checked(engine: Engine, camp: str) -> None:
    rows = [{"name": "失联", "text": "找村委、发公告"}, {"name": "死亡", "text": ""}]
    assert save_strategies(engine, camp, rows, "lin") == [("失联", "找村委、发公告"), ("死亡", "")]
    assert research_data(engine, camp, NOW).strategies == {"失联": "找村委、发公告", "死亡": ""}
    assert audits(engine, "items.customer_type")[-1].actor == "lin"
    with pytest.raises(InputRejected):
        save_strategies(engine, camp, [{"name": "老赖", "text": "起诉"}], "lin")


# ----------------------------------------------------------------------------- attention


def test_an_attention_note_is_kept_per_township_and_a_blank_one_removes_it(
    engine: Engine, camp: str
) -> None:
    save_attention_note(engine, camp, "石桥乡", "  河口桥在修，绕行北线  ", "lin")
    save_attention_note(engine, camp, "城关镇", "逢集日人多", "lin")
    save_attention_note(engine, camp, "石桥乡", "桥已修好", "boss")
    data = research_data(engine, camp, NOW)
    assert data.attention == {"石桥乡": "桥已修好", "城关镇": "逢集日人多"}
    last = audits(engine, "research.attention")[-1]
    assert (last.before, last.after) == ({"note": "河口桥在修，绕行北线"}, {"note": "桥已修好"})
    notes = {a.township: a.note for a in rs.attention(rs.analyse(data.loans, AT),
                                                      data.customs, data.attention)}  # fmt: skip
    assert notes["石桥乡"] == "桥已修好"
    save_attention_note(engine, camp, "石桥乡", " ", "lin")
    assert research_data(engine, camp, NOW).attention == {"城关镇": "逢集日人多"}
    with pytest.raises(InputRejected):
        save_attention_note(engine, camp, "", "无乡镇", "lin")


# ----------------------------------------------------------------------------- visit plans


def test_a_visit_plan_is_stored_in_order_and_read_back(engine: Engine, camp: str) -> None:
    ids = teams(engine)
    before = version(engine)
    saved = save_visit_plan(engine, camp, 3, ids["尖刀队"], ["S4", "S1", "S6"], "lin")
    assert saved == ["S4", "S1", "S6"]  # S6 is in no territory: any team may take it
    assert visit_plans(engine, camp, 3) == {ids["尖刀队"]: ["S4", "S1", "S6"]}
    assert visit_plans(engine, camp, 4) == {}
    assert research_data(engine, camp, NOW).plans == {(3, ids["尖刀队"]): ["S4", "S1", "S6"]}
    assert version(engine) == before + 1
    save_visit_plan(engine, camp, 3, ids["尖刀队"], ["S1"], "boss")
    last = audits(engine, "research.plan")[-1]
    assert last.entity_id == "3:尖刀队"
    assert (last.before, last.after) == ({"loans": ["S4", "S1", "S6"]}, {"loans": ["S1"]})
    with UnitOfWork(engine, write=False) as uow:
        rows = uow.session.execute(select(CampItem.name, CampItem.text)
                                   .where(CampItem.kind == "plan")).all()  # fmt: skip
    assert [(n, json.loads(t)) for n, t in rows] == [(f"3:{ids['尖刀队']}", ["S1"])]


def test_an_empty_plan_is_kept_and_a_reset_brings_back_the_prefill(engine: Engine, camp: str):
    ids = teams(engine)
    save_visit_plan(engine, camp, 5, ids["突击队"], [], "lin")
    assert visit_plans(engine, camp, 5) == {ids["突击队"]: []}
    assert reset_visit_plan(engine, camp, 5, ids["突击队"], "lin") is True
    assert reset_visit_plan(engine, camp, 5, ids["突击队"], "lin") is False
    data = research_data(engine, camp, NOW)
    assert data.plans == {}
    views = rs.analyse(data.loans, data.date_of(5))
    # 突击队 holds S2 (白沙乡, safe) and S5 (新华街道, in litigation): by urgency (SPEC §4.4)
    assert rs.prefill_plan(views, ids["突击队"], data.date_of(5)) == ["S2", "S5"]


def test_a_plan_with_bad_loans_is_rejected_whole(engine: Engine, camp: str) -> None:
    ids = teams(engine)
    with pytest.raises(InputRejected) as exc:
        save_visit_plan(engine, camp, 3, ids["突击队"], ["S2", "S1", "S2", "NOPE"], "lin")
    assert problems(exc) == [
        "row 3, column S2: listed twice",
        "row 2, column S1: in another team's territory (城关镇)",
        "row 4, column NOPE: no such loan in this camp",
    ]
    assert visit_plans(engine, camp, 3) == {}
    with pytest.raises(UsageError, match="not a field day"):
        save_visit_plan(engine, camp, 2, ids["突击队"], ["S2"], "lin")
    with pytest.raises(UsageError, match="unknown team"):
        save_visit_plan(engine, camp, 3, 9999, ["S2"], "lin")


def test_a_plan_may_not_hold_a_loan_outside_the_scope(engine: Engine, camp: str) -> None:
    with UnitOfWork(engine) as uow:
        uow.session.execute(update(Camp).values(scope={"townships": ["城关镇"]}))
        uow.commit()
    with pytest.raises(InputRejected) as exc:
        save_visit_plan(engine, camp, 3, teams(engine)["尖刀队"], ["S1", "S3"], "lin")
    assert problems(exc) == ["row 2, column S3: outside the camp's scope"]
