"""Unit tests for qa.glossary: loading and validating the glossary, mentions, keywords, page Markdown;
and the real content/glossary.yml against the real topic pages."""
from __future__ import annotations

import re
from pathlib import Path

import opencc
import pytest

from qa.errors import ContentError
from qa.glossary import LISTED_QUESTIONS, Term, check_mentions, find_mentions, load_glossary, mentions_term, search_keywords
from qa.glossary_render import listed_questions, render_glossary_page, sort_terms
from qa.model import Question
from qa.parse import parse_topic_page, split_front_matter

ROOT = Path(__file__).resolve().parents[2]
REAL_GLOSSARY = ROOT / "content" / "glossary.yml"

ENTRY = """\
- id: knowledge-distillation
  zh: 知識蒸餾
  en: knowledge distillation
  aliases: [知识蒸馏, KD, distillation]
  definition_zh: 以大模型的輸出訓練小模型。
  definition_en: Training a small model on a large model's outputs.
"""
SECOND = """\
- id: bleu
  zh: BLEU
  en: BLEU
  aliases: [BLEU score]
  definition_zh: 機器翻譯指標。
  definition_en: A machine translation metric.
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "glossary.yml"
    path.write_text(text, encoding="utf-8")
    return path


def q(qid: str, title: str, answer: str, page: str = "p.md") -> Question:
    return Question(id=qid, title=title, answer=answer, page=page, line=1, title_en=f"EN {title}")


def term(tid: str, zh: str, en: str, aliases=(), match=(), line: int = 1) -> Term:
    return Term(id=tid, zh=zh, en=en, aliases=tuple(aliases), definition_zh="定義。", definition_en="Definition.",
                match=tuple(match), line=line)


# --- loading ---------------------------------------------------------------------------------------------------

def test_loads_terms_with_their_lines(tmp_path):
    terms = load_glossary(write(tmp_path, "# comment\n\n" + ENTRY + "\n" + SECOND))
    assert [t.id for t in terms] == ["knowledge-distillation", "bleu"]
    first, second = terms
    assert first.aliases == ("知识蒸馏", "KD", "distillation") and first.match == ()
    assert (first.line, second.line) == (3, 10)
    assert first.forms == ("知識蒸餾", "knowledge distillation", "知识蒸馏", "KD", "distillation")
    assert second.forms == ("BLEU", "BLEU score")  # zh == en counted once


def test_empty_file_is_an_empty_glossary(tmp_path):
    assert load_glossary(write(tmp_path, "# nothing yet\n")) == []


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        (ENTRY.replace("  en: knowledge distillation\n", ""), 1, "missing 'en'"),
        (ENTRY.replace("id: knowledge-distillation", "id: Knowledge_Distillation"), 1, "lower-case ASCII"),
        (ENTRY.replace("id: knowledge-distillation", "id: glossary-kd"), 1, "glossary-"),
        (ENTRY.replace("  aliases:", "  alias:"), 4, "unknown key 'alias'"),
        (ENTRY.replace("aliases: [知识蒸馏, KD, distillation]", "aliases: 知识蒸馏"), 4, "list of non-empty texts"),
        (ENTRY.replace("definition_en: Training a small model on a large model's outputs.", "definition_en: ''"), 6, "non-empty one-line"),
        (ENTRY + SECOND.replace("id: bleu", "id: knowledge-distillation"), 7, "id 'knowledge-distillation' is already used by the term on line 1"),
        (ENTRY + SECOND.replace("zh: BLEU", "zh: 知識蒸餾"), 8, "zh '知識蒸餾' is already used"),
        (ENTRY + SECOND.replace("en: BLEU", "en: Knowledge Distillation"), 9, "is already used by the term on line 1"),
        (ENTRY + "- id: [broken\n", 7, "not valid YAML"),
        ("id: x\nzh: y\n", 1, "must be a YAML list"),
        ("- just a string\n", 1, "must be a mapping"),
    ],
    ids=["missing-key", "bad-id", "reserved-id", "unknown-key", "aliases-not-list", "empty-definition",
         "duplicate-id", "duplicate-zh", "duplicate-en-case-insensitive", "yaml-syntax", "not-a-list", "entry-not-mapping"],
)
def test_bad_glossary_names_file_line_and_fix(tmp_path, text, line, words):
    path = write(tmp_path, text)
    with pytest.raises(ContentError) as caught:
        load_glossary(path, "content/glossary.yml")
    error = caught.value
    assert (error.path, error.line) == ("content/glossary.yml", line), str(error)
    assert words in error.message
    assert str(error).startswith(f"content/glossary.yml:{line}: ")


def test_missing_file_is_a_content_error(tmp_path):
    with pytest.raises(ContentError, match="glossary file not found"):
        load_glossary(tmp_path / "nope.yml")


# --- mentions --------------------------------------------------------------------------------------------------

def test_mentions_by_zh_match_and_english_case_insensitive_on_word_boundaries():
    kd = term("knowledge-distillation", "知識蒸餾", "knowledge distillation", aliases=["KD"])
    bert = term("bert", "BERT", "BERT")
    zero = term("zero", "零冗餘優化器", "ZeRO", match=["ZeRO 優化"])
    questions = [
        q("a", "什麼是知識蒸餾？", "答案。"),                      # zh in the title
        q("b", "壓縮", "可以用 Knowledge Distillation。"),         # English, other case
        q("c", "壓縮", "使用 kd 方法"),                           # alias, other case
        q("d", "指標", "BERTScore 與 DistilBERT 不算 BERT 本身"),  # BERT only as a whole word: this one counts
        q("e", "指標", "BERTScore 和 DistilBERT"),                # no whole-word BERT
        q("f", "優化", "用 ZeRO 優化記憶體"),                      # match form
        q("g", "其他", "kde 與 backward 不是 KD"),                # 'kde' no, 'KD' yes
        q("h", "其他", "kde 核密度"),                              # no
    ]
    found = find_mentions([kd, bert, zero], questions)
    assert [x.id for x in found["knowledge-distillation"]] == ["a", "b", "c", "g"]
    assert [x.id for x in found["bert"]] == ["d"]
    assert [x.id for x in found["zero"]] == ["f"]


def test_mentions_keep_question_order_and_list_every_term():
    t = term("prompt", "提示", "prompt")
    other = term("unused", "不存在的詞", "nothing here")
    questions = [q("z", "提示？", "…"), q("a", "x", "一個提示"), q("m", "x", "無")]
    found = find_mentions([t, other], questions)
    assert [x.id for x in found["prompt"]] == ["z", "a"]
    assert found["unused"] == []


def test_cjk_forms_match_verbatim_and_ascii_forms_do_not_match_inside_words():
    ab = term("ab-testing", "A/B 測試", "A/B testing")
    assert mentions_term(ab, "使用 A/B 測試比較")
    assert not mentions_term(ab, "使用 A/B測試比較")  # a form with CJK matches exactly as written
    gpt = term("gpt", "GPT", "GPT")
    assert mentions_term(gpt, "如 GPT-3。") and mentions_term(gpt, "（gpt）")
    assert not mentions_term(gpt, "ChatGPT") and not mentions_term(gpt, "GPT2")


def test_unmentioned_term_fails_at_its_line_with_the_fix():
    used = term("prompt", "提示", "prompt", line=2)
    unused = term("smote", "SMOTE", "SMOTE", line=9)
    unused2 = term("lime", "LIME", "LIME", line=20)
    mentions = find_mentions([used, unused, unused2], [q("a", "提示？", "答案")])
    with pytest.raises(ContentError) as caught:
        check_mentions([used, unused, unused2], mentions, "content/glossary.yml")
    error = caught.value
    assert (error.path, error.line) == ("content/glossary.yml", 9)
    assert "'smote'" in error.message and "remove it or fix its zh/match form" in error.message
    assert "1 more unmentioned: lime" in error.message
    check_mentions([used], mentions, "content/glossary.yml")  # all mentioned: no error


def test_search_keywords_are_english_terms_and_aliases_of_mentioned_terms():
    kd = term("knowledge-distillation", "知識蒸餾", "knowledge distillation", aliases=["知识蒸馏", "KD"])
    prune = term("pruning", "剪枝", "pruning", aliases=["模型剪枝", "KD"])
    bleu = term("bleu", "BLEU", "BLEU")
    question = q("a", "如何加速？", "用剪枝與知識蒸餾。")
    assert search_keywords([kd, prune, bleu], question) == ["knowledge distillation", "知识蒸馏", "KD", "pruning", "模型剪枝"]
    assert search_keywords([bleu], question) == []


# --- pages -----------------------------------------------------------------------------------------------------

def test_sort_groups_latin_then_chinese_on_zh_page_and_letters_on_en_page():
    terms = [term("b", "剪枝", "pruning"), term("a", "BLEU", "BLEU"), term("c", "量化", "quantization"),
             term("d", "A/B 測試", "A/B testing"), term("e", "知識蒸餾", "knowledge distillation")]
    zh = sort_terms(terms, "zh-Hant")
    # 注音: 量 ㄌㄧㄤˋ < 剪 ㄐㄧㄢˇ < 知 ㄓ (ㄌ before ㄐ before ㄓ), one section per first symbol
    assert [(heading, [t.id for t in group]) for _, heading, group in zh] == [
        ("A–Z", ["d", "a"]), ("ㄌ", ["c"]), ("ㄐ", ["b"]), ("ㄓ", ["e"])]
    # pinyin: jian < liang < zhi
    hans = sort_terms(terms, "zh-Hans")
    assert [(heading, [t.id for t in group]) for _, heading, group in hans] == [
        ("A–Z", ["d", "a"]), ("J", ["b"]), ("L", ["c"]), ("Z", ["e"])]
    en = sort_terms(terms, "en")
    assert [(heading, [t.id for t in group]) for _, heading, group in en] == [
        ("A", ["d"]), ("B", ["a"]), ("K", ["e"]), ("P", ["b"]), ("Q", ["c"])]


def test_rendered_pages_have_anchors_definitions_and_localised_links():
    kd = term("knowledge-distillation", "知識蒸餾", "knowledge distillation", aliases=["知识蒸馏", "KD"])
    question = Question(id="inference-speed", title="如何處理 [推理] `速度`？", answer="知識蒸餾。",
                        page="applications.md", line=5, title_en="How do you handle inference speed?")
    no_english = Question(id="other", title="另一題？", answer="知識蒸餾", page="b.md", line=9)
    mentions = {"knowledge-distillation": [question, no_english]}
    zh = render_glossary_page([kd], mentions, "zh-Hant", {"applications.md": "實踐應用"})
    assert zh.startswith("---\ntitle: 詞彙表\n---\n")
    assert "### 知識蒸餾 {#knowledge-distillation}" in zh
    assert "knowledge distillation" in zh and "知识蒸馏、KD" in zh and "定義。" in zh
    assert "- [如何處理 \\[推理\\] `速度`？](applications.md#inference-speed)（實踐應用）" in zh
    assert "(b.md#other)" in zh and "（2 題）" in zh
    en = render_glossary_page([kd], mentions, "en", {"applications.md": "Practical applications"})
    assert en.startswith("---\ntitle: Glossary\n---\n")
    assert "### knowledge distillation {#knowledge-distillation}" in en
    assert "**Chinese:** <span lang=\"zh-Hant\">知識蒸餾</span>" in en and "Definition." in en and "定義。" in en
    assert "- [How do you handle inference speed?](applications.md#inference-speed) — Practical applications" in en
    # no English title: falls back to the Chinese one, marked as Chinese; Simplified aliases as zh-Hans
    assert '- [<span lang="zh-Hant">另一題？</span>](b.md#other)' in en
    assert '<span lang="zh-Hans">知识蒸馏</span>' in en
    assert "(2 questions)" in en


# --- the real glossary -----------------------------------------------------------------------------------------

def real_questions() -> list[Question]:
    questions = []
    for path in sorted((ROOT / "docs").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if split_front_matter(text, path.name)[0].get("kind") == "topic":
            questions += parse_topic_page(text, path.name).questions
    return questions


def test_real_glossary_loads_has_60_terms_all_mentioned_in_docs():
    terms = load_glossary(REAL_GLOSSARY, "content/glossary.yml")
    assert len(terms) >= 60
    mentions = find_mentions(terms, real_questions())
    check_mentions(terms, mentions, "content/glossary.yml")
    must = {"知識蒸餾", "量化", "剪枝", "數據並行", "流水線並行", "灰度發佈", "負載均衡", "回譯", "困惑度", "BLEU", "SMOTE"}
    assert must <= {t.zh for t in terms}


def test_real_glossary_lists_the_simplified_form_of_every_chinese_term():
    t2s = opencc.OpenCC("t2s")
    for t in load_glossary(REAL_GLOSSARY):
        simplified = t2s.convert(t.zh)
        if simplified != t.zh:
            assert simplified in t.aliases, f"{t.id}: add the Simplified form {simplified} to aliases"
        assert t.zh not in t.aliases, f"{t.id}: an alias repeats zh"
        assert re.search(r"[\u4e00-\u9fff]", t.definition_zh), f"{t.id}: definition_zh is not Chinese"


def _mentions_by_search(term: Term, text: str) -> bool:
    """Independent oracle: every occurrence of every form, found with str.find; ASCII forms case-insensitively
    with no ASCII letter, digit or underscore right before or after."""
    for form in term.forms:
        haystack, needle = (text.lower(), form.lower()) if form.isascii() else (text, form)
        start = haystack.find(needle)
        while start >= 0:
            end = start + len(needle)
            if not form.isascii():
                return True
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if not re.match(r"[A-Za-z0-9_]", before) and not re.match(r"[A-Za-z0-9_]", after):
                return True
            start = haystack.find(needle, start + 1)
    return False


def test_one_scan_finds_what_a_search_per_form_finds():
    """find_mentions scans each question once for all terms; nested and overlapping forms (GPT in GPT-4,
    量化 in 量化感知訓練) count as a search for each form would count them."""
    from hypothesis import given, settings, strategies as st

    terms = [Term("gpt", "GPT", "GPT", (), "定義。", "Def.", (), 1),
             Term("gpt-4", "GPT-4", "GPT-4 model", (), "定義。", "Def.", (), 2),
             Term("quant", "量化", "quantization", ("量化感知",), "定義。", "Def.", (), 3),
             Term("qat", "量化感知訓練", "quantization-aware training", ("QAT",), "定義。", "Def.", (), 4)]
    pieces = ["GPT", "gpt-4", "GPT4", "_GPT", "量化", "量化感知訓練", "感知", "QAT", "qat", "quantization", " ", "訓練", "x", "-"]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(pieces), max_size=8))
    def check(parts):
        text = "".join(parts)
        question = Question(id="q", title="", answer=text, page="p.md", line=1)
        found = find_mentions(terms, [question])
        for term in terms:
            assert bool(found[term.id]) == _mentions_by_search(term, "\n" + text), (term.id, text)

    check()


def test_a_long_list_shows_the_first_questions_titles_first_and_a_search_for_the_rest():
    kd = term("knowledge-distillation", "知識蒸餾", "knowledge distillation")
    answer_only = [Question(id=f"a{i}", title=f"第 {i} 題？", answer="知識蒸餾。", page="p.md", line=i) for i in range(12)]
    titled = [Question(id=f"t{i}", title=f"知識蒸餾 {i}？", answer="答。", page="p.md", line=100 + i) for i in range(2)]
    questions = answer_only + titled  # page order: the title mentions come last
    listed = listed_questions(kd, questions)
    assert [q.id for q in listed] == ["t0", "t1", *(f"a{i}" for i in range(8))]
    assert LISTED_QUESTIONS == 10
    zh = render_glossary_page([kd], {"knowledge-distillation": questions}, "zh-Hant")
    assert "（14 題）" in zh
    assert zh.count("](p.md#") == 10 and "(p.md#a8)" not in zh and "(p.md#a11)" not in zh
    assert "另有 4 題：[搜尋「知識蒸餾」列出全部](?q=%E7%9F%A5%E8%AD%98%E8%92%B8%E9%A4%BE)" in zh
    en = render_glossary_page([kd], {"knowledge-distillation": questions}, "en")
    assert "4 more: [search for “knowledge distillation” to list them all](?q=knowledge%20distillation)" in en
    short = render_glossary_page([kd], {"knowledge-distillation": questions[:10]}, "zh-Hant")
    assert short.count("](p.md#") == 10 and "另有" not in short


@pytest.mark.parametrize("text", ["BLEU 分數與 bleu，但不是 BLEUR", "知識蒸餾和 KD", "DistilBERT 與 BERTScore", "GPT-4 模型", "",
                                  "knowledge distillation（知識蒸餾）、知識蒸餾"])
def test_one_mention_rule_detects_and_counts(text):
    # the glossary's detection and the count search repeats keywords by (qa.search.count_mentions) are one rule
    from qa.glossary import count_mentions
    from qa.search import count_mentions as search_count

    terms = [term("bleu", "BLEU", "BLEU"), term("kd", "知識蒸餾", "knowledge distillation", ["KD"]),
             term("bert", "BERT", "BERT"), term("gpt", "GPT", "GPT")]
    for t in terms:
        assert (count_mentions(text, t.forms) > 0) == mentions_term(t, text), (t.id, text)
        assert search_count(t, text) == count_mentions(text, (t.zh, *t.match))
    assert count_mentions("BLEU 分數與 bleu，但不是 BLEUR", ["BLEU"]) == 2
    assert count_mentions("knowledge distillation（知識蒸餾）、知識蒸餾", terms[1].forms) == 3
