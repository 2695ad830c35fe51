"""Unit tests for the search core (qa/search.py): folding, segmentation, keywords, question extraction."""
from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

from qa.search import (
    LABEL_WEIGHT, MAX_KEYWORD_REPEATS, SearchBuildError, count_mentions, encode, fold, fold_table, index_words,
    keyword_text, make_segmenter, plain_text, questions_from_html, record_html,
)


@pytest.fixture(scope="module")
def cut():
    return make_segmenter(["知识蒸馏", "数据增强"])


def test_fold_maps_traditional_simplified_and_mixed_to_one_form():
    table = fold_table("數據增強知識蒸餾分佈式")
    assert fold("數據增強", table) == fold("数据增强", table) == fold("數据增强", table) == "数据增强"
    assert fold("分佈式", table) == "分布式"


def test_fold_keeps_length_and_normalises_full_width_and_case():
    table = fold_table("數據")
    text = "ＢＬＥＵ　數據（ZeRO）"
    assert len(fold(text, table)) == len(text)
    assert fold(text, table) == "bleu 数据(zero)"


def test_index_words_hold_whole_terms_parts_and_characters(cut):
    words = index_words(fold("知識蒸餾與BLEU", fold_table("知識蒸餾與")), cut)
    for word in ("知识蒸馏", "知识", "蒸馏", "知", "馏"):
        assert encode(word) in words
    assert "bleu" in words
    assert not any(w in ("与", "(", "") for w in words)


def test_encoded_character_is_prefix_of_encoded_word():
    assert encode("知识蒸馏").startswith(encode("知"))
    assert encode("知识").isascii() and encode("知识")[1:].isdigit()


def test_make_segmenter_fails_without_jieba(monkeypatch):
    monkeypatch.setitem(sys.modules, "jieba", None)  # import jieba now raises ImportError
    with pytest.raises(SearchBuildError, match="jieba"):
        make_segmenter([])


def test_fold_table_fails_without_opencc(monkeypatch):
    monkeypatch.setitem(sys.modules, "opencc", None)
    with pytest.raises(SearchBuildError, match="OpenCC"):
        fold_table("數")


@dataclass
class _Term:
    zh: str
    en: str
    aliases: tuple = ()
    match: tuple = ()


@dataclass
class _Question:
    title: str
    answer: str


def _keywords(terms, question):
    text = question.title + question.answer
    return [k for t in terms if count_mentions(t, text) for k in (t.en, *t.aliases)]


def test_keyword_text_repeats_english_names_once_per_mention():
    terms = [_Term("量化", "quantization", ("量化",)), _Term("剪枝", "pruning")]
    question = _Question("如何量化？", "量化可以減少計算。量化感知訓練。")
    text = keyword_text(terms, question, _keywords, count_mentions)
    assert text.split().count("quantization") == 3
    assert "pruning" not in text


def test_keyword_text_caps_repeats():
    question = _Question("", "量化" * 50)
    text = keyword_text([_Term("量化", "quantization")], question, _keywords, count_mentions)
    assert text.split().count("quantization") == MAX_KEYWORD_REPEATS


def test_count_mentions_matches_latin_forms_as_whole_words():
    assert count_mentions(_Term("BLEU", "BLEU"), "BLEU 分數與 bleu，但不是 BLEUR") == 2


PAGE = """
<h1>實踐應用</h1>
<p>intro</p>
<h2 id="inference-speed">推理速度？<a class="headerlink" href="#inference-speed">¶</a></h2>
<p><strong>模型優化</strong></p>
<ul><li><strong>知識蒸餾</strong>：使用較小的模型。</li></ul>
<h2 id="other">另一題</h2>
<p>答案</p>
"""


def test_questions_from_html_splits_at_question_headings():
    questions = questions_from_html(PAGE)
    assert [q.id for q in questions] == ["inference-speed", "other"]
    first = questions[0]
    assert first.title == "推理速度？"
    assert [b.text for b in first.blocks if b.weight == LABEL_WEIGHT] == ["模型優化", "知識蒸餾"]
    assert "使用較小的模型" in plain_text(first) and "intro" not in plain_text(first)
    assert plain_text(questions[1]) == "答案"


def test_record_html_indexes_only_tokens_and_keeps_meta_as_written(cut):
    table = fold_table("知識蒸餾")
    page = record_html("知識蒸餾？", [], "knowledge distillation", table, cut, {"title": "知識蒸餾？"})
    body = page.split("<main", 1)[1].split("</main>", 1)[0]
    assert encode("知识蒸馏") in body and "知識" not in body and "knowledge" in body
    assert 'data-pagefind-meta="title">知識蒸餾？' in page


def test_translation_pending_note_is_not_indexed():
    from qa.search import questions_from_html

    page = ('<h2 id="q">How?</h2><p class="qa-pending">Answer in Traditional Chinese; English translation pending.</p>'
            '<div class="qa-answer" lang="zh-Hant"><p>答案。</p></div>')
    (question,) = questions_from_html(page)
    text = " ".join(block.text for block in question.blocks)
    assert "答案" in text and "pending" not in text
