"""qa.edition: the edition object every output reads, and its one title rule."""
from __future__ import annotations

import pytest

from qa.model import Carried, DedupResult, Group, Question
from qa.edition import LOCALES, Piece, edition_title, make_edition
from qa.numbering import number_questions
from qa.render import shown_in_order
from tests.unit.test_study_core import bank as study_bank
from tests.unit.test_study_core import q


def bank():
    """The study core's bank, with the carried sentence's place in its source (sentence 1 of ``dup``)."""
    pages, result = study_bank()
    two = result.groups[0].canonical
    dup = result.groups[0].merged[0].question
    groups = (Group(two, result.groups[0].merged, (Carried("另一句。", dup, 1),)), result.groups[1])
    return pages, DedupResult(groups, units_in=5, units_shown=3)


def numbered():
    pages, result = bank()
    return number_questions(pages, shown_in_order(pages, result))


def english(qid, title, answer):
    return Question(qid, title, answer, "a.en.md", 1, None)


@pytest.mark.parametrize("translation, title_en, expected", [
    (english("x", "Translated heading?", "Body."), "data-en heading?", Piece("Translated heading?", "en")),
    (None, "data-en heading?", Piece("data-en heading?", "en")),
    (None, None, Piece("中文標題？", "zh-Hant")),
])
def test_the_english_title_rule(translation, title_en, expected):
    question = q("x", "中文標題？", title_en=title_en)
    assert edition_title(question, "en", translation) == expected


@pytest.mark.parametrize("locale", ["zh-Hant", "zh-Hans"])
def test_chinese_editions_show_the_source_title_in_their_own_lang(locale):
    question = q("x", "中文標題？", title_en="English?")
    assert edition_title(question, locale, english("x", "Translated?", "Body.")) == Piece("中文標題？", locale)


def test_every_edition_has_every_shown_question_with_the_same_numbers():
    pages, result = bank()
    editions = [make_edition(locale, numbered(), result) for locale in LOCALES]
    numbers = [[(item.number, item.id) for item in edition.questions] for edition in editions]
    assert numbers[0] == [("1.1", "one"), ("1.2", "two"), ("2.1", "three")]
    assert numbers[1] == numbers[0] and numbers[2] == numbers[0]
    assert [topic.slug for topic, _ in editions[0].topics()] == ["a", "b"]


def test_english_answers_status_and_carried_text():
    pages, result = bank()
    translated = english("two", "Second, translated?",
                         'Body of two.\n\n<div class="qa-carried" markdown>\n\n- One more sentence.\n\n</div>')
    edition = make_edition("en", numbered(), result, {"two": translated, "one": english("one", "First?", "One.")},
                           stale={"one"})
    one, two, three = edition.questions
    assert (one.status, two.status, three.status) == ("stale", "translated", "pending")
    assert two.answer == Piece("Body of two.", "en") and two.title == Piece("Second, translated?", "en")
    assert three.answer == Piece("第三題的答案。", "zh-Hant") and three.title == Piece("Third?", "en")
    assert [part.markdown for part in two.carried] == ["One more sentence."] and two.carried_lang == "en"
    assert two.merged_ids == ("dup",) and three.merged_ids == ("far",)
    assert edition.get("dup") is None and edition.get("two") is two


def test_chinese_edition_keeps_the_chinese_carried_text_and_its_lang():
    pages, result = bank()
    edition = make_edition("zh-Hans", numbered(), result)
    two = edition.get("two")
    assert two.status == "source" and two.answer == Piece("第二題的答案。", "zh-Hans")
    assert [part.markdown for part in two.carried] == ["另一句。"] and two.carried_lang == "zh-Hans"
    assert edition.topic_title(pages[0]) == Piece("甲主題", "zh-Hans")
    assert make_edition("en", numbered(), result).topic_title(pages[0]) == Piece("Topic A", "en")


def test_an_unknown_locale_is_refused():
    with pytest.raises(KeyError):
        make_edition("fr", numbered(), None)
