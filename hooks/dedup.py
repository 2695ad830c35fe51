"""Hook: show each question once — run the dedup core over all topic pages of a build pass.

Stores the result for the other hooks (``_common.dedup_result``, ``_common.shown_questions``),
logs one line per build, and writes the machine-readable report ``dedup-report.json`` into each
locale's output (``site/dedup-report.json``, ``site/en/dedup-report.json``).
"""
from __future__ import annotations

import json
from pathlib import Path

from _common import DEDUP_KEY, SHOWN_KEY, content_errors, locale_of, log, topic_pages

from qa.dedup import dedupe
from qa.render import shown_in_order

REPORT = "dedup-report.json"


def on_files(files, config):
    pages = topic_pages(config)
    with content_errors():
        result = dedupe(pages)
    config[DEDUP_KEY] = result
    config[SHOWN_KEY] = shown_in_order(pages, result)
    if locale_of(config) == "zh-Hant":  # the same content is deduplicated for every locale: say it once
        log.info(f"dedup: {result.units_in} units in, {result.units_shown} questions shown, "
                 f"{len(result.groups)} groups merged (report: {REPORT})")
    return files


def on_post_build(config):
    result = config.get(DEDUP_KEY)
    if result is None:
        return
    locale = locale_of(config)
    out = Path(config.site_dir) / ("" if locale == "zh-Hant" else locale) / REPORT
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {"locale": locale, **result.to_report()}
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
