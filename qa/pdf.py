"""Write handout HTML (:mod:`qa.handout`) to PDF with WeasyPrint; no MkDocs.

WeasyPrint renders CSS Paged Media (``@page`` margin boxes, ``target-counter()``, PDF
bookmarks from ``bookmark-level``) and embeds fonts as subsets. It finds fonts through
fontconfig, so :func:`check_cjk_font` asks ``fc-list`` for the Traditional Chinese family first:
without it every Chinese character would print as an empty box (tofu).
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from .handout import CSS_PATH
from .pdf_glyphs import notdef_glyphs  # noqa: F401 - part of this module's interface (the build, the tests)

#: the font families the handout CSS names; Debian/Ubuntu package ``fonts-noto-cjk`` has both
REQUIRED_FAMILIES = ("Noto Sans CJK TC", "Noto Sans Mono CJK TC")
FONT_PACKAGE = "fonts-noto-cjk"


class FontMissingError(RuntimeError):
    """A font family the handout needs is not installed; the message names the package."""


def check_cjk_font(families: tuple[str, ...] = REQUIRED_FAMILIES) -> None:
    """Make sure fontconfig knows every family in ``families``.

    Args:
        families: family names exactly as the CSS names them.

    Raises:
        FontMissingError: ``fc-list`` is missing, or lists none of the fonts of a family. The
            message says to install :data:`FONT_PACKAGE` (``apt-get install fonts-noto-cjk``,
            or run ``scripts/install-system-deps.sh``).
    """
    fix = (f"install the Debian package {FONT_PACKAGE} (sudo apt-get install {FONT_PACKAGE} fontconfig, "
           "or run scripts/install-system-deps.sh), or set HANDOUT=0 to build without PDF handouts")
    if shutil.which("fc-list") is None:
        raise FontMissingError(f"PDF handout: fontconfig's fc-list is not installed, so the Traditional Chinese "
                               f"font cannot be checked; {fix}")
    for family in families:
        found = subprocess.run(["fc-list", f":family={family}", "family"], capture_output=True, text=True,
                               check=False).stdout.strip()
        if not found:
            raise FontMissingError(f"PDF handout: font \"{family}\" is not installed, Chinese would print as "
                                   f"empty boxes; {fix}")


def code_css() -> str:
    """Pygments colours for ``.highlight`` code blocks (pymdownx.highlight's markup), as CSS text."""
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style="default").get_style_defs(".highlight")


@dataclass(frozen=True)
class PdfResult:
    """What :func:`write_pdf` wrote.

    Attributes:
        path: the PDF file.
        pages: number of pages.
        bytes: file size in bytes.
        seconds: wall time of layout and writing (or of the cache copy), in seconds.
        cached: ``True`` when the file was copied from the cache of :func:`write_pdf_cached`.
        notdef: ``.notdef`` glyphs (missing-character boxes) drawn, see :func:`notdef_glyphs`;
            ``-1`` when not counted.
        anchors: question id → the 1-based page its ``q-<id>`` anchor is on (handout and drill
            sheet), for :func:`qa.handout.fill_answer_pages`.
        sections: the 1-based page each section starts on, by its anchor: ``topic-<slug>`` and
            ``glossary`` (the handout), for :func:`split_by_topic`.
    """

    path: Path
    pages: int
    bytes: int
    seconds: float
    cached: bool = False
    notdef: int = -1
    anchors: dict = field(default_factory=dict, compare=False)
    sections: dict = field(default_factory=dict, compare=False)


def write_pdf(html: str, target: Path, *, base_url: str | None = None, check_fonts: bool = True) -> PdfResult:
    """Lay out ``html`` with the handout CSS and write it as a PDF.

    Args:
        html: a complete document from :func:`qa.handout.handout_html` or ``drill_html``;
            its ``<title>`` and ``<html lang>`` become the PDF's title and language metadata.
        target: the PDF path; parent folders are created.
        base_url: where relative URLs in ``html`` resolve (``None``: no relative resources).
        check_fonts: run :func:`check_cjk_font` first.

    Returns:
        A :class:`PdfResult`.

    Raises:
        FontMissingError: see :func:`check_cjk_font`.
    """
    if check_fonts:
        check_cjk_font()
    from weasyprint import CSS, HTML

    start = time.perf_counter()
    stylesheets = [CSS(filename=str(CSS_PATH)), CSS(string=code_css())]
    document = HTML(string=html, base_url=base_url).render(stylesheets=stylesheets, **PDF_OPTIONS)
    target.parent.mkdir(parents=True, exist_ok=True)
    document.write_pdf(str(target), **PDF_OPTIONS)
    seconds = time.perf_counter() - start
    anchors: dict[str, int] = {}
    sections: dict[str, int] = {}
    for number, page in enumerate(document.pages, 1):
        for name in page.anchors:
            if name.startswith("q-"):
                anchors.setdefault(name[2:], number)
            elif name.startswith("topic-") or name == "glossary":
                sections.setdefault(name, number)
    return PdfResult(target, len(document.pages), target.stat().st_size, seconds, anchors=anchors, sections=sections)


def write_handout_and_drill(handout: str, handout_target: Path, drill: str, drill_target: Path,
                            cache: Path | None, topic_targets: dict[str, tuple[Path, str]] | None = None
                            ) -> tuple[PdfResult, PdfResult]:
    """Write a handout, then its drill sheet with the handout page of every answer filled in, and the
    handout's topics as PDFs of their own.

    Args:
        handout: :func:`qa.handout.handout_html` output; ``handout_target`` its PDF path.
        drill: :func:`qa.handout.drill_html` output (made without ``answer_pages``);
            ``drill_target`` its PDF path.
        cache: as for :func:`write_pdf_cached`.
        topic_targets: topic slug → (the path of that topic's PDF, its title) (:func:`split_by_topic`);
            ``None``: none.

    Returns:
        ``(handout result, drill result)``; the drill sheet's 「答案見講義第 N 頁」 come from the
        handout's anchors (:attr:`PdfResult.anchors`).

    Raises:
        ValueError: a topic of ``topic_targets`` has no section in the handout.
    """
    from .handout import fill_answer_pages

    first = write_pdf_cached(handout, handout_target, cache)
    if topic_targets:
        split_by_topic(handout_target, first.sections, first.pages, topic_targets)
    return first, write_pdf_cached(fill_answer_pages(drill, first.anchors), drill_target, cache)


def split_by_topic(book: Path, sections: dict[str, int], pages: int, targets: dict[str, tuple[Path, str]]) -> None:
    """Write each topic of a laid-out handout as a PDF of its own: the pages from its section's first
    page (``topic-<slug>``) to the page before the next section (the next topic, or the glossary
    index), cut from ``book`` as they are — numbered as in the whole book, so a class can mix them.

    Args:
        book: the handout PDF; ``sections`` and ``pages`` its :attr:`PdfResult.sections` and page count.
        targets: topic slug → (where its PDF goes, parent folders made; its title, the PDF's title);
            the document language is the book's.

    Raises:
        ValueError: a slug of ``targets`` has no ``topic-<slug>`` section.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    starts = sorted(sections.values())
    reader = PdfReader(str(book))
    language = reader.trailer["/Root"].get("/Lang")
    for slug, (target, title) in targets.items():
        first = sections.get(f"topic-{slug}")
        if first is None:
            raise ValueError(f"the handout {book.name} has no section for the topic '{slug}'")
        end = next((start for start in starts if start > first), pages + 1)
        writer = PdfWriter()
        for number in range(first, end):
            writer.add_page(reader.pages[number - 1])
        writer.add_metadata({"/Title": title})
        if language is not None:
            writer._root_object[NameObject("/Lang")] = language
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as out:
            writer.write(out)


#: WeasyPrint options of every PDF. ``pdf/ua-1`` writes a tagged PDF (structure tree from the HTML:
#: H1/H2, L/LI, P, Table; ``/MarkInfo /Marked true``; document language from ``<html lang>``;
#: ``/DisplayDocTitle``; XMP metadata with ``pdfuaid:part 1``). The fonts allow it: Noto Sans CJK
#: TC is embedded as a CID subset with a ToUnicode map, so text extracts as written. It cost 3 % in
#: size and no measurable time on the drill sheet (2026-11, WeasyPrint 70).
PDF_OPTIONS: dict = {"pdf_variant": "pdf/ua-1"}

#: the version of the facts kept beside each cached PDF (2: with ``sections``); part of the cache key
CACHE_FORMAT = "2"
#: how many PDFs :func:`write_pdf_cached` keeps (newest first); 2 locales x 2 kinds, twice over
CACHE_KEEP = 8


def cache_key(html: str) -> str:
    """SHA-256 of everything a PDF depends on: the HTML, both stylesheets, the WeasyPrint and
    pydyf versions, and the installed font files of :data:`REQUIRED_FAMILIES` (paths, sizes, mtimes)."""
    import pydyf
    import weasyprint

    fonts = []
    if shutil.which("fc-list"):
        for family in REQUIRED_FAMILIES:
            listing = subprocess.run(["fc-list", f":family={family}", "file"], capture_output=True, text=True,
                                     check=False).stdout
            for line in sorted(set(listing.split())):
                path = Path(line.rstrip(":"))
                if path.is_file():
                    stat = path.stat()
                    fonts.append([str(path), stat.st_size, stat.st_mtime_ns])
    digest = hashlib.sha256()
    for part in (CACHE_FORMAT, html, CSS_PATH.read_text(encoding="utf-8"), code_css(), weasyprint.__version__,
                 pydyf.__version__, json.dumps(fonts), json.dumps(PDF_OPTIONS, sort_keys=True)):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def is_cached(html: str, cache: Path | None) -> bool:
    """Whether :func:`write_pdf_cached` would copy the PDF of ``html`` from ``cache`` instead of laying it out."""
    if cache is None:
        return False
    key = cache_key(html)
    return (cache / f"{key}.pdf").is_file() and (cache / f"{key}.json").is_file()


def write_pdf_cached(html: str, target: Path, cache: Path | None) -> PdfResult:
    """:func:`write_pdf` plus :func:`notdef_glyphs`, or a copy of the PDF made earlier from the same inputs.

    Args:
        html, target: as for :func:`write_pdf` (fonts are checked first either way).
        cache: folder of earlier PDFs named ``<cache_key>.pdf`` (+ ``.json`` facts); created if
            missing; ``None`` renders without a cache. Only the :data:`CACHE_KEEP` newest are kept.

    Returns:
        A :class:`PdfResult`; ``cached`` tells whether it was a copy.
    """
    check_cjk_font()
    if cache is None:
        result = write_pdf(html, target, check_fonts=False)
        return replace(result, notdef=notdef_glyphs(target))
    start = time.perf_counter()
    key = cache_key(html)
    pdf, facts = cache / f"{key}.pdf", cache / f"{key}.json"
    if pdf.is_file() and facts.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pdf, target)
        os.utime(pdf)
        known = json.loads(facts.read_text(encoding="utf-8"))
        return PdfResult(target, known["pages"], target.stat().st_size, time.perf_counter() - start, True,
                         known["notdef"], known["anchors"], known["sections"])
    result = write_pdf(html, target, check_fonts=False)
    result = replace(result, notdef=notdef_glyphs(target))
    cache.mkdir(parents=True, exist_ok=True)
    facts.write_text(json.dumps({"pages": result.pages, "notdef": result.notdef, "anchors": result.anchors,
                                 "sections": result.sections}),
                     encoding="utf-8")
    partial = cache / f"{key}.{os.getpid()}.tmp"  # another build may read the cache meanwhile
    shutil.copyfile(target, partial)
    os.replace(partial, pdf)
    for old in sorted(cache.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)[CACHE_KEEP:]:
        old.unlink(missing_ok=True)
        old.with_suffix(".json").unlink(missing_ok=True)
    return result


# ---------------------------------------------------------------------------------------------
# characters the fonts cannot show, found before layout

_SKIPPED_CATEGORIES = ("Cc", "Cf", "Zl", "Zp")  # control and format characters are not drawn


def _font_files(pattern: str) -> list[tuple[str, int]]:
    """(file, index in a collection) of the fonts fontconfig lists for ``pattern`` (``:`` = every font)."""
    if not shutil.which("fc-list"):
        return []
    listing = subprocess.run(["fc-list", pattern, "file", "index"], capture_output=True, text=True, check=False).stdout
    found = []
    for line in listing.splitlines():
        path, _, rest = line.partition(": ")
        index = rest.split("index=")[-1].strip() if "index=" in rest else "0"
        found.append((path.rstrip(":"), int(index) if index.isdigit() else 0))
    return sorted(set(found))


def _coverage(fonts: list[tuple[str, int]]) -> set[int]:
    """Code points with a glyph in any of ``fonts`` (their ``cmap`` tables, read with fontTools)."""
    from fontTools.ttLib import TTFont

    covered: set[int] = set()
    for path, index in fonts:
        try:
            with TTFont(path, fontNumber=index, lazy=True) as font:
                covered |= set((font.getBestCmap() or {}).keys())
        except Exception:  # an unreadable font file shows nothing: the layout would not use it either
            continue
    return covered


def uncovered_characters(text: str, families: tuple[str, ...] = REQUIRED_FAMILIES) -> list[str]:
    """The characters of ``text`` that no installed font can show, in order of first occurrence.

    The handout CSS names ``families``, whose ``cmap`` tables are read with fontTools; a character they
    lack is looked up in every other installed font through fontconfig's charset index (the fallback
    WeasyPrint uses through Pango), so only a character that would print as a missing-glyph box
    (``.notdef``) is returned. Control and format characters
    (categories Cc, Cf, Zl, Zp) are skipped: they are not drawn.

    Args:
        text: the text to be printed (e.g. :func:`printed_text` of the handout HTML).
        families: the font families tried first.

    Returns:
        One entry per missing character; ``[]`` when every character has a glyph.
    """
    import unicodedata

    wanted = [ch for ch in dict.fromkeys(text) if not ch.isspace() and unicodedata.category(ch) not in _SKIPPED_CATEGORIES]
    named = set()
    for family in families:  # one face per family: bold and regular cover the same characters
        named |= _coverage(_font_files(f":family={family}:style=Regular")[:1] or _font_files(f":family={family}")[:1])
    missing = [ch for ch in wanted if ord(ch) not in named]
    # the fallback: fontconfig's own charset index over every installed font, for the few characters left
    return [ch for ch in missing if not _font_files(f":charset={ord(ch):x}")]


def printed_text(html: str) -> str:
    """The text of an HTML document (tags, comments and the ``<head>`` left out, entities decoded)."""
    import html as html_lib
    import re

    body = re.sub(r"(?is)<head.*?</head>|<style.*?</style>|<!--.*?-->", " ", html)
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", body))


@dataclass(frozen=True)
class MissingGlyph:
    """A character no installed font can show, and where a maintainer wrote it.

    Attributes:
        path: the source file as given to :func:`locate_characters` (``docs/applications.md``), or ``""``.
        line: 1-based line of its first occurrence there (0 when not found in any source).
        char: the character.
    """

    path: str
    line: int
    char: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else (self.path or "the handout")
        return (f"{where}: character '{self.char}' (U+{ord(self.char):04X}) is in none of the installed fonts, "
                f"so the PDF handout would print a box; replace it, or install a font that has it")


def locate_characters(chars: list[str], sources: dict[str, str]) -> list[MissingGlyph]:
    """Name the first file and line of ``sources`` (path → text) where each character of ``chars`` occurs."""
    found = []
    for ch in chars:
        place = MissingGlyph("", 0, ch)
        for path, text in sources.items():
            index = text.find(ch)
            if index >= 0:
                place = MissingGlyph(path, text.count("\n", 0, index) + 1, ch)
                break
        found.append(place)
    return found
