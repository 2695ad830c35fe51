"""Stage: the Chinese editions' wording (``qa.regional``): 繁體中文 in Taiwan usage, 简体中文 in mainland usage.

The source pages keep the original collection's mainland vocabulary (數據, 內存, 質量); every output of
the default (Chinese) locale is converted once, where it is made, with the same converter:

- :func:`load` (first pass, ``on_files``): ``content/regional-terms.yml`` → ``state.bank.wording``
  (locale → :class:`qa.regional.Taiwan` for ``zh-Hant``, :class:`qa.regional.Mainland` for ``zh-Hans``);
  a bad entry fails the build at its line.
- :func:`page_html` (``on_page_content``): a page's body, before the search worker reads it.
- :func:`output` (``on_post_page``, ``on_post_template``): the whole page (navigation, titles, the glossary
  and review pages, 404) — text nodes only; code, attributes and URLs are kept.
- :func:`html` / :func:`data`: the handout's HTML, the Anki cards and ``study.json``.

The English edition has no entry: its text passes unchanged.
"""
from __future__ import annotations

from _common import content_errors, log
from _state import BuildState, digest

from qa.regional import TABLE, Mainland, Taiwan, load_table, traditional_left


def load(state: BuildState) -> None:
    """Read the reviewed table and make the converter of the Chinese edition (``state.bank.wording``); under
    ``mkdocs serve`` the previous rebuild's converters while the table is unchanged (with what they converted)."""
    path = state.root / TABLE
    state.bank.wording_key = digest(path.read_text(encoding="utf-8") if path.exists() else "", *state.locales)

    def make() -> dict[str, object]:
        with content_errors():
            terms = load_table(path, str(TABLE))
        taiwan = Taiwan(terms)
        converters = {state.default_locale: taiwan}
        if "zh-Hans" in state.locales:
            converters["zh-Hans"] = Mainland(terms, taiwan)
        return converters

    state.bank.wording = state.reused("regional-converters", state.bank.wording_key, make)


def html(fragment: str, state: BuildState, locale: str | None = None) -> str:
    """``fragment`` (HTML) as readers of ``locale`` (default: the pass's) see it; under ``mkdocs serve`` an
    unchanged fragment (a page the edit did not touch) is not converted again (``state.reused``)."""
    locale = locale or state.locale
    converter = state.bank.wording.get(locale)
    if converter is None:
        return fragment
    if state.reuse is None or len(fragment) < 2000:  # small pieces convert faster than they hash
        return converter.html(fragment)
    return state.reused("wording-html", digest(locale, state.bank.wording_key, fragment), lambda: converter.html(fragment))


def page_html(fragment: str, page, state: BuildState) -> str:
    """A page's body (``on_page_content``) in the pass's wording. In the 简体中文 edition, a word left in
    Traditional script is a warning (``--strict`` fails the build) naming the source page's line."""
    out = html(fragment, state)
    if state.locale == "zh-Hans":  # (under serve an unchanged page is not scanned again; its warnings still show)
        left = state.reused("traditional-left", digest(out), lambda: list(dict.fromkeys(traditional_left(out))))
        for word in left:
            log.warning(f"{_where(word, page)}: '{word}' stays in Traditional script in the 简体中文 edition; add the word "
                        "to content/regional-terms.yml as '- {taiwan: …, mainland: …, why: …}'")
    return out


def _where(word: str, page) -> str:
    """``docs/<page>:<line>`` of the first source line holding ``word`` (the page when none does)."""
    source = getattr(page.file, "content_string", "") or ""
    core = word.strip()
    for number, line in enumerate(source.split("\n"), 1):
        if core and core in line:
            return f"docs/{page.file.src_uri}:{number}"
    return f"docs/{page.file.src_uri}"


def text(plain: str, state: BuildState, locale: str | None = None) -> str:
    """Plain text (a title, a term) as readers of ``locale`` (default: the pass's) see it."""
    converter = state.bank.wording.get(locale or state.locale)
    return plain if converter is None else converter.text(plain)


def output(document: str, state: BuildState, body: str | None = None) -> str:
    """A page or template's final HTML (``on_post_page`` / ``on_post_template``) in the pass's wording.

    ``body``: the page's content, already converted by :func:`page_html` and inserted verbatim by the
    template; it is left as it is (a second conversion is not a no-op: 文檔 → 文件 → 檔案)."""
    at = document.find(body) if body else -1
    if at < 0:
        return html(document, state)
    return html(document[:at], state) + body + html(document[at + len(body):], state)


def data(value, state: BuildState, locale: str | None = None):
    """A JSON-like value (dicts, lists, strings) with every string converted as :func:`html` does."""
    converter = state.bank.wording.get(locale or state.locale)
    if converter is None:
        return value
    if isinstance(value, str):
        return converter.html(value)
    if isinstance(value, dict):
        return {key: data(item, state, locale) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(data(item, state, locale) for item in value)
    return value
