"""Readers' words for the header search (qa/query_words.py) and what the browser gets of them
(qa.search.browser_data): question words, synonyms, and the readings a homophone typo is found by."""
from __future__ import annotations

import pytest

from qa.query_words import (COMMON_TABLE, SearchWords, browser_words, common_characters, derive_common_characters,
                             format_common_characters)
from qa.search import Indexer, browser_data, character_classes, fold


@pytest.fixture(scope="module")
def classes():
    return character_classes()


def test_common_characters_are_the_dictionarys_most_frequent():
    common = common_characters(3000)
    assert len(common) == 3000 and len(set(common)) == 3000
    # everyday characters an input method offers, not only those of the project's text
    assert {"的", "是", "垒", "坠", "锁"} <= set(common)
    assert "龘" not in common


def test_the_common_characters_file_is_what_jiebas_dictionary_gives():
    """Builds read qa/data/common-characters.txt; it must be what the installed jieba's dictionary gives now."""
    assert COMMON_TABLE.read_text(encoding="utf-8") == format_common_characters(derive_common_characters()), (
        "qa/data/common-characters.txt is stale: run python -m qa.query_words --write-common")


def test_sounds_are_grouped_by_reading_and_reach_characters_the_index_lacks(classes):
    """A typo's character (壘 for 累 in 梯度壘積) is rarely in the text; its reading must still ship, or
    the typo finds nothing (it did: 壘 had no reading and 積能 → 技能 was searched instead)."""
    indexer = Indexer(["梯度累積"], classes)
    data = browser_data(indexer, [], set("梯度累積能省下什麼"), SearchWords(question_zh=("能",)))
    sounds = {ch: reading for reading, chars in data["sounds"].items() for ch in chars}
    # as the browser reads a typed character: folded when the folding table has it, else as typed
    assert sounds[fold("壘", data["fold"])] == sounds[fold("累", data["fold"])] == "lei"
    assert sounds[fold("墜", data["fold"])] == sounds[fold("綴", data["fold"])] == "zhui"
    assert all(isinstance(chars, str) for chars in data["sounds"].values())  # {reading: characters}


def test_browser_words_fold_question_words_and_point_synonyms_at_the_answers_form(classes):
    words = SearchWords(question_zh=("怎麼", "幾個"), question_en=("what",), synonyms=(("大型語言模型", "大模型", "LLM"),))
    out = browser_words(words, lambda text: fold(text, classes), set())
    assert out["stop"] == sorted({fold("怎麼", classes), fold("幾個", classes)}) and out["stopLatin"] == ["what"]
    assert out["synonyms"] == {fold("大模型", classes): fold("大型語言模型", classes), "llm": fold("大型語言模型", classes)}
