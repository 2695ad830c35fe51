"""Stage: show each question once — run the dedup core over all topic pages, once per build.

Fills ``BuildState.dedup`` and ``BuildState.shown`` for the later stages, logs one line per build,
and writes the machine-readable report for maintainers to ``.cache/dedup-report.json`` next to
mkdocs.yml (outside ``site/``: readers do not need it, so it is not published); the build log
names the path.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

from _common import content_errors, log
from _state import BuildState, digest

#: the report's file name in ``BuildState.cache``
REPORT = "dedup-report.json"


def report_path(state: BuildState) -> Path:
    """Where the dedup report of this build is written (never inside ``site_dir``)."""
    return state.cache / REPORT


def run(state: BuildState) -> None:
    """Deduplicate ``state.bank.pages`` (from topic_pages.parse)."""
    key = digest(*(state.bank.page_keys[page.path] for page in state.bank.pages))
    with content_errors():
        result, shown = state.reused("dedup", key, lambda: _dedupe(state.bank.pages))
    state.bank.dedup = result
    state.bank.shown = shown
    log.info(f"dedup: {result.units_in} units in, {result.units_shown} questions shown, "
             f"{len(result.groups)} groups merged, {len(result.kept_apart)} candidate pairs kept apart "
             f"(report: {report_path(state)})")


def _dedupe(pages):
    from qa.dedup import dedupe
    from qa.render import shown_in_order

    result = dedupe(pages)
    return result, shown_in_order(pages, result)


def write_report(site_dir: str, state: BuildState) -> None:
    """Write the build's report once (first locale pass): every edition shows the same questions.
    ``site_dir`` is not used: the report is not published."""
    if state.bank.dedup is None or not state.first_pass:
        return
    from qa.dedup import dedup_report

    out = report_path(state)
    out.parent.mkdir(parents=True, exist_ok=True)
    # written whole, then renamed: two builds of one checkout (make build beside the tests) never let a
    # reader see half a file
    temporary = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    temporary.write_text(report_text(dedup_report(state.bank.dedup)), encoding="utf-8")
    os.replace(temporary, out)


def report_text(report: dict) -> str:
    """The report as JSON, one group (one list item) per line: readable, and written by the C encoder
    (``indent`` would take json's pure-Python one, seconds at thousands of questions)."""
    fields = []
    for key, value in report.items():
        if isinstance(value, list) and value:
            items = ",\n".join("    " + json.dumps(item, ensure_ascii=False) for item in value)
            fields.append(f"  {json.dumps(key)}: [\n{items}\n  ]")
        else:
            fields.append(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}")
    return "{\n" + ",\n".join(fields) + "\n}\n"
