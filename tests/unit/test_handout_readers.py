"""Handout core details a reader of the PDFs sees (issue 14): address, answer pages, index references."""
from __future__ import annotations

import re

from qa.question_html import render_pieces
from qa.handout import HandoutMeta, drill_html, fill_answer_pages, glossary_entries, handout_html, public_url

from .test_handout_core import edition, pages, render


def meta(locale="zh-Hant", url=""):
    return HandoutMeta("題庫", locale, "2026-01-02", "來源說明", url)


def test_public_url_drops_local_preview_addresses():
    assert public_url("http://127.0.0.1:8000/") == ""
    assert public_url("http://localhost:8000/x/") == ""
    assert public_url("") == "" and public_url(None) == ""
    assert public_url("https://example.github.io/llm-qa/") == "https://example.github.io/llm-qa/"


def test_cover_prints_the_address_only_when_there_is_one():
    assert "線上版" not in handout_html(edition(), meta(), render, render_pieces(edition(), render))
    html = handout_html(edition(), meta(url="https://example.org/qa/"), render, render_pieces(edition(), render))
    assert '<a href="https://example.org/qa/">https://example.org/qa/</a>' in html


def test_drill_names_each_answers_handout_page_once_laid_out():
    drill = drill_html(edition(), meta(), render)
    assert drill.count('class="answer-ref"') == 3
    assert "答案見講義第 1.1 題" in drill  # before the handout is laid out: its number
    filled = fill_answer_pages(drill, {"one": 3, "two": 3, "three": 5})
    assert re.findall(r"答案見講義第 (\d+) 頁", filled) == ["3", "3", "5"]
    english = fill_answer_pages(drill_html(edition("en"), meta("en"), render), {"one": 7})
    assert "Answer: handout p. 7" in english and "Answer: handout question 1.2" in english


def test_every_question_carries_its_topic_for_the_running_head():
    handout = handout_html(edition(), meta(), render, render_pieces(edition(), render))
    assert re.findall(r'<article class="question" id="q-(\w+)" data-running="([^"]+)"', handout) == [
        ("one", "1 甲主題"), ("two", "1 甲主題"), ("three", "2 乙主題")]
    drill = drill_html(edition(), meta(), render)
    assert re.findall(r'<li id="q-(\w+)" data-running="([^"]+)"', drill) == [
        ("one", "1 甲主題"), ("two", "1 甲主題"), ("three", "2 乙主題")]


def test_chinese_index_references_are_joined_with_an_ideographic_comma():
    from types import SimpleNamespace

    terms = [SimpleNamespace(id="t1", zh="術語", en="term", definition_zh="定義", definition_en="definition")]
    mentions = {"t1": [pages()[0].questions[0], pages()[0].questions[1]]}
    zh = handout_html(edition(), meta(), render, render_pieces(edition(), render), glossary=glossary_entries(terms, mentions, "zh-Hant"))
    assert '1.1</a>、<a class="ref"' in zh
    en = handout_html(edition("en"), meta("en"), render, render_pieces(edition("en"), render), glossary=glossary_entries(terms, mentions, "en"))
    assert '1.1</a>, <a class="ref"' in en
