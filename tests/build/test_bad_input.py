"""A maintainer's mistake fails the build with the file and line, never a traceback (issue 24).

Each kind of mistake is one small fixture site (the real configuration and hooks, no PDFs) and one
build: either the build is refused — exit code ≠ 0, the message names the mistake's own file and
line and says what to do, no traceback — or what was written is built as written (the right page).
"""
from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import fixture_site, mkdocs_build

pytestmark = pytest.mark.build

HOME = "---\ntitle: 首頁\n---\n\n# 首頁\n"
TOPIC = "---\nkind: topic\ntitle: 測試\ntitle_en: Test\norder: 1\n---\n\n"  # the body starts on line 8


OTHER = {  # further questions, unlike each other (dedup would merge repeats)
    "second": ("什麼是蒸餾？", "What is distillation?", "蒸餾讓小模型學習大模型的輸出分布。"),
    "other": ("什麼是剪枝？", "What is pruning?", "剪枝移除對輸出影響小的權重或結構。"),
    "hidden": ("什麼是快取？", "What is caching?", "快取保存算過的結果以免重算。"),
}


def q(qid: str = "quantization", title: str | None = None, en: str | None = "", answer: str | None = None,
      level: int = 2, attrs: str = "") -> str:
    """One question: heading (with ``data-en`` unless ``en`` is None), a blank line, the answer.
    Left out, the title, English title and answer are those of ``qid`` (quantization, or :data:`OTHER`)."""
    default = OTHER.get(qid, ("什麼是量化？", "What is quantization?", "量化降低數值精度。"))
    title = default[0] if title is None else title
    en = default[1] if en == "" else en
    answer = default[2] if answer is None else answer
    data_en = f' data-en="{en}"' if en is not None else ""
    return f"{'#' * level} {title} {{#{qid}{data_en}{attrs}}}\n\n{answer}\n"


GOOD = q()  # a well-formed question, for pages that hold a mistake elsewhere


@dataclass
class Refused:
    """A mistake the build refuses: ``where`` (``docs/t.md:12:``) and ``words`` must be in the output."""

    pages: dict
    where: str
    words: str
    content: dict = field(default_factory=dict)  # files under content/ next to mkdocs.yml


@dataclass
class Built:
    """Input the build accepts; ``check(site)`` asserts the right page was built."""

    pages: dict
    check: object
    content: dict = field(default_factory=dict)


def make_site(tmp: Path, pages: dict, content: dict) -> Path:
    """A fixture site (``conftest.fixture_site``) whose pages may also be bytes (written as they are)
    or ``("symlink", target)``; ``content`` files are written under content/."""
    (tmp / "docs").mkdir(parents=True, exist_ok=True)
    texts = {name: text for name, text in pages.items() if isinstance(text, str)}
    config = fixture_site(tmp, texts)
    for name, value in pages.items():
        path = tmp / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(value, bytes):
            path.write_bytes(value)
        elif isinstance(value, tuple):
            os.symlink(value[1], path)
    for name, text in content.items():
        (tmp / "content").mkdir(exist_ok=True)
        if text is not None:
            (tmp / "content" / name).write_text(text, encoding="utf-8")
    return config


# ---------------------------------------------------------------------------------------------
# what the built site shows


def h2_texts(site: Path, page: str) -> list[str]:
    """The text of each ``<h2>`` of a built page (permalink sign dropped), as a reader sees it."""
    text = (site / page).read_text(encoding="utf-8")
    return [html.unescape(re.sub(r"<[^>]+>", "", re.sub(r'<a class="headerlink".*?</a>', "", inner))).strip()
            for inner in re.findall(r"<h2[^>]*>(.*?)</h2>", text, flags=re.S)]


def h2_html(site: Path, page: str) -> list[str]:
    return re.findall(r"<h2[^>]*>(.*?)</h2>", (site / page).read_text(encoding="utf-8"), flags=re.S)


def study(site: Path, locale_root: str = "") -> dict:
    return json.loads((site / locale_root / "study.json").read_text(encoding="utf-8"))


def deck_fields(site: Path, locale_root: str = "") -> list[str]:
    """Every note's fields of a built Anki deck (``downloads/llm-interview.apkg``)."""
    with zipfile.ZipFile(site / locale_root / "downloads" / "llm-interview.apkg") as deck:
        data = deck.read("collection.anki2")
    db_path = site / f"deck-{locale_root.strip('/') or 'root'}.anki2"
    db_path.write_bytes(data)
    with sqlite3.connect(db_path) as db:
        return [row[0] for row in db.execute("select flds from notes")]


def english_title_is_text(title: str):
    """The check of a ``data-en`` title: shown exactly as written, as text, on the English page, in
    study.json (``title``, and ``title_html`` that has no tag of its own) and in the English deck."""
    def check(site: Path) -> None:
        assert h2_texts(site, "en/t/index.html") == [title]
        assert not re.search(r"<(s|b|script|img)\b", h2_html(site, "en/t/index.html")[0])
        entry = study(site, "en")["questions"][0]
        assert entry["title"] == title
        assert html.unescape(entry["title_html"]) == title and not re.search(r"<(s|b|script|img)\b", entry["title_html"])
        front = [fields.split("\x1f") for fields in deck_fields(site, "en")]
        assert any(html.escape(title, quote=False) in part for fields in front for part in fields), front
        assert not any(re.search(r"<(s|script|img)\b", part) for fields in front for part in fields[:2])
    return check


def questions_built(ids: list[str], page: str = "t"):
    """The check that the page shows exactly these questions and study mode lists exactly them."""
    def check(site: Path) -> None:
        shown = re.findall(r'<h2[^>]*\bid="([^"]+)"', (site / page / "index.html").read_text(encoding="utf-8"))
        assert shown == ids
        assert [entry["id"] for entry in study(site)["questions"]] == ids
        english = re.findall(r'<h2[^>]*\bid="([^"]+)"', (site / "en" / page / "index.html").read_text(encoding="utf-8"))
        assert english == ids
    return check


# ---------------------------------------------------------------------------------------------
# the mistakes

GLOSSARY = ("- id: quantization\n  zh: 量化\n  en: quantization\n"
            "  definition_zh: 以較低的數值精度表示權重與激活值。\n"
            "  definition_en: Representing weights and activations with lower numeric precision.\n")

REFUSED = {
    # front matter
    "front-matter-yaml-syntax": Refused({"bad.md": "---\nkind: topic\ntitle: [測試\n---\n"}, "docs/bad.md:3:", "not valid YAML"),
    "front-matter-never-closed": Refused({"t.md": "---\nkind: topic\ntitle: 測試\n\n" + GOOD}, "docs/t.md:1:", "never closed"),
    "front-matter-not-a-mapping": Refused({"t.md": "---\n- kind\n- topic\n---\n\n" + GOOD}, "docs/t.md:2:", "must be a YAML mapping"),
    "front-matter-tab-indent": Refused({"t.md": "---\nkind: topic\ntitle: 測試\n\ttitle_en: Test\norder: 1\n---\n\n" + GOOD},
                                       "docs/t.md:4:", "not valid YAML"),
    "front-matter-lacks-title-en": Refused({"t.md": "---\nkind: topic\ntitle: 測試\norder: 1\n---\n\n" + GOOD},
                                           "docs/t.md:2:", "lacks title_en"),
    "front-matter-order-not-number": Refused({"t.md": TOPIC.replace("order: 1", "order: first") + GOOD}, "docs/t.md:5:", "'order' must be a whole number"),
    "front-matter-order-boolean": Refused({"t.md": TOPIC.replace("order: 1", "order: yes") + GOOD}, "docs/t.md:5:", "'order' must be a whole number"),
    "front-matter-empty-title": Refused({"t.md": TOPIC.replace("title: 測試", "title:") + GOOD}, "docs/t.md:3:", "'title' must be the topic's name"),
    "front-matter-blank-title-en": Refused({"t.md": TOPIC.replace("title_en: Test", 'title_en: "  "') + GOOD},
                                           "docs/t.md:4:", "'title_en' must be the topic's name"),
    "front-matter-title-is-a-list": Refused({"t.md": TOPIC.replace("title: 測試", "title: [測, 試]") + GOOD}, "docs/t.md:3:", "'title' must be"),
    "front-matter-duplicate-key": Refused({"t.md": TOPIC.replace("order: 1", "order: 1\ntitle: 另一個") + GOOD},
                                          "docs/t.md:6:", "'title' is written twice, first on line 3"),
    "kind-capitalised": Refused({"t.md": TOPIC.replace("kind: topic", "kind: Topic") + GOOD}, "docs/t.md:2:", "write 'kind: topic'"),
    "kind-misspelt": Refused({"t.md": TOPIC.replace("kind: topic", "kind: topc") + GOOD}, "docs/t.md:2:", "write 'kind: topic'"),
    "kind-missing": Refused({"t.md": TOPIC.replace("kind: topic\n", "") + GOOD}, "docs/t.md:1:", "no 'kind' key"),
    "front-matter-missing": Refused({"t.md": GOOD}, "docs/t.md:1:", "no 'kind' key"),
    # question headings
    "question-without-answer": Refused({"t.md": TOPIC + "## 沒有答案的問題？ {#no-answer data-en=\"No answer?\"}\n\n" + q("second")},
                                       "docs/t.md:8:", "has no answer"),
    "answer-only-a-comment": Refused({"t.md": TOPIC + q(answer="<!-- 之後再寫 -->") + "\n" + q("second")}, "docs/t.md:8:", "has no answer"),
    "answer-only-a-multiline-comment": Refused({"t.md": TOPIC + q(answer="<!--\n之後再寫\n-->")}, "docs/t.md:8:", "has no answer"),
    "question-without-id": Refused({"t.md": TOPIC + "## 什麼是量化？\n\n答案。\n"}, "docs/t.md:8:", "has no explicit id"),
    "question-id-upper-case": Refused({"t.md": TOPIC + q("Bad_ID")}, "docs/t.md:8:", "must be lower-case ASCII"),
    "question-id-chinese": Refused({"t.md": TOPIC + q("量化")}, "docs/t.md:8:", "must be lower-case ASCII"),
    "question-id-twice-on-page": Refused({"t.md": TOPIC + q("same") + "\n" + q("same", *OTHER["second"])},
                                         "docs/t.md:12:", "already used on line 8"),
    "question-id-twice-across-pages": Refused({"a.md": TOPIC + q("same"), "b.md": TOPIC.replace("order: 1", "order: 2") + "\n" + q("same")},
                                              "docs/b.md:9:", "already used in a.md:8"),
    "heading-without-text": Refused({"t.md": TOPIC + '## {#quantization data-en="What is quantization?"}\n\n答案。\n'},
                                    "docs/t.md:8:", "question heading has no text"),
    "question-at-level-3": Refused({"t.md": TOPIC + GOOD + "\n" + q("second", level=3)}, "docs/t.md:12:", "a question heading is level 2"),
    "question-at-level-1": Refused({"t.md": TOPIC + q(level=1)}, "docs/t.md:8:", "a question heading is level 2"),
    "question-at-level-4": Refused({"t.md": TOPIC + GOOD + "\n" + q("second", level=4)}, "docs/t.md:12:", "a question heading is level 2"),
    "data-en-quote-never-closed": Refused({"t.md": TOPIC + '## 什麼是量化？ {#quantization data-en="What is quantization?}\n\n答案。\n'},
                                          "docs/t.md:8:", "attribute list cannot be read"),
    "data-en-missing": Refused({"t.md": TOPIC + q(en=None)}, "docs/t.md:8:", "has no English title"),
    "data-en-empty": Refused({"t.md": TOPIC + q(attrs=' data-en=""', en=None)}, "docs/t.md:8:", "has no English title"),
    "setext-dashes-under-text": Refused({"t.md": TOPIC + q(answer="第一段。\n第二行\n---\n\n後文。")}, "docs/t.md:12:", "right under text"),
    "setext-equals-under-text": Refused({"t.md": TOPIC + q(answer="重點\n===\n\n後文。")}, "docs/t.md:11:", "right under text"),
    "setext-under-list-item": Refused({"t.md": TOPIC + q(answer="- 一\n- 二\n--")}, "docs/t.md:12:", "right under text"),
    # comments and raw HTML
    "comment-never-closed": Refused({"t.md": TOPIC + q(answer="答案。\n\n<!-- 待補") + "\n" + q("second")}, "docs/t.md:12:", "'<!--' is never closed"),
    "comment-never-closed-mid-line": Refused({"t.md": TOPIC + q(answer="答案 <!-- 待補") + "\n" + q("second")}, "docs/t.md:10:", "'<!--' is never closed"),
    "div-never-closed": Refused({"t.md": TOPIC + q(answer="答案。\n\n<div class=\"note\">\n注意") + "\n" + q("second")},
                                "docs/t.md:12:", "raw HTML <div> opened here is never closed"),
    "details-never-closed": Refused({"t.md": TOPIC + q(answer="<details>\n<summary>更多</summary>\n細節") + "\n" + q("second")},
                                    "docs/t.md:10:", "raw HTML <details> opened here is never closed"),
    "markdown-div-never-closed": Refused({"t.md": TOPIC + q(answer="<div markdown>\n\n答案。")}, "docs/t.md:10:", "<div> opened here is never closed"),
    "question-inside-raw-div": Refused({"t.md": TOPIC + q(answer="<div>\n\n" + q("second") + "\n</div>")},
                                       "docs/t.md:12:", "inside the raw HTML block opened on line 10"),
    # code fences
    "fence-never-closed": Refused({"t.md": TOPIC + q(answer="```python\nx = 1") + "\n" + q("second")}, "docs/t.md:10:", "swallows the question heading on line 13"),
    "fence-never-closed-at-end": Refused({"t.md": TOPIC + q(answer="```python\nx = 1")}, "docs/t.md:10:", "never closed"),
    "tilde-fence-closed-with-backticks": Refused({"t.md": TOPIC + q(answer="~~~\nx = 1\n```")}, "docs/t.md:10:", "never closed"),
    # English translations (docs/<slug>.en.md)
    "translation-unknown-id": Refused({"t.md": TOPIC + GOOD, "t.en.md": "## What is it? {#no-such-question}\n\nAn answer.\n"},
                                      "docs/t.en.md:1:", "is not a question of t.md"),
    "translation-fence-never-closed": Refused({"t.md": TOPIC + GOOD, "t.en.md": "## What is it? {#quantization}\n\n```python\nx = 1\n"},
                                              "docs/t.en.md:3:", "never closed"),
    # files
    "invalid-utf8": Refused({"t.md": (TOPIC + GOOD).encode() + b"\n\xff\xfe broken\n"}, "docs/t.md:12:", "not UTF-8"),
    "big5-page": Refused({"t.md": TOPIC.encode() + q().encode("big5")}, "docs/t.md:8:", "not UTF-8"),
    "dangling-symlink": Refused({"t.md": TOPIC + GOOD, "gone.md": ("symlink", "does-not-exist.md")}, "docs/gone.md:", "symbolic link"),
    "space-in-file-name": Refused({"my topic.md": TOPIC + GOOD}, "docs/my topic.md:", "rename it"),
    "chinese-file-name": Refused({"量化.md": TOPIC + GOOD}, "docs/量化.md:", "rename it"),
    "topic-page-in-sub-folder": Refused({"t.md": TOPIC + GOOD, "more/u.md": TOPIC + q("other")}, "docs/more/u.md:2:", "directly in docs/"),
    "same-name-pages-in-two-folders": Refused({"a/t.md": TOPIC + GOOD, "b/t.md": TOPIC + q("other")}, "docs/a/t.md:2:", "directly in docs/"),
    "no-topic-page": Refused({}, "docs/:", "no topic page"),
    "only-a-home-page": Refused({"index.md": HOME}, "docs/:", "no topic page"),
    # content/ next to mkdocs.yml
    "glossary-deleted": Refused({"t.md": TOPIC + GOOD}, "content/glossary.yml:", "glossary is missing",
                                content={"errata.yml": "[]\n"}),
    "glossary-yaml-syntax": Refused({"t.md": TOPIC + GOOD}, "content/glossary.yml:2:", "not valid YAML",
                                    content={"glossary.yml": "- id: quantization\n  zh: [量化\n"}),
    "glossary-duplicate-key": Refused({"t.md": TOPIC + GOOD}, "content/glossary.yml:3:", "'zh' is written twice",
                                      content={"glossary.yml": GLOSSARY.replace("  en:", "  zh: 量化\n  en:")}),
    "glossary-page-written-by-hand": Refused({"t.md": TOPIC + GOOD, "glossary.md": "# 詞彙表\n"}, "docs/glossary.md:", "generated from",
                                             content={"glossary.yml": GLOSSARY}),
}

BUILT = {
    "data-en-escaped-double-quotes": Built({"t.md": TOPIC + q(en='What is \\"quantization\\"?')},
                                           english_title_is_text('What is "quantization"?')),
    "data-en-apostrophe-in-single-quotes": Built({"t.md": TOPIC + "## 什麼是量化？ {#quantization data-en='What's quantization?'}\n\n量化降低數值精度。\n"},
                                                 english_title_is_text("What's quantization?")),
    "data-en-strike-tags": Built({"t.md": TOPIC + q(en="Why do <s> and </s> mark a sequence?")},
                                 english_title_is_text("Why do <s> and </s> mark a sequence?")),
    "data-en-script-tag": Built({"t.md": TOPIC + q(en="What does <script>alert(1)</script> do?")},
                                english_title_is_text("What does <script>alert(1)</script> do?")),
    "data-en-markdown-characters": Built({"t.md": TOPIC + q(en="Why *scale* by [d_k](x) and `sqrt`?")},
                                         english_title_is_text("Why *scale* by [d_k](x) and `sqrt`?")),
    "kind-quoted": Built({"t.md": TOPIC.replace("kind: topic", 'kind: "topic"') + GOOD}, questions_built(["quantization"])),
    "crlf-line-endings": Built({"t.md": (TOPIC + GOOD + "\n" + q("second")).replace("\n", "\r\n")}, questions_built(["quantization", "second"])),
    "byte-order-mark": Built({"t.md": "\ufeff" + TOPIC + GOOD}, questions_built(["quantization"])),
    "rule-after-blank-line": Built({"t.md": TOPIC + q(answer="第一段。\n\n---\n\n第二段。") + "\n" + q("second")},
                                   questions_built(["quantization", "second"])),
    "sub-heading-in-answer": Built({"t.md": TOPIC + q(answer="答案。\n\n### 細節\n\n更多。")}, questions_built(["quantization"])),
    "markdown-sample-in-fence": Built({"t.md": TOPIC + q(answer="```markdown\n## 範例？ {#sample data-en=\"Sample?\"}\n```")},
                                      questions_built(["quantization"])),
    "question-in-closed-comment": Built({"t.md": TOPIC + GOOD + "\n<!--\n" + q("hidden") + "-->\n\n" + q("second")},
                                        questions_built(["quantization", "second"])),
    "closed-div-then-question": Built({"t.md": TOPIC + q(answer="<div class=\"note\">\n注意\n</div>") + "\n" + q("second")},
                                      questions_built(["quantization", "second"])),
    "plain-page-beside-topic": Built({"t.md": TOPIC + GOOD, "about.md": "---\ntitle: 關於\n---\n\n# 關於\n\n## 聯絡 {#contact}\n\n寫信。\n"},
                                     questions_built(["quantization"])),
}


@pytest.mark.parametrize("case", list(REFUSED.values()), ids=list(REFUSED))
def test_a_mistake_is_refused_at_its_own_file_and_line(tmp_path, case):
    pages = dict(case.pages)
    if "index.md" not in pages and case.pages:
        pages["index.md"] = HOME
    build = mkdocs_build(make_site(tmp_path, pages, case.content), tmp_path / "site")
    assert build.returncode != 0, build.output
    assert case.where in build.output and case.words in build.output, build.output
    assert "Traceback" not in build.output, build.output


@pytest.mark.parametrize("case", list(BUILT.values()), ids=list(BUILT))
def test_what_is_written_is_built_as_written(tmp_path, case):
    build = mkdocs_build(make_site(tmp_path, {"index.md": HOME, **case.pages}, case.content), tmp_path / "site")
    assert build.returncode == 0, build.output
    case.check(build.site)


def test_the_suite_covers_sixty_kinds_of_mistake():
    assert len(REFUSED) + len(BUILT) >= 60


def test_a_search_index_that_cannot_be_built_fails_the_build_in_one_line(tmp_path, monkeypatch):
    """The index is built in a background worker (hooks/_worker.py); its failure still fails the build,
    with the stage's own message and no traceback."""
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))  # Pagefind's own override of its binary
    page = TOPIC + "## 什麼是量化？ {#quantization data-en=\"What is quantization?\"}\n\n量化降低數值精度。\n"
    build = mkdocs_build(fixture_site(tmp_path, {"index.md": HOME, "t.md": page}), tmp_path / "site")
    assert build.returncode != 0
    assert "search: " in build.output and "Pagefind" in build.output, build.output
    assert "Traceback" not in build.output
