"""The 08:00 morning board (SPEC §3 Morning board): its values and how they fill a screen.

Pure: db.queries.board reads the store into a `MorningBoard` of plain, already masked
values; the page draws it. What lives here is the arithmetic of the morning —
the last cut-off before now, the field day whose plans the board shows, a plan
grouped by township and village — and the packing of lists into columns and
columns into views, so that at 1920×1080 nothing needs scrolling: what one
screen cannot hold is spread over views the projector rotates through.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby

from core.calendar import CampCalendar
from core.teamstyle import TeamStyle
from core.ticker import NewsItem

# a plan's priority tiers (core.research.plan_tier 0..4), most pressing first
TIERS = ("deadline", "expired", "urgent", "promise", "other")


# ----------------------------------------------------------------------------- values


@dataclass(frozen=True)
class PlanLoan:
    """One household on a team's plan, as a shared screen may show it (SPEC §4.10)."""

    order: int  # position on the plan: the visiting priority, 1 first
    borrower: str  # masked: 张**
    account: str  # masked: ************5678
    township: str
    village: str  # '' when the list gives none
    owed_fen: int  # principal and owed interest still owing
    tier: str  # one of TIERS
    ethnicity: str = ""  # only when the camp keeps a customs note for it
    customer_type: str = ""


@dataclass(frozen=True)
class PlanGroup:
    township: str
    village: str
    loans: tuple[PlanLoan, ...]


@dataclass(frozen=True)
class TeamPlan:
    team: str
    members: tuple[str, ...]  # staff: never masked; the leader first
    groups: tuple[PlanGroup, ...]
    stored: bool  # saved on /research; else prefilled by priority

    @property
    def loans(self) -> int:
        return sum(len(g.loans) for g in self.groups)

    @property
    def owed_fen(self) -> int:
        return sum(loan.owed_fen for g in self.groups for loan in g.loans)


@dataclass(frozen=True)
class TeamLine:
    """One team on the scoreboard: last night, the last closed period, the camp to date."""

    team: str
    rank: int  # in the camp to date
    points: int  # hundredths
    cash_fen: int
    target_fen: int  # the camp target
    day_rank: int | None = None  # in the last closed period; None before the first closes
    day_points: int = 0
    day_cash_fen: int = 0
    night_visits: int = 0
    night_points: int = 0
    night_cash_fen: int = 0
    night_acks: int = 0
    night_promises: int = 0

    @property
    def attainment(self) -> float | None:
        return self.cash_fen / self.target_fen if self.target_fen else None


@dataclass(frozen=True)
class PairingLine:
    """A PK pairing; with the points of its day's period once that period has closed."""

    team_a: str
    team_b: str
    points_a: int | None = None
    points_b: int | None = None

    @property
    def winner(self) -> str | None:
        """The team with more points in the period; None for a draw or an open period."""
        if self.points_a is None or self.points_b is None or self.points_a == self.points_b:
            return None
        return self.team_a if self.points_a > self.points_b else self.team_b


@dataclass(frozen=True)
class MorningBoard:
    """Everything the morning board shows, read at one moment (`now`, camp local)."""

    code: str
    name: str
    start_date: date
    days: int
    first_field_day: int
    now: datetime  # camp local, aware
    day: int | None  # camp day of today; None before or after the camp
    since: datetime  # the last cut-off at or before now, camp local: "last night" starts here
    period_day: int | None  # the last closed period (its field day); None before the first
    teams: tuple[TeamLine, ...]  # in camp rank order
    red_flag: str | None  # top team of the last closed period
    plan_day: int  # the field day whose plans and pairings are shown
    pairings: tuple[PairingLine, ...]  # of the plan day
    results: tuple[PairingLine, ...]  # of the last closed period, with its points
    plans: tuple[TeamPlan, ...]  # in team order
    materials: tuple[tuple[str, str], ...]
    rules_text: str
    conduct: tuple[tuple[str, str], ...]
    customs: tuple[tuple[str, str], ...]  # of the ethnicities on the plans shown
    frozen: bool = False
    styles: dict[str, TeamStyle] = field(default_factory=dict)  # team → colour, emblem
    news: tuple[NewsItem, ...] = ()  # the ticker (core.ticker), masked

    @property
    def today(self) -> date:
        return self.now.date()

    @property
    def field_days(self) -> int:
        return self.days - self.first_field_day + 1

    @property
    def field_day(self) -> int | None:
        """k in 'field day k of 5', or None on a research or classroom day."""
        if self.day is None or self.day < self.first_field_day:
            return None
        return self.day - self.first_field_day + 1

    @property
    def phase(self) -> str:
        """One of "before" the camp, "camp" during its days, "after" it."""
        if self.day is not None:
            return "camp"
        return "before" if self.today < self.start_date else "after"

    def date_of(self, day: int) -> date:
        return self.start_date + timedelta(days=day - 1)

    @property
    def plan_is_today(self) -> bool:
        return self.day == self.plan_day

    @property
    def pace(self) -> float:
        """The share of the field days' periods closed: where the camp 'should' be."""
        if self.period_day is None:
            return 0.0
        return (self.period_day - self.first_field_day + 1) / self.field_days

    @property
    def cash_fen(self) -> int:
        return sum(t.cash_fen for t in self.teams)

    @property
    def target_fen(self) -> int:
        return sum(t.target_fen for t in self.teams)


# ----------------------------------------------------------------------------- the morning


def last_cutoff(cal: CampCalendar, now: datetime) -> datetime:
    """The latest daily cut-off at or before `now` (aware UTC): "last night" starts there.

    Each date's cut-off is the camp's daily cut-off, or the final cut-off on the
    last camp day. At 07:50 on day 4 it is day 3's 17:30; at 17:30 sharp it is now.
    """
    local = cal.local(now)
    for back in range(3):
        d = local.date() - timedelta(days=back)
        at = cal.to_utc(
            datetime.combine(d, cal.final_cutoff if cal.day_of_date(d) == cal.days else cal.cutoff)
        )
        if at <= now:
            return at
    raise AssertionError("a cut-off falls on every date")  # pragma: no cover


def plan_day(cal: CampCalendar, today: date) -> int:
    """The field day whose plans the board shows: today's on a field day; before the
    field days the first one's (a preview), after them the last one's."""
    n = (today - cal.start_date).days + 1
    return min(max(n, cal.first_field_day), cal.days)


def group_plan(loans: Iterable[PlanLoan]) -> tuple[PlanGroup, ...]:
    """A plan's households by township, then village, each in the order the plan first
    reaches it; households keep their plan order within a village."""
    townships: dict[str, dict[str, list[PlanLoan]]] = {}
    for loan in loans:
        townships.setdefault(loan.township, {}).setdefault(loan.village, []).append(loan)
    return tuple(
        PlanGroup(township, village, tuple(members))
        for township, villages in townships.items()
        for village, members in villages.items()
    )


# ----------------------------------------------------------------------------- fitting a screen


def text_rows(text: str, per_row: float) -> int:
    """Rows a text takes in a column `per_row` full-width characters wide (estimate:
    CJK and full-width characters 1, others 0.55)."""
    width = sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)
    return max(1, math.ceil(width / per_row))


@dataclass(frozen=True)
class Piece:
    """Part of one block shown in one column: its items [start, stop)."""

    block: int
    start: int
    stop: int
    continued: bool = False  # not the block's first piece: the title says "continued"


Column = list[Piece]


def pack(
    heights: Sequence[Sequence[float]],
    *,
    rows: float,
    columns: int,
    title: float = 1.0,
    gap: float = 0.5,
    headers: Sequence[Sequence[bool]] = (),
) -> list[list[Column]]:
    """Blocks of items into columns of `rows` rows, and columns into views of `columns`.

    `heights[b][i]` is the rows of item i of block b; each piece of a block costs
    `title` rows more. A block starts in the column being filled only if it fits
    there whole (after a `gap`); otherwise it opens a new column, and one longer
    than a column goes on in the next columns, its title marked as continued. An
    item taller than a whole column gets a column of its own. An empty block still
    shows its title (and one row saying it is empty). An item marked in `headers`
    (a township's header) never ends a column: it moves to the next with what it heads.
    """
    if rows <= title or columns < 1:
        raise ValueError("a column must hold a title and a row; a view at least one column")
    cols: list[Column] = []
    used = rows  # the column being filled; "full" before the first one opens

    def open_column() -> None:
        nonlocal used
        cols.append([])
        used = 0.0

    for b, items in enumerate(heights):
        total = title + (sum(items) if items else 1.0)
        if cols and cols[-1] and used + gap + total <= rows:
            used += gap
        else:
            open_column()
        if not items:
            cols[-1].append(Piece(b, 0, 0))
            used += total
            continue
        start, used_here = 0, used + title
        continued = False
        heads = headers[b] if b < len(headers) else ()
        for i, h in enumerate(items):
            if used_here + h > rows and i > start:
                # a header left last in a column goes on with the row it heads
                cut = i - 1 if i - 1 > start and i - 1 < len(heads) and heads[i - 1] else i
                cols[-1].append(Piece(b, start, cut, continued))
                open_column()
                start, used_here, continued = cut, title + sum(items[cut:i]), True
            used_here += h
        cols[-1].append(Piece(b, start, len(items), continued))
        used = used_here
    return [cols[i : i + columns] for i in range(0, len(cols), columns)]


def chunks(count: int, size: int) -> list[range]:
    """0..count in runs of at most `size` (one empty run for nothing)."""
    if count <= 0:
        return [range(0)]
    return [range(i, min(i + size, count)) for i in range(0, count, size)]


# ----------------------------------------------------------------------------- the channels

# The 1080 screen's budgets (px at 1920×1080, presentation mode), which pages/_board_style's
# sizes follow: the header, the channel line and the news ticker take SCREEN_TOP; the
# scoreboard's two header rows and its total line SCORE_CHROME.
SCREEN_TOP, SCORE_CHROME = 190, 140
SCREEN_HEIGHT = 1080
TEAMS_PER_VIEW = 12  # scoreboard rows on one screen
# a plan column: rows of 28 px type, 40 px high; a title: the team's header, its members
# and, in a continued column, the township repeated
PLAN_COLUMNS, PLAN_ROWS, PLAN_TITLE = 4, 22.0, 3.2
NOTE_COLUMNS, NOTE_ROWS, NOTE_CHARS = 3, 23.0, 21.0  # rows of 28 px type; characters a row


@dataclass(frozen=True)
class Channel:
    kind: str  # "scores", "plans" or "notes"
    teams: range = range(0)  # scores: the teams' rows on this screen
    columns: list[list[Piece]] = field(default_factory=list)  # plans, notes
    part: int = 1  # this screen among those of its kind
    parts: int = 1


@dataclass(frozen=True)
class PlanRow:
    """One row of a plan's column: a township header, or a household."""

    township: str
    loan: PlanLoan | None = None
    village: str = ""
    count: int = 0  # households in the township (header rows)
    first: bool = False  # the village's first household


def plan_rows(plan: TeamPlan) -> list[PlanRow]:
    rows: list[PlanRow] = []
    for township, groups in groupby(plan.groups, key=lambda g: g.township):
        groups = list(groups)
        rows.append(PlanRow(township, count=sum(len(g.loans) for g in groups)))
        for g in groups:
            rows += [
                PlanRow(township, loan, g.village, first=i == 0) for i, loan in enumerate(g.loans)
            ]
    return rows


Notes = list[tuple[str, list[tuple[str, str]]]]


def note_blocks(board: MorningBoard, customs_none: str, rules_none: str) -> Notes:
    """The lists as (title label, rows of (bold part, rest)); an empty list of customs or
    rules says so in a row."""
    rules = [("", line.strip()) for line in board.rules_text.splitlines() if line.strip()]
    return [
        ("board.materials", [(f"☐ {n}", t) for n, t in board.materials]),
        ("board.conduct", list(board.conduct)),
        ("board.customs", list(board.customs) or [("", customs_none)]),
        ("board.rules", rules or [("", rules_none)]),
    ]


def channels(board: MorningBoard, notes: Notes) -> list[Channel]:
    """The screens the board rotates through, in order: the scoreboard (twelve teams a
    screen), the teams' plans (four columns a screen), the lists."""
    at = chunks(len(board.teams), TEAMS_PER_VIEW)
    out = [Channel("scores", teams=r, part=i, parts=len(at)) for i, r in enumerate(at, start=1)]
    rows = [plan_rows(p) for p in board.plans]
    heights = [[1.0] * len(r) for r in rows]
    heads = [[row.loan is None for row in r] for r in rows]  # township headers
    plan_views = pack(heights, rows=PLAN_ROWS, columns=PLAN_COLUMNS, title=PLAN_TITLE,
                      headers=heads) or [[]]  # fmt: skip
    heights = [[text_rows(f"{a}：{b}", NOTE_CHARS) + 0.15 for a, b in rows]
               for _, rows in notes]  # fmt: skip
    note_views = pack(heights, rows=NOTE_ROWS, columns=NOTE_COLUMNS, title=1.4)
    for kind, views in (("plans", plan_views), ("notes", note_views)):
        out += [Channel(kind, columns=cols, part=i, parts=len(views))
                for i, cols in enumerate(views, start=1)]  # fmt: skip
    return out


def score_sizes(teams: int) -> tuple[int, int]:
    """(row height, type size) in px of the scoreboard's team rows on the 1080 screen: the
    rows share the height the header, the ticker and the table's own header leave, up to
    88 px a row; type grows with the row from 32 to 36 px (the width, twelve columns
    beside the red flag, allows no more)."""
    room = SCREEN_HEIGHT - SCREEN_TOP - SCORE_CHROME
    row = min(88, room // max(teams, 1))
    return row, max(32, min(36, round(row * 0.5)))
