"""The build state lives for one build: nothing leaks into the process or into the next build."""
from __future__ import annotations

import gzip
import logging
import os
import subprocess

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import fixture_site, mkdocs_build

TOPIC = """---
kind: topic
title: 測試
title_en: Test
order: 1
---

## 什麼是量化？ {#quantization data-en="What is quantization?"}

量化降低數值精度。
"""


SECOND = """
## 什麼是知識蒸餾？ {#distillation data-en="What is knowledge distillation?"}

知識蒸餾把大模型的知識轉移給小模型。
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


def test_serve_reuses_only_what_a_successful_rebuild_computed():
    """The edit loop's cache (hooks/_state.Reuse): keyed by input hash, kept only after a build succeeded."""
    import sys

    from conftest import ROOT

    sys.path.insert(0, str(ROOT / "hooks"))
    from _state import Reuse, digest

    reuse, calls = Reuse(), []

    def compute(value):
        calls.append(value)
        return value

    assert reuse.get("lint", digest("a.md", "甲"), lambda: compute(1)) == 1
    reuse.discard()  # that build failed (e.g. a warning under strict): nothing is kept
    assert reuse.get("lint", digest("a.md", "甲"), lambda: compute(2)) == 2
    reuse.commit()
    assert reuse.get("lint", digest("a.md", "甲"), lambda: compute(3)) == 2  # unchanged input: reused
    assert reuse.get("lint", digest("a.md", "乙"), lambda: compute(4)) == 4  # changed input: computed
    reuse.commit()
    assert reuse.get("lint", digest("a.md", "乙"), lambda: compute(5)) == 4
    assert calls == [1, 2, 4]
    assert digest("ab", "c") != digest("a", "bc")


@pytest.mark.build
def test_an_unprintable_character_fails_the_build_before_pdf_layout(tmp_path):
    """A character no installed font has (an emoji) names its file and line, and no PDF is laid out."""
    from conftest import mkdocs_build

    robot = "\U0001F916"
    page = TOPIC.replace("量化降低數值精度。", f"量化降低數值精度 {robot}。")
    config = fixture_site(tmp_path, {"index.md": "# 首頁\n", "t.md": page}, handout=True)
    build = mkdocs_build(config, tmp_path / "site")
    assert build.returncode != 0
    assert f"docs/t.md:10: character '{robot}' (U+1F916) is in none of the installed fonts" in build.output
    assert not list((tmp_path / "site").rglob("*.pdf"))
    assert "PDF handout:" not in build.output  # no layout ran


@pytest.mark.build
def test_a_rebuild_indexes_only_the_questions_it_has(tmp_path):
    """The search worker keeps its record files in .cache/search-records/ and the next build overwrites
    them: a question deleted since the last build must not come back from a left-over file."""
    import json

    config = fixture_site(tmp_path, {"index.md": "# 首頁\n", "t.md": TOPIC + SECOND})
    site = tmp_path / "site"

    def indexed() -> dict[str, int]:  # Pagefind's own count of the pages in each locale's bundle
        return {locale: json.loads((site / folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["und"]["page_count"]
                for locale, folder in (("zh-Hant", "pagefind"), ("en", "en/pagefind"))}

    first = mkdocs_build(config, site)
    assert first.returncode == 0, first.output
    assert indexed() == {"zh-Hant": 2, "en": 2}
    kept = tmp_path / ".cache" / "search-records"
    assert sorted(p.name for p in (kept / "zh-Hant").iterdir()) == [".lock", "000000.html", "000001.html", "pagefind"]
    (tmp_path / "docs" / "t.md").write_text(TOPIC, encoding="utf-8")  # the second question deleted
    second = mkdocs_build(config, site)
    assert second.returncode == 0, second.output
    assert indexed() == {"zh-Hant": 1, "en": 1}
    for locale, folder in (("zh-Hant", "pagefind"), ("en", "en/pagefind")):
        assert sorted(p.name for p in (kept / locale).iterdir()) == [".lock", "000000.html", "pagefind"]
        # neither the site nor the index files Pagefind keeps for the next build hold the deleted question
        assert len(list((site / folder / "fragment").iterdir())) == 1
        assert len(list((kept / locale / "pagefind" / "0" / "fragment").iterdir())) == 1
