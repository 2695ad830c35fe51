"""The code's shape (issue 23): no module of qa/ or hooks/ over 500 lines, and no circle in the imports
between them (every import counted, those inside functions too)."""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 500


def modules() -> dict[str, Path]:
    """Module name → file: ``qa.<name>`` for the core, the bare name for a hook (hooks/ is on sys.path)."""
    found = {f"qa.{p.stem}": p for p in (ROOT / "qa").glob("*.py") if p.stem != "__init__"}
    found |= {p.stem: p for p in (ROOT / "hooks").glob("*.py")}
    return found


def imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules ``path`` imports."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: inside qa/
                base = "qa." + base if base else "qa"
            out.add(base)
            out |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in out if m in known and m != name}


def test_no_module_is_longer_than_500_lines():
    long = {name: n for name, path in modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"split these modules (lines): {long}"


def test_the_imports_have_no_circle():
    found = modules()
    graph = {name: imports(name, path, set(found)) for name, path in found.items()}
    assert graph["qa.render"] and graph["pipeline"], "the graph is read (a broken reader finds no edge)"
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                raise AssertionError("import circle: " + " → ".join(path[path.index(nxt):] + [nxt]))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
