"""Search core: what the per-question search index holds, and how text is folded and segmented.

The site's search (see ``adr/0001-search.md``) indexes one record per question with Pagefind.
Pagefind ranks and stores; this module decides the *words* it sees, so that a query typed in
Traditional, Simplified or mixed script, in Taiwan or mainland vocabulary, or by a term's English
name, finds the question:

- :func:`fold_table` / :func:`fold` map every character to one search form, one character for one
  character (so positions in folded text are positions in the original): each character to the
  representative of its Traditional/Simplified class (OpenCC ``t2s`` and ``s2t`` per character, so
  the one-to-many 著/着 fold together), full-width ASCII → ASCII, upper → lower case. The browser
  folds the query with the same table (shipped in ``qa-search.json``).
- :class:`Indexer` splits folded text into words: Chinese runs with jieba's search mode (whole
  words and their parts, glossary terms as user words) plus every Chinese character on its own;
  Latin words as they are. It also adds each run's *regional* counterpart, derived at build time
  from OpenCC's Taiwan phrase tables (``s2twp``: 数据 → 資料, ``tw2sp``: 記憶體 → 内存), so 資料,
  記憶體, 軟體 find text that writes 數據, 內存, 軟件 and back. Each text is folded and cut once per
  build (both locale passes share the :class:`Indexer`).
- :func:`keyword_text` turns the glossary into hidden index text: the English name and aliases of
  each term a question mentions, repeated once per mention, so ``quantization`` ranks a question
  like the Chinese ``量化`` does.
- :func:`questions_from_html` reads the questions of a rendered topic page: every ``<h2 id>`` in
  the content and the blocks up to the next one.

No MkDocs import; jieba and OpenCC are imported lazily and their absence raises
:class:`SearchBuildError`, which the hook turns into a failed build.
"""
from __future__ import annotations

import difflib
import functools
import html
import logging
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path


#: Chinese characters: CJK Unified Ideographs, Extension A, Compatibility Ideographs.
CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xF900, 0xFB00))
_RUN = re.compile(rf"[{CJK}]+|[a-z0-9][a-z0-9+#_.\-]*[a-z0-9+#]|[a-z0-9]")
_HAS_CJK = re.compile(rf"[{CJK}]")
#: a run of Chinese characters
CJK_RUN = re.compile(rf"[{CJK}]+")
#: a Latin word as the index stores it (after folding)
LATIN_WORD = re.compile(r"[a-z0-9][a-z0-9+#_.\-]*[a-z0-9+#]|[a-z0-9]")

#: weights Pagefind gives an element (``data-pagefind-weight``); default text weighs 1.
#: Title 7 is Pagefind's own weight for ``<h1>``; a bold label in an answer ("**知識蒸餾**：...")
#: names what the item explains, so it counts double.
TITLE_WEIGHT = 7
LABEL_WEIGHT = 2
#: Pagefind's ranking options (passed to ``pagefind.options`` in the browser). ``pageLength`` 0.3 (default
#: 0.75) weighs a long answer's length less (measured with the query set: adr/0001-search.md)
RANKING = {"pageLength": 0.3}
#: at most this many repeats of one term's keywords per question (one per mention)
MAX_KEYWORD_REPEATS = 8

#: A word held by more records than this is *common*: ``qa-search.json`` ships its record count
#: (:func:`browser_data`, ``"common"``), and the browser takes its rarity from that count instead of
#: searching it alone (a word held by thousands of records costs hundreds of milliseconds of Pagefind's
#: time and memory at 5,000 questions; adr/0001-search.md). A bank of fewer questions ships nothing.
COMMON_RECORDS = 300


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


def _opencc(config: str):
    try:
        import opencc

        return opencc.OpenCC(config)
    except Exception as exc:  # ImportError, or a missing configuration file
        raise SearchBuildError(f"OpenCC (Traditional/Simplified folding) cannot be loaded: {exc}; run `make setup`") from None


def _per_char(converter, chars: str) -> str:
    """``converter`` applied to each character on its own (one call; newlines keep phrases apart)."""
    out = converter.convert("\n".join(chars)).split("\n")
    return "".join(o if len(o) == 1 else c for c, o in zip(chars, out))


def derive_character_classes() -> dict[str, str]:
    """Derive from OpenCC every Chinese character that folds to another: ``{character: representative}``.

    Two characters are in one class when OpenCC converts one into the other on its own, in either
    direction (``t2s``, ``s2t``, and the Taiwan-standard ``s2tw``/``tw2s``): 數/数, 佈/布, and
    the one-to-many 著/着 (``s2tw`` turns 着 into 著 and ``tw2s`` 著 into 着, while ``t2s`` leaves
    著 as is, since 著 is also Simplified). The representative is the smallest code point among the class's ``t2s`` forms,
    so the usual Simplified form: ``{"數": "数", "佈": "布", "著": "着"}``.

    Slow (0.3 s: every CJK character through four OpenCC conversions), so only used to write
    :data:`CLASSES_TABLE` and to check it; builds read :func:`character_classes`.

    Raises:
        SearchBuildError: OpenCC cannot be imported or loaded.
    """
    chars = "".join(chr(c) for start, end in _CJK_RANGES for c in range(start, end))
    simplified = _per_char(_opencc("t2s"), chars)
    others = [_per_char(_opencc(config), chars) for config in ("s2t", "s2tw", "tw2s")]
    parent: dict[str, str] = {}

    def find(c: str) -> str:
        while parent.get(c, c) != c:
            c = parent[c] = parent.get(parent[c], parent[c])
        return c

    for c, *forms in zip(chars, simplified, *others):
        for other in forms:
            if other != c:
                a, b = find(c), find(other)
                if a != b:
                    parent[a] = b
    members: dict[str, list[str]] = {}
    for c in list(parent):
        members.setdefault(find(c), []).append(c)
    for root, group in members.items():
        if root not in group:
            group.append(root)
    forms = dict(zip(chars, simplified))
    table = {}
    for group in members.values():
        rep = min(forms.get(c, c) for c in group)
        table.update({c: rep for c in group if c != rep})
    return table


#: :func:`derive_character_classes` kept as data, one class a line: its representative, then the characters
#: that fold to it (regenerate: ``python -m qa.search --write-classes``; a unit test compares)
CLASSES_TABLE = Path(__file__).resolve().parent / "data" / "character-classes.txt"


def format_character_classes(table: dict[str, str]) -> str:
    """The text of :data:`CLASSES_TABLE`: a comment header, then per representative (code-point order)
    one line of the representative followed by its characters (code-point order)."""
    import opencc

    members: dict[str, list[str]] = {}
    for ch, rep in table.items():
        members.setdefault(rep, []).append(ch)
    lines = [f"# Character classes for search folding ({len(table)} characters), derived from OpenCC "
             f"{getattr(opencc, '__version__', '?')} by qa.search.derive_character_classes;",
             "# each line: the representative, then the characters that fold to it. Regenerate with",
             "# python -m qa.search --write-classes (tests/unit/test_search.py checks it is current)"]
    lines += [rep + "".join(sorted(chars)) for rep, chars in sorted(members.items())]
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=1)
def _classes() -> dict[str, str]:
    table = {}
    for line in CLASSES_TABLE.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            table.update(dict.fromkeys(line[1:], line[0]))
    return table


def character_classes() -> dict[str, str]:
    """Every Chinese character that folds to another: ``{character: representative}``, as
    :func:`derive_character_classes` gives it, read from :data:`CLASSES_TABLE` (a new dict per call).
    ``character_classes()["數"] == "数"``."""
    return dict(_classes())


def fold_table(chars: Iterable[str], classes: dict[str, str] | None = None) -> dict[str, str]:
    """The folding table for the Chinese characters in ``chars`` (what ``qa-search.json`` ships).

    Args:
        chars: any characters (typically every character of the indexed text).
        classes: from :func:`character_classes` (computed when not given).

    Returns:
        ``{character: representative}`` for every member of every class that a character of
        ``chars`` belongs to, so a query typed in either script folds like the text:
        ``fold_table("數據")`` holds 數 → 数 and 據 → 据; ``fold_table("著")`` holds 著 → 着.

    Raises:
        SearchBuildError: OpenCC cannot be imported or loaded.
    """
    classes = character_classes() if classes is None else classes
    wanted = {classes.get(ch, ch) for ch in set(chars) if _HAS_CJK.match(ch)}
    return {c: rep for c, rep in classes.items() if rep in wanted}


_FULL_WIDTH = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)} | {0x3000: " "}


def fold(text: str, table: dict[str, str]) -> str:
    """Fold ``text`` to its search form, one character for one character.

    Args:
        text: any text.
        table: from :func:`fold_table` or :func:`character_classes`.

    Returns:
        A string of the same length: each character through :func:`fold_char` and ``table``.
        ``fold("ＢＬＥＵ 數據", t) == "bleu 数据"``.
    """
    mapped = text.translate(_translation(table))
    low = mapped.lower()
    if len(low) == len(text):
        return low
    return "".join(table.get(ch, fold_char(ch)) for ch in text)


_TRANSLATIONS: dict[int, dict[int, str]] = {}


def _translation(table: dict[str, str]) -> dict[int, str]:
    """``str.translate`` form of ``table`` plus full-width ASCII (cached per table object)."""
    key = id(table)
    cached = _TRANSLATIONS.get(key)
    if cached is None or cached.get(-1) is not table:
        cached = {ord(c): rep for c, rep in table.items()} | _FULL_WIDTH
        cached[-1] = table  # type: ignore[assignment]  # identity check: ids are reused after a table is freed
        _TRANSLATIONS.clear()
        _TRANSLATIONS[key] = cached
    return cached


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
    """The index token of a folded Chinese word: ``q``, each character's code point as 5 digits, ``z``.

    Pagefind (1.5) splits Chinese query text with the browser's ``Intl.Segmenter``, which cuts
    differently from the indexer, and then requires every piece. A token of ASCII letters and digits
    is left whole on both sides, so the word boundaries are ours (jieba's at build time, the word
    list's in the browser). The closing ``z`` stops Pagefind's prefix matching: without it the token
    of 释 was a prefix of the token of 释放, so a one-character query matched every word the
    character begins (wrong ranking, and at 5,000 questions seconds of index loading).
    ``encode("知识") == "q3069335782z"``; the browser encodes query words the same way.
    """
    return "q" + "".join(f"{ord(ch):05d}" for ch in word) + "z"


def decode(token: str) -> str:
    """The word of an index token: the inverse of :func:`encode` for a Chinese token
    (``decode(encode("模型")) == "模型"``); any other token (a Latin word) as it is."""
    if _ENCODED.fullmatch(token):
        return "".join(chr(int(token[i:i + 5])) for i in range(1, len(token) - 1, 5))
    return token


_ENCODED = re.compile(r"q(?:\d{5})+z")


def index_words(folded: str, cut: Callable[[str], list[str]]) -> list[str]:
    """Split folded text into the words the index stores (without regional counterparts; see :class:`Indexer`).

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


class Indexer:
    """Folds and segments the text of one build, once per distinct text.

    Args:
        user_words: Chinese terms jieba must keep whole (the glossary's forms, any script).
        classes: from :func:`character_classes` (computed when not given).
        regional: add each Chinese run's Taiwan/mainland counterpart (OpenCC ``s2twp`` and
            ``tw2sp``); on by default.

    Attributes:
        table: the folding table (:func:`character_classes`).
        vocabulary: every folded Chinese word of 2+ characters the index holds so far
            (the browser splits a query into the longest of these).
        latin: every Latin word the index holds so far (for the browser's "searched for X instead").
        pairs: folded regional form → the folded forms the text writes (``{"资料": {"数据"}}``), so
            the browser marks 數據 for a query 資料.
        held: index token → how many records of this index hold it (:meth:`count_record`).

    Raises:
        SearchBuildError: jieba or OpenCC cannot be loaded.
    """

    def __init__(self, user_words: Iterable[str] = (), classes: dict[str, str] | None = None, regional: bool = True):
        self.table = character_classes() if classes is None else classes
        self.cut = make_segmenter(sorted({fold(w, self.table) for w in user_words}))
        self.regional = (_opencc("s2twp"), _opencc("tw2sp")) if regional else ()
        self.vocabulary: set[str] = set()
        self.latin: set[str] = set()
        self.pairs: dict[str, set[str]] = {}
        self.held: Counter[str] = Counter()
        self._runs: dict[str, list[str]] = {}
        self._texts: dict[str, tuple[str, str]] = {}
        self._tokens: dict[str, tuple[str, bool]] = {}
        self._paired: set[tuple[str, str]] = set()

    def start(self) -> None:
        """Start a new index (a locale pass): empty :attr:`vocabulary`, :attr:`latin` and :attr:`held`;
        the memory of texts already folded and cut is kept."""
        self.vocabulary, self.latin, self.held = set(), set(), Counter()

    def count_record(self, index_texts: Iterable[str]) -> None:
        """Count one record in :attr:`held`: each distinct token of its index texts (:meth:`tokens`'
        results, space-separated) once."""
        self.held.update({token for text in index_texts for token in text.split()})

    def common_words(self, limit: int = COMMON_RECORDS) -> dict[str, int]:
        """Folded word → record count for every token of this index held by more than ``limit`` records
        (:attr:`held`); Chinese tokens decoded back to their word (:func:`decode`)."""
        return {decode(token): n for token, n in sorted(self.held.items()) if n > limit}

    def _cut(self, run: str) -> list[str]:
        words = self._runs.get(run)
        if words is None:
            words = self._runs[run] = [sys.intern(w) for w in self.cut(run) if len(w) > 1]
        return words

    def words(self, text: str) -> list[str]:
        """The folded words of ``text`` (not encoded), in order: per Chinese run its words of 2+
        characters then its characters; per Latin run the run; then the regional counterparts
        (words and characters of each converted run that the text does not already hold).
        ``words("優化數據") == ["优化", "数据", "优", "化", "数", "据", "最佳", "最佳化", "资料", "最", "佳", "资", "料"]``
        (word order as jieba gives it)."""
        folded = fold(text, self.table)
        out: list[str] = []
        runs = []
        for match in _RUN.finditer(folded):
            run = match.group()
            if _HAS_CJK.match(run):
                runs.append(run)
                out.extend(self._cut(run))
                out.extend(run)
            else:
                out.append(run)
        if runs and self.regional:
            have = set(out)
            originals = set(runs)
            for converted in (self.regional[0].convert("\n".join(runs)), self.regional[1].convert("\n".join(CJK_RUN.findall(text)))):
                for original, run in zip(runs, fold(converted, self.table).split("\n")):
                    if run in originals:
                        continue
                    self._pair(original, run)
                    for word in (*self._cut(run), *run):
                        if word not in have and _HAS_CJK.match(word):
                            have.add(word)
                            out.append(word)
        return out

    def _pair(self, original: str, converted: str) -> None:
        """Remember what a converted run replaced (difflib's replace spans): ``资料`` ← ``数据``
        (once per distinct pair of runs: :attr:`pairs` is a set per key)."""
        if (original, converted) in self._paired:
            return
        self._paired.add((original, converted))
        matcher = difflib.SequenceMatcher(None, original, converted, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "replace" and b2 - b1 <= 6:
                self.pairs.setdefault(converted[b1:b2], set()).add(original[a1:a2])

    def _token(self, word: str) -> tuple[str, bool]:
        """The index token of a folded word (:func:`encode` for Chinese, the word itself for Latin) and
        whether it is Chinese, memoized: a bank's texts repeat a few thousand words hundreds of
        thousands of times."""
        found = self._tokens.get(word)
        if found is None:
            chinese = _HAS_CJK.match(word) is not None
            found = self._tokens[word] = (encode(word) if chinese else word, chinese)
        return found

    def tokens(self, text: str) -> str:
        """The index text of ``text``: :meth:`words`, Chinese ones :func:`encode` d, space-separated.
        Memoized per text for the whole build; adds the words to :attr:`vocabulary` and :attr:`latin`."""
        found = self._texts.get(text)
        if found is not None:  # (tokens, "Chinese words\nLatin words"), space-separated
            joined, words = found
            chinese_words, latin_words = words.split("\n")
            self.vocabulary.update(chinese_words.split())
            self.latin.update(latin_words.split())
            return joined
        tokens, chinese, latin = [], set(), set()
        for word in self.words(text):
            token, is_chinese = self._token(word)
            tokens.append(token)
            if not is_chinese:
                latin.add(word)
            elif len(word) > 1:
                chinese.add(word)
        joined = " ".join(tokens)
        # strings, not sets: at 5,000 questions (24,000 texts) the tokens and two frozensets took 58 MB,
        # these two strings (the tokens ASCII, one byte a character) 29 MB; the search worker's peak is the build's
        self._texts[text] = (joined, f"{' '.join(chinese)}\n{' '.join(latin)}")
        self.vocabulary.update(chinese)
        self.latin.update(latin)
        return joined


def keyword_text(terms: Sequence, question, keywords_of: Callable, count_mentions: Callable[[object, str], int]) -> str:
    """Hidden index text for a question: each mentioned glossary term's English name and aliases,
    repeated once per mention (at most :data:`MAX_KEYWORD_REPEATS`).

    Args:
        terms: the glossary terms the question mentions (``qa.glossary.Term``; the build knows
            them from ``qa.glossary.find_mentions``); others give no keyword.
        question: the source ``qa.model.Question``.
        keywords_of: ``(terms, question) -> list[str]``: the keywords of one term, e.g.
            ``qa.glossary.search_keywords`` or :func:`term_keywords`.
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


def term_keywords(terms: Sequence, question=None) -> list[str]:
    """The English name and aliases of ``terms`` (already known to be mentioned), without repeats."""
    return list(dict.fromkeys(k for term in terms for k in (term.en, *term.aliases)))


def count_mentions(term, text: str) -> int:
    """How often ``text`` writes the term's Chinese/source forms (``zh`` and ``match``): the glossary's mention
    rule (``qa.glossary.count_mentions``: Latin forms as whole words, case-insensitively, as in "BLEU 分數")
    over those forms only, the English name and aliases being what :func:`keyword_text` adds for each of
    them. Returns 0 when none is written."""
    from .glossary import count_mentions as glossary_count

    return glossary_count(text, (term.zh, *getattr(term, "match", ())))


def concept_map(terms: Sequence, table: dict[str, str]) -> dict[str, list[str]]:
    """For the browser: each folded name of a term that the answers need not write (``en`` and the
    aliases; Latin words space-separated) → the term's Chinese forms as written (``zh``, ``match``,
    Chinese aliases), so a hit through an English name or a regional alias marks the Chinese term
    (``{"knowledge distillation": ["知識蒸餾", "知识蒸馏"], "品质": ["質量", "质量"], ...}``)."""
    out: dict[str, list[str]] = {}
    for term in terms:
        chinese = [f for f in dict.fromkeys((term.zh, *getattr(term, "match", ()), *term.aliases)) if _HAS_CJK.search(f)]
        if not chinese:
            continue
        for name in (term.en, *term.aliases):
            key = fold(name, table) if _HAS_CJK.search(name) else " ".join(LATIN_WORD.findall(fold(name, table)))
            if key:
                out.setdefault(key, [])
                out[key] += [f for f in chinese if f not in out[key]]
    return out


_SKIP = {"script", "style", "button"}
_LABELS = {"strong", "b", "h3", "h4", "h5", "h6"}
_BLOCK_LEVEL = {"p", "li", "div", "pre", "table", "tr", "td", "th", "blockquote", "details", "summary", "br"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _QuestionReader(HTMLParser):
    """One pass over rendered HTML (the standard library's tokenizer, no tree): see :func:`questions_from_html`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.questions: list[QuestionText] = []
        self.current: QuestionText | None = None
        self.stack: list[str] = []      # open elements below the content root
        self.root_depth: int | None = None  # depth of <article> when the page has one, else 0
        self.skip_depth: int | None = None  # inside a skipped element (script, permalink, pending note)
        self.title: list[str] | None = None  # collecting a question heading's text
        self.label: list[str] | None = None  # collecting a bold label's text
        self.label_depth = 0
        self.article = False

    def _top(self) -> bool:
        """Whether the element being opened is a direct child of the content root."""
        return self.root_depth is not None and len(self.stack) == self.root_depth

    def _text(self, text: str) -> None:
        blocks = self.current.blocks
        if blocks and blocks[-1].weight == 1:
            blocks[-1].text += text
        elif text.strip():
            blocks.append(Block(text))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "article" and not self.article:
            self.article, self.root_depth = True, len(self.stack) + 1
            self.questions, self.current = [], None
        top = self._top()
        if tag not in _VOID:
            self.stack.append(tag)
        if self.skip_depth is not None:
            return
        if tag in _SKIP or "headerlink" in classes or (top and "qa-pending" in classes):
            if tag not in _VOID:
                self.skip_depth = len(self.stack)
            return
        if top and tag == "h2":
            self.current = None
            if attributes.get("id"):
                self.current = QuestionText(attributes["id"], "")
                self.questions.append(self.current)
                self.title = []
            return
        if top and tag == "h1":
            self.current = None
            return
        if self.current is None or self.title is not None:
            return
        if self.label is not None:
            return
        if tag in _LABELS:
            self.label, self.label_depth = [], len(self.stack)
            return
        if tag in _BLOCK_LEVEL and self.current.blocks:
            self.current.blocks[-1].text += " "

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if tag not in self.stack:
            return  # a stray end tag
        while self.stack:
            depth = len(self.stack)
            open_tag = self.stack.pop()
            if self.skip_depth is not None and depth <= self.skip_depth:
                self.skip_depth = None
            elif self.skip_depth is None:
                self._close(open_tag, depth)
            if open_tag == tag:
                break

    def _close(self, tag: str, depth: int) -> None:
        if tag == "article" and self.article and depth == self.root_depth:
            self.root_depth, self.current = -1, None  # the content ended
            return
        if self.title is not None and tag == "h2" and depth == (self.root_depth or 0) + 1:
            self.current.title = " ".join("".join(self.title).split())
            self.title = None
            return
        if self.current is None or self.title is not None:
            return
        if self.label is not None:
            if depth == self.label_depth:
                self.current.blocks.append(Block("".join(self.label), LABEL_WEIGHT))
                self.current.blocks.append(Block(" "))
                self.label = None
            return
        if tag in _BLOCK_LEVEL and self.current.blocks:
            self.current.blocks[-1].text += " "

    def handle_data(self, data):
        if self.skip_depth is not None:
            return
        if self.title is not None:
            self.title.append(data)
        elif self.label is not None:
            self.label.append(data)
        elif self.current is not None:
            self._text(data)


def questions_from_html(html: str) -> list[QuestionText]:
    """The questions of a rendered topic page.

    Args:
        html: the page content (MkDocs' ``on_page_content`` HTML or a whole page with ``<article>``).

    Returns:
        One :class:`QuestionText` per ``<h2 id>`` at the top level of the content, in page order,
        holding the text of the elements up to the next ``<h2>`` (the English edition's
        ``.qa-pending`` note, scripts, buttons and permalink signs left out; a ``<strong>`` or
        sub-heading as its own :data:`LABEL_WEIGHT` block). Whitespace is collapsed, but kept
        between words: the spaces between a code block's highlighted tokens stay.

    One pass of the standard library's HTML tokenizer (BeautifulSoup's tree cost the 1,000-question
    build about 20 s).
    """
    reader = _QuestionReader()
    reader.root_depth = 0
    reader.feed(html)
    reader.close()
    for question in reader.questions:
        question.blocks = [Block(" ".join(b.text.split()), b.weight) for b in question.blocks if b.text.strip()]
    return reader.questions


def plain_text(question: QuestionText) -> str:
    """The answer's plain text in page order (used for result excerpts)."""
    return " ".join(block.text for block in question.blocks)


def record_html(title: str, blocks: Sequence[Block], keywords: str, indexer: Indexer, meta: dict[str, str]) -> str:
    """The HTML Pagefind indexes for one question.

    Args:
        title: the question as shown (weight :data:`TITLE_WEIGHT`).
        blocks: the answer's :class:`Block` s (their own weights).
        keywords: hidden keyword text (weight 1), e.g. from :func:`keyword_text`.
        indexer: the build's :class:`Indexer`.
        meta: Pagefind metadata shown in results (``title``, ``text``, ``topic``), stored as written.

    Returns:
        An HTML document whose indexed body holds only :meth:`Indexer.tokens`. It declares
        ``lang="und"`` (undetermined, BCP 47): Pagefind then applies no CJK segmentation of its own
        and no stemmer, so Latin words and our tokens are indexed as they are. With ``lang="en"``
        English stemming merged *optimization* with *optimizer* (the queries *optimization*,
        *optimisation* found the ZeRO optimizer's question first). The bundle then names no
        language module (``"wasm": null``); the browser loads Pagefind's generic
        ``wasm.unknown.pagefind``, which ``qa.search_bundle.check_bundle`` checks.
    """
    texts = [indexer.tokens(title), *(indexer.tokens(block.text) for block in blocks)]
    if keywords:
        texts.append(indexer.tokens(keywords))
    indexer.count_record(texts)
    parts = [f'<h1 data-pagefind-weight="{TITLE_WEIGHT}">{html.escape(texts[0])}</h1>']
    parts += [f'<p data-pagefind-weight="{block.weight}">{html.escape(text)}</p>' for block, text in zip(blocks, texts[1:])]
    if keywords:
        parts.append(f"<p>{html.escape(texts[-1])}</p>")
    metas = "".join(f'<span data-pagefind-meta="{key}">{html.escape(value)}</span>' for key, value in meta.items())
    return f'<html lang="und"><body><main data-pagefind-body>{"".join(parts)}</main>{metas}</body></html>'



def question_records(pages: Sequence[tuple[str, str, Sequence[QuestionText]]], source: dict, terms: Sequence,
                     mentions: dict[str, Sequence], locale: str, indexer: Indexer,
                     start: bool = True) -> list[tuple[str, str]]:
    """The Pagefind records of one locale's index.

    Args:
        pages: ``(url, topic title, questions)`` per rendered topic page, ``url`` without the
            locale prefix (``applications/``), questions from :func:`questions_from_html`.
        source: question id → the source ``qa.model.Question`` (the glossary's mentions are
            counted in its Chinese title and answer).
        terms: the glossary terms (``[]`` for a site without a glossary).
        mentions: ``qa.glossary.find_mentions``'s result, term id → the questions mentioning it.
        locale: ``zh-Hant`` or ``en``. In ``en`` a question whose shown text is mostly English (a
            translated answer) also gets the Chinese names of its terms, so they stay findable.
        indexer: the build's :class:`Indexer`; :meth:`Indexer.start` is called first, so its
            vocabulary is this index's afterwards.
        start: ``False`` to add ``pages`` to the index the indexer is building (records made page by
            page as pages are rendered; the first call starts it).

    Returns:
        ``(url#id, html)`` per question, in page order, for ``qa.search_bundle.write_bundle``; the metadata
        ``title``, ``text`` (the answer's plain text) and ``topic`` are what a result shows.
    """
    by_question: dict[str, list] = {}
    for term in terms:
        for question in mentions.get(term.id, ()):
            by_question.setdefault(question.id, []).append(term)
    if start:
        indexer.start()
    records = []
    for url, topic, questions in pages:
        for q in questions:
            text = plain_text(q)
            original = source.get(q.id)
            mentioned = by_question.get(q.id, []) if original is not None else []
            keywords = keyword_text(mentioned, original, term_keywords, count_mentions) if mentioned else ""
            if locale == "en" and mentioned and len(CJK_RUN.sub("", text)) > 0.7 * len(text):
                written = f"{original.title}\n{original.answer}"
                keywords += " " + keyword_text(mentioned, original, lambda ts, _: [t.zh for t in ts if count_mentions(t, written)],
                                               count_mentions)
            meta = {"title": q.title, "text": text, "topic": topic}
            records.append((f"/{url}#{q.id}", record_html(q.title, q.blocks, keywords, indexer, meta)))
    return records


def question_chars(pages: Sequence[tuple[str, str, Sequence[QuestionText]]]) -> set[str]:
    """The characters of the questions' titles and answers in ``pages`` (as for :func:`question_records`),
    for :func:`browser_data`; a build adds those of each page as it arrives and keeps only the set."""
    return {ch for _, _, qs in pages for q in qs for ch in q.title + plain_text(q)}


def browser_data(indexer: Indexer, terms: Sequence, chars: Iterable[str], words=None) -> dict:
    """What the header search needs next to the Pagefind bundle (``qa-search.json``).

    Args:
        indexer: the build's :class:`Indexer`, after :func:`question_records` made the index's records.
        terms: the glossary terms (``[]`` for a site without a glossary).
        chars: :func:`question_chars` of the index's pages.
        words: the readers' words (``qa.query_words.SearchWords``) or ``None``; their browser form
            (``qa.query_words.browser_words``: question words, synonyms, sounds) joins the result. The
            sounds cover the index's characters and ``qa.query_words.common_characters`` (a homophone
            typo's character is rarely in the text), in every form of their class.

    Returns:
        ``{"fold": table, "words": [...], "latin": [...], "concepts": {...}, "regional": {...}, "ranking": {...}}``
        and, when some word is held by more than :data:`COMMON_RECORDS` records, ``"common"``
        (:meth:`Indexer.common_words`: folded word → record count, int):
        Pagefind's ranking options (:data:`RANKING`), the folding table
        for ``chars``, the glossary's and the index words' characters (:func:`fold_table`); the index's Chinese
        words of 2+ characters (the browser splits a query into the longest of them); its Latin words
        (the browser corrects a typed word that begins none of them to the nearest one); and
        :func:`concept_map` for the Latin names the index holds; and :attr:`Indexer.pairs` for the
        regional forms that are index words (to mark the form the text writes).
    """
    chars = set(chars)
    chars.update(ch for t in terms for ch in (t.zh + "".join(t.aliases)))
    chars.update(ch for word in indexer.vocabulary for ch in word)  # regional forms: 記憶體 folds like 记忆体
    concepts = {k: v for k, v in concept_map(terms, indexer.table).items()
                if (_HAS_CJK.search(k) and k in indexer.vocabulary) or all(w in indexer.latin for w in k.split())}
    regional = {now: sorted(was) for now, was in sorted(indexer.pairs.items()) if now in indexer.vocabulary}
    extra = {}
    if words is not None:
        from .query_words import browser_words, common_characters

        # the readings of the common characters too (a typo's character is rarely in the text: 壘 for 累), in
        # every form of their class: a form the folding table lacks stays as typed in the browser (a reading
        # per form costs a third of the bytes of a folding entry)
        members: dict[str, set[str]] = {}
        for ch, rep in indexer.table.items():
            members.setdefault(rep, set()).add(ch)
        sounded = {fold(ch, indexer.table) for ch in chars}
        for ch in common_characters():
            rep = indexer.table.get(ch, ch)
            sounded.update({ch, rep}, members.get(rep, ()))
        extra = browser_words(words, lambda text: fold(text, indexer.table), sounded)
        chars.update(ch for form in (*words.question_zh, *(f for group in words.synonyms for f in group)) for ch in form)
    common = indexer.common_words()
    return {"fold": fold_table(chars, indexer.table), "words": sorted(indexer.vocabulary),
            "latin": sorted(indexer.latin), "concepts": concepts, "regional": regional, "ranking": RANKING,
            **({"common": common} if common else {}), **extra}


if __name__ == "__main__":
    if sys.argv[1:] != ["--write-classes"]:
        sys.exit("usage: python -m qa.search --write-classes")
    CLASSES_TABLE.write_text(format_character_classes(derive_character_classes()), encoding="utf-8")
    print(f"wrote {CLASSES_TABLE}")
