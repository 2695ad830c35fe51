"""Regional wording of the Chinese editions: 繁體中文 in Taiwan usage, 简体中文 in mainland usage.

The original collection is written in Traditional characters with mainland vocabulary (數據, 內存,
性能, 質量). The 繁體中文 edition reads in Taiwan usage; the source files stay exactly as written
(maintainers edit them and the errata apply to them), so the conversion is made at build time, on
what readers see:

1. the reviewed table ``content/regional-terms.yml`` (pairs OpenCC lacks or gets wrong for this
   subject: 質量 → 品質 as *quality*, 推理速度 → 推論速度 where 推理 means *inference*), longest
   match first;
2. OpenCC's Taiwan phrase table (``TWPhrases``: 數據 → 資料, 內存 → 記憶體, 優化 → 最佳化) and
   Taiwan character variants (``TWVariantsPhrases``, ``TWVariants``), the same tables as OpenCC's
   ``s2twp`` configuration after its Simplified → Traditional step.

Only Chinese prose changes: :func:`convert_html` never touches tags, attributes (ids, URLs, classes),
``<code>``, ``<pre>``, ``<kbd>``, ``<script>`` or ``<style>``; :func:`convert_markdown` skips code
fences, inline code, HTML tags, link targets, URLs and heading attribute lists. OpenCC changes only
CJK characters, so English is never touched.

The 简体中文 edition is made from the Taiwan-worded text (:class:`Mainland`): the table's ``{taiwan, mainland}``
entries (品質 → 質量, 推論 → 推理), then OpenCC's ``tw2sp`` configuration (Taiwan phrases back to mainland
phrases, then Simplified characters). So both Chinese editions read from one text, each in its readers' usage.

The table's format and rules are in its header; :func:`load_table` refuses an entry that loops, clashes
with another, or holds anything but Chinese (a term in code could not be converted anyway) with
``content/regional-terms.yml:<line>: <what to do>``. ``python -m qa.regional docs/<page>.md`` prints
what the conversion changes on a page.
"""
from __future__ import annotations

import difflib
import functools
import json
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .errors import ContentError
from .source import YamlList, YamlMap, read_yaml, scan

#: the table's path, relative to the project root
TABLE = Path("content") / "regional-terms.yml"

_IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CHINESE_ONLY = re.compile(f"^[{_IDEOGRAPH}]+$")
_HAS_CJK = re.compile(f"[{_IDEOGRAPH}]")

#: HTML elements whose text is code or machine text: never converted
_RAW_ELEMENTS = frozenset({"code", "pre", "kbd", "samp", "script", "style", "textarea"})
#: attributes whose value readers see or hear (tooltips, screen readers, the PDF's running heads)
_READER_ATTRIBUTES = re.compile(r'(\s(?:title|alt|aria-label|placeholder|content|label|data-running|data-qa-[a-z-]+)=")([^"]*)(")')
_LANG = re.compile(r'\slang="([^"]+)"')
_VOID_ELEMENTS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})
_HTML_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>", re.S)

#: Markdown spans kept as written: inline code, autolinks/HTML tags, link targets, bare URLs,
#: heading attribute lists, reference definitions
_MD_PROTECTED = re.compile(r"(`+)[^`]*?\1|<[^>\n]+>|\]\([^)\n]*\)|https?://[^\s)>\]]+|\{[#.:][^}\n]*\}|^\s*\[[^\]]+\]:.*$")


@dataclass(frozen=True)
class Term:
    """One entry of the reviewed table.

    Attributes:
        source: the form as the source writes it (Chinese characters only).
        taiwan: the Taiwan form readers of the 繁體中文 edition see; equal to ``source`` for a ``keep``
            entry (a word OpenCC would change wrongly here, such as 參數 → 引數).
        reason: why, in a few words (required: the table is reviewed data).
        line: 1-based line of the entry in the table file.
    """

    source: str
    taiwan: str
    reason: str
    line: int
    #: the edition the entry serves: ``"zh-Hant"`` (``from``/``to``, ``keep``) or ``"zh-Hans"`` (``taiwan``/``mainland``:
    #: ``source`` is the Taiwan word, ``taiwan`` holds the mainland word, in Traditional characters)
    edition: str = "zh-Hant"


def load_table(path: Path, name: str | None = None) -> tuple[Term, ...]:
    """Read and check the reviewed table: a YAML list of ``{from, to, why}`` (convert) and ``{keep, why}``
    (never convert) mappings for the 繁體中文 edition, and ``{taiwan, mainland, why}`` ones for the 简体中文
    edition (equal words: keep it from OpenCC's ``tw2sp``).

    Args:
        path: the YAML file; a missing file is an empty table.
        name: how errors name the file (default: ``path`` as given).

    Raises:
        ContentError: at the entry's line, naming what to do, when the file is not a list of mappings,
            a key is missing or empty, ``from``/``to`` hold anything but Chinese characters (code, ids and
            English are never converted, so such an entry could never apply), ``from`` equals ``to``,
            ``from`` is listed twice, or an entry's ``to`` is another entry's ``from`` (a chain or a loop:
            the result would depend on the order of conversion).
    """
    name = name or str(path)
    if not path.exists():
        return ()
    data = read_yaml(path, name)
    if data is None:
        return ()
    if not isinstance(data, YamlList):
        raise ContentError(name, getattr(data, "line", 1), "the table must be a YAML list of '- {from: 質量, to: 品質, why: ...}' entries")
    terms: list[Term] = []
    seen: dict[str, int] = {}
    seen_mainland: dict[str, int] = {}
    for item, line in zip(data, data.item_lines):
        if not isinstance(item, YamlMap):
            raise ContentError(name, line, "each entry must be a mapping with from, to and why, e.g. '- {from: 質量, to: 品質, why: quality, not mass}'")
        unknown = sorted(set(map(str, item)) - {"from", "to", "keep", "taiwan", "mainland", "why"})
        if unknown:
            raise ContentError(name, item.line_of(unknown[0]), f"unknown key '{unknown[0]}'; an entry has from, to and why, "
                                                               "keep and why, or taiwan, mainland and why")
        if "taiwan" in item or "mainland" in item:
            terms.append(_mainland_entry(item, name, seen_mainland))
            continue
        keys = ("keep", "why") if "keep" in item else ("from", "to", "why")
        if "keep" in item and ("from" in item or "to" in item):
            raise ContentError(name, item.line, "an entry has either keep (never convert) or from and to (convert), not both")
        for key in keys:
            if not str(item.get(key) or "").strip():
                raise ContentError(name, item.line_of(key), f"entry lacks '{key}'; every entry needs from, to and why, "
                                                            "or keep and why (the reason it was reviewed)")
        if "keep" in item:
            source = taiwan = str(item["keep"]).strip()
        else:
            source, taiwan = str(item["from"]).strip(), str(item["to"]).strip()
        for key, value in ((("keep", source),) if "keep" in item else (("from", source), ("to", taiwan))):
            if not _CHINESE_ONLY.match(value):
                raise ContentError(name, item.line_of(key), f"'{key}: {value}' must be Chinese characters only: code, ids, URLs and English "
                                                            "are never converted; remove the entry or write only the Chinese word")
        first = "keep" if "keep" in item else "from"
        if "keep" not in item and source == taiwan:
            raise ContentError(name, item.line_of("to"), f"'{source}' maps to itself; write '- {{keep: {source}, why: ...}}' to keep it as written")
        if source in seen:
            raise ContentError(name, item.line_of(first), f"'{source}' is already listed on line {seen[source]}; keep one entry")
        seen[source] = item.line_of(first)
        terms.append(Term(source, taiwan, str(item["why"]).strip(), item.line_of(first)))
    sources = {term.source: term for term in terms if term.edition == "zh-Hant"}
    for term in terms:
        if term.edition != "zh-Hant":
            continue
        other = sources.get(term.taiwan)
        if other is not None and other is not term and other.source != other.taiwan:
            raise ContentError(name, term.line, f"'{term.source}' → '{term.taiwan}', but line {other.line} converts '{term.taiwan}' again "
                                                f"(→ '{other.taiwan}'): a chain or loop; map '{term.source}' straight to the final form")
    return tuple(terms)


def _mainland_entry(item: YamlMap, name: str, seen: dict[str, int]) -> Term:
    """A ``{taiwan, mainland, why}`` entry of the table (see :func:`load_table`)."""
    for key in ("taiwan", "mainland", "why"):
        if not str(item.get(key) or "").strip():
            raise ContentError(name, item.line_of(key), f"entry lacks '{key}'; a 简体中文 entry needs taiwan, mainland and why")
    if "from" in item or "to" in item or "keep" in item:
        raise ContentError(name, item.line, "an entry is either a 繁體中文 one (from/to or keep) or a 简体中文 one (taiwan/mainland), not both")
    taiwan, mainland = str(item["taiwan"]).strip(), str(item["mainland"]).strip()
    for key, value in (("taiwan", taiwan), ("mainland", mainland)):
        if not _CHINESE_ONLY.match(value):
            raise ContentError(name, item.line_of(key), f"'{key}: {value}' must be Chinese characters only (Traditional, as the "
                                                        "繁體中文 edition writes it)")
    # taiwan == mainland keeps the word as it is (OpenCC's tw2sp would change it wrongly)
    if taiwan in seen:
        raise ContentError(name, item.line_of("taiwan"), f"'{taiwan}' is already listed on line {seen[taiwan]}; keep one entry")
    seen[taiwan] = item.line_of("taiwan")
    return Term(taiwan, mainland, str(item["why"]).strip(), item.line_of("taiwan"), "zh-Hans")


@functools.lru_cache(maxsize=None)
def _opencc(config: str):
    """One of OpenCC's bundled configurations (``t2s``, ``tw2sp``)."""
    import opencc

    return opencc.OpenCC(config)


@functools.lru_cache(maxsize=None)
def _opencc_taiwan():
    """OpenCC converter: Taiwan phrases and character variants on Traditional text (``s2twp``'s second step)."""
    import opencc

    share = Path(opencc.__file__).resolve().parent / "clib" / "share" / "opencc"
    tables = ("TWPhrases", "TWVariantsPhrases", "TWVariants")
    group = {"type": "group", "match_policy": "short_circuit",
             "dicts": [{"type": "ocd2", "file": str(share / f"{table}.ocd2")} for table in tables]}
    config = {"name": "Traditional Chinese (OpenCC) to Taiwan phrases",
              "segmentation": {"type": "mmseg", "dict": {"type": "ocd2", "file": str(share / "TWPhrases.ocd2")}},
              "conversion_chain": [{"dict": group}]}
    folder = Path(tempfile.mkdtemp(prefix="qa-opencc-"))
    path = folder / "t2twp.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    converter = opencc.OpenCC(str(path))
    path.unlink()
    folder.rmdir()
    return converter


class _Converter:
    """Converts Chinese text: the table's words first (each held as a private-use character while OpenCC
    runs, so OpenCC never re-cuts it), then an OpenCC converter. Pure; safe to reuse."""

    def __init__(self, table: Mapping[str, str], converter) -> None:
        ordered = sorted(table, key=len, reverse=True)
        self._slot = {word: chr(0xF0000 + i) for i, word in enumerate(ordered)}
        self._result = {chr(0xF0000 + i): table[word] for i, word in enumerate(ordered)}
        self._pattern = re.compile("|".join(map(re.escape, self._slot))) if self._slot else None
        self._slots = re.compile("[\U000F0000-\U000FFFFD]")
        self._opencc = converter

    @functools.lru_cache(maxsize=65536)  # noqa: B019 -- one instance per build; strings repeat (titles, labels)
    def text(self, text: str) -> str:
        """Plain text (no markup) converted; text without CJK is returned unchanged."""
        if not _HAS_CJK.search(text):
            return text
        if self._pattern is None:
            return self._opencc.convert(text)
        text = self._pattern.sub(lambda match: self._slot[match.group(0)], text)
        return self._slots.sub(lambda match: self._result[match.group(0)], self._opencc.convert(text))

    #: text marked with one of these ``lang`` values is another edition's and is left as written
    other_langs: tuple[str, ...] = ()

    def html(self, fragment: str) -> str:
        """An HTML document or fragment with its text nodes and reader-facing attributes (:data:`_READER_ATTRIBUTES`:
        tooltips, ``aria-label``, the PDF's running heads) converted; other markup and attributes (ids, URLs,
        classes), the text of code-like elements (:data:`_RAW_ELEMENTS`) and elements marked ``lang`` of
        another edition (:attr:`other_langs`: the language menu's 繁體中文) are kept byte for byte."""
        out: list[str] = []
        raw_depth = 0
        kept: list = []  # [tag name, depth] of an open element marked with another edition's lang
        position = 0
        for match in _HTML_TOKEN.finditer(fragment):
            text = fragment[position:match.start()]
            keep = raw_depth or kept
            out.append(text if keep else self.text(text))
            tag_text = match.group(0)
            closing, tag, self_closing = match.group(1), (match.group(2) or "").lower(), match.group(3)
            if kept and tag == kept[0]:
                kept[1] += -1 if closing else (0 if self_closing else 1)
                if kept[1] == 0:
                    kept = []
            elif not keep and tag and not closing and not self_closing and tag not in _VOID_ELEMENTS \
                    and self.other_langs and _LANG.search(tag_text) and _LANG.search(tag_text).group(1) in self.other_langs:
                kept = [tag, 1]
            if tag and not keep and not kept and _HAS_CJK.search(tag_text):
                tag_text = _READER_ATTRIBUTES.sub(lambda a: a.group(1) + self.text(a.group(2)) + a.group(3), tag_text)
            out.append(tag_text)
            position = match.end()
            if tag in _RAW_ELEMENTS and not self_closing:
                raw_depth = max(0, raw_depth - 1) if closing else raw_depth + 1
        tail = fragment[position:]
        out.append(tail if raw_depth or kept else self.text(tail))
        return "".join(out)

    def markdown(self, markdown: str) -> str:
        """Markdown with its prose converted; code fences, inline code, HTML tags, link targets, URLs and
        heading attribute lists are kept as written."""
        lines = markdown.split("\n")
        scanned = scan(lines, comments=True)
        out = []
        for line in scanned.lines:
            if line.kind != "text":
                out.append(line.text)
                continue
            pieces, position = [], 0
            for match in _MD_PROTECTED.finditer(line.text):
                pieces.append(self.text(line.text[position:match.start()]))
                pieces.append(match.group(0))
                position = match.end()
            pieces.append(self.text(line.text[position:]))
            out.append("".join(pieces))
        return "\n".join(out)


class Taiwan(_Converter):
    """The 繁體中文 edition's wording: the table's ``from/to`` and ``keep`` entries, then OpenCC's Taiwan phrases."""

    other_langs = ("zh-Hans",)

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        self.terms = tuple(term for term in terms if term.edition == "zh-Hant")
        super().__init__({term.source: term.taiwan for term in self.terms}, _opencc_taiwan())


class Mainland(_Converter):
    """The 简体中文 edition's wording, made from the 繁體中文 edition's: :class:`Taiwan`, then the table's
    ``taiwan/mainland`` entries, then OpenCC's ``tw2sp`` (Taiwan phrases to mainland ones, Simplified characters)."""

    other_langs = ("zh-Hant",)

    def __init__(self, terms: Iterable[Term] = (), taiwan: Taiwan | None = None) -> None:
        terms = tuple(terms)
        self.terms = tuple(term for term in terms if term.edition == "zh-Hans")
        self.taiwan = taiwan or Taiwan(terms)
        simplified = _opencc("t2s")
        super().__init__({term.source: simplified.convert(term.taiwan) for term in self.terms}, _opencc("tw2sp"))

    @functools.lru_cache(maxsize=65536)  # noqa: B019 -- see _Converter.text
    def text(self, text: str) -> str:
        """Plain text in Simplified characters and mainland usage."""
        return super().text(self.taiwan.text(text)) if _HAS_CJK.search(text) else text


def text_nodes(fragment: str) -> list[str]:
    """The text readers see in an HTML fragment: its text nodes outside code-like elements
    (:data:`_RAW_ELEMENTS`), and the reader-facing attributes (:data:`_READER_ATTRIBUTES`)."""
    out: list[str] = []
    raw_depth = 0
    position = 0
    for match in _HTML_TOKEN.finditer(fragment):
        if not raw_depth:
            out.append(fragment[position:match.start()])
            out += [a.group(2) for a in _READER_ATTRIBUTES.finditer(match.group(0))] if match.group(2) else []
        position = match.end()
        closing, tag, self_closing = match.group(1), (match.group(2) or "").lower(), match.group(3)
        if tag in _RAW_ELEMENTS and not self_closing:
            raw_depth = max(0, raw_depth - 1) if closing else raw_depth + 1
    if not raw_depth:
        out.append(fragment[position:])
    return [text for text in out if _HAS_CJK.search(text)]


def traditional_left(fragment: str) -> list[str]:
    """Words of an HTML fragment's reader text that are still Traditional: what OpenCC's ``t2s`` would change
    in the 简体中文 edition's output (each with a character of context), in order; ``[]`` when none."""
    found: list[str] = []
    simplified = _opencc("t2s")
    for text in text_nodes(fragment):
        converted = simplified.convert(text)
        if converted != text:
            found += [before for before, _ in changes(text, converted)]
    return found


def changes(before: str, after: str, context: int = 1) -> list[tuple[str, str]]:
    """The replaced spans between a text and its conversion, as ``(before, after)`` pairs in order, each
    with ``context`` unchanged characters on either side (so 用戶 → 使用者 reads as a word, not 戶 → 者);
    spans closer than that are joined."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    spans: list[list[int]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        if spans and i1 - spans[-1][1] <= 2 * context:
            spans[-1][1], spans[-1][3] = i2, j2
        else:
            spans.append([i1, i2, j1, j2])
    return [(before[max(0, i1 - context):i2 + context], after[max(0, j1 - context):j2 + context])
            for i1, i2, j1, j2 in spans]


def main(argv: list[str] | None = None) -> int:
    """``python -m qa.regional [--zh-Hans] docs/<page>.md ...``: print each line the conversion changes, before
    and after (the 繁體中文 edition's; with ``--zh-Hans``, the 简体中文 edition's)."""
    import sys

    args = list(sys.argv[1:] if argv is None else argv)
    simplified = "--zh-Hans" in args
    args = [arg for arg in args if arg != "--zh-Hans"]
    if not args:
        print("usage: python -m qa.regional [--zh-Hans] docs/<page>.md [...]  (run from the project root)")
        return 2
    try:
        terms = load_table(TABLE)
        converter = Mainland(terms) if simplified else Taiwan(terms)
    except ContentError as error:
        print(error)
        return 1
    for name in args:
        text = Path(name).read_text(encoding="utf-8")
        converted = converter.markdown(text)
        for number, (old, new) in enumerate(zip(text.split("\n"), converted.split("\n")), 1):
            if old != new:
                pairs = "  ".join(f"{a} → {b}" for a, b in changes(old, new))
                try:
                    print(f"{name}:{number}: {pairs}")
                except BrokenPipeError:  # the reader stopped reading (| head)
                    return 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
