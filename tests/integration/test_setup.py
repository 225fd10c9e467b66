"""The /setup use cases through the store (db/setup.py), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from core.campedit import with_scoring, with_teams
from core.campfile import load_camp_file
from core.campitems import DEFAULT_ITEMS
from core.errors import InputRejected
from core.importing import read_loan_list
from core.scope import in_scope
from db.models import AuditEntry, Camp, CampItem, Member, ScoringRule, User, Visit
from db.models import Loan as LoanRow
from db.queries import standings
from db.queries.setup import setup_view
from db.setup import (
    fill_defaults,
    import_loan_file,
    preview_scoring,
    replace_items,
    save_camp,
    save_departments,
    save_pairings,
    save_rules_text,
    save_scope,
)
from db.uow import UnitOfWork
from db.users import (
    add_user,
    delete_user,
    list_users,
    reset_password,
    session_user,
    set_disabled,
    update_user,
)
from db.visits import record_visits
from tests.conftest import Prepare
from tests.integration.test_visits import BAISHA, SHIQIAO, visit
from tests.workbooks import write_csv

CODE = "qh-sample"
PASSWORD = "correct-horse-battery"


@pytest.fixture
def camp(db_url: str, prepare: Prepare) -> str:
    prepare(db_url, "loans")  # the sample camp and its loans
    return CODE


def version(engine: Engine) -> int:
    with UnitOfWork(engine, write=False) as uow:
        return uow.session.scalars(select(Camp).where(Camp.code == CODE)).one().data_version


def audits(engine: Engine, action: str) -> list[AuditEntry]:
    with UnitOfWork(engine, write=False) as uow:
        return list(
            uow.session.scalars(
                select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
            )
        )


def problems(exc: pytest.ExceptionInfo[InputRejected]) -> list[str]:
    return [str(p) for p in exc.value.problems]


# ----------------------------------------------------------------------------- scope


def test_loans_outside_the_scope_stay_stored_but_are_counted_out(engine: Engine, camp: str):
    before = version(engine)
    scope = {"segments": ["涉农", "小微"], "aging_min": 90, "aging_max": None,
             "townships": ["石桥乡", "白沙乡", "青山乡"]}  # fmt: skip
    saved = save_scope(engine, camp, scope, "boss")
    view = setup_view(engine, camp)
    assert view.scope == saved == {**scope, "segments": ["小微", "涉农"]}
    with UnitOfWork(engine, write=False) as uow:
        loans = uow.session.execute(
            select(LoanRow.segment, LoanRow.days_overdue, LoanRow.township)
        ).all()
    assert view.loans == len(loans) == 30  # nothing left the store
    assert view.loans_in_scope == sum(in_scope(saved, *loan) for loan in loans)
    assert 0 < view.loans_in_scope < view.loans
    entry = audits(engine, "camp.scope")[-1]
    assert entry.actor == "boss" and entry.before["segments"] == [] and entry.after == saved
    assert version(engine) == before + 1


def test_an_empty_aging_range_is_rejected_and_the_scope_stays(engine: Engine, camp: str):
    with pytest.raises(InputRejected) as exc:
        save_scope(engine, camp, {"aging_min": 200, "aging_max": 100, "segments": ["农户"]}, "boss")
    assert len(exc.value.problems) == 2
    assert setup_view(engine, camp).scope["aging_min"] is None
    assert audits(engine, "camp.scope") == []


# ----------------------------------------------------------------------------- lists, texts


def test_a_list_is_replaced_in_the_order_given_with_before_and_after_audited(
    engine: Engine, camp: str
):
    first = [{"name": "亲情感化", "text": "从家人入手"}, {"name": "以案说法", "text": None}]
    replace_items(engine, camp, "tactic", first, "boss")
    second = [{"name": "政策宣讲", "text": "讲征信"}, {"name": "", "text": ""},
              {"name": "亲情感化", "text": "从家人入手"}]  # fmt: skip
    replace_items(engine, camp, "tactic", second, "trainer1")
    assert setup_view(engine, camp).items["tactic"] == [("政策宣讲", "讲征信"),
                                                        ("亲情感化", "从家人入手")]  # fmt: skip
    last = audits(engine, "items.tactic")[-1]
    assert last.actor == "trainer1"
    assert last.before == {"items": [["亲情感化", "从家人入手"], ["以案说法", ""]]}
    assert last.after == {"items": [["政策宣讲", "讲征信"], ["亲情感化", "从家人入手"]]}


def test_a_strategy_must_be_for_one_of_the_customer_types_and_names_are_unique(
    engine: Engine, camp: str
):
    with pytest.raises(InputRejected) as exc:
        replace_items(engine, camp, "customer_type", [{"name": "老赖", "text": "起诉"},
                                                      {"name": "失联", "text": "公告"},
                                                      {"name": "失联", "text": "找村委"}],
                      "boss")  # fmt: skip
    assert problems(exc) == [
        "row 1, column name: 老赖 is not a customer type "
        "(有意愿有能力、有意愿无能力、无意愿有能力、无意愿无能力、失联、死亡、涉诉、恶意逃废)",
        "row 3, column name: 失联 is already listed in row 2",
    ]
    assert setup_view(engine, camp).items["customer_type"] == []


def test_filling_the_defaults_leaves_the_lists_already_written_alone(engine: Engine, camp: str):
    replace_items(engine, camp, "conduct", [{"name": "本营自定的要求", "text": ""}], "boss")
    filled = fill_defaults(engine, camp, "boss")
    assert filled == ["material", "custom", "customer_type"]
    items = setup_view(engine, camp).items
    assert items["conduct"] == [("本营自定的要求", "")]
    assert items["material"] == list(DEFAULT_ITEMS["material"])
    assert [name for name, _ in items["customer_type"]][:2] == ["有意愿有能力", "有意愿无能力"]
    assert items["move"] == items["tactic"] == []  # the trainers' course material
    assert fill_defaults(engine, camp, "boss") == []


def test_a_camp_created_from_setup_starts_with_the_default_lists(engine: Engine, samples: Path):
    cfg = load_camp_file(samples / "camp_sample.toml")
    assert save_camp(engine, cfg, "boss").created
    items = setup_view(engine, cfg.code).items
    assert len(items["conduct"]) == len(DEFAULT_ITEMS["conduct"]) > 5
    assert ("回族" in dict(items["custom"])) and len(items["customer_type"]) == 8


def test_the_reward_and_penalty_rules_are_saved_trimmed(engine: Engine, camp: str):
    save_rules_text(
        engine, camp, "  日冠军团队奖励 500 元；\n连续两天垫底的团队表演节目。 ", "boss"
    )
    assert (
        setup_view(engine, camp).rules_text
        == "日冠军团队奖励 500 元；\n连续两天垫底的团队表演节目。"
    )
    assert audits(engine, "camp.rules_text")[-1].before == {"rules_text": ""}


# ----------------------------------------------------------------------------- pairings


def test_pairings_are_saved_per_field_day(engine: Engine, camp: str):
    before = version(engine)
    rows = [{"day": 3, "team_a": "尖刀队", "team_b": "突击队"},
            {"day": None, "team_a": None, "team_b": None},
            {"day": 4.0, "team_a": "突击队", "team_b": "尖刀队"}]  # fmt: skip
    saved = save_pairings(engine, camp, rows, "boss")
    assert saved == [{"day": 3, "team_a": "尖刀队", "team_b": "突击队"},
                     {"day": 4, "team_a": "突击队", "team_b": "尖刀队"}]  # fmt: skip
    assert setup_view(engine, camp).pairings == saved
    assert version(engine) == before + 1
    save_pairings(engine, camp, [{"day": 5, "team_a": "尖刀队", "team_b": "突击队"}], "boss")
    assert [p["day"] for p in setup_view(engine, camp).pairings] == [5]  # replaced, not added


def test_a_team_paired_twice_on_one_day_is_rejected(engine: Engine, camp: str):
    rows = [{"day": 3, "team_a": "尖刀队", "team_b": "突击队"},
            {"day": 3, "team_a": "突击队", "team_b": "尖刀队"}]  # fmt: skip
    with pytest.raises(InputRejected) as exc:
        save_pairings(engine, camp, rows, "boss")
    assert problems(exc) == [
        "row 2, column team_a: 突击队 already plays on day 3 (row 1)",
        "row 2, column team_b: 尖刀队 already plays on day 3 (row 1)",
    ]
    assert setup_view(engine, camp).pairings == []


def test_a_pairing_on_a_day_that_is_not_a_field_day_or_of_a_team_with_itself_is_rejected(
    engine: Engine, camp: str
):
    rows = [{"day": 2, "team_a": "尖刀队", "team_b": "突击队"},
            {"day": 4, "team_a": "尖刀队", "team_b": "尖刀队"},
            {"day": 5, "team_a": "猛虎队", "team_b": "突击队"}]  # fmt: skip
    with pytest.raises(InputRejected) as exc:
        save_pairings(engine, camp, rows, "boss")
    assert problems(exc) == [
        "row 1, column day: day 2 is not a field day (3–7)",
        "row 2, column team_b: 尖刀队 cannot play against itself",
        "row 3, column team_a: unknown team 猛虎队",
    ]


# ----------------------------------------------------------------------------- teams


def test_departments_are_saved_and_kept_when_the_camp_is_loaded_again(
    engine: Engine, camp: str, samples: Path
):
    save_departments(engine, camp, {"林晓": "信贷营销", "龚平": "风控合规"}, "boss")
    assert audits(engine, "members.departments")[-1].after == {
        "林晓": "信贷营销",
        "龚平": "风控合规",
    }
    save_camp(engine, load_camp_file(samples / "camp_sample.toml"), "boss")
    assert setup_view(engine, camp).departments["林晓"] == "信贷营销"
    with pytest.raises(InputRejected) as exc:
        save_departments(engine, camp, {"林晓": "后勤", "路人": "资管"}, "boss")
    assert problems(exc) == ["column 林晓: 后勤 is not one of 信贷营销、风控合规、资管"]


def test_edited_team_tables_are_loaded_as_a_camp_file_with_leaders_and_departments(
    engine: Engine, camp: str
):
    view = setup_view(engine, camp)
    teams = [{"name": "尖刀队", "target": 1_300_000.5, "territories": "城关镇、石桥乡"},
             {"name": "突击队", "target": 1_000_000, "territories": "白沙乡，河口镇"}]  # fmt: skip
    members = [{"team": "尖刀队", "name": "林晓", "department": "信贷营销", "leader": False},
               {"team": "尖刀队", "name": "许诺", "department": None, "leader": True},
               {"team": "突击队", "name": "龚平", "department": "资管"}]  # fmt: skip
    cfg, departments = with_teams(view.config, teams, members)
    save_camp(engine, cfg, "boss", departments)
    after = setup_view(engine, camp)
    assert [(t.name, t.target_fen, t.members, t.territories) for t in after.config.teams] == [
        ("尖刀队", 130_000_050, ("许诺", "林晓"), ("城关镇", "石桥乡")),
        ("突击队", 100_000_000, ("龚平",), ("白沙乡", "河口镇")),
    ]
    assert after.departments == {"许诺": None, "林晓": "信贷营销", "龚平": "资管"}
    with UnitOfWork(engine, write=False) as uow:
        leaders = uow.session.scalars(select(Member.name).where(Member.is_leader)).all()
    assert sorted(leaders) == ["许诺", "龚平"]


# ----------------------------------------------------------------------------- scoring


def _two_teams_scored(engine: Engine, camp: str) -> None:
    record_visits(engine, camp, [
        visit(row=2, loan=SHIQIAO, ack=True),  # 尖刀队: ack on an expired limitation = 3
        visit(row=3, loan=BAISHA, team="突击队", members=("龚平", "范婷"), principal=1_000_000),
    ])  # fmt: skip   # 突击队: 10,000 元 principal = 10 points


def _weights(**changes: object) -> dict[str, object]:
    with_defaults = {"principal_per_10k": 10, "interest_per_10k": 5, "written_off_per_10k": 15,
                     "settled": 5, "ack": 1, "ack_urgent": 3, "promise": 1}  # fmt: skip
    return {**with_defaults, **changes}


def test_a_scoring_preview_returns_the_new_ranking_and_leaves_the_store_unchanged(
    engine: Engine, camp: str
):
    _two_teams_scored(engine, camp)
    stored_before = standings(engine, camp)
    before = version(engine)
    old, new = preview_scoring(engine, camp, _weights(principal_per_10k=1, ack_urgent=20))
    assert [(r["team"], r["points"]) for r in old] == [("突击队", Decimal("10.00")),
                                                       ("尖刀队", Decimal("3.00"))]  # fmt: skip
    assert [(r["team"], r["points"]) for r in new] == [("尖刀队", Decimal("20.00")),
                                                       ("突击队", Decimal("1.00"))]  # fmt: skip
    assert new[0]["rank"] == 1 and new[1]["cash_fen"] == 1_000_000
    assert standings(engine, camp) == stored_before
    assert version(engine) == before
    with UnitOfWork(engine, write=False) as uow:
        rules = dict(uow.session.execute(select(ScoringRule.key, ScoringRule.value)).all())
        points = sorted(uow.session.scalars(select(Visit.points)))
    assert Decimal(rules["ack_urgent"]) == 3 and Decimal(rules["principal_per_10k"]) == 10
    assert points == [300, 1000]


def test_a_preview_with_a_negative_weight_is_rejected(engine: Engine, camp: str):
    with pytest.raises(InputRejected) as exc:
        preview_scoring(engine, camp, _weights(ack=-1))
    assert problems(exc) == ["column scoring.ack: must not be negative (-1)"]


def test_confirmed_weights_re_derive_the_camp_and_keep_the_departments(engine: Engine, camp: str):
    _two_teams_scored(engine, camp)
    save_departments(engine, camp, {"林晓": "风控合规"}, "boss")
    cfg = with_scoring(
        setup_view(engine, camp).config, _weights(principal_per_10k=1, ack_urgent=20)
    )
    save_camp(engine, cfg, "boss")
    ranking = [(e.name, e.points) for _, e in standings(engine, camp)["teams"]]
    assert ranking == [("尖刀队", 2000), ("突击队", 100)]
    assert setup_view(engine, camp).departments["林晓"] == "风控合规"


# ----------------------------------------------------------------------------- loan list


def test_a_rejected_loan_list_writes_nothing_and_lists_its_problems(
    engine: Engine, camp: str, tmp_path: Path
):
    rows = [("贷款账号", "借款人", "客户类型", "贷款余额", "到期日期", "乡镇"),
            ("NEW-1", "甲", "个人", "1000", "2025-01-01", "城关镇"),
            ("NEW-2", "乙", "个人", "-5", "2025-01-01", "城关镇")]  # fmt: skip
    data = write_csv(tmp_path / "list.csv", rows).read_bytes()
    stages: list[str] = []
    report = import_loan_file(engine, camp, data, "list.csv", actor="boss",
                              progress=lambda share, stage: stages.append(stage))  # fmt: skip
    assert report.rejected and [str(p) for p in report.errors] == [
        "row 3, column 贷款余额: negative amount"
    ]
    assert stages == ["read", "write", "done"]
    assert setup_view(engine, camp).loans == 30
    report = import_loan_file(engine, camp, data, "list.csv", actor="boss", skip_invalid=True)
    assert not report.rejected and report.done.created == 1 and report.done.skipped == 1
    assert setup_view(engine, camp).loans == 31


def test_the_sample_loan_list_imports_through_the_setup_service(engine: Engine, samples: Path):
    save_camp(engine, load_camp_file(samples / "camp_sample.toml"), "boss")
    data = (samples / "loans_sample.xlsx").read_bytes()
    report = import_loan_file(engine, CODE, data, "loans_sample.xlsx", actor="boss")
    assert report.done is not None and report.done.created == 30
    assert read_loan_list(data).rows_read == report.rows_read


# ----------------------------------------------------------------------------- users


def _user(engine: Engine, username: str) -> User | None:
    with UnitOfWork(engine, write=False) as uow:
        return uow.session.scalars(select(User).where(User.username == username)).one_or_none()


def test_an_admin_changes_disables_enables_and_deletes_a_user_with_an_audit_trail(
    engine: Engine, camp: str
):
    add_user(engine, "boss", "admin", "营长", PASSWORD)
    add_user(engine, "lin", "trainer", "林老师", PASSWORD)
    update_user(engine, "lin", role="manager", name="林行长", camp_code=camp, team="尖刀队",
                actor="boss")  # fmt: skip
    row = {u.username: u for u in list_users(engine)}["lin"]
    assert (row.name, row.role, row.team, row.disabled) == ("林行长", "manager", "尖刀队", False)
    assert audits(engine, "user.update")[-1].before["role"] == "trainer"

    set_disabled(engine, "lin", True, "boss")
    assert session_user(engine, "lin", datetime.now(UTC)) is None  # refused on the next rerun
    set_disabled(engine, "lin", False, "boss")
    assert session_user(engine, "lin", datetime.now(UTC)) is not None

    delete_user(engine, "lin", "boss")
    assert _user(engine, "lin") is None
    assert [a.action for a in audits(engine, "user.delete")] == ["user.delete"]
    assert audits(engine, "user.disable")[-1].after["disabled"] is True


def test_the_last_active_admin_cannot_be_disabled_demoted_or_deleted(engine: Engine):
    add_user(engine, "boss", "admin", "营长", PASSWORD)
    add_user(engine, "lin", "trainer", "林老师", PASSWORD)
    with pytest.raises(InputRejected, match="rejected"):
        update_user(engine, "boss", role="trainer", actor="lin")
    with pytest.raises(InputRejected):
        set_disabled(engine, "boss", True, "lin")
    with pytest.raises(InputRejected):
        delete_user(engine, "boss", "lin")
    with pytest.raises(InputRejected):
        delete_user(engine, "boss", "boss")
    assert _user(engine, "boss").role == "admin"
    add_user(engine, "deputy", "admin", "副营长", PASSWORD)
    delete_user(engine, "boss", "deputy")
    assert _user(engine, "boss") is None


def test_a_reset_password_ends_the_users_sessions_and_a_short_one_is_refused(engine: Engine):
    add_user(engine, "lin", "trainer", "林老师", PASSWORD)
    issued = datetime.now(UTC)
    with pytest.raises(InputRejected):
        reset_password(engine, "lin", "short", "boss")
    reset_password(engine, "lin", "another-good-password", "boss")
    assert session_user(engine, "lin", issued) is None
    assert audits(engine, "user.password")[-1].actor == "boss"


def test_a_camp_item_kind_outside_the_lists_is_refused(engine: Engine, camp: str):
    with pytest.raises(InputRejected):
        replace_items(engine, camp, "gossip", [{"name": "x"}], "boss")
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalars(select(CampItem)).all() == []
