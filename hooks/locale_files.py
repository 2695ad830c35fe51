"""Stage: give each locale its own 404 page and sitemap.

mkdocs-static-i18n builds the languages one after the other into the same ``site/``: each
language's ``404.html`` overwrites the last one's and only one ``sitemap.xml`` (holding every
language's pages) is written. After each other locale's pass this hook moves that locale's 404 page
to ``<locale>/404.html``; after the last pass it puts the default locale's back at ``404.html`` and
splits the sitemap into ``sitemap.xml`` (default locale) and ``<locale>/sitemap.xml``, each entry
with its ``hreflang`` alternates, each file with a ``.gz`` copy.
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
    """After a locale pass: keep the default locale's 404 page; after another locale's pass, move its 404
    page under ``<locale>/``; after the last pass, put the default one back and split the sitemap per locale."""
    site = Path(site_dir)
    if state.first_pass:
        page = site / "404.html"
        if page.exists():
            state.saved_404 = page.read_bytes()
        return
    (site / state.prefix).mkdir(exist_ok=True)
    if (site / "404.html").exists():
        (site / "404.html").replace(site / state.prefix / "404.html")
    if state.locale != state.locales[-1]:
        return
    # the last pass (it runs innermost, inside the others' on_post_build)
    if state.saved_404:
        (site / "404.html").write_bytes(state.saved_404)
    sitemap = site / "sitemap.xml"
    if sitemap.exists():
        xml = sitemap.read_text(encoding="utf-8")
        for locale in state.locales[1:]:
            xml, own = split_sitemap(xml, site_url or "/", f"{locale}/")
            _write_sitemap(site / locale / "sitemap.xml", own)
        _write_sitemap(sitemap, xml)
