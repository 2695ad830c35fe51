"""The Markdown a reader's topic page is rendered from, per edition, after dedup.

The source page (``docs/<slug>.md``) is what maintainers write; this module turns the parsed
page, the dedup result (which entries the page holds: :func:`reading_order`) and the edition
(what a reader of its language sees of each question: :mod:`qa.edition`) into the page readers see:

- each question once, at the place of its first occurrence on the page, with the most
  complete answer and a collapsed block of what the other versions add
  (:data:`qa.edition.CARRIED_STRINGS`), with its structure (labels, nesting);
- a repeat whose canonical answer is on another topic page becomes a one-line link there;
- the English edition shows English titles and the Chinese answer marked ``lang="zh-Hant"``
  under a visible note, or the English answer where one is written (``docs/<slug>.en.md``)
  and, when the Chinese answer changed since it was translated, a note that it may be out of date.
"""
from __future__ import annotations

from dataclasses import dataclass

from .edition import CARRIED_STRINGS, Edition, EditionQuestion, carried_intro, words
from .errors import ContentError
from .model import DedupResult, Group, Question, TopicPage
from .question_html import mark
from .source import markdown_text

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


def _carried_block(item: EditionQuestion, locale: str) -> str:
    """The body of the block that shows what the merged repeats of ``item`` add: per repeat, a line
    saying that the collection asks the question again (and how, when worded differently:
    :func:`qa.edition.carried_intro`), then the text only that repeat has, with its structure, as the
    edition gives it (``item.carried``; Chinese on an English page is marked ``lang``)."""
    parts: list[str] = []
    for carried in item.carried:
        # a paragraph with a class (attr_list): raw HTML in the indented block would be wrapped in empty <p>s
        parts.append(markdown_text(carried_intro(item.question, carried.source, locale)) + "\n{: .qa-version-source }")
        marked = mark("carried", item.id, carried.markdown)
        parts.append(f'<div lang="{item.carried_lang}" markdown>\n\n{marked}\n\n</div>'
                     if locale == "en" and item.carried_lang != "en" else marked)
    return "\n\n".join(parts)


def render_topic_markdown(page: TopicPage, edition: Edition, result: DedupResult,
                          annotations: dict[str, tuple[str, str]] | None = None) -> str:
    """Render the Markdown body of a topic page in one edition (front matter not included).

    Args:
        page: the parsed Traditional Chinese page.
        edition: :func:`qa.edition.make_edition` — each shown question's number, title, answer,
            translation status and carried text as the edition shows them. On the English page an
            answer without a translation is the Chinese one under a "translation pending" note,
            marked ``lang``; a stale translation gets a note that it may be out of date.
        result: the dedup result over all topic pages (which entries the page holds:
            :func:`reading_order`).
        annotations: question id → (the HTML line shown under its heading: difficulty and origin,
            ``qa.metadata.badge_html``; the Markdown of its technical notes shown after the answer,
            ``qa.metadata.note_markdown``), in this locale, as the handout and the deck take them.

    Returns:
        Markdown with one ``## title {#id}`` heading per entry of :func:`reading_order`; a shown
        question's heading carries its number as ``data-qa-number="1.2"`` (the site's stylesheet shows
        it before the title, study mode reads it); stubs take no number. The answer, the notes and each
        carried block are between :func:`qa.question_html.mark` s, which :func:`qa.question_html.cut`
        takes out of the converted page.

    Raises:
        ContentError: (English) a question has no English title.
    """
    locale = edition.locale
    labels = LABELS[words(locale)]
    english = locale == "en"
    out: list[str] = []
    if page.intro and not english:
        out += [page.intro, ""]
    for entry in reading_order(page, result):
        question = entry.question
        # old ids of merged same-page repeats stay valid link targets, just above the heading
        out += [f'<div class="qa-merged" id="{merged_id}"></div>\n' for merged_id in entry.merged_ids]
        if entry.stub_of is not None:
            target = entry.stub_of
            target_title = markdown_text(english_title(target)) if english else target.title  # data-en is text
            out += [f"## {markdown_text(english_title(question)) if english else question.title} {{#{question.id}}}", "",
                    f"{labels['see']}[{target_title}]({_link(target, page.path)})", ""]
            continue
        item = edition.get(question.id)
        if english and item.title.lang != "en":
            english_title(question)  # raises: the English page needs an English heading
        out += [f'## {item.title.markdown} {{#{question.id} data-qa-number="{item.number}"}}', ""]
        badge, note = (annotations or {}).get(question.id, ("", ""))
        if badge:
            out += [badge, ""]
        if item.status == "stale":
            out += [f'<p class="qa-stale">{labels["stale"]}</p>', ""]
        if item.status == "pending":
            out += [f'<p class="qa-pending">{labels["pending"]}</p>', "",
                    f'<div class="qa-answer" lang="{item.answer.lang}" markdown>', "",
                    mark("answer", question.id, item.answer.markdown), "", "</div>", ""]
        else:
            out += [mark("answer", question.id, item.answer.markdown), ""]
        if note:
            out += [mark("note", question.id, note), ""]
        if item.carried:
            out.append(f'??? note "{CARRIED_STRINGS[words(locale)]["label"]}"')
            out += ["", _indent(_carried_block(item, locale)), ""]
    return "\n".join(out).rstrip() + "\n"
