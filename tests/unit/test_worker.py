"""hooks/_worker.py: the background process of a build runs its jobs in order, reports what they logged,
fails loudly, and can be stopped."""
from __future__ import annotations

import logging
import os
import sys

import pytest
from mkdocs.exceptions import PluginError

from conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from _worker import Worker  # noqa: E402

log = logging.getLogger("mkdocs.hooks.qa")


def test_jobs_run_in_order_in_a_copy_of_the_state(tmp_path, caplog):
    state = {"seen": []}  # the child's copy changes, the parent's does not
    out = tmp_path / "out.txt"

    def add(word):
        state["seen"].append(word)
        log.info("added %s", word)

    def write(path):
        with open(path, "w", encoding="utf-8") as f:
            f.write(" ".join(state["seen"]) + f" pid={os.getpid()}")

    caplog.set_level(logging.INFO, logger="mkdocs.hooks.qa")
    worker = Worker("test", {"add": add, "write": write})
    for word in ("one", "two", "three"):
        worker.send("add", word)
    worker.send("write", str(out))
    worker.finish()
    words, pid = out.read_text(encoding="utf-8").rsplit(" pid=", 1)
    assert words == "one two three"
    assert int(pid) != os.getpid()
    assert state["seen"] == []
    assert [r.getMessage() for r in caplog.records if r.name == "mkdocs.hooks.qa"] == ["added one", "added two", "added three"]
    assert set(worker.busy) == {"warm_up", "add", "write"} and all(t >= 0 for t in worker.busy.values())


def test_warm_up_runs_before_the_first_job(tmp_path):
    out = tmp_path / "order.txt"

    def note(what):
        with open(out, "a", encoding="utf-8") as f:
            f.write(what + "\n")

    worker = Worker("test", {"note": note}, warm_up=lambda: note("warm"))
    worker.send("note", "job")
    worker.finish()
    assert out.read_text(encoding="utf-8").split() == ["warm", "job"]


def test_a_stage_error_fails_finish_with_its_message_and_later_jobs_do_not_run(tmp_path):
    out = tmp_path / "after.txt"

    def fail():
        raise PluginError("search: no question found in the rendered en topic pages")

    worker = Worker("search index", {"fail": fail, "touch": lambda: out.write_text("ran")})
    worker.send("fail")
    worker.send("touch")
    with pytest.raises(PluginError, match=r"^search: no question found in the rendered en topic pages$"):
        worker.finish()
    assert not out.exists()


def test_a_bug_names_the_worker_and_the_exception():
    worker = Worker("Anki deck", {"boom": lambda: {}["missing"]})
    worker.send("boom")
    with pytest.raises(PluginError, match=r"^Anki deck: KeyError: 'missing'$"):
        worker.finish()


def test_a_misspelt_job_fails_in_the_parent():
    worker = Worker("test", {"add": lambda: None})
    with pytest.raises(KeyError):
        worker.send("ad")
    worker.finish()


def test_stop_ends_a_child_that_is_still_working():
    read_end, write_end = os.pipe()

    def block():
        os.read(read_end, 1)  # never written: the job waits until the worker is stopped

    worker = Worker("test", {"block": block})
    worker.send("block")
    assert worker.running
    worker.stop()
    assert not worker.running
    os.close(read_end)
    os.close(write_end)


def test_a_worker_ends_when_its_parent_dies(tmp_path):
    """A build killed from outside (a timeout, ``kill -9``) leaves no worker behind: the kernel ends the
    child with its parent (``die_with_build``), even in the middle of a job; its scratch folder is left to
    the next build, which removes it (``site_folder.remove_dead_scratch``)."""
    import subprocess
    import textwrap

    script = tmp_path / "parent.py"
    script.write_text(textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(ROOT / "hooks")!r})
        from _worker import Worker
        read_end, _ = os.pipe()
        worker = Worker("test", {{"block": lambda: os.read(read_end, 1)}})
        worker.send("block")
        print(worker._process.pid, worker.scratch, flush=True)
        os._exit(0)  # dies without finish() or stop()
    """), encoding="utf-8")
    child, scratch = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, check=True,
                                    timeout=60).stdout.split()
    child = int(child)
    import time

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:  # the exit is asynchronous: wait for the state, within a bound
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            sys.path.insert(0, str(ROOT / "hooks"))
            from site_folder import remove_dead_scratch

            remove_dead_scratch()  # the child may have removed it itself, if its inbox's end came first
            assert not os.path.exists(scratch)  # the next build removes what the killed one left
            return
        time.sleep(0.05)
    raise AssertionError(f"worker {child} outlived its parent")


def test_a_worker_made_not_to_start_keeps_its_jobs_until_it_starts(tmp_path):
    out = tmp_path / "jobs.txt"

    def note(what):
        with open(out, "a", encoding="utf-8") as f:
            f.write(what + "\n")

    worker = Worker("test", {"note": note}, start=False)
    worker.send("note", "one")
    worker.send("note", "two")
    assert not worker.running and not out.exists()
    worker.finish()  # starts it, runs the jobs in order
    assert out.read_text(encoding="utf-8").split() == ["one", "two"]
    never = Worker("test", {"note": note}, start=False)
    never.send("note", "three")
    never.stop()  # abandoned before it started: nothing runs
    assert out.read_text(encoding="utf-8").split() == ["one", "two"]


def _made_folder(tmp_path, worker_jobs_extra=None):
    """Jobs that make a temporary folder the usual way (``tempfile``) and say where, without removing it."""
    import tempfile

    where = tmp_path / "made.txt"

    def make():
        where.write_text(tempfile.mkdtemp(prefix="left-behind-"), encoding="utf-8")

    return where, {"make": make, **(worker_jobs_extra or {})}


@pytest.mark.parametrize("ending", ["finished", "failed", "stopped"])
def test_a_workers_temporary_files_are_removed_however_it_ends(tmp_path, ending):
    """A forked child skips atexit clean-ups and a stopped one runs none: before the worker had a folder
    of its own, each failed or stopped build left its search records under /tmp."""
    import time

    read_end, write_end = os.pipe()

    def fail():
        raise PluginError("search: failed on purpose")

    where, jobs = _made_folder(tmp_path, {"fail": fail, "block": lambda: os.read(read_end, 1)})
    worker = Worker("test", jobs)
    worker.send("make")
    if ending == "finished":
        worker.finish()
    elif ending == "failed":
        worker.send("fail")
        with pytest.raises(PluginError, match="failed on purpose"):
            worker.finish()
    else:
        worker.send("block")
        deadline = time.monotonic() + 30
        while not where.exists() and time.monotonic() < deadline:  # wait for the state: the folder was made
            time.sleep(0.02)
        worker.stop()
    os.close(read_end)
    os.close(write_end)
    made = where.read_text(encoding="utf-8")
    assert made.startswith(str(worker.scratch) + os.sep)  # the child's temporary files went to its folder …
    assert not worker.scratch.exists()  # … which is gone with the child


def test_a_worker_nobody_waits_for_removes_its_own_temporary_folder(tmp_path):
    """Under `mkdocs serve` the workers are closed, not finished, and the server may be killed later
    (the build bench stops it with SIGTERM): the child must not leave its folder to the parent."""
    import time

    where, jobs = _made_folder(tmp_path)
    worker = Worker("test", jobs, capture=False)
    worker.send("make")
    worker.close()  # no finish(): nobody waits
    deadline = time.monotonic() + 30
    while worker.running and time.monotonic() < deadline:  # wait for the state: the child has ended
        time.sleep(0.02)
    assert not worker.running
    assert where.read_text(encoding="utf-8").startswith(str(worker.scratch) + os.sep)
    assert not worker.scratch.exists()


def test_the_next_build_removes_only_dead_builds_scratch(tmp_path, monkeypatch):
    import subprocess
    import tempfile

    sys.path.insert(0, str(ROOT / "hooks"))
    from site_folder import remove_dead_scratch

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True,
                          check=True).stdout.strip()
    dead, alive = tmp_path / f"qa-worker-{gone}-abc", tmp_path / f"qa-worker-{os.getpid()}-def"
    for folder in (dead, alive):
        (folder / "records").mkdir(parents=True)
    remove_dead_scratch()
    assert not dead.exists() and alive.exists()
