"""Stage: order the navigation — home page first, then topic pages by their front matter ``order``."""
from __future__ import annotations

from _common import source_path
from _state import BuildState


def order(nav, state: BuildState):
    """Sort ``nav``'s top-level items: home, topics by ``order`` (``state.pages``), then the rest."""
    rank = {page.path: page.order for page in state.pages}

    def key(item):
        src = getattr(getattr(item, "file", None), "src_uri", None)
        src = source_path(src) if src else src
        if src and src.startswith("index"):
            return (0, 0)
        return (1, rank.get(src, 10_000)) if src else (2, 0)

    nav.items.sort(key=key)
    return nav
