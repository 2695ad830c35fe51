"""Question numbers ``"topic.question"`` — the one numbering the site, the handout and the drill sheet share.

Pure Python, no MkDocs. The site shows each question's number next to its heading
(``hooks/topic_render.py`` via :func:`qa.render.render_topic_markdown`), the PDF handout and drill
sheet print it (:mod:`qa.handout`), and the Anki deck puts it on the card front (:mod:`qa.anki`);
all of them call :func:`number_questions`, so a number read on one is the number on the others
(the drill sheet's 「對照講義中同一題號」).

Rule: question ``j`` of topic ``i`` (both 1-based) is ``"i.j"``; topics are taken in navigation
order (front matter ``order``, as ``hooks/topic_pages.py`` sorts them), questions in reading order
after dedup (:func:`qa.render.shown_in_order`). A topic that shows no question takes no number.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .model import Question, TopicPage


@dataclass(frozen=True)
class Numbered:
    """A shown question with its number (``"2.3"``) and its topic page."""

    number: str
    question: Question
    topic: TopicPage


def number_questions(pages: Sequence[TopicPage], shown: Mapping[str, Sequence[Question]]) -> list[Numbered]:
    """Number the shown questions ``"topic.question"`` in topic order, then page order.

    Args:
        pages: topic pages in navigation order.
        shown: page path → questions readers see on that page (after dedup). A page missing
            from the mapping shows all its questions.

    Returns:
        One :class:`Numbered` per shown question. Topics that show no question are skipped and
        do not take a number.
    """
    out: list[Numbered] = []
    topic_no = 0
    for page in pages:
        questions = list(shown.get(page.path, page.questions))
        if not questions:
            continue
        topic_no += 1
        out += [Numbered(f"{topic_no}.{j}", q, page) for j, q in enumerate(questions, 1)]
    return out


def numbers_by_id(numbered: Sequence[Numbered]) -> dict[str, str]:
    """Question id → its number (``{"inference-speed": "1.1"}``), from :func:`number_questions`."""
    return {item.question.id: item.number for item in numbered}
