"""qa.metadata: difficulty, origin, references and technical notes — the rules and their located refusals."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.errors import ContentError
from qa.metadata import (DIFFICULTIES, badge_html, check_added, difficulty, load_notes, note_markdown, original_ids,
                         references)
from qa.parse import parse_topic_page, parse_translation

ROOT = Path(__file__).resolve().parents[2]

PAGE = """---
kind: topic
title: 測試
title_en: Test
order: 1
---

## 什麼是 KV 快取？ {{#kv-cache data-en="What is the KV cache?"{difficulty}}}

短答。

細節。

{refs}
"""
REFS = "**參考資料**\n\n- Kwon et al., 2023. PagedAttention. [arXiv:2309.06180](https://arxiv.org/abs/2309.06180)"


def _page(difficulty: str = ' data-difficulty="basic"', refs: str = REFS):
    return parse_topic_page(PAGE.format(difficulty=difficulty, refs=refs), "t.md")


def _english(refs: str = "**References**\n\n- Kwon et al., 2023. PagedAttention. [arXiv:2309.06180](https://arxiv.org/abs/2309.06180)"):
    page = _page()
    text = f"## What is the KV cache? {{#kv-cache}}\n\nShort.\n\n{refs}\n"
    return page, {page.path: parse_translation(text, "t.en.md", page)}


def test_an_added_question_with_difficulty_and_references_passes():
    page, english = _english()
    check_added([page], frozenset(), english)
    assert difficulty(page.questions[0]) == "basic"
    assert references(page.questions[0], "**參考資料**")[0].url == "https://arxiv.org/abs/2309.06180"


def test_an_original_question_needs_neither():
    page = _page(difficulty="", refs="")
    check_added([page], frozenset({"kv-cache"}), {})


@pytest.mark.parametrize("kwargs, line, message", [
    ({"difficulty": ""}, 8, "has no difficulty"),
    ({"difficulty": ' data-difficulty="hard"'}, 8, "is not a difficulty"),
    ({"refs": ""}, 8, "cites no source"),
    ({"refs": "**參考資料**\n\n- Kwon et al., 2023. PagedAttention (no link)"}, 16, "exactly one link, found 0"),
    ({"refs": "**參考資料**\n\n- [a](https://a.org/x) and [b](https://b.org/y)"}, 16, "exactly one link, found 2"),
    ({"refs": "**參考資料**\n\n- [arXiv:2309.06180](2309.06180)"}, 16, "is not a web address"),
    ({"refs": "**參考資料**\n\n- [a](https://a.org/x)\n\nMore answer text."}, 18, "only list items may follow"),
    ({"refs": "**參考資料**"}, 14, "has no list below it"),
])
def test_a_mistake_is_refused_at_its_line(kwargs, line, message):
    with pytest.raises(ContentError) as error:
        check_added([_page(**kwargs)], frozenset(), {})
    assert message in str(error.value)
    assert str(error.value).startswith(f"t.md:{line}: ")


def test_an_added_question_without_english_is_refused():
    with pytest.raises(ContentError, match=r"^t\.md:8: added question 'kv-cache' has no English translation; add its answer to docs/t\.en\.md"):
        check_added([_page()], frozenset(), {})


def test_english_references_must_list_the_same_links():
    page, english = _english("**References**\n\n- Another. [x](https://example.org/other)")
    with pytest.raises(ContentError, match=r"^t\.en\.md:1: the English references of 'kv-cache' differ"):
        check_added([page], frozenset(), english)
    page, english = _english("")
    with pytest.raises(ContentError, match="has no \\*\\*References\\*\\* list"):
        check_added([page], frozenset(), english)


def test_original_ids_come_from_the_seed_map():
    ids = original_ids(ROOT / "content" / "seed-map.yml")
    assert "inference-speed" in ids and "kv-cache-what-and-why" not in ids
    assert original_ids(ROOT / "content" / "missing.yml") == frozenset()


def test_badges_name_difficulty_and_origin_in_each_locale():
    assert DIFFICULTIES["advanced"] == {"zh-Hant": "深入", "en": "Advanced"}
    assert ">基礎<" in badge_html("basic", "added", "zh-Hant") and ">新增題目<" in badge_html("basic", "added", "zh-Hant")
    assert ">Original collection<" in badge_html(None, "original", "en") and "qa-difficulty" not in badge_html(None, "original", "en")


NOTES = """- question: kv-cache
  zh: 說明。
  en: A note.
  sources:
    - {title: "PagedAttention", url: "https://arxiv.org/abs/2309.06180"}
"""


def test_notes_load_and_render_per_locale(tmp_path):
    path = tmp_path / "notes.yml"
    path.write_text(NOTES, encoding="utf-8")
    notes = load_notes(path, ["kv-cache"])
    assert note_markdown(notes["kv-cache"], "zh-Hant").startswith('!!! note "技術補充"')
    english = note_markdown(notes["kv-cache"], "en")
    assert english.startswith('!!! note "Technical note"') and "[PagedAttention](https://arxiv.org/abs/2309.06180)" in english


@pytest.mark.parametrize("text, message", [
    (NOTES.replace("question: kv-cache", "question: no-such-id"), "is not the id of a question"),
    (NOTES.replace("  en: A note.\n", ""), "lacks 'en'"),
    (NOTES.replace("https://arxiv.org/abs/2309.06180", "arXiv 2309.06180"), "needs a title and a url"),
])
def test_a_bad_note_is_refused_at_its_line(tmp_path, text, message):
    path = tmp_path / "notes.yml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_notes(path, ["kv-cache"], "content/technical-notes.yml")
    assert message in str(error.value) and re.match(r"content/technical-notes\.yml:\d+: ", str(error.value))


def test_every_added_question_of_the_real_bank_has_a_difficulty_and_references():
    from qa.translation import load_docs
    pages, translations = load_docs(ROOT / "docs")
    originals = original_ids(ROOT / "content" / "seed-map.yml")
    check_added(pages, originals, translations)
    added = [q for page in pages for q in page.questions if q.id not in originals]
    assert len(added) >= 100
    assert all(difficulty(q) in DIFFICULTIES for q in added)
