"""The records of one search index, written to files as they are made, and the folders Pagefind indexes
them into, both kept from one build to the next (``.cache/search-records/<locale>/``).

:func:`shards` splits a bank's records into the indexes the browser merges (:data:`SHARD_SIZE`);
:class:`RecordSpool` holds one locale's records as files and lends ``qa.search_bundle.write_bundle`` one
folder of them per shard (:meth:`RecordSpool.in_shards`) and one output folder per shard
(:meth:`RecordSpool.outputs`). No MkDocs import.
"""
from __future__ import annotations

import fcntl
import html
import shutil
import tempfile
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

#: at most this many records per Pagefind index. Pagefind's scoring (``search_term`` in
#: ``pagefind_web/src/search.rs``) walks, for every matching page, every (word, page) entry of the
#: query's words, so one search costs about (pages matching)²: in Chromium here a word held by all of
#: 5,000 records took 240 ms of wasm, one held by 500 about 6 ms. A larger bank is therefore split into
#: ``ceil(n / SHARD_SIZE)`` indexes of nearly equal size (record *i* in shard *i* mod *k*, so every shard
#: is a sample of the whole bank and its word statistics, which BM25 ranks by, are the bank's), and the
#: browser searches them as one with Pagefind's ``mergeIndex``, which merges the results by score.
#: A bank of at most this size (the real site: 20 questions) stays one index, ranked exactly as before.
SHARD_SIZE = 500


def shards(records: Sequence, size: int | None = None) -> list[list]:
    """Split ``records`` into ``ceil(len / size)`` shards of nearly equal size, record *i* into shard
    *i* mod *k* (order kept within a shard); one shard when there are at most ``size``
    (default :data:`SHARD_SIZE`, read at each call).

    ``shards(range(5), 2) == [[0, 3], [1, 4], [2]]``. Raises ValueError when ``size`` < 1."""
    size = SHARD_SIZE if size is None else size
    if size < 1:
        raise ValueError("a shard holds at least one record")
    count = max(1, -(-len(records) // size))
    return [list(records[j::count]) for j in range(count)]


class RecordSpool:
    """The records of one index, written to files as they are made instead of held in memory.

    A bank's records are its whole text several times over (the tokens of every word and character,
    the excerpt text): 13 MB per 1,000 questions, so holding a locale's records until Pagefind runs was
    the largest share of the search worker's memory growth (issue 13). Each :meth:`add` writes one
    file, ``<number>.html``, into :attr:`folder`; ``qa.search_bundle.write_bundle`` runs Pagefind on them, one
    folder per shard (:meth:`in_shards`).

    Args:
        keep_in: a folder to keep the record files in from one build to the next (the build's
            ``.cache/search-records/<locale>/``), so that a build *overwrites* the files of the last
            one instead of making new ones. Measured on this project's 2-core machine (ext4 without
            a journal, which skips every inode freed in the last seconds to minutes when it looks for a free one):
            after a build had deleted its few thousand files, making 2,000 new files took 1.09 s
            of kernel time and overwriting 2,000 existing ones 0.19 s; the search worker makes
            2,000 records at 1,000 questions, on the build's critical path. The folder is locked
            (``flock``) while the spool is open; when it is locked by another build, cannot be made,
            or is ``None``, the spool is a fresh temporary folder instead, removed by :meth:`close`.
            What an interrupted build left in it (shard folders) is removed when it is opened.

    :meth:`close` (also on garbage collection and at interpreter exit) removes a temporary folder, or
    in a kept one the files beyond this spool's records (a smaller bank), and releases the lock. A
    process that ends otherwise (a forked process exits without its ``atexit`` clean-ups, a killed
    one runs none) leaves a temporary folder to whoever owns the temporary folder: a build's worker
    has one of its own, which the build removes (``hooks/_worker.py``); the lock of a kept folder
    ends with the process.

    Attributes:
        folder: the folder of the record files.
        kept: whether :attr:`folder` is ``keep_in`` (kept after :meth:`close`).
    """

    def __init__(self, keep_in: Path | None = None) -> None:
        self._count = [0]  # a list the clean-up shares (a finalizer must not hold the spool itself)
        self.kept = False
        lock = None
        if keep_in is not None:
            lock = _lock_folder(Path(keep_in))
        if lock is not None:
            self.folder, self.kept = Path(keep_in), True
            for leftover in self.folder.glob(f"{_SHARD}*"):  # an interrupted build's shards: their files are stale
                shutil.rmtree(leftover, ignore_errors=True)
        else:
            self.folder = Path(tempfile.mkdtemp(prefix="qa-search-records-"))
        self._cleanup = weakref.finalize(self, _close_spool, self.folder, lock, self._count)

    def add(self, url: str, page: str) -> None:
        """Write one record: ``url`` (``/applications/#inference-speed``, see ``qa.search_bundle.write_bundle``) and
        ``page``, a record's HTML from ``qa.search.record_html`` (UTF-8 on disk); the address is added
        as the metadata field ``target``."""
        target = f'<span data-pagefind-meta="target">{html.escape(url.lstrip("/"))}</span>'
        (self.folder / f"{self._count[0]:06d}.html").write_text(page.replace("</body>", target + "</body>", 1), encoding="utf-8")
        self._count[0] += 1

    def __len__(self) -> int:
        return self._count[0]

    def files(self) -> list[Path]:
        """The record files in the order they were added."""
        return [self.folder / f"{number:06d}.html" for number in range(self._count[0])]

    @contextmanager
    def in_shards(self) -> Iterator[list[Path]]:
        """The record files moved into one folder per shard (:func:`shards`), for Pagefind, which
        indexes a folder; yields the folders, first shard first. On exit the files go back to a kept
        folder (a rename makes no new file) and the shard folders are removed."""
        parts = shards(self.files())
        folders = [self.folder / f"{_SHARD}{j}" for j in range(len(parts))]
        try:
            for files, folder in zip(parts, folders):
                folder.mkdir()
                for file in files:
                    file.rename(folder / file.name)
            yield folders
        finally:
            if self.kept:
                for files, folder in zip(parts, folders):
                    for file in files:
                        try:
                            (folder / file.name).rename(file)
                        except FileNotFoundError:  # never moved: a failure while the shards were made
                            pass
            for folder in folders:
                shutil.rmtree(folder, ignore_errors=True)

    def outputs(self, count: int) -> list[Path]:
        """One folder per shard (``count`` of them, first shard first) for Pagefind to write its index
        into: ``pagefind/<j>/`` in :attr:`folder`, made when missing; the folders of shards beyond
        ``count`` (a bank that shrank) are removed.

        In a kept spool they hold the index files the last build's Pagefind wrote. Pagefind writes a
        file whose name is its content's hash (index chunks, fragments, the meta file) only when no file
        of that name exists (``pagefind/src/output/mod.rs``, ``async fn write``: ``WriteBehavior::Immutable
        if filename.exists() => return None``), before it compresses it with gzip's best level, so an
        unchanged question costs Pagefind no compression and no new file. What a killed Pagefind left
        cut short is found by ``qa.search_bundle.write_bundle``'s check, which then indexes again into
        emptied folders."""
        root = self.folder / _OUTPUTS
        folders = [root / str(j) for j in range(count)]
        for folder in folders:
            folder.mkdir(parents=True, exist_ok=True)
        for extra in root.iterdir():
            if extra not in folders:
                shutil.rmtree(extra, ignore_errors=True)
        return folders

    def close(self) -> None:
        """Remove the record files of a temporary folder, or those beyond :meth:`files` in a kept one,
        and release a kept folder's lock (idempotent)."""
        self._cleanup()


#: the name of a spool's shard folders (``shard-0`` …), and of the folder of Pagefind's output folders
_SHARD = "shard-"
_OUTPUTS = "pagefind"


def _lock_folder(folder: Path):
    """``folder`` made and locked for this process (the open lock file), or ``None`` when it is locked
    by another process or cannot be made."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = open(folder / ".lock", "ab")  # noqa: SIM115 - held open for the spool's life
    except OSError:
        return None
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        lock.close()
        return None
    return lock


def _close_spool(folder: Path, lock, count: list[int]) -> None:
    if lock is None:
        shutil.rmtree(folder, ignore_errors=True)
        return
    try:
        for file in folder.glob("*.html"):
            if not file.stem.isdigit() or int(file.stem) >= count[0]:
                file.unlink(missing_ok=True)
    finally:
        lock.close()
