"""The command line of SPEC §5.1: `python cli.py [--db URL] COMMAND ...`.

Exit 0 on success, 2 on bad usage (unknown command, camp, team or day), 3 when
input is rejected (one line per problem on stderr, nothing written). Warnings
go to stderr prefixed `warning:` and do not change the exit code.
"""

from __future__ import annotations

import argparse
import functools
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, OperationalError

from core.campfile import CampFileError, load_camp_file
from core.config import app_url, resolve_database_url
from core.demo import DEMO_TACTICS, demo_camp, demo_loans, demo_visits
from core.errors import InputRejected, UsageError
from core.ledger import read_ledger
from core.notice_pdf import notices_pdf
from core.notices import DEFAULT_GUARANTOR_DAYS, SELECTIONS, Selection
from core.reconcile import render_reconcile
from core.records import ImportResult, Problem
from core.sheet import shown_lines
from core.standings import render_standings
from core.tasklist import render_tasks
from core.visitfile import read_visit_records
from db.backup import BackupError, BackupFailed, backup, restore
from db.camps import camp_exists, load_camp, replace_camp
from db.engine import make_engine
from db.ledger import import_repayments
from db.loans import import_loans
from db.mappings import read_loan_upload
from db.migrate import current_revision, upgrade
from db.notices import print_batch
from db.postloan import camp_today, close_camp, list_tasks, refresh_tasks
from db.queries import UnknownDay, member_standings, standings
from db.reconcile import (
    camp_reconciliation,
    verified_member_standings,
    verified_standings,
    with_verified_cash,
)
from db.setup import fill_defaults, replace_items
from db.users import add_user
from db.visits import add_adjustment, record_visits

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REJECTED = 0, 1, 2, 3
#: The language of problem reasons on stderr (SPEC §5.1): zh by default, `--lang en` or
#: CAMP_LANG=en for English. The `row N, column X:` prefix is English in both.
LANG = {"value": "zh"}
DEMO_CHUNK = 250_000


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own usage errors: exit 2
        self.print_usage(sys.stderr)
        print(f"error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text}") from None


def _local_time(text: str) -> datetime:
    try:
        return datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise argparse.ArgumentTypeError(f'not a time ("YYYY-MM-DD HH:MM"): {text}') from None


def _existing_file(text: str) -> Path:
    path = Path(text)
    if not path.is_file():
        raise argparse.ArgumentTypeError(f"no such file: {text}")
    return path


def _field_map(text: str) -> tuple[str, str]:
    name, sep, column = text.partition("=")
    if not sep or not name.strip() or not column.strip():
        raise argparse.ArgumentTypeError(f"expected FIELD=列名, e.g. borrower=户名: {text}")
    return name.strip(), column.strip()


@functools.cache  # built once per process: parsing does not change it
def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="cli.py", description="清收训练营指挥台 Collection Camp Command")
    parser.add_argument("--db", help="database URL (default: DATABASE_URL, secrets, data/camp.db)")
    parser.add_argument("--lang", choices=["zh", "en"], help="language of problem reasons")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=["zh", "en"], default=argparse.SUPPRESS,
                        help="language of problem reasons (default zh, or CAMP_LANG)")  # fmt: skip
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    _add_parser = sub.add_parser

    def add_parser(name: str, **kw: object) -> argparse.ArgumentParser:
        return _add_parser(name, parents=[common], **kw)  # type: ignore[arg-type]

    sub.add_parser = add_parser  # type: ignore[method-assign]

    sub.add_parser("init", help="create or upgrade the schema (idempotent)")

    p = sub.add_parser(
        "user-add",
        help="add a user",
        description="Passwords: at least 12 characters, not the username, not a common password,"
        " not all blanks.",
    )
    p.add_argument("username")
    p.add_argument("--role", required=True, choices=["admin", "trainer", "manager", "screen"])
    p.add_argument("--name", required=True, help="display name (a manager's is the 客户经理 name)")
    p.add_argument("--team", help="the trainer's team")
    p.add_argument("--password-stdin", action="store_true", help="read the password from stdin")

    p = sub.add_parser("camp-load", help="create or update a camp from its TOML file")
    p.add_argument("file", type=_existing_file)

    p = sub.add_parser("loans-import", help="import the loan list (xlsx, xls or csv)")
    p.add_argument("camp")
    p.add_argument("file", type=_existing_file)
    p.add_argument("--skip-invalid", action="store_true", help="import the valid rows only")
    p.add_argument("--as-of", type=_date, help="the list's date (default: 数据日期 or today)")
    p.add_argument("--mapping", help="a column mapping profile saved in the store (on /setup)")
    p.add_argument(
        "--map",
        type=_field_map,
        action="append",
        default=[],
        metavar="FIELD=列名",
        help="take FIELD from this column, e.g. --map borrower=户名 (repeatable)",
    )

    p = sub.add_parser("visits-import", help="import visit records (xlsx, xls or csv)")
    p.add_argument("camp")
    p.add_argument("file", type=_existing_file)
    p.add_argument("--skip-invalid", action="store_true", help="import the valid rows only")

    p = sub.add_parser("ledger-import", help="import the core system's repayment records")
    p.add_argument("camp")
    p.add_argument("file", type=_existing_file)
    p.add_argument("--skip-invalid", action="store_true", help="import the valid rows only")

    p = sub.add_parser("reconcile", help="each visit's claimed money against the records")
    p.add_argument("camp")
    p.add_argument("--format", choices=["csv", "json"], default="csv")

    p = sub.add_parser("adjust", help="a manual adjustment of a team's points")
    p.add_argument("camp")
    p.add_argument("team")
    p.add_argument("points", help="may be negative: adjust demo 猛虎队 -3 --reason …")
    p.add_argument("--reason", required=True)
    p.add_argument("--at", type=_local_time, help='camp local time "YYYY-MM-DD HH:MM"')

    p = sub.add_parser("standings", help="standings of the camp or of camp day N's period")
    p.add_argument("camp")
    p.add_argument("--day", type=int)
    p.add_argument("--individual", action="store_true", help="members instead of teams")
    p.add_argument(
        "--verified", action="store_true", help="money only as far as the records confirm it"
    )
    p.add_argument("--format", choices=["csv", "json"], default="csv")

    p = sub.add_parser("close-camp", help="close the camp and generate the post-loan tasks")
    p.add_argument("camp")
    p.add_argument("--at", type=_date, help="the close date (default: today in the camp)")

    p = sub.add_parser(
        "tasks-refresh",
        help="after the close: add the tasks running clocks and recurrences call for",
    )
    p.add_argument("camp")
    p.add_argument("--at", type=_date, help="the day to check (default: today in the camp)")

    p = sub.add_parser("tasks", help="the post-loan tasks of a closed camp")
    p.add_argument("camp")
    p.add_argument("--format", choices=["csv", "json"], default="csv")

    p = sub.add_parser("notices", help="print a numbered batch of collection notices (PDF)")
    p.add_argument("camp")
    p.add_argument("--select", choices=list(SELECTIONS), required=True)
    p.add_argument("--team", help="the team (--select team or plan)")
    p.add_argument("--day", type=int, help="the camp day of the visit plan (--select plan)")
    p.add_argument("--within", type=int, default=DEFAULT_GUARANTOR_DAYS,
                   help="guarantee periods ending within N days (--select guarantors)")  # fmt: skip
    p.add_argument("--with-guarantors", action="store_true",
                   help="also the loans' joint guarantors whose period is open")  # fmt: skip
    p.add_argument("--two-per-page", action="store_true")
    p.add_argument("--out", required=True, help="the PDF to write")
    p.add_argument("--by", default="cli", help="who prints (logged with the batch)")

    p = sub.add_parser("demo", help="load, or replace, the realistic demo camp `demo`")
    p.add_argument("--teams", type=int, default=8)
    p.add_argument("--loans", type=int, default=1500)
    p.add_argument("--visits", type=int, default=3000)
    p.add_argument("--seed", type=int, default=0)

    p = sub.add_parser("backup", help="a consistent copy of the store (a SQLite file)")
    p.add_argument("file")
    p = sub.add_parser("restore", help="replace the store's content with a backup")
    p.add_argument("file", type=_existing_file)
    return parser


def _problems(problems: Sequence[Problem], prefix: str = "") -> None:
    """One line per problem on stderr in the chosen language; a problem on many rows is one
    line (`rows 5-204, column X: …`), at most 1,000 lines and a count of the rest."""
    for line in shown_lines(problems, LANG["value"]):
        print(f"{prefix}{line}", file=sys.stderr)


_AS_OF_SOURCES = {"option": "--as-of", "today": "the import day"}


def _as_of_source(source: str) -> str:
    kind, _, label = source.partition(":")
    if kind in _AS_OF_SOURCES:
        return _AS_OF_SOURCES[kind]
    return f"the {kind} {label}" if label else f"the {kind}"


# ----------------------------------------------------------------------------- commands


def cmd_init(engine: Engine, args: argparse.Namespace) -> int:

    print(f"schema at revision {current_revision(engine)}")
    return EXIT_OK


def cmd_user_add(engine: Engine, args: argparse.Namespace) -> int:

    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass("password: ")
        if getpass.getpass("again: ") != password:
            raise InputRejected([Problem.coded(None, "password", "user.passwords_differ")])
    else:
        raise UsageError("no terminal to ask the password on: use --password-stdin")
    add_user(engine, args.username, args.role, args.name, password, team=args.team)
    print(f"user {args.username.lower()} added as {args.role}")
    return EXIT_OK


def cmd_camp_load(engine: Engine, args: argparse.Namespace) -> int:

    try:
        cfg = load_camp_file(args.file)
    except CampFileError as exc:
        raise InputRejected(exc.problems) from exc
    loaded = load_camp(engine, cfg)
    verb = "created" if loaded.created else "updated"
    print(f"camp {loaded.code} {verb}: {loaded.teams} teams")
    return EXIT_OK


def cmd_loans_import(engine: Engine, args: argparse.Namespace) -> int:
    upload = read_loan_upload(engine, args.file, args.file.name, profile=args.mapping,
                              overrides=dict(args.map))  # fmt: skip
    result = upload.result
    if upload.profile is not None:
        print(f"using the mapping profile {upload.profile.name}")
    done = import_loans(
        engine,
        args.camp,
        result,
        filename=args.file.name,
        as_of=args.as_of,
        skip_invalid=args.skip_invalid,
    )
    _problems(done.rejected)
    _problems(done.warnings, "warning: ")
    if done.mode == "update":
        print(
            f"imported {done.rows} loans into {done.camp} as of {done.as_of}: "
            f"{done.created} new, {done.updated} updated, {done.skipped} rows skipped"
        )
    else:
        print(
            f"the camp has visits: {done.rows} loans kept as the snapshot of {done.as_of} "
            f"(balances unchanged), {done.skipped} rows skipped"
        )
    print(f"the list's date {done.as_of} is from {_as_of_source(done.as_of_source)}")
    if done.new_overdue:
        print(f"the camp is closed: {done.new_overdue} new_overdue tasks for loans newly overdue")
    return EXIT_OK


def cmd_visits_import(engine: Engine, args: argparse.Namespace) -> int:
    result = read_visit_records(args.file, filename=args.file.name)
    if any(p.row is None for p in result.errors):  # the file itself: --skip-invalid cannot help
        camp_exists(engine, args.camp)
        raise InputRejected(result.errors)
    if result.errors and not args.skip_invalid:
        camp_exists(engine, args.camp)
    done = record_visits(
        engine,
        args.camp,
        result.records,
        source="import",
        skip_invalid=args.skip_invalid,
        prior_errors=result.errors,
    )
    _problems(done.rejected)
    _problems([*result.warnings, *done.warnings, *done.duplicates], "warning: ")
    rejected = len({p.row for p in done.rejected if p.row is not None})
    print(
        f"stored {done.stored} visits in {args.camp}: {len(done.duplicates)} duplicates "
        f"not stored again, {rejected} rows rejected"
    )
    return EXIT_OK


def cmd_adjust(engine: Engine, args: argparse.Namespace) -> int:
    adj = add_adjustment(engine, args.camp, args.team, args.points, args.reason, args.at)
    print(f"adjustment #{adj}: {args.team} {args.points} points ({args.reason})")
    return EXIT_OK


def cmd_ledger_import(engine: Engine, args: argparse.Namespace) -> int:
    result = read_ledger(args.file, filename=args.file.name)
    done = import_repayments(
        engine, args.camp, result, filename=args.file.name, skip_invalid=args.skip_invalid
    )
    _problems(done.rejected)
    _problems(done.warnings, "warning: ")
    rejected = len({p.row for p in done.rejected if p.row is not None})
    print(
        f"stored {done.stored} repayment records in {done.camp}: {done.already} already "
        f"stored, {done.other_loans} on loans not in the camp, {rejected} rows rejected"
    )
    return EXIT_OK


def cmd_reconcile(engine: Engine, args: argparse.Namespace) -> int:
    try:
        rec = camp_reconciliation(engine, args.camp)
    except LookupError:
        raise UsageError(f"unknown camp: {args.camp}") from None
    _problems(rec.warnings(), "warning: ")
    print(render_reconcile(rec.doc(), args.format), end="")
    return EXIT_OK


def cmd_standings(engine: Engine, args: argparse.Namespace) -> int:
    try:
        if args.verified and args.individual:
            table = verified_member_standings(engine, args.camp, args.day)
        elif args.verified:
            table = verified_standings(engine, args.camp, args.day)
        elif args.individual:
            table = member_standings(engine, args.camp, args.day)
        else:
            table = with_verified_cash(engine, standings(engine, args.camp, args.day), args.day)
    except LookupError:
        raise UsageError(f"unknown camp: {args.camp}") from None
    except UnknownDay:
        raise UsageError(f"day {args.day} is not a field day of {args.camp}") from None
    print(render_standings(table, args.format, individual=args.individual), end="")
    return EXIT_OK


def cmd_close_camp(engine: Engine, args: argparse.Namespace) -> int:
    on = args.at or camp_today(engine, args.camp)
    done = close_camp(engine, args.camp, on)
    if done.already_closed:
        print(f"{args.camp} was already closed on {done.closed_on.isoformat()}: nothing to do")
    else:
        print(f"closed {args.camp} on {done.closed_on.isoformat()}: {done.tasks_created} tasks")
    return EXIT_OK


def cmd_tasks_refresh(engine: Engine, args: argparse.Namespace) -> int:
    day = args.at or camp_today(engine, args.camp)
    done = refresh_tasks(engine, args.camp, day)
    kinds = ", ".join(f"{k} {n}" for k, n in done.kinds.items())
    print(f"{args.camp} on {day.isoformat()}: {done.tasks_created} new tasks"
          + (f" ({kinds})" if kinds else ""))  # fmt: skip
    return EXIT_OK


def cmd_tasks(engine: Engine, args: argparse.Namespace) -> int:
    print(render_tasks(args.camp, list_tasks(engine, args.camp), args.format), end="")
    return EXIT_OK


def cmd_notices(engine: Engine, args: argparse.Namespace) -> int:
    """Print a batch: the PDF to --out, the numbers on stdout. The command line is the
    organiser's (admin) own tool, as for every other command."""
    selection = Selection(
        args.select,
        team=args.team,
        day=args.day,
        within_days=args.within,
        with_guarantors=args.with_guarantors,
    )
    done = print_batch(engine, args.camp, selection, actor=args.by, actor_role="admin")
    pdf = notices_pdf(done.docs, per_page=2 if args.two_per_page else 1, app_url=app_url())
    Path(args.out).write_bytes(pdf)
    if done.docs:
        print(f"batch {done.batch_id}: {len(done.docs)} notices, "
              f"{done.numbers[0]} to {done.numbers[-1]}, written to {args.out}")  # fmt: skip
    else:
        print(f"no notice to print for this selection; {args.out} says so")
    return EXIT_OK


def cmd_demo(engine: Engine, args: argparse.Namespace) -> int:
    for name in ("teams", "loans", "visits"):
        if getattr(args, name) < (1 if name == "teams" else 0):
            raise UsageError(f"--{name} must be positive")
    cfg = demo_camp(teams=args.teams, seed=args.seed)
    records = demo_loans(cfg, n=args.loans, seed=args.seed)
    replaced = replace_camp(engine, cfg.code)
    load_camp(engine, cfg)
    # the demo comes with its checklists, reminders and tactics library filled in
    fill_defaults(engine, cfg.code, "demo")
    replace_items(engine, cfg.code, "tactic", [{"name": n, "text": ""} for n in DEMO_TACTICS],
                  "demo")  # fmt: skip
    if records:
        import_loans(engine, cfg.code, ImportResult(records=records), filename="demo")
    visits = demo_visits(cfg, records, n=args.visits, seed=args.seed)
    # the demo is a whole camp that has run: its visits are checked as at the camp's end
    ended = datetime.combine(cfg.start_date + timedelta(days=cfg.days), time(),
                             ZoneInfo(cfg.timezone))  # fmt: skip
    stored = 0
    for i in range(0, len(visits), DEMO_CHUNK):  # bounded memory; same validation and scoring
        chunk = visits[i : i + DEMO_CHUNK]
        stored += record_visits(engine, cfg.code, chunk, source="demo", now=ended).stored
    verb = "replaced" if replaced else "loaded"
    print(
        f"demo camp {verb}: {args.teams} teams, {len(records)} loans, {stored} visits "
        f"(seed {args.seed})"
    )
    return EXIT_OK


def _backup_failed(exc: BackupFailed) -> int:
    """A copy or restore that broke off (a full disk, a lost store): exit 1, nothing changed."""
    print(f"error: {exc}", file=sys.stderr)
    return EXIT_FAILED


def cmd_backup(engine: Engine, args: argparse.Namespace) -> int:
    """Exit 3 for a target that is the store itself; 1 when the copy fails (old backup kept)."""
    try:
        rows = backup(engine, args.file)
    except BackupFailed as exc:
        return _backup_failed(exc)
    except BackupError as exc:
        raise InputRejected([exc.problem]) from exc
    print(f"backup written to {args.file}: {rows} rows")
    return EXIT_OK


def cmd_restore(engine: Engine, args: argparse.Namespace) -> int:
    """Exit 3 for a file that is not a backup (or is the store); 1 when the restore fails."""
    try:
        rows = restore(engine, args.file)
    except BackupFailed as exc:
        return _backup_failed(exc)
    except BackupError as exc:
        raise InputRejected([exc.problem]) from exc
    print(f"restored {rows} rows from {args.file}")
    return EXIT_OK


COMMANDS: dict[str, Callable[[Engine, argparse.Namespace], int]] = {
    "init": cmd_init,
    "user-add": cmd_user_add,
    "camp-load": cmd_camp_load,
    "loans-import": cmd_loans_import,
    "visits-import": cmd_visits_import,
    "ledger-import": cmd_ledger_import,
    "reconcile": cmd_reconcile,
    "adjust": cmd_adjust,
    "standings": cmd_standings,
    "close-camp": cmd_close_camp,
    "tasks": cmd_tasks,
    "tasks-refresh": cmd_tasks_refresh,
    "notices": cmd_notices,
    "demo": cmd_demo,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    LANG["value"] = args.lang or ("en" if os.environ.get("CAMP_LANG", "").lower() == "en" else "zh")

    url = resolve_database_url(args.db)
    try:
        engine = make_engine(url)
        try:
            upgrade(engine)  # every command finds the schema at head
            return COMMANDS[args.command](engine, args)
        finally:
            engine.dispose()
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InputRejected as exc:
        _problems(exc.problems)
        print(f"error: {exc} — nothing written", file=sys.stderr)
        return EXIT_REJECTED
    except OperationalError as exc:
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)
        print(f"error: the database cannot be reached ({reason})", file=sys.stderr)
        return EXIT_FAILED
    except DBAPIError as exc:  # its text quotes the statement's parameters: personal data
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        print(f"error: the database refused the write ({reason}) — nothing written",
              file=sys.stderr)  # fmt: skip
        return EXIT_FAILED
    except Exception as exc:  # noqa: BLE001 — the last line of defence: never a traceback
        print(f"error: unexpected failure: {type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
