"""Typing into the header search as a person types, for the search tests.

The search script marks its box ``data-qa-state="done"`` and ``data-qa-query="<query>"`` once the
results of exactly that query are in the list (and ``data-qa-shown`` with the number of results
listed); :func:`search` waits for that state, never for time.

A query is typed key by key, or entered in one input step as a Chinese input method commits a
word or phrase (and as a paste does): the query sets of :func:`typed_rankings` are entered so, since
they measure what each query finds (the script searches the box's text as it is when a search
starts, and lists only the results of the text the box holds: ``data-qa-query``); typing them key by
key searched every prefix of each of the 592 queries on the way. The keystroke path (a search of each
prefix cut short by the next key) stays tested by the other search tests, which type key by key.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from qa.source import read_yaml

#: the query sets of tests/search/, read as content files are (libyaml; a mistake named at its line)
QUERIES = read_yaml(Path(__file__).resolve().parents[1] / "search" / "queries.yml")
QUESTIONS = read_yaml(Path(__file__).resolve().parents[1] / "search" / "questions.yml")
HOME = {"zh-Hant": "/", "zh-Hans": "/zh-Hans/", "en": "/en/"}
BOX = "[data-qa-search] .md-search__input"
LINKS = "[data-qa-search] .md-search-result__link"
META = "[data-qa-search] .md-search-result__meta"


def open_search(page_at, server, locale):
    page = page_at()
    page.goto(server + HOME[locale])
    page.keyboard.press("/")  # the keyboard shortcut opens the search and focuses the box
    return page


#: resolves, once the results of exactly ``q`` are listed, to their hrefs in order (null after ``ms`` ms):
#: the state :func:`search` waits for, observed as the script sets it instead of polled frame by frame
LISTED_JS = """([q, ms]) => new Promise((resolve) => {
  const root = document.querySelector('[data-qa-search]');
  const listed = () => root.dataset.qaState === 'done' && root.dataset.qaQuery === q
    ? [...root.querySelectorAll('.md-search-result__link')].map((a) => a.getAttribute('href')) : null;
  if (listed()) return resolve(listed());
  const timer = setTimeout(() => { seen.disconnect(); resolve(null); }, ms);
  const seen = new MutationObserver(() => { const hrefs = listed(); if (hrefs) { clearTimeout(timer); seen.disconnect(); resolve(hrefs); } });
  seen.observe(root, { attributes: true });
})"""


def search(page, query: str, whole: bool = False) -> list[str]:
    """Clear the box, type ``query`` key by key, wait for its results; the result hrefs in order.

    With ``whole``, the box's text is selected (Ctrl+A) and ``query`` entered over it in one input step,
    as an input method commits a phrase (or a paste replaces the selection); the wait is the same state,
    observed in the page as the script sets it."""
    box = page.locator(BOX)
    if whole:  # the box has the focus (open_search); a lost focus would leave the query unsearched: a failure
        page.keyboard.press("Control+a")
        page.keyboard.insert_text(query)  # one input event, as a committed composition sends
        hrefs = page.evaluate(LISTED_JS, [query, 30_000])
        if hrefs is None:
            _no_results(page, query)
        return hrefs
    box.press("Control+a")
    box.press("Backspace")
    box.press_sequentially(query)
    try:
        page.wait_for_function(
            "q => { const r = document.querySelector('[data-qa-search]');"
            " return r.dataset.qaState === 'done' && r.dataset.qaQuery === q; }", arg=query, timeout=30_000)
    except Exception:
        _no_results(page, query)
    return page.eval_on_selector_all(LINKS, "els => els.map(e => e.getAttribute('href'))")


def _no_results(page, query: str) -> None:
    state = page.evaluate("() => ({...document.querySelector('[data-qa-search]').dataset, box: document.querySelector('"
                          + BOX + "').value})")
    raise AssertionError(f"no results state for {query!r}: {state}") from None


def result_id(href: str) -> str:
    return urlsplit(href).fragment


def typed_rankings(page_at, server, queries: list[dict]) -> tuple[list, float, float, list[str]]:
    """Enter every query of ``queries`` (the query-set format) into its edition's box in one input step
    each (:func:`search` with ``whole``), one page per edition.

    Returns:
        ``(rows, top1, top3, misses)``: ``(query, result ids)`` per query, the share whose expected id comes
        first and within the first three, and one line per query whose expected id is not first.
    """
    rows = []
    for locale in HOME:
        page = open_search(page_at, server, locale)
        for query in (q for q in queries if q["locale"] == locale):
            rows.append((query, [result_id(h) for h in search(page, query["q"], whole=True)]))
    top1 = sum(ids[:1] == [q["id"]] for q, ids in rows) / len(rows)
    top3 = sum(q["id"] in ids[:3] for q, ids in rows) / len(rows)
    misses = [f"{q['locale']} {q['kind']} {q['q']!r}: expected {q['id']}, got {ids[:3]}" for q, ids in rows if ids[:1] != [q["id"]]]
    return rows, top1, top3, misses
