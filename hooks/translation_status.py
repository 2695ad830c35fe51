"""Hook: the translation status of the English edition (qa.translation), once per build.

After dedup, compares each English answer's ``data-source`` fingerprint with the Chinese text
readers see, keeps the result for ``hooks/topic_render.py`` (a note on stale answers), and logs
one line per stale or missing translation (``docs/<file>:<line>: <id>: ...``) and the summary
``en: 20/20 translated, 0 stale``. Stale and missing translations are allowed: the log is
information, not a warning, so a strict build still passes.
"""
from __future__ import annotations

from _common import STATUS_KEY, dedup_result, locale_of, log, topic_pages, translations

from qa.translation import report_lines, summary, translation_status


def on_files(files, config):
    statuses = translation_status(topic_pages(config), dedup_result(config), translations(config))
    config[STATUS_KEY] = statuses
    if statuses and locale_of(config) == "zh-Hant":  # both passes see the same pages: say it once
        for line in report_lines(statuses):
            log.info(line)
        log.info(summary(statuses))
    return files
