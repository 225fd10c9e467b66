"""The rows of an exported table → its header, its title rows and its data rows (SPEC §5.3).

Plain Python: no streamlit, no sqlalchemy. What every table the camp takes in shares — the
loan list (core.importing), the visit records (core.visitfile), the repayment records
(core.ledger):

- `find_header` finds the header row among the first rows (title rows above it are
  skipped; a header on two rows is read) and maps columns to fields through their names
  and synonyms, compared after `normalise_header` (full-width → half-width, a trailing
  unit in parentheses removed);
- `detect_unit`, `find_as_of` read the title rows (单位：万元, 数据日期：...);
- `data_rows` yields the rows below the header, blank and total rows skipped, and
  `column_plan`, `limited`, `convert_cells` turn each into field values and row-level
  problems (core.cells reads the single cells);
- `summarise` and `shown_lines` put many problems into few lines (`rows 5-204, column X: …`).

The bounded reading of the file itself is core.tabular's.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dc_field
from datetime import date
from functools import partial
from itertools import chain

from core.cells import Unit, cell_str, is_empty, parse_date, unit_of
from core.reasons import Reason, render
from core.records import Problem
from core.tabular import column_letter

#: Per field, its spellings in tiers: when several columns match one field, the tier
#: ranked first wins (an empty tier stands for every spelling not listed).
Ranking = Mapping[str, tuple[tuple[str, ...], ...]]

# --- headers ---------------------------------------------------------------------------------

_SPACE_RE = re.compile(r"\s+")
_TRAILING_UNIT_RE = re.compile(r"^(.+?)\(([^()]*)\)$")
_MARKS_RE = re.compile(r"^[*＊※#]+|[*＊※:：]+$")


def normalise_header(text: object) -> str:
    """A header as compared: NFKC (full-width → half-width), no whitespace, case-folded,
    without the * or ： a template puts around it."""
    text = _SPACE_RE.sub("", unicodedata.normalize("NFKC", cell_str(text))).casefold()
    return _MARKS_RE.sub("", text).replace("【", "(").replace("】", ")")


@dataclass(frozen=True)
class HeaderMatch:
    """Where the header is and which column holds which field."""

    index: int  # rows[index] is the header row
    columns: dict[int, str]  # column index → field
    labels: dict[str, str]  # field → the header as written in the file
    units: dict[str, str]  # field → the unit in its header's trailing parentheses
    #: Columns the file has that no field took, as written (for the "not used" warning).
    unused: tuple[str, ...] = ()
    #: Warnings about the mapping: a similar name taken, a lower-ranked column left out.
    warnings: tuple[Problem, ...] = ()
    #: field → the column left out because a better-ranked spelling was present.
    shadowed: dict[str, int] = dc_field(default_factory=dict)

    @property
    def row(self) -> int:
        """The header's row number as the sheet numbers it."""
        return self.index + 1

    def column_of(self, field: str) -> int | None:
        for column, name in self.columns.items():
            if name == field:
                return column
        return None


def _rank(field: str, name: str, ranked: Ranking) -> int:
    tiers = ranked.get(field)
    if not tiers:
        return 0
    normal = normalise_header(name)
    fallback = len(tiers)
    for index, tier in enumerate(tiers):
        if not tier:
            fallback = index
        elif normal in {normalise_header(n) for n in tier}:
            return index
    return fallback


def _lookup(fields: Mapping[str, tuple[str, ...]], ranked: Ranking) -> dict[str, tuple[str, int]]:
    lookup: dict[str, tuple[str, int]] = {}
    for key, names in fields.items():
        for name in names:
            lookup.setdefault(normalise_header(name), (key, _rank(key, name, ranked)))
    return lookup


def find_header(
    rows: Sequence[Sequence[object]],
    fields: Mapping[str, tuple[str, ...]],
    required: Iterable[str],
    max_scan: int = 10,
    *,
    mapping: Mapping[str, str] | None = None,
    similar: bool = False,
    strict: Iterable[str] | None = None,
    ranked: Ranking | None = None,
    decoys: Sequence[str] = (),
    quiet_shadow: Iterable[str] = (),
) -> tuple[HeaderMatch | None, list[Problem]]:
    """Find the header among the first `max_scan` rows and map its columns to fields.

    A cell matches a field when its normalised text equals one of the field's names
    exactly, or else does so once a trailing unit in parentheses is removed
    (``贷款余额(万元)`` → 贷款余额, unit 万元). The header is the row matching the most
    fields (at least two). `mapping` (field → column as written) assigns columns
    first; with `similar`, a column matching nothing takes a field still missing whose
    name it closely resembles (a warning says so). Two columns for one field: the
    better-ranked spelling wins (a warning), equal ranks are an error for the fields in
    `strict` (all fields when None) and the first column otherwise. Returns the match
    and no problems, or None and file-level problems: header not found, two columns for
    one field, required columns missing (naming the accepted names and the closest column).

    `ranked` orders a field's spellings (`Ranking`; none: all equal), `decoys` are header
    words a similar-name guess never takes, and a column shadowed for a field in
    `quiet_shadow` is kept in `HeaderMatch.shadowed` without a warning (its reader uses it).
    """
    lookup = _lookup(fields, ranked or {})
    quiet = frozenset(quiet_shadow)
    assigned = {normalise_header(column): key for key, column in (mapping or {}).items()}
    needed = set(required)
    strict_fields = set(fields) if strict is None else set(strict)

    best: tuple[int, dict[int, tuple[str, str | None, int]]] | None = None
    best_count = 1  # a header matches at least two fields
    for index, row in enumerate(rows[:max_scan]):
        matched: dict[int, tuple[str, str | None, int]] = {}
        for column, cell in enumerate(row):
            hit = _match_header(cell, lookup, assigned)
            if hit is not None:
                matched[column] = hit
        count = len({hit[0] for hit in matched.values()})
        if count > best_count:
            best, best_count = (index, matched), count

    if best is None:
        shown_names = "、".join(fields[key][0] for key in fields if key in needed)
        return None, [
            Problem.coded(None, None, "header.not_found", max_scan=max_scan, expected=shown_names)
        ]

    index, matched = best
    header_row: Sequence[object] = rows[index]
    two_rows = _sub_header(rows, index, matched, lookup, assigned)
    if two_rows is not None:
        index, matched, header_row = two_rows
    problems: list[Problem] = []
    warnings: list[Problem] = []
    present = {normalise_header(c) for c in header_row if isinstance(c, str)}
    for key, column in (mapping or {}).items():
        if normalise_header(column) not in present:
            problems.append(
                Problem.coded(
                    None,
                    None,
                    "header.map_unknown_column",
                    column=column,
                    field=fields.get(key, (key,))[0],
                )
            )
    if similar:
        taken = {hit[0] for hit in matched.values()}
        for column, cell in enumerate(header_row):
            if column in matched or not isinstance(cell, str) or not cell.strip():
                continue
            guess = _similar_field(cell, fields, taken, decoys)
            if guess is not None:
                matched[column] = (guess, None, 9)
                taken.add(guess)
                similar_to = fields[guess][0]
                warnings.append(
                    Problem.coded(
                        None,
                        None,
                        "warn.similar_column",
                        column=header_label(cell),
                        field=similar_to,
                    )
                )

    columns: dict[int, str] = {}
    labels: dict[str, str] = {}
    units: dict[str, str] = {}
    chosen: dict[str, tuple[int, int]] = {}  # field → (column, rank)
    shadowed: dict[str, int] = {}
    for column, (key, unit, rank) in sorted(matched.items()):
        label = header_label(header_row[column])
        if key in chosen:
            other, other_rank = chosen[key]
            if rank == other_rank and key in strict_fields:
                problems.append(
                    Problem.coded(
                        None,
                        None,
                        "header.two_columns",
                        a=column_letter(other),
                        a_label=labels[key],
                        b=column_letter(column),
                        b_label=label,
                        field=fields[key][0],
                    )
                )
                continue
            if rank >= other_rank:  # the column already chosen stays
                shadowed.setdefault(key, column)
                continue
            shadowed[key] = other
            del columns[other]
            units.pop(key, None)
        chosen[key] = (column, rank)
        columns[column] = key
        labels[key] = label
        if unit:
            units[key] = unit
    for key, column in shadowed.items():
        if key not in quiet:
            warnings.append(
                Problem.coded(
                    None,
                    None,
                    "warn.shadowed",
                    column=header_label(header_row[column]),
                    field=fields[key][0],
                    used=labels[key],
                )
            )
    for key in fields:
        if key in needed and key not in labels:
            problems.append(_missing_column(key, fields, header_row, set(columns)))
    if problems:
        return None, problems
    unused = tuple(
        header_label(cell)
        for column, cell in enumerate(header_row)
        if column not in columns and column not in shadowed.values() and not is_empty(cell)
    )
    return HeaderMatch(
        index=index,
        columns=columns,
        labels=labels,
        units=units,
        unused=unused,
        warnings=tuple(warnings),
        shadowed=shadowed,
    ), []


def _sub_header(
    rows: Sequence[Sequence[object]],
    index: int,
    matched: dict[int, tuple[str, str | None, int]],
    lookup: Mapping[str, tuple[str, int]],
    assigned: Mapping[str, str],
) -> tuple[int, dict[int, tuple[str, str | None, int]], list[object]] | None:
    """A header on two rows (欠息 merged over 表内 and 表外): the columns of both, or None.

    The row below the header is a second header row when it holds only text, each of its
    cells names a field alone or together with the merged cell above it (表内 + 欠息 →
    表内欠息), and it leaves empty the columns the first row names on its own.
    """
    if index + 1 >= len(rows):
        return None
    top, sub = rows[index], rows[index + 1]
    texts = {c: cell for c, cell in enumerate(sub) if not is_empty(cell)}
    if not texts or any(not isinstance(cell, str) for cell in texts.values()):
        return None
    parents: dict[int, int] = {}
    last = None
    for column in range(max(len(top), len(sub))):
        if column < len(top) and not is_empty(top[column]):
            last = column
        if column in texts and last is not None:
            parents[column] = last
    groups = set(parents.values())
    under_merge = any(column >= len(top) or is_empty(top[column]) for column in texts)
    filled = sum(1 for column in matched if column in texts)
    if not under_merge or filled * 2 > len(matched):
        return None  # a data row: it fills the columns the header names
    hits: dict[int, tuple[str, str | None, int]] = {}
    labels = [header_label(cell) for cell in top] + [""] * max(0, len(sub) - len(top))
    for column, cell in texts.items():
        parent = header_label(top[parents[column]]) if column in parents else ""
        child = header_label(cell)
        for candidate in (child + parent, parent + child, child):
            hit = _match_header(candidate, lookup, assigned)
            if hit is not None:
                hits[column] = hit
                break
        else:
            return None  # every cell of a second header row names a field
        labels[column] = f"{parent} {child}".strip()
    if not hits:
        return None
    combined = {c: hit for c, hit in matched.items() if c not in groups}
    combined.update(hits)
    return index + 1, combined, labels


def header_label(cell: object) -> str:
    """A header as messages quote it: one line, control characters shown as spaces."""
    text = "".join(ch if ch.isprintable() else " " for ch in cell_str(cell))
    return " ".join(text.split())


def _missing_column(
    key: str, fields: Mapping[str, tuple[str, ...]], header_row: Sequence[object], used: set[int]
) -> Problem:
    names = fields[key]
    accepted = "、".join(names[:8]) + ("…" if len(names) > 8 else "")
    closest = None
    best = 0.0
    for column, cell in enumerate(header_row):
        if column in used or not isinstance(cell, str) or not cell.strip():
            continue
        text = normalise_header(cell)
        for name in names:
            ratio = difflib.SequenceMatcher(None, text, normalise_header(name)).ratio()
            if ratio > best:
                best, closest = ratio, header_label(cell)
    if closest is not None and best >= 0.5:
        return Problem.coded(
            None,
            None,
            "header.missing_closest",
            field=names[0],
            closest=closest,
            key=names[-1],
            accepted=accepted,
        )
    return Problem.coded(None, None, "header.missing", field=names[0], accepted=accepted)


def _similar_field(
    cell: str, fields: Mapping[str, tuple[str, ...]], taken: set[str], decoys: Sequence[str]
) -> str | None:
    """The field a header closely resembles (ratio ≥ 0.8), not one already taken; no decoys."""
    text = normalise_header(cell)
    unit = _TRAILING_UNIT_RE.match(text)
    if unit:
        text = unit.group(1)
    if len(text) < 3 or any(decoy in text for decoy in decoys):
        return None
    best_key, best = None, 0.0
    for key, names in fields.items():
        if key in taken:
            continue
        for name in names:
            normal = normalise_header(name)
            if abs(len(normal) - len(text)) > 1:
                continue  # 贷款客户 is not 贷款客户类型
            ratio = difflib.SequenceMatcher(None, text, normal).ratio()
            if ratio > best:
                best_key, best = key, ratio
    return best_key if best >= 0.8 else None


def _match_header(
    cell: object, lookup: Mapping[str, tuple[str, int]], assigned: Mapping[str, str]
) -> tuple[str, str | None, int] | None:
    if not isinstance(cell, str) or not cell.strip():
        return None
    text = normalise_header(cell)
    if text in assigned:
        return assigned[text], None, -1
    hit = lookup.get(text)
    if hit is not None:
        return hit[0], None, hit[1]
    parts = _TRAILING_UNIT_RE.match(text)
    if parts:
        unit = parts.group(2)
        if parts.group(1) in assigned:
            return assigned[parts.group(1)], unit, -1
        hit = lookup.get(parts.group(1))
        if hit is not None:
            return hit[0], unit, hit[1]
    if _ALTERNATIVES_RE.search(text):  # 借款人姓名/名称, 证件号码|统一社会信用代码
        for part in _ALTERNATIVES_RE.split(text):
            hit = lookup.get(part)
            if hit is not None:
                return hit[0], None, hit[1]
    return None


_ALTERNATIVES_RE = re.compile(r"[/|、]")


# --- title rows ------------------------------------------------------------------------------

_UNIT_RE = re.compile(r"单位\s*:?\s*\(?\s*(?:人民币)?\s*(万元|万|元)")
_AS_OF_RE = re.compile(
    r"(?P<label>数据日期|会计日期|统计日期|报表日期|账务日期|截止日期|截至日期|数据时间|截止|截至)"
    r"\s*[:：]?\s*(?P<rest>.*)"
)
_DATE_IN_TEXT_RE = re.compile(
    r"\d{4}\s*[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日?|\d{8}"
)


def detect_unit(rows_above_header: Iterable[Sequence[object]]) -> Unit | None:
    """The amount unit a title row states (单位：万元, 单位:元, 单位（万元）...), else None."""
    for row in rows_above_header:
        for cell in row:
            if isinstance(cell, str) and "单位" in cell:
                found = _UNIT_RE.search(unicodedata.normalize("NFKC", cell))
                if found:
                    return "wan" if "万" in found.group(1) else "yuan"
    return None


def parse_as_of(rows_above_header: Iterable[Sequence[object]]) -> date | None:
    """The list's date from a title row (数据日期：2026-11-20, 截至2026年11月20日...), else None.

    The date may follow the label in the same cell or sit in the next non-empty cell.
    """
    found = find_as_of(rows_above_header)
    return found[0] if found else None


def find_as_of(rows_above_header: Iterable[Sequence[object]]) -> tuple[date, str] | None:
    """The list's date from a title row and the label that gave it (数据日期, 截至...)."""
    for row in rows_above_header:
        for column, cell in enumerate(row):
            if not isinstance(cell, str):
                continue
            found = _AS_OF_RE.search(unicodedata.normalize("NFKC", cell))
            if not found:
                continue
            rest = found.group("rest").strip()
            candidates: list[object] = []
            in_text = _DATE_IN_TEXT_RE.match(rest)
            if in_text:
                candidates.append(in_text.group(0))
            elif not rest:
                candidates.extend(c for c in row[column + 1 :] if not is_empty(c))
            for candidate in candidates[:1]:
                try:
                    return parse_date(candidate), found.group("label")
                except ValueError:
                    pass
    return None


# --- rows ------------------------------------------------------------------------------------

_TOTAL_MARKERS = ("合计", "总计", "小计")
_COUNT_ROW_RE = re.compile(r"^(?:共|总)?(?:条数|笔数|户数|总笔数|总户数|记录数)|^共\d+(?:笔|条|户)")


def is_blank_row(cells: Sequence[object], columns: Iterable[int] | None = None) -> bool:
    """Whether the row's cells (or only those in `columns`, the recognised ones) are empty."""
    if columns is None:
        return all(is_empty(cell) for cell in cells)
    return all(is_empty(cell_at(cells, column)) for column in columns)


def is_total_row(cells: Sequence[object]) -> bool:
    """Whether a cell of the row is a total: 合计, 总计, 小计 (城关支行小计, 分行合计) or a count
    (条数：200, 笔数, 共200笔)."""
    return any(is_total_cell(cell) for cell in cells)


def is_total_cell(cell: object) -> bool:
    if not isinstance(cell, str) or len(cell) > 40:
        return False
    if "计" not in cell and "数" not in cell and "共" not in cell:
        return False
    text = _SPACE_RE.sub("", cell)
    if "计" in text and any(marker in text for marker in _TOTAL_MARKERS):
        return True
    return bool(_COUNT_ROW_RE.match(text))


def cell_at(cells: Sequence[object], column: int | None) -> object:
    if column is None or column >= len(cells):
        return None
    return cells[column]


def empty_or_total(cells: Sequence[object], column: int | None) -> bool:
    value = cell_at(cells, column)
    return is_empty(value) or is_total_cell(value)


# --- data rows -------------------------------------------------------------------------------

#: How one column is read: (column index, field, converter, required).
ColumnPlan = tuple[int, str, Callable[[object], object], bool]

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def limited(
    converters: Mapping[str, Callable[[object], object]], max_chars: Mapping[str, int]
) -> dict[str, Callable[[object], object]]:
    """The converters, those of the fields in `max_chars` refusing longer text (or names)."""
    return {
        field: partial(_at_most, convert, max_chars[field]) if field in max_chars else convert
        for field, convert in converters.items()
    }


def _at_most(convert: Callable[[object], object], limit: int, cell: object) -> object:
    value = convert(cell)
    if isinstance(value, str) and len(value) > limit:
        raise Reason("cell.too_long", length=len(value), limit=limit)
    if isinstance(value, tuple) and any(len(name) > limit for name in value):
        raise Reason("cell.name_too_long", limit=limit)
    return value


def amount_units(
    header: HeaderMatch, rows_above_header: Iterable[Sequence[object]], fields: Iterable[str]
) -> dict[str, Unit]:
    """Each amount field's unit: its header's (贷款余额(万元)), else the title row's, else 元."""
    title_unit = detect_unit(rows_above_header)
    return {field: unit_of(header.units.get(field)) or title_unit or "yuan" for field in fields}


def data_rows(
    rows: Sequence[Sequence[object]],
    header: HeaderMatch,
    key_columns: Iterable[int | None],
    *,
    rest: Iterable[Sequence[object]] = (),
) -> Iterator[tuple[int, Sequence[object]]]:
    """The rows below the header that hold data, each with its number as the sheet numbers it;
    `rest` continues `rows` (a long sheet's rows read lazily after its first ones).

    Skipped: blank rows (every recognised column empty, e.g. only a 序号 left in an unused
    template row) and total rows (a 合计/总计/小计 cell while a key column is empty or is
    itself the total).
    """
    recognised = sorted(header.columns)
    keys = tuple(key_columns)
    numbered = enumerate(rows[header.index + 1 :], start=header.index + 2)
    later = enumerate(rest, start=max(len(rows), header.index + 1) + 1)
    for number, cells in chain(numbered, later):
        if is_blank_row(cells, recognised):
            continue
        if any(empty_or_total(cells, column) for column in keys) and is_total_row(cells):
            continue
        yield number, cells


def column_plan(
    header: HeaderMatch,
    converters: Mapping[str, Callable[[object], object]],
    required: Iterable[str],
) -> list[ColumnPlan]:
    """How to read each recognised column, left to right."""
    needed = frozenset(required)
    return [
        (column, field, converters[field], field in needed)
        for column, field in sorted(header.columns.items())
    ]


def convert_cells(
    row: int, cells: Sequence[object], plan: Iterable[ColumnPlan], labels: Mapping[str, str]
) -> tuple[dict[str, object], list[Problem]]:
    """One data row's cells converted by the plan: the values, and the row's problems.

    An empty cell gives no value (MISSING when the column is required); text with a
    control character (NUL, BEL, ...; tabs and line breaks are fine) is refused before
    conversion, as no store or screen should get it; a converter's ValueError or
    ArithmeticError becomes a problem on that column, its reason on one line.
    """
    values: dict[str, object] = {}
    errors: list[Problem] = []
    width = len(cells)
    for column, field, convert, is_required in plan:
        raw = cells[column] if column < width else None
        value: object = None
        if not is_empty(raw):
            control = _CONTROL_RE.search(raw) if isinstance(raw, str) else None
            if control:
                code = f"{ord(control.group()):04X}"
                errors.append(Problem.coded(row, labels[field], "cell.control", code=code))
                continue
            try:
                value = convert(raw)
            except Reason as exc:
                errors.append(Problem.of(row, labels[field], exc))
                continue
            except (ValueError, ArithmeticError):  # not a catalogue reason: a plain refusal
                errors.append(Problem.coded(row, labels[field], "cell.unusable"))
                continue
        if value is None or value == "":
            if is_required:
                errors.append(Problem.coded(row, labels[field], "cell.missing"))
            continue
        values[field] = value
    return values, errors


# --- showing many problems -------------------------------------------------------------------

#: At most this many problem lines are shown; the rest are counted per reason.
MAX_SHOWN = 1000


def summarise(problems: Sequence[Problem], *, min_run: int = 3) -> list[Problem]:
    """One line for one systematic problem on many rows (SPEC §5.1: `rows 5-204, column X: …`).

    Problems with the same column and the same reason (code and parameters, or text)
    on `min_run` or more rows become one problem per run of consecutive rows, its
    `count` the rows in the run. Others stay as they are; the order is by first row.
    """
    groups: dict[tuple[object, ...], list[Problem]] = {}
    for problem in problems:
        key = (
            problem.column,
            problem.code,
            problem.params,
            problem.reason if not problem.code else None,
            problem.row is None,
        )
        groups.setdefault(key, []).append(problem)
    out: list[Problem] = []
    for members in groups.values():
        if len(members) < min_run or members[0].row is None:
            out.extend(members)
            continue
        members = sorted(members, key=lambda p: p.row or 0)
        run = [members[0]]
        for problem in members[1:]:
            if (
                problem.row is not None
                and run[-1].row is not None
                and problem.row <= run[-1].row + 1
            ):
                run.append(problem)
            else:
                out.extend(_run(run, min_run))
                run = [problem]
        out.extend(_run(run, min_run))
    out.sort(key=lambda p: (p.row is not None, p.row or 0))
    return out


def _run(run: list[Problem], min_run: int) -> list[Problem]:
    rows = {p.row for p in run}
    if len(rows) < min_run:
        return run
    first = run[0]
    return [replace(first, last_row=run[-1].row, count=len(rows))]


def shown_lines(problems: Sequence[Problem], lang: str, *, limit: int = MAX_SHOWN) -> list[str]:
    """The summarised problems as lines in `lang`, at most `limit`, then one line counting
    the rest per reason."""
    merged = summarise(problems)
    lines = [p.text(lang) for p in merged[:limit]]
    rest = merged[limit:]
    if rest:
        per_reason = Counter(
            render(p.code, (), lang).split("{")[0].split("：")[0] if p.code else p.reason
            for p in rest
        )
        detail = "；".join(f"{reason} ×{n}" for reason, n in per_reason.most_common(10))
        lines.append(render("summary.more", (("count", len(rest)), ("detail", detail)), lang))
    return lines


def guess_header_index(rows: Sequence[Sequence[object]], max_scan: int = 10) -> int | None:
    """The header row when no field matched: the first row with the most text cells (≥ 2)."""
    best, best_count = None, 1
    for index, row in enumerate(rows[:max_scan]):
        count = sum(1 for c in row if isinstance(c, str) and c.strip())
        if count > best_count:
            best, best_count = index, count
    return best
