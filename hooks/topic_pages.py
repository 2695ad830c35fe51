"""Stage: find and parse the topic pages (front matter ``kind: topic``, read as YAML).

Also reads each topic's English version ``docs/<slug>.en.md`` when one exists (translated
answers), and warns — a failure under ``--strict`` — about a question without an English title.
Fails the build with ``docs/<file>:<line>: <what to fix>`` on broken front matter, a question
heading without an id or answer, an unclosed code fence, or an id used twice site-wide.
Fills ``BuildState.pages`` (nav order) and ``BuildState.translations``.
"""
from __future__ import annotations

from _common import content_errors, log
from _state import BuildState, digest

from qa.parse import check_unique_ids, is_topic_page, parse_topic_page, parse_translation


def parse(files, state: BuildState) -> None:
    """Parse every topic page of ``files`` (MkDocs ``Files`` of all languages) into ``state``."""
    by_uri = {file.src_uri: file for file in files.documentation_pages()}
    pages, translated, keys = [], {}, {}
    with content_errors():
        for uri, file in by_uri.items():
            if uri.endswith(".en.md"):
                continue
            text = file.content_string
            key = digest(uri, text)
            if not state.reused("is-topic", key, lambda: is_topic_page(text, uri)):
                continue
            page = state.reused("topic", key, lambda: parse_topic_page(text, uri))
            pages.append(page)
            keys[uri] = key
            english = by_uri.get(uri[:-3] + ".en.md")
            if english is not None:
                keys[uri] = digest(key, english.src_uri, english.content_string)
                translated[uri] = state.reused("translation", keys[uri],
                                               lambda: parse_translation(english.content_string, english.src_uri, page))
        pages.sort(key=lambda page: (page.order, page.path))
        check_unique_ids(pages)
    for page in pages:
        for question in page.questions:
            if not question.title_en and question.id not in translated.get(page.path, {}):
                log.warning(f"docs/{page.path}:{question.line}: question '{question.id}' has no English title; "
                            'add data-en="..." to its heading attributes')
    state.pages = pages
    state.translations = translated
    state.page_keys = keys
