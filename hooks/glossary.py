"""Hook: the glossary pages — /glossary/ (zh-Hant) and /en/glossary/ — generated from ``content/glossary.yml``.

Each build pass reads the glossary file afresh (``mkdocs serve`` keeps this module loaded), finds the
questions readers see that mention each term (``_common.shown_questions``), fails the build with
``content/glossary.yml:<line>: ...`` when the file is invalid or a term is mentioned nowhere, and adds
the current language's page as a virtual file. A site without ``content/glossary.yml`` next to its
mkdocs.yml (the small test fixture sites) gets no glossary.

Why priority -110: mkdocs-static-i18n 1.3.1's ``on_files`` (priority -100) rebuilds every documentation
file from its path under docs/, which drops in-memory content (a virtual page added before it crashes
the build). So the page is added after it, already placed in its language: ``glossary.md`` →
``glossary/index.html`` in the zh-Hant pass, ``glossary.en.md`` → ``en/glossary/index.html`` in the en
pass, carrying the attributes the plugin gives its own files (``locale``, ``alternates`` …) so the
language switcher links the two glossary pages to each other, and adds it to the plugin's per-language
file list from which its sitemap.xml is written.
"""
from __future__ import annotations

from pathlib import Path

from _common import GLOSSARY_PATH as GLOSSARY, content_errors, glossary, locale_of, topic_pages
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from qa.glossary import check_mentions, render_glossary_page

DEFAULT_LOCALE = "zh-Hant"
SOURCES = {"zh-Hant": "glossary.md", "en": "glossary.en.md"}


def _page_file(config, locale: str, content: str) -> File:
    """The virtual glossary File of ``locale``, with the destination and i18n metadata of that language."""
    file = File.generated(config, SOURCES[locale], content=content)
    if locale != DEFAULT_LOCALE:
        base = File.generated(config, SOURCES[DEFAULT_LOCALE], content="")
        file.dest_uri = f"{locale}/{base.dest_uri}"
    file.locale = locale
    file.localization = None if locale == DEFAULT_LOCALE else locale
    file.locale_alternate_of = locale
    file.norm_src_uri = SOURCES[DEFAULT_LOCALE]
    return file


@event_priority(-110)  # after mkdocs-static-i18n's on_files (-100): see the module docstring
def on_files(files, config):
    root = Path(config.config_file_path).parent
    if not (root / GLOSSARY).is_file():
        return files
    for name in SOURCES.values():
        if (Path(config.docs_dir) / name).exists():
            raise PluginError(f"docs/{name}: the glossary page is generated from {GLOSSARY.as_posix()}; remove docs/{name}")
    terms, mentions = glossary(config)
    with content_errors(prefix=""):
        check_mentions(terms, mentions, GLOSSARY.as_posix())
    locale = locale_of(config)
    if locale not in SOURCES:
        return files
    titles = {page.path: (page.title_en if locale == "en" else page.title) for page in topic_pages(config)}
    pages = {lang: _page_file(config, lang, render_glossary_page(terms, mentions, lang, titles) if lang == locale else "")
             for lang in SOURCES}
    for page in pages.values():
        page.alternates = pages
    files.append(pages[locale])
    # the plugin's sitemap.xml lists the pages it saw in its own on_files: add the glossary to them
    per_language = getattr(config.plugins.get("i18n"), "i18n_files_per_language", None)
    if isinstance(per_language, dict) and isinstance(per_language.get(locale), list):
        per_language[locale].append(pages[locale])
    return files
