"""The news ticker of the projected /board and /pk (issue 14 point 5): the latest big
recoveries and acknowledgements, masked (SPEC §4.10), newest first.

Plain Python: db.queries.news reads the counted visits of the last day with their
borrowers as stored; `select` keeps the news worth a flash and masks every borrower, so
nothing unmasked leaves this module for a shared screen. `fresh` says how many items a
screen has not shown yet: only those move (motion on change, never an endless marquee).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from core.masking import mask_name

BIG_FEN = 1_000_000  # a recovery of 1万元 or more is news
TOP_RECOVERIES = 3  # and the day's three largest are, whatever their size
WINDOW = timedelta(hours=24)
SHOWN = 6  # items the ticker holds


@dataclass(frozen=True)
class VisitNews:
    """A counted visit of the last day as the store holds it (borrower NOT masked)."""

    visit_id: int
    at: datetime  # aware
    team: str
    borrower: str
    cash_fen: int
    ack: bool  # a first acknowledgement (催收签收) that earned points
    ack_urgent: bool = False  # … on a loan whose limitation was urgent
    settled: bool = False  # the visit settled the loan


@dataclass(frozen=True)
class NewsItem:
    """One line of the ticker: safe for a shared screen."""

    key: int  # the visit's id: what a screen remembers it has shown
    at: datetime
    team: str
    borrower: str  # masked: 张**
    kind: str  # "cash" or "ack"
    amount_fen: int = 0
    urgent: bool = False  # an acknowledgement that saved an urgent limitation
    settled: bool = False


def select(
    visits: Iterable[VisitNews], now: datetime, *, shown: int = SHOWN, big_fen: int = BIG_FEN
) -> tuple[NewsItem, ...]:
    """The ticker at `now`: of the visits in the last day (up to `now`), the recoveries of
    `big_fen` or more, the day's TOP_RECOVERIES largest, and every acknowledgement;
    newest first, at most `shown`; borrowers masked."""
    recent = [v for v in visits if now - WINDOW < v.at <= now]
    money = sorted((v for v in recent if v.cash_fen > 0), key=lambda v: (-v.cash_fen, v.visit_id))
    top = {v.visit_id for v in money[:TOP_RECOVERIES]}
    items = []
    for v in recent:
        if v.cash_fen > 0 and (v.cash_fen >= big_fen or v.visit_id in top):
            items.append(NewsItem(v.visit_id, v.at, v.team, mask_name(v.borrower), "cash",
                                  v.cash_fen, settled=v.settled))  # fmt: skip
        elif v.ack:
            items.append(NewsItem(v.visit_id, v.at, v.team, mask_name(v.borrower), "ack",
                                  urgent=v.ack_urgent))  # fmt: skip
    items.sort(key=lambda i: (i.at, i.key), reverse=True)
    return tuple(items[:shown])


def fresh(items: Sequence[NewsItem], seen: int | None) -> int:
    """How many of `items` (newest first) are newer than the newest a screen has shown
    (`seen`: its key; None for a screen that just opened, which animates nothing)."""
    if seen is None:
        return 0
    for i, item in enumerate(items):
        if item.key == seen:
            return i
    return len([i for i in items if i.key > seen])


def amount(fen: int) -> tuple[str, str]:
    """An amount as the ticker says it: ("2.35", "wan") from 1万元 up, else ("800", "yuan")."""
    if fen >= 1_000_000:
        return f"{fen / 1_000_000:,.2f}", "wan"
    yuan, cents = divmod(fen, 100)
    return (f"{yuan:,}" if not cents else f"{fen / 100:,.2f}"), "yuan"


def headline(item: NewsItem) -> tuple[str, dict[str, str]]:
    """The label key and parameters of one item's text (core.labels_board news.*)."""
    if item.kind == "cash":
        value, unit = amount(item.amount_fen)
        key = "news.cash_settled" if item.settled else "news.cash"
        return key, {"team": item.team, "borrower": item.borrower, "amount": value, "unit": unit}
    key = "news.ack_urgent" if item.urgent else "news.ack"
    return key, {"team": item.team, "borrower": item.borrower}
