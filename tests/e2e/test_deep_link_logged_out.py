"""A deep link opened while logged out shows the log-in form, not the page."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import Server, settled, shot
from tests.e2e.test_login import first_admin

pytestmark = pytest.mark.browser


def test_a_bookmark_opened_while_logged_out_asks_for_the_log_in(server: Server, page) -> None:  # noqa: ANN001
    first_admin(page, server)
    page.goto(f"{server.url}/research")
    page.get_by_label("密码").wait_for()
    settled(page)
    shot(page, "06-deep-link-logged-out")
    assert page.get_by_text("无权").count() == 0
    assert page.get_by_role("heading", name="组合调研").count() == 0
