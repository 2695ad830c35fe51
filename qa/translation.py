"""Translation status of the English edition: which Chinese text each English answer translates.

An English answer lives in ``docs/<slug>.en.md`` under a heading with the question's ``#id``
(MAINTAINING.md, "The English edition"). Its heading records the version of the Chinese answer it
translates as a short fingerprint::

    ## How do you handle LLM inference speed? {#inference-speed data-source="sha1:1a2b3c4d"}

The fingerprint (:func:`fingerprint`) is the first 8 hex digits of the SHA-1 of the Chinese text
readers see for that question, folded with :func:`qa.normalize.fold_for_matching` (Unicode NFKC, full/half
width, Simplified → Traditional, punctuation and white space removed, lower case): the canonical
answer followed by the sentences the dedup carries under it (what the other version adds)
(:func:`qa.carried.merged_answer`). So an edit to a word, number or code identifier of the answer,
or of a merged repeat whose sentences are carried, makes the translation stale; re-wrapping
lines, changing punctuation or width, or Simplified → Traditional fixes do not. (Code blocks
must also stay byte-identical between the editions; the build tests compare them.)

Carried sentences. Under a merged question the Chinese page shows, in a collapsed block, the
sentences only the other versions had. Their English goes at the end of the English answer in a
block the renderer takes apart, one list item per carried sentence, in the order the Chinese
page shows them (``python -m qa.translation --show <id>`` prints them numbered)::

    <div class="qa-carried" markdown>

    - English of carried sentence 1
    - English of carried sentence 2

    </div>

Status of each question readers see (after dedup): ``current`` (English answer, fingerprint
matches, carried sentences all translated), ``stale`` (English answer, but no fingerprint, an
outdated one, or a carried-sentence count that differs), ``missing`` (no English answer; the
English page shows the Chinese answer under a note).

Maintainer command (see MAINTAINING.md, "The English edition")::

    python -m qa.translation                     # list every stale or missing translation
    python -m qa.translation --show ID           # the Chinese text (and carried sentences) to translate
    python -m qa.translation --stamp docs/applications.en.md [--id ID ...]
                                                 # write the current fingerprints into the file
"""
from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Mapping, Sequence

from .model import DedupResult, Question, TopicPage
from .carried import context_lines, merged_answer
from .dedup import dedupe
from .errors import ContentError
from .normalize import fold_for_matching
from .parse import (CARRIED_OPEN, CONTEXT_OPEN, carried_context, parse_topic_page, parse_translation, split_carried,
                    split_front_matter)
from .render import reading_order

#: heading attribute of an English answer holding the fingerprint of the Chinese text it translates
SOURCE_ATTR = "data-source"
#: fingerprint scheme prefix and length in hex digits (8 hex digits: 1 in 4 billion chance that an
#: edited answer keeps its fingerprint)
SCHEME, DIGITS = "sha1", 8
#: the line opening and closing the English carried sentences inside an English answer
_FINGERPRINT = re.compile(rf"^{SCHEME}:[0-9a-f]{{{DIGITS}}}$")

CURRENT, STALE, MISSING = "current", "stale", "missing"


def fingerprint(chinese_text: str) -> str:
    """The fingerprint of a Chinese answer text, e.g. ``"sha1:1a2b3c4d"``.

    Args:
        chinese_text: the Markdown readers see for the question (:func:`source_text`).

    Returns:
        ``"sha1:"`` and the first :data:`DIGITS` hex digits of the SHA-1 of
        ``qa.normalize.fold_for_matching(chinese_text)`` encoded as UTF-8.
    """
    return f"{SCHEME}:{hashlib.sha1(fold_for_matching(chinese_text).encode('utf-8')).hexdigest()[:DIGITS]}"


def source_text(question: Question, result: DedupResult | None) -> str:
    """The Chinese text a translation of ``question`` translates: its answer, followed by the
    sentences carried under it when it is the canonical unit of a dedup group."""
    group = result.group_of(question.id) if result is not None else None
    if group is not None and group.canonical.id == question.id:
        return merged_answer(group)
    return question.answer


@dataclass(frozen=True)
class Status:
    """The translation status of one question readers see.

    Attributes:
        question: the Chinese unit shown (canonical answer of its group, or an ungrouped unit).
        state: :data:`CURRENT`, :data:`STALE` or :data:`MISSING`.
        expected: the fingerprint of the Chinese text now (:func:`fingerprint`).
        recorded: the translation's ``data-source`` value (``None`` when absent or missing).
        translation: the English unit (``None`` when missing); its ``page``/``line`` locate it.
        reason: why a translation is stale, for the build log ('' otherwise).
    """

    question: Question
    state: str
    expected: str
    recorded: str | None = None
    translation: Question | None = None
    reason: str = ""

    def location(self) -> str:
        """``<file>:<line>`` of the English heading, or of the Chinese one when missing (paths
        relative to ``docs/``)."""
        unit = self.translation or self.question
        return f"{unit.page}:{unit.line}"


def translation_status(pages: Sequence[TopicPage], result: DedupResult | None,
                       translations: Mapping[str, Mapping[str, Question]]) -> list[Status]:
    """The status of every question readers see, in page and reading order.

    Args:
        pages: the parsed Chinese topic pages.
        result: the dedup result over ``pages`` (``None``: no merging, every unit is shown).
        translations: page path → {question id: English unit} (:func:`qa.parse.parse_translation`).

    Returns:
        One :class:`Status` per shown question (stubs pointing at another page are not answers
        and are left out).
    """

    statuses: list[Status] = []
    for page in pages:
        english = translations.get(page.path, {})
        if result is None:
            shown = list(page.questions)
        else:
            shown = [entry.question for entry in reading_order(page, result) if entry.stub_of is None]
        for question in shown:
            expected = fingerprint(source_text(question, result))
            translated = english.get(question.id)
            if translated is None:
                statuses.append(Status(question, MISSING, expected))
                continue
            recorded = translated.attrs.get(SOURCE_ATTR)
            group = result.group_of(question.id) if result is not None else None
            owns = group is not None and group.canonical.id == question.id
            carried = len(group.carried) if owns else 0
            contexts = len(context_lines(group)) if owns and group.carried else 0
            _, sentences = split_carried(translated.answer)
            english_context = carried_context(translated.answer)
            if not recorded:
                reason = f"no {SOURCE_ATTR} fingerprint"
            elif recorded != expected:
                reason = f"the Chinese answer changed ({SOURCE_ATTR} {recorded}, now {expected})"
            elif carried != len(sentences or ()):
                reason = f"{carried} carried sentences in Chinese, {len(sentences or ())} in English"
            elif contexts != len(english_context or ()):  # every piece the English page shows counts
                reason = (f"{contexts} context lines around the carried sentences in Chinese, "
                          f"{len(english_context or ())} in English ({CONTEXT_OPEN})")
            else:
                statuses.append(Status(question, CURRENT, expected, recorded, translated))
                continue
            statuses.append(Status(question, STALE, expected, recorded, translated, reason))
    return statuses


def summary(statuses: Iterable[Status], locale: str = "en") -> str:
    """The one-line build summary, e.g. ``"en: 20/20 translated, 0 stale"`` (translated counts
    every question with an English answer, stale ones included)."""
    statuses = list(statuses)
    translated = sum(status.state != MISSING for status in statuses)
    stale = sum(status.state == STALE for status in statuses)
    return f"{locale}: {translated}/{len(statuses)} translated, {stale} stale"


def report_lines(statuses: Iterable[Status], prefix: str = "docs/") -> list[str]:
    """One line per stale or missing translation: ``docs/<file>:<line>: <id>: <state> ...``."""
    lines = []
    for status in statuses:
        if status.state == STALE:
            lines.append(f"{prefix}{status.location()}: {status.question.id}: stale translation, {status.reason}; "
                         f"update the English answer, then run python -m qa.translation --stamp {prefix}{status.translation.page}")
        elif status.state == MISSING:
            lines.append(f"{prefix}{status.location()}: {status.question.id}: no English translation "
                         f"(the English page shows the Chinese answer)")
    return lines


def stamp(text: str, translated: Mapping[str, Question], expected: Mapping[str, str],
          ids: Iterable[str] | None = None) -> tuple[str, list[str]]:
    """Write fingerprints into the headings of an English page.

    Args:
        text: the English page (``docs/<slug>.en.md``) as read.
        translated: its parsed questions (:func:`qa.parse.parse_translation`): id → unit, whose
            ``line`` is the heading's line in ``text``.
        expected: question id → the current fingerprint (:func:`fingerprint`).
        ids: stamp only these questions (default: every translated question in ``expected``).

    Returns:
        ``(new_text, changed_ids)``; the text is unchanged apart from the ``data-source``
        attribute of each stamped heading (added before the closing ``}`` or replaced).

    Raises:
        ContentError: a requested id is not translated in this file.
    """
    lines = text.split("\n")
    wanted = list(ids) if ids is not None else [qid for qid in translated if qid in expected]
    changed = []
    for qid in wanted:
        unit = translated.get(qid)
        if unit is None or qid not in expected:
            raise ContentError(next(iter(translated.values())).page if translated else "?", 1,
                               f"'{qid}' has no English answer here to stamp; translate it first")
        index = unit.line - 1
        line = lines[index]
        value = f'{SOURCE_ATTR}="{expected[qid]}"'
        if re.search(rf'{SOURCE_ATTR}="[^"]*"', line):
            new = re.sub(rf'{SOURCE_ATTR}="[^"]*"', value, line)
        else:
            new = re.sub(r"\s*\}\s*$", f" {value}}}", line)
        if new != line:
            lines[index] = new
            changed.append(qid)
    return "\n".join(lines), changed


def load_docs(docs: Path) -> tuple[list[TopicPage], dict[str, dict[str, Question]]]:
    """Read every topic page (front matter ``kind: topic``) of ``docs`` and its English version.

    Returns:
        ``(pages, translations)`` as the build has them: pages sorted by ``order`` then path, and
        page path → {id: English unit}.

    Raises:
        ContentError: as :func:`qa.parse.parse_topic_page` / :func:`qa.parse.parse_translation`.
    """
    pages, translations = [], {}
    for path in sorted(docs.glob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        text = path.read_text(encoding="utf-8")
        if split_front_matter(text, path.name)[0].get("kind") != "topic":
            continue
        page = parse_topic_page(text, path.name)
        pages.append(page)
        english = path.with_name(path.name[:-3] + ".en.md")
        if english.is_file():
            translations[page.path] = parse_translation(english.read_text(encoding="utf-8"), english.name, page)
    pages.sort(key=lambda page: (page.order, page.path))
    return pages, translations


def main(argv: Sequence[str] | None = None) -> int:
    """The maintainer command (module docstring). Returns the exit status: 0, or 1 when an
    argument is wrong or a page does not parse (one line on stderr)."""
    parser = argparse.ArgumentParser(prog="python -m qa.translation",
                                     description="Translation status of the English edition.")
    parser.add_argument("--docs", default="docs", help="the docs folder (default: docs)")
    parser.add_argument("--stamp", metavar="FILE", action="append", default=[],
                        help="write the current fingerprints into this docs/<slug>.en.md (repeatable)")
    parser.add_argument("--id", dest="ids", action="append", help="with --stamp: only this question (repeatable)")
    parser.add_argument("--show", metavar="ID", help="print the Chinese text to translate for this question")
    args = parser.parse_args(argv)
    docs = Path(args.docs)
    try:
        pages, translations = load_docs(docs)
        result = dedupe(pages)
        statuses = translation_status(pages, result, translations)
        by_id = {status.question.id: status for status in statuses}
        if args.show:
            status = by_id.get(args.show)
            if status is None:
                print(f"error: '{args.show}' is not a question readers see; use a shown question's id", file=sys.stderr)
                return 1
            group = result.group_of(args.show)
            print(f"{status.question.page}:{status.question.line} {args.show} {SOURCE_ATTR}=\"{status.expected}\" ({status.state})\n")
            print(status.question.answer)
            if group is not None and group.canonical.id == args.show and group.carried:
                print(f"\nCarried sentences (translate each as one list item of {CARRIED_OPEN}, in this order):")
                for number, carried in enumerate(group.carried, 1):
                    print(f"{number:3}. {carried.sentence}")
                lines = context_lines(group)
                if lines:
                    print(f"\nTheir context lines (translate each as one list item of {CONTEXT_OPEN}, in this order):")
                    for number, line in enumerate(lines, 1):
                        print(f"{number:3}. {line}")
            return 0
        for name in args.stamp:
            path = Path(name)
            original = path.name[: -len(".en.md")] + ".md" if path.name.endswith(".en.md") else None
            if original is None or original not in translations:
                print(f"error: {name} is not the English version of a topic page (docs/<slug>.en.md)", file=sys.stderr)
                return 1
            expected = {s.question.id: s.expected for s in statuses if s.question.page == original}
            new, changed = stamp(path.read_text(encoding="utf-8"), translations[original], expected, args.ids)
            path.write_text(new, encoding="utf-8")
            print(f"{name}: stamped {len(changed)} question(s){': ' + ', '.join(changed) if changed else ''}")
        if args.stamp:
            pages, translations = load_docs(docs)
            statuses = translation_status(pages, dedupe(pages), translations)
        for line in report_lines(statuses, prefix=f"{docs.as_posix().rstrip('/')}/"):
            print(line)
        print(summary(statuses))
    except ContentError as error:
        print(f"{docs.as_posix().rstrip('/')}/{error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
