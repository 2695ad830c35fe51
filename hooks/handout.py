"""Hook: the PDF handout and drill sheet of each language, and the links to them.

Writes, in each language pass (core: ``qa/handout.py`` builds the HTML, ``qa/pdf.py`` runs WeasyPrint):

- ``site/downloads/llm-interview-handout.pdf`` and ``llm-interview-drill.pdf`` (zh-Hant),
- ``site/en/downloads/llm-interview-handout.pdf`` and ``llm-interview-drill.pdf`` (en),

from the questions readers see after dedup (``_common.shown_questions``), with carried sentences
(``_common.dedup_result``) and the glossary index (``content/glossary.yml``) when present.

Build time: the PDFs are laid out in background worker processes started in each pass's
``on_post_build``, so the zh-Hant PDFs render while the English pages are built; ``on_shutdown``
waits for them and fails the build (one line) if one failed. A PDF whose HTML, CSS, fonts and
WeasyPrint version are unchanged is copied from ``.cache/handout/`` instead of rendered again.
No PDFs are made under ``mkdocs serve``, with ``HANDOUT=0`` in the environment, or with
``extra: {handout: false}`` in the config (the small test fixture sites); the links are then left
out and the home page says how to get the PDFs.
"""
from __future__ import annotations

import datetime
import os
import subprocess
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

import markdown
from _common import dedup_result, glossary, locale_of, log, shown_questions, topic_pages, translations
from mkdocs.exceptions import Abort, PluginError

from qa.handout import HandoutMeta, drill_html, glossary_entries, handout_html
from qa.pdf import FontMissingError, check_cjk_font, write_pdf_cached
from qa.translation import split_carried

FILES = {"handout": "llm-interview-handout.pdf", "drill": "llm-interview-drill.pdf"}
MARKER = "<!-- handout-links -->"
LINK_TEXT = {
    "zh-Hant": {"handout": "下載 PDF 講義", "drill": "下載自我測驗題目卷（PDF，只有題目）",
                "header": "下載 PDF 講義",
                "note": "PDF 講義（問題與參考答案）與題目卷在 <code>make build</code> 時產生；"
                        "<code>mkdocs serve</code> 預覽時不產生。"},
    "en": {"handout": "Download PDF handout", "drill": "Download the drill sheet (PDF, questions only)",
           "header": "Download PDF handout",
           "note": "The PDF handout (questions and answers) and drill sheet are written by <code>make build</code>; "
                   "<code>mkdocs serve</code> previews do not make them."},
}
SOURCE = {
    "zh-Hant": "由《LLM 應用面試問答》原始題庫整理而成，已套用勘誤（content/errata.yml），重複的題目只列一次。",
    "en": "Compiled from the original LLM application interview Q&A (Traditional Chinese), with errata applied "
          "(content/errata.yml); repeated questions are printed once.",
}

#: per ``mkdocs`` command run (on_startup → on_shutdown); empty between runs
_run: dict = {}


def on_startup(command, dirty):
    _run.clear()
    _run.update(command=command, jobs=[], pool=None)


def enabled(config) -> bool:
    """Whether this build writes PDF handouts (see the module docstring)."""
    return (os.environ.get("HANDOUT", "1") != "0" and _run.get("command") != "serve"
            and config.extra.get("handout", True) is not False)


def _prefix(config) -> str:
    return "" if locale_of(config) == "zh-Hant" else f"{locale_of(config)}/"


def on_page_context(context, page, config, nav):
    if enabled(config):
        labels = LINK_TEXT.get(locale_of(config), LINK_TEXT["en"])
        context["handout"] = {"href": f"{_prefix(config)}downloads/{FILES['handout']}", "label": labels["header"]}
    return context


def on_page_markdown(markdown_text, page, config, files):
    if MARKER not in markdown_text:
        return markdown_text
    labels = LINK_TEXT.get(locale_of(config), LINK_TEXT["en"])
    if enabled(config):
        # raw HTML: the PDFs are written after the pages, so MkDocs' link validation cannot see them
        html = (f'<p class="qa-handout-links"><a href="downloads/{FILES["handout"]}" download>{labels["handout"]}</a>'
                f' · <a href="downloads/{FILES["drill"]}" download>{labels["drill"]}</a></p>')
    else:
        html = f'<p class="qa-handout-links">{labels["note"]}</p>'
    return markdown_text.replace(MARKER, html)


def _renderer(config):
    """Markdown → HTML with the site's own extensions, minus ``toc`` (no permalinks, no heading ids)."""
    extensions = [e for e in config.markdown_extensions if e != "toc"]
    configs = {k: v for k, v in config.mdx_configs.items() if k != "toc"}
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)

    def render(text: str) -> str:
        md.reset()
        return md.convert(text)

    return render


def edition_date(root: Path) -> str:
    """``SOURCE_DATE_EPOCH`` if set, else the date of the last commit touching the content, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date().isoformat()
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", "docs", "content"], cwd=root,
                             capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except OSError:
        out = ""
    return out or datetime.date.today().isoformat()


def _glossary(config, locale: str):
    found = glossary(config)
    return glossary_entries(*found, locale) if found else None


def on_post_build(config):
    if not enabled(config):
        return
    try:
        check_cjk_font()
    except FontMissingError as error:
        raise PluginError(str(error)) from None
    locale = locale_of(config)
    root = Path(config.config_file_path).parent
    pages = topic_pages(config)
    shown = shown_questions(config)
    if not pages:
        return
    result = dedup_result(config)
    carried = {g.canonical.id: [c.sentence for c in g.carried] for g in result.groups} if result is not None else {}
    english, carried_en = {}, {}
    for per_page in translations(config).values():
        for qid, question in per_page.items():
            body, sentences = split_carried(question.answer)
            english[qid] = replace(question, answer=body)
            if sentences and len(sentences) == len(carried.get(qid, ())):
                carried_en[qid] = sentences
    url = config.site_url or ""
    meta = HandoutMeta(title=config.site_name, locale=locale if locale in ("zh-Hant", "en") else "en",
                       edition=edition_date(root), source=SOURCE.get(locale, SOURCE["en"]),
                       url=(url.rstrip("/") + "/" + _prefix(config)) if url else "")
    documents = {
        "handout": handout_html(pages, shown, meta, _renderer(config), carried=carried,
                                glossary=_glossary(config, meta.locale), translations=english,
                                carried_en=carried_en),
        "drill": drill_html(pages, shown, meta, _renderer(config)),
    }
    out = Path(config.site_dir) / _prefix(config) / "downloads"
    cache = Path(os.environ.get("HANDOUT_CACHE") or root / ".cache" / "handout")
    for kind, html in documents.items():
        target = out / FILES[kind]
        if _run.get("command") is None:  # built without the CLI (no on_shutdown to wait in): render now
            result = write_pdf_cached(html, target, cache)
            _report(result)
            if result.notdef:
                raise PluginError(f"PDF handout: {result.path} prints {result.notdef} missing-glyph boxes (.notdef)")
            continue
        if _run["pool"] is None:
            _run["pool"] = ProcessPoolExecutor(max_workers=int(os.environ.get("HANDOUT_JOBS", "2")))
        _run["jobs"].append(_run["pool"].submit(write_pdf_cached, html, target, cache))


def _report(result) -> None:
    log.info(f"PDF handout: {result.path} {result.pages} pages, "
             f"{result.bytes / 1e6:.2f} MB, {result.seconds:.1f} s{' (cached)' if result.cached else ''}")


def on_shutdown():
    jobs: list[Future] = _run.get("jobs") or []
    pool = _run.get("pool")
    try:
        for job in jobs:
            try:
                result = job.result()
            except Exception as error:  # a failed layout: one line, the build fails
                raise Abort(f"PDF handout failed: {type(error).__name__}: {error}") from None
            _report(result)
            if result.notdef:
                raise Abort(f"PDF handout: {result.path} prints {result.notdef} missing-glyph boxes (.notdef): "
                            "a character is in none of the installed fonts; check fc-list for Noto Sans CJK TC "
                            "(fonts-noto-cjk) or replace the character")
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        _run.clear()
