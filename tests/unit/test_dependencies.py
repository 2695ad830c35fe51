"""pyproject.toml declares what the site's code imports, and nothing it no longer imports (issue 13: a
dependency once came only through another package's lock entry).

The oracle is independent of the declaration: the imports are read from the source with ``ast`` and mapped
to their distributions by the installed metadata (``importlib.metadata.packages_distributions``).
"""
from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from conftest import ROOT

#: declared for mkdocs.yml (plugins, theme, Markdown extensions), not imported by the code
USED_BY_CONFIGURATION = {"mkdocs-material", "mkdocs-static-i18n", "pymdown-extensions"}


def _name(requirement: str) -> str:
    """PEP 503 normalized distribution name of a requirement string (``PyYAML>=6`` → ``pyyaml``)."""
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.\-]+", requirement).group()).lower()


def _imported_modules() -> set[str]:
    """Top-level modules imported anywhere in qa/ and hooks/ (absolute imports only)."""
    local = {"qa"} | {p.stem for p in (ROOT / "hooks").glob("*.py")}
    found = set()
    for path in [*(ROOT / "qa").rglob("*.py"), *(ROOT / "hooks").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - local - set(sys.stdlib_module_names) - {"__future__"}


def test_pyproject_declares_exactly_what_the_code_imports():
    declared = {_name(r) for r in tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]}
    distributions = packages_distributions()
    imported = {}
    for module in _imported_modules():
        assert module in distributions, f"{module} is imported but not installed"
        imported[module] = {_name(d) for d in distributions[module]}
    missing = {module: names for module, names in imported.items() if not names & declared}
    assert not missing, f"imported but not in [project].dependencies: {missing}"
    needed = set().union(*imported.values()) | USED_BY_CONFIGURATION
    assert declared - needed == set(), "declared but imported by neither qa/ nor hooks/"
