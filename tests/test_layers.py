"""The import graph, read from the source with `ast`: data flows one way through the stages.

Every import counts, also those inside functions (the CLI imports lazily) and those only for
type checking: a layer that needs another layer's names depends on it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "reportgen"

# Stages in pipeline order; a stage may import the ones before it, never one after it.
STAGES = ["archive", "ingest", "analyze", "render", "deliver", "pipeline", "cli", "__main__"]
STAGES.insert(STAGES.index("cli"), "pytest_plugin")  # an edge beside the CLI, on the pipeline
# Contracts and primitives beneath every stage: they import no stage at all.
FOUNDATION = {
    "__init__",
    "errors",
    "exitcodes",
    "percent",
    "text",
    "files",
    "jsonload",
    "model",
    "report",
    "config",
    "patterns",
}
# Policies over finished results, used by the pipeline.
AFTER_ANALYZE = {"gate": "analyze", "starter": "analyze"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in PACKAGE.rglob("*.py")}


def _imports(name: str) -> Iterator[str]:
    """The reportgen modules that module `name` imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in MODULES)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            if base not in MODULES:
                continue
            # `from reportgen.ingest import dialects` imports the module reportgen.ingest.dialects
            found = [f"{base}.{alias.name}" for alias in node.names]
            submodules = [module for module in found if module in MODULES]
            yield from submodules
            if len(submodules) < len(found):
                yield base


GRAPH = {name: set(_imports(name)) - {name} for name in MODULES}


def _unit(module: str) -> str:
    """The package a module belongs to (`archive`, `ingest`, ...) or its own top-level name."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of `graph` as a path that returns to its start, or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return [*path[path.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def _units() -> dict[str, set[str]]:
    units: dict[str, set[str]] = {}
    for module, targets in GRAPH.items():
        unit = _unit(module)
        units.setdefault(unit, set()).update(_unit(t) for t in targets if _unit(t) != unit)
    return units


def test_the_graph_was_read() -> None:
    # A parser that found nothing would pass every test below.
    assert {"reportgen.archive.store", "reportgen.pipeline", "reportgen.cli"} <= set(MODULES)
    assert "reportgen.archive.sidecar" in GRAPH["reportgen.archive.store"]
    assert "reportgen.ingest.dialects" in GRAPH["reportgen.ingest.reader"]
    assert {"archive", "ingest", "analyze", "render", "deliver"} <= _units()["pipeline"]


def test_packages_import_each_other_without_a_cycle() -> None:
    assert _cycle(_units()) is None


def test_modules_import_each_other_without_a_cycle() -> None:
    assert _cycle(GRAPH) is None


def test_a_cycle_is_found_when_there_is_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def _rank(unit: str) -> float:
    if unit in FOUNDATION:
        return 0
    if unit in AFTER_ANALYZE:
        return STAGES.index(AFTER_ANALYZE[unit]) + 1.5
    return STAGES.index(unit) + 1


@pytest.mark.parametrize("unit", sorted(_units()))
def test_no_layer_imports_a_later_one(unit: str) -> None:
    assert unit in FOUNDATION | set(AFTER_ANALYZE) | set(STAGES), f"{unit}: which layer is it?"
    # The foundation may import itself (the cycle tests keep that in order); a stage only
    # what comes before it.
    later = sorted(
        t for t in _units()[unit] if _rank(t) >= _rank(unit) > 0 or _rank(t) > _rank(unit)
    )
    assert later == [], f"{unit} imports {later}, which come after it"


def test_the_archive_imports_no_stage() -> None:
    imported = _units()["archive"]
    assert imported <= FOUNDATION, sorted(imported - FOUNDATION)
