"""The browser code's layout and dialect (MAINTAINING.md, "Browser code"), read from the sources: one
folder, every script loaded by the templates, each with its header comment, in one dialect."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDER = ROOT / "overrides" / "assets" / "javascripts"
SCRIPTS = sorted(path for path in FOLDER.glob("*.js"))
TEMPLATES = "".join(path.read_text(encoding="utf-8") for path in (ROOT / "overrides").rglob("*.html"))


def test_one_folder():
    """Every script the site ships is in overrides/assets/javascripts/; docs/ and mkdocs.yml add none."""
    assert SCRIPTS
    assert not list((ROOT / "docs").rglob("*.js"))
    assert "extra_javascript" not in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_loaded_by_a_template(path):
    assert f"'assets/javascripts/{path.name}' | url" in TEMPLATES


@pytest.mark.parametrize("path", SCRIPTS, ids=lambda path: path.name)
def test_dialect(path):
    """A header comment, then the code in one strict arrow IIFE; const / let, never var or function ()."""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("/*") and "*/\n(() => {\n  \"use strict\";\n" in text
    assert text.rstrip().endswith("})();")
    assert not re.search(r"\bvar\s", text)
    assert "function (" not in text and "function(" not in text


def test_dom_helpers_load_first():
    """dom.js (window.QADom) is loaded before every script that uses it, study-progress.js before its users."""
    order = re.findall(r"'assets/javascripts/([\w-]+\.js)' \| url", (ROOT / "overrides" / "main.html").read_text(encoding="utf-8"))
    for path in SCRIPTS:
        if "QADom" in path.read_text(encoding="utf-8") and path.name != "dom.js":
            assert order.index("dom.js") < order.index(path.name), path.name
    for user in ("study.js", "mock.js"):
        assert order.index("study-progress.js") < order.index(user)
