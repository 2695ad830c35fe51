"""Header search in headless Chromium: queries typed as a person types them (issues 5 and 10).

The query set is tests/search/queries.yml. One page per locale is reused; the box is cleared with
Ctrl+A, Backspace between queries. The search script marks its box ``data-qa-state="done"`` and
``data-qa-query="<query>"`` once the results of exactly that query are in the list (and
``data-qa-shown`` with the number of results listed); tests wait for those states, never for time.
"""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

pytestmark = pytest.mark.browser

QUERIES = yaml.safe_load((Path(__file__).resolve().parents[1] / "search" / "queries.yml").read_text(encoding="utf-8"))
HOME = {"zh-Hant": "/", "en": "/en/"}
BOX = "[data-qa-search] .md-search__input"
LINKS = "[data-qa-search] .md-search-result__link"
META = "[data-qa-search] .md-search-result__meta"


def open_search(page_at, server, locale):
    page = page_at()
    page.goto(server + HOME[locale])
    page.keyboard.press("/")  # the keyboard shortcut opens the search and focuses the box
    return page


def search(page, query: str) -> list[str]:
    """Clear the box, type ``query`` key by key, wait for its results; the result hrefs in order."""
    box = page.locator(BOX)
    box.press("Control+a")
    box.press("Backspace")
    box.press_sequentially(query)
    try:
        page.wait_for_function(
            "q => { const r = document.querySelector('[data-qa-search]');"
            " return r.dataset.qaState === 'done' && r.dataset.qaQuery === q; }", arg=query, timeout=30_000)
    except Exception:
        state = page.evaluate("() => ({...document.querySelector('[data-qa-search]').dataset, box: document.querySelector('"
                              + BOX + "').value})")
        raise AssertionError(f"no results state for {query!r}: {state}") from None
    return page.eval_on_selector_all(LINKS, "els => els.map(e => e.getAttribute('href'))")


def result_id(href: str) -> str:
    return urlsplit(href).fragment


def test_expected_question_ranks_first(page_at, server):
    rows = []
    for locale in HOME:
        page = open_search(page_at, server, locale)
        for query in (q for q in QUERIES if q["locale"] == locale):
            ids = [result_id(h) for h in search(page, query["q"])]
            rows.append((query, ids))
    assert len(rows) >= 150 and {q["kind"] for q in QUERIES} >= {
        "trad", "simp", "mixed", "regional", "phrase", "concept", "typo", "british", "en-text", "en-glossary", "short"}
    top1 = sum(ids[:1] == [q["id"]] for q, ids in rows) / len(rows)
    top3 = sum(q["id"] in ids[:3] for q, ids in rows) / len(rows)
    misses = [f"{q['locale']} {q['q']!r}: expected {q['id']}, got {ids[:3]}" for q, ids in rows if ids[:1] != [q["id"]]]
    print(f"\nsearch: {len(rows)} queries, top-1 {top1:.1%}, top-3 {top3:.1%}")
    for miss in misses:
        print("  miss:", miss)
    assert top1 >= 0.95, "\n".join(misses)


def test_first_result_opens_question_anchor_with_terms_marked(page_at, server):
    page = open_search(page_at, server, "zh-Hant")
    hrefs = search(page, "负载均衡")  # Simplified input, Traditional page
    assert hrefs, "no result"
    with page.expect_navigation():
        page.locator(LINKS).first.click()
    url = urlsplit(page.url)
    assert url.path == "/applications/" and url.fragment == "deployment-considerations"
    assert parse_qs(url.query)["h"] == ["負載均衡"]
    marks = page.eval_on_selector_all("article mark[data-md-highlight]", "els => els.map(e => e.textContent)")
    assert marks and set(marks) == {"負載均衡"}
    assert page.evaluate("() => document.getElementById('deployment-considerations').getBoundingClientRect().top") < 200


@pytest.mark.parametrize("locale", list(HOME))
def test_each_locale_finds_only_its_own_pages(page_at, server, locale):
    page = open_search(page_at, server, locale)
    hrefs = [h for query in ("模型", "LLM", "數據", "evaluation") for h in search(page, query)]
    assert len(hrefs) > 10
    if locale == "en":
        assert all(h.startswith("/en/") for h in hrefs), hrefs
    else:
        assert not any(h.startswith("/en/") for h in hrefs), hrefs
    assert all(url.startswith(server) for url in page.requests), "search requested another host"


def marks_of(page, selector: str = "[data-qa-search] .md-search-result__list mark") -> list[str]:
    return page.eval_on_selector_all(selector, "els => els.map(e => e.textContent)")


def test_search_box_is_a_combobox_over_a_listbox(page_at, server):
    page = open_search(page_at, server, "zh-Hant")
    box = page.locator(BOX)
    assert box.get_attribute("role") == "combobox"
    listbox = page.locator("#" + box.get_attribute("aria-controls"))
    assert listbox.get_attribute("role") == "listbox"
    assert box.get_attribute("aria-expanded") == "false"
    search(page, "量化")
    assert box.get_attribute("aria-expanded") == "true"
    options = page.locator("[data-qa-search] [role=option]")
    assert options.count() >= 2
    box.press("ArrowDown")
    box.press("ArrowDown")
    second = options.nth(1)
    assert box.get_attribute("aria-activedescendant") == second.get_attribute("id")
    assert second.get_attribute("aria-selected") == "true" and options.nth(0).get_attribute("aria-selected") == "false"
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")  # focus stays in the box
    href = second.get_attribute("href")
    with page.expect_navigation():
        box.press("Enter")
    assert urlsplit(page.url).fragment == result_id(href)


def test_tab_stays_in_open_dialog_and_skips_it_when_closed(page_at, server):
    page = open_search(page_at, server, "zh-Hant")
    search(page, "量化")
    inside = "() => !!document.activeElement.closest('[data-qa-search]')"
    for _ in range(4):
        page.keyboard.press("Tab")
        assert page.evaluate(inside), "Tab left the open search dialog"
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(inside)
    page.keyboard.press("Escape")
    assert page.evaluate("() => !document.getElementById('__search').checked")
    page.evaluate("() => document.activeElement.blur()")
    # closed: walking the whole page with Tab never stops in the (hidden) results area
    stops = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("() => !!document.activeElement.closest('.md-search__output')"))
    assert not any(stops)


def test_tab_skips_the_closed_search_on_a_phone(page_at, server):
    page = page_at(390, 844)
    page.goto(server + "/")
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("() => !!document.activeElement.closest('[data-qa-search]')"))
    assert not any(stops), "the closed search box of a phone took a Tab stop"


def test_enter_that_confirms_an_ime_composition_opens_no_result(page_at, server):
    page = open_search(page_at, server, "zh-Hant")
    search(page, "負載均衡")
    before = page.url
    clicked = page.evaluate("""() => {
      const box = document.querySelector('[data-qa-search] .md-search__input');
      let clicks = 0;
      document.querySelectorAll('[data-qa-search] .md-search-result__link').forEach(a =>
        a.addEventListener('click', ev => { clicks++; ev.preventDefault(); }));
      // Chromium: keydown during the composition; Safari: after compositionend, keyCode 229
      box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true, isComposing: true}));
      const safari = new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true});
      Object.defineProperty(safari, 'keyCode', {get: () => 229});
      box.dispatchEvent(safari);
      const ime = clicks;
      box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true, cancelable: true}));
      return [ime, clicks];
    }""")
    assert clicked == [0, 1], "IME Enter opened a result (or a plain Enter did not)"
    assert page.url == before


@pytest.mark.parametrize("locale", list(HOME))
def test_result_count_counts_questions_in_the_locale_and_shows_topics(page_at, server, locale):
    page = open_search(page_at, server, locale)
    hrefs = search(page, "量化")
    text = page.locator(META).text_content()
    if locale == "zh-Hant":
        assert text.startswith("找到 ") and "個符合的問題" in text and "个" not in text
    else:
        assert text.endswith("matching questions") and "document" not in text
    count = int(text.split()[1] if locale == "zh-Hant" else text.split()[0])
    assert count >= len(hrefs) > 1
    topics = page.eval_on_selector_all("[data-qa-search] .md-search-result__link",
                                       "els => els.map(e => e.querySelector('.qa-search-topic')?.textContent)")
    expected = {"zh-Hant": {"applications": "實踐應用", "evaluation": "模型評估與解釋"},
                "en": {"applications": "Practical applications"}}[locale]
    for href, topic in zip(hrefs, topics):
        slug = urlsplit(href).path.strip("/").split("/")[-1]
        assert topic, f"no topic shown for {href}"
        if slug in expected:
            assert topic == expected[slug]


def test_every_result_is_reachable_beyond_the_first_ten(page_at, server):
    page = open_search(page_at, server, "zh-Hant")
    search(page, "模型")
    total = int(page.locator(META).text_content().split()[1])
    assert total > 10, "the query no longer finds more than ten questions; pick a broader one"
    box = page.locator(BOX)
    root = page.locator("[data-qa-search]")
    while int(root.get_attribute("data-qa-shown")) < total:
        shown = int(root.get_attribute("data-qa-shown"))
        for _ in range(shown + 1):  # arrow down to the last option, "more results"
            box.press("ArrowDown")
            if box.get_attribute("aria-activedescendant") == "qa-search-option-more":
                break
        assert box.get_attribute("aria-activedescendant") == "qa-search-option-more"
        box.press("Enter")
        page.wait_for_function("n => +document.querySelector('[data-qa-search]').dataset.qaShown > n", arg=shown)
        assert box.get_attribute("aria-activedescendant") == f"qa-search-option-{shown}"  # the first new one
    ids = [result_id(h) for h in page.eval_on_selector_all(LINKS, "els => els.map(e => e.getAttribute('href'))")]
    assert len(ids) == total == len(set(ids))


@pytest.mark.parametrize("query, nearest, chinese", [("distilation", "distillation", "知識蒸餾"), ("tokenizr", "tokenizer", None),
                                                      ("optimisation", "optimization", "優化")])
def test_misspelt_word_shows_results_of_the_nearest_word(page_at, server, query, nearest, chinese):
    page = open_search(page_at, server, "zh-Hant")
    hrefs = search(page, query)
    assert hrefs, f"no results for {query!r}"
    line = page.locator("[data-qa-search] .qa-search-instead")
    assert line.is_visible() and nearest in line.text_content()
    if chinese:
        assert chinese in marks_of(page)


@pytest.mark.parametrize("query, chinese", [("privacy", "隱私"), ("cost", "成本"), ("latency", "延遲"), ("fairness", "公平性")])
def test_english_concept_word_finds_and_marks_the_chinese_term(page_at, server, query, chinese):
    page = open_search(page_at, server, "zh-Hant")
    hrefs = search(page, query)
    assert hrefs and not page.locator("[data-qa-search] .qa-search-instead").is_visible()
    assert chinese in marks_of(page)
    with page.expect_navigation():
        page.locator(LINKS).first.click()
    assert chinese in marks_of(page, "article mark[data-md-highlight]")  # the target page marks it too


def test_regional_word_marks_the_form_the_page_writes(page_at, server):
    page = open_search(page_at, server, "zh-Hant")
    search(page, "記憶體")
    assert "內存" in marks_of(page)


def test_excerpts_mark_whole_words_and_keep_code_spaces(page_at, server):
    page = open_search(page_at, server, "zh-Hant")
    search(page, "rate")
    excerpts = page.eval_on_selector_all("[data-qa-search] .md-search-result__article > p:last-child",
                                         "els => els.map(e => [e.textContent, [...e.querySelectorAll('mark')].map(m => m.textContent)])")
    assert excerpts
    for text, marks in excerpts:
        assert all(m.lower().startswith("rate") for m in marks), marks  # never the "rate" inside "generate"
    search(page, "AutoTokenizer")
    texts = page.eval_on_selector_all("[data-qa-search] .md-search-result__article > p:last-child", "els => els.map(e => e.textContent)")
    assert any("import" in t for t in texts) or any("AutoTokenizer.from_pretrained" in t for t in texts)
    assert not any("fromtransformers" in t or "importAuto" in t for t in texts), texts


def _serve(folder: Path):
    import functools
    import threading
    from http.server import ThreadingHTTPServer

    from tests.browser.conftest import _Quiet

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


@pytest.fixture(scope="module")
def bank_servers(site, tmp_path_factory):
    """``(sharded, single)``: base URLs of the site with its zh-Hant bundle replaced by a 600-question
    bank (bench/search_bench.py's repeat bank), once in shards of 300 records (two indexes, one per
    search worker) and once as one index; indexed in a subprocess (Pagefind's Python API runs its own
    event loop)."""
    import subprocess
    import sys

    tmp = tmp_path_factory.mktemp("banks")
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; import qa.search_bundle;"
                    " from bench.search_bench import synthetic_site;"
                    " synthetic_site(Path(sys.argv[1]), Path(sys.argv[3]), 600);"
                    " qa.search_bundle.SHARD_SIZE = 300;"
                    " synthetic_site(Path(sys.argv[1]), Path(sys.argv[2]), 600)",
                    str(site), str(tmp / "sharded"), str(tmp / "single")], cwd=root, check=True)
    assert json.loads((tmp / "sharded" / "pagefind" / "qa-shards.json").read_text(encoding="utf-8"))["workers"] == [[""], ["shard-1/"]]
    assert json.loads((tmp / "single" / "pagefind" / "qa-shards.json").read_text(encoding="utf-8"))["shards"] == []
    servers = [_serve(tmp / "sharded"), _serve(tmp / "single")]
    yield tuple(f"http://127.0.0.1:{httpd.server_address[1]}" for httpd in servers)
    for httpd in servers:
        httpd.shutdown()


@pytest.fixture(scope="module")
def sharded_server(bank_servers):
    return bank_servers[0]


def _count(page) -> int:
    return int("".join(ch for ch in page.locator("[data-qa-search] .md-search-result__meta").inner_text() if ch.isdigit()))


@pytest.mark.parametrize("query", ["知識蒸餾", "數據增強", "transformers"])
def test_a_sharded_index_is_searched_by_two_workers_as_one_index(page_at, bank_servers, query):
    sharded, single = bank_servers
    page = open_search(page_at, sharded, "zh-Hant")
    assert search(page, query)
    # the second worker: its own module copy, its script and WebAssembly from its first index
    for name in ("pagefind.js?worker=1", "shard-1/pagefind-worker.js", "shard-1/wasm.unknown.pagefind"):
        assert any(url.endswith("/pagefind/" + name) for url in page.requests), name
    # as many questions are found as in the same bank indexed as one index and searched by one worker
    # (half of them if either worker's results were lost)
    found = _count(page)
    other = open_search(page_at, single, "zh-Hant")
    assert search(other, query)
    assert not any("worker=1" in url for url in other.requests)
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
