"""Header search for questions as readers type them (issue 26): whole questions in Taiwan, mainland and
Hong Kong wording, homophone typos, English questions and code names (tests/search/questions.yml),
entered in each edition in one input step each, as an input method commits them (tests/browser/searchbox.py
says why); and rough input that must never break the box or show a result for question words alone.
In a file of its own: the query set is long and gets a worker of its own."""
from __future__ import annotations

import pytest

from bench.search_bench import ROUGH_INPUTS, paste
from tests.browser.searchbox import HOME, LINKS, META, QUESTIONS, open_search, result_id, search, typed_rankings

pytestmark = pytest.mark.browser


def test_questions_find_the_question_that_answers_them(page_at, server):
    rows, top1, top3, misses = typed_rankings(page_at, server, QUESTIONS)
    assert len(rows) >= 150 and {q["locale"] for q, _ in rows} == set(HOME)
    assert {q["kind"] for q in QUESTIONS} >= {"whole", "mainland", "hongkong", "homophone", "english", "code"}
    print(f"\nquestions: {len(rows)} queries, top-1 {top1:.1%}, top-3 {top3:.1%}")
    for miss in misses:
        print("  miss:", miss)
    # issue 26 asks for 90 % / 97 %; measured 95.1 % / 99.2 % on 264 queries on 2026-12-07 (adr/0001-search.md):
    # the gate keeps what is reached, with about three queries of margin for each
    assert top1 >= 0.94 and top3 >= 0.98, f"top-1 {top1:.1%}, top-3 {top3:.1%}\n" + "\n".join(misses)


def test_a_question_word_is_never_read_as_part_of_a_typo(page_at, server):
    # 快取 + 是 was read as 取是 (qu shi) and searched as 趨勢: a sound correction no reader asked for
    page = open_search(page_at, server, "zh-Hant")
    hrefs = search(page, "快取是什麼")
    assert hrefs and page.locator("[data-qa-search]").get_attribute("data-qa-instead") == ""
    assert "快取" in page.locator(f"{LINKS} h1").first.text_content()


def test_a_homophone_typo_of_a_character_the_text_lacks_is_corrected(page_at, server):
    # 壘 (lei) is written nowhere on the site: its reading ships with the commonest characters
    page = open_search(page_at, server, "zh-Hant")
    hrefs = search(page, "梯度壘積")
    assert [result_id(h) for h in hrefs[:1]] == ["gradient-accumulation-tradeoffs"]
    # says what it searched instead, as this edition writes it (the index's folded form is 梯度累积)
    assert "梯度累積" in page.locator("[data-qa-search] .qa-search-instead").text_content()
    assert "梯度累積" in page.locator(f"{LINKS} h1 mark").first.text_content()


def test_a_synonym_the_answers_also_write_is_searched_too(page_at, server):
    # pick is in the English answers, yet the question about choosing an LLM says choose
    page = open_search(page_at, server, "en")
    hrefs = search(page, "pick an LLM")
    assert [result_id(h) for h in hrefs[:1]] == ["choosing-an-llm"]
    assert "choose" in page.locator(f"{LINKS} h1 mark").all_text_contents()


@pytest.mark.parametrize("locale, query", [("zh-Hant", "怎麼"), ("zh-Hant", "什麼是？"), ("en", "what is"), ("en", "how do I")])
def test_question_words_alone_show_no_result_and_say_so(page_at, server, locale, query):
    page = open_search(page_at, server, locale)
    assert search(page, query) == []
    text = page.locator(META).text_content()
    assert query.strip("？?").strip() in text and ("主題" in text or "subject" in text)


@pytest.mark.parametrize("locale, query, word", [("zh-Hant", "怎麼部署大模型", "部署"), ("zh-Hant", "what is RAG", "rag"),
                                                  ("en", "what is RAG", "rag"), ("zh-Hant", "怎麼減少幻覺", "減少 幻覺")])
def test_question_words_are_dropped_and_the_list_says_what_was_searched(page_at, server, locale, query, word):
    page = open_search(page_at, server, locale)
    hrefs = search(page, query)
    assert hrefs, f"no results for {query!r}"
    line = page.locator("[data-qa-search] .qa-search-instead")
    assert line.is_visible() and word.lower() in line.text_content().lower()  # as typed, not folded (减少)


def test_a_query_no_question_fully_matches_lists_the_nearest_ones(page_at, server):
    page = open_search(page_at, server, "zh-Hant")
    hrefs = search(page, "量化 xyzzyq 蒸餾")  # one word no question has: the others still find questions
    assert hrefs
    assert "部分" in page.locator("[data-qa-search] .qa-search-instead").text_content()


@pytest.mark.parametrize("name", list(ROUGH_INPUTS))
def test_rough_input_pasted_answers_sensibly_without_errors_or_a_stall(page_at, server, name):
    # each kind of rough input pasted in one step (bench/search_bench.py measures the same, figures in adr/0001-search.md)
    page = open_search(page_at, server, "zh-Hant")
    assert search(page, "量化")  # the index is loaded, as after any first search
    found = paste(page, ROUGH_INPUTS[name])
    assert not found["errors"], found["errors"]
    if name in ("paragraph", "address"):
        assert found["shown"] > 0, found  # it holds content words the index has (量化, quantization): never empty
        said = found["instead"].split("」")[0].split("「")[-1].split() if "「" in found["instead"] else []
        assert len(said) == len(set(said)), found  # a correction is said once, however often the paragraph repeats it
    elif name == "question words":
        assert found["shown"] == 0 and "主題" in found["meta"], found  # never a result for question words alone
    else:
        assert found["shown"] == 0 and found["suggest"] >= 10, found  # no match, and the topics to pick from
    # the box stays usable: generous bounds (a shared 2-core machine), which a hang or a runaway loop exceeds
    assert found["ms"] < 10_000 and found["stall"] < 2_000, found
    assert search(page, "知識蒸餾")  # and answers the next query


@pytest.mark.parametrize("query", ["😀😀", "？！。，", "https://example.org/a?b=c", "zzzzqqq", "的 了 嗎"])
def test_rough_input_never_breaks_the_box(page_at, server, query):
    page = open_search(page_at, server, "zh-Hant")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    search(page, query)
    assert not errors
    # the box still answers the next query
    assert search(page, "量化")


def test_a_long_pasted_paragraph_returns_a_list(page_at, server):
    paragraph = ("大型語言模型在部署時需要考慮推論速度、記憶體用量與成本，量化與 KV 快取是常見的做法，"
                 "同時也要監控幻覺與提示注入等風險，並設計評估集確認品質。") * 5
    page = open_search(page_at, server, "zh-Hant")
    assert len(paragraph) >= 300
    assert search(page, paragraph[:500])


def test_nothing_found_shows_the_topics(page_at, server):
    page = open_search(page_at, server, "zh-Hant")
    assert search(page, "龘靐") == []  # characters no question has
    topics = page.locator("[data-qa-search] .qa-search-suggest")
    assert topics.is_visible() and topics.locator("a").count() >= 10
