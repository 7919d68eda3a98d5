"""The package's import graph has no cycle, counting imports inside functions too.

An import inside a function hides a cycle from Python's import machinery but not from a
reader: both modules still need each other. Importing ``timeline.a.b`` also runs the
``timeline.a`` package, so an edge to a module is an edge to the packages above it too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import timeline

ROOT = Path(timeline.__file__).parent


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in ROOT.rglob("*.py")}


def _targets(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The timeline modules (and the packages above them) that ``name`` imports anywhere."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1] + ([base] if base else []))
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.add(full if full in modules else base)
    out: set[str] = set()
    for target in found:
        if not target.startswith("timeline"):
            continue
        parts = target.split(".")
        for i in range(2, len(parts) + 1):  # the module and every package above it, not the root
            above = ".".join(parts[:i])
            if above in modules and not name.startswith(above + ".") and above != name:
                out.add(above)
    return out


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _targets(name, path, modules) for name, path in modules.items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` as a list of nodes (first == last), or ``None``."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                cycle = visit(nxt)
                if cycle:
                    return cycle
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def test_find_cycle_sees_a_cycle_and_its_absence():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None


def test_graph_counts_imports_inside_functions_and_packages_above():
    graph = import_graph()
    assert graph, "no modules found"
    # the CLI imports its stages inside its commands; those edges must be seen
    assert "timeline.tagfile" in graph["timeline.cli"]


def test_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def stage_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph between stages: ``timeline.corpus.files`` counts as ``timeline.corpus``."""
    def stage(m: str) -> str:
        return ".".join(m.split(".")[:2])

    out: dict[str, set[str]] = {}
    for a, targets in graph.items():
        out.setdefault(stage(a), set()).update(stage(b) for b in targets if stage(b) != stage(a))
    return out


def test_no_cycle_between_stages():
    """Stages form layers: a module of one stage never needs a stage that needs it back."""
    cycle = find_cycle(stage_graph(import_graph()))
    assert cycle is None, "stages import each other: " + " -> ".join(cycle)


def test_selection_does_not_reach_into_later_stages():
    graph = stage_graph(import_graph())
    assert not graph["timeline.select"] & {"timeline.condense", "timeline.render", "timeline.pipeline"}
    assert not graph["timeline.temporal"] & {"timeline.corpus", "timeline.pipeline"}
