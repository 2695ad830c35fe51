"""A killed build leaves nothing running and nothing the next build keeps; two builds never share a folder
(issue 24, item 1).

A small fixture site with PDF handouts is built once cleanly (the reference). Then builds into one
folder are killed at three stages (four kills) — just started, while its background processes run beside MkDocs
(search index, Anki deck), and while the PDFs are laid out — by ``SIGKILL`` or ``SIGTERM`` to the
``mkdocs`` process only, or ``SIGKILL`` to its whole process group. After each kill, every process
the build had forked must be gone within a few seconds (they die with the build: a survivor could
write a stale PDF into a later build's site). After the last kill one ordinary build into the same
folder must give a site byte-identical to the reference, dot-files included, and leave no staging
folder or partial cache file behind.

The stage is recognised by the build's process tree, not by timing: the Python processes the build
forked itself (its direct children; Pagefind, a grandchild, is not counted) number 2 once the search
and Anki workers run beside MkDocs, and 4 once the two PDF layout processes have joined them.
"""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import fixture_site, mkdocs_build

# builds with PDF handouts, killed at several stages: in make test, not in the edit loop's make test-fast
pytestmark = pytest.mark.pdf

TOPIC = """---
kind: topic
title: 測試
title_en: Test
order: 1
---

## 什麼是量化？ {#quantization data-en="What is quantization?"}

量化降低數值精度。

## 什麼是知識蒸餾？ {#distillation data-en="What is knowledge distillation?"}

知識蒸餾把大模型的知識轉移給小模型。
"""
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01: builds of the same input are byte-identical


def _children() -> dict[int, list[int]]:
    """Parent pid → child pids of every process now running (from /proc)."""
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()
            if fields[0] != "Z":
                tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _interrupt_as_in_a_terminal() -> None:
    """In the server's process before it runs: Ctrl-C's default action, as a program started in a
    terminal has it. A shell starts a background job (``make test &``, ``pytest ... &``) with SIGINT
    ignored, and every process it starts inherits that: ``mkdocs serve`` then ignored this test's Ctrl-C
    (its signal masks showed SigIgn with 0x2; its main thread waited in MkDocs' serve loop)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _signal_state(pid: int) -> str:
    """Each thread of ``pid``: its name and the signal masks of /proc/<pid>/task/<tid>/status (pending,
    blocked, ignored, caught; hexadecimal, bit n-1 for signal n: SIGINT is 0x2)."""
    lines = []
    for task in sorted(Path(f"/proc/{pid}/task").iterdir(), key=lambda t: int(t.name)):
        try:
            fields = dict(line.split(":\t", 1) for line in (task / "status").read_text().splitlines() if ":\t" in line)
        except OSError:
            continue
        lines.append(f"  {task.name} {fields.get('Name', '?').strip()}: " + " ".join(
            f"{key}={fields.get(key, '?').strip()}" for key in ("SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt")))
    return "\n".join(lines)


def _descendants(pid: int) -> set[int]:
    tree, found, todo = _children(), set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    """The pids still running (zombies count as gone)."""
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        if state[state.rindex(")") + 2] != "Z":
            alive.add(pid)
    return alive


def _digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _start(config: Path, site: Path) -> subprocess.Popen:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **EPOCH)
    return subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
                            cwd=config.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def _forked(pid: int) -> set[int]:
    """The Python processes ``pid`` forked (its direct children running Python)."""
    found = set()
    for child in _children().get(pid, []):
        try:
            if Path(f"/proc/{child}/comm").read_text().startswith("python"):
                found.add(child)
        except OSError:
            pass
    return found


def _wait_for(build: subprocess.Popen, forked: int, timeout: float = 180) -> set[int]:
    """Wait until the build has forked ``forked`` Python processes at once; return every descendant seen."""
    seen: set[int] = set()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert build.poll() is None, f"the build ended before it forked {forked} processes: " + build.stderr.read().decode()
        seen |= _descendants(build.pid)
        if len(_forked(build.pid)) >= forked:
            return seen
        time.sleep(0.02)
    raise AssertionError(f"the build never had {forked} processes at once")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """(config, reference site): the fixture site built once, without interruption."""
    tmp = tmp_path_factory.mktemp("faults")
    config = fixture_site(tmp / "project", {"index.md": "# 首頁\n", "t.md": TOPIC}, handout=True)
    reference = tmp / "reference"
    os.environ.update(EPOCH)
    try:
        build = mkdocs_build(config, reference)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert build.returncode == 0, build.output
    assert list(reference.rglob("*.pdf")) and list(reference.rglob("*.apkg")), "the reference has no PDF or deck"
    return config, reference


# (stage: forked processes to wait for, signal, to the whole process group?)
KILLS = [(0, signal.SIGKILL, False), (2, signal.SIGTERM, False), (4, signal.SIGKILL, False), (4, signal.SIGKILL, True)]


def test_killed_builds_leave_nothing_running_or_kept(project):
    config, reference = project
    site = config.parent / "site"
    for forked, sig, group in KILLS:
        build = _start(config, site)
        seen = _wait_for(build, forked) if forked else set()
        if not forked:
            time.sleep(0.3)
        seen |= _descendants(build.pid)
        (os.killpg if group else os.kill)(build.pid, sig)
        build.wait(timeout=60)
        deadline = time.monotonic() + 5
        while _alive(seen) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(seen), f"after {sig.name} to the build{' group' if group else ''} (stage {forked}): " \
                                 f"{sorted(_alive(seen))} still running"
    os.environ.update(EPOCH)
    try:
        after = mkdocs_build(config, site)
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert after.returncode == 0, after.output
    assert _digests(site) == _digests(reference)
    cache = config.parent / ".cache"
    assert not list((cache / "staging").glob("*")), "a staging folder was left"
    assert not list((cache / "handout").glob("*.tmp")), "a partial PDF cache file was left"


def test_a_second_build_into_the_same_folder_is_refused(project):
    config, _ = project
    site = config.parent / "busy-site"
    first = _start(config, site)
    try:
        _wait_for(first, 1)
        second = mkdocs_build(config, site)
        assert second.returncode != 0
        assert f"another build (process {first.pid}) is writing" in second.output, second.output
        assert "Traceback" not in second.output
    finally:  # what a killed build leaves is the other test's business
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=60)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT])
def test_a_killed_or_stopped_preview_leaves_nothing_running(project, sig, tmp_path):
    """``mkdocs serve`` killed (``kill -9``) or stopped (Ctrl-C) as soon as its first build is served (its
    search and Anki workers start then and run unwatched): every process it forked ends with it. The
    page must come from this server (its log says it serves on the port: another test's server could
    have taken a port that was free when asked); a server that does not stop within 60 s is made to
    print every thread's stack (faulthandler, SIGABRT) into the failure message."""
    import urllib.request

    config, _ = project
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONFAULTHANDLER="1", **EPOCH)
    log_path = tmp_path / "serve.log"
    with open(log_path, "wb") as log_file:
        serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-f", str(config),
                                  "-a", f"127.0.0.1:{port}"], cwd=config.parent, env=env,
                                 stdout=subprocess.DEVNULL, stderr=log_file, start_new_session=True,
                                 preexec_fn=_interrupt_as_in_a_terminal)
    try:
        seen: set[int] = set()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            assert serve.poll() is None, f"mkdocs serve ended on its own:\n{log_path.read_text(errors='replace')[-3000:]}"
            seen |= _descendants(serve.pid)
            if f"Serving on http://127.0.0.1:{port}/" in log_path.read_text(errors="replace"):
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                        if answer.status == 200:
                            break
                except OSError:
                    pass
            time.sleep(0.05)
        else:
            raise AssertionError("mkdocs serve never served its first build")
        seen |= _descendants(serve.pid)
        os.kill(serve.pid, sig)
        try:
            serve.wait(timeout=60)
        except subprocess.TimeoutExpired:
            signals = _signal_state(serve.pid)  # a signal blocked, ignored or pending, per thread
            os.kill(serve.pid, signal.SIGABRT)  # faulthandler prints each thread's stack, then the process ends
            serve.wait(timeout=30)
            raise AssertionError(f"mkdocs serve did not end within 60 s of {sig.name}; its threads' signal masks:\n"
                                 f"{signals}\nthis test process's: {_signal_state(os.getpid())}\nits log and stacks:\n"
                                 f"{log_path.read_text(errors='replace')[-6000:]}") from None
        deadline = time.monotonic() + 5
        while _alive(seen) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _alive(seen), f"after {sig.name} to mkdocs serve: {sorted(_alive(seen))} still running"
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
