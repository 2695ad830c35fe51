"""What readers see on the built site (issue 14): merged versions with their structure and source,
interface strings in Taiwan Traditional Chinese, the maintainers' dedup report kept out of site/."""
from __future__ import annotations

import json
import re

import pytest

from conftest import taiwan
from bs4 import BeautifulSoup

from qa.edition import CARRIED_STRINGS
from qa.lint import simplified_findings

pytestmark = pytest.mark.build

# Mainland (or Simplified-era) interface terms and the Taiwan usage a zh-Hant reader expects
# (Material 9.x's zh-Hant strings had the first of each; Taiwan terms as in Microsoft's zh-TW style guide).
MAINLAND = {"拷貝": "複製", "導航": "導覽", "頁脚": "頁尾", "源代碼": "原始碼", "元數據": "中繼資料", "鏈接": "連結",
            "設置": "設定", "倉庫": "儲存庫", "跳轉": "跳至", "閲": "閱", "缺失": "缺少", "回到頂部": "回到頂端"}


def zh_pages(site):
    """The 繁體中文 edition's pages (not /en/, not /zh-Hans/)."""
    return [path for path in sorted(site.rglob("*.html")) if not path.relative_to(site).as_posix().startswith(("en/", "zh-Hans/"))]


def carried_blocks(soup: BeautifulSoup):
    labels = {taiwan(CARRIED_STRINGS["zh-Hant"]["label"]), CARRIED_STRINGS["en"]["label"]}
    return [d for d in soup.select("article details") if d.summary and d.summary.get_text(strip=True) in labels]


@pytest.mark.parametrize("prefix", ["", "en/"])
def test_carried_text_keeps_its_structure_and_names_its_version(site, prefix):
    soup = BeautifulSoup((site / prefix / "applications" / "index.html").read_text(encoding="utf-8"), "html.parser")
    blocks = carried_blocks(soup)
    assert len(blocks) == 2
    for block in blocks:
        sources = block.select(".qa-version-source")
        assert sources, "the block does not say that the collection asks the question again"
        heading = block.find_previous("h2")
        for source in sources:
            text = source.get_text()
            assert source.find("a") is None and "#" not in text, text  # no raw id, no link back to this question
            # the other version's title only where it is worded differently from the heading above
            quoted = re.findall(r"「(.+?)」|\u201c(.+?)\u201d", text)
            for title in ("".join(parts) for parts in quoted):
                assert _bare(title) != _bare(heading.get_text()), text
        # no paragraph or item ends with 「：」/":" unless a list follows it (or is nested in it)
        for element in block.find_all(["p", "li"]):
            if "qa-version-source" in (element.get("class") or []):
                continue
            own = "".join(t for t in element.find_all(string=True, recursive=False)) + "".join(
                c.get_text() for c in element.find_all(recursive=False) if c.name not in ("ul", "ol", "p"))
            if not own.strip().endswith(("：", ":")):
                continue
            nested = element.find(["ul", "ol"], recursive=False)
            following = element.find_next_sibling()
            assert nested is not None or (following is not None and following.name in ("ul", "ol")), own
    # (the English edition shows the translations of the carried sentences, in the same structure)
    label, second, intro, item = ((taiwan("硬件資源"), taiwan("需要選擇合適的硬件"), "常見的部署方式包括", "訓練集、驗證集和測試集") if not prefix
                                  else ("Hardware resources", "Choose suitable hardware", "Common deployment options",
                                        "Training, validation and test sets"))
    intro_p = next(p for p in blocks[0].find_all("p") if p.get_text().startswith(intro))
    assert intro_p.find_next_sibling().name == "ul"  # carried with the (covered) list it introduces
    hardware = next(li for li in blocks[0].find_all("li") if li.get_text().startswith(label))
    assert second in hardware.get_text()  # the label's sentence stays in its item
    nested = blocks[1].select("ol > li > ul > li")
    assert nested and nested[0].get_text().startswith(item)
    # under its parent item, in the edition's language (the English context lines: qa-carried-context)
    assert nested[0].find_parent("li").get_text().startswith(taiwan("數據集劃分") if not prefix else "Dataset splitting")


def _bare(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum() and not ch.isdigit())


def interface_strings(html: str) -> list[str]:
    """The strings the theme and the hooks put around the content: Material's translations
    (``__config``), attribute texts, and the visible text outside the article."""
    soup = BeautifulSoup(html, "html.parser")
    out = []
    config = soup.find("script", id="__config")
    if config is not None:
        out += [v for v in json.loads(config.string)["translations"].values() if isinstance(v, str)]
    for element in soup.find_all(True):
        for attribute in ("aria-label", "title", "placeholder", "alt", "data-qa-placeholder", "data-qa-none",
                          "data-qa-one", "data-qa-other", "data-md-component"):
            if element.get(attribute):
                out.append(element[attribute])
    for element in soup.select("script, style, article, .md-nav__list, .md-sidebar--secondary"):
        element.decompose()
    # another edition's name in the language menu is in its own script (简体中文, lang="zh-Hans")
    for element in soup.select("[lang]:not([lang='zh-Hant'])"):
        if element.name != "html":
            element.decompose()
    out.append(soup.get_text("\n"))
    return out


def test_every_zh_hant_interface_string_is_taiwan_traditional(site):
    problems = []
    for path in zh_pages(site):
        html = path.read_text(encoding="utf-8")
        rel = path.relative_to(site).as_posix()
        for string in interface_strings(html):
            problems += [f"{rel}: {term} in {string.strip()[:40]!r}; write {fix}" for term, fix in MAINLAND.items()
                         if term in string]
            problems += [f"{rel}: {f.text} ({f.fix})" for f in simplified_findings(string, rel)]
    assert not problems, sorted(set(problems))[:20]


def test_dedup_report_is_not_published(site):
    assert not list(site.rglob("dedup-report.json"))
    assert not re.search(r"dedup-report", (site / "sitemap.xml").read_text(encoding="utf-8"))
