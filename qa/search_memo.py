"""The index texts (and the pages' questions) of the last build, kept on disk so an unchanged text is not
cut again.

``qa.search.Indexer.tokens`` folds a text, cuts its Chinese runs with jieba, converts them with OpenCC
and pairs each run with its regional counterpart: nine tenths of the search worker's time, and the same
result for the same text in every build. A build keeps what ``tokens`` made for each text it indexed in
one file (``.cache/search-tokens.pickle``); the next build's :class:`~qa.search.Indexer` starts from it, so
only new or edited texts are cut (and jieba's dictionary is loaded only then).

The file (pickles: the key, then the entries in batches, then an empty batch) is valid for one *key*
(:func:`memo_key`): the jieba user words, the folding table, whether regional forms are added, the versions
of jieba and OpenCC, and the source of the modules that make the tokens. Any change to one of them starts an empty memo. The file is written whole to a temporary file,
then renamed over the old one, so a build killed while writing leaves the last complete file; two builds
writing at once leave one of the two. A build that neither cut a new text nor left one unused writes nothing.

:class:`PageMemo` keeps the questions read from each rendered page the same way (``.cache/search-pages.pickle``).

Each entry of the index texts' memo: text key (``text`` or ``text + "\\0" + twin``) → ``(tokens, "Chinese words\\nLatin words",
pairs)``, ``pairs`` the ``(original run, converted run)`` pairs whose replaced spans
``Indexer.pairs`` holds (a hit pairs them again). No MkDocs import.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import pickle
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

#: bump when an entry's meaning changes without any source below changing
VERSION = 1
#: entries per pickle in the file (see :func:`save_memo`)
BATCH = 1000
#: the modules whose code makes the tokens (their source is part of the key)
SOURCES = ("search.py", "search_fold.py", "search_segment.py")


def memo_key(user_words: list[str], table: dict[str, str], regional: bool) -> str:
    """The hex digest that names one way of making tokens (see the module docstring); a memo file made
    another way is not read."""
    digest = hashlib.blake2b(digest_size=16)
    here = Path(__file__).parent
    parts = [str(VERSION), "\n".join(user_words), repr(sorted(table.items())), str(regional)]
    for package in ("jieba", "OpenCC"):
        try:
            parts.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            parts.append(f"{package}=-")
    for name in SOURCES:
        parts.append(hashlib.blake2b((here / name).read_bytes(), digest_size=16).hexdigest())
    for part in parts:
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def page_key() -> str:
    """The hex digest that names one way of reading questions from a rendered page (:class:`PageMemo`):
    :data:`VERSION` and the source of ``qa/search_read.py``."""
    source = (Path(__file__).parent / "search_read.py").read_bytes()
    return hashlib.blake2b(f"{VERSION}\0".encode() + source, digest_size=16).hexdigest()


class PageMemo:
    """The questions read from each rendered topic page (``qa.search_read.questions_from_html``) by the last
    build, kept in a file as :func:`save_memo` keeps the index texts: a rebuild reads only the pages whose
    HTML changed (reading was a third of the search worker's time at 1,000 questions).

    Entries: the BLAKE2 digest of the page's HTML → its questions, pickled (each use unpickles a fresh list:
    two editions may render the same HTML, and a caller may change what it gets)."""

    def __init__(self, path: Path | None) -> None:
        self.path, self.key = path, page_key()
        self._pages = load_memo(path, self.key) if path is not None else {}
        self._used: dict[str, bytes] = {}
        self._read = 0  # pages not in the memo, read this build

    def questions(self, html: str) -> list:
        """``questions_from_html(html)``, from the memo when the last build read the same HTML."""
        from .search_read import questions_from_html

        digest = hashlib.blake2b(html.encode("utf-8"), digest_size=16).hexdigest()
        stored = self._pages.get(digest)
        if stored is None:
            questions = questions_from_html(html)
            self._used[digest] = pickle.dumps(questions, protocol=pickle.HIGHEST_PROTOCOL)
            self._read += 1
            return questions
        self._used[digest] = stored
        return pickle.loads(stored)

    def save(self) -> None:
        """Write the pages this build read (:func:`save_memo`); nothing without a path, or when the file already
        holds exactly those pages (none new, every one used)."""
        if self.path is not None and (self._read or len(self._used) != len(self._pages)):
            save_memo(self.path, self.key, self._used.items())


def load_memo(path: Path, key: str) -> dict:
    """The entries of the memo file at ``path`` when it was made with ``key``; ``{}`` when it is missing,
    made another way, or unreadable (cut short, another format): a memo is only ever a shortcut."""
    entries: dict = {}
    try:
        with open(path, "rb") as file:
            if pickle.load(file) != key:
                return {}
            while batch := pickle.load(file):
                entries.update(batch)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError, TypeError, IndexError):
        return {}
    return entries


def save_memo(path: Path, key: str, texts: Iterable[tuple[str, tuple[str, str, tuple]]]) -> None:
    """Write ``texts`` (entries, ``(text key, value)`` pairs) as the memo file at ``path`` (made with ``key``): to ``<path>.<pid>.tmp`` first, then
    renamed over ``path``. Temporary files of processes that no longer run (killed while writing) are
    removed. An OSError (a full disk, a read-only checkout) leaves the old file and is not raised: the
    next build cuts the texts again."""
    path = Path(path)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        for leftover in path.parent.glob(f"{path.name}.*.tmp"):
            if leftover != temporary and not _running(leftover.name.rsplit(".", 2)[-2]):
                leftover.unlink(missing_ok=True)
        with open(temporary, "wb") as file:
            # the key, then the entries in batches, then an empty batch: one pickle of the whole memo held a
            # table of every object it wrote (at 1,000 questions the build's peak memory grew by 20 MB)
            pickle.dump(key, file, protocol=pickle.HIGHEST_PROTOCOL)
            items = iter(texts)
            while batch := dict(itertools.islice(items, BATCH)):
                pickle.dump(batch, file, protocol=pickle.HIGHEST_PROTOCOL)
            pickle.dump({}, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except OSError:
        temporary.unlink(missing_ok=True)


def _running(pid: str) -> bool:
    """Whether the process ``pid`` (a decimal string) exists."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
