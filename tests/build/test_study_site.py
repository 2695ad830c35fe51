"""Study mode in the built site: question numbers equal the handout's, study.json, the review page,
and the Anki decks (a zip holding a SQLite collection: one note per shown question, right fields and
tags, note ids that stay when a question is edited).

Expected questions come from the built topic pages (what readers see), the PDF outline (what the
handout prints) and the dedup report, never from the study core that wrote what is checked.
"""
from __future__ import annotations

import html as html_lib
import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest

from build.test_handout import outline, pdf
from conftest import ROOT, fixture_site, mkdocs_build, taiwan
from htmltext import page_text, squash
from qa.edition import CARRIED_STRINGS

pytestmark = pytest.mark.build

LOCALES = {"zh-Hant": "", "en": "en/"}
DECK = "downloads/llm-interview.apkg"


def site_questions(site: Path, prefix: str) -> list[dict]:
    """Every numbered question heading of the built topic pages of one locale, in number order:
    ``{"number", "id", "topic", "title", "answer_html"}`` (answer: the HTML up to the next h2)."""
    found = []
    for index in sorted((site / prefix).glob("*/index.html")):
        page = index.read_text(encoding="utf-8")
        if "data-qa-number" not in page:
            continue
        article = page.split("<article", 1)[1].split("</article>", 1)[0]
        for match in re.finditer(r"<h2\s([^>]*)>(.*?)</h2>(.*?)(?=<h2\s|$)", article, flags=re.S):
            number, qid = re.search(r'data-qa-number="([\d.]+)"', match.group(1)), re.search(r'\bid="([^"]+)"', match.group(1))
            if not number:
                continue
            title = html_lib.unescape(re.sub(r"<[^>]+>", "", match.group(2))).replace("¶", "").strip()
            found.append({"number": number.group(1), "id": qid.group(1), "topic": index.parent.name, "title": title,
                          "answer_html": match.group(3)})
    return sorted(found, key=lambda q: [int(n) for n in q["number"].split(".")])


def read_deck(path: Path, tmp: Path) -> list[dict]:
    """The notes of an .apkg: ``{"guid", "fields": [...], "tags": [...]}``, in note id order."""
    with zipfile.ZipFile(path) as archive:
        assert "collection.anki2" in archive.namelist()
        db = tmp / f"collection-{len(list(tmp.glob('*.anki2')))}.anki2"
        db.write_bytes(archive.read("collection.anki2"))
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute("select guid, flds, tags from notes order by id").fetchall()
        models = json.loads(connection.execute("select models from col").fetchone()[0])
    finally:
        connection.close()
    names = [field["name"] for model in models.values() for field in model["flds"]]
    return [{"guid": guid, "fields": dict(zip(names, flds.split("\x1f"))), "tags": tags.split()} for guid, flds, tags in rows]


@pytest.mark.parametrize("locale", LOCALES)
def test_site_numbers_equal_the_handouts(site, locale):
    questions = site_questions(site, LOCALES[locale])
    printed = [title for level, title in outline(pdf(site, locale, "handout")) if level == 2]
    assert len(questions) == len(printed) > 0
    for question, bookmark in zip(questions, printed):
        number, _, title = bookmark.partition(" ")
        assert question["number"] == number, (question, bookmark)
        assert squash(question["title"]) == squash(title), (question, bookmark)
    drill = [title for level, title in outline(pdf(site, locale, "drill")) if level == 2]
    assert drill == printed


@pytest.mark.parametrize("locale", LOCALES)
def test_study_json_lists_the_shown_questions_and_the_merged_ids(site, locale):
    data = json.loads((site / LOCALES[locale] / "study.json").read_text(encoding="utf-8"))
    questions = site_questions(site, LOCALES[locale])
    assert [(q["number"], q["id"], q["url"]) for q in data["questions"]] == \
        [(q["number"], q["id"], f"{q['topic']}/#{q['id']}") for q in questions]
    assert [squash(page_text(q["title_html"])) for q in data["questions"]] == [squash(q["title"]) for q in questions]
    assert sum(len(t["questions"]) for t in data["topics"]) == len(questions)
    report = json.loads((ROOT / ".cache" / "dedup-report.json").read_text(encoding="utf-8"))  # written by the site build
    assert data["merged"] == {m["id"]: g["canonical"] for g in report["groups"] for m in g["merged"]}


@pytest.mark.parametrize("locale", LOCALES)
def test_deck_has_one_note_per_shown_question_with_fields_and_tags(site, locale, tmp_path):
    prefix = LOCALES[locale]
    notes = read_deck(site / prefix / DECK, tmp_path)
    questions = site_questions(site, prefix)
    assert len(notes) == len(questions)
    assert len({note["guid"] for note in notes}) == len(notes)
    for note, question in zip(sorted(notes, key=lambda n: [int(x) for x in n["fields"]["Number"].split(".")]), questions):
        fields = note["fields"]
        assert (fields["Number"], fields["Id"]) == (question["number"], question["id"])
        assert squash(page_text(fields["Question"])) == squash(question["title"])
        assert note["tags"] == [question["topic"]]
        back = squash(page_text(fields["Answer"]))
        site_code = re.findall(r"<pre.*?</pre>", question["answer_html"], flags=re.S)
        assert len(re.findall(r"<pre", fields["Answer"])) >= len(site_code)
        for block in site_code:
            assert squash(page_text(block)) in back, f"{question['id']}: code block missing from the card"
        first_paragraph = re.search(r"<p>(.*?)</p>", question["answer_html"], flags=re.S)
        assert squash(page_text(first_paragraph.group(1)))[:40] in back
        for sentence in carried_on_site(question["answer_html"]):
            assert sentence in back, f"{question['id']}: carried sentence {sentence!r} missing from the card"
    assert any(carried_on_site(q["answer_html"]) for q in questions) and any("<pre" in q["answer_html"] for q in questions)


def carried_on_site(answer_html: str) -> list[str]:
    """The sentences a topic page shows in a question's block of what the other version adds."""
    labels = "|".join(re.escape(label) for label in (taiwan(CARRIED_STRINGS["zh-Hant"]["label"]),
                                                       CARRIED_STRINGS["zh-Hant"]["label"], CARRIED_STRINGS["en"]["label"]))
    block = re.search(rf"<details[^>]*>\s*<summary>({labels})</summary>(.*?)</details>", answer_html, flags=re.S)
    return [squash(page_text(item)) for item in re.findall(r"<li>(.*?)</li>", block.group(2), flags=re.S)] if block else []


def test_home_links_the_decks_next_to_the_pdfs_and_the_review_pages_exist(site):
    for prefix in LOCALES.values():
        home = (site / prefix / "index.html").read_text(encoding="utf-8")
        handout, deck = home.find('class="qa-handout-links"'), home.find(f'href="{DECK}"')
        assert handout > 0 and deck > 0 and abs(deck - handout) < 2000
        assert "data-qa-progress" in home
        review = (site / prefix / "review" / "index.html").read_text(encoding="utf-8")
        assert "data-qa-review" in review and "data-qa-import" in review
    assert 'hreflang="en"' in (site / "review" / "index.html").read_text(encoding="utf-8")
    assert "/en/review/" in (site / "en" / "sitemap.xml").read_text(encoding="utf-8")


# --- a small site built twice: note ids survive an edit ------------------------------------------

TOPIC = ("---\nkind: topic\ntitle: 甲\ntitle_en: A\norder: 1\n---\n\n"
         "## 什麼是知識蒸餾？ {{#distillation data-en=\"What is distillation?\"}}\n\n{distillation}\n\n"
         "## 什麼是量化？ {{#quantization data-en=\"What is quantization?\"}}\n\n量化把參數換成低精度數據類型。\n\n"
         "```python\nmodel = quantize(model)\n```\n{extra}")
DISTILLATION = "知識蒸餾用大模型的輸出訓練小模型。學生模型模仿教師模型。"
EDITED = "知識蒸餾讓小模型學習大模型的軟標籤，常用於部署到手機。"
EXTRA = "\n## 什麼是剪枝？ {#pruning data-en=\"What is pruning?\"}\n\n剪枝移除不重要的權重。\n"


@pytest.fixture(scope="session")
def two_builds(tmp_path_factory):
    """The same small site built before and after an edit (an answer reworded, a question added)."""
    out = []
    for name, distillation, extra in (("before", DISTILLATION, ""), ("after", EDITED, EXTRA)):
        folder = tmp_path_factory.mktemp(name)
        config = fixture_site(folder, {"index.md": "# 首頁\n\n<!-- anki-links -->\n", "a.md": TOPIC.format(distillation=distillation, extra=extra)})
        build = mkdocs_build(config, folder / "site")
        assert build.returncode == 0, build.output
        out.append(folder / "site")
    return out


def test_note_ids_stay_when_a_question_is_edited(two_builds, tmp_path):
    before, after = (read_deck(site / DECK, tmp_path) for site in two_builds)
    by_id = {note["fields"]["Id"]: note for note in before}
    assert sorted(by_id) == ["distillation", "quantization"]
    edited = {note["fields"]["Id"]: note for note in after}
    assert sorted(edited) == ["distillation", "pruning", "quantization"]
    for qid in by_id:
        assert edited[qid]["guid"] == by_id[qid]["guid"], f"{qid}: a new note id would add a copy on import"
    assert EDITED in edited["distillation"]["fields"]["Answer"] and DISTILLATION in by_id["distillation"]["fields"]["Answer"]
    assert edited["pruning"]["guid"] not in {n["guid"] for n in before}
    assert [edited[q]["fields"]["Number"] for q in ("distillation", "quantization", "pruning")] == ["1.1", "1.2", "1.3"]
    english = read_deck(two_builds[1] / "en" / DECK, tmp_path)
    assert {n["guid"] for n in english}.isdisjoint(edited[q]["guid"] for q in edited), "each locale is its own deck"
    assert "What is pruning?" in {n["fields"]["Question"] for n in english}
