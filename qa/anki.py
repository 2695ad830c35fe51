"""The Anki deck of one locale: one note per shown question, written as an ``.apkg`` with genanki.

Pure Python, no MkDocs. :func:`deck_notes` turns the numbered questions
(:func:`qa.numbering.number_questions`, the numbers of the site and the handout) into
:class:`Card` values: front = number, topic and question title; back = the front, then the difficulty
and origin, the answer's key points (:func:`qa.keypoints.key_points`, the rule the mock interview
uses too), then the whole answer as HTML in a ``<details>`` block the reader opens (the HTML its topic
page shows, :mod:`qa.question_html`: code blocks kept, collapsed blocks inside opened), with the technical notes and the
sentences dedup carried over from merged repeats; tagged with the topic's slug. The card's CSS
(:data:`CSS`) keeps the back readable on a phone (code and tables wrap or scroll inside the card,
never past its edge) and in Anki's night mode (``.nightMode`` on desktop, ``.night_mode`` on
AnkiDroid: text, links, the meta line and highlighted code get dark-background colours). :func:`write_apkg` writes them with
genanki (https://github.com/kerrickstaley/genanki).

Ids: Anki recognises a note it already has by the note's ``guid``; here it is
``genanki.guid_for("llm-interview", locale, question id)``, from the permanent question id, so
importing a newer deck updates the reader's notes (and keeps their review history) instead of
adding copies. The locale is part of it so the Chinese and English decks stay separate notes.
The note type and deck ids are fixed numbers derived from fixed names (:func:`stable_id`), as
genanki requires. The file is byte-identical for the same questions and ``timestamp``
(``SOURCE_DATE_EPOCH`` in the build): the zip entries carry that date, not the clock's.
"""
from __future__ import annotations

import hashlib
import html
import itertools
import sqlite3
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pygments.formatters import HtmlFormatter

from .edition import CARRIED_STRINGS, Edition, carried_intro, lang, words
from .handout import open_details
from .question_html import QuestionHtml

#: field names of the note type, in order (Anki sorts the browser by the first, ``Number``)
FIELDS = ("Number", "Question", "Answer", "Topic", "Id")

LABELS = {
    "zh-Hant": {"pending": "", "key_points": "重點", "full_answer": "完整答案"},
    "en": {"pending": "Answer in Traditional Chinese; English translation pending.",
           "key_points": "Key points", "full_answer": "Full answer"},
}
#: Pygments style of code in night mode (light mode keeps the site's ``default``)
NIGHT_CODE_STYLE = "github-dark"
#: the selectors of Anki's night mode: desktop and AnkiMobile put ``nightMode`` on the card's body,
#: AnkiDroid ``night_mode``
NIGHT = (".nightMode", ".night_mode")

CSS = """\
.qa-meta { font-size: 0.8em; color: #666; margin: 0 0 0.6em; }
.qa-meta span + span::before { content: "·"; margin: 0 0.4em; }
.qa-difficulty { font-weight: bold; }
.card { font-family: "PingFang TC", "Microsoft JhengHei", "Noto Sans CJK TC", sans-serif;
        font-size: 18px; line-height: 1.7; text-align: left; color: #1a1a1a; background: #fff; }
.nightMode.card, .night_mode.card, .night_mode .card { color: #e6e6e6; background: #1e1e1e; }
.nightMode .qa-meta, .night_mode .qa-meta, .nightMode .qa-topic, .night_mode .qa-topic { color: #b4b4b4; }
.nightMode a, .night_mode a { color: #8ab4f8; }
.qa-topic { font-size: .8em; color: #595959; margin: 0 0 .2em; }
.qa-num { font-weight: bold; margin-right: .4em; }
.qa-question { font-weight: bold; }
.qa-keypoints { border-left: 4px solid #3f51b5; padding: .1em 0 .1em .8em; margin: .6em 0 1em; }
.nightMode .qa-keypoints, .night_mode .qa-keypoints { border-left-color: #8c9eff; }
.qa-keypoints-label { font-weight: bold; margin: 0; }
.qa-full > summary { cursor: pointer; font-weight: bold; padding: .4em 0; }
.card, .qa-answer { overflow-wrap: anywhere; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; max-width: 100%; box-sizing: border-box;
      background: rgba(127, 127, 127, .12); padding: .6em; border-radius: 4px; }
.highlight { max-width: 100%; overflow-x: auto; }
.highlight pre { background: transparent; }  /* on the style's own background: its colours keep their contrast */
table { display: block; max-width: 100%; overflow-x: auto; border-collapse: collapse; }
img, svg { max-width: 100%; height: auto; }
code { font-family: "SFMono-Regular", Consolas, "Liberation Mono", monospace; font-size: .9em; }
.qa-carried { margin-top: 1em; border-top: 1px solid rgba(127, 127, 127, .4); }
.qa-pending { font-size: .8em; opacity: .8; }
""" + HtmlFormatter(style="default").get_style_defs(".highlight") + "\n" + (  # the site's code colours (pymdownx.highlight)
    # night mode: every token back to the text colour first (the light style colours some tokens the dark
    # one leaves alone: dark blue on dark grey), then the dark style's colours and background
    ", ".join(f"{night} .highlight span" for night in NIGHT) + " { color: inherit; background: none; }\n"
    + "\n".join(line for line in HtmlFormatter(style=NIGHT_CODE_STYLE).get_style_defs(
        [f"{night} .highlight" for night in NIGHT]).split("\n") if line.startswith(NIGHT)))  # not its bare pre/linenos rules

FRONT = ('<p class="qa-topic">{{Topic}}</p>\n'
         '<div class="qa-question"><span class="qa-num">{{Number}}</span> {{Question}}</div>')
BACK = '{{FrontSide}}\n<hr id="answer">\n<div class="qa-answer">{{Answer}}</div>'


def stable_id(name: str) -> int:
    """A fixed id in ``[2**30, 2**31)`` for a name (genanki's advice for model and deck ids):
    the first 4 bytes of the SHA-256 of ``name``, folded into that range."""
    return 2**30 + int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big") % 2**30


def note_guid(locale: str, question_id: str) -> str:
    """The Anki note guid of a question in one locale's deck (see the module docstring)."""
    import genanki  # here, not at the top: only the Anki worker writes decks (importing it costs the build 0.15 s)

    return genanki.guid_for("llm-interview", locale, question_id)


@dataclass(frozen=True)
class Card:
    """One note of the deck.

    Attributes:
        guid: :func:`note_guid`.
        number: ``"1.2"``.
        question_html: the title as inline HTML (the front shows ``number`` before it).
        answer_html: the back: the answer, then any carried sentences.
        topic: the topic's title in the deck's locale.
        question_id: the permanent question id.
        tags: Anki tags (the topic slug); no spaces.
    """

    guid: str
    number: str
    question_html: str
    answer_html: str
    topic: str
    question_id: str
    tags: tuple[str, ...]

    @property
    def fields(self) -> list[str]:
        """The note's fields in :data:`FIELDS` order."""
        return [self.number, self.question_html, self.answer_html, html.escape(self.topic), self.question_id]


def deck_notes(edition: Edition, pieces: Mapping[str, QuestionHtml],
               annotations: Mapping[str, tuple[str, str]] | None = None,
               wording: Callable[[str], str] = lambda text: text) -> list[Card]:
    """One :class:`Card` per question of ``edition``, in number order.

    Args:
        edition: :func:`qa.edition.make_edition` — the questions, their titles' and answers' ``lang``, the
            translation status and the carried text's sources as the edition shows them.
        pieces: question id → the question's HTML as the edition shows it (:class:`qa.question_html.QuestionHtml`:
            cut from its topic page by :func:`qa.question_html.cut`, with its title and key points;
            or :func:`qa.question_html.render_pieces`), already in the edition's wording.
        annotations: question id → (HTML shown first on the back: difficulty and origin; the technical notes,
            which ``pieces`` holds as HTML), as :func:`qa.handout.handout_html` takes them.
        wording: the edition's conversion of the text the deck writes itself (labels, the badge, the topic,
            the carried blocks' introductions), e.g. 繁體中文 in Taiwan usage; ``pieces`` are not converted again.

    The back (``answer_html``) is: the annotation's badge, ``<div class="qa-keypoints">`` (a label, then the
    key points of the answer the card shows: the English one where translated), then
    ``<details class="qa-full"><summary>`` "Full answer" ``</summary>`` with the answer, its notes and
    what the other version adds (:data:`qa.edition.CARRIED_STRINGS`) ``</details>``, every collapsed block
    in it open. An answer without key points has no key-points block and its ``<details>`` open. An English
    card without a translation shows the Chinese answer under the "translation pending" note, marked
    ``lang="zh-Hant"``; text in another language than the deck's is marked ``lang``.

    Returns:
        The cards; their ``guid`` values are unique (question ids are).

    Raises:
        KeyError: a question of ``edition`` has no pieces.
    """
    locale = edition.locale
    labels = {key: wording(value) for key, value in LABELS[words(locale)].items()}
    carried_label = wording(CARRIED_STRINGS[words(locale)]["label"])
    own = "en" if locale == "en" else lang(locale)  # the deck's own language: text in another is marked
    cards = []
    for item in edition.questions:
        question, topic, piece = item.question, item.topic, pieces[item.id]
        title_html = piece.title
        if item.title.lang != own:
            title_html = f'<span lang="{item.title.lang}">{title_html}</span>'
        answer = open_details(piece.answer)
        if item.status == "pending":
            answer = f'<p class="qa-pending">{labels["pending"]}</p>\n<div lang="{item.answer.lang}">{answer}</div>'
        badge = wording((annotations or {}).get(question.id, ("", ""))[0])
        if piece.note:
            answer += f'\n<div class="qa-notes">{piece.note}</div>'
        if item.carried:
            parts = [f'\n<div class="qa-carried"><p><strong lang="{locale}">{carried_label}</strong></p>\n']
            for block, block_html in zip(item.carried, piece.carried, strict=True):
                parts.append(f'<p class="qa-carried-source" lang="{locale}">'
                             f'{html.escape(wording(carried_intro(question, block.source, locale)))}</p>\n'
                             f'<div lang="{item.carried_lang}">{open_details(block_html)}</div>\n')
            answer += "".join(parts) + "</div>"
        head = badge
        if piece.key_points:
            marked = f' lang="{item.answer.lang}"' if item.answer.lang != own else ""
            head += (f'<div class="qa-keypoints"><p class="qa-keypoints-label">{labels["key_points"]}</p>\n'
                     f'<div class="qa-keypoints-body"{marked}>{piece.key_points}</div></div>\n')
        answer = (head + f'<details class="qa-full"{"" if piece.key_points else " open"}><summary>{labels["full_answer"]}</summary>\n'
                  f'{answer}\n</details>')
        cards.append(Card(note_guid(locale, question.id), item.number, title_html, answer,
                          wording(edition.topic_title(topic).markdown), question.id, (topic.slug,)))
    return cards


def _model():
    import genanki

    return genanki.Model(
        stable_id("llm-interview note type v1"), "LLM interview question",
        fields=[{"name": name} for name in FIELDS],
        templates=[{"name": "Question → answer", "qfmt": FRONT, "afmt": BACK}],
        css=CSS, sort_field_index=0)


def deck_id(locale: str) -> int:
    """The Anki deck id of a locale's deck (fixed, so a newer deck file imports into the same deck)."""
    return stable_id(f"llm-interview deck {locale}")


def write_apkg(cards: Iterable[Card], path: Path, deck_name: str, locale: str, timestamp: float) -> Path:
    """Write the cards as an Anki package (``.apkg``: a zip holding ``collection.anki2``, SQLite).

    Args:
        cards: from :func:`deck_notes`.
        path: the file to write; its folder is created.
        deck_name: the deck's name as Anki shows it (the site name of the locale).
        locale: the deck's locale (picks :func:`deck_id`).
        timestamp: seconds since the epoch, used for every modification time in the collection
            and the zip entries (pass ``SOURCE_DATE_EPOCH`` for a reproducible file).

    Returns:
        ``path``.
    """
    import genanki

    model = _model()
    deck = genanki.Deck(deck_id(locale), deck_name)
    for card in cards:
        deck.add_note(genanki.Note(model=model, fields=card.fields, guid=card.guid, tags=list(card.tags)))
    package = genanki.Package(deck)
    path.parent.mkdir(parents=True, exist_ok=True)
    date = max(time.gmtime(timestamp)[:6], (1980, 1, 1, 0, 0, 0))  # the zip format starts in 1980
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "collection.anki2"
        connection = sqlite3.connect(db)
        try:
            # genanki's Package.write_to_file zips the file with its own mtime; write the same database
            # with its public write_to_db and zip it with a fixed date so two builds are byte-identical
            package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in (("collection.anki2", db.read_bytes()), ("media", b"{}")):
                info = zipfile.ZipInfo(name, date_time=date)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, data)
    return path
