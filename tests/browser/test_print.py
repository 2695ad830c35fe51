"""Printing a page from the browser (Ctrl+P): clean paper, answers open, code wrapped, link targets shown."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .conftest import open_page

pytestmark = pytest.mark.browser

HIDDEN = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-search"]


@pytest.mark.parametrize("path", ["/applications/", "/en/applications/"])
def test_print_hides_chrome_and_opens_answers(server, page_at, artifacts, path):
    page = page_at(1280)
    open_page(page, server + path)
    details = page.locator("article details")
    assert details.count() > 0, "no collapsed block on the page to print"
    assert not page.evaluate("[...document.querySelectorAll('article details')].every(d => d.open)")
    hidden_text = details.first.locator(":scope > :not(summary)").first
    assert not hidden_text.is_visible()  # collapsed on screen

    page.emulate_media(media="print")
    for selector in HIDDEN:
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{selector} shows in print"
    assert page.locator("article h1").first.is_visible()
    assert hidden_text.is_visible(), "collapsed answer stays closed in print"

    # the print script opens every <details> before printing and restores them after
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.evaluate("[...document.querySelectorAll('details')].every(d => d.open)")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not page.evaluate("[...document.querySelectorAll('article details')].every(d => d.open)")

    # code wraps instead of being cut at the paper's edge
    assert page.locator("article pre code").count(), "no code block on the page to print"
    assert page.evaluate("getComputedStyle(document.querySelector('article pre code')).whiteSpace") == "pre-wrap"
    page.pdf(path=str(artifacts / f"print{path.replace('/', '-').rstrip('-')}.pdf"))


def test_print_shows_external_link_targets(server, page_at):
    page = page_at(1280)
    open_page(page, server + "/")
    page.evaluate("""() => {
        const a = document.createElement('a'); a.href = 'https://example.org/x'; a.id = 'ext'; a.textContent = 'ext';
        document.querySelector('article').appendChild(a); }""")
    page.emulate_media(media="print")
    after = page.evaluate("getComputedStyle(document.getElementById('ext'), '::after').content")
    assert "https://example.org/x" in after


@pytest.mark.parametrize("width", [390, 1280])
def test_the_review_list_prints_as_the_readers_own_list(site, server, page_at, artifacts, width):
    """Issue 27: a clean printout of the reader's review list — the marked questions, each with its
    number and title, and nothing of the site's chrome or of the tools that manage marks."""
    from .test_study import mark_for_review, shown_questions

    questions = shown_questions(site)
    picked = [questions[0], questions[-1]]
    page = page_at(width)
    mark_for_review(page, server, picked)
    open_page(page, server + "/review/")
    items = page.locator("[data-qa-review-list] li")
    expect(items).to_have_count(2)  # the list is drawn by the study script from the saved marks, after load
    page.emulate_media(media="print")
    for selector in [*HIDDEN, "#marks", ".qa-study-actions", "[data-qa-import]"]:
        for element in page.locator(selector).all():
            assert not element.is_visible(), f"{selector} shows in the printed review list"
    for item, (number, _, _) in zip(items.all(), picked):
        assert item.is_visible() and item.inner_text().startswith(number)
    page.screenshot(path=str(artifacts / f"review-print-{width}.png"), full_page=True)
