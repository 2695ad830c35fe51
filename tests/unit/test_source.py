"""Unit tests for qa.source: the one reader of YAML and of the Markdown block structure."""
from __future__ import annotations

import pytest

from qa.errors import ContentError
from qa.source import heading, load_yaml, parse_attrs, scan, split_front_matter


def test_yaml_keeps_lines_of_keys_and_items():
    data = load_yaml("# comment\n- id: a\n  zh: 甲\n- id: b\n  en: B\n", "g.yml")
    assert data == [{"id": "a", "zh": "甲"}, {"id": "b", "en": "B"}]
    assert data.item_lines == [2, 4]
    assert (data[0].line_of("zh"), data[1].line_of("en"), data[1].line_of("missing")) == (3, 5, 4)


def test_yaml_lines_count_from_the_given_first_line():
    front = split_front_matter("---\ntitle: 甲\norder: 2\n---\n正文\n", "p.md")
    assert front.meta.line_of("order") == 3 and front.body == ["正文"] and front.first == 5


@pytest.mark.parametrize(("text", "line"), [("a: 1\nb: [2\n", 2), ("a: 1\n  b: 2\nc\n", 2), ("a:\n\t- 1\n", 2)])
def test_yaml_errors_name_file_and_line(text, line):
    with pytest.raises(ContentError) as caught:
        load_yaml(text, "content/x.yml")
    assert str(caught.value).startswith(f"content/x.yml:{line}: not valid YAML (")


def test_front_matter_is_yaml_not_text():
    assert split_front_matter('---\nkind: "topic"\n---\n', "p.md").meta["kind"] == "topic"
    assert split_front_matter("---\nkind: topic # a comment\n---\n", "p.md").meta["kind"] == "topic"
    assert split_front_matter("no front matter\n", "p.md").meta == {}


def test_fences_close_on_the_same_character_at_least_as_long():
    lines = ["text", "````md", "```", "~~~", "````", "after", "~~~python", "code", "~~~~"]
    kinds = [line.kind for line in scan(lines).lines]
    assert kinds == ["text", "fence", "code", "code", "fence", "text", "fence", "code", "fence"]
    assert scan(["```", "open"]).unclosed.number == 1
    assert scan(lines).lines[2].fence.language == "md"


def test_multi_line_comments_are_not_prose():
    scanned = scan(["前文 <!-- 開始", "## 不是標題", "結束 -->", "後文"]).lines
    assert [(line.kind, line.visible) for line in scanned] == [
        ("text", "前文 "), ("comment", "## 不是標題"), ("comment", "結束 -->"), ("text", "後文")]


@pytest.mark.parametrize(("line", "expected"), [
    ('## 問？ {#a data-en="How do you do it?"}', (2, "問？", "a", {"data-en": "How do you do it?"})),
    ("## 問？ {#a data-en='How …' data-canonical=true}", (2, "問？", "a", {"data-en": "How …", "data-canonical": "true"})),
    ("##問？{#a}", (2, "問？{#a}", None, {})),  # attr_list needs a space before the brace
    ("### 小標題 ###", (3, "小標題", None, {})),
    ("## 問？ {: #a .wide }", (2, "問？", "a", {})),
])
def test_headings_are_read_as_python_markdown_reads_them(line, expected):
    head = heading(line)
    assert (head.level, head.text, head.id, head.attrs) == expected


def test_not_a_heading():
    assert heading("正文 ## 不是") is None and heading("    ## code") is None


def test_attrs_match_the_rendered_html():
    import markdown

    raw = "#q data-en='It is' data-x=1 .cls"
    anchor, attrs, classes = parse_attrs(raw)
    html = markdown.markdown("## T {" + raw + "}", extensions=["attr_list"])
    assert f'id="{anchor}"' in html and all(f'{k}="{v}"' in html for k, v in attrs.items())
    assert f'class="{classes[0]}"' in html


@pytest.mark.parametrize(("raw", "title"), [
    ('#q data-en="What is \\"RLHF\\"?"', 'What is "RLHF"?'),
    ("#q data-en='What\\'s RLHF?'", "What's RLHF?"),
    ("#q data-en='What's RLHF?'", "What's RLHF?"),
    ('#q data-en="Why <s> and </s>?" data-x=1', "Why <s> and </s>?"),
])
def test_quotes_inside_a_value_are_read_as_written(raw, title):
    assert parse_attrs(raw)[1]["data-en"] == title


def test_an_attribute_list_that_cannot_be_read_is_reported():
    with pytest.raises(ValueError):
        parse_attrs('#q data-en="never closed')
    assert heading('## Q {#q data-en="never closed}').bad_attrs


@pytest.mark.parametrize("text", ["What is <s>?", "<script>alert(1)</script>", "*a* [b](c) `d` d_k {#x} \\ & #"])
def test_markdown_text_renders_as_the_text(text):
    import html
    import markdown

    from qa.source import markdown_text

    out = markdown.markdown(markdown_text(text), extensions=["attr_list"])
    assert html.unescape(out.removeprefix("<p>").removesuffix("</p>")) == text
