"""Stage: the Anki deck of each language, and the home page's link to it.

:func:`write` (``on_post_build``, in the build's Anki worker: ``hooks/_worker.py``) writes each edition's
deck — ``downloads/llm-interview.apkg`` (zh-Hant), ``zh-Hans/downloads/…`` and ``en/downloads/…`` — with
``qa/anki.py`` (genanki): one note per question
readers see, numbered as in the handout (``state.bank.numbered``); front = number, topic, question; back =
the key points then the whole answer with the carried sentences of merged repeats, all as this locale's pages
and study data show them (``hooks/page_pieces.py``: nothing is converted from Markdown again); note ids from the permanent question ids, and every date set to the build's
``SOURCE_DATE_EPOCH`` (hooks/reproducible.py) so two builds write the same bytes. :func:`links`
replaces ``<!-- anki-links -->`` on a home page with the link.
"""
from __future__ import annotations

import time
from pathlib import Path

import question_metadata
import regional_wording
from _common import log
from _state import BuildState

from qa.edition import words
from qa.anki import deck_notes, write_apkg
from qa.question_html import QuestionHtml

FILE = "llm-interview.apkg"
MARKER = "<!-- anki-links -->"
LINK_TEXT = {
    "zh-Hant": "下載 Anki 卡組（.apkg，{count} 張卡片，重新匯入會更新而不重複）",
    "en": "Download the Anki deck (.apkg, {count} cards; importing a newer one updates them)",
}


def links(markdown_text: str, state: BuildState) -> str:
    """Replace ``<!-- anki-links -->`` with the deck's download link (unchanged without the marker)."""
    if MARKER not in markdown_text or not state.bank.pages:
        return markdown_text
    text = LINK_TEXT[words(state.locale)].format(count=len(state.bank.numbered))
    # raw HTML: the deck is written after the pages, so MkDocs' link validation cannot see it
    return markdown_text.replace(MARKER, f'<p class="qa-anki-links"><a href="downloads/{FILE}" download>{text}</a></p>')


def write(site_dir: str, site_name: str, pieces: dict[str, QuestionHtml], state: BuildState) -> None:
    """Write this locale's deck (see the module docstring) when the site has topic pages.

    Args:
        site_dir: the site's root folder (the deck goes to ``<site_dir>/<locale prefix>/downloads/``).
        site_name: this locale's site name (the deck's name).
        pieces: ``page_pieces.for_deck``: each question's HTML as this locale's pages show it.
    """
    if not state.bank.pages:
        return
    cards = deck_notes(state.editions[state.locale], pieces, question_metadata.annotations(state),
                       wording=lambda text: regional_wording.html(text, state))
    epoch = state.source_date_epoch if state.source_date_epoch is not None else time.time()
    path = write_apkg(cards, Path(site_dir) / state.prefix / "downloads" / FILE, site_name,
                      state.locale, float(epoch))
    log.info(f"Anki deck: {state.prefix}downloads/{FILE} {len(cards)} notes, {path.stat().st_size / 1000:.0f} KB")
