"""User text that looks like Markdown or HTML is shown as typed, never as a live image or
link (issue 13, point 5): a team named with an outside image and a "prize" link, an award
and a reason the same, on /pk, /board, /summary and /awards, for the admin and the
projector's screen role."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from db import awards as store
from db.engine import make_engine
from db.models import Team
from db.uow import UnitOfWork
from pages._ui import esc, md_esc
from tests.ui.test_awards_page import CEREMONY, CODE, camp, nominate  # noqa: F401

HOSTILE = "T2\n\n![t](http://host/x.png)\n\n[点此领奖](http://host/p)"
AWARD = "最佳![a](http://host/a.png)奖"
REASON = "干得好 [领奖](http://host/r) <img src=http://host/i.png> www.host.cn a@host.cn"
# what a live image or link would need in the text an element renders: in Markdown, and
# inside the HTML block a projected page draws (Markdown does not run there, and no
# autolink is made, unless a blank line ends the block)
HTML_LIVE = ["![", "](", "<img", "\n\n"]
HTML_BLOCK = ("<div", "<table", "<style")
PLAIN_OPTIONS = ("selectbox", "multiselect", "text_input", "text_area")
LIVE = ["![", "](", "http://host", "www.host", "@host", "<img", "\n\n"]


@pytest.fixture
def hostile(camp: str) -> str:  # noqa: F811
    engine = make_engine(camp)
    with UnitOfWork(engine) as uow:
        uow.session.execute(update(Team).where(Team.name == "尖刀队").values(name=HOSTILE))
        uow.commit()
    store.ensure_categories(engine, CODE)
    cid = store.add_category(engine, CODE, AWARD, "member", REASON, "admin")
    store.nominate(engine, CODE, cid, "林晓", REASON, "trainer")
    engine.dispose()
    nominate(camp, "清收标兵", "龚平")
    return camp


def _elements(node) -> Iterator:  # noqa: ANN001
    children = getattr(node, "children", None)
    if children is None:
        yield node
        return
    for child in children.values():
        yield from _elements(child)


def rendered(at: AppTest) -> list[tuple[str, str]]:
    """(element type, the text it renders) for every element but tables (data, drawn on a
    canvas as plain text) — Markdown bodies, labels, options, captions, chart specs."""
    out = []
    for root in (at.main, at.sidebar):
        for e in _elements(root):
            kind = getattr(e, "type", "")
            if kind in ("arrow_data_frame", "dataframe", "table"):
                continue
            proto = getattr(e, "proto", None)
            if kind in PLAIN_OPTIONS:  # options and values are plain text: the label renders
                proto = f"{proto.label}\n{proto.help}"
            text = str(proto) if proto is not None else str(getattr(e, "value", ""))
            # the proto's repr writes non-ASCII as octal escapes: decode them back
            text = text.encode("latin-1", "backslashreplace").decode("unicode_escape")
            text = text.encode("latin-1", "ignore").decode("utf-8", "ignore")
            out.append((kind, text))
    return out


@pytest.mark.parametrize("role", ["admin", "screen"])
@pytest.mark.parametrize("page", ["pk", "board", "summary", "awards"])
def test_a_team_award_and_reason_written_as_markdown_show_as_text_with_no_live_image_or_link(
    hostile: str, logged_in: Callable[[str], AppTest], page: str, role: str
) -> None:
    at = logged_in(role)
    at.session_state["_now"] = CEREMONY
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    shown = rendered(at)
    for kind, text in shown:
        body = text.split('body: "', 1)[-1].lstrip()
        html_block = kind == "markdown" and body.startswith(HTML_BLOCK)
        for live in HTML_LIVE if html_block else LIVE:
            assert live not in text, (page, kind, live, text[:400])
    everything = "\n".join(text for _, text in shown)
    # the board lists the day's plans (the team has none); the screen's ceremony shows
    # nothing before the first reveal
    if page in ("pk", "summary") or (page, role) == ("awards", "admin"):
        assert "T2" in everything, f"the team is on {page}"


def test_the_escapes_keep_the_text_readable_once_rendered() -> None:
    import html

    for escape in (esc, md_esc):
        shown = html.unescape(escape(HOSTILE)).replace("\u2060", "")
        assert shown == HOSTILE.replace("\n", " ")
        assert escape(None) == ""
    assert esc("尖刀队 12.50 分") == "尖刀队 12.50 分"  # the page's own text stays as it was
    assert "![" not in esc(HOSTILE) and "](" not in esc(HOSTILE) and "\n" not in esc(HOSTILE)
    for live in LIVE:
        assert live not in md_esc(HOSTILE + REASON), live
