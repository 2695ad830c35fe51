"""Build tests of the glossary pages /glossary/ and /en/glossary/ in the real site, and of the build
failing on an unmentioned glossary term."""
from __future__ import annotations

import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, fixture_site, mkdocs_build, taiwan
from qa.glossary import load_glossary

pytestmark = pytest.mark.build

PAGES = {"zh-Hant": "glossary/index.html", "en": "en/glossary/index.html"}


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def target_file(site: Path, page: str, href: str) -> Path:
    """The built file a relative ``href`` on ``page`` (a path under ``site``) points to."""
    url_path = unquote(urlsplit(href).path)
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), url_path))
    target = site / joined
    return target / "index.html" if href.split("#")[0].endswith("/") or target.is_dir() else target


def term_entries(page: BeautifulSoup) -> dict[str, list[str]]:
    """Term id → hrefs of the question links listed under that term's heading."""
    article = page.select_one("article")
    entries: dict[str, list[str]] = {}
    for heading in article.select("h3[id]"):
        links = []
        for sibling in heading.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            links += [a["href"] for a in sibling.select("li > a[href]")]
        entries[heading["id"]] = links
    return entries


@pytest.mark.parametrize("locale", PAGES)
def test_glossary_page_lists_every_term_with_resolving_question_links(site, locale):
    page = soup(site / PAGES[locale])
    assert page.html["lang"] == locale
    entries = term_entries(page)
    terms = load_glossary(ROOT / "content" / "glossary.yml")
    assert len(entries) >= 60
    assert set(entries) == {t.id for t in terms}
    ids_of: dict[Path, set[str]] = {}  # built page → its element ids, each page parsed once
    checked = 0
    for term_id, hrefs in entries.items():
        assert hrefs, f"{term_id}: no question links"
        for href in hrefs:
            assert "#" in href and not urlsplit(href).scheme, href
            target = target_file(site, PAGES[locale], href)
            assert target.is_file(), f"{term_id}: {href} → missing {target}"
            fragment = href.split("#", 1)[1]
            if target not in ids_of:
                ids_of[target] = {tag["id"] for tag in soup(target).select("[id]")}
            assert fragment in ids_of[target], f"{term_id}: {href}: no id {fragment!r}"
            checked += 1
    assert checked >= len(entries)


def test_english_glossary_shows_english_terms_and_question_titles(site):
    page = soup(site / PAGES["en"])
    heading = page.find(id="knowledge-distillation")
    assert heading.get_text(strip=True).rstrip("¶") == "knowledge distillation"
    link = page.select_one('article li > a[href$="#distributed-training"]')
    assert link.get_text(strip=True) == "How do you train an LLM efficiently on large datasets, and which distributed training strategies exist?"
    assert link["href"].startswith("../training-deployment/")


def test_chinese_glossary_shows_chinese_terms_and_question_titles(site):
    page = soup(site / PAGES["zh-Hant"])
    assert page.find(id="knowledge-distillation").get_text(strip=True).rstrip("¶") == "知識蒸餾"
    link = page.select_one('article li > a[href$="#distributed-training"]')
    assert link.get_text(strip=True) == taiwan("如何在大規模數據集上高效地訓練 LLM？有哪些分佈式訓練策略？")


def test_language_switcher_links_the_two_glossaries(site):
    zh = soup(site / PAGES["zh-Hant"])
    en = soup(site / PAGES["en"])
    assert zh.select_one('a[hreflang="en"]')["href"] == "../en/glossary/"
    assert en.select_one('a[hreflang="zh-Hant"]')["href"] == "../../glossary/"


def test_unmentioned_term_fails_the_build_at_its_line(tmp_path):
    topic = "---\nkind: topic\ntitle: 測試\ntitle_en: Test\norder: 1\n---\n\n## 什麼是剪枝？ {#pruning-q}\n\n剪枝去掉權重。\n"
    config = fixture_site(tmp_path, {"index.md": "---\ntitle: 首頁\n---\n\n# 首頁\n", "t.md": topic})
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "glossary.yml").write_text(
        "- id: pruning\n  zh: 剪枝\n  en: pruning\n  definition_zh: 剪去權重。\n  definition_en: Removing weights.\n"
        "- id: smote\n  zh: SMOTE\n  en: SMOTE\n  definition_zh: 合成樣本。\n  definition_en: Synthetic samples.\n",
        encoding="utf-8")
    build = mkdocs_build(config, tmp_path / "site")
    assert build.returncode != 0
    assert "content/glossary.yml:6: term 'smote'" in build.output, build.output
    assert "Traceback" not in build.output


def test_sitemaps_list_the_glossary_with_its_alternate(site):
    zh = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert "/glossary/</loc>" in zh and 'hreflang="en" href="' in zh and "/en/glossary/\"" in zh
    en_map = site / "en" / "sitemap.xml"
    assert en_map.is_file(), "en/sitemap.xml is not written (hooks/locale_files.py)"
    assert "/en/glossary/</loc>" in en_map.read_text(encoding="utf-8")
