"""Build tests for the English edition (issue 11): every answer translated, no Chinese outside
``lang="zh-Hant"``, code identical to the Chinese page's, the glossary's English terms used, and
translation status (a changed Chinese sentence marks exactly that question stale)."""
from __future__ import annotations

import html as html_lib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import ROOT, fixture_site, mkdocs_build, real_topic_pages
from qa.dedup import dedupe
from qa.glossary import load_glossary
from qa.render import shown_in_order

pytestmark = pytest.mark.build

#: CJK ideographs, CJK punctuation and full-width forms: what counts as "Chinese" in running text
CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
INTERFACE_ATTRS = ("title", "aria-label", "alt", "placeholder")


PAGES = real_topic_pages()
SHOWN = shown_in_order(PAGES, dedupe(PAGES))


class _Text(HTMLParser):
    """Visible text of a document or fragment split by language: ``text`` outside any element
    marked ``lang="zh…"``, ``zh`` inside; interface attributes with Chinese outside zh elements in
    ``attrs``. Scripts, styles and (with ``skip_code``) ``<pre>`` blocks are left out."""

    def __init__(self, skip_code: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_code = skip_code
        self.stack: list[tuple[str, bool, bool]] = []  # (tag, inside zh, skipped)
        self.text: list[str] = []
        self.zh: list[str] = []
        self.attrs: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        zh = (attributes.get("lang") or "").startswith("zh") or bool(self.stack and self.stack[-1][1])
        skip = tag in ("script", "style") or (self.skip_code and tag == "pre") or bool(self.stack and self.stack[-1][2])
        if not zh and not skip:
            self.attrs += [f"{tag}@{name}={attributes[name]}" for name in INTERFACE_ATTRS
                           if attributes.get(name) and CJK.search(attributes[name])]
        if tag not in VOID:
            self.stack.append((tag, zh, skip))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.stack and self.stack[-1][2]:
            return
        (self.zh if self.stack and self.stack[-1][1] else self.text).append(data)


def split_text(fragment: str, skip_code: bool = False) -> _Text:
    parser = _Text(skip_code)
    parser.feed(fragment)
    return parser


def cjk_share(text: str) -> float:
    visible = re.sub(r"\s+", "", text)
    return len(CJK.findall(visible)) / max(1, len(visible))


def article(site: Path, locale: str, slug: str) -> str:
    prefix = "en/" if locale == "en" else ""
    page = (site / prefix / slug / "index.html").read_text(encoding="utf-8")
    return page.split("<article", 1)[1].split("</article>", 1)[0]


def sections(article_html: str) -> dict[str, str]:
    """Question id → the HTML from its ``<h2 id>`` to the next question heading."""
    parts = re.split(r'(?=<h2\s[^>]*\bid=")', article_html)  # attributes in any order (data-qa-number="1.2" id=...)
    heads = ((re.match(r'<h2\s[^>]*?\bid="([^"]+)"', part), part) for part in parts)
    return {head.group(1): part for head, part in heads if head}


def code_blocks(fragment: str) -> list[str]:
    return re.findall(r"<pre.*?</pre>", fragment, re.S)


def test_every_shown_question_has_an_english_answer_that_is_not_the_chinese_one(site):
    missing, copies = [], []
    for topic in PAGES:
        en, zh = sections(article(site, "en", topic.slug)), sections(article(site, "zh-Hant", topic.slug))
        for question in SHOWN[topic.path]:
            section = en[question.id]
            if "qa-pending" in section or 'class="qa-answer" lang="zh-Hant"' in section:
                missing.append(f"{topic.slug}#{question.id}")
                continue
            english = "".join(split_text(section, skip_code=True).text)
            chinese = "".join(split_text(zh[question.id], skip_code=True).text)
            # a copy would be mostly CJK, or share the Chinese text
            if cjk_share(english) > 0.03 or re.sub(r"\s+", "", english) == re.sub(r"\s+", "", chinese):
                copies.append(f"{topic.slug}#{question.id} ({cjk_share(english):.1%} CJK)")
    assert not missing, f"questions without an English answer: {missing}"
    assert not copies, f"English answers that are Chinese text: {copies}"


@pytest.mark.parametrize("relative", ["", "glossary/", "404.html", *[f"{page.slug}/" for page in PAGES]])
def test_english_pages_are_english_outside_zh_elements(site, relative):
    """At most 3 % CJK in the visible text outside ``lang="zh-…"`` elements, and no Chinese
    interface string (title, aria-label, alt, placeholder) outside them."""
    path = site / "en" / relative
    document = (path / "index.html" if path.is_dir() else path).read_text(encoding="utf-8")
    parts = split_text(document)
    share = cjk_share("".join(parts.text))
    assert share <= 0.03, f"/en/{relative}: {share:.1%} CJK outside lang=zh-Hant: " \
                          f"{[t.strip()[:40] for t in parts.text if CJK.search(t)][:10]}"
    assert not parts.attrs, f"/en/{relative}: Chinese interface strings: {sorted(set(parts.attrs))[:10]}"
    assert 'title="Link to this question"' in document or "headerlink" not in document


#: a highlighted comment token (Pygments: c, c1, cm, ch, cs, cpf; docstrings sd)
_COMMENT = re.compile(r'<span class="(?:c[1mhs]?|cpf|sd)"(?: lang="[^"]+")?>[^<]*</span>')
#: a highlighted string token (s, s1, s2, sb, sc, se, sh, si, sr, ss, sx; prompts in code are in the reader's language)
_STRING = re.compile(r'<span class="s[12bcehirsx]?"(?: lang="[^"]+")?>[^<]*</span>')


def test_code_blocks_are_identical_in_both_editions_but_for_their_comments(site):
    """The highlighted code of every topic page is the same in the two editions; only comments and string
    literals (a prompt, a message) differ: each edition's are in its own language (issue 22)."""
    def code(block: str) -> str:
        return _STRING.sub("", _COMMENT.sub("", block))

    def highlighted(blocks: list[str]) -> list[str]:  # a plain-text block (a ReAct trace, a sample output) is prose
        return [block for block in blocks if re.search(r'<span class="(?:n|k|o|p|nb|nf|mi)"', block)]

    for topic in PAGES:
        zh = [code(block) for block in highlighted(code_blocks(article(site, "zh-Hant", topic.slug)))]
        en = [code(block) for block in highlighted(code_blocks(article(site, "en", topic.slug)))]
        assert en == zh, f"{topic.slug}: code blocks differ between /{topic.slug}/ and /en/{topic.slug}/"


def test_english_code_comments_are_english(site):
    """No Chinese comment is left in the English edition's code (a model's Chinese output may be quoted
    after "Output:")."""
    chinese = re.compile(r"[\u3400-\u9fff]")
    left = []
    for topic in PAGES:
        for block in code_blocks(article(site, "en", topic.slug)):
            for comment in _COMMENT.findall(block):
                if chinese.search(comment) and "Output:" not in comment:
                    left.append(f"{topic.slug}: {html_lib.unescape(re.sub('<[^>]+>', '', comment))}")
    assert not left, left


def test_english_answers_use_the_glossary_english_term(site):
    """Where a Chinese answer writes a glossary term in Chinese (code left out), its English answer
    uses the term's English name (its last word may be inflected: fine-tuned, quantize) or one of
    its Latin aliases."""
    terms = load_glossary(ROOT / "content" / "glossary.yml")
    wrong = []
    for topic in PAGES:
        en, zh = sections(article(site, "en", topic.slug)), sections(article(site, "zh-Hant", topic.slug))
        for question in SHOWN[topic.path]:
            if "qa-pending" in en[question.id]:
                continue  # untranslated: reported by the test above
            chinese = html_lib.unescape("".join(split_text(zh[question.id], skip_code=True).text))
            english = html_lib.unescape("".join(split_text(en[question.id], skip_code=True).text))
            for term in terms:
                chinese_forms = [f for f in (term.zh, *term.match, *term.aliases) if not f.isascii()]
                if not any(form in chinese for form in chinese_forms):
                    continue
                stem = re.sub(r"(ation|ing|s)$", "", term.en)
                names = [re.escape(stem) + r"[a-z]*", *(re.escape(a) for a in term.aliases if a.isascii())]
                if not re.search(r"(?<![A-Za-z])(?:" + "|".join(names) + r")", english, re.IGNORECASE):
                    wrong.append(f"{topic.slug}#{question.id}: {term.zh} → '{term.en}'")
    assert not wrong, "English answers not using the glossary's English term:\n" + "\n".join(wrong)


# --- translation status on a fixture site ------------------------------------------------------------

TOPIC = """---
kind: topic
title: 測試
title_en: Test
order: 1
---

## 什麼是量化？ {#what-is-quantization data-en="What is quantization?"}

量化把模型參數轉為低精度。它減少記憶體用量。

## 什麼是剪枝？ {#what-is-pruning data-en="What is pruning?"}

剪枝去除不重要的參數。它讓模型變小。

## 什麼是蒸餾？ {#what-is-distillation data-en="What is distillation?"}

蒸餾用大模型教小模型。

## 什麼是批處理？ {#what-is-batching data-en="What is batching?"}

批處理合併多個請求。
"""

ENGLISH = """---
title: Test
---

## What is quantization? {#what-is-quantization}

Quantization turns model parameters into low precision. It reduces memory use.

## What is pruning? {#what-is-pruning}

Pruning removes unimportant parameters. It makes the model smaller.

## What is distillation? {#what-is-distillation}

Distillation has a large model teach a small one.
"""


@pytest.fixture(scope="module")
def status_builds(tmp_path_factory):
    """The fixture site built twice: translations stamped, then after one Chinese sentence of
    'what-is-pruning' changed (and a punctuation-only change in 'what-is-quantization')."""
    from qa.translation import main

    tmp = tmp_path_factory.mktemp("status")
    config = fixture_site(tmp, {"index.md": "# 首頁\n", "t.md": TOPIC, "t.en.md": ENGLISH})
    assert main(["--docs", str(tmp / "docs"), "--stamp", str(tmp / "docs" / "t.en.md")]) == 0
    stamped = (tmp / "docs" / "t.en.md").read_text(encoding="utf-8")
    first = mkdocs_build(config, tmp / "site1")
    edited = TOPIC.replace("它讓模型變小。", "它讓模型變小並加快推理。").replace("量化把模型參數轉為低精度。", "量化把模型參數轉為低精度，")
    (tmp / "docs" / "t.md").write_text(edited, encoding="utf-8")
    second = mkdocs_build(config, tmp / "site2")
    return stamped, first, second


def test_stamp_writes_a_fingerprint_into_every_translated_heading(status_builds):
    stamped, _, _ = status_builds
    headings = [line for line in stamped.splitlines() if line.startswith("## ")]
    assert len(headings) == 3
    assert all(re.search(r'\{#[a-z-]+ data-source="sha1:[0-9a-f]{8}"\}$', line) for line in headings), headings


def test_build_reports_current_translations_and_the_missing_one(status_builds):
    _, first, _ = status_builds
    assert first.returncode == 0, first.output
    assert "en: 3/4 translated, 0 stale" in first.output
    assert "docs/t.md:20: what-is-batching: no English translation" in first.output
    assert "stale translation" not in first.output
    assert "may be out of date" not in (first.site / "en" / "t" / "index.html").read_text(encoding="utf-8")


def test_changing_one_chinese_sentence_marks_exactly_that_translation_stale(status_builds):
    _, _, second = status_builds
    assert second.returncode == 0, second.output
    assert "en: 3/4 translated, 1 stale" in second.output
    stale_lines = [line for line in second.output.splitlines() if "stale translation" in line]
    assert len(stale_lines) == 1 and "docs/t.en.md:9: what-is-pruning: stale translation" in stale_lines[0], stale_lines
    page = sections((second.site / "en" / "t" / "index.html").read_text(encoding="utf-8").split("<article", 1)[1])
    noted = [qid for qid, section in page.items() if "This translation may be out of date" in section]
    assert noted == ["what-is-pruning"]


def test_interface_strings_follow_the_page_language(site):
    """mkdocs.yml's Chinese permalink title and palette names stay on Chinese pages only."""
    zh = (site / "applications" / "index.html").read_text(encoding="utf-8")
    en = (site / "en" / "applications" / "index.html").read_text(encoding="utf-8")
    assert 'title="連結到此問題"' in zh and "Link to this question" not in zh
    assert 'title="Link to this question"' in en and "連結到此問題" not in en
    assert "切換至深色模式" in zh and "Switch to dark mode" in en and "切換至深色模式" not in en
