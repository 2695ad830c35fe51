"""Stage: each shown question's HTML, cut from its topic page (``qa.question_html``), for the Anki deck
and the PDF handout (hooks/handout_pdfs.py), which then convert no answer's Markdown again.

- :func:`cut` (``on_page_content``, after the page is in its edition's wording): takes the marks
  ``qa.render`` put around each answer, note and carried block out of the page and keeps what was
  between them in ``state.pieces[locale]``, which the deck and the handout reuse.
- :func:`for_deck` (``on_post_build``): those pieces with each question's title and key points as study mode's
  data holds them (``state.study``: rendered once per build, in the edition's wording).
"""
from __future__ import annotations

from dataclasses import replace

from _state import BuildState

from qa.question_html import QuestionHtml, cut as cut_marks


def cut(html: str, state: BuildState) -> str:
    """``html`` (a page's body) without the marks; the pieces go to ``state.pieces[state.locale]``."""
    if "<!--qa:" not in html:
        return html
    html, _ = cut_marks(html, state.pieces.setdefault(state.locale, {}))
    return html


def for_deck(state: BuildState) -> dict[str, QuestionHtml]:
    """Question id → its pieces in this pass's edition, title and key points filled from ``state.study``."""
    pieces = state.pieces.get(state.locale, {})
    study = state.study.get(state.locale) or {"questions": []}
    return {q["id"]: replace(pieces.get(q["id"], QuestionHtml()), title=q["title_html"], key_points=q["key_html"])
            for q in study["questions"]}
