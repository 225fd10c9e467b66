"""Twenty trainers saving at the same second lose nothing and duplicate nothing.

Twenty processes import the same visit file at once, then again: the first round stores
each visit once, the second stores none, and both rank as one serial import. (Twenty
sessions of one app server: test_load.py.)
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.campfile import load_camp_file
from core.demo import demo_visits
from core.importing import read_loan_list
from tests.clirun import run_cli as run
from tests.clirun import run_cli_at_once
from tests.workbooks import VISIT_HEADER, visit_row, write_csv

pytestmark = pytest.mark.slow  # processes and threads at once: not in the quick loop

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = 20


def visits_file(samples: Path, path: Path, n: int = 120) -> None:
    cfg = load_camp_file(samples / "camp_sample.toml")
    loans = read_loan_list(samples / "loans_sample.xlsx").records
    rows = [VISIT_HEADER] + [
        visit_row(v)
        for v in reversed(demo_visits(cfg, loans, n=n, seed=7))  # typed in out of order
    ]
    write_csv(path, rows, encoding="utf-8")


def camp_store(url: str, samples: Path) -> None:
    assert run(url, "camp-load", str(samples / "camp_sample.toml"))[0] == 0
    assert run(url, "loans-import", "qh-sample", str(samples / "loans_sample.xlsx"))[0] == 0


def standings_of(url: str) -> tuple[str, str]:
    teams = run(url, "standings", "qh-sample", "--format", "json")[1]
    members = run(url, "standings", "qh-sample", "--individual")[1]
    return teams, members


@pytest.fixture
def second_url(request: pytest.FixtureRequest, db_url: str) -> str:
    """Another empty store of the same backend, for the serial run."""
    return request.getfixturevalue("pg_url2" if db_url.startswith("postgresql") else "sqlite_url2")


@pytest.fixture
def sqlite_url2(sqlite_template: Path, tmp_path: Path) -> str:
    import shutil

    path = tmp_path / "serial.db"
    shutil.copyfile(sqlite_template, path)
    return f"sqlite:///{path}"


def _import_at_once(url: str, path: Path) -> list[tuple[int, str, str]]:
    """`visits-import` of the same file by PROCESSES processes started together."""
    return run_cli_at_once(PROCESSES, url, "visits-import", "qh-sample", str(path))


def test_twenty_processes_importing_the_same_visits_at_once_twice_match_one_serial_import(
    db_url: str, second_url: str, samples: Path, tmp_path: Path
) -> None:
    path = tmp_path / "visits.csv"
    visits_file(samples, path)
    camp_store(second_url, samples)
    code, out, err = run(second_url, "visits-import", "qh-sample", str(path))
    assert code == 0, err
    serial = standings_of(second_url)

    camp_store(db_url, samples)
    for stored_in_round in (120, 0):  # the second round finds every visit already stored
        results = _import_at_once(db_url, path)
        assert all(code == 0 for code, _, _ in results), [e for c, _, e in results if c][:1]
        stored = sum(int(out.split()[1]) for _, out, _ in results)
        assert stored == stored_in_round, [o for _, o, _ in results][:3]  # each visit once
        assert standings_of(db_url) == serial
    assert sum(float(t["points"]) for t in json.loads(serial[0])["teams"]) > 0  # it scored
