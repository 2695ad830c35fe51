"""Stage: order the navigation — home page first, then topic pages by their front matter ``order``,
and the footer's Previous / Next links in that same order."""
from __future__ import annotations

from _common import source_path
from _state import BuildState


def order(nav, state: BuildState):
    """Sort ``nav``'s top-level items: home, topics by ``order`` (``state.bank.pages``), then the rest; then
    relink every page's ``previous_page`` / ``next_page`` (the footer) and ``nav.pages`` in the sorted
    order (MkDocs set them in file order before this hook ran)."""
    rank = {page.path: page.order for page in state.bank.pages}

    def key(item):
        src = getattr(getattr(item, "file", None), "src_uri", None)
        src = source_path(src) if src else src
        if src and src.startswith("index"):
            return (0, 0)
        return (1, rank.get(src, 10_000)) if src else (2, 0)

    nav.items.sort(key=key)
    pages = list(_pages(nav.items))
    nav.pages = pages
    for before, page, after in zip([None, *pages], pages, [*pages[1:], None]):
        page.previous_page, page.next_page = before, after
    return nav


def _pages(items):
    """The pages among ``items`` and their sections' children, depth first, in reading order."""
    for item in items:
        if getattr(item, "is_page", False):
            yield item
        children = getattr(item, "children", None)
        if children:
            yield from _pages(children)
