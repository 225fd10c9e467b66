"""Exact money in fen and points in hundredths (SPEC §4.1)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from core.money import (
    MoneyError,
    fen_to_wan,
    fen_to_yuan,
    format_points,
    format_wan,
    format_yuan,
    hundredths_to_points,
    points_to_hundredths,
    round_half_up,
    to_decimal,
    wan_to_fen,
    yuan_to_fen,
)

# --- reading amounts --------------------------------------------------------------------


def test_an_amount_in_wan_converts_exactly_to_fen_at_two_decimals_of_yuan() -> None:
    assert wan_to_fen("2.34567") == 2_345_670  # 23,456.70 元


def test_an_amount_in_wan_read_as_a_float_from_a_spreadsheet_stays_exact() -> None:
    assert wan_to_fen(0.467341) == 467_341  # 4,673.41 元


def test_an_amount_in_wan_with_more_places_than_a_fen_rounds_half_up() -> None:
    assert wan_to_fen("0.0000005") == 1  # 0.005 元
    assert wan_to_fen("0.0000004") == 0


def test_whole_wan_convert_to_fen() -> None:
    assert wan_to_fen(3) == 3_000_000
    assert wan_to_fen(Decimal("12.5")) == 12_500_000


@pytest.mark.parametrize(
    ("yuan", "fen"),
    [
        ("0.005", 1),
        ("0.015", 2),
        ("0.025", 3),  # bankers' rounding would give 2
        ("2.675", 268),
        ("0.004", 0),
        ("-0.005", -1),
        ("100", 10_000),
        (1234.5, 123_450),
        (7, 700),
    ],
)
def test_yuan_round_half_up_to_the_fen(yuan: object, fen: int) -> None:
    assert yuan_to_fen(yuan) == fen


def test_a_float_amount_in_yuan_is_read_through_its_shortest_form() -> None:
    assert yuan_to_fen(0.1 + 0.2) == 30
    assert to_decimal(0.1) == Decimal("0.1")


def test_amount_text_with_surrounding_spaces_is_read() -> None:
    assert yuan_to_fen(" 12.34 ") == 1234


@pytest.mark.parametrize("bad", ["abc", "", "1,234", True, None])
def test_something_that_is_not_an_amount_is_refused(bad: object) -> None:
    with pytest.raises(MoneyError):
        to_decimal(bad)


def test_a_money_error_is_a_value_error() -> None:
    assert issubclass(MoneyError, ValueError)


def test_rounding_half_up_to_other_places() -> None:
    assert round_half_up(Decimal("91.285")) == Decimal("91.29")
    assert round_half_up(Decimal("2.5"), "1") == Decimal("3")


# --- showing amounts --------------------------------------------------------------------


def test_fen_show_as_yuan_with_two_decimals() -> None:
    assert fen_to_yuan(2_345_670) == Decimal("23456.70")
    assert str(fen_to_yuan(5)) == "0.05"


@pytest.mark.parametrize(
    ("fen", "shown"),
    [
        (12_345_678, "123,456.78"),
        (2_345_670, "23,456.70"),
        (100_000_000_00, "100,000,000.00"),
        (99_999, "999.99"),
        (5, "0.05"),
        (0, "0.00"),
        (-123_456, "-1,234.56"),
    ],
)
def test_yuan_are_shown_with_thousands_separators_and_two_decimals(fen: int, shown: str) -> None:
    assert format_yuan(fen) == shown


def test_large_amounts_are_shown_in_wan_where_space_is_short() -> None:
    assert format_wan(123_456_789) == "123.46"
    assert format_wan(12_345_678_900_000) == "12,345,678.90"


def test_wan_can_be_shown_with_fewer_places() -> None:
    assert format_wan(123_456_789, 0) == "123"
    assert format_wan(123_456_789, 1) == "123.5"


def test_a_chart_reads_wan_as_the_exact_amount_or_rounded_like_its_label() -> None:
    assert fen_to_wan(123_456_789) == Decimal("123.45678900")
    assert fen_to_wan(123_456_789, 2) == Decimal("123.46")
    assert fen_to_wan(50_000, 2) == Decimal("0.05")
    assert f"{fen_to_wan(12_345_678_900_000, 2):,}" == format_wan(12_345_678_900_000)


def test_a_small_amount_in_wan_rounds_half_up() -> None:
    assert format_wan(50) == "0.00"  # 0.50 元
    assert format_wan(50_000) == "0.05"  # 500 元


# --- points -----------------------------------------------------------------------------


def test_points_show_with_two_decimals() -> None:
    assert format_points(9128) == "91.28"
    assert format_points(800) == "8.00"
    assert format_points(0) == "0.00"
    assert format_points(-150) == "-1.50"


def test_points_stored_as_hundredths_read_back_exactly() -> None:
    assert hundredths_to_points(9128) == Decimal("91.28")


@pytest.mark.parametrize(
    ("points", "hundredths"),
    [
        (Decimal("91.28"), 9128),
        ("91.285", 9129),
        ("0.005", 1),
        (8, 800),
        ("-1.005", -101),
    ],
)
def test_points_convert_to_hundredths_rounding_half_up(points: object, hundredths: int) -> None:
    assert points_to_hundredths(points) == hundredths
