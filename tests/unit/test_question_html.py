"""qa.question_html: the pieces a topic page marks are cut back out of its converted HTML, whole."""
from __future__ import annotations

import markdown
import pytest

from qa.edition import make_edition
from qa.model import Carried, DedupResult, Group, Merged, Question, TopicPage
from qa.numbering import number_questions
from qa.question_html import cut, mark, render_pieces
from qa.render import render_topic_markdown, shown_in_order

EXTENSIONS = ["toc", "attr_list", "md_in_html", "admonition", "pymdownx.details", "pymdownx.superfences"]


def convert(text, permalinks=False):
    return markdown.markdown(text, extensions=EXTENSIONS, extension_configs={"toc": {"permalink": permalinks}})


def test_marks_survive_markdown_and_are_cut_out_whole():
    answer = "- 甲\n- 乙\n\n### 小節\n\n```python\nprint('x')\n```"
    page = f"## 題目 {{#q1}}\n\n{mark('answer', 'q1', answer)}\n\n??? note \"補充\"\n\n    " + \
        mark("carried", "q1", "另一句。").replace("\n", "\n    ")
    html = convert(page, permalinks=True)
    clean, pieces = cut(html)
    assert "<!--qa:" not in clean and "<!--/qa-->" not in clean
    assert clean == html.replace("<!--qa:answer q1-->\n", "").replace("<!--qa:carried q1-->\n", "").replace("<!--/qa-->\n", "")
    piece = pieces["q1"]
    assert piece.answer.startswith("<ul>") and "<li>甲</li>" in piece.answer and "print" in piece.answer
    assert '<h3 id="_1">小節</h3>' in piece.answer and "headerlink" in html, "the page's permalinks are left on the page"
    assert piece.carried == ["<p>另一句。</p>"] and piece.note == ""


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown piece kind"):
        mark("title", "q1", "x")


def test_a_topic_page_gives_every_question_the_pieces_render_pieces_makes():
    """The deck reads the page's pieces in a build and render_pieces' in the core's tests: the same HTML."""
    one = Question("one", "第一題？", "答案一。\n\n??? note \"更多\"\n    收合", "a.md", 1)
    two = Question("two", "第二題？", "第二題的答案。", "a.md", 5)
    dup = Question("dup", "第二題？", "第二題的答案。另一句。", "a.md", 9)
    page = TopicPage("a.md", "a", "甲", "A", 1, questions=[one, two, dup])
    result = DedupResult((Group(two, (Merged(dup, 1.0, 0.9, "same-question"),), (Carried("另一句。", dup, 1),)),),
                         units_in=3, units_shown=2)
    edition = make_edition("zh-Hant", number_questions([page], shown_in_order([page], result)), result)
    notes = {"one": ("", "**注意**：一則技術註記。")}
    _, from_page = cut(convert(render_topic_markdown(page, edition, result, annotations=notes)))
    rendered = render_pieces(edition, convert, notes)
    assert set(from_page) == set(rendered) == {"one", "two"}
    for qid, piece in from_page.items():
        assert (piece.answer, piece.note, piece.carried) == (rendered[qid].answer, rendered[qid].note, rendered[qid].carried)
    assert "<strong>注意</strong>" in from_page["one"].note and from_page["two"].carried == ["<p>另一句。</p>"]
