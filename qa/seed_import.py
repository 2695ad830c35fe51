"""Import the seed Q&A (one long Markdown file) into topic pages under ``docs/``.

The seed marks questions three ways (``### question？`` headings, numbered lines
``7. question？`` and a bulleted list of questions at the top of a section) and sections two
ways (``## 2. 實踐應用`` headings and ``- 數據處理與增強`` lines). This module turns it into the
site's one format (see :mod:`qa.parse`) after applying the errata in ``content/errata.yml``;
ids and English titles come from ``content/seed-map.yml``.

Run ``python -m qa.seed_import SEED --out docs`` to (re)write the topic pages. It is a
one-off migration per seed part: after it, ``docs/`` is what maintainers edit.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ContentError
from .source import read_yaml, scan

_SECTION_HEADING = re.compile(r"^#{2,3}\s+(?:\d+\.\s*)?\**(?P<name>[^*]+?)\**\s*$")
_SECTION_BULLET = re.compile(r"^-\s+(?P<name>\S+)\s*$")
_QUESTION_HEADING = re.compile(r"^###\s+(?P<q>[^？?]+[？?].*?)\s*$")
_QUESTION_NUMBERED = re.compile(r"^\d+\.\s+(?P<q>[^？?*]+[？?].*?)\s*$")
_QUESTION_LIST_ITEM = re.compile(r"^\s+[-*]\s+\*\*(?P<q>.+)\*\*\s*$")
_LIST_ITEM = re.compile(r"^(?P<indent> +)(?P<rest>(?:[-*+]|\d+\.)\s.*)$")


@dataclass(frozen=True)
class Erratum:
    """One correction: ``original`` occurs ``count`` times in the seed and becomes ``corrected``."""

    original: str
    corrected: str
    count: int
    reason: str


@dataclass
class SeedUnit:
    """A question unit found in the seed: its text, answer lines and 1-based seed line."""

    question: str
    line: int
    answer: list[str] = field(default_factory=list)


@dataclass
class SeedTopic:
    """A seed section: its Chinese name and its units in seed order."""

    name: str
    units: list[SeedUnit] = field(default_factory=list)


def load_errata(path: Path) -> list[Erratum]:
    """Read ``content/errata.yml``: a YAML list of mappings with original, corrected, count, reason.

    Raises:
        ContentError: the file is not such a list, or an entry lacks a key.
    """
    data = read_yaml(path, str(path)) or []
    if not isinstance(data, list):
        raise ContentError(str(path), getattr(data, "line", 1), "errata must be a YAML list of {original, corrected, count, reason}")
    errata = []
    for index, entry in enumerate(data):
        try:
            errata.append(Erratum(str(entry["original"]), str(entry["corrected"]), int(entry["count"]), str(entry["reason"])))
        except (KeyError, TypeError, ValueError):
            raise ContentError(str(path), data.item_lines[index],
                               f"entry {index + 1} needs original, corrected, count (a number) and reason") from None
    return errata


def apply_errata(text: str, errata: list[Erratum], source: str = "seed") -> str:
    """Apply every correction to ``text`` and return the corrected text.

    Raises:
        ContentError: an ``original`` does not occur exactly ``count`` times (the erratum is
            stale or the seed changed): fix the count or the entry.
    """
    for erratum in errata:
        found = text.count(erratum.original)
        if found != erratum.count:
            raise ContentError(source, 0, f"erratum {erratum.original!r} expected {erratum.count} time(s), found {found}; update content/errata.yml")
        text = text.replace(erratum.original, erratum.corrected)
    return text


def _reindent(line: str) -> str:
    """Round a nested list item's indent up to a multiple of four spaces (Python-Markdown's rule)."""
    match = _LIST_ITEM.match(line)
    if not match:
        return line
    width = len(match.group("indent"))
    return " " * (math.ceil(width / 4) * 4) + match.group("rest")


def split_seed(text: str, topic_names: list[str]) -> list[SeedTopic]:
    """Split the (corrected) seed into sections and question units.

    Args:
        text: the seed Markdown.
        topic_names: the section names to recognise (``實踐應用`` …).

    Returns:
        The sections in seed order; a section that appears twice is merged into one.

    Raises:
        ContentError: text before the first section, a question outside any section, or a
            question listed at the top of a section that has no answer in the seed.
    """
    topics: dict[str, SeedTopic] = {}
    current_topic: SeedTopic | None = None
    current_unit: SeedUnit | None = None
    listed: list[tuple[str, int]] = []
    for scanned in scan(text.splitlines(), 1, comments=False).lines:
        number, line = scanned.number, scanned.text.rstrip()
        if scanned.kind == "text":
            section = _SECTION_HEADING.match(line) or _SECTION_BULLET.match(line)
            if section and section.group("name").strip() in topic_names:
                name = section.group("name").strip()
                current_topic = topics.setdefault(name, SeedTopic(name))
                current_unit = None
                continue
            question = _QUESTION_HEADING.match(line) or _QUESTION_NUMBERED.match(line)
            if question:
                if current_topic is None:
                    raise ContentError("seed", number, "question before any section; add a section line such as '- 實踐應用'")
                current_unit = SeedUnit(question.group("q").strip(), number)
                current_topic.units.append(current_unit)
                continue
            listed_item = _QUESTION_LIST_ITEM.match(line)
            if listed_item and current_unit is None:
                listed.append((listed_item.group("q").strip(), number))
                continue
        if current_unit is not None:
            current_unit.answer.append(_reindent(line))
        elif line.strip():
            raise ContentError("seed", number, f"text outside any question: {line.strip()[:40]!r}")
    questions = {unit.question for topic in topics.values() for unit in topic.units}
    for item, number in listed:
        if item not in questions:
            raise ContentError("seed", number, f"listed question {item!r} has no answer in the seed")
    return list(topics.values())


def render_topic_page(topic: SeedTopic, order: int, title_en: str, ids: dict[str, list[dict]]) -> str:
    """Render one topic page in the site's format (see :mod:`qa.parse`).

    Args:
        topic: the section and its units.
        order: the page's position in the navigation.
        title_en: the English topic title.
        ids: question text → remaining seed-map entries ``{id, en}`` for its occurrences,
            consumed in seed order.

    Raises:
        ContentError: a question has no (more) seed-map entries: add one to content/seed-map.yml.
    """
    out = ["---", "kind: topic", f"title: {topic.name}", f"title_en: {title_en}", f"order: {order}", "---", ""]
    for unit in topic.units:
        entries = ids.get(unit.question)
        if not entries:
            raise ContentError("seed", unit.line, f"question {unit.question!r} has no id in content/seed-map.yml; add an entry")
        entry = entries.pop(0)
        out.append(f'## {unit.question} {{#{entry["id"]} data-en="{entry["en"]}"}}')
        out.append("")
        out.append("\n".join(unit.answer).strip("\n"))
        out.append("")
    return "\n".join(out)


def import_seed(seed_text: str, seed_map: dict, errata: list[Erratum]) -> dict[str, str]:
    """Turn the seed into topic pages.

    Returns:
        ``{"applications.md": markdown, ...}``, one entry per topic of ``seed_map["topics"]``.
    """
    text = apply_errata(seed_text, errata)
    names = [topic["name"] for topic in seed_map["topics"]]
    ids: dict[str, list[dict]] = {}
    for entry in seed_map["questions"]:
        ids.setdefault(entry["question"], []).append(entry)
    by_name = {topic.name: topic for topic in split_seed(text, names)}
    pages = {}
    for order, meta in enumerate(seed_map["topics"], start=1):
        topic = by_name.get(meta["name"], SeedTopic(meta["name"]))
        pages[f'{meta["slug"]}.md'] = render_topic_page(topic, order, meta["title_en"], ids)
    unused = [entry["id"] for entries in ids.values() for entry in entries]
    if unused:
        raise ContentError("content/seed-map.yml", 0, f"entries match no question in the seed: {', '.join(unused)}")
    return pages


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m qa.seed_import SEED [--out docs] [--map ...] [--errata ...]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", type=Path)
    parser.add_argument("--out", type=Path, default=Path("docs"))
    parser.add_argument("--map", type=Path, default=Path("content/seed-map.yml"))
    parser.add_argument("--errata", type=Path, default=Path("content/errata.yml"))
    args = parser.parse_args(argv)
    try:
        seed_map = read_yaml(args.map, str(args.map))
        pages = import_seed(args.seed.read_text(encoding="utf-8"), seed_map, load_errata(args.errata))
    except ContentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for name, markdown in pages.items():
        (args.out / name).write_text(markdown, encoding="utf-8")
        print(f"wrote {args.out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
