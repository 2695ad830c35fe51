"""Stage: number the questions readers see, "topic.question" — the handout's numbering (qa/numbering.py).

Once per build, after dedup: ``state.bank.numbered`` (:class:`qa.numbering.Numbered` in number order), from
which ``hooks/editions.py`` makes each edition; every output (topic headings' ``data-qa-number``, study
data, the PDFs, the Anki deck) reads the numbers there, so all of them agree.
"""
from __future__ import annotations

from _state import BuildState

from qa.numbering import number_questions


def run(state: BuildState) -> None:
    """Fill ``state.bank.numbered`` from ``state.bank.pages`` and ``state.bank.shown``."""
    state.bank.numbered = number_questions(state.bank.pages, state.bank.shown)
