"""The pages' own HTML and Markdown, as text: the escape of user text (`esc` for HTML,
`md_esc` for Markdown and Plotly labels) and the projected pages' table (`table`).

Plain Python, no streamlit: pages/_ui.py and pages/_projector.py give these names to the
pages, and core modules that build a page's HTML (core/summary_view.py) use them directly.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence

# User text (team, member and award names, notes, reasons, imported names) is escaped
# before any element that renders it: `esc` inside the HTML that projected pages draw
# (st.markdown(..., unsafe_allow_html=True) starting with a block tag), `md_esc` in Markdown
# (st.markdown, captions, toasts, headers, widget labels, radio options) and Plotly labels.
_BLANKS = {ord(c): " " for c in "\r\n\t\v\f\x85\u2028\u2029"}
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;", "[": "&#91;",
         "]": "&#93;"}  # fmt: skip
# Markdown's own characters (links, images, emphasis, code, headings, lists, tables, LaTeX,
# :colour[...] and :emoji:) as numeric character references, which Plotly decodes too
_MD = {"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {
    c: f"&#{ord(c)};" for c in "\\`*_{}[]()#+-!|~$\"'=^"
}
# Streamlit's Markdown finds http://, www. and e-mail links in the text after character
# references are decoded: an invisible word joiner (U+2060) breaks each pattern.
_MD |= {":": "&#58;&#8288;", ".": "&#8288;&#46;", "@": "&#8288;&#64;"}


def _one_line(value: object) -> str:
    """The text on one line, without control or invisible characters: a blank line would
    end the HTML block a projected page draws and let Markdown run after it. Spaces stay,
    the wide one (U+3000) that separates Chinese text among them."""
    text = "" if value is None else str(value)
    return "".join(ch for ch in text.translate(_BLANKS) if ch.isprintable() or _space(ch))


def _space(ch: str) -> bool:
    return unicodedata.category(ch) == "Zs"


def esc(value: object) -> str:
    """User text inside a page's own HTML: shown as typed, no tag, no line break, no
    bracket a Markdown link or image would need."""
    return "".join(_HTML.get(ch, ch) for ch in _one_line(value))


def md_esc(value: object) -> str:
    """User text in Markdown (or a Plotly label): shown as typed, with no link, image,
    autolink, emphasis, HTML or line break of its own."""
    return "".join(_MD.get(ch, ch) for ch in _one_line(value))


def table(headers: Sequence[str], rows: Sequence[Sequence[object]], *,
          numeric: Sequence[int] = (), lead: int | None = None,
          mark: Callable[[int, object], str] | None = None) -> str:  # fmt: skip
    """An HTML table for the big screen; every cell escaped. `mark(column, value)` gives a
    cell a class of its own besides "num" (e.g. a rise in red), or ""."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    labels = [f' data-label="{esc(h)}"' for h in headers]  # a phone's cards name each cell

    def cell(j: int, value: object) -> str:
        label = labels[j] if j < len(labels) else ""
        names = " ".join(
            n for n in ("num" if j in numeric else "", mark(j, value) if mark else "") if n
        )
        cls = f' class="{names}"' if names else ""
        return f"<td{cls}{label}>{esc(value)}</td>"

    body = []
    for i, row in enumerate(rows):
        cells = "".join(cell(j, c) for j, c in enumerate(row))
        body.append(f'<tr class="lead">{cells}</tr>' if i == lead else f"<tr>{cells}</tr>")
    return f'<table class="proj"><tr>{head}</tr>{"".join(body)}</table>'
