"""The build state lives for one build: nothing leaks into the process or into the next build."""
from __future__ import annotations

import gzip
import logging
import os
import subprocess

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import fixture_site

TOPIC = """---
kind: topic
title: 測試
title_en: Test
order: 1
---

## 什麼是量化？ {#quantization data-en="What is quantization?"}

量化降低數值精度。
"""


def _commit(folder, when: int) -> None:
    env = dict(os.environ, GIT_AUTHOR_DATE=f"@{when} +0000", GIT_COMMITTER_DATE=f"@{when} +0000",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", "add", "-A"], cwd=folder, check=True, env=env)
    subprocess.run(["git", "commit", "-qm", "content"], cwd=folder, check=True, env=env)


@pytest.mark.build
def test_source_date_epoch_is_pinned_per_build_and_never_leaks(tmp_path, monkeypatch):
    """Like `mkdocs serve`: two builds in one process, content committed in between. Each build is dated
    by its own last content commit, and SOURCE_DATE_EPOCH is not left in the environment."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    config_path = fixture_site(tmp_path, {"index.md": "# 首頁\n", "t.md": TOPIC})
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    site = tmp_path / "site"

    def build_once() -> bytes:
        build(load_config(str(config_path), site_dir=str(site)))
        assert "SOURCE_DATE_EPOCH" not in os.environ
        return gzip.decompress((site / "sitemap.xml.gz").read_bytes())

    _commit(tmp_path, 1_600_000_000)  # 2020-09-13
    assert b"<lastmod>2020-09-13</lastmod>" in build_once()
    (tmp_path / "docs" / "t.md").write_text(TOPIC + "\n再補一句。\n", encoding="utf-8")
    _commit(tmp_path, 1_700_000_000)  # 2023-11-14
    assert b"<lastmod>2023-11-14</lastmod>" in build_once()


def test_serve_watches_everything_the_build_reads():
    """`mkdocs serve` rebuilds on an edit to content/ (glossary, lint lists, errata), overrides/ and the code,
    not only docs/ and mkdocs.yml."""
    from conftest import ROOT

    class Server:
        def __init__(self):
            self.paths = []

        def watch(self, path, *args, **kwargs):
            self.paths.append(os.path.realpath(path))

    config = load_config(str(ROOT / "mkdocs.yml"))
    server = config.plugins.on_serve(Server(), config=config, builder=None)
    for folder in ("content", "overrides", "hooks", "qa"):
        assert os.path.realpath(ROOT / folder) in server.paths, folder
