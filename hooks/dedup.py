"""Stage: show each question once — run the dedup core over all topic pages, once per build.

Fills ``BuildState.dedup`` and ``BuildState.shown`` for the later stages, logs one line per build,
and writes the machine-readable report ``dedup-report.json`` into each locale's output
(``site/dedup-report.json``, ``site/en/dedup-report.json``).
"""
from __future__ import annotations

import json
from pathlib import Path

from _common import content_errors, log
from _state import BuildState, digest

REPORT = "dedup-report.json"


def run(state: BuildState) -> None:
    """Deduplicate ``state.pages`` (from topic_pages.parse)."""
    key = digest(*(state.page_keys[page.path] for page in state.pages))
    with content_errors():
        result, shown = state.reused("dedup", key, lambda: _dedupe(state.pages))
    state.dedup = result
    state.shown = shown
    log.info(f"dedup: {result.units_in} units in, {result.units_shown} questions shown, "
             f"{len(result.groups)} groups merged (report: {REPORT})")


def _dedupe(pages):
    from qa.dedup import dedupe
    from qa.render import shown_in_order

    result = dedupe(pages)
    return result, shown_in_order(pages, result)


def write_report(site_dir: str, state: BuildState) -> None:
    """Write this locale's ``dedup-report.json``."""
    if state.dedup is None:
        return
    out = Path(site_dir) / state.prefix / REPORT
    out.parent.mkdir(parents=True, exist_ok=True)
    report = {"locale": state.locale, **state.dedup.to_report()}
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
