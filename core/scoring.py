"""Points of one loan's visits, replayed in time order (SPEC §4.7).

Results arrive out of order — the night shift is typed in next morning — so a
loan's points are never accumulated as visits come in: every time one of its
visits changes, all of them are replayed from the loan's starting balances.
Replay order is the visit time, then the team name (Unicode code points), then
the rest of the row as the caller supplies it.

Each visit earns, before its own payment or signature changes the loan:

- principal collected on a loan not written off: `principal_per_10k` per 10,000 元,
  proportionally; interest likewise with `interest_per_10k`;
- anything collected on a written-off loan: `written_off_per_10k` per 10,000 元;
- `settled` for the visit that brings principal and owed interest both to zero
  (from not both zero: a loan listed at zero never earns it);
- `ack` for the first signed acknowledgement by the borrower (见到本人 or
  见到家属) in the camp, or `ack_urgent` instead when the limitation before this
  visit was expired or urgent. A signature with 见到保证人 is a demand on the
  guarantor: no acknowledgement points, and it does not restart the clock;
- `promise` for the first complete promise (date, amount above zero, method)
  that counts: never one dated before its visit, and under the camp's optional
  rules against gaming only one due within `promise_max_days` of the visit and of
  at least `promise_min_amount` 元 (or settling what is still owed);
- `promise_kept` for the visit whose payments, by the end of the promise date,
  bring the money paid since the loan's latest counting promise up to its amount
  (or settle the loan); the promise's team earns them.

`ack_min_status` makes an acknowledgement score only when the limitation before
the visit was that status or worse. A relative's signature (见到家属) on an
expired loan never scores and does not restart the clock (limitation rules art.
19: only the borrower can waive the defence); it is stored with a warning.
Absent rules set no limit: older camp files score as before.

A visit's points are the exact Decimal sum, rounded half-up to hundredths once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, tzinfo
from decimal import Decimal

from core.camp import DEFAULT_SCORING
from core.clocks import ClockEvent, ClockReplay, LoanTerms, is_borrower_ack
from core.loans import LimitationStatus
from core.money import format_yuan, points_to_hundredths, round_half_up, to_decimal
from core.reasons import Reason
from core.records import CONTACTS

# A signed receipt from these is the borrower's acknowledgement (limitation rules
# art. 8: the debtor or a co-resident adult relative).
BORROWER_ACK_CONTACTS: frozenset[str] = frozenset({"见到本人", "见到家属"})
GUARANTOR_CONTACT = "见到保证人"

RELATIVE_CONTACT = "见到家属"

# Warnings the replay gives (stored on the visit; pages translate them).
INCOMPLETE_PROMISE = "incomplete promise"
RELATIVE_ACK_EXPIRED = "relative signature after expiry"
PROMISE_TOO_FAR = "promise too far"
PROMISE_TOO_SMALL = "promise too small"
PROMISE_BEFORE_VISIT = "promise before visit"
REPLAY_WARNINGS: frozenset[str] = frozenset(
    {INCOMPLETE_PROMISE, RELATIVE_ACK_EXPIRED, PROMISE_TOO_FAR, PROMISE_TOO_SMALL,
     PROMISE_BEFORE_VISIT}
)  # fmt: skip

#: ack_min_status's levels, from least to most pressing (SPEC §4.7).
ACK_STATUS_LEVELS: tuple[str, ...] = ("safe", "watch", "urgent", "expired")
#: The optional rules against gaming (camp file [scoring]); absent = no limit.
GUARD_KEYS: tuple[str, ...] = (
    "promise_max_days",
    "promise_min_amount",
    "promise_kept",
    "ack_min_status",
    "reconcile_days",
)
#: The values the camp template and `demo` use (SPEC §4.7, §5.2, §5.6).
TEMPLATE_GUARDS: dict[str, Decimal | str] = {
    "promise_max_days": Decimal(30),
    "promise_min_amount": Decimal(1000),
    "promise_kept": Decimal(2),
    "ack_min_status": "watch",
    "reconcile_days": Decimal(3),
}

_FEN_PER_10K_YUAN = Decimal(100 * 10_000)
_URGENT_STATUSES = frozenset({LimitationStatus.EXPIRED, LimitationStatus.URGENT})


# --- rules ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Rules:
    """A camp's scoring weights (camp file [scoring]); all exact, none negative."""

    principal_per_10k: Decimal
    interest_per_10k: Decimal
    written_off_per_10k: Decimal
    settled: Decimal
    ack: Decimal
    ack_urgent: Decimal
    promise: Decimal
    # optional rules against gaming (SPEC §4.7); None = no limit
    promise_max_days: int | None = None
    promise_min_amount: Decimal | None = None  # 元
    promise_kept: Decimal | None = None
    ack_min_status: str | None = None
    reconcile_days: int | None = None  # read by the reconciliation, not the replay

    def __post_init__(self) -> None:
        for name in DEFAULT_SCORING:
            value = to_decimal(getattr(self, name))
            if not value.is_finite() or value < 0:
                raise Reason("rules.weight", name=name, value=value)
            object.__setattr__(self, name, value)
        for name in ("promise_max_days", "reconcile_days"):
            value = getattr(self, name)
            if value is not None:
                number = to_decimal(value)
                if not number.is_finite() or number < 0 or number != number.to_integral_value():
                    raise Reason("rules.days", name=name, value=value)
                object.__setattr__(self, name, int(number))
        for name in ("promise_min_amount", "promise_kept"):
            value = getattr(self, name)
            if value is not None:
                number = to_decimal(value)
                if not number.is_finite() or number < 0:
                    raise Reason("rules.number", name=name, value=value)
                object.__setattr__(self, name, number)
        if self.ack_min_status is not None and self.ack_min_status not in ACK_STATUS_LEVELS:
            raise Reason("rules.ack_min_status", expected=", ".join(ACK_STATUS_LEVELS),
                         value=repr(self.ack_min_status))  # fmt: skip

    @classmethod
    def from_mapping(cls, mapping: Mapping[str, Decimal | str | int]) -> Rules:
        """Rules from a camp's scoring table; a missing weight takes the camp file's
        default, a missing optional rule sets no limit, an unknown key is a ValueError
        (a typo would otherwise score 0)."""
        names = [f.name for f in fields(cls)]
        unknown = sorted(set(mapping) - set(names))
        if unknown:
            raise Reason("rules.unknown", names=", ".join(unknown))
        weights = {
            name: to_decimal(mapping.get(name, DEFAULT_SCORING[name])) for name in DEFAULT_SCORING
        }
        guards = {
            name: (str(mapping[name]) if name == "ack_min_status" else to_decimal(mapping[name]))
            for name in GUARD_KEYS
            if mapping.get(name) is not None
        }
        return cls(**weights, **guards)  # type: ignore[arg-type]

    def ack_scores(self, status: LimitationStatus) -> bool:
        """Whether an acknowledgement at this limitation status may score (ack_min_status).

        A loan in litigation counts as safe: its signature saves no limitation.
        """
        if self.ack_min_status is None:
            return True
        if status == LimitationStatus.BEYOND:  # past the 20-year cap nothing is saved
            return False
        level = "safe" if status == LimitationStatus.LITIGATION else str(status)
        return ACK_STATUS_LEVELS.index(level) >= ACK_STATUS_LEVELS.index(self.ack_min_status)

    def promise_problem(self, visit_date: date, promise_date: date, amount_fen: int,
                        owed_fen: int) -> str | None:  # fmt: skip
        """Why a complete promise does not count under the rules, or None when it counts.

        Its date at most `promise_max_days` after the visit's (that day itself counts);
        its amount at least `promise_min_amount` 元 or all that is still owed.
        """
        if promise_date < visit_date:
            return PROMISE_BEFORE_VISIT
        if (
            self.promise_max_days is not None
            and (promise_date - visit_date).days > self.promise_max_days
        ):
            return PROMISE_TOO_FAR
        if (
            self.promise_min_amount is not None
            and Decimal(amount_fen) < self.promise_min_amount * 100
            and amount_fen < owed_fen
        ):
            return PROMISE_TOO_SMALL
        return None


# --- inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LoanStart:
    """The balances and dates a loan's replay starts from (the loan list's values)."""

    principal_fen: int
    interest_fen: int
    written_off: bool
    maturity_date: date
    last_payment_on: date | None = None
    last_ack_on: date | None = None
    sued_on: date | None = None

    def __post_init__(self) -> None:
        if self.principal_fen < 0 or self.interest_fen < 0:
            raise ValueError("a loan's starting balances cannot be negative")


@dataclass(frozen=True)
class VisitFacts:
    """One visit to one loan, as the replay needs it.

    `tiebreak` is the rest of the row (caller's choice, mutually comparable values;
    None sorts first), used after the team name to order visits at the same time.
    """

    id: int | str
    visited_at: datetime
    team: str
    contact: str
    principal_fen: int = 0
    interest_fen: int = 0
    ack: bool = False
    promise_date: date | None = None
    promise_amount_fen: int | None = None
    promise_method: str | None = None
    members: tuple[str, ...] = ()
    tiebreak: tuple[object, ...] = ()

    def __post_init__(self) -> None:
        if self.visited_at.tzinfo is None or self.visited_at.utcoffset() is None:
            raise ValueError(f"visit {self.id}: visited_at must be timezone-aware")
        if self.contact not in CONTACTS:
            raise ValueError(f"visit {self.id}: unknown contact result {self.contact!r}")
        if self.principal_fen < 0 or self.interest_fen < 0:
            raise ValueError(f"visit {self.id}: a collected amount cannot be negative")
        if self.promise_amount_fen is not None and self.promise_amount_fen < 0:
            raise ValueError(f"visit {self.id}: a promised amount cannot be negative")

    @property
    def collected_fen(self) -> int:
        return self.principal_fen + self.interest_fen

    @property
    def borrower_ack(self) -> bool:
        """A signed acknowledgement by the borrower (not a guarantor demand)."""
        return self.ack and self.contact in BORROWER_ACK_CONTACTS

    @property
    def promise_elements(self) -> int:
        """How many of the three elements (三要素) of a promise are given."""
        return sum(
            (
                self.promise_date is not None,
                bool(self.promise_amount_fen),
                bool(self.promise_method and self.promise_method.strip()),
            )
        )

    @property
    def promise_complete(self) -> bool:
        return self.promise_elements == 3

    @property
    def promise_incomplete(self) -> bool:
        """Some but not all of the three elements: stored with a warning, earns nothing."""
        return 0 < self.promise_elements < 3


def _tiebreak_key(values: tuple[object, ...]) -> tuple[tuple[bool, object], ...]:
    # None (an empty cell) sorts before any value instead of failing to compare.
    return tuple((False, 0) if v is None else (True, v) for v in values)


def replay_order(visits: Iterable[VisitFacts]) -> list[VisitFacts]:
    """The visits in replay order: time, then team name (Unicode code points), then
    the caller's tiebreak; visits equal on all three keep their given order."""
    return sorted(visits, key=lambda v: (v.visited_at, v.team, _tiebreak_key(v.tiebreak)))


# --- outputs --------------------------------------------------------------------------


@dataclass(frozen=True)
class VisitScore:
    """What one visit earned, and the loan just after it.

    `points` is in hundredths. `ack` and `ack_urgent` exclude each other: at most
    one visit of a loan has either. `promise` marks the visit that earned the
    promise points; `promise_complete` every visit whose promise had all three
    elements (the post-loan tasks need the latest one).
    """

    id: int | str
    points: int
    principal_fen: int
    interest_fen: int
    written_off_fen: int
    settled: bool
    ack: bool
    ack_urgent: bool
    promise: bool
    promise_complete: bool
    limitation_before: LimitationStatus
    principal_after: int
    interest_after: int
    warnings: tuple[str, ...] = ()
    team: str = ""
    kept: bool = False  # this visit's payment kept a promise (promise_kept)
    # of `points`, the promise_kept hundredths another team's payment earned this promise
    # visit, at `kept_at` (that payment's time): they land in that payment's period
    kept_moved: int = 0
    kept_at: datetime | None = None

    @property
    def cash_fen(self) -> int:
        """Everything this visit collected: principal + interest + written-off."""
        return self.principal_fen + self.interest_fen + self.written_off_fen

    @property
    def first_ack(self) -> bool:
        """Earned the acknowledgement points, plain or urgent."""
        return self.ack or self.ack_urgent


class OverCollection(ValueError):
    """A visit collects more principal than the loan still owes at its place in time."""

    def __init__(self, visit_id: int | str, outstanding_fen: int, collected_fen: int) -> None:
        self.visit_id = visit_id
        self.outstanding_fen = outstanding_fen
        self.collected_fen = collected_fen
        super().__init__(
            f"visit {visit_id} collects {format_yuan(collected_fen)} 元 of principal, "
            f"more than the {format_yuan(outstanding_fen)} 元 outstanding at that time"
        )


# --- the replay -----------------------------------------------------------------------


def _per_10k(fen: int, weight: Decimal) -> Decimal:
    return Decimal(fen) / _FEN_PER_10K_YUAN * weight


@dataclass
class _OpenPromise:
    """The loan's latest counting promise, while it can still be kept."""

    visit_index: int  # its place in the scores list
    team: str
    due: date
    amount_fen: int
    paid_fen: int = 0


def replay(
    start: LoanStart,
    visits: Iterable[VisitFacts],
    rules: Rules,
    tz: tzinfo,
) -> list[VisitScore]:
    """Score a loan's visits in replay order, carrying its balances and clock along.

    The limitation before each visit is read at the visit's local date (in `tz`) by
    core.clocks from the loan list's dates and the earlier visits in replay order:
    a guarantor's money or signature never restarts it, a payment after expiry does
    not revive it, a relative's signature saves it only while it runs, and past the
    20-year cap nothing does (SPEC §4.4). A signature earns acknowledgement points
    only when it saves the limitation (core.clocks.is_borrower_ack). A loan with a
    suit date is in litigation: never expired or urgent, so its first
    acknowledgement earns plain `ack`.

    `promise_kept` points go to the visit that keeps the promise when its team made
    the promise, else to the promise's own visit (the promise's team earns them), which
    then carries them as `kept_moved` with the paying visit's time `kept_at`: they land
    in that payment's period, not the promise's.

    Raises OverCollection, naming the visit, when a visit collects more principal
    than is outstanding just before it.
    """
    principal = start.principal_fen
    interest = start.interest_fen
    terms = LoanTerms(
        maturity_date=start.maturity_date,
        last_payment_on=start.last_payment_on,
        last_ack_on=start.last_ack_on,
        sued_on=start.sued_on,
    )
    # the borrower's clock carried visit by visit (replay order is date order): what
    # core.clocks.limitation_before gives, without replaying every earlier visit again
    clock = ClockReplay(terms)
    ack_taken = False
    promise_taken = False
    open_promise: _OpenPromise | None = None
    kept_rule = rules.promise_kept if rules.promise_kept else None
    scores: list[VisitScore] = []
    totals: list[Decimal] = []

    for visit in replay_order(visits):
        visit_date = visit.visited_at.astimezone(tz).date()
        # who restarts which clock, and when, is core.clocks' rule (SPEC §4.4)
        status = (
            LimitationStatus.LITIGATION if terms.sued_on is not None else clock.status(visit_date)
        )

        if visit.principal_fen > principal:
            raise OverCollection(visit.id, principal, visit.principal_fen)

        warnings: list[str] = []
        total = Decimal(0)
        if start.written_off:
            total += _per_10k(visit.collected_fen, rules.written_off_per_10k)
        else:
            total += _per_10k(visit.principal_fen, rules.principal_per_10k)
            total += _per_10k(visit.interest_fen, rules.interest_per_10k)

        owing_before = principal > 0 or interest > 0
        principal -= visit.principal_fen
        interest = max(0, interest - visit.interest_fen)
        settled = owing_before and principal == 0 and interest == 0
        if settled:
            total += rules.settled

        kept_by: int | None = None  # the promise this visit keeps, by its index
        if open_promise is not None and visit.collected_fen > 0:
            if visit_date > open_promise.due:
                open_promise = None
            else:
                open_promise.paid_fen += visit.collected_fen
                if open_promise.paid_fen >= open_promise.amount_fen or settled:
                    kept_by = open_promise.visit_index
                    open_promise = None
        if kept_by is not None and kept_rule is not None:
            if scores[kept_by].team == visit.team:
                total += kept_rule
            else:  # the promise's team earns them, in this payment's period (SPEC §4.7)
                before = points_to_hundredths(totals[kept_by])
                totals[kept_by] += kept_rule
                after = points_to_hundredths(totals[kept_by])
                scores[kept_by] = replace(
                    scores[kept_by],
                    points=after,
                    kept_moved=scores[kept_by].kept_moved + after - before,
                    kept_at=visit.visited_at,
                )

        relative_after_expiry = (
            visit.borrower_ack
            and visit.contact == RELATIVE_CONTACT
            and status == LimitationStatus.EXPIRED
        )
        saves = is_borrower_ack(status, visit.contact, visit.ack)
        ack = ack_urgent = False
        if relative_after_expiry:
            warnings.append(RELATIVE_ACK_EXPIRED)
        elif saves and not ack_taken and rules.ack_scores(status):
            ack_taken = True
            if status in _URGENT_STATUSES:
                ack_urgent = True
                total += rules.ack_urgent
            else:
                ack = True
                total += rules.ack

        promise = False
        if visit.promise_incomplete:
            warnings.append(INCOMPLETE_PROMISE)
        if visit.promise_complete:
            assert visit.promise_date is not None and visit.promise_amount_fen is not None
            problem = rules.promise_problem(
                visit_date, visit.promise_date, visit.promise_amount_fen, principal + interest
            )
            if problem:
                warnings.append(problem)
            else:
                if not promise_taken:
                    promise_taken = True
                    promise = True
                    total += rules.promise
                open_promise = _OpenPromise(
                    len(scores), visit.team, visit.promise_date, visit.promise_amount_fen
                )

        clock.apply(ClockEvent(visit_date, visit.contact, visit.collected_fen, visit.ack, visit.id))

        totals.append(total)
        scores.append(
            VisitScore(
                id=visit.id,
                points=points_to_hundredths(total),
                principal_fen=0 if start.written_off else visit.principal_fen,
                interest_fen=0 if start.written_off else visit.interest_fen,
                written_off_fen=visit.collected_fen if start.written_off else 0,
                settled=settled,
                ack=ack,
                ack_urgent=ack_urgent,
                promise=promise,
                promise_complete=visit.promise_complete,
                limitation_before=status,
                principal_after=principal,
                interest_after=interest,
                warnings=tuple(warnings),
                team=visit.team,
                kept=kept_by is not None and kept_rule is not None,
            )
        )
    return scores


# --- members --------------------------------------------------------------------------


def member_shares(
    points: int, cash_fen: int, members: tuple[str, ...]
) -> dict[str, tuple[int, int]]:
    """Each listed member's equal share of a visit: (points in hundredths, cash in fen).

    Each share is rounded half-up on its own (SPEC §4.7), so the shares need not
    add up to the visit's total: 10.00 points over three members is 3.33 each. A
    name listed twice gets one share. No members, no shares.
    """
    names = tuple(dict.fromkeys(members))
    if not names:
        return {}
    n = Decimal(len(names))
    point_share = int(round_half_up(Decimal(points) / n, "1"))
    cash_share = int(round_half_up(Decimal(cash_fen) / n, "1"))
    return {name: (point_share, cash_share) for name in names}
