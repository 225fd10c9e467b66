"""Hostile camp files are refused before they cost anything (issue 13, point 7).

Dates outside 2000–2099, more than 60 days, money above 10¹² 元, non-finite numbers
and texts longer than their column: each a clear problem naming its key, the same on
SQLite and PostgreSQL because the check is in core/ (core.limits), not the database.
"""

from __future__ import annotations

import time
from datetime import date

import pytest
from sqlalchemy import String

from core import limits
from core.campedit import config_from_form, with_teams
from core.campfile import CampFileError, parse_camp_toml
from db.models import Camp, Member, ScoringRule, Team, Territory
from tests.unit.test_campfile import SCORING, camp, problems_of, team


def test_the_table_of_text_limits_matches_the_columns_of_the_store() -> None:
    columns = {
        "camp.code": Camp.code, "camp.name": Camp.name, "camp.bank": Camp.bank,
        "camp.timezone": Camp.timezone, "scoring.weight": ScoringRule.value,
        "team.name": Team.name, "team.member": Member.name, "team.territory": Territory.township,
    }  # fmt: skip
    assert set(columns) == set(limits.TEXT_LIMITS)
    for key, column in columns.items():
        kind = column.property.columns[0].type
        assert isinstance(kind, String) and kind.length == limits.TEXT_LIMITS[key], key


@pytest.mark.parametrize("start", ["9999-12-28", "1999-12-31", "2100-01-01", "0001-01-01"])
def test_a_start_date_outside_the_years_2000_to_2099_is_refused(start: str) -> None:
    text = camp().replace("start_date = 2026-12-01", f"start_date = {start}")
    assert "2000–2099" in problems_of(text)["camp.start_date"]


def test_a_camp_whose_last_day_falls_after_2099_is_refused() -> None:
    text = camp("days = 7").replace("2026-12-01", "2099-12-28")
    assert "after 2099-12-31" in problems_of(text)["camp.days"]


@pytest.mark.parametrize("days", ["61", "5000000", "50000000", "99999999999999999999"])
def test_more_than_60_days_is_refused_at_once_without_building_the_days(days: str) -> None:
    began = time.perf_counter()
    problems = problems_of(camp(f"days = {days}"))
    assert time.perf_counter() - began < 0.5
    assert problems["camp.days"].startswith("must be at most 60")


def test_sixty_days_are_accepted() -> None:
    assert parse_camp_toml(camp("days = 60")).field_days[-1] == 60


@pytest.mark.parametrize("cost", ["1e23", "1000000000000.01", "1e400"])
def test_a_cost_above_a_trillion_yuan_is_refused(cost: str) -> None:
    assert problems_of(camp(f"cost = {cost}"))["camp.cost"].startswith(
        "must be at most 1,000,000,000,000 元"
    )


def test_a_cost_and_a_target_of_exactly_a_trillion_yuan_are_accepted() -> None:
    cfg = parse_camp_toml(camp("cost = 1000000000000", team(target="1000000000000")))
    assert cfg.cost_fen == cfg.teams[0].target_fen == 10**14


def test_a_target_above_a_trillion_yuan_is_refused() -> None:
    assert "at most" in problems_of(camp(teams=team(target="1e13")))["teams[1].target"]


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "+nan", '"inf"', '"nan"', '"1e400"'])
def test_non_finite_numbers_and_numbers_in_quotes_are_refused(value: str) -> None:
    problems = problems_of(camp(f"cost = {value}", team(target=value)))
    assert problems["camp.cost"] and problems["teams[1].target"]


@pytest.mark.parametrize(
    ("weight", "reason"), [("1e30", "at most 1,000,000"), ("0.000000000000000000000000000000001",
                                                         "too many digits")],
)  # fmt: skip
def test_a_scoring_weight_too_large_or_too_long_for_its_column_is_refused(
    weight: str, reason: str
) -> None:
    text = camp(scoring=SCORING.replace("ack = 1", f"ack = {weight}"))
    assert reason in problems_of(text)["scoring.ack"]


@pytest.mark.parametrize(
    ("lines", "teams", "key"),
    [
        ('name = "' + "营" * 201 + '"', "", "camp.name"),
        ('bank = "' + "行" * 201 + '"', "", "camp.bank"),
        ("", team(name="队" * 101), "teams[1].name"),
        ("", team(members='["' + "李" * 101 + '"]'), "teams[1].members[1]"),
        ("", team(extra='territories = ["' + "镇" * 101 + '"]'), "teams[1].territories[1]"),
    ],
)
def test_a_text_longer_than_its_column_is_refused_with_its_length(
    lines: str, teams: str, key: str
) -> None:
    assert "at most" in problems_of(camp(lines, teams))[key]


def test_a_camp_code_longer_than_its_column_is_refused() -> None:
    text = camp().replace('code = "t"', f'code = "{"c" * 65}"')
    assert problems_of(text)["camp.code"] == "is 65 characters long: at most 64"


def test_texts_exactly_as_long_as_their_columns_are_accepted() -> None:
    name = "营" * 200
    cfg = parse_camp_toml(camp(f'name = "{name}"', team(name="队" * 100)))
    assert cfg.name == name and cfg.teams[0].name == "队" * 100


def test_a_hostile_file_reports_every_bound_at_once() -> None:
    text = camp("days = 5000000\ncost = 1e23").replace("2026-12-01", "9999-12-28")
    with pytest.raises(CampFileError) as caught:
        parse_camp_toml(text)
    assert {p.column for p in caught.value.problems} >= {"camp.start_date", "camp.days",
                                                         "camp.cost"}  # fmt: skip


# ------------------------------------------------------------------ the /setup camp form


def _form_problems(**changes: object) -> dict[str, str]:
    from tests.unit.test_campedit import form

    with pytest.raises(CampFileError) as caught:
        config_from_form(None, **form(**changes))
    return {p.column: p.reason for p in caught.value.problems}


@pytest.mark.parametrize("cost", [1e23, 1e30, float("inf"), "nan", "inf", "1e400"])
def test_the_setup_form_refuses_a_cost_out_of_bounds_or_not_finite(cost: object) -> None:
    assert "camp.cost" in _form_problems(cost_yuan=cost)


def test_the_setup_form_refuses_dates_texts_and_days_out_of_bounds() -> None:
    problems = _form_problems(start_date=date(9999, 12, 28), name="营" * 201, days=61)
    assert set(problems) >= {"camp.start_date", "camp.name", "camp.days"}


@pytest.mark.parametrize("target", [1e30, "1e400", 1e13])
def test_the_setup_team_table_refuses_a_target_above_a_trillion_yuan(target: object) -> None:
    base = parse_camp_toml(camp(teams=team()))
    with pytest.raises(CampFileError) as caught:
        with_teams(base, [{"name": "猛虎队", "target": target}],
                   [{"team": "猛虎队", "name": "李明"}])  # fmt: skip
    assert "at most" in caught.value.problems[0].reason


def test_an_amount_typed_on_the_entry_form_above_a_trillion_yuan_is_an_amount_problem() -> None:
    from core.entry import typed_fen

    assert typed_fen("1,000,000,000,000") == 10**14
    for text in ("1000000000000.01", "1e23", "99999999999999999999"):
        with pytest.raises(ValueError):
            typed_fen(text)
