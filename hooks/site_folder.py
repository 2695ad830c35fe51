"""Stage: the build's own use of its site folder — one build at a time, nothing kept from a killed one.

:func:`claim` (first pass, ``on_config``):

- takes an exclusive lock on the site folder (``.cache/locks/<hash of the folder's path>.lock``, held
  with ``flock`` for the whole build): a second ``mkdocs build`` into the same folder fails at once
  with a message naming the other build's process, instead of both writing into it (issue 24);
  ``mkdocs serve`` builds into a folder of its own and takes no lock;
- removes what a killed or failed build left behind, which MkDocs' clean-up would keep or which
  would pile up: Pagefind's staging folders (``.pagefind-*`` in the site folder and in each
  edition's folder: MkDocs' ``clean`` skips dot-folders, so every later build would publish them),
  the private staging folders of builds whose process is gone (``.cache/staging/<pid>-*``, where the
  PDFs are written before they are moved into the site), partial PDF cache files
  (``.cache/handout/<key>.<pid>.tmp``) and the background workers' scratch folders
  (``$TMPDIR/qa-worker-<pid>-*``, ``hooks/_worker.py``) of processes that are gone.

:func:`staging` gives the build its private folder (made on first use); :func:`release` (end of the
build, or a failed build) removes it and unlocks. A process killed with ``kill -9`` runs neither: its
lock ends with its process (``flock``), its staging folder is removed by the next build's :func:`claim`,
and the processes it forked die with it (``_worker.die_with_build``).
"""
from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import tempfile
from pathlib import Path

from _state import BuildState
from mkdocs.exceptions import PluginError

#: Pagefind's bundles, by locale (as ``hooks/search_index.BUNDLE``): their staging folders are made beside them
_BUNDLE_NAME = "pagefind"
#: the lock file descriptor of the build in progress, closed in every forked child (see below)
_lock_fd: int | None = None


def _close_in_child() -> None:
    """A forked child holds no reference to the build's lock (it would keep the folder locked after the build)."""
    if _lock_fd is not None:
        try:
            os.close(_lock_fd)
        except OSError:
            pass


os.register_at_fork(after_in_child=_close_in_child)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def _pid_of(name: str, position: int) -> int | None:
    """The process id written as field ``position`` of a ``-``/``.``-separated file name, or ``None``."""
    parts = name.replace("-", ".").split(".")
    try:
        return int(parts[position])
    except (IndexError, ValueError):
        return None


def claim(site_dir: str, state: BuildState) -> None:
    """Lock ``site_dir`` for this build and remove a killed build's leftovers (module docstring).

    Raises:
        PluginError: another build holds the lock (its pid, and what to do).
    """
    global _lock_fd
    site = Path(site_dir).resolve()
    if not state.serving:
        locks = state.cache / "locks"
        locks.mkdir(parents=True, exist_ok=True)
        path = locks / (hashlib.sha256(str(site).encode("utf-8")).hexdigest()[:16] + ".lock")
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            other = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise PluginError(f"another build (process {other}) is writing {site} now; wait for it to end, "
                              "or build into another folder (mkdocs build -d <folder>)") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
        _lock_fd = fd
        state.site_lock = fd
    _remove_leftovers(site, state)


def _remove_leftovers(site: Path, state: BuildState) -> None:
    for edition in [site, *(site / locale for locale in state.locales[1:])]:
        for folder in edition.glob(f".{_BUNDLE_NAME}-*"):
            shutil.rmtree(folder, ignore_errors=True)
    for folder in (state.cache / "staging").glob("*"):
        pid = _pid_of(folder.name, 0)
        if pid is None or not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
    for partial in (state.cache / "handout").glob("*.tmp"):
        pid = _pid_of(partial.name, -2)
        if pid is None or not _alive(pid):
            partial.unlink(missing_ok=True)
    remove_dead_scratch()


def remove_dead_scratch() -> None:
    """Remove the background workers' scratch folders (``$TMPDIR/qa-worker-<pid>-*``) whose build process is gone."""
    for folder in Path(tempfile.gettempdir()).glob("qa-worker-*"):
        pid = _pid_of(folder.name, 2)
        if pid is not None and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


def staging(state: BuildState) -> Path:
    """This build's private folder (``.cache/staging/<pid>-<random>/``, made on first use): side work
    writes there, and the build moves the result into the site folder while it is alive and current."""
    if state.staging is None:
        root = state.cache / "staging"
        root.mkdir(parents=True, exist_ok=True)
        state.staging = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=root))
    return state.staging


def publish(staged: Path, target: Path) -> None:
    """Move a file of this build's staging folder to its place in the site folder (replacing what is there)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.replace(staged, target)
    except OSError:  # another file system (a site folder under /tmp): copy, then remove
        shutil.copyfile(staged, target)
        staged.unlink()


def release(state: BuildState) -> None:
    """Remove this build's staging folder and unlock its site folder (idempotent)."""
    global _lock_fd
    if state.staging is not None:
        shutil.rmtree(state.staging, ignore_errors=True)
        state.staging = None
    if state.site_lock is not None:
        os.close(state.site_lock)
        state.site_lock = None
        _lock_fd = None
