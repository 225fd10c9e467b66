"""/summary, off the projector: the reconciliation of claimed cash with the core system's
repayment records (SPEC §5.6) for the organiser and the trainers — per team claimed against
verified, each claim not fully verified with its visit (borrower masked), money nobody
claimed."""

from __future__ import annotations

import streamlit as st

from core.money import format_yuan
from core.reconcile import UNCLAIMED
from db.reconcile import camp_reconciliation, has_repayments, masked_claims
from pages import _ui as ui

ROLES = ("admin", "trainer")


def allowed(code: str) -> bool:
    """The view is the organiser's and the trainers', once the camp has repayment records."""
    return ui.role() in ROLES and has_repayments(ui.engine(), code)


def reconcile_tab(code: str) -> None:
    if ui.role() not in ROLES:  # the tab is not drawn for others; this is the second lock
        return
    rec = camp_reconciliation(ui.engine(), code)
    if not rec.has_records:
        st.info(ui.tr("reconcile.no_records"))
        return
    st.caption(ui.tr("reconcile.window", days=rec.window_days))
    col = {k: ui.tr(f"reconcile.col.{k}") for k in (
        "team", "claimed", "verified", "rate", "open", "visit", "time", "loan", "borrower",
        "status", "paid_on", "amount")}  # fmt: skip
    st.subheader(ui.tr("reconcile.by_team"))
    st.dataframe(
        [
            {col["team"]: t.team, col["claimed"]: format_yuan(t.claimed_fen),
             col["verified"]: format_yuan(t.verified_fen),
             col["rate"]: "" if t.rate is None else f"{t.rate:.1%}", col["open"]: t.open_claims}
            for t in rec.team_checks()
        ],
        hide_index=True,
    )  # fmt: skip
    claims = masked_claims(rec)
    for c in claims:
        c["visited_at"] = str(c["visited_at"])[:16].replace("T", " ")
    st.subheader(f"{ui.tr('reconcile.open')}（{len(claims)}）")
    if claims:
        st.dataframe(
            [
                {col["visit"]: c["visit_id"], col["time"]: c["visited_at"],
                 col["team"]: c["team"], col["loan"]: c["loan_no"],
                 col["borrower"]: c["borrower"], col["claimed"]: format_yuan(c["claimed_fen"]),
                 col["verified"]: format_yuan(c["verified_fen"]),
                 col["status"]: ui.tr(f"reconcile.status.{c['status']}")}
                for c in claims
            ],
            hide_index=True,
        )  # fmt: skip
    unclaimed = rec.result.unclaimed
    st.subheader(f"{ui.tr('reconcile.unclaimed')}（{len(unclaimed)}）")
    if unclaimed:
        st.dataframe(
            [
                {col["loan"]: u.record.loan_no, col["paid_on"]: u.record.paid_on.isoformat(),
                 col["amount"]: format_yuan(u.amount_fen),
                 col["status"]: ui.tr(f"reconcile.status.{UNCLAIMED}")}
                for u in unclaimed
            ],
            hide_index=True,
        )  # fmt: skip
