"""Stage: the 繁體中文 edition in Taiwan wording (``qa.regional``), applied to what readers see.

The source pages keep the original collection's mainland vocabulary (數據, 內存, 質量); every output of
the default (Chinese) locale is converted once, where it is made, with the same converter:

- :func:`load` (first pass, ``on_files``): ``content/regional-terms.yml`` → ``state.wording``
  (locale → :class:`qa.regional.Taiwan`); a bad entry fails the build at its line.
- :func:`page_html` (``on_page_content``): a page's body, before the search worker reads it.
- :func:`output` (``on_post_page``, ``on_post_template``): the whole page (navigation, titles, the glossary
  and review pages, 404) — text nodes only; code, attributes and URLs are kept.
- :func:`html` / :func:`data`: the handout's HTML, the Anki cards and ``study.json``.

The English edition has no entry: its text passes unchanged.
"""
from __future__ import annotations

from _common import content_errors
from _state import BuildState

from qa.regional import TABLE, Taiwan, load_table


def load(state: BuildState) -> None:
    """Read the reviewed table and make the converter of the Chinese edition (``state.wording``)."""
    with content_errors():
        terms = state.reused("regional-terms", _key(state), lambda: load_table(state.root / TABLE, str(TABLE)))
    state.wording = {state.default_locale: Taiwan(terms)}


def _key(state: BuildState) -> str:
    path = state.root / TABLE
    return path.read_text(encoding="utf-8") if path.exists() else ""


def html(fragment: str, state: BuildState, locale: str | None = None) -> str:
    """``fragment`` (HTML) as readers of ``locale`` (default: the pass's) see it."""
    converter = state.wording.get(locale or state.locale)
    return fragment if converter is None else converter.html(fragment)


page_html = html


def output(text: str, state: BuildState, body: str | None = None) -> str:
    """A page or template's final HTML (``on_post_page`` / ``on_post_template``) in the pass's wording.

    ``body``: the page's content, already converted by :func:`page_html` and inserted verbatim by the
    template; it is left as it is (a second conversion is not a no-op: 文檔 → 文件 → 檔案)."""
    at = text.find(body) if body else -1
    if at < 0:
        return html(text, state)
    return html(text[:at], state) + body + html(text[at + len(body):], state)


def data(value, state: BuildState, locale: str | None = None):
    """A JSON-like value (dicts, lists, strings) with every string converted as :func:`html` does."""
    converter = state.wording.get(locale or state.locale)
    if converter is None:
        return value
    if isinstance(value, str):
        return converter.html(value)
    if isinstance(value, dict):
        return {key: data(item, state, locale) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(data(item, state, locale) for item in value)
    return value
