"""Data model of the question bank: topic pages made of question/answer units."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping


@dataclass(frozen=True)
class Question:
    """One question/answer unit as written in a topic page.

    Attributes:
        id: the explicit, stable English anchor (``inference-speed``); unique site-wide.
        title: the question text in Traditional Chinese, without the ``{#id ...}`` attributes.
        title_en: the question's English title (``data-en`` attribute), or ``None`` if not written.
        answer: the answer's Markdown, every line up to the next question heading, stripped
            of leading and trailing blank lines.
        page: path of the topic page relative to ``docs/`` (``applications.md``).
        line: 1-based line number of the question heading in that page.
        canonical: ``True`` when a maintainer marked this unit canonical for its dedup group
            (heading attribute ``data-canonical``).
        attrs: every ``key="value"`` attribute of the heading, as written (``data-en``,
            ``data-source`` of a translation, ``data-difficulty``, ...); not compared or hashed.
        answer_line: 1-based line in the page of the answer's first line (0 when not known).
    """

    id: str
    title: str
    answer: str
    page: str
    line: int
    title_en: str | None = None
    canonical: bool = False
    attrs: Mapping[str, str] = field(default_factory=dict, compare=False, hash=False)
    answer_line: int = field(default=0, compare=False, hash=False)


@dataclass
class TopicPage:
    """A topic page: front matter, an optional introduction, then its questions.

    Attributes:
        path: relative to ``docs/`` (``applications.md``).
        slug: the page's URL slug, the file name without ``.md`` (``applications``).
        title: Traditional Chinese title (front matter ``title``).
        title_en: English title (front matter ``title_en``).
        order: position of the topic in the navigation (front matter ``order``, an int).
        intro: Markdown between the page heading and the first question ('' if none).
        questions: the page's question units in page order.
        meta: the whole front matter mapping, for keys the core does not interpret.
    """

    path: str
    slug: str
    title: str
    title_en: str
    order: int
    intro: str = ""
    questions: list[Question] = field(default_factory=list)
    meta: dict = field(default_factory=dict)
