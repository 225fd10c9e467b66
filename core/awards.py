"""Awards of the closing ceremony (SPEC §3): the default categories, the suggestions the
data backs with the figures behind them, and the winner of the votes.

The store gathers the figures (db/awards.py); everything here is plain arithmetic on them.
Formulas, as implemented (a candidate needs a positive first figure; at most `TOP`
suggestions, ranked 1, 2, 3 with no shared ranks):

- `champion_team` 冠军团队: the camp standings of core.standings — points, then cash, then
  the team that reached its total first, then name. Teams with neither points nor cash
  are left out.
- `top_member` 清收标兵: the members' standings — points (their equal shares), then cash,
  then name.
- `negotiator` 最佳谈判手: complete promises (date, amount, method: every counted visit
  that won one) plus first acknowledgements (the visit that earned the loan's first
  signed acknowledgement), each counted once for every member the visit lists; then the
  member's cash, then name.
- `night_star` 夜战之星: the points of the member's shares of night-shift visits, then
  the cash of those shares, then name.
- `progress_team` 最佳进步团队: the rank in the first field day's period minus the rank
  in the last field day's period (places risen), then the last period's points, then
  name. Only teams that rose. Until the last field day's period has begun, the latest
  period that has begun stands in for it, so the suggestion grows during the camp.
- `limitation_guard` 时效守护奖: limitations saved — loans a field day's period took from
  expired or urgent to safe, by the rule of the summary meeting (db.queries.summary
  .saved_limitations) — each credited to every member of the visit that saved it; then
  the member's cash, then name.

The winner of a category: most votes; a tie goes to the better suggestion rank — the rank
in the formula's whole ranking, of which the top three shown are the head, so a tie
between two nominees outside the top three still goes to the better figures; a nominee
the formula does not rank at all comes after every ranked one — then the name in Unicode
order. With no votes at all the first suggestion wins on the data alone; with neither,
there is no winner.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from core.i18n import DEFAULT_LANGUAGE, t
from core.money import format_points, format_wan
from core.standings import Entry, rank

TOP = 3
SUBJECTS = ("team", "member")
NAME_MAX = 100
REASON_MAX = 1000


@dataclass(frozen=True)
class DefaultCategory:
    name: str
    subject: str  # "team" or "member"
    rule: str
    description: str


DEFAULT_CATEGORIES: tuple[DefaultCategory, ...] = (
    DefaultCategory("冠军团队", "team", "champion_team", "训练营累计积分最高的团队"),
    DefaultCategory("清收标兵", "member", "top_member", "个人累计积分最高的队员"),
    DefaultCategory(
        "最佳谈判手", "member", "negotiator", "取得完整还款承诺与首次签收回执最多的队员"
    ),
    DefaultCategory("夜战之星", "member", "night_star", "夜班走访积分最高的队员"),
    DefaultCategory(
        "最佳进步团队", "team", "progress_team", "从首个外勤日到最后一个外勤日排名提升最多的团队"
    ),
    DefaultCategory(
        "时效守护奖",
        "member",
        "limitation_guard",
        "保全诉讼时效（由已过期或紧急变为安全）最多的队员",
    ),
)
RULES = tuple(c.rule for c in DEFAULT_CATEGORIES)


class AwardRefused(Exception):
    """A write to the awards refused for a reason the user can fix; `key` is its label."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key, values)
        self.key = key
        self.values = values

    def text(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return t(self.key, lang).format(**self.values)


# ----------------------------------------------------------------------------- figures in


@dataclass(frozen=True)
class TeamFigures:
    """A team's camp totals: points in hundredths, cash in fen."""

    name: str
    points: int = 0
    cash_fen: int = 0
    reached_at: datetime | None = None


@dataclass(frozen=True)
class MemberFigures:
    """A member's figures over the counted visits of the camp."""

    name: str
    team: str
    points: int = 0  # hundredths: the member's equal shares
    cash_fen: int = 0
    promises: int = 0  # visits listing the member that won a complete promise
    acks: int = 0  # visits listing the member that earned a loan's first acknowledgement
    night_points: int = 0  # hundredths: shares of night-shift visits
    night_cash_fen: int = 0
    night_visits: int = 0
    saved: int = 0  # limitations saved by visits listing the member


@dataclass(frozen=True)
class ProgressRow:
    team: str
    first_rank: int
    last_rank: int
    last_points: int  # hundredths, in the last period


@dataclass(frozen=True)
class Progress:
    """Each team's rank in the first field day's period and in the last one."""

    first_day: int
    last_day: int
    rows: tuple[ProgressRow, ...]


@dataclass(frozen=True)
class AwardData:
    teams: tuple[TeamFigures, ...] = ()
    members: tuple[MemberFigures, ...] = ()
    progress: Progress | None = None  # None before two field days' periods have begun


# ----------------------------------------------------------------------------- suggestions out


@dataclass(frozen=True)
class Figure:
    """One number behind a suggestion: `kind` names its label (awards.fig.KIND); points
    are hundredths, cash fen, ranks and counts plain; `day` for a period's figure."""

    kind: str
    value: int
    day: int | None = None


@dataclass(frozen=True)
class Suggestion:
    rank: int
    nominee: str  # a team's or a member's name
    team: str | None  # the member's team; None when the nominee is a team
    figures: tuple[Figure, ...] = ()


def _top(
    items: Sequence[Any],
    key: Callable[[Any], tuple],
    keep: Callable[[Any], bool],
    make: Callable[[Any], tuple[str, str | None, tuple[Figure, ...]]],
    top: int | None,
) -> tuple[Suggestion, ...]:
    chosen = sorted((x for x in items if keep(x)), key=key)[:top]
    return tuple(Suggestion(i, *make(x)) for i, x in enumerate(chosen, start=1))


def _champion_team(data: AwardData, top: int | None) -> tuple[Suggestion, ...]:
    entries = [Entry(x.name, x.points, x.cash_fen, x.reached_at) for x in data.teams
               if x.points > 0 or x.cash_fen > 0]  # fmt: skip
    return tuple(
        Suggestion(position, e.name, None, (Figure("points", e.points),
                                            Figure("cash", e.cash_fen)))
        for position, e in rank(entries)[:top]
    )  # fmt: skip


def _top_member(data: AwardData, top: int | None) -> tuple[Suggestion, ...]:
    by_name = {m.name: m for m in data.members}
    entries = [Entry(m.name, m.points, m.cash_fen) for m in data.members
               if m.points > 0 or m.cash_fen > 0]  # fmt: skip
    return tuple(
        Suggestion(position, e.name, by_name[e.name].team,
                   (Figure("points", e.points), Figure("cash", e.cash_fen)))
        for position, e in rank(entries, use_reached=False)[:top]
    )  # fmt: skip


def _negotiator(data: AwardData, top: int | None) -> tuple[Suggestion, ...]:
    return _top(
        data.members,
        key=lambda m: (-(m.promises + m.acks), -m.cash_fen, m.name),
        keep=lambda m: m.promises + m.acks > 0,
        make=lambda m: (m.name, m.team, (
            Figure("deals", m.promises + m.acks), Figure("promises", m.promises),
            Figure("acks", m.acks), Figure("cash", m.cash_fen))),
        top=top,
    )  # fmt: skip


def _night_star(data: AwardData, top: int | None) -> tuple[Suggestion, ...]:
    return _top(
        data.members,
        key=lambda m: (-m.night_points, -m.night_cash_fen, m.name),
        keep=lambda m: m.night_points > 0,
        make=lambda m: (m.name, m.team, (
            Figure("night_points", m.night_points), Figure("night_visits", m.night_visits),
            Figure("night_cash", m.night_cash_fen))),
        top=top,
    )  # fmt: skip


def _progress_team(data: AwardData, top: int | None) -> tuple[Suggestion, ...]:
    p = data.progress
    if p is None:
        return ()
    return _top(
        p.rows,
        key=lambda r: (-(r.first_rank - r.last_rank), -r.last_points, r.team),
        keep=lambda r: r.first_rank > r.last_rank,
        make=lambda r: (r.team, None, (
            Figure("rise", r.first_rank - r.last_rank),
            Figure("rank_at", r.first_rank, p.first_day),
            Figure("rank_at", r.last_rank, p.last_day),
            Figure("points_at", r.last_points, p.last_day))),
        top=top,
    )  # fmt: skip


def _limitation_guard(data: AwardData, top: int | None) -> tuple[Suggestion, ...]:
    return _top(
        data.members,
        key=lambda m: (-m.saved, -m.cash_fen, m.name),
        keep=lambda m: m.saved > 0,
        make=lambda m: (m.name, m.team, (Figure("saved", m.saved), Figure("cash", m.cash_fen))),
        top=top,
    )


_FORMULAS: dict[str, Callable[[AwardData, int | None], tuple[Suggestion, ...]]] = {
    "champion_team": _champion_team,
    "top_member": _top_member,
    "negotiator": _negotiator,
    "night_star": _night_star,
    "progress_team": _progress_team,
    "limitation_guard": _limitation_guard,
}


def suggest(rule: str, data: AwardData, top: int | None = TOP) -> tuple[Suggestion, ...]:
    """The `top` candidates of a category's formula (module docstring), every candidate
    with `top=None`; none for a category of the organiser's own (rule "")."""
    formula = _FORMULAS.get(rule)
    return formula(data, top) if formula else ()


# ----------------------------------------------------------------------------- the vote


@dataclass(frozen=True)
class Outcome:
    """A category's result: the winner (None: no votes and nothing suggested), the winner's
    votes, all votes cast, and every nominee with votes in result order."""

    winner: str | None
    votes: int
    total: int
    tally: tuple[tuple[str, int], ...] = ()
    by_data: bool = False  # no votes: the first suggestion won on the data alone


def outcome(votes: Mapping[str, int], suggestions: Sequence[Suggestion] = ()) -> Outcome:
    """Most votes wins; a tie goes to the better suggestion rank, then the name."""
    suggested = {s.nominee: s.rank for s in suggestions}
    unranked = len(suggested) + 1
    tally = sorted(
        ((name, n) for name, n in votes.items() if n > 0),
        key=lambda x: (-x[1], suggested.get(x[0], unranked), x[0]),
    )
    total = sum(n for _, n in tally)
    if tally:
        return Outcome(tally[0][0], tally[0][1], total, tuple(tally))
    if suggestions:
        first = min(suggestions, key=lambda s: s.rank)
        return Outcome(first.nominee, 0, 0, (), by_data=True)
    return Outcome(None, 0, 0)


# ----------------------------------------------------------------------------- text


def figure_text(fig: Figure, lang: str = DEFAULT_LANGUAGE) -> str:
    """One figure in words: 12.50 分, 现金 3.20 万元, 第3天第 4 名, …"""
    if fig.kind in ("points", "night_points", "points_at"):
        value = format_points(fig.value)
    elif fig.kind in ("cash", "night_cash"):
        value = format_wan(fig.value)
    else:
        value = str(fig.value)
    return t(f"awards.fig.{fig.kind}", lang).format(v=value, day=fig.day)


def figures_text(figures: Sequence[Figure], lang: str = DEFAULT_LANGUAGE) -> str:
    """The figures behind a suggestion, as one line: "12.50 分，现金 3.20 万元"."""
    return t("awards.fig.sep", lang).join(figure_text(f, lang) for f in figures)


# ----------------------------------------------------------------------------- input


def clean_text(text: object, max_len: int, empty_key: str, long_key: str) -> str:
    value = "" if text is None else str(text).strip()
    if not value:
        raise AwardRefused(empty_key)
    if len(value) > max_len:
        raise AwardRefused(long_key, n=max_len)
    return value


def clean_reason(text: object) -> str:
    """A nomination's reason: required, not blank."""
    return clean_text(text, REASON_MAX, "awards.err.reason", "awards.err.too_long")


def clean_category_name(text: object) -> str:
    return clean_text(text, NAME_MAX, "awards.err.name", "awards.err.too_long")


def check_subject(subject: str) -> str:
    if subject not in SUBJECTS:
        raise AwardRefused("awards.err.subject")
    return subject


def nominee_choices(suggestions: Sequence[Suggestion], camp_names: Sequence[str]) -> list[str]:
    """Whom a nomination may name: the suggested nominees first, in rank order, then the
    rest of the camp's teams or members (per the category's subject) in the camp's order."""
    allowed = set(camp_names)
    first = [s.nominee for s in sorted(suggestions, key=lambda s: s.rank) if s.nominee in allowed]
    return first + [n for n in camp_names if n not in set(first)]
