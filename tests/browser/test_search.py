"""Header search in headless Chromium: queries typed as a person types them (issues 5 and 10):
the combobox, the results list, corrections, marks and excerpts on the real site. The ranking of the
query set is in test_search_ranking.py, a large bank in test_search_scale.py; typing and waiting for
the results state is tests/browser/searchbox.py.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.searchbox import BOX, HOME, LINKS, META, open_search, result_id, search

pytestmark = pytest.mark.browser


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
    reached = set()
    for _ in range(4):
        page.keyboard.press("Tab")
        assert page.evaluate(inside), "Tab left the open search dialog"
        reached.add(page.evaluate("() => document.activeElement.className.split(' ')[0]"))
    # the box, the reset button and the results area (scrollable by keyboard when taller than the screen)
    assert reached == {"md-search__input", "md-search__icon", "md-search__scrollwrap"}, reached
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(inside)
    page.keyboard.press("Escape")
    assert page.evaluate("() => !document.getElementById('__search').checked")
    page.evaluate("() => document.activeElement.blur()")
    # closed: walking the whole page with Tab never stops in the (hidden) results area (reaching the box
    # opens the dialog, and then its results area is a stop again)
    stops = []
    for _ in range(60):
        page.keyboard.press("Tab")
        stops.append(page.evaluate("() => !!document.activeElement.closest('.md-search__output')"
                                   " && !document.getElementById('__search').checked"))
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


def test_a_search_overtaken_by_typing_never_shows_its_results(page_at, server):
    """The box's text changes while the search of its earlier text is under way (數, then 數據增強
    before 數's search has returned): that search stops, only the latest text's results are shown.
    Both texts are put in the box in one task, so 數's search cannot finish in between (no timing)."""
    page = open_search(page_at, server, "zh-Hant")
    page.evaluate("""() => {
      const root = document.querySelector('[data-qa-search]');
      window.__shown = [];
      new MutationObserver(() => {
        if (root.dataset.qaState === 'done') window.__shown.push(root.dataset.qaQuery);
      }).observe(root, {attributes: true, attributeFilter: ['data-qa-state', 'data-qa-query']});
      const box = root.querySelector('.md-search__input');
      for (const text of ['數', '數據增強']) {
        box.value = text;
        box.dispatchEvent(new Event('input', {bubbles: true}));
      }
    }""")
    page.wait_for_function("() => { const r = document.querySelector('[data-qa-search]');"
                           " return r.dataset.qaState === 'done' && r.dataset.qaQuery === '數據增強'; }")
    assert page.locator(LINKS).count() > 0
    assert page.evaluate("() => [...new Set(window.__shown)]") == ["數據增強"], "an overtaken search showed its results"


@pytest.mark.parametrize("locale", list(HOME))
def test_result_count_counts_questions_in_the_locale_and_shows_topics(page_at, server, locale):
    page = open_search(page_at, server, locale)
    hrefs = search(page, "量化")
    text = page.locator(META).text_content()
    if locale == "zh-Hant":
        assert text.startswith("找到 ") and "個符合的問題" in text and "个" not in text
    elif locale == "zh-Hans":
        assert text.startswith("找到 ") and "个符合的问题" in text and "個" not in text
    else:
        assert text.endswith("matching questions") and "document" not in text
    count = int(text.split()[0] if locale == "en" else text.split()[1])
    assert count >= len(hrefs) > 1
    topics = page.eval_on_selector_all("[data-qa-search] .md-search-result__link",
                                       "els => els.map(e => e.querySelector('.qa-search-topic')?.textContent)")
    expected = {"zh-Hant": {"applications": "實踐應用", "evaluation": "模型評估與解釋"},
                "zh-Hans": {"applications": "实践应用", "evaluation": "模型评估与解释"},
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


# ("tokenizr" is one letter from tokenize and tokenizer; the British "optimisation" is now indexed: a cited
# paper title spells it so)
@pytest.mark.parametrize("query, nearest, chinese", [("distilation", "distillation", "知識蒸餾"), ("tokenizr", "tokenize", None),
                                                      ("quantisation", "quantization", "量化")])
def test_misspelt_word_shows_results_of_the_nearest_word(page_at, server, query, nearest, chinese):
    page = open_search(page_at, server, "zh-Hant")
    hrefs = search(page, query)
    assert hrefs, f"no results for {query!r}"
    line = page.locator("[data-qa-search] .qa-search-instead")
    assert line.is_visible() and nearest in line.text_content()
    if chinese:
        assert chinese in marks_of(page)


# ("cost" is no longer one: an added answer writes it in English too)
@pytest.mark.parametrize("query, chinese", [("privacy", "隱私"), ("latency", "延遲"), ("fairness", "公平性")])
def test_english_concept_word_finds_and_marks_the_chinese_term(page_at, server, query, chinese):
    page = open_search(page_at, server, "zh-Hant")
    hrefs = search(page, query)
    assert hrefs and not page.locator("[data-qa-search] .qa-search-instead").is_visible()
    assert chinese in marks_of(page)
    with page.expect_navigation():
        page.locator(LINKS).first.click()
    assert chinese in marks_of(page, "article mark[data-md-highlight]")  # the target page marks it too


def test_regional_word_marks_the_form_the_page_writes(page_at, server):
    # the 繁體中文 edition writes 記憶體 (Taiwan wording); a reader typing the mainland 內存 finds it marked
    page = open_search(page_at, server, "zh-Hant")
    search(page, "內存")
    assert "記憶體" in marks_of(page)


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


@pytest.mark.parametrize("locale, path, term", [("zh-Hant", "/glossary/", "大型語言模型"),
                                                ("en", "/en/glossary/", "large language model")])
def test_glossary_more_link_opens_the_search_for_the_term(page_at, server, locale, path, term):
    """A term mentioned by more questions than the glossary lists (大型語言模型: all 20) links to the
    search for the rest; following it opens the header search with the term's results."""
    page = page_at()
    page.goto(server + path)
    listed = page.eval_on_selector_all("h3#large-language-model ~ ul", "uls => uls[0].querySelectorAll('li > a').length")
    assert listed == 10
    with page.expect_navigation():
        page.locator("h3#large-language-model ~ p > a[href^='?q=']").first.click()
    page.wait_for_function(
        "q => { const r = document.querySelector('[data-qa-search]');"
        " return r.dataset.qaState === 'done' && r.dataset.qaQuery === q; }", arg=term, timeout=30_000)
    assert page.locator(BOX).input_value() == term
    assert page.evaluate("() => document.getElementById('__search').checked")
    assert page.evaluate("() => document.activeElement.classList.contains('md-search__input')")
    count = re.search(r"\d+", page.locator(META).inner_text())  # "找到 20 題" / "20 matching questions"
    found = int(count.group()) if count else 0
    assert found > listed, f"the search for {term} found {found}, no more than the glossary lists"
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.getElementById('__search').checked")
