"""Unit tests for qa.seed_import: splitting the seed and applying the errata."""
from pathlib import Path

import pytest

from qa.errors import ContentError
from qa.parse import parse_topic_page
from qa.seed_import import Erratum, apply_errata, import_seed, load_errata, split_seed
from qa.source import read_yaml

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "tests" / "fixtures" / "seed" / "llm-applications-qa.zh-Hant.md"

MINI_SEED = """
### 2. **實踐應用**

   - **什麼是量化？**

### 什麼是量化？

量化降低精度。
1. **步驟**：
   - **校準**：收集數據。

- 倫理與社會影響

3. 偏見從哪裡來？

### 小標題

來自數據。
"""


def test_split_recognises_all_question_and_section_styles():
    topics = split_seed(MINI_SEED, ["實踐應用", "倫理與社會影響"])
    assert [t.name for t in topics] == ["實踐應用", "倫理與社會影響"]
    assert [u.question for u in topics[0].units] == ["什麼是量化？"]
    assert [u.question for u in topics[1].units] == ["偏見從哪裡來？"]
    # nested list items are re-indented to four spaces; sub-headings stay in the answer
    assert "    - **校準**：收集數據。" in topics[0].units[0].answer
    assert "### 小標題" in topics[1].units[0].answer


def test_listed_question_without_answer_is_an_error():
    with pytest.raises(ContentError, match="has no answer"):
        split_seed("### **實踐應用**\n\n   - **不存在的問題？**\n\n### 別的問題？\n答。\n", ["實踐應用"])


def test_errata_apply_and_detect_stale_entries():
    errata = [Erratum("数据", "數據", 2, "Simplified")]
    assert apply_errata("数据與数据", errata) == "數據與數據"
    with pytest.raises(ContentError, match="expected 2 time"):
        apply_errata("数据", errata)


def test_real_seed_imports_into_the_committed_pages():
    """The committed docs/ pages are exactly what the importer makes of the seed fixture."""
    seed_map = read_yaml(ROOT / "content" / "seed-map.yml")
    pages = import_seed(SEED.read_text(encoding="utf-8"), seed_map, load_errata(ROOT / "content" / "errata.yml"))
    counts = {name: len(parse_topic_page(text, name).questions) for name, text in pages.items()}
    assert counts == {"applications.md": 13, "data-processing.md": 3, "training-deployment.md": 3,
                      "evaluation.md": 3, "ethics.md": 2}
    for name, text in pages.items():
        assert (ROOT / "docs" / name).read_text(encoding="utf-8") == text, f"docs/{name} differs from the import"


def test_corrected_pages_have_no_seed_defects():
    text = "".join((ROOT / "docs" / f).read_text(encoding="utf-8") for f in
                   ["applications.md", "data-processing.md", "training-deployment.md", "evaluation.md", "ethics.md"])
    for defect in ["数据", "采樣", "输出", "verantwortungsvolle", " based", "mitigation", "evaluation_strategy"]:
        assert defect not in text
