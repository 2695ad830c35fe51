"""hooks/vendor.py: the browser libraries the site ships come from node_modules (package-lock.json), and a
missing one stops the build with what to do."""
from __future__ import annotations

import json
import sys

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import vendor  # noqa: E402


def test_every_shipped_library_is_pinned_in_package_json_and_the_lock():
    declared = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]
    locked = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for source in vendor.FILES:
        name = source.split("/", 1)[0]
        assert name in declared and locked[f"node_modules/{name}"]["version"] == declared[name], name
        assert all(ch.isdigit() or ch == "." for ch in declared[name]), f"{name}: pin an exact version"


def test_copy_writes_each_file_into_the_site(tmp_path):
    modules = tmp_path / "node_modules"
    for source in vendor.FILES:
        (modules / source).parent.mkdir(parents=True, exist_ok=True)
        (modules / source).write_text(f"/* {source} */", encoding="utf-8")
    vendor.copy(str(tmp_path / "site"), modules)
    vendor.copy(str(tmp_path / "site"), modules)  # every locale pass may call it
    for source, target in vendor.FILES.items():
        assert (tmp_path / "site" / target).read_text(encoding="utf-8") == f"/* {source} */"


def test_a_missing_library_names_the_file_and_the_command(tmp_path):
    with pytest.raises(PluginError) as error:
        vendor.copy(str(tmp_path / "site"), tmp_path / "node_modules")
    assert "node_modules/ts-fsrs/dist/index.umd.js is missing" in str(error.value)
    assert "make setup" in str(error.value)
