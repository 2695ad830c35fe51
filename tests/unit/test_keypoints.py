"""qa.keypoints: the key points a mock interview reveals first and an Anki card's back opens with."""
from __future__ import annotations

import pytest

from conftest import ROOT, real_topic_pages
from qa.keypoints import MAX_POINTS, first_paragraph, key_points, outline
from qa.metadata import original_ids

ADDED = """\
KV 快取保存每一層的 K 與 V，**避免**重算。它的大小隨 `seq_len` 線性成長。

### 深入

```python
x = 1

y = 2
```

**參考資料**

- Kwon et al., 2023. [arXiv:2309.06180](https://arxiv.org/abs/2309.06180)
"""

ORIGINAL = """\
**文本分類**：

以下不是第一段，因為上面一行只是標籤。

* **方法**：
    * **微調**：在預訓練的 LLM 上微調。
* **應用場景**：情感分析。

**生成文本**：

* **方法**：直接生成。

**文本分類**：重複的標籤只列一次。
"""


def test_added_answer_key_points_are_its_short_answer_only():
    assert key_points(ADDED, "added") == "KV 快取保存每一層的 K 與 V，**避免**重算。它的大小隨 `seq_len` 線性成長。"


def test_original_answer_key_points_are_lead_then_outline_of_paragraph_labels():
    points = key_points("我會這樣做：\n\n" + ORIGINAL, "original")
    assert points == "我會這樣做：\n\n- 文本分類\n- 生成文本"


def test_label_only_line_is_not_the_first_paragraph_and_code_is_skipped():
    assert first_paragraph(ORIGINAL) == "以下不是第一段，因為上面一行只是標籤。"
    assert first_paragraph("```python\n# comment\n\nx = 1\n```\n\n- item\n\nText after.") == "Text after."


def test_outline_prefers_subheadings_then_paragraph_labels_then_top_level_items():
    assert outline("Lead.\n\n### One\n\n**Bold**：x\n\n### Two `code`\n") == ["One", "Two `code`"]
    items = "Lead.\n\n* **Model loading**: x\n    * **nested**: y\n1. **Fine-tuning**: z\n"
    assert outline(items) == ["Model loading", "Fine-tuning"]
    lone = "Lead.\n\n1. **First method**: a\n2. **Second method**: b\n\n**Note**: one closing remark."
    assert outline(lone) == ["First method", "Second method"], "a single paragraph label is not an outline"
    many = "\n\n".join(f"**Point {n}**:" for n in range(MAX_POINTS + 3))
    assert outline(many) == [f"Point {n}" for n in range(MAX_POINTS)]


def test_answer_with_neither_gives_nothing_and_origin_is_checked():
    assert key_points("- only a list\n- of items", "added") == ""
    assert key_points("```\ncode\n```", "original") == ""
    with pytest.raises(ValueError, match="origin"):
        key_points("text", "seed")


def test_every_question_of_the_bank_has_key_points_shorter_than_its_answer():
    """The real bank: every answer yields key points, and they are a fraction of the answer (the reason
    they exist); an added question's are exactly the paragraph its answer opens with."""
    originals = original_ids(ROOT / "content" / "seed-map.yml")
    for page in real_topic_pages():
        for question in page.questions:
            origin = "original" if question.id in originals else "added"
            points = key_points(question.answer, origin)
            assert points, question.id
            assert len(points) < len(question.answer) / 2, question.id
            if origin == "added":
                assert question.answer.startswith(points.split("\n")[0]), question.id
