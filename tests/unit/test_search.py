"""Unit tests for the search core (qa/search.py, qa/search_fold.py, qa/search_read.py): folding, segmentation, keywords, question extraction, record counts."""
from __future__ import annotations

import sys
from dataclasses import dataclass

import pytest

import qa.search
import qa.search_segment
from qa.search import (
    LABEL_WEIGHT, MAX_KEYWORD_REPEATS, Indexer, QuestionText, SearchBuildError, browser_data, character_classes,
    concept_map, count_mentions, encode, fold, fold_table, index_words, keyword_text, make_segmenter,
    plain_text, question_chars, question_records, questions_from_html, record_html, term_keywords,
)


@pytest.fixture(scope="module")
def cut():
    return make_segmenter(["知识蒸馏", "数据增强"])


@pytest.fixture(scope="module")
def classes():
    return character_classes()


@pytest.fixture(scope="module")
def indexer(classes):
    return Indexer(["知識蒸餾", "數據清洗"], classes)


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


def test_encoded_word_is_ascii_and_no_prefix_of_a_longer_word():
    assert encode("知识") == "q3069335782z"
    assert encode("知识").isascii() and encode("知识")[1:-1].isdigit()
    assert not encode("释放").startswith(encode("释"))  # Pagefind prefix-matches: 释 must not find 释放


def test_one_to_many_characters_fold_together(classes):
    # 著 is Traditional for both 著 (著作) and 着 (看着); Simplified keeps 著 for 著作 and writes 着 for 看着
    assert fold("看著", classes) == fold("看着", classes)
    assert fold("著作", classes) == fold("著作", classes) == fold("着作", classes)
    table = fold_table("著", classes)  # a query typed in either form folds as the text does
    assert fold("着", table) == fold("著", table)
    assert fold("乾", classes) == fold("幹", classes) == fold("干", classes)
    assert fold("發髮发", classes) == "发发发"


def test_regional_vocabulary_is_bridged_both_ways(indexer):
    # mainland wording in the text → the Taiwan words a reader types are indexed too (OpenCC s2twp)
    words = indexer.words("數據清洗需要足夠的內存、硬件與軟件，優化用戶的網絡信息。")
    for taiwan in ("资料", "记忆体", "硬体", "软体", "最佳化", "使用者", "网路", "资讯"):
        assert taiwan in words, taiwan
    # Taiwan wording in the text → the mainland words (OpenCC tw2sp)
    words = indexer.words("資料清理需要足夠的記憶體與軟體。")
    for mainland in ("数据", "内存", "软件"):
        assert mainland in words, mainland
    # the characters a regional word adds are searchable, and the written form is remembered for marking
    assert "数据" in indexer.pairs["资料"] and "内存" in indexer.pairs["记忆体"]


def test_a_simplified_text_takes_its_counterparts_from_its_traditional_twin_not_from_opencc(indexer, monkeypatch):
    class Refuses:  # the twin is the counterpart: OpenCC is not asked
        def convert(self, text):
            raise AssertionError(f"OpenCC asked to convert {text!r}")

    monkeypatch.setattr(indexer, "regional", (Refuses(), Refuses()))
    words = indexer.words("访问数据需要鲁棒的内存。", twin="存取資料需要穩健的記憶體。")
    assert words[:2] == ["访问", "数据"]  # the text's own words first
    for taiwan in ("存取", "资料", "稳健", "记忆体"):  # then the 繁體中文 edition's, folded
        assert taiwan in words, taiwan
    # each run is paired with the twin's run in the same place (difflib's replaced spans): 稳健 marks 鲁棒
    assert indexer.pairs["稳健"] == {"鲁棒"} and indexer.pairs["记忆体"] == {"内存"}
    assert indexer.pairs["存取资料"] == {"访问数据"}
    tokens = indexer.tokens("访问数据需要鲁棒的内存。", twin="存取資料需要穩健的記憶體。")
    assert encode("资料") in tokens.split() and "资料" in indexer.vocabulary


def test_a_twin_with_other_runs_still_adds_its_words_but_pairs_nothing(indexer, monkeypatch):
    indexer.pairs.clear()
    words = indexer.words("访问数据", twin="存取，資料")  # two runs against one: no place to pair
    assert "存取" in words and "资料" in words
    assert not indexer.pairs


def test_regional_bridge_adds_nothing_to_neutral_text(indexer):
    words = indexer.words("模型並行")
    assert set(words) == {"模型", "并行", "模", "型", "并", "行"}


def test_indexer_tokens_are_memoized_and_feed_the_vocabulary(indexer):
    indexer.start()
    first = indexer.tokens("知識蒸餾與 BLEU")
    assert encode("知识蒸馏") in first.split() and "bleu" in first.split()
    assert "知识蒸馏" in indexer.vocabulary and "bleu" in indexer.latin
    indexer.start()
    assert not indexer.vocabulary
    assert indexer.tokens("知識蒸餾與 BLEU") == first  # from memory, and the new index's vocabulary is filled again
    assert "知识蒸馏" in indexer.vocabulary


def test_make_segmenter_fails_without_jieba(monkeypatch):
    monkeypatch.setitem(sys.modules, "jieba", None)  # import jieba now raises ImportError
    monkeypatch.setattr(qa.search_segment, "_kept", {})  # a dictionary this process keeps would be used
    with pytest.raises(SearchBuildError, match="jieba"):
        make_segmenter([])


def test_the_index_fails_without_opencc_and_folding_does_not_need_it(monkeypatch):
    from qa.search import derive_character_classes

    monkeypatch.setitem(sys.modules, "opencc", None)
    assert fold_table("數")["數"] == "数"  # the kept table (qa/data/character-classes.txt)
    with pytest.raises(SearchBuildError, match="OpenCC"):
        Indexer([])  # the regional forms (s2twp, tw2sp)
    with pytest.raises(SearchBuildError, match="OpenCC"):
        derive_character_classes()


@dataclass
class _Term:
    zh: str
    en: str
    aliases: tuple = ()
    match: tuple = ()
    id: str = "term"


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


def test_record_html_indexes_only_tokens_and_keeps_meta_as_written(indexer):
    page = record_html("知識蒸餾？", [], "knowledge distillation", indexer, {"title": "知識蒸餾？"})
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


def test_code_keeps_the_spaces_between_highlighted_tokens():
    page = ('<h2 id="q">題</h2><div class="highlight"><pre><code><span class="kn">from</span> <span class="nn">transformers</span>'
            ' <span class="kn">import</span> <span class="n">pipeline</span></code></pre></div>')
    (question,) = questions_from_html(page)
    assert "from transformers import pipeline" in plain_text(question)


def test_term_keywords_and_mentions_give_english_names():
    terms = [_Term("量化", "quantization", ("INT8 quantization",))]
    question = _Question("如何量化？", "量化可以減少計算。")
    assert keyword_text(terms, question, term_keywords, count_mentions).split().count("quantization") == 4


def test_concept_map_points_english_names_and_regional_aliases_at_the_written_term(classes):
    terms = [_Term("知識蒸餾", "knowledge distillation", ("知识蒸馏", "KD")), _Term("質量", "quality", ("品質",))]
    found = concept_map(terms, classes)
    assert found["knowledge distillation"] == ["知識蒸餾", "知识蒸馏"] and found["kd"] == ["知識蒸餾", "知识蒸馏"]
    assert found[fold("品質", classes)] == ["質量", "品質"]


@dataclass
class _Source:
    id: str
    title: str
    answer: str


def test_question_records_carry_topic_keywords_and_browser_data(indexer):
    term = _Term("量化", "quantization")
    shown = QuestionText("q1", "如何量化？", [])
    shown.blocks = questions_from_html('<h2 id="q1">如何量化？</h2><p>量化減少記憶體用量。</p>')[0].blocks
    source = {"q1": _Source("q1", "如何量化？", "量化減少記憶體用量。")}
    pages = [("applications/", "實踐應用", [shown])]
    records = question_records(pages, source, [term], {"term": [source["q1"]]}, "zh-Hant", indexer)
    ((url, page),) = records
    assert url == "/applications/#q1"
    assert 'data-pagefind-meta="topic">實踐應用' in page and "quantization" in page
    data = browser_data(indexer, [term], question_chars(pages))
    assert "quantization" in data["latin"] and "内存" in data["words"]  # 記憶體's mainland form is a word
    assert data["fold"]["記"] == "记" and data["regional"]["内存"] == ["记忆体"]


def test_query_set_names_questions_that_exist_where_it_says():
    """tests/search/queries.yml stays true when content moves: every expected id is a question of the named
    topic page (read with the site's own parser), never a removed repeat."""
    import re
    from pathlib import Path

    import yaml

    from qa.parse import parse_topic_page

    root = Path(__file__).resolve().parents[2]
    queries = yaml.safe_load((root / "tests" / "search" / "queries.yml").read_text(encoding="utf-8"))
    pages = {}
    for query in queries:
        slug = query["page"]
        if slug not in pages:
            path = root / "docs" / f"{slug}.md"
            pages[slug] = {q.id for q in parse_topic_page(path.read_text(encoding="utf-8"), f"{slug}.md").questions}
        assert query["id"] in pages[slug], f"{query['q']!r}: {query['id']} is not a question of docs/{slug}.md"
        assert not re.search(r"-(repeat|brief)$", query["id"]), query
    assert len(queries) >= 150
    assert {q["locale"] for q in queries} == {"zh-Hant", "en"}


def test_the_kept_character_classes_are_what_opencc_gives():
    """qa/data/character-classes.txt is derived data: regenerate it from the installed OpenCC and compare."""
    from qa.search import CLASSES_TABLE, derive_character_classes, format_character_classes

    derived = derive_character_classes()
    assert CLASSES_TABLE.read_text(encoding="utf-8") == format_character_classes(derived), \
        "run: python -m qa.search --write-classes"
    assert character_classes() == derived
    assert derived["數"] == "数" and derived["著"] == "着" and "数" not in derived and "着" not in derived


def test_decode_inverts_encode_and_keeps_latin_words():
    from qa.search import decode

    for word in ("模型", "知识蒸馏", "的"):
        assert decode(encode(word)) == word
    assert decode("llm") == "llm" and decode("q12z") == "q12z"


def test_common_words_count_records_not_occurrences(classes):
    from qa.search import COMMON_RECORDS

    ix = Indexer([], classes)
    ix.start()
    for i in range(5):
        # 模型 three times in each record, llm in every record, 蒸餾 in two of them
        record_html(f"模型 {i}", [], "模型 模型 llm" + (" 蒸餾" if i < 2 else ""), ix, {})
    assert ix.held[encode("模型")] == 5 and ix.held["llm"] == 5 and ix.held[encode("蒸馏")] == 2
    assert ix.common_words(limit=2) == {"模": 5, "型": 5, "模型": 5, "llm": 5}
    assert ix.common_words(limit=1)["蒸馏"] == 2
    # a bank this small ships no "common" at the default limit; a new index starts counting afresh
    assert COMMON_RECORDS >= 100 and "common" not in browser_data(ix, [], set("模型"))
    ix.start()
    assert ix.common_words(limit=0) == {}


def test_a_memo_gives_the_next_build_the_same_tokens_words_and_pairs_without_jieba(classes, tmp_path, monkeypatch):
    """qa/search_memo.py: a second Indexer over the same memo file makes the same index texts, vocabulary,
    Latin words and regional pairs as the first, without loading jieba; only the texts it used are kept."""
    memo = tmp_path / "memo.pickle"
    texts = [("優化數據與記憶體 LoRA", None), ("知識蒸餾的步驟", None), ("优化数据", "優化數據")]
    first = Indexer(["知識蒸餾"], classes, memo=memo)
    made = [first.tokens(text, twin) for text, twin in texts]
    first.save_memo()
    monkeypatch.setattr("qa.search.make_segmenter", lambda *a, **k: pytest.fail("jieba loaded for a memo's text"))
    second = Indexer(["知識蒸餾"], classes, memo=memo)
    assert [second.tokens(text, twin) for text, twin in texts] == made
    assert (second.vocabulary, second.latin, second.pairs) == (first.vocabulary, first.latin, first.pairs)
    assert second.pairs["资料"] == {"数据"}
    third = Indexer(["知識蒸餾"], classes, memo=memo)
    third.tokens(*texts[0])
    third.save_memo()  # kept: only the texts this build used (an edited text's old entry goes)
    from qa.search_memo import load_memo

    assert set(load_memo(memo, third._memo_key)) == {texts[0][0]}


def test_a_memo_made_otherwise_or_unreadable_is_not_used(classes, tmp_path):
    memo = tmp_path / "memo.pickle"
    first = Indexer(["知識蒸餾"], classes, memo=memo)
    first.tokens("知識蒸餾的步驟")
    first.save_memo()
    other = Indexer(["數據清洗"], classes, memo=memo)  # other user words: jieba would cut otherwise
    assert other._texts == {}
    memo.write_bytes(memo.read_bytes()[:20])  # cut short
    assert Indexer(["知識蒸餾"], classes, memo=memo)._texts == {}
    fresh = Indexer(["知識蒸餾"], classes, memo=memo)
    assert fresh.tokens("知識蒸餾的步驟") == first.tokens("知識蒸餾的步驟")


def test_a_page_memo_reads_an_unchanged_page_from_the_last_build(tmp_path, monkeypatch):
    """qa.search_memo.PageMemo: the second build gets the same questions for the same HTML without reading it
    again, each time a fresh list; other HTML is read; only the pages a build read are kept."""
    from qa.search_memo import PageMemo

    page = '<h2 id="q1">什麼是 LoRA？</h2><p>低秩 <strong>適配</strong>。</p><h2 id="q2">量化</h2><p>INT8</p>'
    other = '<h2 id="q3">蒸餾</h2><p>教師模型</p>'
    memo = tmp_path / "pages.pickle"
    first = PageMemo(memo)
    read = first.questions(page)
    first.save()
    monkeypatch.setattr("qa.search_read.questions_from_html", lambda html: pytest.fail("an unchanged page was read again"))
    second = PageMemo(memo)
    again = second.questions(page)
    assert again == read == questions_from_html(page) and [q.id for q in again] == ["q1", "q2"]
    again[0].blocks.clear()
    assert second.questions(page)[0].blocks  # a fresh list each time
    monkeypatch.undo()
    assert [q.id for q in second.questions(other)] == ["q3"]
    second.save()
    third = PageMemo(memo)
    assert len(third._pages) == 2
    fourth = PageMemo(memo)
    fourth.questions(other)
    fourth.save()
    assert len(PageMemo(memo)._pages) == 1


def test_saving_a_memo_removes_what_a_killed_build_left_and_keeps_a_running_builds_file(tmp_path):
    """qa.search_memo.save_memo writes <memo>.<pid>.tmp, then renames it: a killed build leaves its temporary
    file, which the next save removes once that process is gone; a running build's is left alone."""
    import os
    import subprocess

    from qa.search_memo import load_memo, save_memo

    memo = tmp_path / "memo.pickle"
    gone = subprocess.Popen(["true"])  # a process that has ended (Linux hands out ids in turn)
    gone.wait()
    killed = tmp_path / f"memo.pickle.{gone.pid}.tmp"
    killed.write_bytes(b"cut short")
    running = tmp_path / f"memo.pickle.{os.getppid()}.tmp"
    running.write_bytes(b"being written")
    save_memo(memo, "key", [("text", ("tokens", "words\n", ()))])
    assert not killed.exists() and running.exists()
    assert load_memo(memo, "key") == {"text": ("tokens", "words\n", ())}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["memo.pickle", running.name])


def test_a_build_that_learnt_nothing_leaves_the_memo_files_as_they_were(classes, tmp_path):
    """An unchanged rebuild writes neither memo: no text cut, no page read, none left unused."""
    from qa.search_memo import PageMemo

    texts, pages = tmp_path / "texts.pickle", tmp_path / "pages.pickle"
    page = '<h2 id="q1">什麼是 LoRA？</h2><p>低秩適配。</p>'
    first, memo = Indexer(["知識蒸餾"], classes, memo=texts), PageMemo(pages)
    first.tokens("知識蒸餾的步驟")
    memo.questions(page)
    first.save_memo()
    memo.save()
    kept = {path: path.stat().st_ino for path in (texts, pages)}  # a save renames a new file over it
    again, memo_again = Indexer(["知識蒸餾"], classes, memo=texts), PageMemo(pages)
    again.tokens("知識蒸餾的步驟")
    memo_again.questions(page)
    again.save_memo()
    memo_again.save()
    assert {path: path.stat().st_ino for path in (texts, pages)} == kept
    again.tokens("新的一句")
    again.save_memo()
    assert texts.stat().st_ino != kept[texts]
