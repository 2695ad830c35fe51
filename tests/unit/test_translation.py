"""Unit tests of the translation status core (qa.translation) and its rendering (qa.render)."""
from __future__ import annotations

import re

import pytest

from qa.dedup import dedupe
from qa.errors import ContentError
from qa.parse import parse_topic_page, parse_translation
from qa.render import render_topic_markdown
from qa.translation import (CURRENT, MISSING, STALE, fingerprint, main, source_text, split_carried, stamp,
                            summary, translation_status)

PAGE = """---
kind: topic
title: 測試
title_en: Test
order: 1
---

## 什麼是量化？ {#quantization data-en="What is quantization?"}

量化把模型參數轉為低精度的數據類型。它減少記憶體用量和計算量，從而提高推理速度。

## 什麼是剪枝？ {#pruning data-en="What is pruning?"}

剪枝去除模型中不重要的參數。

```python
x = prune(model)  # 剪枝
```
"""


def english(source_q: str = "", source_p: str = "") -> str:
    q = f' data-source="{source_q}"' if source_q else ""
    p = f' data-source="{source_p}"' if source_p else ""
    return (f"## What is quantization? {{#quantization{q}}}\n\nQuantization stores parameters in a lower-precision type.\n\n"
            f"## What is pruning? {{#pruning{p}}}\n\nPruning removes unimportant parameters.\n")


def test_fingerprint_format():
    assert re.fullmatch(r"sha1:[0-9a-f]{8}", fingerprint("量化把模型參數轉為低精度。"))


def test_fingerprint_ignores_layout_punctuation_width_and_script():
    base = fingerprint("量化把模型參數轉成低精度的數據類型。它減少計算量。")
    assert fingerprint("量化把模型參數轉成低精度的數據類型，\n它減少計算量") == base  # punctuation, line break
    assert fingerprint("量化把模型参数转成低精度的数据类型。它减少计算量。") == base  # Simplified
    assert fingerprint("量化把模型參數轉成低精度的數據類型．它減少計算量。") == base  # full-width punctuation


def test_fingerprint_changes_with_a_word_or_a_number():
    base = fingerprint("使用 FP16 或 INT8 量化。")
    assert fingerprint("使用 FP16 或 INT4 量化。") != base
    assert fingerprint("使用 FP16 或 INT8 剪枝。") != base


def test_split_carried_takes_the_block_apart():
    answer = ("Body line.\n\n<div class=\"qa-carried\" markdown>\n\n- First sentence.\n- Second sentence\n"
              "  continued.\n\n</div>")
    body, sentences = split_carried(answer)
    assert body == "Body line."
    assert sentences == ["First sentence.", "Second sentence continued."]
    assert split_carried("Only a body.") == ("Only a body.", None)


def _status(en_text: str | None, page_text: str = PAGE):
    page = parse_topic_page(page_text, "t.md")
    translations = {"t.md": parse_translation(en_text, "t.en.md", page)} if en_text else {}
    return page, {s.question.id: s for s in translation_status([page], dedupe([page]), translations)}


def test_status_current_stale_and_missing():
    page, _ = _status(None)
    q, p = (fingerprint(question.answer) for question in page.questions)
    _, statuses = _status(english(q, p))
    assert {i: s.state for i, s in statuses.items()} == {"quantization": CURRENT, "pruning": CURRENT}
    _, statuses = _status(english(q, p), PAGE.replace("不重要的參數", "冗餘的參數"))
    assert {i: s.state for i, s in statuses.items()} == {"quantization": CURRENT, "pruning": STALE}
    assert "changed" in statuses["pruning"].reason and statuses["pruning"].location() == "t.en.md:5"
    _, statuses = _status(english(q))  # pruning translated but never stamped
    assert statuses["pruning"].state == STALE and "no data-source" in statuses["pruning"].reason
    _, statuses = _status(english(q, p).split("## What is pruning?")[0])
    assert statuses["pruning"].state == MISSING and statuses["pruning"].location() == "t.md:12"
    assert summary(statuses.values()) == "en: 1/2 translated, 0 stale"


def test_stamp_adds_then_replaces_the_attribute_and_touches_nothing_else():
    page = parse_topic_page(PAGE, "t.md")
    text = english()
    expected = {"quantization": "sha1:00000001", "pruning": "sha1:00000002"}
    new, changed = stamp(text, parse_translation(text, "t.en.md", page), expected)
    assert changed == ["quantization", "pruning"]
    assert '{#quantization data-source="sha1:00000001"}' in new and '{#pruning data-source="sha1:00000002"}' in new
    assert new.replace(' data-source="sha1:00000001"', "").replace(' data-source="sha1:00000002"', "") == text
    again, changed = stamp(new, parse_translation(new, "t.en.md", page), {"pruning": "sha1:0000000f"}, ids=["pruning"])
    assert changed == ["pruning"] and 'data-source="sha1:0000000f"' in again and 'sha1:00000002' not in again
    with pytest.raises(ContentError):
        stamp(text, parse_translation(text, "t.en.md", page), expected, ids=["nonexistent"])


def test_maintainer_command_stamps_and_reports(tmp_path, capsys):
    (tmp_path / "t.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "t.en.md").write_text(english(), encoding="utf-8")
    assert main(["--docs", str(tmp_path)]) == 0
    assert "en: 2/2 translated, 2 stale" in capsys.readouterr().out
    assert main(["--docs", str(tmp_path), "--stamp", str(tmp_path / "t.en.md")]) == 0
    out = capsys.readouterr().out
    assert "stamped 2 question(s)" in out and "en: 2/2 translated, 0 stale" in out
    assert main(["--docs", str(tmp_path), "--show", "pruning"]) == 0
    assert "剪枝去除模型中不重要的參數" in capsys.readouterr().out


# --- dedup: carried sentences are part of what a translation translates ------------------------------

MERGED = """---
kind: topic
title: 測試
title_en: Test
order: 1
---

## 你如何處理 LLM 的推理速度問題？ {#speed data-en="How do you handle inference speed?"}

量化把模型參數轉為低精度的數據類型，以減少模型大小和計算量。剪枝去除模型中不重要的參數，以減小模型大小。知識蒸餾使用一個較小的模型來學習大型模型的行為。批處理將多個請求合併為一個批次進行處理。緩存將常用的計算結果緩存起來，避免重複計算。

## 你如何處理 LLM 的推理速度問題？ {#speed-repeat data-en="How do you handle inference speed?"}

量化把模型參數轉為低精度的數據類型，以減少模型大小和計算量。此外還可以使用推測解碼來加速生成。
"""


def english_edition(pages, result, translations, stale=()):
    """The English edition of ``pages`` (qa.edition), as the build makes it."""
    from qa.edition import make_edition
    from qa.numbering import number_questions
    from qa.render import shown_in_order

    return make_edition("en", number_questions(pages, shown_in_order(pages, result)), result, translations, stale)


def test_source_text_and_english_carried_sentences():
    page = parse_topic_page(MERGED, "t.md")
    result = dedupe([page])
    group = result.group_of("speed")
    assert group is not None and [c.sentence for c in group.carried] == ["此外還可以使用推測解碼來加速生成。"]
    assert source_text(page.questions[0], result).endswith("此外還可以使用推測解碼來加速生成。")
    en = ("## How do you handle inference speed? {#speed}\n\nQuantization, pruning, distillation, batching, caching.\n\n"
          '<div class="qa-carried" markdown>\n\n- Speculative decoding can also speed up generation.\n\n</div>\n')
    translations = {"speed": parse_translation(en, "t.en.md", page)["speed"]}
    out = render_topic_markdown(page, english_edition([page], result, translations, stale={"speed"}), result)
    assert "Speculative decoding can also speed up generation." in out
    assert "推測解碼" not in out and "qa-carried" not in out
    assert out.index("This translation may be out of date") < out.index("Quantization, pruning")
    assert 'lang="zh-Hant"' not in out
    # a translation without the carried block keeps the Chinese sentences, marked Chinese
    stamped = en.split("<div")[0].replace("{#speed}", f'{{#speed data-source="{fingerprint(source_text(page.questions[0], result))}"}}')
    translations = {"speed": parse_translation(stamped, "t.en.md", page)["speed"]}
    out = render_topic_markdown(page, english_edition([page], result, translations), result)
    assert '<div lang="zh-Hant" markdown>' in out and "推測解碼" in out
    assert "may be out of date" not in out
    # the carried sentences count: a translation without them is stale
    statuses = translation_status([page], result, {"t.md": translations})
    assert statuses[0].state == STALE and "1 carried sentences in Chinese, 0 in English" in statuses[0].reason


def test_carried_context_lines_have_english_and_count_in_the_status():
    """Issue 22: the lines a carried block shows for place (labels, introductions, the list an
    introduction announces) have English on the English page, and a translation without them is stale."""
    from pathlib import Path

    from qa.carried import context_lines
    from qa.parse import CONTEXT_OPEN, carried_context
    from qa.translation import load_docs

    root = Path(__file__).resolve().parents[2]
    pages, translations = load_docs(root / "docs")
    result = dedupe(pages)
    with_context = [g for g in result.groups if g.carried and context_lines(g)]
    assert with_context, "the real bank has no carried block with context lines"
    statuses = {s.question.id: s for s in translation_status(pages, result, translations)}
    for group in with_context:
        status = statuses[group.canonical.id]
        assert status.state == CURRENT, status.reason
        assert len(carried_context(status.translation.answer)) == len(context_lines(group))
        page = next(p for p in pages if p.path == group.canonical.page)
        out = render_topic_markdown(page, english_edition(pages, result, translations[page.path]), result)
        block = out.split(f"{{#{group.canonical.id}", 1)[1].split("\n## ", 1)[0].split("??? note", 1)[1]
        assert not re.search(r"[\u3400-\u9fff]", block), block  # no Chinese left in the English block
        # without the English context lines the translation is stale, and the page marks the Chinese
        answer = status.translation.answer
        start = answer.index(CONTEXT_OPEN)
        stripped = answer[:start] + answer[answer.index("</div>", start) + len("</div>"):]
        edited = {page.path: dict(translations[page.path])}
        edited[page.path][group.canonical.id] = type(status.translation)(**{**status.translation.__dict__, "answer": stripped})
        again = {s.question.id: s for s in translation_status(pages, result, edited)}[group.canonical.id]
        assert again.state == STALE and "context lines" in again.reason
        marked = render_topic_markdown(page, english_edition(pages, result, edited[page.path]), result)
        assert '<span lang="zh-Hant">' in marked.split(f"{{#{group.canonical.id}", 1)[1].split("\n## ", 1)[0]
