"""Stage: each question's difficulty, origin, references and technical notes (``qa.metadata``).

:func:`run` (first pass, ``on_files``, after the topic pages are parsed) checks the added questions
(a difficulty and a reference list each; the English page lists the same links) and reads
``content/technical-notes.yml``, failing the build at the mistake's file and line; it fills
``state.bank.difficulty``, ``state.bank.origin`` and ``state.bank.notes``. A site without ``content/seed-map.yml`` (the
tests' small fixture sites) declares no original collection: its questions count as original. :func:`badges` and :func:`notes_markdown` give
the topic pages (``topic_render``) their per-locale lines.
"""
from __future__ import annotations

from _common import content_errors
from _state import BuildState

from qa.metadata import badge_html, check_added, difficulty, load_notes, note_markdown, original_ids

NOTES = "technical-notes.yml"
SEED_MAP = "seed-map.yml"


def run(state: BuildState) -> None:
    """Check and collect the metadata of every question (see the module docstring)."""
    ids = [q.id for page in state.bank.pages for q in page.questions]
    with content_errors():
        # a site without content/seed-map.yml (the tests' small fixture sites) declares no original
        # collection: all its questions count as original, and nothing is required of them
        seed_map = state.content / SEED_MAP
        originals = original_ids(seed_map) if seed_map.is_file() else frozenset(ids)
        check_added(state.bank.pages, originals, state.bank.translations)
        state.bank.notes = load_notes(state.content / NOTES, ids, f"content/{NOTES}")
        state.bank.difficulty = {q.id: difficulty(q) for page in state.bank.pages for q in page.questions}
    state.bank.origin = {qid: ("original" if qid in originals else "added") for qid in ids}


def annotations(state: BuildState) -> dict[str, tuple[str, str]]:
    """Question id → (badge HTML: difficulty and origin; technical notes as Markdown) in the pass's locale,
    made once per locale: what the topic pages, the handout and the Anki deck print with each question."""
    made = state.annotations.get(state.locale)
    if made is None:
        made = {qid: (badge_html(state.bank.difficulty.get(qid), origin, state.locale),
                      note_markdown(state.bank.notes[qid], state.locale) if qid in state.bank.notes else "")
                for qid, origin in state.bank.origin.items()}
        state.annotations[state.locale] = made
    return made
