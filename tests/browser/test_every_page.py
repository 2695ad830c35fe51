"""Every page of both editions loads clean and its search answers (issue 10, part 2).

For the real site built at the root and a second build published under a sub-path (``SITE_URL`` with a
path, as on GitHub Pages project sites), each HTML page is opened in light and in dark mode, plus a
missing nested address in each edition, served the way GitHub Pages serves one: the 404 page's bytes
with status 404 at the address asked for. On each page the test types one query into the header
search and waits for its results. It fails on any failed request (network error or HTTP status ≥ 400,
except the 404 page's own document), any console error or uncaught exception, or an empty result list.
On the root build it also runs axe-core on each page once its fonts have loaded (issue 14), before the
search opens, and fails on any serious or critical violation.

What each pass covers (``make test`` must stay under five minutes, and every topic page of an edition is
made by the same template from the same kinds of Markdown):

- root, light: every page of every edition, all axe rules; the search typed on :func:`_sample` pages;
- root, dark: the :func:`_sample` pages, the axe rules that measure colours (nothing else differs);
- sub-path (``test_every_page_subpath.py``): every page loads clean; the search on the sample pages.
"""
from __future__ import annotations

from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import serve_folder
from tests.browser.test_gates import violations


#: axe rules that fail the test at any impact: moderate in axe, but a screen reader's landmark list
#: shows the same name twice
AXE_RULES_ALWAYS = ("landmark-unique",)
AXE_OPTIONS = {"light": {"resultTypes": ["violations"]},
               "dark": {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}}
QUERY = {"zh-Hant": "知識蒸餾", "zh-Hans": "知识蒸馏", "en": "distillation"}
MISSING = {"zh-Hant": "no/such/page/", "zh-Hans": "zh-Hans/no/such/page/", "en": "en/no/such/page/"}


class _PagesHandler(SimpleHTTPRequestHandler):
    """Static files under ``prefix``; a missing file gets the edition's 404.html with status 404."""

    prefix = "/"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if not path.startswith(self.prefix):
            return self._not_found("404.html")
        relative = path[len(self.prefix):]
        target = Path(self.directory) / relative
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            edition = next((prefix for prefix in ("en/", "zh-Hans/") if relative.startswith(prefix)), "")
            return self._not_found(edition + "404.html")
        self.path = "/" + relative  # served from the site folder as if the prefix were the root
        return super().send_head()

    def _not_found(self, page: str):
        body = (Path(self.directory) / page).read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


def _serve(site: Path, prefix: str):
    httpd, base = serve_folder(site, type("Handler", (_PagesHandler,), {"prefix": prefix}))
    return httpd, base + prefix


@pytest.fixture(scope="session")
def published(site):
    """(site folder, base URL) of the real site served like GitHub Pages at the root."""
    httpd, base = _serve(site, "/")
    yield site, base
    httpd.shutdown()


def _locale(path: str) -> str:
    return "en" if path.startswith("en/") else "zh-Hans" if path.startswith("zh-Hans/") else "zh-Hant"


def _pages(folder: Path) -> list[tuple[str, str, bool]]:
    """(path under the base URL, locale, is a 404) for every page of every edition, and each edition's 404."""
    pages = []
    for index in sorted(folder.rglob("index.html")):
        relative = index.parent.relative_to(folder).as_posix()
        path = "" if relative == "." else relative + "/"
        pages.append((path, _locale(path), False))
    pages += [(MISSING[locale], locale, True) for locale in MISSING]
    return pages


def _sample(folder: Path, pages: list[tuple[str, str, bool]]) -> set[str]:
    """The paths of one page per template and edition: every page that is not a topic page (home,
    glossary, review and the like, the 404s) and each edition's first topic page (a page with question
    headings, ``qa-meta``)."""
    chosen, topic_seen = set(), set()
    for path, locale, is_404 in pages:
        if is_404:
            chosen.add(path)
            continue
        if 'class="qa-meta"' not in (folder / path / "index.html").read_text(encoding="utf-8"):
            chosen.add(path)
        elif locale not in topic_seen:
            topic_seen.add(locale)
            chosen.add(path)
    return chosen


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_loads_clean_and_finds(browser, published, scheme):
    check_pages(browser, *published, scheme, axe=True)


def check_pages(browser, folder: Path, base: str, scheme: str, axe: bool) -> None:
    """Open the pages of the pass (see the module docstring) and fail on any problem, all listed."""
    pages = _pages(folder)
    assert {locale for _, locale, _ in pages} == set(QUERY), pages
    sample = _sample(folder, pages)
    assert len(sample) >= 4 * len(QUERY), sample  # home, a topic, glossary, review and a 404 of each edition
    if scheme == "dark":
        pages = [entry for entry in pages if entry[0] in sample]
    # the offline worker is left out (tests/browser/test_offline.py tests it): here each page is what the server sends
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme, service_workers="block")
    page = context.new_page()
    problems: list[str] = []
    current = {"url": ""}

    def failed(request):
        if request.failure == "net::ERR_ABORTED":  # cut short by the next page.goto (a favicon still loading)
            return
        problems.append(f"{current['url']}: request failed {request.url} ({request.failure})")

    def response(resp):
        if resp.status >= 400 and not (resp.url == current["url"] and current["is_404"]):
            problems.append(f"{current['url']}: HTTP {resp.status} for {resp.url}")

    def console(message):
        if message.type != "error":
            return
        if current["is_404"] and message.location.get("url") == current["url"] and "404" in message.text:
            return  # the browser reports the 404 page's own status; that is the page under test
        problems.append(f"{current['url']}: console error {message.text!r}")

    page.on("requestfailed", failed)
    page.on("response", response)
    page.on("console", console)
    page.on("pageerror", lambda error: problems.append(f"{current['url']}: uncaught {error}"))
    try:
        for path, locale, is_404 in pages:
            url = base + path
            current.update(url=url, is_404=is_404)
            answer = page.goto(url)
            assert answer is not None and answer.status == (404 if is_404 else 200), f"{url}: status {answer and answer.status}"
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
            if axe:
                page.wait_for_function("() => document.fonts.status === 'loaded'")
                # in dark mode only the colours differ: the rules that measure colours
                bad = violations(page, options=AXE_OPTIONS[scheme], always=AXE_RULES_ALWAYS)
                if bad:
                    problems.append(f"{url}: axe {bad}")
            if path not in sample:
                continue
            if is_404:
                page.click("button.qa-404-search")  # the page's own search button opens the header search
            else:
                page.keyboard.press("/")
            box = page.locator("[data-qa-search] .md-search__input")
            box.press_sequentially(QUERY[locale])
            try:
                page.wait_for_function(
                    "q => { const r = document.querySelector('[data-qa-search]');"
                    " return r.dataset.qaState === 'done' && r.dataset.qaQuery === q; }", arg=QUERY[locale], timeout=20_000)
            except PlaywrightTimeout:
                problems.append(f"{url}: the search for {QUERY[locale]!r} never finished")
                continue
            count = page.locator("[data-qa-search] .md-search-result__link").count()
            if count == 0:
                problems.append(f"{url}: no result for {QUERY[locale]!r}")
    finally:
        context.close()
    assert not problems, "\n".join(problems)
