"""What the parts of /entry share: the role check before a write, problems as a table,
a message that survives the rerun after a save, widget state helpers (never a page)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import streamlit as st

from core.money import format_points, format_yuan
from pages import _ui as ui

FLASH = "_entry_flash"
#: Warnings the store keeps on a visit (db.visits) → their label.
WARNING_LABELS = {
    "incomplete promise": "entry.warn.incomplete_promise",
    "single collector": "entry.warn.single_collector",
    "refusal with money": "entry.warn.refusal_with_money",
    "branch claimed twice": "entry.warn.branch_claimed_twice",
    "relative signature after expiry": "entry.warn.relative_after_expiry",
    "promise too far": "entry.warn.promise_too_far",
    "promise too small": "entry.warn.promise_too_small",
    "promise before visit": "entry.warn.promise_before_visit",
}


def actor() -> str:
    u = ui.user()
    return u.username if u else "?"


def init(key: str, value: object) -> str:
    """Give a keyed widget its first value through the session state; returns the key.

    Widgets here never take `value=` as well: a value set both ways makes Streamlit warn,
    and a correction form is prefilled through the session state.
    """
    if key not in st.session_state:
        st.session_state[key] = value
    return key


def init_choices(key: str, values: Iterable[str], options: Iterable[str]) -> str:
    """Like `init` for a multiselect, keeping only names still offered (a roster or the
    tactics library may have changed since the value was chosen)."""
    offered = set(options)
    current = list(st.session_state.get(key, values))
    kept = [v for v in current if v in offered]
    if key not in st.session_state or kept != current:
        st.session_state[key] = kept
    return key


def clear(*prefixes: str) -> None:
    """Forget the widgets whose keys start so (before a rerun: the form starts empty)."""
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefixes)]:
        del st.session_state[key]


problems_table = ui.problems_table


def attempt(action: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> tuple[bool, Any]:
    """Check the role on the server, then run one write (ui.attempt)."""
    return ui.attempt(action, fn, *args, _rejected="entry.rejected", **kwargs)


def done(message: str, *prefixes: str, kind: str = "success") -> None:
    """After a save: forget the widgets named, say `message` on the next run, rerun."""
    clear(*prefixes)
    st.session_state[FLASH] = (kind, message)
    st.rerun()


def show_flash() -> None:
    kind, message = st.session_state.pop(FLASH, (None, None))
    if message:
        getattr(st, kind)(message)


def yuan(fen: int | None) -> str:
    return "" if fen is None else format_yuan(fen)


def points(hundredths: int) -> str:
    return format_points(hundredths)


def table(rows: list[dict[str, object]], labels: Iterable[str] = ()) -> None:
    """Rows keyed by their columns' labels (core.entry's tables) as a st.dataframe; the
    values of the columns in `labels` are labels too."""
    coded = set(labels)
    shown = [{ui.tr(k): ui.tr(str(v)) if k in coded else v for k, v in r.items()} for r in rows]
    st.dataframe(shown, hide_index=True, width="stretch", placeholder="")


def warnings_text(codes: Iterable[str]) -> str:
    return "；".join(ui.tr(WARNING_LABELS[c]) if c in WARNING_LABELS else c for c in codes)
