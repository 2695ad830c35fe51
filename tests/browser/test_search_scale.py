"""Header search on a large bank (issue 10): a sharded index searched as one, and the wait of a broad
query; the banks are indexed once for this file (a module fixture)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.search_bench import ROUGH_INPUTS, paste
from tests.browser.conftest import serve_folder
from tests.browser.searchbox import open_search, search

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def bank_servers(site, tmp_path_factory):
    """``(sharded, single, common)``: base URLs of the site with its zh-Hant bundle replaced by a 300-question
    bank (bench/search_bench.py's repeat bank), once in shards of 150 records (two indexes, merged in
    the browser with Pagefind's mergeIndex), once as one index, and once in shards of 150 with the words
    held by more than 40 records shipped as common (``qa.search.COMMON_RECORDS``, 300 in a build: a
    bank this small has none); indexed in a subprocess (Pagefind's Python API runs its own event loop)."""
    import subprocess
    import sys

    tmp = tmp_path_factory.mktemp("banks")
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; import qa.search_spool;"
                    " from bench.search_bench import synthetic_site;"
                    " qa.search_spool.SHARD_SIZE = 300;"
                    " synthetic_site(Path(sys.argv[1]), Path(sys.argv[3]), 300);"
                    " qa.search_spool.SHARD_SIZE = 150;"
                    " synthetic_site(Path(sys.argv[1]), Path(sys.argv[2]), 300);"
                    " import qa.search; qa.search.COMMON_RECORDS = 40;"
                    " synthetic_site(Path(sys.argv[1]), Path(sys.argv[4]), 300)",
                    str(site), str(tmp / "sharded"), str(tmp / "single"), str(tmp / "common")], cwd=root, check=True)
    assert json.loads((tmp / "sharded" / "pagefind" / "qa-shards.json").read_text(encoding="utf-8"))["shards"] == ["shard-1/"]
    assert json.loads((tmp / "single" / "pagefind" / "qa-shards.json").read_text(encoding="utf-8"))["shards"] == []
    assert json.loads((tmp / "common" / "pagefind" / "qa-search.json").read_text(encoding="utf-8"))["common"]
    assert "common" not in json.loads((tmp / "sharded" / "pagefind" / "qa-search.json").read_text(encoding="utf-8"))
    servers = [serve_folder(tmp / "sharded"), serve_folder(tmp / "single"), serve_folder(tmp / "common")]
    yield tuple(base for _, base in servers)
    for httpd, _ in servers:
        httpd.shutdown()


@pytest.fixture(scope="module")
def sharded_server(bank_servers):
    return bank_servers[0]


def _count(page) -> int:
    return int("".join(ch for ch in page.locator("[data-qa-search] .md-search-result__meta").inner_text() if ch.isdigit()))


@pytest.mark.parametrize("query", ["知識蒸餾", "數據增強", "transformers"])
def test_a_sharded_index_is_searched_as_one_index(page_at, bank_servers, query):
    sharded, single, _ = bank_servers
    page = open_search(page_at, sharded, "zh-Hant")
    assert search(page, query)
    assert any(url.split("?")[0].endswith("/pagefind/shard-1/pagefind-entry.json") for url in page.requests)
    # as many questions are found as in the same bank indexed as one index (about half of them if the
    # shard's results were lost)
    found = _count(page)
    other = open_search(page_at, single, "zh-Hant")
    assert search(other, query)
    assert not any("/shard-" in url for url in other.requests)
    assert found == _count(other) > 10


def test_broad_query_on_a_sharded_index_waits_then_still_finds(page_at, sharded_server):
    page = open_search(page_at, sharded_server, "zh-Hant")
    assert search(page, "醫")  # one character, left as it is: searched after the wait
    assert page.evaluate("() => document.querySelector('[data-qa-search]').dataset.qaWaited") == "醫"
    assert search(page, "llm")  # three letters: no wait; "l" or "ll", typed through, waited
    assert page.evaluate("() => document.querySelector('[data-qa-search]').dataset.qaWaited") in ("l", "ll")
    assert search(page, "知識蒸餾")  # typed key by key: its results, whatever its first character did
    assert "知識蒸餾" in page.eval_on_selector_all("[data-qa-search] mark", "els => els.map(e => e.textContent)")


@pytest.mark.parametrize("locale, query", [("zh-Hant", "醫"), ("en", "ll")])
def test_broad_query_on_the_real_site_never_waits(page_at, server, locale, query):
    page = open_search(page_at, server, locale)
    assert search(page, query)
    assert page.evaluate("() => document.querySelector('[data-qa-search]').dataset.qaWaited") is None


@pytest.mark.parametrize("name", ["paragraph", "address", "emoji"])
def test_rough_input_pasted_on_a_sharded_bank(page_at, sharded_server, name):
    # a 500-character paragraph is ~100 words: on a large bank each word costs index chunks and a search
    page = open_search(page_at, sharded_server, "zh-Hant")
    assert search(page, "量化")
    found = paste(page, ROUGH_INPUTS[name])
    assert not found["errors"], found["errors"]
    assert (found["shown"] > 0) if name != "emoji" else (found["shown"] == 0 and found["suggest"] >= 10), found
    assert found["ms"] < 10_000 and found["stall"] < 2_000, found


def _titles(page) -> list[str]:
    """The listed questions' titles without the repeat bank's copy number (``… (12)``)."""
    titles = page.eval_on_selector_all("[data-qa-search] .md-search-result__link h1", "els => els.map(e => e.textContent)")
    return [title.rsplit(" (", 1)[0] for title in titles]


@pytest.mark.parametrize("query, title", [
    ("LLM 數據增強有哪些創新方法", "除了常見的資料增強技術，還有哪些創新方法可以應用於 LLM 資料增強？"),
    ("如何將 LLM 部署到不同的平台", "如何將 LLM 部署到不同的平台（如雲端、本地、行動裝置）上？"),
])
def test_common_words_left_out_of_the_search_still_find_the_question(page_at, bank_servers, query, title):
    """On a bank that ships common words, the whole query's search leaves them out when the query has an
    index word that is not common (each word loads an index chunk from every shard); the question whose
    title the reader typed still comes first, its words marked, as on the bank without common words."""
    sharded, _, with_common = bank_servers
    page = open_search(page_at, with_common, "zh-Hant")
    assert search(page, query)
    left_out = page.evaluate("() => document.querySelector('[data-qa-search]').dataset.qaLeftOut").split()
    assert "llm" in left_out and len(left_out) >= 2
    assert _titles(page)[0] == title
    assert page.eval_on_selector_all("[data-qa-search] .md-search-result__link h1 mark", "els => els.length") >= 2
    every_word = open_search(page_at, sharded, "zh-Hant")
    assert search(every_word, query)
    assert every_word.evaluate("() => document.querySelector('[data-qa-search]').dataset.qaLeftOut") == ""
    assert _titles(every_word)[0] == title
