"""Study mode's core without MkDocs: shared numbering, merged-id map, the browser's data, the Anki deck."""
from __future__ import annotations

import html
import re
import sqlite3
import zipfile

import markdown
import pytest

from qa.anki import FIELDS, deck_id, deck_notes, note_guid, write_apkg
from qa.model import Carried, DedupResult, Group, Merged, Question, TopicPage
from qa.edition import CARRIED_STRINGS, make_edition
from qa.handout import HandoutMeta, drill_html, handout_html
from qa.question_html import render_pieces
from qa.numbering import number_questions
from qa.render import render_topic_markdown, shown_in_order
from qa.study import progress_html, review_page_markdown, shown_id_map, study_data

CODE = "先看程式：\n\n```python\nprint('hi')\n```\n\n??? note \"更多\"\n    收合的內容"


def q(qid, title, answer="答案。", title_en=None, page="a.md", line=1):
    return Question(qid, title, answer, page, line, title_en)


def bank():
    """Two topics; ``dup`` repeats ``two`` on the same page, ``far`` repeats ``three`` on another page."""
    one = q("one", "第一題 `code`？", CODE, "First `code`?", line=5)
    two = q("two", "第二題？", "第二題的答案。", "Second?", line=20)
    dup = q("dup", "第二題？", "第二題的答案。另一句。", "Second?", line=30)
    three = q("three", "第三題？", "第三題的答案。", "Third?", "b.md", 5)
    far = q("far", "第三題？", "第三題的答案。", "Third?", "a.md", 40)
    a = TopicPage("a.md", "a", "甲主題", "Topic A", 1, questions=[one, two, dup, far])
    b = TopicPage("b.md", "b", "乙主題", "Topic B", 2, questions=[three])
    result = DedupResult((
        Group(two, (Merged(dup, 1.0, 0.9, "same-question"),), (Carried("另一句。", dup, 1),)),
        Group(three, (Merged(far, 1.0, 1.0, "same-question"),), ()),
    ), units_in=5, units_shown=3)
    return [a, b], result


def render(text):
    return markdown.markdown(text, extensions=["admonition", "pymdownx.details", "pymdownx.superfences"])


def cards_of(edition, annotations=None, origins=None):
    """The deck's cards from pieces rendered as a topic page would show them (qa.question_html.render_pieces)."""
    return deck_notes(edition, render_pieces(edition, render, annotations, origins), annotations)


def numbered():
    pages, result = bank()
    return number_questions(pages, shown_in_order(pages, result))


def test_numbers_are_topic_dot_question_in_reading_order():
    assert [(n.number, n.question.id) for n in numbered()] == [("1.1", "one"), ("1.2", "two"), ("2.1", "three")]


def test_handout_and_drill_use_the_shared_numbering():
    meta = HandoutMeta("題庫", "zh-Hant", "2026-01-02", "來源")
    for document in (handout_html(edition(), meta, render, render_pieces(edition(), render)), drill_html(edition(), meta)):
        printed = re.findall(r'id="q-([a-z-]+)".*?<span class="num">([\d.]+)</span>', document, flags=re.S)
        assert printed == [("one", "1.1"), ("two", "1.2"), ("three", "2.1")]


def test_site_headings_carry_the_same_numbers_and_stubs_none():
    pages, result = bank()
    text = render_topic_markdown(pages[0], edition(), result)
    assert '{#one data-qa-number="1.1"}' in text and '{#two data-qa-number="1.2"}' in text
    assert re.search(r"\{#far\}", text), "a stub (repeat shown on another page) takes no number"


def test_every_written_id_maps_to_the_question_shown_for_it():
    pages, result = bank()
    assert shown_id_map(pages, result) == {"one": "one", "two": "two", "dup": "two", "far": "three", "three": "three"}


def test_study_data_lists_topics_questions_and_merged_ids():
    pages, result = bank()
    two = Question("two", "Second, translated?", "Body.", "a.en.md", 1, None)
    data = study_data(make_edition("en", numbered(), result, {"two": two}), {"a.md": "a/", "b.md": "b/"},
                      shown_id_map(pages, result), render)
    assert data["version"] == 1 and data["locale"] == "en"
    assert data["topics"] == [{"slug": "a", "title": "Topic A", "url": "a/", "questions": ["one", "two"]},
                              {"slug": "b", "title": "Topic B", "url": "b/", "questions": ["three"]}]
    # data-en is text, never Markdown: its backticks stay backticks (issue 24)
    assert data["questions"][0] == {"id": "one", "number": "1.1", "title_html": "First `code`?", "title": "First `code`?",
                                    "lang": "en", "topic": "a", "url": "a/#one"}
    assert data["questions"][1]["title_html"] == "Second, translated?"
    assert data["merged"] == {"dup": "two", "far": "three"}
    chinese = study_data(make_edition("zh-Hant", numbered(), result), {"a.md": "a/", "b.md": "b/"}, {}, None)
    assert chinese["questions"][2]["title_html"] == "第三題？" and chinese["questions"][2]["lang"] == "zh-Hant"
    assert chinese["topics"][0]["title"] == "甲主題" and chinese["merged"] == {}


def edition(locale="zh-Hant", translations=None):
    """The bank as ``locale``'s edition (``dup`` adds one sentence to ``two``)."""
    pages, result = bank()
    return make_edition(locale, numbered(), result, translations)


def test_deck_cards_front_back_and_tags():
    cards = cards_of(edition())
    assert [(c.number, c.question_id, c.tags) for c in cards] == [("1.1", "one", ("a",)), ("1.2", "two", ("a",)),
                                                                   ("2.1", "three", ("b",))]
    first = cards[0]
    assert first.question_html == "第一題 <code>code</code>？"
    code = re.search(r"<pre>.*?<code>(.*?)</code></pre>", first.answer_html, flags=re.S)
    assert code and html.unescape(re.sub(r"<[^>]+>", "", code.group(1))).strip() == "print('hi')", "code block kept"
    inner = first.answer_html.split('<details class="qa-full">', 1)[1]
    assert "<details" in inner and " open" in inner.split("<details", 1)[1].split(">", 1)[0], "collapsed blocks opened"
    strings = CARRIED_STRINGS["zh-Hant"]
    assert strings["label"] in cards[1].answer_html and "<p>另一句。</p>" in cards[1].answer_html
    assert strings["same"] in cards[1].answer_html and "#dup" not in cards[1].answer_html, "says it is asked again"
    assert strings["label"] not in cards[2].answer_html
    assert first.fields == ["1.1", "第一題 <code>code</code>？", first.answer_html, "甲主題", "one"]


def test_card_back_opens_with_the_key_points_then_the_whole_answer_folded():
    """Back: badge, the key points (qa.keypoints: added = short answer; original = lead and outline), then
    the answer in a <details> the reader opens; the front names the topic."""
    added = "短答案第一段。\n\n**細節**：很長的說明。\n\n```python\nprint('x')\n```"
    original = "開場白：\n\n**第一點**：\n\n說明一。\n\n**第二點**：\n\n說明二。"
    pages = [TopicPage("a.md", "a", "甲主題", "Topic A", 1, questions=[q("new", "新題？", added), q("old", "舊題？", original)])]
    badges = {"new": ('<p class="qa-meta">進階</p>', ""), "old": ('<p class="qa-meta">原始題庫</p>', "")}
    cards = cards_of(make_edition("zh-Hant", number_questions(pages, {}), None),
                     annotations=badges, origins={"new": "added", "old": "original"})
    new, old = cards
    pattern = (r'^<p class="qa-meta">[^<]+</p><div class="qa-keypoints"><p class="qa-keypoints-label">重點</p>\n'
               r'<div class="qa-keypoints-body">(.*?)</div></div>\n<details class="qa-full"><summary>完整答案</summary>\n(.*)</details>$')
    new_head, new_body = re.match(pattern, new.answer_html, flags=re.S).groups()
    assert new_head == "<p>短答案第一段。</p>" and "細節" in new_body and "print" in new_body
    old_head, old_body = re.match(pattern, old.answer_html, flags=re.S).groups()
    assert "開場白" in old_head and re.findall(r"<li>(.*?)</li>", old_head) == ["第一點", "第二點"]
    assert "說明二" in old_body and "說明二" not in old_head
    no_points = cards_of(make_edition("zh-Hant", number_questions(pages, {"a.md": [q("bare", "題？", "- 只有清單")]}), None))[0]
    assert 'qa-keypoints' not in no_points.answer_html and '<details class="qa-full" open>' in no_points.answer_html


def test_card_css_has_night_mode_rules_for_text_and_code():
    from qa.anki import CSS, FRONT
    assert "{{Topic}}" in FRONT and FRONT.index("{{Topic}}") < FRONT.index("{{Number}}") < FRONT.index("{{Question}}")
    rules = {}  # selector → declarations (later rules add to earlier ones)
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)):
        for selector in selectors.split(","):
            rules[" ".join(selector.split())] = rules.get(" ".join(selector.split()), "") + body
    for night in (".nightMode", ".night_mode"):
        assert re.search(r"background: #[0-9a-f]{6}", rules[f"{night} .highlight"], flags=re.I), "dark code background"
        assert "color:" in rules[f"{night} .highlight .k"], "keywords have a night colour"
        assert "color: inherit" in rules[f"{night} .highlight span"], "no light-style token colour survives"
    assert not re.search(r"^(td|span)\.linenos", CSS.split(".nightMode .highlight span", 1)[1], flags=re.M)
    assert re.search(r"pre \{[^}]*white-space: pre-wrap", CSS) and re.search(r"\.highlight \{ max-width: 100%; overflow-x: auto", CSS)


def test_english_deck_translated_or_pending():
    english = q("one", "First, in English?", "An **English** answer.", "First, in English?")
    two = q("two", "Second?", 'The second answer.\n\n<div class="qa-carried" markdown>\n\n- Another sentence.\n\n</div>')
    cards = cards_of(edition("en", {"one": english}))
    translated = cards_of(edition("en", {"two": two}))[1]
    strings = CARRIED_STRINGS["en"]
    assert strings["label"] in translated.answer_html and "Another sentence." in translated.answer_html
    assert strings["same"] in translated.answer_html and "#dup" not in translated.answer_html
    assert "另一句" not in translated.answer_html and translated.answer_html.count("Another sentence.") == 1
    untranslated = cards_of(edition("en"))[1]
    assert '<div lang="zh-Hant"><p>另一句。</p>' in untranslated.answer_html
    assert cards[0].question_html == "First, in English?" and "<strong>English</strong>" in cards[0].answer_html
    assert cards[1].question_html == "Second?"
    assert "translation pending" in cards[1].answer_html and '<div lang="zh-Hant">' in cards[1].answer_html
    assert cards[2].topic == "Topic B"


def test_guid_comes_from_the_permanent_id_and_locale():
    cards = cards_of(edition())
    edited_pages, result = bank()
    edited_pages[0].questions[0] = q("one", "改寫過的第一題？", "全新的答案。", line=5)
    edited = cards_of(make_edition("zh-Hant", number_questions(edited_pages, shown_in_order(edited_pages, result)), result))
    assert [c.guid for c in edited] == [c.guid for c in cards], "editing a question keeps its note id"
    assert len({c.guid for c in cards}) == 3
    assert note_guid("en", "one") != note_guid("zh-Hant", "one")
    assert deck_id("en") != deck_id("zh-Hant")


def read_apkg(path):
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["collection.anki2", "media"]
        db = path.with_suffix(".anki2")
        db.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(db)
    try:
        return connection.execute("select guid, flds, tags from notes order by sfld").fetchall(), \
            connection.execute("select count(*) from cards").fetchone()[0]
    finally:
        connection.close()


def test_apkg_is_a_zip_with_one_note_per_question_and_is_reproducible(tmp_path):
    cards = cards_of(edition())
    first = write_apkg(cards, tmp_path / "one" / "deck.apkg", "題庫", "zh-Hant", 1_700_000_000)
    second = write_apkg(cards, tmp_path / "two" / "deck.apkg", "題庫", "zh-Hant", 1_700_000_000)
    assert first.read_bytes() == second.read_bytes()
    notes, card_count = read_apkg(first)
    assert card_count == 3
    assert [(guid, flds.split("\x1f")[0], flds.split("\x1f")[4], tags.strip()) for guid, flds, tags in notes] == [
        (note_guid("zh-Hant", "one"), "1.1", "one", "a"), (note_guid("zh-Hant", "two"), "1.2", "two", "a"),
        (note_guid("zh-Hant", "three"), "2.1", "three", "b")]
    assert all(len(flds.split("\x1f")) == len(FIELDS) for _, flds, _ in notes)


def test_progress_block_has_a_row_per_topic_and_stays_hidden_without_javascript():
    pages, result = bank()
    data = study_data(make_edition("zh-Hant", numbered(), result), {"a.md": "a/", "b.md": "b/"}, shown_id_map(pages, result))
    block = progress_html(data, "review/")
    rows = re.findall(r'<tr data-qa-topic="(\w+)"><th scope="row"><a href="([^"]+)">([^<]+)</a>.*?'
                      r'<td data-qa-count="unmarked">(\d+)</td>', block)
    assert rows == [("a", "a/", "甲主題", "2"), ("b", "b/", "乙主題", "1")]
    assert '<div class="qa-progress" data-qa-progress hidden>' in block and "<noscript>" in block
    assert 'href="review/"' in block and "隨機一題" in block


@pytest.mark.parametrize("locale, title", [("zh-Hant", "# 待複習"), ("en", "# Review")])
def test_review_page_has_the_list_and_the_mark_actions(locale, title):
    text = review_page_markdown(locale)
    assert text.startswith(title + "\n")
    for hook in ("data-qa-review-list", "data-qa-random", "data-qa-export", "data-qa-import", "data-qa-reset",
                 'role="status"'):
        assert hook in text
    assert re.search(r'<input type="file" id="qa-import"[^>]*>\s*<label for="qa-import"', text)
