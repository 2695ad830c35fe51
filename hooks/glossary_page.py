"""Stage: the glossary pages — /glossary/ (zh-Hant), /zh-Hans/glossary/ and /en/glossary/ — generated from
``content/glossary.yml``.

Each build reads the glossary file once (:func:`load`), finds the questions readers see that mention
each term (:func:`find`, after dedup), fails the build with
``content/glossary.yml:<line>: ...`` when the file is invalid or a term is mentioned nowhere, and adds
the current language's page as a virtual file. A site without ``content/glossary.yml`` next to its
mkdocs.yml (the small test fixture sites) gets no glossary.

Why the page is added at priority -110 (``pipeline``): mkdocs-static-i18n 1.3.1's ``on_files`` (priority -100) rebuilds every documentation
file from its path under docs/, which drops in-memory content (a virtual page added before it crashes
the build). So the page is added after it, already placed in its language: ``glossary.md`` →
``glossary/index.html`` in the zh-Hant pass, ``glossary.zh-Hans.md`` → ``zh-Hans/glossary/index.html`` and
``glossary.en.md`` → ``en/glossary/index.html`` in theirs, carrying the attributes the plugin gives its
own files (``locale``, ``alternates`` …) so the language switcher links the three glossary pages to each other, and adds it to the plugin's per-language
file list from which its sitemap.xml is written.
"""
from __future__ import annotations

import functools

from pathlib import Path

import regional_wording
import _common
from _common import GLOSSARY_PATH as GLOSSARY, add_generated_pages, content_errors, generated_page
from _state import BuildState, digest
from mkdocs.exceptions import PluginError

from qa.edition import is_english
from qa.glossary import check_mentions, find_mentions, load_glossary, mentioned_term_ids
from qa.glossary_render import render_glossary_page

SOURCES = {"zh-Hant": "glossary.md", "zh-Hans": "glossary.zh-Hans.md", "en": "glossary.en.md"}


def load(docs_dir: str, state: BuildState) -> None:
    """Read ``content/glossary.yml`` into ``state.bank.terms`` (``None`` when the site has none: no
    ``content/`` folder next to mkdocs.yml, as in the small test fixture sites).

    Raises:
        PluginError: the file is invalid (``content/glossary.yml:<line>: ...``), missing from a site
            that has a ``content/`` folder (deleted by mistake), or docs/ holds a hand-written
            glossary page that the generated one would replace.
    """
    path = state.root / GLOSSARY
    if not path.is_file():
        if (state.root / "content").is_dir():
            raise PluginError(f"{GLOSSARY}: the glossary is missing (content/ is there without it); restore it "
                              f"(git checkout -- {GLOSSARY}) or write one: a list of terms with id, zh, en")
        state.bank.terms = None
        return
    for name in SOURCES.values():
        if (Path(docs_dir) / name).exists():
            raise PluginError(f"docs/{name}: the glossary page is generated from {GLOSSARY}; remove docs/{name}")
    with content_errors(prefix=""):
        state.bank.terms = load_glossary(path, GLOSSARY)


def find(state: BuildState) -> None:
    """Find the questions readers see (``state.bank.shown``, after dedup) that mention each term; fail on a
    term mentioned nowhere."""
    if state.bank.terms is None:
        return
    questions = [question for page in state.bank.pages for question in state.bank.shown.get(page.path, [])]
    glossary_key = _glossary_key(state)

    def term_ids(question):  # under `mkdocs serve`, an unchanged question keeps the last rebuild's answer
        return state.reused("term-ids", digest(glossary_key, question.title, question.answer),
                            lambda: mentioned_term_ids(state.bank.terms, question))

    state.bank.mentions = find_mentions(state.bank.terms, questions, term_ids)
    with content_errors(prefix=""):
        check_mentions(state.bank.terms, state.bank.mentions, GLOSSARY)


def _glossary_key(state: BuildState) -> str:
    """What the glossary file is now (modification time and size), for :meth:`BuildState.reused` keys."""
    stat = (state.root / GLOSSARY).stat()
    return f"{stat.st_mtime_ns}:{stat.st_size}"


def _render(state: BuildState, locale: str, titles: dict, shown) -> str:
    readings = _common.readings("glossary")
    text = render_glossary_page(state.bank.terms, state.bank.mentions, locale, titles, shown, readings)
    readings.save()
    return text


def add_page(files, config, state: BuildState):
    """Add the current locale's glossary page to ``files`` (after mkdocs-static-i18n's ``on_files``)."""
    if state.bank.terms is None or state.locale not in SOURCES:
        return files
    locale, default = state.locale, state.default_locale
    titles = {page.path: (page.title_en if is_english(locale) else page.title) for page in state.bank.pages}
    # the page lists, per term, the mentioning questions' page, id and titles
    mentioned = [repr((term_id, [(q.page, q.id, q.title, q.title_en) for q in questions]))
                 for term_id, questions in state.bank.mentions.items()]
    key = digest(_glossary_key(state), locale, repr(sorted(titles.items())), *mentioned)
    shown = functools.partial(regional_wording.text, state=state, locale=locale)
    text = state.reused("glossary-page", key, lambda: _render(state, locale, titles, shown))
    pages = {lang: generated_page(config, SOURCES, lang, default, text if lang == locale else "") for lang in SOURCES}
    return add_generated_pages(files, config, locale, pages)
