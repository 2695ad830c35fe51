"""Worker: a background process of one build, for work that needs no MkDocs (not a hook) — the build's one
way to run side work.

MkDocs renders pages in one process, on one core; the search index (jieba, OpenCC, Pagefind), the Anki
decks and the PDF layout need only the build's data. ``hooks/pipeline.py`` starts the search and Anki
workers when the first locale pass has parsed the topic pages (``on_files``), and
``hooks/handout_pdfs.py`` its PDF layout workers at the first pass's ``on_post_build``; each is sent jobs
while MkDocs goes on rendering, and waited for at the end of the build, so that work runs on the
machine's other core.

The process is *forked*: it starts with a copy of the build state as it was at that moment (pages,
dedup, glossary mentions, numbers), so nothing of it is pickled. The worker is made with its jobs, a
table of named functions (closures over the state are fine: the child inherits them); a message names
a job and carries the arguments that came later (a rendered page, the pass's output folder), pickled.
Jobs run one after another in the order they were sent; the child changes only its own copy of the
state.

What a job logs is not printed by the child: it is kept and logged again by the parent when the
worker is :meth:`Worker.finish` ed, in the order it was logged, so MkDocs counts its warnings (``strict``)
as its own. A worker that nobody waits for (``mkdocs serve``: the page shows before the search index is
written) is made with ``capture=False`` and logs directly, as the rest of a preview does.

A worker's temporary files (``tempfile``: the search index's record files) go to a folder of its
own, made by the parent before the fork. The child removes it when its jobs are done (also for a
worker nobody waits for, whose build may be killed later: ``mkdocs serve`` stopped) or when its build
died; the parent removes it once the child has ended, however it ended (a child that exits skips its
``atexit`` clean-ups, and a stopped one runs none; before this folder, every failed or stopped build
left its record files under ``/tmp``).

Every process a build forks (each worker) calls :func:`die_with_build` first: Linux kills it the moment
the build's process ends, however it ends (``kill -9`` included), so no work outlives its build and nothing writes into a site folder after
its build is over (issue 24).

A job that raises ends the worker: :meth:`Worker.finish` raises
:class:`mkdocs.exceptions.PluginError` with the job's message (a stage's own one-line error, or the
exception's type and text for a bug), and the build fails; the jobs sent after it are not run.
"""
from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import queue
import resource
import shutil
import signal
import tempfile
import threading
import time
import traceback
import weakref
from collections.abc import Callable
from pathlib import Path

from mkdocs.exceptions import PluginError

_FORK = multiprocessing.get_context("fork")
#: prctl(2) option: the signal a process gets when the thread that forked it ends (Linux)
_PR_SET_PDEATHSIG = 1


def die_with_build(build_pid: int) -> None:
    """In a process forked by the build whose pid is ``build_pid``: have the kernel send it SIGKILL
    when the build's process ends (``prctl(PR_SET_PDEATHSIG)``; the forking thread must live as long as
    the build: the main thread, or ``mkdocs serve``'s build thread); end at once if the build is already
    gone (it died between the fork and this call). Elsewhere than Linux the call only does the check."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # no prctl: the pipes' end-of-file still ends a worker
        pass
    if os.getppid() != build_pid:
        os._exit(1)


class _Keep(logging.Handler):
    """Keeps the child's log records as ``(logger name, level, message)``."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []
        self._last: logging.LogRecord | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if record is not self._last:  # a record propagating through two loggers that both hold this handler
            self._last = record
            self.records.append((record.name, record.levelno, record.getMessage()))


def _child(name: str, jobs: dict[str, Callable], inbox, outbox, parent_ends: tuple, warm_up: Callable[[], None] | None,
           capture: bool, scratch: str, build_pid: int) -> None:
    die_with_build(build_pid)
    os.setpgid(0, 0)  # its own process group: stopping the worker also stops a Pagefind it runs
    tempfile.tempdir = scratch  # removed at the end of this function, and by the parent when the child has ended
    for end in parent_ends:  # the fork's copies of the parent's ends: the inbox must see EOF when the parent dies
        end.close()
    keep = _Keep()
    if capture:  # every handler (MkDocs' own, with propagation off) now keeps the record instead of printing it
        root = logging.getLogger()
        for logger in [root, *logging.Logger.manager.loggerDict.values()]:
            if isinstance(logger, logging.Logger) and (logger.handlers or logger is root):
                for handler in list(logger.handlers):
                    logger.removeHandler(handler)
                logger.addHandler(keep)
    jobs_in: queue.SimpleQueue = queue.SimpleQueue()

    def read() -> None:  # drain the pipe at once, so the parent's send() never waits for a job to finish
        while True:
            try:
                job = inbox.recv()
            except EOFError:  # the parent died without saying "no more jobs": end with it, Pagefind included
                shutil.rmtree(scratch, ignore_errors=True)  # nobody else will
                os.killpg(0, signal.SIGKILL)
            jobs_in.put(job)
            if job is None:
                return

    threading.Thread(target=read, name="qa-worker-inbox", daemon=True).start()
    error = None
    busy: dict[str, float] = {}
    try:
        job_name, started = "warm_up", time.perf_counter()
        if warm_up is not None:
            warm_up()
        while True:
            busy[job_name] = busy.get(job_name, 0.0) + time.perf_counter() - started
            job = jobs_in.get()
            if job is None:
                break
            (job_name, args), started = job, time.perf_counter()
            jobs[job_name](*args)
    except PluginError as exc:
        error = str(exc)
    except Exception as exc:  # a bug, not bad content: name it, keep the traceback for --verbose
        keep.records.append(("mkdocs.hooks.qa", logging.DEBUG, traceback.format_exc()))
        error = f"{name}: {type(exc).__name__}: {exc}"
    if error is not None:
        busy[job_name] = busy.get(job_name, 0.0) + time.perf_counter() - started  # the job that failed
        if not capture:
            logging.getLogger("mkdocs.hooks.qa").error(error)
    shutil.rmtree(scratch, ignore_errors=True)  # its jobs are done: a worker nobody waits for (serve) leaves nothing
    outbox.send((keep.records, error, busy, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024))


class Worker:
    """One background process of one build (see the module docstring).

    Args:
        name: what the worker does, for messages (``"search index"``).
        jobs: job name → the function the child runs for it.
        warm_up: run first in the child, before any job (e.g. load a dictionary), or ``None``.
        capture: keep the child's log records for :meth:`finish` (``False``: the child logs directly).

    The process starts at once (a fork of the calling process), or with ``start=False`` at
    :meth:`start`, jobs sent before then being kept until it starts (``mkdocs serve``: the rebuild that
    shows the edited page runs alone, the index follows). Use :meth:`send` for jobs, :meth:`finish` to
    wait for them (or :meth:`close` to let them finish unwatched), :meth:`stop` to abandon them.

    Attributes:
        scratch: the child's temporary folder (``tempfile.gettempdir()`` in the child), from :meth:`start`
            until the child has ended; removed by :meth:`finish`, :meth:`stop` or, for a worker left to
            finish unwatched, when this object is collected or the parent exits.
        busy: after :meth:`finish`, job name (and ``"warm_up"``) → wall seconds the child spent in it
            (not counting the time it waited for the next job).
        peak_memory: after :meth:`finish`, the child's peak resident memory in bytes (``getrusage``;
            pages shared with the parent since the fork count too).
    """

    def __init__(self, name: str, jobs: dict[str, Callable], warm_up: Callable[[], None] | None = None,
                 capture: bool = True, start: bool = True) -> None:
        self.name = name
        self._jobs = jobs
        self._child_args = (warm_up, capture)
        self._pending: list[tuple[str, tuple]] | None = []
        self._open = True
        self.busy: dict[str, float] = {}
        self.peak_memory = 0
        self.scratch: Path | None = None
        if start:
            self.start()

    def start(self) -> None:
        """Fork the child (once) and hand it the jobs sent so far."""
        if self._pending is None:
            return
        warm_up, capture = self._child_args
        self.scratch = Path(tempfile.mkdtemp(prefix=f"qa-worker-{os.getpid()}-"))
        self._remove_scratch = weakref.finalize(self, shutil.rmtree, self.scratch, ignore_errors=True)
        self._inbox_read, self._inbox = _FORK.Pipe(duplex=False)
        self._outbox, self._outbox_write = _FORK.Pipe(duplex=False)
        self._process = _FORK.Process(target=_child, name=f"qa-{self.name}", daemon=True,
                                      args=(self.name, self._jobs, self._inbox_read, self._outbox_write,
                                            (self._inbox, self._outbox), warm_up, capture, str(self.scratch),
                                            os.getpid()))
        self._process.start()
        self._inbox_read.close()
        self._outbox_write.close()
        pending, self._pending = self._pending, None
        for job in pending:
            self._deliver(job)

    def send(self, job: str, *args) -> None:
        """Queue job ``job`` (a name of the worker's ``jobs``) with ``args`` in the child; the arguments
        are pickled (a rendered page's HTML, a folder name). A job sent after the child ended on an
        error is dropped (:meth:`finish` reports the error).

        Raises:
            KeyError: ``job`` is not one of the worker's jobs.
            RuntimeError: the worker was already finished or stopped."""
        self._jobs[job]  # noqa: B018 - a misspelt job fails here, in the parent, not silently in the child
        if not self._open:
            raise RuntimeError(f"the {self.name} worker has finished")
        if self._pending is not None:
            self._pending.append((job, args))
        else:
            self._deliver((job, args))

    def _deliver(self, job: tuple[str, tuple]) -> None:
        try:
            self._inbox.send(job)
        except (BrokenPipeError, OSError):  # the child ended on an error: finish() reports it
            pass

    def close(self) -> None:
        """No more jobs: the child (started now if it was not) runs those sent, then ends (idempotent)."""
        self.start()
        if self._open:
            self._open = False
            try:
                self._inbox.send(None)
            except (BrokenPipeError, OSError):
                pass
            self._inbox.close()

    def finish(self) -> None:
        """Wait until every job sent has run; log what the jobs logged, in order.

        Raises:
            PluginError: a job failed (its message), or the child died (its exit code).
        """
        self.close()
        try:
            records, error, self.busy, self.peak_memory = self._outbox.recv()
        except EOFError:
            self._process.join()  # for its exit code
            raise PluginError(f"{self.name}: the worker process ended without an answer "
                              f"(exit code {self._process.exitcode})") from None
        finally:
            self._outbox.close()
            self._process.join()
            self._remove_scratch()
        for name, level, message in records:
            logging.getLogger(name).log(level, message)
        if error is not None:
            raise PluginError(error)

    def stop(self) -> None:
        """Abandon the jobs (a failed build, or a newer ``mkdocs serve`` rebuild): end the child and what it runs."""
        self._open = False
        if self._pending is not None:  # never started: nothing runs
            self._pending = None
            return
        if self._process.is_alive():
            try:
                os.killpg(self._process.pid, signal.SIGTERM)
            except ProcessLookupError:  # not yet in its own group
                self._process.terminate()
        self._process.join()
        self._remove_scratch()
        for end in (self._inbox, self._outbox):
            end.close()

    @property
    def running(self) -> bool:
        """True while the child is alive (``False`` before :meth:`start`)."""
        return self._pending is None and self._process.is_alive()
