"""Content lint for Traditional Chinese (zh-Hant) pages: what a careful copy editor would catch.

Checks (each :class:`Finding` names file, line, the offending text and the suggested fix):

``simplified``
    a Simplified-only character (数据, 输, 样) in Traditional text. A character is flagged only
    when it is *not a valid Traditional character*, decided from OpenCC's own dictionaries
    (see :func:`opencc_tables`): it has a Traditional form in ``STCharacters`` and is neither
    one of the Traditional candidates OpenCC lists for any Simplified character nor a Taiwan
    standard form (``TWVariants``). Converting characters with ``s2t`` and flagging every change
    is wrong: measured on docs/ (2026-11) it flags 峰 群 干 台 (25 places; OpenCC lists only 峯,
    羣, 幹/乾, 臺 first), and phrase conversion with ``s2tw`` also rewrites valid 了→瞭, 泄→洩,
    制→製, 局→侷 (27 places). The fix shown is the ``s2tw`` conversion of the word around it.
``foreign-word``
    a Latin-script word that is neither English (``/usr/share/dict/words``, Debian ``wamerican``)
    nor on the reviewed allow-list / glossary, such as the seed's German "verantwortungsvolle".
    Acronyms (``LLM``), names written with inner capitals (``PyTorch``), words with digits
    (``GPT-4``, ``1e-5``) and single letters are not words of any language here and are skipped.
``glued-english``
    a lower-case English word (or run of words) glued into a Chinese phrase: a CJK ideograph
    before it and a CJK ideograph, Chinese punctuation or the line end after it ("規則 based",
    "風險 mitigation"). Technical terms on the allow-list are kept ("如 dropout rate、").
``punctuation``
    a half-width ``, : ; ? ! ( )`` right next to Chinese text (spaces ignored), or a pair of
    brackets of mixed width ("（如 BERT)"); the fix is the full-width form (，：；？！（）).
``question-heading``
    a ``## `` heading of a topic page that is not a question: it must hold a question mark
    (？) or open with an interview prompt verb (請, 試, 說明, 描述, 解釋, 比較, 列舉, 談談, 介紹).

An answer's reference list (the lines after ``**參考資料**``, see :mod:`qa.metadata`) is not checked for
``foreign-word``: author names and paper titles are cited as written. Fenced code blocks, inline code, URLs, HTML tags and comments, link targets, heading attribute
lists and Markdown definitions (``*[abbr]: …``, ``[ref]: …``) are not linted. Front matter is
skipped. Real exceptions are kept in a reviewed list (:func:`load_exceptions`); an exception that
no longer matches anything is itself reported, so the list stays honest.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from .errors import ContentError
from .metadata import REFERENCES_HEADING
from .simplified_chars import OPENCC_TABLE, OpenCCTables, derive_simplified_only, format_opencc_table, opencc_tables
from .source import YamlList, YamlMap, attr_list_values, heading, read_yaml, scan, split_front_matter

CHECKS = ("simplified", "foreign-word", "glued-english", "punctuation", "question-heading", "stale-exception")

#: Debian's ``wamerican`` and ``wbritish`` word lists (installed by scripts/install-system-deps.sh)
DEFAULT_WORDLISTS = (Path("/usr/share/dict/american-english"), Path("/usr/share/dict/british-english"))

_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。、；：？！（）「」『』《》〈〉【】…—～・"
_CJK = re.compile(f"[{_IDEOGRAPH}]")
_CJK_ANY = re.compile(f"[{_IDEOGRAPH}{_CJK_PUNCT}]")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_PLACEHOLDER = "\ufffc"  # stands for removed inline code / URLs / tags: neither CJK nor Latin

_DEFINITION = re.compile(r"^\s*(?:\*\[[^\]]+\]:|\[[^\]]+\]:)")
_INLINE_CODE = re.compile(r"(`+)(?:(?!\1).)+?\1")
_COMMENT = re.compile(r"<!--.*?-->")
_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_URL = re.compile(r"(?:https?|ftp|file)://\S+|www\.\S+")
_ATTR_LIST = re.compile(r"\{[:#.][^{}]*\}\s*$|\{\s*[#.][^{}]*\}")
_EMPHASIS = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)|~~")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:['’-][A-Za-z0-9]+)*")
_LOWER_RUN = re.compile(r"[a-z][a-z'-]*(?:[ ][a-z][a-z'-]*)*")
_PROMPT_VERBS = ("請", "試", "說明", "描述", "解釋", "比較", "列舉", "談談", "介紹")


@dataclass(frozen=True)
class Finding:
    """One lint finding.

    Attributes:
        path: the file as given to :func:`lint_page` (``applications.md``; reported under docs/).
        line: 1-based line number.
        check: one of :data:`CHECKS`.
        text: the offending text, as written.
        fix: what to do, with the suggested replacement where there is one.
    """

    path: str
    line: int
    check: str
    text: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.check}] '{self.text}': {self.fix}"


@dataclass(frozen=True)
class LintException:
    """A reviewed exception: findings in ``file`` whose line contains ``text`` are kept.

    Attributes:
        file: path relative to docs/ (``applications.md``).
        text: a piece of the line as written (the finding's text or more of the line).
        reason: why this is right as it is (required, reviewed).
        check: restrict to one check of :data:`CHECKS`, or ``None`` for any.
        line: line of the entry in the exceptions file (for stale-entry reports).
    """

    file: str
    text: str
    reason: str
    check: str | None = None
    line: int = 0


@dataclass
class Vocabulary:
    """Words the foreign-word and glued-English checks accept.

    Attributes:
        english: lower-case English words (e.g. from :func:`load_wordlist`).
        technical: lower-case technical names and terms (allow-list, glossary); a term of
            several words (``dropout rate``) is kept whole for the glued-English check, and
            each of its words is also accepted by the foreign-word check.
    """

    english: set[str] = field(default_factory=set)
    technical: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self._technical_words = {w for term in self.technical for w in re.split(r"[\s/]+", term) if w}

    def is_known(self, word: str) -> bool:
        """True if ``word`` (any case) is English or a technical term."""
        lower = word.lower().replace("’", "'")
        candidates = {lower, lower.removesuffix("'s"), lower.strip("'")}
        candidates |= {c[:-1] for c in candidates if c.endswith("s")}  # plural of a known word
        if any(c in self.english or c in self._technical_words for c in candidates):
            return True
        if "-" in lower:  # a hyphenated compound is known when all its parts are
            return all(self.is_known(part) for part in lower.split("-") if part)
        return False


# ---------------------------------------------------------------------------------------------
# data sources


def load_wordlist(paths: Iterable[Path] = DEFAULT_WORDLISTS) -> set[str]:
    """Lower-case words of one-word-a-line lists such as Debian's ``/usr/share/dict/american-english``
    (``wamerican``) and ``british-english`` (``wbritish``: "optimise" is English too).

    Raises:
        FileNotFoundError: a list is not installed (``apt-get install wamerican wbritish``; the
            project's scripts/install-system-deps.sh does it).
    """
    words: set[str] = set()
    for path in paths:
        if not path.exists():
            raise FileNotFoundError(f"{path} is missing: install Debian's wamerican and wbritish (bash scripts/install-system-deps.sh)")
        words |= {line.strip().lower() for line in path.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()}
    return words


def load_allowlist(path: Path, name: str | None = None) -> set[str]:
    """Technical terms from a reviewed allow-list YAML mapping ``term: reason``.

    ``name`` is the file as errors should name it (default: ``str(path)``).

    Returns:
        The lower-cased terms; ``set()`` when the file does not exist.

    Raises:
        ContentError: the file is not a mapping of terms to non-empty reasons.
    """
    name = name or str(path)
    if not path.exists():
        return set()
    data = read_yaml(path, name, "write 'term: reason' lines", unique_keys=False)  # a repeated term is harmless
    if data is None:
        return set()
    if not isinstance(data, YamlMap):
        raise ContentError(name, getattr(data, "line", 1) or 1, "must be a mapping of 'term: reason' lines")
    for term, reason in data.items():
        if not isinstance(reason, str) or not reason.strip():
            raise ContentError(name, data.line_of(term), f"term '{term}' has no reason; write why it is allowed after the colon")
    return {str(term).lower() for term in data}


def glossary_terms(terms: Iterable) -> set[str]:
    """Every Latin-script run in the term forms of a glossary (:class:`qa.glossary.Term`: ``zh``,
    ``en``, ``aliases``, ``match``; definitions are prose, not terms), lower-cased."""
    found: set[str] = set()
    for term in terms:
        for form in term.forms:
            for run in re.findall(r"[A-Za-z][A-Za-z0-9 '’/-]*[A-Za-z0-9]|[A-Za-z]", form):
                found.add(run.strip().lower())
    return found


def load_exceptions(path: Path, name: str | None = None) -> list[LintException]:
    """The reviewed exception list: a YAML list of ``{file, text, reason[, check]}`` entries.

    ``name`` is the file as errors should name it (default: ``str(path)``).

    Returns:
        The entries in file order; ``[]`` when the file does not exist or is empty.

    Raises:
        ContentError: an entry lacks ``file``, ``text`` or ``reason``, or names an unknown check;
            the error names the entry's line in ``path``.
    """
    name = name or str(path)
    if not path.exists():
        return []
    data = read_yaml(path, name, "write a list of {file, text, reason} entries")
    if data is None:
        return []
    if not isinstance(data, YamlList):
        raise ContentError(name, getattr(data, "line", 1) or 1, "must be a YAML list of entries '- file: …  text: …  reason: …'")
    entries = []
    for item, line in zip(data, data.item_lines):
        if not isinstance(item, dict):
            raise ContentError(name, line, "each entry must be a mapping with file, text and reason")
        for key in ("file", "text", "reason"):
            if not isinstance(item.get(key), str) or not item[key].strip():
                raise ContentError(name, line, f"entry lacks '{key}'; every exception needs file, text and reason")
        check = item.get("check")
        if check is not None and check not in CHECKS:
            raise ContentError(name, item.line_of("check"), f"unknown check '{check}'; use one of {', '.join(CHECKS)}")
        entries.append(LintException(item["file"], item["text"], item["reason"], check, line))
    return entries


@functools.lru_cache(maxsize=1)
def _s2tw():
    import opencc

    return opencc.OpenCC("s2tw")


# ---------------------------------------------------------------------------------------------
# line preparation


def _prose(line: str) -> str:
    """The linted text of a Markdown line: inline code, URLs, tags, link targets and attribute
    lists replaced by a neutral placeholder, emphasis markers removed."""
    text = _INLINE_CODE.sub(_PLACEHOLDER, line)
    text = _COMMENT.sub(_PLACEHOLDER, text)
    text = _ATTR_LIST.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _REF_LINK.sub(r"\1", text)
    text = _URL.sub(_PLACEHOLDER, text)
    text = _TAG.sub(_PLACEHOLDER, text)
    text = re.sub(r"^\s*(?:[-+*]|\d+[.)])\s+", "", text)  # list marker
    text = re.sub(r"^\s*(?:#{1,6}|>+)\s*", "", text)       # heading / quote marker
    return _EMPHASIS.sub("", text)


def _english_parts(line: str) -> str:
    """Text of a line that may hold English words: the prose plus attribute values (data-en)."""
    return _prose(line) + " " + " ".join(attr_list_values(_INLINE_CODE.sub("", line)))


def _body_lines(text: str, path: str) -> tuple[bool, list[tuple[int, str]]]:
    """Whether the page is a topic page (front matter ``kind: topic``, read as YAML), and
    (line number, line) of every prose line outside front matter, code fences, HTML comments and
    definitions (:func:`qa.source.scan`)."""
    front = split_front_matter(text, path)
    lines = [(line.number, line.visible) for line in scan(front.body, front.first).lines
             if line.kind == "text" and not _DEFINITION.match(line.visible)]
    return front.meta.get("kind") == "topic", lines


# ---------------------------------------------------------------------------------------------
# checks


def _check_simplified(path, number, prose, tables) -> list[Finding]:
    findings = []
    for match in re.finditer(f"[{_IDEOGRAPH}]+", prose):
        word = match.group()
        bad = [i for i, c in enumerate(word) if c in tables.simplified_only]
        if not bad:
            continue
        # the bad characters with two characters of context each side, converted with OpenCC's
        # phrase-aware s2tw (文本数据進行 → 文本數據進行, where 据 alone would stay 据)
        lo, hi = max(0, bad[0] - 2), min(len(word), bad[-1] + 3)
        fixed = _s2tw().convert(word[lo:hi])
        findings.append(Finding(path, number, "simplified", word[lo:hi],
                                f"Simplified Chinese in Traditional text; write '{fixed}'"))
    return findings


def simplified_findings(text: str, path: str = "<interface>", tables: OpenCCTables | None = None) -> list[Finding]:
    """The ``simplified`` check on any text (an interface string, a page's visible text).

    Args:
        text: plain text (no Markdown handling); checked line by line.
        path: what the findings name as their file (e.g. ``site/index.html``).
        tables: :func:`opencc_tables` (read when ``None``).

    Returns:
        One :class:`Finding` per run of ideographs holding a Simplified-only character, with the
        ``s2tw`` fix; ``[]`` for clean text.
    """
    tables = tables or opencc_tables()
    return [finding for number, line in enumerate(text.splitlines(), 1)
            for finding in _check_simplified(path, number, line, tables)]


def _check_words(path, number, line, vocabulary) -> list[Finding]:
    findings = []
    for word in _WORD.findall(_english_parts(line)):
        if len(word) < 2 or any(ch.isdigit() for ch in word):
            continue
        if word.isupper() or any(ch.isupper() for ch in word[1:]):  # acronyms, CamelCase names
            continue
        if not vocabulary.is_known(word):
            findings.append(Finding(path, number, "foreign-word", word,
                                    "not an English word (a typo or another language?); write it in Chinese or English, "
                                    "or add a technical name to content/lint-words.yml with a reason"))
    return findings


def _check_glued(path, number, prose, vocabulary) -> list[Finding]:
    findings = []
    for match in _LOWER_RUN.finditer(prose):
        before = prose[: match.start()].rstrip(" ")
        after = prose[match.end():].lstrip(" ")
        if not before or not _CJK.match(before[-1]):
            continue
        if after and not _CJK_ANY.match(after[0]):
            continue
        run = match.group().strip()
        if not all(vocabulary.is_known(word) for word in run.split()):
            continue  # not English: the foreign-word check reports it
        if run in vocabulary.technical or all(w in vocabulary.technical for w in run.split()):
            continue
        findings.append(Finding(path, number, "glued-english", f"{before[-2:].strip()} {run}",
                                f"English word '{run}' glued into a Chinese phrase; write it in Chinese, "
                                "or keep a technical term in `code` / on content/lint-words.yml"))
    return findings


def _check_punctuation(path, number, prose) -> list[Finding]:
    findings = []
    for index, ch in enumerate(prose):
        if ch not in _HALF_TO_FULL:
            continue
        before = prose[:index].rstrip(" ")
        after = prose[index + 1:].lstrip(" ")
        near_cjk = bool((before and _CJK_ANY.match(before[-1])) or (after and _CJK_ANY.match(after[0])))
        if not near_cjk and ch in ",:;?!" and (not after or prose[index + 1:index + 2] == " "):
            # ends a clause: Chinese if the clause it ends holds Chinese ("如 BERT, GPT", "什麼是 LLM?")
            clause = re.split(f"[{re.escape(_CJK_PUNCT)},:;?!()]", before)[-1]
            near_cjk = _CJK.search(clause) is not None
        if near_cjk:
            excerpt = (before[-3:] + ch + after[:3]).strip()
            findings.append(Finding(path, number, "punctuation", excerpt,
                                    f"half-width '{ch}' in Chinese text; write '{_HALF_TO_FULL[ch]}'"))
    for match in re.finditer(r"（[^（）()]*\)|\([^（）()]*）", prose):
        findings.append(Finding(path, number, "punctuation", match.group(),
                                "brackets of mixed width; write both full-width: （…）"))
    return findings


def _check_heading(path, number, title) -> list[Finding]:
    if "？" in title or "?" in title or title.startswith(_PROMPT_VERBS):
        return []
    return [Finding(path, number, "question-heading", title,
                    "a '## ' heading in a topic page is a question; end it with '？' "
                    "(or open with 請/描述/說明…), or make it a '### ' sub-heading")]


def lint_page(text: str, path: str, vocabulary: Vocabulary, tables: OpenCCTables | None = None) -> list[Finding]:
    """Lint one Traditional Chinese Markdown page.

    Args:
        text: the page's Markdown, front matter included.
        path: the page's path relative to docs/, used in findings.
        vocabulary: accepted English words and technical terms.
        tables: OpenCC data (default: :func:`opencc_tables`).

    Returns:
        The findings in line order (no exceptions applied; see :func:`apply_exceptions`).
    """
    tables = tables or opencc_tables()
    topic, lines = _body_lines(text, path)
    findings: list[Finding] = []
    citing = False  # inside an answer's reference list (qa.metadata): authors and paper titles are not our words
    for number, line in lines:
        prose = _prose(line)
        head = heading(line) if topic else None
        if line.strip() == REFERENCES_HEADING["zh-Hant"]:
            citing = True
        elif head is not None:
            citing = False
        findings += _check_simplified(path, number, prose, tables)
        if not citing:
            findings += _check_words(path, number, line, vocabulary)
        findings += _check_glued(path, number, prose, vocabulary)
        findings += _check_punctuation(path, number, prose)
        if head is not None and head.level == 2:
            findings += _check_heading(path, number, head.text)
    return findings


def apply_exceptions(findings: list[Finding], exceptions: list[LintException], lines: dict[str, list[str]],
                     exceptions_path: str = "content/lint-exceptions.yml") -> list[Finding]:
    """Drop the findings a reviewed exception covers; report exceptions that cover nothing.

    Args:
        findings: from :func:`lint_page`, over all pages linted.
        exceptions: from :func:`load_exceptions`.
        lines: page path → its lines, to match an exception's text against the finding's line.
        exceptions_path: the exceptions file, named in stale-entry findings.

    Returns:
        The remaining findings, then one ``stale-exception`` finding per unused entry.
    """
    used: set[int] = set()
    kept = []
    for finding in findings:
        source = lines.get(finding.path, [])
        line = source[finding.line - 1] if 0 < finding.line <= len(source) else ""
        match = next((i for i, exc in enumerate(exceptions)
                      if exc.file == finding.path and (exc.check in (None, finding.check))
                      and (exc.text in line or exc.text == finding.text)), None)
        if match is None:
            kept.append(finding)
        else:
            used.add(match)
    for index, exc in enumerate(exceptions):
        if index not in used and exc.file in lines:
            kept.append(Finding(exceptions_path, exc.line, "stale-exception", exc.text,
                                f"matches nothing in {exc.file} any more; delete this entry"))
    return kept


def lint_pages(pages: dict[str, str], vocabulary: Vocabulary, exceptions: list[LintException] | None = None,
               exceptions_path: str = "content/lint-exceptions.yml") -> list[Finding]:
    """Lint several pages and apply the reviewed exceptions.

    Args:
        pages: path relative to docs/ → Markdown text (Traditional Chinese pages only).
        vocabulary: accepted English words and technical terms.
        exceptions: reviewed exceptions (:func:`load_exceptions`).
        exceptions_path: named in stale-entry findings.

    Returns:
        All findings not covered by an exception, page by page in line order.
    """
    findings = [f for path in sorted(pages) for f in lint_page(pages[path], path, vocabulary)]
    lines = {path: text.splitlines() for path, text in pages.items()}
    return apply_exceptions(findings, exceptions or [], lines, exceptions_path)


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--write-opencc-table"]:
        sys.exit("usage: python -m qa.lint --write-opencc-table")
    OPENCC_TABLE.parent.mkdir(exist_ok=True)
    OPENCC_TABLE.write_text(format_opencc_table(derive_simplified_only()), encoding="utf-8")
    print(f"wrote {OPENCC_TABLE}")
