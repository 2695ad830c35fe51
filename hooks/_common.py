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
