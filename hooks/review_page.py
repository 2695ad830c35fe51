"""Hook: the review page — /review/ (zh-Hant) and /en/review/ — listing the questions marked "Review".

Core: :func:`qa.study.review_page_markdown`. The list itself is filled in the browser by ``study.js``
(marks live in the reader's browser); the page also holds the random-question, export, import and
reset actions. Added as a virtual page after mkdocs-static-i18n's ``on_files`` (priority -110), the
way hooks/glossary.py adds the glossary, with the plugin's per-language attributes so the language
switcher links the two review pages and each sitemap lists its own.
"""
from __future__ import annotations

from pathlib import Path

from _common import locale_of, topic_pages
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from qa.study import review_page_markdown

DEFAULT_LOCALE = "zh-Hant"
SOURCES = {"zh-Hant": "review.md", "en": "review.en.md"}


def _page_file(config, locale: str, content: str) -> File:
    file = File.generated(config, SOURCES[locale], content=content)
    if locale != DEFAULT_LOCALE:
        base = File.generated(config, SOURCES[DEFAULT_LOCALE], content="")
        file.dest_uri = f"{locale}/{base.dest_uri}"
    file.locale = locale
    file.localization = None if locale == DEFAULT_LOCALE else locale
    file.locale_alternate_of = locale
    file.norm_src_uri = SOURCES[DEFAULT_LOCALE]
    return file


@event_priority(-110)  # after mkdocs-static-i18n's on_files (-100), as hooks/glossary.py
def on_files(files, config):
    locale = locale_of(config)
    if locale not in SOURCES or not topic_pages(config):
        return files
    for name in SOURCES.values():
        if (Path(config.docs_dir) / name).exists():
            raise PluginError(f"docs/{name}: the review page is generated (hooks/review_page.py); remove docs/{name}")
    pages = {lang: _page_file(config, lang, review_page_markdown(lang) if lang == locale else "") for lang in SOURCES}
    for page in pages.values():
        page.alternates = pages
    files.append(pages[locale])
    per_language = getattr(config.plugins.get("i18n"), "i18n_files_per_language", None)
    if isinstance(per_language, dict) and isinstance(per_language.get(locale), list):
        per_language[locale].append(pages[locale])
    return files
