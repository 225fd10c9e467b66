"""The command line of SPEC §5.1, driven as an organiser would on day 1, on both stores."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from db.models import AuditEntry, Camp, LoanImport, LoanSnapshot, Member, Team, Territory, User
from db.models import Loan as LoanRow
from db.uow import UnitOfWork
from tests.clirun import run_cli as run
from tests.workbooks import write_csv, write_xlsx

ROOT = Path(__file__).resolve().parents[2]


def count(engine: Engine, model) -> int:  # noqa: ANN001
    with UnitOfWork(engine, write=False) as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)))


@pytest.fixture
def camp(db_url: str, samples: Path) -> str:
    code, _, err = run(db_url, "camp-load", str(samples / "camp_sample.toml"))
    assert code == 0, err
    return "qh-sample"


def test_init_creates_the_schema_and_running_it_again_changes_nothing(db_url: str) -> None:
    assert run(db_url, "init")[0] == 0
    code, out, _ = run(db_url, "init")
    assert code == 0
    assert "revision" in out


def test_an_unknown_command_is_a_usage_error(db_url: str) -> None:
    code, _, err = run(db_url, "frobnicate")
    assert code == 2
    assert "invalid choice" in err


def test_user_add_stores_a_bcrypt_hash_and_never_the_password(engine: Engine, db_url: str) -> None:
    code, _, err = run(
        db_url,
        "user-add",
        "Admin",
        "--role",
        "admin",
        "--name",
        "管理员",
        "--password-stdin",
        stdin="correct horse battery\n",
    )
    assert code == 0, err
    with UnitOfWork(engine, write=False) as uow:
        user = uow.session.scalars(select(User)).one()
    assert user.username == "admin"
    assert user.password_hash.startswith("$2")
    assert "correct horse" not in user.password_hash
    from core.passwords import check_password

    assert check_password("correct horse battery", user.password_hash)


def test_adding_the_same_user_twice_is_rejected(db_url: str) -> None:
    args = ("user-add", "li", "--role", "trainer", "--name", "李明", "--password-stdin")
    assert run(db_url, *args, stdin="a-good-password\n")[0] == 0
    code, _, err = run(db_url, "--lang", "en", *args, stdin="a-good-password\n")
    assert code == 3
    assert "already exists" in err
    code, _, err = run(db_url, *args, stdin="a-good-password\n")  # Chinese by default
    assert code == 3 and "用户 li 已存在" in err


def test_a_short_password_is_rejected_with_its_reason(db_url: str) -> None:
    code, _, err = run(
        db_url,
        "--lang",
        "en",
        "user-add",
        "li",
        "--role",
        "trainer",
        "--name",
        "李明",
        "--password-stdin",
        stdin="short\n",
    )
    assert code == 3
    assert "too short" in err


def test_a_trainer_of_an_unknown_team_is_a_usage_error(db_url: str, camp: str) -> None:
    code, _, err = run(
        db_url,
        "user-add",
        "li",
        "--role",
        "trainer",
        "--name",
        "李明",
        "--team",
        "无此队",
        "--password-stdin",
        stdin="a-good-password\n",
    )
    assert code == 2
    assert "unknown team" in err


def test_camp_load_creates_teams_members_and_territories(
    engine: Engine, db_url: str, camp: str
) -> None:
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        c = s.scalars(select(Camp)).one()
        teams = {t.name: t for t in s.scalars(select(Team))}
        assert c.code == "qh-sample" and c.first_field_day == 3 and c.cost_fen == 15_000_000
        assert teams["尖刀队"].target_fen == 120_000_000
        leaders = s.scalars(select(Member.name).where(Member.is_leader)).all()
        assert sorted(leaders) == sorted(["林晓", "龚平"])
        holders = dict(s.execute(select(Territory.township, Territory.team_id)).all())
        assert holders["石桥乡"] == teams["尖刀队"].id


def test_loading_a_camp_file_again_updates_it_and_keeps_the_change_in_the_audit_log(
    engine: Engine, db_url: str, camp: str, samples: Path, tmp_path: Path
) -> None:
    text = (samples / "camp_sample.toml").read_text(encoding="utf-8")
    changed = tmp_path / "camp.toml"
    changed.write_text(text.replace("target = 1000000", "target = 1100000"), encoding="utf-8")
    code, out, err = run(db_url, "camp-load", str(changed))
    assert code == 0, err
    assert "updated" in out
    assert count(engine, Camp) == 1 and count(engine, Team) == 2
    with UnitOfWork(engine, write=False) as uow:
        entry = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "camp.update")
        ).one()
    targets_before = {t["name"]: t["target_fen"] for t in entry.before["teams"]}
    targets_after = {t["name"]: t["target_fen"] for t in entry.after["teams"]}
    assert targets_before["突击队"] == 100_000_000
    assert targets_after["突击队"] == 110_000_000


def test_a_bad_camp_file_is_rejected_with_each_problem_and_nothing_written(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(
        '[camp]\ncode = "x"\nstart_date = 2026-12-01\nfield_days = [2, 3]\n'
        "[scoring]\nprincipal_per_10k = 10\n"
        '[[teams]]\nname = "A"\ntarget = -5\nmembers = []\n',
        encoding="utf-8",
    )
    code, _, err = run(db_url, "camp-load", str(bad))
    assert code == 3
    assert "field_days" in err and "target" in err and "members" in err
    assert count(engine, Camp) == 0


def test_importing_the_banks_sample_list_converts_wan_yuan_and_assigns_teams(
    engine: Engine, db_url: str, camp: str, samples: Path
) -> None:
    code, out, err = run(db_url, "loans-import", camp, str(samples / "loans_sample.xlsx"))
    assert code == 0, err
    assert "30 new" in out
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        loan = s.scalars(select(LoanRow).where(LoanRow.loan_no == "8201000123971753")).one()
        teams = dict(s.execute(select(Team.id, Team.name)).all())
        by_township = dict(s.execute(select(LoanRow.township, LoanRow.team_id)).all())
        batch = s.scalars(select(LoanImport)).one()
    assert loan.principal_fen == 3_000_000  # 3.0 万元
    assert loan.interest_fen == 467_341  # 0.467341 万元 = 4,673.41 元
    assert batch.as_of.isoformat() == "2026-11-20"
    assert teams[by_township["石桥乡"]] == "尖刀队"
    assert teams[by_township["白沙乡"]] == "突击队"
    assert by_township["城关乡"] is None  # a township no team holds
    assert count(engine, LoanSnapshot) == 30


def test_importing_into_an_unknown_camp_is_a_usage_error(db_url: str, samples: Path) -> None:
    code, _, err = run(db_url, "loans-import", "nope", str(samples / "loans_sample.xlsx"))
    assert code == 2
    assert "unknown camp" in err


def test_importing_a_missing_file_is_a_usage_error(db_url: str, camp: str) -> None:
    code, _, err = run(db_url, "loans-import", camp, "/nonexistent/loans.xlsx")
    assert code == 2
    assert "no such file" in err


HEADER = ["贷款账号", "借款人", "客户类型", "贷款余额", "到期日期", "乡镇"]


def test_a_broken_list_is_rejected_whole_with_each_bad_row_named(
    engine: Engine, db_url: str, camp: str, tmp_path: Path
) -> None:
    path = tmp_path / "broken.xlsx"
    write_xlsx(
        path,
        [
            ["某行逾期贷款清单"],
            HEADER,
            ["1001", "张三", "农户", "1000", "2024-01-01", "石桥乡"],
            ["1002", "李四", "农户", "-5", "2024-01-01", "石桥乡"],
            ["1003", "王五", "外星人", "十元", "2024-01-01", "石桥乡"],
            ["1004", "赵六", "个人", "10", "2024-02-30", "石桥乡"],
        ],
    )
    code, out, err = run(db_url, "loans-import", camp, str(path), "--lang", "en")
    assert code == 3
    lines = err.strip().splitlines()
    assert "row 4, column 贷款余额: negative amount" in lines
    assert "row 5, column 贷款余额: not an amount: 十元" in lines
    assert any(line.startswith("row 6, column 到期日期:") for line in lines)
    assert count(engine, LoanRow) == 0 and count(engine, LoanImport) == 0


def test_skip_invalid_imports_the_good_rows_and_still_reports_the_bad(
    engine: Engine, db_url: str, camp: str, tmp_path: Path
) -> None:
    path = tmp_path / "list.csv"
    write_csv(
        path,
        [
            HEADER,
            ["1001", "张三", "农户", "1,000.50", "2024/1/1", "石桥乡"],
            ["1002", "李四", "农户", "-5", "2024-01-01", "石桥乡"],
        ],
        encoding="gbk",
    )
    code, _, err = run(db_url, "loans-import", camp, str(path), "--skip-invalid", "--lang", "en")
    assert code == 0
    assert "row 3, column 贷款余额: negative amount" in err
    with UnitOfWork(engine, write=False) as uow:
        assert uow.session.scalars(select(LoanRow.principal_fen)).all() == [100_050]


def test_importing_again_before_any_visit_updates_the_loans(
    engine: Engine, db_url: str, camp: str, tmp_path: Path
) -> None:
    path = tmp_path / "list.csv"
    write_csv(path, [HEADER, ["1001", "张三", "农户", "1000", "2024-01-01", "石桥乡"]], "utf-8-sig")
    assert run(db_url, "loans-import", camp, str(path), "--as-of", "2026-11-20")[0] == 0
    write_csv(path, [HEADER, ["1001", "张三", "农户", "800", "2024-01-01", "石桥乡"]], "utf-8-sig")
    code, out, _ = run(db_url, "loans-import", camp, str(path), "--as-of", "2026-11-25")
    assert code == 0 and "1 updated" in out
    with UnitOfWork(engine, write=False) as uow:
        loan = uow.session.scalars(select(LoanRow)).one()
    assert loan.principal_fen == 80_000
    assert loan.list_date.isoformat() == "2026-11-25"
    assert count(engine, LoanImport) == 2


def test_once_the_camp_has_visits_a_new_list_is_only_a_dated_snapshot(
    engine: Engine, db_url: str, camp: str, tmp_path: Path
) -> None:
    from datetime import UTC, datetime

    from db.models import Visit

    path = tmp_path / "list.csv"
    write_csv(path, [HEADER, ["1001", "张三", "农户", "1000", "2024-01-01", "石桥乡"]], "utf-8")
    assert run(db_url, "loans-import", camp, str(path), "--as-of", "2026-11-20")[0] == 0
    with UnitOfWork(engine) as uow:
        loan = uow.session.scalars(select(LoanRow)).one()
        uow.session.add(
            Visit(
                camp_id=loan.camp_id,
                loan_id=loan.id,
                team_id=loan.team_id,
                visited_at=datetime(2026, 12, 16, 2, tzinfo=UTC),
                contact="见到本人",
                fingerprint="x",
            )
        )
        uow.commit()
    write_csv(path, [HEADER, ["1001", "张三", "农户", "500", "2024-01-01", "石桥乡"]], "utf-8")
    code, out, _ = run(db_url, "loans-import", camp, str(path), "--as-of", "2026-12-21")
    assert code == 0 and "snapshot" in out
    with UnitOfWork(engine, write=False) as uow:
        s = uow.session
        assert s.scalars(select(LoanRow.principal_fen)).one() == 100_000
        snaps = s.execute(
            select(LoanImport.as_of, LoanSnapshot.principal_fen)
            .join(LoanSnapshot, LoanSnapshot.import_id == LoanImport.id)
            .order_by(LoanImport.as_of)
        ).all()
    assert [(d.isoformat(), p) for d, p in snaps] == [
        ("2026-11-20", 100_000),
        ("2026-12-21", 50_000),
    ]


def test_the_demo_camp_is_the_same_for_the_same_seed_and_replaced_on_reload(
    engine: Engine, db_url: str
) -> None:
    code, _, err = run(db_url, "demo", "--teams", "4", "--loans", "200", "--visits", "0")
    assert code == 0, err
    with UnitOfWork(engine, write=False) as uow:
        first = uow.session.execute(
            select(LoanRow.loan_no, LoanRow.principal_fen).order_by(LoanRow.loan_no)
        ).all()
    assert len(first) == 200
    assert run(db_url, "demo", "--teams", "4", "--loans", "200", "--visits", "0")[0] == 0
    with UnitOfWork(engine, write=False) as uow:
        again = uow.session.execute(
            select(LoanRow.loan_no, LoanRow.principal_fen).order_by(LoanRow.loan_no)
        ).all()
    assert again == first
    assert count(engine, Camp) == 1 and count(engine, Team) == 4
    from db.queries.setup import items_of

    assert len(items_of(engine, "demo", "tactic")) == 8  # the demo's tactics library
    assert items_of(engine, "demo", "material") and items_of(engine, "demo", "conduct")


def test_a_backup_restores_the_store_as_it_was(
    engine: Engine, db_url: str, camp: str, samples: Path, tmp_path: Path
) -> None:
    assert run(db_url, "loans-import", camp, str(samples / "loans_sample.xlsx"))[0] == 0
    backup = tmp_path / "backup.db"
    code, _, err = run(db_url, "backup", str(backup))
    assert code == 0, err
    with UnitOfWork(engine) as uow:
        uow.session.execute(LoanRow.__table__.delete())
        uow.commit()
    assert count(engine, LoanRow) == 0
    code, _, err = run(db_url, "restore", str(backup))
    assert code == 0, err
    assert count(engine, LoanRow) == 30 and count(engine, Team) == 2
    # ids keep counting after a restore: new rows do not collide with restored ones
    code, _, err = run(db_url, "camp-load", str(samples / "camp_sample.toml"))
    assert code == 0, err


def test_restoring_a_file_that_is_not_a_backup_is_rejected(db_url: str, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    code, _, err = run(db_url, "--lang", "en", "restore", str(junk))
    assert code == 3
    assert "not a backup" in err


def test_the_command_line_finds_the_store_through_database_url(
    sqlite_url: str, samples: Path, tmp_path: Path
) -> None:
    env = {"DATABASE_URL": sqlite_url, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "camp-load", str(samples / "camp_sample.toml")],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    code, _, _ = run(sqlite_url, "loans-import", "qh-sample", str(samples / "loans_sample.xlsx"))
    assert code == 0  # the camp the subprocess loaded from another folder is in this store
