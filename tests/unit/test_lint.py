"""Content lint core (qa/lint.py): each check on small texts, exceptions, located errors."""
from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from qa.errors import ContentError
from qa.lint import (Finding, LintException, Vocabulary, apply_exceptions, glossary_terms, lint_page, lint_pages,
                     load_allowlist, load_exceptions, load_wordlist)
from qa.simplified_chars import opencc_tables

TOPIC = "---\nkind: topic\ntitle: 測試\ntitle_en: Test\norder: 1\n---\n\n"


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(load_wordlist(), {"dropout rate", "grafana", "top-k"})


def checks(text: str, vocabulary: Vocabulary, path: str = "p.md") -> list[tuple[str, int, str]]:
    return [(f.check, f.line, f.text) for f in lint_page(text, path, vocabulary)]


# --- simplified characters ------------------------------------------------------------------------

def test_simplified_characters_are_flagged_with_the_traditional_fix(vocabulary):
    findings = lint_page("使用帶標籤的文本数据進行微調，采样時輸出。\n", "p.md", vocabulary)
    assert [(f.check, f.line) for f in findings] == [("simplified", 1), ("simplified", 1)]
    assert "数据" in findings[0].text and "数據" not in findings[0].fix and "數據" in findings[0].fix
    assert "采样" in findings[1].text and "採樣" in findings[1].fix


@pytest.mark.parametrize("char", list("数输样发这为们过说时"))
def test_simplified_only_characters(char):
    assert char in opencc_tables().simplified_only


# measured on docs/: s2t changes 峰 群 干 台 and s2tw in context changes 了 泄 制 局; all are valid Traditional
@pytest.mark.parametrize("char", list("了台干制核峰群局只面里后泄采著"))
def test_characters_valid_in_both_scripts_are_not_flagged(char):
    assert char not in opencc_tables().simplified_only


def test_real_traditional_sentences_with_shared_characters_pass(vocabulary):
    text = "我們可以了解模型的局限性，在台灣定制系統；性能達到峰值，群組裡只有一面，干擾很少，之后核對。\n"
    assert checks(text, vocabulary) == []


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(sorted(opencc_tables().simplified_only)), min_size=1, max_size=12))
def test_opencc_s2tw_output_is_never_flagged(chars):
    """Every character that OpenCC's s2tw writes is valid Traditional, so the fix it proposes passes."""
    import opencc

    converted = opencc.OpenCC("s2tw").convert("".join(chars))
    assert not set(converted) & opencc_tables().simplified_only


# --- foreign words ---------------------------------------------------------------------------------

def test_german_word_is_flagged(vocabulary):
    assert checks("確保模型的 verantwortungsvolle 使用。\n", vocabulary) == [("foreign-word", 1, "verantwortungsvolle")]


def test_english_acronyms_names_and_allowed_terms_pass(vocabulary):
    text = "如 Hugging Face、LLM、GPT-4、PyTorch、DistilBERT、1e-5、Grafana 與 learning rate warmups 和 optimise。\n"
    assert [c for c in checks(text, vocabulary) if c[0] == "foreign-word"] == [("foreign-word", 1, "warmups")]


def test_english_title_attribute_is_checked_but_id_is_not(vocabulary):
    text = TOPIC + '## 如何評估？ {#wie-bewerten data-en="How do you bewerten a model?"}\n\n答案。\n'
    assert checks(text, vocabulary) == [("foreign-word", 8, "bewerten")]


# --- English glued into Chinese ---------------------------------------------------------------------

@pytest.mark.parametrize("text, run", [("採用規則 based 的方法。", "based"), ("需要做好風險 mitigation。", "mitigation"),
                                        ("這是 rule based方法", "rule based")])
def test_lower_case_english_glued_into_chinese_is_flagged(vocabulary, text, run):
    found = [f for f in lint_page(text + "\n", "p.md", vocabulary) if f.check == "glued-english"]
    assert len(found) == 1 and run in found[0].text


@pytest.mark.parametrize("text", ["調整 dropout rate、層數。", "學習率預熱（learning rate warmup）策略。",
                                  "使用 top-k 採樣。", "使用 Hugging Face 的庫。", "例如 BERT 模型。"])
def test_technical_terms_and_names_are_not_glued_english(vocabulary, text):
    assert [f for f in lint_page(text + "\n", "p.md", vocabulary) if f.check == "glued-english"] == []


# --- punctuation -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, char", [("數據,模型", "，"), ("結果: 很好", "："), ("什麼是 LLM?", "？"),
                                        ("LLM (大型語言模型) 很強", "（"), ("**方法**:微調", "："), ("好!", "！"), ("如 BERT, GPT 等", "，")])
def test_half_width_punctuation_next_to_chinese_is_flagged(vocabulary, text, char):
    fixes = [f.fix for f in lint_page(text + "\n", "p.md", vocabulary) if f.check == "punctuation"]
    assert any(f"'{char}'" in fix for fix in fixes), fixes


def test_mixed_width_brackets_are_flagged(vocabulary):
    found = [f for f in lint_page("常見模型（如 BERT、GPT)\n", "p.md", vocabulary) if f.check == "punctuation"]
    assert any("mixed width" in f.fix for f in found)


@pytest.mark.parametrize("text", ["比例為 1:10 的數據。", "見 https://example.org/a,b?c=1 的說明。", "使用 `f(x)` 函數。",
                                  "閱讀[說明](applications.md#inference-speed)。", "*[LLM]: 大型語言模型",
                                  "Python (3.11) and tests, fine"])
def test_punctuation_in_code_links_numbers_and_english_passes(vocabulary, text):
    assert [f for f in lint_page(text + "\n", "p.md", vocabulary) if f.check == "punctuation"] == []


# --- question headings -----------------------------------------------------------------------------

def test_topic_page_heading_must_be_a_question(vocabulary):
    text = TOPIC + "## 結論 {#conclusion}\n\n答案。\n\n## 什麼是量化？ {#quantization}\n\n答案。\n\n## 請描述你的經驗。 {#experience}\n\n答。\n"
    assert checks(text, vocabulary) == [("question-heading", 8, "結論")]


def test_headings_of_other_pages_are_not_questions(vocabulary):
    assert checks("# 首頁\n\n## 主題\n\n內容。\n", vocabulary) == []


# --- what is skipped -------------------------------------------------------------------------------

def test_code_front_matter_and_comments_are_skipped(vocabulary):
    text = ("---\ntitle: 数据\n---\n\n```python\n# 数据, verantwortungsvolle\nx = f(1)\n```\n"
            "用 `数据,` 這個詞。\n<!-- 数据 -->\n    ~~~\n    数据\n    ~~~\n")
    assert checks(text, vocabulary) == []


def test_line_numbers_count_front_matter_and_fences(vocabulary):
    text = TOPIC + "## 問題？ {#q}\n\n```\ncode\n```\n\n数据。\n"
    assert [(f.line, f.check) for f in lint_page(text, "applications.md", vocabulary)] == [(14, "simplified")]
    assert str(lint_page(text, "applications.md", vocabulary)[0]).startswith("applications.md:14: [simplified] '数据'")


# --- reviewed data ---------------------------------------------------------------------------------

def test_exception_keeps_a_finding_and_a_stale_one_is_reported(vocabulary):
    pages = {"a.md": "採用規則 based 的方法。\n數據,模型\n"}
    keep = LintException("a.md", "規則 based", "quoted as a bad example", "glued-english", 3)
    stale = LintException("a.md", "不存在", "old", None, 7)
    left = lint_pages(pages, vocabulary, [keep, stale], "content/lint-exceptions.yml")
    assert [(f.path, f.line, f.check) for f in left] == [("a.md", 2, "punctuation"),
                                                         ("content/lint-exceptions.yml", 7, "stale-exception")]


def test_exception_for_another_check_does_not_apply(vocabulary):
    finding = Finding("a.md", 1, "punctuation", "據,模", "x")
    assert apply_exceptions([finding], [LintException("a.md", "據,模", "r", "simplified", 1)],
                            {"a.md": ["數據,模型"]})[0] == finding


def test_load_exceptions_reads_entries_and_names_the_line_of_a_bad_one(tmp_path):
    path = tmp_path / "ex.yml"
    path.write_text("# comment\n- file: a.md\n  text: 規則 based\n  reason: example\n- file: b.md\n  text: x\n", encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_exceptions(path, "content/lint-exceptions.yml")
    assert str(error.value).startswith("content/lint-exceptions.yml:5: entry lacks 'reason'")
    path.write_text("- file: a.md\n  text: 規則 based\n  reason: example\n  check: glued-english\n", encoding="utf-8")
    assert load_exceptions(path) == [LintException("a.md", "規則 based", "example", "glued-english", 1)]
    path.write_text("- file: a.md\n  text: t\n  reason: r\n  check: spelling\n", encoding="utf-8")
    with pytest.raises(ContentError, match="unknown check 'spelling'"):
        load_exceptions(path)


def test_allowlist_needs_a_reason_per_term(tmp_path):
    path = tmp_path / "words.yml"
    path.write_text("grafana: monitoring tool\ndropout rate: hyperparameter\n", encoding="utf-8")
    assert load_allowlist(path) == {"grafana", "dropout rate"}
    path.write_text("grafana: monitoring tool\nwarmup:\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"words.yml:2: term 'warmup' has no reason"):
        load_allowlist(path, "words.yml")


def test_glossary_terms_take_terms_not_definitions(tmp_path):
    from qa.glossary import load_glossary

    path = tmp_path / "glossary.yml"
    path.write_text("- id: kd\n  zh: 知識蒸餾\n  en: knowledge distillation\n  aliases: [KD, 知识蒸馏]\n"
                    "  definition_zh: 以教師模型訓練學生模型。\n"
                    "  definition_en: Zusammenfassung of a teacher model.\n", encoding="utf-8")
    assert glossary_terms(load_glossary(path)) == {"knowledge distillation", "kd"}
    assert glossary_terms([]) == set()


def test_the_real_docs_pass_the_lint():
    """The Traditional Chinese pages in docs/ lint clean with the project's reviewed lists."""
    from pathlib import Path

    from qa.glossary import load_glossary

    root = Path(__file__).resolve().parents[2]
    vocabulary = Vocabulary(load_wordlist(), load_allowlist(root / "content" / "lint-words.yml")
                            | glossary_terms(load_glossary(root / "content" / "glossary.yml")))
    pages = {p.name: p.read_text(encoding="utf-8") for p in (root / "docs").glob("*.md") if not p.name.endswith(".en.md")}
    assert pages
    found = lint_pages(pages, vocabulary, load_exceptions(root / "content" / "lint-exceptions.yml"))
    assert found == [], "\n".join(map(str, found))


def test_front_matter_kind_is_read_as_yaml():
    """A topic page whose front matter quotes the kind still gets the question-heading check."""
    page = '---\nkind: "topic"\ntitle: 甲\n---\n\n## 不是問題的標題\n'
    assert [f.check for f in lint_page(page, "t.md", Vocabulary())] == ["question-heading"]


def test_heading_attribute_values_in_single_quotes_are_checked():
    page = "---\nkind: topic\n---\n\n## 問題？ {#q data-en='What is verantwortungsvolle?'}\n"
    found = lint_page(page, "t.md", Vocabulary({"what", "is"}))
    assert [(f.check, f.text, f.line) for f in found] == [("foreign-word", "verantwortungsvolle", 5)]


def test_lint_yaml_errors_name_the_line(tmp_path):
    path = tmp_path / "exceptions.yml"
    path.write_text("- file: a.md\n  text: x\n  reason: ok\n- file: b.md\n  text: [\n", encoding="utf-8")
    with pytest.raises(ContentError, match=r"^exceptions.yml:5: not valid YAML"):
        load_exceptions(path, "exceptions.yml")


def test_the_kept_opencc_table_is_what_opencc_gives():
    """qa/data/opencc-simplified-only.txt is derived data: regenerate it from the installed OpenCC and compare."""
    from qa.simplified_chars import OPENCC_TABLE, derive_simplified_only, format_opencc_table

    assert OPENCC_TABLE.read_text(encoding="utf-8") == format_opencc_table(derive_simplified_only()), \
        "run: python -m qa.lint --write-opencc-table"
    assert {"数", "输", "样"} <= opencc_tables().simplified_only and not {"了", "台", "峰"} & opencc_tables().simplified_only
