"""Typing into the header search as a person types, for the search tests.

The search script marks its box ``data-qa-state="done"`` and ``data-qa-query="<query>"`` once the
results of exactly that query are in the list (and ``data-qa-shown`` with the number of results
listed); :func:`search` waits for that state, never for time.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml

QUERIES = yaml.safe_load((Path(__file__).resolve().parents[1] / "search" / "queries.yml").read_text(encoding="utf-8"))
QUESTIONS = yaml.safe_load((Path(__file__).resolve().parents[1] / "search" / "questions.yml").read_text(encoding="utf-8"))
HOME = {"zh-Hant": "/", "zh-Hans": "/zh-Hans/", "en": "/en/"}
BOX = "[data-qa-search] .md-search__input"
LINKS = "[data-qa-search] .md-search-result__link"
META = "[data-qa-search] .md-search-result__meta"


def open_search(page_at, server, locale):
    page = page_at()
    page.goto(server + HOME[locale])
    page.keyboard.press("/")  # the keyboard shortcut opens the search and focuses the box
    return page


def search(page, query: str) -> list[str]:
    """Clear the box, type ``query`` key by key, wait for its results; the result hrefs in order."""
    box = page.locator(BOX)
    box.press("Control+a")
    box.press("Backspace")
    box.press_sequentially(query)
    try:
        page.wait_for_function(
            "q => { const r = document.querySelector('[data-qa-search]');"
            " return r.dataset.qaState === 'done' && r.dataset.qaQuery === q; }", arg=query, timeout=30_000)
    except Exception:
        state = page.evaluate("() => ({...document.querySelector('[data-qa-search]').dataset, box: document.querySelector('"
                              + BOX + "').value})")
        raise AssertionError(f"no results state for {query!r}: {state}") from None
    return page.eval_on_selector_all(LINKS, "els => els.map(e => e.getAttribute('href'))")


def result_id(href: str) -> str:
    return urlsplit(href).fragment


def typed_rankings(page_at, server, queries: list[dict]) -> tuple[list, float, float, list[str]]:
    """Type every query of ``queries`` (the query-set format) into its edition's box, one page per edition.

    Returns:
        ``(rows, top1, top3, misses)``: ``(query, result ids)`` per query, the share whose expected id comes
        first and within the first three, and one line per query whose expected id is not first.
    """
    rows = []
    for locale in HOME:
        page = open_search(page_at, server, locale)
        for query in (q for q in queries if q["locale"] == locale):
            rows.append((query, [result_id(h) for h in search(page, query["q"])]))
    top1 = sum(ids[:1] == [q["id"]] for q, ids in rows) / len(rows)
    top3 = sum(q["id"] in ids[:3] for q, ids in rows) / len(rows)
    misses = [f"{q['locale']} {q['kind']} {q['q']!r}: expected {q['id']}, got {ids[:3]}" for q, ids in rows if ids[:1] != [q["id"]]]
    return rows, top1, top3, misses
