"""The content-stream reader behind qa.pdf.notdef_glyphs (qa/pdf_glyphs.py): it finds the same font
selections and shown strings as pypdf's parser, which it replaces for speed, and hands over what it
does not read (an inline image)."""
from __future__ import annotations

import pytest
from pypdf.generic import DecodedStreamObject

from qa.pdf_glyphs import Unreadable, _pypdf_operations, text_operations

#: every form a shown string can take: hex (spaces, an odd digit count), literal (escapes, octal codes,
#: balanced parentheses, an escaped line end), the four operators, numbers and names around them, a
#: marked-content dictionary, a comment holding delimiters, a name with a #xx code
STREAM = (b"BT /F1 12 Tf 1 0 0 1 72 700 Tm <0001 00\n02> Tj [<0003> -120 <0000> 5.5 (ab)] TJ\n"
          b"(a\\(b\\)c\\\\) Tj (\\101\\0\\n) ' 0 0 (nested (paren) ok) \" T* <abc> Tj ET\n"
          b"/P <</MCID 3 /Alt (x)>> BDC EMC % a comment ) ( [ <\n"
          b"BT /F#32 9 Tf (line\\\r\nend) Tj [] TJ ET q 1 0 0 1 0 0 cm Q\n")


def pypdf_operations(data: bytes) -> list:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return _pypdf_operations(stream, None)


def test_reads_what_pypdf_reads():
    fast = text_operations(STREAM)
    assert fast == pypdf_operations(STREAM)
    assert fast == [
        (b"Tf", ["/F1"]), (b"Tj", [b"\x00\x01\x00\x02"]), (b"TJ", [b"\x00\x03", b"\x00\x00", b"ab"]),
        (b"Tj", [b"a(b)c\\"]), (b"'", [b"A\x00\n"]), (b'"', [b"nested (paren) ok"]), (b"Tj", [b"\xab\xc0"]),
        (b"Tf", ["/F2"]), (b"Tj", [b"lineend"]), (b"TJ", []),
    ]


def test_escapes_pypdf_keeps_are_read_as_the_standard_says():
    # PDF 32000-1:2008, 7.3.4.2: an unknown escape drops its backslash, an octal code's overflow is ignored
    assert text_operations(b"(\\q\\7777) Tj") == [(b"Tj", [b"q\xff7"])]


@pytest.mark.parametrize("data", [b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI", b"(no end", b"{ 1 }", b"] TJ"])
def test_what_it_does_not_read_is_handed_over(data):
    with pytest.raises(Unreadable):
        text_operations(data)
