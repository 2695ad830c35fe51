"""The bilingual glossary: load ``content/glossary.yml`` and find the questions that mention each term — the
one mention rule the glossary pages (``qa.glossary_render``) and the search records (``qa.search``) share.

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
from typing import Callable, Iterable, Sequence

from .errors import ContentError
from .model import Question
from .source import YamlList, YamlMap, load_yaml

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
