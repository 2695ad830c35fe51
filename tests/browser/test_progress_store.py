"""The reader's progress store in headless Chromium: spaced repetition (issue 27 item 4) and progress
that is never silently lost (issue 24 item 5), at 390 and 1280 px.

Each test starts from a fresh browser context (empty localStorage) and acts as a reader would: it
clicks the rating buttons, imports files through the review page's file picker, opens addresses.
What it expects comes from the built pages (the headings readers see), the dedup report, the saved
progress file of the site before spaced repetition (tests/fixtures/progress/marks-v1.json) and the
browser's own storage, never from study.json, which the code under test reads.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.test_study import WORDS, ZH, marks_of, open_page, ready, shown_questions, turn_on
from conftest import ROOT

pytestmark = pytest.mark.browser

WIDTHS = pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
FIXTURE = ROOT / "tests" / "fixtures" / "progress" / "marks-v1.json"
TOPIC = "/applications/"
RATE = {"zh-Hant": {"group": "評分第 {} 題", "again": "重來", "hard": "困難", "good": "良好", "easy": "簡單"},
        "en": {"group": "Rate question {}", "again": "Again", "hard": "Hard", "good": "Good", "easy": "Easy"}}
STATUS = ".qa-study-status"
ALERT = "[data-qa-save-error]"


def context(page_at, width: int):
    """A page as a phone (390 px, touch) or a laptop (1280 px) shows it, on UTC days (the due-today tests)."""
    return page_at(width, 844, is_mobile=width < 500, has_touch=width < 500, timezone_id="UTC")


def stored(page, key: str = "qa-study-marks") -> dict:
    """What the browser really holds under ``key`` (parsed JSON; {} when absent)."""
    return page.evaluate("k => JSON.parse(localStorage.getItem(k) || '{}')", key)


def fill_storage(page) -> None:
    """Fill this origin's localStorage to the last character, as another site of the same GitHub user
    may have done (a project site shares its quota with every site of the user)."""
    page.evaluate("""() => {
      let size = 1 << 20, n = 0;
      while (size >= 1) {
        try { localStorage.setItem('filler-' + n, 'x'.repeat(size)); n += 1; }
        catch (e) { size = Math.floor(size / 2); }
      }
    }""")


def import_file(page, path: Path, words=ZH) -> str:
    """Import ``path`` through the review page's file picker; the status line that answers it."""
    before = page.locator(STATUS).first.inner_text()
    page.get_by_label(words["import"]).set_input_files(path)
    page.wait_for_function("b => document.querySelector('.qa-study-status').textContent !== b", arg=before)
    return page.locator(STATUS).first.inner_text()


def write(tmp_path: Path, name: str, document) -> Path:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document), encoding="utf-8")
    return path


# --- issue 24 item 5: a failed save says so -------------------------------------------------------

@WIDTHS
def test_a_failed_save_is_said_on_the_page(site, server, page_at, width, artifacts):
    number, qid, _ = [row for row in shown_questions(site) if row[2] == TOPIC][0]
    page = context(page_at, width)
    open_page(page, server + TOPIC)
    turn_on(page)
    expect(page.locator(ALERT)).to_be_hidden()
    fill_storage(page)
    marks_of(page, number).get_by_role("button", name=ZH["known"]).click()
    alert = page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("無法儲存")
    expect(alert).to_be_in_viewport()
    assert stored(page).get("marks", {}).get(qid) is None  # nothing was saved, and the page says so
    page.screenshot(path=str(artifacts / f"progress-save-failed-{width}.png"))

    open_page(page, server + "/review/")
    text = import_file(page, FIXTURE)
    assert "無法" in text and "已匯入" not in text, text
    assert stored(page) == {}


# --- issue 24 item 5: import validates -------------------------------------------------------------

BAD_FILES = {
    "marks-as-array": ({"format": "llm-interview-marks", "version": 1, "marks": [["a", "known"]]}, "格式不對"),
    "version-99": ({"format": "llm-interview-marks", "version": 99, "marks": {}}, "99"),
    "version-text": ({"format": "llm-interview-marks", "version": "1", "marks": {}}, "版本"),
    "schedule-as-list": ({"format": "llm-interview-marks", "version": 2, "marks": {}, "schedule": [1]}, "格式不對"),
}


@WIDTHS
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_import_refuses_a_file_of_the_wrong_shape(site, server, page_at, tmp_path, width, case):
    document, says = BAD_FILES[case]
    (number, qid, path) = shown_questions(site)[0]
    page = context(page_at, width)
    open_page(page, server + "/review/")
    before = import_file(page, write(tmp_path, "keep.json", {"format": "llm-interview-marks", "version": 1,
                                                             "marks": {qid: "review"}}))
    assert before == "已匯入 1 個標記。"
    kept = stored(page)
    text = import_file(page, write(tmp_path, f"{case}.json", document))
    assert says in text and "已匯入" not in text, text
    assert stored(page) == kept  # what was there is untouched


@WIDTHS
def test_import_stores_only_known_states_under_plain_ids(site, server, page_at, tmp_path, width):
    (_, id1, _), (_, id2, _), (_, id3, _) = shown_questions(site)[:3]
    # a hand-written file: JSON.parse makes "__proto__" an own key, as a hostile or broken file would
    text = ('{"format": "llm-interview-marks", "version": 1, "marks": {'
            '"__proto__": "known", "constructor": "review", "toString": "known", "hasOwnProperty": "known",'
            f'"{id1}": "function Object() {{ [native code] }}", "{id2}": "known", "{id3}": "maybe",'
            '"Bad Id!": "known", "<img src=x onerror=alert(1)>": "review"}}')
    page = context(page_at, width)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append(dialog.message) or dialog.dismiss())
    open_page(page, server + "/review/")
    status = import_file(page, write(tmp_path, "proto.json", text))
    marks = stored(page)["marks"]
    assert marks == {id2: "known"}, marks
    assert page.evaluate("({}).known === undefined && Object.prototype.toString.name === 'toString'")
    assert status.startswith("已匯入 1 個標記。"), status  # what it stored, not what it read
    assert "略過 8 個" in status, status
    assert not errors, errors


def test_a_huge_file_never_claims_what_it_did_not_store(site, server, page_at, tmp_path):
    """The 50 MB file of the issue (1.4 M marks): refused with its size named; nothing stored or claimed."""
    path = tmp_path / "huge.json"
    with path.open("w", encoding="utf-8") as out:
        out.write('{"format": "llm-interview-marks", "version": 1, "marks": {')
        out.write(",".join(f'"question-{n:07d}": "known"' for n in range(1_456_357)))
        out.write("}}")
    assert path.stat().st_size > 40_000_000
    page = page_at(1280)
    open_page(page, server + "/review/")
    status = import_file(page, path)
    assert "已匯入" not in status and "MB" in status, status
    assert stored(page) == {}


# --- issue 24 item 5: malformed addresses ----------------------------------------------------------

@WIDTHS
@pytest.mark.parametrize("address", ["/applications/?h=%E0%A4%A#%E0%A4%A", "/en/?h=%#%E9"])
def test_a_malformed_address_never_breaks_the_page(site, server, page_at, width, address):
    page = context(page_at, width)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + address)
    ready(page)
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("/")
    expect(page.locator("[data-qa-search] .md-search__input")).to_be_focused()
    assert not errors, errors


# --- old files still import, nothing lost ----------------------------------------------------------

def test_a_progress_file_of_the_site_before_spaced_repetition_imports_whole(site, server, page_at, tmp_path):
    """tests/fixtures/progress/marks-v1.json was exported by the site before this change (format
    version 1); every mark in it comes back, and an export carries them on in the new format."""
    saved = json.loads(FIXTURE.read_text(encoding="utf-8"))["marks"]
    page = page_at(1280)
    open_page(page, server + "/review/")
    status = import_file(page, FIXTURE)
    assert status == f"已匯入 {len(saved)} 個標記。"
    assert stored(page)["marks"] == saved
    with page.expect_download() as download:
        page.get_by_role("button", name=ZH["export"]).click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert exported["version"] == 2 and exported["marks"] == saved
    fresh = page_at(1280)
    open_page(fresh, server + "/en/review/")
    again = write(tmp_path, "v2.json", exported)
    assert import_file(fresh, again, WORDS["en"]) == f"Imported {len(saved)} marks."
    assert stored(fresh)["marks"] == saved


def test_merged_moved_and_deleted_questions_lose_nothing(site, server, page_at, tmp_path):
    """A mark and a schedule under an id dedup merged land on the question shown for it; an id this
    build does not have (a deleted question) is kept, reported and exported again."""
    report = json.loads((ROOT / ".cache" / "dedup-report.json").read_text(encoding="utf-8"))
    group = report["groups"][0]
    merged, canonical = group["merged"][0]["id"], group["canonical"]
    card = {"due": "2020-01-02T00:00:00.000Z", "stability": 3.2, "difficulty": 5.1, "elapsed_days": 0,
            "scheduled_days": 3, "learning_steps": 0, "reps": 2, "lapses": 0, "state": 2,
            "last_review": "2019-12-30T00:00:00.000Z"}
    document = {"format": "llm-interview-marks", "version": 2, "marks": {merged: "review", "gone-question": "known"},
                "schedule": {merged: card, "gone-question": card}}
    page = page_at(1280)
    open_page(page, server + "/review/")
    status = import_file(page, write(tmp_path, "v2.json", document))
    assert status.startswith("已匯入 2 個標記。"), status
    assert "gone-question" in status and "保留 1 個" in status, status
    assert stored(page)["marks"] == {canonical: "review", "gone-question": "known"}
    assert set(stored(page, "qa-study-schedule")["cards"]) == {canonical, "gone-question"}
    due = page.locator("[data-qa-due-list] li")
    expect(due).to_have_count(1)  # due since 2020: listed first on the review page
    assert due.first.locator("a").get_attribute("href").endswith(f"#{canonical}")
    with page.expect_download() as download:
        page.get_by_role("button", name=ZH["export"]).click()
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert set(exported["marks"]) == {canonical, "gone-question"}
    assert set(exported["schedule"]) == {canonical, "gone-question"}


# --- issue 27 item 4: ratings schedule each question -----------------------------------------------

@WIDTHS
def test_ratings_schedule_questions_and_the_home_page_counts_what_is_due(site, server, page_at, width, artifacts):
    rows = [row for row in shown_questions(site) if row[2] == TOPIC]
    (n1, id1, _), (n2, id2, _), (n3, id3, _) = rows[:3]
    page = context(page_at, width)
    page.clock.install(time="2026-03-02T09:00:00")
    open_page(page, server + TOPIC)
    turn_on(page)
    rate = RATE["zh-Hant"]
    group = page.get_by_role("group", name=rate["group"].format(n1))
    expect(group).to_be_hidden()  # the answer is hidden: nothing to grade yet
    page.get_by_role("button", name=ZH["show"]).first.click()
    expect(group).to_be_visible()
    group.get_by_role("button", name=rate["again"]).click()
    expect(group).to_contain_text("下次複習")
    for number, grade in ((n2, "easy"), (n3, "good")):
        page.locator("[data-qa-reveal]").nth([r[0] for r in rows].index(number)).click()
        page.get_by_role("group", name=rate["group"].format(number)).get_by_role("button", name=rate[grade]).click()
    cards = stored(page, "qa-study-schedule")["cards"]
    assert set(cards) == {id1, id2, id3}  # under the permanent ids
    due = {qid: cards[qid]["due"] for qid in cards}
    assert due[id1] < due[id3] < due[id2], due  # again sooner than good, good sooner than easy
    assert due[id2] >= "2026-03-03", due  # easy on a new question: not before tomorrow
    if width == 390:
        page.screenshot(path=str(artifacts / "progress-rating-390.png"))

    def due_count(path: str) -> str:
        open_page(page, server + path)
        line = page.locator("[data-qa-due-summary]")
        expect(line).to_be_visible()
        line.scroll_into_view_if_needed()
        return line.inner_text()

    today = due_count("/")
    expected_today = sum(1 for d in due.values() if d < "2026-03-03")  # the local day is UTC here
    assert re.search(rf"\b{expected_today}\b", today), today
    page.screenshot(path=str(artifacts / f"progress-home-due-{width}.png"))
    page.get_by_role("link", name=re.compile("開始複習")).click()
    page.wait_for_url("**/review/**")
    items = page.locator("[data-qa-due-list] li")
    expect(items).to_have_count(expected_today)
    # a month later everything rated is due, the soonest first; the English and 简体 home pages say so too
    page.clock.set_fixed_time("2026-04-02T09:00:00")
    assert re.search(r"\b3\b", due_count("/en/")), "en"
    assert re.search(r"\b3\b", due_count("/zh-Hans/")), "zh-Hans"
    assert "Due" in due_count("/en/") and "到期" in due_count("/zh-Hans/")
    # the 简体中文 edition's rating words are its own (converted, not the Traditional ones)
    open_page(page, server + "/zh-Hans" + TOPIC)
    page.locator("[data-qa-reveal]").first.click()
    hans = page.get_by_role("group", name=f"评分第 {n1} 题")
    expect(hans.get_by_role("button", name="重来")).to_be_visible()
    expect(hans).to_contain_text("下次复习")
    open_page(page, server + "/review/")
    order = [item.locator("a").get_attribute("href").rsplit("#", 1)[1] for item in page.locator("[data-qa-due-list] li").all()]
    assert order == sorted(due, key=due.get), order


def test_review_page_lists_due_questions_before_marked_ones(site, server, page_at):
    rows = shown_questions(site)
    (n1, id1, p1), (n2, id2, p2) = rows[0], rows[5]
    page = page_at(1280)
    page.clock.install(time="2026-03-02T09:00:00")
    open_page(page, server + p2)
    turn_on(page)
    marks_of(page, n2).get_by_role("button", name=ZH["review"]).click()
    open_page(page, server + p1)
    page.get_by_role("button", name=ZH["show"]).first.click()
    page.get_by_role("group", name=RATE["zh-Hant"]["group"].format(n1)).get_by_role("button", name="重來").click()
    open_page(page, server + "/review/")
    links = [a.get_attribute("href").rsplit("#", 1)[1] for a in page.locator("[data-qa-review] li a").all()]
    assert links == [id1, id2], links
    due_block = page.locator("[data-qa-due]")
    marked = page.locator("[data-qa-review-list]")
    assert due_block.bounding_box()["y"] < marked.bounding_box()["y"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("locale", ["zh-Hant", "en"])
def test_accessibility_of_rating_due_lists_and_the_save_alert(site, server, page_at, locale, scheme):
    """axe-core on the rating row (after a rating), the save alert, the review page's due list and the
    home page's due line, in both palettes and in a Chinese and the English edition."""
    from browser.test_gates import heading_problems, violations

    words, rate, prefix = WORDS[locale], RATE[locale], "" if locale == "zh-Hant" else "/en"
    number = [row for row in shown_questions(site) if row[2] == TOPIC][0][0]
    page = page_at(1280, color_scheme=scheme)
    open_page(page, server + prefix + TOPIC)
    turn_on(page, words)
    page.get_by_role("button", name=words["show"]).first.click()
    group = page.get_by_role("group", name=rate["group"].format(number))
    group.get_by_role("button", name=rate["again"]).click()
    expect(group.locator("[role=status]")).not_to_be_empty()
    fill_storage(page)
    marks_of(page, number, words).get_by_role("button", name=words["known"]).click()
    expect(page.get_by_role("alert")).to_be_visible()
    found = {"topic": violations(page, ".qa-study-rate, [data-qa-save-error]")}
    page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('filler-')).forEach(k => localStorage.removeItem(k))")
    open_page(page, server + prefix + "/review/")
    expect(page.locator("[data-qa-due-list] li")).to_have_count(1)
    found["review"] = violations(page) + heading_problems(page)
    open_page(page, server + prefix + "/")
    expect(page.locator("[data-qa-due-summary]")).to_be_visible()
    found["home"] = violations(page, "[data-qa-actions]")
    assert not any(found.values()), {name: problems for name, problems in found.items() if problems}
