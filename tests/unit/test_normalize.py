"""Unit tests of qa.normalize: folding, numbering prefixes and the sentence splitter."""
from __future__ import annotations

import pytest

from qa.normalize import fold_for_matching, fold_many_for_matching, fold_question, ngrams, split_sentences, strip_numbering, to_traditional


def test_fold_full_and_half_width_are_the_same():
    assert fold_for_matching("ＬＬＭ　的ＧＰＵ") == fold_for_matching("LLM 的GPU") == "llm的gpu"


def test_fold_removes_punctuation_and_whitespace():
    assert fold_for_matching("模型（LLM）：量化、剪枝，\n以及 **蒸餾**！") == "模型llm量化剪枝以及蒸餾"
    assert fold_for_matching("`transformers` 庫") == fold_for_matching("transformers庫")


def test_fold_simplified_to_traditional():
    assert to_traditional("数据预处理") == "數據預處理"
    assert fold_for_matching("如何评估大型语言模型？") == fold_for_matching("如何評估大型語言模型？")


def test_fold_lower_cases_ascii():
    assert fold_for_matching("BERT and GPT-4") == "bertandgpt4"


def test_fold_is_idempotent_and_empty_safe():
    text = "Ｑ３：如何评估 LLM 在生成任务（如翻译、摘要）中的质量？"
    assert fold_for_matching(fold_for_matching(text)) == fold_for_matching(text)
    assert fold_for_matching("") == "" and fold_for_matching("。，！ \n") == ""


def test_fold_many_equals_fold():
    texts = ["數據。", "", "Ｑ３：如何评估？", "a  b", "\ue001 stray separator"]
    assert fold_many_for_matching(texts) == [fold_for_matching(t) for t in texts]


@pytest.mark.parametrize("title", [
    "7. 如何評估 LLM？", "7、如何評估 LLM？", "Q3:如何評估 LLM？", "Q3：如何評估 LLM？",
    "(3) 如何評估 LLM？", "（3）如何評估 LLM？", "Ｑ３．如何評估 LLM？", "如何評估 LLM？",
])
def test_numbering_prefixes_are_stripped(title):
    assert fold_question(title) == "如何評估llm"


def test_numbers_that_belong_to_the_question_are_kept():
    assert strip_numbering("3.5 億參數的模型怎麼部署？").startswith("3.5")
    assert fold_question("2024 年有哪些新模型？").startswith("2024")


def test_ngrams():
    assert ngrams("abcd") == {"abc", "bcd"}
    assert ngrams("ab") == {"ab"}
    assert ngrams("") == set()


def test_split_on_chinese_and_ascii_terminators_and_newlines():
    parts = [s.text for s in split_sentences("第一句。第二句！第三句？第四句；fifth; sixth! seventh?\n第八句")]
    assert parts == ["第一句。", "第二句！", "第三句？", "第四句；", "fifth;", "sixth!", "seventh?", "第八句"]


def test_split_strips_block_markers_but_keeps_inline_markdown():
    md = "### 小標題\n\n* **量化**：降低精度。\n- 剪枝\n    1. **蒸餾**：小模型學大模型。\n> 引用一句"
    sentences = split_sentences(md)
    assert [s.text for s in sentences] == ["小標題", "**量化**：降低精度。", "剪枝", "**蒸餾**：小模型學大模型。", "引用一句"]
    assert [s.plain for s in sentences][1] == "量化：降低精度。"
    assert sentences[1].folded == "量化降低精度"


def test_split_closes_markers_left_open_by_the_split():
    sentences = split_sentences("**注意：這很重要。還要小心。**")
    assert [s.text for s in sentences] == ["**注意：這很重要。**", "**還要小心。**"]
    assert [s.text for s in split_sentences("用 `a；b` 分隔")] == ["用 `a；`", "`b` 分隔"]


def test_split_keeps_code_lines_whole_and_drops_fences():
    md = "示例如下：\n\n```python\nx = f(a); y = 1\n\nprint(x)  # 輸出。\n```\n結束。"
    sentences = split_sentences(md)
    assert [(s.text, s.code) for s in sentences] == [
        ("示例如下：", False), ("x = f(a); y = 1", True), ("print(x)  # 輸出。", True), ("結束。", False)]


def test_split_drops_empty_pieces():
    assert split_sentences("* \n---\n。。\n\n**　**") == []
