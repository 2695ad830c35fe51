"""Study mode's data: which question an id stands for, and the question list the browser reads.

Pure Python, no MkDocs. Study mode (``docs/javascripts/study.js``) keeps a reader's marks
("Know it" / "Review") in ``localStorage`` under each question's permanent id, the ``{#id}`` a
maintainer wrote. Dedup may merge several ids into one shown question; :func:`shown_id_map`
says which shown question each written id now stands for, so a mark made under an old id (or
imported from an older export) lands on the question readers see. :func:`study_data` is the
JSON document each locale's build writes for the browser (``study.json``, ``en/study.json``):
the topics, their questions in number order with titles and links, and that id map.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from .dedup import DedupResult
from .handout import inline_html
from .model import TopicPage
from .numbering import Numbered

#: version of the :func:`study_data` document and of the marks the browser stores and exports
FORMAT_VERSION = 1


def shown_id_map(pages: Sequence[TopicPage], result: DedupResult) -> dict[str, str]:
    """Every question id written in ``pages`` → the id of the question readers see for it.

    Args:
        pages: all parsed topic pages.
        result: :func:`qa.dedup.dedupe` over those pages.

    Returns:
        ``{written id: shown id}`` for every unit of every page: a unit that dedup merged into a
        group (on the same page or on another) maps to its group's canonical id; any other unit
        maps to itself.
    """
    out: dict[str, str] = {}
    for page in pages:
        for question in page.questions:
            group = result.group_of(question.id)
            out[question.id] = group.canonical.id if group is not None else question.id
    return out


def _title(item: Numbered, locale: str, english_titles: Mapping[str, str]) -> tuple[str, str]:
    question = item.question
    if locale == "en":
        title = english_titles.get(question.id) or question.title_en
        if title:
            return title, "en"
    return question.title, "zh-Hant"


def study_data(numbered: Sequence[Numbered], locale: str, topic_urls: Mapping[str, str],
               id_map: Mapping[str, str], render_markdown: Callable[[str], str] | None = None,
               english_titles: Mapping[str, str] | None = None) -> dict:
    """The JSON-ready question list of one locale for the browser's study mode.

    Args:
        numbered: :func:`qa.numbering.number_questions` of the shown questions.
        locale: ``"zh-Hant"`` or ``"en"``; picks topic and question titles (English titles fall
            back to the Chinese title, marked ``"lang": "zh-Hant"``).
        topic_urls: topic page path (``applications.md``) → its URL relative to the locale's
            root (``applications/``).
        id_map: :func:`shown_id_map`.
        render_markdown: renders a title's inline Markdown (`` `code` ``) to HTML; ``None``
            escapes the title as plain text.
        english_titles: question id → English title of a translated answer
            (``docs/<slug>.en.md``), preferred over ``data-en`` on English pages.

    Returns:
        ``{"version": 1, "locale", "topics": [{"slug", "title", "url", "questions": [id, ...]}],
        "questions": [{"id", "number", "title_html", "lang", "topic", "url"}],
        "aliases": {written id: shown id}}`` — questions in number order; ``aliases`` lists only
        ids that differ from their shown id; every URL is relative to the locale's root.

    Raises:
        KeyError: a numbered question's topic page is missing from ``topic_urls``.
    """
    english_titles = english_titles or {}
    topics: list[dict] = []
    questions: list[dict] = []
    for item in numbered:
        topic = item.topic
        url = topic_urls[topic.path]
        if not topics or topics[-1]["slug"] != topic.slug:
            title = topic.title_en if locale == "en" and topic.title_en else topic.title
            topics.append({"slug": topic.slug, "title": title, "url": url, "questions": []})
        topics[-1]["questions"].append(item.question.id)
        text, lang = _title(item, locale, english_titles)
        questions.append({"id": item.question.id, "number": item.number,
                          "title_html": inline_html(text, render_markdown), "lang": lang,
                          "topic": topic.slug, "url": f"{url}#{item.question.id}"})
    aliases = {written: shown for written, shown in sorted(id_map.items()) if written != shown}
    return {"version": FORMAT_VERSION, "locale": locale, "topics": topics, "questions": questions,
            "aliases": aliases}
