"""Count the missing-character boxes (``.notdef`` glyphs) a PDF draws: :func:`notdef_glyphs`.

Kept apart from :mod:`qa.pdf` (which re-exports it): the build runs it on every PDF it lays out, and
the tests on every PDF of the real site, so the text-showing operators are read from each page's
content stream by a tokenizer over regular expressions (:func:`text_operations`) instead of pypdf's
byte-by-byte ``ContentStream`` parser: the same operators (tests/unit/test_pdf_glyphs.py), and the English
handout counted in 3.7 s instead of 40 s (2026-12-07). A content stream holding an inline image (``BI ...
ID <binary> EI``) or a token the tokenizer does not know is read with pypdf's parser instead.
"""
from __future__ import annotations

import re
from pathlib import Path

# PDF 32000-1:2008, 7.2.2: white-space and delimiter characters
_WS = rb"\x00\t\n\x0c\r "
_REGULAR = rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]"
_TOKEN = re.compile(
    rb"(?P<hex><[0-9A-Fa-f" + _WS + rb"]*>)"
    rb"|(?P<lit>\()"
    rb"|(?P<name>/" + _REGULAR + rb"*)"
    rb"|(?P<open>\[)|(?P<close>\])"
    rb"|(?P<word>" + _REGULAR + rb"+)"
    rb"|(?P<skip>[" + _WS + rb"]+|%[^\r\n]*|<<|>>)"
    rb"|(?P<bad>[\s\S])")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_HEX_SPACE = re.compile(rb"[" + _WS + rb"]+")
_LITERAL_STOP = re.compile(rb"[()\\]")
_OCTAL = re.compile(rb"[0-7]{1,3}")
_ESCAPES = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f",
            ord("("): b"(", ord(")"): b")", ord("\\"): b"\\"}
#: the operators that show text (9.4.3), and the one that selects the font
SHOW = (b"Tj", b"TJ", b"'", b'"')


class Unreadable(ValueError):
    """A content stream :func:`text_operations` does not read (an inline image, an unknown token)."""


def _literal(data: bytes, start: int) -> tuple[bytes, int]:
    """The bytes of the literal string whose ``(`` is at ``start`` (7.3.4.2: balanced parentheses,
    backslash escapes, octal codes of one to three digits, an escaped line end left out), and the
    position after its ``)``."""
    out, depth, at = bytearray(), 1, start + 1
    while True:
        stop = _LITERAL_STOP.search(data, at)
        if stop is None:
            raise Unreadable("a literal string without its closing parenthesis")
        out += data[at:stop.start()]
        at = stop.start()
        char = data[at]
        at += 1
        if char == 0x28:  # (
            depth += 1
            out.append(char)
        elif char == 0x29:  # )
            depth -= 1
            if depth == 0:
                return bytes(out), at
            out.append(char)
        elif at >= len(data):
            raise Unreadable("a literal string ends in a backslash")
        else:  # after a backslash
            nxt = data[at]
            if nxt in _ESCAPES:
                out += _ESCAPES[nxt]
                at += 1
            elif 0x30 <= nxt <= 0x37:
                digits = _OCTAL.match(data, at).group()
                out.append(int(digits, 8) & 0xFF)  # "high-order overflow shall be ignored"
                at += len(digits)
            elif nxt == 0x0D:  # an escaped line end (\r or \r\n) is left out
                at += 2 if data[at + 1:at + 2] == b"\n" else 1
            elif nxt == 0x0A:
                at += 1
            else:  # any other character: the backslash is ignored
                out.append(nxt)
                at += 1


def _name(token: bytes) -> str:
    """A name token as pypdf's ``NameObject`` spells it: ``/`` and the name, ``#xx`` codes decoded."""
    if b"#" in token:
        token = re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m.group(1), 16)]), token)
    return token.decode("utf-8", "replace")


def text_operations(data: bytes) -> list[tuple[bytes, list]]:
    """The font selections and text-showing operations of a decoded content stream, in order.

    Returns:
        ``(b"Tf", [font resource name])`` for each ``Tf``, and ``(operator, [string bytes, ...])`` for
        each operator of :data:`SHOW` (``TJ``: every string of its array; the others: their string).

    Raises:
        Unreadable: an inline image or a token that is not PDF content stream syntax.
    """
    found: list[tuple[bytes, list]] = []
    operands: list = []
    arrays: list[list] = []
    at, end = 0, len(data)
    while at < end:
        token = _TOKEN.match(data, at)
        kind = token.lastgroup
        at = token.end()
        if kind == "skip":
            continue
        target = arrays[-1] if arrays else operands
        if kind == "hex":
            digits = _HEX_SPACE.sub(b"", token.group()[1:-1])
            target.append(bytes.fromhex((digits + b"0" if len(digits) % 2 else digits).decode("ascii")))
        elif kind == "lit":
            string, at = _literal(data, token.start())
            target.append(string)
        elif kind == "name":
            target.append(_name(token.group()))
        elif kind == "open":
            arrays.append([])
        elif kind == "close":
            if not arrays:
                raise Unreadable("']' without '['")
            closed = arrays.pop()
            (arrays[-1] if arrays else operands).append(closed)
        elif kind == "word":
            word = token.group()
            if _NUMBER.fullmatch(word) or word in (b"true", b"false", b"null"):
                target.append(0)
                continue
            if arrays:
                raise Unreadable(f"operator {word!r} inside an array")
            if word == b"BI":
                raise Unreadable("an inline image")
            if word == b"Tf" and operands[:1] and isinstance(operands[0], str):
                found.append((word, [operands[0]]))
            elif word in SHOW and operands:
                last = operands[-1]
                if word == b"TJ":
                    found.append((word, [item for item in last if isinstance(item, bytes)] if isinstance(last, list) else []))
                elif isinstance(last, bytes):
                    found.append((word, [last]))
            operands = []
        else:
            raise Unreadable(f"unexpected byte {token.group()!r} at {token.start()}")
    return found


def _pypdf_operations(contents, reader) -> list[tuple[bytes, list]]:
    """:func:`text_operations` read by pypdf's ``ContentStream`` (slower, but it reads inline images)."""
    from pypdf.generic import ContentStream

    found: list[tuple[bytes, list]] = []
    for operands, operator in ContentStream(contents, reader).operations:
        if operator == b"Tf":
            found.append((operator, [operands[0]]))
        elif operator in (b"Tj", b"'", b'"'):
            found.append((operator, [bytes(getattr(operands[-1], "original_bytes", operands[-1]))]))
        elif operator == b"TJ":
            found.append((operator, [bytes(getattr(item, "original_bytes", item)) for item in operands[0]
                                     if not isinstance(item, (int, float))]))
    return found


def notdef_glyphs(path: Path, reader=None) -> int:
    """Count the ``.notdef`` glyphs (missing-character boxes) a PDF draws.

    Method: every text-showing operator (``Tj``, ``TJ``, ``'``, ``"``) of every page's content
    stream is read (:func:`text_operations`; pypdf's parser for a stream it does not read). For a
    composite (Type0) font, as WeasyPrint writes them, each 2-byte code is turned into a CID through
    the font's encoding (``Identity-H``: the code itself; an embedded CMap: its ``cidchar``/``cidrange``
    entries, where WeasyPrint maps the code of a character no installed font has to CID 0). CID 0 is
    ``.notdef`` in every CID font (PDF 32000-1:2008, 9.7.6.3), and so is an unmapped code. For a simple
    font, code 0 is counted.

    Args:
        path: a PDF file.
        reader: the file already open in pypdf (a ``PdfReader`` of ``path``), or ``None`` to open it.

    Returns:
        The number of ``.notdef`` glyphs drawn (0 for a clean PDF).
    """
    if reader is None:
        from pypdf import PdfReader

        reader = PdfReader(str(path))
    count = 0
    maps: dict[int, dict[int, int] | None] = {}
    for page in reader.pages:
        contents = page.get_contents()
        if contents is None:
            continue
        fonts = page["/Resources"].get_object().get("/Font", {})
        try:
            operations = text_operations(contents.get_data())
        except Unreadable:
            operations = _pypdf_operations(contents, reader)
        composite, cids = True, None
        for operator, operands in operations:
            if operator == b"Tf":
                font = fonts[operands[0]].get_object()
                composite = font.get("/Subtype") == "/Type0"
                if id(font) not in maps:
                    maps[id(font)] = _cid_map(font) if composite else None
                cids = maps[id(font)]
                continue
            for raw in operands:
                if not composite:
                    count += raw.count(0)
                    continue
                if cids is None:
                    count += sum(1 for i in range(0, len(raw) - 1, 2) if raw[i] == 0 and raw[i + 1] == 0)
                    continue
                for i in range(0, len(raw) - 1, 2):
                    count += cids.get(raw[i] << 8 | raw[i + 1], 0) == 0
    return count


def _cid_map(font) -> dict[int, int] | None:
    """Code → CID of a Type0 font's embedded encoding CMap; ``None`` for ``Identity-H`` (code = CID)."""
    encoding = font.get("/Encoding")
    if encoding is None or not hasattr(encoding.get_object(), "get_data"):
        return None
    text = encoding.get_object().get_data().decode("latin-1")
    mapping: dict[int, int] = {}
    for block in re.findall(r"begincidchar(.*?)endcidchar", text, flags=re.S):
        for code, cid in re.findall(r"<([0-9a-fA-F]+)>\s+(\d+)", block):
            mapping[int(code, 16)] = int(cid)
    for block in re.findall(r"begincidrange(.*?)endcidrange", text, flags=re.S):
        for low, high, cid in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s+(\d+)", block):
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = int(cid) + offset
    return mapping
