"""A throwaway PostgreSQL server for the test session (SPEC: real components, really tested).

TEST_DATABASE_URL points at a server someone else runs; otherwise the session
starts its own from the installed binaries, on a free loopback port, and stops
it at the end. Under CI=true a missing PostgreSQL fails the run instead of
skipping the tests that need it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path


class PostgresUnavailable(RuntimeError):
    pass


def _bin_dir() -> Path:
    configured = os.environ.get("PG_BIN")
    candidates = [configured] if configured else []
    candidates += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(str(Path(found).parent))
    for c in candidates:
        if c and (Path(c) / "initdb").exists() and (Path(c) / "pg_ctl").exists():
            return Path(c)
    raise PostgresUnavailable("no PostgreSQL server binaries (initdb, pg_ctl) found")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class TempPostgres:
    """initdb + pg_ctl start on a temporary directory; as the postgres user when root."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.port = _free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="camp-pg-"))
        self.data = self.dir / "data"
        self.as_root = os.geteuid() == 0

    def _run(self, *cmd: str) -> None:
        argv = list(cmd)
        if self.as_root:
            argv = ["runuser", "-u", "postgres", "--", *argv]
        done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise PostgresUnavailable(f"{' '.join(cmd)} failed: {done.stderr.strip()[-500:]}")

    def start(self) -> str:
        if self.as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
        )
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
            "-c max_connections=200"
        )
        self._run(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.dir / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        try:
            self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")
        except PostgresUnavailable:
            pass
        finally:
            time.sleep(0.1)
            shutil.rmtree(self.dir, ignore_errors=True)
