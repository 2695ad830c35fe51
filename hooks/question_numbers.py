"""Stage: number the questions readers see, "topic.question" — the handout's numbering (qa/numbering.py).

Once per build, after dedup: ``state.numbered`` (:class:`qa.numbering.Numbered` in number order) and
``state.numbers`` (question id → number). ``topic_render`` puts each number on its question's heading
(``data-qa-number``); the study data, the progress table and the Anki deck read them too, and the PDF
handout and drill sheet number with the same function, so all of them agree.
"""
from __future__ import annotations

from _state import BuildState

from qa.numbering import number_questions, numbers_by_id


def run(state: BuildState) -> None:
    """Fill ``state.numbered`` and ``state.numbers`` from ``state.pages`` and ``state.shown``."""
    state.numbered = number_questions(state.pages, state.shown)
    state.numbers = numbers_by_id(state.numbered)
