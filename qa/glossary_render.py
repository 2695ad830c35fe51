"""The glossary pages: the terms sorted in each edition's order (注音 for 繁體中文, pinyin for 简体中文, letters
for English) and rendered as Markdown, each listing the questions that mention it (``qa.glossary`` reads
the terms and finds the mentions).
"""
from __future__ import annotations

import re
from urllib.parse import quote
from typing import Sequence

from .glossary import LISTED_QUESTIONS, RESERVED_ID_PREFIX, Term, mentions_term
from .model import Question
from .normalize import to_traditional
from .readings import UNREAD, Readings
from .source import markdown_text

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>])")


def _md(text: str) -> str:
    """Escape the Markdown characters that could break a heading, link text or list item."""
    return _MD_SPECIAL.sub(r"\\\1", text)


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: a run of Chinese text: ideographs, then any further ideographs or CJK/full-width punctuation
_HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]*")


def _mark_chinese(markdown: str) -> str:
    """Wrap each run of Chinese in English text (a definition naming 推論) in ``<span lang="zh-Hant">``,
    so screen readers and fonts read it as Chinese (WCAG 3.1.2, language of parts)."""
    return _HAN_RUN.sub(lambda run: f'<span lang="zh-Hant">{run.group()}</span>', markdown)


def _lang(markdown: str, text: str) -> str:
    """Wrap ``markdown`` in ``<span lang>`` when ``text`` holds Chinese, for the English page.

    Screen readers and fonts pick the language from ``lang``: Chinese inside an English page must
    say so. A form that OpenCC's Simplified→Traditional conversion changes (知识蒸馏 → 知識蒸餾) is
    marked Simplified (``zh-Hans``), any other Chinese form Traditional (``zh-Hant``).
    """
    if not _HAN.search(text):
        return markdown
    simplified = to_traditional(text) != text
    return f'<span lang="{"zh-Hans" if simplified else "zh-Hant"}">{markdown}</span>'


def _link_text(markdown: str) -> str:
    """A question title (Markdown, e.g. with `code`) made safe as link text: only brackets escaped."""
    return re.sub(r"([\[\]])", r"\\\1", markdown)


def _latin_initial(text: str) -> bool:
    return text[:1].isascii() and text[:1].isalnum()


#: the 注音 symbols in their standard order (ㄅㄆㄇㄈ … ㄩ), and the tones after them (first tone unmarked)
_BOPOMOFO = "ㄅㄆㄇㄈㄉㄊㄋㄌㄍㄎㄏㄐㄑㄒㄓㄔㄕㄖㄗㄘㄙㄚㄛㄜㄝㄞㄟㄠㄡㄢㄣㄤㄥㄦㄧㄨㄩ"
_TONES = "ˊˇˋ˙"


def reading_key(word: str, locale: str, readings: Readings | None = None) -> tuple:
    """How a Chinese dictionary of the edition orders ``word``: by 注音 (``zh-Hant``: symbol by symbol in
    ㄅㄆㄇㄈ order, then tone) or by pinyin (``zh-Hans``: letters, then tone number), syllable by syllable.
    Readings come from pypinyin's phrase dictionary (so 重 in 權重 reads zhòng), through ``readings``
    (``qa.readings``; a new memory-only one when ``None``); a character it cannot read sorts after every
    reading, by its code point."""
    readings = readings or Readings()
    key = []
    if locale == "zh-Hans":
        for syllable in readings.of(word, "TONE3", neutral_tone_with_five=True):
            syllable = "~" + syllable[1:] if syllable.startswith(UNREAD) else syllable
            letters, tone = syllable.rstrip("12345"), syllable[len(syllable.rstrip("12345")):] or "5"
            key.append((letters, tone))
        return tuple(key)
    for syllable in readings.of(word, "BOPOMOFO"):
        syllable = "~" + syllable[1:] if syllable.startswith(UNREAD) else syllable
        tone = next((_TONES.index(ch) + 2 for ch in syllable if ch in _TONES), 1)
        letters = tuple(_BOPOMOFO.index(ch) if ch in _BOPOMOFO else 100 + ord(ch) for ch in syllable if ch not in _TONES)
        key.append((letters, tone))
    return tuple(key)


def _section(word: str, locale: str, readings: Readings) -> str:
    """The index section a Chinese word files under: its first 注音 symbol (zh-Hant) or pinyin letter (zh-Hans)."""
    found = readings.of(word[:1], "BOPOMOFO" if locale != "zh-Hans" else "NORMAL")
    first = "#" if not found or found[0].startswith(UNREAD) else found[0]
    return first[:1].upper() if first else "#"


def sort_terms(terms: Sequence[Term], locale: str, shown=lambda text: text,
               readings: Readings | None = None) -> list[tuple[str, str, list[Term]]]:
    """Group and order terms like a book's index, as readers of the edition look them up.

    Args:
        terms: the glossary terms.
        locale: ``"en"`` for the English page; ``"zh-Hant"`` or ``"zh-Hans"`` for a Chinese edition.
        shown: the written form → the form the edition shows (its regional wording); the order follows
            what readers see.
        readings: where the Chinese terms' readings come from (``qa.readings``; ``None``: pypinyin, memory only).

    Returns:
        ``[(section anchor, section heading, terms), ...]`` with empty sections left out.
        English page: one section per initial letter of the English term, terms sorted by the English
        term, case-insensitively. Chinese pages: first the terms whose written form starts with a Latin
        letter or digit (``BLEU``, ``A/B 測試``), sorted case-insensitively, under "A–Z"; then the Chinese
        terms in dictionary order of their reading (:func:`reading_key`): by 注音 in the 繁體中文 edition,
        one section per first symbol (ㄅ, ㄆ, …), by pinyin in the 简体中文 edition, one per first letter.
    """
    if locale == "en":
        groups: dict[str, list[Term]] = {}
        for term in sorted(terms, key=lambda t: (t.en.casefold(), t.id)):
            initial = term.en[:1].upper() if _latin_initial(term.en) else "#"
            groups.setdefault(initial, []).append(term)
        return [(f"{RESERVED_ID_PREFIX}{'other' if k == '#' else k.lower()}", k, v) for k, v in groups.items()]
    latin = sorted((t for t in terms if _latin_initial(t.zh)), key=lambda t: (t.zh.casefold(), t.id))
    readings = readings or Readings()
    chinese = sorted((t for t in terms if not _latin_initial(t.zh)),
                     key=lambda t: (reading_key(shown(t.zh), locale, readings), t.id))
    sections = [(f"{RESERVED_ID_PREFIX}latin", "A–Z", latin)] if latin else []
    groups = {}
    for term in chinese:
        groups.setdefault(_section(shown(term.zh), locale, readings), []).append(term)
    for number, (heading, group) in enumerate(groups.items(), 1):
        sections.append((f"{RESERVED_ID_PREFIX}chinese-{number}", heading, group))
    return sections


_TEXT = {
    "zh-Hant": {
        "title": "詞彙表",
        "intro": ("題庫答案中的重要術語：繁體寫法、英文、簡體與縮寫等別名、一句話定義，以及提到該術語的題目"
                  f"（最多列出 {LISTED_QUESTIONS} 題，標題提到的在前；其餘可一鍵搜尋）。"
                  "以拉丁字母開頭的術語按字母順序排在前面；中文術語按讀音排列（繁體中文版依注音符號，簡體中文版依拼音）。"),
        "english": "英文", "chinese": "中文", "aliases": "又稱", "seen_in": "出現於",
        "count": "{n} 題",
        "more": "另有 {n} 題：[搜尋「{term}」列出全部]({href})",
    },
    "en": {
        "title": "Glossary",
        "intro": ("The key terms of the answers: the Traditional Chinese form used in the text, the English term, "
                  "the Simplified form, abbreviations and other names, a one-line definition, and the questions "
                  f"that mention the term (at most {LISTED_QUESTIONS}, those whose title names it first; the rest "
                  "are one search away). Terms are sorted by their English form."),
        "english": "English", "chinese": "Chinese", "aliases": "Also", "seen_in": "Mentioned in",
        "count": "{n} question",  # "s" added below for n != 1
        "more": "{n} more: [search for “{term}” to list them all]({href})",
    },
}


def listed_questions(term: Term, questions: Sequence[Question]) -> list[Question]:
    """The questions a glossary page links under ``term``: of ``questions`` (those that mention it, in
    page order), the first :data:`LISTED_QUESTIONS`, those whose title mentions the term
    (:func:`mentions_term`) before those where only the answer does, page order kept within each."""
    in_title = [q for q in questions if mentions_term(term, q.title)]
    named = {id(q) for q in in_title}
    return (in_title + [q for q in questions if id(q) not in named])[:LISTED_QUESTIONS]


def render_glossary_page(terms: Sequence[Term], mentions: dict[str, list[Question]], locale: str,
                         topic_titles: dict[str, str] | None = None, shown=lambda text: text,
                         readings: Readings | None = None) -> str:
    """Write the Markdown of one glossary page (front matter included).

    Args:
        terms: the glossary terms.
        mentions: :func:`find_mentions` for the questions readers see.
        locale: ``"en"`` for the English page, otherwise a Chinese edition's (``zh-Hant``, ``zh-Hans``:
            written in Traditional Chinese, converted by the caller; the locale picks the order).
        topic_titles: topic page path → topic title in the page's language, shown after each question
            link (the page path is shown when a title is missing; pass ``None`` to show nothing).
        shown: the written form of a term → the form the edition shows (:func:`sort_terms`).
        readings: the Chinese terms' readings (:func:`sort_terms`).

    Returns:
        Markdown with front matter ``title: 詞彙表`` or ``title: Glossary``, one ``##`` section per group
        of :func:`sort_terms` and one ``###`` heading per term with the explicit anchor ``{#<term id>}``.
        Each term lists its other-language form, its aliases, its definition (on the English page the
        English definition, then the Chinese one), the number of questions that mention it, and a
        relative link ``<page>#<question id>`` to each of the first :data:`LISTED_QUESTIONS` of them
        (:func:`listed_questions`), titled with ``Question.title`` (Chinese page) or ``Question.title_en``
        (English page, falling back to ``title``); when more mention it, a line "N more" links to
        ``?q=<term>``, which opens the header search for the term on this page (no ``#<term id>``:
        Material closes the search 125 ms after a page loads with a hash that names an element). Links are
        relative to the docs root, so the page must be generated at the docs root (``glossary.md`` /
        ``glossary.en.md``).
    """
    english = locale == "en"
    text = _TEXT["en" if english else "zh-Hant"]
    out = [f"---\ntitle: {text['title']}\n---\n", f"# {text['title']}\n", text["intro"] + "\n"]
    for anchor, heading, group in sort_terms(terms, locale, shown, readings):
        out.append(f"## {heading} {{#{anchor}}}\n")
        for term in group:
            name, other, other_label = (term.en, term.zh, text["chinese"]) if english else (term.zh, term.en, text["english"])
            out.append(f"### {_md(name)} {{#{term.id}}}\n")
            facts = [] if other == name else [f"**{other_label}**：{_md(other)}" if not english else f"**{other_label}:** {_lang(_md(other), other)}"]
            aliases = [a for a in term.aliases if a not in (term.zh, term.en)]
            if aliases:
                joiner = ", " if english else "、"
                facts.append(f"**{text['aliases']}:** {joiner.join(_lang(_md(a), a) for a in aliases)}" if english
                             else f"**{text['aliases']}**：{joiner.join(map(_md, aliases))}")
            if facts:
                out.append(" · ".join(facts) + "\n")
            if english:
                out.append(_mark_chinese(_md(term.definition_en)) + "\n")
                out.append(f'<span lang="zh-Hant">{_md(term.definition_zh)}</span>\n')
            else:
                out.append(_md(term.definition_zh) + "\n")
            questions = mentions.get(term.id, [])
            if not questions:
                out.append("")
                continue
            count = text["count"].format(n=len(questions)) + ("s" if english and len(questions) != 1 else "")
            out.append(f"{text['seen_in']}（{count}）：\n" if not english else f"{text['seen_in']} ({count}):\n")
            for question in listed_questions(term, questions):
                title = (question.title_en or question.title) if english else question.title
                written_en = english and bool(question.title_en)  # data-en: text, never Markdown
                topic = ""
                if topic_titles is not None:
                    name_of_topic = topic_titles.get(question.page, question.page)
                    topic = f" — {_md(name_of_topic)}" if english else f"（{_md(name_of_topic)}）"
                label = markdown_text(title) if written_en else _link_text(title)
                label = _lang(label, title) if english else label
                out.append(f"- [{label}]({question.page}#{question.id}){topic}")
            rest = len(questions) - LISTED_QUESTIONS
            if rest > 0:
                name = term.en if english else term.zh
                out.append("\n" + text["more"].format(n=rest, term=_md(name), href=f"?q={quote(name)}"))
            out.append("")
    return "\n".join(out).rstrip() + "\n"
