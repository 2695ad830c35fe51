"""A reader's path through the site in headless Chromium, at 390 and 1280 px (issue 27): the footer's
Next / Previous chain, j/k landing below the fixed header, the random question asking before it answers,
the phone's self-test switch and the home page's words for it, the progress table on a phone, resuming
where the reader left off, and focus mode.

Expected orders and words come from the sources (the topic pages' front matter, the labels the build
hands the page), never from the code under test; each test starts from an empty browser profile.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.test_gates import SIDEWAYS_JS, heading_problems, violations
from browser.test_study import WORDS, answer, open_page, shown_questions, switch, turn_on
from conftest import real_topic_pages

pytestmark = pytest.mark.browser

EDITIONS = {"zh-Hant": "", "zh-Hans": "/zh-Hans", "en": "/en"}
#: the study words of each edition as readers see them (the 简体中文 edition's are converted from zh-Hant's)
SWITCH = {"zh-Hant": "自我測驗", "zh-Hans": "自我测验", "en": "Self-test"}
RESUME = {"zh-Hant": "從上次的地方繼續", "zh-Hans": "从上次的地方继续", "en": "Continue where you left off"}
FOCUS = {"zh-Hant": "專注閱讀", "zh-Hans": "专注阅读", "en": "Focus mode"}
#: how each edition's home page names the place of the switch: the header, which exists at every width
#: (页眉 is the 简体中文 word OpenCC gives for 頁首)
HEADER_WORD = {"zh-Hant": "頁首", "zh-Hans": "页眉", "en": "header"}
WIDTHS = [pytest.param(1280, id="desktop"), pytest.param(390, id="phone")]


def phone(page_at, width: int, **options):
    """A page of ``width`` px; at phone widths a touch screen, as a phone is."""
    small = width < 500
    return page_at(width, 844 if small else 900, is_mobile=small, has_touch=small, **options)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url).split("#")[0]


@pytest.mark.parametrize("edition", EDITIONS)
def test_footer_next_and_previous_follow_the_topic_order(site, server, page_at, edition):
    """Clicking the footer's Next from the home page visits home, every topic in its front matter
    ``order``, then the other pages; each page's Previous leads back to the page before it."""
    prefix = EDITIONS[edition]
    topics = [f"{prefix}/{page.slug}/" for page in sorted(real_topic_pages(), key=lambda p: p.order)]
    page = page_at(1280)
    page.goto(server + prefix + "/", wait_until="domcontentloaded")
    visited, previous = [path_of(page.url)], []
    for _ in range(60):
        back = page.locator("a.md-footer__link--prev")
        previous.append(path_of(back.evaluate("a => a.href")) if back.count() else None)
        following = page.locator("a.md-footer__link--next")
        if not following.count():
            break
        with page.expect_navigation(wait_until="domcontentloaded"):
            following.click()
        visited.append(path_of(page.url))
    assert visited[0] == prefix + "/"
    assert visited[1:1 + len(topics)] == topics, "topics in their order, before any other page"
    assert len(visited) == len(set(visited)), visited
    assert previous == [None, *visited[:-1]]


@pytest.mark.parametrize("width", WIDTHS)
def test_j_and_k_put_the_question_below_the_fixed_header(site, server, page_at, width):
    page = phone(page_at, width)
    open_page(page, server + "/applications/")
    turn_on(page)

    def check(key: str) -> None:
        page.keyboard.press(key)
        page.wait_for_timeout(100)  # scrollIntoView is instant; let layout settle
        box = page.evaluate("""() => {
            const h = document.activeElement, r = h.getBoundingClientRect();
            const header = document.querySelector('.md-header').getBoundingClientRect();
            return {tag: h.tagName, top: r.top, bottom: r.bottom, header: header.bottom, view: innerHeight};
        }""")
        assert box["tag"] == "H2"
        assert box["top"] >= box["header"], f"{key}: heading top {box['top']} under the header ({box['header']})"
        assert box["bottom"] <= box["view"], box

    for key in ("j", "j", "j", "k"):
        check(key)


@pytest.mark.parametrize("width", WIDTHS)
def test_random_question_asks_before_it_answers(site, server, page_at, width):
    """With self-test off, 「隨機一題」 opens a question with its answer hidden, below the header."""
    page = phone(page_at, width)
    open_page(page, server + "/")
    expect(switch(page)).to_have_attribute("aria-pressed", "false")
    page.get_by_role("button", name=WORDS["zh-Hant"]["random"]).click()
    page.wait_for_url(re.compile(r"#"))
    page.wait_for_selector("html[data-qa-study-ready]", state="attached")
    qid = page.url.split("#")[1]
    expect(answer(page, qid)).to_be_hidden()
    reveal = page.locator(f'[data-qa-reveal="{qid}"]')
    expect(reveal).to_be_visible()
    expect(page.locator(f"h2#{qid}")).to_be_in_viewport()
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert page.locator(f"h2#{qid}").bounding_box()["y"] >= header - 1
    reveal.click()
    expect(answer(page, qid)).to_be_visible()


@pytest.mark.parametrize("edition", EDITIONS)
def test_phone_switch_shows_its_name_where_the_home_page_says(site, server, page_at, edition):
    """At 390 px the self-test switch shows its name in the header, and the home page names it by that
    name and that place."""
    page = phone(page_at, 390)
    open_page(page, server + EDITIONS[edition] + "/")
    control = switch(page, {"toggle": SWITCH[edition]})
    expect(control).to_be_visible()
    shown = control.evaluate("""b => [...b.querySelectorAll('*'), b].flatMap(el => [...el.childNodes])
        .filter(n => n.nodeType === 3 && n.data.trim()).map(n => {
            const range = document.createRange(); range.selectNodeContents(n);
            const r = range.getBoundingClientRect(), box = b.getBoundingClientRect();
            const clipped = r.width < 8 || r.right > box.right + 1 || r.left < box.left - 1;
            return clipped ? '' : n.data.trim(); }).join('')""")
    assert shown == SWITCH[edition], f"the name is shown, not only the icon: {shown!r}"
    box = control.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= 390
    assert page.evaluate("(el) => !!el.closest('.md-header')", control.element_handle())
    text = page.locator("article").inner_text()
    named = SWITCH[edition] if edition == "en" else f"「{SWITCH[edition]}」"  # as the text quotes a control
    sentences = [s for s in re.split(r"(?<=[。.])\s*", text) if named in s]
    assert sentences, f"the home page names {SWITCH[edition]}"
    assert all(HEADER_WORD[edition] in s for s in sentences), sentences
    assert not re.search("右上角|top right", text)


@pytest.mark.parametrize("edition", EDITIONS)
def test_progress_table_fits_a_phone(site, server, page_at, artifacts, edition):
    page = phone(page_at, 390)
    open_page(page, server + EDITIONS[edition] + "/")
    table = page.locator("[data-qa-progress] table")
    expect(table).to_be_visible()
    box = table.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    assert table.evaluate("t => t.scrollWidth <= t.clientWidth + 1")
    wrap = table.evaluate("t => { const w = t.closest('.md-typeset__scrollwrap'); return w ? w.scrollWidth - w.clientWidth : 0 }")
    assert wrap <= 0, f"the table scrolls sideways by {wrap} px"
    assert page.evaluate(SIDEWAYS_JS) == []
    table.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"home-progress-390-{edition}.png"))


# --- resume -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("width", WIDTHS)
def test_resume_link_goes_to_the_last_question_on_screen_in_every_edition(site, server, page_at, width):
    questions = [row for row in shown_questions(site) if row[2] == "/rag/"] or shown_questions(site)
    number, qid, path = questions[len(questions) // 2]
    page = phone(page_at, width)
    for prefix in EDITIONS.values():
        open_page(page, server + prefix + "/")
        expect(page.get_by_role("link", name=re.compile("|".join(RESUME.values())))).to_have_count(0)
    open_page(page, server + path)
    page.locator(f"h2#{qid}").evaluate("h => window.scrollTo(0, h.getBoundingClientRect().top + scrollY - 60)")
    page.wait_for_timeout(400)  # the page notes the question after scrolling stops
    for edition, prefix in EDITIONS.items():
        open_page(page, server + prefix + "/")
        link = page.get_by_role("link", name=RESUME[edition])
        expect(link).to_be_visible()
        link.click()
        page.wait_for_url(re.compile(re.escape(f"{prefix}{path}#{qid}") + "$"))
        expect(page.locator(f"h2#{qid}")).to_be_in_viewport()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_resume_follows_the_reader_to_another_question_and_edition(site, server, page_at, artifacts, scheme):
    """The link follows the last question read, whichever edition it was read in; axe passes on the home
    page showing it (light and dark)."""
    (n1, id1, path1), (n2, id2, path2) = shown_questions(site)[0], shown_questions(site)[-1]
    page = page_at(1280, color_scheme=scheme)
    open_page(page, server + path1)
    page.keyboard.press("End")  # the last question of the page is on screen, then another page's
    page.wait_for_timeout(400)
    open_page(page, server + "/en" + path2)
    page.locator(f"h2#{id2}").scroll_into_view_if_needed()
    page.wait_for_timeout(400)
    open_page(page, server + "/zh-Hans/")
    link = page.get_by_role("link", name=RESUME["zh-Hans"])
    expect(link).to_have_attribute("href", re.compile(f"#{id2}$"))
    page.screenshot(path=str(artifacts / f"home-resume-1280-{scheme}.png"))
    found = violations(page) + heading_problems(page)
    assert not found, found


# --- focus mode -------------------------------------------------------------------------------------

def sidebars_visible(page) -> bool:
    return page.evaluate("""() => [...document.querySelectorAll('.md-sidebar--primary, .md-sidebar--secondary')]
        .some(s => s.getClientRects().length && getComputedStyle(s).visibility !== 'hidden'
                   && s.getBoundingClientRect().width > 0)""")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_mode_button_and_key_hide_navigation_and_are_remembered(site, server, page_at, artifacts, scheme):
    page = page_at(1280, 900, color_scheme=scheme)
    open_page(page, server + "/applications/")
    focus = page.get_by_role("button", name=FOCUS["zh-Hant"])
    expect(focus).to_have_attribute("aria-pressed", "false")
    assert sidebars_visible(page)
    width_before = page.locator("article").bounding_box()["width"]
    focus.click()
    expect(focus).to_have_attribute("aria-pressed", "true")
    assert not sidebars_visible(page)
    assert page.locator("article").bounding_box()["width"] > width_before
    page.screenshot(path=str(artifacts / f"focus-1280-{scheme}.png"))
    found = violations(page) + heading_problems(page)
    assert not found, found

    open_page(page, server + "/en/rag/")  # another page, another edition: still on
    focus = page.get_by_role("button", name=FOCUS["en"])
    expect(focus).to_have_attribute("aria-pressed", "true")
    assert not sidebars_visible(page)
    page.locator("body").press("z")
    expect(focus).to_have_attribute("aria-pressed", "false")
    assert sidebars_visible(page)
    page.locator("body").press("z")
    expect(focus).to_have_attribute("aria-pressed", "true")
    found = violations(page)
    assert not found, found


def test_focus_mode_key_ignored_while_typing_and_on_a_phone(site, server, page_at, artifacts):
    """The key is not taken from a reader typing in the search box; on a phone, where navigation and
    contents are already in the drawer, a page read in focus mode keeps its header and fits the screen."""
    page = page_at(1280)
    open_page(page, server + "/applications/")
    page.keyboard.press("/")  # the header search, as its keyboard shortcut opens it
    page.locator(".md-search__input").press_sequentially("zz")
    expect(page.locator(".md-search__input")).to_have_value("zz")
    assert sidebars_visible(page), "typing z in the search box is not the key"
    page.keyboard.press("Escape")
    page.get_by_role("button", name=FOCUS["zh-Hant"]).click()
    page.set_viewport_size({"width": 390, "height": 844})
    open_page(page, server + "/applications/")
    assert page.evaluate(SIDEWAYS_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    expect(switch(page)).to_be_visible()
    expect(page.locator(".md-header label[for='__drawer']")).to_be_visible()  # the menu still opens the drawer
    page.screenshot(path=str(artifacts / "focus-390.png"))


def test_simplified_edition_study_buttons_are_in_simplified(site, server, page_at):
    """The study words study.js writes (reveal, marks, show all) read in Simplified script in the 简体中文
    edition, as its header switch does (they were the Traditional words)."""
    page = page_at(1280)
    open_page(page, server + "/zh-Hans/applications/")
    turn_on(page, {"toggle": SWITCH["zh-Hans"]})
    for name in ("显示全部答案", "隐藏全部答案", "显示答案", "已掌握", "待复习"):
        expect(page.get_by_role("button", name=name, exact=True).first).to_be_visible()
    text = page.locator("article").inner_text()
    assert not re.search("顯示|隱藏|複習|鍵盤", text), "Traditional study words in the 简体中文 edition"
