"""Quality gates on built sites: the content lint fails the build, every internal link and #anchor
resolves (LinkChecker, offline), and two builds of the same commit write the same files."""
from __future__ import annotations

import csv
import functools
import hashlib
import io
import subprocess
import sys
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import ROOT, fixture_site, mkdocs_build

pytestmark = pytest.mark.build

LINKCHECKER = Path(sys.executable).with_name("linkchecker")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # LinkChecker closing connections early is not an error
        pass


@contextmanager
def serve(folder: Path):
    """Serve ``folder`` on 127.0.0.1 (LinkChecker drops root to ``nobody``, who cannot read
    pytest's private temp folders through file:// URLs, but can ask a local server)."""
    httpd = _Server(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


def check_links(folder: Path, tmp: Path) -> tuple[list[dict], list[dict]]:
    """Run LinkChecker on ``folder`` through a local server.

    Returns:
        ``(checked, dead)``: a CSV row (``url``, ``urlname``, ``parentname``, ``result``,
        ``warningstring``, ...) per URL checked, and the rows of the dead links.

    A link is dead when its target does not load (``valid`` is False) or its ``#anchor`` is not
    on the target page (the AnchorCheck plugin's warning). Only links on 127.0.0.1 are followed
    (``--check-extern`` is off), so nothing leaves the machine.
    """
    config = tmp / "linkcheckerrc"
    config.write_text("[AnchorCheck]\n", encoding="utf-8")
    with serve(folder) as url:
        proc = subprocess.run([str(LINKCHECKER), "-f", str(config), "--no-status", "--verbose", "--threads", "4",
                               "-o", "csv", url],
                              capture_output=True, text=True, timeout=900)
    # LinkChecker's comment lines start with "# "; a same-page link such as "#inference-speed" is data
    lines = [line for line in proc.stdout.splitlines() if line and not (line == "#" or line.startswith("# "))]
    assert proc.returncode in (0, 1) and lines and lines[0].startswith("urlname;"), proc.stdout[-2000:] + proc.stderr[-2000:]
    rows = list(csv.DictReader(io.StringIO("\n".join(lines)), delimiter=";"))  # --verbose: every URL checked
    assert len(rows) >= 3, f"LinkChecker checked only {len(rows)} URLs"
    return rows, [row for row in rows if row["valid"] == "False" or "Anchor" in row["warningstring"]]


def describe(rows: list[dict]) -> str:
    return "\n".join(f"{row['parentname']} → {row['urlname']}: {row['result']} {row['warningstring']}" for row in rows)


def test_every_internal_link_and_anchor_of_both_locales_resolves(site, tmp_path):
    checked, failed = check_links(site, tmp_path)
    paths = {urlparse(row["url"]).path for row in checked}
    for path in ("/applications/", "/en/applications/", "/en/"):  # both locales were crawled
        assert path in paths, f"{path} was not checked"
    assert sum("#" in row["urlname"] for row in checked) >= 40, "too few #anchor links checked"
    assert not failed, describe(failed)


def test_link_checker_reports_a_dead_page_and_a_dead_anchor(tmp_path):
    """The gate above can fail: a two-page site with one dead link and one dead #anchor."""
    folder = tmp_path / "site"
    (folder / "a").mkdir(parents=True)
    (folder / "index.html").write_text(
        '<html><body><a href="a/">a</a> <a href="a/#here">ok</a> <a href="a/#gone">dead anchor</a>'
        ' <a href="missing/">dead page</a></body></html>', encoding="utf-8")
    (folder / "a" / "index.html").write_text('<html><body><h2 id="here">here</h2></body></html>', encoding="utf-8")
    _, failed = check_links(folder, tmp_path)
    assert sorted(row["urlname"] for row in failed) == ["a/#gone", "missing/"], describe(failed)


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


def test_two_builds_of_the_same_commit_write_the_same_files(site, tmp_path):
    """A second build of the same sources is byte-identical to the session's ``site``.

    Dates are pinned by hooks/reproducible.py (SOURCE_DATE_EPOCH = last content commit), which
    covers the sitemap's <lastmod> and the sitemap.xml.gz header; the PDF handout uses the same date.
    """
    second = mkdocs_build(ROOT / "mkdocs.yml", tmp_path / "second")
    assert second.returncode == 0, second.output
    first, again = file_hashes(site), file_hashes(second.site)
    assert sorted(first) == sorted(again), f"files only in one build: {sorted(set(first) ^ set(again))[:20]}"
    differ = [name for name in first if first[name] != again[name]]
    assert not differ, f"{len(differ)} files differ between two builds: {differ[:20]}"
