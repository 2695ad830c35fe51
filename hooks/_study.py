"""What the study-mode hooks share (not a hook: not listed in mkdocs.yml): the locale's study data.

Used by hooks/study.py (``study.json`` and each page's study config), hooks/progress.py (the home
page's progress table) and hooks/anki.py (the deck); all of them number the questions with
:func:`qa.numbering.number_questions`, the handout's numbering.
"""
from __future__ import annotations

import markdown
from _common import dedup_result, locale_of, shown_questions, topic_pages, translations

from qa.numbering import Numbered, number_questions
from qa.study import LABELS, shown_id_map, study_data


def prefix(config) -> str:
    """The locale's folder in the site: ``""`` (zh-Hant) or ``"en/"``."""
    return "" if locale_of(config) == "zh-Hant" else f"{locale_of(config)}/"


def study_locale(config) -> str:
    """The locale whose study-mode words this pass uses (``zh-Hant`` or ``en``)."""
    return locale_of(config) if locale_of(config) in LABELS else "en"


def numbered(config) -> list[Numbered]:
    """The questions readers see in this pass, numbered as in the handout."""
    return number_questions(topic_pages(config), shown_questions(config))


def topic_urls(config) -> dict[str, str]:
    """Topic page path → its URL relative to the locale's root (``applications.md`` → ``applications/``)."""
    return {page.path: (f"{page.slug}/" if config.use_directory_urls else f"{page.slug}.html")
            for page in topic_pages(config)}


def markdown_renderer(config, site_extensions: bool = True):
    """Markdown → HTML fragment: with the site's extensions minus ``toc`` (no permalinks, no heading
    ids), or plain Markdown when ``site_extensions`` is false (question titles)."""
    if site_extensions:
        extensions = [e for e in config.markdown_extensions if e != "toc"]
        configs = {k: v for k, v in config.mdx_configs.items() if k != "toc"}
        md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    else:
        md = markdown.Markdown()

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render


def english_questions(config) -> dict:
    """Question id → its English version (``docs/<slug>.en.md``), over all topic pages."""
    return {qid: q for per_page in translations(config).values() for qid, q in per_page.items()}


def locale_data(config) -> dict:
    """:func:`qa.study.study_data` of this build pass."""
    result = dedup_result(config)
    id_map = shown_id_map(topic_pages(config), result) if result is not None else {}
    english = {qid: q.title for qid, q in english_questions(config).items()}
    return study_data(numbered(config), study_locale(config), topic_urls(config), id_map,
                      markdown_renderer(config, site_extensions=False), english)
