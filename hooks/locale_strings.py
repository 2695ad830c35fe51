"""Stage: interface strings that MkDocs configures once for all pages, set per locale.

The permalink title of headings (``toc`` extension's ``permalink_title``, the hover text of
the ¶ link) is one global option in ``mkdocs.yml``; mkdocs-static-i18n may not override
``markdown_extensions`` per language. Each language's ``extra.permalink_title`` (set under
``plugins: i18n: languages:`` in ``mkdocs.yml``) replaces it for that language's pass; a
language without one keeps the ``toc`` option as written. MkDocs creates the Markdown converter
for every page from ``config.mdx_configs``, so the change reaches every page of the pass.
Runs in each pass's ``on_config`` after mkdocs-static-i18n applied the language's ``extra``.
"""
from __future__ import annotations

from _state import BuildState


def apply(config, state: BuildState) -> None:
    """Set ``toc.permalink_title`` for this pass: the language's ``extra.permalink_title`` or the one
    written in mkdocs.yml (kept on the state at the first pass)."""
    toc = (config.mdx_configs or {}).get("toc")
    if toc is None:
        return
    if state.permalink_title is None:
        state.permalink_title = toc.get("permalink_title") or ""
    title = (config.extra or {}).get("permalink_title") or state.permalink_title
    if title:
        toc["permalink_title"] = title
