"""Text folding and sentence splitting used to match question/answer units.

Everything here is pure and deterministic: no MkDocs, no I/O. Two texts that a reader would
call "the same words" fold to the same string (:func:`fold_for_matching`; it folds *to Traditional*
for comparing units — not to be confused with :func:`qa.search.fold`, which folds *to Simplified* for
the search index):

* Unicode NFKC, which folds full-width and half-width forms (``Ｑ３：`` → ``Q3:``);
* Simplified → Traditional Chinese with OpenCC ``s2t`` (``数据`` → ``數據``);
* numbering prefixes of questions (``7. ``, ``7、``, ``Q3:``, ``(3)``) — :func:`fold_question` only;
* punctuation, whitespace, control characters and modifier symbols (`` ` ``, ``^``) removed;
* letters lower-cased (ASCII, and any other cased script alike).

:func:`split_sentences` cuts a Markdown answer into sentences (and code lines) so answers can
be compared and merged sentence by sentence.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import opencc

from .source import scan

# Categories removed by fold_for_matching(): punctuation (P*), separators/whitespace (Z*), control and
# format characters (C*), and modifier symbols (Sk: the backtick, ^, ¨ ...), which in this
# content are Markdown markup rather than meaning. Maths, currency and other symbols (Sm, Sc,
# So: ``+``, ``=``, ``$``, ``→``) are kept because they carry meaning (``C++``, ``x = y``).
_REMOVED_CATEGORIES = ("P", "Z", "C", "Sk")



# Numbering written before a question, applied to NFKC text (so ``Q３：`` is already ``Q3:``):
# ``7. `` / ``7.`` (not ``3.5``), ``7、``, ``7)``, ``Q3:``, ``Q3.``, ``Q3、``, ``(3)``,
# ``第3題`` / ``第3题``. Applied repeatedly, so ``Q3: 7. ...`` loses both.
_NUMBERING = re.compile(
    r"^\s*(?:"
    r"[Qq]\s*\d+\s*[:.、)\]]?"
    r"|\(\s*\d+\s*\)"
    r"|\[\s*\d+\s*\]"
    r"|\d+\s*(?:\.(?!\d)|、|\))"
    r"|第\s*\d+\s*[題题問问]\s*[:.、]?"
    r")\s*"
)

# Sentence terminators: Chinese and ASCII full stop of a clause-level kind (not ASCII ``.``,
# which occurs inside numbers, file names and English abbreviations).
_TERMINATORS = "。！？；!?;"
_SPLIT = re.compile(r"(?<=[" + re.escape(_TERMINATORS) + r"])")
# Block-level prefix of a Markdown line: indentation, blockquote markers, heading #'s,
# list bullets (``* ``, ``- ``, ``+ ``) and ordered-list numbers (``1. ``, ``1) ``).
_BLOCK_PREFIX = re.compile(r"^[ \t]*(?:>[ \t]?)*[ \t]*(?:#{1,6}[ \t]+|(?:[*+-]|\d{1,9}[.)])[ \t]+)?")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_INLINE_MARKERS = re.compile(r"\*\*|__|~~|`+|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w)")
_TRAILING_HASHES = re.compile(r"[ \t]+#+[ \t]*$")


@functools.lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    """The OpenCC Simplified → Traditional converter, created on first use."""
    return opencc.OpenCC("s2t")


_TABLE_END = 0x30000  # code points at or above this are kept, except the tag block below
_TAGS = range(0xE0000, 0xE0080)


def _is_removed(code: int) -> bool:
    category = unicodedata.category(chr(code))
    return category.startswith(_REMOVED_CATEGORIES) and category not in ("Cn", "Co")


@functools.lru_cache(maxsize=1)
def _removal_table() -> dict[int, None]:
    """A ``str.translate`` table deleting every code point whose category fold_for_matching() removes.

    Covers the assigned planes (BMP, SMP, SIP) and the tag block; unassigned and private-use
    code points are kept (they never occur in content, and the private-use sentinel of
    :mod:`qa.dedup` must survive).
    """
    return {code: None for code in (*range(_TABLE_END), *_TAGS) if _is_removed(code)}


@functools.lru_cache(maxsize=1)
def _removal_mask() -> np.ndarray:
    """The same set as :func:`_removal_table` as a boolean array indexed by code point.

    Its last entry (``_TABLE_END``) is ``False`` and stands for every higher code point.
    """
    mask = np.zeros(_TABLE_END + 1, dtype=bool)
    mask[list(_removal_table().keys() - set(_TAGS))] = True
    return mask


def _remove(text: str) -> str:
    """Delete the characters fold_for_matching() removes (vectorised for long texts)."""
    if len(text) < 256:
        return text.translate(_removal_table())
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    mask = _removal_mask()
    removed = mask[np.minimum(points, _TABLE_END)]
    removed |= (points >= _TAGS.start) & (points < _TAGS.stop)
    return points[~removed].tobytes().decode("utf-32-le")


def to_traditional(text: str) -> str:
    """Convert Simplified Chinese characters in ``text`` to Traditional (OpenCC ``s2t``)."""
    return _converter().convert(text) if text else text


def strip_numbering(text: str) -> str:
    """Remove numbering prefixes such as ``7. ``, ``7、``, ``Q3:``, ``Q3：``, ``(3)`` from ``text``.

    Full-width forms are recognised too (the text is NFKC-normalised first). Numbers that are
    part of the question (``3.5 億參數``) are kept. Returns the NFKC text without the prefix.
    """
    text = unicodedata.normalize("NFKC", text)
    for _ in range(3):
        stripped = _NUMBERING.sub("", text, count=1)
        if stripped == text or not stripped.strip():
            break
        text = stripped
    return text


@functools.lru_cache(maxsize=1 << 14)
def fold_for_matching(text: str) -> str:
    """Fold ``text`` for matching (memoized: dedup and the translation fingerprints fold the same answers,
    and ``mkdocs serve`` folds the unchanged ones again on every rebuild).

    Args:
        text: any text, Markdown included.

    Returns:
        NFKC-normalised, Simplified→Traditional converted text with punctuation, whitespace,
        control characters and modifier symbols removed and letters lower-cased. ``''``
        when nothing meaningful remains. Numbering prefixes are *not* removed (see
        :func:`fold_question`).
    """
    if not text:
        return ""
    # Removing punctuation first leaves (mostly) NFKC-clean text, so the normalisation below
    # usually takes the fast "already normalised" path; full-width punctuation is removed
    # directly, full-width letters and digits are folded by NFKC.
    text = _remove(text)
    if not unicodedata.is_normalized("NFKC", text):
        text = _remove(unicodedata.normalize("NFKC", text))
    text = to_traditional(text)
    if not unicodedata.is_normalized("NFKC", text):  # keep fold_for_matching() idempotent whatever OpenCC emits
        text = _remove(unicodedata.normalize("NFKC", text))
    return text.lower()


_JOIN = "\ue001"  # private-use separator: fold_for_matching() keeps it and never merges across it


def fold_many_for_matching(texts: list[str]) -> list[str]:
    """``[fold_for_matching(t) for t in texts]``, computed with one pass over the joined texts.

    Saves the per-call overhead of OpenCC and ``str.translate`` when folding many short texts
    (titles, sentences). Texts that contain the private-use separator U+E001 are folded one by one.
    """
    if not texts:
        return []
    if any(_JOIN in text for text in texts):
        return [fold_for_matching(text) for text in texts]
    folded = fold_for_matching(_JOIN.join(texts)).split(_JOIN)
    assert len(folded) == len(texts)
    return folded


def fold_question(title: str) -> str:
    """Fold a question title: :func:`strip_numbering`, then :func:`fold_for_matching`.

    ``"Q3：如何評估 LLM？"``, ``"3. 如何评估llm?"`` and ``"如何評估LLM"`` all give ``"如何評估llm"``.
    """
    return fold_for_matching(strip_numbering(title))


def ngrams(folded: str, n: int = 3) -> set[str]:
    """The set of character ``n``-grams of an already folded string.

    A string shorter than ``n`` (but not empty) yields itself as its only gram, so short
    strings still compare; ``''`` yields the empty set.
    """
    if len(folded) <= n:
        return {folded} if folded else set()
    return {folded[i : i + n] for i in range(len(folded) - n + 1)}


@dataclass(frozen=True)
class Sentence:
    """One sentence of a Markdown answer (or one line of code).

    Attributes:
        text: the sentence as written, inline Markdown kept (``**量化**：將模型參數...。``), without
            the line's block prefix (indentation, bullet, ordered-list number, heading #'s).
            Code lines keep their indentation.
        plain: ``text`` with inline Markdown markers (``**``, `` ` ``, links) removed.
        code: ``True`` for a line inside a fenced code block.
        line: 0-based index of the answer line the sentence comes from.
        folded: ``fold_for_matching(plain)``, never ``''``.
    """

    text: str
    plain: str
    code: bool = False
    line: int = 0
    folded: str = ""


def _balance(pieces: list[str], marker: str) -> list[str]:
    """Close and reopen an emphasis/code marker that a sentence split cut through.

    ``["用 `a；", "b` 分隔"]`` becomes ``["用 `a；`", "`b` 分隔"]``.
    """
    out, open_ = [], False
    for piece in pieces:
        if open_:
            piece = marker + piece
        open_ = piece.count(marker) % 2 == 1
        out.append(piece + marker if open_ else piece)
    return out


def _plain(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _INLINE_MARKERS.sub("", text)
    return text.strip()


def split_sentences(markdown: str) -> list[Sentence]:
    """Split a Chinese + English Markdown answer into sentences.

    Args:
        markdown: an answer's Markdown (any number of lines).

    Returns:
        The sentences in source order. Prose is split at line ends and after ``。！？；!?;``;
        each piece loses its block prefix (indentation, ``* ``/``- ``/``+ `` bullets,
        ``1. `` numbers, heading ``#``'s, ``>``) and surrounding whitespace, and an emphasis or
        code-span marker left unbalanced by the split is closed. Every non-blank line inside a
        fenced code block is one sentence (``code=True``); the fence lines themselves are not
        sentences. Pieces that fold to ``''`` (pure punctuation, horizontal rules, empty
        bullets) are dropped.
    """
    sentences: list[tuple[str, str, bool, int]] = []
    for line in scan(markdown.splitlines(), first=0, comments=False).lines:
        index = line.number
        if line.kind == "fence":
            continue
        if line.kind == "code":
            if line.text.strip():
                text = line.text.rstrip()
                sentences.append((text, text.strip(), True, index))
            continue
        body = _BLOCK_PREFIX.sub("", line.text, count=1)
        body = _TRAILING_HASHES.sub("", body) if line.text.lstrip().startswith("#") else body
        pieces = [piece.strip() for piece in _SPLIT.split(body)]
        for marker in ("**", "__", "`"):
            pieces = _balance(pieces, marker)
        for piece in pieces:
            if piece:
                sentences.append((piece, _plain(piece), False, index))
    folded = fold_many_for_matching([plain for _, plain, _, _ in sentences])
    return [Sentence(text, plain, code, line, f) for (text, plain, code, line), f in zip(sentences, folded) if f]
