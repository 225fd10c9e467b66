"""The camp's evaluation (SPEC §4.9, last paragraph): pure figures from plain rows.

The store (db/evaluation.py) gathers aggregates and small rows; these functions turn
them into what /postloan shows and exports. The definitions, where SPEC leaves room:

1. Cash collected: principal + interest + written-off collected by the camp's counted
   visits (not voided, not entered after the freeze; the replay's cash columns), by
   segment, aging bucket (§4.2, of the loan list's days overdue), township and
   customer type (the loan's type now; `UNCLASSIFIED` when it has none). What owners
   collected in follow-ups after the close is shown beside it as "after the camp",
   never added to the camp's own figure.
2. Promises kept: every complete promise of a counted visit whose date is over at
   `today` (the promise date is before today). It is kept when the loan's payments —
   counted camp visits and follow-ups — after the promise's visit and up to the end of
   the promise date (camp local midnight) add up to at least the promised amount:
   the `broken_promise` rule of §4.9 (core.postloan), applied to each promise.
3. Limitations saved during the camp: a loan whose first counted camp visit found its
   limitation expired or urgent and whose clock, with the camp's visits that collected
   money or got the borrower's signature, is safe at the camp's last day — the rule of
   the summary meeting (db.summary.saved_limitations) over the whole camp as one
   period. Balance: the principal still owed after the camp's visits.
4. NPL before and after: the first loan list imported (before) and the latest list
   dated after the camp's start date (after), for the loans of the camp's scope. A
   loan's class in a list is the worse of the listed class and the floor of its days
   overdue in that list (§4.3, core.loans.effective_class, as /research reads it);
   NPL = 次级 + 可疑 + 损失; count and principal balance of the loans still owing in the
   list. The migration counts each loan owing in the first list by its class there
   (rows) and its class in the later list (columns), with the first list's principal
   as its balance; two more columns take the loans the later list shows owing nothing
   (`SETTLED`) and those it does not show at all (`ABSENT`).
5. Cost per 元 collected: the camp's cost over the camp's own cash (follow-ups left
   out), an exact Decimal; none without a cost or without cash.
6. Tactic effectiveness: for each tactic logged on counted camp visits, the share of
   those visits followed by a payment (principal or interest above zero, a counted
   camp visit or a follow-up) on the same loan from the visit's own moment up to 14
   days (14 × 24 hours) after it, both ends included — so a visit that collected money
   itself counts as followed. By the loan's customer type, and over all types.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from core.calendar import end_of_day
from core.campitems import CUSTOMER_TYPES
from core.exports import Share, fill_sheet, save_workbook
from core.i18n import DEFAULT_LANGUAGE, t, translator
from core.loans import (
    AGING_BUCKETS,
    RISK_ORDER,
    aging_bucket,
    effective_class,
    is_npl,
)
from core.money import fen_to_yuan, format_wan, format_yuan, round_half_up
from core.records import SEGMENTS
from core.research import NOT_OVERDUE

UNCLASSIFIED = "未分类"
CASH_DIMENSIONS = ("segment", "bucket", "township", "customer_type")
TACTIC_WINDOW = timedelta(days=14)
SETTLED = "settled"  # migration column: owing nothing in the later list
ABSENT = "absent"  # migration column: not in the later list
MIGRATION_COLUMNS: tuple[str, ...] = (*RISK_ORDER, SETTLED, ABSENT)


# ----------------------------------------------------------------------------- 1. cash


@dataclass(frozen=True)
class CashCell:
    """Money collected on the loans sharing one segment, township, customer type and
    listed days overdue (the store's GROUP BY; one loan is a cell too)."""

    segment: str
    township: str
    customer_type: str | None
    days_overdue: int
    principal_fen: int = 0
    interest_fen: int = 0
    written_off_fen: int = 0
    after_fen: int = 0  # follow-ups after the close


@dataclass(frozen=True)
class CashGroup:
    """One bar: what the camp collected on the loans sharing one key, and after it."""

    key: str
    principal_fen: int = 0
    interest_fen: int = 0
    written_off_fen: int = 0
    after_fen: int = 0

    @property
    def camp_fen(self) -> int:
        return self.principal_fen + self.interest_fen + self.written_off_fen


def customer_type_key(value: str | None) -> str:
    """The loan's customer type, `UNCLASSIFIED` when it has none."""
    text = (value or "").strip()
    return text or UNCLASSIFIED


def cash_key(cell: CashCell, dimension: str) -> str:
    if dimension == "segment":
        return cell.segment
    if dimension == "bucket":
        return aging_bucket(cell.days_overdue) or NOT_OVERDUE
    if dimension == "township":
        return cell.township
    if dimension == "customer_type":
        return customer_type_key(cell.customer_type)
    raise ValueError(f"unknown dimension {dimension!r} (one of {', '.join(CASH_DIMENSIONS)})")


def _add(group: CashGroup | None, key: str, cell: CashCell) -> CashGroup:
    g = group or CashGroup(key)
    return CashGroup(
        key,
        g.principal_fen + cell.principal_fen,
        g.interest_fen + cell.interest_fen,
        g.written_off_fen + cell.written_off_fen,
        g.after_fen + cell.after_fen,
    )


def cash_total(cells: Iterable[CashCell]) -> CashGroup:
    total = CashGroup("")
    for cell in cells:
        total = _add(total, "", cell)
    return total


def cash_by(cells: Iterable[CashCell], dimension: str) -> list[CashGroup]:
    """Cash by one dimension. Segments and aging buckets always appear in their natural
    order, even at zero (a loan not overdue on the list comes first as NOT_OVERDUE);
    customer types in the order of §4.5 with `UNCLASSIFIED` last; townships by the
    camp's cash, largest first, then after the camp, then name. Other keys follow sorted.
    """
    groups: dict[str, CashGroup] = {}
    for cell in cells:
        key = cash_key(cell, dimension)
        groups[key] = _add(groups.get(key), key, cell)
    if dimension == "township":
        order = sorted(groups, key=lambda k: (-groups[k].camp_fen, -groups[k].after_fen, k))
    else:
        fixed: tuple[str, ...] = {
            "segment": SEGMENTS,
            "bucket": (NOT_OVERDUE, *AGING_BUCKETS),
            "customer_type": CUSTOMER_TYPES,
        }[dimension]
        always = {"segment": SEGMENTS, "bucket": AGING_BUCKETS}.get(dimension, ())
        first = [k for k in fixed if k in always or k in groups]
        rest = sorted(k for k in groups if k not in fixed and k != UNCLASSIFIED)
        order = first + rest + ([UNCLASSIFIED] if UNCLASSIFIED in groups else [])
    return [groups.get(k, CashGroup(k)) for k in order]


# ----------------------------------------------------------------------------- payments


@dataclass(frozen=True)
class Payment:
    """Money on a loan at a moment: a counted camp visit or a follow-up after the close."""

    loan_id: int
    at: datetime  # aware
    amount_fen: int  # principal + interest


class PaymentBook:
    """Each loan's payments in time order with running sums: a window is two bisects."""

    def __init__(self, payments: Iterable[Payment]) -> None:
        by_loan: dict[int, list[tuple[datetime, int]]] = {}
        for p in payments:
            if p.amount_fen > 0:
                by_loan.setdefault(p.loan_id, []).append((p.at, p.amount_fen))
        self._times: dict[int, list[datetime]] = {}
        self._sums: dict[int, list[int]] = {}
        for loan_id, rows in by_loan.items():
            rows.sort(key=lambda r: r[0])
            sums, running = [0], 0
            for _, amount in rows:
                running += amount
                sums.append(running)
            self._times[loan_id] = [at for at, _ in rows]
            self._sums[loan_id] = sums

    def collected(self, loan_id: int, after: datetime, before: datetime) -> int:
        """Paid strictly after `after` and strictly before `before`."""
        times = self._times.get(loan_id)
        if not times:
            return 0
        lo = bisect.bisect_right(times, after)
        hi = bisect.bisect_left(times, before)
        sums = self._sums[loan_id]
        return sums[hi] - sums[lo] if hi > lo else 0

    def paid_between(self, loan_id: int, start: datetime, end: datetime) -> bool:
        """Whether anything was paid from `start` to `end`, both included."""
        times = self._times.get(loan_id)
        if not times:
            return False
        i = bisect.bisect_left(times, start)
        return i < len(times) and times[i] <= end


# ----------------------------------------------------------------------------- 2. promises


@dataclass(frozen=True)
class PromiseMade:
    """A complete promise: the loan, the moment of the visit that got it, its date and amount."""

    loan_id: int
    made_at: datetime  # aware
    due: date
    amount_fen: int


@dataclass(frozen=True)
class PromiseTally:
    due: int  # complete promises whose date is over
    kept: int

    @property
    def rate(self) -> Decimal | None:
        """Kept over due, exact; None when no promise is due yet."""
        return Decimal(self.kept) / Decimal(self.due) if self.due else None


def promise_kept(promise: PromiseMade, book: PaymentBook, tz: ZoneInfo) -> bool:
    """The broken_promise rule of §4.9, turned round: the loan's payments after the
    promise's visit, up to the end of the promise date, reach the promised amount."""
    paid = book.collected(promise.loan_id, promise.made_at, end_of_day(promise.due, tz))
    return paid >= promise.amount_fen


def promises_kept(
    promises: Iterable[PromiseMade], book: PaymentBook, tz: ZoneInfo, today: date
) -> PromiseTally:
    """Promises whose date is before `today`, and how many of them were kept."""
    due = kept = 0
    for p in promises:
        if p.due >= today:
            continue
        due += 1
        kept += promise_kept(p, book, tz)
    return PromiseTally(due, kept)


# ----------------------------------------------------------------------------- 3. limitations


@dataclass(frozen=True)
class SavedTally:
    count: int = 0
    balance_fen: int = 0  # principal still owed after the camp's visits


def saved_tally(balances: Iterable[int]) -> SavedTally:
    """The saved loans' count and balance (which loans were saved: db.summary.saved_limitations)."""
    count = total = 0
    for balance_fen in balances:
        count += 1
        total += balance_fen
    return SavedTally(count, total)


# ----------------------------------------------------------------------------- 4. NPL


@dataclass(frozen=True)
class ListedCell:
    """Owing loans of one list sharing a listed class and days overdue (one loan is a cell)."""

    risk_class: str | None
    days_overdue: int
    count: int = 1
    balance_fen: int = 0  # principal
    written_off: bool = False  # 表外: beside the NPL figures, never in them (§4.3)


def list_class(risk_class: str | None, days_overdue: int) -> str:
    """A loan's class in a list: the worse of the listed class and the floor (§4.3)."""
    return effective_class(risk_class, days_overdue)[0]


@dataclass(frozen=True)
class NplFigures:
    loans: int  # owing loans in the list
    balance_fen: int
    npl_count: int
    npl_balance_fen: int
    written_off_count: int = 0
    written_off_balance_fen: int = 0

    @property
    def ratio(self) -> Decimal | None:
        return (
            Decimal(self.npl_balance_fen) / Decimal(self.balance_fen) if self.balance_fen else None
        )


def npl_figures(cells: Iterable[ListedCell]) -> NplFigures:
    """NPL count, balance and ratio of the on-balance-sheet loans; written-off ones beside."""
    loans = balance = npl_count = npl_balance = wo_count = wo_balance = 0
    for c in cells:
        if c.written_off:
            wo_count += c.count
            wo_balance += c.balance_fen
            continue
        loans += c.count
        balance += c.balance_fen
        if is_npl(list_class(c.risk_class, c.days_overdue)):
            npl_count += c.count
            npl_balance += c.balance_fen
    return NplFigures(loans, balance, npl_count, npl_balance, wo_count, wo_balance)


@dataclass(frozen=True)
class MigrationCell:
    """Loans owing in the first list, by what both lists say of them (one loan is a cell).

    `after_present` False: the later list does not show the loan; `after_owing` False:
    it shows it owing nothing. `balance_fen` is the first list's principal.
    """

    before_class: str | None
    before_days: int
    after_present: bool
    after_owing: bool = True
    after_class: str | None = None
    after_days: int = 0
    count: int = 1
    balance_fen: int = 0


@dataclass(frozen=True)
class Migration:
    """Counts and balances (first list's principal) by (class before, column after)."""

    counts: dict[tuple[str, str], int] = field(default_factory=dict)
    balances: dict[tuple[str, str], int] = field(default_factory=dict)

    def count(self, before: str, after: str) -> int:
        return self.counts.get((before, after), 0)

    def balance(self, before: str, after: str) -> int:
        return self.balances.get((before, after), 0)

    def row_count(self, before: str) -> int:
        return sum(self.count(before, a) for a in MIGRATION_COLUMNS)

    def row_balance(self, before: str) -> int:
        return sum(self.balance(before, a) for a in MIGRATION_COLUMNS)

    def moved(self, direction: int) -> int:
        """Loans whose class got better (direction -1) or worse (+1) between the lists."""
        rank = {c: i for i, c in enumerate(RISK_ORDER)}
        return sum(
            n
            for (b, a), n in self.counts.items()
            if a in rank and (rank[a] - rank[b]) * direction > 0
        )


def migration(cells: Iterable[MigrationCell]) -> Migration:
    counts: dict[tuple[str, str], int] = {}
    balances: dict[tuple[str, str], int] = {}
    for c in cells:
        before = list_class(c.before_class, c.before_days)
        if not c.after_present:
            after = ABSENT
        elif not c.after_owing:
            after = SETTLED
        else:
            after = list_class(c.after_class, c.after_days)
        counts[(before, after)] = counts.get((before, after), 0) + c.count
        balances[(before, after)] = balances.get((before, after), 0) + c.balance_fen
    return Migration(counts, balances)


# ----------------------------------------------------------------------------- 5. cost


def cost_per_yuan(cost_fen: int | None, cash_fen: int) -> Decimal | None:
    """元 of cost per 元 collected by the camp, exact; None without a cost or any cash."""
    if cost_fen is None or cash_fen <= 0:
        return None
    return Decimal(cost_fen) / Decimal(cash_fen)


def format_ratio(value: Decimal | None, places: str = "0.01") -> str:
    return "–" if value is None else f"{round_half_up(value, places)}"


def format_share(value: Decimal | None) -> str:
    """A share as a percentage with one decimal, half-up: 0.625 → '62.5%'."""
    return "–" if value is None else f"{round_half_up(value * 100, '0.1')}%"


# ----------------------------------------------------------------------------- 6. tactics


@dataclass(frozen=True)
class TacticCell:
    """Counted camp visits sharing one logged list of tactics and one customer type, and
    how many of them a payment followed within TACTIC_WINDOW."""

    tactics: tuple[str, ...]
    customer_type: str | None
    visits: int
    followed: int


def followed_by_payment(book: PaymentBook, loan_id: int, at: datetime) -> bool:
    """A payment on the loan from the visit's moment to 14 days after it, both included."""
    return book.paid_between(loan_id, at, at + TACTIC_WINDOW)


def tactic_cells(
    visits: Iterable[tuple[int, datetime, tuple[str, ...], str | None]], book: PaymentBook
) -> list[TacticCell]:
    """(loan id, moment, tactics, customer type) of each counted visit that logged tactics
    → cells by tactics and customer type, with the visits a payment followed."""
    sums: dict[tuple[tuple[str, ...], str | None], list[int]] = {}
    for loan_id, at, tactics, customer_type in visits:
        acc = sums.setdefault((tactics, customer_type), [0, 0])
        acc[0] += 1
        acc[1] += followed_by_payment(book, loan_id, at)
    return [TacticCell(t, c, n, f) for (t, c), (n, f) in sums.items()]


@dataclass(frozen=True)
class TacticRow:
    tactic: str
    customer_type: str | None  # None: every type together
    visits: int
    followed: int  # followed by a payment within TACTIC_WINDOW

    @property
    def share(self) -> Decimal | None:
        return Decimal(self.followed) / Decimal(self.visits) if self.visits else None


def _type_order(key: str) -> tuple[int, str]:
    if key in CUSTOMER_TYPES:
        return (CUSTOMER_TYPES.index(key), key)
    return (len(CUSTOMER_TYPES) + (key == UNCLASSIFIED), key)


def tactic_effectiveness(cells: Iterable[TacticCell]) -> list[TacticRow]:
    """Per tactic: first all types together, then each customer type (§4.5 order,
    `UNCLASSIFIED` last). Tactics by visits, most used first, then name. A visit counts
    once for each tactic it names (a tactic named twice on one visit counts once)."""
    sums: dict[tuple[str, str], list[int]] = {}
    for c in cells:
        kind = customer_type_key(c.customer_type)
        for name in dict.fromkeys(x.strip() for x in c.tactics):
            if not name:
                continue
            acc = sums.setdefault((name, kind), [0, 0])
            acc[0] += c.visits
            acc[1] += c.followed
    totals: dict[str, list[int]] = {}
    for (name, _), (n, f) in sums.items():
        acc = totals.setdefault(name, [0, 0])
        acc[0] += n
        acc[1] += f
    rows: list[TacticRow] = []
    for name in sorted(totals, key=lambda k: (-totals[k][0], k)):
        rows.append(TacticRow(name, None, *totals[name]))
        kinds = sorted((k for (n, k) in sums if n == name), key=_type_order)
        rows.extend(TacticRow(name, k, *sums[(name, k)]) for k in kinds)
    return rows


# ----------------------------------------------------------------------------- together


@dataclass(frozen=True)
class ListInfo:
    """A loan list imported: its id, date and file name."""

    id: int
    as_of: date
    filename: str


@dataclass(frozen=True)
class Evaluation:
    """Everything the evaluation shows of one camp at `today` (see the module docstring)."""

    code: str
    name: str
    today: date
    closed_on: date | None
    cost_fen: int | None
    cash: dict[str, list[CashGroup]]  # by each of CASH_DIMENSIONS
    cash_total: CashGroup
    promises: PromiseTally
    saved: SavedTally
    before_list: ListInfo | None
    after_list: ListInfo | None
    npl_before: NplFigures | None
    npl_after: NplFigures | None
    migration: Migration | None  # None without a later list
    tactics: list[TacticRow]

    @property
    def cost_per_yuan(self) -> Decimal | None:
        return cost_per_yuan(self.cost_fen, self.cash_total.camp_fen)


def evaluate(
    *,
    code: str,
    name: str,
    today: date,
    tz: ZoneInfo,
    closed_on: date | None = None,
    cost_fen: int | None = None,
    cash_cells: Sequence[CashCell] = (),
    payments: PaymentBook | Iterable[Payment] = (),
    promises: Iterable[PromiseMade] = (),
    saved: Iterable[int] = (),  # balances of the loans whose limitation the camp saved
    before_list: ListInfo | None = None,
    before_cells: Iterable[ListedCell] = (),
    after_list: ListInfo | None = None,
    after_cells: Iterable[ListedCell] = (),
    migration_cells: Iterable[MigrationCell] = (),
    tactic_cells: Iterable[TacticCell] = (),
) -> Evaluation:
    """Every figure at once, from what the store gathered (or a test built by hand)."""
    book = payments if isinstance(payments, PaymentBook) else PaymentBook(payments)
    return Evaluation(
        code=code,
        name=name,
        today=today,
        closed_on=closed_on,
        cost_fen=cost_fen,
        cash={d: cash_by(cash_cells, d) for d in CASH_DIMENSIONS},
        cash_total=cash_total(cash_cells),
        promises=promises_kept(promises, book, tz, today),
        saved=saved_tally(saved),
        before_list=before_list,
        after_list=after_list,
        npl_before=npl_figures(before_cells) if before_list else None,
        npl_after=npl_figures(after_cells) if after_list else None,
        migration=migration(migration_cells) if before_list and after_list else None,
        tactics=tactic_effectiveness(tactic_cells),
    )


# ----------------------------------------------------------------------------- shown


def key_label(dimension: str, key: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A group's key as shown: the not-overdue bucket and migration columns get words."""
    if dimension == "bucket" and key == NOT_OVERDUE:
        return t("eval.not_overdue", lang)
    if key in (SETTLED, ABSENT):
        return t(f"eval.mig.{key}", lang)
    return key


@dataclass(frozen=True)
class Headline:
    key: str  # eval.m.<key>: the label
    value: str
    help: str
    number: object = None  # the figure as a workbook cell: Decimal 元, Share, int


def headlines(ev: Evaluation, lang: str = DEFAULT_LANGUAGE) -> list[Headline]:
    """The headline figures, as the page's metrics and the workbook's first sheet show them."""
    tr = translator(lang)
    total = ev.cash_total
    p = ev.promises
    before, after = ev.npl_before, ev.npl_after
    dash = "–"
    npl_balance = (
        f"{format_wan(before.npl_balance_fen) if before else dash} → "
        f"{format_wan(after.npl_balance_fen) if after else dash}"
    )
    npl_count = f"{before.npl_count if before else dash} → {after.npl_count if after else dash}"
    if before and after:
        npl_help = tr(
            "eval.m.npl_help",
            before=before.npl_count,
            after=after.npl_count,
            b_yuan=format_yuan(before.npl_balance_fen),
            a_yuan=format_yuan(after.npl_balance_fen),
            b_wo=before.written_off_count,
            b_wo_yuan=format_yuan(before.written_off_balance_fen),
            a_wo=after.written_off_count,
            a_wo_yuan=format_yuan(after.written_off_balance_fen),
            b_date=ev.before_list.as_of.isoformat() if ev.before_list else "",
            a_date=ev.after_list.as_of.isoformat() if ev.after_list else "",
        )
    elif before:
        npl_help = tr("eval.no_later_list")
    else:
        npl_help = tr("eval.no_list")
    cost = ev.cost_per_yuan
    return [
        Headline(
            "cash",
            format_wan(total.camp_fen),
            tr(
                "eval.m.cash_help",
                yuan=format_yuan(total.camp_fen),
                principal=format_yuan(total.principal_fen),
                interest=format_yuan(total.interest_fen),
                written_off=format_yuan(total.written_off_fen),
                after=format_yuan(total.after_fen),
            ),
            fen_to_yuan(total.camp_fen) / 10_000,  # 万元, as the label says
        ),
        Headline(
            "promises",
            f"{format_share(p.rate)}（{p.kept}/{p.due}）",
            tr("eval.m.promises_help", kept=p.kept, due=p.due, today=ev.today.isoformat()),
            Share(p.rate),
        ),
        Headline(
            "saved",
            str(ev.saved.count),
            tr("eval.m.saved_help", yuan=format_yuan(ev.saved.balance_fen)),
            ev.saved.count,
        ),
        Headline("npl_balance", npl_balance, npl_help),
        Headline("npl_count", npl_count, npl_help),
        Headline(
            "cost",
            f"{format_ratio(cost)} 元" if cost is not None else dash,
            tr("eval.m.cost_help", cost=format_yuan(ev.cost_fen))
            if ev.cost_fen is not None
            else tr("eval.m.no_cost"),
        ),
    ]


Sheet = tuple[str, list[str], list[list[object]]]


def cash_header(dimension: str, lang: str = DEFAULT_LANGUAGE) -> list[str]:
    tr = translator(lang)
    return [
        tr(f"eval.dim.{dimension}"),
        tr("eval.col.principal"),
        tr("eval.col.interest"),
        tr("eval.col.written_off"),
        tr("eval.col.camp"),
        tr("eval.col.after"),
    ]


def cash_rows(ev: Evaluation, dimension: str, lang: str = DEFAULT_LANGUAGE) -> list[list[object]]:
    """Amounts as exact Decimal 元."""
    return [
        [
            key_label(dimension, g.key, lang),
            fen_to_yuan(g.principal_fen),
            fen_to_yuan(g.interest_fen),
            fen_to_yuan(g.written_off_fen),
            fen_to_yuan(g.camp_fen),
            fen_to_yuan(g.after_fen),
        ]
        for g in ev.cash[dimension]
    ]


def migration_header(lang: str = DEFAULT_LANGUAGE) -> list[str]:
    tr = translator(lang)
    return [
        tr("eval.mig.before_after"),
        *(key_label("class", c, lang) for c in MIGRATION_COLUMNS),
        tr("eval.mig.total"),
    ]


def migration_rows(m: Migration, balance: bool, lang: str = DEFAULT_LANGUAGE) -> list[list[object]]:
    """One row per class in the first list; counts, or balances as Decimal 元."""
    rows: list[list[object]] = []
    for before in RISK_ORDER:
        if balance:
            cells: list[object] = [fen_to_yuan(m.balance(before, a)) for a in MIGRATION_COLUMNS]
            rows.append([before, *cells, fen_to_yuan(m.row_balance(before))])
        else:
            cells = [m.count(before, a) for a in MIGRATION_COLUMNS]
            rows.append([before, *cells, m.row_count(before)])
    return rows


def tactic_header(lang: str = DEFAULT_LANGUAGE) -> list[str]:
    tr = translator(lang)
    return [
        tr("eval.col.tactic"),
        tr("eval.dim.customer_type"),
        tr("eval.col.visits"),
        tr("eval.col.followed"),
        tr("eval.col.share"),
    ]


def tactic_rows(
    ev: Evaluation, lang: str = DEFAULT_LANGUAGE, *, workbook: bool = False
) -> list[list[object]]:
    """The tactics' rows: the share as text on the page (62.5%), as a number formatted
    0.0% in a workbook (`workbook=True`)."""
    tr = translator(lang)
    return [
        [
            r.tactic,
            r.customer_type if r.customer_type is not None else tr("eval.all_types"),
            r.visits,
            r.followed,
            Share(r.share) if workbook else format_share(r.share),
        ]
        for r in ev.tactics
    ]


def sheets(ev: Evaluation, lang: str = DEFAULT_LANGUAGE) -> list[Sheet]:
    """Every evaluation table: (sheet title, header, rows)."""
    tr = translator(lang)
    overview: list[list[object]] = [
        [tr("eval.col.camp_name"), f"{ev.name}（{ev.code}）"],
        [tr("eval.col.today"), ev.today.isoformat()],
        [tr("eval.col.closed_on"), ev.closed_on.isoformat() if ev.closed_on else "–"],
        *[
            [tr(f"eval.m.{h.key}"), h.value if h.number is None else h.number, h.help]
            for h in headlines(ev, lang)
        ],
        [tr("eval.col.saved_balance"), fen_to_yuan(ev.saved.balance_fen)],
        [
            tr("eval.col.cost_per_yuan"),
            ev.cost_per_yuan if ev.cost_per_yuan is not None else "–",
        ],
    ]
    out: list[Sheet] = [
        (tr("eval.sheet.overview"), [tr("eval.col.item"), tr("eval.col.value"), ""], overview)
    ]
    for d in CASH_DIMENSIONS:
        out.append((tr(f"eval.sheet.cash_{d}"), cash_header(d, lang), cash_rows(ev, d, lang)))
    if ev.migration is not None:
        out.append((tr("eval.sheet.migration_count"), migration_header(lang),
                    migration_rows(ev.migration, False, lang)))  # fmt: skip
        out.append((tr("eval.sheet.migration_balance"), migration_header(lang),
                    migration_rows(ev.migration, True, lang)))  # fmt: skip
    out.append(
        (tr("eval.sheet.tactics"), tactic_header(lang), tactic_rows(ev, lang, workbook=True))
    )
    return out


def evaluation_xlsx(ev: Evaluation, lang: str = DEFAULT_LANGUAGE) -> bytes:
    """Every evaluation table as a workbook, one sheet each; every cell goes through
    core.exports.safe_cell (a tactic or township typed as '=…' stays text)."""
    from openpyxl import Workbook

    workbook = Workbook()
    for i, (title, header, rows) in enumerate(sheets(ev, lang)):
        sheet = workbook.active if i == 0 else workbook.create_sheet()
        sheet.title = title[:31]
        fill_sheet(sheet, header, rows)
    return save_workbook(workbook)
