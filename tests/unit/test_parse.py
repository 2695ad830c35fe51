"""Unit tests for qa.parse: the topic-page format and its errors."""
import pytest

from qa.errors import ContentError
from qa.model import Question, TopicPage
from qa.parse import check_unique_ids, parse_topic_page, split_front_matter

FRONT = "---\nkind: topic\ntitle: 測試\ntitle_en: Test\norder: 3\n---\n"


def page(body: str) -> str:
    return FRONT + body


def test_parses_questions_ids_titles_and_answers():
    text = page(
        "\n引言。\n\n"
        '## 什麼是量化？ {#quantization data-en="What is quantization?"}\n\n量化降低精度。\n\n### 小標題\n\n細節。\n\n'
        "## 什麼是剪枝？ {#pruning}\n\n```markdown\n## not a heading {#nope}\n```\n"
    )
    result = parse_topic_page(text, "t.md")
    assert (result.title, result.title_en, result.order, result.slug) == ("測試", "Test", 3, "t")
    assert result.intro == "引言。"
    assert [q.id for q in result.questions] == ["quantization", "pruning"]
    first, second = result.questions
    assert first.title == "什麼是量化？" and first.title_en == "What is quantization?"
    assert first.answer == "量化降低精度。\n\n### 小標題\n\n細節。"
    assert first.line == 10 and second.line == 18
    assert second.title_en is None
    assert "## not a heading" in second.answer


def test_canonical_mark_is_read():
    result = parse_topic_page(page('## 問題？ {#q data-canonical="true"}\n答。\n'), "t.md")
    assert result.questions[0].canonical is True


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: [unclosed\n---\n", 2, "not valid YAML"),
        ("---\ntitle: x\n", 1, "never closed"),
        ("---\nkind: topic\ntitle: x\norder: 1\n---\n", 2, "title_en"),
        ("---\nkind: topic\ntitle: x\ntitle_en: y\norder: one\n---\n", 5, "whole number"),
        (page("## 沒有 id 的問題？\n答。\n"), 7, "no explicit id"),
        (page("## 問題？ {#Bad_Id}\n答。\n"), 7, "lower-case"),
        (page("## 問題一？ {#q}\n\n\n## 問題二？ {#r}\n答。\n"), 7, "has no answer"),
        (page("## 問題一？ {#q}\n答。\n## 問題二？ {#q}\n答。\n"), 9, "already used on line 7"),
        (page("## 問題一？ {#q}\n```python\nx = 1\n"), 8, "never closed"),
        (page("## 問題一？ {#q}\n```python\nx = 1\n## 問題二？ {#r}\n答。\n"), 8, "swallows the question heading on line 10"),
    ],
)
def test_bad_input_names_file_and_line(text, line, words):
    with pytest.raises(ContentError) as caught:
        parse_topic_page(text, "topic.md")
    assert caught.value.path == "topic.md"
    assert caught.value.line == line
    assert words in str(caught.value)
    assert str(caught.value).startswith(f"topic.md:{line}: ")


def test_front_matter_absent_is_empty():
    assert split_front_matter("正文\n", "x.md") == ({}, ["正文"], 1)


def test_ids_must_be_unique_across_pages():
    a = TopicPage("a.md", "a", "甲", "A", 1, questions=[Question("q", "問？", "答", "a.md", 7)])
    b = TopicPage("b.md", "b", "乙", "B", 2, questions=[Question("q", "問？", "答", "b.md", 9)])
    with pytest.raises(ContentError, match=r"^b.md:9: .*a.md:7"):
        check_unique_ids([a, b])


def test_heading_attributes_are_read_as_attr_list_reads_them():
    """Single-quoted and unquoted values render with both attributes (Python-Markdown's attr_list), so the
    parser must read them too: this heading once stopped the build with "has no English title"."""
    result = parse_topic_page(page("## 問題？ {#my-id data-en='How does it work?' data-canonical=true}\n答。\n"), "t.md")
    question = result.questions[0]
    assert (question.id, question.title, question.title_en, question.canonical) == ("my-id", "問題？", "How does it work?", True)


def test_the_parser_agrees_with_the_rendered_heading():
    import markdown

    line = "## 問題？ {#my-id data-en='How … it?' .extra data-canonical=true}"
    html = markdown.markdown(line, extensions=["attr_list"])
    question = parse_topic_page(page(line + "\n答。\n"), "t.md").questions[0]
    assert f'id="{question.id}"' in html and f'data-en="{question.title_en}"' in html
    assert 'data-canonical="true"' in html and question.canonical
    assert f">{question.title}</h2>" in html


@pytest.mark.parametrize("value", ["false", "no", "0"])
def test_canonical_false_is_not_canonical(value):
    assert parse_topic_page(page(f"## 問題？ {{#q data-canonical={value}}}\n答。\n"), "t.md").questions[0].canonical is False


def test_a_heading_inside_an_html_comment_is_not_a_question():
    text = page("## 問題？ {#q}\n答。\n<!--\n## 草稿？ {#draft}\n-->\n")
    assert [q.id for q in parse_topic_page(text, "t.md").questions] == ["q"]


@pytest.mark.parametrize("front", [
    '---\nkind: "topic"\ntitle: 測試\ntitle_en: Test\norder: 3\n---\n',
    "---\ntitle: 測試\ntitle_en: Test\norder: 3\n" + "".join(f"note{i}: {'長' * 30}\n" for i in range(12)) + "kind: topic\n---\n",
])
def test_topic_kind_is_read_from_the_yaml(front):
    from qa.parse import is_topic_page

    assert len(front.split("kind")[0]) > 400 or '"topic"' in front
    assert is_topic_page(front + "## 問？ {#q}\n答。\n", "t.md")


def test_yaml_error_in_front_matter_names_the_page_line():
    with pytest.raises(ContentError, match=r"^t.md:4: not valid YAML"):
        parse_topic_page("---\nkind: topic\ntitle: x\ntitle_en: : :\n  bad: [\n---\n", "t.md")
