"""The PDF handouts of the real build (session `site` fixture): files, contents, fonts, glyphs, links.

Expected questions come from the built HTML pages (what readers see), not from the core that made
the PDFs, so a question lost or repeated between the two shows up here.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pypdf import PdfReader

import pdffacts
from htmltext import page_text, squash
from conftest import real_topic_pages
from qa.pdf import notdef_glyphs, write_pdf
from qa.edition import CARRIED_STRINGS
from qa.render import LABELS as RENDER_LABELS

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[2]

LOCALES = {"zh-Hant": "", "en": "en/"}
KINDS = {"handout": "llm-interview-handout.pdf", "drill": "llm-interview-drill.pdf"}
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def topic_slugs() -> list[str]:
    return [page.slug for page in real_topic_pages()]


def shown_titles(site: Path, prefix: str) -> list[str]:
    """Question titles shown in full on the built topic pages (h2 with an id, stubs left out)."""
    see = {label["see"] for label in RENDER_LABELS.values()}
    titles = []
    for slug in topic_slugs():
        html = (site / prefix / slug / "index.html").read_text(encoding="utf-8")
        article = html.split("<article", 1)[1].split("</article>", 1)[0]
        for match in re.finditer(r'<h2[^>]*\sid="[^"]+"[^>]*>(.*?)</h2>(.{0,400})', article, flags=re.S):
            after = squash(page_text(match.group(2)))
            if any(after.startswith(squash(label)) for label in see):
                continue
            titles.append(page_text(match.group(1)).replace("¶", "").strip())
    return titles


def pdf(site: Path, locale: str, kind: str) -> Path:
    return site / LOCALES[locale] / "downloads" / KINDS[kind]


def page_texts(path: Path) -> tuple[str, ...]:
    """pdftotext's text of each page (read once per file: tests/pdffacts.py)."""
    return pdffacts.page_texts(path)


def bookmarks(path: Path) -> tuple[tuple[int, str, int, float], ...]:
    """(level, title, 0-based page index, distance of the target from the page top in pt) of every
    PDF bookmark, depth first (read once per file: tests/pdffacts.py)."""
    return pdffacts.bookmarks(path)


def outline(path: Path) -> list[tuple[int, str]]:
    """(level, title) of every PDF bookmark, depth first."""
    return [(level, title) for level, title, _, _ in bookmarks(path)]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("locale", LOCALES)
def test_one_pdf_per_locale_and_kind(site, locale, kind):
    path = pdf(site, locale, kind)
    assert path.is_file(), f"{path} not written"
    reader = pdffacts.reader(path)
    assert len(reader.pages) >= 2
    assert reader.metadata.title.startswith(("LLM 面試題庫", "LLM Interview Study Guide"))
    assert reader.trailer["/Root"]["/Lang"] == locale


@pytest.mark.parametrize("locale", LOCALES)
def test_toc_lists_every_shown_question_once_with_its_page(site, locale):
    path = pdf(site, locale, "handout")
    pages = page_texts(path)
    titles = shown_titles(site, LOCALES[locale])
    assert titles, "no questions found on the built pages"
    marks = bookmarks(path)
    toc_page = next(index for level, title, index, _ in marks if title in ("目錄", "Contents"))
    first_topic = next(index for level, title, index, _ in marks if level == 1 and re.match(r"\d+ ", title))
    # in the layout text a page number ends its line after a gap: mark it ⟨N⟩, then ignore spacing
    # (pages toc_page + 1 to first_topic, as pdftotext -layout -f toc_page+1 -l first_topic prints them)
    layout = "".join(page + "\f" for page in pdffacts.layout_pages(path)[toc_page:first_topic])
    toc = squash(re.sub(r"\s{2,}(\d+)[ \t]*$", r"⟨\1⟩", layout, flags=re.M))
    for title in titles:
        key = squash(title)
        found = re.findall(re.escape(key) + r"⟨(\d+)⟩", toc)
        assert len(found) == 1, f"{title!r}: {len(found)} entries in the table of contents"
        number = int(found[0])
        assert first_topic < number <= len(pages), f"{title!r}: page {number} out of range"
        # the title is really printed (extractable text) on the page the TOC names
        # (pdftotext joins a word hyphenated at a line end: "vision-" + "language" → "visionlanguage")
        assert key.replace("-", "") in squash(pages[number - 1]).replace("-", ""), f"{title!r} not on page {number}"


@pytest.mark.parametrize("locale", LOCALES)
def test_drill_sheet_numbers_questions_as_the_handout(site, locale):
    def numbered(path):
        return [title for level, title in outline(path) if level == 2]

    handout, drill = numbered(pdf(site, locale, "handout")), numbered(pdf(site, locale, "drill"))
    assert handout and handout == drill
    assert len(handout) == len(shown_titles(site, LOCALES[locale]))
    assert all(re.match(r"\d+\.\d+ ", title) for title in handout)
    # no answers: the first answer paragraph of the site is not in the drill sheet, but is in the handout
    html = (site / LOCALES[locale] / topic_slugs()[0] / "index.html").read_text(encoding="utf-8")
    answer = squash(page_text(re.search(r"</h2>.*?<p>(.*?)</p>", html, flags=re.S).group(1)))[:30]
    assert answer not in squash("".join(page_texts(pdf(site, locale, "drill"))))
    assert answer in squash("".join(page_texts(pdf(site, locale, "handout"))))


@pytest.mark.parametrize("locale", LOCALES)
def test_bookmarks_by_topic_and_question(site, locale):
    marks = outline(pdf(site, locale, "handout"))
    topics = [title for level, title in marks if level == 1]
    assert len([t for t in topics if re.match(r"\d+ ", t)]) == len(topic_slugs())
    if locale == "en":  # the English handout's titles are English
        for level, title in marks:
            assert not CJK.search(title), f"Chinese in an English bookmark: {title!r}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("locale", LOCALES)
def test_fonts_are_embedded_traditional_chinese_subsets(site, locale, kind):
    out = pdffacts.fonts(pdf(site, locale, kind))
    rows = [line.split() for line in out.splitlines()[2:] if line.strip()]
    assert rows
    cjk = [row[0] for row in rows if re.search(r"\+Noto-?Sans-?(Mono-?)?CJK", row[0], re.I)]
    assert cjk and all(re.search(r"CJK-?TC", name, re.I) for name in cjk), f"not the Traditional Chinese faces: {cjk}"
    for row in rows:
        name, emb, sub = row[0], row[-5], row[-4]
        # a symbol Noto CJK lacks (ᵀ, ₁, ⟨⟩ in a formula) comes from Debian's DejaVu, also a subset
        assert name in cjk or re.search(r"\+DejaVu", name), f"an unexpected font: {name}"
        assert (emb, sub) == ("yes", "yes"), f"{name}: emb={emb} sub={sub}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("locale", LOCALES)
def test_no_missing_glyph_boxes(site, locale, kind):
    path = pdf(site, locale, kind)
    assert pdffacts.notdef(path) == 0
    assert "\ufffd" not in "".join(page_texts(path))


def test_the_notdef_check_finds_a_missing_glyph(tmp_path):
    # U+E000 (private use) is in no installed font: WeasyPrint draws CID 0 for it
    write_pdf('<html lang="zh-Hant"><body><p>知識蒸餾 \ue000</p></body></html>', tmp_path / "box.pdf")
    assert notdef_glyphs(tmp_path / "box.pdf") == 1


def test_full_handouts_stay_light_per_page(site):
    # at most 25 kB a page (fonts are subsets, nothing is drawn dot by dot) and 5 MB in all
    for locale in LOCALES:
        path = pdf(site, locale, "handout")
        size, pages = path.stat().st_size, len(pdffacts.reader(path).pages)
        assert size <= 25_000 * pages and size <= 5_000_000, f"{locale}: {size / 1e6:.2f} MB for {pages} pages"


def test_handout_has_cover_answers_and_glossary_index(site):
    pages = page_texts(pdf(site, "zh-Hant", "handout"))
    cover = squash(pages[0])
    assert "版本日期" in cover and "內容來源" in cover
    marks = [title for _, title in outline(pdf(site, "zh-Hant", "handout"))]
    assert "名詞索引" in marks  # the glossary index (content/glossary.yml)
    index = squash("".join(pages[-3:]))
    assert re.search(r"\d+\.\d+第\d+頁", index), "glossary entries without question numbers and pages"
    # each topic starts a new page: its heading is the first thing under the top margin (22 mm = 62 pt)
    for level, title, _, from_top in bookmarks(pdf(site, "zh-Hant", "handout")):
        if level == 1 and re.match(r"\d+ ", title):
            assert from_top < 80, f"{title}: starts {from_top:.0f} pt below the page top"
    body = squash("".join(pages[2:]))
    assert squash(CARRIED_STRINGS["zh-Hant"]["label"]) in body  # the dedup's carried sentences print, opened


@pytest.mark.parametrize("locale", LOCALES)
def test_home_page_and_header_link_the_handouts(site, locale):
    prefix = LOCALES[locale]
    label = "下載 PDF 講義" if locale == "zh-Hant" else "Download PDF handout"
    home = (site / prefix / "index.html").read_text(encoding="utf-8")
    topic = (site / prefix / "applications" / "index.html").read_text(encoding="utf-8")
    assert f'href="downloads/{KINDS["handout"]}"' in home and f'href="downloads/{KINDS["drill"]}"' in home
    header = re.search(r'<a href="([^"]+)" class="md-header__button md-icon qa-handout-header"[^>]*aria-label="([^"]+)"', topic)
    assert header and header.group(2) == label
    assert (site / prefix / "applications" / header.group(1)).resolve() == pdf(site, locale, "handout").resolve()


EDITIONS = {"zh-Hant": "", "zh-Hans": "zh-Hans/", "en": "en/"}


def page_questions(site: Path, prefix: str, slug: str) -> list[str]:
    """The question titles shown in full on one built topic page (as :func:`shown_titles`)."""
    see = {label["see"] for label in RENDER_LABELS.values()}
    article = (site / prefix / slug / "index.html").read_text(encoding="utf-8").split("<article", 1)[1].split("</article>", 1)[0]
    titles = []
    for match in re.finditer(r'<h2[^>]*\sid="[^"]+"[^>]*>(.*?)</h2>(.{0,400})', article, flags=re.S):
        if not any(squash(page_text(match.group(2))).startswith(squash(label)) for label in see):
            titles.append(page_text(match.group(1)).replace("¶", "").strip())
    return titles


@pytest.mark.parametrize("locale", EDITIONS)
def test_each_topic_page_links_its_own_handout_with_exactly_its_questions(site, locale):
    """Issue 27: one PDF per topic and edition, beside the whole book, linked from the topic page; it
    holds every question of its topic (checked one by one) and the first question of no other topic."""
    prefix = EDITIONS[locale]
    slugs = topic_slugs()
    questions = {slug: page_questions(site, prefix, slug) for slug in slugs}
    for slug in slugs:
        if not questions[slug]:
            continue
        page = site / prefix / slug / "index.html"
        link = re.search(r'<p class="qa-topic-handout"><a href="([^"]+)" download>', page.read_text(encoding="utf-8"))
        assert link, f"{prefix}{slug}/: no link to the topic's handout"
        path = (page.parent / link.group(1)).resolve()
        assert path.is_file() and path.parent == (site / prefix / "downloads").resolve(), link.group(1)
        reader = PdfReader(str(path))
        assert reader.trailer["/Root"]["/Lang"] == locale
        # hyphens left out: pdftotext joins a word hyphenated at a line end ("vision-" + "language")
        text = squash("".join(page_texts(path))).replace("-", "")
        for title in questions[slug]:
            assert squash(title).replace("-", "") in text, f"{path.name}: question {title!r} missing"
        for other in slugs:
            if other != slug and questions[other]:
                assert squash(questions[other][0]).replace("-", "") not in text, \
                    f"{path.name}: holds {other}'s {questions[other][0]!r}"
