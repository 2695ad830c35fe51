"""qa.regional: the 繁體中文 edition's Taiwan wording — the reviewed table's rules, and the conversion on the real bank."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from qa.errors import ContentError
from qa.regional import TABLE, Taiwan, changes, load_table
from qa.source import scan

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def taiwan() -> Taiwan:
    return Taiwan(load_table(ROOT / TABLE))


def _table(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "regional-terms.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_mainland_words_read_in_taiwan_usage(taiwan):
    assert taiwan.text("數據質量、內存、用戶、性能、網絡、信息、硬件") == "資料品質、記憶體、使用者、效能、網路、資訊、硬體"


def test_kept_words_and_reasoning_stay(taiwan):
    # 參數 stays (OpenCC would write 引數); 推理 as reasoning stays, as inference it becomes 推論
    assert taiwan.text("模型參數與超參數") == "模型參數與超參數"
    assert taiwan.text("推理模型的推理能力，提高推理速度") == "推理模型的推理能力，提高推論速度"


def test_html_keeps_code_ids_urls_and_converts_reader_attributes(taiwan):
    html = ('<h3 id="不平衡數據">不平衡數據</h3><a href="/x/#數據" title="數據">內存</a>'
            '<pre><code># 加載數據</code></pre><p><code>數據</code> data 數據</p>')
    out = taiwan.html(html)
    assert 'id="不平衡數據"' in out and 'href="/x/#數據"' in out  # anchors and links unchanged
    assert 'title="資料"' in out and ">記憶體</a>" in out
    assert "<pre><code># 加載數據</code></pre>" in out and "<code>數據</code>" in out
    assert "data 資料" in out


def test_markdown_keeps_fences_inline_code_links_and_attribute_lists(taiwan):
    md = '## 數據 {#data-x data-en="數據"}\n`數據` [內存](https://example.org/數據) 內存\n```python\n# 數據\n```\n內存'
    assert taiwan.markdown(md) == ('## 資料 {#data-x data-en="數據"}\n`數據` [記憶體](https://example.org/數據) 記憶體\n'
                                   '```python\n# 數據\n```\n記憶體')


@pytest.mark.parametrize("entry, message", [
    ("- {from: 質量, to: 品質, why: a}\n- {from: 質量, to: 品質, why: b}", "already listed on line 1"),
    ("- {from: 甲乙, to: 丙丁, why: a}\n- {from: 丙丁, to: 甲乙, why: b}", "chain or loop"),
    ("- {from: 數據, to: 數據, why: a}", "maps to itself"),
    ("- {from: x_ids, to: 資料, why: code}", "Chinese characters only"),
    ("- {from: 數據, to: 資料}", "lacks 'why'"),
    ("- {keep: 參數, from: 參數, why: a}", "not both"),
    ("- {from: 數據, to: 資料, why: a, lang: zh}", "unknown key 'lang'"),
    ("{from: 數據}", "must be a YAML list"),
])
def test_a_bad_table_entry_is_refused_at_its_line(tmp_path, entry, message):
    with pytest.raises(ContentError) as error:
        load_table(_table(tmp_path, entry), "content/regional-terms.yml")
    assert message in str(error.value)
    assert re.match(r"content/regional-terms\.yml:\d+: ", str(error.value))


def test_the_real_table_loads():
    terms = load_table(ROOT / TABLE)
    assert any(t.source == "質量" and t.taiwan == "品質" for t in terms)


def _bank() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(DOCS.glob("*.md"))
            if not path.name.endswith(".en.md")}


def test_on_the_real_bank_code_ids_urls_and_english_never_change(taiwan):
    for name, text in _bank().items():
        converted = taiwan.markdown(text)
        before, after = text.split("\n"), converted.split("\n")
        assert len(before) == len(after), name
        for line_before, line_after in zip(scan(before).lines, scan(after).lines):
            where = f"{name}:{line_before.number}"
            if line_before.kind != "text":
                assert line_after.text == line_before.text, where  # code and comments byte for byte
                continue
            for pattern in (r"\{#[^}]*\}", r"`[^`]*`", r"https?://\S+", r"[A-Za-z][A-Za-z0-9_.-]*"):
                assert re.findall(pattern, line_after.text) == re.findall(pattern, line_before.text), where


#: what the conversion may do inside a longer word on the real bank: every change it makes, reviewed
#: (a new pair fails this test: read it in context with `python -m qa.regional docs/<page>.md`, then fix
#: the table or add the pair here)
def test_on_the_real_bank_every_change_is_a_reviewed_word(taiwan):
    # OpenCC's words that are wrong in this subject (the table keeps the source's word instead)
    wrong = {"引數", "型別", "擴充套件", "例項", "函式", "分割槽", "許可權", "區域性", "畫素", "字首", "字尾", "多工",
             "對映", "啟用值", "解除安裝", "推匯出", "擴音", "檔案"}
    for name, text in _bank().items():
        lines, converted = text.split("\n"), taiwan.markdown(text).split("\n")
        assert len(converted) == len(lines), name  # the conversion keeps lines: each is compared with its own
        for line, line_after in zip(lines, converted):
            if line != line_after:  # difflib over each changed line, not the whole page (13 s → under 1 s)
                for before, after in changes(line, line_after, context=0):
                    assert not any(word in after for word in wrong), f"{name}: {before} → {after}"


def test_changes_reads_whole_words():
    assert changes("幫助用戶理解", "幫助使用者理解") == [("助用戶理", "助使用者理")]
