"""Browser fixtures: the built site served on 127.0.0.1, and headless Debian Chromium via Playwright."""
from __future__ import annotations

import functools
import shutil
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep pytest output clean
        pass


def open_page(page, url: str) -> None:
    """Go to ``url`` and wait until the page is as a reader sees it: the ``load`` event (document,
    styles, scripts, images) and every font it uses loaded (``document.fonts.status``). A state, not
    Playwright's ``networkidle``, which waits for 500 ms without requests."""
    page.goto(url, wait_until="load")
    page.wait_for_function("() => document.fonts.status === 'loaded'")


class _Server(ThreadingHTTPServer):
    """A request the browser dropped mid-answer (a page left while a file was being sent) is not an
    error of the site: no traceback for it among the test output. Any other error is printed."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


def serve_folder(folder, handler=_Quiet) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``folder`` statically on 127.0.0.1 in a background thread with ``handler`` (a
    ``SimpleHTTPRequestHandler``; default: quiet). Returns ``(server, "http://127.0.0.1:PORT")``;
    call ``server.shutdown()`` when done."""
    httpd = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture(scope="session")
def server(site):
    """Base URL (``http://127.0.0.1:PORT``) of a static server over the built site."""
    httpd, base = serve_folder(site)
    yield base
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_at(browser):
    """Factory: a new page of the given viewport width (px) that records every request URL; the site's
    service worker is blocked unless the test passes ``service_workers="allow"``."""
    contexts = []

    def make(width: int = 1280, height: int = 900, **options):
        # the site's service worker would precache an edition (~190 files) in every new context; the
        # offline tests (test_offline.py) make their own contexts with it, the others test pages without
        options.setdefault("service_workers", "block")
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        return page

    yield make
    for context in contexts:
        context.close()
