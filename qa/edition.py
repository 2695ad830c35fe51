"""The site's editions: one per reader language, each with its own pages, navigation and search index.

Pure Python, no MkDocs. The Traditional Chinese pages (``docs/<slug>.md``) are the source of both Chinese
editions; the English pages (``docs/<slug>.en.md``) hold the English answers.

============  ===========  ======================================================================
locale        at           made from
============  ===========  ======================================================================
``zh-Hant``   ``/``        the Chinese pages, in Taiwan usage (:class:`qa.regional.Taiwan`)
``zh-Hans``   ``/zh-Hans/`` the Chinese pages, in Simplified script and mainland usage
                           (:class:`qa.regional.Mainland`, from the Taiwan-worded text)
``en``        ``/en/``     the English pages; a missing translation shows the Chinese answer
============  ===========  ======================================================================

Reader-facing strings are written once per language, in Traditional Chinese and English
(:func:`words`); the 简体中文 edition's are the Traditional ones converted with the edition's text.
"""
from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from .model import CarriedText, DedupResult, Question, TopicPage
from .carried import carried_texts, context_lines
from .numbering import Numbered
from .parse import carried_context, split_carried
from .source import markdown_text

#: the editions, default first (the order of mkdocs.yml's i18n languages)
LOCALES = ("zh-Hant", "zh-Hans", "en")
#: the locale of the Chinese source pages and of the strings the Chinese editions share
SOURCE_LOCALE = "zh-Hant"


def words(locale: str) -> str:
    """The locale whose written strings (labels, notes) an edition shows: ``"en"`` for English, else
    ``"zh-Hant"`` (the 简体中文 edition converts them with its text)."""
    return "en" if locale == "en" else SOURCE_LOCALE


def is_english(locale: str) -> bool:
    """Whether the edition shows the English answers (``docs/<slug>.en.md``)."""
    return locale == "en"


def lang(locale: str) -> str:
    """The ``lang`` of the edition's Chinese text: the edition's own locale for a Chinese edition, the
    source's (``zh-Hant``) for Chinese text left on an English page."""
    return SOURCE_LOCALE if locale == "en" else locale


# -- the edition object: what a reader of one edition sees of every shown question ------------------


@dataclass(frozen=True)
class Piece:
    """Reader-facing text: Markdown (a title: one line of inline Markdown) and the ``lang`` it is written in."""

    markdown: str
    lang: str


@dataclass(frozen=True)
class EditionQuestion:
    """One shown question as an edition shows it (see :func:`make_edition` for every rule).

    Attributes:
        question: the source question (``docs/<slug>.md``), for its id, page, line and metadata.
        number: ``"2.3"`` (``qa.numbering``), the same in every edition.
        topic: its topic page.
        title: the heading in the edition's language (:func:`edition_title`).
        answer: the answer body in the edition's language, or the Chinese one for an English edition
            whose translation is missing (``status == "pending"``, ``lang == "zh-Hant"``).
        status: ``"source"`` (a Chinese edition), ``"translated"``, ``"stale"`` (translated, but the
            Chinese text changed since: ``qa.translation``) or ``"pending"`` (no English yet).
        carried: what the question's merged repeats add (``qa.carried.carried_texts``), one part per
            source version, in ``carried_lang`` (English where the translation gives one sentence per
            carried Chinese sentence, as the site shows it).
        merged_ids: ids of the questions dedup merged into this one (old links to them lead here).
    """

    question: Question
    number: str
    topic: TopicPage
    title: Piece
    answer: Piece
    status: str
    carried: tuple[CarriedText, ...]
    carried_lang: str
    merged_ids: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.question.id


@dataclass(frozen=True)
class Edition:
    """Every shown question of one edition, in number order, made once per build (:func:`make_edition`)
    and read by each output: topic pages, handout and drill sheet, Anki deck, study data."""

    locale: str
    questions: tuple[EditionQuestion, ...]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})

    def get(self, question_id: str) -> EditionQuestion | None:
        """The shown question ``question_id`` (``None`` for a merged or unknown id)."""
        return self._by_id.get(question_id)

    def topic_title(self, topic: TopicPage) -> Piece:
        """A topic's title in the edition: English (``title_en``) on the English edition when written."""
        if is_english(self.locale) and topic.title_en:
            return Piece(topic.title_en, "en")
        return Piece(topic.title, lang(self.locale))

    def topics(self) -> list[tuple[TopicPage, list[EditionQuestion]]]:
        """(topic page, its shown questions) in number order."""
        grouped: list[tuple[TopicPage, list[EditionQuestion]]] = []
        for item in self.questions:
            if not grouped or grouped[-1][0].path != item.topic.path:
                grouped.append((item.topic, []))
            grouped[-1][1].append(item)
        return grouped


#: what a reader is told about a question the original collection asks twice (site, handout, deck):
#: the block's label, and the line before each other version's added text — with the other version's
#: title only when it is worded differently (``{title}``); never its raw id, never a link back to the
#: same question
CARRIED_STRINGS = {
    "zh-Hant": {"label": "另一版本多寫的內容",
                "same": "原始題庫在另一處也問過這題，那裡的答案多寫了以下內容：",
                "titled": "原始題庫在另一處以「{title}」問過這題，那裡的答案多寫了以下內容："},
    "en": {"label": "What the other version adds",
           "same": "The original collection asks this question again elsewhere; the answer there adds:",
           "titled": "The original collection also asks this as \u201c{title}\u201d; the answer there adds:"},
}


def carried_intro(shown: Question, source: Question, locale: str) -> str:
    """The line (plain text) before the text that ``source``, a merged repeat, adds to ``shown``:
    :data:`CARRIED_STRINGS` ``"same"`` when the two titles read the same in the edition (ignoring
    spaces and punctuation), else ``"titled"`` with the repeat's title."""
    strings = CARRIED_STRINGS[words(locale)]
    english = is_english(locale)
    mine = (shown.title_en or shown.title) if english else shown.title
    theirs = (source.title_en or source.title) if english else source.title

    def bare(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    return strings["same"] if bare(mine) == bare(theirs) else strings["titled"].format(title=theirs)


def edition_title(question: Question, locale: str, translation: Question | None = None) -> Piece:
    """The one title rule of every output: on the English edition the translation's own heading
    (``docs/<slug>.en.md``), else the heading's ``data-en`` (text, so escaped as Markdown:
    :func:`qa.source.markdown_text`), else the Chinese title marked ``zh-Hant``; on a Chinese
    edition the source title, marked with the edition's locale."""
    if is_english(locale):
        if translation is not None and translation.title:
            return Piece(translation.title, "en")
        if question.title_en:
            return Piece(markdown_text(question.title_en), "en")  # data-en is text, never Markdown
        return Piece(question.title, SOURCE_LOCALE)
    return Piece(question.title, lang(locale))


def make_edition(locale: str, numbered: Sequence[Numbered], result: DedupResult | None,
                 translations: Mapping[str, Question] | None = None, stale: Collection[str] = ()) -> Edition:
    """The edition ``locale`` of the numbered shown questions.

    Args:
        locale: one of :data:`LOCALES`.
        numbered: ``qa.numbering.number_questions`` of the questions readers see.
        result: the dedup result (``None``: nothing merged).
        translations: question id → its English version (``docs/<slug>.en.md``, answer with its
            ``qa-carried`` block); read on the English edition only.
        stale: ids whose translation is out of date (``qa.translation``).

    Raises:
        KeyError: ``locale`` is not one of :data:`LOCALES`.
    """
    if locale not in LOCALES:
        raise KeyError(locale)
    english = is_english(locale)
    translations = translations or {}
    out = []
    for item in numbered:
        question = item.question
        group = result.group_of(question.id) if result is not None else None
        if group is not None and group.canonical.id != question.id:
            group = None
        translation = translations.get(question.id) if english else None
        carried_lang = lang(locale)
        carried = tuple(carried_texts(group)) if group is not None and group.carried else ()
        if not english:
            answer, status = Piece(question.answer, lang(locale)), "source"
        elif translation is None:
            answer, status = Piece(question.answer, SOURCE_LOCALE), "pending"
        else:
            body, sentences = split_carried(translation.answer)
            answer, status = Piece(body, "en"), ("stale" if question.id in stale else "translated")
            if carried and sentences and len(sentences) == len(group.carried):
                context = carried_context(translation.answer)
                if context is not None and len(context) != len(context_lines(group)):
                    context = None  # the Chinese context stays, marked (the status says stale)
                carried, carried_lang = tuple(carried_texts(group, sentences, context)), "en"
        merged = tuple(m.question.id for m in group.merged) if group is not None else ()
        out.append(EditionQuestion(question, item.number, item.topic, edition_title(question, locale, translation),
                                   answer, status, carried, carried_lang, merged))
    return Edition(locale, tuple(out))
