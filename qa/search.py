"""Search core: what the per-question search index holds, and how text is folded and segmented.

The site's search (see ``adr/0001-search.md``) indexes one record per question with Pagefind.
Pagefind ranks and stores; this module decides the *words* it sees, so that a query typed in
Traditional, Simplified or mixed script, or by a term's English name, finds the question:

- :func:`fold` maps every character to one search form, one character for one character (so
  positions in folded text are positions in the original): Traditional → Simplified (OpenCC
  ``t2s``, applied per character), full-width ASCII → ASCII, upper → lower case. The browser
  folds the query with the same table (:func:`fold_table`, shipped in ``qa-search.json``).
- :func:`index_words` splits folded text into words: Chinese runs with jieba's search mode
  (whole words and their parts, with the glossary terms as user words) plus every Chinese
  character on its own (so one-character queries and characters inside words are found);
  Latin words as they are.
- :func:`keyword_text` turns the glossary into hidden index text: the English name and aliases
  of each term a question mentions, repeated once per mention, so ``quantization`` ranks a
  question like the Chinese ``量化`` does.
- :func:`questions_from_html` reads the questions of a rendered topic page: every
  ``<h2 id>`` in the content and the blocks up to the next one.

No MkDocs import; jieba and OpenCC are imported lazily and their absence raises
:class:`SearchBuildError`, which the hook turns into a failed build.
"""
from __future__ import annotations

import html
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from bs4 import BeautifulSoup, NavigableString, Tag

#: Chinese characters: CJK Unified Ideographs, Extension A, Compatibility Ideographs.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{CJK}]+|[a-z0-9][a-z0-9+#_.\-]*[a-z0-9+#]|[a-z0-9]")
_HAS_CJK = re.compile(rf"[{CJK}]")
#: a run of Chinese characters
CJK_RUN = re.compile(rf"[{CJK}]+")

#: weights Pagefind gives an element (``data-pagefind-weight``); default text weighs 1.
#: Title 7 is Pagefind's own weight for ``<h1>``; a bold label in an answer ("**知識蒸餾**：...")
#: names what the item explains, so it counts double.
TITLE_WEIGHT = 7
LABEL_WEIGHT = 2
#: at most this many repeats of one term's keywords per question (one per mention)
MAX_KEYWORD_REPEATS = 8


class SearchBuildError(Exception):
    """The search index cannot be built (segmenter or converter missing, no record, engine failure)."""


@dataclass
class Block:
    """A piece of a question's text with its ranking weight (1 = body, :data:`LABEL_WEIGHT` = bold label)."""

    text: str
    weight: int = 1


@dataclass
class QuestionText:
    """One question as a reader sees it on a rendered page.

    Attributes:
        id: the heading id (``inference-speed``), the result's anchor.
        title: the heading text without the permalink sign.
        blocks: the answer text in page order, bold labels as their own weighted blocks.
    """

    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)


def fold_char(ch: str) -> str:
    """Full-width ASCII (U+FF01-FF5E) → ASCII, ideographic space → space, then lower case.

    Length-preserving except for the rare characters whose lower case is longer (then unchanged).
    """
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        ch = chr(code - 0xFEE0)
    elif code == 0x3000:
        ch = " "
    low = ch.lower()
    return low if len(low) == 1 else ch


def fold_table(chars: Iterable[str]) -> dict[str, str]:
    """The Traditional → Simplified table for the Chinese characters in ``chars``.

    Args:
        chars: any characters (typically every character of the indexed text).

    Returns:
        ``{traditional: simplified}`` for each Chinese character OpenCC's ``t2s`` configuration
        changes when converted on its own (``{"數": "数", "據": "据", "佈": "布"}``).

    Raises:
        SearchBuildError: OpenCC cannot be imported or loaded.
    """
    try:
        import opencc

        converter = opencc.OpenCC("t2s")
    except Exception as exc:  # ImportError, or a missing configuration file
        raise SearchBuildError(f"OpenCC (Traditional/Simplified folding) cannot be loaded: {exc}; run `make setup`") from None
    table = {}
    for ch in sorted(set(chars)):
        if _HAS_CJK.match(ch):
            out = converter.convert(ch)
            if len(out) == 1 and out != ch:
                table[ch] = out
    return table


def fold(text: str, table: dict[str, str]) -> str:
    """Fold ``text`` to its search form, one character for one character.

    Args:
        text: any text.
        table: from :func:`fold_table`.

    Returns:
        A string of the same length: each character through :func:`fold_char` and ``table``.
        ``fold("ＢＬＥＵ 數據", t) == "bleu 数据"``.
    """
    return "".join(table.get(ch, fold_char(ch)) for ch in text)


def make_segmenter(user_words: Iterable[str]) -> Callable[[str], list[str]]:
    """A jieba search-mode segmenter for folded Chinese text, knowing ``user_words`` as whole words.

    Args:
        user_words: folded (Simplified) terms, e.g. the glossary's Chinese forms.

    Returns:
        ``cut(run) -> words``: jieba's ``cut_for_search`` (whole words and their 2- and 3-character
        parts) with HMM off, so the words are dictionary words and repeatable.

    Raises:
        SearchBuildError: jieba cannot be imported or its dictionary cannot be loaded. The search
            index must not be built without a segmenter (queries would then find nothing).
    """
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
    except Exception as exc:
        raise SearchBuildError(f"the Chinese segmenter jieba cannot be loaded: {exc}; run `make setup`") from None
    for word in user_words:
        if _HAS_CJK.search(word):
            tokenizer.add_word(word, freq=None)
    return lambda run: [w for w in tokenizer.cut_for_search(run, HMM=False) if w.strip()]


def encode(word: str) -> str:
    """The index token of a folded Chinese word: ``q`` then each character's code point as 5 digits.

    Pagefind (1.5) splits Chinese query text with the browser's ``Intl.Segmenter``, which cuts
    differently from the indexer, and then requires every piece. A token of ASCII digits is left
    whole on both sides, so the word boundaries are ours (jieba's at build time, the word list's in
    the browser); a character's token is a prefix of the tokens of the words it begins.
    ``encode("知识") == "q3069335782"``; the browser encodes query words the same way.
    """
    return "q" + "".join(f"{ord(ch):05d}" for ch in word)


def index_words(folded: str, cut: Callable[[str], list[str]]) -> list[str]:
    """Split folded text into the words the index stores.

    Args:
        folded: text from :func:`fold`.
        cut: a segmenter from :func:`make_segmenter`.

    Returns:
        For each Chinese run: its segmented words (at least 2 characters) then each of its
        characters, all as :func:`encode` tokens; for each Latin run (letters, digits, ``+#_.-`` inside): the run. Punctuation
        and spaces are dropped. ``index_words("知识蒸馏 bleu", cut)`` is the encoded
        ``["知识", "蒸馏", "知识蒸馏", "知", "识", "蒸", "馏"]`` then ``"bleu"`` (word order as jieba gives it).
    """
    words: list[str] = []
    for match in _RUN.finditer(folded):
        run = match.group()
        if _HAS_CJK.match(run):
            words.extend(encode(w) for w in cut(run) if len(w) > 1)
            words.extend(encode(ch) for ch in run)
        else:
            words.append(run)
    return words


def keyword_text(terms: Sequence, question, keywords_of: Callable, count_mentions: Callable[[object, str], int]) -> str:
    """Hidden index text for a question: each mentioned glossary term's English name and aliases,
    repeated once per mention (at most :data:`MAX_KEYWORD_REPEATS`).

    Args:
        terms: glossary terms (``qa.glossary.Term``).
        question: the source ``qa.model.Question``.
        keywords_of: ``qa.glossary.search_keywords(terms, question) -> list[str]``.
        count_mentions: ``(term, text) -> int``, how often ``text`` mentions ``term``.

    Returns:
        Space-separated keywords, e.g. ``"quantization 量化 INT8 quantization quantization ..."``;
        ``""`` when the question mentions no term.
    """
    text = f"{question.title}\n{question.answer}"
    out: list[str] = []
    for term in terms:
        keywords = keywords_of([term], question)
        if not keywords:
            continue
        repeats = max(1, min(MAX_KEYWORD_REPEATS, count_mentions(term, text)))
        out.extend(keywords * repeats)
    return " ".join(out)


def count_mentions(term, text: str) -> int:
    """How often ``text`` writes the term's Chinese/source forms (``zh`` and ``match``), non-overlapping.

    Latin forms count as whole words, case-insensitively (``BLEU`` in "BLEU 分數"), as the glossary's
    mention rule does. Returns 0 when none is written.
    """
    total = 0
    for form in dict.fromkeys((term.zh, *getattr(term, "match", ()))):
        if form.isascii():
            total += len(re.findall(r"(?<![A-Za-z0-9_])" + re.escape(form) + r"(?![A-Za-z0-9_])", text, re.IGNORECASE))
        else:
            total += text.count(form)
    return total


_SKIP = {"script", "style", "button"}


def _text_of(node) -> str:
    if isinstance(node, NavigableString):
        return str(node)
    if not isinstance(node, Tag) or node.name in _SKIP or "headerlink" in (node.get("class") or []):
        return ""
    return "".join(_text_of(child) for child in node.children)


def _blocks_of(node, blocks: list[Block]) -> None:
    """Append ``node``'s text to ``blocks``; a ``<strong>`` becomes its own weighted block."""
    if isinstance(node, NavigableString):
        if str(node).strip():
            if blocks and blocks[-1].weight == 1:
                blocks[-1].text += str(node)
            else:
                blocks.append(Block(str(node)))
        return
    if not isinstance(node, Tag) or node.name in _SKIP or "headerlink" in (node.get("class") or []):
        return
    if node.name in ("strong", "b", "h3", "h4", "h5", "h6"):
        blocks.append(Block(_text_of(node), LABEL_WEIGHT))
        blocks.append(Block(" "))
        return
    block_level = node.name in ("p", "li", "div", "pre", "table", "tr", "td", "th", "blockquote", "details", "summary")
    if block_level and blocks:
        blocks[-1].text += " "
    for child in node.children:
        _blocks_of(child, blocks)
    if block_level and blocks:
        blocks[-1].text += " "


def questions_from_html(html: str) -> list[QuestionText]:
    """The questions of a rendered topic page.

    Args:
        html: the page content (MkDocs' ``on_page_content`` HTML or a whole page with ``<article>``).

    Returns:
        One :class:`QuestionText` per ``<h2 id>`` at the top level of the content, in page order,
        holding the text of the elements up to the next ``<h2>`` (the English edition's
        ``.qa-pending`` note left out). Whitespace is collapsed.
    """
    soup = BeautifulSoup(html, "html.parser")
    root = soup.find("article") or soup
    questions: list[QuestionText] = []
    current: QuestionText | None = None
    for node in root.children:
        if isinstance(node, Tag) and node.name == "h2":
            current = None
            if node.get("id"):
                current = QuestionText(node["id"], " ".join(_text_of(node).split()))
                questions.append(current)
            continue
        if isinstance(node, Tag) and node.name == "h1":
            current = None
            continue
        if isinstance(node, Tag) and "qa-pending" in (node.get("class") or []):
            continue  # the English edition's "translation pending" note is not part of the answer
        if current is not None:
            _blocks_of(node, current.blocks)
    for question in questions:
        question.blocks = [Block(" ".join(b.text.split()), b.weight) for b in question.blocks if b.text.strip()]
    return questions


def plain_text(question: QuestionText) -> str:
    """The answer's plain text in page order (used for result excerpts)."""
    return " ".join(block.text for block in question.blocks)


def record_html(title: str, blocks: Sequence[Block], keywords: str, table: dict[str, str], cut, meta: dict[str, str]) -> str:
    """The HTML Pagefind indexes for one question.

    Args:
        title: the question as shown (weight :data:`TITLE_WEIGHT`).
        blocks: the answer's :class:`Block` s (their own weights).
        keywords: hidden keyword text (weight 1), e.g. from :func:`keyword_text`.
        table, cut: from :func:`fold_table` and :func:`make_segmenter`.
        meta: Pagefind metadata shown in results (``title``, ``text``), stored as written.

    Returns:
        An HTML document (``lang="en"``, so Pagefind applies no CJK segmentation of its own) whose
        indexed body holds only :func:`index_words` tokens.
    """
    def words(text: str) -> str:
        return html.escape(" ".join(index_words(fold(text, table), cut)))

    parts = [f'<h1 data-pagefind-weight="{TITLE_WEIGHT}">{words(title)}</h1>']
    parts += [f'<p data-pagefind-weight="{block.weight}">{words(block.text)}</p>' for block in blocks]
    if keywords:
        parts.append(f"<p>{words(keywords)}</p>")
    metas = "".join(f'<span data-pagefind-meta="{key}">{html.escape(value)}</span>' for key, value in meta.items())
    return f'<html lang="en"><body><main data-pagefind-body>{"".join(parts)}</main>{metas}</body></html>'
