"""Stage: build this locale's search index — one Pagefind record per question a reader sees.

The work runs in the build's search worker (``hooks/_worker.py``), beside MkDocs: the pipeline sends
it each rendered topic page (:func:`address` says which pages are topic pages, on ``on_page_content``),
and the worker makes the records of its questions (:func:`add`: each ``<h2 id>`` and its answer, and
the page's title as the result's topic) with ``qa.search`` and writes them to a ``RecordSpool`` (files,
not memory: a large bank's records would be the worker's largest cost; kept in ``.cache/search-records/``
so the next build overwrites them instead of making new files), keeping only counts and the
characters the browser's folding table needs; once a locale's last topic page has arrived (:func:`complete`: MkDocs renders every page's
Markdown before it applies any template, so this is well before ``on_post_build``) it writes that
locale's bundle (:func:`write`; at ``on_post_build`` if the count never matched). One
:class:`qa.search.Indexer` per build (:func:`warm_up` makes it while the first pages render), shared
by every locale pass, so each text is folded and cut by jieba once; the glossary's English
names and aliases of the terms each question mentions come from the mentions the build already found
(``BuildState.mentions``). It writes a Pagefind bundle with ``qa-search.json`` (what the browser
needs to fold, split and correct a query: ``qa.search.browser_data``) to ``pagefind/`` (zh-Hant) or
``en/pagefind/`` (en). ``overrides/partials/search.html`` is the header search that uses it; Material's
own search plugin is not used, so no lunr index is written.

The build fails (one line, no traceback) when jieba or OpenCC cannot be loaded, when Pagefind fails,
or when a locale has topic pages but no indexed question: search must never silently degrade.
"""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import regional_wording
import _common
from _common import content_errors, log, source_path
from _state import BuildState
from mkdocs.exceptions import PluginError

from qa.search import Indexer, SearchBuildError, browser_data, question_chars, question_records
from qa.search_bundle import BundleError, shipped_scripts, write_bundle
from qa.search_memo import PageMemo
from qa.search_spool import RecordSpool

BUNDLE = {"zh-Hant": "pagefind", "zh-Hans": "zh-Hans/pagefind", "en": "en/pagefind"}


#: jieba's prefix-dictionary cache (named after jieba's version by qa.search.make_segmenter): kept with the
#: code, not the site, so every build of this checkout shares it (small test sites too)
JIEBA_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "jieba"
#: the index texts and the pages' questions of the last build (``qa.search_memo``), in the build's cache folder
MEMO, PAGES = "search-tokens.pickle", "search-pages.pickle"


@dataclass
class IndexWork:
    """What the search worker keeps while it makes the indexes (``state.search``, in its own copy of the
    build state only: the build process never has one)."""

    #: locale → the topic pages added so far (:func:`add`); the characters of their titles and answers;
    #: their records, one per question in page order, as files (``qa.search_spool.RecordSpool``)
    topics: dict[str, int] = field(default_factory=dict)
    chars: dict[str, set[str]] = field(default_factory=dict)
    records: dict[str, RecordSpool] = field(default_factory=dict)
    #: question id → the source question, of the questions readers see (:func:`_source`)
    source: dict | None = None
    #: the locales whose bundle is written (:func:`write`), and the threads still writing an earlier
    #: locale's bundle (joined by the last locale's write)
    written: set[str] = field(default_factory=set)
    writing: list = field(default_factory=list)
    #: the build's ``qa.search.Indexer``, shared by every locale pass (jieba loads in ~1.5 s)
    indexer: Indexer | None = None
    #: the questions read from the rendered topic pages (:func:`_pages`)
    pages: PageMemo | None = None
    #: question id → its texts in the 繁體中文 edition (``QuestionText.texts``), kept by that pass for the
    #: 简体中文 one (``qa.search.question_records``' ``twins``: its counterparts are what 繁體中文 readers read)
    twins: dict[str, list[str]] = field(default_factory=dict)


def _work(state: BuildState) -> IndexWork:
    """The search worker's :class:`IndexWork`, made at its first use (in the worker's copy of ``state``)."""
    if state.search is None:
        state.search = IndexWork()
    return state.search


def address(page, state: BuildState) -> tuple[str, str] | None:
    """``(url, topic title)`` of a rendered topic page of this pass, the url without the locale prefix
    (``applications/``), the title in the edition's wording (``state.bank.wording``); ``None`` for any other page
    (home, glossary, review)."""
    if source_path(page.file.src_uri) not in {topic.path for topic in state.bank.pages}:
        return None
    url = page.url[len(state.prefix):] if state.prefix and page.url.startswith(state.prefix) else page.url
    return url, regional_wording.text(page.title or "", state)


def add(locale: str, url: str, title: str, html_text: str, state: BuildState) -> None:
    """Make the records of a rendered topic page (its ``on_page_content`` HTML) for ``locale``'s index
    and write them to ``IndexWork.records[locale]`` (a ``RecordSpool``, one record per question);
    count the page in ``IndexWork.topics[locale]`` and add its characters to ``IndexWork.chars[locale]``."""
    page = (url, title, _pages(state).questions(html_text))
    first = locale not in _work(state).records
    if first:  # kept from build to build: overwriting the last build's files is cheaper than new ones
        _work(state).records[locale] = RecordSpool(state.cache / "search-records" / locale)
        _work(state).topics[locale] = 0
        _work(state).chars[locale] = set()
    _work(state).topics[locale] += 1
    _work(state).chars[locale] |= question_chars([page])
    if locale == state.default_locale:
        _work(state).twins.update((q.id, q.texts()) for q in page[2])
    terms = state.bank.terms or []
    with _errors(locale):
        records = question_records([page], _source(state), terms, state.bank.mentions if terms else {}, locale,
                                   _indexer(state), start=first, twins=_work(state).twins if locale == "zh-Hans" else None)
    for url_id, record in records:
        _work(state).records[locale].add(url_id, record)


def complete(locale: str, state: BuildState) -> bool:
    """Whether :func:`add` has had every topic page of ``locale`` (one per topic page of the site: an
    untranslated page falls back to the Chinese one), so its bundle can be written before the pass ends."""
    return _work(state).topics.get(locale, 0) == len(state.bank.pages)


def _source(state: BuildState) -> dict:
    """Question id → the source question, of the questions readers see (made once per build)."""
    if _work(state).source is None:
        _work(state).source = {q.id: q for qs in state.bank.shown.values() for q in qs}
    return _work(state).source


def _pages(state: BuildState) -> PageMemo:
    """The questions read from each rendered topic page, from :data:`PAGES` when the page is the last build's."""
    if _work(state).pages is None:
        _work(state).pages = PageMemo(state.cache / PAGES)
    return _work(state).pages


def _indexer(state: BuildState) -> Indexer:
    """The build's indexer, with the glossary's words as jieba user words, shared by every locale pass (kept
    on this build's state, so an edited glossary is picked up on the next build); it starts from the texts
    the last build cut (:data:`MEMO`), so jieba's dictionary is loaded only when a text is new."""
    if _work(state).indexer is None:
        _work(state).indexer = Indexer(sorted({form for t in state.bank.terms or [] for form in (t.zh, *t.aliases)}),
                                       cache_dir=JIEBA_CACHE, memo=state.cache / MEMO)
    return _work(state).indexer


def load_words(state: BuildState) -> None:
    """Read ``content/search-words.yml`` (readers' question words and synonyms, ``qa.query_words``) into
    ``state.bank.search_words`` before the search worker starts; a mistake fails the build at its line."""
    from qa.query_words import WORDS, load_words as load

    with content_errors(prefix=""):
        state.bank.search_words = load(state.root / WORDS, str(WORDS))


def warm_up(state: BuildState) -> None:
    """Load what every index needs (jieba's dictionary, OpenCC, Pagefind's scripts) before the first page
    arrives; a failure is reported as :func:`write` reports it. Pagefind's scripts are asked of its
    service in a thread, beside jieba's loading (0.3 s of a 1.3 s warm-up that is the whole build's
    critical path at 20 questions); ``write_bundle`` asks again, so waits for that answer or reports
    the failure."""
    threading.Thread(target=_ask_for_scripts, name="qa-pagefind-scripts", daemon=True).start()
    with _errors(state.locale):
        _indexer(state)


def _ask_for_scripts() -> None:
    try:
        shipped_scripts()
    except Exception:  # noqa: BLE001 - any failure (no binary, a broken service) is reported by write_bundle, which asks again
        pass


@contextmanager
def _errors(locale: str):
    try:
        yield
    except SearchBuildError as error:
        raise PluginError(f"search: {error}") from None
    except BundleError as error:
        raise PluginError(f"search: the {locale} bundle {BUNDLE[locale]}/ failed its check: {error}") from None
    except Exception as error:  # Pagefind's service failing to start or index
        raise PluginError(f"search: the Pagefind index for {locale} could not be built: {error!r}") from None


def write(site_dir: str, locale: str, state: BuildState) -> None:
    """Write ``locale``'s Pagefind bundle from the records :func:`add` made, once per build (a locale in
    ``IndexWork.written`` is skipped: its bundle was written when its last topic page arrived).

    Every locale but the build's last is indexed by Pagefind in a thread (``IndexWork.writing``),
    so the worker makes the next locale's records meanwhile; the last locale's write waits for those
    threads, so when it returns every bundle is written and checked (or the first failure is raised).

    Raises:
        PluginError: no question was collected though the site has topic pages, or indexing failed
            (this locale's, or that of an earlier locale's thread).
    """
    last = locale == state.locales[-1]
    if locale not in _work(state).written:
        _work(state).written.add(locale)
        state.locale = locale
        if state.bank.pages:
            _write(site_dir, locale, state, background=not last)
    if last:
        while _work(state).writing:
            thread = _work(state).writing.pop(0)
            thread.join()
            if thread.error is not None:
                raise thread.error
        if _work(state).indexer is not None:
            _work(state).indexer.save_memo()  # every locale's texts are cut: the next build starts from them
        if _work(state).pages is not None:
            _work(state).pages.save()


class _Writing(threading.Thread):
    """A locale's bundle being written beside the worker's next records; ``error`` its PluginError."""

    def __init__(self, job) -> None:
        super().__init__(name="qa-search-write", daemon=True)
        self._job = job
        self.error: PluginError | None = None

    def run(self) -> None:
        try:
            self._job()
        except PluginError as error:
            self.error = error


def _write(site_dir: str, locale: str, state: BuildState, background: bool) -> None:
    if not len(_work(state).records.get(locale, ())):
        raise PluginError(f"search: no question found in the rendered {locale} topic pages; the search index would be empty")
    records = _work(state).records[locale]
    out = Path(site_dir) / BUNDLE[locale]
    with _errors(locale):  # before the next locale's records: the indexer's vocabulary is this locale's
        readings = _common.readings("search")  # the sounds' readings (qa.query_words)
        data = browser_data(_indexer(state), state.bank.terms or [], _work(state).chars[locale], state.bank.search_words,
                            readings)
        readings.save()
    _work(state).chars[locale] = set()

    def job() -> None:
        with _errors(locale):
            out.parent.mkdir(parents=True, exist_ok=True)
            checked = write_bundle(records, out)  # raises unless every file a browser loads is whole
            (out / "qa-search.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
            log.info("search: %s bundle written and checked, %d files, %d questions", locale, checked, len(records))

    if background:
        _work(state).writing.append(_Writing(job))
        _work(state).writing[-1].start()
    else:
        job()
