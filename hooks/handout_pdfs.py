"""Stage: the PDF handout and drill sheet of each language, and the links to them.

Writes, in each language pass (core: ``qa/handout.py`` builds the HTML, ``qa/pdf.py`` runs WeasyPrint):

- ``site/downloads/llm-interview-handout.pdf`` and ``llm-interview-drill.pdf`` (zh-Hant),
- ``site/en/downloads/llm-interview-handout.pdf`` and ``llm-interview-drill.pdf`` (en; ``zh-Hans/`` alike),
- per topic, ``llm-interview-handout-<slug>.pdf`` beside them: that topic's pages cut from the handout
  (:func:`qa.pdf.split_by_topic`; numbered as in the whole book), linked from the top of its topic page
  (:func:`topic_link`),

from the questions readers see after dedup (``BuildState.shown``), with carried sentences
(``BuildState.dedup``) and the glossary index (``BuildState.terms``/``mentions``) when present.

The cover names the public address (``site_url`` from ``SITE_URL``; nothing for the local default,
:func:`qa.handout.public_url`). Each language's drill sheet is laid out after its handout, in the same
worker job (:func:`qa.pdf.write_handout_and_drill`), so it can name the handout page of every answer.

Build time: the PDFs are laid out in background processes of the build's one kind (``hooks/_worker.py``:
``extra.qa.handout_jobs`` workers, ``BuildState.pdf_workers``, forked at the first pass's ``on_post_build``
by :func:`start`, one job per locale dealt in turn), so the zh-Hant PDFs render while the other
editions' pages are built; :func:`finish`, at the end of the build, waits for them, replays what they
logged and fails the build (one line) if one failed. The processes write into the build's private
staging folder (``site_folder.staging``) and die with the build (``_worker.die_with_build``); :func:`finish` moves the PDFs into the site folder, so a killed
build's PDF never lands in a later build's site (issue 24). A PDF whose HTML, CSS, fonts and
WeasyPrint version are unchanged is copied from ``.cache/handout/`` instead of rendered again.
No PDFs are made under ``mkdocs serve`` or when ``extra.qa.handout`` is off (``HANDOUT=0`` in the
environment, through mkdocs.yml's ``!ENV``; the small test fixture sites set it in their config,
hooks/options.py); the links are then left out and the home page says how to get the PDFs.
"""
from __future__ import annotations

import datetime
from pathlib import Path

import question_metadata
import regional_wording
import site_folder
from _common import log, source_path
from _state import BuildState
from _worker import Worker
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from qa.edition import words
from qa.handout import HandoutMeta, drill_html, glossary_entries, handout_html, public_url
from qa.pdf import (FontMissingError, check_cjk_font, is_cached, locate_characters, printed_text,
                    uncovered_characters, write_handout_and_drill)

FILES = {"handout": "llm-interview-handout.pdf", "drill": "llm-interview-drill.pdf"}
MARKER = "<!-- handout-links -->"
LINK_TEXT = {
    "zh-Hant": {"handout": "下載 PDF 講義", "drill": "下載自我測驗題目卷（PDF，只有題目）",
                "header": "下載 PDF 講義", "topic": "下載本主題的 PDF 講義",
                "note": "PDF 講義（問題與參考答案）與題目卷在 <code>make build</code> 時產生；"
                        "<code>mkdocs serve</code> 預覽時不產生。"},
    "en": {"handout": "Download PDF handout", "drill": "Download the drill sheet (PDF, questions only)",
           "header": "Download PDF handout", "topic": "Download this topic as a PDF handout",
           "note": "The PDF handout (questions and answers) and drill sheet are written by <code>make build</code>; "
                   "<code>mkdocs serve</code> previews do not make them."},
}
SOURCE = {
    "zh-Hant": "由《LLM 應用面試問答》原始題庫整理而成，已套用勘誤，重複的題目只列一次。",
    "en": "Compiled from the original LLM application interview Q&A (Traditional Chinese), with errata applied; "
          "repeated questions are printed once.",
}

def enabled(options, command: str | None) -> bool:
    """Whether a build run by ``command`` writes PDF handouts: ``extra.qa.handout`` (``options.Options``),
    never under ``mkdocs serve``."""
    return options.handout and command != "serve"


def header_link(context: dict, state: BuildState) -> dict:
    """Give the page template the header's PDF link (``context["handout"]``) when PDFs are made."""
    if state.handout:
        labels = LINK_TEXT[words(state.locale)]
        context["handout"] = {"href": f"{state.prefix}downloads/{FILES['handout']}", "label": labels["header"]}
    return context


def links(markdown_text: str, state: BuildState) -> str:
    """Replace ``<!-- handout-links -->`` with the download links (or, without PDFs, how to get them)."""
    if MARKER not in markdown_text:
        return markdown_text
    labels = LINK_TEXT[words(state.locale)]
    if state.handout:
        # raw HTML: the PDFs are written after the pages, so MkDocs' link validation cannot see them
        html = (f'<p class="qa-handout-links"><a href="downloads/{FILES["handout"]}" download>{labels["handout"]}</a>'
                f' · <a href="downloads/{FILES["drill"]}" download>{labels["drill"]}</a></p>')
    else:
        html = f'<p class="qa-handout-links">{labels["note"]}</p>'
    return markdown_text.replace(MARKER, html)


def topic_file(slug: str) -> str:
    """The file name of a topic's own handout (beside the whole book in ``downloads/``)."""
    return f"llm-interview-handout-{slug}.pdf"


def topic_link(markdown_text: str, page, state: BuildState) -> str:
    """Put the link to this topic's own PDF handout at the top of a topic page (when PDFs are made and the
    topic has questions); other pages unchanged."""
    if not state.handout:
        return markdown_text
    topic = {t.path: t for t in state.bank.pages}.get(source_path(page.file.src_uri))
    edition = state.editions.get(state.locale)
    if topic is None or edition is None or topic.path not in {t.path for t, _ in edition.topics()}:
        return markdown_text
    href = get_relative_url(f"{state.prefix}downloads/{topic_file(topic.slug)}", page.url)
    label = LINK_TEXT[words(state.locale)]["topic"]
    # raw HTML: the PDFs are written after the pages, so MkDocs' link validation cannot see them
    return f'<p class="qa-topic-handout"><a href="{href}" download>{label}</a></p>\n\n' + markdown_text


def edition_date(state: BuildState) -> str:
    """The build's date (``state.source_date_epoch``: ``SOURCE_DATE_EPOCH`` or the last content commit), else today."""
    if state.source_date_epoch is not None:
        return datetime.datetime.fromtimestamp(state.source_date_epoch, datetime.timezone.utc).date().isoformat()
    return datetime.date.today().isoformat()


def start(config, state: BuildState) -> None:
    """Lay out this locale's handout and drill sheet in background worker processes (``state.pdf_workers``, hooks/_worker.py)."""
    if not state.handout or not state.bank.pages:
        return
    try:
        check_cjk_font()
    except FontMissingError as error:
        raise PluginError(str(error)) from None
    locale = state.locale
    edition = state.editions[locale]
    url = public_url(config.site_url)
    meta = HandoutMeta(title=config.site_name, locale=words(locale),
                       edition=edition_date(state), source=SOURCE[words(locale)],
                       url=(url.rstrip("/") + "/" + state.prefix) if url else "")
    entries = glossary_entries(state.bank.terms, state.bank.mentions, meta.locale) if state.bank.terms is not None else None

    def wording(document: str) -> str:  # the 简体中文 handout: its own language (and with it the Simplified Chinese faces)
        if words(locale) != locale:
            document = document.replace(f'lang="{words(locale)}"', f'lang="{locale}"')
        return regional_wording.html(document, state)

    documents = {  # the answers as the pages show them (page_pieces), already in the edition's wording
        "handout": handout_html(edition, meta, state.render, state.pieces.get(locale, {}), glossary=entries,
                                annotations=question_metadata.annotations(state), wording=wording),
        "drill": wording(drill_html(edition, meta, state.render)),
    }
    out = Path(config.site_dir) / state.prefix / "downloads"
    staged = site_folder.staging(state) / (state.prefix or "_default") / "downloads"
    cache = state.options.handout_cache_dir(state.cache)
    check_glyphs([html for html in documents.values() if not is_cached(html, cache)], config, state)
    if not state.pdf_workers:  # forked now, so no build data is pickled but the documents each job carries
        state.pdf_workers = [Worker(f"PDF layout {n}", {"layout": _layout}) for n in range(1, state.options.handout_jobs + 1)]
    # one job per locale (the drill sheet names the handout page of each answer, so it follows the handout),
    # dealt to the workers in turn
    staged.mkdir(parents=True, exist_ok=True)
    topics = {topic.slug: (staged / topic_file(topic.slug),
                           f"{config.site_name} — {regional_wording.text(edition.topic_title(topic).markdown, state)}")
              for topic, _ in edition.topics()}
    names = [*FILES.values(), *(topic_file(slug) for slug in topics)]
    worker = state.pdf_workers[len(state.pdf_places) % len(state.pdf_workers)]
    worker.send("layout", documents["handout"], staged / FILES["handout"], documents["drill"], staged / FILES["drill"],
                cache, topics, [out / FILES["handout"], out / FILES["drill"]])
    state.pdf_places.append([(staged / name, out / name) for name in names])


def _layout(handout: str, handout_path: Path, drill: str, drill_path: Path, cache: Path,
            topics: dict[str, tuple[Path, str]], shown_as: list[Path]) -> None:
    """A PDF worker's job: lay out one locale's handout, drill sheet and topic PDFs into the staging folder
    (``qa.pdf.write_handout_and_drill``) and log each (``shown_as``: the handout's and drill sheet's
    places in the site, for the log).

    Raises:
        PluginError: the layout failed, or a PDF prints missing-glyph boxes (one line each).
    """
    try:
        results = write_handout_and_drill(handout, handout_path, drill, drill_path, cache, topics)
    except Exception as error:
        raise PluginError(f"PDF handout failed: {type(error).__name__}: {error}") from None
    for result, target in zip(results, shown_as):
        log.info(f"PDF handout: {target} {result.pages} pages, "
                 f"{result.bytes / 1e6:.2f} MB, {result.seconds:.1f} s{' (cached)' if result.cached else ''}")
        if result.notdef:
            raise PluginError(f"PDF handout: {target} prints {result.notdef} missing-glyph boxes (.notdef): "
                              "a character is in none of the installed fonts; check fc-list for Noto Sans CJK TC "
                              "(fonts-noto-cjk) or replace the character")


def check_glyphs(documents: list[str], config, state: BuildState) -> None:
    """Fail before layout when the handout would print a character no installed font has (a missing-glyph
    box): ``docs/<file>:<line>: character '…' (U+…) is in none of the installed fonts …``, one error line
    per character (the build stops at the first). A PDF copied from the cache needs no check."""
    if not documents:
        return
    missing = uncovered_characters("".join(printed_text(html) for html in documents))
    if not missing:
        return
    docs = Path(config.docs_dir)
    sources = {}
    for page in state.bank.pages:
        for path in (page.path, page.path[:-3] + ".en.md"):
            if (docs / path).is_file():
                sources[f"docs/{path}"] = (docs / path).read_text(encoding="utf-8")
    for path in ("content/glossary.yml", Path(config.config_file_path).name):
        if (state.root / path).is_file():
            sources[str(path)] = (state.root / path).read_text(encoding="utf-8")
    found = locate_characters(missing, sources)
    for extra in found[1:]:
        log.error(str(extra))
    raise PluginError(str(found[0]))


def finish(state: BuildState) -> None:
    """Wait for the PDFs of every locale (end of the build) and move them into the site folder; fail the
    build (one line, what the worker raised) if one failed, leaving no PDF of this build in the site."""
    try:
        for worker in state.pdf_workers:
            worker.finish()  # replays the worker's log lines; raises its PluginError
        for places in state.pdf_places:
            for staged, target in places:
                site_folder.publish(staged, target)
    finally:
        stop(state)


def stop(state: BuildState) -> None:
    """End the PDF workers (after :func:`finish`, or when the build failed: their jobs are abandoned; the
    staged files go with ``site_folder.release``)."""
    for worker in state.pdf_workers:
        worker.stop()
    state.pdf_workers, state.pdf_places = [], []
