"""Stage: render each topic page for its locale from the core model (qa.render).

Replaces the page's Markdown with the deduplicated view, each shown question's heading carrying its
number (``data-qa-number``, from the edition: the handout's numbering); on English pages the title, headings
and table of contents become English and untranslated answers are marked ``lang="zh-Hant"``.
"""
from __future__ import annotations

import re

import question_metadata
from _common import content_errors, source_path
from _state import BuildState

from qa.edition import is_english
from qa.render import render_topic_markdown


def render(markdown: str, page, state: BuildState) -> str:
    """The Markdown MkDocs renders for ``page``: the topic's deduplicated view, or ``markdown`` unchanged."""
    path = source_path(page.file.src_uri)
    pages = {topic.path: topic for topic in state.bank.pages}
    topic = pages.get(path)
    if topic is None or state.bank.dedup is None:
        return markdown
    if is_english(state.locale):
        page.meta["title"] = topic.title_en
    with content_errors():
        return render_topic_markdown(topic, state.editions[state.locale], state.bank.dedup,
                                     annotations=question_metadata.annotations(state))


#: a highlighted code token (Pygments ``<span class="c1">``) whose text holds Chinese: code blocks
#: stay byte-identical in both editions, so their Chinese comments are marked for screen readers
_CHINESE_TOKEN = re.compile(r'<span class="([^"]+)">([^<]*[\u3400-\u9fff][^<]*)</span>')


def mark_english(html: str, page, state: BuildState) -> str:
    """English topic pages: mark Chinese comments inside code ``lang="zh-Hant"``, and leave the Chinese
    sub-headings of untranslated answers out of the table of contents (their text is Chinese and
    the table of contents cannot mark it ``lang``). Other pages: ``html`` unchanged."""
    if state.locale != "en":
        return html
    path = source_path(page.file.src_uri)
    if path not in {topic.path for topic in state.bank.pages}:
        return html
    english = state.bank.translations.get(path) or {}

    def prune(items):
        for item in items:
            if item.level == 2 and item.id not in english:
                item.children = []
            prune(item.children)

    prune(page.toc.items)
    return _CHINESE_TOKEN.sub(r'<span class="\1" lang="zh-Hant">\2</span>', html)
