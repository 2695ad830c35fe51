"""Header search ranking: every query of tests/search/queries.yml typed key by key in Chromium
(issues 5 and 10); one page per locale, the box cleared between queries. In a file of its own, so
that the test runner gives this long test a worker beside the other search tests."""
from __future__ import annotations

import pytest

from tests.browser.searchbox import HOME, QUERIES, open_search, result_id, search

pytestmark = pytest.mark.browser


def test_expected_question_ranks_first(page_at, server):
    rows = []
    for locale in HOME:
        page = open_search(page_at, server, locale)
        for query in (q for q in QUERIES if q["locale"] == locale):
            ids = [result_id(h) for h in search(page, query["q"])]
            rows.append((query, ids))
    assert len(rows) >= 150 and {q["kind"] for q in QUERIES} >= {
        "trad", "simp", "mixed", "regional", "phrase", "concept", "typo", "british", "en-text", "en-glossary", "short"}
    top1 = sum(ids[:1] == [q["id"]] for q, ids in rows) / len(rows)
    top3 = sum(q["id"] in ids[:3] for q, ids in rows) / len(rows)
    misses = [f"{q['locale']} {q['q']!r}: expected {q['id']}, got {ids[:3]}" for q, ids in rows if ids[:1] != [q["id"]]]
    print(f"\nsearch: {len(rows)} queries, top-1 {top1:.1%}, top-3 {top3:.1%}")
    for miss in misses:
        print("  miss:", miss)
    assert top1 >= 0.95, "\n".join(misses)
