"""A team named with Markdown for an outside image and a "prize" link, in real Chromium
(issue 13, point 5): /pk and /summary show the name as typed, and the page holds no image
or link to the outside host."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from db.engine import make_engine
from db.models import Team
from db.users import add_user
from tests.e2e.conftest import Server, settled, shot, sign_in
from tests.e2e.test_entry_flow import cli
from tests.e2e.test_login import PASSWORD
from tests.e2e.test_pk_projector import move_camp_to_today

pytestmark = pytest.mark.browser
HOSTILE = "T2\n\n![t](http://host/x.png)\n\n[点此领奖](http://host/p) www.host.cn"
OUTSIDE = 'img[src*="host"], a[href*="host"], image[href*="host"]'


def test_a_team_named_as_markdown_shows_as_text_with_no_outside_image_or_link(
    page,
    server: Server,  # noqa: ANN001
) -> None:
    cli(server, "demo", "--teams", "4", "--loans", "200", "--visits", "400")
    move_camp_to_today(server.db_url)
    engine = make_engine(server.db_url)
    with engine.begin() as conn:
        first = conn.scalar(select(Team.id).order_by(Team.position).limit(1))
        conn.execute(update(Team).where(Team.id == first).values(name=HOSTILE))
    add_user(engine, "boss", "admin", "营长", PASSWORD)
    engine.dispose()

    sign_in(page.context, server, "boss", PASSWORD)
    for path, ready in (("pk", "table.proj.pk"), ("summary", "div.sum")):
        page.goto(f"{server.url}/{path}")
        page.locator(ready).first.wait_for()
        settled(page)
        page.wait_for_timeout(800)  # plotly lays out its legend after the first paint
        shot(page, f"hostile-markdown-{path}")
        main = page.locator('[data-testid="stMain"]')
        assert main.locator(OUTSIDE).count() == 0, path
        text = main.inner_text()
        assert "[点此领奖](http://host/p)" in text, path  # shown as typed, on one line
