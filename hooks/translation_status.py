"""Stage: the translation status of the English edition (qa.translation), once per build.

After dedup, compares each English answer's ``data-source`` fingerprint with the Chinese text
readers see, keeps the result on the build state for ``topic_render`` (a note on stale answers), and
logs one line per stale or missing translation (``docs/<file>:<line>: <id>: ...``) and the summary
``en: 20/20 translated, 0 stale``. Stale and missing translations are allowed: the log is
information, not a warning, so a strict build still passes.
"""
from __future__ import annotations

from _common import log
from _state import BuildState

from qa.translation import STALE, report_lines, summary, translation_status


def run(state: BuildState) -> None:
    """Fill ``state.bank.translation_status`` and ``state.bank.stale`` (ids) from ``state.bank.pages``, ``state.bank.dedup``
    and ``state.bank.translations``, and log the status once per build."""
    statuses = translation_status(state.bank.pages, state.bank.dedup, state.bank.translations)
    state.bank.translation_status = statuses
    state.bank.stale = {status.question.id for status in statuses if status.state == STALE}
    if statuses:
        for line in report_lines(statuses):
            log.info(line)
        log.info(summary(statuses))
