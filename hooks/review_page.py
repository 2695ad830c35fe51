"""Stage: the review page — /review/ (zh-Hant), /zh-Hans/review/ and /en/review/ — listing the questions marked "Review".

Core: :func:`qa.study.review_page_markdown`. The list is filled in the browser by ``study.js`` (marks
live in the reader's browser); the page also holds the random-question, export, import and reset
actions. Added as a virtual page after mkdocs-static-i18n's ``on_files`` (priority -110), the way
hooks/glossary_page.py adds the glossary, with the plugin's per-language attributes so the language switcher
links the three review pages and each sitemap lists its own.
"""
from __future__ import annotations

from pathlib import Path

from _common import add_generated_pages, generated_page
from _state import BuildState
from mkdocs.exceptions import PluginError

from qa.edition import words
from qa.study import review_page_markdown

SOURCES = {"zh-Hant": "review.md", "zh-Hans": "review.zh-Hans.md", "en": "review.en.md"}


def add_page(files, config, state: BuildState):
    """Add the current locale's review page to ``files`` (after mkdocs-static-i18n's ``on_files``).

    Raises:
        PluginError: docs/ has a page of the same name (the page is generated).
    """
    if state.locale not in SOURCES or not state.bank.pages:
        return files
    for name in SOURCES.values():
        if (Path(config.docs_dir) / name).exists():
            raise PluginError(f"docs/{name}: the review page is generated (hooks/review_page.py); remove docs/{name}")
    locale = state.locale
    pages = {lang: generated_page(config, SOURCES, lang, state.default_locale, review_page_markdown(words(lang)) if lang == locale else "")
             for lang in SOURCES}
    return add_generated_pages(files, config, locale, pages)
