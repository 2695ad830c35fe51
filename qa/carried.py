"""What a merged repeat adds: which sentences of a dropped unit the canonical answer does not cover
(step 6 of :func:`qa.dedup.dedupe`), and those sentences as Markdown that keeps their structure
(:func:`carried_texts`, what the site, the handout and the deck show).

Pure Python, no MkDocs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass


from .model import Carried, CarriedText, Group, Question
from .normalize import _BLOCK_PREFIX, fold_for_matching, split_sentences
from .source import scan

from .similarity import NGRAM, SENTENCE_COVERED

# --- sentence coverage -------------------------------------------------------------------

def sentence_covered(folded: str, grams: set[str], text: str) -> bool:
    """Whether a folded sentence is (nearly) contained in a folded text.

    Args:
        folded: the folded sentence.
        grams: the text's character 3-grams (:func:`qa.normalize.ngrams`-style strings).
        text: the folded text itself (for sentences shorter than 3 characters).

    Returns:
        ``True`` if ``folded`` is empty, is a substring of ``text``, or has at least
        :data:`SENTENCE_COVERED` of its 3-grams in ``grams``.
    """
    if not folded or folded in text:
        return True
    if len(folded) < NGRAM:
        return False
    mine = {folded[i : i + NGRAM] for i in range(len(folded) - NGRAM + 1)}
    return len(mine & grams) / len(mine) >= SENTENCE_COVERED


def _text_grams(folded: str) -> set[str]:
    return {folded[i : i + NGRAM] for i in range(len(folded) - NGRAM + 1)}


def carry(canonical: Question, others: list[Question]) -> tuple[Carried, ...]:
    """Sentences of ``others`` (in order) not covered by ``canonical``'s answer or earlier carries.

    Every sentence counts, an introduction (a line ending with 「：」/":") included: when the list it
    introduces is all covered, :func:`carried_texts` shows that list with it (nothing is lost, and
    no introduction stands alone)."""
    text = fold_for_matching(canonical.answer)
    grams = _text_grams(text)
    extra: list[str] = []
    carried: list[Carried] = []
    for other in others:
        for index, sentence in enumerate(split_sentences(other.answer)):
            folded = sentence.folded
            if sentence_covered(folded, grams, text) or any(folded in e for e in extra):
                continue
            carried.append(Carried(sentence.text, other, index))
            extra.append(folded)
            grams |= _text_grams(folded)
    return tuple(carried)



# --- the structure of an answer's lines (for carried text) ---------------------------------

_ITEM = re.compile(r"^([ \t]*)(?:[*+-]|\d{1,9}[.)])[ \t]+")
_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+")
_LABEL = re.compile(r"^[ \t]*(?:\*\*[^*]+\*\*|__[^_]+__)[ \t]*[：:]?[ \t]*$")  # a bold-only line: a label
_LEAD_LABEL = re.compile(r"^((?:\*\*[^*]+\*\*|__[^_]+__)[ \t]*[：:])")      # "**硬件資源**：" opening a sentence
_TABLE = re.compile(r"^[ \t]*\|")
_INTRO_END = ("：", ":")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


@dataclass(frozen=True)
class _Line:
    kind: str      # "blank", "item", "text" (paragraph or item continuation), "label", "heading", "table", "code"
    indent: int
    fence: int     # for "code": index of the opening fence line of its block, else -1


def _line_kinds(lines: list[str]) -> list[_Line]:
    """Each answer line's block kind; fences and code come from the project's one scanner
    (:func:`qa.source.scan`), the rest from the line's own prefix."""
    out: list[_Line] = []
    for line in scan(lines, first=0, comments=False).lines:
        text = line.text
        if line.kind in ("fence", "code"):
            out.append(_Line("code", _indent(text), line.fence.number))
        elif not text.strip():
            out.append(_Line("blank", 0, -1))
        elif _ITEM.match(text):
            out.append(_Line("item", _indent(text), -1))
        elif _HEADING.match(text):
            out.append(_Line("heading", _indent(text), -1))
        elif _LABEL.match(text):
            out.append(_Line("label", _indent(text), -1))
        elif _TABLE.match(text):
            out.append(_Line("table", _indent(text), -1))
        else:
            out.append(_Line("text", _indent(text), -1))
    return out


def _list_after(kinds: list[_Line], index: int) -> list[int]:
    """The lines of the list that line ``index`` introduces: the items (and their continuation
    lines) that follow it, blank lines allowed, nested deeper than it when it is an item itself."""
    base = kinds[index]
    out: list[int] = []
    for k in range(index + 1, len(kinds)):
        kind = kinds[k]
        if kind.kind == "blank":
            continue
        if kind.kind == "item" and (kind.indent > base.indent if base.kind == "item" else kind.indent >= base.indent):
            out.append(k)
        elif out and kind.indent > kinds[out[0]].indent:  # continuation or nested block of an item
            out.append(k)
        else:
            break
    return out


def _parents(kinds: list[_Line], lines: list[str], index: int) -> list[int]:
    """The lines that give line ``index`` its place: the list items it is nested in, then the
    label, heading or introduction (a line ending with 「：」/":") just before its list or
    paragraph, or a table's header rows. Sorted by line."""
    chain: list[int] = []
    current, indent = index, kinds[index].indent
    if kinds[index].kind == "item" or (kinds[index].kind == "text" and indent > 0):
        for k in range(index - 1, -1, -1):
            kind = kinds[k]
            if kind.kind in ("blank", "code"):
                continue
            if kind.kind == "item" and kind.indent < indent:
                chain.append(k)
                current, indent = k, kind.indent
                if indent == 0:
                    break
            elif kind.indent == 0 and kind.kind != "item":
                break
    if kinds[current].kind == "item":
        for k in range(current - 1, -1, -1):
            kind = kinds[k]
            if kind.kind in ("blank", "item", "code") or kind.indent > 0:
                continue
            if kind.kind in ("label", "heading") or lines[k].rstrip().endswith(_INTRO_END):
                chain.append(k)
            break
    elif kinds[current].kind == "table":
        top = current
        while top > 0 and kinds[top - 1].kind == "table":
            top -= 1
        chain += [k for k in (top, top + 1) if k < current]
    elif kinds[current].kind == "text":
        for k in range(current - 1, -1, -1):
            if kinds[k].kind == "blank":
                continue
            if kinds[k].kind in ("label", "heading"):
                chain.append(k)
            break
    return sorted(chain)


def _join(pieces: list[str]) -> str:
    out = ""
    for piece in pieces:
        if out and not ("\u3000" <= out[-1] <= "\u9fff" or "\uff00" <= out[-1] <= "\uffef"):
            out += " "
        out += piece
    return out


def carried_texts(group: Group, translated: list[str] | tuple[str, ...] | None = None,
                  context: list[str] | tuple[str, ...] | None = None) -> tuple[CarriedText, ...]:
    """The carried sentences of ``group`` as Markdown with their structure, one per source version.

    Args:
        group: a dedup group.
        translated: optional replacements (an English edition's), one per ``group.carried`` item
            in the same order, put in place of the carried sentences; the context lines (covered
            Chinese labels and introductions) are then wrapped in ``<span lang="zh-Hant">``, unless
            ``context`` gives their English.
        context: optional replacements for the context lines, one per line of
            :func:`context_lines` in the same order (an English edition's); used with ``translated``.

    Raises:
        ValueError: ``translated`` is given but its length differs from ``group.carried``, or
            ``context`` is given but its length differs from :func:`context_lines`.

    Returns:
        One :class:`CarriedText` per dropped version with carried sentences, in the order of
        ``group.carried``. Its Markdown holds, in source order, every line of the version's answer
        that has a carried sentence, reduced to its block prefix (indentation, bullet or number)
        and its carried sentences (a sentence that opened with a bold label such as
        ``**硬件資源**：`` and was covered leaves the label in front of the next carried sentence);
        and, for place, the lines above it: the list items it is nested in (shown as their bold
        label when they open with one, else whole), the bold label, heading or introduction just
        before its list or paragraph, a table's header rows, and a code line's whole fenced block.
        Every carried sentence appears exactly once; context lines hold covered text only.
    """
    if translated is not None and len(translated) != len(group.carried):
        raise ValueError(f"{len(translated)} translated sentences for {len(group.carried)} carried ones "
                         f"of '{group.canonical.id}'")
    order: list[str] = []
    by_source: dict[str, tuple[Question, dict[int, str | None]]] = {}
    for number, item in enumerate(group.carried):
        if item.source.id not in by_source:
            order.append(item.source.id)
            by_source[item.source.id] = (item.source, {})
        by_source[item.source.id][1][item.index] = None if translated is None else translated[number]
    if context is not None and len(context) != len(context_lines(group)):
        raise ValueError(f"{len(context)} translated context lines for {len(context_lines(group))} "
                         f"of '{group.canonical.id}'")
    english = iter(context) if context is not None else None
    out: list[CarriedText] = []
    for source_id in order:
        source, keep = by_source[source_id]
        out.append(CarriedText(source, _excerpt(source.answer, keep, translated is not None, context=english)))
    return tuple(out)


def context_lines(group: Group) -> list[str]:
    """The context lines :func:`carried_texts` shows around ``group``'s carried sentences (covered
    labels, parent items, introductions and the lists they introduce), each without its block prefix,
    in the order the parts and their lines are shown: what an English translation gives one English
    line each for (``<div class="qa-carried-context">``, :func:`qa.parse.split_carried`). Code and
    table lines are not counted: they stay as written."""
    found: list[str] = []
    by_source: dict[str, tuple[Question, dict[int, None]]] = {}
    for item in group.carried:
        by_source.setdefault(item.source.id, (item.source, {}))[1][item.index] = None
    for source, keep in by_source.values():
        _excerpt(source.answer, keep, collect=found)
    return found


def _excerpt(answer: str, keep: dict[int, str | None], mark_context: bool = False, context=None,
             collect: list[str] | None = None) -> str:
    """The lines of ``answer`` holding the sentences of ``keep`` (sentence index → replacement text
    or ``None``) and their context lines (see :func:`carried_texts`)."""
    lines = answer.splitlines()
    kinds = _line_kinds(lines)
    sentences = split_sentences(answer)
    by_line: dict[int, list[int]] = {}
    for index, sentence in enumerate(sentences):
        by_line.setdefault(sentence.line, []).append(index)
    shown: dict[int, str] = {}
    context_nos: set[int] = set()  # lines shown for place only (covered text), not for a carried sentence
    for line_no in sorted({sentences[i].line for i in keep if 0 <= i < len(sentences)}):
        kind = kinds[line_no]
        if kind.kind == "code":
            start = kind.fence
            end = start + 1
            while end < len(lines) and kinds[end].kind == "code" and kinds[end].fence == start:
                end += 1
            for k in range(start, end):
                shown[k] = lines[k]
            continue
        indices = by_line[line_no]
        prefix = _BLOCK_PREFIX.match(lines[line_no]).group(0)
        pieces = [sentences[i].text if keep[i] is None else keep[i] for i in indices if i in keep]
        first = sentences[indices[0]]
        if indices[0] not in keep and not mark_context:  # a translation carries its own label
            label = _LEAD_LABEL.match(first.text)
            if label:
                pieces[0] = label.group(1) + pieces[0]
        shown[line_no] = prefix + _join(pieces)
        for parent in _parents(kinds, lines, line_no):
            if parent in shown:
                continue
            text = lines[parent]
            parent_sentences = by_line.get(parent, [])
            if kinds[parent].kind in ("item", "text") and parent_sentences:
                # context, covered text: an item by its bold label, an introduction by its last sentence
                parent_prefix = _BLOCK_PREFIX.match(text).group(0)
                label = _LEAD_LABEL.match(sentences[parent_sentences[0]].text)
                if kinds[parent].kind == "item" and label:
                    text = parent_prefix + label.group(1)
                elif text.rstrip().endswith(_INTRO_END):
                    text = parent_prefix + sentences[parent_sentences[-1]].text
            if kinds[parent].kind not in ("code", "table"):
                context_nos.add(parent)
            shown[parent] = text
    # an introduction whose list is all covered comes with that list (context), never alone
    for line_no in [n for n in sorted(shown) if n in by_line and any(i in keep for i in by_line[n])]:
        if kinds[line_no].kind == "code" or not lines[line_no].rstrip().endswith(_INTRO_END):
            continue
        listed = _list_after(kinds, line_no)
        if listed and not any(k in shown for k in listed):
            for k in listed:
                if kinds[k].kind not in ("code", "table"):
                    context_nos.add(k)
                shown[k] = lines[k]
    for line_no in sorted(context_nos):  # context: the English given for it, else the Chinese (marked)
        text = shown[line_no]
        prefix = _BLOCK_PREFIX.match(text).group(0)
        if collect is not None:
            collect.append(text[len(prefix):].strip())
        if context is not None:
            shown[line_no] = prefix + next(context)
        elif mark_context:
            shown[line_no] = f'{prefix}<span lang="zh-Hant">{text[len(prefix):]}</span>'
    out: list[str] = []
    previous = None
    for line_no in sorted(shown):
        if previous is not None:
            gap = any(kinds[k].kind == "blank" for k in range(previous + 1, line_no))
            tight = kinds[previous].kind in ("item", "text", "code", "table") and kinds[line_no].kind in ("item", "text", "code", "table") \
                and (kinds[line_no].kind == kinds[previous].kind or kinds[line_no].indent > 0)
            if gap or not tight:
                out.append("")
        out.append(shown[line_no])
        previous = line_no
    return "\n".join(out)


def merged_answer(group: Group) -> str:
    """The canonical answer followed by the carried sentences, one paragraph each (Markdown)."""
    if not group.carried:
        return group.canonical.answer
    return group.canonical.answer + "\n\n" + "\n\n".join(c.sentence for c in group.carried)


