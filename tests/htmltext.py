"""Small HTML helpers for the build tests (stdlib only)."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(html: str) -> str:
    """All visible text of an HTML document (scripts and styles left out)."""
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


def squash(text: str) -> str:
    """Remove every whitespace character, so texts compare regardless of line breaks and spacing."""
    return re.sub(r"\s+", "", text)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def question_headings(html: str) -> list[tuple[str, str]]:
    """(id, tag) of every ``<h2 id=...>`` heading in a page's article."""
    return re.findall(r'<h2[^>]*\bid="([^"]+)"', html)
