"""The source repository in the built site (issue 27): with ``repo_url`` set, a plain link to it in the
header (no element Material's script would fetch stars for) and under every question of every edition
a "report a problem" link that opens a new issue with the question's permanent id; without it, neither.

Expected questions come from the built headings; expected words are the editions' (written here).
"""
from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from conftest import fixture_site, mkdocs_build

pytestmark = pytest.mark.build

REPO = "https://github.com/example/llm-guide"
SITE = "https://example.github.io/llm-guide/"
EDITIONS = {"zh-Hant": "", "zh-Hans": "zh-Hans/", "en": "en/"}
REPORT = {"zh-Hant": "回報問題", "zh-Hans": "回报问题", "en": "Report a problem"}
TOPIC = ("---\nkind: topic\ntitle: 甲\ntitle_en: A\norder: 1\n---\n\n"
         "## 什麼是知識蒸餾？ {#distillation data-en=\"What is distillation?\"}\n\n知識蒸餾用大模型的輸出訓練小模型。\n\n"
         "## 什麼是量化？ {#quantization data-en=\"What is quantization?\"}\n\n量化把參數換成低精度的資料型別。\n")


def build(folder: Path, extra_config: str) -> Path:
    config = fixture_site(folder, {"index.md": "# 首頁\n", "a.md": TOPIC})
    config.write_text(config.read_text(encoding="utf-8") + extra_config, encoding="utf-8")
    result = mkdocs_build(config, folder / "site")
    assert result.returncode == 0, result.output
    return folder / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    mp.delenv("REPO_URL", raising=False)  # the fixture sites inherit mkdocs.yml's `repo_url: !ENV REPO_URL`
    try:
        with_repo = build(tmp_path_factory.mktemp("with-repo"), f"repo_url: {REPO}\nsite_url: {SITE}\n")
        without = build(tmp_path_factory.mktemp("without-repo"), "")
    finally:
        mp.undo()
    return with_repo, without


def questions(page: str) -> list[tuple[str, str, str]]:
    """(number, id, the HTML up to the next heading) of every numbered question heading."""
    out = []
    for match in re.finditer(r"<h2\s([^>]*)>.*?</h2>(.*?)(?=<h2\s|</article>)", page, flags=re.S):
        number = re.search(r'data-qa-number="([\d.]+)"', match.group(1))
        if number:
            out.append((number.group(1), re.search(r'\bid="([^"]+)"', match.group(1)).group(1), match.group(2)))
    return out


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_question_has_a_report_link_with_its_id(sites, edition):
    site = sites[0]
    page = (site / EDITIONS[edition] / "a" / "index.html").read_text(encoding="utf-8")
    found = questions(page)
    assert [qid for _, qid, _ in found] == ["distillation", "quantization"]
    for number, qid, after in found:
        links = re.findall(r'<a class="qa-report" href="([^"]+)"[^>]*>([^<]+)</a>', after)
        assert len(links) == 1, (qid, after[:300])
        href, text = html_lib.unescape(links[0][0]), links[0][1]
        assert text == REPORT[edition]
        url = urlparse(href)
        assert f"{url.scheme}://{url.netloc}{url.path}" == f"{REPO}/issues/new"
        query = parse_qs(url.query)
        assert f"[{qid}]" in query["title"][0] and number in query["title"][0]
        assert f"{SITE}{EDITIONS[edition]}a/#{qid}" in query["body"][0]
        if edition == "zh-Hans":
            assert "題目" not in query["body"][0] and "题目" in query["body"][0], "the issue text in Simplified"


def test_source_link_in_the_header_without_the_widget_that_fetches(sites):
    site = sites[0]
    for edition, prefix in EDITIONS.items():
        for path in ("index.html", "a/index.html"):
            page = (site / prefix / path).read_text(encoding="utf-8")
            header = page.split("<header", 1)[1].split("</header>", 1)[0]
            assert re.search(rf'<a href="{re.escape(REPO)}"[^>]*class="md-source"', header), (edition, path)
            assert 'data-md-component="source"' not in page, "Material's script would ask api.github.com"


def test_without_a_repository_no_source_or_report_link(sites):
    site = sites[1]
    for prefix in EDITIONS.values():
        for path in ("index.html", "a/index.html"):
            page = (site / prefix / path).read_text(encoding="utf-8")
            assert "qa-report" not in page and "md-source" not in page
        assert questions((site / prefix / "a" / "index.html").read_text(encoding="utf-8"))
