"""What readers see in the browser (issue 14): the home page's topics first, printing in dark mode,
and accessibility details (code in links, the language menu's focus, the code blocks' toolbar names).
axe on every page in both colour schemes runs in test_every_page.py, on the pages it loads anyway."""
from __future__ import annotations

import re
import subprocess

import pytest
from PIL import Image

from conftest import real_topic_pages

from .conftest import open_page
from .test_gates import LOCALES

pytestmark = pytest.mark.browser

SCREENS = {"desktop": dict(width=1280, height=900), "phone": dict(width=390, height=844, is_mobile=True, has_touch=True)}


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("locale", LOCALES)
def test_home_shows_every_topic_with_its_count_first(server, page_at, artifacts, locale, screen):
    size = SCREENS[screen]
    page = page_at(**size)
    open_page(page, server + LOCALES[locale] + "/")
    page.screenshot(path=str(artifacts / f"home-{locale}-{screen}.png"))
    topics = page.evaluate("""() => [...document.querySelectorAll('article .qa-topics li')].map(li => ({
        text: li.textContent, bottom: li.getBoundingClientRect().bottom }))""")
    assert len(topics) == len(real_topic_pages())
    count = r"（\d+ 題）" if locale == "zh-Hant" else r"\d+ questions"
    assert all(re.search(count, t["text"]) for t in topics), topics
    # on a desktop every topic is on the first screen; on a phone the list starts there (five topics at least)
    shown = topics if screen == "desktop" else topics[:5]
    assert max(t["bottom"] for t in shown) <= size["height"], f"topics end at {max(t['bottom'] for t in shown)} px"
    # nothing but the title and one introduction comes before the topics
    before = page.evaluate("""() => { const list = document.querySelector('article .qa-topics');
        return [...document.querySelectorAll('article > *')].filter(el =>
          el.compareDocumentPosition(list) & Node.DOCUMENT_POSITION_FOLLOWING && !el.contains(list))
          .map(el => el.tagName); }""")
    assert [tag for tag in before if tag in ("H1", "H2", "H3", "P", "UL", "OL", "DIV")] == ["H1", "P", "H2"], before


def test_printing_in_dark_mode_gives_light_paper(server, page_at, artifacts, tmp_path):
    page = page_at(1280, color_scheme="dark")
    open_page(page, server + "/applications/")
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    target = tmp_path / "dark.pdf"
    page.pdf(path=str(target), print_background=True)  # "background graphics" on, as a reader may choose
    subprocess.run(["pdftoppm", "-png", "-r", "30", "-f", "1", "-l", "1", str(target), str(tmp_path / "p")], check=True)
    image = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    image.save(artifacts / "print-dark-mode.png")
    width, height = image.size
    corners = [image.getpixel((x, y)) for x in (2, width - 3) for y in (2, height - 3)]
    assert min(corners) > 230, f"dark page margins: {corners}"
    mean = sum(value * count for value, count in enumerate(image.histogram())) / (width * height)
    assert mean > 220, f"mean brightness {mean:.0f} of 255: a dark page"
    page.emulate_media(media="print")
    color = page.evaluate("getComputedStyle(document.querySelector('article p')).color")
    channels = [int(c) for c in color[color.index("(") + 1:].split(",")[:3]]
    assert max(channels) < 100, f"text prints light ({color})"


def contrast(page, selector: str) -> float:
    """WCAG contrast ratio of an element's text colour against its own background colour."""
    return page.evaluate("""(selector) => {
      const el = document.querySelector(selector), s = getComputedStyle(el);
      const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
      let bg = rgb(s.backgroundColor);
      const lum = ([r, g, b]) => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
        return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
      const a = lum(rgb(s.color)), b = lum(bg);
      return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    }""", selector)


def test_code_in_links_on_the_glossary_reaches_4_5_to_1_in_dark_mode(server, page_at):
    page = page_at(1280, color_scheme="dark")
    open_page(page, server + "/glossary/")
    assert page.locator("article a code").count() > 0
    ratio = contrast(page, "article a code")
    assert ratio >= 4.5, f"{ratio:.2f}:1"


def test_language_menu_focus_is_not_shown_by_colour_only(server, page_at):
    page = page_at(1280)
    open_page(page, server + "/applications/")
    link = page.locator(".md-select__link").first
    style = "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.textDecorationLine, s.boxShadow]; }"
    before = link.evaluate(style)
    page.locator(".md-header .md-select > button").focus()
    page.keyboard.press("Tab")  # into the menu, as a keyboard user does
    assert link.evaluate("el => el === document.activeElement")
    after = link.evaluate(style)
    changed = [name for name, a, b in zip(("outline", "outline-width", "text-decoration", "box-shadow"), before, after) if a != b]
    assert changed and (after[0] != "none" or "underline" in after[2]), (before, after)


@pytest.mark.parametrize("locale", LOCALES)
def test_code_block_toolbars_have_distinct_names(server, page_at, locale):
    page = page_at(1280)
    open_page(page, server + LOCALES[locale] + "/applications/")
    page.wait_for_function("document.querySelectorAll('.md-code__nav[aria-label]').length >= 2")
    names = page.evaluate("[...document.querySelectorAll('nav.md-code__nav')].map(n => n.getAttribute('aria-label'))")
    assert len(names) >= 2 and len(set(names)) == len(names) and all(names), names
