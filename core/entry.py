"""The pure logic of /entry: what one visit form still lacks, grid rows as visit records,
the quiet-hours appointment and the loan search's ranking (SPEC §4.7, §4.11, §5.4).

Plain Python: no streamlit, no sqlalchemy. The form's checks say what is missing
*before* saving, in the trainer's terms; the service (db.visits) checks again, with
the store, on save. The grid is read exactly as an uploaded visit file is
(core.visitfile), so a row typed in the grid and the same row in a workbook give
the same record and the same problems.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from core.calendar import CampCalendar
from core.cells import parse_amount
from core.limits import MAX_YUAN
from core.masking import mask_account, mask_name
from core.money import format_points, format_yuan, yuan_to_fen
from core.records import (
    AGREED_BY,
    APPOINTMENT_WAYS,
    MET_NOBODY,
    PAID_AT_BRANCH,
    REFUSED,
    Problem,
    VisitImportResult,
    VisitRecord,
)
from core.visitfile import SIGNING_CONTACTS, VISIT_FIELDS, visits_from_rows

#: How a quiet-hours appointment was made and who agreed (SPEC §4.11): the form's choices.
APPOINTMENT_CHOICES: tuple[str, ...] = APPOINTMENT_WAYS
AGREED_CHOICES: tuple[str, ...] = AGREED_BY

#: Methods offered for a promise to pay; any other text is accepted too (SPEC §5.4).
PROMISE_METHODS: tuple[str, ...] = ("现金", "转账", "代扣")

#: The three elements (三要素) of a complete promise, in the order they are named.
PROMISE_ELEMENTS: tuple[str, ...] = ("date", "amount", "method")


@dataclass(frozen=True)
class Issue:
    """One thing a form lacks or gets wrong. `code` names the label `entry.check.<code>`.

    A blocking issue stops the save; the others are said and the visit is stored
    with a warning (an incomplete promise earns nothing; one collector is allowed).
    `items` are what the label lists: the missing promise elements, unknown names.
    """

    field: str
    code: str
    blocking: bool = True
    items: tuple[str, ...] = ()


@dataclass(frozen=True)
class EntryForm:
    """One visit as the form holds it: amounts in 元 as typed, time in camp local time."""

    team: str | None = None
    loan_no: str | None = None
    visit_date: date | None = None
    visit_time: time | str | None = None  # a time, or the text typed (17:30, 1730, 17点30)
    members: tuple[str, ...] = ()
    contact: str | None = None
    principal_yuan: object = None
    interest_yuan: object = None
    ack: bool = False
    promise_date: date | None = None
    promise_amount_yuan: object = None
    promise_method: str | None = None
    tactics: tuple[str, ...] = ()
    notes: str | None = None
    appointment_at: datetime | None = None  # camp local time, before the visit
    appointment_by: str | None = None
    agreed_by: str | None = None

    @property
    def clock(self) -> time | None:
        """The time of day, None when blank or not a time."""
        try:
            return parse_clock(self.visit_time)
        except ValueError:
            return None

    @property
    def visited_at(self) -> datetime | None:
        at = self.clock
        if self.visit_date is None or at is None:
            return None
        return datetime.combine(self.visit_date, at)


_CLOCK_FORMS = (
    re.compile(r"(?P<h>\d{1,2})[:.点时](?P<m>\d{1,2})?分?"),  # 17:30, 9.05, 17点30分, 17点
    re.compile(r"(?P<h>\d{1,2})(?P<m>\d{2})"),  # 1730, 905
    re.compile(r"(?P<h>\d{1,2})"),  # 17
)


def parse_clock(value: object) -> time | None:
    """A time of day as a trainer types it: 17:30, 17：30, 1730, 905, 17点30, 17; None when
    blank. Seconds are dropped. Raises ValueError on anything else."""
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if blank(value):
        return None
    text = "".join(unicodedata.normalize("NFKC", str(value)).split())
    for form in _CLOCK_FORMS:
        found = form.fullmatch(text)
        if found:
            hour, minute = int(found["h"]), int(found.groupdict().get("m") or 0)
            if hour < 24 and minute < 60:
                return time(hour, minute)
            break
    raise ValueError(f"not a time of day: {text}")


def clock_text(value: time | None) -> str:
    """A time of day as the form and the grid show it: HH:MM ('' when none)."""
    return "" if value is None else value.strftime("%H:%M")


def blank(value: object) -> bool:
    """Empty as a widget or a grid cell leaves it: None, blank text, NaN, NaT, pd.NA."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        return bool(value != value)  # NaN and NaT are not equal to themselves
    except (TypeError, ValueError):  # pd.NA refuses to be a bool
        return True


def _text(value: object) -> str | None:
    return None if blank(value) else str(value).strip()


def _amount_issue(field: str, value: object) -> Issue | None:
    if blank(value):
        return None
    try:
        typed_fen(value)
    except (ValueError, ArithmeticError):
        return Issue(field, "amount", items=(field,))
    return None


def typed_fen(value: object) -> int | None:
    """An amount as typed in 元 (thousands separators, full-width digits) in fen; None when
    blank. Raises ValueError or ArithmeticError on text that is not an amount, or one above
    10¹² 元 (core.limits.MAX_YUAN)."""
    if blank(value):
        return None
    amount = parse_amount(value)
    if abs(amount) > MAX_YUAN:
        raise ValueError("amount too large")
    return yuan_to_fen(amount)


def missing_promise_elements(form: EntryForm) -> tuple[str, ...]:
    """The elements a started promise lacks (none when no element was given at all)."""
    try:
        amount = typed_fen(form.promise_amount_yuan)
    except (ValueError, ArithmeticError):  # said on its own by check_form
        amount = None
    given = {
        "date": form.promise_date is not None,
        "amount": bool(amount),
        "method": _text(form.promise_method) is not None,
    }
    if not any(given.values()) and blank(form.promise_amount_yuan):
        return ()
    return tuple(e for e in PROMISE_ELEMENTS if not given[e])


def check_form(
    form: EntryForm,
    calendar: CampCalendar | None = None,
    roster: Iterable[str] | None = None,
) -> list[Issue]:
    """What the form lacks before it can be saved, in the order of the form.

    Blocking: no team, loan, time or contact result; no collectors (except 到行还款);
    names not on the team's roster; an amount that is not one; a signed receipt with a
    contact result that cannot give one (SPEC §5.4); a time outside the camp window or
    in quiet hours without a consent note (§4.6, §4.11). Not blocking: a promise
    missing some of its three elements (stored with a warning, earns nothing, §4.7),
    one collector (§4.11), a promise dated before the visit.
    """
    issues: list[Issue] = []
    paid_at_branch = form.contact == PAID_AT_BRANCH
    if not _text(form.team):
        issues.append(Issue("team", "team"))
    if not _text(form.loan_no):
        issues.append(Issue("loan_no", "loan"))
    if form.visit_date is None or blank(form.visit_time):
        issues.append(Issue("visited_at", "when"))
    elif form.clock is None:
        issues.append(Issue("visited_at", "clock", items=(str(form.visit_time).strip(),)))
    if not form.contact:
        issues.append(Issue("contact", "contact"))
    if not form.members and not paid_at_branch:
        issues.append(Issue("members", "members"))
    if roster is not None:
        known = set(roster)
        strangers = tuple(m for m in form.members if m not in known)
        if strangers:
            issues.append(Issue("members", "strangers", items=strangers))
    for field, value in (
        ("principal", form.principal_yuan),
        ("interest", form.interest_yuan),
        ("promise_amount", form.promise_amount_yuan),
    ):
        issue = _amount_issue(field, value)
        if issue:
            issues.append(issue)
    if form.ack and form.contact and form.contact not in SIGNING_CONTACTS:
        issues.append(Issue("ack", "ack_contact", items=(form.contact,)))
    at = form.visited_at
    if calendar is not None and at is not None:
        moment = calendar.to_utc(at)
        if not calendar.in_window(moment):
            issues.append(Issue("visited_at", "window"))
        elif not paid_at_branch and calendar.in_quiet_hours(moment):
            missing = appointment_missing(form)
            if missing:
                issues.append(Issue("appointment", "appointment", items=missing))
    if at is not None and form.appointment_at is not None and form.appointment_at >= at:
        issues.append(Issue("appointment", "appointment_late"))
    collects = _collects(form)
    if form.contact in MET_NOBODY and collects:
        issues.append(Issue("principal", "money_nobody", items=(form.contact,)))
    if form.contact == REFUSED and collects:
        issues.append(Issue("principal", "money_refused", blocking=False))
    lacking = missing_promise_elements(form)
    if lacking:
        issues.append(Issue("promise", "promise", blocking=False, items=lacking))
    if form.promise_date and form.visit_date and form.promise_date < form.visit_date:
        issues.append(Issue("promise_date", "promise_past"))
    if len(form.members) == 1 and not paid_at_branch:
        issues.append(Issue("members", "single", blocking=False))
    return issues


def _collects(form: EntryForm) -> bool:
    try:
        return bool(typed_fen(form.principal_yuan) or typed_fen(form.interest_yuan))
    except (ValueError, ArithmeticError):  # said on its own
        return False


def appointment_missing(form: EntryForm) -> tuple[str, ...]:
    """The parts of a quiet-hours visit's appointment the form lacks (SPEC §4.11)."""
    given = {
        "appointment_at": form.appointment_at is not None,
        "appointment_by": bool(_text(form.appointment_by)),
        "agreed_by": bool(_text(form.agreed_by)),
    }
    return tuple(k for k, ok in given.items() if not ok)


def blocking(issues: Iterable[Issue]) -> list[Issue]:
    return [i for i in issues if i.blocking]


def needs_appointment(form: EntryForm, calendar: CampCalendar) -> bool:
    """Whether the visit's time falls in quiet hours, so it must record its appointment."""
    at = form.visited_at
    return (
        at is not None
        and form.contact != PAID_AT_BRANCH
        and calendar.in_quiet_hours(calendar.to_utc(at))
    )


def form_record(form: EntryForm, row: int = 1) -> VisitRecord:
    """The visit record of a form without blocking issues; ValueError otherwise."""
    problems = blocking(check_form(form))
    if problems:
        raise ValueError(f"the form is not complete: {[i.code for i in problems]}")
    assert form.visited_at is not None and form.team and form.loan_no and form.contact
    return VisitRecord(
        row=row,
        visited_at=form.visited_at,
        team=form.team.strip(),
        loan_no=form.loan_no.strip(),
        contact=form.contact,
        members=tuple(form.members),
        principal_fen=typed_fen(form.principal_yuan) or 0,
        interest_fen=typed_fen(form.interest_yuan) or 0,
        ack=bool(form.ack),
        promise_date=form.promise_date,
        promise_amount_fen=typed_fen(form.promise_amount_yuan),
        promise_method=_text(form.promise_method),
        tactics=tuple(form.tactics),
        notes=_text(form.notes),
        appointment_at=form.appointment_at,
        appointment_by=_text(form.appointment_by),
        agreed_by=_text(form.agreed_by),
    )


def saved_summary(form: EntryForm, borrower: str | None) -> dict[str, object]:
    """What the confirmation after a save names, masked as on a shared screen (SPEC §4.10):
    the borrower (张**), the loan's last 4 digits, the money collected in fen."""
    try:
        collected = (typed_fen(form.principal_yuan) or 0) + (typed_fen(form.interest_yuan) or 0)
    except (ValueError, ArithmeticError):
        collected = 0
    return {
        "borrower": mask_name(borrower) or "—",
        "tail": mask_account(form.loan_no)[-4:],
        "collected_fen": collected,
    }


def kept_after_save(form: EntryForm) -> dict[str, object]:
    """What the next visit starts from: the day, the time and the pair of collectors of the
    one just saved (a team works one village in one sitting), as the form's fields hold them."""
    return {
        "visit_date": form.visit_date,
        "visit_time": clock_text(form.clock),
        "members": list(form.members),
    }


#: The fast form's fields as they are blank, set after a save so the browser shows them
#: blank too (a widget state merely deleted can come back from the browser).
FRESH_FIELDS: dict[str, object] = {
    "query": "", "contact": None, "principal_yuan": "", "interest_yuan": "", "ack": False,
    "promise_date": None, "promise_amount_yuan": "", "promise_method": None, "tactics": [],
    "notes": "", "appt_date": None, "appt_time": "", "appt_by": None, "agreed": None,
}  # fmt: skip


def loan_line(loan: object, text: Callable[[str], str] = str) -> dict[str, object]:
    """A loan as the search shows it (label `entry.loan.line`): `text` escapes imported values
    where the line is Markdown; `team` None = any team, `limitation` a status code."""
    left = max(loan.principal_fen - loan.collected_principal_fen, 0)  # type: ignore[attr-defined]
    return {
        "loan_no": text(loan.loan_no),  # type: ignore[attr-defined]
        "borrower": text(loan.borrower),  # type: ignore[attr-defined]
        "place": text(f"{loan.township}{loan.village or ''}"),  # type: ignore[attr-defined]
        "left": format_yuan(left),
        "interest": format_yuan(loan.interest_fen),  # type: ignore[attr-defined]
        "team": text(loan.team) if loan.team else None,  # type: ignore[attr-defined]
        "limitation": loan.limitation,  # type: ignore[attr-defined]
    }


def _yuan(fen: int | None) -> str | None:
    if fen is None:
        return None
    return f"{fen // 100}.{fen % 100:02d}"


def form_from_visit(visit: Mapping[str, object]) -> EntryForm:
    """A stored visit (local time, amounts in fen) as the form shows it for a correction."""
    at = visit["visited_at"]
    assert isinstance(at, datetime)
    return EntryForm(
        team=visit["team"],  # type: ignore[arg-type]
        loan_no=visit["loan_no"],  # type: ignore[arg-type]
        visit_date=at.date(),
        visit_time=at.time().replace(second=0, microsecond=0),
        members=tuple(visit.get("members") or ()),  # type: ignore[arg-type]
        contact=visit["contact"],  # type: ignore[arg-type]
        principal_yuan=_yuan(visit.get("principal_fen") or 0),  # type: ignore[arg-type]
        interest_yuan=_yuan(visit.get("interest_fen") or 0),  # type: ignore[arg-type]
        ack=bool(visit.get("ack")),
        promise_date=visit.get("promise_date"),  # type: ignore[arg-type]
        promise_amount_yuan=_yuan(visit.get("promise_amount_fen")),  # type: ignore[arg-type]
        promise_method=visit.get("promise_method"),  # type: ignore[arg-type]
        tactics=tuple(visit.get("tactics") or ()),  # type: ignore[arg-type]
        notes=visit.get("notes"),  # type: ignore[arg-type]
        appointment_at=visit.get("appointment_at"),  # type: ignore[arg-type]
        appointment_by=visit.get("appointment_by"),  # type: ignore[arg-type]
        agreed_by=visit.get("agreed_by"),  # type: ignore[arg-type]
    )


def default_visit_date(calendar: CampCalendar, today: date) -> date:
    """Today, held inside the camp's field days (a demo before or after the camp)."""
    first = calendar.date_of_day(calendar.first_field_day)
    last = calendar.date_of_day(calendar.days)
    return min(max(today, first), last)


# ----------------------------------------------------------------------------- the grid

#: The grid's columns, left to right. The visit's time is split into a date (empty =
#: the day chosen above the grid) and a time of day, as a paper form has them.
GRID_COLUMNS: tuple[str, ...] = (
    "date", "time", "team", "members", "loan_no", "contact", "principal", "interest", "ack",
    "promise_date", "promise_amount", "promise_method", "tactics", "appointment_at",
    "appointment_by", "agreed_by", "notes",
)  # fmt: skip
#: Grid column → the visit file's field (core.visitfile.VISIT_FIELDS).
_GRID_FIELD = {
    "team": "team", "members": "members", "loan_no": "loan_no", "contact": "contact",
    "principal": "principal_fen", "interest": "interest_fen", "ack": "ack",
    "promise_date": "promise_date", "promise_amount": "promise_amount_fen",
    "promise_method": "promise_method", "tactics": "tactics", "notes": "notes",
    "appointment_at": "appointment_at", "appointment_by": "appointment_by",
    "agreed_by": "agreed_by",
}  # fmt: skip
#: Filled in by default, so they do not make a row count as typed.
_DEFAULTED = frozenset({"date", "team", "ack"})
#: Columns of names (multiselect cells).
_LISTS = frozenset({"members", "tactics"})
PROBLEM_COLUMN = "problem"


def blank_grid(rows: int) -> list[dict[str, object]]:
    return [dict.fromkeys((*GRID_COLUMNS, PROBLEM_COLUMN)) for _ in range(rows)]


#: The grid's columns a laptop shows beside the row's problem (1366 px, sidebar open); the
#: others are added on demand.
GRID_ESSENTIAL: tuple[str, ...] = (
    "time", "loan_no", "contact", "members", "principal", "interest", "ack",
)  # fmt: skip


def loan_option(loan_no: str, borrower: str, township: str | None, village: str | None) -> str:
    """A loan as the grid's look-up column offers it: typing its last digits, the borrower
    or the village finds it."""
    return " ".join(x for x in (loan_no, borrower, f"{township or ''}{village or ''}") if x)


def loan_no_of(cell: object) -> object:
    """The loan number of a look-up cell (`loan_option`) or of a number typed in."""
    if isinstance(cell, str) and cell.strip():
        return cell.split()[0]
    return cell


def grid_shown(
    rows: Sequence[Mapping[str, object]], options: Iterable[str]
) -> list[dict[str, object]]:
    """Rows as the grid shows them: a time as HH:MM text, a bare loan number as its option."""
    by_no = {str(loan_no_of(o)): o for o in options}
    shown = []
    for row in rows:
        copy = {c: row.get(c) for c in (*GRID_COLUMNS, PROBLEM_COLUMN)}
        if isinstance(copy["time"], time | datetime):
            copy["time"] = clock_text(parse_clock(copy["time"]))
        loan = copy["loan_no"]
        if isinstance(loan, str) and loan.strip() in by_no:
            copy["loan_no"] = by_no[loan.strip()]
        shown.append(copy)
    return shown


def _names(value: object) -> object:
    """A multiselect cell (a list, or an array from the grid) as names joined by 、."""
    if _iterable(value):
        names = [str(v).strip() for v in value if not blank(v)]  # type: ignore[union-attr]
        return "、".join(names) or None
    if isinstance(value, str) and value.strip().startswith("["):  # a list sent back as JSON
        try:
            return _names(json.loads(value))
        except ValueError:
            pass
    return None if blank(value) else value


def _iterable(value: object) -> bool:
    return isinstance(value, list | tuple) or (
        hasattr(value, "tolist")
        and not isinstance(value, str | bytes)
        and hasattr(value, "__len__")
    )


def _plain(value: object) -> object:
    """Grid cells as the visit reader takes them: blanks to None, pandas stamps to datetime."""
    if _iterable(value):
        return value
    if blank(value):
        return None
    if isinstance(value, datetime) and type(value) is not datetime:  # a pandas Timestamp
        return datetime(value.year, value.month, value.day, value.hour, value.minute)
    if hasattr(value, "item") and not isinstance(value, str | date):  # numpy scalars
        return value.item()  # type: ignore[union-attr]
    return value


def grid_is_blank(row: Mapping[str, object]) -> bool:
    """A row with nothing typed in but the defaults: skipped, as a blank sheet row is."""
    return all(_names(_plain(row.get(c))) is None for c in GRID_COLUMNS if c not in _DEFAULTED)


def _when(day: object, at: object) -> object:
    """走访时间 as the visit reader takes it: a date and a time, or what is there of them."""
    if isinstance(day, datetime):
        day = day.date()
    if isinstance(at, datetime):
        at = at.time()
    if isinstance(at, time):
        at = at.strftime("%H:%M")
    if day is None:
        return at  # "not a date and time"
    if at is None:
        return day  # "time of day missing"
    return f"{day.isoformat() if isinstance(day, date) else day} {at}"


def grid_records(
    rows: Sequence[Mapping[str, object]],
    *,
    default_team: str | None = None,
    default_date: date | None = None,
) -> VisitImportResult:
    """The grid's rows as visit records and row-level problems, as a visit file is read.

    Rows are numbered as the grid shows them (1 = the first row); blank rows are
    skipped. An empty team or date cell takes the team and day chosen above the grid.
    """
    header = [names[0] for names in VISIT_FIELDS.values()]
    position = {field: i for i, field in enumerate(VISIT_FIELDS)}
    sheet: list[list[object]] = [header]
    typed = 0
    for row in rows:
        cells: list[object] = [None] * len(header)
        if not grid_is_blank(row):
            typed += 1
            values = {c: _plain(row.get(c)) for c in GRID_COLUMNS}
            values["team"] = values["team"] or default_team
            values["loan_no"] = loan_no_of(values["loan_no"])
            with contextlib.suppress(ValueError):  # not a time: the reader says so
                values["time"] = parse_clock(values["time"])
            day = values["date"] or default_date
            cells[position["visited_at"]] = _when(day, values["time"])
            for column, field in _GRID_FIELD.items():
                value = values[column]
                cells[position[field]] = _names(value) if column in _LISTS else value
            cells[position["ack"]] = bool(values["ack"])
        sheet.append(cells)
    if not typed:
        return VisitImportResult(errors=[Problem.coded(None, None, "visit.grid_empty")])
    result = visits_from_rows(sheet)
    return VisitImportResult(
        records=[dataclasses.replace(r, row=r.row - 1) for r in result.records],
        errors=[_shift(p) for p in result.errors],
        warnings=[_shift(p) for p in result.warnings],
        rows_read=result.rows_read,
    )


def _shift(p: Problem) -> Problem:
    return replace(p, row=p.row - 1) if p.row is not None else p  # keeps a catalogue code


def mark_problems(
    rows: Sequence[Mapping[str, object]], problems: Iterable[Problem], lang: str = "zh"
) -> list[dict[str, object]]:
    """The grid's rows with each bad row's problems in its `problem` column (in `lang`),
    others cleared."""
    by_row: dict[int, list[str]] = {}
    for p in problems:
        if p.row is not None:
            reason = p.reason_in(lang)
            by_row.setdefault(p.row, []).append(f"{p.column}：{reason}" if p.column else reason)
    marked = []
    for number, row in enumerate(rows, start=1):
        copy = {c: row.get(c) for c in GRID_COLUMNS}
        copy[PROBLEM_COLUMN] = "；".join(by_row.get(number, [])) or None
        marked.append(copy)
    return marked


# ----------------------------------------------------------------------------- tables


def adjustment_table(rows: Iterable[object]) -> list[dict[str, object]]:
    """Today's adjustments as the page lists them, keyed by their column's label."""
    return [
        {
            "entry.today.id": a.id,  # type: ignore[attr-defined]
            "entry.today.team": a.team,  # type: ignore[attr-defined]
            "entry.today.points": format_points(a.points),  # type: ignore[attr-defined]
            "entry.adj.reason": a.reason,  # type: ignore[attr-defined]
            "entry.today.time": f"{a.at:%m-%d %H:%M}",  # type: ignore[attr-defined]
            "entry.today.by": a.entered_by,  # type: ignore[attr-defined]
        }
        for a in rows
    ]


def problem_table(rows: Iterable[object]) -> list[dict[str, object]]:
    """Field problems as the page lists them, keyed by their column's label; the status as
    the label of its word (`entry.pb.open`, `entry.pb.closed`), blanks as ''."""
    return [
        {
            "entry.today.id": p.id,  # type: ignore[attr-defined]
            "entry.pb.status": f"entry.pb.{p.status}",  # type: ignore[attr-defined]
            "entry.pb.text": p.text,  # type: ignore[attr-defined]
            "entry.today.team": p.team or "",  # type: ignore[attr-defined]
            "entry.pb.loan": f"{p.loan_no or ''} {p.borrower or ''}".strip(),  # type: ignore[attr-defined]
            "entry.today.by": p.raised_by,  # type: ignore[attr-defined]
            "entry.pb.raised_at": f"{p.raised_at:%m-%d %H:%M}",  # type: ignore[attr-defined]
            "entry.pb.resolution": p.resolution or "",  # type: ignore[attr-defined]
        }
        for p in rows
    ]


# ----------------------------------------------------------------------------- search


def normalise_query(text: str | None) -> str:
    """What the trainer typed, as compared: half-width, without spaces."""
    if not text:
        return ""
    return "".join(unicodedata.normalize("NFKC", text).split())


def match_rank(
    query: str, loan_no: str, borrower: str, village: str | None, township: str | None
) -> int | None:
    """How well a loan matches the query; lower is better, None for no match.

    0 the loan number itself, 1 its tail (the digits a trainer reads off a form),
    2 the borrower's full name, 3 part of the number, 4 part of the name,
    5 the village, 6 the township.
    """
    q = normalise_query(query)
    if not q:
        return None
    if loan_no == q:
        return 0
    if loan_no.endswith(q):
        return 1
    if borrower == q:
        return 2
    if q in loan_no:
        return 3
    if q in borrower:
        return 4
    if village and q in village:
        return 5
    if township and q in township:
        return 6
    return None


def same_borrower(name_a: str, id_a: str | None, name_b: str, id_b: str | None) -> bool:
    """Two loans of one borrower: the same name, and the same ID number where both have one."""
    if name_a.strip() != name_b.strip():
        return False
    if id_a and id_b:
        return id_a.strip().upper() == id_b.strip().upper()
    return True
