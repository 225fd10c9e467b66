"""Claimed cash against the core system's repayment records (SPEC §5.6). Plain Python.

Each camp visit that claims money (principal + interest > 0) is matched with the records of
its loan dated from the visit's day (camp local time) to `window_days` later. On each loan
the claims go oldest first (visit time, then visit id), and each takes what is left of the
records in its window, oldest record first, up to its claim: a record's money is used once.

- 已核实 (verified): the claim is covered in full;
- 部分核实 (partial): part of it is covered;
- 未到账 (not_received): nothing, and no record in the window had any money;
- 重复认领 (duplicate): nothing, because earlier claims already took the window's money.

What is left of a record after all claims is listed as 未认领 (unclaimed).

A visit's verified money is split over its principal and interest in proportion to its
claim (the principal's share rounded half up to the fen, the interest takes the rest):
this is "each visit's principal and interest capped at their verified share", what the
verified standings replay with.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from core.money import fen_to_yuan, round_half_up
from core.standings import json_text

VERIFIED, PARTIAL, NOT_RECEIVED, DUPLICATE, UNCLAIMED = (
    "verified",
    "partial",
    "not_received",
    "duplicate",
    "unclaimed",
)
#: The status words of the `reconcile` output (SPEC §5.6): fixed, whatever the language.
STATUS_WORDS: dict[str, str] = {
    VERIFIED: "已核实",
    PARTIAL: "部分核实",
    NOT_RECEIVED: "未到账",
    DUPLICATE: "重复认领",
    UNCLAIMED: "未认领",
}
DEFAULT_WINDOW_DAYS = 3


@dataclass(frozen=True)
class Claim:
    """A counted visit that claims money; `day` is its date in camp local time."""

    visit_id: int
    visited_at: datetime
    day: date
    team: str
    loan_no: str
    principal_fen: int
    interest_fen: int

    @property
    def amount_fen(self) -> int:
        return self.principal_fen + self.interest_fen


@dataclass(frozen=True)
class Paid:
    """A repayment record of the core system on one of the camp's loans."""

    id: int
    loan_no: str
    paid_on: date
    principal_fen: int
    interest_fen: int

    @property
    def amount_fen(self) -> int:
        return self.principal_fen + self.interest_fen


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    verified_fen: int
    status: str
    #: The records the claim took money from: record id → fen taken.
    taken: tuple[tuple[int, int], ...] = ()

    @property
    def verified_principal_fen(self) -> int:
        return verified_share(self.claim, self.verified_fen)[0]

    @property
    def verified_interest_fen(self) -> int:
        return verified_share(self.claim, self.verified_fen)[1]


@dataclass(frozen=True)
class Unclaimed:
    record: Paid
    amount_fen: int  # what no claim took


@dataclass
class Reconciliation:
    visits: list[ClaimResult] = field(default_factory=list)
    unclaimed: list[Unclaimed] = field(default_factory=list)

    def caps(self) -> dict[int, tuple[int, int]]:
        """visit id → (principal, interest) as far as verified."""
        return {r.claim.visit_id: verified_share(r.claim, r.verified_fen) for r in self.visits}


@dataclass(frozen=True)
class TeamCheck:
    """One team's claimed against verified money, for the reconciliation view."""

    team: str
    claimed_fen: int
    verified_fen: int
    open_claims: int  # claims not verified in full

    @property
    def rate(self) -> Decimal | None:
        if not self.claimed_fen:
            return None
        return round_half_up(Decimal(self.verified_fen) / Decimal(self.claimed_fen), "0.0001")


@dataclass(frozen=True)
class BranchClaim:
    """A 到行还款 visit's claim, for the check that two teams do not claim one payment."""

    key: int | str  # a stored visit's id, or a new row's number
    team: str
    loan_no: str
    day: date  # camp local
    amount_fen: int


def double_branch_claims(
    new: Iterable[BranchClaim], stored: Iterable[BranchClaim] = ()
) -> list[tuple[BranchClaim, BranchClaim]]:
    """Each claim of `new` with an earlier claim (stored, or new before it) by another team
    of the same amount on the same loan and day: the payment is likely counted twice (SPEC
    §5.6 — a warning even before any repayment record exists)."""
    seen: dict[tuple[str, date, int], list[BranchClaim]] = {}
    for c in stored:
        seen.setdefault((c.loan_no, c.day, c.amount_fen), []).append(c)
    pairs = []
    for c in new:
        key = (c.loan_no, c.day, c.amount_fen)
        other = next((o for o in seen.get(key, ()) if o.team != c.team), None)
        if other is not None and c.amount_fen > 0:
            pairs.append((c, other))
        seen.setdefault(key, []).append(c)
    return pairs


def verified_share(claim: Claim, verified_fen: int) -> tuple[int, int]:
    """The claim's principal and interest capped at their share of `verified_fen`."""
    total = claim.amount_fen
    if verified_fen >= total:
        return claim.principal_fen, claim.interest_fen
    if total <= 0 or verified_fen <= 0:
        return 0, 0
    principal = int(round_half_up(Decimal(claim.principal_fen * verified_fen) / total, "1"))
    return principal, verified_fen - principal


def reconcile(
    claims: Iterable[Claim], records: Iterable[Paid], window_days: int = DEFAULT_WINDOW_DAYS
) -> Reconciliation:
    """Match the claims with the records (see the module's docstring)."""
    by_loan: dict[str, list[Paid]] = {}
    for record in sorted(records, key=lambda r: (r.paid_on, r.id)):
        by_loan.setdefault(record.loan_no, []).append(record)
    left = {r.id: r.amount_fen for rs in by_loan.values() for r in rs}
    out = Reconciliation()
    window = timedelta(days=max(0, window_days))
    for claim in sorted(claims, key=lambda c: (c.visited_at, c.visit_id)):
        if claim.amount_fen <= 0:
            continue
        in_window = [
            r
            for r in by_loan.get(claim.loan_no, ())
            if claim.day <= r.paid_on <= claim.day + window
        ]
        need = claim.amount_fen
        taken: list[tuple[int, int]] = []
        for record in in_window:
            if need <= 0:
                break
            take = min(need, left[record.id])
            if take > 0:
                left[record.id] -= take
                need -= take
                taken.append((record.id, take))
        verified = claim.amount_fen - need
        if need == 0:
            status = VERIFIED
        elif verified > 0:
            status = PARTIAL
        elif any(r.amount_fen > 0 for r in in_window):
            status = DUPLICATE
        else:
            status = NOT_RECEIVED
        out.visits.append(ClaimResult(claim, verified, status, tuple(taken)))
    for records_of_loan in by_loan.values():
        for record in records_of_loan:
            if left[record.id] > 0:
                out.unclaimed.append(Unclaimed(record, left[record.id]))
    out.unclaimed.sort(key=lambda u: (u.record.paid_on, u.record.loan_no, u.record.id))
    return out


def team_checks(result: Reconciliation, teams: Iterable[str] = ()) -> list[TeamCheck]:
    """Per team (every team in `teams`, then any other with a claim): claimed, verified."""
    sums: dict[str, list[int]] = {name: [0, 0, 0] for name in teams}
    for r in result.visits:
        acc = sums.setdefault(r.claim.team, [0, 0, 0])
        acc[0] += r.claim.amount_fen
        acc[1] += r.verified_fen
        acc[2] += int(r.status != VERIFIED)
    return [TeamCheck(name, *values) for name, values in sums.items()]


def open_claims(result: Reconciliation) -> list[ClaimResult]:
    """The claims not verified in full, oldest first."""
    return [r for r in result.visits if r.status != VERIFIED]


def reconcile_doc(
    camp: str, result: Reconciliation, local: Mapping[int, str] | None = None
) -> dict[str, object]:
    """The `reconcile` json document (SPEC §5.6), money as Decimal 元 with 2 decimals.

    `local` gives each visit's time as shown (camp local ISO); default the stored time's.
    """
    visits = [
        {
            "visit_id": r.claim.visit_id,
            "visited_at": (local or {}).get(r.claim.visit_id, r.claim.visited_at.isoformat()),
            "team": r.claim.team,
            "loan_no": r.claim.loan_no,
            "claimed": fen_to_yuan(r.claim.amount_fen),
            "verified": fen_to_yuan(r.verified_fen),
            "status": STATUS_WORDS[r.status],
        }
        for r in result.visits
    ]
    unclaimed = [
        {
            "loan_no": u.record.loan_no,
            "paid_on": u.record.paid_on.isoformat(),
            "amount": fen_to_yuan(u.amount_fen),
        }
        for u in result.unclaimed
    ]
    return {"camp": camp, "visits": visits, "unclaimed": unclaimed}


#: The csv columns of `reconcile`: a visit's fields, then an unclaimed record's.
CSV_FIELDS = (
    "visit_id", "visited_at", "team", "loan_no", "claimed", "verified", "status", "paid_on",
    "amount",
)  # fmt: skip


def render_reconcile(doc: Mapping[str, object], fmt: str) -> str:
    """The reconciliation as json (SPEC §5.6) or csv: one row per claim, then one per
    unclaimed record (status 未认领, its paid_on and amount)."""
    if fmt == "json":
        return json_text(dict(doc))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS, lineterminator="\n", restval="")
    writer.writeheader()
    for visit in doc["visits"]:  # type: ignore[attr-defined]
        writer.writerow(visit)
    for record in doc["unclaimed"]:  # type: ignore[attr-defined]
        writer.writerow({**record, "status": STATUS_WORDS[UNCLAIMED]})
    return out.getvalue()
