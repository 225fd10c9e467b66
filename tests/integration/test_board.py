"""The morning board read through the store (db/queries/board.py), on SQLite and PostgreSQL.

The sample camp starts on 2026-12-14: day 3 (12-16) is the first field day, and
at 07:50 on 12-17 the board shows day 4 = field day 2, "last night" since 17:30
on 12-16, and yesterday = day 3's period.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from core.errors import UsageError
from core.records import VisitRecord
from db.queries.board import morning_board
from db.queries.research import research_data
from db.research import save_visit_plan
from db.setup import save_pairings, save_rules_text
from db.visits import record_visits, void_visit
from tests.integration.test_cli import run
from tests.workbooks import write_csv

CODE = "qh-sample"
SHANGHAI = ZoneInfo("Asia/Shanghai")
NOW = datetime(2026, 12, 17, 7, 50, tzinfo=SHANGHAI)  # camp day 4, 08:00 meeting

HEADER = ("贷款账号", "借款人", "证件号码", "联系电话", "客户类型", "贷款余额", "欠息", "到期日期",
          "最后还款日期", "诉讼日期", "乡镇", "村", "民族", "客户分类")  # fmt: skip
# 尖刀队 holds 城关镇 石桥乡 河口镇; 突击队 白沙乡 青山乡 新华街道. Amounts in 元.
LOANS = [
    ("6228480012340001", "张三丰", "110105194912310021", "13812345601", "小微", "100000", "5000",
     "2026-11-30", "", "", "城关镇", "红旗村", "回族", ""),
    ("6228480012340002", "李四海", "110105195001010032", "13812345602", "涉农", "50000", "0",
     "2026-06-01", "", "", "白沙乡", "团结村", "汉族", ""),
    ("6228480012340003", "王小五", "110105195102020043", "13812345603", "个人", "20000", "1000",
     "2023-06-30", "2023-10-10", "", "石桥乡", "新村", "苗族", ""),
    ("6228480012340004", "赵六奇", "110105195203030054", "13812345604", "小微", "300000", "0",
     "2024-03-01", "", "", "石桥乡", "东村", "", "失联"),
    ("6228480012340005", "钱七宝", "110105195304040065", "13812345605", "涉农", "80000", "0",
     "2025-01-15", "", "2025-05-01", "新华街道", "光明村", "", ""),
    ("6228480012340006", "孙八斗", "110105195405050076", "13812345606", "个人", "30000", "0",
     "2026-01-10", "", "", "城关镇", "红旗村", "", ""),
    ("6228480012340007", "周九龄", "110105195506060087", "13812345607", "个人", "40000", "0",
     "2026-03-01", "", "", "青山乡", "", "藏族", ""),
]  # fmt: skip
NO = {row[1]: row[0] for row in LOANS}
CONSENT = "客户同意夜间上门（已电话约定）"


def visit(at: str, team: str, borrower: str, contact: str = "见到本人", **kw) -> VisitRecord:  # noqa: ANN003
    members = ("林晓", "许诺") if team == "尖刀队" else ("龚平", "范婷")
    if kw.get("notes") == CONSENT:  # the appointment the note speaks of (SPEC §4.11)
        made = datetime.strptime(at, "%Y-%m-%d %H:%M") - timedelta(hours=8)
        kw.update(appointment_at=made, appointment_by="电话", agreed_by="本人")
    return VisitRecord(row=2, visited_at=datetime.strptime(at, "%Y-%m-%d %H:%M"), team=team,
                       loan_no=NO[borrower], contact=contact, members=members, **kw)  # fmt: skip


def load_board_camp(db_url: str, samples: Path, tmp_path: Path, engine: Engine) -> None:
    """The sample camp with a small list, visits around the night of 12-16, pairings,
    rules and one saved plan: what the tests of the board read (also the page's)."""
    # every signature scores here (ack_min_status "safe"): the board's counts, not the rule,
    # are under test (the rule: tests/integration/test_scoring_rules_store.py)
    text = (samples / "camp_sample.toml").read_text(encoding="utf-8")
    camp_file = tmp_path / "camp.toml"
    camp_file.write_text(text.replace('ack_min_status = "watch"', 'ack_min_status = "safe"'),
                         encoding="utf-8")  # fmt: skip
    assert run(db_url, "camp-load", str(camp_file))[0] == 0
    path = write_csv(tmp_path / "board.csv", [HEADER, *LOANS])
    code, _, err = run(db_url, "loans-import", CODE, str(path), "--as-of", "2026-12-01")
    assert code == 0, err
    done = record_visits(engine, CODE, [
        # day 3's period (12-15 17:30, 12-16 17:30]
        visit("2026-12-16 10:00", "尖刀队", "孙八斗", principal_fen=1_000_000),
        visit("2026-12-16 11:00", "突击队", "李四海", principal_fen=500_000),
        visit("2026-12-16 05:00", "突击队", "钱七宝", "见到家属", notes=CONSENT),  # a night shift
        # after the cut-off: day 4's period
        visit("2026-12-16 18:00", "尖刀队", "孙八斗", principal_fen=100_000),  # not a night shift
        visit("2026-12-16 23:30", "尖刀队", "张三丰", principal_fen=2_000_000, notes=CONSENT),
        visit("2026-12-17 05:30", "突击队", "周九龄", ack=True, notes=CONSENT),
        visit("2026-12-17 06:00", "尖刀队", "赵六奇", "见到家属", ack=True, notes=CONSENT),
        visit("2026-12-17 22:30", "尖刀队", "孙八斗", notes=CONSENT),  # tonight: after now
    ])  # fmt: skip
    assert done.stored == 8, done.rejected
    void_visit(engine, CODE, done.visit_ids[6], "wrong loan", "trainer")
    pairs = [{"day": 3, "team_a": "突击队", "team_b": "尖刀队"},
             {"day": 4, "team_a": "尖刀队", "team_b": "突击队"}]  # fmt: skip
    save_pairings(engine, CODE, pairs, "boss")
    save_rules_text(
        engine, CODE, "时段第一获流动红旗，加 2 分。\nPK 胜方加 1 分，负方减 1 分。", "boss"
    )
    teams = {t.name: t.id for t in research_data(engine, CODE).teams}
    save_visit_plan(engine, CODE, 4, teams["突击队"], [NO["周九龄"], NO["李四海"]], "trainer")


@pytest.fixture
def camp(db_url: str, samples: Path, tmp_path: Path, engine: Engine) -> str:
    load_board_camp(db_url, samples, tmp_path, engine)
    return CODE


def team(board, name: str):  # noqa: ANN001, ANN201
    return next(t for t in board.teams if t.team == name)


def test_at_the_morning_meeting_of_day_4_the_board_counts_field_day_2(
    engine: Engine, camp: str
) -> None:
    board = morning_board(engine, camp, NOW)
    assert (board.day, board.days, board.field_day, board.field_days) == (4, 7, 2, 5)
    assert board.phase == "camp" and board.now == NOW
    assert board.since == datetime(2026, 12, 16, 17, 30, tzinfo=SHANGHAI)
    assert board.period_day == 3 and board.plan_day == 4 and board.plan_is_today


def test_last_night_holds_the_night_shift_visits_since_the_cut_off_and_nothing_else(
    engine: Engine, camp: str
) -> None:
    board = morning_board(engine, camp, NOW)
    jd, tj = team(board, "尖刀队"), team(board, "突击队")
    # 尖刀队: the 23:30 visit (20,000 元 → 20 points); not 18:00 (no night shift), not the
    # voided 06:00 one, not tonight's 22:30
    assert (jd.night_visits, jd.night_points, jd.night_cash_fen) == (1, 2000, 2_000_000)
    # 突击队: the 05:30 acknowledgement; the 05:00 visit of 12-16 was before the cut-off
    assert (tj.night_visits, tj.night_points, tj.night_cash_fen, tj.night_acks) == (1, 100, 0, 1)


def test_yesterday_is_day_3s_period_and_its_top_team_holds_the_red_flag(
    engine: Engine, camp: str
) -> None:
    board = morning_board(engine, camp, NOW)
    jd, tj = team(board, "尖刀队"), team(board, "突击队")
    assert (jd.day_rank, jd.day_points, jd.day_cash_fen) == (1, 1000, 1_000_000)
    assert (tj.day_rank, tj.day_points, tj.day_cash_fen) == (2, 500, 500_000)
    assert board.red_flag == "尖刀队"
    # day 3's pairing, won on that period's points
    (result,) = board.results
    assert (result.team_a, result.points_a, result.team_b, result.points_b) == (
        "突击队", 500, "尖刀队", 1000)  # fmt: skip
    assert result.winner == "尖刀队"
    # today's pairings: day 4's
    assert [(p.team_a, p.team_b, p.points_a) for p in board.pairings] == [
        ("尖刀队", "突击队", None)
    ]


def test_camp_to_date_is_set_against_each_team_target(engine: Engine, camp: str) -> None:
    board = morning_board(engine, camp, NOW)
    assert [t.team for t in board.teams] == ["尖刀队", "突击队"]
    jd, tj = board.teams
    # 尖刀队: 10 + 1 + 20 points, 31,000 元 of 1,200,000; 突击队: 5 + 1, 5,000 of 1,000,000
    assert (jd.rank, jd.points, jd.cash_fen, jd.target_fen) == (1, 3100, 3_100_000, 120_000_000)
    assert (tj.rank, tj.points, tj.cash_fen, tj.target_fen) == (2, 600, 500_000, 100_000_000)
    assert jd.attainment == pytest.approx(31_000 / 1_200_000)
    assert board.cash_fen == 3_600_000 and board.target_fen == 220_000_000
    assert board.pace == pytest.approx(1 / 5)  # one of five field days' periods closed


def test_each_team_plan_for_today_is_grouped_by_township_and_village_and_masked(
    engine: Engine, camp: str
) -> None:
    board = morning_board(engine, camp, NOW)
    jd, tj = board.plans
    # 尖刀队 has no saved plan: prefilled — expired (王小五), urgent (赵六奇), then by amount
    assert jd.team == "尖刀队" and not jd.stored and jd.members[0] == "林晓"
    assert [(g.township, g.village, [loan.order for loan in g.loans]) for g in jd.groups] == [
        ("石桥乡", "新村", [1]), ("石桥乡", "东村", [2]), ("城关镇", "红旗村", [3, 4])]  # fmt: skip
    loans = [loan for g in jd.groups for loan in g.loans]
    assert [loan.borrower for loan in loans] == ["王**", "赵**", "张**", "孙**"]
    assert [loan.account for loan in loans] == [
        "************0003", "************0004", "************0001", "************0006"]  # fmt: skip
    assert [loan.tier for loan in loans] == ["expired", "urgent", "other", "other"]
    assert [loan.ethnicity for loan in loans] == ["苗族", "", "回族", ""]  # those with a note
    assert loans[1].customer_type == "失联"
    # what each still owes after the camp's visits: 80,000 + 5,000 interest; 30,000 − 11,000
    assert loans[2].owed_fen == 8_500_000 and loans[3].owed_fen == 1_900_000
    assert jd.loans == 4
    # 突击队's plan was saved on /research, in its own order
    assert tj.stored and [(g.township, g.village) for g in tj.groups] == [
        ("青山乡", ""), ("白沙乡", "团结村")]  # fmt: skip


def test_the_lists_and_the_customs_of_the_ethnicities_on_todays_plans(
    engine: Engine, camp: str
) -> None:
    board = morning_board(engine, camp, NOW)
    assert [e for e, _ in board.customs] == ["回族", "苗族", "藏族"]  # not 彝族: nobody today
    assert board.materials[0][0] == "催收通知书及回执"  # the defaults until /setup edits them
    assert any("威胁" in name for name, _ in board.conduct)
    assert board.rules_text.startswith("时段第一获流动红旗")


def test_no_full_name_id_phone_or_loan_number_leaves_the_store(engine: Engine, camp: str) -> None:
    text = repr(morning_board(engine, camp, NOW))
    for no, name, id_number, phone, *_ in LOANS:
        assert no not in text and name not in text
        assert id_number not in text and phone not in text


def test_before_the_first_period_closes_there_is_no_yesterday_and_no_red_flag(
    engine: Engine, camp: str
) -> None:
    board = morning_board(engine, camp, datetime(2026, 12, 16, 7, 50, tzinfo=SHANGHAI))
    assert (board.day, board.field_day, board.period_day) == (3, 1, None)
    assert board.red_flag is None and board.results == () and board.pace == 0
    assert all(t.day_rank is None for t in board.teams)
    # last night runs from 12-15 17:30: it holds 突击队's 05:00 visit of 12-16
    assert team(board, "突击队").night_visits == 1
    assert team(board, "尖刀队").night_visits == 0


def test_before_the_camp_the_board_previews_the_first_field_day(engine: Engine, camp: str) -> None:
    board = morning_board(engine, camp, datetime(2026, 12, 10, 0, 0, tzinfo=UTC))
    assert board.phase == "before" and board.day is None and board.field_day is None
    assert board.plan_day == 3 and not board.plan_is_today
    assert [(p.team_a, p.team_b) for p in board.pairings] == [("突击队", "尖刀队")]
    after = morning_board(engine, camp, datetime(2026, 12, 25, 0, 0, tzinfo=UTC))
    assert after.phase == "after" and after.plan_day == 7 and after.period_day == 7


def test_an_unknown_camp_is_a_usage_error(engine: Engine, camp: str) -> None:
    with pytest.raises(UsageError):
        morning_board(engine, "nope", NOW)


def test_the_ticker_holds_the_last_days_big_recoveries_and_acknowledgements_masked(
    engine: Engine, camp: str
) -> None:
    from db.queries.pk import pk_board

    board = morning_board(engine, camp, NOW)
    # newest first: 05:30's acknowledgement, 23:30's 20,000 元, and the day's three largest
    # recoveries; not the 1,000 元 of 18:00 (small, 4th), nor the voided 06:00 visit, nor
    # tonight's, nor anything before 07:50 yesterday
    assert [(n.team, n.borrower, n.kind, n.amount_fen) for n in board.news] == [
        ("突击队", "周**", "ack", 0),
        ("尖刀队", "张**", "cash", 2_000_000),
        ("突击队", "李**", "cash", 500_000),
        ("尖刀队", "孙**", "cash", 1_000_000),
    ]
    assert pk_board(engine, camp, NOW).news == board.news  # /pk shows the same
