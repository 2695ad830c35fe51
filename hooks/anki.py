"""Hook: the Anki deck of each language, and the home page's link to it.

Writes ``site/downloads/llm-interview.apkg`` (zh-Hant) and ``site/en/downloads/llm-interview.apkg``
(en) after each language pass (core: ``qa/anki.py`` with genanki): one note per question readers
see, numbered as in the handout, with the carried sentences of merged repeats, note ids from the
permanent question ids, and every date set to ``SOURCE_DATE_EPOCH`` (hooks/reproducible.py pins it)
so two builds write the same bytes. Replaces ``<!-- anki-links -->`` on a home page with the link.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from _common import dedup_result, log, topic_pages
from _study import english_questions, markdown_renderer, numbered, prefix, study_locale

from qa.anki import deck_notes, write_apkg

FILE = "llm-interview.apkg"
MARKER = "<!-- anki-links -->"
LINK_TEXT = {
    "zh-Hant": "下載 Anki 卡組（.apkg，{count} 張卡片，重新匯入會更新而不重複）",
    "en": "Download the Anki deck (.apkg, {count} cards; importing a newer one updates them)",
}


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown or not topic_pages(config):
        return markdown
    text = LINK_TEXT[study_locale(config)].format(count=len(numbered(config)))
    # raw HTML: the deck is written after the pages, so MkDocs' link validation cannot see it
    return markdown.replace(MARKER, f'<p class="qa-anki-links"><a href="downloads/{FILE}" download>{text}</a></p>')


def on_post_build(config):
    if not topic_pages(config):
        return
    result = dedup_result(config)
    carried = {g.canonical.id: [c.sentence for c in g.carried] for g in result.groups} if result is not None else {}
    cards = deck_notes(numbered(config), study_locale(config), markdown_renderer(config), carried,
                       english_questions(config))
    path = write_apkg(cards, Path(config.site_dir) / prefix(config) / "downloads" / FILE, config.site_name,
                      study_locale(config), float(os.environ.get("SOURCE_DATE_EPOCH") or time.time()))
    log.info(f"Anki deck: {path.relative_to(config.site_dir)} {len(cards)} notes")
