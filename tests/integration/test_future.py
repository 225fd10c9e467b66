"""Nothing is recorded ahead of time, and no adjustment breaks the standings (issue 13,
points 8 and 9; docs/security.md threats 19 and 20).

The clock is core.clock, pinned here with CAMP_NOW: the sample camp's day 3 at 10:00.
A visit or adjustment dated more than 10 minutes after it is rejected with its reason
and moves nothing; so is a close date after today in the camp. Points that are not a
finite number of at most 10⁹ are a clear problem (exit 3), never a traceback.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine

from core.errors import InputRejected
from db.postloan import close_camp, closed_on
from db.visits import add_adjustment, record_visits
from tests.conftest import Prepare
from tests.integration.test_cli import run
from tests.integration.test_visits import HAND_CAMP, team_points, visit

NOW = "2026-12-16T10:00:00+08:00"  # camp day 3, 10:00 in the camp


@pytest.fixture(autouse=True)
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CAMP_NOW", NOW)


@pytest.fixture
def camp(db_url: str, prepare: Prepare) -> str:
    prepare(db_url, "loans")  # the sample camp and its loans
    return "qh-sample"


def test_a_visit_dated_after_now_is_rejected_and_moves_nothing(engine: Engine, camp: str) -> None:
    before = team_points(engine, camp)
    for at in ("2026-12-16 10:11", "2026-12-18 10:00"):
        with pytest.raises(InputRejected) as info:
            record_visits(engine, camp, [visit(at=at, principal=500_000)])
        assert [str(p) for p in info.value.problems] == [
            f"row 2, column 走访时间: {at} is after now (2026-12-16 10:00, camp time): "
            "nothing can be recorded ahead of time"
        ]
    assert team_points(engine, camp) == before


def test_a_visit_a_few_minutes_ahead_of_the_clock_is_accepted(engine: Engine, camp: str) -> None:
    """Ten minutes' grace for a phone or server clock running a little fast."""
    assert record_visits(engine, camp, [visit(at="2026-12-16 10:10")]).stored == 1


def test_a_visit_file_with_a_row_in_the_future_is_rejected_whole_on_the_command_line(
    db_url: str, camp: str, tmp_path: Path
) -> None:
    path = tmp_path / "visits.csv"
    path.write_text(HAND_CAMP.replace("2026-12-17 09:00", "2026-12-18 09:00", 1), "utf-8")
    before = run(db_url, "standings", camp)[1]
    code, out, err = run(db_url, "--lang", "en", "visits-import", camp, str(path))
    assert code == 3
    assert "row 2, column 走访时间: 2026-12-18 09:00 is after now" in err
    assert "row 3, column 走访时间: 2026-12-16 23:30 is after now" in err
    assert "row 5, column 走访时间: 2026-12-17 09:00 is after now" in err
    assert "nothing written" in err and "Traceback" not in err
    assert run(db_url, "standings", camp)[1] == before
    code, out, err = run(db_url, "visits-import", camp, str(path), "--skip-invalid")
    assert code == 0 and "stored 1 visits" in out  # the one row of day 3 before 10:00


def test_an_adjustment_dated_after_now_is_rejected_and_moves_nothing(
    db_url: str, engine: Engine, camp: str
) -> None:
    before = run(db_url, "standings", camp)[1]
    code, _, err = run(db_url, "--lang", "en", "adjust", camp, "尖刀队", "5", "--reason", "早到",
                       "--at", "2026-12-17 09:00")  # fmt: skip
    assert code == 3
    assert "column at: 2026-12-17 09:00 is after now (2026-12-16 10:00, camp time)" in err
    with pytest.raises(InputRejected):
        add_adjustment(engine, camp, "尖刀队", "5", "早到", datetime(2026, 12, 16, 10, 11))
    assert run(db_url, "standings", camp)[1] == before
    assert add_adjustment(engine, camp, "尖刀队", "5", "准时", datetime(2026, 12, 16, 9, 0)) > 0
    assert run(db_url, "adjust", camp, "尖刀队", "-1", "--reason", "now")[0] == 0  # at now


@pytest.mark.parametrize(
    ("points", "reason"),
    [
        ("inf", "not a finite number: inf"),
        ("-Infinity", "not a finite number: -Infinity"),
        ("nan", "not a finite number: nan"),
        ("12345678901234567890", "at most 1,000,000,000 points either way"),
        ("1e400", "at most 1,000,000,000 points either way"),
        ("三分", "not a number: 三分"),
    ],
)
def test_points_that_are_not_a_finite_number_of_at_most_a_billion_are_a_clear_problem(
    db_url: str, camp: str, points: str, reason: str
) -> None:
    before = run(db_url, "standings", camp)[1]
    code, out, err = run(db_url, "--lang", "en", "adjust", camp, "尖刀队", "--reason", "试试", "--",
                         points)  # fmt: skip
    assert code == 3, err
    assert f"column POINTS: {reason}" in err
    assert "Traceback" not in err and "unexpected" not in err
    assert run(db_url, "standings", camp)[1] == before


def test_a_billion_points_either_way_are_still_accepted(db_url: str, camp: str) -> None:
    for points in ("1000000000", "-1000000000"):
        assert run(db_url, "adjust", camp, "尖刀队", points, "--reason", "大")[0] == 0


def test_a_camp_is_not_closed_ahead_of_time(db_url: str, engine: Engine, camp: str) -> None:
    code, out, err = run(db_url, "--lang", "en", "close-camp", camp, "--at", "2026-12-21")
    assert code == 3
    assert "column at: 2026-12-21 is after today in the camp (2026-12-16)" in err
    assert "nothing written" in err
    assert closed_on(engine, camp) is None
    with pytest.raises(InputRejected):
        close_camp(engine, camp, datetime(2026, 12, 17, tzinfo=UTC).date())
    done = close_camp(engine, camp, datetime(2026, 12, 16, tzinfo=UTC).date())
    assert not done.already_closed and done.closed_on.isoformat() == "2026-12-16"


def test_a_visit_corrected_into_the_future_is_rejected(engine: Engine, camp: str) -> None:
    from db.visits import correct_visit

    [visit_id] = record_visits(engine, camp, [visit(at="2026-12-16 09:00")]).visit_ids
    with pytest.raises(InputRejected) as info:
        correct_visit(engine, camp, visit_id, visit(at="2026-12-17 09:00"), "typo", "admin")
    assert "is after now" in str(info.value.problems[0])


def test_the_demo_camp_loads_whatever_the_day_as_a_camp_that_has_run(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo runs 2026-12-01..07: its visits are checked as at its end, not at now."""
    monkeypatch.setenv("CAMP_NOW", "2026-11-01T00:00:00+08:00")
    code, out, err = run(sqlite_url, "demo", "--loans", "60", "--visits", "80")
    assert code == 0, err
    assert "80 visits" in out
