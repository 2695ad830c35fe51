"""Stage: build this locale's search index — one Pagefind record per question a reader sees.

Per build pass (mkdocs-static-i18n runs one per locale) it collects the questions of every rendered
topic page (:func:`collect`, on ``on_page_content``: each ``<h2 id>`` and its answer) into
``BuildState.search_pages``, then (:func:`write`, on ``on_post_build``), folds and segments their text with
``qa.search`` (jieba, OpenCC t2s), adds the glossary's English names and aliases as hidden keywords,
and writes a Pagefind bundle with ``qa-search.json`` (the query folding table and word list the
browser needs) to ``pagefind/`` (zh-Hant) or ``en/pagefind/`` (en). ``overrides/partials/search.html``
is the header search that uses it (overrides/partials/header.html shows it); Material's own search
plugin is not used, so no lunr index is written.

The build fails (one line, no traceback) when jieba or OpenCC cannot be loaded, when Pagefind fails,
or when a locale has topic pages but no indexed question: search must never silently degrade.
"""
from __future__ import annotations

import json
from pathlib import Path

from _common import log, source_path
from _state import BuildState
from mkdocs.exceptions import PluginError

from qa.search import (
    CJK_RUN, SearchBuildError, count_mentions, fold, fold_table, keyword_text, make_segmenter, plain_text,
    questions_from_html, record_html,
)
from qa.search_bundle import BundleError, write_bundle

BUNDLE = {"zh-Hant": "pagefind", "en": "en/pagefind"}


def collect(html_text: str, page, state: BuildState) -> str:
    """Keep the questions of a rendered topic page for this locale's index; returns ``html_text`` unchanged."""
    topics = {topic.path for topic in state.pages}
    if source_path(page.file.src_uri) in topics:
        url = page.url[len(state.prefix):] if state.prefix and page.url.startswith(state.prefix) else page.url
        state.search_pages.setdefault(state.locale, []).append((url, questions_from_html(html_text)))
    return html_text


def _glossary(state: BuildState):
    """(glossary terms, ``search_keywords``) — ``([], None)`` for a site without a glossary."""
    if state.terms is None:
        return [], None
    from qa.glossary import search_keywords

    return state.terms, search_keywords


def _chinese_forms(terms, question) -> list[str]:
    """``search_keywords``'s shape, giving the Chinese form of each term the question mentions."""
    text = f"{question.title}\n{question.answer}"
    return [term.zh for term in terms if count_mentions(term, text)]


def write(site_dir: str, state: BuildState) -> None:
    """Write this locale's Pagefind bundle from the collected questions."""
    pages = state.search_pages.get(state.locale) or []
    locale = state.locale
    site = Path(site_dir)
    if not state.pages:
        return
    questions = [q for _, qs in pages for q in qs]
    if not questions:
        raise PluginError(f"search: no question found in the rendered {locale} topic pages; the search index would be empty")
    source = {q.id: q for qs in state.shown.values() for q in qs}
    terms, keywords_of = _glossary(state)
    try:
        corpus = "".join(q.title + plain_text(q) for q in questions) + "".join(t.zh + "".join(t.aliases) for t in terms)
        table = fold_table(corpus)
        user_words = tuple(sorted({fold(t.zh, table) for t in terms} | {fold(a, table) for t in terms for a in t.aliases}))
        # jieba loads its dictionary in ~1.3 s: both language passes of one build share the segmenter
        # (kept on this build's state, so an edited glossary is picked up on the next build)
        segmenters = state.segmenters
        cut = segmenters.get(user_words) or segmenters.setdefault(user_words, make_segmenter(user_words))
        records, vocabulary = [], set()
        for url, qs in pages:
            for q in qs:
                keywords = keyword_text(terms, source[q.id], keywords_of, count_mentions) if q.id in source and terms else ""
                text = plain_text(q)
                if locale == "en" and q.id in source and len(CJK_RUN.sub("", text)) > 0.7 * len(text):
                    # a translated answer: the Chinese names of its glossary terms stay findable
                    keywords += " " + keyword_text(terms, source[q.id], _chinese_forms, count_mentions)
                meta = {"title": q.title, "text": text}
                records.append((f"/{url}#{q.id}", record_html(q.title, q.blocks, keywords, table, cut, meta)))
                for part in (q.title, text, keywords):
                    vocabulary.update(w for run in CJK_RUN.findall(fold(part, table)) for w in cut(run) if len(w) > 1)
        out = site / BUNDLE[locale]
        out.parent.mkdir(parents=True, exist_ok=True)
        checked = write_bundle(records, out)  # raises unless every file a browser loads is whole
        log.info("search: %s bundle written and checked, %d files, %d questions", locale, checked, len(records))
        data = {"fold": table, "words": sorted(vocabulary)}
        (out / "qa-search.json").write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    except SearchBuildError as error:
        raise PluginError(f"search: {error}") from None
    except BundleError as error:
        raise PluginError(f"search: the {locale} bundle {BUNDLE[locale]}/ failed its check: {error}") from None
    except Exception as error:  # Pagefind's service failing to start or index
        raise PluginError(f"search: the Pagefind index for {locale} could not be built: {error!r}") from None
