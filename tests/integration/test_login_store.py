"""Log-in protection in the store (issue 13, points 2 and 3): the attempt is counted before
the password is checked, a locked account checks nothing, unknown names answer like real
ones, and every change to a user gives their cookies a new session id."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from statistics import median

import pytest
from sqlalchemy import Engine, select

import db.users as users_module
from core.passwords import ROUNDS, hash_password
from db.models import User
from db.uow import UnitOfWork
from db.users import (
    MAX_FAILURES,
    add_user,
    attempt_login,
    current_session_id,
    delete_user,
    end_sessions,
    reset_password,
    session_user,
    set_disabled,
    update_user,
)

PASSWORD = "correct-horse-battery"


@pytest.fixture
def people(engine: Engine) -> Engine:
    add_user(engine, "boss", "admin", "营长", PASSWORD)
    add_user(engine, "reuse1", "trainer", "林老师", PASSWORD)
    return engine


def _user(engine: Engine, username: str) -> User:
    with UnitOfWork(engine, write=False) as uow:
        return uow.session.scalars(select(User).where(User.username == username)).one()


def test_forty_parallel_log_ins_check_at_most_five_passwords_and_the_right_one_sent_last_fails(
    people: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str] = []
    real_check = users_module.check_password

    def counting(password: str, hashed: str) -> bool:
        checked.append(password)
        return real_check(password, hashed)

    monkeypatch.setattr(users_module, "check_password", counting)
    guesses = [f"wrong-guess-{i:02d}" for i in range(39)] + [PASSWORD]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda p: attempt_login(people, "reuse1", p), guesses))
    assert len(checked) <= MAX_FAILURES
    assert PASSWORD not in checked
    assert results[-1] is None and all(r is None for r in results)
    assert _user(people, "reuse1").locked_until is not None


def test_a_locked_account_checks_no_password_and_refuses_the_right_one(
    people: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    for _ in range(MAX_FAILURES):
        assert attempt_login(people, "reuse1", "not-the-password") is None
    monkeypatch.setattr(users_module, "check_password", lambda *_: pytest.fail("checked"))
    assert attempt_login(people, "reuse1", PASSWORD) is None


def test_an_attempt_cut_short_still_counts(people: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rerun from fast repeated submits interrupts the run mid-check: the attempt was
    already counted, so no number of submits from one browser escapes the lock-out."""

    def interrupted(*_: object) -> bool:
        raise KeyboardInterrupt  # what a rerun's StopException does to the run

    monkeypatch.setattr(users_module, "check_password", interrupted)
    for _ in range(MAX_FAILURES):
        with pytest.raises(KeyboardInterrupt):
            attempt_login(people, "reuse1", "not-the-password")
    monkeypatch.undo()
    assert attempt_login(people, "reuse1", PASSWORD) is None  # five counted: locked


def test_an_unknown_name_answers_in_about_the_time_of_a_real_one(
    people: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    # at the app's own bcrypt cost (the suite's 4 takes a millisecond, lost in the noise)
    monkeypatch.setenv("CAMP_BCRYPT_ROUNDS", str(ROUNDS))
    with UnitOfWork(people) as uow:
        boss = uow.session.scalars(select(User).where(User.username == "boss")).one()
        boss.password_hash = hash_password(PASSWORD)
        uow.commit()

    def timed(username: str) -> float:
        start = time.perf_counter()
        assert attempt_login(people, username, "not-the-password") is None
        return time.perf_counter() - start

    attempt_login(people, "nobody", "warm-up-password")  # the dummy hash is made once
    real, unknown = [], []
    for _ in range(3):
        real.append(timed("boss"))
        unknown.append(timed("nobody"))
        with UnitOfWork(people) as uow:  # keep boss below the lock
            boss = uow.session.scalars(select(User).where(User.username == "boss")).one()
            boss.failed_attempts = 0
            uow.commit()
    assert 0.5 < median(unknown) / median(real) < 2.0, (real, unknown)


def test_the_right_password_logs_in_and_resets_the_count(people: Engine) -> None:
    attempt_login(people, "reuse1", "not-the-password")
    logged_in = attempt_login(people, " ReUse1 ", PASSWORD)
    assert logged_in is not None and logged_in.user.role == "trainer"
    assert logged_in.session_id == current_session_id(people, "reuse1")
    assert _user(people, "reuse1").failed_attempts == 0


@pytest.mark.parametrize(
    "change",
    [
        lambda e: end_sessions(e, "reuse1"),
        lambda e: reset_password(e, "reuse1", "another-good-password", "boss"),
        lambda e: update_user(e, "reuse1", role="manager", actor="boss"),
        lambda e: set_disabled(e, "reuse1", True, "boss"),
        lambda e: [attempt_login(e, "reuse1", "not-the-password") for _ in range(MAX_FAILURES)],
        lambda e: (
            delete_user(e, "reuse1", "boss"),
            add_user(e, "reuse1", "admin", "新管理员", "a-brand-new-password"),
        ),
    ],
    ids=["logged out everywhere", "password", "role", "disabled", "locked", "re-created"],
)
def test_a_cookie_of_a_user_who_changed_carries_an_old_session_id_and_is_refused(
    people: Engine, change
) -> None:  # noqa: ANN001
    old = current_session_id(people, "reuse1")
    issued = datetime.now(UTC) - timedelta(seconds=1)
    assert session_user(people, "reuse1", issued, session_id=old) is not None
    change(people)
    assert current_session_id(people, "reuse1") != old
    for when in (issued, datetime.now(UTC) + timedelta(seconds=5)):
        assert session_user(people, "reuse1", when, session_id=old) is None


def test_a_role_change_made_without_a_new_role_keeps_the_sessions(people: Engine) -> None:
    old = current_session_id(people, "reuse1")
    update_user(people, "reuse1", role="trainer", name="林老师2", actor="boss")
    assert current_session_id(people, "reuse1") == old


@pytest.mark.parametrize(
    ("username", "password"),
    [("reuse1", "12345678"), ("reuse1", "password"), ("reuse1", " " * 8), ("reuse1", " " * 16),
     ("reuse1", "password1234"), ("reuse1", "qwerty123456"),
     ("branch-admin-01", "Branch-Admin-01")],
)  # fmt: skip
def test_the_command_line_refuses_a_weak_admin_password_with_exit_3(
    db_url: str, username: str, password: str
) -> None:
    from tests.integration.test_cli import run

    code, _, err = run(db_url, "user-add", username, "--role", "admin", "--name", "管理员",
                       "--password-stdin", stdin=password + "\n")  # fmt: skip
    assert code == 3, err
    assert "password" in err and "Traceback" not in err
