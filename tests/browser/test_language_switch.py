"""The language switcher keeps the reader on the question on screen, in both directions.

Every step waits for a state (an element, a URL, a scroll position, finished transitions), never for
a length of time.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

EDITION = {"zh-Hant": ("", "繁體中文"), "zh-Hans": ("/zh-Hans", "简体中文"), "en": ("/en", "English")}
OTHER = {"zh-Hant": "en", "en": "zh-Hant"}
TOP = 120  # px: a question whose heading is within this of the window top is the one being read

HEADING_TOP = "id => document.getElementById(id).getBoundingClientRect().top"


def switch_language(page, locale: str) -> None:
    """Open the header's language menu with the mouse and click the edition ``locale``.

    Waits until the menu link is visible and the menu's opening transition has finished, then clicks
    with ``page.mouse`` at the link's centre and waits for the navigation. ``Locator.click()`` is not
    used: it first scrolls the element into view, and for a link in Material's sticky header that
    scrolls the page beneath it (by the header's height, or by most of a screen when it retries while
    the menu is still opening). That moved the reader off the question under test and made
    ``test_switcher_keeps_the_question_scrolled_to`` flaky under load. A reader's click never scrolls.
    """
    before = page.evaluate("scrollY")
    menu = page.locator(".md-header__option .md-select").first
    menu.hover()
    link = menu.get_by_role("link", name=EDITION[locale][1], exact=True)
    link.wait_for(state="visible")
    page.wait_for_function("menu => menu.getAnimations({subtree: true}).length === 0", arg=menu.element_handle())
    box = link.bounding_box()
    assert box is not None
    assert page.evaluate("scrollY") == before, "opening the language menu scrolled the page"
    with page.expect_navigation():
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_load_state("load")


def scroll_to_question(page, question: str) -> None:
    """Scroll the window so that the heading of ``question`` sits just below the header; wait for it."""
    page.locator(f"h2#{question}").evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + scrollY - 80)")
    page.wait_for_function(f"id => {{ const top = ({HEADING_TOP})(id); return top >= 0 && top <= {TOP}; }}",
                           arg=question)


def assert_lands_on(page, server: str, locale: str, question: str) -> None:
    """The page is ``locale``'s applications page at ``#question``, with that question in view."""
    assert page.url == f"{server}{EDITION[locale][0]}/applications/#{question}"
    assert page.locator("html").get_attribute("lang") == locale
    top = page.evaluate(HEADING_TOP, question)
    assert 0 <= top < 400, f"#{question} is {top:.0f} px from the top after switching, not in view"




def test_switcher_keeps_the_linked_question(server, page_at):
    """Opened at an anchor and not scrolled: the anchor is the question on screen."""
    page = page_at(1280)
    page.goto(server + "/applications/#inference-speed")
    switch_language(page, "en")
    assert_lands_on(page, server, "en", "inference-speed")


def test_switcher_keeps_the_question_scrolled_to(server, page_at):
    """No anchor in the URL: the question scrolled to the top of the window is kept."""
    page = page_at(1280)
    page.goto(server + "/en/applications/")
    scroll_to_question(page, "hyperparameter-tuning")
    switch_language(page, "zh-Hant")
    assert_lands_on(page, server, "zh-Hant", "hyperparameter-tuning")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_menu_lists_three_editions_and_each_switch_keeps_the_question(server, page_at, width):
    """繁體中文 → 简体中文 → English → 繁體中文, on a phone and a desktop, each time on the same question."""
    page = page_at(width)
    page.goto(server + "/applications/#inference-speed")
    names = page.locator(".md-header__option .md-select a.md-select__link").all_text_contents()
    assert [name.strip() for name in names] == ["繁體中文", "简体中文", "English"]
    for locale in ("zh-Hans", "en", "zh-Hant"):
        switch_language(page, locale)
        assert_lands_on(page, server, locale, "inference-speed")


@pytest.mark.parametrize("locale", ["zh-Hant", "en"])
def test_question_scrolled_to_wins_over_the_anchor_opened(server, page_at, locale):
    """Opened at #hugging-face-transformers, then scrolled down to another question (issue 11)."""
    page = page_at(1280)
    page.goto(f"{server}{EDITION[locale][0]}/applications/#hugging-face-transformers")
    scroll_to_question(page, "hyperparameter-tuning")
    switch_language(page, OTHER[locale])
    assert_lands_on(page, server, OTHER[locale], "hyperparameter-tuning")


@pytest.mark.parametrize("locale", ["zh-Hant", "en"])
def test_question_scrolled_to_wins_over_a_contents_entry_clicked(server, page_at, locale):
    """A table-of-contents entry clicked, then the reader scrolls on to another question."""
    page = page_at(1280)
    page.goto(f"{server}{EDITION[locale][0]}/applications/")
    page.locator(".md-sidebar--secondary a.md-nav__link[href='#hugging-face-transformers']").click()
    page.wait_for_function("() => location.hash === '#hugging-face-transformers'")
    page.wait_for_function(f"id => {{ const top = ({HEADING_TOP})(id); return top >= 0 && top <= {TOP}; }}",
                           arg="hugging-face-transformers")
    scroll_to_question(page, "hyperparameter-tuning")
    switch_language(page, OTHER[locale])
    assert_lands_on(page, server, OTHER[locale], "hyperparameter-tuning")
