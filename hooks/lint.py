"""Hook: lint the Traditional Chinese pages on every build (see qa/lint.py for the checks).

Each finding is logged as a warning ``docs/<file>:<line>: [check] '<text>': <fix>``; with
``strict: true`` any finding fails the build. Reviewed data: content/lint-words.yml (technical
names), content/glossary.yml (its terms), content/lint-exceptions.yml (kept exceptions).
Runs once per build, in the zh-Hant pass, over every Markdown page that is not ``*.en.md``.
"""
from __future__ import annotations

from pathlib import Path

from _common import content_errors, locale_of, log
from mkdocs.exceptions import PluginError

from qa.glossary import load_glossary
from qa.lint import Vocabulary, glossary_terms, lint_pages, load_allowlist, load_exceptions, load_wordlist

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def on_files(files, config):
    if locale_of(config) == "en":
        return files
    pages = {file.src_uri: file.content_string for file in files.documentation_pages()
             if file.src_uri.endswith(".md") and not file.src_uri.endswith(".en.md")}
    try:
        english = load_wordlist()
    except FileNotFoundError as error:
        raise PluginError(f"content lint: {error}") from None
    with content_errors(prefix=""):
        technical = load_allowlist(CONTENT / "lint-words.yml", "content/lint-words.yml")
        if (CONTENT / "glossary.yml").is_file():
            technical |= glossary_terms(load_glossary(CONTENT / "glossary.yml", "content/glossary.yml"))
        exceptions = load_exceptions(CONTENT / "lint-exceptions.yml", "content/lint-exceptions.yml")
    for finding in lint_pages(pages, Vocabulary(english, technical), exceptions):
        where = finding.path if finding.path.startswith("content/") else f"docs/{finding.path}"
        log.warning(f"{where}:{finding.line}: [{finding.check}] '{finding.text}': {finding.fix}")
    return files
