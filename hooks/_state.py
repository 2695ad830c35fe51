"""BuildState: everything one build knows, made at its start and handed to each stage (not a hook).

One build is one ``mkdocs build`` (or one ``mkdocs serve`` rebuild): mkdocs-static-i18n runs MkDocs'
build once per locale (zh-Hant, then zh-Hans and en, inside the first's ``on_post_build``) on the same
config. ``hooks/pipeline.py`` makes a new :class:`BuildState` in the first locale pass's ``on_config``
and passes it to the stages in the order written there; the fields below are filled by the stage
named in each comment, so a stage reads only what an earlier stage wrote. Work that does not depend
on the locale (parsing, dedup, glossary mentions, lint) is done once per build, in the first pass.
"""
from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

def _default_options():
    """Every option at its default (a state made outside a build: tests)."""
    from options import load

    return load(None, "mkdocs.yml")


if TYPE_CHECKING:  # types only: importing qa.dedup loads datasketch and SciPy
    from _worker import Worker
    from options import Options
    from qa.model import DedupResult, Question, TopicPage
    from qa.edition import Edition
    from qa.question_html import QuestionHtml
    from qa.glossary import Term

DEFAULT_LOCALE = "zh-Hant"


def digest(*parts: str) -> str:
    """SHA-256 of the parts (a cache key for :class:`Reuse`)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


class Reuse:
    """Work of the last successful ``mkdocs serve`` build, reused by the next one (the edit loop).

    Entries are keyed by a hash of everything they are computed from (:func:`digest`), so an entry can
    never be stale: a changed input is a new key. Only the entries a build used are kept, and only when
    the build succeeded (a build that failed, e.g. on a warning under ``strict``, leaves nothing behind,
    so the next build reports the same warnings). ``mkdocs build`` never uses it: every build computes
    everything.
    """

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], object] = {}
        self.used: dict[tuple[str, str], object] = {}
        self.hits = self.misses = 0
        self.computed: dict[str, int] = {}

    def get(self, kind: str, key: str, compute):
        """The value kept for ``(kind, key)``, else ``compute()`` (kept if this build succeeds)."""
        entry = (kind, key)
        if entry in self.used:
            return self.used[entry]
        if entry in self.kept:
            self.hits += 1
            value = self.kept[entry]
        else:
            self.misses += 1
            self.computed[kind] = self.computed.get(kind, 0) + 1
            value = compute()
        self.used[entry] = value
        return value

    def commit(self) -> None:
        """The build succeeded: keep what it used, drop the rest."""
        self.kept, self.used = self.used, {}

    def discard(self) -> None:
        """The build failed: keep the previous build's entries only."""
        self.used = {}


@dataclass
class Bank:
    """The parsed bank: what the first locale pass reads and derives from the sources (``on_files``), the
    same for every edition. The stages named in the comments fill it in order; the pipeline then
    :meth:`freeze` s it (after ``glossary_page.find``), and a later stage that assigns a field fails (``AttributeError``) instead of
    changing, for one edition, what every edition reads."""

    # -- glossary_page.load; None: the site has no content/glossary.yml
    terms: list[Term] | None = None
    # -- regional_wording.load: locale → its qa.regional converter (the Chinese editions')
    wording: dict[str, object] = field(default_factory=dict)
    #: hash of the table and the locales the converters were made from (reuse keys of converted text)
    wording_key: str = ""
    # -- search_index.load_words: content/search-words.yml (qa.query_words.SearchWords)
    search_words: object | None = None
    # -- topic_pages.parse
    pages: list[TopicPage] = field(default_factory=list)
    translations: dict[str, dict[str, Question]] = field(default_factory=dict)
    #: page path → hash of its source (and of its English version): what the topic pages were parsed from
    page_keys: dict[str, str] = field(default_factory=dict)
    # -- question_metadata.run: question id → difficulty (or None), origin ("original" / "added"),
    # technical notes (qa.metadata.Note)
    difficulty: dict[str, str | None] = field(default_factory=dict)
    origin: dict[str, str] = field(default_factory=dict)
    notes: dict[str, list] = field(default_factory=dict)
    # -- dedup_questions.run
    dedup: DedupResult | None = None
    shown: dict[str, list[Question]] = field(default_factory=dict)
    # -- question_numbers.run: shown questions numbered "topic.question"
    numbered: list = field(default_factory=list)
    # -- translation_status.run: qa.translation statuses, stale ids
    translation_status: list = field(default_factory=list)
    stale: set[str] = field(default_factory=set)
    # -- glossary_page.find (after dedup): term id → questions readers see that mention it
    mentions: dict[str, list[Question]] = field(default_factory=dict)
    _frozen: bool = field(default=False, repr=False, compare=False)

    def freeze(self) -> None:
        """No field is assigned from now on (this build's bank is complete)."""
        object.__setattr__(self, "_frozen", True)

    def __setattr__(self, name: str, value) -> None:
        if getattr(self, "_frozen", False):
            raise AttributeError(f"the bank is complete (frozen in the first pass's on_files): {name} cannot change")
        object.__setattr__(self, name, value)


@dataclass
class BuildState:
    """The state of one build, typed; see the module docstring for its life. Three parts: the run (the
    fields below: what this build is and how it goes — dates, options, workers, reuse, timings), the parsed
    bank (:attr:`bank`, frozen once the editions are made) and the editions (:attr:`editions` and what each
    pass adds per edition).

    Attributes set when the build starts (``pipeline.on_config``, first locale pass):
        root: the folder of mkdocs.yml (content/ lives there).
        command: ``"build"``, ``"serve"``, ``"gh-deploy"``, or ``None`` for an in-process ``build()`` call.
        locales: the locales in build order (from mkdocs-static-i18n; ``("zh-Hant",)`` without it).
        source_date_epoch: seconds since 1970 that date this build (sitemap, PDF cover), or ``None``
            (not in a git checkout: today's date); see ``hooks/reproducible.py``.
        options: ``extra.qa`` of mkdocs.yml, validated (``hooks/options.py``).
        handout: whether this build writes the PDF handouts.
        render: the build's Markdown → HTML fragment converter (``_common.markdown_renderer``: the site's
            extensions without permalinks), for copies outside the pages (handouts, decks, study data);
            each distinct text is converted once per build (per process: a worker renders in its own copy).
    """

    root: Path
    command: str | None = None
    locales: tuple[str, ...] = (DEFAULT_LOCALE,)
    source_date_epoch: int | None = None
    options: Options = field(default_factory=lambda: _default_options())
    handout: bool = False
    render: Callable[[str], str] | None = None
    #: the locale of the pass being built (``pipeline`` sets it at each pass's ``on_config``)
    locale: str = DEFAULT_LOCALE
    #: the ``SOURCE_DATE_EPOCH`` value the process had before this build (restored when it ends)
    saved_epoch: str | None = None
    #: when the build started (``time.perf_counter()``) and the wall seconds of each stage (``QA_TIMINGS=1`` logs them)
    started: float = field(default_factory=time.perf_counter)
    timings: dict[str, float] = field(default_factory=dict)
    #: peak resident memory in bytes of the build process and of each worker (``QA_TIMINGS=1`` logs them)
    memory: dict[str, int] = field(default_factory=dict)
    #: under ``mkdocs serve``: work of the previous rebuild for unchanged inputs; ``None`` in ``mkdocs build``
    reuse: Reuse | None = None

    #: the parsed bank (first pass, on_files), frozen once the editions are made
    bank: Bank = field(default_factory=lambda: Bank())
    # -- editions.run (first pass, on_files, after the bank is complete): locale → qa.edition.Edition
    editions: dict[str, Edition] = field(default_factory=dict)
    # -- per edition, filled as each pass runs --
    # question_metadata.annotations (first use): locale → question id → (badge HTML, notes Markdown)
    annotations: dict[str, dict] = field(default_factory=dict)
    # study_mode.prepare (on_files): locale → qa.study.study_data of that locale
    study: dict[str, dict] = field(default_factory=dict)
    # page_pieces.cut (on_page_content): locale → question id → its HTML cut from its topic page
    pieces: dict[str, dict[str, QuestionHtml]] = field(default_factory=dict)
    # anchors.record (first pass, on_page_content): page source path → section → its headings' ids
    anchors: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # locale_strings.apply (each pass, on_config): the toc permalink title as written in mkdocs.yml
    permalink_title: str | None = None
    # -- pipeline (first pass, on_files): the background processes of this build (hooks/_worker.py), by name
    workers: dict[str, Worker] = field(default_factory=dict)
    #: the search worker's own work (``search_index.IndexWork``): set in that worker's copy only
    search: object | None = None
    # -- locale_files.after_pass: the default locale's 404.html, put back after the last pass
    saved_404: bytes | None = None
    # -- handout_pdfs.start (each pass, on_post_build) → handout_pdfs.finish (end of the build): the PDF
    # layout workers, and per job sent (one per locale) the (staged file, its place in the site) pairs it writes
    pdf_workers: list[Worker] = field(default_factory=list)
    pdf_places: list[list[tuple[Path, Path]]] = field(default_factory=list)
    # -- site_folder.claim / staging → site_folder.release: the site folder's lock (a file descriptor;
    # None under serve) and this build's private staging folder (None until used)
    site_lock: int | None = None
    staging: Path | None = None

    @property
    def default_locale(self) -> str:
        """The first locale built: pages of other locales live under ``<locale>/``."""
        return self.locales[0]

    @property
    def first_pass(self) -> bool:
        """True while the first (default) locale is built."""
        return self.locale == self.default_locale

    @property
    def prefix(self) -> str:
        """The URL/output prefix of the current locale: ``""`` for the default locale, else ``"en/"``."""
        return "" if self.first_pass else f"{self.locale}/"

    @property
    def serving(self) -> bool:
        """True under ``mkdocs serve`` (previews: no PDFs)."""
        return self.command == "serve"

    @property
    def content(self) -> Path:
        """The content/ folder (glossary, lint lists, errata)."""
        return self.root / "content"

    @property
    def cache(self) -> Path:
        """The .cache/ folder next to mkdocs.yml: what a build keeps for the next one and for maintainers
        (PDF handouts, search record files, the dedup report); not published, removed by ``make clean``."""
        return self.root / ".cache"

    def reused(self, kind: str, key: str, compute):
        """``compute()``, or under ``mkdocs serve`` the previous rebuild's value for the same ``key``."""
        return compute() if self.reuse is None else self.reuse.get(kind, key, compute)

    def pin_epoch(self) -> None:
        """Set ``SOURCE_DATE_EPOCH`` in the environment for this build only (MkDocs reads it there for
        the sitemap dates); :meth:`restore_epoch` puts the previous value back when the build ends."""
        self.saved_epoch = os.environ.get("SOURCE_DATE_EPOCH")
        if self.source_date_epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = str(self.source_date_epoch)

    def restore_epoch(self) -> None:
        """Undo :meth:`pin_epoch` (idempotent): no date leaks into a later build of the same process."""
        if self.saved_epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = self.saved_epoch
