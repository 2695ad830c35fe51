"""Hook: order the navigation — home page first, then topic pages by their front matter ``order``."""
from __future__ import annotations

from _common import source_path, topic_pages


def on_nav(nav, config, files):
    order = {page.path: page.order for page in topic_pages(config)}

    def key(item):
        src = getattr(getattr(item, "file", None), "src_uri", None)
        src = source_path(src) if src else src
        if src and src.startswith("index"):
            return (0, 0)
        return (1, order.get(src, 10_000)) if src else (2, 0)

    nav.items.sort(key=key)
    return nav
