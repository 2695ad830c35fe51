"""Pages in real headless Chromium: screenshots at desktop and phone widths, no other hosts, no overflow."""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from .conftest import open_page

pytestmark = pytest.mark.browser

PAGES = {"home": "/", "topic": "/applications/", "home-en": "/en/", "topic-en": "/en/applications/",
         "glossary": "/glossary/", "glossary-en": "/en/glossary/"}


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_locally_without_horizontal_scroll(server, page_at, artifacts, name, width):
    page = page_at(width)
    open_page(page, server + PAGES[name])
    page.screenshot(path=str(artifacts / f"{name}-{width}.png"), full_page=False)
    hosts = {urlparse(url).netloc for url in page.requests if url.startswith("http")}
    assert hosts == {urlparse(server).netloc}, f"requests to other hosts: {hosts}"
    # only code blocks may scroll sideways; the page itself must fit the viewport
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the {width}px viewport"


def test_chinese_text_uses_a_traditional_chinese_font(server, page_at):
    page = page_at(1280)
    page.goto(server + "/applications/")
    family = page.evaluate("getComputedStyle(document.querySelector('.md-typeset h2')).fontFamily")
    assert "Noto Sans CJK TC" in family
    # the font is really installed (otherwise glyphs fall back and may show as boxes)
    assert page.evaluate("document.fonts.check('16px \"Noto Sans CJK TC\"', '知識蒸餾')")
