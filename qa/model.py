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


# -- the result of qa.dedup.dedupe -----------------------------------------------------------------

@dataclass(frozen=True)
class Merged:
    """A unit dropped from display because it repeats its group's canonical unit.

    Attributes:
        question: the dropped unit.
        title_score: ``fuzz.ratio`` of its folded title and the canonical's, in ``[0, 1]``.
        answer_score: 3-gram containment of the smaller of the two answers in the larger, ``[0, 1]``.
        reason: ``"same-question"``, ``"near-repeat"`` or ``"same-answer"`` — the rule that
            holds against the canonical, else the rule of the first pair that linked it.
    """

    question: Question
    title_score: float
    answer_score: float
    reason: str


@dataclass(frozen=True)
class Carried:
    """A sentence of a dropped unit that the canonical answer lacks, kept under the canonical.

    Attributes:
        sentence: the sentence's original Markdown (inline markup kept, no list bullet); a
            code line as written.
        source: the dropped unit it comes from.
    """

    sentence: str
    source: Question
    index: int = -1


@dataclass(frozen=True)
class CarriedText:
    """The carried sentences of one dropped version as Markdown that keeps their structure.

    Attributes:
        source: the dropped unit the text comes from (its id stays a valid anchor).
        markdown: the lines of ``source.answer`` that hold a carried sentence, each with only its
            carried sentences, plus the lines that give them their place (see
            :func:`carried_texts`): a sentence stays under its bold label, a nested item under its
            parent item, a list under its introduction, a code line inside its whole fenced block.
    """

    source: Question
    markdown: str


@dataclass(frozen=True)
class Group:
    """Two or more units that are one question.

    Attributes:
        canonical: the unit shown in full.
        merged: the other units, in (page, line) order; never includes the canonical.
        carried: sentences of ``merged`` answers not covered by the canonical answer, in
            (page, line, sentence) order, without repeats.
    """

    canonical: Question
    merged: tuple[Merged, ...]
    carried: tuple[Carried, ...]

    @property
    def members(self) -> tuple[Question, ...]:
        """The canonical unit followed by the merged units."""
        return (self.canonical, *(m.question for m in self.merged))


@dataclass(frozen=True)
class DedupResult:
    """What :func:`dedupe` found.

    Attributes:
        groups: groups of two or more units, ordered by their canonical's (page, line).
        units_in: number of input units.
        units_shown: units still shown in full, ``units_in - sum(len(g.merged))``.
    """

    groups: tuple[Group, ...]
    units_in: int
    units_shown: int
    #: candidate pairs that were scored and kept apart: ``(question, question, title_score, answer_score,
    #: size_ratio)`` in (page, line) order of the first; the report says which rule each pair missed
    kept_apart: tuple = ()
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for group in self.groups:
            for question in group.members:
                self._index[question.id] = group

    def group_of(self, question_id: str) -> Group | None:
        """The group holding the unit with this id (as canonical or merged), else ``None``."""
        return self._index.get(question_id)


