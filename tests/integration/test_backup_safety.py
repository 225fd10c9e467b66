"""Backup and restore lose nothing (issue 13, point 1; docs/security.md threat 17).

A backup onto the store itself is refused by any path; a backup is private (0600); a
backup that breaks off — an error mid-copy, a full disk — leaves the previous backup
as it was and no stray file; a restore that breaks off leaves the store as it was.
"""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

import db.backup
from db.backup import BackupFailed, backup
from db.engine import make_engine
from tests.integration.test_cli import ROOT, run
from tests.integration.test_concurrency import camp_store, standings_of


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _store_file(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def _loans(url: str) -> int:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return conn.exec_driver_sql("SELECT count(*) FROM loans").scalar_one()
    finally:
        engine.dispose()


def test_a_backup_onto_the_store_itself_is_refused_by_any_path(
    sqlite_url: str, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    camp_store(sqlite_url, samples)
    store = _store_file(sqlite_url)
    before = standings_of(sqlite_url)
    link = tmp_path / "elsewhere" / "link.db"
    link.parent.mkdir()
    link.symlink_to(store)
    hard = tmp_path / "hard.db"
    os.link(store, hard)
    monkeypatch.chdir(store.parent)
    up_and_back = f"../{store.parent.name}/{store.name}"
    targets = [str(store), store.name, f"./{store.name}", up_and_back, str(link), str(hard)]
    for target in [*targets, f"{store}-wal", f"{store}-shm"]:
        code, out, err = run(sqlite_url, "--lang", "en", "backup", target)
        assert code == 3, (target, err)
        assert "is the store itself" in err and "nothing written" in err
        assert "Traceback" not in err
    assert store.is_file() and _loans(sqlite_url) > 0
    assert standings_of(sqlite_url) == before


def test_a_restore_from_the_store_itself_is_refused(sqlite_url: str, samples: Path) -> None:
    camp_store(sqlite_url, samples)
    before = standings_of(sqlite_url)
    code, _, err = run(sqlite_url, "--lang", "en", "restore", str(_store_file(sqlite_url)))
    assert code == 3 and "is the store itself" in err
    assert standings_of(sqlite_url) == before


def test_a_backup_is_readable_by_its_owner_only_and_replaces_the_old_one_whole(
    db_url: str, samples: Path, tmp_path: Path
) -> None:
    camp_store(db_url, samples)
    target = tmp_path / "backups" / "latest.db"
    assert run(db_url, "backup", str(target))[0] == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    os.chmod(target, 0o644)  # an old backup made before this rule
    code, out, err = run(db_url, "backup", str(target))
    assert code == 0, err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["latest.db"]  # no temp file left
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM loans").fetchone()[0] == _loans(db_url)


def test_an_existing_backup_survives_a_backup_that_fails_midway(
    db_url: str, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    camp_store(db_url, samples)
    folder = tmp_path / "backups"
    target = folder / "latest.db"
    assert run(db_url, "backup", str(target))[0] == 0
    good = _digest(target)

    def full_disk(path: Path) -> int:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(db.backup, "_finish", full_disk)  # after the copy, before the rename
    code, out, err = run(db_url, "backup", str(target))
    assert code == 1
    assert "disk is full" in err and "previous backup there is unchanged" in err
    assert "Traceback" not in err
    assert _digest(target) == good
    assert [p.name for p in folder.iterdir()] == ["latest.db"]
    engine = make_engine(db_url)
    try:
        with pytest.raises(BackupFailed):
            backup(engine, folder / "new.db")
    finally:
        engine.dispose()
    assert [p.name for p in folder.iterdir()] == ["latest.db"]


def _limited(limit: int):  # noqa: ANN202
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_backup_onto_a_full_disk_keeps_the_previous_backup(
    db_url: str, samples: Path, tmp_path: Path
) -> None:
    """The full disk is simulated by a file-size limit on the cli.py process."""
    camp_store(db_url, samples)
    folder = tmp_path / "backups"
    folder.mkdir()
    target = folder / "latest.db"
    target.write_bytes(b"the previous backup")  # small enough to fit under the limit
    done = subprocess.run(
        [sys.executable, str(ROOT / "cli.py"), "--db", db_url, "backup", str(target)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
        preexec_fn=_limited(32 * 1024),
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "failed" in done.stderr and "unchanged" in done.stderr
    assert "Traceback" not in done.stderr
    assert target.read_bytes() == b"the previous backup"
    assert [p.name for p in folder.iterdir()] == ["latest.db"]
    assert _loans(db_url) > 0  # the store is untouched


def test_a_restore_that_fails_midway_leaves_the_store_as_it_was(
    db_url: str, samples: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    camp_store(db_url, samples)
    copy = tmp_path / "copy.db"
    assert run(db_url, "backup", str(copy))[0] == 0
    copy_digest = _digest(copy)
    assert (
        run(
            db_url,
            "adjust",
            "qh-sample",
            "尖刀队",
            "5",
            "--reason",
            "after the copy",
            "--at",
            "2026-12-16 10:00",
        )[0]
        == 0
    )
    before = standings_of(db_url)
    real_insert, calls = db.backup.insert, []

    def breaks_on_the_third_table(table):  # noqa: ANN001, ANN202
        calls.append(table.name)
        if len(calls) == 3:
            raise sqlite3.OperationalError("disk I/O error")
        return real_insert(table)

    monkeypatch.setattr(db.backup, "insert", breaks_on_the_third_table)
    code, out, err = run(db_url, "restore", str(copy))
    assert code == 1
    assert "disk I/O error" in err and "the store is unchanged" in err
    assert "Traceback" not in err
    assert standings_of(db_url) == before  # the adjustment made after the copy is still there
    assert _digest(copy) == copy_digest  # the backup was read, never written
    monkeypatch.setattr(db.backup, "insert", real_insert)
    code, out, err = run(db_url, "restore", str(copy))
    assert code == 0, err
    assert standings_of(db_url) != before  # done properly, the restore takes the copy's state


def test_a_backup_in_a_folder_with_spaces_and_signs_round_trips(
    sqlite_url: str, samples: Path, tmp_path: Path
) -> None:
    camp_store(sqlite_url, samples)
    before = standings_of(sqlite_url)
    copy = tmp_path / "odd folder#1" / "camp?copy.db"
    assert run(sqlite_url, "backup", str(copy))[0] == 0
    code, out, err = run(sqlite_url, "restore", str(copy))
    assert code == 0, err
    assert standings_of(sqlite_url) == before
