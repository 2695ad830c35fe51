"""Stage: the editions — what a reader of each language sees of every shown question, made once per build.

:func:`run` (first pass, ``on_files``, after numbering and the translation status) makes one
:class:`qa.edition.Edition` per locale of the build into ``state.editions``: number, id, topic, title
and answer in the edition's language with their ``lang``, translation status, carried text and merged
ids (``qa.edition.make_edition``; the one title rule is ``qa.edition.edition_title``). The outputs
read it instead of deciding again what a reader of one language sees.
"""
from __future__ import annotations

from _state import BuildState

from qa.edition import LOCALES, make_edition


def run(state: BuildState) -> None:
    """``state.editions``: locale → its edition, for the build's locales that are editions."""
    translations = {qid: question for per_page in state.bank.translations.values() for qid, question in per_page.items()}
    state.editions = {locale: make_edition(locale, state.bank.numbered, state.bank.dedup, translations, state.bank.stale)
                      for locale in state.locales if locale in LOCALES}
