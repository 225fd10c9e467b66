"""Portfolio research of day 1 (SPEC §3 /research, §4.2–4.5): figures from plain loan dicts.

Pure functions: the store hands in each loan of the camp's scope as a mapping
(the loan list's values, the balances after the counted camp visits, the latest
camp clock event and the latest complete promise) and these turn it into what
the page shows — composition tables, the NPL figures, the clocks side by side,
the attention notes per township and the teams' daily visit plans.

A loan that owes nothing any more (principal and owed interest both zero) has
left the portfolio: it is counted as settled and nowhere else.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from core.clocks import (
    BORROWER,
    DEADLINE_DAYS,
    DEFAULT_GUARANTEE_TYPE,
    ClockEvent,
    Clocks,
    LoanTerms,
    is_mortgage,
    replay_clocks,
)
from core.i18n import translator
from core.loans import (
    AGING_BUCKETS,
    RISK_ORDER,
    URGENCY_ORDER,
    LimitationStatus,
    aging_bucket,
    class_floor,
    days_overdue_on,
    effective_class,
    is_npl,
    urgency_rank,
)
from core.money import format_yuan
from core.records import SEGMENTS

NOT_OVERDUE = "0"  # the aging key of a loan not (yet) overdue at the research date
DIMENSIONS = ("segment", "bucket", "risk_class", "township", "status")
STATUSES = tuple(str(s) for s in URGENCY_ORDER)  # limitation statuses, most pressing first
CONTACT_FLAGS = ("失联", "死亡", "涉诉", "恶意逃废")  # the §4.5 flags

# Keys every chart shows even when empty, in their natural order; other keys follow.
_FIXED_KEYS: dict[str, tuple[str, ...]] = {
    "segment": SEGMENTS,
    "bucket": AGING_BUCKETS,
    "risk_class": RISK_ORDER,
    "status": tuple(
        str(s)
        for s in URGENCY_ORDER
        if s not in (LimitationStatus.LITIGATION, LimitationStatus.BEYOND)
    ),
    "township": (),
}
_LEADING_KEYS: dict[str, tuple[str, ...]] = {"bucket": (NOT_OVERDUE,)}


# ----------------------------------------------------------------------------- one loan


@dataclass(frozen=True)
class LoanView:
    """One loan of the scope as the research sees it at a date."""

    loan_no: str
    borrower: str
    segment: str
    township: str
    village: str
    team_id: int | None
    principal_fen: int  # outstanding, after the counted camp visits
    interest_fen: int  # owed interest, after the counted camp visits
    written_off: bool
    days_overdue: int
    bucket: str
    listed_class: str | None
    floor: str | None
    risk_class: str  # the worse of the listed class and the floor (§4.3)
    flagged: bool  # the list gives a class better than the floor
    clocks: Clocks
    promise_date: date | None = None
    promise_amount_fen: int | None = None
    promise_method: str | None = None
    guarantors: tuple[str, ...] = ()
    guarantor_demand_on: date | None = None
    sued_on: date | None = None
    judgment_due_on: date | None = None
    customer_type: str | None = None
    ethnicity: str | None = None
    id_number: str | None = None
    phone: str | None = None
    address: str | None = None
    manager: str | None = None

    @property
    def owing(self) -> bool:
        return self.principal_fen > 0 or self.interest_fen > 0

    @property
    def owed_fen(self) -> int:
        """What the borrower still owes: outstanding principal and owed interest."""
        return self.principal_fen + self.interest_fen

    @property
    def npl(self) -> bool:
        """Non-performing and on the balance sheet: a written-off loan is never NPL (§4.3)."""
        return is_npl(self.risk_class) and not self.written_off

    @property
    def status(self) -> str:
        return str(self.clocks.limitation_status)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _opt(value: object) -> str | None:
    return _text(value) or None


def loan_terms_of(loan: Mapping[str, Any], has_guarantors: bool) -> LoanTerms:
    """The clock terms (core.clocks) of a loan dict."""
    return LoanTerms(
        maturity_date=loan["maturity_date"],
        last_payment_on=loan.get("last_payment_on"),
        last_ack_on=loan.get("last_ack_on"),
        has_guarantors=has_guarantors,
        guarantee_until=loan.get("guarantee_until"),
        guarantee_type=loan.get("guarantee_type"),
        default_guarantee_type=loan.get("default_guarantee_type") or DEFAULT_GUARANTEE_TYPE,
        sued_on=loan.get("sued_on"),
        judgment_due_on=loan.get("judgment_due_on"),
        enforcement_status=loan.get("enforcement_status"),
        enforcement_on=loan.get("enforcement_on"),
        mortgage=is_mortgage(loan.get("guarantee")),
    )


def _events_of(loan: Mapping[str, Any]) -> list[ClockEvent]:
    """The loan's clock events: `events` (ClockEvents in replay order) when given, else a
    borrower's signature at `last_event_on` (the older, summed form)."""
    events = loan.get("events")
    if events is not None:
        return list(events)
    last = loan.get("last_event_on")
    return [ClockEvent(on=last, contact=BORROWER, ack=True)] if last is not None else []


def loan_view(loan: Mapping[str, Any], at: date) -> LoanView:
    """One loan at `at`.

    Keys read (the loan list's fields, SPEC §5.3, plus what the camp's visits added):
    loan_no, borrower, segment, township, village, team_id, principal_fen,
    interest_fen, written_off, maturity_date, days_overdue and list_date (the
    list's count at its date), risk_class, last_payment_on, last_ack_on,
    guarantors, guarantee_until, sued_on, judgment_due_on, last_event_on (the
    latest counted camp visit that collected money or got the borrower's signed
    acknowledgement, as a local date), promise_date / promise_amount_fen /
    promise_method (the latest complete promise), guarantor_demand_on,
    customer_type, ethnicity, id_number, phone, address, manager. Missing optional
    keys count as empty.
    """
    maturity: date = loan["maturity_date"]
    days = days_overdue_on(loan.get("days_overdue"), loan.get("list_date"), maturity, at)
    listed = _opt(loan.get("risk_class"))
    cls, flagged = effective_class(listed, days)
    guarantors = tuple(g for g in (_text(x) for x in loan.get("guarantors") or ()) if g)
    clocks = replay_clocks(loan_terms_of(loan, bool(guarantors)), _events_of(loan), at)
    return LoanView(
        loan_no=_text(loan["loan_no"]),
        borrower=_text(loan.get("borrower")),
        segment=_text(loan.get("segment")),
        township=_text(loan.get("township")),
        village=_text(loan.get("village")),
        team_id=loan.get("team_id"),
        principal_fen=int(loan.get("principal_fen") or 0),
        interest_fen=int(loan.get("interest_fen") or 0),
        written_off=bool(loan.get("written_off")),
        days_overdue=days,
        bucket=aging_bucket(days) or NOT_OVERDUE,
        listed_class=listed,
        floor=class_floor(days),
        risk_class=cls,
        flagged=flagged,
        clocks=clocks,
        promise_date=loan.get("promise_date"),
        promise_amount_fen=loan.get("promise_amount_fen"),
        promise_method=_opt(loan.get("promise_method")),
        guarantors=guarantors,
        guarantor_demand_on=loan.get("guarantor_demand_on"),
        sued_on=loan.get("sued_on"),
        judgment_due_on=loan.get("judgment_due_on"),
        customer_type=_opt(loan.get("customer_type")),
        ethnicity=_opt(loan.get("ethnicity")),
        id_number=_opt(loan.get("id_number")),
        phone=_opt(loan.get("phone")),
        address=_opt(loan.get("address")),
        manager=_opt(loan.get("manager")),
    )


def analyse(loans: Iterable[Mapping[str, Any]], at: date) -> list[LoanView]:
    """Every loan at `at`, in the order given (settled ones included: see `portfolio`)."""
    return [loan_view(loan, at) for loan in loans]


def portfolio(views: Iterable[LoanView]) -> list[LoanView]:
    """The loans still owing: the portfolio the camp works on."""
    return [v for v in views if v.owing]


# ----------------------------------------------------------------------------- composition


@dataclass(frozen=True)
class Group:
    """One bar of a composition chart: the loans sharing one value of a dimension."""

    key: str
    count: int
    balance_fen: int  # outstanding principal
    interest_fen: int
    npl_count: int
    npl_balance_fen: int


def _key(view: LoanView, dimension: str) -> str:
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r} (one of {', '.join(DIMENSIONS)})")
    return getattr(view, dimension)


def composition(views: Iterable[LoanView], dimension: str) -> list[Group]:
    """Counts and balances (fen) of the owing loans by one dimension.

    Dimensions: segment, bucket (aging, §4.2; NOT_OVERDUE for a loan not overdue),
    risk_class (the effective class, §4.3), township, status (limitation, §4.4).
    Segments, buckets, classes and the four limitation statuses always appear, in
    their natural order, even at zero; other keys (not overdue, litigation, an
    unknown segment) follow when present. Townships come by balance, largest first,
    then name.
    """
    counts: dict[str, list[int]] = {}
    for v in portfolio(views):
        row = counts.setdefault(_key(v, dimension), [0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += v.principal_fen
        row[2] += v.interest_fen
        if v.npl:
            row[3] += 1
            row[4] += v.principal_fen
    fixed = _FIXED_KEYS[dimension]
    leading = [k for k in _LEADING_KEYS.get(dimension, ()) if k in counts]
    if dimension == "township":
        order = sorted(counts, key=lambda k: (-counts[k][1], k))
    else:
        rest = sorted(k for k in counts if k not in fixed and k not in leading)
        order = [*leading, *fixed, *rest]
    return [Group(k, *counts.get(k, [0, 0, 0, 0, 0])) for k in order]


@dataclass(frozen=True)
class Summary:
    """The headline figures of the scope."""

    loans: int  # owing loans
    balance_fen: int
    interest_fen: int
    npl_count: int
    npl_balance_fen: int
    flagged: int  # listed class better than the floor
    expired: int
    urgent: int
    in_litigation: int
    written_off: int
    settled: int  # in the scope but owing nothing any more
    written_off_balance_fen: int = 0  # 表外: shown beside the NPL figures, never in them

    @property
    def on_book_balance_fen(self) -> int:
        """The balance of the loans on the balance sheet (not written off)."""
        return self.balance_fen - self.written_off_balance_fen

    @property
    def npl_ratio(self) -> float | None:
        """NPL balance over the on-balance-sheet balance (SPEC §4.3); None when there is none."""
        on_book = self.on_book_balance_fen
        return self.npl_balance_fen / on_book if on_book else None


def summary(views: Sequence[LoanView]) -> Summary:
    live = portfolio(views)
    statuses = Counter(v.status for v in live)
    return Summary(
        loans=len(live),
        balance_fen=sum(v.principal_fen for v in live),
        interest_fen=sum(v.interest_fen for v in live),
        npl_count=sum(1 for v in live if v.npl),
        npl_balance_fen=sum(v.principal_fen for v in live if v.npl),
        flagged=sum(1 for v in live if v.flagged),
        expired=statuses[LimitationStatus.EXPIRED.value],
        urgent=statuses[LimitationStatus.URGENT.value],
        in_litigation=statuses[LimitationStatus.LITIGATION.value],
        written_off=sum(1 for v in live if v.written_off),
        written_off_balance_fen=sum(v.principal_fen for v in live if v.written_off),
        settled=len(views) - len(live),
    )


def disagreements(views: Iterable[LoanView]) -> list[LoanView]:
    """Owing loans the list classes better than the floor: most overdue first."""
    return sorted(
        (v for v in portfolio(views) if v.flagged),
        key=lambda v: (-v.days_overdue, v.loan_no),
    )


# ----------------------------------------------------------------------------- clocks


def _days(d: date | None, at: date) -> int | None:
    return None if d is None else (d - at).days


def clock_order(views: Iterable[LoanView]) -> list[LoanView]:
    """The owing loans, most pressing limitation first.

    Expired, then urgent, watch, safe, then loans in litigation (no limitation of
    their own); within a status by days to expiry (the longest expired first: it
    needs the waiver of art. 19 most), then the larger balance, then loan number.
    """
    return sorted(
        portfolio(views),
        key=lambda v: (
            urgency_rank(v.clocks.limitation_status),
            v.clocks.days_to_expiry,
            -v.owed_fen,
            v.loan_no,
        ),
    )


def clock_rows(views: Iterable[LoanView], at: date) -> list[dict[str, Any]]:
    """The clocks side by side, in `clock_order`: plain values for a table."""
    rows = []
    for v in clock_order(views):
        c = v.clocks
        litigation = c.limitation_status is LimitationStatus.LITIGATION
        rows.append(
            {
                "loan_no": v.loan_no,
                "borrower": v.borrower,
                "township": v.township,
                "principal_fen": v.principal_fen,
                "status": v.status,
                "limitation_start": c.limitation_start,
                "limitation_expiry": None if litigation else c.limitation_expiry,
                "days_to_expiry": None if litigation else c.days_to_expiry,
                "sued_on": v.sued_on,
                "guarantee_end": c.guarantee_end,
                "guarantee_days": _days(c.guarantee_end, at),
                "guarantee_over": c.guarantee_over,
                "guarantor_demand_on": v.guarantor_demand_on,
                "enforcement_deadline": c.enforcement_deadline,
                "enforcement_days": _days(c.enforcement_deadline, at),
                # the reasons (SPEC §4.4: each clock with its status and why)
                "limitation_reason": c.limitation.reason,
                "limitation_reason_on": c.limitation.reason_on,
                "limitation_capped": c.limitation.capped,
                "guarantee_type": c.guarantee.type if c.guarantee else None,
                "guarantee_assumed": bool(c.guarantee and c.guarantee.type_assumed),
                "guarantee_basis": c.guarantee.end_basis if c.guarantee else None,
                "guarantee_status": c.guarantee.status if c.guarantee else None,
                "guarantee_fixed_on": c.guarantee.demand_on if c.guarantee else None,
                "guarantor_expiry": c.guarantee.guarantor_expiry if c.guarantee else None,
                "enforcement_status": c.enforcement.status if c.enforcement else None,
                "enforcement_on": c.enforcement.on if c.enforcement else None,
                "mortgage_end": c.mortgage.end if c.mortgage else None,
                "mortgage_days": c.mortgage.days if c.mortgage else None,
                "mortgage_reason": c.mortgage.reason if c.mortgage else None,
                "warnings": [(str(effect), on) for _, on, effect in c.warnings],
            }
        )
    return rows


#: The clocks tab's columns (labels `research.col.<name>`), and those a narrow screen keeps.
CLOCK_COLUMNS = ("loan_no", "borrower", "township", "balance", "status", "limitation_start",
                 "expiry", "days_left", "why", "guarantee", "enforcement", "mortgage")  # fmt: skip
CLOCK_ESSENTIAL = ("loan_no", "borrower", "balance", "status", "expiry", "days_left")


def clock_table(
    views: Iterable[LoanView], at: date, lang: str, only: Iterable[str] = ()
) -> list[dict[str, object]]:
    """The clocks tab's rows in `lang`, keyed by the columns' labels (`CLOCK_COLUMNS`): each
    loan's three clocks side by side with the reason for each status (SPEC §4.4), in
    `clock_order`; with `only`, the loans of those statuses alone."""
    tr = translator(lang)
    statuses = set(only)
    labels = [tr(f"research.col.{c}") for c in CLOCK_COLUMNS]
    rows = []
    for r in clock_rows(views, at):
        if statuses and r["status"] not in statuses:
            continue
        values = (
            r["loan_no"],
            r["borrower"],
            r["township"],
            format_yuan(r["principal_fen"]),
            tr(f"research.status.{r['status']}"),
            _iso(r["limitation_start"]),
            _iso(r["limitation_expiry"]),
            r["days_to_expiry"],
            _why(r, tr),
            _guarantee(r, tr),
            _enforcement(r, tr),
            _mortgage(r, tr),
        )
        rows.append(dict(zip(labels, values, strict=True)))
    return rows


def _iso(d: date | None) -> str:
    return d.isoformat() if d else ""


def _left(days: int, over: bool, tr: Callable[..., str]) -> str:
    return tr("research.clocks.over" if over else "research.clocks.left", n=abs(days))


def _why(r: Mapping[str, Any], tr: Callable[..., str]) -> str:
    text = tr(f"research.{r['limitation_reason']}", on=_iso(r["limitation_reason_on"]))
    warnings = [tr(f"research.{key}", on=_iso(on)) for key, on in r["warnings"]]
    return "；".join([text, *warnings])


def _guarantee(r: Mapping[str, Any], tr: Callable[..., str]) -> str:
    if r["guarantee_end"] is None:
        return ""
    kind = r["guarantee_type"] + (tr("research.g.assumed") if r["guarantee_assumed"] else "")
    parts = [
        kind,
        _iso(r["guarantee_end"]) + " · " + _left(r["guarantee_days"], r["guarantee_over"], tr),
        tr(f"research.g.basis.{r['guarantee_basis']}"),
        tr(
            f"research.g.status.{r['guarantee_status']}",
            on=_iso(r["guarantee_fixed_on"]),
            until=_iso(r["guarantor_expiry"]),
        ),  # fmt: skip
    ]
    return "；".join(p for p in parts if p)


def _enforcement(r: Mapping[str, Any], tr: Callable[..., str]) -> str:
    if r["enforcement_deadline"] is None:
        return ""
    days = r["enforcement_days"]
    status = tr(f"research.e.{r['enforcement_status']}", on=_iso(r["enforcement_on"]))
    return _iso(r["enforcement_deadline"]) + " · " + _left(days, days < 0, tr) + "；" + status


def _mortgage(r: Mapping[str, Any], tr: Callable[..., str]) -> str:
    """A mortgaged loan's line beside its limitation (art. 419), with its reason."""
    if r["mortgage_reason"] is None:
        return ""
    return tr(f"research.{r['mortgage_reason']}", end=_iso(r["mortgage_end"]))


def guarantee_type_assumed(views: Iterable[LoanView]) -> int:
    """Owing loans with guarantors whose 保证方式 the list omits: the camp's default type
    was assumed for them (SPEC §4.4)."""
    return sum(
        1 for v in portfolio(views) if v.clocks.guarantee is not None
        and v.clocks.guarantee.type_assumed
    )  # fmt: skip


# ----------------------------------------------------------------------------- visit plans

TIER_DEADLINE, TIER_EXPIRED, TIER_URGENT, TIER_PROMISE, TIER_OTHER = range(5)


def plan_tier(view: LoanView, day: date) -> int:
    """Priority tier on `day` (SPEC §4.4): the limitation or an open guarantee period ends
    within 30 days; the limitation expired (the borrower's own signature still saves
    it); urgent; a promise due that day; anything else. The clocks are read at `day` by
    whoever built the view (analyse(loans, day))."""
    days = view.clocks.deadline_days()
    if days is not None and 0 <= days <= DEADLINE_DAYS:
        return TIER_DEADLINE
    status = view.clocks.limitation_status
    if status is LimitationStatus.EXPIRED:
        return TIER_EXPIRED
    if status is LimitationStatus.URGENT:
        return TIER_URGENT
    if view.promise_date == day:
        return TIER_PROMISE
    return TIER_OTHER


def plan_key(view: LoanView, day: date) -> tuple[int, int, int, int, str]:
    """Visiting order: tier; within the first tier by days left (fewest first); the rest by
    urgency (watch, safe, litigation, beyond protection); then the amount owed (largest
    first), then loan number."""
    tier = plan_tier(view, day)
    days = view.clocks.deadline_days() if tier == TIER_DEADLINE else 0
    urgency = urgency_rank(view.clocks.limitation_status) if tier == TIER_OTHER else 0
    return (tier, days or 0, urgency, -view.owed_fen, view.loan_no)


def prioritise(views: Iterable[LoanView], day: date) -> list[LoanView]:
    """Owing loans in visiting order on `day` (`plan_key`)."""
    return sorted(portfolio(views), key=lambda v: plan_key(v, day))


def prefill_plan(
    views: Iterable[LoanView], team_id: int, day: date, limit: int | None = None
) -> list[str]:
    """A team's plan before anyone edits it: its own owing loans in priority order,
    the first `limit` of them (all when None). Loans in no team's territory are left
    for the trainers to add by hand."""
    mine = [v for v in views if v.team_id == team_id]
    ordered = [v.loan_no for v in prioritise(mine, day)]
    return ordered if limit is None else ordered[: max(0, limit)]


def default_plan_day(start_date: date, days: int, first_field_day: int, today: date) -> int:
    """The camp day whose plan the page opens on: tomorrow's when tomorrow is a field
    day (plans are printed the evening before), else today's when today is one, else
    the first field day before the camp's field days and the last one after them."""
    for candidate in (today + timedelta(days=1), today):
        n = (candidate - start_date).days + 1
        if first_field_day <= n <= days:
            return n
    before = (today - start_date).days + 1 < first_field_day
    return first_field_day if before else days


# ----------------------------------------------------------------------------- attention


@dataclass(frozen=True)
class TownshipAttention:
    """What a team should know before it goes into one township."""

    township: str
    loans: int
    balance_fen: int
    villages: tuple[tuple[str, int], ...]  # (village, loans), most loans first
    unknown_village: int  # loans whose village the list does not give
    concentrated: bool | None  # None when no village is known
    ethnicities: tuple[tuple[str, int], ...]  # (ethnicity, loans), most loans first
    customs: tuple[tuple[str, str], ...]  # (ethnicity, customs note) of those present
    guarantors: tuple[tuple[str, int], ...]  # (guarantor, loans guaranteed here)
    in_litigation: int
    judgments: int
    flags: tuple[tuple[str, int], ...]  # (§4.5 flag, loans): lost contact, deceased, ...
    note: str  # the trainers' own note


def _ranked(counter: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))


def attention(
    views: Iterable[LoanView],
    customs: Mapping[str, str] | None = None,
    notes: Mapping[str, str] | None = None,
) -> list[TownshipAttention]:
    """Attention notes per township of the owing loans, largest balance first.

    Concentrated or scattered: the loans are concentrated when the village holding
    most of them holds at least half of those whose village is known, scattered
    otherwise (one team can work a concentrated township village by village; a
    scattered one needs its route planned). Third parties: the guarantors (a
    guarantor of several loans is one visit for all of them), suits and judgments,
    and the flags that bring in others — heirs of a deceased borrower, relatives and
    the village committee for one out of contact.
    """
    customs = customs or {}
    notes = notes or {}
    by_township: dict[str, list[LoanView]] = {}
    for v in portfolio(views):
        by_township.setdefault(v.township, []).append(v)
    out = []
    for township, loans in by_township.items():
        villages = Counter(v.village for v in loans if v.village)
        known = sum(villages.values())
        ethnicities = Counter(v.ethnicity for v in loans if v.ethnicity)
        guarantors = Counter(g for v in loans for g in dict.fromkeys(v.guarantors))
        flags = Counter(v.customer_type for v in loans if v.customer_type in CONTACT_FLAGS)
        ranked_ethnicities = _ranked(ethnicities)
        out.append(
            TownshipAttention(
                township=township,
                loans=len(loans),
                balance_fen=sum(v.principal_fen for v in loans),
                villages=_ranked(villages),
                unknown_village=len(loans) - known,
                concentrated=(max(villages.values()) * 2 >= known) if known else None,
                ethnicities=ranked_ethnicities,
                customs=tuple(
                    (e, customs[e]) for e, _ in ranked_ethnicities if customs.get(e, "").strip()
                ),
                guarantors=_ranked(guarantors),
                in_litigation=sum(1 for v in loans if v.sued_on is not None),
                judgments=sum(1 for v in loans if v.judgment_due_on is not None),
                flags=tuple((f, flags[f]) for f in CONTACT_FLAGS if flags[f]),
                note=notes.get(township, ""),
            )
        )
    # townships that only have a note (their loans left the scope or were settled) stay
    for township, note in notes.items():
        if township not in by_township and note.strip():
            out.append(TownshipAttention(township, 0, 0, (), 0, None, (), (), (), 0, 0, (), note))
    return sorted(out, key=lambda a: (-a.balance_fen, a.township))


def customs_for(views: Iterable[LoanView], customs: Mapping[str, str]) -> list[tuple[str, str]]:
    """The customs notes of the ethnicities among these loans, most loans first."""
    present = _ranked(Counter(v.ethnicity for v in views if v.ethnicity))
    return [(e, customs[e]) for e, _ in present if customs.get(e, "").strip()]
