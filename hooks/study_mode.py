"""Stage: study mode's browser side — the locale's study data, each page's study config, ``study.json``.

Core: ``qa/study.py``. :func:`prepare` (each locale pass, ``on_files``) computes the locale's
:func:`qa.study.study_data` into ``state.study[locale]``: the numbered questions readers see, their
topics, titles and links, and the map of ids that dedup merged to the question shown for them.
:func:`page_config` (``on_page_context``) gives every page ``study``: the URL of the locale's
``study.json`` relative to the page, the locale and the words of study mode
(``overrides/main.html`` writes it as ``<script id="qa-study-config" type="application/json">`` and
loads ``assets/javascripts/study.js``; ``overrides/partials/header.html`` shows the self-test switch).
:func:`write_data` (``on_post_build``) writes ``site/study.json`` (zh-Hant) or ``site/en/study.json``.
"""
from __future__ import annotations

import json
from pathlib import Path

import markdown
import regional_wording
from _state import BuildState, digest
from mkdocs.utils import get_relative_url

from qa.edition import words
from qa.keypoints import key_points
from qa.study import LABELS, shown_id_map, study_data

DATA = "study.json"


def words_locale(state: BuildState) -> str:
    """The locale whose study-mode words this pass uses (``zh-Hant`` or ``en``; the 简体中文 edition's are
    the Traditional ones, converted with its text)."""
    return words(state.locale)


def topic_urls(config, state: BuildState) -> dict[str, str]:
    """Topic page path → its URL relative to the locale's root (``applications.md`` → ``applications/``)."""
    return {page.path: (f"{page.slug}/" if config.use_directory_urls else f"{page.slug}.html") for page in state.bank.pages}


def prepare(config, state: BuildState) -> None:
    """``state.study[state.locale]``: :func:`qa.study.study_data` of this locale (titles' inline Markdown
    as plain Python-Markdown HTML)."""
    md = markdown.Markdown()

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    def render(text: str) -> str:  # under `mkdocs serve`, a title the last rebuild rendered is reused
        return state.reused("title-html", digest(text), lambda: convert(text))

    id_map = shown_id_map(state.bank.pages, state.bank.dedup) if state.bank.dedup is not None else {}
    edition = state.editions[state.locale]
    data = study_data(edition, topic_urls(config, state), id_map, render)
    # each question's difficulty and origin (qa.metadata), for features that filter on them (mock interview),
    # and the key points of the answer this edition shows (qa.keypoints, as the Anki card's back), as HTML;
    # "key_lang" is the answer's: "zh-Hant" where an English page has no translation yet (the Chinese points)
    for question, item in zip(data["questions"], edition.questions):
        qid = question["id"]
        question["difficulty"] = state.bank.difficulty.get(qid)
        question["origin"] = state.bank.origin.get(qid, "original")
        points = key_points(item.answer.markdown, question["origin"])
        question["key_html"] = state.render(points) if points else ""
        question["key_lang"] = item.answer.lang
    state.study[state.locale] = regional_wording.data(data, state)


def page_config(context: dict, page, state: BuildState) -> dict:
    """Give the page template ``context["study"]`` (see the module docstring)."""
    context["study"] = {"data": get_relative_url(state.prefix + DATA, page.url), "locale": words_locale(state),
                        "labels": labels(state)}
    return context


_labels: dict[str, tuple[BuildState, dict[str, str]]] = {}


def labels(state: BuildState) -> dict[str, str]:
    """Study mode's words as readers of this pass's edition see them: :data:`qa.study.LABELS` of
    :func:`words_locale`, in the edition's wording (简体中文 converted, 繁體中文 in Taiwan usage), made once
    per build and locale. (The page writes them as JSON with ``\\u`` escapes, which the whole-page
    conversion of ``regional_wording.output`` does not see.)"""
    made = _labels.get(state.locale)
    if made is None or made[0] is not state:
        made = _labels[state.locale] = (state, regional_wording.data(LABELS[words_locale(state)], state))
    return made[1]


def write_data(site_dir: str, state: BuildState) -> None:
    """Write this locale's ``study.json`` (compact JSON, UTF-8) when the site has topic pages."""
    data = state.study.get(state.locale)
    if not state.bank.pages or data is None:
        return
    out = Path(site_dir) / state.prefix / DATA
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
