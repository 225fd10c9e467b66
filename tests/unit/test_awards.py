"""The award formulas, their tie-breaks and the winner of the votes (core.awards), with
figures worked out by hand."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.awards import (
    DEFAULT_CATEGORIES,
    RULES,
    SUBJECTS,
    AwardData,
    AwardRefused,
    Figure,
    MemberFigures,
    Progress,
    ProgressRow,
    Suggestion,
    TeamFigures,
    clean_category_name,
    clean_reason,
    figure_text,
    figures_text,
    nominee_choices,
    outcome,
    suggest,
)
from core.i18n import LABELS, LANGUAGES, t

T0 = datetime(2026, 12, 18, 2, 0, tzinfo=UTC)


def names(suggestions: tuple[Suggestion, ...]) -> list[str]:
    return [s.nominee for s in suggestions]


def member(name: str, team: str = "尖刀队", **kw: int) -> MemberFigures:
    return MemberFigures(name, team, **kw)


# ----------------------------------------------------------------------------- defaults


def test_the_six_default_awards_of_the_spec_each_have_a_formula_and_a_subject() -> None:
    assert [(c.name, c.subject, c.rule) for c in DEFAULT_CATEGORIES] == [
        ("冠军团队", "team", "champion_team"),
        ("清收标兵", "member", "top_member"),
        ("最佳谈判手", "member", "negotiator"),
        ("夜战之星", "member", "night_star"),
        ("最佳进步团队", "team", "progress_team"),
        ("时效守护奖", "member", "limitation_guard"),
    ]
    assert all(c.description for c in DEFAULT_CATEGORIES)


# ----------------------------------------------------------------------------- teams


def test_the_champion_team_has_most_points_then_cash_then_reached_its_total_first() -> None:
    data = AwardData(teams=(
        TeamFigures("猛虎队", 9128, 100, T0),
        TeamFigures("飞鹰队", 9129, 1, T0 + timedelta(hours=1)),  # most points
        TeamFigures("雄狮队", 9128, 100, T0 - timedelta(minutes=1)),  # got there first
        TeamFigures("尖刀队", 9128, 99, T0 - timedelta(hours=5)),  # less cash: fourth
    ))  # fmt: skip
    top = suggest("champion_team", data)
    assert names(top) == ["飞鹰队", "雄狮队", "猛虎队"]
    assert [s.rank for s in top] == [1, 2, 3]
    assert top[0].team is None
    assert top[0].figures == (Figure("points", 9129), Figure("cash", 1))
    assert names(suggest("champion_team", data, top=None))[-1] == "尖刀队"


def test_a_team_with_neither_points_nor_cash_is_not_suggested() -> None:
    data = AwardData(teams=(TeamFigures("猛虎队", 0, 0), TeamFigures("飞鹰队", -300, 0),
                            TeamFigures("雄狮队", 0, 5_000)))  # fmt: skip
    assert names(suggest("champion_team", data)) == ["雄狮队"]


def test_the_most_improved_team_rose_most_places_between_the_first_and_last_periods() -> None:
    # ranks day 3 → day 7: 猛虎 4→1 (+3), 飞鹰 3→2 (+1), 雄狮 2→3 (−1), 尖刀 1→4 (−3),
    # 突击 6→5 (+1) with fewer last-period points than 飞鹰
    progress = Progress(3, 7, (
        ProgressRow("猛虎队", 4, 1, 2_000),
        ProgressRow("飞鹰队", 3, 2, 1_500),
        ProgressRow("雄狮队", 2, 3, 1_200),
        ProgressRow("尖刀队", 1, 4, 900),
        ProgressRow("突击队", 6, 5, 800),
    ))  # fmt: skip
    top = suggest("progress_team", AwardData(progress=progress))
    assert names(top) == ["猛虎队", "飞鹰队", "突击队"]
    assert top[0].figures == (
        Figure("rise", 3), Figure("rank_at", 4, 3), Figure("rank_at", 1, 7),
        Figure("points_at", 2_000, 7),
    )  # fmt: skip
    assert figures_text(top[0].figures) == "上升 3 名，第3天第 4 名，第7天第 1 名，第7天 20.00 分"


def test_equal_rises_on_equal_last_points_go_by_name_and_nobody_who_fell_is_suggested() -> None:
    rows = (ProgressRow("飞鹰队", 2, 1, 500), ProgressRow("猛虎队", 4, 3, 500),
            ProgressRow("雄狮队", 1, 2, 900), ProgressRow("尖刀队", 3, 4, 0))  # fmt: skip
    progress = Progress(3, 5, rows)
    assert names(suggest("progress_team", AwardData(progress=progress))) == ["猛虎队", "飞鹰队"]


def test_no_progress_is_suggested_before_two_periods_have_begun() -> None:
    assert suggest("progress_team", AwardData(teams=(TeamFigures("猛虎队", 100, 0),))) == ()


# ----------------------------------------------------------------------------- members


def test_the_top_member_has_most_points_then_cash_then_name_and_keeps_the_team() -> None:
    data = AwardData(members=(
        member("王芳", "猛虎队", points=1_250, cash_fen=3_200_000),
        member("李明", "猛虎队", points=1_250, cash_fen=3_200_000),  # same: name decides
        member("赵强", "飞鹰队", points=1_250, cash_fen=3_200_001),  # a fen more cash
        member("张伟", "飞鹰队", points=1_300),
        member("刘洋", "飞鹰队"),  # nothing: left out
    ))  # fmt: skip
    top = suggest("top_member", data, top=None)
    assert names(top) == ["张伟", "赵强", "李明", "王芳"]
    assert (top[1].team, figures_text(top[1].figures)) == ("飞鹰队", "12.50 分，现金 3.20 万元")


def test_the_best_negotiator_counts_complete_promises_plus_first_acknowledgements() -> None:
    data = AwardData(members=(
        member("王芳", promises=3, acks=1, cash_fen=100),  # 4
        member("李明", promises=0, acks=4, cash_fen=500),  # 4, more cash
        member("赵强", promises=5, acks=0),  # 5
        member("张伟", promises=2, acks=1, cash_fen=10**9),  # 3: cash does not buy a place
        member("刘洋", points=9_999, cash_fen=10**9),  # no promise, no acknowledgement
    ))  # fmt: skip
    top = suggest("negotiator", data, top=None)
    assert names(top) == ["赵强", "李明", "王芳", "张伟"]
    assert figures_text(top[2].figures) == "承诺+签收 4 次，完整承诺 3，首次签收 1，现金 0.00 万元"


def test_the_night_star_has_most_night_shift_points_then_night_cash_then_name() -> None:
    data = AwardData(members=(
        member("王芳", night_points=325, night_cash_fen=50_000, night_visits=2, points=9_000),
        member("李明", night_points=325, night_cash_fen=60_000, night_visits=1),
        member("赵强", night_points=400, night_visits=5),
        member("张伟", night_points=0, night_visits=3, points=20_000),  # night visits, no points
    ))  # fmt: skip
    top = suggest("night_star", data)
    assert names(top) == ["赵强", "李明", "王芳"]
    assert figures_text(top[1].figures) == "夜班 3.25 分，夜班走访 1 次，夜班现金 0.06 万元"


def test_the_limitation_guard_saved_most_limitations_then_has_more_cash() -> None:
    data = AwardData(members=(
        member("王芳", saved=2, cash_fen=100), member("李明", saved=3),
        member("赵强", saved=2, cash_fen=200), member("张伟", saved=0, cash_fen=10**9),
    ))  # fmt: skip
    top = suggest("limitation_guard", data)
    assert names(top) == ["李明", "赵强", "王芳"]
    assert top[0].figures == (Figure("saved", 3), Figure("cash", 0))


def test_only_the_top_three_are_suggested_and_an_award_of_ones_own_has_no_formula() -> None:
    data = AwardData(members=tuple(member(f"队员{i}", points=i * 100) for i in range(1, 7)))
    assert names(suggest("top_member", data)) == ["队员6", "队员5", "队员4"]
    assert suggest("", data) == ()


# ----------------------------------------------------------------------------- the vote

SUGGESTED = (Suggestion(1, "李明", "猛虎队"), Suggestion(2, "王芳", "猛虎队"),
             Suggestion(3, "赵强", "飞鹰队"))  # fmt: skip


def test_the_nominee_with_most_votes_wins() -> None:
    result = outcome({"王芳": 2, "李明": 1, "张伟": 4}, SUGGESTED)
    assert (result.winner, result.votes, result.total) == ("张伟", 4, 7)
    assert result.tally == (("张伟", 4), ("王芳", 2), ("李明", 1))
    assert not result.by_data


def test_a_tie_in_votes_goes_to_the_better_suggestion_rank() -> None:
    assert outcome({"赵强": 3, "王芳": 3}, SUGGESTED).winner == "王芳"
    assert outcome({"张伟": 3, "赵强": 3}, SUGGESTED).winner == "赵强"  # suggested beats not


def test_a_tie_between_nominees_the_data_does_not_suggest_goes_by_name() -> None:
    assert outcome({"张伟": 2, "刘洋": 2}, SUGGESTED).winner == "刘洋"  # 刘 U+5218 < 张 U+5F20
    assert outcome({"张伟": 2, "刘洋": 2}).winner == "刘洋"


def test_without_votes_the_first_suggestion_wins_on_the_data_and_without_either_nobody() -> None:
    result = outcome({}, SUGGESTED)
    assert (result.winner, result.votes, result.total, result.by_data) == ("李明", 0, 0, True)
    assert outcome({"王芳": 0}, ()).winner is None


# ----------------------------------------------------------------------------- input and text


def test_a_nomination_needs_a_reason_that_is_not_blank() -> None:
    for blank in ("", "   ", "\n\t", None):
        with pytest.raises(AwardRefused) as info:
            clean_reason(blank)
        assert info.value.key == "awards.err.reason"
        assert info.value.text() == "请填写提名理由。"
    assert clean_reason("  连续三晚夜访，签回执 5 份 ") == "连续三晚夜访，签回执 5 份"
    with pytest.raises(AwardRefused, match="too_long"):
        clean_reason("很" * 1001)


def test_an_award_needs_a_name() -> None:
    with pytest.raises(AwardRefused) as info:
        clean_category_name(" ")
    assert info.value.text("en") == "Give the award a name."
    assert clean_category_name(" 最佳后勤奖 ") == "最佳后勤奖"


def test_suggested_nominees_come_first_then_the_rest_of_the_camp() -> None:
    camp = ["王芳", "李明", "张伟", "赵强", "刘洋"]
    assert nominee_choices(SUGGESTED, camp) == ["李明", "王芳", "赵强", "张伟", "刘洋"]
    assert nominee_choices((Suggestion(1, "已离营", None),), ["王芳"]) == ["王芳"]


def test_figures_read_with_two_decimals_for_points_and_in_10k_yuan_for_cash() -> None:
    assert figures_text((Figure("points", 1_250), Figure("cash", 3_200_000))) == (
        "12.50 分，现金 3.20 万元"
    )
    assert figures_text((Figure("points", 800), Figure("cash", 32_000)), "en") == (
        "8.00 pts, cash 0.03 × 10k ¥"
    )
    assert figure_text(Figure("rank_at", 2, 5), "en") == "#2 on day 5"


def test_every_awards_label_and_each_one_built_from_a_name_is_in_both_languages() -> None:
    keys = [k for k in LABELS if k.startswith("awards.")]
    assert len(keys) > 80
    missing = [(k, lang) for k in keys for lang in LANGUAGES if not LABELS[k].get(lang, "").strip()]
    assert missing == []
    kinds = ("points", "cash", "deals", "promises", "acks", "night_points", "night_visits",
             "night_cash", "rise", "rank_at", "points_at", "saved")  # fmt: skip
    needed = ([f"awards.rule.{r}" for r in RULES] + [f"awards.subject.{s}" for s in SUBJECTS]
              + [f"awards.fig.{k}" for k in kinds] + ["awards.rule.none"]
              + [f"awards.err.not_{s}" for s in SUBJECTS])  # fmt: skip
    for key in needed:
        for lang in LANGUAGES:
            assert t(key, lang).strip(), (key, lang)
