"""The matching of claimed cash with repayment records (core.reconcile) and the reading of
the core system's repayment file (core.ledger), SPEC §5.6."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from core.ledger import ledger_from_rows
from core.reconcile import (
    DUPLICATE,
    NOT_RECEIVED,
    PARTIAL,
    VERIFIED,
    Claim,
    Paid,
    reconcile,
    team_checks,
    verified_share,
)

TZ = timezone(timedelta(hours=8))


def claim(visit_id: int, day: int, yuan: int, team: str = "A", loan: str = "L1",
          hour: int = 10, interest: int = 0) -> Claim:  # fmt: skip
    return Claim(visit_id, datetime(2026, 12, day, hour, tzinfo=TZ), date(2026, 12, day), team,
                 loan, yuan * 100, interest * 100)  # fmt: skip


def paid(record_id: int, day: int, yuan: int, loan: str = "L1") -> Paid:
    return Paid(record_id, loan, date(2026, 12, day), yuan * 100, 0)


def statuses(claims: list[Claim], records: list[Paid], days: int = 3) -> list[tuple]:
    return [(r.claim.visit_id, r.verified_fen // 100, r.status)
            for r in reconcile(claims, records, days).visits]  # fmt: skip


def test_a_record_on_the_last_day_of_the_window_counts_and_the_next_day_does_not() -> None:
    assert statuses([claim(1, 16, 100)], [paid(1, 19, 100)]) == [(1, 100, VERIFIED)]
    assert statuses([claim(1, 16, 100)], [paid(1, 20, 100)]) == [(1, 0, NOT_RECEIVED)]
    assert statuses([claim(1, 16, 100)], [paid(1, 15, 100)]) == [(1, 0, NOT_RECEIVED)]
    assert statuses([claim(1, 16, 100)], [paid(1, 16, 100)], days=0) == [(1, 100, VERIFIED)]


def test_the_oldest_claim_takes_the_money_first_whatever_its_id() -> None:
    claims = [claim(9, 16, 600, hour=15), claim(2, 17, 600, team="B")]
    assert statuses(claims, [paid(1, 17, 1000)]) == [(9, 600, VERIFIED), (2, 400, PARTIAL)]


def test_a_claim_whose_window_money_was_all_taken_is_a_duplicate_claim() -> None:
    claims = [claim(1, 17, 300, hour=9), claim(2, 17, 300, team="B")]
    result = reconcile(claims, [paid(1, 17, 300)])
    assert [r.status for r in result.visits] == [VERIFIED, DUPLICATE]
    assert [(t.team, t.claimed_fen, t.verified_fen, t.open_claims)
            for t in team_checks(result, ["A", "B", "C"])] == [
        ("A", 30000, 30000, 0), ("B", 30000, 0, 1), ("C", 0, 0, 0)]  # fmt: skip


def test_records_of_another_loan_never_verify_a_claim() -> None:
    assert statuses([claim(1, 16, 100)], [paid(1, 16, 100, loan="L2")]) == [(1, 0, NOT_RECEIVED)]


def test_what_no_claim_took_is_unclaimed_with_the_rest_of_a_partly_used_record() -> None:
    result = reconcile([claim(1, 16, 100)], [paid(1, 16, 150), paid(2, 18, 70, loan="L2")])
    assert [(u.record.id, u.amount_fen) for u in result.unclaimed] == [(1, 5000), (2, 7000)]


def test_verified_money_is_split_over_principal_and_interest_in_proportion() -> None:
    c = claim(1, 16, 900, interest=100)  # 1,000 claimed
    assert verified_share(c, 50000) == (45000, 5000)
    assert verified_share(c, 100000) == (90000, 10000)
    assert verified_share(c, 0) == (0, 0)
    assert verified_share(c, 1) == (1, 0)  # the principal's share rounds half up


def test_a_repayment_file_with_ref_duplicates_a_total_row_and_units_in_wan() -> None:
    rows = [
        ["还款流水", "", "", "", "单位：万元"],
        ["借据号", "记账日期", "还款本金", "还款利息", "流水号"],
        ["L1", "2026年12月17日", "0.1", "0.005", "A1"],
        ["L1", "2026-12-17", "0.1", "0.005", "A1"],
        ["L2", "20261218", "１．５", "", ""],
        ["L2", "20261218", "１．５", "", ""],
        ["合计", "", "1.7", "0.005", ""],
    ]
    result = ledger_from_rows(rows)
    assert not result.errors
    assert [(r.loan_no, r.principal_fen, r.interest_fen, r.occurrence) for r in result.records] == [
        ("L1", 100000, 5000, 1), ("L2", 1500000, 0, 1), ("L2", 1500000, 0, 2)]  # fmt: skip
    assert [p.row for p in result.duplicates] == [4]
    assert len({r.fingerprint for r in result.records}) == 3


def test_a_ref_repeated_with_another_amount_is_an_error_on_its_row() -> None:
    rows = [["借据号", "交易日期", "还款本金", "流水号"], ["L1", "2026-12-17", "1", "A"],
            ["L1", "2026-12-17", "2", "A"]]  # fmt: skip
    assert [p.text("zh") for p in ledger_from_rows(rows).errors] == [
        "row 3, column 流水号: 流水号 A 已在第 2 行出现，日期或金额不同"
    ]


def test_a_row_without_money_is_an_error() -> None:
    rows = [["借据号", "交易日期", "还款本金"], ["L1", "2026-12-17", "0"]]
    assert [p.text("en") for p in ledger_from_rows(rows).errors] == [
        "row 2, column 还款本金: neither principal nor interest repaid"
    ]


def test_an_export_with_date_booking_date_time_and_account_columns_is_read() -> None:
    rows = [
        ["借据号", "贷款账号", "交易日期", "记账日期", "交易时间", "本金", "还款本金", "流水号"],
        ["J1", "A1", "2026-12-17", "2026-12-18", "10:22:01", "9", "100", "R1"],
    ]
    result = ledger_from_rows(rows)
    assert not result.errors
    [record] = result.records
    assert (record.loan_no, record.paid_on, record.principal_fen) == (
        "J1",
        date(2026, 12, 17),
        10000,
    )
    # one warning per field that had columns left out (loan number, date, principal)
    assert len(result.warnings) == 3
