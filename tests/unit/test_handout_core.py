"""The handout core (qa/handout.py, qa/pdf.py font check) without MkDocs."""
from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from qa import pdf
from qa.edition import CARRIED_STRINGS, make_edition
from qa.model import Carried, DedupResult, Group, Merged, Question, TopicPage
from qa.question_html import render_pieces
from qa.handout import HandoutMeta, drill_html, glossary_entries, handout_html, open_details
from qa.numbering import number_questions


def q(qid, title, answer="答案。", title_en=None, page="a.md", line=1):
    return Question(qid, title, answer, page, line, title_en)


def pages():
    a = TopicPage("a.md", "a", "甲主題", "Topic A", 1, questions=[
        q("one", "第一題？", "答案 `code`。\n\n??? note \"更多\"\n    收合的內容", "First?"),
        q("two", "第二題？", title_en="Second?", line=5),
        q("dup", "第二題？", title_en="Second?", line=9)])
    b = TopicPage("b.md", "b", "乙主題", "Topic B", 2, questions=[q("three", "第三題？", "答", "Third?", "b.md")])
    empty = TopicPage("c.md", "c", "空主題", "Empty", 3, questions=[q("gone", "重複？", page="c.md")])
    return [a, b, empty]


SHOWN = {"a.md": [pages()[0].questions[0], pages()[0].questions[1]], "b.md": pages()[1].questions, "c.md": []}


def edition(locale="zh-Hant", translations=None, result=None):
    """The shown questions of :func:`pages` as ``locale``'s edition."""
    return make_edition(locale, number_questions(pages(), SHOWN), result, translations)


def render(text):
    import markdown

    return markdown.markdown(text, extensions=["admonition", "pymdownx.details", "pymdownx.superfences"])


def meta(locale="zh-Hant"):
    return HandoutMeta("題庫", locale, "2026-01-02", "來源說明", "https://example.org/")


def test_numbers_follow_topics_and_skip_empty_topics():
    numbered = number_questions(pages(), SHOWN)
    assert [(n.number, n.question.id) for n in numbered] == [("1.1", "one"), ("1.2", "two"), ("2.1", "three")]


def test_handout_prints_each_shown_question_once_with_answers_open():
    two = pages()[0].questions[1]
    dup = q("dup", "第二題？", "答案。補充的句子。", title_en="Second?", line=9)
    result = DedupResult((Group(two, (Merged(dup, 1.0, 0.9, "same-question"),), (Carried("補充的句子。", dup, 1),)),),
                         units_in=5, units_shown=4)
    html = handout_html(edition(result=result), meta(), render, render_pieces(edition(result=result), render))
    assert html.count('id="q-') == 3 and 'id="q-dup"' not in html and 'id="q-gone"' not in html
    assert 'href="#q-one"' in html and 'href="#topic-b"' in html  # table of contents
    assert "<details" in html and "收合的內容" in html
    assert all(" open" in tag for tag in html.split("<details")[1:] if tag.startswith((" ", ">")))
    assert CARRIED_STRINGS["zh-Hant"]["label"] in html and "補充的句子。" in html
    # a plain line says the collection asks the question again; no raw id, no link back to the same question
    assert CARRIED_STRINGS["zh-Hant"]["same"] in html and "#dup" not in html
    assert "<code>code</code>" in html and "2026-01-02" in html and "來源說明" in html
    assert html.startswith("<!DOCTYPE html>") and '<html lang="zh-Hant">' in html


def test_english_handout_has_english_titles_and_chinese_answers_marked():
    html = handout_html(edition("en"), meta("en"), render, render_pieces(edition("en"), render))
    assert "First?" in html and "Topic A" in html and "第一題？" not in html and "Contents" in html
    assert '<div class="answer" lang="zh-Hant">' in html
    english = q("one", "First?", "An English answer.", "First?")
    html = handout_html(edition("en", {"one": english}), meta("en"), render, render_pieces(edition("en", {"one": english}), render))
    assert '<div class="answer" lang="en">' in html and "An English answer." in html


def test_drill_sheet_has_the_same_numbers_and_no_answers():
    html = drill_html(edition(), meta(), render)
    assert "1.1</span> 第一題？" in html and "2.1</span> 第三題？" in html
    body = re.sub(r'<p class="answer-ref".*?</p>', "", html.split("</header>", 1)[1])  # where each answer is
    assert "收合的內容" not in html and "答案" not in body


def test_glossary_index_lists_shown_questions_only():
    terms = [SimpleNamespace(id="t1", zh="術語", en="term", definition_zh="定義", definition_en="definition"),
             SimpleNamespace(id="t2", zh="無人提", en="unused", definition_zh="", definition_en="")]
    entries = glossary_entries(terms, {"t1": [pages()[0].questions[0], pages()[0].questions[2]]}, "zh-Hant")
    assert [(e.term, e.other, e.question_ids) for e in entries] == [("術語", "term", ("one", "dup"))]
    html = handout_html(edition(), meta(), render, render_pieces(edition(), render), glossary=entries)
    index = html.split('id="glossary"', 1)[1]
    assert 'href="#q-one">1.1</a>' in index and "q-dup" not in index
    assert handout_html(edition(), meta(), render, render_pieces(edition(), render), glossary=[]).count('id="glossary"') == 0


def test_open_details_keeps_attributes_and_open_blocks():
    assert open_details('<details class="note"><summary>x</summary></details>') == \
        '<details class="note" open><summary>x</summary></details>'
    assert open_details("<details open>") == "<details open>"
    assert open_details("<details>") == "<details open>"


def test_missing_cjk_font_names_the_package(monkeypatch):
    monkeypatch.setattr(pdf.subprocess, "run", lambda *a, **k: SimpleNamespace(stdout=""))
    with pytest.raises(pdf.FontMissingError, match="fonts-noto-cjk"):
        pdf.check_cjk_font()
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    with pytest.raises(pdf.FontMissingError, match="fonts-noto-cjk"):
        pdf.check_cjk_font()


def test_installed_fonts_pass_the_check():
    pdf.check_cjk_font()  # the set-up installs fonts-noto-cjk; fails here if it did not
