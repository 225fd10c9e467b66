"""The attacks of issue 13, point 7, on the command line: a hostile camp file is exit 3
with one clear line per problem, the same on SQLite and PostgreSQL, and nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from db.models import Camp
from tests.integration.test_cli import count, run

HOSTILE = {
    "start_date = 9999-12-28": "column camp.start_date: must be in the years 2000–2099, "
    "not 9999-12-28",
    "days = 5000000": "column camp.days: must be at most 60, not 5000000",
    "days = 50000000": "column camp.days: must be at most 60, not 50000000",
    "cost = 1e23": "column camp.cost: must be at most 1,000,000,000,000 元, not 1E+23",
    "cost = inf": "column camp.cost: must be a finite number, not Infinity",
    'cost = "nan"': "column camp.cost: must be a number, not 'nan'",
    'name = "' + "营" * 201 + '"': "column camp.name: is 201 characters long: at most 200",
}


@pytest.mark.parametrize("line", list(HOSTILE), ids=[k[:24] for k in HOSTILE])
def test_a_hostile_camp_file_is_exit_3_with_its_reason_on_both_stores(
    db_url: str, engine: Engine, samples: Path, tmp_path: Path, line: str
) -> None:
    text = (samples / "camp_sample.toml").read_text(encoding="utf-8")
    key, lines = line.split(" = ")[0], text.splitlines()
    first = next(i for i, raw in enumerate(lines) if raw.startswith(f"{key} = "))  # in [camp]
    lines[first] = line
    path = tmp_path / "camp.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    code, out, err = run(db_url, "--lang", "en", "camp-load", str(path))
    assert code == 3
    assert err.splitlines() == [HOSTILE[line], "error: input rejected — nothing written"]
    assert count(engine, Camp) == 0
