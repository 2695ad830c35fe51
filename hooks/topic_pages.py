"""Stage: find and parse the topic pages (front matter ``kind: topic``, read as YAML).

Also reads each topic's English version ``docs/<slug>.en.md`` when one exists (translated
answers), and warns — a failure under ``--strict`` — about a question without an English title.
Fails the build with ``docs/<file>:<line>: <what to fix>`` on broken front matter, a question
heading without an id or answer, an unclosed code fence, or an id used twice site-wide.
Before that, every Markdown page of docs/ is checked as a source file: a dangling symbolic link, a
file that is not UTF-8, a page written as a topic page (``{#id data-en=...}`` headings) whose front
matter does not say ``kind: topic``, and a docs/ without any topic page fail with the page's name
(and line). Topic pages live directly in docs/ (sub-folders are refused, :func:`qa.parse.parse_topic_page`).
Fills ``BuildState.pages`` (nav order) and ``BuildState.translations``.
"""
from __future__ import annotations

import os

from _common import content_errors, log
from _state import BuildState, digest

from qa.errors import ContentError
from qa.parse import check_kind, check_unique_ids, is_topic_page, parse_topic_page, parse_translation
from qa.source import read_text


def check_source(file) -> None:
    """Refuse a page MkDocs could not read or would misread: a symbolic link to nothing, bytes that are
    not UTF-8 (a page saved as Big5), ``kind: topic`` missing or mistyped on a page written as one.

    Raises:
        ContentError: naming the page (relative to docs/) and, where there is one, the line.
    """
    uri, path = file.src_uri, file.abs_src_path
    if path is None:  # a generated page
        return
    if os.path.islink(path) and not os.path.exists(path):
        raise ContentError(uri, 0, f"is a symbolic link to {os.readlink(path)}, which does not exist; "
                                   "point it at an existing file or delete it")
    text = read_text(path, uri)
    if not uri.endswith(".en.md"):
        check_kind(text.removeprefix("\ufeff"), uri)


def parse(files, state: BuildState) -> None:
    """Parse every topic page of ``files`` (MkDocs ``Files`` of all languages) into ``state``."""
    by_uri = {file.src_uri: file for file in files.documentation_pages()}
    pages, translated, keys = [], {}, {}
    with content_errors():
        for file in by_uri.values():
            check_source(file)
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
        if not pages:
            raise ContentError("", 0, "no topic page (front matter 'kind: topic'); add one, e.g. docs/applications.md "
                                      "as README.md's 'Adding a question' shows")
        pages.sort(key=lambda page: (page.order, page.path))
        check_unique_ids(pages)
    for page in pages:
        for question in page.questions:
            if not question.title_en and question.id not in translated.get(page.path, {}):
                log.warning(f"docs/{page.path}:{question.line}: question '{question.id}' has no English title; "
                            'add data-en="..." to its heading attributes')
    state.bank.pages = pages
    state.bank.translations = translated
    state.bank.page_keys = keys
