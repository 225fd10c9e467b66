"""/setup tab: users and roles — add, change role and team, disable, reset password, delete."""

from __future__ import annotations

import streamlit as st

from core.roles import ROLES
from db.queries.setup import SetupView
from db.users import add_user, delete_user, list_users, reset_password, set_disabled, update_user
from pages import _setup_common as common
from pages import _ui as ui

ACTION = "users.manage"


def _role(role: str) -> str:
    return ui.tr(f"role.{role}")


def _table(users: list) -> None:
    st.dataframe(
        [
            {ui.tr("auth.username"): u.username, ui.tr("first.name"): u.name,
             ui.tr("setup.users.role"): _role(u.role), ui.tr("setup.teams.team"): u.team or "",
             ui.tr("setup.users.state"): ui.tr("setup.users.disabled") if u.disabled
             else ui.tr("setup.users.locked") if u.locked_until else ui.tr("setup.users.active")}
            for u in users
        ],
        hide_index=True,
    )  # fmt: skip


def _add_form(teams: list[str]) -> None:
    with st.form("setup_user_add", clear_on_submit=True):
        st.markdown(f"**{ui.tr('setup.users.add')}**")
        c1, c2 = st.columns(2)
        username = c1.text_input(ui.tr("auth.username"), key="setup_user_add_username")
        name = c2.text_input(ui.tr("first.name"), key="setup_user_add_name")
        role = c1.selectbox(
            ui.tr("setup.users.role"),
            ROLES,
            format_func=_role,
            key="setup_user_add_role",
            index=1,
            placeholder=ui.tr("widget.choose"),
        )
        team = c2.selectbox(
            ui.tr("setup.teams.team"),
            [""] + teams,
            key="setup_user_add_team",
            format_func=lambda t: t or "—",
            placeholder=ui.tr("widget.choose"),
        )
        password = c1.text_input(ui.tr("auth.password"), type="password",
                                 key="setup_user_add_password")  # fmt: skip
        c2.caption(ui.tr("password.rule"))
        if st.form_submit_button(ui.tr("setup.users.add")):
            ok, _ = common.attempt(ACTION, add_user, ui.engine(), username, role, name, password,
                                   team=team or None, actor=common.actor())  # fmt: skip
            if ok:
                common.done(ui.md("setup.users.added", username=username.strip().lower()))


def _manage(users: list, teams: list[str], camp: str | None) -> None:
    st.markdown(f"**{ui.tr('setup.users.manage')}**")
    by_name = {u.username: u for u in users}
    username = st.selectbox(
        ui.tr("auth.username"),
        list(by_name),
        key="setup_user_pick",
        placeholder=ui.tr("widget.choose"),
    )
    if username is None:
        return
    u = by_name[username]
    k = common.state_key(f"setup_user_{username}", u) + "_"
    c1, c2, c3 = st.columns(3)
    name = c1.text_input(ui.tr("first.name"), value=u.name, key=f"{k}name")
    role = c2.selectbox(
        ui.tr("setup.users.role"),
        ROLES,
        index=ROLES.index(u.role),
        format_func=_role,
        key=f"{k}role",
        placeholder=ui.tr("widget.choose"),
    )
    options = [""] + teams + ([u.team] if u.team and u.team not in teams else [])
    team = c3.selectbox(
        ui.tr("setup.teams.team"),
        options,
        index=options.index(u.team or ""),
        format_func=lambda t: t or "—",
        key=f"{k}team",
        placeholder=ui.tr("widget.choose"),
    )
    if st.button(ui.tr("setup.save"), key=f"{k}save"):
        ok, _ = common.attempt(ACTION, update_user, ui.engine(), username, role=role, name=name,
                               camp_code=camp, team=team or None, actor=common.actor())  # fmt: skip
        if ok:
            common.done(ui.tr("setup.saved"))
    c1, c2, c3 = st.columns(3)
    toggle = "setup.users.enable" if u.disabled else "setup.users.disable"
    if c1.button(ui.tr(toggle), key=f"{k}toggle"):
        ok, _ = common.attempt(ACTION, set_disabled, ui.engine(), username, not u.disabled,
                               common.actor())  # fmt: skip
        if ok:
            common.done(ui.tr("setup.saved"))
    password = c2.text_input(ui.tr("setup.users.new_password"), type="password", key=f"{k}pw",
                             help=ui.tr("password.rule"))  # fmt: skip
    if c2.button(ui.tr("setup.users.reset"), key=f"{k}reset"):
        ok, _ = common.attempt(ACTION, reset_password, ui.engine(), username, password,
                               common.actor())  # fmt: skip
        if ok:
            common.done(ui.md("setup.users.reset_done", username=username), f"{k}pw")
    sure = c3.checkbox(ui.md("setup.users.delete_sure", username=username), key=f"{k}sure")
    if c3.button(ui.tr("setup.users.delete"), key=f"{k}delete", disabled=not sure):
        ok, _ = common.attempt(ACTION, delete_user, ui.engine(), username, common.actor())
        if ok:
            common.done(ui.md("setup.users.deleted", username=username), "setup_user_pick")


def users_tab(view: SetupView | None) -> None:
    users = list_users(ui.engine())
    teams = [t.name for t in view.config.teams] if view else []
    _table(users)
    _add_form(teams)
    _manage(users, teams, view.config.code if view else None)
