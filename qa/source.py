"""The one reader of the project's sources: YAML files and the block structure of Markdown pages.

Every part of the core that reads a maintainer's source goes through this module, so they agree
on what the site renders:

* :func:`load_yaml` / :func:`read_yaml` — YAML (``content/*.yml`` and page front matter) read once,
  with the 1-based line of every mapping, key and list item kept (:class:`YamlMap`, :class:`YamlList`),
  and a one-line :class:`~qa.errors.ContentError` naming ``file:line`` on invalid YAML.
* :func:`split_front_matter` — a page's ``---`` front matter, parsed as YAML (not pre-filtered as text:
  ``kind: "topic"`` and a key after the first 400 characters count).
* :func:`scan` — the page's lines classified as prose, code fence, code, or HTML comment, with one
  fence rule (CommonMark's: a fence closes on the same character, at least as long, with no info).
* :func:`heading` — an ATX heading as Python-Markdown reads it (the parser the site renders with):
  level, text and the ``{#id key=value .class}`` attribute list parsed by Python-Markdown's own
  ``attr_list`` scanner, so ``data-en='How …'`` (single quotes) and ``data-canonical=true``
  (unquoted) are read exactly as the page renders them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

import yaml
from markdown.extensions.attr_list import AttrListTreeprocessor, get_attrs_and_remainder

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


def load_yaml(text: str, path: str, first_line: int = 1, what: str = "fix the YAML syntax") -> Any:
    """Parse YAML text, keeping the line of every mapping, key and list item.

    Args:
        text: the YAML document.
        path: the file as error messages name it (``content/glossary.yml``, ``applications.md``).
        first_line: the 1-based line of ``text``'s first line in that file (front matter starts on 2).
        what: what the maintainer should do, appended to the error.

    Returns:
        The data: mappings are :class:`YamlMap`, sequences :class:`YamlList`, scalars as yaml's
        safe loader gives them; ``None`` for an empty document.

    Raises:
        ContentError: ``path:line: not valid YAML (<problem>); <what>`` naming the line of the error.
    """
    loader = _Loader(text)
    loader.line_offset = first_line - 1
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


def read_yaml(path: Path, name: str | None = None, what: str = "fix the YAML syntax") -> Any:
    """:func:`load_yaml` of a UTF-8 file; ``name`` is how errors name it (default ``str(path)``).

    Raises:
        FileNotFoundError: ``path`` does not exist (callers decide whether that is an error).
        ContentError: as :func:`load_yaml`.
    """
    return load_yaml(Path(path).read_text(encoding="utf-8"), name or str(path), 1, what)


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
            block), ``"code"`` (inside a fenced block), or ``"comment"`` (inside a multi-line HTML comment,
            its closing line included).
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
    """

    lines: list[Line] = field(default_factory=list)
    unclosed: Fence | None = None


def scan(lines: Iterable[str], first: int = 1, comments: bool = True) -> Scan:
    """Classify lines as prose, code fence, code or HTML comment.

    Args:
        lines: the lines (without line endings), e.g. :attr:`FrontMatter.body` or an answer's lines.
        first: the 1-based line number of the first line.
        comments: recognise multi-line HTML comments (``<!--`` with no ``-->`` after it on its line).

    Returns:
        A :class:`Scan`. A fence is a line of three or more backticks or tildes (any indentation, as in
        list items); it closes on a line of the same character, at least as long, with nothing after it.
    """
    out = Scan()
    open_fence: Fence | None = None
    in_comment = False
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
        if match:
            open_fence = Fence(match.group("marker"), match.group("info").strip(), number)
            out.lines.append(Line(number, text, "fence", text, open_fence))
            continue
        visible = text
        if comments and "<!--" in text and "-->" not in text.split("<!--", 1)[1]:
            in_comment = True
            visible = text.split("<!--", 1)[0]
        out.lines.append(Line(number, text, "text", visible))
    out.unclosed = open_fence
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
    """

    level: int
    text: str
    id: str | None = None
    attrs: dict = field(default_factory=dict)
    classes: tuple[str, ...] = ()
    raw_attrs: str = ""


def parse_attrs(raw: str) -> tuple[str | None, dict, tuple[str, ...]]:
    """Parse an attribute list (the text between ``{`` and ``}``) with Python-Markdown's ``attr_list``.

    Returns:
        ``(id, attributes, classes)``: ``#id`` (the last one wins, as in the rendered page), the
        ``key=value`` pairs (double-quoted, single-quoted or unquoted values), the ``.class`` names.
    """
    anchor, attrs, classes = None, {}, []
    pairs, _ = get_attrs_and_remainder(raw)
    for key, value in pairs:
        if key == "id":
            anchor = value
        elif key == ".":
            classes.append(value)
        else:
            attrs[key] = value
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
    raw = ""
    attrs_match = _HEADER_ATTRS.search(text)
    anchor, attrs, classes = None, {}, ()
    if attrs_match:
        raw = attrs_match.group(1)
        anchor, attrs, classes = parse_attrs(raw)
        text = text[: attrs_match.start()].strip()
    return Heading(len(match.group("level")), text, anchor, attrs, classes, raw)


def attr_list_values(text: str) -> list[str]:
    """The values of every ``{...}`` attribute list in ``text`` (e.g. a heading's ``data-en``), read
    with ``attr_list``; used by the lint to check English words written in attributes."""
    values = []
    for raw in re.findall(r"\{:?([^{}\n]*)\}", text):
        _, attrs, _ = parse_attrs(raw)
        values += [value for value in attrs.values() if value]
    return values
