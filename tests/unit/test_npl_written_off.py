"""NPL balance and ratio count on-balance-sheet loans only; written-off ones stand beside
them (SPEC §4.3)."""

from __future__ import annotations

from core.evaluation import ListedCell, npl_figures


def test_written_off_loans_are_never_in_the_npl_balance_or_ratio_of_a_list() -> None:
    figures = npl_figures([
        ListedCell("次级", 100, 1, 1_000_000),
        ListedCell("正常", 0, 1, 1_000_000),
        ListedCell("损失", 900, 3, 8_000_000, written_off=True),
    ])  # fmt: skip
    assert (figures.loans, figures.balance_fen) == (2, 2_000_000)
    assert (figures.npl_count, figures.npl_balance_fen) == (1, 1_000_000)
    assert str(figures.ratio) == "0.5"
    assert (figures.written_off_count, figures.written_off_balance_fen) == (3, 8_000_000)


def test_a_list_of_written_off_loans_only_has_no_npl_ratio() -> None:
    figures = npl_figures([ListedCell("损失", 900, 2, 5_000_000, written_off=True)])
    assert figures.ratio is None and figures.npl_balance_fen == 0


def test_the_research_summary_keeps_written_off_loans_out_of_npl_and_shows_them_beside() -> None:
    import core.research as rs
    from tests.unit.test_research_figures import AT, LOANS, loan

    # L3 (2,000,000 fen, 损失) written off: NPL and the ratio's base lose it, it stands beside
    loans = [dict(x, written_off=True) if x["loan_no"] == "L3" else x for x in LOANS]
    loans.append(loan("L8", principal_fen=0))
    s = rs.summary(rs.analyse(loans, AT))
    assert (s.npl_count, s.npl_balance_fen) == (4, 44_000_000)
    assert (s.written_off, s.written_off_balance_fen) == (1, 2_000_000)
    assert s.on_book_balance_fen == 54_000_000
    assert abs(s.npl_ratio - 44 / 54) < 1e-12
