"""Every write re-checks the role on the server, whatever the page showed (issue 4)."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from core.roles import ACTIONS


def _page(action: str, role: str) -> None:
    import streamlit as st

    from db.users import SessionUser
    from pages import _ui as ui

    st.session_state["_user"] = SessionUser(role, role, role, None)
    ui.require(action)
    st.write("written")


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", ["admin", "trainer", "manager", "screen"])
def test_a_write_is_refused_on_the_server_for_a_role_that_may_not_make_it(
    action: str, role: str
) -> None:
    at = AppTest.from_function(_page, args=(action, role), default_timeout=30).run()
    assert not at.exception
    wrote = any(m.value == "written" for m in at.markdown)
    assert wrote == (role in ACTIONS[action]), (role, action)
    if not wrote:
        assert "无权" in at.error[0].value
