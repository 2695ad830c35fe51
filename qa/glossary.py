"""The bilingual glossary: load ``content/glossary.yml``, find the questions that mention each term,
and write the glossary pages' Markdown.

File format (see MAINTAINING.md, "Glossary"): a YAML list of mappings, one per term::

    - id: knowledge-distillation          # anchor on the glossary pages: lower-case ASCII words and hyphens
      zh: 知識蒸餾                          # Traditional form exactly as the answers write it
      en: knowledge distillation
      aliases: [知识蒸馏, KD, distillation] # Simplified form, abbreviations, other names (optional)
      match: []                            # optional extra strings that count as a mention
      definition_zh: 以大型「教師」模型……
      definition_en: Compression in which …

Mention rule (:func:`mentions_term`): a form that contains any non-ASCII character (``知識蒸餾``,
``A/B 測試``) matches where it occurs verbatim; an all-ASCII form (``BLEU``, ``knowledge distillation``)
matches case-insensitively where it is not preceded or followed by an ASCII letter, digit or ``_``
(so ``BERT`` matches ``BERT 模型`` and ``GPT`` matches ``GPT-3``, but ``BERT`` does not match
``BERTScore`` or ``DistilBERT``). Every form of a term counts: ``zh``, ``match``, ``en`` and ``aliases``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote
from typing import Callable, Iterable, Sequence

from .errors import ContentError
from .model import Question
from .normalize import to_traditional
from .source import YamlList, YamlMap, load_yaml, markdown_text

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED_KEYS = ("id", "zh", "en", "definition_zh", "definition_en")
LIST_KEYS = ("aliases", "match")
KNOWN_KEYS = REQUIRED_KEYS + LIST_KEYS
#: prefix of the section anchors the glossary pages use themselves; term ids may not start with it
RESERVED_ID_PREFIX = "glossary-"
#: at most this many question links per term on a glossary page; the rest are one search away. A list
#: longer than a screen helps no reader, and in a bank of 5,000 questions the full lists made the page
#: 4 MB (45,913 links), the largest single cost of the build's memory (issue 13).
LISTED_QUESTIONS = 10


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Attributes:
        id: the term's anchor on the glossary pages (``knowledge-distillation``).
        zh: the Traditional Chinese form as the answers write it (``知識蒸餾``), or the Latin form the
            answers use when they do not translate the term (``BLEU``).
        en: the English term (``knowledge distillation``).
        aliases: Simplified form, abbreviations and other names (``("知识蒸馏", "KD", "distillation")``).
        definition_zh: one-line definition in Traditional Chinese.
        definition_en: one-line definition in English.
        match: extra strings that count as a mention in question text (``()`` when none).
        line: 1-based line of the entry (its ``- id:`` line) in the glossary file, for error messages.
    """

    id: str
    zh: str
    en: str
    aliases: tuple[str, ...]
    definition_zh: str
    definition_en: str
    match: tuple[str, ...]
    line: int

    @property
    def forms(self) -> tuple[str, ...]:
        """Every form that counts as a mention: ``zh``, ``match``, ``en``, then ``aliases`` (no repeats)."""
        return tuple(dict.fromkeys((self.zh, *self.match, self.en, *self.aliases)))


def load_glossary(path: Path, name: str | None = None) -> list[Term]:
    """Read and validate a glossary file.

    Args:
        path: the YAML file (``content/glossary.yml``).
        name: how error messages name the file (default ``str(path)``), e.g. the project-relative
            ``content/glossary.yml`` when ``path`` is absolute.

    Returns:
        The terms in file order.

    Raises:
        ContentError: naming ``path`` and the offending line, when the file is missing or is not valid
            YAML; the top level is not a list; an entry is not a mapping, lacks one of ``id``, ``zh``,
            ``en``, ``definition_zh``, ``definition_en``, has an unknown key, an empty or multi-line
            value, or ``aliases``/``match`` that are not lists of strings; an id is not lower-case ASCII
            words joined by hyphens (or starts with the reserved ``glossary-``); an id, ``zh`` form or
            ``en`` form (compared case-insensitively) is used by two terms.
    """
    where = name or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(where, 0, "glossary file not found; create it (see MAINTAINING.md, 'Glossary')") from None
    data = load_yaml(text, where, 1, "fix the YAML syntax")
    if data is None:
        return []
    if not isinstance(data, YamlList):
        raise ContentError(where, 1, "the glossary must be a YAML list of terms ('- id: ...' entries)")

    terms: list[Term] = []
    seen: dict[tuple[str, str], Term] = {}
    for entry, line in zip(data, data.item_lines):
        if not isinstance(entry, YamlMap):
            raise ContentError(where, line, "each glossary entry must be a mapping with id, zh, en, aliases, definition_zh, definition_en")
        for key in entry:
            if key not in KNOWN_KEYS:
                raise ContentError(where, entry.line_of(key), f"unknown key '{key}'; allowed keys are {', '.join(KNOWN_KEYS)}")
        values: dict[str, str] = {}
        for key in REQUIRED_KEYS:
            value = entry.get(key)
            if value is None:
                raise ContentError(where, line, f"term is missing '{key}'; add '{key}: ...' to this entry")
            if not isinstance(value, str) or not value.strip() or "\n" in value.strip():
                raise ContentError(where, entry.line_of(key), f"'{key}' must be a non-empty one-line text")
            values[key] = value.strip()
        lists: dict[str, tuple[str, ...]] = {}
        for key in LIST_KEYS:
            value = entry.get(key) or []
            if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
                raise ContentError(where, entry.line_of(key), f"'{key}' must be a list of non-empty texts, e.g. [知识蒸馏, KD]")
            lists[key] = tuple(item.strip() for item in value)
        term_id = values["id"]
        if not _ID.match(term_id) or term_id.startswith(RESERVED_ID_PREFIX):
            raise ContentError(where, entry.line_of("id"),
                               f"id '{term_id}' must be lower-case ASCII words joined by hyphens (e.g. knowledge-distillation), not starting with '{RESERVED_ID_PREFIX}'")
        term = Term(id=term_id, zh=values["zh"], en=values["en"], aliases=lists["aliases"],
                    definition_zh=values["definition_zh"], definition_en=values["definition_en"],
                    match=lists["match"], line=line)
        for key, value in (("id", term.id), ("zh", term.zh), ("en", term.en.casefold())):
            other = seen.get((key, value))
            if other is not None:
                raise ContentError(where, entry.line_of(key),
                                   f"{key} '{getattr(term, key)}' is already used by the term on line {other.line}; merge the two entries or change one")
            seen[(key, value)] = term
        terms.append(term)
    return terms


_WORD_CHAR = re.compile(r"[A-Za-z0-9_]")


class MentionIndex:
    """Every form of every term found in one scan of a text (the module's mention rule, many terms at once).

    The forms are bucketed by their first character; one regex jumps to the positions where some form
    could start (for all-ASCII forms: case-insensitively, and not after an ASCII letter, digit or ``_``),
    and there each form of the bucket is compared (ASCII forms also need a word boundary after them).
    Overlapping and nested forms are all found, as with a separate substring test per form.
    """

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = tuple(terms)
        self._ids: dict[str, list[str]] = {}  # form (ASCII forms lower-cased) → term ids
        for term in self.terms:
            for form in term.forms:
                key = form.lower() if form.isascii() else form
                ids = self._ids.setdefault(key, [])
                if term.id not in ids:
                    ids.append(term.id)
        self._verbatim: dict[str, list[str]] = {}
        self._ascii: dict[str, list[str]] = {}
        for form in self._ids:
            (self._ascii if form.isascii() else self._verbatim).setdefault(form[0], []).append(form)
        self._verbatim_starts = (re.compile("[" + "".join(map(re.escape, self._verbatim)) + "]")
                                 if self._verbatim else None)
        self._ascii_starts = (re.compile("(?<![A-Za-z0-9_])[" + "".join(map(re.escape, self._ascii)) + "]", re.IGNORECASE)
                              if self._ascii else None)

    def term_ids(self, text: str) -> set[str]:
        """The ids of the terms ``text`` mentions."""
        found: set[str] = set()
        if self._verbatim_starts is not None and not text.isascii():
            for match in self._verbatim_starts.finditer(text):
                start = match.start()
                for form in self._verbatim[match.group()]:
                    if text.startswith(form, start):
                        found.update(self._ids[form])
        if self._ascii_starts is not None:
            for match in self._ascii_starts.finditer(text):
                start = match.start()
                for form in self._ascii.get(match.group().lower(), ()):
                    end = start + len(form)
                    if text[start:end].lower() == form and (end >= len(text) or not _WORD_CHAR.match(text[end])):
                        found.update(self._ids[form])
        return found


@functools.lru_cache(maxsize=8)
def _index(terms: tuple[Term, ...]) -> MentionIndex:
    return MentionIndex(terms)


def mentions_term(term: Term, text: str) -> bool:
    """Whether ``text`` mentions ``term`` under the module's mention rule (any of :attr:`Term.forms`)."""
    return term.id in _index((term,)).term_ids(text)


def count_mentions(text: str, forms: Iterable[str]) -> int:
    """How many times ``text`` writes any of ``forms`` under the module's mention rule: each distinct form's
    non-overlapping occurrences (a non-ASCII form verbatim; an all-ASCII form case-insensitively, not next to
    an ASCII letter, digit or ``_``), summed; 0 when none is written. :func:`mentions_term` is true for a
    term exactly when this count over :attr:`Term.forms` is above 0 (search counts some of the forms:
    ``qa.search.count_mentions``)."""
    total = 0
    for form in dict.fromkeys(forms):
        if form.isascii():
            total += len(re.findall(r"(?<![A-Za-z0-9_])" + re.escape(form) + r"(?![A-Za-z0-9_])", text, re.IGNORECASE))
        else:
            total += text.count(form)
    return total


def _question_text(question: Question) -> str:
    return f"{question.title}\n{question.answer}"


def mentioned_term_ids(terms: Sequence[Term], question: Question) -> set[str]:
    """The ids of the terms that ``question``'s title or answer mentions (the rule of :func:`find_mentions`)."""
    return _index(tuple(terms)).term_ids(_question_text(question))


def find_mentions(terms: Sequence[Term], questions: Iterable[Question],
                  term_ids: Callable[[Question], set[str]] | None = None) -> dict[str, list[Question]]:
    """Find, for every term, the questions whose title or answer mentions it.

    Args:
        terms: the glossary terms.
        questions: the questions to search, in the order the result should keep (page order).
        term_ids: ``question -> ids of the terms it mentions``; :func:`mentioned_term_ids` by default
            (a caller may wrap it in a cache, e.g. ``mkdocs serve`` keeping each unchanged question's).

    Returns:
        ``{term.id: [question, ...]}`` with one key per term (an empty list when nothing mentions it);
        each list keeps the order of ``questions``. The title is the Traditional Chinese
        ``Question.title``; the English title is not searched.
    """
    if term_ids is None:
        index = _index(tuple(terms))

        def term_ids(question: Question) -> set[str]:
            return index.term_ids(_question_text(question))

    found: dict[str, list[Question]] = {term.id: [] for term in terms}
    for question in questions:
        for term_id in sorted(term_ids(question)):
            found[term_id].append(question)
    return found


def check_mentions(terms: Sequence[Term], mentions: dict[str, list[Question]], path: str) -> None:
    """Fail on the first term (in file order) that no question mentions.

    Args:
        terms: the glossary terms.
        mentions: the result of :func:`find_mentions` for the questions readers see.
        path: the glossary file as it should appear in the message (``content/glossary.yml``).

    Raises:
        ContentError: at the unmentioned term's line, naming its id and forms and how many other terms
            are unmentioned, telling the maintainer to remove the term or fix its ``zh``/``match`` form.
    """
    missing = [term for term in terms if not mentions.get(term.id)]
    if not missing:
        return
    term = missing[0]
    more = f" ({len(missing) - 1} more unmentioned: {', '.join(t.id for t in missing[1:])})" if len(missing) > 1 else ""
    raise ContentError(path, term.line,
                       f"term '{term.id}' ({term.zh} / {term.en}) is mentioned in no question; "
                       f"remove it or fix its zh/match form to the text the answers use{more}")


def search_keywords(terms: Sequence[Term], question: Question) -> list[str]:
    """Extra search keywords for a question: the English term and every alias of each term it mentions.

    This lets a search index find a Traditional Chinese question by the English name, an abbreviation
    or the Simplified form of a term it discusses (``知识蒸馏``, ``KD``, ``knowledge distillation`` for
    a question that writes 知識蒸餾).

    Args:
        terms: the glossary terms.
        question: one question; its title and answer are searched with :func:`mentions_term`.

    Returns:
        Keywords in glossary order without repeats: for each mentioned term its ``en`` then its
        ``aliases`` (the ``zh`` and ``match`` forms are left out: they are in the text already).
    """
    mentioned = _index(tuple(terms)).term_ids(_question_text(question))
    keywords: dict[str, None] = {}
    for term in terms:
        if term.id in mentioned:
            keywords.update(dict.fromkeys((term.en, *term.aliases)))
    return list(keywords)


# --- the glossary pages ---------------------------------------------------------------------------------------

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


def reading_key(word: str, locale: str) -> tuple:
    """How a Chinese dictionary of the edition orders ``word``: by 注音 (``zh-Hant``: symbol by symbol in
    ㄅㄆㄇㄈ order, then tone) or by pinyin (``zh-Hans``: letters, then tone number), syllable by syllable.
    Readings come from pypinyin's phrase dictionary (so 重 in 權重 reads zhòng); a character it cannot read
    sorts after every reading, by its code point."""
    from pypinyin import Style, pinyin

    key = []
    if locale == "zh-Hans":
        for (syllable,) in pinyin(word, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: [[f"~{s}"]]):
            letters, tone = syllable.rstrip("12345"), syllable[len(syllable.rstrip("12345")):] or "5"
            key.append((letters, tone))
        return tuple(key)
    for (syllable,) in pinyin(word, style=Style.BOPOMOFO, errors=lambda s: [[f"~{s}"]]):
        tone = next((_TONES.index(ch) + 2 for ch in syllable if ch in _TONES), 1)
        letters = tuple(_BOPOMOFO.index(ch) if ch in _BOPOMOFO else 100 + ord(ch) for ch in syllable if ch not in _TONES)
        key.append((letters, tone))
    return tuple(key)


def _section(word: str, locale: str) -> str:
    """The index section a Chinese word files under: its first 注音 symbol (zh-Hant) or pinyin letter (zh-Hans)."""
    from pypinyin import Style, pinyin

    first = pinyin(word[:1], style=Style.BOPOMOFO if locale != "zh-Hans" else Style.NORMAL, errors=lambda s: [["#"]])[0][0]
    return first[:1].upper() if first else "#"


def sort_terms(terms: Sequence[Term], locale: str, shown=lambda text: text) -> list[tuple[str, str, list[Term]]]:
    """Group and order terms like a book's index, as readers of the edition look them up.

    Args:
        terms: the glossary terms.
        locale: ``"en"`` for the English page; ``"zh-Hant"`` or ``"zh-Hans"`` for a Chinese edition.
        shown: the written form → the form the edition shows (its regional wording); the order follows
            what readers see.

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
    chinese = sorted((t for t in terms if not _latin_initial(t.zh)), key=lambda t: (reading_key(shown(t.zh), locale), t.id))
    sections = [(f"{RESERVED_ID_PREFIX}latin", "A–Z", latin)] if latin else []
    groups = {}
    for term in chinese:
        groups.setdefault(_section(shown(term.zh), locale), []).append(term)
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
                         topic_titles: dict[str, str] | None = None, shown=lambda text: text) -> str:
    """Write the Markdown of one glossary page (front matter included).

    Args:
        terms: the glossary terms.
        mentions: :func:`find_mentions` for the questions readers see.
        locale: ``"en"`` for the English page, otherwise a Chinese edition's (``zh-Hant``, ``zh-Hans``:
            written in Traditional Chinese, converted by the caller; the locale picks the order).
        topic_titles: topic page path → topic title in the page's language, shown after each question
            link (the page path is shown when a title is missing; pass ``None`` to show nothing).
        shown: the written form of a term → the form the edition shows (:func:`sort_terms`).

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
    for anchor, heading, group in sort_terms(terms, locale, shown):
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
