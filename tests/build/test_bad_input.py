"""A maintainer's mistake fails the build with the file and line, never a traceback."""
from __future__ import annotations

import pytest

from conftest import fixture_site, mkdocs_build

pytestmark = pytest.mark.build

HOME = "---\ntitle: 首頁\n---\n\n# 首頁\n"
TOPIC = "---\nkind: topic\ntitle: 測試\ntitle_en: Test\norder: 1\n---\n\n"


@pytest.mark.parametrize(
    ("page", "where", "words"),
    [
        ("---\nkind: topic\ntitle: [測試\n---\n", "docs/bad.md:3:", "not valid YAML"),
        (TOPIC + "## 沒有答案的問題？ {#no-answer}\n\n## 第二題？ {#second}\n答案。\n", "docs/bad.md:8:", "has no answer"),
        (TOPIC + "## 第一題？ {#first}\n\n```python\nx = 1\n\n## 第二題？ {#second}\n答案。\n", "docs/bad.md:10:", "swallows the question heading on line 13"),
        (TOPIC + "## 第一題？ {#same}\n答案。\n\n## 第二題？ {#same}\n答案。\n", "docs/bad.md:11:", "already used on line 8"),
    ],
    ids=["broken-front-matter", "question-without-answer", "unclosed-fence", "duplicate-id"],
)
def test_bad_page_names_file_and_line(tmp_path, page, where, words):
    build = mkdocs_build(fixture_site(tmp_path, {"index.md": HOME, "bad.md": page}), tmp_path / "site")
    assert build.returncode != 0
    assert where in build.output and words in build.output, build.output
    assert "Traceback" not in build.output


def test_a_search_index_that_cannot_be_built_fails_the_build_in_one_line(tmp_path, monkeypatch):
    """The index is built in a background worker (hooks/_worker.py); its failure still fails the build,
    with the stage's own message and no traceback."""
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))  # Pagefind's own override of its binary
    page = TOPIC + "## 什麼是量化？ {#quantization data-en=\"What is quantization?\"}\n\n量化降低數值精度。\n"
    build = mkdocs_build(fixture_site(tmp_path, {"index.md": HOME, "t.md": page}), tmp_path / "site")
    assert build.returncode != 0
    assert "search: " in build.output and "Pagefind" in build.output, build.output
    assert "Traceback" not in build.output
