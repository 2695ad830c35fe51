"""Stage: replace ``<!-- study-progress -->`` on a home page with the study progress table.

Core: :func:`qa.study.progress_html` (one row per topic with its known / review / not-yet counts,
filled in by ``study.js`` from the reader's marks; a random-question action; a link to the review
page), from the locale's study data (``hooks/study_mode.py``). Its links are relative to the locale's root,
where the home pages are.
"""
from __future__ import annotations

from _state import BuildState

from qa.study import progress_html

MARKER = "<!-- study-progress -->"
REVIEW_URL = "review/"  # hooks/review_page.py (use_directory_urls, as mkdocs.yml)


def block(markdown: str, state: BuildState) -> str:
    """``markdown`` with the marker replaced by the progress table (unchanged without the marker)."""
    data = state.study.get(state.locale)
    if MARKER not in markdown or data is None or not state.bank.pages:
        return markdown
    return markdown.replace(MARKER, progress_html(data, REVIEW_URL))
