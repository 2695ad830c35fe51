"""Stage: lint the Traditional Chinese pages once per build (see qa/lint.py for the checks).

Each finding is logged as a warning ``docs/<file>:<line>: [check] '<text>': <fix>``; with
``strict: true`` any finding fails the build. Reviewed data: content/lint-words.yml (technical
names), the glossary's terms (``BuildState.terms``), content/lint-exceptions.yml (kept exceptions).
Lints every Markdown page that is not ``*.en.md``. A site without its own content/ folder (the small
test fixture sites) is linted with the project's lists and glossary.
"""
from __future__ import annotations

from pathlib import Path

from _common import GLOSSARY_PATH, content_errors, log
from _state import BuildState, digest
from mkdocs.exceptions import PluginError

from qa.glossary import load_glossary
from qa.lint import (DEFAULT_WORDLISTS, Vocabulary, apply_exceptions, glossary_terms, lint_page, load_allowlist,
                     load_exceptions, load_wordlist)

PROJECT = Path(__file__).resolve().parent.parent


def run(files, state: BuildState) -> None:
    """Lint the zh-Hant Markdown pages of ``files`` (MkDocs ``Files``); findings are logged as warnings."""
    pages = {file.src_uri: file.content_string for file in files.documentation_pages()
             if file.src_uri.endswith(".md") and not file.src_uri.endswith(".en.md")}
    own = state.content.is_dir()
    root = state.root if own else PROJECT
    sources = [root / "content" / name for name in ("lint-words.yml", "lint-exceptions.yml", "glossary.yml")]
    sources += list(DEFAULT_WORDLISTS)
    lists_key = digest(*(f"{path}:{path.stat().st_mtime_ns}:{path.stat().st_size}" if path.exists() else str(path)
                         for path in sources))
    try:
        english = state.reused("wordlist", lists_key, load_wordlist)
    except FileNotFoundError as error:
        raise PluginError(f"content lint: {error}") from None
    with content_errors(prefix=""):
        technical = load_allowlist(root / "content" / "lint-words.yml", "content/lint-words.yml")
        terms = state.bank.terms if own else load_glossary(root / GLOSSARY_PATH, GLOSSARY_PATH)
        technical |= glossary_terms(terms or [])
        exceptions = load_exceptions(root / "content" / "lint-exceptions.yml", "content/lint-exceptions.yml")
    vocabulary = Vocabulary(english, technical)
    findings = []
    with content_errors():
        for path in sorted(pages):  # under mkdocs serve an unchanged page's findings are reused
            text = pages[path]
            findings += state.reused("lint", digest(lists_key, path, text), lambda: lint_page(text, path, vocabulary))
    findings = apply_exceptions(findings, exceptions, {path: text.splitlines() for path, text in pages.items()})
    for finding in findings:
        where = finding.path if finding.path.startswith("content/") else f"docs/{finding.path}"
        log.warning(f"{where}:{finding.line}: [{finding.check}] '{finding.text}': {finding.fix}")
