"""Hypothesis strategies for the importers' fuzz tests: what a spreadsheet or a CSV may hold.

`cells` is any value a reader could hand over and worse (huge numbers, NaN, Decimals,
control characters, emoji, formulas, markup, very long text); `csv_cells` and
`xlsx_cells` are what the CSV writer and openpyxl can put in a file. `mutated_rows`
starts from good rows and replaces some of their cells, so that many rows get past
the first check and reach the later ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from hypothesis import strategies as st

FULL_WIDTH = "０１２３４５６７８９．，－＋（）：　／年月日"
CONTROL = "".join(chr(code) for code in range(32)) + "\x7f"

#: Cells that once broke, or could break, a reader of bank exports.
TRICKY: tuple[str, ...] = (
    '=HYPERLINK("http://example.com/x","点击")',
    "=1+1",
    "+1",
    "@SUM(A1:A9)",
    "<script>alert(1)</script>",
    "１２．５",
    "１２，３４５．６",
    "1,000.50",
    "1,00",
    "−5",
    "-5",
    "¥1000",
    "1e5",
    "1.1e+17",
    "8.2E+15",
    "8201000123971753",
    "'0012",
    '="0012"',
    "2026年5月6日",
    "2026/5/6",
    "2026.5.6",
    "20260506",
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "1899-12-30",
    "2026-12-16 10:00",
    "2026-12-16 25:61",
    "２０２６－１２－１６　１０：００",
    "0001-01-01 00:00",
    "9999-12-31 23:59",
    "合计",
    "总计：",
    "小 计",
    "是",
    "否",
    "Y",
    "n",
    "小微",
    "农户",
    "个人消费",
    "次级",
    "见到本人",
    "到行还款",
    "林晓、许诺",
    "尖刀队",
    "石桥乡",
    "单位：万元",
    "数据日期：2026-11-20",
    "#N/A",
    "#DIV/0!",
    "NaN",
    "Infinity",
    "-Infinity",
    "None",
    "null",
    "😀",
    "👨‍👩‍👧",
    "\u200b",
    "\u202e",
    " ",
    "\u3000",
    "\r\n",
    "a\nb",
)

_READABLE = st.characters(codec="utf-8", exclude_categories=("Cs",))


def _long(text: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda part, times: part * times, text, st.integers(30, 3_000))


def texts(
    alphabet: st.SearchStrategy[str] = _READABLE, controls: str = CONTROL
) -> st.SearchStrategy[str]:
    """Short and long text over `alphabet`, full-width forms, `controls` and the tricky cells."""
    short = st.text(alphabet, max_size=20)
    return st.one_of(
        st.sampled_from(TRICKY),
        short,
        st.text(st.sampled_from(FULL_WIDTH + "0123456789.,-"), max_size=12),
        st.text(st.sampled_from(controls + "ab1"), min_size=1, max_size=4),
        _long(st.text(alphabet, min_size=1, max_size=3)),
    )


numbers = st.one_of(
    st.integers(-(10**20), 10**20),
    st.integers(),
    st.sampled_from([0, 1, -1, 10**15, 10**16, 10**400, 10**5_000, 20_260_506, 46_000]),
    st.floats(),
    st.sampled_from([1.1e17, 46_000.5, -0.0, 1e308, float("nan"), float("inf")]),
    st.decimals(),
    st.sampled_from([Decimal("1E+999999"), Decimal("1E-999999"), Decimal("-0"), Decimal("sNaN")]),
)
moments = st.one_of(st.dates(), st.datetimes(), st.times(), st.timedeltas())

#: Any cell a reader could hand over, and worse.
cells = st.one_of(st.none(), st.just(""), st.booleans(), numbers, moments, texts())


def _csv_number(value: object) -> str:
    return repr(value) if isinstance(value, float) else str(value)


#: What a CSV cell can hold: text, or a number or date as a spreadsheet writes it. No NUL
#: (a file-level problem of its own) and no tab (enough of them make the file tab-separated).
csv_cells = st.one_of(
    st.just(""),
    texts(
        st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters="\x00\t"),
        controls=CONTROL.replace("\x00", "").replace("\t", ""),
    ),
    st.integers(-(10**20), 10**20).map(str),
    st.floats().map(_csv_number),
    st.dates().map(date.isoformat),
    st.datetimes().map(lambda moment: moment.strftime("%Y-%m-%d %H:%M")),
)

_XML_ILLEGAL = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

#: What openpyxl can write in an xlsx cell (XML forbids most control characters).
xlsx_cells = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**15), 10**15),
    st.floats(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.datetimes(),
    texts().map(lambda text: _XML_ILLEGAL.sub("", text)),
)


@st.composite
def mutated_rows(
    draw: st.DrawFn,
    good: Sequence[Sequence[object]],
    junk: st.SearchStrategy[object],
    share: int = 3,
) -> list[list[object]]:
    """The `good` rows, left as they are, or with one cell replaced by `junk`, or with
    about `share` cells in ten replaced, some rows cut short, run long or repeated."""
    rows = [list(row) for row in good]
    damage = draw(st.sampled_from(["none", "one cell", "many"]))
    if damage == "one cell":
        row = draw(st.sampled_from(rows))
        row[draw(st.integers(0, len(row) - 1))] = draw(junk)
    if damage != "many":
        return rows
    damaged: list[list[object]] = []
    for row in rows:
        cells_of_row = [draw(junk) if draw(st.integers(0, 9)) < share else cell for cell in row]
        shape = draw(st.sampled_from(["same"] * 8 + ["short", "long", "repeat"]))
        if shape == "short":
            cells_of_row = cells_of_row[: draw(st.integers(0, len(row)))]
        elif shape == "long":
            cells_of_row += draw(st.lists(junk, min_size=1, max_size=3))
        elif shape == "repeat" and damaged:
            cells_of_row = list(draw(st.sampled_from(damaged)))
        damaged.append(cells_of_row)
    return damaged
