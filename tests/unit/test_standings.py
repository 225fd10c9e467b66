"""The one ranking of teams and members (SPEC §4.7) and rank changes on the PK board."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.standings import Entry, rank, rank_changes

T0 = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)


def names(ranking: list[tuple[int, Entry]]) -> list[str]:
    return [entry.name for _, entry in ranking]


def test_teams_rank_by_points_first() -> None:
    ranking = rank(
        [
            Entry("猛虎队", 9128, 100, T0),
            Entry("飞鹰队", 9129, 1, T0 + timedelta(hours=1)),
            Entry("雄狮队", 800, 10**9, T0 - timedelta(hours=1)),
        ]
    )
    assert names(ranking) == ["飞鹰队", "猛虎队", "雄狮队"]


def test_ties_on_points_go_to_the_team_with_more_cash() -> None:
    ranking = rank([Entry("猛虎队", 1000, 50_000, T0), Entry("飞鹰队", 1000, 50_001, T0)])
    assert names(ranking) == ["飞鹰队", "猛虎队"]


def test_ties_on_points_and_cash_go_to_the_team_that_reached_its_total_first() -> None:
    ranking = rank(
        [
            Entry("猛虎队", 1000, 50_000, T0 + timedelta(minutes=1)),
            Entry("飞鹰队", 1000, 50_000, T0),
        ]
    )
    assert names(ranking) == ["飞鹰队", "猛虎队"]


def test_reached_times_in_different_zones_compare_as_moments() -> None:
    shanghai = ZoneInfo("Asia/Shanghai")
    ranking = rank(
        [
            Entry("猛虎队", 1000, 0, datetime(2026, 12, 4, 10, 30, tzinfo=shanghai)),  # 02:30Z
            Entry("飞鹰队", 1000, 0, datetime(2026, 12, 4, 2, 15, tzinfo=UTC)),
        ]
    )
    assert names(ranking) == ["飞鹰队", "猛虎队"]


def test_a_team_that_never_scored_counts_as_reaching_its_total_last() -> None:
    ranking = rank(
        [
            Entry("猛虎队", 0, 0, None),
            Entry("飞鹰队", 0, 0, T0 + timedelta(days=3)),  # scored, then a penalty to 0
        ]
    )
    assert names(ranking) == ["飞鹰队", "猛虎队"]


def test_full_ties_go_by_name_in_unicode_order_not_pinyin() -> None:
    # Pinyin would put 飞 (fei) before 猛 (meng); code points put 猛 (U+731B) first.
    ranking = rank([Entry("飞鹰队", 0, 0, None), Entry("猛虎队", 0, 0, None)])
    assert names(ranking) == ["猛虎队", "飞鹰队"]
    same_time = rank([Entry("b队", 5, 5, T0), Entry("A队", 5, 5, T0), Entry("a队", 5, 5, T0)])
    assert names(same_time) == ["A队", "a队", "b队"]


def test_ranks_run_1_to_n_without_shared_places() -> None:
    ranking = rank([Entry(f"队{i}", 0, 0, None) for i in range(5)])
    assert [position for position, _ in ranking] == [1, 2, 3, 4, 5]


def test_negative_points_after_penalties_rank_below_zero() -> None:
    ranking = rank([Entry("猛虎队", -300, 0, T0), Entry("飞鹰队", 0, 0, None)])
    assert names(ranking) == ["飞鹰队", "猛虎队"]


def test_members_rank_by_points_then_cash_then_name_ignoring_when_they_scored() -> None:
    ranking = rank(
        [
            Entry("王芳", 333, 33_333, T0 + timedelta(hours=5)),
            Entry("李明", 333, 33_333, T0),
            Entry("赵强", 333, 33_334, T0 + timedelta(hours=9)),
            Entry("张伟", 334, 0, None),
        ],
        use_reached=False,
    )
    # 李 (U+674E) < 王 (U+738B): the name decides, not who scored first.
    assert names(ranking) == ["张伟", "赵强", "李明", "王芳"]


def test_the_ranking_does_not_change_the_entries_or_what_rides_along() -> None:
    entry = Entry("猛虎队", 1000, 0, T0, extra={"target_fen": 300_000_000, "acks": 3})
    ((position, ranked),) = rank([entry])
    assert position == 1 and ranked is entry
    assert ranked.extra == {"target_fen": 300_000_000, "acks": 3}


def test_entries_differing_only_in_extra_are_equal_and_hashable() -> None:
    a = Entry("猛虎队", 1, 2, T0, extra={"x": 1})
    b = Entry("猛虎队", 1, 2, T0, extra={"x": 2})
    assert a == b and hash(a) == hash(b)


def test_an_empty_ranking_is_empty() -> None:
    assert rank([]) == []


def test_a_reached_time_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError):
        Entry("猛虎队", 0, 0, datetime(2026, 12, 4, 10, 0))


# --- rank changes -----------------------------------------------------------------------


def test_rank_changes_are_positive_for_teams_that_moved_up() -> None:
    before = rank(
        [Entry("猛虎队", 300, 0, T0), Entry("飞鹰队", 200, 0, T0), Entry("雄狮队", 100, 0, T0)]
    )
    now = rank(
        [Entry("猛虎队", 300, 0, T0), Entry("飞鹰队", 200, 0, T0), Entry("雄狮队", 900, 0, T0)]
    )
    assert rank_changes(before, now) == {"雄狮队": 2, "猛虎队": -1, "飞鹰队": -1}


def test_a_team_not_ranked_before_has_no_rank_change() -> None:
    before = rank([Entry("猛虎队", 300, 0, T0)])
    now = rank([Entry("猛虎队", 300, 0, T0), Entry("飞鹰队", 400, 0, T0)])
    assert rank_changes(before, now) == {"飞鹰队": None, "猛虎队": -1}


def test_an_unchanged_ranking_has_no_changes() -> None:
    ranking = rank([Entry("猛虎队", 300, 0, T0), Entry("飞鹰队", 200, 0, T0)])
    assert rank_changes(ranking, ranking) == {"猛虎队": 0, "飞鹰队": 0}


def test_rank_changes_refuse_a_ranking_that_lists_a_name_twice() -> None:
    doubled = rank([Entry("李明", 1, 0, None), Entry("李明", 2, 0, None)], use_reached=False)
    with pytest.raises(ValueError, match="李明"):
        rank_changes(doubled, doubled)


# --- properties ---------------------------------------------------------------------------

_entries = st.lists(
    st.builds(
        Entry,
        name=st.text(min_size=1, max_size=4),
        points=st.integers(-500, 500),
        cash_fen=st.integers(0, 5),
        reached_at=st.one_of(st.none(), st.integers(0, 3).map(lambda m: T0 + timedelta(minutes=m))),
    ),
    max_size=12,
    unique_by=lambda e: e.name,
)


@given(_entries, st.booleans())
def test_any_ranking_is_a_permutation_with_ranks_1_to_n_in_tie_break_order(
    entries: list[Entry], use_reached: bool
) -> None:
    ranking = rank(entries, use_reached=use_reached)
    assert [position for position, _ in ranking] == list(range(1, len(entries) + 1))
    assert sorted(names(ranking)) == sorted(e.name for e in entries)
    for (_, a), (_, b) in zip(ranking, ranking[1:], strict=False):
        assert (a.points, a.cash_fen) >= (b.points, b.cash_fen)
        if (a.points, a.cash_fen) == (b.points, b.cash_fen):
            if use_reached and a.reached_at != b.reached_at:
                assert b.reached_at is None or (
                    a.reached_at is not None and a.reached_at < b.reached_at
                )
            else:
                assert a.name < b.name


@given(_entries)
def test_the_ranking_does_not_depend_on_the_input_order(entries: list[Entry]) -> None:
    assert names(rank(entries)) == names(rank(list(reversed(entries))))
