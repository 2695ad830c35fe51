"""The printable handout: one HTML document per locale and kind, made from the core model.

Pure Python, no MkDocs. :func:`handout_html` builds the full handout (cover, table of contents,
one section per topic with every shown question numbered and its answer fully expanded, the
glossary as an index at the back); :func:`drill_html` builds the drill sheet (the same
questions with the same numbers, no answers). Both are paged with the CSS in
``qa/handout.css`` (CSS Paged Media: ``@page`` margin boxes, ``target-counter()`` page numbers
in the table of contents and index, ``bookmark-level`` for the PDF outline) and turned into PDF
by :mod:`qa.pdf` (WeasyPrint).

Numbering: question ``j`` of topic ``i`` (both 1-based, topics in ``order``, questions in page
order after dedup) is ``"i.j"`` in both documents, so a drill answer can be looked up in the
handout; it comes from the edition (:func:`qa.edition.make_edition`, numbered by
:func:`qa.numbering.number_questions`), as the site's question headings and the Anki deck do. Anchors are
``q-<question id>`` and ``topic-<slug>``.
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .model import Question, TopicPage
from .edition import CARRIED_STRINGS, Edition, EditionQuestion, carried_intro
from .edition import lang as chinese_lang
from .question_html import QuestionHtml, inline_html

#: the stylesheet both documents are rendered with
CSS_PATH = Path(__file__).with_name("handout.css")

LABELS: dict[str, dict[str, str]] = {
    "zh-Hant": {
        "handout": "講義：問題與參考答案",
        "drill": "自我測驗題目卷",
        "contents": "目錄",
        "glossary": "名詞索引",
        "glossary_intro": "每個名詞後是提到它的題號與頁碼。",
        "edition": "版本日期",
        "source": "內容來源",
        "online": "線上版",
        "drill_intro": "先自己作答（在橫線上寫下答題大綱），再對照講義中同一題號的參考答案。",
        "questions": "題",
        "answer_page": "答案見講義第 {page} 頁",
        "answer_number": "答案見講義第 {number} 題",
    },
    "en": {
        "handout": "Handout: questions and model answers",
        "drill": "Drill sheet: questions only",
        "contents": "Contents",
        "glossary": "Glossary index",
        "glossary_intro": "Each term lists the questions that mention it, with their page numbers.",
        "edition": "Edition",
        "source": "Source",
        "online": "Online edition",
        "drill_intro": "Answer each question yourself (write an outline on the lines), then compare with the "
                       "model answer under the same number in the handout.",
        "questions": "questions",
        "answer_page": "Answer: handout p. {page}",
        "answer_number": "Answer: handout question {number}",
    },
}


#: hosts of a local preview (mkdocs.yml's default site_url): never printed in a published PDF
LOCAL_HOSTS = ("127.0.0.1", "localhost", "0.0.0.0", "::1")


def public_url(site_url: str | None) -> str:
    """The address a published PDF may print.

    Args:
        site_url: the site's configured address (mkdocs.yml takes it from ``SITE_URL``).

    Returns:
        ``site_url`` itself, or ``""`` when it is empty or a local preview address
        (:data:`LOCAL_HOSTS`, e.g. the default ``http://127.0.0.1:8000/``).
    """
    from urllib.parse import urlsplit

    if not site_url:
        return ""
    host = (urlsplit(site_url).hostname or "").lower()
    return "" if not host or host in LOCAL_HOSTS else site_url


@dataclass(frozen=True)
class HandoutMeta:
    """What the cover and the PDF metadata say.

    Attributes:
        title: the document title (the site name of the locale, e.g. ``LLM 面試題庫``).
        locale: ``"zh-Hant"`` or ``"en"``; picks labels and titles, and is the document language.
        edition: the edition date, ISO ``YYYY-MM-DD``.
        source: one sentence on where the content comes from.
        url: the online edition's address (``""`` to leave it out).
    """

    title: str
    locale: str
    edition: str
    source: str
    url: str = ""


@dataclass(frozen=True)
class GlossaryEntry:
    """One index entry: a term and the questions that mention it.

    Attributes:
        term: the term in the handout's language.
        other: the term in the other language (``""`` if the same or unknown).
        definition: a one-line plain-text definition (``""`` to leave it out).
        question_ids: ids of the shown questions that mention the term, in any order.
    """

    term: str
    other: str
    definition: str
    question_ids: tuple[str, ...]


def glossary_entries(terms: Iterable, mentions: Mapping[str, Iterable[Question]], locale: str) -> list[GlossaryEntry]:
    """Index entries from glossary terms (duck-typed ``qa.glossary.Term``) and their mentions.

    Args:
        terms: objects with ``id``, ``zh``, ``en`` and optional ``definition_zh`` /
            ``definition_en`` attributes.
        mentions: term id → questions mentioning it (``qa.glossary.find_mentions``).
        locale: ``"zh-Hant"`` sorts by and shows the Chinese term first; ``"en"`` the English.

    Returns:
        Entries of the terms mentioned at least once, sorted by the shown term (case-folded).
    """
    english = locale == "en"
    entries = []
    for term in terms:
        ids = tuple(q.id for q in mentions.get(term.id, ()))
        if not ids:
            continue
        zh, en = getattr(term, "zh", "") or "", getattr(term, "en", "") or ""
        shown, other = (en or zh, zh) if english else (zh or en, en)
        definition = getattr(term, "definition_en" if english else "definition_zh", "") or ""
        entries.append(GlossaryEntry(shown, "" if other == shown else other, definition.strip(), ids))
    return sorted(entries, key=lambda e: e.term.casefold())


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _head(meta: HandoutMeta, kind_label: str) -> str:
    title = f"{meta.title} — {kind_label}"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_esc(meta.locale)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{_esc(title)}</title>\n"
        f'<meta name="description" content="{_esc(meta.source)}">\n'
        f'<meta name="dcterms.created" content="{_esc(meta.edition)}">\n'
        f'<meta name="dcterms.modified" content="{_esc(meta.edition)}">\n'
        "</head>\n"
    )


def _cover(meta: HandoutMeta, kind_label: str, count: int, topics: int) -> str:
    labels = LABELS[meta.locale]
    url = (f'<p class="url">{labels["online"]}: <a href="{_esc(meta.url)}">{_esc(meta.url)}</a></p>\n'
           if meta.url else "")
    size = (f"{topics} topics · {count} questions" if meta.locale == "en"
            else f"{topics} 個主題 · {count} {labels['questions']}")
    return (
        '<section class="cover">\n'
        f'<h1 class="doc-title">{_esc(meta.title)}</h1>\n'
        f'<p class="kind">{_esc(kind_label)}</p>\n'
        f'<p class="size">{_esc(size)}</p>\n'
        f'<dl class="facts"><dt>{labels["edition"]}</dt><dd>{_esc(meta.edition)}</dd>\n'
        f'<dt>{labels["source"]}</dt><dd>{_esc(meta.source)}</dd></dl>\n'
        f"{url}</section>\n"
    )


def _grouped(edition: Edition) -> list[tuple[int, TopicPage, list[EditionQuestion]]]:
    """(topic number, topic page, its questions) of an edition, in number order."""
    return [(number, topic, items) for number, (topic, items) in enumerate(edition.topics(), 1)]


def handout_html(
    edition: Edition,
    meta: HandoutMeta,
    render_markdown: Callable[[str], str],
    pieces: Mapping[str, QuestionHtml],
    glossary: Sequence[GlossaryEntry] | None = None,
    annotations: Mapping[str, tuple[str, str]] | None = None,
    wording: Callable[[str], str] = lambda document: document,
) -> str:
    """The full handout of one edition as one HTML document (to be rendered with :data:`CSS_PATH`).

    Args:
        edition: :func:`qa.edition.make_edition` — the numbered questions with their titles, answers
            and carried text as the edition shows them, each printed with its ``lang``.
        meta: cover and metadata (:class:`HandoutMeta`); ``meta.locale`` picks the labels and is the
            document's language.
        render_markdown: Markdown → HTML fragment, e.g. the site's own Markdown extensions, for the titles
            and topic introductions. It must not add permalink anchors; collapsed blocks (``<details>``) are
            opened here.
        pieces: question id → the answer, notes and carried blocks as HTML, as the edition's pages show
            them (:class:`qa.question_html.QuestionHtml`; :func:`qa.question_html.render_pieces` without pages),
            already in the edition's wording.
        glossary: index entries (:func:`glossary_entries`); entries whose questions are not
            shown are dropped, and the index is left out when none remains.
        annotations: question id → (HTML printed under the title: difficulty and origin,
            ``qa.metadata.badge_html``; Markdown printed after the answer: technical notes,
            ``qa.metadata.note_markdown``, which ``pieces`` holds as HTML), in ``meta.locale``.
        wording: the edition's conversion of the HTML the handout writes itself (labels, titles, the glossary),
            applied to the whole document before ``pieces`` go in (they are not converted twice).

    What a merged repeat adds prints after the answer under :data:`qa.edition.CARRIED_STRINGS`'s label,
    each part after the line :func:`qa.edition.carried_intro` writes (no raw id, no link).

    Returns:
        A complete HTML document (str). Anchors: ``topic-<slug>``, ``q-<id>``, ``glossary``.

    Raises:
        KeyError: ``meta.locale`` is not in :data:`LABELS`.
    """
    labels = LABELS[meta.locale]
    groups = _grouped(edition)
    numbers = {item.id: item.number for item in edition.questions}
    held: list[str] = []

    def piece(fragment: str) -> str:  # a comment: the wording converts text nodes only
        held.append(fragment)
        return f"<!--qa-piece {len(held) - 1}-->"

    index = [e for e in (glossary or ()) if any(i in numbers for i in e.question_ids)]

    parts = [_head(meta, labels["handout"]), '<body class="handout">\n',
             _cover(meta, labels["handout"], len(edition.questions), len(groups))]

    toc = ['<nav class="toc">\n', f'<h1 class="toc-title">{labels["contents"]}</h1>\n<ol class="toc-topics">\n']
    for topic_no, topic, items in groups:
        toc.append(f'<li class="toc-topic"><a href="#topic-{_esc(topic.slug)}"><span class="num">{topic_no}</span> '
                   f"{_esc(edition.topic_title(topic).markdown)}</a>\n<ol>\n")
        for item in items:
            toc.append(f'<li><a href="#q-{_esc(item.id)}" lang="{item.title.lang}"><span class="num">{item.number}</span> '
                       f"{inline_html(item.title.markdown, render_markdown)}</a></li>\n")
        toc.append("</ol></li>\n")
    if index:
        toc.append(f'<li class="toc-topic"><a href="#glossary"><span class="num"></span>{labels["glossary"]}</a></li>\n')
    toc.append("</ol>\n</nav>\n")
    parts += toc

    for topic_no, topic, items in groups:
        topic_title = _esc(edition.topic_title(topic).markdown)
        parts.append(f'<section class="topic" id="topic-{_esc(topic.slug)}">\n'
                     f'<h1 class="topic-title" data-running="{topic_no} {topic_title}">'
                     f'<span class="num">{topic_no}</span> {topic_title}</h1>\n')
        if topic.intro.strip():
            parts.append(f'<div class="intro" lang="{chinese_lang(edition.locale)}">{open_details(render_markdown(topic.intro))}</div>\n')
        running = f"{topic_no} {topic_title}"
        for item in items:
            question = item.question
            badge = (annotations or {}).get(question.id, ("", ""))[0]
            html_of = pieces[question.id]
            parts.append(f'<article class="question" id="q-{_esc(question.id)}" data-running="{running}">\n'
                         f'<h2 class="question-title" lang="{item.title.lang}"><span class="num">{item.number}</span> '
                         f'{inline_html(item.title.markdown, render_markdown)}</h2>\n{badge}'
                         f'<div class="answer" lang="{item.answer.lang}">\n{piece(open_details(html_of.answer))}\n</div>\n')
            if html_of.note:
                parts.append(f'<div class="notes" lang="{meta.locale}">{piece(html_of.note)}</div>\n')
            if item.carried:
                parts.append(f'<div class="carried"><p class="carried-label">{CARRIED_STRINGS[meta.locale]["label"]}</p>\n')
                for block, block_html in zip(item.carried, html_of.carried, strict=True):
                    line = _esc(carried_intro(question, block.source, edition.locale))
                    parts.append(f'<p class="carried-source" lang="{meta.locale}">{line}</p>\n'
                                 f'<div class="carried-text" lang="{item.carried_lang}">{piece(open_details(block_html))}</div>\n')
                parts.append("</div>\n")
            parts.append("</article>\n")
        parts.append("</section>\n")

    if index:
        parts.append(f'<section class="glossary" id="glossary">\n<h1 class="glossary-title" data-running="{labels["glossary"]}">'
                     f'{labels["glossary"]}</h1>\n'
                     f'<p class="glossary-intro">{labels["glossary_intro"]}</p>\n<dl>\n')
        for entry in index:
            other = f' <span class="other">{_esc(entry.other)}</span>' if entry.other else ""
            refs = ("、" if meta.locale == "zh-Hant" else ", ").join(f'<a class="ref" href="#q-{_esc(i)}">{numbers[i]}</a>'
                             for i in sorted((i for i in set(entry.question_ids) if i in numbers),
                                             key=lambda i: [int(n) for n in numbers[i].split(".")]))
            definition = f'<span class="definition">{_esc(entry.definition)}</span> ' if entry.definition else ""
            parts.append(f"<dt>{_esc(entry.term)}{other}</dt><dd>{definition}<span class=\"refs\">{refs}</span></dd>\n")
        parts.append("</dl>\n</section>\n")

    parts.append("</body>\n</html>\n")
    return re.sub(r"<!--qa-piece (\d+)-->", lambda match: held[int(match.group(1))], wording("".join(parts)))


def drill_html(edition: Edition, meta: HandoutMeta, render_markdown: Callable[[str], str] | None = None,
               answer_pages: Mapping[str, int] | None = None) -> str:
    """The drill sheet: every shown question, numbered as in :func:`handout_html`, no answers.

    Args:
        edition, meta: as for :func:`handout_html`.
        render_markdown: renders the titles' inline Markdown (``code``); ``None`` prints them as text.
        answer_pages: question id → the handout page (1-based) its answer starts on. Without it
            each question names its handout number, and a ``data-answer-label`` lets
            :func:`fill_answer_pages` put the page in once the handout is laid out.

    Returns:
        A complete HTML document (str) with a title block, then per topic a heading and the
        numbered questions, each followed by where its answer is in the handout
        (「答案見講義第 N 頁」 / "Answer: handout p. N") and ruled space for a written outline.
    """
    labels = LABELS[meta.locale]
    groups = _grouped(edition)
    parts = [_head(meta, labels["drill"]), '<body class="drill">\n',
             f'<header class="drill-head"><h1 class="doc-title">{_esc(meta.title)}</h1>\n'
             f'<p class="kind">{labels["drill"]} · {labels["edition"]} {_esc(meta.edition)}</p>\n'
             f'<p class="drill-intro">{labels["drill_intro"]}</p></header>\n']
    for topic_no, topic, items in groups:
        topic_title = _esc(edition.topic_title(topic).markdown)
        running = f"{topic_no} {topic_title}"
        parts.append(f'<section class="topic" id="topic-{_esc(topic.slug)}">\n'
                     f'<h1 class="topic-title" data-running="{running}">'
                     f'<span class="num">{topic_no}</span> {topic_title}</h1>\n<ol class="drill-list">\n')
        for item in items:
            text, lang = item.title.markdown, item.title.lang
            qid = item.id
            page = (answer_pages or {}).get(qid)
            where = (labels["answer_page"].format(page=page) if page is not None
                     else labels["answer_number"].format(number=item.number))
            parts.append(f'<li id="q-{_esc(qid)}" data-running="{running}"><h2 class="question-title" lang="{lang}">'
                         f'<span class="num">{item.number}</span> {inline_html(text, render_markdown)}</h2>'
                         f'<p class="answer-ref" data-q="{_esc(qid)}" data-answer-label="{_esc(labels["answer_page"])}">'
                         f'{_esc(where)}</p><div class="space"></div></li>\n')
        parts.append("</ol>\n</section>\n")
    parts.append("</body>\n</html>\n")
    return "".join(parts)


_ANSWER_REF = re.compile(r'(<p class="answer-ref" data-q="([^"]*)" data-answer-label="([^"]*)">)[^<]*(</p>)')


def fill_answer_pages(drill: str, answer_pages: Mapping[str, int]) -> str:
    """Put the handout page of each answer into a drill sheet made by :func:`drill_html`.

    Args:
        drill: the drill sheet's HTML.
        answer_pages: question id (``one``, not ``q-one``) → 1-based handout page, e.g. from
            :attr:`qa.pdf.PdfResult.anchors` of the laid-out handout.

    Returns:
        The HTML with 「答案見講義第 N 頁」 / "Answer: handout p. N" for every question found in
        ``answer_pages``; the others keep their handout number.
    """
    def fill(match: re.Match) -> str:
        page = answer_pages.get(html.unescape(match.group(2)))
        if page is None:
            return match.group(0)
        return match.group(1) + _esc(html.unescape(match.group(3)).format(page=page)) + match.group(4)

    return _ANSWER_REF.sub(fill, drill)


def open_details(fragment: str) -> str:
    """Open every collapsed ``<details>`` block of an HTML fragment (paper cannot click).

    Args:
        fragment: HTML as produced by Markdown (pymdownx.details writes ``<details class=...>``).

    Returns:
        The fragment with the ``open`` attribute on every ``<details>`` start tag.
    """
    return re.sub(r"<details(?![^>]*\sopen[\s>=])(\s[^>]*)?>",
                  lambda m: f"<details{m.group(1) or ''} open>", fragment)
