"""Hook: build this locale's search index — one Pagefind record per question a reader sees.

Per build pass (mkdocs-static-i18n runs one per locale) it collects the questions of every rendered
topic page (``on_page_content``: each ``<h2 id>`` and its answer), folds and segments their text with
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

from _common import content_errors, log, glossary, locale_of, shown_questions, source_path, topic_pages
from mkdocs.exceptions import PluginError

from qa.search import (
    CJK_RUN, SearchBuildError, count_mentions, fold, fold_table, keyword_text, make_segmenter, plain_text,
    questions_from_html, record_html,
)
from qa.search_bundle import BundleError, write_bundle

KEY = "qa_search_pages"  # [(page url without locale prefix, [QuestionText])] of this pass
BUNDLE = {"zh-Hant": "pagefind", "en": "en/pagefind"}
SEGMENTERS_KEY = "qa_search_segmenters"  # {user words: segmenter} for this build (both passes)


def on_pre_build(config):
    # Both language passes share one config object: start each pass with an empty list.
    config[KEY] = []


def on_page_content(html_text, page, config, files):
    topics = {topic.path for topic in topic_pages(config)}
    if source_path(page.file.src_uri) in topics:
        url = page.url[3:] if page.url.startswith("en/") else page.url
        config.setdefault(KEY, []).append((url, questions_from_html(html_text)))
    return html_text


def _glossary(config):
    """(glossary terms, ``search_keywords``) — ``([], None)`` for a site without a glossary."""
    found = glossary(config)
    if not found:
        return [], None
    from qa.glossary import search_keywords

    return found[0], search_keywords


def _chinese_forms(terms, question) -> list[str]:
    """``search_keywords``'s shape, giving the Chinese form of each term the question mentions."""
    text = f"{question.title}\n{question.answer}"
    return [term.zh for term in terms if count_mentions(term, text)]


def on_post_build(config):
    pages = config.get(KEY) or []
    locale = locale_of(config)
    site = Path(config.site_dir)
    if not topic_pages(config):
        return
    questions = [q for _, qs in pages for q in qs]
    if not questions:
        raise PluginError(f"search: no question found in the rendered {locale} topic pages; the search index would be empty")
    source = {q.id: q for qs in shown_questions(config).values() for q in qs}
    with content_errors(prefix=""):
        terms, keywords_of = _glossary(config)
    try:
        corpus = "".join(q.title + plain_text(q) for q in questions) + "".join(t.zh + "".join(t.aliases) for t in terms)
        table = fold_table(corpus)
        user_words = tuple(sorted({fold(t.zh, table) for t in terms} | {fold(a, table) for t in terms for a in t.aliases}))
        # jieba loads its dictionary in ~1.3 s: both language passes of one build share the segmenter
        # (kept on this build's config, so an edited glossary is picked up on the next build)
        segmenters = config.setdefault(SEGMENTERS_KEY, {})
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
