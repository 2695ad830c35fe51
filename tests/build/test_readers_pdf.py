"""What a teacher handing out the PDFs sees (issue 14): the address and metadata, running heads,
the glossary index's page references, the drill sheet's size, writing room and answer pages, tagging.

All on the real build (session ``site`` fixture, built without SITE_URL: mkdocs.yml's default
``site_url`` is the local preview address http://127.0.0.1:8000/).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import pdffacts
from htmltext import squash

from .test_handout import KINDS, LOCALES, bookmarks, outline, pdf
from qa.edition import CARRIED_STRINGS

pytestmark = pytest.mark.build

QUESTION_LINE = re.compile(r"^\s*(\d+)\.(\d+) \S", re.M)


def layout_pages(path: Path) -> tuple[str, ...]:
    """pdftotext -layout text of each page (page i at index i - 1), read once per file (tests/pdffacts.py)."""
    return pdffacts.layout_pages(path)


def pdf_strings(path: Path) -> str:
    """Everything a reader or an indexer can read from the file: page text, document info, XMP, link URIs."""
    reader = pdffacts.reader(path)
    parts = ["".join(layout_pages(path))]
    parts += [str(value) for value in (reader.metadata or {}).values()]
    metadata = reader.trailer["/Root"].get("/Metadata")
    if metadata is not None:
        parts.append(metadata.get_object().get_data().decode("utf-8", "replace"))
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                parts.append(str(action["/URI"]))
    return "\n".join(parts)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("locale", LOCALES)
def test_no_local_address_or_repository_path_in_text_metadata_or_links(site, locale, kind):
    text = pdf_strings(pdf(site, locale, kind))
    for bad in ("127.0.0.1", "localhost", ".yml", "線上版：http", "Online edition: http"):
        assert bad not in text, f"{kind} ({locale}) shows {bad!r}"
    # repository paths (docs/<page>.md, content/<file>); a cited web page may have docs/ in its address
    for path in re.findall(r"(?<![\w./-])(?:docs|content)/[\w./-]+", text):
        assert False, f"{kind} ({locale}) shows the repository path {path!r}"


def running_head(page: str) -> str:
    """The top-left running head of a page: the first line's first column ('' when there is none)."""
    first = next((line for line in page.splitlines() if line.strip()), "")
    head = re.split(r"\s{2,}", first.strip())[0]
    return head if re.match(r"\d+ \S", head) else ""


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("locale", LOCALES)
def test_running_head_names_the_topic_of_the_pages_first_question(site, locale, kind):
    # where each question starts comes from the PDF's own bookmarks (level 2: "1.2 title"), not from
    # lines of text that merely begin with a number (answers hold figures such as "4.1 GB")
    path = pdf(site, locale, kind)
    pages = layout_pages(path)
    first_on_page: dict[int, str] = {}
    for level, title, index, _ in bookmarks(path):
        match = re.match(r"(\d+)\.\d+ ", title)
        if level == 2 and match:
            first_on_page.setdefault(index, match.group(1))
    checked = 0
    for index, topic_number in sorted(first_on_page.items()):
        head = running_head(pages[index])
        if kind == "handout" and not head:
            continue  # the cover / table of contents (no head)
        assert head.startswith(topic_number + " "), f"{kind} ({locale}) page {index + 1}: head {head!r}, first question of topic {topic_number}"
        checked += 1
    assert checked >= 3


def glossary_pages(path: Path) -> list[str]:
    pages = layout_pages(path)
    start = next(i for i, page in enumerate(pages) if re.search(r"^\s*(名詞索引|Glossary index)\s*$", page, re.M))
    return pages[start:]


def test_glossary_references_stay_on_one_line_chinese(site):
    text = "\n".join(glossary_pages(pdf(site, "zh-Hant", "handout")))
    whole = re.findall(r"\d+\.\d+ 第 \d+ 頁", text)
    assert whole, "no 「1.2 第 4 頁」 reference in the zh-Hant glossary index"
    assert len(re.findall(r"第 \d+", text)) == len(re.findall(r"\d+ 頁", text)) == len(whole), \
        "a reference is broken across lines"
    assert "(p." not in text and "（p." not in text  # the Chinese edition says 第 N 頁
    assert not re.search(r"[）)]\s*[，,、]\s*\d+\.\d+", text)  # no 「），」 double gap between references


def test_glossary_references_stay_on_one_line_english(site):
    text = "\n".join(glossary_pages(pdf(site, "en", "handout")))
    whole = re.findall(r"\d+\.\d+ \(p\. \d+\)", text)
    assert whole
    assert text.count("(p.") == len(whole), "a reference is broken across lines"


@pytest.mark.parametrize("locale", LOCALES)
def test_drill_sheet_is_light_and_grows_with_its_pages(site, locale):
    path = pdf(site, locale, "drill")
    size, pages = path.stat().st_size, len(pdffacts.reader(path).pages)
    assert size <= 12_000 * pages, f"{size / 1e3:.0f} kB for {pages} pages"  # the font subset grows with the bank
    # one embedded font face (each costs 120-180 kB), and pages cost little (dotted lines cost 120 kB each)
    fonts = pdffacts.fonts(path)
    assert len(fonts.strip().splitlines()[2:]) == 1, fonts
    content = sum(len(page["/Contents"].get_object().get_data()) for page in pdffacts.reader(path).pages)
    assert content / pages <= 20_000, f"{content / pages / 1e3:.0f} kB of drawing per page"


@pytest.mark.parametrize("locale", LOCALES)
def test_drill_sheet_leaves_room_to_write_an_outline(site, locale):
    path = pdf(site, locale, "drill")
    reader = pdffacts.reader(path)
    marks = [title for level, title in outline(path) if level == 2]
    per_page = [len(QUESTION_LINE.findall(page)) for page in layout_pages(path)]
    assert sum(per_page) == len(marks)
    assert max(per_page) <= 3, per_page  # A4 body 255 mm: at least ~6 cm of ruled space per question
    assert len(reader.pages) >= len(marks) / 3


@pytest.mark.parametrize("locale", LOCALES)
def test_each_drill_question_names_the_handout_page_of_its_answer(site, locale):
    drill = layout_pages(pdf(site, locale, "drill"))
    handout = layout_pages(pdf(site, locale, "handout"))
    pattern = r"答案見講義第 (\d+) 頁" if locale == "zh-Hant" else r"Answer: handout p\. (\d+)"
    pairs = []
    for page in drill:
        numbers = [m.group(1) + "." + m.group(2) for m in QUESTION_LINE.finditer(page)]
        refs = re.findall(pattern, page)
        assert len(refs) == len(numbers), (numbers, refs)
        pairs += zip(numbers, map(int, refs))
    assert pairs
    for number, page in pairs:
        # the handout page named holds that question's heading (number at the start of a line)
        assert re.search(rf"^\s*{re.escape(number)} \S", handout[page - 1], re.M), f"{number} is not on handout p. {page}"


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("locale", LOCALES)
def test_pdfs_are_tagged_pdf_ua(site, locale, kind):
    path = pdf(site, locale, kind)
    info = pdffacts.info(path)
    assert re.search(r"^Tagged:\s+yes", info, re.M)
    root = pdffacts.reader(path).trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert "pdfuaid:part" in root["/Metadata"].get_object().get_data().decode("utf-8")
    structure = pdffacts.structure(path)
    assert re.search(r"^\s+H1\b", structure, re.M) and re.search(r"^\s+H2\b", structure, re.M)


def test_handout_says_the_collection_asks_the_question_again(site):
    """The carried block prints as the site shows it: its label, the plain line that the collection asks
    the question again (no raw id), then the added text, in each edition's language."""
    text = squash("".join(layout_pages(pdf(site, "zh-Hant", "handout"))))
    strings = {locale: {key: squash(value) for key, value in CARRIED_STRINGS[locale].items()} for locale in ("zh-Hant", "en")}
    assert strings["zh-Hant"]["label"] in text and strings["zh-Hant"]["same"] in text
    assert "#deployment-considerations-brief" not in text
    # an introduction whose list is covered is printed with that list, never alone
    assert re.search(r"常見的部署方式包括：[•·]?雲端部署", text.split(strings["zh-Hant"]["label"], 1)[1]), \
        "the carried introduction is not followed by its list"
    english = squash("".join(layout_pages(pdf(site, "en", "handout"))))
    assert strings["en"]["same"] in english and "#deployment-considerations-brief" not in english
    # the English block has English context lines (qa-carried-context), no Chinese
    block = english.split(strings["en"]["label"], 1)[1][:3000]
    assert "Commondeploymentoptionsinclude:" in block and "Clouddeployment" in block and "雲端部署" not in block
