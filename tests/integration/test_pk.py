"""The live PK board's reads (db/queries/pk.py) on both stores: ranking and rank changes, race,
pairings, red flag, top members, last change and the cache key."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import Engine

from core.pk import Phase
from db.queries import camp_version
from db.queries.pk import PairingLine, pk_board, pk_key
from db.setup import save_pairings
from db.visits import add_adjustment, record_visits
from tests.conftest import Prepare
from tests.integration.test_visits import visit

CAMP = "qh-sample"  # 2026-12-14, field days 3–7 (12-16 … 12-20), cut-off 17:30, 尖刀队 v 突击队
TZ = ZoneInfo("Asia/Shanghai")


def local(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=TZ)


def adjust(engine: Engine, team: str, points: str, at: str) -> None:
    add_adjustment(engine, CAMP, team, points, "PK 奖惩", datetime.strptime(at, "%Y-%m-%d %H:%M"))


@pytest.fixture
def camp(db_url: str, prepare: Prepare) -> str:
    prepare(db_url, "loans")  # the sample camp and its loans
    return CAMP


@pytest.fixture
def played(engine: Engine, camp: str) -> str:
    """Day 3: 尖刀队 10 points. Day 4: 突击队 30, so it leads at day 4's cut-off. Day 5
    (running): 尖刀队 collects 5,000 元 (5.00 points, shared by 林晓 and 许诺) and gets 30."""
    adjust(engine, "尖刀队", "10", "2026-12-16 11:00")
    adjust(engine, "突击队", "30", "2026-12-17 11:00")
    record_visits(engine, camp, [visit(at="2026-12-18 10:00", principal=500_000)])
    adjust(engine, "尖刀队", "30", "2026-12-18 10:30")
    save_pairings(engine, camp, [{"day": 5, "team_a": "突击队", "team_b": "尖刀队"}], "test")
    return camp


def test_mid_camp_the_board_ranks_the_camp_and_shows_the_moves_since_the_last_cut_off(
    engine: Engine, played: str
) -> None:
    board = pk_board(engine, played, local("2026-12-18 12:00"))
    assert board.phase == Phase(camp_day=5, current=5, closed=4)
    assert [(t.rank, t.name, t.points, t.change) for t in board.teams] == [
        (1, "尖刀队", 4500, 1),  # second at day 4's cut-off (10 v 30), first now
        (2, "突击队", 3000, -1),
    ]
    leader = board.teams[0]
    assert leader.cash_fen == 500_000 and leader.target_fen == 120_000_000
    assert board.baseline == 4
    assert board.leader == "尖刀队"


def test_the_race_adds_up_each_days_period_points(engine: Engine, played: str) -> None:
    board = pk_board(engine, played, local("2026-12-18 12:00"))
    assert board.race_days == (3, 4, 5)
    assert dict(board.race) == {"尖刀队": (1000, 1000, 4500), "突击队": (0, 3000, 3000)}


def test_todays_pairing_is_led_on_todays_period_points_and_the_flag_is_yesterdays_top(
    engine: Engine, played: str
) -> None:
    board = pk_board(engine, played, local("2026-12-18 12:00"))
    assert board.pk_day == 5 and not board.pk_final
    assert board.pairings == (PairingLine("突击队", 0, "尖刀队", 3500, "尖刀队"),)
    assert (board.red_flag, board.red_flag_day) == ("突击队", 4)


def test_after_the_cut_off_the_pairing_is_decided_and_the_flag_moves(
    engine: Engine, played: str
) -> None:
    board = pk_board(engine, played, local("2026-12-18 17:30"))  # exactly the cut-off
    assert board.phase == Phase(camp_day=5, current=5, closed=5)
    assert board.pk_day == 5 and board.pk_final and board.baseline == 4
    assert board.pairings[0].leader == "尖刀队"
    night = pk_board(engine, played, local("2026-12-18 23:00"))  # the night counts for day 6
    assert night.phase == Phase(camp_day=5, current=6, closed=5)
    assert (night.red_flag, night.red_flag_day) == ("尖刀队", 5)
    assert night.pk_day == 6 and night.pairings == ()  # no pairing set for day 6
    assert [t.change for t in night.teams] == [0, 0]


def test_top_members_rank_by_their_shares_and_skip_those_without_results(
    engine: Engine, played: str
) -> None:
    board = pk_board(engine, played, local("2026-12-18 12:00"))
    assert [(m.rank, m.name, m.team, m.points, m.cash_fen) for m in board.members] == [
        (1, "林晓", "尖刀队", 250, 250_000),
        (2, "许诺", "尖刀队", 250, 250_000),
    ]


def test_before_the_camp_nothing_is_compared_raced_paired_or_flagged(
    engine: Engine, played: str
) -> None:
    board = pk_board(engine, played, local("2026-12-10 09:00"))
    assert board.phase == Phase(None, None, None)
    assert board.race_days == () and board.race == ()
    assert board.pk_day is None and board.pairings == ()
    assert board.red_flag is None and board.baseline is None
    assert [t.change for t in board.teams] == [None, None]


def test_after_the_camp_the_final_ranking_is_compared_with_the_day_before(
    engine: Engine, played: str
) -> None:
    board = pk_board(engine, played, local("2026-12-21 09:00"))
    assert board.phase == Phase(None, None, 7)
    assert board.baseline == 6 and board.race_days == (3, 4, 5, 6, 7)
    assert board.pk_day == 7 and board.pk_final
    assert board.red_flag is None  # nobody scored on the last day


def test_a_period_without_results_gives_no_red_flag_and_no_leader(
    engine: Engine, camp: str
) -> None:
    board = pk_board(engine, camp, local("2026-12-17 09:00"))
    assert board.phase.closed == 3
    assert board.red_flag is None and board.leader is None
    assert [t.points for t in board.teams] == [0, 0]


def test_the_key_moves_with_every_write_and_at_a_cut_off_but_not_otherwise(
    engine: Engine, played: str
) -> None:
    now = local("2026-12-18 12:00")
    key = pk_key(engine, played, now)
    assert key == (*camp_version(engine, played), 5, 5, 4)
    assert pk_key(engine, played, local("2026-12-18 17:29")) == key
    assert pk_key(engine, played, local("2026-12-18 17:31")) != key
    before = pk_board(engine, played, now).changed_at
    adjust(engine, "突击队", "1", "2026-12-18 12:00")
    assert pk_key(engine, played, now)[2] == key[2] + 1
    after = pk_board(engine, played, now)
    assert after.version == key[2] + 1 and after.changed_at >= before
    assert after.changed_at.utcoffset().total_seconds() == 0


def test_an_unknown_camp_has_no_board(engine: Engine, camp: str) -> None:
    assert pk_board(engine, "nope", local("2026-12-18 12:00")) is None
    assert pk_key(engine, "nope", local("2026-12-18 12:00")) is None
