"""Stage: the build's two workers — background processes forked from the build that run beside MkDocs
(hooks/_worker.py; not the offline service worker, which is hooks/offline.py): ``search`` writes each
locale's Pagefind index (hooks/search_index.py), ``anki`` each locale's deck (hooks/anki_deck.py). The
pipeline starts ``search`` in the first ``on_files`` with :func:`start_search`, completes the pair with
:func:`start` once the bank is parsed, sends them pages and jobs, and waits for them at the end of the
build."""
from __future__ import annotations

import dataclasses

import anki_deck
import page_pieces
import search_index
from _state import BuildState
from _worker import Worker


def start_search(state: BuildState) -> Worker:
    """The search worker (the Pagefind index of each locale), started before the topic pages are
    parsed: a fork holding the glossary (``state.bank.terms``, jieba's user words) but not the bank, so
    jieba's dictionary (1 s) loads while this process parses, deduplicates and lints the bank, and
    the child does not inherit their memory. :func:`start` sends it the bank (job ``bank``)
    or stops it when the site has no topic pages."""

    def bank(pages, shown, mentions):  # in the child: what the build found since the fork (a frozen bank:
        # under serve the child forks after the build, and its copy is complete already)
        state.bank = dataclasses.replace(state.bank, pages=pages, shown=shown, mentions=mentions, _frozen=False)
        state.bank.freeze()

    def search_page(locale, url, title, html_utf8, site_dir):
        search_index.add(locale, url, title, html_utf8.decode("utf-8"), state)
        if search_index.complete(locale, state):  # MkDocs renders every page before it applies templates:
            search_write(locale, site_dir)  # the last topic page arrives well before on_post_build

    def search_write(locale, site_dir):
        search_index.write(site_dir, locale, state)

    # a preview's workers start when its pages are written (the edited page does not share the cores
    # with them) and are not waited for: they log as they go
    return Worker("search index", {"bank": bank, "page": search_page, "write": search_write},
                  warm_up=lambda: search_index.warm_up(state), capture=not state.serving, start=not state.serving)


def start(state: BuildState) -> None:
    """Complete the build's workers (``state.workers``) when the site has topic pages: give ``search``
    (started by :func:`start_search`) the bank, and start ``anki`` (the decks, a fork of this
    process holding the state as parsed so far); without topic pages, stop ``search``. (A content
    error before this stops ``search`` in the pipeline's ``on_build_error``.)"""
    search = state.workers["search"]
    if not state.bank.pages:
        search.stop()
        state.workers = {}
        return
    if not state.serving:  # under serve the worker forks when the rebuild is done, its copy of the bank complete
        search.send("bank", state.bank.pages, state.bank.shown, state.bank.mentions)  # one pickle: the questions are shared
    def anki_write(locale, site_dir, site_name, pieces):
        state.locale = locale
        anki_deck.write(site_dir, site_name, page_pieces.for_deck(state) if pieces is None else pieces, state)

    state.workers = {
        "search": search,
        "anki": Worker("Anki deck", {"write": anki_write}, capture=not state.serving, start=not state.serving),
    }
