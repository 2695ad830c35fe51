"""Helpers the stage modules share (not a hook: ``hooks/pipeline.py`` is the one hook)."""
from __future__ import annotations

import logging
from contextlib import contextmanager

from mkdocs.exceptions import PluginError

from qa.errors import ContentError

log = logging.getLogger("mkdocs.hooks.qa")

#: the glossary data file, relative to the folder of mkdocs.yml
GLOSSARY_PATH = "content/glossary.yml"


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
