"""The one reader of the project's sources: YAML files and the block structure of Markdown pages.

Every part of the core that reads a maintainer's source goes through this module, so they agree
on what the site renders:

* :func:`load_yaml` / :func:`read_yaml` — YAML (``content/*.yml`` and page front matter) read once,
  with the 1-based line of every mapping, key and list item kept (:class:`YamlMap`, :class:`YamlList`),
  and a one-line :class:`~qa.errors.ContentError` naming ``file:line`` on invalid YAML.
* :func:`split_front_matter` — a page's ``---`` front matter, parsed as YAML (not pre-filtered as text:
  ``kind: "topic"`` and a key after the first 400 characters count).
* :func:`scan` — the page's lines classified as prose, code fence, code, HTML comment or raw HTML block,
  with one fence rule (CommonMark's: a fence closes on the same character, at least as long, with no
  info) and Python-Markdown's rule for raw HTML blocks; what is left open at the end is reported.
* :func:`heading` — an ATX heading as Python-Markdown reads it (the parser the site renders with):
  level, text and the ``{#id key=value .class}`` attribute list in ``attr_list``'s syntax
  (:func:`parse_attrs`: ``data-en='How …'``, ``data-canonical=true``, and quotes inside a value
  as written).
* :func:`markdown_text` — plain text (a ``data-en`` title) written as Markdown that renders as that text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml
from markdown.extensions.attr_list import AttrListTreeprocessor

from .errors import ContentError

# ---------------------------------------------------------------------------------------------
# YAML with line numbers


class YamlMap(dict):
    """A YAML mapping (a plain ``dict``) that remembers where it was written.

    Attributes:
        line: 1-based line of the mapping's first key.
        key_lines: key → 1-based line of that key.
    """

    line: int = 0
    key_lines: dict

    def line_of(self, key: Any) -> int:
        """1-based line of ``key``, or of the mapping when the key is absent."""
        return self.key_lines.get(key, self.line)


class YamlList(list):
    """A YAML sequence (a plain ``list``) that remembers where it and each item were written.

    Attributes:
        line: 1-based line of the sequence.
        item_lines: 1-based line of each item, in order.
    """

    line: int = 0
    item_lines: list


_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built in: same result, faster


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]
    """yaml's safe loader whose mappings and sequences are :class:`YamlMap` / :class:`YamlList`."""

    line_offset = 0
    unique_keys = True


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> YamlMap:
    loader.flatten_mapping(node)
    out = YamlMap()
    out.line = node.start_mark.line + 1 + loader.line_offset
    out.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError:
            raise yaml.constructor.ConstructorError(None, None, "a mapping key must be a plain value",
                                                    key_node.start_mark) from None
        if key in out.key_lines and loader.unique_keys:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} is written twice, first on line {out.key_lines[key]}; keep one",
                key_node.start_mark)
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = key_node.start_mark.line + 1 + loader.line_offset
    return out


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> YamlList:
    out = YamlList(loader.construct_object(child, deep=True) for child in node.value)
    out.line = node.start_mark.line + 1 + loader.line_offset
    out.item_lines = [child.start_mark.line + 1 + loader.line_offset for child in node.value]
    return out


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_list)


def load_yaml(text: str, path: str, first_line: int = 1, what: str = "fix the YAML syntax",
              unique_keys: bool = True) -> Any:
    """Parse YAML text, keeping the line of every mapping, key and list item.

    Args:
        text: the YAML document.
        path: the file as error messages name it (``content/glossary.yml``, ``applications.md``).
        first_line: the 1-based line of ``text``'s first line in that file (front matter starts on 2).
        what: what the maintainer should do, appended to the error.
        unique_keys: refuse a key written twice in one mapping (yaml would keep the last value
            silently); ``False`` for lists where a repeat is harmless (the lint's word list).

    Returns:
        The data: mappings are :class:`YamlMap`, sequences :class:`YamlList`, scalars as yaml's
        safe loader gives them; ``None`` for an empty document.

    Raises:
        ContentError: ``path:line: not valid YAML (<problem>); <what>`` naming the line of the error
            (for a repeated key, the line of the second one).
    """
    loader = _Loader(text)
    loader.line_offset = first_line - 1
    loader.unique_keys = unique_keys
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        context = getattr(exc, "context_mark", None)
        if context is not None and mark is not None and mark.line >= text.rstrip().count("\n"):
            mark = context  # an error at the end of the text ("expected ']'") is where the open bracket is
        line = mark.line + first_line if mark is not None else first_line
        line = min(line, text.rstrip().count("\n") + first_line)  # not past the last written line
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError(path, line, f"not valid YAML ({problem}); {what}") from None
    finally:
        loader.dispose()


def read_yaml(path: Path, name: str | None = None, what: str = "fix the YAML syntax", unique_keys: bool = True) -> Any:
    """:func:`load_yaml` of a UTF-8 file; ``name`` is how errors name it (default ``str(path)``).

    Raises:
        FileNotFoundError: ``path`` does not exist (callers decide whether that is an error).
        ContentError: as :func:`load_yaml`.
    """
    return load_yaml(read_text(Path(path), name or str(path)), name or str(path), 1, what, unique_keys)


def read_text(path: Path, name: str) -> str:
    """A UTF-8 source file's text.

    Raises:
        FileNotFoundError: ``path`` does not exist.
        ContentError: ``name:line`` of the first byte that is not UTF-8 (e.g. a page saved as Big5).
    """
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ContentError(name, line, f"the file is not UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8") from None


# ---------------------------------------------------------------------------------------------
# front matter


@dataclass(frozen=True)
class FrontMatter:
    """A page split into its front matter and body.

    Attributes:
        meta: the front matter mapping (an empty :class:`YamlMap` when the page has none).
        body: the lines after the front matter, without line endings.
        first: 1-based line number of ``body[0]``.
    """

    meta: YamlMap
    body: list[str]
    first: int


def _empty_map(line: int = 1) -> YamlMap:
    out = YamlMap()
    out.line, out.key_lines = line, {}
    return out


def split_front_matter(text: str, path: str) -> FrontMatter:
    """Split a page into its YAML front matter (between ``---`` lines at the top) and body.

    Args:
        text: the whole page.
        path: the page's path, used in error messages only.

    Raises:
        ContentError: the front matter is not closed by a ``---`` (or ``...``) line, is not valid YAML
            (the error names the page line), or is not a mapping.
    """
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return FrontMatter(_empty_map(), lines, 1)
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        raise ContentError(path, 1, "front matter opened with '---' is never closed; add a '---' line after it")
    meta = load_yaml("\n".join(lines[1:end]), path, 2, "fix the YAML between the '---' lines")
    if meta is None:
        meta = _empty_map(2)
    if not isinstance(meta, dict):
        raise ContentError(path, 2, "front matter must be a YAML mapping such as 'title: 實踐應用'")
    return FrontMatter(meta, lines[end + 1:], end + 2)


# ---------------------------------------------------------------------------------------------
# lines: prose, fences, code, comments

_FENCE = re.compile(r"^[ \t]*(?P<marker>`{3,}|~{3,})(?P<info>.*)$")


@dataclass(frozen=True)
class Line:
    """One source line and what it is.

    Attributes:
        number: 1-based line number in the file.
        text: the line as written.
        kind: ``"text"`` (prose, headings, lists …), ``"fence"`` (a line opening or closing a fenced code
            block), ``"code"`` (inside a fenced block), ``"comment"`` (inside a multi-line HTML comment,
            its closing line included), or ``"html"`` (inside a raw HTML block, which the page shows as
            written, not as Markdown: its opening line included).
        visible: for ``"text"``, the part outside an HTML comment that opens on this line; else ``text``.
        fence: for ``"code"`` and ``"fence"`` lines, the opening fence line of their block.
    """

    number: int
    text: str
    kind: str = "text"
    visible: str = ""
    fence: "Fence | None" = None


@dataclass(frozen=True)
class Fence:
    """An opening code fence: its marker (```` ``` ```` or ``~~~``…), info string and line number."""

    marker: str
    info: str
    number: int

    @property
    def language(self) -> str:
        """The info string's first word in lower case (``python``, ``md``), ``''`` when none."""
        return self.info.split()[0].lower() if self.info.split() else ""


@dataclass
class Scan:
    """The lines of a text as :func:`scan` classified them.

    Attributes:
        lines: every line, in order.
        unclosed: the fence still open at the end of the text, or ``None``.
        unclosed_comment: the line of an ``<!--`` never closed by ``-->``, or ``None``.
        unclosed_html: ``(tag, line)`` of a raw HTML block (``<div>`` …) never closed, or ``None``.
    """

    lines: list[Line] = field(default_factory=list)
    unclosed: Fence | None = None
    unclosed_comment: int | None = None
    unclosed_html: tuple[str, int] | None = None


def _block_level_tags() -> frozenset[str]:
    import markdown
    return frozenset(markdown.Markdown().block_level_elements)


#: the tags that open a raw HTML block at the start of a line (Python-Markdown's own list)
BLOCK_TAGS = _block_level_tags()
# Python-Markdown's rule: a block-level tag at the start of a line (up to 3 spaces) opens a raw block
_RAW_OPEN = re.compile(r"^ {0,3}<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])([^>]*)>?")


def _tag_depth(text: str, tag: str) -> int:
    """Opening minus closing ``tag`` tags on one line (self-closing ones do not count)."""
    opens = len(re.findall(rf"<{tag}(?=[\s>])(?:[^>]*[^/>])?>|<{tag}>", text, flags=re.I))
    return opens - len(re.findall(rf"</{tag}\s*>", text, flags=re.I))


def scan(lines: Iterable[str], first: int = 1, comments: bool = True) -> Scan:
    """Classify lines as prose, code fence, code or HTML comment.

    Args:
        lines: the lines (without line endings), e.g. :attr:`FrontMatter.body` or an answer's lines.
        first: the 1-based line number of the first line.
        comments: recognise multi-line HTML comments (``<!--`` with no ``-->`` after it on its line).

    Returns:
        A :class:`Scan`. A fence is a line of three or more backticks or tildes (any indentation, as in
        list items); it closes on a line of the same character, at least as long, with nothing after it.
        A raw HTML block is what Python-Markdown makes of a line starting (after up to 3 spaces) with a
        block-level tag (``<div>``, ``<table>``, ``<details>`` …): the lines up to the one that closes
        that tag are ``"html"``; with a ``markdown`` attribute (``md_in_html``) its inside is Markdown,
        so only its opening and closing are tracked.
    """
    out = Scan()
    open_fence: Fence | None = None
    in_comment = False
    raw: list = []  # [tag, depth, opening line, markdown inside] of the open raw HTML block
    for number, text in enumerate(lines, start=first):
        match = _FENCE.match(text)
        if open_fence is not None:
            if match and match.group("marker")[0] == open_fence.marker[0] \
                    and len(match.group("marker")) >= len(open_fence.marker) and not match.group("info").strip():
                out.lines.append(Line(number, text, "fence", text, open_fence))
                open_fence = None
            else:
                out.lines.append(Line(number, text, "code", text, open_fence))
            continue
        if in_comment:
            in_comment = "-->" not in text
            out.lines.append(Line(number, text, "comment", text))
            continue
        if raw:
            raw[1] += _tag_depth(text, raw[0])
            if raw[1] <= 0 or not raw[3]:
                out.lines.append(Line(number, text, "html", text))
                if raw[1] <= 0:
                    raw = []
                continue
        if not raw and comments:
            opened = _RAW_OPEN.match(text)
            if opened and opened.group(1).lower() in BLOCK_TAGS:
                tag = opened.group(1).lower()
                depth = _tag_depth(text, tag)
                if depth > 0:
                    raw = [tag, depth, number, "markdown" in opened.group(2)]
                    out.lines.append(Line(number, text, "html", text))
                    continue
        if match:
            open_fence = Fence(match.group("marker"), match.group("info").strip(), number)
            out.lines.append(Line(number, text, "fence", text, open_fence))
            continue
        visible = text
        if comments and "<!--" in text and "-->" not in text.split("<!--", 1)[1]:
            in_comment = True
            out.unclosed_comment = number
            visible = text.split("<!--", 1)[0]
        elif comments and "<!--" in text:
            visible = re.sub(r"<!--.*?-->", "", text)
        out.lines.append(Line(number, text, "text", visible))
    out.unclosed = open_fence
    if not in_comment:
        out.unclosed_comment = None
    if raw:
        out.unclosed_html = (raw[0], raw[2])
    return out


# ---------------------------------------------------------------------------------------------
# headings and attribute lists (Python-Markdown's own rules)

# Python-Markdown's HashHeaderProcessor.RE for one line: 1-6 '#', the text, closing '#'s dropped
_ATX = re.compile(r"^(?P<level>#{1,6})(?P<text>(?:\\.|[^\\])*?)#*$")
_HEADER_ATTRS = AttrListTreeprocessor.HEADER_RE  # '[ ]+{:? ... }[ ]*$' at the end of a heading


@dataclass(frozen=True)
class Heading:
    """An ATX heading as the site renders it.

    Attributes:
        level: 1-6.
        text: the heading text without closing ``#``'s and without the attribute list.
        id: the ``#id`` of its attribute list, or ``None``.
        attrs: the other ``key=value`` attributes (``{"data-en": "How …", "data-canonical": "true"}``);
            a key written without a value maps to ``None``.
        classes: the ``.class`` names.
        raw_attrs: the attribute list as written between the braces, ``''`` when none.
        bad_attrs: the part of the attribute list that is none of its forms (a quote never closed),
            ``''`` when it reads whole.
    """

    level: int
    text: str
    id: str | None = None
    attrs: dict = field(default_factory=dict)
    classes: tuple[str, ...] = ()
    raw_attrs: str = ""
    bad_attrs: str = ""


# one attribute: key="value" / key='value' (a quote closes only before a space or the end; \" and \'
# inside stand for the quote), key=value, #id, .class, or a bare key
_ATTR = re.compile(r"""\s*(?:(?P<key>[^\s=}"']+)=(?:"(?P<dq>(?:\\.|[^"\\]|"(?!\s|$))*)"(?=\s|$)"""
                   r"""|'(?P<sq>(?:\\.|[^'\\]|'(?!\s|$))*)'(?=\s|$)|(?P<bare>[^\s"']+)(?=\s|$))"""
                   r"""|(?P<word>[^\s=}"']+)(?=\s|$))""")


def parse_attrs(raw: str) -> tuple[str | None, dict, tuple[str, ...]]:
    """Parse an attribute list (the text between ``{`` and ``}``).

    Python-Markdown's ``attr_list`` syntax (``#id``, ``.class``, ``key="value"``, ``key='value'``,
    ``key=value``), with one difference the site relies on: a quoted value ends only at a quote
    followed by a space or the end, and ``\"`` / ``\'`` inside stand for the quote, so
    ``data-en="What is \"quantization\"?"`` and ``data-en='What's quantization?'`` are read as
    written. (The rendered headings never carry the source's attributes: :mod:`qa.render` writes
    them, so this reader is the only one.)

    Returns:
        ``(id, attributes, classes)``: ``#id`` (the last one wins), the ``key=value`` pairs, the
        ``.class`` names.

    Raises:
        ValueError: part of the list is none of these forms (e.g. a quote never closed); the
            message quotes it.
    """
    anchor, attrs, classes = None, {}, []
    pos, text = 0, raw.strip()
    while pos < len(text):
        match = _ATTR.match(text, pos)
        if not match or match.end() == pos:
            raise ValueError(text[pos:].strip())
        pos = match.end()
        if match.group("key"):
            value = match.group("dq") if match.group("dq") is not None else match.group("sq")
            if value is not None:
                value = re.sub(r"\\(.)", r"\1", value)
            else:
                value = match.group("bare")
            attrs[match.group("key")] = value
        else:
            word = match.group("word")
            if word.startswith("#"):
                anchor = word[1:]
            elif word.startswith("."):
                classes.append(word[1:])
            else:
                attrs[word] = None
    return anchor, attrs, tuple(classes)


def heading(line: str) -> Heading | None:
    """The ATX heading on ``line`` (a prose line from :func:`scan`), or ``None`` if it is not one.

    Follows Python-Markdown: the line starts with 1-6 ``#`` (a space after them is not required),
    closing ``#``'s are dropped, and a trailing ``{...}`` attribute list is read with ``attr_list``.
    """
    match = _ATX.match(line.rstrip("\n"))
    if not match:
        return None
    text = match.group("text").strip()
    raw, bad = "", ""
    # a list with no text before it ('## {#id}') is not an attribute list to Python-Markdown; it is read
    # as one here so that the parser can say the heading has no text
    attrs_match = _HEADER_ATTRS.search(text) or re.fullmatch(r"\{:?([^}\n]*)\}[ ]*", text)
    anchor, attrs, classes = None, {}, ()
    if attrs_match:
        raw = attrs_match.group(1)
        try:
            anchor, attrs, classes = parse_attrs(raw)
        except ValueError as error:
            bad = str(error)
        text = text[: attrs_match.start()].strip()
    return Heading(len(match.group("level")), text, anchor, attrs, classes, raw, bad)


# the characters Python-Markdown's backslash escapes that could start Markdown in a title
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]{}#!])")


def markdown_text(text: str) -> str:
    """Plain text (a ``data-en`` title) written as Markdown that renders as exactly that text.

    ``&``, ``<`` and ``>`` become entities (no HTML tag survives, ``<s>`` shows as ``<s>``), and the
    characters that could start emphasis, code, a link or an attribute list are backslash-escaped.
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def attr_list_values(text: str) -> list[str]:
    """The values of every ``{...}`` attribute list in ``text`` (e.g. a heading's ``data-en``), read
    with ``attr_list``; used by the lint to check English words written in attributes."""
    values = []
    for raw in re.findall(r"\{:?([^{}\n]*)\}", text):
        try:
            _, attrs, _ = parse_attrs(raw)
        except ValueError:
            continue
        values += [value for value in attrs.values() if value]
    return values
