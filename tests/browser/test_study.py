"""Study mode in headless Chromium: self-test, marks, progress, review page, random question,
export/import, keyboard, phone width, no JavaScript, print, accessibility (issue 12).

Every test starts from a fresh browser context (empty localStorage) and acts through the page as a
reader would; expected questions come from the built HTML (the headings readers see) and the dedup
report, not from study.json, which is the code under test.
"""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from browser.test_gates import SIDEWAYS_JS, heading_problems, violations
from browser.test_language_switch import switch_language
from conftest import ROOT

pytestmark = pytest.mark.browser

TOPIC = "/applications/"
WORDS = {
    "zh-Hant": {"toggle": "自我測驗", "show": "顯示答案", "hide": "隱藏答案", "show_all": "顯示全部答案",
                "hide_all": "隱藏全部答案", "known": "已掌握", "review": "待複習", "group": "標記第 {} 題",
                "random": "隨機一題", "export": "匯出標記（JSON）", "import": "匯入標記", "reset": "清除全部標記"},
    "en": {"toggle": "Self-test", "show": "Show answer", "hide": "Hide answer", "show_all": "Show all answers",
           "hide_all": "Hide all answers", "known": "Know it", "review": "Review", "group": "Mark question {}",
           "random": "Random question", "export": "Export marks (JSON)", "import": "Import marks",
           "reset": "Reset all marks"},
}
ZH = WORDS["zh-Hant"]


def shown_questions(site: Path, prefix: str = "") -> list[tuple[str, str, str]]:
    """(number, id, topic URL path) of every numbered question heading in the built topic pages."""
    found = []
    for index in sorted((site / prefix).glob("*/index.html")):
        html = index.read_text(encoding="utf-8")
        for tag in re.findall(r"<h2\s[^>]*>", html):
            number, qid = re.search(r'data-qa-number="([\d.]+)"', tag), re.search(r'\sid="([^"]+)"', tag)
            if number and qid:
                found.append((number.group(1), qid.group(1), f"/{prefix}{index.parent.name}/"))
    return sorted(found, key=lambda row: [int(n) for n in row[0].split(".")])


def ready(page) -> None:
    """Wait until study.js has loaded the locale's question list."""
    page.wait_for_selector("html[data-qa-study-ready]", state="attached")


def open_page(page, url: str) -> None:
    page.goto(url)
    ready(page)


def switch(page, words=ZH):
    return page.get_by_role("button", name=words["toggle"], exact=True)


def marks_of(page, number: str, words=ZH):
    return page.get_by_role("group", name=words["group"].format(number))


def answer(page, qid: str):
    return page.locator(f"#qa-answer-{qid}")


def turn_on(page, words=ZH) -> None:
    switch(page, words).click()
    expect(switch(page, words)).to_have_attribute("aria-pressed", "true")


def test_self_test_hides_answers_reveals_one_or_all_and_is_remembered(site, server, page_at):
    questions = [row for row in shown_questions(site) if row[2] == TOPIC]
    first, second = questions[0][1], questions[1][1]
    page = page_at(1280)
    open_page(page, server + TOPIC)
    # off: the page reads as before, every answer shows and no study control is on screen
    expect(answer(page, first)).to_be_visible()
    expect(page.get_by_role("button", name=ZH["show"])).to_have_count(0)
    expect(switch(page)).to_have_attribute("aria-pressed", "false")

    turn_on(page)
    expect(page.locator(".qa-study-answer:visible")).to_have_count(0)
    reveal = page.get_by_role("button", name=ZH["show"]).first
    expect(reveal).to_have_attribute("aria-expanded", "false")
    reveal.click()
    expect(answer(page, first)).to_be_visible()
    expect(answer(page, second)).to_be_hidden()
    hide = page.get_by_role("button", name=ZH["hide"])
    expect(hide).to_have_attribute("aria-expanded", "true")
    hide.click()
    expect(answer(page, first)).to_be_hidden()

    page.get_by_role("button", name=ZH["show_all"]).click()
    expect(page.locator(".qa-study-answer:visible")).to_have_count(len(questions))
    page.get_by_role("button", name=ZH["hide_all"]).click()
    expect(page.locator(".qa-study-answer:visible")).to_have_count(0)

    page.reload()
    ready(page)
    expect(switch(page)).to_have_attribute("aria-pressed", "true")
    expect(answer(page, first)).to_be_hidden()
    switch(page).click()
    expect(switch(page)).to_have_attribute("aria-pressed", "false")
    expect(page.locator(".qa-study-answer:visible")).to_have_count(len(questions))
    expect(page.get_by_role("button", name=ZH["show"])).to_have_count(0)


def test_marks_survive_reload_and_language_switch(site, server, page_at):
    (n1, id1, _), (n2, id2, _) = shown_questions(site)[:2]
    page = page_at(1280)
    open_page(page, server + TOPIC)
    turn_on(page)
    marks_of(page, n1).get_by_role("button", name=ZH["known"]).click()
    marks_of(page, n2).get_by_role("button", name=ZH["review"]).click()
    expect(marks_of(page, n1).get_by_role("button", name=ZH["known"])).to_have_attribute("aria-pressed", "true")

    page.reload()
    ready(page)
    expect(marks_of(page, n1).get_by_role("button", name=ZH["known"])).to_have_attribute("aria-pressed", "true")
    expect(marks_of(page, n2).get_by_role("button", name=ZH["review"])).to_have_attribute("aria-pressed", "true")
    expect(marks_of(page, n2).get_by_role("button", name=ZH["known"])).to_have_attribute("aria-pressed", "false")

    switch_language(page, "en")
    ready(page)
    en = WORDS["en"]
    expect(switch(page, en)).to_have_attribute("aria-pressed", "true")
    expect(marks_of(page, n1, en).get_by_role("button", name=en["known"])).to_have_attribute("aria-pressed", "true")
    expect(marks_of(page, n2, en).get_by_role("button", name=en["review"], exact=True)).to_have_attribute("aria-pressed", "true")
    expect(page.locator(f"h2#{id1}")).to_have_attribute("data-qa-mark", "known")
    # a second click on a pressed mark takes it back
    marks_of(page, n2, en).get_by_role("button", name=en["review"], exact=True).click()
    expect(page.locator(f"h2#{id2}")).not_to_have_attribute("data-qa-mark", re.compile("."))


def test_home_progress_counts_and_nav_complete_topics(site, server, page_at):
    questions = shown_questions(site)
    topics: dict[str, list[tuple[str, str]]] = {}
    for number, qid, path in questions:
        topics.setdefault(path, []).append((number, qid))
    smallest = min(topics, key=lambda path: len(topics[path]))
    page = page_at(1280)
    open_page(page, server + TOPIC)
    turn_on(page)
    applications = topics[TOPIC]
    for number, _ in applications[:2]:
        marks_of(page, number).get_by_role("button", name=ZH["known"]).click()
    marks_of(page, applications[2][0]).get_by_role("button", name=ZH["review"]).click()
    open_page(page, server + smallest)
    for number, _ in topics[smallest]:
        marks_of(page, number).get_by_role("button", name=ZH["known"]).click()
    expect(page.locator(".md-nav--primary .md-nav__link.qa-nav-complete").first).to_contain_text("已全部掌握")
    open_page(page, server + "/review/")  # another page: the topics' nav links point at their pages
    complete = page.locator(f'.md-nav--primary .md-nav__link.qa-nav-complete[href$="{smallest.strip("/")}/"]')
    expect(complete).to_have_count(1)
    expect(complete).to_contain_text("已全部掌握")
    expect(page.locator(".md-nav--primary .md-nav__link.qa-nav-complete")).to_have_count(1)

    open_page(page, server + "/")
    table = page.locator("[data-qa-progress]")
    expect(table).to_be_visible()

    def counts(path):
        row = table.locator(f'tr[data-qa-topic="{path.strip("/")}"]')
        return [row.locator(f'[data-qa-count="{state}"]').inner_text() for state in ("known", "review", "unmarked")]

    assert counts(TOPIC) == ["2", "1", str(len(applications) - 3)]
    assert counts(smallest) == [str(len(topics[smallest])), "0", "0"]
    other = next(path for path in topics if path not in (TOPIC, smallest))
    assert counts(other) == ["0", "0", str(len(topics[other]))]
    expect(table.locator("tbody tr")).to_have_count(len(topics))


def mark_for_review(page, server: str, picked) -> None:
    """Mark the questions ``picked`` ((number, id, path) rows) 「待複習」 in self-test, page by page."""
    for number, _, path in picked:
        open_page(page, server + path)
        if switch(page).get_attribute("aria-pressed") != "true":
            turn_on(page)
        marks_of(page, number).get_by_role("button", name=ZH["review"]).click()


def test_review_page_lists_review_marks_in_both_locales(site, server, page_at):
    questions = shown_questions(site)
    picked = [questions[1], questions[-1]]
    page = page_at(1280)
    mark_for_review(page, server, picked)
    open_page(page, server + "/review/")
    items = page.locator("[data-qa-review-list] li")
    expect(items).to_have_count(2)
    expect(page.locator("[data-qa-review-summary]")).to_have_text("待複習：2 題。")
    for item, (number, qid, path) in zip(items.all(), picked):
        assert item.inner_text().startswith(number)
        assert item.locator("a").get_attribute("href").endswith(f"{path}#{qid}")
    items.first.locator("a").click()
    page.wait_for_url(f"**{picked[0][2]}#{picked[0][1]}")
    expect(page.locator(f"h2#{picked[0][1]}")).to_be_in_viewport()

    open_page(page, server + "/en/review/")
    items = page.locator("[data-qa-review-list] li")
    expect(items).to_have_count(2)
    english_title = html.unescape(re.sub(r"<[^>]+>", "", re.search(
        rf'<h2[^>]*\sid="{picked[0][1]}"[^>]*>(.*?)</h2>', (site / "en" / picked[0][2].strip("/") / "index.html").read_text(encoding="utf-8"),
        flags=re.S).group(1))).replace("¶", "").strip()
    expect(items.first.locator("a")).to_have_text(re.compile(re.escape(english_title)))
    assert items.first.locator("a").get_attribute("href").endswith(f"/en{picked[0][2]}#{picked[0][1]}")


def marks_file(tmp_path: Path, marks: dict[str, str]) -> Path:
    path = tmp_path / "marks.json"
    path.write_text(json.dumps({"format": "llm-interview-marks", "version": 1, "marks": marks}), encoding="utf-8")
    return path


def test_random_question_opens_an_unmarked_question(site, server, page_at, tmp_path):
    questions = shown_questions(site)
    number, left, path = questions[len(questions) // 2]
    page = page_at(1280)
    open_page(page, server + "/review/")
    page.get_by_label(ZH["import"]).set_input_files(marks_file(tmp_path, {q: "known" for _, q, _ in questions if q != left}))
    expect(page.locator(".qa-study-status")).to_have_text(f"已匯入 {len(questions) - 1} 個標記。")
    page.get_by_role("button", name=ZH["random"]).click()
    page.wait_for_url(f"**{path}#{left}")
    turn_on(page)
    marks_of(page, number).get_by_role("button", name=ZH["known"]).click()
    open_page(page, server + "/")
    page.get_by_role("button", name=ZH["random"]).click()
    expect(page.locator(".qa-study-status")).to_have_text("每一題都已標記。")


def test_ids_merged_by_dedup_count_for_the_shown_question(site, server, page_at, tmp_path):
    report = json.loads((ROOT / ".cache" / "dedup-report.json").read_text(encoding="utf-8"))  # written by the site build
    group = report["groups"][0]
    merged, canonical = group["merged"][0]["id"], group["canonical"]
    number = next(n for n, q, _ in shown_questions(site) if q == canonical)
    page = page_at(1280)
    open_page(page, server + "/review/")
    page.get_by_label(ZH["import"]).set_input_files(marks_file(tmp_path, {merged: "review", "no-such-id": "known"}))
    items = page.locator("[data-qa-review-list] li")
    expect(items).to_have_count(1)
    assert items.first.inner_text().startswith(number)
    assert items.first.locator("a").get_attribute("href").endswith(f"#{canonical}")


def test_export_then_import_into_a_fresh_profile_and_reset(site, server, page_at, tmp_path):
    (n1, id1, path1), (n2, id2, path2) = shown_questions(site)[:2]
    page = page_at(1280)
    open_page(page, server + path1)
    turn_on(page)
    marks_of(page, n1).get_by_role("button", name=ZH["known"]).click()
    marks_of(page, n2).get_by_role("button", name=ZH["review"]).click()
    open_page(page, server + "/review/")
    with page.expect_download() as download:
        page.get_by_role("button", name=ZH["export"]).click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert json.loads(exported.read_text(encoding="utf-8"))["marks"] == {id1: "known", id2: "review"}

    fresh = page_at(1280)  # a new browser context: empty localStorage, as on another device
    open_page(fresh, server + "/en/review/")
    expect(fresh.locator("[data-qa-review-list] li")).to_have_count(0)
    fresh.get_by_label(WORDS["en"]["import"]).set_input_files(exported)
    expect(fresh.locator(".qa-study-status")).to_have_text("Imported 2 marks.")
    expect(fresh.locator("[data-qa-review-list] li")).to_have_count(1)
    open_page(fresh, server + path1)
    turn_on(fresh)
    expect(marks_of(fresh, n1).get_by_role("button", name=ZH["known"])).to_have_attribute("aria-pressed", "true")

    open_page(fresh, server + "/review/")
    fresh.once("dialog", lambda dialog: dialog.accept())
    fresh.get_by_role("button", name=ZH["reset"]).click()
    expect(fresh.locator(".qa-study-status")).to_have_text("已清除全部標記。")
    expect(fresh.locator("[data-qa-review-list] li")).to_have_count(0)
    expect(fresh.locator("[data-qa-review-summary]")).to_have_text("目前沒有標記為「待複習」的題目。")
    bad = tmp_path / "bad.json"
    bad.write_text("not json", encoding="utf-8")
    fresh.get_by_label(ZH["import"]).set_input_files(bad)
    expect(fresh.locator(".qa-study-status")).to_have_text(re.compile("無法讀取"))


def test_keyboard_only(site, server, page_at):
    questions = [row for row in shown_questions(site) if row[2] == TOPIC]
    (n1, id1, _), (n2, id2, _) = questions[:2]
    page = page_at(1280)
    open_page(page, server + TOPIC)
    for _ in range(40):  # Tab to the switch in the header, as a keyboard user would
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-qa-selftest-toggle]')"):
            break
    page.keyboard.press("Enter")
    expect(switch(page)).to_have_attribute("aria-pressed", "true")

    def focused() -> str:
        return page.evaluate("document.activeElement.id")

    page.keyboard.press("j")
    assert focused() == id1
    page.keyboard.press("Space")
    expect(answer(page, id1)).to_be_visible()
    assert focused() == f"qa-answer-{id1}", "focus follows into the revealed answer"
    page.keyboard.press("j")
    assert focused() == id2
    expect(page.locator(f"h2#{id2}")).to_be_in_viewport()
    expect(answer(page, id2)).to_be_hidden()
    page.keyboard.press("Enter")
    expect(answer(page, id2)).to_be_visible()
    page.keyboard.press("k")
    assert focused() == id1
    known = marks_of(page, n1).get_by_role("button", name=ZH["known"])
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('data-qa-mark') === 'known'"):
            break
    page.keyboard.press("Space")
    expect(known).to_have_attribute("aria-pressed", "true")


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_topic_page_in_self_test_mode_screenshot_and_phone_width(site, server, page_at, artifacts, width):
    questions = [row for row in shown_questions(site) if row[2] == TOPIC]
    page = page_at(width, 844, is_mobile=width < 500, has_touch=width < 500)
    open_page(page, server + TOPIC)
    turn_on(page)
    marks_of(page, questions[0][0]).get_by_role("button", name=ZH["known"]).click()
    marks_of(page, questions[1][0]).get_by_role("button", name=ZH["review"]).click()
    page.get_by_role("button", name=ZH["show"]).nth(1).click()
    expect(answer(page, questions[1][1])).to_be_visible()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(artifacts / f"topic-selftest-{width}.png"))
    assert page.evaluate(SIDEWAYS_JS) == []
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    hosts = {urlparse(url).netloc for url in page.requests if url.startswith("http")}
    assert hosts == {urlparse(server).netloc}


def test_without_javascript_every_answer_shows_with_its_number(site, server, page_at):
    questions = [row for row in shown_questions(site) if row[2] == TOPIC]
    page = page_at(1280, java_script_enabled=False)
    page.goto(server + TOPIC)
    expect(page.locator("[data-qa-selftest-toggle]")).to_be_hidden()
    for number, qid, _ in questions:
        paragraph = page.locator(f"h2#{qid} ~ p").first
        expect(paragraph).to_be_visible()
        before = page.locator(f"h2#{qid}").evaluate("h => getComputedStyle(h, '::before').content")
        assert before == f'"{number} "'
    page.goto(server + "/")
    expect(page.locator("[data-qa-progress]")).to_be_hidden()
    page.goto(server + "/review/")
    expect(page.locator("[data-qa-actions]")).to_be_hidden()


def test_print_always_carries_the_answers(site, server, page_at):
    questions = [row for row in shown_questions(site) if row[2] == TOPIC]
    page = page_at(1280)
    open_page(page, server + TOPIC)
    turn_on(page)
    expect(answer(page, questions[0][1])).to_be_hidden()
    page.emulate_media(media="print")
    for _, qid, _ in questions:
        expect(answer(page, qid)).to_be_visible()
    expect(page.locator(".qa-study-bar:visible")).to_have_count(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("locale", ["zh-Hant", "en"])
def test_accessibility_of_study_views(site, server, page_at, locale, scheme):
    """axe-core, heading order: topic page in self-test mode with marks and an answer shown, the home
    page's progress table and the review page with an entry, in both palettes and locales."""
    words, prefix = WORDS[locale], "" if locale == "zh-Hant" else "/en"
    number = shown_questions(site)[0][0]
    page = page_at(1280, color_scheme=scheme)
    open_page(page, server + prefix + TOPIC)
    turn_on(page, words)
    marks_of(page, number, words).get_by_role("button", name=words["review"], exact=True).click()
    page.get_by_role("button", name=words["show"]).first.click()
    found = {"topic": violations(page) + heading_problems(page)}
    for name, path in (("home", "/"), ("review", "/review/")):
        open_page(page, server + prefix + path)
        expect(page.locator("[data-qa-progress], [data-qa-review]").first).to_be_visible()
        found[name] = violations(page) + heading_problems(page)
    assert not any(found.values()), {name: problems for name, problems in found.items() if problems}
