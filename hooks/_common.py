"""Helpers shared by the hook modules (not a hook itself: it is not listed in mkdocs.yml).

Per-build data lives on the MkDocs config object, which mkdocs-static-i18n rebuilds for
every language pass and `mkdocs serve` recreates on every rebuild, so nothing goes stale.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path

from mkdocs.exceptions import PluginError

from qa.errors import ContentError
from qa.model import TopicPage

log = logging.getLogger("mkdocs.hooks.qa")

#: keys under which this build pass's data is kept on the config (see module docstring)
PAGES_KEY = "qa_topic_pages"          # list[TopicPage], set by hooks/topic_pages.py
TRANSLATIONS_KEY = "qa_translations"  # {page path: {question id: Question}}, set by hooks/topic_pages.py
DEDUP_KEY = "qa_dedup_result"         # qa.dedup.DedupResult, set by hooks/dedup.py
STATUS_KEY = "qa_translation_status"  # list[qa.translation.Status], set by hooks/translation_status.py


@contextmanager
def content_errors(prefix: str = "docs/"):
    """Turn :class:`qa.errors.ContentError` into a one-line build error (no traceback).

    ``prefix`` is put before the error's path: ``docs/`` for pages (paths relative to docs/), ``""``
    for files whose errors already name a project-relative path (``content/glossary.yml``)."""
    try:
        yield
    except ContentError as error:
        raise PluginError(f"{prefix}{error}") from None


def topic_pages(config) -> list[TopicPage]:
    """The topic pages parsed by ``hooks/topic_pages.py`` for this build pass, in nav order."""
    return config.get(PAGES_KEY) or []


def translations(config) -> dict:
    """Topic page path → {question id: English version} from ``docs/<slug>.en.md`` files."""
    return config.get(TRANSLATIONS_KEY) or {}


def dedup_result(config):
    """The :class:`qa.dedup.DedupResult` of this build pass, or ``None`` before hooks/dedup.py ran."""
    return config.get(DEDUP_KEY)


def stale_translations(config) -> set[str]:
    """Ids of questions whose English translation is stale (``hooks/translation_status.py``)."""
    from qa.translation import STALE

    return {status.question.id for status in config.get(STATUS_KEY) or () if status.state == STALE}


def source_path(src_uri: str) -> str:
    """The Chinese source page of a file: ``applications.en.md`` → ``applications.md``."""
    return src_uri[: -len(".en.md")] + ".md" if src_uri.endswith(".en.md") else src_uri


def locale_of(config) -> str:
    """The locale of the current build pass (``zh-Hant`` or ``en``), from the theme language
    that mkdocs-static-i18n sets for each pass."""
    return config.theme.get("language") or "zh-Hant"


def shown_questions(config) -> dict[str, list]:
    """Topic page path → the questions readers see on it, in page order (after dedup).

    Reading order is :func:`qa.render.reading_order`'s: a repeat's canonical answer stands where
    the question first occurs. Until the dedup hook ran this is every parsed question. Links to questions
    (glossary, handout, search) must use these, so they never point at a removed repeat.
    """
    shown = config.get(SHOWN_KEY)
    if shown is not None:
        return shown
    return {page.path: list(page.questions) for page in topic_pages(config)}


#: key under which the dedup hook stores ``shown_questions`` for this build pass
SHOWN_KEY = "qa_shown_questions"


#: the glossary data file, relative to the folder of mkdocs.yml
GLOSSARY_PATH = Path("content") / "glossary.yml"
GLOSSARY_KEY = "qa_glossary"  # (terms, mentions) or () when there is no glossary; set by glossary()


def glossary(config):
    """The glossary for this build: ``(terms, mentions)`` or ``None`` when the site has no
    ``content/glossary.yml`` (the small test fixture sites).

    ``terms`` is :func:`qa.glossary.load_glossary`'s list and ``mentions`` maps a term id to the
    questions readers see (:func:`shown_questions`) that mention it. Both language passes show the
    same questions, so the file is read and searched once per build (kept on the config, which is
    new for every build and every ``mkdocs serve`` rebuild). Call it only after hooks/dedup.py's
    ``on_files`` (the glossary, search and handout hooks do).

    Raises:
        PluginError: the glossary file is invalid (``content/glossary.yml:<line>: ...``).
    """
    cached = config.get(GLOSSARY_KEY)
    if cached is None:
        path = Path(config.config_file_path).parent / GLOSSARY_PATH
        cached = ()
        if path.is_file():
            from qa.glossary import find_mentions, load_glossary

            with content_errors(prefix=""):
                terms = load_glossary(path, GLOSSARY_PATH.as_posix())
            shown = shown_questions(config)
            questions = [question for page in topic_pages(config) for question in shown.get(page.path, [])]
            cached = (terms, find_mentions(terms, questions))
        config[GLOSSARY_KEY] = cached
    return cached or None
