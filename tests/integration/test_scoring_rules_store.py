"""The rules against gaming, night appointments and double branch claims through the store,
on SQLite and PostgreSQL (SPEC §4.7, §4.11, §5.6)."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from core.errors import InputRejected
from core.records import VisitRecord
from db.models import Loan, Visit
from db.queries import standings
from db.scoring import rederive_camp
from db.uow import UnitOfWork
from db.visits import record_visits, void_visit
from tests.integration.test_cli import run

SHIQIAO = "8201000723966385"  # 石桥乡 (尖刀队), expired limitation
SETTLE = "8201000823518370"  # 石桥乡 (尖刀队)
BAISHA = "8201001923382437"  # 白沙乡 (突击队)
OPEN = "8201000123971753"  # in no team's territory: any team may visit it
NO_RULES = """promise_max_days = 30
promise_min_amount = 1000
promise_kept = 2
ack_min_status = "watch"
reconcile_days = 3
"""


def _load(db_url: str, samples: Path, tmp_path: Path, rules: bool) -> str:
    text = (samples / "camp_sample.toml").read_text(encoding="utf-8")
    if not rules:
        for line in NO_RULES.splitlines():
            text = "\n".join(x for x in text.splitlines() if not x.startswith(line.split(" ")[0]))
    path = tmp_path / "camp.toml"
    path.write_text(text, encoding="utf-8")
    assert run(db_url, "camp-load", str(path))[0] == 0
    assert run(db_url, "loans-import", "qh-sample", str(samples / "loans_sample.xlsx"))[0] == 0
    return "qh-sample"


def visit(row: int, at: str, team: str, loan: str, **kw) -> VisitRecord:  # noqa: ANN003
    members = {"尖刀队": ("林晓", "许诺"), "突击队": ("龚平", "范婷")}[team]
    kw.setdefault("contact", "见到本人")
    kw.setdefault("members", members)
    return VisitRecord(row=row, visited_at=datetime.strptime(at, "%Y-%m-%d %H:%M"), team=team,
                       loan_no=loan, **kw)  # fmt: skip


def zero_cash_and_real_cash(engine: Engine, camp: str) -> dict[str, int]:
    """尖刀队 games the board with ¥0.01 promises due in 2035; 突击队 collects 1,500 元."""
    record_visits(engine, camp, [
        visit(2, "2026-12-16 10:00", "尖刀队", SHIQIAO, promise_date=date(2035, 1, 1),
              promise_amount_fen=1, promise_method="转账"),
        visit(3, "2026-12-16 11:00", "尖刀队", SETTLE, promise_date=date(2035, 1, 1),
              promise_amount_fen=1, promise_method="转账"),
        visit(4, "2026-12-16 12:00", "突击队", BAISHA, principal_fen=150_000),
    ])  # fmt: skip
    return {e.name: e.points for _, e in standings(engine, camp)["teams"]}


def test_the_zero_cash_team_wins_without_the_rules(
    db_url: str, engine: Engine, samples: Path, tmp_path: Path
) -> None:
    camp = _load(db_url, samples, tmp_path, rules=False)
    assert zero_cash_and_real_cash(engine, camp) == {"尖刀队": 200, "突击队": 150}


def test_the_zero_cash_team_no_longer_wins_under_the_templates_rules(
    db_url: str, engine: Engine, samples: Path, tmp_path: Path
) -> None:
    camp = _load(db_url, samples, tmp_path, rules=True)
    ranked = [e.name for _, e in standings(engine, camp)["teams"]]
    points = zero_cash_and_real_cash(engine, camp)
    assert points == {"尖刀队": 0, "突击队": 150}
    assert [e.name for _, e in standings(engine, camp)["teams"]][0] == "突击队" != ranked[0]
    with UnitOfWork(engine, write=False) as uow:
        warnings = uow.session.scalars(select(Visit.warnings).order_by(Visit.id)).all()
    assert "promise too far" in warnings[0]


def test_a_kept_promise_earns_the_promise_teams_points_in_the_payments_period(
    db_url: str, engine: Engine, samples: Path, tmp_path: Path
) -> None:
    camp = _load(db_url, samples, tmp_path, rules=True)
    record_visits(engine, camp, [
        visit(2, "2026-12-16 10:00", "尖刀队", SETTLE, promise_date=date(2026, 12, 17),
              promise_amount_fen=200_000, promise_method="转账"),
        visit(3, "2026-12-17 10:00", "尖刀队", SETTLE, principal_fen=200_000),
    ])  # fmt: skip
    by_day = {d: {e.name: e.points for _, e in standings(engine, camp, d)["teams"]} for d in (3, 4)}
    assert by_day[3]["尖刀队"] == 100  # the promise
    assert by_day[4]["尖刀队"] == 200 + 200  # 2,000 元 principal and the promise kept


def test_a_night_visit_without_an_appointment_is_rejected_and_with_one_is_stored(
    engine: Engine, db_url: str, samples: Path, tmp_path: Path
) -> None:
    camp = _load(db_url, samples, tmp_path, rules=True)
    night = visit(2, "2026-12-16 23:30", "尖刀队", SHIQIAO, notes="客户本人在场，当面同意")
    with pytest.raises(InputRejected) as info:
        record_visits(engine, camp, [night])
    assert [p.code for p in info.value.problems] == ["visit.appointment_needed"]
    done = record_visits(engine, camp, [
        visit(2, "2026-12-16 23:30", "尖刀队", SHIQIAO,
              appointment_at=datetime(2026, 12, 16, 15, 0), appointment_by="电话",
              agreed_by="本人"),
    ])  # fmt: skip
    assert done.stored == 1
    with UnitOfWork(engine, write=False) as uow:
        v = uow.session.scalars(select(Visit)).one()
        assert (v.appointment_by, v.agreed_by) == ("电话", "本人")
        assert v.appointment_at is not None


def test_money_on_a_visit_that_met_nobody_is_rejected(
    engine: Engine, db_url: str, samples: Path, tmp_path: Path
) -> None:
    camp = _load(db_url, samples, tmp_path, rules=True)
    with pytest.raises(InputRejected) as info:
        record_visits(engine, camp, [visit(2, "2026-12-16 10:00", "尖刀队", SHIQIAO,
                                           contact="失联", principal_fen=100)])  # fmt: skip
    assert [p.code for p in info.value.problems] == ["visit.money_without_meeting"]


def test_one_branch_repayment_claimed_by_two_teams_is_a_warning(
    engine: Engine, db_url: str, samples: Path, tmp_path: Path
) -> None:
    camp = _load(db_url, samples, tmp_path, rules=True)
    done = record_visits(engine, camp, [
        visit(2, "2026-12-16 10:00", "尖刀队", OPEN, contact="到行还款", principal_fen=50_000),
        visit(3, "2026-12-16 16:00", "突击队", OPEN, contact="到行还款", principal_fen=50_000),
        visit(4, "2026-12-17 10:00", "突击队", OPEN, contact="到行还款", principal_fen=50_000),
    ])  # fmt: skip
    assert done.stored == 3
    assert [(p.row, p.code) for p in done.warnings if p.code] == [(3, "warn.double_branch_claim")]
    later = record_visits(engine, camp, [
        visit(5, "2026-12-16 17:00", "突击队", OPEN, contact="到行还款", principal_fen=20_000,
              interest_fen=30_000),
    ])  # fmt: skip
    assert [p.code for p in later.warnings] == ["warn.double_branch_claim"]


@pytest.mark.parametrize("rules", [False, True])
def test_a_relatives_signature_on_an_expired_loan_is_stored_with_a_warning_and_earns_nothing(
    engine: Engine, db_url: str, samples: Path, tmp_path: Path, rules: bool
) -> None:
    camp = _load(db_url, samples, tmp_path, rules=rules)
    done = record_visits(engine, camp, [
        visit(2, "2026-12-16 10:00", "尖刀队", SHIQIAO, contact="见到家属", ack=True),
    ])  # fmt: skip
    assert done.stored == 1
    assert [p.code for p in done.warnings] == ["warn.relative_after_expiry"]
    points = {e.name: (e.points, e.extra["acks"]) for _, e in standings(engine, camp)["teams"]}
    assert points["尖刀队"] == (0, 0)
    # the borrower's own signature afterwards still waives the defence: 3 points
    record_visits(engine, camp, [visit(3, "2026-12-17 10:00", "尖刀队", SHIQIAO, ack=True)])
    assert {e.name: e.points for _, e in standings(engine, camp)["teams"]}["尖刀队"] == 300


def test_the_command_line_reports_a_night_visit_without_appointment_by_row_and_column(
    db_url: str, samples: Path, tmp_path: Path
) -> None:
    camp = _load(db_url, samples, tmp_path, rules=True)
    path = tmp_path / "visits.csv"
    path.write_text(
        "走访时间,团队,参与成员,贷款账号,接触结果,收回本金,备注\n"
        f"2026-12-16 23:30,尖刀队,林晓、许诺,{SETTLE},见到本人,100,客户同意\n"
        f"2026-12-16 10:00,尖刀队,林晓、许诺,{SETTLE},失联,100,\n",
        encoding="utf-8",
    )
    code, _, err = run(db_url, "visits-import", camp, str(path))
    assert code == 3
    assert "row 2, column 预约时间: 静默时段（22:00–08:00）的走访须登记事先的预约" in err
    assert "row 3, column 收回本金: 接触结果为「失联」（未见到任何人），不能有收回金额" in err


def test_the_summary_lists_the_night_visits_stored_without_an_appointment(
    engine: Engine, db_url: str, samples: Path, tmp_path: Path
) -> None:
    from db.queries.summary import day_summary

    camp = _load(db_url, samples, tmp_path, rules=True)
    made = {"appointment_at": datetime(2026, 12, 16, 15, 0), "appointment_by": "微信",
            "agreed_by": "家属"}  # fmt: skip
    done = record_visits(engine, camp, [
        visit(2, "2026-12-16 23:30", "尖刀队", SETTLE, **made),
        visit(3, "2026-12-16 23:40", "尖刀队", SHIQIAO, **made),
    ])  # fmt: skip
    summary = day_summary(engine, camp, 4)
    assert [x.note for x in summary.quiet] == ["12-16 15:00 微信 家属"] * 2
    assert summary.quiet_without == ()
    with UnitOfWork(engine) as uow:  # a record from before appointments were kept
        uow.session.execute(
            Visit.__table__.update()
            .where(Visit.__table__.c.id == done.visit_ids[1])
            .values(appointment_at=None, appointment_by=None, agreed_by=None)
        )
        uow.commit()
    without = day_summary(engine, camp, 4).quiet_without
    assert [(x.at, x.team) for x in without] == [(datetime(2026, 12, 16, 23, 40), "尖刀队")]


def test_a_promise_kept_by_another_teams_branch_repayment_scores_for_the_promise_team(
    engine: Engine, db_url: str, samples: Path, tmp_path: Path
) -> None:
    camp = _load(db_url, samples, tmp_path, rules=True)
    record_visits(engine, camp, [
        visit(2, "2026-12-16 10:00", "尖刀队", OPEN, promise_date=date(2026, 12, 17),
              promise_amount_fen=100_000, promise_method="转账"),
        visit(3, "2026-12-16 15:00", "突击队", OPEN, contact="到行还款", principal_fen=100_000),
    ])  # fmt: skip
    points = {e.name: e.points for _, e in standings(engine, camp)["teams"]}
    # 尖刀队: the promise 1.00 and the promise kept 2.00; 突击队: 1,000 元 principal = 1.00
    assert points == {"尖刀队": 300, "突击队": 100}


def day_points(db_url: str, camp: str, day: int | None) -> dict[str, float]:
    """`standings --day N --format json` (the whole camp without --day): points by team."""
    args = ["standings", camp, "--format", "json"] + (["--day", str(day)] if day else [])
    code, out, err = run(db_url, *args)
    assert code == 0, err
    return {t["team"]: t["points"] for t in json.loads(out)["teams"]}


def test_a_promise_kept_by_another_teams_payment_lands_in_the_payments_period(
    engine: Engine, db_url: str, samples: Path, tmp_path: Path
) -> None:
    camp = _load(db_url, samples, tmp_path, rules=True)
    record_visits(engine, camp, [
        visit(2, "2026-12-16 10:00", "尖刀队", OPEN, promise_date=date(2026, 12, 17),
              promise_amount_fen=100_000, promise_method="转账"),
    ])  # fmt: skip
    done = record_visits(engine, camp, [  # day 4: 突击队's branch repayment keeps it
        visit(3, "2026-12-17 10:00", "突击队", OPEN, contact="到行还款", principal_fen=100_000),
    ])  # fmt: skip
    # 尖刀队: the promise (1.00) on day 3, the promise kept (2.00) on day 4, 3.00 in all
    assert day_points(db_url, camp, 3) == {"尖刀队": 1.00, "突击队": 0.00}
    assert day_points(db_url, camp, 4) == {"尖刀队": 2.00, "突击队": 1.00}
    assert day_points(db_url, camp, None) == {"尖刀队": 3.00, "突击队": 1.00}
    # a full re-derivation gives the same, and voiding the payment takes the 2.00 back
    with UnitOfWork(engine, camp) as uow:
        rederive_camp(uow.session, uow.camp)
        uow.commit()
    assert day_points(db_url, camp, 4) == {"尖刀队": 2.00, "突击队": 1.00}
    void_visit(engine, camp, done.visit_ids[0], "录错了", "boss")
    assert day_points(db_url, camp, 3) == {"尖刀队": 1.00, "突击队": 0.00}
    assert day_points(db_url, camp, 4) == {"尖刀队": 0.00, "突击队": 0.00}


SAFE = "8201000923975262"  # 尖刀队: limitation to 2028-10-11, safe in the camp
WATCH = "8201002023265606"  # 突击队: limitation to 2027-09-05, 263 days left on 2026-12-16
FAR = "8201001023612693"  # 尖刀队
SMALL = "8201001223505339"  # 尖刀队


def each_rule(engine: Engine, camp: str) -> dict[str, tuple[int, list[str]]]:
    """One visit per rule, at its boundary; each visit's points and warnings by loan."""
    done = record_visits(engine, camp, [
        visit(2, "2026-12-16 10:00", "尖刀队", SAFE, ack=True),  # ack_min_status
        visit(3, "2026-12-16 10:00", "突击队", WATCH, ack=True),
        visit(4, "2026-12-16 11:00", "尖刀队", FAR, promise_date=date(2027, 1, 16),
              promise_amount_fen=100_000, promise_method="转账"),  # 31 days: one too many
        visit(5, "2026-12-16 11:00", "尖刀队", OPEN, promise_date=date(2027, 1, 15),
              promise_amount_fen=100_000, promise_method="转账"),  # 30 days: counts
        visit(6, "2026-12-16 12:00", "尖刀队", SMALL, promise_date=date(2026, 12, 20),
              promise_amount_fen=99_999, promise_method="现金"),  # one fen below 1,000 元
    ])  # fmt: skip
    assert done.stored == 5 and not done.rejected, done.rejected
    with UnitOfWork(engine, write=False) as uow:
        rows = uow.session.execute(select(Visit.loan_id, Visit.points, Visit.warnings)).all()
        numbers = dict(uow.session.execute(select(Loan.id, Loan.loan_no)).all())
    return {numbers[r.loan_id]: (r.points, list(r.warnings or ())) for r in rows}


def test_each_rule_against_gaming_at_its_boundary_through_the_store(
    db_url: str, engine: Engine, samples: Path, tmp_path: Path
) -> None:
    got = each_rule(engine, _load(db_url, samples, tmp_path, rules=True))
    assert got[SAFE] == (0, [])  # ack_min_status "watch": a safe loan's signature earns nothing
    assert got[WATCH][0] == 100  # watch is enough
    assert got[FAR] == (0, ["promise too far"])  # promise_max_days 30
    assert got[OPEN][0] == 100
    assert got[SMALL] == (0, ["promise too small"])  # promise_min_amount 1,000 元


def test_without_the_rules_each_of_those_visits_scores_as_before(
    db_url: str, engine: Engine, samples: Path, tmp_path: Path
) -> None:
    got = each_rule(engine, _load(db_url, samples, tmp_path, rules=False))
    assert {no: points for no, (points, _) in got.items()} == {
        SAFE: 100,
        WATCH: 100,
        FAR: 100,
        OPEN: 100,
        SMALL: 100,
    }
    assert not any(warnings for _, warnings in got.values())
