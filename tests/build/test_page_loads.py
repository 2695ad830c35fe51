"""What a page asks the browser to load (issue 10, part 2), read from the built HTML.

The browser test tests/browser/test_every_page.py proves the same in Chromium; these checks name the
template at fault when it fails.
"""
from __future__ import annotations

import re

from bs4 import BeautifulSoup


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_no_page_links_alternates_that_material_would_fetch_a_sitemap_for(site):
    # Material fetches sitemap.xml relative to every <link rel="alternate"> in the head
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 16
    for page in pages:
        assert not _soup(page).select('head link[rel="alternate"][hreflang]'), page


def test_every_sitemap_entry_names_both_editions(site):
    for sitemap in (site / "sitemap.xml", site / "en" / "sitemap.xml"):
        entries = re.findall(r"<url>.*?</url>", sitemap.read_text(encoding="utf-8"), re.S)
        assert len(entries) >= 7, sitemap
        for entry in entries:
            assert 'hreflang="zh-Hant"' in entry and 'hreflang="en"' in entry, entry


def test_404_pages_speak_their_language_and_link_home_search_and_topics(site):
    zh, hans, en = _soup(site / "404.html"), _soup(site / "zh-Hans" / "404.html"), _soup(site / "en" / "404.html")
    assert zh.h1.get_text() == "找不到這個頁面" and hans.h1.get_text() == "找不到这个页面" and en.h1.get_text() == "Page not found"
    for soup, bundle, prefix in ((zh, "/pagefind/", "/"), (hans, "/zh-Hans/pagefind/", "/zh-Hans/"), (en, "/en/pagefind/", "/en/")):
        # a 404 page is served at any address: its URLs are absolute, and never protocol-relative
        assert soup.select_one("[data-qa-search]")["data-qa-bundle"] == bundle
        assert not [tag for tag in soup.select("[href], [src]") if (tag.get("href") or tag.get("src")).startswith("//")]
        switch = {a["hreflang"]: a["href"] for a in soup.select("a.md-select__link")}
        assert switch == {"zh-Hant": "/", "zh-Hans": "/zh-Hans/", "en": "/en/"}
        topics = [a["href"] for a in soup.select(".qa-404-topics a")]
        assert f"{prefix}applications/" in topics and f"{prefix}glossary/" in topics
        assert "__search" in soup.select_one("button.qa-404-search")["onclick"]
    assert zh.select_one('p[lang="en"] a[href="/en/"]') and en.select_one('p[lang="zh-Hant"] a[href="/"]')
    assert zh.select_one('p[lang="zh-Hans"] a[href="/zh-Hans/"]') and hans.select_one('p[lang="zh-Hant"] a[href="/"]')
