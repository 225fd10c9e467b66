"""The floors hold (docs/architecture.md): read from the code's own imports.

core/ is plain Python (no db, pages, streamlit or sqlalchemy); db/ knows no streamlit
or pages; pages/ know no sqlalchemy and none of the store's insides (models, unit of
work, migrations); no module imports another module's private (`_name`) names; the db/
modules import one another without a cycle (lazy imports count); and the camp's data
version is bumped, and audit rows written, by the unit of work (db/uow.py) alone.

The ALLOWED_* lists name what other helpers of issue 16 are changing this round; the
lead empties them after merging (an entry no longer needed fails too, so they only
shrink).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OURS = ("core", "db", "pages", "app", "cli")

# Private names imported across modules, owned by other helpers this round (issue 16).
ALLOWED_PRIVATE: dict[tuple[str, str], str] = {}

# Modules that bump the version or write audit rows by hand: none, the unit of work does.
ALLOWED_BY_HAND: dict[str, str] = {}


@dataclass(frozen=True)
class Import:
    importer: str
    target: str  # the module imported from
    name: str | None  # the name imported from it (None: the module itself)
    line: int


@cache
def modules() -> dict[str, Path]:
    found = {name: ROOT / f"{name}.py" for name in ("app", "cli")}
    for package in ("core", "db", "pages"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue  # Alembic's scripts: run by Alembic, imported by nobody
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _ours(module: str) -> bool:
    return module.split(".")[0] in OURS


@cache
def imports() -> tuple[Import, ...]:
    """Every import of our modules, at any depth of the module (lazy ones too)."""
    found = []
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found += [Import(name, a.name, None, node.lineno) for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                for a in node.names:
                    full = f"{node.module}.{a.name}"
                    if full in modules():  # `from pages import _ui`: a module
                        found.append(Import(name, full, None, node.lineno))
                    else:
                        found.append(Import(name, node.module, a.name, node.lineno))
    return tuple(found)


def _under(module: str, *roots: str) -> bool:
    return any(module == r or module.startswith(r + ".") for r in roots)


def _violations(importer_root: str, *forbidden: str) -> list[str]:
    return [
        f"{i.importer}:{i.line} imports {i.target}"
        for i in imports()
        if _under(i.importer, importer_root) and _under(i.target, *forbidden)
    ]


def test_core_imports_no_store_no_pages_no_streamlit_and_no_sqlalchemy() -> None:
    assert _violations("core", "db", "pages", "app", "cli", "streamlit", "sqlalchemy") == []


def test_the_store_imports_no_streamlit_and_no_pages() -> None:
    assert _violations("db", "streamlit", "pages", "app", "cli") == []


def test_pages_import_no_sqlalchemy_and_none_of_the_stores_insides() -> None:
    """Pages call commands (db/<feature>.py) and reads (db/queries/); the engine module
    gives them its Engine type and the outage test, nothing more."""
    assert _violations("pages", "sqlalchemy", "db.models", "db.uow", "db.migrate") == []
    assert _violations("app", "sqlalchemy", "db.models", "db.uow") == []


def _private_imports() -> set[tuple[str, str]]:
    return {
        (i.importer, f"{i.target}.{i.name}")
        for i in imports()
        if i.name is not None and i.name.startswith("_") and not i.name.startswith("__")
        and _ours(i.target) and i.target != i.importer
    }  # fmt: skip


def _private_attributes() -> set[tuple[str, str]]:
    """`module._name` through an imported module of ours (`ui._engine`)."""
    found = set()
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                for a in node.names:
                    full = a.name if isinstance(node, ast.Import) else f"{node.module}.{a.name}"
                    if full in modules() and full != name:
                        aliases[a.asname or a.name.split(".")[0]] = full
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in aliases
                and node.attr.startswith("_")
                and not node.attr.startswith("__")
            ):
                found.add((name, f"{aliases[node.value.id]}.{node.attr}"))
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    crossing = _private_imports() | _private_attributes()
    assert sorted(crossing - ALLOWED_PRIVATE.keys()) == []
    assert sorted(ALLOWED_PRIVATE.keys() - crossing) == [], "fixed: drop from ALLOWED_PRIVATE"


def _db_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in modules() if _under(m, "db")}
    for i in imports():
        if i.importer in graph and _under(i.target, "db"):
            target = i.target
            while target not in graph and "." in target:
                target = target.rsplit(".", 1)[0]
            if target in graph and target != i.importer:
                graph[i.importer].add(target)
    for m in graph:  # importing db.queries.pk runs db/queries/__init__.py first
        parent = m.rsplit(".", 1)[0]
        if parent != "db" and parent in graph and parent != m:
            graph[m].add(parent)
    return graph


def _cycles(graph: dict[str, set[str]]) -> Iterator[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()

    def visit(v: str) -> Iterator[list[str]]:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                yield from visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                yield sorted(component)

    for v in sorted(graph):
        if v not in index:
            yield from visit(v)


def test_the_store_modules_import_one_another_without_a_cycle() -> None:
    assert list(_cycles(_db_graph())) == []


def test_the_cycle_finder_finds_a_loop_hidden_by_a_lazy_import() -> None:
    assert list(_cycles({"db.a": {"db.b"}, "db.b": {"db.a"}, "db.c": {"db.a"}})) == [
        ["db.a", "db.b"]
    ]


def _names_used(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.alias):
            names.add((node.asname or node.name).split(".")[-1])
        elif isinstance(node, ast.keyword) and node.arg:
            names.add(node.arg)
    return names


def test_only_the_unit_of_work_bumps_the_data_version_and_writes_audit_rows() -> None:
    """One invalidation point: `bump_version` (and any `data_version=` write) and the
    AuditEntry row live in db/uow.py; everything else calls `uow.commit()` and
    `uow.audit(...)`."""
    by_hand = {
        name
        for name, path in modules().items()
        if name != "db.uow"
        and _names_used(path) & {"bump_version", "data_version", "AuditEntry"}
        and _writes_version_or_audit(path)
    }
    assert sorted(by_hand - ALLOWED_BY_HAND.keys()) == []
    assert sorted(ALLOWED_BY_HAND.keys() - by_hand) == [], "fixed: drop from ALLOWED_BY_HAND"


def _writes_version_or_audit(path: Path) -> bool:
    """Calls bump_version, sets data_version (`.values(data_version=…)` or
    `x.data_version = …`), or builds an AuditEntry."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called in {"bump_version", "AuditEntry"}:
                return True
            if called == "values" and any(k.arg == "data_version" for k in node.keywords):
                return True
        if isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr == "data_version" for t in targets):
                return True
    return False
