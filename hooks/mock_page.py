"""Stage: the mock interview page — /mock/, /zh-Hans/mock/ and /en/mock/.

Core: :func:`qa.mock.mock_page_markdown`, from the locale's study data (``state.study[locale]``, made by
``study_mode.prepare`` earlier in the same ``on_files``). Added as a virtual page after mkdocs-static-i18n's
``on_files`` (priority -110), as hooks/review_page.py adds the review page, so the navigation, the language
switcher and each sitemap list it. The page's front matter (``qa_mock: true``) makes
``overrides/main.html`` load ``assets/javascripts/mock.js`` and ``assets/stylesheets/mock.css``.
"""
from __future__ import annotations

from pathlib import Path

import regional_wording
from _common import add_generated_pages, generated_page
from _state import BuildState
from mkdocs.exceptions import PluginError

from qa.edition import words
from qa.mock import LABELS, mock_page_markdown

SOURCES = {"zh-Hant": "mock.md", "zh-Hans": "mock.zh-Hans.md", "en": "mock.en.md"}


def add_page(files, config, state: BuildState):
    """Add the current locale's mock interview page to ``files`` (after mkdocs-static-i18n's ``on_files``).

    Raises:
        PluginError: docs/ has a page of the same name (the page is generated).
    """
    data = state.study.get(state.locale)
    if state.locale not in SOURCES or not state.bank.pages or data is None:
        return files
    for name in SOURCES.values():
        if (Path(config.docs_dir) / name).exists():
            raise PluginError(f"docs/{name}: the mock interview page is generated (hooks/mock_page.py); remove docs/{name}")
    locale, key = state.locale, words(state.locale)
    review = "../review/" if config.use_directory_urls else "review.html"
    text = mock_page_markdown(key, data, review, regional_wording.data(LABELS[key], state))
    pages = {lang: generated_page(config, SOURCES, lang, state.default_locale, text if lang == locale else "")
             for lang in SOURCES}
    return add_generated_pages(files, config, locale, pages)
