"""The mock interview page in headless Chromium (issue 27, item 5), at 390 and 1280 px, light and dark.

A reader chooses topics, a difficulty, the number of questions and minutes, answers one question at a time
against the timer (Playwright's clock runs it forward), reveals the key points, grades themself, and
finds the weak questions on the review page. Expected questions, topics, difficulties and opening
paragraphs come from the built topic pages (what readers see), not from study.json or mock.js.
"""
from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from browser.conftest import open_page
from browser.test_gates import violations
from build.test_mock_and_cards import opening_paragraph
from build.test_study_site import site_questions
from htmltext import page_text, squash

pytestmark = pytest.mark.browser

WORDS = {
    "zh-Hant": {"title": "模擬面試", "start": "開始模擬面試", "reveal": "顯示重點", "end": "結束面試",
                "confirm": "結束並看結果", "good": "答得好", "partial": "部分答對", "missed": "答不出來",
                "summary": "面試結果", "count": "題數", "minutes": "每題分鐘數", "matching": "符合條件的題目：{} 題"},
    "zh-Hans": {"title": "模拟面试", "start": "开始模拟面试", "reveal": "显示重点", "end": "结束面试",
                "confirm": "结束并看结果", "good": "答得好", "partial": "部分答对", "missed": "答不出来",
                "summary": "面试结果", "count": "题数", "minutes": "每题分钟数", "matching": "符合条件的题目：{} 题"},
    "en": {"title": "Mock interview", "start": "Start the interview", "reveal": "Reveal the key points",
           "end": "End the interview", "confirm": "End and see the results", "good": "Answered well",
           "partial": "Partly", "missed": "Could not answer", "summary": "Results", "count": "Questions",
           "minutes": "Minutes per question", "matching": "Questions that match: {}"},
}
PREFIX = {"zh-Hant": "", "zh-Hans": "zh-Hans/", "en": "en/"}
TOPICS = ("rag", "agents")          # the two topics the reader keeps
DROPPED_LEVEL = "advanced"          # the difficulty the reader leaves out


def bank(site, locale: str) -> dict[str, dict]:
    """Number → the question as the built topic page shows it, with its topic slug and difficulty."""
    out = {}
    for question in site_questions(site, PREFIX[locale]):
        level = re.search(r'data-difficulty="(\w+)"', question["answer_html"])
        out[question["number"]] = dict(question, level=level.group(1) if level else "unrated")
    return out


def start_page(page_at, server, locale: str, width: int, scheme: str):
    page = page_at(width, 844 if width < 500 else 900, color_scheme=scheme)
    page.clock.install()
    open_page(page, f"{server}/{PREFIX[locale]}mock/")
    page.wait_for_selector("html[data-qa-mock-ready]", state="attached")
    return page


def no_sideways_scroll(page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def clean(page, context: str | None = "article") -> list[str]:
    """axe's serious and critical findings on the page's content (default) or the whole page (``None``), with
    the pointer moved off the content (a link left under the pointer by the last tap would be measured in
    Material's hover colour). Mid-interview the header's title may be fading between the site's name and
    the page's (Material's scroll effect), so the chrome is checked on the fresh page only; test_every_page
    checks it on every page."""
    page.mouse.move(0, 0)
    return violations(page, context)


def shot(page, path) -> None:
    """A full-page screenshot, then the page scrolled back to its top: under Playwright's fake clock a click
    after a full-page screenshot taken from a scrolled position lands beside its target."""
    page.screenshot(path=path, full_page=True)
    page.evaluate("window.scrollTo(0, 0)")


SLACK = 10  # real seconds a loaded machine may let pass between a question's start and its clock's reading


def seconds_shown(left: int) -> re.Pattern:
    """What the interview's clock may show with ``left`` seconds to go (negative: over time, shown as +m:ss),
    allowing SLACK real seconds more to have passed."""
    def label(s: int) -> str:
        return f"{s // 60}:{s % 60:02d}" if s >= 0 else f"+{-s // 60}:{-s % 60:02d}"
    return re.compile("^(" + "|".join(re.escape(label(left - d)) for d in range(SLACK + 1)) + ")$")


def shown_number(page) -> str:
    return page.locator("#qa-mock-question .qa-mock-number").inner_text().strip()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_mock_interview_filters_times_reveals_grades_and_sends_weak_ones_to_review(site, server, page_at, artifacts,
                                                                                   width, scheme):
    words, questions = WORDS["zh-Hant"], bank(site, "zh-Hant")
    page = start_page(page_at, server, "zh-Hant", width, scheme)
    keyboard = width > 500  # the laptop reader uses keys, the phone reader taps
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(words["title"]))
    assert clean(page, None) == []
    for box in page.locator('input[name="topic"]').all():
        if box.get_attribute("value") not in TOPICS:
            box.uncheck()
    page.locator(f'input[name="difficulty"][value="{DROPPED_LEVEL}"]').uncheck()
    pool = {n for n, q in questions.items() if q["topic"] in TOPICS and q["level"] != DROPPED_LEVEL}
    expect(page.locator("[data-qa-mock-available]")).to_contain_text(words["matching"].format(len(pool)))
    page.get_by_label(words["count"]).fill("3")
    page.get_by_label(words["minutes"]).fill("1")
    no_sideways_scroll(page, width)
    shot(page, artifacts / f"mock-setup-{width}-{scheme}.png")
    if keyboard:
        page.get_by_label(words["minutes"]).press("Enter")
    else:
        page.get_by_role("button", name=words["start"]).click()

    clock = page.locator("[data-qa-mock-clock]")
    seen = []
    for step, grade in enumerate(("good", "partial", "missed")):
        expect(page.locator("#qa-mock-question")).to_be_focused()
        number = shown_number(page)
        assert number in pool and number not in seen, (number, seen)
        seen.append(number)
        question = questions[number]
        expect(page.locator(".qa-mock-progress")).to_contain_text(f"第 {step + 1} 題，共 3 題")
        expect(page.locator("#qa-mock-answer")).to_be_hidden()
        # Playwright's clock runs with the real one between run_for calls (pausing it stalls every click,
        # which waits for animation frames), so a loaded machine may add up to SLACK real seconds
        expect(clock).to_have_text(seconds_shown(60))
        page.clock.run_for(30_000)
        expect(clock).to_have_text(seconds_shown(30))
        if step == 0:
            page.clock.run_for(45_000)
            expect(clock).to_have_text(seconds_shown(-15))
            expect(page.get_by_role("alert")).to_contain_text("時間到")
            page.screenshot(path=artifacts / f"mock-question-{width}-{scheme}.png")
        if keyboard:
            page.keyboard.press("r")
        else:
            page.get_by_role("button", name=words["reveal"]).click()
        points = page.locator(".qa-mock-points")
        expect(points).to_be_visible()
        expect(points).to_be_focused()
        expect(page.get_by_role("button", name=words["reveal"])).to_be_hidden()
        lead = opening_paragraph(question["answer_html"])
        assert squash(points.locator(".qa-mock-points-body").inner_text()).startswith(lead[:25]), number
        link = points.get_by_role("link")
        assert link.get_attribute("href").endswith(f"/{question['topic']}/#{question['id']}")
        if step == 0:
            no_sideways_scroll(page, width)
            shot(page, artifacts / f"mock-points-{width}-{scheme}.png")
            assert clean(page) == []
        if keyboard:
            page.keyboard.press(str(step + 1))
        else:
            page.get_by_role("button", name=words[grade]).click()

    summary = page.locator("[data-qa-mock-summary]")
    expect(summary.get_by_role("heading", name=words["summary"])).to_be_focused()
    assert summary.locator("li").evaluate_all("items => items.map(i => i.dataset.qaMockResult)") == ["good", "partial", "missed"]
    expect(summary).to_contain_text("已把 2 題加入「待複習」清單")
    no_sideways_scroll(page, width)
    shot(page, artifacts / f"mock-summary-{width}-{scheme}.png")
    assert clean(page) == []
    marks = json.loads(page.evaluate("localStorage.getItem('qa-study-marks')"))["marks"]
    weak = {questions[n]["id"] for n in seen[1:]}
    assert {qid for qid, state in marks.items() if state == "review"} == weak
    assert questions[seen[0]]["id"] not in marks

    summary.get_by_role("link", name="檢視待複習清單").click()
    page.wait_for_selector("html[data-qa-study-ready]", state="attached")
    listed = [squash(text)[:len(number)] for text, number in
              zip(page.locator("[data-qa-review-list] li a").all_inner_texts(), sorted(seen[1:]))]
    assert sorted(listed) == sorted(seen[1:])


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [390, 1280])
def test_ending_early_asks_in_a_dialog_and_sends_nothing_unanswered(site, server, page_at, artifacts, width, scheme):
    words = WORDS["zh-Hant"]
    page = start_page(page_at, server, "zh-Hant", width, scheme)
    page.get_by_role("button", name=words["start"]).click()
    first = shown_number(page)
    page.get_by_role("button", name=words["end"]).click()
    dialog = page.get_by_role("dialog", name="要結束這場面試嗎？")
    expect(dialog).to_be_visible()
    page.screenshot(path=artifacts / f"mock-dialog-{width}-{scheme}.png")
    assert clean(page) == []
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(page.get_by_role("button", name=words["end"])).to_be_focused()
    assert shown_number(page) == first, "Escape keeps the interview going"
    page.get_by_role("button", name=words["end"]).click()
    dialog.get_by_role("button", name=words["confirm"]).click()
    summary = page.locator("[data-qa-mock-summary]")
    expect(summary.get_by_role("heading", name=words["summary"])).to_be_visible()
    assert set(summary.locator("li").evaluate_all("items => items.map(i => i.dataset.qaMockResult)")) == {"skipped"}
    assert page.evaluate("localStorage.getItem('qa-study-marks')") in (None, '{"version":1,"marks":{}}')


@pytest.mark.parametrize("locale", ["zh-Hans", "en"])
def test_every_edition_runs_the_interview_in_its_own_words(site, server, page_at, locale):
    words, questions = WORDS[locale], bank(site, locale)
    page = start_page(page_at, server, locale, 1280, "light")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(words["title"]))
    expect(page.locator("[data-qa-mock-available]")).to_contain_text(words["matching"].format(len(questions)))
    page.get_by_label(words["count"]).fill("1")
    page.get_by_role("button", name=words["start"]).click()
    number = shown_number(page)
    page.get_by_role("button", name=words["reveal"]).click()
    body = page.locator(".qa-mock-points-body")
    assert squash(body.inner_text()).startswith(opening_paragraph(questions[number]["answer_html"])[:25])
    page.get_by_role("button", name=words["missed"]).click()
    expect(page.get_by_role("heading", name=words["summary"])).to_be_visible()
    if locale == "zh-Hans":
        assert "題" not in page.locator("[data-qa-mock]").inner_text(), "Traditional script left in 简体中文"
    assert clean(page) == []
