"""The camp file (SPEC §5.2): parsing, validation with key paths, and writing back."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time
from decimal import Decimal

import pytest

from core.camp import DEFAULT_SCORING, CampConfig, TeamConfig
from core.campfile import CampFileError, camp_to_toml, load_camp_file, parse_camp_toml
from core.demo import demo_camp
from core.scoring import TEMPLATE_GUARDS
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "camp_sample.toml"

SCORING = """
[scoring]
principal_per_10k = 10
interest_per_10k = 5
written_off_per_10k = 15
settled = 5
ack = 1
ack_urgent = 3
promise = 1
"""

MINIMAL = (
    """
[camp]
code = "mini"
start_date = 2026-12-01
"""
    + SCORING
    + """
[[teams]]
name = "猛虎队"
target = 3000000
members = ["李明", "王芳", "赵强"]
"""
)


def camp(camp_lines: str = "", teams: str = "", scoring: str = SCORING) -> str:
    """A camp file: code and start date, the extra [camp] lines, scoring and teams."""
    return f'[camp]\ncode = "t"\nstart_date = 2026-12-01\n{camp_lines}\n{scoring}\n{teams}'


def problems_of(text: str) -> dict[str, str]:
    with pytest.raises(CampFileError) as caught:
        parse_camp_toml(text)
    return {p.column: p.reason for p in caught.value.problems}


TEAM = '[[teams]]\nname = "{name}"\ntarget = {target}\nmembers = {members}\n'


def team(name: str = "猛虎队", target: str = "1000", members: str = '["李明"]', extra: str = ""):
    return TEAM.format(name=name, target=target, members=members) + extra + "\n"


# ---------------------------------------------------------------- the sample file


def test_the_sample_camp_file_parses_with_its_exact_values():
    cfg = load_camp_file(SAMPLE)

    assert cfg.code == "qh-sample"
    assert cfg.name == "青禾农商银行2026年冬季不良贷款清收训练营"
    assert cfg.bank == "青禾农村商业银行"
    assert cfg.start_date == date(2026, 12, 14)
    assert cfg.days == 7
    assert cfg.field_days == (3, 4, 5, 6, 7)
    assert cfg.cutoff == time(17, 30)
    assert cfg.final_cutoff == time(12, 0)
    assert cfg.timezone == "Asia/Shanghai"
    assert cfg.quiet_hours == (time(22, 0), time(8, 0))
    assert cfg.night_shifts == ((time(22, 0), time(1, 0)), (time(4, 30), time(7, 0)))
    assert cfg.cost_fen == 15_000_000
    assert cfg.scoring == {**DEFAULT_SCORING, **TEMPLATE_GUARDS}  # the template's rules (§4.7)
    assert all(isinstance(cfg.scoring[k], Decimal) for k in DEFAULT_SCORING)
    assert cfg.teams == (
        TeamConfig(
            "尖刀队", 120_000_000, ("林晓", "许诺", "曹阳", "邓佳"), ("城关镇", "石桥乡", "河口镇")
        ),
        TeamConfig(
            "突击队", 100_000_000, ("龚平", "范婷", "邵峰"), ("白沙乡", "青山乡", "新华街道")
        ),
    )


def test_the_first_member_listed_is_kept_first_as_the_leader():
    cfg = load_camp_file(SAMPLE)
    assert cfg.teams[0].members[0] == "林晓"


def test_a_camp_file_with_a_byte_order_mark_loads(tmp_path):
    path = tmp_path / "camp.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SAMPLE.read_bytes())
    assert load_camp_file(path) == load_camp_file(SAMPLE)


def test_a_missing_camp_file_is_a_camp_file_error_not_a_traceback(tmp_path):
    with pytest.raises(CampFileError) as caught:
        load_camp_file(tmp_path / "nope.toml")
    assert "cannot read" in str(caught.value)


def test_a_camp_file_that_is_not_utf8_is_a_camp_file_error(tmp_path):
    path = tmp_path / "camp.toml"
    path.write_bytes(MINIMAL.encode("gbk"))
    with pytest.raises(CampFileError):
        load_camp_file(path)


# ---------------------------------------------------------------- defaults


def test_keys_left_out_take_the_defaults_shown_in_the_spec():
    cfg = parse_camp_toml(MINIMAL)
    defaults = CampConfig(code="x", name="x", bank="", start_date=date(2026, 12, 1))

    assert cfg.days == 7
    assert cfg.field_days == (3, 4, 5, 6, 7)
    assert cfg.cutoff == defaults.cutoff == time(17, 30)
    assert cfg.final_cutoff == time(12, 0)
    assert cfg.timezone == "Asia/Shanghai"
    assert cfg.quiet_hours == (time(22, 0), time(8, 0))
    assert cfg.night_shifts == defaults.night_shifts
    assert cfg.cost_fen is None
    assert cfg.teams[0].territories == ()


def test_the_name_defaults_to_the_code_and_the_bank_to_empty():
    cfg = parse_camp_toml(MINIMAL)
    assert cfg.name == "mini"
    assert cfg.bank == ""


def test_a_camp_file_without_teams_is_accepted_with_no_teams():
    assert parse_camp_toml(camp()).teams == ()


def test_field_days_left_out_run_from_day_three_to_the_last_day_of_a_longer_camp():
    assert parse_camp_toml(camp("days = 9")).field_days == (3, 4, 5, 6, 7, 8, 9)
    assert parse_camp_toml(camp("days = 2")).field_days == (2,)
    assert parse_camp_toml(camp("days = 1")).field_days == (1,)


def test_unknown_keys_are_ignored():
    text = camp('colour = "red"', team(extra='mascot = "tiger"'), SCORING + "bonus = 9\n")
    text += "\n[extra]\nx = 1\n"
    cfg = parse_camp_toml(text)
    assert cfg.teams[0].name == "猛虎队"
    assert set(cfg.scoring) == set(DEFAULT_SCORING)


def test_an_empty_night_shift_list_means_no_night_shifts():
    assert parse_camp_toml(camp("night_shifts = []")).night_shifts == ()


# ---------------------------------------------------------------- money


def test_targets_and_cost_in_yuan_become_exact_fen():
    cfg = parse_camp_toml(camp("cost = 180000.5", team(target="1234567.89")))
    assert cfg.teams[0].target_fen == 123_456_789
    assert cfg.cost_fen == 18_000_050


def test_a_zero_target_is_allowed():
    assert parse_camp_toml(camp(teams=team(target="0"))).teams[0].target_fen == 0


def test_a_target_with_more_than_two_decimals_is_rejected():
    assert "teams[1].target" in problems_of(camp(teams=team(target="100.005")))


def test_fractional_scoring_weights_are_kept_as_exact_decimals():
    cfg = parse_camp_toml(camp(scoring=SCORING.replace("ack = 1", "ack = 0.1")))
    assert cfg.scoring["ack"] == Decimal("0.1")


# ---------------------------------------------------------------- rejections


def test_a_camp_file_whose_field_days_do_not_end_on_the_last_day_is_rejected():
    found = problems_of(camp("days = 7\nfield_days = [2, 3, 4, 5, 6]"))
    assert "last camp day" in found["camp.field_days"]


def test_field_days_that_are_not_consecutive_are_rejected():
    assert "camp.field_days" in problems_of(camp("field_days = [3, 4, 6, 7]"))


def test_field_days_outside_the_camp_are_rejected():
    assert "camp.field_days" in problems_of(camp("days = 5\nfield_days = [4, 5, 6]"))
    assert "camp.field_days" in problems_of(camp("field_days = [0, 1, 2, 3, 4, 5, 6, 7]"))
    assert "camp.field_days" in problems_of(camp("field_days = []"))


def test_field_days_that_are_not_whole_numbers_are_rejected():
    assert "camp.field_days" in problems_of(camp('field_days = ["6", "7"]'))


def test_days_below_one_are_rejected():
    assert "camp.days" in problems_of(camp("days = 0"))


def test_a_toml_syntax_error_is_reported_with_its_line():
    with pytest.raises(CampFileError) as caught:
        parse_camp_toml('[camp]\ncode = "x"\nstart_date = = 2026-12-01\n')
    (problem,) = caught.value.problems
    assert problem.row is None
    assert "line 3" in problem.reason


def test_a_missing_code_and_start_date_are_both_reported():
    found = problems_of("[camp]\nname = 'x'\n" + SCORING)
    assert found["camp.code"] == "missing"
    assert found["camp.start_date"] == "missing"


def test_a_missing_camp_table_is_reported():
    assert "camp" in problems_of(SCORING)


def test_a_start_date_in_quotes_or_with_a_time_is_rejected():
    assert "camp.start_date" in problems_of(MINIMAL.replace("2026-12-01", '"2026-12-01"'))
    assert "camp.start_date" in problems_of(MINIMAL.replace("2026-12-01", "2026-12-01T08:00:00"))


def test_a_camp_code_with_spaces_or_other_signs_is_rejected():
    assert "camp.code" in problems_of(MINIMAL.replace('"mini"', '"my camp"'))
    assert "camp.code" in problems_of(MINIMAL.replace('"mini"', '""'))
    assert "camp.code" in problems_of(MINIMAL.replace('"mini"', "12"))


def test_each_missing_scoring_weight_is_reported_with_its_key():
    found = problems_of(camp(scoring=SCORING.replace("settled = 5\n", "").replace("ack = 1\n", "")))
    assert found == {"scoring.settled": "missing", "scoring.ack": "missing"}


def test_a_missing_scoring_table_is_reported():
    assert "scoring" in problems_of(camp(scoring=""))


def test_negative_or_non_numeric_scoring_weights_are_rejected():
    text = SCORING.replace("promise = 1", "promise = -1").replace(
        "ack_urgent = 3", 'ack_urgent = "3"'
    )
    found = problems_of(camp(scoring=text))
    assert set(found) == {"scoring.promise", "scoring.ack_urgent"}


def test_boolean_and_infinite_numbers_are_rejected():
    text = SCORING.replace("promise = 1", "promise = true").replace("ack = 1", "ack = inf")
    found = problems_of(camp("cost = nan", scoring=text))
    assert set(found) == {"scoring.promise", "scoring.ack", "camp.cost"}


def test_a_negative_cost_is_rejected():
    assert "camp.cost" in problems_of(camp("cost = -5"))


def test_bad_times_are_reported_with_their_positions():
    found = problems_of(
        camp(
            'cutoff = "25:00"\nfinal_cutoff = "noon"\nquiet_hours = ["22:00"]\n'
            'night_shifts = [["22:00", "1:00"], ["04:30", "7h"]]'
        )
    )
    assert set(found) == {
        "camp.cutoff",
        "camp.final_cutoff",
        "camp.quiet_hours",
        "camp.night_shifts[2][2]",
    }


def test_times_may_be_written_with_a_one_digit_hour_or_as_toml_times():
    cfg = parse_camp_toml(camp('cutoff = "5:30"\nfinal_cutoff = 12:00:00'))
    assert cfg.cutoff == time(5, 30)
    assert cfg.final_cutoff == time(12, 0)


def test_an_unknown_time_zone_is_rejected():
    assert "camp.timezone" in problems_of(camp('timezone = "Asia/Atlantis"'))
    assert "camp.timezone" in problems_of(camp('timezone = ""'))


def test_another_valid_time_zone_is_kept():
    assert parse_camp_toml(camp('timezone = "Asia/Urumqi"')).timezone == "Asia/Urumqi"


def test_a_team_without_name_target_or_members_is_rejected_key_by_key():
    found = problems_of(camp(teams="[[teams]]\nterritories = ['城关镇']\n"))
    assert found == {
        "teams[1].name": "missing",
        "teams[1].target": "missing",
        "teams[1].members": "missing",
    }


def test_a_team_with_an_empty_member_list_is_rejected():
    assert "teams[1].members" in problems_of(camp(teams=team(members="[]")))


def test_an_empty_member_name_is_rejected():
    assert "teams[1].members[2]" in problems_of(camp(teams=team(members='["李明", " "]')))


def test_a_member_listed_twice_in_one_team_is_rejected():
    found = problems_of(camp(teams=team(members='["李明", "王芳", "李明"]')))
    assert "twice" in found["teams[1].members[3]"]


def test_a_member_in_two_teams_is_rejected():
    teams = team("猛虎队", members='["李明", "王芳"]') + team("雄鹰队", members='["赵强", "王芳"]')
    found = problems_of(camp(teams=teams))
    assert "猛虎队" in found["teams[2].members[2]"]


def test_two_teams_with_the_same_name_are_rejected():
    teams = team("猛虎队", members='["李明"]') + team("猛虎队", members='["王芳"]')
    assert "teams[2].name" in problems_of(camp(teams=teams))


def test_a_township_in_two_teams_territories_is_rejected():
    teams = team("猛虎队", members='["李明"]', extra='territories = ["城关镇", "石桥乡"]')
    teams += team("雄鹰队", members='["王芳"]', extra='territories = ["河口镇", "石桥乡"]')
    found = problems_of(camp(teams=teams))
    assert "猛虎队" in found["teams[2].territories[2]"]


def test_a_negative_or_textual_target_is_rejected():
    teams = team("猛虎队", target="-1") + team("雄鹰队", target='"100万"', members='["王芳"]')
    assert set(problems_of(camp(teams=teams))) == {"teams[1].target", "teams[2].target"}


def test_teams_that_are_not_tables_are_rejected():
    assert "teams" in problems_of('teams = ["猛虎队"]\n' + camp())


def test_all_problems_of_a_file_are_reported_at_once():
    text = """
[camp]
code = "bad code"
days = 6
field_days = [3, 4, 5]
timezone = "Nowhere/Town"

[scoring]
principal_per_10k = 10
interest_per_10k = -5
written_off_per_10k = 15
settled = 5
ack = 1
ack_urgent = 3

[[teams]]
name = "猛虎队"
target = 1000
members = ["李明"]

[[teams]]
name = "雄鹰队"
target = -3
members = ["李明"]
"""
    with pytest.raises(CampFileError) as caught:
        parse_camp_toml(text)
    error = caught.value
    assert isinstance(error, ValueError)
    assert {p.column for p in error.problems} == {
        "camp.code",
        "camp.start_date",
        "camp.field_days",
        "camp.timezone",
        "scoring.interest_per_10k",
        "scoring.promise",
        "teams[2].target",
        "teams[2].members[1]",
    }
    assert all(p.row is None for p in error.problems)
    assert len(str(error).splitlines()) == len(error.problems)
    assert "column teams[2].target: " in str(error)


# ---------------------------------------------------------------- writing back


def test_the_sample_camp_round_trips_through_its_toml():
    cfg = load_camp_file(SAMPLE)
    assert parse_camp_toml(camp_to_toml(cfg)) == cfg


def test_the_demo_camp_round_trips_through_its_toml():
    cfg = demo_camp(teams=12, seed=3)
    assert parse_camp_toml(camp_to_toml(cfg)) == cfg


def test_a_camp_with_odd_values_round_trips_exactly():
    cfg = CampConfig(
        code="odd_1",
        name='带"引号"的\\名称\t',
        bank="",
        start_date=date(2028, 2, 29),
        days=3,
        field_days=(1, 2, 3),
        cutoff=time(18, 5),
        final_cutoff=time(9, 0),
        timezone="Asia/Urumqi",
        quiet_hours=(time(21, 30), time(8, 30)),
        night_shifts=(),
        cost_fen=12_345,
        scoring={**DEFAULT_SCORING, "ack": Decimal("0.25"), "settled": Decimal("0")},
        teams=(
            TeamConfig("一队", 123_456_789, ("甲",), ()),
            TeamConfig("二队", 0, ("乙", "丙"), ("城关镇",)),
        ),
    )
    text = camp_to_toml(cfg)
    back = parse_camp_toml(text)
    assert back == replace(cfg, name=cfg.name.strip())
    assert "target = 1234567.89" in text
    assert "cost = 123.45" in text


def test_whole_yuan_amounts_are_written_as_integers():
    text = camp_to_toml(load_camp_file(SAMPLE))
    assert "target = 1200000\n" in text
    assert "cost = 150000\n" in text


def test_a_camp_files_default_segment_is_read_written_back_and_checked() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "cost = 150000", 'cost = 150000\ndefault_segment = "小微"'
    )
    cfg = parse_camp_toml(text)
    assert cfg.default_segment == "小微"
    assert parse_camp_toml(camp_to_toml(cfg)).default_segment == "小微"
    assert parse_camp_toml(SAMPLE.read_text(encoding="utf-8")).default_segment is None
    with pytest.raises(CampFileError) as caught:
        parse_camp_toml(text.replace('"小微"', '"农户"'))
    assert any(p.column == "camp.default_segment" for p in caught.value.problems)


def test_a_camp_files_guarantee_type_is_read_written_back_and_checked() -> None:
    text = SAMPLE.read_text(encoding="utf-8").replace(
        "cost = 150000", 'cost = 150000\nguarantee_type = "一般保证"'
    )
    cfg = parse_camp_toml(text)
    assert cfg.guarantee_type == "一般保证"
    assert parse_camp_toml(camp_to_toml(cfg)).guarantee_type == "一般保证"
    assert parse_camp_toml(SAMPLE.read_text(encoding="utf-8")).guarantee_type is None
    with pytest.raises(CampFileError) as caught:
        parse_camp_toml(text.replace('"一般保证"', '"保证"'))
    assert any(p.column == "camp.guarantee_type" for p in caught.value.problems)


# ---------------------------------------------------------------- §4.7 rules, §4.11 quiet hours

GUARDS = """promise_max_days = 30
promise_min_amount = 1000
promise_kept = 2
ack_min_status = "watch"
reconcile_days = 3
"""


def test_the_rules_against_gaming_are_read_and_written_back_equal():
    cfg = parse_camp_toml(camp(scoring=SCORING + GUARDS))
    assert cfg.scoring == {**DEFAULT_SCORING, **TEMPLATE_GUARDS}
    assert parse_camp_toml(camp_to_toml(cfg)) == cfg


def test_a_camp_file_without_the_rules_has_none_of_them():
    assert parse_camp_toml(camp()).scoring == DEFAULT_SCORING
    assert "promise_kept" not in camp_to_toml(parse_camp_toml(camp()))


@pytest.mark.parametrize(
    "line, column",
    [
        ('ack_min_status = "soon"', "scoring.ack_min_status"),
        ("promise_max_days = 2.5", "scoring.promise_max_days"),
        ("promise_min_amount = -1", "scoring.promise_min_amount"),
        ('promise_kept = "2"', "scoring.promise_kept"),
        ("reconcile_days = -3", "scoring.reconcile_days"),
    ],
)
def test_a_wrong_rule_against_gaming_is_named(line, column):
    assert column in problems_of(camp(scoring=SCORING + line + "\n"))


@pytest.mark.parametrize("hours", [["23:00", "08:00"], ["22:00", "07:59"], ["22:00", "22:00"],
                                   ["08:00", "22:00"]])  # fmt: skip
def test_quiet_hours_shorter_than_ten_at_night_to_eight_in_the_morning_are_refused(hours):
    reason = problems_of(camp(f'quiet_hours = ["{hours[0]}", "{hours[1]}"]'))["camp.quiet_hours"]
    assert "22:00–08:00" in reason


@pytest.mark.parametrize("hours", [["22:00", "08:00"], ["21:00", "08:30"], ["12:00", "09:00"]])
def test_quiet_hours_may_be_lengthened(hours):
    cfg = parse_camp_toml(camp(f'quiet_hours = ["{hours[0]}", "{hours[1]}"]'))
    assert [f"{t:%H:%M}" for t in cfg.quiet_hours] == hours
