"""Every problem a user is shown comes from the one catalogue (core.reasons), in Chinese
and in English (issue 14 point 2): a scan of the code for reasons written in place, and
every catalogue reason rendered in Chinese with its parameters."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from core.errors import UsageError
from core.reasons import REASONS, Reason, render
from core.records import Problem

ROOT = Path(__file__).resolve().parents[2]
SOURCES = sorted(
    [*ROOT.joinpath("core").rglob("*.py"), *ROOT.joinpath("db").rglob("*.py"), ROOT / "cli.py"]
)
SOURCES = [p for p in SOURCES if "migrations" not in p.parts]

#: Calls that build a problem with a reason written in place, allowed because no user
#: reads them: "file:function" → why.
ALLOWED_RAW: dict[str, str] = {}

#: Calls whose code argument (position) names a catalogue reason.
CODE_ARGUMENT = {
    "coded": 2, "Reason": 0, "ImportFileError": 0, "BackupError": 0, "SameFileError": 0,
    "refused": 1, "_refused": 1,
}  # fmt: skip

#: Words a Chinese reason may keep: file formats and encodings, a key name, an option.
LATIN_ALLOWED = {
    "xlsx", "xls", "csv", "CSV", "Excel", "WPS", "UTF-8", "UTF-16", "GBK", "BOM", "NUL",
    "HTML", "XML", "MB", "U+", "Y/N", "PDF", "QR", "ID", "TOML", "HH:MM",
}  # fmt: skip
#: A page path, a command-line option or a camp file's table named in a reason (/setup,
#: --map, [camp], [[teams]], teams[2]).
COMMAND_TEXT = re.compile(
    r"(?<![A-Za-z])/[a-z]+|--[a-z]+(?:\s+\S+=\S+)?|\[\[?[a-z]+\]\]?|[a-z]+\[[^\]]*\]"
)


def _calls(path: Path) -> list[tuple[str, ast.Call]]:
    """Every call of a module with the name of the function it is in (`<module>` outside)."""
    found: list[tuple[str, ast.Call]] = []

    def visit(node: ast.AST, function: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = function
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = child.name
            if isinstance(child, ast.Call):
                found.append((function, child))
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8"), str(path)), "<module>")
    return found


def _name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _is_text(node: ast.AST) -> bool:
    """A reason written in place: a string, an f-string, str(exc), a `+` of them."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Call) and _name(node) in {"str", "format"}:
        return True
    return isinstance(node, ast.BinOp) and (_is_text(node.left) or _is_text(node.right))


def _raw_reasons() -> list[str]:
    found = []
    for path in SOURCES:
        rel = path.relative_to(ROOT).as_posix()
        for function, call in _calls(path):
            where = f"{rel}:{function}"
            name = _name(call)
            raw = False
            if name == "Problem" and isinstance(call.func, ast.Name):
                # Problem(row, column, reason): built past Problem.coded / Problem.of
                raw = True
            elif name == "InputRejected" and call.args:
                first = call.args[0]
                raw = isinstance(first, (ast.List, ast.Tuple)) and any(
                    _is_text(e) for e in first.elts
                )
            if raw and where not in ALLOWED_RAW:
                found.append(f"{where} line {call.lineno}: {ast.unparse(call)[:90]}")
    return sorted(set(found))


def test_no_problem_is_built_with_a_reason_written_in_place() -> None:
    """A new `Problem(row, column, "text")` or `InputRejected(["text"])` fails here: add
    the reason to core/reasons.py and use Problem.coded (or raise Reason)."""
    assert _raw_reasons() == []


def test_every_allowed_raw_reason_is_still_needed() -> None:
    """The allow-list only shrinks: an entry whose call is gone fails."""
    present = set()
    for path in SOURCES:
        rel = path.relative_to(ROOT).as_posix()
        present |= {f"{rel}:{function}" for function, _ in _calls(path)}
    assert [w for w in ALLOWED_RAW if w not in present] == []


def _used_codes() -> list[tuple[str, str]]:
    used = []
    for path in SOURCES:
        rel = path.relative_to(ROOT).as_posix()
        for _, call in _calls(path):
            position = CODE_ARGUMENT.get(_name(call))
            owner = getattr(call.func, "value", None)
            if isinstance(owner, ast.Name) and owner.id == "UsageError":  # UsageError.coded(code)
                position = 0
            if position is None or len(call.args) <= position:
                continue
            arg = call.args[position]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                used.append((f"{rel} line {call.lineno}", arg.value))
            elif isinstance(arg, ast.JoinedStr):  # f"post.role.{what}": its fixed head
                head = arg.values[0]
                if isinstance(head, ast.Constant):
                    used.append((f"{rel} line {call.lineno}", f"{head.value}*"))
    return used


def test_every_code_the_code_names_is_in_the_catalogue() -> None:
    unknown = []
    for where, code in _used_codes():
        if code.endswith("*"):
            if not any(c.startswith(code[:-1]) for c in REASONS):
                unknown.append(f"{where}: {code}")
        elif code not in REASONS:
            unknown.append(f"{where}: {code}")
    assert unknown == []


def _parameters(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(REASONS))
def test_every_reason_reads_in_chinese_with_its_parameters(code: str) -> None:
    texts = REASONS[code]
    assert set(texts) == {"zh", "en"}
    zh, en = texts["zh"], texts["en"]
    assert _parameters(zh) == _parameters(en), "the two texts take the same parameters"
    params = tuple((name, "甲") for name in sorted(_parameters(zh)))
    shown = render(code, params, "zh")
    assert "{" not in shown.replace("{{", "").replace("}}", "") or "{{" in zh
    leftover = COMMAND_TEXT.sub("", shown)
    for word in LATIN_ALLOWED:
        leftover = leftover.replace(word, "")
    assert re.findall(r"[A-Za-z]{2,}", leftover) == [], f"English in the Chinese text: {shown}"
    assert re.search(r"[\u4e00-\u9fff]", shown), f"no Chinese in {shown}"


def test_a_coded_problem_shows_chinese_by_default_and_english_on_request() -> None:
    problem = Problem.coded(7, "团队", "visit.unknown_team", team="飞虎队")
    assert problem.reason_in("zh") == "没有名为「飞虎队」的团队"
    assert str(problem) == "row 7, column 团队: unknown team 飞虎队"


def test_a_converters_refusal_keeps_its_code_in_the_problem() -> None:
    problem = Problem.of(3, "走访时间", Reason("visit.time_missing"))
    assert problem.code == "visit.time_missing"
    assert str(problem) == "row 3, column 走访时间: time of day missing"
    assert "时刻" in problem.reason_in("zh")


def test_a_usage_error_a_page_meets_reads_in_chinese_and_prints_english() -> None:
    error = UsageError.coded("usage.unknown_camp", code="qh-2027")
    assert str(error) == "unknown camp: qh-2027"
    assert error.text("zh") == "没有训练营 qh-2027"
    assert UsageError("--days must be positive").text("zh") == "--days must be positive"


def test_every_warning_stored_on_a_visit_has_a_label_and_a_reason() -> None:
    """Visits keep their warnings as English keys (old rows too); /entry labels each one,
    and a save reports each as a catalogue reason."""
    from core.scoring import REPLAY_WARNINGS
    from db.visits import BRANCH_CLAIMED_TWICE, REFUSAL_WITH_MONEY, SINGLE_COLLECTOR
    from pages._entry_common import WARNING_LABELS

    stored = {*REPLAY_WARNINGS, SINGLE_COLLECTOR, REFUSAL_WITH_MONEY, BRANCH_CLAIMED_TWICE}
    assert stored <= set(WARNING_LABELS)
    for key in stored - {BRANCH_CLAIMED_TWICE}:
        code = "warn." + key.replace(" ", "_").replace("relative_signature_after_expiry",
                                                       "relative_after_expiry")  # fmt: skip
        assert code in REASONS, key


def test_a_problems_column_is_named_as_the_user_knows_it() -> None:
    from core.i18n import field_label

    assert field_label("camp.cutoff", "zh") == "每日截止时间（camp.cutoff）"
    assert field_label("camp.name", "zh") == "训练营名称（camp.name）"
    assert field_label("teams[2].members[3]", "zh") == (
        "团队（第 2 项） · 成员（第 3 项）（teams[2].members[3]）"
    )
    assert field_label("scoring.ack", "zh").startswith("计分规则 · ")
    assert field_label("reason", "zh") == "原因"
    assert field_label("贷款余额", "zh") == "贷款余额"  # a file's header as written
    assert field_label(None, "zh") == ""
