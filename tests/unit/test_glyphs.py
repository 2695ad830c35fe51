"""The glyph check before PDF layout (qa.pdf): a character no installed font has is named with its file and line."""
from __future__ import annotations

from qa.pdf import locate_characters, printed_text, uncovered_characters

ROBOT = "\U0001F916"  # 🤖: in neither Noto Sans CJK TC nor any font scripts/install-system-deps.sh installs


def test_chinese_english_and_symbols_are_covered():
    assert uncovered_characters("量化（INT8）→ 模型 “quoted” — ✓ A/B 測試\u200b") == []


def test_a_missing_character_is_found_and_located():
    html = f"<html><head><title>講義</title></head><body><h2>什麼是代理？</h2><p>代理 {ROBOT} 會呼叫工具。</p></body></html>"
    missing = uncovered_characters(printed_text(html))
    assert missing == [ROBOT]
    sources = {"docs/a.md": "---\ntitle: 甲\n---\n\n## 什麼是代理？ {#agent}\n\n代理 " + ROBOT + " 會呼叫工具。\n"}
    [found] = locate_characters(missing, sources)
    assert (found.path, found.line, found.char) == ("docs/a.md", 7, ROBOT)
    assert str(found).startswith(f"docs/a.md:7: character '{ROBOT}' (U+1F916) is in none of the installed fonts")


def test_markup_is_not_printed_text():
    assert printed_text("<head><style>p{}</style></head><p title='x'>甲 &amp; 乙</p><!-- 註解 -->").split() == ["甲", "&", "乙"]
