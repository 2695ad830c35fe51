"""Readers' words for the header search: question words to drop, synonyms, and sound-alike Chinese words.

Pure Python, no MkDocs. Readers type questions ("怎麼部署大模型", "what is RAG"), not index terms. The
browser (``qa-search.js``) drops the question words of a query, searches the answers' form of a reader's
synonym, and replaces a Chinese word the index lacks by an index word of the same sound (a typo by
pinyin: 分步式 → 分布式). This module turns the reviewed data (``content/search-words.yml``, format in its
header) and the index's words into what the browser needs (:func:`browser_words`), folded like the index.

Sound: pypinyin's reading of each character of the index (toneless, so a wrong tone is the same sound),
computed at build time; the browser keys each index word by its characters' readings, so it needs no
Chinese dictionary of its own.
"""
from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError
from .readings import UNREAD, Readings
from .source import YamlList, YamlMap, read_yaml

#: the data file, relative to the project root
WORDS = Path("content") / "search-words.yml"
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class SearchWords:
    """The reviewed readers' words (``content/search-words.yml``).

    Attributes:
        question_zh: Chinese question words and particles, as written (any script).
        question_en: English question words, lower case.
        synonyms: groups of one idea; the first form of each is the one the answers write.
    """

    question_zh: tuple[str, ...] = ()
    question_en: tuple[str, ...] = ()
    synonyms: tuple[tuple[str, ...], ...] = field(default_factory=tuple)


def load_words(path: Path, name: str = "content/search-words.yml") -> SearchWords:
    """Read and check the readers' words; a missing file is no words.

    Raises:
        ContentError: at the entry's line: not the documented shape, an empty or non-text entry, an English
            question word with capitals or spaces, a synonym group of fewer than two forms, or a form that
            is in two groups (the search would depend on the order).
    """
    if not path.exists():
        return SearchWords()
    data = read_yaml(path, name)
    if data is None:
        return SearchWords()
    if not isinstance(data, YamlMap):
        raise ContentError(name, getattr(data, "line", 1), "the file must be a mapping with question_words and synonyms")
    unknown = sorted(set(map(str, data)) - {"question_words", "synonyms"})
    if unknown:
        raise ContentError(name, data.line_of(unknown[0]), f"unknown key '{unknown[0]}'; the file has question_words and synonyms")
    words = data.get("question_words") or YamlMap()
    if not isinstance(words, YamlMap):
        raise ContentError(name, data.line_of("question_words"), "question_words must be a mapping with zh and en lists")
    lists = {}
    for key in ("zh", "en"):
        items = words.get(key) or YamlList()
        if not isinstance(items, YamlList):
            raise ContentError(name, words.line_of(key), f"question_words.{key} must be a list")
        for item, line in zip(items, getattr(items, "item_lines", [])):
            if not isinstance(item, str) or not item.strip():
                raise ContentError(name, line, f"{item!r} is not a word: quote it (YAML reads on, no, yes as true/false)")
            if key == "en" and (item != item.lower() or " " in item.strip()):
                raise ContentError(name, line, f"'{item}': English question words are single lower-case words")
            if key == "zh" and not _CJK.search(item):
                raise ContentError(name, line, f"'{item}': a Chinese question word must hold Chinese characters (list English words under en)")
        lists[key] = tuple(str(item).strip() for item in items)
    groups = data.get("synonyms") or YamlList()
    if not isinstance(groups, YamlList):
        raise ContentError(name, data.line_of("synonyms"), "synonyms must be a list of [form, form, ...] groups")
    seen: dict[str, int] = {}
    synonyms = []
    for group, line in zip(groups, groups.item_lines):
        if not isinstance(group, list) or len(group) < 2 or not all(isinstance(f, str) and f.strip() for f in group):
            raise ContentError(name, line, "a synonym group is a list of two or more forms, e.g. [部署, 上線]")
        forms = tuple(" ".join(str(form).split()) for form in group)
        for form in forms:
            key = form.lower()
            if key in seen:
                raise ContentError(name, line, f"'{form}' is already in the group on line {seen[key]}; keep each form in one group")
            seen[key] = line
        synonyms.append(forms)
    return SearchWords(lists["zh"], lists["en"], tuple(synonyms))


def _toneless(word: str, readings: Readings) -> list[str] | None:
    """The readings of ``word`` without tones, one syllable per character, each pypinyin's first reading
    of the character alone (``None`` when a character has no reading pypinyin knows)."""
    out = []
    for ch in word:
        found = readings.of(ch, "NORMAL")
        reading = found[0] if len(found) == 1 and not found[0].startswith(UNREAD) else ""
        if not reading:
            return None
        out.append(reading)
    return out


#: how many of the commonest Chinese characters (jieba's dictionary) get a reading besides the index's own:
#: a homophone typo's wrong character is one an input method offers, rarely one the text has
COMMON_CHARACTERS = 3500
#: :func:`derive_common_characters` as written by ``python -m qa.query_words --write-common`` (what builds read)
COMMON_TABLE = Path(__file__).resolve().parent / "data" / "common-characters.txt"


def derive_common_characters(limit: int = COMMON_CHARACTERS) -> list[str]:
    """The ``limit`` most frequent Chinese characters of jieba's dictionary (each word's frequency counted
    for each of its characters), commonest first.

    Slow (about 2 s: the whole 350,000-line dictionary), so only used to write :data:`COMMON_TABLE` and
    to check it is current (tests/search/test_query_words.py); builds read :func:`common_characters`.

    Raises:
        ContentError: jieba's dictionary cannot be read (jieba is a dependency of the build).
    """
    import jieba

    counts: dict[str, int] = {}
    try:
        with jieba.get_dict_file() as lines:
            for raw in lines:
                parts = raw.decode("utf-8").split()
                if len(parts) >= 2 and parts[1].isdigit():
                    for ch in parts[0]:
                        if _CJK.match(ch):
                            counts[ch] = counts.get(ch, 0) + int(parts[1])
    except OSError as error:
        raise ContentError("jieba", 1, f"jieba's dictionary cannot be read ({error}); reinstall jieba (requirements.lock)") from None
    return sorted(counts, key=lambda ch: (-counts[ch], ch))[:limit]


def format_common_characters(chars: list[str]) -> str:
    """The text of :data:`COMMON_TABLE`: a comment header, then the characters, 50 to a line, commonest first."""
    import jieba

    lines = [f"# The {len(chars)} commonest Chinese characters of jieba {jieba.__version__}'s dictionary, commonest first",
             "# (qa.query_words.derive_common_characters). Regenerate with python -m qa.query_words --write-common",
             "# (tests/search/test_query_words.py checks it is current)."]
    lines += ["".join(chars[i:i + 50]) for i in range(0, len(chars), 50)]
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=1)
def _common() -> tuple[str, ...]:
    return tuple(ch for line in COMMON_TABLE.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#") for ch in line)


def common_characters(limit: int = COMMON_CHARACTERS) -> list[str]:
    """The ``limit`` (at most :data:`COMMON_CHARACTERS`) most frequent Chinese characters of jieba's
    dictionary, commonest first, as :func:`derive_common_characters` gives them, read from :data:`COMMON_TABLE`."""
    if limit > COMMON_CHARACTERS:
        raise ValueError(f"{COMMON_TABLE.name} holds {COMMON_CHARACTERS} characters, not {limit}")
    return list(_common()[:limit])


def browser_words(words: SearchWords, fold, chars: Iterable[str], readings: Readings | None = None) -> dict:
    """What the browser needs, folded with the index's ``fold`` (text → search form).

    Args:
        words: :func:`load_words`.
        fold: the index's folding (``lambda text: qa.search.fold(text, table)``).
        chars: the folded characters whose readings ship: the index's text and the common characters
            (:func:`common_characters`), so a typo's character the text lacks still has one.
        readings: where the characters' readings come from (``qa.readings``; ``None``: pypinyin, memory only).

    Returns:
        ``{"stop": [...], "stopLatin": [...], "synonyms": {form: answers' form}, "sounds": {reading: characters}}``:
        the Chinese question words (folded), the English ones, each synonym's folded form → its group's
        first form (folded; forms equal after folding are left out), and the characters of each toneless
        reading (pypinyin's first reading of each character; one string per reading, which ships in about
        a third of the bytes of one entry per character). The browser keys every index word by the
        readings of its characters, so a query word of the same sound (a homophone typo) finds it.
    """
    stop = sorted({fold(w) for w in words.question_zh})
    synonyms: dict[str, str] = {}
    for group in words.synonyms:
        target = fold(group[0]).lower()
        for form in group[1:]:
            key = fold(form).lower()
            if key != target:
                synonyms[key] = target
    sounds: dict[str, list[str]] = {}
    readings = readings or Readings()
    for ch in sorted(set(chars)):
        if _CJK.match(ch):
            reading = _toneless(ch, readings)
            if reading:
                sounds.setdefault(reading[0], []).append(ch)
    return {"stop": stop, "stopLatin": sorted(set(words.question_en)), "synonyms": dict(sorted(synonyms.items())),
            "sounds": {reading: "".join(group) for reading, group in sorted(sounds.items())}}


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-common"]:
        sys.exit("usage: python -m qa.query_words --write-common")
    COMMON_TABLE.write_text(format_common_characters(derive_common_characters()), encoding="utf-8")
    print(f"wrote {COMMON_TABLE}")
