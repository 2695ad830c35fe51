"""Browser quality gates: no request leaves the machine, axe-core finds no serious or critical
accessibility violation, headings are in order, ``lang`` is right, phones do not scroll sideways.

One browser for the run; each test opens one page per locale and walks it through its views.
"""
from __future__ import annotations

from urllib.parse import urlparse

import pytest

from .conftest import open_page

pytestmark = pytest.mark.browser

LOCALES = {"zh-Hant": "", "en": "/en"}
QUERY = {"zh-Hant": "量化", "en": "quantization"}


def kinds(site, prefix: str) -> dict[str, str]:
    """Each kind of page of a locale: name → path. Every one must be built."""
    paths = {"home": "/", "topic": "/applications/", "glossary": "/glossary/", "404": "/404.html"}
    found = {name: prefix + path for name, path in paths.items()}
    for path in found.values():
        file = site / path.lstrip("/")
        assert (file / "index.html").is_file() or file.is_file(), f"{path} is not built"
    return found


def open_search(page, query: str) -> None:
    """Open the header search with its keyboard shortcut, type ``query`` and wait until the results
    of exactly that query are listed and the overlay's transitions have ended.

    Waiting for any result item was not enough: the list of a partial query ("quant") appears
    first and is replaced while the later keystrokes are answered; on a loaded machine axe then
    measured colours of nodes being replaced and reported color-contrast on result excerpts."""
    page.keyboard.press("/")
    page.locator(".md-search__input").press_sequentially(query)
    wait_for_results(page, query)


def wait_for_results(page, query: str) -> None:
    """Wait until the results of exactly ``query`` are listed and every transition of the page
    (the search overlay's slide and scale) has ended: what a reader sees once the dialog is open.

    Measuring during the transitions was flaky under load: the phone overlay, scaled 45× while it
    animates, made the page 837 px wider than the screen in 17 of 25 runs beside three builds."""
    page.wait_for_function(
        "q => { const r = document.querySelector('[data-qa-search]');"
        " return r.dataset.qaState === 'done' && r.dataset.qaQuery === q && r.querySelector('.md-search-result__list li'); }",
        arg=query, timeout=15_000)
    page.evaluate("() => Promise.all(document.getAnimations().map(a => a.finished))")


@pytest.mark.parametrize("locale", LOCALES)
def test_no_page_kind_requests_another_host(site, server, page_at, locale):
    """Home, topic, glossary, search results and 404, loaded from 127.0.0.1: zero requests elsewhere."""
    page = page_at(1280)
    local = urlparse(server).netloc
    visited = kinds(site, LOCALES[locale])
    for path in visited.values():
        open_page(page, server + path)
    open_page(page, server + visited["topic"])
    open_search(page, QUERY[locale])
    hosts = {urlparse(url).netloc for url in page.requests if urlparse(url).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {local}, f"requests to other hosts: {hosts - {local}}"
    assert len(page.requests) > 10


# --- accessibility ---------------------------------------------------------------------------------

SERIOUS = ("serious", "critical")

HEADINGS_JS = """() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')]
    .filter(h => h.offsetParent !== null || h.getClientRects().length)
    .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 40)])"""

# every visible text node with a CJK ideograph, and the language of its closest [lang] ancestor
CHINESE_LANG_JS = r"""() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!/[\u3400-\u9fff]/.test(node.data)) continue;
    const el = node.parentElement;
    if (!el || el.closest('script,style,template,[hidden],[aria-hidden="true"]')) continue;
    if (!el.getClientRects().length) continue;
    out.push([el.closest('[lang]').getAttribute('lang'), node.data.trim().slice(0, 30), el.tagName]);
  }
  return out;
}"""


def violations(page, context: str | None = None, options: dict | None = None, always: tuple[str, ...] = ()) -> list[str]:
    """axe-core's serious and critical violations (and any of the rules ``always``) on the page, or only
    on the elements ``context`` (a CSS selector) selects (colours are still measured against what is
    behind them); ``options``: axe's run options (default: violations only). One line per rule."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context, options=options or {"resultTypes": ["violations"]}).response
    assert results["url"] == page.url, (results["url"], page.url)  # axe ran on this page
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in results["violations"] if v["impact"] in SERIOUS or v["id"] in always]


def heading_problems(page) -> list[str]:
    """Headings must start at one h1 and never skip a level going down (h2 → h4)."""
    levels = page.evaluate(HEADINGS_JS)
    problems = []
    if [level for level, _ in levels].count(1) != 1:
        problems.append(f"{[level for level, _ in levels].count(1)} h1 headings")
    for (before, _), (level, text) in zip(levels, levels[1:]):
        if level > before + 1:
            problems.append(f"h{before} → h{level} '{text}'")
    return problems


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("locale", LOCALES)
def test_accessibility_of_home_topic_and_search(site, server, page_at, locale, scheme):
    """Headings in order on the home page and a topic page, and axe-core on the open search overlay:
    nothing serious or critical, in the light and the dark palette (chosen by ``prefers-color-scheme``).
    axe on the pages themselves, closed search box included, runs in
    test_every_page.test_every_page_loads_clean_and_finds (root build). A laptop's 720 px tall window: the
    results list is then taller than its area, which must scroll by keyboard (scrollable-region-focusable)."""
    page = page_at(1280, 720, color_scheme=scheme)
    prefix = LOCALES[locale]
    found = {}
    for name, path in (("home", "/"), ("topic", "/applications/")):
        open_page(page, server + prefix + path)
        expected = "slate" if scheme == "dark" else "default"
        assert page.get_attribute("body", "data-md-color-scheme") == expected
        found[name] = heading_problems(page)
    open_search(page, QUERY[locale])
    found["search"] = violations(page, "[data-qa-search]")  # the rest of the page: test_every_page
    assert not any(found.values()), {name: problems for name, problems in found.items() if problems}


def test_html_lang_on_every_page(site):
    """``<html lang>`` is each edition's on every one of its pages: zh-Hant at the root, zh-Hans and en under theirs."""
    wrong = []
    for path in sorted(site.rglob("*.html")):
        relative = str(path.relative_to(site))
        head = path.read_text(encoding="utf-8")[:400]
        expected = "en" if relative.startswith("en/") else "zh-Hans" if relative.startswith("zh-Hans/") else "zh-Hant"
        if f'<html lang="{expected}"' not in head:
            wrong.append(relative)
    assert not wrong, wrong


@pytest.mark.parametrize("path", ["/en/", "/en/applications/", "/en/evaluation/", "/en/glossary/"])
def test_chinese_text_in_english_pages_is_marked_zh(site, server, page_at, path):
    """Screen readers switch voice by ``lang``: Chinese text on /en/ pages sits inside lang="zh-…"."""
    assert (site / path.strip("/") / "index.html").is_file(), f"{path} is not built"
    page = page_at(1280)
    open_page(page, server + path)
    wrong = [row for row in page.evaluate(CHINESE_LANG_JS) if not row[0].startswith("zh")]
    assert not wrong, wrong[:15]


# --- phones ----------------------------------------------------------------------------------------

# elements wider than the viewport that are not code and not inside a sideways-scrolling box
SIDEWAYS_JS = """() => {
  const width = document.documentElement.clientWidth, out = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (!r.width || r.right <= width + 1) continue;
    if (el.closest('pre, code, .highlight, .md-typeset__scrollwrap, .md-typeset__table')) continue;
    let box = el.parentElement, clipped = false;
    for (; box; box = box.parentElement) {
      const style = getComputedStyle(box);
      if (/(auto|scroll|hidden|clip)/.test(style.overflowX) || style.visibility === 'hidden') { clipped = true; break; }
    }
    if (!clipped && getComputedStyle(el).visibility !== 'hidden')
      out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
  }
  return out.slice(0, 10);
}"""


@pytest.mark.parametrize("locale", LOCALES)
def test_phone_topic_page_and_search_overlay(server, page_at, artifacts, locale):
    """At 390 px (a topic page's screenshot is test_pages.py's topic-390.png): a screenshot of the
    search overlay with results; on both, nothing but code blocks (and tables in their scroll box)
    is wider than the screen, element by element."""
    page = page_at(390, 844, is_mobile=True, has_touch=True)
    prefix, tag = LOCALES[locale], "" if locale == "zh-Hant" else "-en"
    open_page(page, server + prefix + "/applications/")  # screenshot: test_pages.py
    problems = {"topic": page.evaluate(SIDEWAYS_JS)}
    page.locator(".md-header [for='__search']").first.click()  # the search button in the phone header
    page.locator(".md-search__input").press_sequentially(QUERY[locale])
    wait_for_results(page, QUERY[locale])
    page.screenshot(path=str(artifacts / f"phone-search{tag}-390.png"))
    problems["search"] = page.evaluate(SIDEWAYS_JS)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0 and not any(problems.values()), (overflow, problems)
