"""qa.readings: pypinyin's readings, and the file that keeps them between builds."""
from __future__ import annotations

import pypinyin
import pytest

from qa.glossary_render import reading_key
from qa.readings import UNREAD, Readings


def test_readings_are_pypinyins_own_with_phrases_read_as_phrases():
    readings = Readings()
    assert readings.of("權重", "TONE3") == ["quan2", "zhong4"]  # 重 in a phrase: zhòng, not chóng
    assert readings.of("重", "NORMAL") == [pypinyin.pinyin("重", style=pypinyin.Style.NORMAL)[0][0]]
    assert readings.of("的", "TONE3", neutral_tone_with_five=True) == ["de5"]
    assert readings.of("注意", "BOPOMOFO") == ["ㄓㄨˋ", "ㄧˋ"]


def test_a_run_pypinyin_cannot_read_comes_back_as_one_marked_string():
    assert Readings().of("A/B測試", "NORMAL") == [UNREAD + "A/B", "ce", "shi"]


def test_a_second_object_answers_from_the_file_without_pypinyin(tmp_path, monkeypatch):
    first = Readings(tmp_path, name="glossary")
    expected = {text: first.of(text, "BOPOMOFO") for text in ("權重", "蒸餾", "X")}
    first.save()
    assert first.path.name == f"glossary-pypinyin-{pypinyin.__version__}.json"

    def refuse(*args, **kwargs):
        raise AssertionError("pypinyin asked again")

    monkeypatch.setattr(pypinyin, "pinyin", refuse)
    second = Readings(tmp_path, name="glossary")
    assert {text: second.of(text, "BOPOMOFO") for text in expected} == expected
    with pytest.raises(AssertionError, match="asked again"):
        second.of("新詞", "BOPOMOFO")  # not in the file: asked of pypinyin


def test_nothing_learnt_writes_nothing_and_a_damaged_file_counts_as_empty(tmp_path):
    readings = Readings(tmp_path)
    readings.save()
    assert not any(tmp_path.iterdir())
    readings.path.write_text("{not json", encoding="utf-8")
    again = Readings(tmp_path)
    assert again.of("權重", "TONE3") == ["quan2", "zhong4"]
    again.save()
    assert Readings(tmp_path).of("權重", "TONE3") == ["quan2", "zhong4"]
    assert list(tmp_path.iterdir()) == [readings.path]  # written whole, then renamed: no temporary left


def test_the_glossary_order_is_the_same_from_the_file(tmp_path):
    words = ["權重", "蒸餾", "注意力", "A/B 測試", "重排序"]
    cold = Readings(tmp_path)
    keys = {(w, locale): reading_key(w, locale, cold) for w in words for locale in ("zh-Hant", "zh-Hans")}
    cold.save()
    warm = Readings(tmp_path)
    assert {(w, locale): reading_key(w, locale, warm) for w in words for locale in ("zh-Hant", "zh-Hans")} == keys
    assert keys == {(w, locale): reading_key(w, locale) for w in words for locale in ("zh-Hant", "zh-Hans")}
