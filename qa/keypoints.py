"""The key points of an answer: what a mock interview reveals first and an Anki card's back opens with.

Pure Python, no MkDocs. One rule for every copy (the mock interview page's data, ``study.json``, and the
Anki deck, ``qa/anki.py``), so a reader grades themself against the same few lines everywhere:

- **Added question** (written for this bank, ``origin == "added"``): its short answer — the answer's
  first paragraph, which MAINTAINING.md ("Adding a question") asks to be 2–4 sentences a candidate could say
  aloud.
- **Original question** (the seed collection's): those answers have no short answer; they open with a
  lead-in sentence and then structure the rest with bold labels. Their key points are the first
  paragraph followed by the answer's *outline*, as a list, taken from the first of these that exists:

  1. its ``###`` sub-headings;
  2. the bold labels that open a paragraph outside any list (``**1. 硬件資源**``, ``**文本分類**：``);
  3. the bold labels that open a top-level list item (``* **模型加載和使用**：…``).

  Nested labels (``方法``, ``優點`` under each item) are details, not points. Labels lose a trailing
  colon; a label repeated is listed once; at most :data:`MAX_POINTS` are listed. A rule that finds a
  single label (a closing ``**請注意**：``) gives way to the next one that finds two or more.

"First paragraph" is the first block (lines between blank lines, outside code fences) that is plain
text: not a list item, heading, code fence, table, quote, HTML block or admonition, nor a line holding only
a bold label (``**文本分類**：``, which opens the outline). An answer without
one has only its outline (an original) or nothing (:func:`key_points` returns ``""``).
"""
from __future__ import annotations

import re

#: the most outline entries an original answer's key points list
MAX_POINTS = 8

_FENCE = re.compile(r"^\s*(```|~~~)")
_NOT_PARAGRAPH = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|#|```|~~~|\||>|<|!!!|\?\?\?)")
_HEADING3 = re.compile(r"^###\s+(.+?)\s*#*\s*$")
_LABEL = re.compile(r"^\*\*(.+?)\*\*")
_LABEL_ONLY = re.compile(r"^\*\*.+?\*\*\s*[：:]?\s*$")
_TOP_ITEM = re.compile(r"^(?:[-*+]|\d+[.)])\s+\*\*(.+?)\*\*")


def _blocks(markdown: str) -> list[list[str]]:
    """The answer's blocks: runs of lines between blank lines; a fenced code block is one block."""
    blocks: list[list[str]] = []
    current: list[str] = []
    fence: str | None = None
    for line in markdown.split("\n"):
        marker = _FENCE.match(line)
        if fence is not None:
            current.append(line)
            if marker and marker.group(1) == fence:
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            current.append(line)
            continue
        if line.strip():
            current.append(line)
        elif current:
            blocks.append(current)
            current = []
    if current:
        blocks.append(current)
    return blocks


def first_paragraph(markdown: str) -> str:
    """The answer's first plain-text paragraph (see the module docstring), as written; ``""`` if none."""
    for block in _blocks(markdown):
        if not _NOT_PARAGRAPH.match(block[0]) and not (len(block) == 1 and _LABEL_ONLY.match(block[0].strip())):
            return "\n".join(line.strip() for line in block)
    return ""


def _clean(label: str) -> str:
    return label.strip().rstrip("：:").strip()


def outline(markdown: str) -> list[str]:
    """The outline of an original answer (rules 1–3 of the module docstring), at most :data:`MAX_POINTS`
    labels as written (inline Markdown kept), without duplicates."""
    headings, paragraph_labels, item_labels = [], [], []
    for block in _blocks(markdown):
        if _FENCE.match(block[0]):
            continue
        for index, line in enumerate(block):
            heading = _HEADING3.match(line)
            if heading:
                headings.append(heading.group(1))
                continue
            item = _TOP_ITEM.match(line)  # top level: not indented
            if item:
                item_labels.append(item.group(1))
                continue
            label = _LABEL.match(line)
            if label and index == 0:  # a bold label that opens a paragraph outside any list
                paragraph_labels.append(label.group(1))
    candidates = [list(dict.fromkeys(p for p in (_clean(label) for label in found) if p))
                  for found in (headings, paragraph_labels, item_labels)]
    for points in candidates:  # one entry is not an outline (a lone **請注意**：): try the next rule
        if len(points) >= 2:
            return points[:MAX_POINTS]
    return next((points for points in candidates if points), [])[:MAX_POINTS]


def key_points(answer: str, origin: str) -> str:
    """The key points of an answer as Markdown (the rule of the module docstring).

    Args:
        answer: the answer's Markdown as written (the Chinese page's, or the English translation's).
        origin: ``"added"`` or ``"original"`` (``qa.metadata``; see ``hooks/question_metadata.py``).

    Returns:
        Markdown: the first paragraph; for an original answer, followed by its outline as a ``- `` list.
        ``""`` when the answer has neither.

    Raises:
        ValueError: ``origin`` is neither ``"added"`` nor ``"original"``.
    """
    if origin not in ("added", "original"):
        raise ValueError(f"origin must be 'added' or 'original', not {origin!r}")
    lead = first_paragraph(answer)
    if origin == "added":
        return lead
    points = outline(answer)
    parts = [lead] if lead else []
    if points:
        parts.append("\n".join(f"- {point}" for point in points))
    return "\n\n".join(parts)
