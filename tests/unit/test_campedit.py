"""Camp settings edited on /setup pass the camp file's checks, and the lists their own."""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from pathlib import Path

import pytest

from core.campedit import (
    config_from_form,
    member_rows,
    parse_shifts,
    shifts_text,
    team_rows,
    with_scoring,
    with_teams,
)
from core.campfile import CampFileError, load_camp_file
from core.campitems import CUSTOMER_TYPES, DEFAULT_ITEMS, ITEM_KINDS, clean_items
from core.errors import InputRejected


@pytest.fixture
def cfg(samples: Path):  # noqa: ANN201
    return load_camp_file(samples / "camp_sample.toml")


def form(**changes: object) -> dict:
    values = dict(code="w-2026", name="冬训", bank="某农商行", start_date=date(2026, 12, 1),
                  days=7, first_field_day=3, cutoff=time(17, 30), final_cutoff=time(12),
                  timezone="Asia/Shanghai", quiet_hours=(time(22), time(8)),
                  night_shifts="22:00-01:00， 4:30 - 07:00", cost_yuan=180000.0)  # fmt: skip
    return {**values, **changes}


def test_the_camp_form_builds_the_camp_a_camp_file_would() -> None:
    cfg = config_from_form(None, **form())
    assert cfg.field_days == (3, 4, 5, 6, 7) and cfg.cost_fen == 18_000_000
    assert cfg.night_shifts == ((time(22), time(1)), (time(4, 30), time(7)))
    assert cfg.teams == () and cfg.scoring["ack_urgent"] == 3


def test_the_camp_form_reports_what_the_camp_file_check_finds() -> None:
    with pytest.raises(CampFileError) as exc:
        config_from_form(None, **form(code="冬训 营", timezone="Mars/Base", first_field_day=9))
    columns = [p.column for p in exc.value.problems]
    assert columns == ["camp.code", "camp.field_days", "camp.field_days", "camp.timezone"]
    with pytest.raises(CampFileError) as exc:
        config_from_form(None, **form(night_shifts="22:00 to 1", start_date=None))
    assert [p.column for p in exc.value.problems] == ["camp.start_date", "camp.night_shifts[1]"]


def test_an_edit_keeps_the_teams_and_weights_of_the_camp(cfg) -> None:  # noqa: ANN001
    edited = config_from_form(cfg, **form(code=cfg.code, cost_yuan=None))
    assert edited.teams == cfg.teams and edited.scoring == cfg.scoring
    assert edited.cost_fen is None


def test_night_shifts_read_back_as_they_are_shown() -> None:
    shifts = ((time(22), time(1)), (time(4, 30), time(7)))
    assert parse_shifts(shifts_text(shifts)) == shifts
    assert parse_shifts("") == ()


def test_the_team_tables_round_trip_through_the_camp(cfg) -> None:  # noqa: ANN001
    departments = {"林晓": "信贷营销"}
    same, got = with_teams(cfg, team_rows(cfg), member_rows(cfg, departments))
    assert same == cfg
    assert got["林晓"] == "信贷营销" and got["许诺"] is None


def test_team_table_problems_name_the_row_and_the_camp_file_rules_apply(cfg) -> None:  # noqa: ANN001
    teams = [{"name": "尖刀队", "target": None, "territories": "城关镇"},
             {"name": "突击队", "target": 1.005, "territories": "城关镇"}]  # fmt: skip
    members = [{"team": "猛虎队", "name": "李明", "department": None, "leader": False},
               {"team": "尖刀队", "name": "林晓", "department": "后勤", "leader": True},
               {"team": "尖刀队", "name": "许诺", "department": None, "leader": True}]  # fmt: skip
    with pytest.raises(CampFileError) as exc:
        with_teams(cfg, teams, members)
    assert [p.column for p in exc.value.problems] == [
        "teams[1].target", "teams[2].target", "members[1].team", "members[2].department",
        "members[3].leader",
    ]  # fmt: skip
    fine = [{"name": "尖刀队", "target": 1, "territories": "城关镇"},
            {"name": "突击队", "target": 2, "territories": "城关镇"}]  # fmt: skip
    members = [{"team": "尖刀队", "name": "林晓"}, {"team": "突击队", "name": "林晓"}]
    with pytest.raises(CampFileError) as exc:
        with_teams(cfg, fine, members)
    assert [str(p) for p in exc.value.problems] == [
        "column teams[2].members[1]: 林晓 is already a member of 尖刀队",
        "column teams[2].territories[1]: 城关镇 already belongs to 尖刀队",
    ]


def test_new_weights_are_checked_as_the_scoring_table_is(cfg) -> None:  # noqa: ANN001
    weights = {**cfg.scoring, "ack": Decimal("2.5")}
    assert with_scoring(cfg, weights).scoring["ack"] == Decimal("2.5")
    with pytest.raises(CampFileError) as exc:
        with_scoring(cfg, {**cfg.scoring, "ack": -1, "promise": None})
    assert [p.column for p in exc.value.problems] == ["scoring.promise"]


def test_every_list_kind_has_defaults_that_pass_its_own_checks() -> None:
    assert set(DEFAULT_ITEMS) == set(ITEM_KINDS)
    for kind, items in DEFAULT_ITEMS.items():
        rows = [{"name": n, "text": t} for n, t in items]
        assert clean_items(kind, rows) == list(items)
    assert [n for n, _ in DEFAULT_ITEMS["customer_type"]] == list(CUSTOMER_TYPES)


def test_a_list_row_with_text_but_no_name_is_refused() -> None:
    with pytest.raises(InputRejected) as exc:
        clean_items("material", [{"name": None, "text": "备用电池"}, {"name": float("nan")}])
    assert [str(p) for p in exc.value.problems] == ["row 1, column name: a name is required"]


def test_the_setup_form_refuses_quiet_hours_shorter_than_the_minimum_in_the_users_language():
    from datetime import date, time

    from core.campedit import config_from_form
    from core.campfile import CampFileError

    with pytest.raises(CampFileError) as caught:
        config_from_form(
            None, code="q", name="q", bank="", start_date=date(2026, 12, 1), days=7,
            first_field_day=3, cutoff=time(17, 30), final_cutoff=time(12), timezone="Asia/Shanghai",
            quiet_hours=(time(23), time(6)), night_shifts="",
        )  # fmt: skip
    [problem] = caught.value.problems
    assert problem.column == "camp.quiet_hours"
    assert problem.reason_in("zh").startswith("静默时段 23:00–06:00 短于最低要求 22:00–08:00")
