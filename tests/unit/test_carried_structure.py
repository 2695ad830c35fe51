"""Carried text keeps its structure (qa.dedup.carried_texts), on the real pages and on small cases."""
from __future__ import annotations

from xml.etree import ElementTree

import markdown
import pytest

from qa.carried import carried_texts
from qa.dedup import dedupe
from qa.model import Question, TopicPage

from .test_dedup_real import topic_pages

EXTENSIONS = ["attr_list", "md_in_html", "sane_lists", "pymdownx.superfences"]


def html_tree(text: str) -> ElementTree.Element:
    return ElementTree.fromstring(f"<div>{markdown.markdown(text, extensions=EXTENSIONS)}</div>")


def own_text(element: ElementTree.Element) -> str:
    """The text of an element without its nested lists."""
    parts = [element.text or ""]
    for child in element:
        if child.tag not in ("ul", "ol"):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts).strip()


def dangling_intros(tree: ElementTree.Element) -> list[str]:
    """Paragraphs and list items that end with 「：」/":" but are not followed by (or hold) a list."""
    out = []
    parents = {child: parent for parent in tree.iter() for child in parent}
    for element in tree.iter():
        if element.tag not in ("p", "li"):
            continue
        text = own_text(element)
        if not text.endswith(("：", ":")):
            continue
        if element.tag == "li" and any(child.tag in ("ul", "ol") for child in element):
            continue
        if element.tag == "li" and any(child.tag == "p" for child in element):
            continue  # a loose item: its paragraphs are checked themselves
        siblings = list(parents.get(element, tree))
        following = siblings[siblings.index(element) + 1:]
        if following and following[0].tag in ("ul", "ol"):
            continue
        out.append(text)
    return out


@pytest.fixture(scope="module")
def groups():
    return dedupe(topic_pages()).groups


def test_no_carried_item_announces_a_missing_list(groups):
    texts = [t for g in groups for t in carried_texts(g)]
    assert texts, "the real pages have carried text"
    for carried in texts:
        assert dangling_intros(html_tree(carried.markdown)) == [], carried.markdown


def test_an_intro_whose_list_is_covered_comes_with_its_list(groups):
    group = next(g for g in groups if g.canonical.id == "deployment-considerations")
    assert "常見的部署方式包括：" in [c.sentence for c in group.carried]  # carried: nothing is lost
    (text,) = carried_texts(group)
    tree = html_tree(text.markdown)
    intro = next(p for p in tree.iter("p") if own_text(p) == "常見的部署方式包括：")
    listed = list(tree)[list(tree).index(intro) + 1]
    assert listed.tag == "ul" and own_text(listed[0]).startswith("雲端部署")  # shown with its (covered) list


def test_a_sentence_stays_under_its_bold_label(groups):
    group = next(g for g in groups if g.canonical.id == "deployment-considerations")
    (text,) = carried_texts(group)
    tree = html_tree(text.markdown)
    items = [own_text(li) for li in tree.iter("li")]
    hardware = next(item for item in items if item.startswith("硬件資源"))
    assert "需要選擇合適的硬件" in hardware  # the label's second sentence is in the same item
    assert not any(item.startswith("需要") for item in items)  # never a bullet of its own
    # the list is carried with its introduction, which is a paragraph right before it
    paragraph = tree.find("p")
    assert own_text(paragraph).endswith("包括：") and list(tree).index(paragraph) + 1 == list(tree).index(tree.find("ul"))


def test_nested_items_stay_nested_under_their_parent(groups):
    group = next(g for g in groups if g.canonical.id == "data-preprocessing")
    (text,) = carried_texts(group)
    tree = html_tree(text.markdown)
    parent = next(li for li in tree.iter("li") if own_text(li).startswith("數據集劃分"))
    nested = [own_text(li) for li in parent.iter("li") if li is not parent]
    assert nested and nested[0].startswith("訓練集、驗證集和測試集")
    assert tree.find("ol").get("start") == "4"  # the parent keeps its number


def test_every_carried_sentence_is_shown_once(groups):
    for group in groups:
        joined = "\n".join(t.markdown for t in carried_texts(group))
        for carried in group.carried:
            assert joined.count(carried.sentence) == 1, carried.sentence


def unit(qid, answer, line):
    return Question(qid, "如何部署模型？", answer, "a.md", line)


LONGER = ("\n**監控**\n\n* **延遲**：記錄每個請求的首字延遲與總延遲，按百分位數設定告警門檻。\n"
          "* **錯誤**：統計逾時與記憶體不足的次數，並保留失敗請求的輸入以便重現問題。\n")


def carried_markdown(canonical: str, other: str) -> str:
    """The carried Markdown when ``other`` repeats ``canonical`` (made the longer one)."""
    canonical += LONGER
    page = TopicPage("a.md", "a", "甲", "A", 1, questions=[unit("long", canonical, 1), unit("short", other, 50)])
    (group,) = dedupe([page]).groups
    (text,) = carried_texts(group)
    return text.markdown


BASE = ("部署需要考慮多個面向，以下逐項說明其重點與常見做法。\n\n**硬體**\n\n* **GPU**：推理需要大量的 GPU 記憶體與頻寬。\n"
        "* **CPU**：前處理與後處理在 CPU 上執行即可。\n\n**軟體**\n\n* **框架**：使用 vLLM 或 TensorRT-LLM 提升吞吐量。\n")


def test_a_covered_label_is_kept_in_front_of_its_new_sentence():
    other = BASE.replace("推理需要大量的 GPU 記憶體與頻寬。", "推理需要大量的 GPU 記憶體與頻寬。另外要預留三成的顯存給長上下文。")
    out = carried_markdown(BASE, other)
    assert "* **GPU**：另外要預留三成的顯存給長上下文。" in out
    assert out.index("**硬體**") < out.index("* **GPU**")  # its section label comes first


def test_a_code_line_comes_with_its_whole_block():
    code = "```python\nmodel = load()\nmodel.generate(prompt)\n```"
    other = BASE + "\n" + code.replace("model.generate(prompt)", "model.generate(prompt, max_tokens=256)") + "\n"
    out = carried_markdown(BASE + "\n" + code + "\n", other)
    assert out.startswith("```python") and out.rstrip().endswith("```") and "max_tokens=256" in out
