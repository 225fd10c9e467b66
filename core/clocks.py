"""A loan's clocks, replayed from its events (SPEC §4.4): the one place the rules live.

`replay_clocks(terms, events, at)` turns a loan's listed dates (`LoanTerms`) and what
happened to it since — camp visits and post-loan follow-ups, as `ClockEvent`s — into
its clocks at `at`, side by side, each with its status and the reason for it:

- the borrower's limitation (诉讼时效, Civil Code art. 188/195; the supreme court's
  limitation rules art. 8, 14, 19). While it runs, the borrower's signed receipt, a
  co-resident relative's signed receipt and a payment by or for the borrower restart
  it. Once expired only the borrower personally saves it: a signed receipt is a waiver
  of the limitation defence (放弃时效抗辩) and starts a new three years; a relative's
  signature saves nothing; a payment is cash but the loan stays expired. A guarantor
  never restarts the borrower's clock. Twenty years after maturity the claim is beyond
  protection, whatever happened (art. 188). A suit date puts the loan in litigation:
  no limitation status.
- the guarantee period (保证期间, art. 692–694) and, once a joint-liability guarantor
  was demanded within it, the guarantor's own three years (art. 694), restarted by the
  guarantor's later signatures or payments. A general guarantee (一般保证) is kept only
  by a suit against the borrower within the period. A lapsed period releases the
  guarantor; a later signature revives nothing.
- the enforcement period (Civil Procedure Law art. 250): two years from the judgment's
  last day for performance, unless enforcement was applied for.
- a mortgage (抵押, Civil Code art. 419): enforced within the main claim's limitation,
  so its line follows the borrower's limitation — protected to the same end, lost
  once it expires; a limitation running again only from the borrower's waiver is
  flagged (a third-party mortgagor may still plead the lapse).

Scoring, the research page, the visit plans, the close and the post-loan refresh all
read the clocks through this module (`ClockReplay` steps through events one at a time
for a caller replaying visits itself). Two small questions have their own functions:
`limitation_before(terms, events, on)` (the borrower's limitation status just before
an event on that day) and `is_borrower_ack(status_before, contact, ack)` (whether a
signature is an acknowledgement that saves the borrower's limitation).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from core.loans import (
    LimitationStatus,
    add_months,
    add_years,
    limitation_expiry,
    limitation_status,
)

BORROWER = "见到本人"
RELATIVE = "见到家属"
GUARANTOR = "见到保证人"
AT_BRANCH = "到行还款"
#: Contact results whose payment is made by or for the borrower (SPEC §4.4).
BORROWER_PAYMENT_CONTACTS = frozenset({BORROWER, RELATIVE, AT_BRANCH})

GENERAL = "一般保证"
JOINT = "连带责任保证"
GUARANTEE_TYPES = (GENERAL, JOINT)
DEFAULT_GUARANTEE_TYPE = JOINT

ENF_APPLIED = "已申请执行"
ENF_TERMINATED = "终本"
ENF_DONE = "执行完毕"
ENFORCEMENT_STATUSES = (ENF_APPLIED, ENF_TERMINATED, ENF_DONE)
#: Spellings a loan list uses for the statuses above.
ENFORCEMENT_ALIASES = {
    "已申请执行": ENF_APPLIED,
    "申请执行": ENF_APPLIED,
    "执行中": ENF_APPLIED,
    "终本": ENF_TERMINATED,
    "终结本次执行": ENF_TERMINATED,
    "终结本次执行程序": ENF_TERMINATED,
    "执行完毕": ENF_DONE,
    "执行完结": ENF_DONE,
}
GUARANTEE_ALIASES = {
    "一般保证": GENERAL,
    "一般": GENERAL,
    "连带责任保证": JOINT,
    "连带保证": JOINT,
    "连带责任": JOINT,
    "连带": JOINT,
}

CAP_YEARS = 20
GUARANTEE_MONTHS = 6
ENFORCEMENT_YEARS = 2
#: Plans put first the loans whose limitation or guarantee period ends within this.
DEADLINE_DAYS = 30


MORTGAGE = "抵押"


def is_mortgage(text: str | None) -> bool:
    """Whether a list's 担保方式 names a mortgage (抵押; also in 保证+抵押 and the like)."""
    return MORTGAGE in (text or "")


def guarantee_type_of(text: str | None) -> str | None:
    """A list's 保证方式 as one of GUARANTEE_TYPES; None for empty or unknown text."""
    return GUARANTEE_ALIASES.get((text or "").strip())


def enforcement_status_of(text: str | None) -> str | None:
    """A list's 执行状态 as one of ENFORCEMENT_STATUSES; None for empty or unknown text."""
    return ENFORCEMENT_ALIASES.get((text or "").strip())


# ----------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class LoanTerms:
    """What the loan list says about a loan's clocks (SPEC §5.3)."""

    maturity_date: date
    last_payment_on: date | None = None
    last_ack_on: date | None = None
    has_guarantors: bool = False
    guarantee_until: date | None = None
    guarantee_type: str | None = None  # the list's 保证方式; None: the camp's default
    default_guarantee_type: str = DEFAULT_GUARANTEE_TYPE  # the camp's guarantee_type
    sued_on: date | None = None
    judgment_due_on: date | None = None
    enforcement_status: str | None = None
    enforcement_on: date | None = None
    mortgage: bool = False  # the list's 担保方式 names a mortgage (抵押)


@dataclass(frozen=True)
class ClockEvent:
    """A camp visit or a follow-up, as the clocks see it: its local day, who was met,
    the money collected and whether a receipt was signed. `ref` names it in effects."""

    on: date
    contact: str
    paid_fen: int = 0
    ack: bool = False
    ref: int | str | None = None


class Effect(StrEnum):
    """What one event did to the clocks; each value is a reason key (core/reasons.py)."""

    RESTART = "clock.restart"  # a running limitation restarted
    WAIVER = "clock.waiver"  # the borrower's own signature after expiry: 放弃时效抗辩
    RELATIVE_AFTER_EXPIRY = "clock.relative_after_expiry"  # saves nothing (warning)
    PAYMENT_AFTER_EXPIRY = "clock.payment_after_expiry"  # cash; the loan stays expired
    BEYOND_PROTECTION = "clock.beyond_protection"  # past the 20-year cap: nothing
    GUARANTOR_DEMAND = "clock.guarantor_demand"  # fixes a joint guarantee (art. 694)
    GUARANTOR_RESTART = "clock.guarantor_restart"  # the guarantor's own three years
    GUARANTOR_RELEASED = "clock.guarantor_released"  # lapsed period: revives nothing
    GENERAL_DEMAND = "clock.general_demand"  # general guarantee: a demand is not enough
    GUARANTOR_NOT_BORROWER = "clock.guarantor_not_borrower"  # guarantor money: not a restart


#: Effects the user is warned about (stored, but they do not do what one might think).
WARNING_EFFECTS = frozenset(
    {
        Effect.RELATIVE_AFTER_EXPIRY,
        Effect.PAYMENT_AFTER_EXPIRY,
        Effect.BEYOND_PROTECTION,
        Effect.GUARANTOR_RELEASED,
        Effect.GENERAL_DEMAND,
    }
)


# ----------------------------------------------------------------------------- outputs


@dataclass(frozen=True)
class Limitation:
    """The borrower's limitation at a date.

    `start`/`expiry`: the three years now running; `cap`: maturity + 20 years; `end`:
    the earlier of the two (the last day a claim is protected). `reason` is the key of
    what set `start` (maturity, the list's repayment or acknowledgement, a camp event),
    `reason_on` its day. `days` runs to `end` (negative once over). In litigation the
    dates are still computed but `status` is LITIGATION.
    """

    start: date
    expiry: date
    cap: date
    status: LimitationStatus
    days: int
    reason: str
    reason_on: date

    @property
    def end(self) -> date:
        return min(self.expiry, self.cap)

    @property
    def capped(self) -> bool:
        """The 20-year cap comes before the three years end."""
        return self.cap < self.expiry


@dataclass(frozen=True)
class Guarantee:
    """The guarantee period and, after a demand, the guarantor's own limitation.

    status: "running" (period open, no demand yet), "fixed" (a joint guarantor was
    demanded within the period), "suit" (general guarantee kept by a suit against the
    borrower within the period), "released" (the period lapsed).
    end_basis: "contract", "six_months" or "contract_ignored" (an agreed end on or
    before maturity counts as none, art. 692).
    """

    type: str
    type_assumed: bool
    end: date
    end_basis: str
    status: str
    days: int  # from the date read to the period's end
    demand_on: date | None = None
    guarantor_start: date | None = None
    guarantor_expiry: date | None = None
    guarantor_status: LimitationStatus | None = None
    guarantor_reason_on: date | None = None

    @property
    def open(self) -> bool:
        """The period is still to be used: running, not over."""
        return self.status == "running"

    @property
    def over(self) -> bool:
        return self.days < 0


@dataclass(frozen=True)
class Enforcement:
    """The two years to apply for enforcement after a judgment.

    status: "open" (not applied, still within the two years), "lapsed" (over, none
    applied), "applied" (已申请执行), "terminated" (终本), "completed" (执行完毕).
    """

    judgment_due_on: date
    deadline: date
    status: str
    days: int
    on: date | None = None  # the date of the listed enforcement status

    @property
    def applied(self) -> bool:
        return self.status in ("applied", "terminated", "completed")


@dataclass(frozen=True)
class Mortgage:
    """A mortgage's line (Civil Code art. 419): it must be enforced within the main
    claim's limitation, so it ends when the borrower's limitation does.

    status: "protected" (the limitation runs), "waived" (it runs again only from the
    borrower's waiver after expiry: a third-party mortgagor may still plead the lapse),
    "lapsed" (the limitation expired or passed the 20-year cap: the mortgage is no
    longer protected), "litigation" (the claim is sued: enforce it in that suit).
    `reason` is its reason key (core/labels_research.py: research.<reason>).
    """

    end: date
    status: str
    days: int

    @property
    def reason(self) -> str:
        return f"m.{self.status}"


def mortgage_of(limitation: Limitation) -> Mortgage:
    """The mortgage's line from the borrower's limitation at the same date."""
    status = {
        LimitationStatus.LITIGATION: "litigation",
        LimitationStatus.EXPIRED: "lapsed",
        LimitationStatus.BEYOND: "lapsed",
    }.get(limitation.status, "protected")
    if status == "protected" and limitation.reason == "clock.from.waiver":
        status = "waived"
    return Mortgage(limitation.end, status, limitation.days)


@dataclass(frozen=True)
class Clocks:
    """A loan's clocks side by side at `at`, and what each event did to them."""

    at: date
    limitation: Limitation
    guarantee: Guarantee | None
    enforcement: Enforcement | None
    effects: tuple[tuple[int | str | None, date, Effect], ...] = field(default=())
    mortgage: Mortgage | None = None  # a mortgaged loan's line (art. 419)

    # the names the older LoanClocks used, so the pages read either
    @property
    def limitation_start(self) -> date:
        return self.limitation.start

    @property
    def limitation_expiry(self) -> date:
        return self.limitation.end

    @property
    def limitation_status(self) -> LimitationStatus:
        return self.limitation.status

    @property
    def days_to_expiry(self) -> int:
        return self.limitation.days

    @property
    def guarantee_end(self) -> date | None:
        return self.guarantee.end if self.guarantee else None

    @property
    def guarantee_over(self) -> bool:
        return self.guarantee is not None and self.guarantee.over

    @property
    def enforcement_deadline(self) -> date | None:
        return self.enforcement.deadline if self.enforcement else None

    @property
    def in_litigation(self) -> bool:
        return self.limitation.status is LimitationStatus.LITIGATION

    @property
    def warnings(self) -> tuple[tuple[int | str | None, date, Effect], ...]:
        return tuple(e for e in self.effects if e[2] in WARNING_EFFECTS)

    def deadline_days(self) -> int | None:
        """Days to the nearer of the limitation's end (while running) and an open
        guarantee period's end; None when neither is still to be kept."""
        days = []
        if self.limitation.status in (LimitationStatus.URGENT, LimitationStatus.WATCH,
                                      LimitationStatus.SAFE):  # fmt: skip
            days.append(self.limitation.days)
        if self.guarantee is not None and self.guarantee.open:
            days.append(self.guarantee.days)
        return min(days) if days else None


# ----------------------------------------------------------------------------- rules


def status_at(end: date, cap: date, at: date, in_litigation: bool = False) -> LimitationStatus:
    """The limitation status at `at` for a three-year end and the 20-year cap."""
    if in_litigation:
        return LimitationStatus.LITIGATION
    if at > cap:
        return LimitationStatus.BEYOND
    return limitation_status(min(end, cap), at)


def is_borrower_ack(status_before: LimitationStatus | str, contact: str, ack: bool) -> bool:
    """Whether a signed receipt saves the borrower's limitation (SPEC §4.4, §4.7).

    The borrower's own signature always does while the claim is protected (after
    expiry it is a waiver); a co-resident relative's only while the limitation still
    runs; a guarantor's never. Beyond the 20-year cap nothing does.
    """
    if not ack:
        return False
    status = LimitationStatus(status_before)
    if status is LimitationStatus.BEYOND:
        return False
    if contact == BORROWER:
        return True
    return contact == RELATIVE and status is not LimitationStatus.EXPIRED


def guarantee_end(maturity_date: date, guarantee_until: date | None) -> tuple[date, str]:
    """(last day of the guarantee period, its basis) — art. 692: the agreed end when it
    falls after the main debt's maturity, else six months from maturity."""
    if guarantee_until is not None and guarantee_until > maturity_date:
        return guarantee_until, "contract"
    basis = "six_months" if guarantee_until is None else "contract_ignored"
    return add_months(maturity_date, GUARANTEE_MONTHS), basis


def enforcement_deadline(judgment_due_on: date) -> date:
    """Two years after the judgment's last day for performance (29 Feb → 28 Feb)."""
    return add_years(judgment_due_on, ENFORCEMENT_YEARS)


def _list_start(terms: LoanTerms) -> tuple[date, str]:
    start, reason = terms.maturity_date, "clock.from.maturity"
    if terms.last_payment_on is not None and terms.last_payment_on > start:
        start, reason = terms.last_payment_on, "clock.from.list_payment"
    if terms.last_ack_on is not None and terms.last_ack_on > start:
        start, reason = terms.last_ack_on, "clock.from.list_ack"
    return start, reason


class ClockReplay:
    """The clocks carried through a loan's events in order, one event at a time — for a
    caller that replays visits itself (scoring): `status(on)` is the borrower's
    limitation on a day before the next event, `apply(event)` takes the event in, and
    `clocks(at)` reads everything at a date. A suit date is not read by `status`."""

    def __init__(self, terms: LoanTerms) -> None:
        self.terms = terms
        self.cap = add_years(terms.maturity_date, CAP_YEARS)
        self.start, self.reason = _list_start(terms)
        self.reason_on = self.start
        self.effects: list[tuple[int | str | None, date, Effect]] = []
        self.g_type = guarantee_type_of(terms.guarantee_type)
        self.g_assumed = self.g_type is None
        if self.g_type is None:
            self.g_type = guarantee_type_of(terms.default_guarantee_type) or JOINT
        self.g_end, self.g_basis = guarantee_end(terms.maturity_date, terms.guarantee_until)
        self.demand_on: date | None = None
        self.g_start: date | None = None

    def status(self, on: date) -> LimitationStatus:
        return status_at(limitation_expiry(self.start), self.cap, on)

    def _restart(self, on: date, reason: str) -> None:
        if on >= self.start:
            self.start, self.reason, self.reason_on = on, reason, on

    def apply(self, e: ClockEvent) -> None:
        def note(effect: Effect) -> None:
            self.effects.append((e.ref, e.on, effect))

        if e.contact == GUARANTOR:
            self._guarantor(e, note)
            return
        if not (e.ack or (e.paid_fen > 0 and e.contact in BORROWER_PAYMENT_CONTACTS)):
            return
        status = self.status(e.on)
        if status is LimitationStatus.BEYOND:
            note(Effect.BEYOND_PROTECTION)
            return
        expired = status is LimitationStatus.EXPIRED
        if e.ack and e.contact == BORROWER:
            self._restart(e.on, "clock.from.waiver" if expired else "clock.from.borrower_ack")
            note(Effect.WAIVER if expired else Effect.RESTART)
        elif e.ack and e.contact == RELATIVE and not expired:
            self._restart(e.on, "clock.from.relative_ack")
            note(Effect.RESTART)
        elif e.paid_fen > 0 and not expired:
            self._restart(e.on, "clock.from.payment")
            note(Effect.RESTART)
        elif e.ack and e.contact == RELATIVE:
            note(Effect.RELATIVE_AFTER_EXPIRY)
        elif e.paid_fen > 0:
            note(Effect.PAYMENT_AFTER_EXPIRY)

    def _guarantor(self, e: ClockEvent, note) -> None:  # noqa: ANN001
        if e.paid_fen > 0:
            note(Effect.GUARANTOR_NOT_BORROWER)
        if not self.terms.has_guarantors or not (e.ack or e.paid_fen > 0):
            return
        if self.demand_on is not None:  # the guarantor's own three years run
            g_status = limitation_status(limitation_expiry(self.g_start or self.demand_on), e.on)
            if e.ack or g_status is not LimitationStatus.EXPIRED:
                self.g_start = max(self.g_start or e.on, e.on)
                note(Effect.GUARANTOR_RESTART)
            return
        if not e.ack:
            return
        if e.on > self.g_end:
            note(Effect.GUARANTOR_RELEASED)
        elif self.g_type == GENERAL:
            note(Effect.GENERAL_DEMAND)
        else:
            self.demand_on = self.g_start = e.on
            note(Effect.GUARANTOR_DEMAND)

    def clocks(self, at: date) -> Clocks:
        t = self.terms
        expiry = limitation_expiry(self.start)
        litigation = t.sued_on is not None
        status = status_at(expiry, self.cap, at, litigation)
        reason, reason_on = self.reason, self.reason_on
        if litigation:
            reason, reason_on = "clock.from.litigation", t.sued_on
        elif self.cap < expiry:
            reason, reason_on = "clock.from.cap", t.maturity_date
        limitation = Limitation(
            start=self.start,
            expiry=expiry,
            cap=self.cap,
            status=status,
            days=(min(expiry, self.cap) - at).days,
            reason=reason,
            reason_on=reason_on,  # type: ignore[arg-type]
        )
        return Clocks(
            at=at,
            limitation=limitation,
            guarantee=self._guarantee(at) if t.has_guarantors else None,
            enforcement=_enforcement(t, at),
            effects=tuple(self.effects),
            mortgage=mortgage_of(limitation) if t.mortgage else None,
        )

    def _guarantee(self, at: date) -> Guarantee:
        t = self.terms
        days = (self.g_end - at).days
        g_expiry = g_status = None
        if self.demand_on is not None:
            status = "fixed"
            g_expiry = limitation_expiry(self.g_start or self.demand_on)
            g_status = limitation_status(g_expiry, at)
        elif self.g_type == GENERAL and t.sued_on is not None and t.sued_on <= self.g_end:
            status = "suit" if t.sued_on <= at else ("running" if days >= 0 else "released")
        else:
            status = "running" if days >= 0 else "released"
        return Guarantee(
            type=self.g_type or JOINT,
            type_assumed=self.g_assumed,
            end=self.g_end,
            end_basis=self.g_basis,
            status=status,
            days=days,
            demand_on=self.demand_on,
            guarantor_start=self.g_start if self.demand_on else None,
            guarantor_expiry=g_expiry,
            guarantor_status=g_status,
            guarantor_reason_on=self.g_start if self.demand_on else None,
        )


def _enforcement(t: LoanTerms, at: date) -> Enforcement | None:
    if t.judgment_due_on is None:
        return None
    deadline = enforcement_deadline(t.judgment_due_on)
    listed = enforcement_status_of(t.enforcement_status)
    on = t.enforcement_on
    if listed is not None and (on is None or on <= at):
        status = {ENF_APPLIED: "applied", ENF_TERMINATED: "terminated", ENF_DONE: "completed"}[
            listed
        ]
    else:
        status = "open" if at <= deadline else "lapsed"
    return Enforcement(t.judgment_due_on, deadline, status, (deadline - at).days, on)


def _in_order(events: Iterable[ClockEvent], at: date | None) -> list[ClockEvent]:
    chosen = [e for e in events if at is None or e.on <= at]
    return sorted(chosen, key=lambda e: e.on)  # stable: same-day events keep their order


def replay_clocks(terms: LoanTerms, events: Iterable[ClockEvent], at: date) -> Clocks:
    """The loan's clocks at `at` after its events up to that day, in the order given
    within a day (callers pass them in replay order: time, team, rest of the row)."""
    r = ClockReplay(terms)
    for e in _in_order(events, at):
        r.apply(e)
    return r.clocks(at)


def limitation_before(terms: LoanTerms, events: Iterable[ClockEvent], on: date) -> LimitationStatus:
    """The borrower's limitation status on day `on`, from the events given (those that
    come before the one in question, in replay order) — what a visit's score reads.
    A loan sued on or before `on` is in litigation."""
    r = ClockReplay(terms)
    for e in _in_order(events, None):
        r.apply(e)
    if terms.sued_on is not None:
        return LimitationStatus.LITIGATION
    return r.status(on)


def event_effects(
    terms: LoanTerms, events: Iterable[ClockEvent]
) -> list[tuple[object, date, Effect]]:
    """What each event did, in replay order (for warnings on entry and import)."""
    r = ClockReplay(terms)
    for e in _in_order(events, None):
        r.apply(e)
    return list(r.effects)
