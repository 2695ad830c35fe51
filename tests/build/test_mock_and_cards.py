"""The mock interview page and the Anki cards' key points in the built site (issue 27, items 5 and 8).

Expected text comes from the built topic pages (what readers see: the paragraph an added answer opens
with is its short answer), never from qa.keypoints, which wrote what is checked.
"""
from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from build.test_study_site import DECK, site_questions
from htmltext import page_text, squash

pytestmark = pytest.mark.build

EDITIONS = {"zh-Hant": "", "zh-Hans": "zh-Hans/", "en": "en/"}
KEY_LABEL = {"zh-Hant": "重點", "zh-Hans": "重点", "en": "Key points"}
FULL_LABEL = {"zh-Hant": "完整答案", "zh-Hans": "完整答案", "en": "Full answer"}


def deck_model(path: Path, tmp: Path) -> tuple[dict, list[dict]]:
    """The deck's one note type (``css``, ``tmpls``, ``flds``) and its notes as ``{field name: value}``."""
    with zipfile.ZipFile(path) as archive:
        db = tmp / f"model-{len(list(tmp.glob('*.anki2')))}.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(db)
    try:
        models = json.loads(connection.execute("select models from col").fetchone()[0])
        rows = connection.execute("select flds from notes order by id").fetchall()
    finally:
        connection.close()
    (model,) = models.values()
    names = [field["name"] for field in model["flds"]]
    return model, [dict(zip(names, flds.split("\x1f"))) for (flds,) in rows]


def css_rules(css: str) -> dict[str, str]:
    """Selector → its declarations, every rule of a stylesheet (comments dropped; repeated selectors joined)."""
    rules: dict[str, str] = {}
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        for selector in selectors.split(","):
            key = " ".join(selector.split())
            rules[key] = rules.get(key, "") + body
    return rules


def opening_paragraph(answer_html: str) -> str:
    """The first paragraph of an answer on the topic page (after the difficulty/origin line)."""
    for attributes, paragraph in re.findall(r"<p(\s[^>]*)?>(.*?)</p>", answer_html, flags=re.S):
        if "qa-meta" not in attributes and paragraph.strip():
            return squash(page_text(paragraph))
    return ""


def added(answer_html: str) -> bool:
    return "qa-origin-added" in answer_html


@pytest.mark.parametrize("locale", EDITIONS)
def test_card_front_names_topic_number_question_and_back_opens_with_key_points(site, locale, tmp_path):
    model, notes = deck_model(site / EDITIONS[locale] / DECK, tmp_path)
    (template,) = model["tmpls"]
    front = template["qfmt"]
    assert front.index("{{Topic}}") < front.index("{{Number}}") < front.index("{{Question}}")
    assert template["afmt"].startswith("{{FrontSide}}")
    by_id = {note["Id"]: note for note in notes}
    questions = site_questions(site, EDITIONS[locale])
    checked_added = checked_original = 0
    for question in questions:
        back = by_id[question["id"]]["Answer"]
        shape = re.match(r'(<p class="qa-meta">.*?</p>)?<div class="qa-keypoints"><p class="qa-keypoints-label">([^<]+)</p>\n'
                         r'<div class="qa-keypoints-body"[^>]*>(.*?)</div></div>\n'
                         r'<details class="qa-full"><summary>([^<]+)</summary>\n(.*)</details>$', back, flags=re.S)
        assert shape, f"{question['id']}: back is not badge, key points, folded answer: {back[:200]}"
        _, key_label, points, full_label, whole = shape.groups()
        assert (key_label, full_label) == (KEY_LABEL[locale], FULL_LABEL[locale])
        lead = opening_paragraph(question["answer_html"])
        points_text = squash(page_text(points))
        if added(question["answer_html"]) and not (locale == "en" and "qa-pending" in back):
            assert points_text == lead, f"{question['id']}: an added question's key points are its short answer"
            checked_added += 1
        elif not added(question["answer_html"]) and locale != "en":
            assert points_text.startswith(lead[:30]) and len(points_text) < len(squash(page_text(whole))) / 2, question["id"]
            checked_original += 1
        assert lead[:30] in squash(page_text(whole)), f"{question['id']}: the whole answer follows the key points"
    assert checked_added > 50 and (locale == "en" or checked_original > 10)


@pytest.mark.parametrize("locale", ["zh-Hant", "en"])
def test_card_css_colours_code_and_text_in_night_mode_and_keeps_code_inside(site, locale, tmp_path):
    model, _ = deck_model(site / EDITIONS[locale] / DECK, tmp_path)
    rules = css_rules(model["css"])
    for night in (".nightMode", ".night_mode"):
        assert re.search(r"background: #[0-9a-fA-F]{6}", rules[f"{night} .highlight"]), "code gets a dark background"
        assert "color: inherit" in rules[f"{night} .highlight span"], "no light token colour is left on it"
        assert re.search(r"color: #[0-9a-fA-F]{6}", rules[f"{night} .highlight .k"]), "keywords get a night colour"
        assert "color:" in rules[f"{night} a"] and "color:" in rules[f"{night} .qa-meta"]
    assert "pre-wrap" in rules["pre"] and "overflow-wrap: anywhere" in rules["pre"]
    assert "overflow-x: auto" in rules[".highlight"] and "overflow-x: auto" in rules["table"]


@pytest.mark.parametrize("locale", EDITIONS)
def test_mock_page_in_every_edition_and_its_nav_with_study_json_key_points(site, locale):
    prefix = EDITIONS[locale]
    page = (site / prefix / "mock" / "index.html").read_text(encoding="utf-8")
    assert "data-qa-mock-setup" in page and "assets/javascripts/mock.js" in page and "<dialog" in page
    home = (site / prefix / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="mock/" class="md-nav__link', home), "the mock interview is in the navigation"
    data = json.loads((site / prefix / "study.json").read_text(encoding="utf-8"))
    boxes = re.findall(r'<input type="checkbox" name="topic" value="([^"]+)"', page)
    assert boxes == [topic["slug"] for topic in data["topics"]]
    questions = {q["id"]: q for q in site_questions(site, prefix)}
    for item in data["questions"]:
        assert item["key_html"], item["id"]
        shown = questions[item["id"]]
        if added(shown["answer_html"]) and (locale != "en" or item["key_lang"] == "en"):
            assert squash(page_text(item["key_html"])) == opening_paragraph(shown["answer_html"]), item["id"]
    config = json.loads(re.search(r'<script type="application/json" id="qa-mock-config">(.*?)</script>', page, flags=re.S).group(1))
    if locale == "zh-Hans":
        assert config["labels"]["title"] == "模拟面试" and "题" in config["labels"]["progress"]
