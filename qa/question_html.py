"""Each shown question's rendered pieces, cut from its topic page: the answers are converted once per edition.

Pure Python, no MkDocs. :func:`qa.render.render_topic_markdown` wraps the answer, the technical notes and each
carried block of a shown question in marks (:func:`mark`: HTML comments, which Markdown passes through as
they are); MkDocs converts the page once; :func:`cut` then takes the marks out of the page's HTML and returns
what was between them, per question. The Anki deck (and any other copy outside the pages) reuses that HTML
instead of converting the answers' Markdown again.

:func:`render_pieces` makes the same pieces with a Markdown renderer, for callers that have no page (the
core's tests).
"""
from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .edition import Edition
from .keypoints import key_points

#: the kinds of piece a page marks, in the order they follow the question's heading
KINDS = ("answer", "note", "carried")

_MARKED = re.compile(r"<!--qa:(answer|note|carried) ([^ >]+)-->\n?(.*?)<!--/qa-->\n?", re.S)
#: the permalink MkDocs' ``toc`` adds to a heading: a page's, meaningless in a copy
_PERMALINK = re.compile(r'<a class="headerlink" href="#[^"]*"[^>]*>.*?</a>', re.S)


@dataclass
class QuestionHtml:
    """What one edition shows of one question, as HTML fragments.

    Attributes:
        answer: the answer (the English one where translated; the Chinese one when pending).
        note: the technical notes shown after it (``""``: none).
        carried: what each merged repeat adds (``qa.edition.EditionQuestion.carried``), one fragment each.
        title: the title as inline HTML (no ``<p>``); key_points: the key points (``qa.keypoints``) as HTML,
            ``""`` when the answer has none. These two are not on the page's marks: the caller fills them.
    """

    answer: str = ""
    note: str = ""
    carried: list[str] = field(default_factory=list)
    title: str = ""
    key_points: str = ""


def mark(kind: str, question_id: str, markdown: str) -> str:
    """``markdown`` between the marks of one piece (``kind`` in :data:`KINDS`), blank lines around each mark
    so Markdown keeps them as blocks of their own (inside indented blocks and ``markdown`` divs too)."""
    if kind not in KINDS:
        raise ValueError(f"unknown piece kind {kind!r}: one of {KINDS}")
    return f"<!--qa:{kind} {question_id}-->\n\n{markdown}\n\n<!--/qa-->"


def cut(page_html: str, into: dict[str, QuestionHtml] | None = None) -> tuple[str, dict[str, QuestionHtml]]:
    """Take the marks out of a converted page.

    Args:
        page_html: the page's HTML as Markdown converted it from :func:`mark` ed pieces.
        into: question id → pieces found so far (other pages of the edition); added to and returned.

    Returns:
        ``(page_html without the marks, into)``: the HTML the reader gets is the page's own, unchanged
        but for the marks; each piece's fragment has no heading permalinks (``<a class="headerlink">``).
    """
    found = {} if into is None else into

    def take(match: re.Match) -> str:
        kind, question_id, fragment = match.groups()
        piece = found.setdefault(question_id, QuestionHtml())
        text = _PERMALINK.sub("", fragment).strip()
        if kind == "carried":
            piece.carried.append(text)
        else:
            setattr(piece, kind, text)
        return fragment

    return _MARKED.sub(take, page_html), found


def inline_html(text: str, render_markdown: Callable[[str], str] | None) -> str:
    """One line of Markdown (a question title) as inline HTML: ``render_markdown`` output with
    its single ``<p>`` wrapper removed; escaped plain text when ``render_markdown`` is ``None``."""
    if render_markdown is None:
        return html.escape(text, quote=True)
    out = render_markdown(text).strip()
    match = re.fullmatch(r"<p>(.*)</p>", out, flags=re.S)
    return match.group(1) if match else html.escape(text, quote=True)


def render_pieces(edition: Edition, render_markdown: Callable[[str], str],
                  annotations: Mapping[str, tuple[str, str]] | None = None,
                  origins: Mapping[str, str] | None = None) -> dict[str, QuestionHtml]:
    """The pieces of every question of ``edition`` rendered with ``render_markdown`` (Markdown → HTML), as
    :func:`cut` gives them from a page, with ``title`` and ``key_points`` filled in (the key-points rule of
    ``origins``: question id → ``"added"`` or ``"original"``; ``annotations``: question id → (badge HTML,
    notes Markdown), as ``qa.anki.deck_notes`` takes them)."""
    out = {}
    for item in edition.questions:
        note = (annotations or {}).get(item.id, ("", ""))[1]
        points = key_points(item.answer.markdown, (origins or {}).get(item.id, "original"))
        out[item.id] = QuestionHtml(
            answer=render_markdown(item.answer.markdown).strip(), note=render_markdown(note).strip() if note else "",
            carried=[render_markdown(block.markdown).strip() for block in item.carried],
            title=inline_html(item.title.markdown, render_markdown), key_points=render_markdown(points) if points else "")
    return out
