"""Internal link check of a built site folder, in-process (stdlib ``html.parser``), offline.

Each HTML file is parsed once; every link and resource it references is resolved as a browser would
(against the page's own URL, ``folder/index.html`` served as ``/folder/``) and looked up in the folder,
and every ``#anchor`` is looked up among the target page's ``id`` (and ``<a name>``) values. It replaced a
LinkChecker crawl over a local HTTP server, which fetched and re-parsed the target page once per
``#anchor`` link and throttled itself to about three requests a second: 148 s for this site.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

# (tag, attribute) pairs that reference another file; srcset is handled apart
_URL_ATTRIBUTES = {("a", "href"), ("area", "href"), ("link", "href"), ("script", "src"), ("img", "src"),
                   ("iframe", "src"), ("source", "src"), ("audio", "src"), ("video", "src"), ("video", "poster"),
                   ("embed", "src"), ("object", "data"), ("track", "src"), ("input", "src")}
_NOT_FILES = ("mailto:", "tel:", "data:", "javascript:", "blob:", "about:")
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)['"]?\s*\)""")
_BASE = "http://site.invalid/"  # stands for the site root while resolving


@dataclass(frozen=True)
class Link:
    """One reference from a file of the site.

    ``source`` is the referring file (relative to the site folder) and ``line`` its line there;
    ``url`` is the reference as written; ``path`` the site path it resolves to (``/en/applications/``)
    and ``anchor`` its decoded ``#fragment`` ("" for none); ``problem`` is ``None`` for a good link,
    else why it is dead.
    """

    source: str
    line: int
    url: str
    path: str
    anchor: str
    problem: str | None = None

    def __str__(self) -> str:
        return f"{self.source}:{self.line}: {self.url} → {self.problem}"


class _Page(HTMLParser):
    """Collects a page's references (url, line) and the ids it defines."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, int]] = []
        self.ids: set[str] = set()
        self.base: str | None = None

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            if tag == "base" and name == "href":
                self.base = value
            elif (tag, name) in _URL_ATTRIBUTES:
                self.refs.append((value.strip(), line))
            elif name == "srcset":
                self.refs.extend((part.split()[0], line) for part in value.split(",") if part.strip())
            elif name == "style":
                self.refs.extend((url, line) for url in _CSS_URL.findall(value))

    handle_startendtag = handle_starttag


def _page_url(relative: str) -> str:
    """The URL a static server gives the file ``relative`` (``a/index.html`` → ``/a/``)."""
    if relative == "index.html" or relative.endswith("/index.html"):
        relative = relative[: -len("index.html")]
    return _BASE + relative


def _file_of(site: Path, path: str) -> Path | None:
    """The file a static server answers ``path`` with, or ``None`` (``/a/`` and ``/a`` → ``a/index.html``)."""
    target = site / unquote(path).lstrip("/")
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def check_site_links(site: Path, site_url: str | None = None) -> tuple[list[Link], list[Link]]:
    """Check every internal reference of every HTML and CSS file under ``site``.

    Args:
        site: a built site folder (its root is served at ``/``).
        site_url: the site's public address (MkDocs ``site_url``, e.g. ``http://127.0.0.1:8000/``);
            absolute links that start with it are internal and checked too. ``None``: only relative
            and root-relative links are internal.

    Returns:
        ``(checked, dead)``: every internal reference, and those whose target file does not exist or
        whose ``#anchor`` is not an ``id`` of the target HTML page. Links to other hosts and
        ``mailto:``/``data:``/``javascript:`` URLs are not checked (nothing leaves the machine).
    """
    site_url = site_url.rstrip("/") + "/" if site_url else None

    @lru_cache(maxsize=None)
    def parse(file: Path) -> _Page:
        page = _Page()
        page.feed(file.read_text(encoding="utf-8", errors="replace"))
        page.close()
        return page

    checked: list[Link] = []
    sources = sorted(site.rglob("*.html")) + sorted(site.rglob("*.css"))
    for file in sources:
        relative = file.relative_to(site).as_posix()
        if file.suffix == ".html":
            page = parse(file)
            refs, base = page.refs, urljoin(_page_url(relative), page.base or "")
        else:
            text = file.read_text(encoding="utf-8", errors="replace")
            refs = [(m.group(1), text.count("\n", 0, m.start()) + 1) for m in _CSS_URL.finditer(text)]
            base = _page_url(relative)
        for url, line in refs:
            if url.lower().startswith(_NOT_FILES):
                continue
            if site_url and url.startswith(site_url):
                url_for_site = "/" + url[len(site_url):]
            else:
                url_for_site = url
            resolved = urlsplit(urljoin(base, url_for_site))
            if f"{resolved.scheme}://{resolved.netloc}/" != _BASE:
                continue  # another host (or a scheme such as ftp:): not this site's file
            anchor = unquote(resolved.fragment)
            target = _file_of(site, resolved.path or "/")
            if target is None:
                problem = f"no file for {resolved.path}"
            elif anchor and target.suffix == ".html" and anchor not in parse(target).ids:
                problem = f"no id=\"{anchor}\" in {target.relative_to(site).as_posix()}"
            else:
                problem = None
            checked.append(Link(relative, line, url, resolved.path, anchor, problem))
    return checked, [link for link in checked if link.problem]
