"""How a build's process runs CPython's garbage collector (hooks/garbage_collector.py)."""
from __future__ import annotations

import gc
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "hooks"))

import garbage_collector  # noqa: E402


@pytest.fixture
def collector():
    """The test process's collector, put back after the test (the stage changes process-wide settings)."""
    saved = gc.get_threshold()
    gc.unfreeze()
    yield
    gc.set_threshold(*saved)
    gc.unfreeze()


@pytest.mark.parametrize("command", ["build", "gh-deploy"])
def test_a_command_that_builds_once_collects_less_often_and_is_not_collected_at_exit(collector, command):
    gc.set_threshold(700, 10, 10)
    garbage_collector.start(command)
    assert gc.get_threshold() == garbage_collector.THRESHOLDS
    left = {"answer": []}  # a container alive at the end: frozen, so the collection at exit skips it
    garbage_collector.finish(command)
    assert gc.get_freeze_count() > 0
    assert not any(found is left for found in gc.get_objects())  # no generation holds it any more


@pytest.mark.parametrize("command", ["serve", None])
def test_serve_keeps_the_collector_as_it_is(collector, command):
    gc.set_threshold(700, 10, 10)
    if command is not None:
        garbage_collector.start(command)
    left = {"answer": []}
    garbage_collector.finish(command)
    assert gc.get_threshold() == (700, 10, 10)
    assert gc.get_freeze_count() == 0
    assert any(found is left for found in gc.get_objects())
