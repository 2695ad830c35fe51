"""Stage: one set of anchors for every edition — a page's headings keep the default edition's ids.

MkDocs' ``toc`` gives each heading an id made from its text, so a translated sub-heading got another id
in each language (``#不平衡數據`` on the Chinese page, ``#imbalanced-data`` on the English one; the
review page's title ``#待複習`` and ``#review``), and a link to a heading, or the language menu keeping
the reader's place, worked in one edition only. Question headings already carry permanent ids
(``## Title {#id}`` in the source); this stage gives the other headings (``<h1>``, ``<h3>``–``<h6>``)
the ids they have in the default edition, the one built from the source: on a topic page those of each
section (what comes before the first ``<h2>``, then each question's ``<h2>`` with what follows it), on
any other page those before its first ``<h2>`` (its title; the glossary's terms have ids of their own,
under letter groups that differ between editions, so position says nothing there). Stable: an id does not change when a
translation lands. A maintainer who wants an ASCII id writes it in the source
(``### 不平衡數據 {#imbalanced-data}``), and every edition has it.

    record(html, page, state)   default-locale pass, on_page_content: state.anchors[page source path] ←
                                section (its h2 id, "" before the first) → its headings' ids, in order
    apply(html, page, state)    every other pass, on_page_content: each section with as many headings as
                                the default edition's gets those ids (the heading, its permalink, and
                                the page's table of contents); a section whose translation has another
                                number of headings, or that the default edition lacks (the English
                                glossary's letter groups), keeps its own: there is no telling which
                                heading is which
"""
from __future__ import annotations

import html as html_lib
import re

from _common import source_path
from _state import BuildState

#: a question heading (``<h2 … id="…">``): starts a question's section of the page
_QUESTION = re.compile(r'<h2\b[^>]*\bid="([^"]+)"')
#: a heading other than a question's, with its id, up to the end of its opening tag
_SUB = re.compile(r'<h([13-6])\b([^>]*)\bid="([^"]+)"')


def _sections(html: str) -> list[tuple[str, int, int]]:
    """``(section key, start, end)`` of each section of ``html``: ``""`` for what comes before the first
    ``<h2>``, then each ``<h2>``'s id (a question's permanent id on a topic page)."""
    marks = [(m.group(1), m.start()) for m in _QUESTION.finditer(html)]
    bounds = [("", 0), *marks, ("", len(html))]
    return [(key, start, bounds[i + 1][1]) for i, (key, start) in enumerate(bounds[:-1])]


def _matched_sections(html: str, page, state: BuildState) -> list[tuple[str, int, int]]:
    """The sections whose headings correspond by position between editions (see the module docstring)."""
    sections = _sections(html)
    topic = source_path(page.file.src_uri) in {topic.path for topic in state.bank.pages}
    return sections if topic else sections[:1]


def record(html: str, page, state: BuildState) -> str:
    """In the default edition: remember the heading ids of each section of the page; ``html`` unchanged."""
    if state.first_pass:
        state.anchors[source_path(page.file.src_uri)] = {
            key: [m.group(3) for m in _SUB.finditer(html, start, end)]
            for key, start, end in _matched_sections(html, page, state)}
    return html


def apply(html: str, page, state: BuildState) -> str:
    """In another edition: give each section's headings the default edition's ids (see the module
    docstring); the default edition's pages, and pages it lacks, are returned unchanged."""
    wanted = None if state.first_pass else state.anchors.get(source_path(page.file.src_uri))
    if not wanted:
        return html
    renamed: dict[str, str] = {}  # as written in the HTML attributes (the table of contents gets them unescaped)
    parts, last = [], 0
    for key, start, end in _matched_sections(html, page, state):
        ids = wanted.get(key)
        found = list(_SUB.finditer(html, start, end))
        if ids is None or len(ids) != len(found):
            continue
        for match, new in zip(found, ids):
            old = match.group(3)
            if old == new:
                continue
            renamed[old] = new
            close = html.find("</h", match.end())
            heading = html[match.start():close]
            heading = heading.replace(f'id="{old}"', f'id="{new}"', 1).replace(
                f'href="#{old}"', f'href="#{new}"', 1)
            parts += [html[last:match.start()], heading]
            last = close
    if not renamed:
        return html
    parts.append(html[last:])
    _rename_toc(page.toc.items, {html_lib.unescape(old): html_lib.unescape(new) for old, new in renamed.items()})
    return "".join(parts)


def _rename_toc(items, renamed: dict[str, str]) -> None:
    for item in items:
        item.id = renamed.get(item.id, item.id)
        _rename_toc(item.children, renamed)
