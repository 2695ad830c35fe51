"""Stage: render each topic page for its locale from the core model (qa.render).

Replaces the page's Markdown with the deduplicated view; on English pages the title, headings
and table of contents become English and untranslated answers are marked ``lang="zh-Hant"``.
"""
from __future__ import annotations

from _common import content_errors, source_path
from _state import BuildState

from qa.render import render_topic_markdown


def render(markdown: str, page, state: BuildState) -> str:
    """The Markdown MkDocs renders for ``page``: the topic's deduplicated view, or ``markdown`` unchanged."""
    path = source_path(page.file.src_uri)
    pages = {topic.path: topic for topic in state.pages}
    topic = pages.get(path)
    if topic is None or state.dedup is None:
        return markdown
    if state.locale == "en":
        page.meta["title"] = topic.title_en
    titles = {p.path: (p.title, p.title_en) for p in pages.values()}
    with content_errors():
        return render_topic_markdown(topic, state.locale, state.dedup, titles, state.translations.get(path))
