"""Helpers the stage modules share: the build's logger, virtual pages added to MkDocs' files, content
errors turned into one-line build errors, the Markdown renderer with the site's extensions, and the kept
Chinese readings. (Not a hook: mkdocs.yml lists hooks/pipeline.py, which runs the stages, and hooks/offline.py.)"""
from __future__ import annotations

import functools
import logging
from contextlib import contextmanager
from pathlib import Path

from mkdocs.exceptions import PluginError

from qa.errors import ContentError
from qa.readings import Readings

log = logging.getLogger("mkdocs.hooks.qa")

#: the glossary data file, relative to the folder of mkdocs.yml
GLOSSARY_PATH = "content/glossary.yml"
#: Chinese readings kept between builds (qa.readings): the glossary's order and the search's sounds
READINGS_CACHE = Path(__file__).resolve().parent.parent / ".cache" / "readings"


@functools.cache
def readings(name: str) -> Readings:
    """This process's :class:`qa.readings.Readings` named ``name`` (its file in :data:`READINGS_CACHE`,
    like jieba's cache kept with the checkout): a build that finds its readings there does not load
    pypinyin (about 0.5 s). Each process that asks uses its own name (``glossary``: the build; ``search``:
    the search worker), so neither writes over the other's file."""
    return Readings(READINGS_CACHE, name=name)


@contextmanager
def content_errors(prefix: str = "docs/"):
    """Turn :class:`qa.errors.ContentError` into a one-line build error (no traceback).

    ``prefix`` is put before the error's path: ``docs/`` for pages (paths relative to docs/), ``""``
    for files whose errors already name a project-relative path (``content/glossary.yml``)."""
    try:
        yield
    except ContentError as error:
        raise PluginError(f"{prefix}{error}") from None


def source_path(src_uri: str) -> str:
    """The Chinese source page of a file: ``applications.en.md`` → ``applications.md``."""
    return src_uri[: -len(".en.md")] + ".md" if src_uri.endswith(".en.md") else src_uri


def markdown_renderer(config):
    """Markdown → HTML fragment with the site's own extensions and settings, minus ``toc`` (no
    permalinks, no heading ids), for copies outside the pages: the PDF handout and the Anki deck.

    Returns:
        ``render(text: str) -> str``; one converter, reset before each text. A text is converted once:
        the result is kept for the renderer's life (the editions share their Chinese Markdown, and the
        deck and the handout render the same answers), so the same text always gives the same HTML.
    """
    import markdown

    extensions = [e for e in config.markdown_extensions if e != "toc"]
    configs = {k: v for k, v in config.mdx_configs.items() if k != "toc"}
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)

    rendered: dict[str, str] = {}

    def render(text: str) -> str:
        html = rendered.get(text)
        if html is None:
            md.reset()
            html = rendered[text] = md.convert(text)
        return html

    return render


def generated_page(config, sources: dict[str, str], locale: str, default: str, content: str):
    """A virtual page (``mkdocs.structure.files.File``) of ``locale`` for a page the build writes
    (the glossary, the review page), with the destination and mkdocs-static-i18n metadata of that
    language, so the i18n plugin's navigation and language switcher treat it like a written page.

    Args:
        sources: locale → the page's source name (``{"zh-Hant": "review.md", "en": "review.en.md"}``).
        locale, default: the page's locale and the default locale (the one at the site root).
        content: the page's Markdown.
    """
    from mkdocs.structure.files import File

    file = File.generated(config, sources[locale], content=content)
    if locale != default:
        base = File.generated(config, sources[default], content="")
        file.dest_uri = f"{locale}/{base.dest_uri}"
    file.locale = locale
    file.localization = None if locale == default else locale
    file.locale_alternate_of = locale
    file.norm_src_uri = sources[default]
    return file


def add_generated_pages(files, config, locale: str, pages: dict):
    """Add this pass's generated page to ``files`` and to mkdocs-static-i18n's own list of the pass's
    files (from which it writes sitemap.xml), and make each edition the others' alternate, so the
    language switcher links them.

    Args:
        files: MkDocs' ``Files`` of this pass (after the i18n plugin's ``on_files``).
        locale: the locale of this pass.
        pages: locale → the page's ``File`` in that locale (from :func:`generated_page`).

    Returns:
        ``files``.
    """
    for page in pages.values():
        page.alternates = pages
    files.append(pages[locale])
    per_language = getattr(config.plugins.get("i18n"), "i18n_files_per_language", None)
    if isinstance(per_language, dict) and isinstance(per_language.get(locale), list):
        per_language[locale].append(pages[locale])
    return files
