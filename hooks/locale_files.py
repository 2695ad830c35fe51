"""Stage: give each locale its own 404 page and sitemap.

mkdocs-static-i18n builds the languages one after the other into the same ``site/``: the last
language's ``404.html`` overwrites the first's and only one ``sitemap.xml`` (holding every
language's pages) is written. After the English pass this hook moves the English 404 page to
``en/404.html``, puts the Chinese one back at ``404.html``, and splits the sitemap into
``sitemap.xml`` (Chinese pages) and ``en/sitemap.xml`` (English pages), each with its
``hreflang`` alternates and a ``.gz`` copy.
"""
from __future__ import annotations

import gzip
import re
from pathlib import Path

from _state import BuildState

_URL = re.compile(r"\s*<url>.*?</url>", re.S)


def split_sitemap(xml: str, site_url: str, prefix: str = "en/") -> tuple[str, str]:
    """Split a sitemap into (default-locale entries, ``prefix`` entries), keeping the header.

    Args:
        xml: the sitemap.xml text written by mkdocs-static-i18n.
        site_url: the site's absolute URL, ending in ``/``.
        prefix: the URL path of the other locale.

    Returns:
        Two complete sitemap documents.
    """
    urls = _URL.findall(xml)
    head = xml[: xml.index("<url>")].rstrip() if urls else xml.split("</urlset>")[0].rstrip()
    other = site_url + prefix

    def loc(entry: str) -> str:
        match = re.search(r"<loc>(.*?)</loc>", entry)
        return match.group(1) if match else ""

    def document(entries: list[str]) -> str:
        return head + "".join(entries) + "\n</urlset>\n"

    return (document([u for u in urls if not loc(u).startswith(other)]),
            document([u for u in urls if loc(u).startswith(other)]))


def _write_sitemap(path: Path, xml: str) -> None:
    path.write_text(xml, encoding="utf-8")
    with open(path.with_suffix(".xml.gz"), "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(xml.encode("utf-8"))


def after_pass(site_dir: str, site_url: str, state: BuildState) -> None:
    """After a locale pass: keep the default locale's 404 page; after the last pass, move the English 404
    page under ``en/``, put the Chinese one back, and split the sitemap per locale."""
    site = Path(site_dir)
    if state.first_pass:
        page = site / "404.html"
        if page.exists():
            state.saved_404 = page.read_bytes()
        return
    # English pass (runs last, inside the Chinese pass's on_post_build)
    (site / state.prefix).mkdir(exist_ok=True)
    if (site / "404.html").exists():
        (site / "404.html").replace(site / state.prefix / "404.html")
    if state.saved_404:
        (site / "404.html").write_bytes(state.saved_404)
    sitemap = site / "sitemap.xml"
    if sitemap.exists():
        chinese, english = split_sitemap(sitemap.read_text(encoding="utf-8"), site_url or "/", state.prefix)
        _write_sitemap(sitemap, chinese)
        _write_sitemap(site / state.prefix / "sitemap.xml", english)
