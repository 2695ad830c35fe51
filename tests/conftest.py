"""Shared fixtures: the real site built once per test run, and small fixture sites on demand."""
from __future__ import annotations

import fcntl
import functools
import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "fixtures" / "seed" / "llm-applications-qa.zh-Hant.md"
ERRATA = ROOT / "content" / "errata.yml"
ARTIFACTS = ROOT / "test-artifacts"


@dataclass
class Build:
    """The result of one ``mkdocs build``: where it wrote and what it printed."""

    site: Path
    returncode: int
    output: str


def real_topic_pages() -> list:
    """The topic pages of the real docs/ (``qa.model.TopicPage``), read with the core's own parser
    (front matter as YAML: ``qa.parse.is_topic_page``), in file-name order."""
    from qa.parse import is_topic_page, parse_topic_page

    pages = []
    for path in sorted((ROOT / "docs").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not path.name.endswith(".en.md") and is_topic_page(text, path.name):
            pages.append(parse_topic_page(text, path.name))
    return pages


def taiwan(text: str) -> str:
    """Chinese source text as readers of the 繁體中文 edition see it (Taiwan wording, ``qa.regional``)."""
    return _taiwan().text(text)


@functools.lru_cache(maxsize=1)
def _taiwan():
    from qa.regional import TABLE, Taiwan, load_table
    return Taiwan(load_table(ROOT / TABLE))


#: a one-question topic page for small fixture sites (front matter, then the question on line 8)
ONE_QUESTION_TOPIC = ("---\nkind: topic\ntitle: 測試\ntitle_en: Test\norder: 1\n---\n\n"
                      '## 什麼是量化？ {#quantization data-en="What is quantization?"}\n\n量化降低數值精度。\n')


def mkdocs_build(config: Path, site: Path, *extra: str) -> Build:
    """Run ``mkdocs build --strict -f config -d site`` as the command line does; never raises on failure.

    The build runs in this test process (:func:`_build_in_process`): the same click command, with the
    same arguments, working folder and environment as a ``python -m mkdocs`` child process, its output
    (MkDocs' log, anything printed, by this process or the processes it forks) captured at the file
    descriptors, an exception that would escape the command printed as the interpreter would print it
    (``Traceback ...``) with exit code 1. Only the interpreter's start, the imports and the load of jieba's
    dictionary (``qa.search.keep_dictionary``) are saved. A test about the process itself (killed builds,
    ``mkdocs serve``, the real site) starts a child instead: :func:`mkdocs_build_process`."""
    return _build_in_process(config, site, *extra)


def mkdocs_build_process(config: Path, site: Path, *extra: str) -> Build:
    """Run ``mkdocs build --strict`` on ``config`` into ``site`` in a new Python process; never raises on failure."""
    return _finish_build_process(_start_build_process(config, site, *extra), site)


def _finish_build_process(proc: subprocess.Popen, site: Path) -> Build:
    """Wait for a child of :func:`_start_build_process` (killed after 600 s, as ``subprocess.run`` would)."""
    with proc:
        try:
            out, err = proc.communicate(timeout=600)
        except BaseException:
            proc.kill()
            raise
    return Build(site, proc.returncode, out + err)


def _start_build_process(config: Path, site: Path, *extra: str) -> subprocess.Popen:
    """:func:`mkdocs_build_process`'s child, started, its stdout and stderr piped."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    # no -q: it lowers the mkdocs logger to ERROR, so warnings are never counted and --strict passes anyway
    return subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site), *extra],
        cwd=config.parent, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def _build_in_process(config: Path, site: Path, *extra: str) -> Build:
    """``python -m mkdocs build --strict -f config -d site *extra`` without the new interpreter.

    What a child process would start with and the command line changes is set for the build and put
    back after it: the working folder (``config.parent``), ``NO_MKDOCS_2_WARNING``, file descriptors 1
    and 2 and ``sys.stdout``/``sys.stderr`` (one file: the output in the order written), the ``mkdocs``
    logger (its level, handlers, propagation: ``mkdocs.__main__.State``), the filters the command adds
    to the build logger, the warnings settings, the root logger's handlers (none, as in a new
    process: a record of another logger reaches stderr through ``logging.lastResort``), and the garbage
    collector's thresholds and frozen objects (hooks/garbage_collector.py: a build command's process ends
    after it, this one does not)."""
    import contextlib
    import gc
    import io
    import logging
    import tempfile
    import traceback
    import warnings

    from mkdocs.__main__ import ColorFormatter, cli
    from qa.search import keep_dictionary

    # jieba's dictionary, like the imports, loaded once per test process: each build's search worker,
    # forked from this process, starts with it (hooks/search_index.py's JIEBA_CACHE, the same folder)
    keep_dictionary(ROOT / ".cache" / "jieba")

    args = ["build", "--strict", "-f", str(config), "-d", str(site), *extra]
    mkdocs_log, build_log, root = logging.getLogger("mkdocs"), logging.getLogger("mkdocs.commands.build"), logging.getLogger()
    saved_log = (mkdocs_log.level, mkdocs_log.propagate, list(mkdocs_log.handlers), list(build_log.filters),
                 list(root.handlers), root.level)
    saved_env = os.environ.get("NO_MKDOCS_2_WARNING")
    saved_width = ColorFormatter.text_wrapper.width  # measured on this process's terminal when imported
    saved_gc = gc.get_threshold()
    cwd = os.getcwd()
    with tempfile.TemporaryFile() as out, warnings.catch_warnings():
        sys.stdout.flush()
        sys.stderr.flush()
        saved_fds = os.dup(1), os.dup(2)
        stream = io.TextIOWrapper(os.fdopen(os.dup(out.fileno()), "wb"), encoding="utf-8", write_through=True)
        try:
            os.dup2(out.fileno(), 1)
            os.dup2(out.fileno(), 2)
            os.environ["NO_MKDOCS_2_WARNING"] = "1"
            os.chdir(config.parent)
            root.handlers = []
            root.setLevel(logging.WARNING)
            ColorFormatter.text_wrapper.width = 0  # a child's output is a pipe: no terminal, lines not wrapped
            with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
                try:
                    cli.main(args, prog_name="mkdocs", standalone_mode=True)
                    returncode = 0
                except SystemExit as exit_:
                    code = exit_.code
                    returncode = code if isinstance(code, int) else (0 if code is None else 1)
                    if code is not None and not isinstance(code, int):
                        print(code, file=sys.stderr)
                except BaseException:  # noqa: BLE001 - what the interpreter prints for an uncaught exception
                    traceback.print_exc(file=sys.stderr)
                    returncode = 1
            stream.flush()
        finally:
            os.dup2(saved_fds[0], 1)
            os.dup2(saved_fds[1], 2)
            for fd in saved_fds:
                os.close(fd)
            stream.close()
            os.chdir(cwd)
            ColorFormatter.text_wrapper.width = saved_width
            if saved_env is None:
                os.environ.pop("NO_MKDOCS_2_WARNING", None)
            else:
                os.environ["NO_MKDOCS_2_WARNING"] = saved_env
            mkdocs_log.setLevel(saved_log[0])
            mkdocs_log.propagate = saved_log[1]
            mkdocs_log.handlers = saved_log[2]
            build_log.filters = saved_log[3]
            root.handlers = saved_log[4]
            root.setLevel(saved_log[5])
            gc.set_threshold(*saved_gc)
            gc.unfreeze()
        out.seek(0)
        output = out.read().decode("utf-8", errors="replace")
    return Build(site, returncode, output)


def fixture_site(tmp: Path, pages: dict[str, str], handout: bool = False) -> Path:
    """Write a small site that uses the real configuration and hooks, with ``pages`` as docs/.

    Args:
        tmp: an empty folder.
        pages: path under docs/ → Markdown text.
        handout: also write the PDF handouts (hooks/handout_pdfs.py; several seconds), off by default.

    Returns:
        The fixture's mkdocs.yml path.
    """
    docs = tmp / "docs"
    for name, text in pages.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    (docs / "stylesheets").mkdir(exist_ok=True)
    (docs / "stylesheets" / "extra.css").write_text("", encoding="utf-8")
    hooks = [line.strip()[2:] for line in (ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nhooks:\n", 1)[1].splitlines()
             if line.strip().startswith("- ")]
    config = tmp / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        f"docs_dir: {docs}\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'overrides'}\n"
        + ("" if handout else "extra:\n  qa:\n    handout: false\n") +
        "hooks:\n" + "".join(f"  - {ROOT / hook}\n" for hook in hooks),
        encoding="utf-8",
    )
    return config


#: the test files that took longest in a full run (tens of seconds each, measured 2026-12-07), longest
#: first: each is started before the shorter files of its group, so that the two workers end together
LONG_FILES = ("browser/test_every_page.py", "browser/test_reader_flow.py", "build/test_bad_input.py",
              "browser/test_search.py", "build/test_gates.py", "build/test_faults.py", "browser/test_offline.py",
              "browser/test_search_questions.py", "browser/test_study.py", "browser/test_mock.py",
              "browser/test_progress_store.py", "build/test_handout.py", "build/test_study_site.py",
              "browser/test_search_scale.py", "build/test_build_state.py")


def pytest_configure(config):
    """pytest-xdist hands out whole files (``--dist loadfile``) in the order :func:`pytest_collection_modifyitems`
    leaves them, not reordered by their number of tests (its default)."""
    if hasattr(config.option, "loadscopereorder"):
        config.option.loadscopereorder = False


def pytest_collection_modifyitems(config, items):
    """Mark each test by what it needs, so that ``-m`` picks a tier (Makefile ``test-fast``):
    ``browser`` for tests/browser/, ``build`` for tests/build/, and ``full_site`` for any test that
    uses the session's real site (the project's own build, PDF handouts included).

    Then order the files for the two workers of ``make test``: those without the real site first (they
    run while the real site is built, see :func:`pytest_collection_finish`), then those with it; in each
    group the :data:`LONG_FILES` first, longest first, then the others by their number of tests, most
    first. A file's tests stay together and in their order."""
    files: dict[str, list] = {}
    for item in items:
        folder = item.path.parent.name
        if folder in ("browser", "build"):
            item.add_marker(folder)
        if "site" in item.fixturenames:
            item.add_marker("full_site")
        files.setdefault(f"{folder}/{item.path.name}", []).append(item)

    def rank(name: str) -> tuple:
        needs_site = any(item.get_closest_marker("full_site") for item in files[name])
        long = LONG_FILES.index(name) if name in LONG_FILES else len(LONG_FILES)
        return needs_site, long, -len(files[name])

    items[:] = [item for name in sorted(files, key=rank) for item in files[name]]


def _real_site_files(config) -> tuple[Path, Path, Path]:
    """(site folder, result file, lock file) of the run's one real-site build, in the run's temporary
    folder that the pytest-xdist workers share."""
    base = config._tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    return root / "real-site", root / "real-site.json", root / "real-site.lock"


#: the real site's build started by :func:`pytest_collection_finish` in this process: its child process
_EARLY_BUILD: dict = {}


def pytest_collection_finish(session):
    """Start the real site's build in the background as soon as the collected tests are known to need it.

    It used to start when the first test that needs it did: under ``make test`` both workers then
    waited for it (a minute or two) with every other test done. Now it is built while the tests that do
    not need it run. The first worker to take the build's lock starts the child process; a thread of
    that worker writes its exit code and output beside it (``real-site.json``) and only then lets the
    lock go, so the ``site`` fixture of either worker waits for the lock and reads the one result.
    """
    if session.config.option.collectonly or not any("site" in item.fixturenames for item in session.items):
        return
    out, done, lock_path = _real_site_files(session.config)
    lock = open(lock_path, "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:  # the other worker builds it
        lock.close()
        return
    if done.exists():
        lock.close()
        return
    proc = _start_build_process(ROOT / "mkdocs.yml", out)

    def finish() -> None:
        try:
            build = _finish_build_process(proc, out)
            done.write_text(json.dumps({"returncode": build.returncode, "output": build.output}), encoding="utf-8")
        finally:
            lock.close()  # a build that did not end (killed after 600 s) leaves no result: the fixture builds

    _EARLY_BUILD["process"] = proc
    _EARLY_BUILD["thread"] = threading.Thread(target=finish, name="real-site-build", daemon=True)
    _EARLY_BUILD["thread"].start()


def pytest_sessionfinish(session, exitstatus):
    """A worker whose own tests are done before its early build lets the build finish: under pytest-xdist
    the other worker may still wait for the site (a worker given only unit tests ends in seconds, and
    killing the build failed every test of the other worker that needs it). An interrupted run, or one
    stopped at a failure (``-x``), stops it instead (:func:`pytest_unconfigure`)."""
    thread = _EARLY_BUILD.get("thread")
    if thread is not None and exitstatus != pytest.ExitCode.INTERRUPTED and not session.shouldstop:
        thread.join()  # the build's own timeout (600 s) bounds the wait


def pytest_unconfigure(config):
    """A run that ends before its early build does (interrupted, or stopped at a failure) stops it."""
    proc = _EARLY_BUILD.get("process")
    if proc is not None and proc.poll() is None:
        proc.kill()


@pytest.fixture(scope="session")
def site(request) -> Path:
    """The real site, built once per test run with the project's mkdocs.yml.

    The build starts in the background once the tests are collected (:func:`pytest_collection_finish`).
    Under pytest-xdist (``make test`` runs two workers) the workers share that one build through a file
    lock in the run's shared temporary folder: the fixture waits for the lock and reads the build's
    recorded result, so a failed build is reported by every test that needs the site without being run
    again. Only when no result was recorded (no early build) does the first fixture to get the lock build.
    """
    out, done, lock_path = _real_site_files(request.config)
    with open(lock_path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            build = mkdocs_build_process(ROOT / "mkdocs.yml", out)
            done.write_text(json.dumps({"returncode": build.returncode, "output": build.output}), encoding="utf-8")
        result = json.loads(done.read_text(encoding="utf-8"))
    assert result["returncode"] == 0, result["output"]
    return out


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Folder for screenshots and other files a person may want to look at after a run."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
