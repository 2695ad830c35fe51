"""What the PDF tests read from a PDF file, each read once per test process.

tests/build/test_handout.py and test_readers_pdf.py check the real site's handouts from many sides; each
side used to run pdftotext, pdffonts, pdfinfo or pypdf on the same file again (the English handout was
read some twenty times a run). Every function here keeps its answer for the file (by path, size and
modification time: a file written again is read again), so each tool reads each file once per worker.
The answers are what the tools print, unchanged; each test still reads from them only what it checks.
"""
from __future__ import annotations

import functools
import subprocess
from pathlib import Path

from pypdf import PdfReader


def _key(path: Path) -> tuple[str, int, int]:
    stat = Path(path).stat()
    return str(Path(path).resolve()), stat.st_size, stat.st_mtime_ns


def _cached(read):
    """``read(path)`` kept per file: called again only when the file has changed."""
    keep = functools.lru_cache(maxsize=None)(lambda key: read(Path(key[0])))

    @functools.wraps(read)
    def wrapper(path: Path):
        return keep(_key(path))

    wrapper.cache_clear = keep.cache_clear
    return wrapper


def _run(*command: str) -> str:
    return subprocess.run(list(command), capture_output=True, text=True, check=True).stdout


@_cached
def page_texts(path: Path) -> tuple[str, ...]:
    """``pdftotext`` (reading order) split at its page breaks: page i at index i - 1, then the text after
    the last break (empty)."""
    return tuple(_run("pdftotext", "-enc", "UTF-8", str(path), "-").split("\f"))


@_cached
def layout_pages(path: Path) -> tuple[str, ...]:
    """``pdftotext -layout`` text of each page (page i at index i - 1). pdftotext lays out each page on
    its own, so pages ``f`` to ``l`` of this are what ``pdftotext -layout -f f -l l`` prints."""
    return tuple(_run("pdftotext", "-layout", "-enc", "UTF-8", str(path), "-").split("\f")[:-1])


@_cached
def reader(path: Path) -> PdfReader:
    """The file read by pypdf (shared: tests only read it). Its first object read costs about 3 s on a
    handout (measured 2026-12-07): pypdf parses the compressed object stream it is in, which also holds
    the tens of thousands of objects of the tagged structure tree."""
    return PdfReader(str(path))


@_cached
def bookmarks(path: Path) -> tuple[tuple[int, str, int, float], ...]:
    """(level, title, 0-based page index, distance of the target from the page top in pt) of every
    PDF bookmark, depth first."""
    pdf = reader(path)
    flat: list[tuple[int, str, int, float]] = []

    def walk(items, level):
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                index = pdf.get_destination_page_number(item)
                height = float(pdf.pages[index].mediabox.height)
                flat.append((level, item.title, index, height - float(item.top or 0)))

    walk(pdf.outline, 1)
    return tuple(flat)


@_cached
def fonts(path: Path) -> str:
    """What ``pdffonts`` prints."""
    return _run("pdffonts", str(path))


@_cached
def info(path: Path) -> str:
    """What ``pdfinfo`` prints."""
    return _run("pdfinfo", str(path))


@_cached
def structure(path: Path) -> str:
    """What ``pdfinfo -struct`` prints (the tagged structure tree)."""
    return _run("pdfinfo", "-struct", str(path))


@_cached
def notdef(path: Path) -> int:
    """:func:`qa.pdf.notdef_glyphs` of the file (read through :func:`reader`)."""
    from qa.pdf import notdef_glyphs

    return notdef_glyphs(path, reader(path))
