"""The password policy and the log-in cookie's reading (issue 13, points 2 and 3)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import jwt
import pytest

from core.passwords import common_passwords, password_problem
from core.sessions import decode_cookie, encode_cookie

KEY = "k" * 48
NOW = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    "password",
    ["12345678", "password", " " * 8, " " * 14, "reuse1", "ReUse1-reuse1"[:6], "Password1234",
     "123456789012", "qwertyuiop12", "woaini1314520", "aaaaaaaaaaaaaa", "abababababab",
     "short-pw"],
)  # fmt: skip
def test_a_weak_password_is_refused_with_its_reason(password: str) -> None:
    assert password_problem(password, "reuse1") is not None


def test_a_password_equal_to_the_username_is_refused_whatever_its_case() -> None:
    assert password_problem("Branch-Manager-01", "branch-manager-01") == "password is the username"


def test_a_long_uncommon_password_is_accepted() -> None:
    assert password_problem("correct-horse-battery", "boss") is None
    assert password_problem("长城清收训练营第一名好样的", "boss") is None


def test_the_shipped_list_of_common_passwords_is_there_and_large_enough() -> None:
    common = common_passwords()
    assert len(common) >= 1000
    assert {"123456", "password", "qwerty123", "woaini1314"} <= common


def test_a_sound_cookie_gives_its_user_and_session_id() -> None:
    token = encode_cookie("boss", "sid-1", NOW + timedelta(days=7), KEY)
    claims = decode_cookie(token, KEY, NOW)
    assert claims is not None and (claims.username, claims.session_id) == ("boss", "sid-1")


def _unsigned(claims: dict) -> str:
    def part(d: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(d).encode()).decode().rstrip("=")

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part(claims)}."


FUTURE = (NOW + timedelta(days=1)).timestamp()


@pytest.mark.parametrize(
    "token",
    [
        None,
        "",
        "garbage",
        "a.b.c",
        "x" * 10_000,
        _unsigned({"username": "boss", "sid": "sid-1", "exp_date": FUTURE}),
        jwt.encode({"username": "boss", "sid": "s", "exp_date": FUTURE}, "another-key" * 4),
        jwt.encode({"username": "boss", "sid": "s", "exp_date": FUTURE}, KEY, algorithm="HS512"),
        encode_cookie("boss", "sid-1", NOW - timedelta(seconds=1), KEY),
        jwt.encode({"username": "boss", "exp_date": FUTURE}, KEY),  # no session id
        jwt.encode({"username": ["boss"], "sid": "s", "exp_date": FUTURE}, KEY),
        jwt.encode({"username": "boss", "sid": "s", "exp_date": "tomorrow"}, KEY),
        jwt.encode({"username": "boss", "sid": "s", "exp_date": 1e300}, KEY),
        jwt.encode({"username": "boss", "sid": "s", "exp_date": True}, KEY),
    ],
    ids=["none", "empty", "garbage", "three parts", "huge", "alg none", "foreign key", "HS512",
         "expired", "no sid", "odd username", "odd expiry", "far expiry", "bool expiry"],
)  # fmt: skip
def test_anything_wrong_with_a_cookie_reads_as_no_cookie(token: object) -> None:
    assert decode_cookie(token, KEY, NOW) is None


@pytest.mark.parametrize(("setting", "cost"), [(None, 12), ("10", 10), ("2", 4), ("99", 16),
                                               ("twelve", 12), ("", 12)])  # fmt: skip
def test_bcrypt_costs_twelve_unless_the_machine_is_told_otherwise_within_four_to_sixteen(
    setting: str | None, cost: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from core.passwords import check_password, hash_password, rounds

    if setting is None:
        monkeypatch.delenv("CAMP_BCRYPT_ROUNDS", raising=False)
    else:
        monkeypatch.setenv("CAMP_BCRYPT_ROUNDS", setting)
    assert rounds() == cost
    if cost <= 10:  # a stored hash carries its cost: it checks whatever the setting is now
        hashed = hash_password("Branch-Manager-01")
        assert hashed.startswith(f"$2b${cost:02d}$")
        monkeypatch.setenv("CAMP_BCRYPT_ROUNDS", "4")
        assert check_password("Branch-Manager-01", hashed)
