"""The command line run in the test's own process: `cli.main` with captured streams.

The same code as `python cli.py …`, without starting a new interpreter and importing
pandas, SQLAlchemy and the app again for every call (two to four seconds each on the
two-core machine). Tests of the process itself (exit status seen by a shell, signals,
logs written by a fresh interpreter) still start `python cli.py`.
"""

from __future__ import annotations

import io
import multiprocessing
import sys

import cli


def run_cli(db_url: str, *argv: str, stdin: str = "") -> tuple[int, str, str]:
    """`python cli.py --db db_url argv…`: its exit code, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    old = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = io.StringIO(stdin), out, err
    try:
        try:
            code = cli.main(["--db", db_url, *argv])
        except SystemExit as exc:
            code = int(exc.code or 0)
    finally:
        sys.stdin, sys.stdout, sys.stderr = old
    return code, out.getvalue(), err.getvalue()


def cli_ok(db_url: str, *argv: str, stdin: str = "") -> str:
    """The command, which must succeed: its stdout."""
    code, out, err = run_cli(db_url, *argv, stdin=stdin)
    assert code == 0, f"cli {' '.join(argv)} exited {code}: {err}"
    return out


def _child(barrier, conn, db_url: str, argv: tuple[str, ...]) -> None:  # noqa: ANN001
    barrier.wait()
    conn.send(run_cli(db_url, *argv))
    conn.close()


def run_cli_at_once(processes: int, db_url: str, *argv: str) -> list[tuple[int, str, str]]:
    """The same command in `processes` separate processes released together.

    Each is a real process of its own, with its own connections to the store (forked
    from this one, so none imports the app again); a barrier lets them all start their
    command at the same moment. Their exit codes, stdouts and stderrs, in order.
    """
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(processes)
    pipes, procs = [], []
    for _ in range(processes):
        receive, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(barrier, send, db_url, argv))
        proc.start()
        send.close()
        pipes.append(receive)
        procs.append(proc)
    results = []
    for receive, proc in zip(pipes, procs, strict=True):
        if not receive.poll(600):
            proc.kill()
            raise AssertionError("a command process gave no result in 10 minutes")
        results.append(receive.recv())
        proc.join(60)
    return results
