"""Chinese throughout (issue 14 point 2): every page every role may open, in the Chinese UI,
shows no English word outside a short allow-list (codes, units, file types) — in titles,
text, labels, options, placeholders, table headers — and every reason of the catalogue
(core.reasons) reads in Chinese."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator

import pytest
from streamlit.testing.v1 import AppTest

from core.reasons import REASONS
from core.roles import pages_for
from tests.integration.test_cli import run
from tests.ui.conftest import ROLES

# codes, units and names that are English in a Chinese bank too
ALLOWED = {
    "PK",
    "PDF",
    "PNG",
    "Excel",
    "xlsx",
    "xls",
    "csv",
    "CSV",
    "ZH",
    "EN",
    "WPS",
    "ID",
    "UTF",
    "GBK",
    "BOM",
    "NUL",
    "HH",
    "MM",
    "SS",
    "YYYY",
    "DD",
    "TOML",
    "toml",
    "demo",
    "Language",
    "MB",
    "XML",
} | set(ROLES)  # fmt: skip  (the fixture's users are named after their roles: user data)
WORD = re.compile(r"[A-Za-z][A-Za-z_]+")
TEXT_ELEMENTS = ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                 "error", "success", "exception", "metric")  # fmt: skip
WIDGETS = ("button", "selectbox", "multiselect", "text_input", "text_area", "number_input",
           "radio", "checkbox", "toggle", "date_input", "time_input",
           "download_button")  # fmt: skip


def english(text: str) -> list[str]:
    """The English words of a shown text: its markup (style blocks, tags, entities) left out."""
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]*>", " ", text)
    text = html.unescape(text)
    text = re.sub(r":material/[a-z_]+:", " ", text)  # Streamlit's icon names are not shown
    text = re.sub(r"(--|/)[a-z][a-z_-]*", " ", text)  # addresses (/setup) and CLI flags
    text = re.sub(r"\?[\w=&]+", " ", text)  # a bookmark's query (?present=1)
    text = re.sub(r"\[\[?[a-z_]+\]\]?|\b[a-z_]+\[", " ", text)  # camp file tables: [camp], teams[2]
    text = re.sub(r"\b[A-Za-z]+\d+\b", " ", text)  # codes and examples (password123)
    text = re.sub(r"\*\*|__", " ", text)
    return [w for w in WORD.findall(text) if w not in ALLOWED]


def shown(at: AppTest) -> Iterator[tuple[str, str]]:
    """Every text the page shows, as (where, text)."""
    for kind in TEXT_ELEMENTS:
        for el in at.get(kind):
            for attr in ("value", "label", "body"):
                value = getattr(el, attr, None) if attr != "value" or kind != "metric" else None
                if isinstance(value, str):
                    yield kind, value
    for tab in at.tabs:
        yield "tab", tab.label
    for exp in at.expander:
        yield "expander", exp.label
    for kind in WIDGETS:
        for el in at.get(kind):
            yield kind, el.label or ""
            if kind in ("selectbox", "multiselect", "radio") and kind != "radio":
                assert el.proto.placeholder, (
                    f"{kind} {el.label!r} keeps Streamlit's English placeholder"
                )
            for option in getattr(el, "options", []) or []:
                yield f"{kind} option", str(option)
    for frame in at.dataframe:  # the headers shown: a column's configured label, else its name
        config = json.loads(frame.proto.columns or "{}")
        for column in list(frame.proto.column_order) or list(frame.value.columns):
            conf = config.get(str(column)) or config.get(f"col:{column}") or {}
            if not conf.get("hidden"):
                yield "table header", conf.get("label") or str(column)


@pytest.fixture
def demo(users: str) -> str:
    code, _, err = run(users, "demo", "--teams", "4", "--loans", "120", "--visits", "200")
    assert code == 0, err
    return users


@pytest.mark.parametrize("role", ROLES)
def test_every_page_a_role_opens_shows_no_english_in_the_chinese_ui(
    demo: str, logged_in: Callable[[str], AppTest], role: str
) -> None:
    found: dict[str, set[str]] = {}
    for path in pages_for(role):
        at = logged_in(role)
        at.query_params["view"] = "1"  # a projected page holds one channel
        at.run()
        at.switch_page(f"pages/{path}.py").run()
        assert not at.exception, (path, at.exception)
        for where, text in shown(at):
            words = english(text)
            if words:
                found.setdefault(f"{path} {where}", set()).update(words)
    assert found == {}


def test_every_reason_of_the_catalogue_reads_in_chinese() -> None:
    found = {}
    for code, texts in REASONS.items():
        assert set(texts) == {"zh", "en"}, code
        words = english(re.sub(r"\{[^}]*\}", "", texts["zh"]))
        if words:
            found[code] = words
    assert found == {}
