"""Header search ranking: every query of tests/search/queries.yml entered in Chromium (issues 5 and 10)
in one input step, as an input method commits it (tests/browser/searchbox.py says why); one page per
locale, the box cleared between queries. In a file of its own, so that the test runner gives this long
test a worker beside the other search tests."""
from __future__ import annotations

import pytest

from tests.browser.searchbox import QUERIES, typed_rankings

pytestmark = pytest.mark.browser


def test_expected_question_ranks_first(page_at, server):
    rows, top1, top3, misses = typed_rankings(page_at, server, QUERIES)
    assert len(rows) >= 150 and {q["kind"] for q in QUERIES} >= {
        "trad", "simp", "mixed", "regional", "phrase", "concept", "typo", "british", "en-text", "en-glossary", "short"}
    print(f"\nsearch: {len(rows)} queries, top-1 {top1:.1%}, top-3 {top3:.1%}")
    for miss in misses:
        print("  miss:", miss)
    assert top1 >= 0.95, "\n".join(misses)
