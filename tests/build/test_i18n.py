"""Build tests for the two editions: navigation, titles, anchors, switcher links, 404, sitemaps, lang."""
from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

import pytest

from conftest import ROOT, fixture_site, mkdocs_build, real_topic_pages, taiwan
from qa.dedup import dedupe
from qa.render import shown_in_order

pytestmark = pytest.mark.build


PAGES = real_topic_pages()
SHOWN = shown_in_order(PAGES, dedupe(PAGES))


def html(site: Path, locale: str, slug: str = "") -> str:
    prefix = "en/" if locale == "en" else ""
    return (site / prefix / slug / "index.html").read_text(encoding="utf-8")


def nav_texts(page_html: str) -> list[str]:
    return [re.sub(r"\s+", " ", t).strip() for t in re.findall(r'class="md-ellipsis">(.*?)</span>', page_html, re.S)]


def article_headings(page_html: str) -> dict[str, str]:
    article = page_html.split("<article", 1)[1].split("</article>", 1)[0]
    return {m.group(1): html_lib.unescape(re.sub(r"<a class=\"headerlink\".*?</a>|<[^>]+>", "", m.group(2))).strip()
            for m in re.finditer(r'<h2[^>]*\sid="([^"]+)"[^>]*>(.*?)</h2>', article, re.S)}


@pytest.mark.parametrize("locale", ["zh-Hant", "en"])
def test_nav_and_toc_hold_every_topic_and_question_in_the_page_language(site, locale):
    for topic in PAGES:
        page_html = html(site, locale, topic.slug)
        texts = nav_texts(page_html)
        for other in PAGES:
            assert (other.title_en if locale == "en" else taiwan(other.title)) in texts
        headings = article_headings(page_html)
        for question in SHOWN[topic.path]:
            expected = question.title_en if locale == "en" else taiwan(re.sub(r"`", "", question.title))
            assert headings.get(question.id) == expected, (topic.slug, question.id, headings.get(question.id))
            assert expected[:40] in " ".join(texts), f"{question.id} missing from the page's table of contents"
        title = re.search(r"<title>(.*?)</title>", page_html).group(1)
        assert title.startswith(topic.title_en if locale == "en" else taiwan(topic.title))


def test_chinese_pages_show_no_english_question_titles(site):
    for topic in PAGES:
        page_html = html(site, "zh-Hant", topic.slug)
        for question in SHOWN[topic.path]:
            assert question.title_en not in page_html


def test_anchors_are_equal_across_locales(site):
    for topic in PAGES:
        assert list(article_headings(html(site, "zh-Hant", topic.slug))) == list(article_headings(html(site, "en", topic.slug)))


def test_switcher_links_point_to_the_same_page_in_the_other_locale(site):
    for topic in PAGES:
        zh = re.search(r'<a href="([^"]+)" hreflang="en" class="md-select__link"', html(site, "zh-Hant", topic.slug)).group(1)
        en = re.search(r'<a href="([^"]+)" hreflang="zh-Hant" class="md-select__link"', html(site, "en", topic.slug)).group(1)
        assert zh == f"../en/{topic.slug}/"
        assert en == f"../../{topic.slug}/"


def test_english_answers_are_marked_chinese_unless_translated(site):
    page_html = html(site, "en", "applications")
    assert '<html lang="en"' in page_html
    english = (ROOT / "docs" / "applications.en.md").read_text(encoding="utf-8")
    translated = set(re.findall(r"^## .*\{#([a-z0-9-]+)", english, re.M))
    untranslated = [q for q in SHOWN["applications.md"] if q.id not in translated]
    assert page_html.count('class="qa-answer" lang="zh-Hant"') == len(untranslated)
    assert page_html.count("English translation pending") == len(untranslated)
    # a translation (docs/applications.en.md) replaces the Chinese answer
    section = page_html.split('id="inference-speed"', 1)[1].split("<h2", 1)[0]
    assert "Quantization" in section and 'lang="zh-Hant"' not in section


def test_each_locale_has_its_own_404_and_sitemap(site):
    assert '<html lang="zh-Hant"' in (site / "404.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in (site / "en" / "404.html").read_text(encoding="utf-8")
    zh = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    en = re.findall(r"<loc>(.*?)</loc>", (site / "en" / "sitemap.xml").read_text(encoding="utf-8"))
    assert zh and en and len(zh) == len(en)
    assert not any("/en/" in loc for loc in zh)
    assert all("/en/" in loc for loc in en)
    assert (site / "en" / "sitemap.xml.gz").exists()


def test_missing_english_title_fails_the_strict_build_with_file_and_line(tmp_path):
    topic = "---\nkind: topic\ntitle: 測試\ntitle_en: Test\norder: 1\n---\n\n## 沒有英文標題的問題？ {#no-english}\n\n答案。\n"
    build = mkdocs_build(fixture_site(tmp_path, {"index.md": "# 首頁\n", "t.md": topic}), tmp_path / "site")
    assert build.returncode != 0
    assert "docs/t.md:8:" in build.output and "no English title" in build.output


def test_each_locale_search_index_holds_its_questions_once(site):
    """One Pagefind record per shown question in each edition (none carried over from the other pass)."""
    import json

    shown = sum(len(questions) for questions in SHOWN.values())
    for prefix in ("", "en/"):
        entry = json.loads((site / prefix / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
        assert sum(language["page_count"] for language in entry["languages"].values()) == shown
