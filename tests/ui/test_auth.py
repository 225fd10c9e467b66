"""Log-in, lock-out, refused sessions and what each role is offered (issue 4)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from core.roles import PAGES, pages_for
from db.engine import make_engine
from db.models import User
from db.uow import UnitOfWork
from db.users import add_user, end_sessions, set_password
from tests.ui.conftest import APP, PASSWORD, ROLES, ROOT


def log_in(at: AppTest, username: str, password: str) -> AppTest:
    at.run()
    at.text_input[0].input(username)
    at.text_input[1].input(password)
    at.button[0].click().run()
    if at.session_state["authentication_status"]:
        at.run()  # in a browser the cookie component reruns the page; AppTest needs a nudge
    return at


def texts(at: AppTest) -> str:
    return " ".join(
        [e.value for e in at.error] + [e.value for e in at.warning] + [e.value for e in at.info]
    )


def test_the_first_run_screen_needs_the_token_printed_on_the_console(
    store: str, capfd: pytest.CaptureFixture[str]
) -> None:
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value in ("首次使用：创建管理员", "First run: create the admin")
    token = re.search(r"first-run token: (\S+)", capfd.readouterr().err)
    assert token, "the token is printed on the server console"
    fields = at.text_input
    fields[0].input("wrong-token")
    fields[1].input("boss")
    fields[2].input("营长")
    fields[3].input(PASSWORD)
    fields[4].input(PASSWORD)
    at.button[0].click().run()
    assert "令牌不正确" in texts(at)
    at.text_input[0].input(token.group(1))
    at.button[0].click().run()
    assert not at.exception
    with UnitOfWork(make_engine(store), write=False) as uow:
        admin = uow.session.scalars(select(User)).one()
    assert admin.username == "boss" and admin.role == "admin"
    again = AppTest.from_file(APP, default_timeout=30).run()
    assert all(t.value != "首次使用：创建管理员" for t in again.title)  # gone once an admin exists


def test_a_user_logs_in_through_the_form_and_sees_the_pages_of_the_role(app: AppTest) -> None:
    log_in(app, "trainer", PASSWORD)
    assert not app.exception
    assert app.session_state["authentication_status"] is True
    assert app.session_state["_user"].role == "trainer"


def test_a_wrong_password_is_refused_with_a_message(app: AppTest) -> None:
    log_in(app, "trainer", "not-the-password")
    assert app.session_state["authentication_status"] is False
    assert "用户名或密码错误" in texts(app)


def test_five_wrong_passwords_lock_the_account_for_15_minutes_in_the_store(
    app: AppTest, users: str
) -> None:
    for _ in range(5):
        log_in(app, "trainer", "not-the-password")
    assert "账户已锁定" in texts(app)
    with UnitOfWork(make_engine(users), write=False) as uow:
        user = uow.session.scalars(select(User).where(User.username == "trainer")).one()
    assert user.locked_until is not None
    minutes = (user.locked_until - datetime.now(UTC)) / timedelta(minutes=1)
    assert 14 < minutes <= 15
    # the right password in another browser (a fresh session) is refused while locked
    fresh = log_in(AppTest.from_file(APP, default_timeout=30), "trainer", PASSWORD)
    assert fresh.session_state["authentication_status"] is not True
    assert "账户已锁定" in texts(fresh)


def test_a_locked_account_an_unknown_name_and_a_wrong_password_get_the_same_answer(
    users: str,
) -> None:
    engine = make_engine(users)
    _set(engine, locked_until=datetime.now(UTC) + timedelta(minutes=15))
    answers = set()
    for username, password in [("trainer", PASSWORD), ("nobody", PASSWORD),
                               ("manager", "not-the-password"), ("screen", "")]:  # fmt: skip
        at = log_in(AppTest.from_file(APP, default_timeout=30), username, password)
        assert not at.exception
        assert at.session_state["authentication_status"] is False
        answers.add(texts(at))
    assert len(answers) == 1, answers


@pytest.mark.parametrize(
    "change",
    [
        lambda e: _set(e, locked_until=datetime.now(UTC) + timedelta(minutes=15)),
        lambda e: _set(e, disabled=True),
        lambda e: set_password(e, "trainer", "a-new-password-1", "admin"),
        lambda e: end_sessions(e, "trainer"),
        lambda e: _delete(e),
    ],
    ids=["locked", "disabled", "password changed", "logged out elsewhere", "deleted"],
)
def test_a_session_is_refused_on_the_next_rerun_once_its_user_changes(
    logged_in: Callable[[str], AppTest], users: str, change: Callable
) -> None:
    at = logged_in("trainer").run()
    assert at.session_state["_user"].role == "trainer"
    change(make_engine(users))
    at.run()
    assert not at.exception
    assert at.session_state["_user"] is None
    assert "登录已失效" in texts(at)


def _set(engine, **values) -> None:  # noqa: ANN001, ANN003
    with UnitOfWork(engine) as uow:
        user = uow.session.scalars(select(User).where(User.username == "trainer")).one()
        for k, v in values.items():
            setattr(user, k, v)
        uow.commit()


def _delete(engine) -> None:  # noqa: ANN001
    with UnitOfWork(engine) as uow:
        uow.session.delete(
            uow.session.scalars(select(User).where(User.username == "trainer")).one()
        )
        uow.commit()


def test_log_out_ends_the_session_and_old_sessions_stay_refused(
    logged_in: Callable[[str], AppTest], users: str
) -> None:
    at = logged_in("manager").run()
    at.sidebar.button(key="sign_out").click().run()
    assert not at.exception
    assert at.session_state["_user"] is None
    with UnitOfWork(make_engine(users), write=False) as uow:
        user = uow.session.scalars(select(User).where(User.username == "manager")).one()
    assert user.sessions_valid_after is not None


@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_a_role_opens_without_an_error(
    logged_in: Callable[[str], AppTest], role: str
) -> None:
    at = logged_in(role).run()
    assert not at.exception
    for path in pages_for(role):
        at.switch_page(f"pages/{path}.py").run()
        assert not at.exception, (role, path, at.exception)


@pytest.mark.parametrize("role", ROLES)
def test_a_page_not_allowed_for_a_role_is_not_registered(
    logged_in: Callable[[str], AppTest], role: str
) -> None:
    at = logged_in(role).run()
    refused = [p for p in PAGES if p not in pages_for(role)]
    for path in refused:
        with pytest.raises(ValueError):
            at.switch_page(f"pages/{path}.py").run()


def test_the_roles_are_offered_the_pages_of_the_spec() -> None:
    assert pages_for("screen") == ["board", "pk", "summary", "awards"]
    assert set(pages_for("manager")) == {"board", "pk", "summary", "awards", "research",
                                         "postloan"}  # fmt: skip
    assert "setup" in pages_for("admin") and "setup" not in pages_for("trainer")
    assert "entry" in pages_for("trainer") and "entry" not in pages_for("manager")


def test_every_page_file_of_the_spec_exists() -> None:
    for path in PAGES:
        assert (ROOT / "pages" / f"{path}.py").is_file()
    assert Path(APP).is_file()


def test_a_role_changed_in_the_store_changes_the_pages_on_the_next_rerun(
    logged_in: Callable[[str], AppTest], users: str
) -> None:
    add_user(make_engine(users), "admin2", "admin", "另一位管理员", PASSWORD)
    at = logged_in("admin").run()  # the home page: app.py's gate runs on every rerun
    assert at.session_state["_user"].role == "admin"
    _set_role(make_engine(users), "admin", "trainer")
    at.run()
    assert at.session_state["_user"].role == "trainer"
    with pytest.raises(ValueError):
        at.switch_page("pages/setup.py").run()


def _set_role(engine, username: str, role: str) -> None:  # noqa: ANN001
    with UnitOfWork(engine) as uow:
        uow.session.scalars(select(User).where(User.username == username)).one().role = role
        uow.commit()


def _cookie_browser(monkeypatch: pytest.MonkeyPatch, token: str | None) -> AppTest:
    """A fresh browser that sends `token` as its log-in cookie (AppTest cannot send cookies:
    the app's one reading of it is replaced)."""
    from pages import _login

    monkeypatch.setattr(_login, "browser_cookie", lambda: token)
    return AppTest.from_file(APP, default_timeout=30)


def _cookie(engine, username: str) -> str:  # noqa: ANN001
    from core.sessions import encode_cookie
    from db.users import current_session_id

    expires = datetime.now(UTC) + timedelta(days=7)
    return encode_cookie(username, current_session_id(engine, username), expires, "k" * 48)


def test_a_sound_cookie_logs_its_user_in(users: str, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _cookie_browser(monkeypatch, _cookie(make_engine(users), "trainer")).run()
    assert not at.exception
    assert at.session_state["_user"].role == "trainer"


def test_a_deleted_and_re_created_users_old_cookie_opens_nothing(
    users: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = make_engine(users)
    add_user(engine, "reuse1", "trainer", "林老师", PASSWORD)
    old = _cookie(engine, "reuse1")
    _delete_user(engine, "reuse1")
    at = _cookie_browser(monkeypatch, old).run()
    assert not at.exception and at.session_state["_user"] is None
    assert at.text_input, "the log-in form shows"
    add_user(engine, "reuse1", "admin", "新管理员", "a-brand-new-password")
    at = _cookie_browser(monkeypatch, old).run()
    assert not at.exception and at.session_state["_user"] is None
    assert at.text_input, "the log-in form shows"


@pytest.mark.parametrize(
    "token",
    ["garbage", "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJ1c2VybmFtZSI6ImFkbWluIiwic2lkIjoieCIsImV4"
     "cF9kYXRlIjo5OTk5OTk5OTk5fQ.", "a.b.c", ""],
    ids=["garbage", "alg none", "three parts", "empty"],
)  # fmt: skip
def test_a_broken_or_unsigned_cookie_shows_the_log_in_form_never_a_traceback(
    users: str, monkeypatch: pytest.MonkeyPatch, token: str
) -> None:
    at = _cookie_browser(monkeypatch, token).run()
    assert not at.exception
    assert at.session_state["_user"] is None
    assert at.text_input  # the form, and no one signed in (the key is set by a log-in only)
    assert "authentication_status" not in at.session_state or (
        at.session_state["authentication_status"] is not True
    )


def _delete_user(engine, username: str) -> None:  # noqa: ANN001
    with UnitOfWork(engine) as uow:
        uow.session.delete(uow.session.scalars(select(User).where(User.username == username)).one())
        uow.commit()
