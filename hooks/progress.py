"""Hook: replace ``<!-- study-progress -->`` on a home page with the study progress table.

Core: :func:`qa.study.progress_html` (one row per topic with its known / review / not-yet counts,
filled in by ``study.js`` from the reader's marks; a random-question action; a link to the review
page). Its links are relative to the locale's root, where the home pages are.
"""
from __future__ import annotations

from _common import topic_pages
from _study import locale_data

from qa.study import progress_html

MARKER = "<!-- study-progress -->"
REVIEW_URL = "review/"  # hooks/review_page.py


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown or not topic_pages(config):
        return markdown
    review = REVIEW_URL if config.use_directory_urls else "review.html"
    return markdown.replace(MARKER, progress_html(locale_data(config), review))
