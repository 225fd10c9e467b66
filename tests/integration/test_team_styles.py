"""Team colours and emblems (issue 14 point 5): set in /setup (db.setup.save_team_styles)
or a camp file, kept by the store, read back for the wall, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from core.campfile import camp_to_toml, load_camp_file, parse_camp_toml
from core.errors import InputRejected
from core.teamstyle import PALETTE, TeamStyle
from db.camps import load_camp
from db.models import AuditEntry
from db.queries import camp_version, team_styles
from db.queries.setup import setup_view
from db.setup import save_team_styles
from db.uow import UnitOfWork

CODE = "qh-sample"


@pytest.fixture
def camp(engine: Engine, samples: Path) -> str:
    load_camp(engine, load_camp_file(samples / "camp_sample.toml"))
    return CODE


def test_a_camp_nobody_styled_shows_each_team_in_its_own_palette_colour(
    engine: Engine, camp: str
) -> None:
    styles = team_styles(engine, camp)
    assert [s.colour for s in styles.values()] == list(PALETTE[: len(styles)])
    assert {s.emblem for s in styles.values()} == {""}
    assert team_styles(engine, "no-such-camp") == {}


def test_colours_and_emblems_chosen_in_setup_are_kept_audited_and_shown_on_the_wall(
    engine: Engine, camp: str
) -> None:
    names = list(team_styles(engine, camp))
    before = camp_version(engine, camp)
    save_team_styles(engine, camp, {names[0]: ("#0B5CAD", "pets"), names[1]: (None, "虎")}, "boss")
    styles = team_styles(engine, camp)
    assert styles[names[0]] == TeamStyle("#0b5cad", "pets")
    # the second team keeps a default, and not the blue the first one took
    assert styles[names[1]].colour == PALETTE[0] and styles[names[1]].badge == "虎"
    assert camp_version(engine, camp)[2] == before[2] + 1  # the boards redraw
    with UnitOfWork(engine, write=False) as uow:
        audit = uow.session.scalars(
            select(AuditEntry).where(AuditEntry.action == "camp.team_styles")
        ).one()
    assert audit.actor == "boss"
    # the camp file /setup downloads carries them, and reads back the same
    cfg = setup_view(engine, camp).config
    assert (cfg.teams[0].colour, cfg.teams[0].emblem) == ("#0b5cad", "pets")
    assert parse_camp_toml(camp_to_toml(cfg)) == cfg


def test_a_bad_colour_or_emblem_is_refused_with_every_reason_and_nothing_changes(
    engine: Engine, camp: str
) -> None:
    names = list(team_styles(engine, camp))
    before = team_styles(engine, camp)
    with pytest.raises(InputRejected) as exc:
        save_team_styles(engine, camp, {names[0]: ("red", "<b>"), names[1]: ("#123456", "🐯"),
                                        "猛虎队": ("#000000", None)}, "boss")  # fmt: skip
    reasons = [p.reason_in("zh") for p in exc.value.problems]
    assert len(reasons) == 4
    assert "颜色应写成" in reasons[0] and "最多 2 个字" in reasons[1]
    assert "不能有空格、符号或表情" in reasons[2] and "猛虎队" in reasons[3]
    assert team_styles(engine, camp) == before


def test_a_camp_file_sets_colours_and_one_that_does_not_say_keeps_them(
    engine: Engine, camp: str, samples: Path
) -> None:
    text = (samples / "camp_sample.toml").read_text(encoding="utf-8")
    styled = text.replace("[[teams]]\n", '[[teams]]\ncolour = "#6F2DBD"\nemblem = "star"\n', 1)
    load_camp(engine, parse_camp_toml(styled))
    first = next(iter(team_styles(engine, camp).values()))
    assert first == TeamStyle("#6f2dbd", "star")
    load_camp(engine, parse_camp_toml(text))  # the original file again: no colour keys
    assert next(iter(team_styles(engine, camp).values())) == first
