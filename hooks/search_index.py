"""Stage: build this locale's search index — one Pagefind record per question a reader sees.

Per build pass (mkdocs-static-i18n runs one per locale) it collects the questions of every rendered
topic page (:func:`collect`, on ``on_page_content``: each ``<h2 id>`` and its answer, and the page's
title as the result's topic) into ``BuildState.search_pages``, then (:func:`write`, on
``on_post_build``) turns them into records with ``qa.search``: one :class:`qa.search.Indexer` per
build, shared by both passes, so each text is folded and cut by jieba once; the glossary's English
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
from pathlib import Path

from _common import log, source_path
from _state import BuildState
from mkdocs.exceptions import PluginError

from qa.search import Indexer, SearchBuildError, browser_data, question_records, questions_from_html
from qa.search_bundle import BundleError, write_bundle

BUNDLE = {"zh-Hant": "pagefind", "en": "en/pagefind"}


def collect(html_text: str, page, state: BuildState) -> str:
    """Keep the questions of a rendered topic page for this locale's index; returns ``html_text`` unchanged."""
    topics = {topic.path for topic in state.pages}
    if source_path(page.file.src_uri) in topics:
        url = page.url[len(state.prefix):] if state.prefix and page.url.startswith(state.prefix) else page.url
        state.search_pages.setdefault(state.locale, []).append((url, page.title or "", questions_from_html(html_text)))
    return html_text


def write(site_dir: str, state: BuildState) -> None:
    """Write this locale's Pagefind bundle from the collected questions."""
    pages = state.search_pages.get(state.locale) or []
    locale = state.locale
    if not state.pages:
        return
    if not any(qs for _, _, qs in pages):
        raise PluginError(f"search: no question found in the rendered {locale} topic pages; the search index would be empty")
    source = {q.id: q for qs in state.shown.values() for q in qs}
    terms = state.terms or []
    try:
        user_words = tuple(sorted({form for t in terms for form in (t.zh, *t.aliases)}))
        # jieba loads its dictionary in ~1.3 s and every text is folded and cut once: both language passes
        # share the indexer (kept on this build's state, so an edited glossary is picked up on the next build)
        indexers = state.segmenters
        indexer = indexers.get(user_words) or indexers.setdefault(user_words, Indexer(user_words))
        records = question_records(pages, source, terms, state.mentions if terms else {}, locale, indexer)
        out = Path(site_dir) / BUNDLE[locale]
        out.parent.mkdir(parents=True, exist_ok=True)
        checked = write_bundle(records, out)  # raises unless every file a browser loads is whole
        log.info("search: %s bundle written and checked, %d files, %d questions", locale, checked, len(records))
        data = browser_data(indexer, terms, pages)
        (out / "qa-search.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    except SearchBuildError as error:
        raise PluginError(f"search: {error}") from None
    except BundleError as error:
        raise PluginError(f"search: the {locale} bundle {BUNDLE[locale]}/ failed its check: {error}") from None
    except Exception as error:  # Pagefind's service failing to start or index
        raise PluginError(f"search: the Pagefind index for {locale} could not be built: {error!r}") from None
