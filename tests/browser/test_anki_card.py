"""An Anki card back from the built deck, rendered in Chromium at 390 px (a phone), in light and night mode
(issue 27, item 8): nothing wider than the screen (long code lines wrap or scroll inside their block),
axe's colour contrast passes on text and highlighted code, and the back's height is recorded
(``test-artifacts/anki-card-heights.json``) with the key points alone and with the whole answer open.

The card is rendered as Anki does it: the note type's CSS, the body carrying ``card`` (and ``nightMode
night_mode`` in night mode), the back template with ``{{FrontSide}}`` and the note's fields filled in.
"""
from __future__ import annotations

import json
import re

import pytest

from browser.test_gates import violations
from build.test_mock_and_cards import deck_model
from build.test_study_site import DECK

pytestmark = pytest.mark.browser


def fill(template: str, fields: dict[str, str]) -> str:
    return re.sub(r"\{\{(\w+)\}\}", lambda m: fields.get(m.group(1), ""), template)


def card_back(model: dict, note: dict, night: bool) -> str:
    (template,) = model["tmpls"]
    front = fill(template["qfmt"], note)
    back = fill(template["afmt"].replace("{{FrontSide}}", front), note)
    body_class = "card nightMode night_mode" if night else "card"
    return (f'<!DOCTYPE html><html lang="zh-Hant"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width,initial-scale=1"><title>card</title>'
            f'<style>body {{ margin: 0; padding: 16px; }}\n{model["css"]}</style></head>'
            f'<body class="{body_class}"><main>{back}</main></body></html>')


def longest_code_line(note: dict) -> int:
    code = re.findall(r"<pre.*?</pre>", note["Answer"], flags=re.S)
    return max((len(line) for block in code for line in re.sub(r"<[^>]+>", "", block).split("\n")), default=0)


@pytest.mark.parametrize("night", [False, True], ids=["light", "night"])
def test_card_back_fits_a_phone_and_reads_in_night_mode(site, page_at, artifacts, tmp_path, night):
    model, notes = deck_model(site / DECK, tmp_path)
    by_number = {note["Number"]: note for note in notes}
    widest = max(notes, key=longest_code_line)
    assert longest_code_line(widest) > 60, "the deck has a code line longer than a phone is wide"
    page = page_at(390, 844)
    heights = {}
    for label, note in (("1.2", by_number["1.2"]), (f"{widest['Number']} (longest code line)", widest)):
        page.set_content(card_back(model, note, night))
        closed = page.evaluate("Math.ceil(document.body.getBoundingClientRect().height)")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{label}: the card is wider than the phone"
        assert violations(page, options={"runOnly": ["color-contrast"], "resultTypes": ["violations"]},
                          always=("color-contrast",)) == [], label
        page.locator("details.qa-full > summary").click()
        opened = page.evaluate("Math.ceil(document.body.getBoundingClientRect().height)")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{label}: the open answer is wider than the phone"
        overflowing = page.evaluate("""() => [...document.querySelectorAll('pre, .highlight, table')]
            .filter(el => el.getBoundingClientRect().right > 390 - 15).map(el => el.outerHTML.slice(0, 80))""")
        assert overflowing == [], f"{label}: {overflowing}"
        assert violations(page, options={"runOnly": ["color-contrast"], "resultTypes": ["violations"]},
                          always=("color-contrast",)) == [], f"{label}, answer open"
        page.screenshot(path=artifacts / f"anki-back-{label.split()[0]}-{'night' if night else 'light'}.png", full_page=True)
        heights[label] = {"key points (answer folded)": closed, "answer open": opened}
        assert closed < opened
    record = artifacts / "anki-card-heights.json"
    saved = json.loads(record.read_text(encoding="utf-8")) if record.exists() else {}
    saved["night" if night else "light"] = heights
    record.write_text(json.dumps(saved, ensure_ascii=False, indent=2), encoding="utf-8")
