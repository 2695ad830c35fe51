"""The Markdown a reader's topic page is rendered from, per locale, after dedup.

The source page (``docs/<slug>.md``) is what maintainers write; this module turns the parsed
page, the dedup result and any English translations into the page readers see:

- each question once, at the place of its first occurrence on the page, with the most
  complete answer and a collapsed 「其他版本補充」 / "Also in another version" block holding the
  sentences only the other versions had, with their structure (labels, nesting) and a line naming
  and linking the version each came from;
- a repeat whose canonical answer is on another topic page becomes a one-line link there;
- the English edition shows English titles and the Chinese answer marked ``lang="zh-Hant"``
  under a visible note, or the English answer where one is written (``docs/<slug>.en.md``),
  with its English carried sentences (:func:`qa.parse.split_carried`) and, when the
  Chinese answer changed since it was translated, a note that it may be out of date.
"""
from __future__ import annotations

import html

from collections.abc import Collection
from dataclasses import dataclass

from .model import DedupResult, Group, Question, TopicPage
from .carried import carried_texts, context_lines
from .errors import ContentError
from .parse import carried_context, split_carried

from .edition import CARRIED_STRINGS, LOCALES, carried_intro, words

LABELS = {
    "zh-Hant": {
        "see": "此題與另一主題的問題重複，答案見：",
        "pending": "",
        "stale": "",
    },
    "en": {
        "see": "This question repeats one in another topic; see the answer at ",
        "pending": "Answer in Traditional Chinese; English translation pending.",
        "stale": "This translation may be out of date: the Chinese answer has changed since it was translated.",
    },
}


@dataclass(frozen=True)
class Entry:
    """One item of a topic page in reading order.

    Attributes:
        question: the unit shown here: the canonical answer of its group, or an ungrouped unit;
            for a stub, the dropped unit (its heading and id stay on this page).
        group: the dedup group the unit belongs to, or ``None``.
        stub_of: for a stub, the canonical unit on another page it links to; else ``None``.
        merged_ids: ids of same-page repeats merged into this entry (kept as extra anchors, so old
            links to them still land here).
    """

    question: Question
    group: Group | None = None
    stub_of: Question | None = None
    merged_ids: tuple[str, ...] = ()


def reading_order(page: TopicPage, result: DedupResult) -> list[Entry]:
    """The entries of ``page`` in the order readers see them.

    A group's canonical unit is shown where the group first occurs on its own page (so a
    longer version written later in the page takes the place of the short one); further
    same-page members disappear into it (their ids kept as anchors, ``merged_ids``); members on other pages become stubs.

    Returns:
        A list of :class:`Entry`; every unit of the page is accounted for exactly once (as an
        entry, a stub or a merged id).
    """
    entries: list[Entry] = []
    placed: set[int] = set()  # id() of groups already placed on this page
    for question in page.questions:
        group = result.group_of(question.id)
        if group is None:
            entries.append(Entry(question))
        elif group.canonical.page != page.path:
            entries.append(Entry(question, group, stub_of=group.canonical))
        elif id(group) not in placed:
            placed.add(id(group))
            merged_ids = tuple(m.id for m in group.members if m.page == page.path and m.id != group.canonical.id)
            entries.append(Entry(group.canonical, group, merged_ids=merged_ids))
    return entries


def shown_in_order(pages: list[TopicPage], result: DedupResult) -> dict[str, list[Question]]:
    """Page path → the questions shown in full on it, in reading order (stubs left out)."""
    return {page.path: [e.question for e in reading_order(page, result) if e.stub_of is None] for page in pages}


def english_title(question: Question) -> str:
    """The question's English title.

    Raises:
        ContentError: the question has no ``data-en`` title (names its page and line).
    """
    if not question.title_en:
        raise ContentError(question.page, question.line,
                           f'question \'{question.id}\' has no English title; add data-en="..." to its heading attributes')
    return question.title_en


def _link(target: Question, from_page: str) -> str:
    return f"{target.page}#{target.id}" if target.page != from_page else f"#{target.id}"


def _indent(text: str, spaces: int = 4) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line.strip() else "" for line in text.splitlines())


def _carried_block(group: Group, locale: str, translated: list[str] | None = None,
                   context: list[str] | None = None) -> str:
    """The body of the block that shows what the merged repeats of ``group`` add: per repeat, a line
    saying that the collection asks the question again (and how, when worded differently:
    :func:`qa.edition.carried_intro`), then the text only that repeat has, with its structure
    (:func:`qa.carried.carried_texts`).

    ``translated``: English sentences, one per ``group.carried`` item in the same order; when
    given (English page), they replace the Chinese sentences in the same structure, and the
    Chinese context lines (labels, introductions) are replaced by ``context`` (one per
    :func:`qa.carried.context_lines` line) when it fits, else marked Chinese."""
    english = locale == "en"
    if context is not None and len(context) != len(context_lines(group)):
        context = None
    parts: list[str] = []
    for carried in carried_texts(group, translated, context if translated else None):
        line = html.escape(carried_intro(group.canonical, carried.source, locale), quote=False)
        parts.append(f'<p class="qa-version-source">{line}</p>')
        parts.append(f'<div lang="zh-Hant" markdown>\n\n{carried.markdown}\n\n</div>' if english and not translated
                     else carried.markdown)
    return "\n\n".join(parts)


def render_topic_markdown(page: TopicPage, locale: str, result: DedupResult,
                          translations: dict[str, Question] | None = None,
                          stale: Collection[str] = (),
                          numbers: dict[str, str] | None = None,
                          annotations: dict[str, tuple[str, str]] | None = None) -> str:
    """Render the Markdown body of a topic page for one locale (front matter not included).

    Args:
        page: the parsed Traditional Chinese page.
        locale: ``"zh-Hant"`` or ``"en"``.
        result: the dedup result over all topic pages.
        translations: question id → the English version of that question (title and answer),
            from ``docs/<slug>.en.md``; its answer replaces the Chinese one on the English page,
            and its ``<div class="qa-carried">`` sentences replace the Chinese carried ones when
            there is one per Chinese sentence (else the Chinese ones stay, marked ``lang``).
        stale: ids of translated questions whose Chinese text changed since (English page:
            a note under the heading says the translation may be out of date).
        numbers: question id → its number (:func:`qa.numbering.numbers_by_id`); a shown question's
            heading carries it as ``data-qa-number="1.2"`` (the site's stylesheet shows it before
            the title, study mode reads it). Stubs take no number.
        annotations: question id → (the HTML line shown under its heading: difficulty and origin,
            ``qa.metadata.badge_html``; the Markdown of its technical notes shown after the answer,
            ``qa.metadata.note_markdown``), in this locale, as the handout and the deck take them.

    Returns:
        Markdown with one ``## title {#id}`` heading per entry of :func:`reading_order`.

    Raises:
        ContentError: ``locale`` is unknown, or (English) a question has no English title.
    """
    if locale not in LOCALES:
        raise ContentError(page.path, 0, f"unknown locale {locale!r}; expected one of {', '.join(LOCALES)}")
    labels = LABELS[words(locale)]
    english = locale == "en"
    translations = translations or {}
    out: list[str] = []
    if page.intro and not english:
        out += [page.intro, ""]
    for entry in reading_order(page, result):
        question = entry.question
        translated = translations.get(question.id) if english else None
        title = (translated.title if translated else english_title(question)) if english else question.title
        # old ids of merged same-page repeats stay valid link targets, just above the heading
        out += [f'<div class="qa-merged" id="{merged_id}"></div>\n' for merged_id in entry.merged_ids]
        number = (numbers or {}).get(question.id) if entry.stub_of is None else None
        attributes = f' data-qa-number="{number}"' if number else ""
        out += [f"## {title} {{#{question.id}{attributes}}}", ""]
        if entry.stub_of is not None:
            target = entry.stub_of
            target_title = english_title(target) if english else target.title
            out += [f"{labels['see']}[{target_title}]({_link(target, page.path)})", ""]
            continue
        carried_en = context_en = None
        badge, note = (annotations or {}).get(question.id, ("", ""))
        if badge:
            out += [badge, ""]
        if translated:
            body, carried_en = split_carried(translated.answer)
            context_en = carried_context(translated.answer)
            if question.id in stale:
                out += [f'<p class="qa-stale">{labels["stale"]}</p>', ""]
            out += [body, ""]
        elif english:
            out += [f'<p class="qa-pending">{labels["pending"]}</p>', "",
                    '<div class="qa-answer" lang="zh-Hant" markdown>', "", question.answer, "", "</div>", ""]
        else:
            out += [question.answer, ""]
        if note:
            out += [note, ""]
        if entry.group is not None and entry.group.carried:
            out.append(f'??? note "{CARRIED_STRINGS[words(locale)]["label"]}"')
            if carried_en is not None and len(carried_en) != len(entry.group.carried):
                carried_en = None
            out += ["", _indent(_carried_block(entry.group, locale, carried_en, context_en)), ""]
    return "\n".join(out).rstrip() + "\n"
