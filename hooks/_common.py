"""Helpers shared by the hook modules (not a hook itself: it is not listed in mkdocs.yml).

Per-build data lives on the MkDocs config object, which mkdocs-static-i18n rebuilds for
every language pass and `mkdocs serve` recreates on every rebuild, so nothing goes stale.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager

from mkdocs.exceptions import PluginError

from qa.errors import ContentError
from qa.model import TopicPage

log = logging.getLogger("mkdocs.hooks.qa")

#: key under which the parsed topic pages of the current build pass are kept on the config
PAGES_KEY = "qa_topic_pages"


@contextmanager
def content_errors():
    """Turn :class:`qa.errors.ContentError` into a one-line build error (no traceback)."""
    try:
        yield
    except ContentError as error:
        raise PluginError(f"docs/{error}") from None


def topic_pages(config) -> list[TopicPage]:
    """The topic pages parsed by ``hooks/topic_pages.py`` for this build pass, in nav order."""
    return config.get(PAGES_KEY) or []


def locale_of(config) -> str:
    """The locale of the current build pass (``zh-Hant`` or ``en``), from the theme language
    that mkdocs-static-i18n sets for each pass."""
    return config.theme.get("language") or "zh-Hant"


def shown_questions(config) -> dict[str, list]:
    """Topic page path → the questions readers see on it, in page order (after dedup).

    Until the dedup hook stores its result this is every parsed question. Links to questions
    (glossary, handout, search) must use these, so they never point at a removed repeat.
    """
    shown = config.get(SHOWN_KEY)
    if shown is not None:
        return shown
    return {page.path: list(page.questions) for page in topic_pages(config)}


#: key under which the dedup hook stores ``shown_questions`` for this build pass
SHOWN_KEY = "qa_shown_questions"
