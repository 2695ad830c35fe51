"""Search records: what the per-question search index holds (see ``adr/0001-search.md``).

The site's search indexes one record per question with Pagefind. Pagefind ranks and stores; this module
decides the *words* it sees, so that a query typed in Traditional, Simplified or mixed script, in Taiwan or
mainland vocabulary, or by a term's English name, finds the question. Three jobs live in modules of their
own and are re-exported here: text folding (``qa.search_fold``: :func:`fold_table`, :func:`fold`, the
character classes), reading question text from rendered pages (``qa.search_read``:
:func:`questions_from_html`, :class:`QuestionText`, :class:`Block`) and segmentation (``qa.search_segment``:
jieba's dictionary and :func:`make_segmenter`).

- :class:`Indexer` splits folded text into words: Chinese runs with jieba's search mode (whole
  words and their parts, glossary terms as user words) plus every Chinese character on its own;
  Latin words as they are. It also adds each run's *regional* counterpart, derived at build time
  from OpenCC's Taiwan phrase tables (``s2twp``: 数据 → 資料, ``tw2sp``: 記憶體 → 内存), so 資料,
  記憶體, 軟體 find text that writes 數據, 內存, 軟件 and back. A 简体中文 text's counterparts are its
  繁體中文 twin instead (the same question in that edition, which ``qa.regional`` converted it from). Each
  text is folded and cut once per build (the locale passes share the :class:`Indexer`), and it counts
  how many records hold each word.
- :func:`keyword_text` turns the glossary into hidden index text: the English name and aliases of
  each term a question mentions, repeated once per mention (the glossary's mention rule,
  ``qa.glossary.count_mentions``), so ``quantization`` ranks a question like the Chinese ``量化`` does.
- :func:`record_html` / :func:`question_records` make the records; :func:`browser_data` what the browser
  needs beside them (``qa-search.json``).

No MkDocs import; jieba and OpenCC are imported lazily and their absence raises
:class:`SearchBuildError`, which the hook turns into a failed build.
"""
from __future__ import annotations

import difflib
import html
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from .search_fold import (  # noqa: F401  (re-exported: the search's one import for folding)
    CJK, CJK_RUN, CLASSES_TABLE, LATIN_WORD, SearchBuildError, _HAS_CJK, _RUN, _opencc, character_classes,
    derive_character_classes, fold, fold_char, fold_table, format_character_classes,
)
from .search_read import (  # noqa: F401  (re-exported)
    LABEL_WEIGHT, Block, QuestionText, plain_text, question_chars, questions_from_html,
)
from .search_segment import keep_dictionary, make_segmenter  # noqa: F401  (re-exported)

#: weight Pagefind gives a question's title (``data-pagefind-weight``; default text weighs 1, a bold label
#: :data:`LABEL_WEIGHT`): 7 is Pagefind's own weight for ``<h1>``.
TITLE_WEIGHT = 7
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
        cache_dir: where jieba keeps its dictionary cache (:func:`make_segmenter`).
        memo: a file of the index texts another build made (``qa.search_memo``), or ``None``: :meth:`tokens`
            starts from its entries (made with the same user words, table and code), and :meth:`save_memo`
            writes this build's. jieba's dictionary is loaded at the first text the memo lacks.

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

    def __init__(self, user_words: Iterable[str] = (), classes: dict[str, str] | None = None, regional: bool = True,
                 cache_dir: Path | None = None, memo: Path | None = None):
        self.table = character_classes() if classes is None else classes
        self._user_words = sorted({fold(w, self.table) for w in user_words})
        self._cache_dir = cache_dir
        self._segmenter: Callable[[str], list[str]] | None = None
        self.regional = (_opencc("s2twp"), _opencc("tw2sp")) if regional else ()
        self.vocabulary: set[str] = set()
        self.latin: set[str] = set()
        self.pairs: dict[str, set[str]] = {}
        self.held: Counter[str] = Counter()
        self._runs: dict[str, list[str]] = {}
        self._texts: dict[str, tuple[str, str, tuple]] = {}
        self._tokens: dict[str, tuple[str, bool]] = {}
        self._paired: set[tuple[str, str]] = set()
        self._memo, self._memo_key, self._used = memo, "", set()
        if memo is not None:
            from .search_memo import load_memo, memo_key

            self._memo_key = memo_key(self._user_words, self.table, bool(regional))
            self._texts = load_memo(memo, self._memo_key)
        self._loaded = len(self._texts)

    @property
    def cut(self) -> Callable[[str], list[str]]:
        """jieba's search-mode segmenter with the user words (:func:`make_segmenter`), loaded at first use."""
        if self._segmenter is None:
            self._segmenter = make_segmenter(self._user_words, self._cache_dir)
        return self._segmenter

    def save_memo(self) -> None:
        """Write the texts this build indexed (:meth:`tokens`) to the memo file (``qa.search_memo.save_memo``),
        the entries of other texts left out; nothing without a memo file, or when the file already holds
        exactly those texts (none new, every one used)."""
        if self._memo is not None and not len(self._texts) == self._loaded == len(self._used):
            from .search_memo import save_memo

            save_memo(self._memo, self._memo_key, ((key, self._texts[key]) for key in self._used))

    def start(self) -> None:
        """Start a new index (a locale pass): empty :attr:`vocabulary`, :attr:`latin` and :attr:`held`;
        the memory of texts already folded and cut is kept."""
        self.vocabulary, self.latin, self.held = set(), set(), Counter()

    def count_record(self, index_texts: Iterable[str]) -> None:
        """Count one record in :attr:`held`: each distinct token of its index texts (:meth:`tokens`'
        results, space-separated) once."""
        self.held.update({token for text in index_texts for token in text.split()})

    def common_words(self, limit: int | None = None) -> dict[str, int]:
        """Folded word → record count for every token of this index held by more than ``limit`` records
        (default :data:`COMMON_RECORDS`, read at each call) (:attr:`held`); Chinese tokens decoded back to
        their word (:func:`decode`)."""
        limit = COMMON_RECORDS if limit is None else limit
        return {decode(token): n for token, n in sorted(self.held.items()) if n > limit}

    def _cut(self, run: str) -> list[str]:
        words = self._runs.get(run)
        if words is None:
            words = self._runs[run] = [sys.intern(w) for w in self.cut(run) if len(w) > 1]
        return words

    def words(self, text: str, twin: str | None = None, paired: list | None = None) -> list[str]:
        """The folded words of ``text`` (not encoded), in order: per Chinese run its words of 2+
        characters then its characters; per Latin run the run; then the regional counterparts
        (words and characters of each converted run that the text does not already hold).
        ``words("優化數據") == ["优化", "数据", "优", "化", "数", "据", "最佳", "最佳化", "资料", "最", "佳", "资", "料"]``
        (word order as jieba gives it).

        ``twin``: the same text in the other Chinese edition (the 繁體中文 edition's, for a 简体中文 text, which
        ``qa.regional`` made from it): its runs are the counterparts, as readers of that edition read them,
        instead of OpenCC's conversions; a run of ``text`` is paired with the twin's run in the same place.
        ``paired``: a list that gets each ``(original, converted)`` run pair given to :attr:`pairs`."""
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
            if twin is None:
                converted = (self.regional[0].convert("\n".join(runs)), self.regional[1].convert("\n".join(CJK_RUN.findall(text))))
                counterparts = [list(zip(runs, fold(c, self.table).split("\n"))) for c in converted]
            else:
                others = [m.group() for m in _RUN.finditer(fold(twin, self.table)) if _HAS_CJK.match(m.group())]
                counterparts = [list(zip(runs, others)) if len(others) == len(runs) else [(None, run) for run in others]]
            for pairs in counterparts:
                for original, run in pairs:
                    if run in originals:
                        continue
                    if original is not None:
                        self._pair(original, run)
                        if paired is not None:
                            paired.append((original, run))
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

    def tokens(self, text: str, twin: str | None = None) -> str:
        """The index text of ``text`` (``twin``: see :meth:`words`): :meth:`words`, Chinese ones :func:`encode` d,
        space-separated. Memoized per text and twin for the whole build (and the next ones: ``memo``); adds the
        words to :attr:`vocabulary` and :attr:`latin`."""
        key = text if twin is None else f"{text}\x00{twin}"
        found = self._texts.get(key)
        if found is not None:  # (tokens, "Chinese words\nLatin words", run pairs), space-separated
            joined, words, made = found
            chinese_words, latin_words = words.split("\n")
            self.vocabulary.update(chinese_words.split())
            self.latin.update(latin_words.split())
            for original, converted in made:  # (a text of the memo: its pairs not yet made in this build)
                self._pair(original, converted)
            self._used.add(key)
            return joined
        tokens, chinese, latin, made = [], set(), set(), []
        for word in self.words(text, twin, made):
            token, is_chinese = self._token(word)
            tokens.append(token)
            if not is_chinese:
                latin.add(word)
            elif len(word) > 1:
                chinese.add(word)
        joined = " ".join(tokens)
        # strings, not sets: at 5,000 questions (24,000 texts) the tokens and two frozensets took 58 MB,
        # these two strings (the tokens ASCII, one byte a character) 29 MB; the search worker's peak is the build's
        self._texts[key] = (joined, f"{' '.join(chinese)}\n{' '.join(latin)}", tuple(made))
        self._used.add(key)
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


def record_html(title: str, blocks: Sequence[Block], keywords: str, indexer: Indexer, meta: dict[str, str],
                twins: Sequence[str] = ()) -> str:
    """The HTML Pagefind indexes for one question.

    Args:
        title: the question as shown (weight :data:`TITLE_WEIGHT`).
        blocks: the answer's :class:`Block` s (their own weights).
        keywords: hidden keyword text (weight 1), e.g. from :func:`keyword_text`.
        indexer: the build's :class:`Indexer`.
        meta: Pagefind metadata shown in results (``title``, ``text``, ``topic``), stored as written.
        twins: the title's and the blocks' texts in the other Chinese edition (:meth:`Indexer.words`), or ``()``.

    Returns:
        An HTML document whose indexed body holds only :meth:`Indexer.tokens`. It declares
        ``lang="und"`` (undetermined, BCP 47): Pagefind then applies no CJK segmentation of its own
        and no stemmer, so Latin words and our tokens are indexed as they are. With ``lang="en"``
        English stemming merged *optimization* with *optimizer* (the queries *optimization*,
        *optimisation* found the ZeRO optimizer's question first). The bundle then names no
        language module (``"wasm": null``); the browser loads Pagefind's generic
        ``wasm.unknown.pagefind``, which ``qa.search_bundle.check_bundle`` checks.
    """
    pieces = [title, *(block.text for block in blocks)]
    twins = twins if len(twins) == len(pieces) else [None] * len(pieces)
    texts = [indexer.tokens(piece, twin) for piece, twin in zip(pieces, twins)]
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
                     start: bool = True, twins: Mapping[str, Sequence[str]] | None = None) -> list[tuple[str, str]]:
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
        twins: for the 简体中文 index, question id → the question's texts in the 繁體中文 edition
            (:meth:`QuestionText.texts` of that edition's page), which ``qa.regional`` converted these from:
            their runs are the counterparts (:meth:`Indexer.words`); ``None`` for any other index.

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
            paired = twins.get(q.id, ()) if twins is not None else ()
            records.append((f"/{url}#{q.id}", record_html(q.title, q.blocks, keywords, indexer, meta, paired)))
    return records


def browser_data(indexer: Indexer, terms: Sequence, chars: Iterable[str], words=None, readings=None) -> dict:
    """What the header search needs next to the Pagefind bundle (``qa-search.json``).

    Args:
        indexer: the build's :class:`Indexer`, after :func:`question_records` made the index's records.
        terms: the glossary terms (``[]`` for a site without a glossary).
        chars: :func:`question_chars` of the index's pages.
        words: the readers' words (``qa.query_words.SearchWords``) or ``None``; their browser form
            (``qa.query_words.browser_words``: question words, synonyms, sounds) joins the result. The
            sounds cover the index's characters and ``qa.query_words.common_characters`` (a homophone
            typo's character is rarely in the text), in every form of their class.
        readings: where the sounds' readings come from (``qa.readings.Readings``; ``None``: pypinyin,
            memory only).

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
        extra = browser_words(words, lambda text: fold(text, indexer.table), sounded, readings)
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
