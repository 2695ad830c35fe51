"""The build's state (hooks/_state.py): the parsed bank cannot change once the first pass has made it."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "hooks"))

from _state import Bank, BuildState  # noqa: E402


def test_the_bank_is_filled_then_frozen():
    bank = Bank()
    bank.pages = ["a page"]
    bank.freeze()
    with pytest.raises(AttributeError, match="pages cannot change"):
        bank.pages = []
    assert bank.pages == ["a page"]


def test_each_build_gets_its_own_bank_and_default_options(tmp_path):
    first, second = BuildState(root=tmp_path), BuildState(root=tmp_path)
    first.bank.freeze()
    second.bank.stale = {"q"}  # another build's bank is not the frozen one
    assert first.bank is not second.bank and first.bank.stale == set()
    assert first.options.handout is True and first.search is None
