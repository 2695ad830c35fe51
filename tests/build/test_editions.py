"""Build tests for the 简体中文 edition (/zh-Hans/), generated from the Traditional pages: complete like the
others, in Simplified script and mainland wording, with its own search index, deck, study data and handout."""
from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import tempfile
import zipfile
from pathlib import Path

import opencc
import pytest

from conftest import ROOT, real_topic_pages
from htmltext import page_text
from qa.dedup import dedupe
from qa.render import shown_in_order

pytestmark = pytest.mark.build

PAGES = real_topic_pages()
SHOWN = shown_in_order(PAGES, dedupe(PAGES))
T2S = opencc.OpenCC("t2s")


def zh_hans(site: Path, path: str = "") -> str:
    return (site / "zh-Hans" / path / "index.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    return html.split("<article", 1)[1].split("</article>", 1)[0]


def reader_text(html: str) -> str:
    """The article's text without code (code stays as written in every edition)."""
    return page_text(re.sub(r"<(pre|code)\b.*?</\1>", "", article(html), flags=re.S))


def test_every_topic_page_has_a_simplified_twin_with_every_question(site):
    for topic in PAGES:
        html = zh_hans(site, topic.slug)
        assert '<html lang="zh-Hans"' in html
        ids = re.findall(r'<h2[^>]*\sid="([^"]+)"', article(html))
        assert [q.id for q in SHOWN[topic.path]] == [i for i in ids if i in {q.id for q in SHOWN[topic.path]}], topic.slug
        title = re.search(r"<title>(.*?) - ", html).group(1)
        assert title == T2S.convert(title) and title != topic.title, f"{topic.slug}: title {title!r} is not Simplified"


def test_no_traditional_text_reaches_the_simplified_pages(site):
    """Per page, the reader's text is what t2s leaves unchanged (the build also refuses it, naming the line)."""
    for path in ["", "glossary", "review", *(topic.slug for topic in PAGES)]:
        text = reader_text(zh_hans(site, path))
        assert T2S.convert(text) == text, f"/zh-Hans/{path}: {[w for w in re.findall(r'[^ -~]{1,3}', text) if T2S.convert(w) != w][:5]}"


def test_mainland_wording_in_the_simplified_edition(site):
    text = reader_text(zh_hans(site, "training-deployment")) + reader_text(zh_hans(site, "inference-serving"))
    for mainland in ("数据", "内存", "分布式", "推理", "并行"):
        assert mainland in text, mainland
    for taiwan in ("资料并行", "记忆体", "分散式", "推论"):
        assert taiwan not in text, taiwan


def test_navigation_lists_the_same_topics_in_simplified(site):
    from qa.regional import TABLE, Mainland, load_table
    mainland = Mainland(load_table(ROOT / TABLE))
    html = zh_hans(site, "rag")
    nav = [t.strip() for t in re.findall(r'class="md-ellipsis">\s*(.*?)\s*</span>', html, re.S)]
    for topic in PAGES:
        assert mainland.text(topic.title) in nav, topic.title


def test_three_languages_in_the_menu_and_in_the_sitemaps(site):
    html = zh_hans(site, "applications")
    menu = re.findall(r'hreflang="([^"]+)" class="md-select__link"', html)
    assert menu == ["zh-Hant", "zh-Hans", "en"]
    for sitemap in ("sitemap.xml", "zh-Hans/sitemap.xml", "en/sitemap.xml"):
        xml = (site / sitemap).read_text(encoding="utf-8")
        assert xml.count("<url>") == len(PAGES) + 4  # topics, home, glossary, review, mock interview
        for lang in ("zh-Hant", "zh-Hans", "en"):
            assert xml.count(f'hreflang="{lang}"') == xml.count("<url>"), (sitemap, lang)
    assert all("/zh-Hans/" in loc for loc in re.findall(r"<loc>(.*?)</loc>", (site / "zh-Hans/sitemap.xml").read_text()))


def test_simplified_404_glossary_and_review_pages(site):
    page = (site / "zh-Hans" / "404.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans"' in page and "找不到这个页面" in page
    assert "前往繁體中文版首頁" in page and "Go to the English edition" in page
    glossary = reader_text(zh_hans(site, "glossary"))
    assert "词汇表" in glossary and "知识蒸馏" in glossary
    assert '<html lang="zh-Hans"' in zh_hans(site, "review")


def test_its_own_search_bundle_and_study_data(site):
    assert (site / "zh-Hans" / "pagefind" / "pagefind.js").stat().st_size > 1000
    assert re.search(r'data-qa-bundle="(\.\./)+zh-Hans/pagefind/"', zh_hans(site, "applications"))
    data = json.loads((site / "zh-Hans" / "study.json").read_text(encoding="utf-8"))
    hant = json.loads((site / "study.json").read_text(encoding="utf-8"))
    # marks are kept under the permanent question ids, the same in every edition
    assert [t["questions"] for t in data["topics"]] == [t["questions"] for t in hant["topics"]]
    titles = json.dumps(data, ensure_ascii=False)
    assert T2S.convert(titles) == titles


def _deck(path: Path) -> tuple[set[int], set[str], list[str]]:
    with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(path) as apkg:
        apkg.extract("collection.anki2", folder)
        db = sqlite3.connect(Path(folder) / "collection.anki2")
        notes = db.execute("select guid, flds from notes").fetchall()
        decks = set(json.loads(db.execute("select decks from col").fetchone()[0]))
        db.close()
    return {int(d) for d in decks}, {guid for guid, _ in notes}, [fields for _, fields in notes]


def test_its_own_anki_deck_with_stable_simplified_notes(site):
    hans_decks, hans_guids, hans_fields = _deck(site / "zh-Hans" / "downloads" / "llm-interview.apkg")
    hant_decks, hant_guids, _ = _deck(site / "downloads" / "llm-interview.apkg")
    assert len(hans_guids) == len(hant_guids) == sum(len(qs) for qs in SHOWN.values())
    assert not hans_guids & hant_guids and (hans_decks - {1}) != (hant_decks - {1})
    text = re.sub(r"<(pre|code)\b.*?</\1>", "", "".join(hans_fields), flags=re.S)
    assert T2S.convert(page_text(text)) == page_text(text)


def test_its_handout_embeds_simplified_chinese_faces(site):
    for kind in ("llm-interview-handout.pdf", "llm-interview-drill.pdf"):
        fonts = subprocess.run(["pdffonts", str(site / "zh-Hans" / "downloads" / kind)], capture_output=True, text=True, check=True).stdout
        names = [line.split()[0] for line in fonts.splitlines()[2:] if line.strip()]
        cjk = [name for name in names if "CJK" in name]
        assert cjk and all("CJK-SC" in name for name in cjk), names


def test_study_data_keeps_each_questions_difficulty_and_origin(site):
    data = json.loads((site / "study.json").read_text(encoding="utf-8"))
    questions = {q["id"]: q for q in data["questions"]}
    assert questions["inference-speed"]["origin"] == "original"
    assert questions["kv-cache-memory-arithmetic"]["origin"] == "added"
    assert questions["kv-cache-memory-arithmetic"]["difficulty"] in ("basic", "intermediate", "advanced")
    added = [q for q in data["questions"] if q["origin"] == "added"]
    assert len(added) >= 100 and all(q["difficulty"] for q in added)


def _heading_ids(html: str) -> dict[str, list[str]]:
    """Section (its h2 id, "" before the first h2) → the ids of its h1 and h3–h6 headings, in order."""
    out: dict[str, list[str]] = {"": []}
    key = ""
    for level, hid in re.findall(r'<h([1-6])\b[^>]*\bid="([^"]+)"', article(html)):
        if level == "2":
            key = hid
            out[key] = []
        else:
            out[key].append(hid)
    return out


@pytest.mark.parametrize("page", [p.slug for p in PAGES] + ["review", "glossary", "mock"])
def test_headings_have_the_same_ids_in_every_edition(site, page):
    """A link to a sub-heading (and the language menu keeping the reader's place) must work in every
    edition (hooks/anchors.py): on a topic page each question's sub-headings, checked per question, have
    the default edition's ids wherever the translation has as many; every page's title has them; the
    glossary's terms have their own ids in every edition (under letter groups that differ)."""
    editions = {prefix or "zh-Hant": _heading_ids((site / prefix / page / "index.html").read_text(encoding="utf-8"))
                for prefix in ("", "zh-Hans", "en")}
    default = editions["zh-Hant"]
    topic = page not in ("review", "glossary", "mock")
    if not topic:  # a topic page's title is the template's, without an id
        assert default[""], f"{page}: the page has no title heading with an id"
        for name, sections in editions.items():
            assert sections[""] == default[""], f"{page} ({name}): the title's id"
        if page == "glossary":
            terms = {name: sorted(i for key, ids in sections.items() if key for i in ids) for name, sections in editions.items()}
            assert terms["zh-Hans"] == terms["zh-Hant"] and set(terms["en"]) == set(terms["zh-Hant"]), "the terms' ids"
        return
    compared = 0
    for name, sections in editions.items():
        for key, ids in default.items():
            if key in sections and len(sections[key]) == len(ids):
                assert sections[key] == ids, f"{page} ({name}), section {key or 'before the first question'}"
                compared += 1
            else:
                assert name == "en", f"{page} ({name}): section {key or '(title)'} differs from zh-Hant's"
    assert compared >= len(default), f"{page}: fewer sections compared than the default edition has"
