"""The news ticker of the projected /board and /pk (issue 14 point 5): which recoveries and
acknowledgements make the news, masked, newest first; what moves on a screen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.ticker import BIG_FEN, SHOWN, NewsItem, VisitNews, fresh, select

NOW = datetime(2026, 12, 17, 9, 0, tzinfo=UTC)


def visit(i: int, minutes_ago: float, cash: int = 0, ack: bool = False, **kw: object) -> VisitNews:
    base = {"team": "猛虎队", "borrower": "张志强"}
    return VisitNews(i, NOW - timedelta(minutes=minutes_ago), cash_fen=cash, ack=ack,
                     **{**base, **kw})  # type: ignore[arg-type]  # fmt: skip


def test_big_recoveries_and_acknowledgements_make_the_news_newest_first() -> None:
    items = select(
        [
            visit(1, 50, cash=BIG_FEN * 3, settled=True),  # 3万: big
            visit(2, 40, cash=5_000),  # 50元: one of the three largest of the day
            visit(3, 30, ack=True, ack_urgent=True, borrower="李四"),
            visit(4, 20),  # nothing happened: no news
            visit(5, 10, cash=BIG_FEN, team="雄鹰队"),
        ],
        NOW,
    )
    assert [(i.key, i.kind) for i in items] == [(5, "cash"), (3, "ack"), (2, "cash"), (1, "cash")]
    assert items[0].team == "雄鹰队" and items[0].amount_fen == BIG_FEN
    assert items[1].urgent and items[3].settled


def test_small_recoveries_beyond_the_three_largest_are_not_news() -> None:
    visits = [visit(i, i, cash=1_000 * i) for i in range(1, 7)]
    assert sorted(i.key for i in select(visits, NOW)) == [4, 5, 6]


def test_the_ticker_shows_only_the_last_day_up_to_now_and_at_most_six_items() -> None:
    visits = [visit(i, i, ack=True) for i in range(1, 10)]
    visits += [visit(20, 24 * 60 + 1, cash=BIG_FEN * 9), visit(21, -5, cash=BIG_FEN * 9)]
    items = select(visits, NOW)
    assert len(items) == SHOWN == 6 and [i.key for i in items] == [1, 2, 3, 4, 5, 6]


def test_no_borrower_name_reaches_the_shared_screen_unmasked() -> None:
    items = select([visit(1, 5, cash=BIG_FEN, borrower="张志强"),
                    visit(2, 6, ack=True, borrower="宏达养殖专业合作社")], NOW)  # fmt: skip
    assert [i.borrower for i in items] == ["张**", "宏********"]
    assert "张志强" not in repr(items) and "宏达" not in repr(items)


def test_only_items_a_screen_has_not_shown_yet_move() -> None:
    items = [NewsItem(k, NOW, "猛虎队", "张**", "ack") for k in (9, 7, 4)]
    assert fresh(items, None) == 0  # a screen that just opened: nothing moves
    assert fresh(items, 9) == 0  # nothing new since the last refresh
    assert fresh(items, 7) == 1  # one new item
    assert fresh(items, 2) == 3  # the one it saw has dropped out: all newer ones are new
