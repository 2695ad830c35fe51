"""Quality gates on built sites: the content lint fails the build, every internal link and #anchor
resolves (in-process check of the built HTML, tests/sitelinks.py), and two builds of the same commit write the same files."""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, fixture_site, mkdocs_build
from sitelinks import Link, check_site_links

pytestmark = pytest.mark.build


def site_url_of(site: Path) -> str:
    """The ``site_url`` the site was built with: the canonical address of its home page."""
    found = re.search(r'<link rel="canonical" href="([^"]+)"', (site / "index.html").read_text(encoding="utf-8"))
    assert found, "the home page has no <link rel=canonical>"
    return found.group(1)


def describe(links: list[Link]) -> str:
    return "\n".join(str(link) for link in links)


def test_every_internal_link_and_anchor_of_both_locales_resolves(site):
    checked, dead = check_site_links(site, site_url_of(site))
    paths = {link.path for link in checked}
    for path in ("/applications/", "/en/applications/", "/en/", "/glossary/", "/en/glossary/"):
        assert path in paths, f"no link to {path} was checked"
    assert {link.source.split("/")[0] for link in checked} >= {"index.html", "en"}, "both locales' pages are checked"
    assert sum(bool(link.anchor) for link in checked) >= 40, "too few #anchor links checked"
    assert any(link.url.endswith(".pdf") for link in checked), "the handout links were not checked"
    assert not dead, describe(dead)


def test_link_check_reports_dead_pages_anchors_and_files(tmp_path):
    """The gate above can fail: a small site with one of each kind of dead reference (and good ones)."""
    folder = tmp_path / "site"
    (folder / "a").mkdir(parents=True)
    (folder / "index.html").write_text(
        '<html><head><link rel="canonical" href="https://example.org/docs/">'
        '<link rel="stylesheet" href="style.css"><script src="gone.js"></script></head><body>\n'
        '<a href="a/">a</a> <a href="a/#here">ok</a> <a href="#top" id="top">self</a>\n'
        '<a href="a/#gone">dead anchor</a>\n'
        '<a href="missing/">dead page</a>\n'
        '<a href="https://example.org/docs/a/#nowhere">dead anchor by full address</a>\n'
        '<a href="https://other.example/x/">another host</a> <a href="mailto:x@example.org">mail</a>\n'
        '<img src="a/pic.png" srcset="a/pic.png 1x, a/big.png 2x" alt="">\n'
        '</body></html>', encoding="utf-8")
    (folder / "style.css").write_text("body { background: url('a/pic.png'); }\nh1 { background: url(bg.png); }",
                                      encoding="utf-8")
    (folder / "a" / "index.html").write_text('<html><body><h2 id="here">here</h2></body></html>', encoding="utf-8")
    (folder / "a" / "pic.png").write_bytes(b"png")
    checked, dead = check_site_links(folder, "https://example.org/docs/")
    assert sorted((link.source, link.line, link.url) for link in dead) == [
        ("index.html", 1, "gone.js"), ("index.html", 3, "a/#gone"), ("index.html", 4, "missing/"),
        ("index.html", 5, "https://example.org/docs/a/#nowhere"), ("index.html", 7, "a/big.png"),
        ("style.css", 2, "bg.png"),
    ], describe(dead)
    assert {"a/", "a/#here", "#top", "style.css", "a/pic.png"} <= {link.url for link in checked}
    assert not any("other.example" in link.url or "mailto" in link.url for link in checked)


def test_a_lint_finding_fails_the_build_with_file_line_and_fix(tmp_path):
    config = fixture_site(tmp_path, {
        "index.md": "# 首頁\n\n介紹。\n",
        "topic.md": "---\nkind: topic\ntitle: 測試\ntitle_en: Test\norder: 1\n---\n\n"
                    "## 什麼是量化？ {#what-is-quantization data-en=\"What is quantization?\"}\n\n"
                    "量化可以減少模型的数据大小，是 verantwortungsvolle 的做法。\n",
    })
    build = mkdocs_build(config, tmp_path / "out")
    assert build.returncode != 0
    assert "docs/topic.md:10: [simplified] '型的数据大': Simplified Chinese in Traditional text; write '型的數據大'" in build.output
    assert "docs/topic.md:10: [foreign-word] 'verantwortungsvolle'" in build.output
    assert "Traceback" not in build.output


def file_hashes(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def source_archive(folder: Path, epoch: int) -> Path:
    """The project's files as a source archive has them: every file git tracks or would track, no .git,
    each dated ``epoch`` (``git archive`` dates every file by its commit)."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            capture_output=True, check=True).stdout.decode("utf-8").split("\0")
    for name in filter(None, listed):
        source = ROOT / name
        if source.is_file():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            os.utime(target, (epoch, epoch))
    if (ROOT / "node_modules").is_dir():  # installed by make setup, not part of the source
        (folder / "node_modules").symlink_to(ROOT / "node_modules")
    return folder


def test_a_build_from_a_source_archive_writes_the_same_files(site, tmp_path, monkeypatch):
    """The project built from a copy without .git (a source archive) is byte-identical to the session's
    ``site``, built from the checkout.

    Dates are pinned by hooks/reproducible.py: from git, SOURCE_DATE_EPOCH = the last content commit; in
    an archive, the newest file date under docs/ and content/, which an archive sets to its commit's
    time (here: the same time, as ``git archive`` of that commit would). That covers the sitemap's
    <lastmod> and the sitemap.xml.gz header, the PDF handout's date and the Anki decks' dates.
    """
    epoch = int(subprocess.run(["git", "log", "-1", "--format=%ct", "--", "docs", "content"], cwd=ROOT,
                               capture_output=True, text=True, check=True).stdout)
    copy = source_archive(tmp_path / "archive", epoch)
    monkeypatch.setenv("HANDOUT_CACHE", str(ROOT / ".cache" / "handout"))  # the session build's PDFs
    second = mkdocs_build(copy / "mkdocs.yml", tmp_path / "second")
    assert second.returncode == 0, second.output
    first, again = file_hashes(site), file_hashes(second.site)
    assert sorted(first) == sorted(again), f"files only in one build: {sorted(set(first) ^ set(again))[:20]}"
    differ = [name for name in first if first[name] != again[name]]
    assert not differ, f"{len(differ)} files differ between two builds: {differ[:20]}"
