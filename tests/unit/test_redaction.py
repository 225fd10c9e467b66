"""The one redactor (core.masking.Redactor): free text leaving the store keeps no borrower's
or guarantor's name, ID number, phone, bank card or loan number (issue 13, point 4)."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.masking import Redactor, mask_number, redact

NAMES = {"周德明", "王五", "阿卜杜热合曼·买买提艾力·阿不都热西提·吐尔逊"}  # the last: 23 characters


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("电话158-9288-7326", "电话158-****-7326"),
        ("电话158 9288 7326", "电话158 **** 7326"),
        ("电话158.9288.7326", "电话158.****.7326"),
        ("电话+86 158 9288 7326", "电话+86 158 **** 7326"),
        ("电话+8615892887326", "电话+86158****7326"),
        ("电话００８６－１５８９２８８７３２６", "电话００８６－１５８****７３２６"),
        ("卡号8201-0001-2397-1753", "卡号****-****-****-1753"),
        ("卡号6228 4800 1234 5678 901", "卡号**** **** **** ***8 901"),
        ("身份证430121 19750501 1207", "身份证4***** ******** **07"),
        ("身份证43012119750501120X", "身份证4***************0X"),
        ("身份证43012119750501120x", "身份证4***************0x"),
        ("旧身份证430121750501120", "旧身份证4************20"),
        ("电话一五八九二八八七三二六", "电话***********"),
        ("约定2026-12-18还款5000元", "约定2026-12-18还款5000元"),
        ("门牌12号，欠款3万", "门牌12号，欠款3万"),
    ],
)  # fmt: skip
def test_numbers_are_masked_whatever_separates_their_digits(text: str, shown: str) -> None:
    assert redact(text) == shown


def test_every_name_of_the_camp_is_masked_whatever_its_length() -> None:
    text = "阿卜杜热合曼·买买提艾力·阿不都热西提·吐尔逊说周德明和王五会还"
    long_name = "阿卜杜热合曼·买买提艾力·阿不都热西提·吐尔逊"
    assert len(long_name) > 20
    assert redact(text, NAMES) == "阿" + "*" * (len(long_name) - 1) + "说周**和王*会还"


def test_a_loan_number_of_the_camp_is_masked_even_with_letters() -> None:
    assert redact("借据LN-2024-0031已结清", numbers={"LN-2024-0031"}) == "借据LN-****-0031已结清"
    assert redact("借据ln-2024-0031已结清", numbers={"LN-2024-0031"}) == "借据ln-****-0031已结清"


def test_a_number_too_short_to_keep_anything_is_starred_whole() -> None:
    assert mask_number("1234567") == "*******"


# --------------------------------------------------------------------------- property

_CJK = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
_name = st.one_of(
    st.text(_CJK, min_size=2, max_size=4),
    st.text(_CJK, min_size=5, max_size=40),  # a company, or a long transliterated name
    st.builds(lambda a, b: f"{a}·{b}", st.text(_CJK, min_size=2, max_size=8),
              st.text(_CJK, min_size=2, max_size=8)),
)  # fmt: skip
_digits = st.text(st.sampled_from("0123456789"), min_size=1, max_size=1)


def _number(length: int, first: str = "") -> st.SearchStrategy[str]:
    return st.text(st.sampled_from("0123456789"), min_size=length - len(first),
                   max_size=length - len(first)).map(lambda d: first + d)  # fmt: skip


_id18 = st.builds(lambda d, x: d + x, _number(17, "4"), st.sampled_from("0123456789Xx"))
_id15 = _number(15, "4")
_phone = st.builds(lambda p, d: "1" + p + d, st.sampled_from("3456789"), _number(9))
_card = st.integers(16, 19).flatmap(lambda n: _number(n, "6"))
_loan = st.one_of(_number(16, "8"), st.builds(lambda d: f"LN-{d[:4]}-{d[4:]}", _number(8)))
_SEPARATORS = ["", " ", "-", ".", "  ", " - ", "－", "　", "/", "·", "--"]


@st.composite
def _spelt(draw: st.DrawFn, number: str) -> str:
    """A number as someone types it: separators of up to two characters between digits,
    a +86 before a phone."""
    out = []
    for i, ch in enumerate(number):
        if i and (ch + number[i - 1]).isalnum() and draw(st.integers(0, 3)) == 0:
            out.append(draw(st.sampled_from(_SEPARATORS)))
        out.append(ch)
    text = "".join(out)
    if len(number) == 11 and number[0] == "1" and draw(st.booleans()):
        text = draw(st.sampled_from(["+86", "+86 ", "0086-", "＋86"])) + text
    return text


_filler = st.text(
    st.one_of(_CJK, st.sampled_from("，。：；、（）！？ 年月日元万号户乡村镇abcXYZ")), max_size=12
)


@st.composite
def _camp_and_note(draw: st.DrawFn) -> tuple[set[str], set[str], str, list[str], list[str]]:
    names = draw(st.sets(_name, min_size=1, max_size=8))
    numbers = draw(st.lists(st.one_of(_id18, _id15, _phone, _card, _loan), min_size=1,
                            max_size=8))  # fmt: skip
    used_names = draw(st.lists(st.sampled_from(sorted(names)), min_size=1, max_size=4))
    used_numbers = draw(st.lists(st.sampled_from(numbers), min_size=1, max_size=4))
    pieces: list[str] = []
    for item in used_names + used_numbers:
        pieces.append(draw(_filler))
        pieces.append(item if item in names else draw(_spelt(item)))
    pieces.append(draw(_filler))
    return names, set(numbers), "".join(pieces), used_names, used_numbers


_SEP_CHARS = re.compile(r"[\s\-－.·/+＋]")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_camp_and_note())
def test_random_notes_built_from_the_camps_personal_data_never_survive_redaction(
    case: tuple[set[str], set[str], str, list[str], list[str]],
) -> None:
    names, numbers, note, used_names, used_numbers = case
    out = Redactor(names, numbers)(note)
    for name in used_names:
        assert name not in out, (note, out)
    bare = _SEP_CHARS.sub("", out).lower()
    for number in used_numbers:
        digits = _SEP_CHARS.sub("", number).lower()
        assert digits not in bare, (note, out)
    # and the camp's data the note was not built from is not invented
    assert len(out) == len(note)
