"""The edit loop: ``mkdocs serve`` shows an edited answer, and its background workers (search index, Anki
deck), which start only after each rebuild and run unwatched, finish without an error — first build and
rebuild alike (under serve the workers fork after the build, from a state whose bank is complete)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ONE_QUESTION_TOPIC, fixture_site

pytestmark = pytest.mark.build

TOPIC = ONE_QUESTION_TOPIC


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as answer:
            return answer.read().decode("utf-8", "replace")
    except OSError:
        return None


def _wait(what, timeout: float = 240):
    """Poll ``what()`` until it returns something true (an outside server: no event to wait on)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = what()
        if found:
            return found
        time.sleep(0.2)
    return None


def test_serve_shows_an_edit_and_its_workers_finish_without_error(tmp_path):
    config = fixture_site(tmp_path, {"index.md": "# 首頁\n", "t.md": TOPIC})
    log = tmp_path / "serve.log"
    port = _port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with log.open("w") as out:
        serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(config),
                                  "-a", f"127.0.0.1:{port}"], cwd=config.parent, env=env, stdout=out,
                                 stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait(lambda: _get(f"{base}/t/")), "mkdocs serve never served the topic page:\n" + log.read_text()
        # the index is written after the build, by the unwatched search worker
        assert _wait(lambda: "\nERROR" in log.read_text() or (
            "search: en bundle written" in log.read_text() and "Anki deck: en/" in log.read_text())), log.read_text()
        assert "\nERROR" not in log.read_text(), log.read_text()
        assert '"fold"' in (_get(f"{base}/en/pagefind/qa-search.json") or ""), "the served site has no English search data"
        page = config.parent / "docs" / "t.md"
        page.write_text(TOPIC.replace("量化降低數值精度。", "量化降低數值精度，編輯後的句子。"), encoding="utf-8")
        assert _wait(lambda: "編輯後的句子" in (_get(f"{base}/t/") or "")), "the edit never showed:\n" + log.read_text()
        assert _wait(lambda: log.read_text().count("search: en bundle written") >= 2 and log.read_text().count("Anki deck: en/") >= 2), (
            "the rebuild's workers never finished:\n" + log.read_text())
        errors = [line for line in log.read_text().splitlines()
                  if line.startswith(("ERROR", "WARNING")) and '"GET ' not in line]  # the server's own 404 lines
        assert errors == [], "\n".join(errors)
    finally:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=60)
