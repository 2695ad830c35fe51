"""Offline reading in headless Chromium (issue 27, item 2): after one visit an edition works with the network
off, PDFs are kept once opened, and a new build takes over without a page mixing two builds.

The small two-topic site of tests/build/test_offline_site.py, built under the sub-path ``/guide/``, is
served at ``http://127.0.0.1:PORT/guide/`` from a folder the test can swap for the next build (a deploy).
A reader opens the edition's home page once; once its service worker controls the page, the network is
turned off (``context.set_offline``) and the reader opens the other topic from the home page's list,
searches, and turns self-test on — at 390 and 1280 px. No request may fail while offline, and none may
go to another host at any time.
"""
from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
import time
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from build.test_offline_site import AFTER, BEFORE, EDITIONS, build_offline_fixture

pytestmark = pytest.mark.browser

SUBPATH = "/guide/"
QUERY = {"zh-Hant": "量化", "zh-Hans": "量化", "en": "quantization"}
TOGGLE = {"zh-Hant": "自我測驗", "zh-Hans": "自我测验", "en": "Self-test"}
#: words only the first build's answer has, and only the second's (the answer to "what is distillation")
OLD, NEW = "學生模型", "軟標籤"
#: a file every page's search loads and that differs between the two builds; fetched from a topic page
ENTRY = "pagefind/pagefind-entry.json"
FETCH = "path => fetch('../' + path).then(r => r.text())"


class _Deploy(SimpleHTTPRequestHandler):
    """Serves ``site[0]`` under :data:`SUBPATH`; swapping ``site[0]`` deploys another build."""

    site: list = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, directory=str(self.site[0]), **kwargs)

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.path.split("?", 1)[0]
        if not path.startswith(SUBPATH):
            self.send_error(404)
            return None
        self.path = "/" + self.path[len(SUBPATH):]
        return super().send_head()


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    """The fixture site before and after an answer is edited (built once for this module)."""
    before = build_offline_fixture(tmp_path_factory.mktemp("offline-b1"), BEFORE)
    after = build_offline_fixture(tmp_path_factory.mktemp("offline-b2"), AFTER)
    for site, words in ((before, OLD), (after, NEW)):
        assert words in (site / "a" / "index.html").read_text(encoding="utf-8")
    return before, after


@pytest.fixture
def deploy(builds):
    """``(base URL ending in /guide/, swap)``: the first build served; ``swap()`` deploys the second."""
    handler = type("Deploy", (_Deploy,), {"site": [builds[0]]})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}{SUBPATH}", functools.partial(handler.site.__setitem__, 0, builds[1])
    httpd.shutdown()


def visit(browser, url: str, width: int):
    """A fresh reader at ``width`` px opens ``url`` and waits until the worker controls the page.
    Returns ``(context, page, problems)``: ``problems`` collects every request to another host and, once
    the network is off (:func:`go_offline`), every failed request."""
    context = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900},
                                  is_mobile=width < 600, has_touch=width < 600)
    page = context.new_page()
    problems = []
    host = urlsplit(url).netloc
    context.on("request", lambda request: urlsplit(request.url).netloc in (host, "") or problems.append(request.url))
    context.on("requestfailed", lambda request: context.offline and problems.append(f"failed: {request.url} {request.failure}"))
    context.offline = False
    page.goto(url, wait_until="load")
    page.wait_for_function("() => navigator.serviceWorker.controller !== null", timeout=60_000)
    return context, page, problems


def wait_until(page, script: str, timeout: float = 60) -> None:
    """Evaluate ``script`` (it may return a promise) in the page until it is true. (``wait_for_function``
    takes a returned promise as a true value.) A navigation meanwhile (a worker reloading the page) is waited out."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            if page.evaluate(script):
                return
        except PlaywrightError as error:
            if "context was destroyed" not in str(error):
                raise
            page.wait_for_load_state("load")
        assert time.monotonic() < deadline, f"not true after {timeout} s: {script}"
        page.wait_for_timeout(200)


def go_offline(context) -> None:
    context.set_offline(True)
    context.offline = True


def open_search(page, width: int):
    if width < 600:
        page.locator(".md-header [for='__search']").first.click()  # the search button in the phone header
    else:
        page.locator("[data-qa-search] .md-search__input").click()


def search(page, query: str) -> list[str]:
    box = page.locator("[data-qa-search] .md-search__input")
    box.press_sequentially(query)
    page.wait_for_function("q => { const r = document.querySelector('[data-qa-search]');"
                           " return r.dataset.qaState === 'done' && r.dataset.qaQuery === q; }", arg=query, timeout=30_000)
    return page.eval_on_selector_all("[data-qa-search] .md-search-result__link", "els => els.map(e => e.href)")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("locale", EDITIONS)
def test_after_one_visit_topic_search_and_self_test_work_offline(browser, deploy, artifacts, locale, width):
    base, _ = deploy
    home = base + EDITIONS[locale]
    context, page, problems = visit(browser, home, width)
    try:
        go_offline(context)
        page.locator("article a[href$='b/']").first.click()  # the home page's list of topics
        page.wait_for_url(home + "b/")
        expect(page.locator("h2#quantization")).to_be_visible()

        open_search(page, width)
        results = search(page, QUERY[locale])
        assert results and urlsplit(results[0])._replace(query="").geturl() == home + "b/#quantization", results
        page.locator("[data-qa-search] .md-search-result__link").first.click()  # ?h=<query>#quantization
        page.wait_for_url(results[0])
        expect(page.locator("h2#quantization")).to_be_in_viewport()

        page.wait_for_selector("html[data-qa-study-ready]", state="attached")  # study.json read offline
        toggle = page.get_by_role("button", name=TOGGLE[locale], exact=True)
        toggle.click()
        expect(toggle).to_have_attribute("aria-pressed", "true")
        expect(page.locator("#qa-answer-quantization")).to_be_hidden()
        if width == 390:
            page.screenshot(path=str(artifacts / f"offline-{locale}-390.png"))
        assert not problems, problems
    finally:
        context.close()


def test_a_pdf_is_kept_once_opened_and_not_before(browser, deploy):
    base, _ = deploy
    context, page, problems = visit(browser, base, 1280)
    try:
        pdf = base + "files/sample.pdf"
        assert page.evaluate("url => caches.match(url).then(r => r === undefined)", pdf)  # not precached
        opened = page.evaluate("url => fetch(url).then(r => r.text())", pdf)
        assert opened.startswith("%PDF")
        go_offline(context)
        assert page.evaluate("url => fetch(url).then(r => r.text())", pdf) == opened
        assert not problems, problems
    finally:
        context.close()


def test_a_new_build_takes_over_and_pages_never_mix_builds(browser, deploy, builds):
    base, swap = deploy
    before, after = builds
    assert (before / ENTRY).read_bytes() != (after / ENTRY).read_bytes()  # the search bundle names the new fragments
    context, page, problems = visit(browser, base + "a/", 1280)
    try:
        expect(page.locator("article")).to_contain_text(OLD)
        swap()  # a new build is deployed
        page.goto(base + "b/", wait_until="load")  # the browser checks sw.js and installs the new worker
        wait_until(page, "() => navigator.serviceWorker.getRegistration().then(r => !!(r && r.waiting))")
        # while the new worker waits, this page and what it fetches are the old build's
        assert page.evaluate(FETCH, ENTRY) == (before / ENTRY).read_text(encoding="utf-8")

        # the next page asks the new worker to take over and reloads; Chromium sometimes sets a takeover
        # aside (a request of the page crossing it), and the page after asks again: a few pages at most
        for _ in range(5):
            try:
                page.goto(base + "a/", wait_until="load")
            except PlaywrightError as error:  # the taking-over worker reloaded the page under the navigation
                if "ERR_ABORTED" not in str(error):
                    raise
                page.wait_for_load_state("load")
            try:
                expect(page.locator("article")).to_contain_text(NEW, timeout=5_000)
                break
            except AssertionError:
                expect(page.locator("article")).to_contain_text(OLD)  # still wholly the old build
        expect(page.locator("article")).to_contain_text(NEW)
        expect(page.locator("article")).not_to_contain_text(OLD)
        assert page.evaluate(FETCH, ENTRY) == (after / ENTRY).read_text(encoding="utf-8")

        go_offline(context)  # the new build is the one kept
        page.goto(base + "b/", wait_until="load")
        expect(page.locator("h2#quantization")).to_be_visible()
        assert page.evaluate(FETCH, ENTRY) == (after / ENTRY).read_text(encoding="utf-8")
        assert not problems, problems
    finally:
        context.close()


def test_mkdocs_serve_removes_a_worker_a_built_site_left(browser, builds):
    """A reader served a build at an address (``python3 -m http.server``), then previews with ``mkdocs serve``
    at the same address: the preview's pages show, not the build's cached ones, and no worker stays."""
    before = builds[0]
    handler = type("Deploy", (_Deploy,), {"site": [before]})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port = httpd.server_address[1]
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{port}{SUBPATH}"
    context, page, problems = visit(browser, base + "a/", 1280)
    httpd.shutdown()
    httpd.server_close()
    env = dict(os.environ, SITE_URL="https://example.org" + SUBPATH, HANDOUT="0", NO_MKDOCS_2_WARNING="1")
    serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(before.parent / "mkdocs.yml"),
                              "--dev-addr", f"127.0.0.1:{port}", "--no-livereload"],
                             cwd=before.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 180
        while True:  # the preview's first build
            try:
                with urllib.request.urlopen(base + "a/", timeout=5):
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline and serve.poll() is None, "mkdocs serve did not start"
            time.sleep(1)
        page.goto(base + "a/", wait_until="load")  # the old worker answers; the browser checks sw.js
        wait_until(page, "() => navigator.serviceWorker.getRegistrations().then(rs => rs.length === 0)")
        wait_until(page, "() => caches.keys().then(keys => keys.length === 0)")
        page.goto(base + "a/", wait_until="load")
        assert page.evaluate("() => navigator.serviceWorker.controller") is None
        assert page.locator("script[data-worker]").count() == 0  # the preview registers nothing
        expect(page.locator("article")).to_contain_text(OLD)
    finally:
        serve.terminate()
        serve.wait(timeout=30)
        context.close()
