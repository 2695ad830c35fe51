"""Every page of both editions loads clean and its search answers (issue 10, part 2).

For the real site built at the root and a second build published under a sub-path (``SITE_URL`` with a
path, as on GitHub Pages project sites), each HTML page is opened in light and in dark mode, plus a
missing nested address in each edition, served the way GitHub Pages serves one: the 404 page's bytes
with status 404 at the address asked for. On each page the test types one query into the header
search and waits for its results. It fails on any failed request (network error or HTTP status ≥ 400,
except the 404 page's own document), any console error or uncaught exception, or an empty result list.
On the root build it also runs axe-core on each page once its fonts have loaded (issue 14: every page
in both colour schemes; in dark mode the rules that measure colours, as nothing else differs), before
the search opens, and fails on any serious or critical violation.
"""
from __future__ import annotations

import os
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import serve_folder
from tests.browser.test_gates import violations
from tests.conftest import ROOT, mkdocs_build

SUBPATH = "/llm-guide/"
#: axe rules that fail the test at any impact: moderate in axe, but a screen reader's landmark list
#: shows the same name twice
AXE_RULES_ALWAYS = ("landmark-unique",)
AXE_OPTIONS = {"light": {"resultTypes": ["violations"]},
               "dark": {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]}}}
QUERY = {"zh-Hant": "知識蒸餾", "en": "distillation"}
MISSING = {"zh-Hant": "no/such/page/", "en": "en/no/such/page/"}


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
            return self._not_found("en/404.html" if relative.startswith("en/") else "404.html")
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
def subpath_site(tmp_path_factory) -> Path:
    """The real site built for publication under a sub-path (PDFs off: this test does not open them)."""
    out = tmp_path_factory.mktemp("subpath-site")
    env = {"SITE_URL": f"https://example.org{SUBPATH}", "HANDOUT": "0"}
    saved = {key: os.environ.get(key) for key in env}
    os.environ.update(env)
    try:
        build = mkdocs_build(ROOT / "mkdocs.yml", out)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    assert build.returncode == 0, build.output
    return out


@pytest.fixture(scope="session", params=["root", "subpath"])
def published(request, site):
    """(site folder, base URL) of a build served like GitHub Pages, at the root or under SUBPATH."""
    folder = site if request.param == "root" else request.getfixturevalue("subpath_site")
    httpd, base = _serve(folder, "/" if request.param == "root" else SUBPATH)
    yield folder, base
    httpd.shutdown()


def _pages(folder: Path) -> list[tuple[str, str, bool]]:
    """(path under the base URL, locale, is a 404) for every page of both editions."""
    pages = []
    for index in sorted(folder.rglob("index.html")):
        relative = index.parent.relative_to(folder).as_posix()
        path = "" if relative == "." else relative + "/"
        pages.append((path, "en" if path == "en/" or path.startswith("en/") else "zh-Hant", False))
    pages += [(MISSING[locale], locale, True) for locale in MISSING]
    return pages


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_loads_clean_and_finds(browser, published, scheme):
    folder, base = published
    axe = not base.endswith(SUBPATH)  # the root build; the sub-path one differs only in URLs
    pages = _pages(folder)
    assert len(pages) >= 16, pages  # home, 5 topics, glossary and more in each edition, plus two 404s
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    problems: list[str] = []
    current = {"url": ""}

    def failed(request):
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
