"""What the bank knows about each question besides its text: difficulty, origin, references, technical notes.

Pure Python, no MkDocs. The rules (MAINTAINING.md, "Adding a question"):

- **Difficulty** — heading attribute ``data-difficulty``: ``basic`` (基礎), ``intermediate`` (進階) or
  ``advanced`` (深入). Required on every added question; optional on the original collection's.
- **Origin** — a question is *original* when its id is one the seed import gave (``content/seed-map.yml``),
  else *added* (written for this bank).
- **References** — the answer's last block: a line ``**參考資料**`` (Chinese page) or ``**References**``
  (English page), then a list, one source per item, each with one Markdown link to an ``http(s)`` address
  (``[arXiv:2309.06180](https://arxiv.org/abs/2309.06180)``). Required on every added question.
- **Technical notes** — ``content/technical-notes.yml``: a note (技術補充 / Technical note) shown under an
  original answer that a 2026 interviewer would mark wrong or dated, with its sources; the original text
  stays as written.

Every refusal is a :class:`~qa.errors.ContentError` naming the file and line and what to do.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError
from .edition import words
from .model import Question, TopicPage
from .source import YamlList, YamlMap, read_yaml

#: difficulty value → its label per locale
DIFFICULTIES: dict[str, dict[str, str]] = {
    "basic": {"zh-Hant": "基礎", "en": "Basic"},
    "intermediate": {"zh-Hant": "進階", "en": "Intermediate"},
    "advanced": {"zh-Hant": "深入", "en": "Advanced"},
}
#: origin → its label per locale (shown quietly beside the difficulty)
ORIGINS: dict[str, dict[str, str]] = {
    "original": {"zh-Hant": "原始題庫", "en": "Original collection"},
    "added": {"zh-Hant": "新增題目", "en": "Added question"},
}
#: the line that opens an answer's reference list, per language of the page
REFERENCES_HEADING = {"zh-Hant": "**參考資料**", "en": "**References**"}
#: a technical note's heading per locale
NOTE_LABEL = {"zh-Hant": "技術補充", "en": "Technical note"}

_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_URL = re.compile(r"^https?://[^\s/]+\.[^\s]+$")
_ARXIV = re.compile(r"^arXiv:\d{4}\.\d{4,5}(v\d+)?$")
_ITEM = re.compile(r"^\s*[-*+]\s+(.*)$")


@dataclass(frozen=True)
class Reference:
    """One source of an answer: the item's text as written (Markdown) and its link's address."""

    text: str
    url: str


@dataclass(frozen=True)
class Note:
    """A technical note on an original answer.

    Attributes:
        question_id: the question it is shown under.
        zh: the note in Traditional Chinese (Markdown, one paragraph).
        en: the note in English.
        sources: where the note's claim can be checked (:class:`Reference`, ``text`` is the source's name).
        line: 1-based line of the entry in ``content/technical-notes.yml``.
    """

    question_id: str
    zh: str
    en: str
    sources: tuple[Reference, ...]
    line: int


def original_ids(seed_map: Path) -> frozenset[str]:
    """The ids of the original collection's questions (``questions[].id`` of ``content/seed-map.yml``);
    empty when the file does not exist (a site made only of added questions)."""
    if not seed_map.exists():
        return frozenset()
    data = read_yaml(seed_map, "content/seed-map.yml") or {}
    return frozenset(str(item["id"]) for item in data.get("questions", ()) if isinstance(item, Mapping) and "id" in item)


def difficulty(question: Question) -> str | None:
    """The question's difficulty (a key of :data:`DIFFICULTIES`), or ``None`` when not given.

    Raises:
        ContentError: at the heading, when ``data-difficulty`` is not one of the three values.
    """
    value = question.attrs.get("data-difficulty")
    if value is None:
        return None
    value = str(value).strip().lower()
    if value not in DIFFICULTIES:
        raise ContentError(question.page, question.line, f"data-difficulty=\"{question.attrs.get('data-difficulty')}\" is not a difficulty; "
                                                         "write basic (基礎), intermediate (進階) or advanced (深入)")
    return value


def references(question: Question, heading: str) -> list[Reference] | None:
    """The answer's reference list (see the module docstring), or ``None`` when it has none.

    Args:
        heading: the line that opens the list on this page (:data:`REFERENCES_HEADING`).

    Raises:
        ContentError: at the item's line, when an item has no link, more than one, or a link that is
            not an ``http(s)`` address; at the heading's line, when no list item follows it.
    """
    lines = question.answer.split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip() == heading]
    if not starts:
        return None
    start = starts[-1]
    first = question.answer_line or question.line
    found: list[Reference] = []
    for offset, line in enumerate(lines[start + 1:], start + 1):
        if not line.strip():
            continue
        item = _ITEM.match(line)
        if item is None:
            if line.startswith((" ", "\t")) and found:  # a wrapped item
                continue
            raise ContentError(question.page, first + offset, f"only list items may follow {heading} (it closes the answer); "
                                                               "move this text above it or make it a '- ' item")
        links = _LINK.findall(item.group(1))
        if len(links) != 1:
            raise ContentError(question.page, first + offset, f"a reference needs exactly one link, found {len(links)}; write "
                                                               "'- Author et al., 2023. Title. [arXiv:2309.06180](https://arxiv.org/abs/2309.06180)'")
        url = links[0][1]
        if not _URL.match(url):
            raise ContentError(question.page, first + offset, f"'{url}' is not a web address; link the paper's arXiv page "
                                                               "(https://arxiv.org/abs/<id>) or the documentation page (https://…)")
        found.append(Reference(item.group(1).strip(), url))
    if not found:
        raise ContentError(question.page, first + start, f"{heading} has no list below it; add '- ' items, one source each")
    return found


def check_added(pages: Sequence[TopicPage], originals: frozenset[str],
                translations: Mapping[str, Mapping[str, Question]]) -> None:
    """Check every added question (not in ``originals``): a difficulty, a reference list on the Chinese
    page, an English translation (an added question lands with its English), and on the English page the
    same addresses.

    Raises:
        ContentError: naming the question's file and line and what to add.
    """
    for page in pages:
        english = translations.get(page.path, {})
        for question in page.questions:
            level = difficulty(question)
            chinese = references(question, REFERENCES_HEADING["zh-Hant"])
            if question.id in originals:
                continue
            if level is None:
                raise ContentError(question.page, question.line, f"added question '{question.id}' has no difficulty; add "
                                                                 'data-difficulty="basic", "intermediate" or "advanced" to its heading')
            if not chinese:
                raise ContentError(question.page, question.line, f"added question '{question.id}' cites no source; end its answer with "
                                                                 f"{REFERENCES_HEADING['zh-Hant']} and a list of links (MAINTAINING.md, \"Adding a question\")")
            translated = english.get(question.id)
            if translated is None:
                raise ContentError(question.page, question.line, f"added question '{question.id}' has no English translation; add its "
                                                                 f"answer to docs/{page.slug}.en.md under '## <English title> {{#{question.id}}}' "
                                                                 "and stamp it (MAINTAINING.md, \"The English edition\")")
            listed = references(translated, REFERENCES_HEADING["en"])
            if listed is None:
                raise ContentError(translated.page, translated.line, f"the English answer of '{question.id}' has no {REFERENCES_HEADING['en']} "
                                                                     "list; copy the Chinese page's sources under it")
            if sorted(r.url for r in listed) != sorted(r.url for r in chinese):
                raise ContentError(translated.page, translated.line, f"the English references of '{question.id}' differ from the Chinese "
                                                                     f"page's ({question.page}:{question.line}); list the same links")


def load_notes(path: Path, known_ids: Iterable[str], name: str = "content/technical-notes.yml") -> dict[str, list[Note]]:
    """Read the technical notes: question id → its notes, in file order. A missing file is no notes.

    Raises:
        ContentError: at the entry's line: not a list of mappings, a missing ``question``/``zh``/``en``/
            ``sources`` key, a question id no topic page has, or a source without an ``http(s)`` ``url``.
    """
    if not path.exists():
        return {}
    data = read_yaml(path, name)
    if data is None:
        return {}
    if not isinstance(data, YamlList):
        raise ContentError(name, getattr(data, "line", 1), "the file must be a YAML list of notes (question, zh, en, sources)")
    known = set(known_ids)
    notes: dict[str, list[Note]] = {}
    for item, line in zip(data, data.item_lines):
        if not isinstance(item, YamlMap):
            raise ContentError(name, line, "each note must be a mapping with question, zh, en and sources")
        for key in ("question", "zh", "en", "sources"):
            if not item.get(key):
                raise ContentError(name, item.line_of(key), f"note lacks '{key}'; every note has question, zh, en and sources")
        qid = str(item["question"])
        if qid not in known:
            raise ContentError(name, item.line_of("question"), f"'{qid}' is not the id of a question in docs/; use the id of the question the note is about")
        sources = item["sources"]
        if not isinstance(sources, YamlList):
            raise ContentError(name, item.line_of("sources"), "sources must be a list of {title, url}")
        refs = []
        for source, source_line in zip(sources, sources.item_lines):
            if not isinstance(source, YamlMap) or not source.get("title") or not _URL.match(str(source.get("url") or "")):
                raise ContentError(name, source_line, "each source needs a title and a url (https://…; for a paper https://arxiv.org/abs/<id>)")
            refs.append(Reference(str(source["title"]), str(source["url"])))
        notes.setdefault(qid, []).append(Note(qid, str(item["zh"]).strip(), str(item["en"]).strip(), tuple(refs), line))
    return notes


def note_markdown(notes: Sequence[Note], locale: str) -> str:
    """The notes under an answer as Material admonitions (site pages), in ``locale``'s language."""
    english = locale == "en"
    blocks = []
    for note in notes:
        body = note.en if english else note.zh
        label = "Sources" if english else "來源"
        links = "; ".join(f"[{source.text}]({source.url})" for source in note.sources)
        text = f"{body}\n\n{label}: {links}"
        blocks.append(f'!!! note "{NOTE_LABEL[words(locale)]}"\n\n'
                      + "\n".join(("    " + line) if line else "" for line in text.split("\n")))
    return "\n\n".join(blocks)


def badge_html(level: str | None, origin: str, locale: str) -> str:
    """The quiet line under a question heading: difficulty (when known) and origin, as HTML."""
    key = words(locale)
    parts = []
    if level is not None:
        parts.append(f'<span class="qa-difficulty qa-difficulty-{level}" data-difficulty="{level}">{DIFFICULTIES[level][key]}</span>')
    parts.append(f'<span class="qa-origin qa-origin-{origin}">{ORIGINS[origin][key]}</span>')
    return f'<p class="qa-meta">{" ".join(parts)}</p>'
