"""Hook: the build pipeline — the order of the stages is written here. (mkdocs.yml lists one more hook after
it, hooks/offline.py, which writes the service workers over the finished site at on_post_build -1100.)

A build (``mkdocs build``, or one ``mkdocs serve`` rebuild) gets one :class:`_state.BuildState`, made in
the first locale pass's ``on_config`` and handed to every stage. mkdocs-static-i18n runs MkDocs' build
once per locale on the same config (zh-Hant, then zh-Hans and en inside zh-Hant's ``on_post_build``), so every event
below runs once per locale; stages marked "once" run in the first pass only and keep their result
on the state for the other locales. The locale of a pass is the i18n plugin's ``current_language``.

    on_startup         garbage_collector.start                  a command that builds once collects cycles less often
    on_config          reproducible.build_epoch (once)         date of the build, pinned for this build only
                       site_folder.claim (once)                 lock the site folder, remove a killed build's leftovers
    on_config (-110)   locale_strings.apply                     per-language permalink title (after the i18n plugin)
    on_files           glossary_page.load (once)               content/glossary.yml → state.bank.terms
                       regional_wording.load (once)             content/regional-terms.yml → state.bank.wording
                       search_index.load_words (once)           content/search-words.yml → state.bank.search_words
                       build_workers.start_search (once)        jieba loads while the bank is parsed
                                                                (hooks/_worker.py; search_index.warm_up)
                       topic_pages.parse (once)                 topic pages → state.bank.pages, translations
                       question_metadata.run (once)             difficulty, origin, references checked,
                                                                content/technical-notes.yml → state.bank.notes
                       dedup_questions.run (once)               → state.bank.dedup, state.bank.shown
                       question_numbers.run (once)              → state.bank.numbered ("1.2", read through the editions)
                       translation_status.run (once)            → state.bank.translation_status, state.bank.stale
                       editions.run (once)                      → state.editions (qa.edition: each locale's view)
                       glossary_page.find (once)                → state.bank.mentions
                       content_lint.run (once)                  content lint → warnings
                       build_workers.start (once)               the bank to the search worker; the Anki
                                                                worker: both run beside MkDocs
                       study_mode.prepare                       → state.study[locale] (study mode's data)
    on_files (-110)    glossary_page.add_page, review_page.add_page, after the i18n plugin sorted the files
                       mock_page.add_page
    on_nav             nav.order
    on_page_markdown   topic_render.render, home.topic_list, handout_pdfs.links, handout_pdfs.topic_link,
                       anki_deck.links, study_progress.block
    on_page_content    anchors.record (default locale) / anchors.apply (the others): headings keep the
                       default edition's ids; topic_render.mark_english (en); a topic page
                       (search_index.address) goes to the search worker (search_index.add → its
                       state.search.records[locale]; after the locale's last topic page, search_index.write
                       at once)
    on_page_content    regional_wording.page_html               the Chinese edition in Taiwan wording (before search)
                       page_pieces.cut                          each question's answer, notes and carried blocks
                                                                → state.pieces[locale] (deck, handout)
                       reader_tools.report_links (after the search worker took the page) "report a problem"
                       under each question when repo_url is set
    on_page_context    handout_pdfs.header_link, reader_tools.page_config (focus mode's words), study_mode.page_config
    on_post_page       regional_wording.output                  the whole page (nav, titles) in Taiwan wording
    on_post_build      dedup_questions.write_report, study_mode.write_data, vendor.copy, locale_files.after_pass,
                       handout_pdfs.start;
                       to the workers: search_index.write (if not yet written), anki_deck.write
                       (with page_pieces.for_deck: the deck converts no Markdown)
    on_post_build      end of the build (after the i18n plugin built the other locales, priority -1000):
      (-1000)          wait for the workers and handout_pdfs.finish (the PDFs, moved into the site), restore
                       SOURCE_DATE_EPOCH, site_folder.release; under
                       serve keep the work for the next rebuild and only now start the workers, with
                       the jobs the rebuild sent, not waiting for them
    on_build_error     stop the workers and the PDF workers, restore SOURCE_DATE_EPOCH, site_folder.release
    on_serve           watch everything a build reads (content/, overrides/, hooks/, qa/), not only docs/
    on_shutdown        garbage_collector.finish                 a command that built once leaves its objects to the
                                                                operating system (no collection at exit)

Under ``mkdocs serve`` an edit to content/ or overrides/ rebuilds the site; an edit to the Python code in
hooks/ or qa/ rebuilds too, but MkDocs does not reload Python modules, so the build logs a warning to
restart ``make serve``.
"""
from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import anchors
import anki_deck
import build_workers
import content_lint
import dedup_questions
import editions
import garbage_collector
import glossary_page
import handout_pdfs
import home
import locale_files
import locale_strings
import mock_page
import nav
import options
import page_pieces
import question_metadata
import question_numbers
import reader_tools
import regional_wording
import reproducible
import review_page
import search_index
import site_folder
import study_mode
import study_progress
import topic_pages
import topic_render
import translation_status
import vendor
from _common import log, markdown_renderer
from _state import DEFAULT_LOCALE, BuildState, Reuse, digest
from _worker import Worker
from jinja2 import BytecodeCache, FileSystemBytecodeCache
from mkdocs.plugins import CombinedEvent, event_priority

#: the Python code a build runs: hooks/ and the qa package
CODE = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "qa")


class _CompiledTemplates(BytecodeCache):
    """Jinja's compiled templates, kept in memory for the next locale pass and rebuild, and in the checkout's
    ``.cache/jinja/`` for the next build (Jinja's ``FileSystemBytecodeCache``: each file written whole, then
    renamed). Jinja's own bucket checks each against its template's source and the Python version, so an
    edited template or another interpreter compiles anew."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}
        self.files: FileSystemBytecodeCache | None = None

    def keep_in(self, folder: Path) -> None:
        """Also read and write compiled templates in ``folder`` (made if missing)."""
        if self.files is None or Path(self.files.directory) != folder:
            folder.mkdir(parents=True, exist_ok=True)
            self.files = FileSystemBytecodeCache(str(folder))

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])
        elif self.files is not None:
            self.files.load_bytecode(bucket)

    def dump_bytecode(self, bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()
        if self.files is not None:
            self.files.dump_bytecode(bucket)


@dataclass
class Session:
    """What this process keeps from one build to the next — the hook's one module-level object. One
    ``mkdocs build`` is one build; ``mkdocs serve`` rebuilds in the same process on every edit.

    Attributes:
        command: the ``mkdocs`` command (``on_startup``); ``None`` for in-process ``build()`` calls.
        build: the build in progress (made by the first locale pass's ``on_config``).
        reuse: under ``mkdocs serve``, what the last successful rebuild computed, by content hash
            (``_state.Reuse``).
        templates: compiled Jinja templates, reused by the next locale pass, the next rebuild and the next build
            (``on_env``; ``.cache/jinja/``).
        background: under ``mkdocs serve``, the workers of the last rebuild, finishing on their own (stopped
            by the next one).
        loaded_at: when this module was loaded (an edit to the code after it asks for a restart).
        renderer: under ``mkdocs serve``, the last build's ``BuildState.render`` and the Markdown settings it was
            made for: the next rebuild with the same settings reuses it, and with it every text it converted.
    """

    command: str | None = None
    build: BuildState | None = None
    reuse: Reuse = field(default_factory=Reuse)
    templates: _CompiledTemplates = field(default_factory=_CompiledTemplates)
    background: list[Worker] = field(default_factory=list)
    loaded_at: float = field(default_factory=time.time)
    renderer: tuple[str, Callable[[str], str]] | None = None


_session = Session()


def _renderer(config) -> Callable[[str], str]:
    """The build's ``markdown_renderer``; under ``mkdocs serve`` the previous rebuild's when the Markdown
    settings are the same (a text it converted then converts the same way now)."""
    key = repr((config.markdown_extensions, sorted(config.mdx_configs.items(), key=lambda item: item[0])))
    if _session.command != "serve" or _session.renderer is None or _session.renderer[0] != key:
        _session.renderer = (key, markdown_renderer(config))
    return _session.renderer[1]


def _i18n(config):
    return config.plugins.get("i18n")


def _locales(config) -> tuple[str, ...]:
    plugin = _i18n(config)
    if plugin is None:
        return (config.theme.get("language") or DEFAULT_LOCALE,)
    return tuple(plugin.build_languages)


def _current_locale(config) -> str:
    """The locale this pass builds, from the i18n plugin (its default before its own on_config ran)."""
    plugin = _i18n(config)
    if plugin is None:
        return _locales(config)[0]
    return plugin.current_language or plugin.default_language


def _outermost(config) -> bool:
    """False inside the build of a further locale (the i18n plugin builds them from its on_post_build)."""
    plugin = _i18n(config)
    return plugin is None or not getattr(plugin, "building", False)


def on_startup(command, dirty):
    _session.command = command
    garbage_collector.start(command)


def on_shutdown():
    command, _session.command = _session.command, None
    _stop_background()
    garbage_collector.finish(command)


def _config(config):
    if _outermost(config) or _session.build is None:  # the first locale pass: a new build starts
        _stop_background()
        root = Path(config.config_file_path).resolve().parent  # serve's first config names it relatively
        settings = options.load(config.extra, config.config_file_path)
        _session.build = BuildState(root=root, command=_session.command, locales=_locales(config),
                                    options=settings, source_date_epoch=reproducible.build_epoch(root),
                                    handout=handout_pdfs.enabled(settings, _session.command),
                                    render=_renderer(config))
        _session.build.pin_epoch()
        _session.templates.keep_in(_session.build.cache / "jinja")
        site_folder.claim(config.site_dir, _session.build)
        if _session.command == "serve":
            _session.build.reuse = _session.reuse
            _warn_if_code_changed()
    _session.build.locale = _current_locale(config)
    return config


@event_priority(-110)  # after mkdocs-static-i18n's on_config (-100) applied the language's `extra`
def _config_after_i18n(config):
    locale_strings.apply(config, _session.build)
    return config


on_config = CombinedEvent(_config, _config_after_i18n)


@contextmanager
def _timed(stage: str):
    """Add the wall time of the block to ``_state.timings[stage]`` (logged at the end of the build)."""
    start = time.perf_counter()
    try:
        yield
    finally:
        _session.build.timings[stage] = _session.build.timings.get(stage, 0.0) + time.perf_counter() - start


def _files(files, config):
    state = _session.build
    if state.first_pass:
        with _timed("glossary"):
            glossary_page.load(config.docs_dir, state)
        regional_wording.load(state)
        search_index.load_words(state)
        state.workers = {"search": build_workers.start_search(state)}  # loads jieba while the bank is parsed …
        with _timed("parse"):
            topic_pages.parse(files, state)
            question_metadata.run(state)
        with _timed("dedup"):
            dedup_questions.run(state)
        question_numbers.run(state)
        translation_status.run(state)
        editions.run(state)
        with _timed("glossary"):
            glossary_page.find(state)
        state.bank.freeze()  # complete: what every edition reads no longer changes
        with _timed("lint"):
            content_lint.run(files, state)
        build_workers.start(state)
    study_mode.prepare(config, state)
    return files


@event_priority(-110)  # after mkdocs-static-i18n's on_files (-100): see hooks/glossary_page.py
def _files_after_i18n(files, config):
    files = glossary_page.add_page(files, config, _session.build)
    files = review_page.add_page(files, config, _session.build)
    return mock_page.add_page(files, config, _session.build)


on_files = CombinedEvent(_files, _files_after_i18n)


def on_nav(nav_, config, files):
    return nav.order(nav_, _session.build)


def on_env(env, config, files):
    """Each locale pass (and each ``mkdocs serve`` rebuild, and each build) makes a new Jinja environment and
    would compile each template again (about 1 s for Material's): keep the compiled templates in
    ``_session.templates`` (and ``.cache/jinja/``), which Jinja checks against each template's source before
    use (``jinja2.bccache.Bucket``), so an edited override is compiled anew."""
    env.bytecode_cache = _session.templates
    return env


def on_page_markdown(markdown, page, config, files):
    with _timed("topic_render"):
        markdown = topic_render.render(markdown, page, _session.build)
    markdown = home.topic_list(markdown, _session.build)
    markdown = handout_pdfs.links(markdown, _session.build)
    markdown = handout_pdfs.topic_link(markdown, page, _session.build)
    markdown = anki_deck.links(markdown, _session.build)
    markdown = study_progress.block(markdown, _session.build)
    if _session.build.reuse is not None:
        _reuse_render(page, markdown, config, files, _session.build)
    return markdown


def on_page_content(html, page, config, files):
    html = anchors.record(html, page, _session.build)
    html = anchors.apply(html, page, _session.build)
    html = topic_render.mark_english(html, page, _session.build)
    with _timed("regional wording"):
        html = regional_wording.page_html(html, page, _session.build)
    html = page_pieces.cut(html, _session.build)
    address = search_index.address(page, _session.build) if "search" in _session.build.workers else None
    if address is not None:  # as bytes: pickling the str would keep a UTF-8 copy on it for the whole build
        _session.build.workers["search"].send("page", _session.build.locale, *address, html.encode("utf-8"), config.site_dir)
    return reader_tools.report_links(html, page, config, _session.build)  # after the search worker took the page


def on_post_page(output, page, config):
    with _timed("regional wording"):
        return regional_wording.output(output, _session.build, page.content)


def on_post_template(output_content, template_name, config):
    return regional_wording.output(output_content, _session.build) if template_name == "404.html" else output_content


def on_page_context(context, page, config, nav):
    context = handout_pdfs.header_link(context, _session.build)
    context = reader_tools.page_config(context, _session.build)
    return study_mode.page_config(context, page, _session.build)


def _post_build(config):
    state = _session.build
    dedup_questions.write_report(config.site_dir, state)
    study_mode.write_data(config.site_dir, state)
    vendor.copy(config.site_dir)
    if state.workers:
        state.workers["search"].send("write", state.locale, config.site_dir)
        # the pieces the deck reads; under serve the worker forks when the rebuild is done and has them already
        pieces = None if state.serving else page_pieces.for_deck(state)
        state.workers["anki"].send("write", state.locale, config.site_dir, config.site_name, pieces)
    locale_files.after_pass(config.site_dir, config.site_url, state)
    with _timed("handout"):
        handout_pdfs.start(config, state)


@event_priority(-1000)  # after mkdocs-static-i18n's on_post_build (-100), which builds the other locales
def _end_of_build(config):
    if not _outermost(config):
        return
    state = _session.build
    try:
        if state.serving:  # the page shows now; the search index and decks follow (logged as they finish)
            for worker in state.workers.values():
                worker.close()  # starts it with the jobs the rebuild sent
                _session.background.append(worker)
        else:
            for name, worker in state.workers.items():
                with _timed(f"waiting for the {name} worker"):
                    worker.finish()
                for job, seconds in worker.busy.items():
                    state.timings[f"{name} worker: {job} (beside MkDocs)"] = seconds
                state.memory[f"{name} worker"] = worker.peak_memory
        with _timed("handout"):
            handout_pdfs.finish(state)
    finally:
        if not state.serving:  # a worker left after another one failed: stop it (no-op once finished)
            for worker in state.workers.values():
                worker.stop()
        state.workers = {}
        state.restore_epoch()
        site_folder.release(state)
    total = time.perf_counter() - state.started
    shares = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in sorted(state.timings.items(), key=lambda kv: -kv[1]))
    log.debug(f"build {total:.1f} s; in the stages: {shares}; the rest is MkDocs, Material and the i18n plugin")
    if state.reuse is not None:
        kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(state.reuse.computed.items()))
        shares += f"; reused {state.reuse.hits}, computed {state.reuse.misses} ({kinds})"
        state.reuse.hits = state.reuse.misses = 0
        state.reuse.computed = {}
    if state.options.timings:
        state.memory["build"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        peaks = ", ".join(f"{name} {peak / 1e6:.0f} MB" for name, peak in state.memory.items())
        log.info(f"timings: build {total:.1f} s; {shares}; peak memory: {peaks}")
    if state.reuse is not None:
        state.reuse.commit()


on_post_build = CombinedEvent(_post_build, _end_of_build)


def on_build_error(error):
    if _session.build is not None:
        for worker in _session.build.workers.values():
            worker.stop()
        _session.build.workers = {}
        handout_pdfs.stop(_session.build)
        _session.build.restore_epoch()
        site_folder.release(_session.build)
        if _session.build.reuse is not None:
            _session.build.reuse.discard()


# -- mkdocs serve: the edit loop ------------------------------------------------------------------
# A rebuild re-renders only what changed: a page whose final Markdown, URL, file list and mkdocs.yml are
# unchanged gets the HTML, table of contents and anchors of the previous rebuild instead of Python-Markdown
# running again; the search index is written after the rebuild, in a forked process, so the edited page
# shows without waiting for it. `mkdocs build` does neither.

_RENDER = ("content", "toc", "_title_from_render", "present_anchor_ids")


def _reuse_render(page, markdown: str, config, files, state: BuildState) -> None:
    """Give ``page`` a ``render`` that reuses the previous rebuild's output for the same inputs."""
    listing = getattr(files, "_qa_listing", None)  # once per pass: the files and the Markdown settings
    if listing is None:
        extensions = json.dumps([config.markdown_extensions, config.mdx_configs], sort_keys=True,
                                default=lambda value: type(value).__qualname__)  # no addresses in the key
        settings = Path(config.config_file_path).read_text(encoding="utf-8") if config.config_file_path else ""
        listing = digest(extensions, settings,
                         *(f"{f.src_uri}>{f.dest_uri}" for f in sorted(files, key=lambda f: f.src_uri)))
        files._qa_listing = listing
    key = digest(state.locale, page.file.src_uri, page.url, markdown, listing)
    cls_render = type(page).render

    def render(config, files):
        def compute():
            cls_render(page, config, files)
            links = {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()}
            return {name: getattr(page, name) for name in _RENDER} | {"links": links}

        saved = state.reuse.get("render", key, compute)
        for name in _RENDER:
            setattr(page, name, saved[name])
        page.links_to_anchors = {files.get_file_from_path(src): anchors for src, anchors in saved["links"].items()
                                 if files.get_file_from_path(src) is not None}

    page.render = render


def _stop_background() -> None:
    """Stop the workers a previous ``mkdocs serve`` rebuild left running (their output would be stale)."""
    while _session.background:
        _session.background.pop().stop()


def watched(config) -> list[Path]:
    """What a build reads besides docs/ and mkdocs.yml (which MkDocs watches itself): content/, the theme
    overrides (``theme.custom_dir``), and the code in hooks/ and qa/ — those that exist."""
    root = Path(config.config_file_path).resolve().parent  # serve's first config names it relatively
    paths = [root / "content"]
    if config.theme.custom_dir:
        paths.append(Path(config.theme.custom_dir))
    paths += CODE
    return [path for path in dict.fromkeys(paths) if path.exists()]


def on_serve(server, config, builder):
    for path in watched(config):
        server.watch(str(path))
    return server


def _warn_if_code_changed() -> None:
    changed = [path for folder in CODE for path in folder.rglob("*.py") if path.stat().st_mtime > _session.loaded_at]
    if changed:
            log.warning(f"{changed[0].relative_to(CODE[0].parent)} changed since `mkdocs serve` started; MkDocs does not "
                    "reload Python code: stop and restart `make serve` to build with it")
