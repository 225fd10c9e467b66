"""Exact money: integer fen in the store, Decimal in Python (SPEC §4.1).

Points are integer hundredths. Rounding is half-up, and only where SPEC says.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_YUAN = 100
YUAN_PER_WAN = Decimal(10000)
_CENT = Decimal("0.01")


class MoneyError(ValueError):
    """A value that is not an amount of money."""


def to_decimal(value: object) -> Decimal:
    """Any number or numeric text as an exact Decimal (floats through their shortest repr)."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise MoneyError(f"not an amount: {value!r}")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise MoneyError(f"not an amount: {value!r}") from exc


def round_half_up(value: Decimal, places: str = "0.01") -> Decimal:
    return value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def yuan_to_fen(yuan: object) -> int:
    """元 → integer fen, rounded half-up to the fen."""
    return int(round_half_up(to_decimal(yuan)) * FEN_PER_YUAN)


def wan_to_fen(wan: object) -> int:
    """万元 → integer fen, exactly at 2 decimals of 元 (2.34567 万元 = 23,456.70 元)."""
    return yuan_to_fen(to_decimal(wan) * YUAN_PER_WAN)


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / FEN_PER_YUAN).quantize(_CENT)


def format_yuan(fen: int) -> str:
    """12345678 fen → '123,456.78'."""
    return f"{fen_to_yuan(fen):,.2f}"


def fen_to_wan(fen: int, places: int | None = None) -> Decimal:
    """Fen in 万元 as a Decimal: exact, or rounded half-up to `places` decimals (a chart's
    value axis; the label beside it is format_wan)."""
    wan = Decimal(fen) / FEN_PER_YUAN / YUAN_PER_WAN
    return wan if places is None else round_half_up(wan, "1." + "0" * places if places else "1")


def format_wan(fen: int, places: int = 2) -> str:
    """Fen in 万元 where space is short: 123456789 fen → '123.46'."""
    return f"{fen_to_wan(fen, places):,}"


def hundredths_to_points(hundredths: int) -> Decimal:
    """Points are stored as integer hundredths and shown with two decimals."""
    return (Decimal(hundredths) / 100).quantize(_CENT)


def format_points(hundredths: int) -> str:
    return f"{hundredths_to_points(hundredths):.2f}"


def points_to_hundredths(points: object) -> int:
    """Exact points (Decimal, int or text) → integer hundredths, rounded half-up."""
    return int(round_half_up(to_decimal(points)) * 100)
