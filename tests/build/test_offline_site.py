"""Offline reading in the built site (issue 27, item 2): each edition's web app manifest and service worker.

A small site of two topics is built twice under a sub-path (``SITE_URL=https://example.org/guide/``), the
second time with one answer edited. Expected files come from the built site on disk (what a browser can
load: the edition's pages, the scripts and styles its pages name, its search bundle), never from the
hook's own glob lists; the worker's precache list is read from the written ``sw.js``.
"""
from __future__ import annotations

import json
import re
import shutil
import struct
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from conftest import ROOT, fixture_site, mkdocs_build

pytestmark = pytest.mark.build

SITE_URL = "https://example.org/guide/"
EDITIONS = {"zh-Hant": "", "zh-Hans": "zh-Hans/", "en": "en/"}
TOPIC = ("---\nkind: topic\ntitle: {title}\ntitle_en: {title_en}\norder: {order}\n---\n\n"
         "## 什麼是{name}？ {{#{qid} data-en=\"What is {qid}?\"}}\n\n{answer}\n")
BEFORE = "知識蒸餾用大模型的輸出訓練小模型。學生模型模仿教師模型。"
AFTER = "知識蒸餾讓小模型學習大模型的軟標籤，常用於部署到手機。"
QUANTIZATION = "量化把參數換成低精度數據類型。"


def pages(distillation: str) -> dict[str, str]:
    """The fixture's docs/: a home page, two topic pages and a PDF copied as a static file."""
    return {"index.md": "# 首頁\n\n<!-- topic-list -->\n",
            "a.md": TOPIC.format(title="甲", title_en="A", order=1, name="知識蒸餾", qid="distillation", answer=distillation),
            "b.md": TOPIC.format(title="乙", title_en="B", order=2, name="量化", qid="quantization", answer=QUANTIZATION)}


def build_offline_fixture(folder: Path, distillation: str) -> Path:
    """Build the fixture under :data:`SITE_URL` into ``folder/site`` and return it: with the real site's
    stylesheets (mkdocs.yml's extra_css; its scripts come with the theme's overrides) and a PDF in docs/files/."""
    config = fixture_site(folder, pages(distillation))
    shutil.copytree(ROOT / "docs" / "stylesheets", folder / "docs" / "stylesheets", dirs_exist_ok=True)
    (folder / "docs" / "files").mkdir()
    (folder / "docs" / "files" / "sample.pdf").write_bytes(b"%PDF-1.4\n% a PDF readers open\n%%EOF\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITE_URL", SITE_URL)
        patch.setenv("HANDOUT", "0")
        build = mkdocs_build(config, folder / "site")
    assert build.returncode == 0, build.output
    return folder / "site"


@pytest.fixture(scope="session")
def offline_builds(tmp_path_factory) -> tuple[Path, Path]:
    """The fixture built before and after an answer is edited."""
    return tuple(build_offline_fixture(tmp_path_factory.mktemp(name), text)
                 for name, text in (("offline-before", BEFORE), ("offline-after", AFTER)))


def precache(site: Path, prefix: str) -> dict[str, str]:
    """The precache list of the edition's ``sw.js``: absolute URL (under :data:`SITE_URL`) → revision."""
    text = (site / prefix / "sw.js").read_text(encoding="utf-8")
    start = text.index("precacheAndRoute(") + len("precacheAndRoute(")
    entries, _ = json.JSONDecoder().raw_decode(text[start:])
    worker = urljoin(SITE_URL, prefix + "sw.js")
    return {urljoin(worker, entry["url"]): entry["revision"] for entry in entries}


def url_of(site: Path, file: Path) -> str:
    return SITE_URL + file.relative_to(site).as_posix()


def edition_files(site: Path, prefix: str, pattern: str) -> list[Path]:
    """Files of one edition matching ``pattern``: under its folder, and for the root edition not under another's."""
    others = [p for p in EDITIONS.values() if p and p != prefix]
    return [f for f in sorted((site / prefix).glob(pattern))
            if f.is_file() and not any(f.relative_to(site).as_posix().startswith(o) for o in others)]


def named_assets(site: Path, page: Path) -> set[str]:
    """Absolute URLs of the scripts and stylesheets a built page loads from the site."""
    html = page.read_text(encoding="utf-8")
    base = url_of(site, page)
    found = set(re.findall(r'<script[^>]*\ssrc="([^"]+)"', html)) | set(re.findall(r'<link[^>]*\shref="([^"]+\.css)"', html))
    urls = {urljoin(base, src) for src in found}
    return {url for url in urls if url.startswith(SITE_URL)}


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("locale", EDITIONS)
def test_each_edition_links_a_manifest_with_its_root_and_icons(offline_builds, locale):
    site, prefix = offline_builds[0], EDITIONS[locale]
    root = SITE_URL + prefix
    for page in (site / prefix / "index.html", site / prefix / "a" / "index.html"):
        html = page.read_text(encoding="utf-8")
        href = re.search(r'<link rel="manifest" href="([^"]+)"', html)
        assert href, f"{page} links no manifest"
        assert urljoin(url_of(site, page), href.group(1)) == root + "manifest.webmanifest"
    manifest_url = root + "manifest.webmanifest"
    manifest = json.loads((site / prefix / "manifest.webmanifest").read_text(encoding="utf-8"))
    home = (site / prefix / "index.html").read_text(encoding="utf-8")
    assert manifest["lang"] == re.search(r'<html[^>]*\slang="([^"]+)"', home).group(1)
    title = re.search(r"<title>([^<]*)</title>", home).group(1)
    assert title == manifest["name"] or title.endswith(" - " + manifest["name"]), title  # the edition's own name
    assert urljoin(manifest_url, manifest["start_url"]) == root and urljoin(manifest_url, manifest["scope"]) == root
    assert manifest["display"] == "standalone" and manifest["short_name"]
    sizes = set()
    for icon in manifest["icons"]:
        url = urljoin(manifest_url, icon["src"])
        assert url.startswith(SITE_URL), url
        width, height = png_size(site / url[len(SITE_URL):])
        assert icon["sizes"] == f"{width}x{height}" and icon["type"] == "image/png"
        sizes.add((width, icon["purpose"]))
    assert {(192, "any"), (512, "any"), (512, "maskable")} <= sizes  # what browsers ask of an installable app


@pytest.mark.parametrize("locale", EDITIONS)
def test_the_worker_precaches_the_edition_and_nothing_else(offline_builds, locale):
    site, prefix = offline_builds[0], EDITIONS[locale]
    cached = precache(site, prefix)
    for url in cached:  # under the sub-path, and a file the build wrote
        assert url.startswith(SITE_URL) and (site / urlsplit(url).path[len("/guide/"):]).is_file(), url
    pages = edition_files(site, prefix, "**/index.html")
    assert len(pages) >= 4  # home, two topics, review
    wanted = {url_of(site, page) for page in pages}
    wanted |= {url_of(site, f) for f in edition_files(site, prefix, "pagefind/**/*")}
    wanted |= {SITE_URL + prefix + "study.json", SITE_URL + prefix + "manifest.webmanifest"}
    for page in pages:
        wanted |= named_assets(site, page)
    missing = sorted(wanted - set(cached))
    assert not missing, f"{prefix}sw.js does not precache {missing}"
    others = [p for p in EDITIONS.values() if p != prefix]
    strays = [url for url in cached if url.endswith(".html") and any(url.startswith(SITE_URL + o) for o in others if o)
              or url.endswith((".pdf", ".apkg", ".map"))]
    assert (site / "files" / "sample.pdf").is_file() and not strays, strays
    size = sum((site / urlsplit(url).path[len("/guide/"):]).stat().st_size for url in cached)
    assert size < 5_000_000, size


def test_the_worker_loads_workbox_from_the_site(offline_builds):
    site = offline_builds[0]
    for prefix in EDITIONS.values():
        text = (site / prefix / "sw.js").read_text(encoding="utf-8")
        worker = SITE_URL + prefix + "sw.js"
        imported = re.findall(r'importScripts\("([^"]+)"\)', text)
        folder = re.search(r'modulePathPrefix: "([^"]+)"', text).group(1)
        assert imported and folder
        for url in [urljoin(worker, src) for src in imported] + [urljoin(worker, folder + "workbox-precaching.prod.js")]:
            assert url.startswith(SITE_URL) and (site / url[len(SITE_URL):]).is_file(), url
        assert not re.search(r"https?://", text), f"{prefix}sw.js names another host"


def test_a_page_registers_its_editions_worker(offline_builds):
    site = offline_builds[0]
    for prefix in EDITIONS.values():
        page = site / prefix / "b" / "index.html"
        tag = re.search(r'<script src="([^"]+)" data-worker="([^"]+)"', page.read_text(encoding="utf-8"))
        assert tag, f"{page} registers no worker"
        script = urljoin(url_of(site, page), tag.group(1))
        assert (site / script[len(SITE_URL):]).is_file()
        assert urljoin(url_of(site, page), tag.group(2)) == SITE_URL + prefix + "sw.js"


def test_revisions_follow_the_content(offline_builds):
    before, after = offline_builds
    for prefix in EDITIONS.values():
        old, new = precache(before, prefix), precache(after, prefix)
        edited, unchanged = SITE_URL + prefix + "a/index.html", SITE_URL + "assets/javascripts/study.js"
        assert old[edited] != new[edited]
        assert old[unchanged] == new[unchanged]
        assert (before / prefix / "sw.js").read_bytes() != (after / prefix / "sw.js").read_bytes()
        # every revision is the content's: same bytes in both builds ⇔ same revision
        for url in old.keys() & new.keys():
            path = url[len(SITE_URL):]
            same = (before / path).read_bytes() == (after / path).read_bytes()
            assert same == (old[url] == new[url]), url
