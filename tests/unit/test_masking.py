"""Masking of personal data on projected pages and shared exports (SPEC §4.10)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.masking import mask_account, mask_id, mask_name, mask_phone

# --- names ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "masked"),
    [
        ("张三丰", "张**"),
        ("李四", "李*"),
        ("王", "王"),
        ("欧阳娜娜", "欧***"),
        ("买买提·艾力", "买*****"),
    ],
)
def test_a_borrowers_name_keeps_its_first_character_and_one_star_per_other(
    name: str, masked: str
) -> None:
    assert mask_name(name) == masked


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_missing_name_masks_to_nothing(blank: str | None) -> None:
    assert mask_name(blank) == ""


def test_spaces_around_a_name_are_dropped_before_masking() -> None:
    assert mask_name("  张三丰 ") == "张**"


# --- ID numbers -------------------------------------------------------------------------


def test_an_id_number_keeps_its_first_character_and_last_two() -> None:
    assert mask_id("11010519491231002X") == "1" + "*" * 15 + "2X"


def test_an_old_fifteen_digit_id_number_is_masked_to_the_same_length() -> None:
    assert mask_id("110105491231002") == "1************02"


@pytest.mark.parametrize(("short", "masked"), [("123", "***"), ("12", "**"), ("1234", "1*34")])
def test_an_id_number_too_short_to_hide_anything_is_starred_entirely(
    short: str, masked: str
) -> None:
    assert mask_id(short) == masked


@pytest.mark.parametrize("blank", [None, "", "  "])
def test_a_missing_id_number_masks_to_nothing(blank: str | None) -> None:
    assert mask_id(blank) == ""


def test_spaces_around_an_id_number_are_dropped_before_masking() -> None:
    assert mask_id(" 11010519491231002X ") == "1" + "*" * 15 + "2X"


# --- phones -----------------------------------------------------------------------------


def test_a_mobile_number_keeps_its_first_three_and_last_four_digits() -> None:
    assert mask_phone("13812345678") == "138****5678"


def test_separators_in_a_phone_number_stay_and_only_digits_are_starred() -> None:
    assert mask_phone("138-1234-5678") == "138-****-5678"
    assert mask_phone("0851-86123456") == "085*-****3456"


def test_a_phone_number_with_a_country_code_counts_digits_from_the_start() -> None:
    assert mask_phone("+86 13812345678") == "+86 1******5678"


@pytest.mark.parametrize(("short", "masked"), [("1234567", "*******"), ("12-34", "*****")])
def test_a_phone_number_of_seven_digits_or_fewer_is_starred_entirely(
    short: str, masked: str
) -> None:
    assert mask_phone(short) == masked


@pytest.mark.parametrize("blank", [None, "", " "])
def test_a_missing_phone_masks_to_nothing(blank: str | None) -> None:
    assert mask_phone(blank) == ""


def test_spaces_around_a_phone_number_are_dropped_before_masking() -> None:
    assert mask_phone(" 13812345678  ") == "138****5678"


# --- loan and account numbers -----------------------------------------------------------


def test_a_loan_or_account_number_keeps_its_last_four_characters() -> None:
    assert mask_account("6228480012345678") == "************5678"
    assert mask_account("DK2026-000123") == "*********0123"


@pytest.mark.parametrize(("short", "masked"), [("1234", "****"), ("12", "**"), ("12345", "*2345")])
def test_an_account_number_of_four_characters_or_fewer_is_starred_entirely(
    short: str, masked: str
) -> None:
    assert mask_account(short) == masked


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_a_missing_account_number_masks_to_nothing(blank: str | None) -> None:
    assert mask_account(blank) == ""


def test_spaces_around_an_account_number_are_dropped_before_masking() -> None:
    assert mask_account("  6228480012345678 ") == "************5678"


# --- properties -------------------------------------------------------------------------

_values = st.text(min_size=1, max_size=40).map(str.strip).filter(bool)


@given(_values)
def test_every_mask_keeps_the_length_of_the_trimmed_value(value: str) -> None:
    for mask in (mask_name, mask_id, mask_phone, mask_account):
        assert len(mask(value)) == len(value)


@given(st.from_regex(r"[0-9]{8,20}", fullmatch=True))
def test_a_masked_number_never_shows_more_than_the_kept_characters(value: str) -> None:
    assert sum(ch != "*" for ch in mask_id(value)) == 3
    assert sum(ch != "*" for ch in mask_phone(value)) == 7
    assert sum(ch != "*" for ch in mask_account(value)) == 4
