"""Hook: interface strings that MkDocs configures once for all pages, set per locale.

The permalink title of headings (``toc`` extension's ``permalink_title``, the hover text of
the ¶ link) is one global option in ``mkdocs.yml``; mkdocs-static-i18n may not override
``markdown_extensions`` per language. Each language's ``extra.permalink_title`` (set under
``plugins: i18n: languages:`` in ``mkdocs.yml``) replaces it for that language's pass; a
language without one keeps the ``toc`` option as written. MkDocs creates the Markdown converter
for every page from ``config.mdx_configs``, so the change reaches every page of the pass.
"""
from __future__ import annotations

from mkdocs.plugins import event_priority

ORIGINAL_KEY = "qa_permalink_title"  # the toc option as written in mkdocs.yml, kept for later passes


@event_priority(-110)  # after mkdocs-static-i18n's on_config (-100) applied the language's `extra`
def on_config(config):
    toc = (config.mdx_configs or {}).get("toc")
    if toc is None:
        return config
    if ORIGINAL_KEY not in config:
        config[ORIGINAL_KEY] = toc.get("permalink_title")
    title = (config.extra or {}).get("permalink_title") or config[ORIGINAL_KEY]
    if title:
        toc["permalink_title"] = title
    return config
