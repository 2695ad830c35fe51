"""Find repeated question/answer units across topic pages and merge them without losing text.

Pure Python, no MkDocs: :func:`dedupe` takes parsed :class:`~qa.model.TopicPage` objects and
returns a :class:`DedupResult`; :func:`shown_questions` and :func:`stubs` tell a renderer what
each page keeps and which cross-page repeats need a pointer to their canonical unit.

Algorithm
---------
1. **Features.** Every unit's title is folded with :func:`qa.normalize.fold_question` and its
   answer with :func:`qa.normalize.fold_for_matching` (NFKC, width, Simplified→Traditional, punctuation and
   spaces removed, lower case). Character 3-grams of both are kept as sorted ``uint64`` arrays.
2. **Candidates, never all pairs.** A pair is scored only if one of these puts it together:
   identical folded titles (a dict); MinHash LSH over title 3-grams (a unit whose title query
   returns more than :data:`TITLE_BUCKET_MAX` units, itself included, adds no title pairs);
   MinHash LSH over answer 3-grams; or a shared folded answer sentence of at least
   :data:`PASSAGE_MIN_CHARS` characters found in at most :data:`PASSAGE_MAX_UNITS` units
   (shared passages, which find an expanded answer whose 3-gram Jaccard is too low for
   LSH). Signatures are datasketch ``MinHash`` values (scheme affine32, hash values computed
   vectorised, see :func:`signature` and :func:`minhash`); the LSH indexes are
   banded like ``datasketch.MinHashLSH`` with fixed ``params=(bands, rows)`` (:class:`_Bands`), holding the shown units
   only: a unit merged away is removed, and a canonical whose answer grows is removed and
   re-inserted with its merged answer. Every shown unit is queried, and the pairs are scored
   in sorted order.
3. **Scores.** ``title_score`` is ``rapidfuzz.fuzz.ratio`` of the folded titles / 100;
   ``answer_score`` is the containment of the smaller answer's 3-gram set in the larger's;
   ``size_ratio`` is smaller / larger 3-gram set size.
4. **Rules** (first that holds gives the pair's reason):
   ``same-question``: folded titles equal;
   ``near-repeat``: ``title_score >= TITLE_NEAR`` and ``answer_score >= ANSWER_NEAR``;
   ``same-answer``: ``answer_score >= ANSWER_SAME`` and ``size_ratio >= SIZE_SAME``.
   Accepted pairs are joined with a union-find, so chains make groups of three or more.
5. **Canonical** per group: the maintainer-marked unit, else the most complete answer (most
   distinct folded 3-grams, then longest folded answer), ties broken by (page, line).
6. **Carried sentences**: every sentence of a dropped unit not covered by the canonical
   answer (nor by a sentence carried before it) is carried, in (page, line, sentence) order.
7. **Fixpoint.** A canonical answer plus its carried sentences (:func:`merged_answer`) is
   compared again with every shown unit, with candidates drawn over the shown units only;
   new repeats are merged until nothing changes, so running :func:`dedupe` on its own output
   (shown units, canonical answers replaced by :func:`merged_answer`) finds no further groups.

Cost (``bench/dedup_bench.py``, one CPU): 0.45 s for 1,000 units of ~30 sentences, 5.3 s for
10,000 (ratio ~12); the ``MinHashLSH`` inserts and queries are about a third of it (two query
rounds at 10,000 units), folding (OpenCC) and MinHash signatures most of the rest. The numpy
banding this replaced took 3.9 s for 10,000 units with the same results.

Thresholds and their source
---------------------------
Measured on all 276 pairs of the 24 real units in ``docs/*.md`` (see
``tests/unit/test_dedup_real.py``) and on the synthetic banks of ``bench/dedup_bench.py``:

* true repeats: answer containment 1.000, 1.000, 0.913 (``data-preprocessing``, the brief
  version inside the long one; size ratio 0.653) and 0.635 (``deployment-considerations``,
  partly reworded brief version; it merges through its identical title);
* highest containment of any *non*-repeat pair: 0.446 (``inference-speed`` vs
  ``limited-resources``, which quotes a few lines), next 0.269; median 0.046;
* highest title ratio of any non-repeat pair: 0.440 (the template-alike
  ``evaluating-generation`` / ``domain-evaluation``, whose answer containment is 0.082);
* hand-written rewordings of real titles score 0.59–0.74 (``如何加快 LLM 的推理速度，以滿足實時性
  要求？`` vs the original: 0.744); a thorough rewording scores 0.33 and then needs the
  ``same-answer`` rule.

Hence ``TITLE_NEAR = 0.55`` (above 0.44, below the 0.59 rewordings) and ``ANSWER_NEAR = 0.60``
(above 0.446, below the 0.635 weakest true repeat); ``ANSWER_SAME = 0.90`` with
``SIZE_SAME = 0.50`` means "the same answer" whatever the question (0.913/0.653 qualifies,
while a short answer that merely appears inside a much longer answer to another question
does not). ``SENTENCE_COVERED = 0.90``: of the 18 sentences of the brief
``deployment-considerations`` answer, the six that are in the long answer score 1.0, two
near-redundant ones 0.84 and 0.89 (a clause trimmed, "包括" added), the ten with new content
0.17–0.75; in ``data-preprocessing`` clause-trimmed sentences score 0.95–0.96 and the one
with new content 0.66. 0.90 covers the trimmed clauses and conservatively carries the two
near-redundant sentences (nothing may be lost).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from .errors import ContentError
from .model import Question, TopicPage
from .normalize import _BLOCK_PREFIX, fold_for_matching, fold_many_for_matching, split_sentences, strip_numbering
from .source import scan

# --- thresholds (see the module docstring for the measurements behind them) -------------
NGRAM = 3
TITLE_NEAR = 0.55
ANSWER_NEAR = 0.60
ANSWER_SAME = 0.90
SIZE_SAME = 0.50
SENTENCE_COVERED = 0.90

# --- candidate generation ----------------------------------------------------------------
# Answer LSH: 100 permutations in 20 bands of 5 rows; the S-curve 1 - (1 - J^5)^20 has its
# midpoint at (1/20)^(1/5) = 0.55 Jaccard. Candidate probability: 0.63 at J = 0.55, 0.97 at
# 0.7, 0.9999 at 0.8 (a "same answer" lightly edited); 2e-4 at J = 0.1 and 1e-5 at 0.055
# (background of the synthetic banks: median 0.055, p99 0.093; of the real pages: median
# 0.02, max 0.19). With 32 bands of 4 rows the synthetic 10,000 bank gave 16,800 background
# candidates. Same-answer pairs with a lower Jaccard (an expanded answer: containment >= 0.9
# at size ratio 0.5 is Jaccard >= 0.43) share sentences verbatim and are found by blocking.
ANSWER_PERM, ANSWER_BANDS = 100, (20, 5)
# Title LSH: 60 permutations in 10 bands of 6 rows, midpoint (1/10)^(1/6) = 0.68 Jaccard of
# title 3-grams: finds a title with small edits (P = 0.96 at Jaccard 0.8) but rarely pairs
# template-alike titles (P = 0.15 at 0.5, 0.04 at 0.4; the template-alike real pair has 0.15).
TITLE_PERM, TITLE_BANDS = 60, (10, 6)
# A title whose LSH query returns more than TITLE_BUCKET_MAX units (itself included) is a shared
# template ("如何評估 LLM 在…"), not a repeat, and adds no title pairs (MinHashLSH has no bucket
# cap, so the cap applies to the query result, the union of the unit's buckets; it never
# removes a pair another generator finds). On the synthetic 10,000 bank the uncapped title
# queries added 55,000 candidate pairs (5.5 per unit) in the first round, none accepted, and
# cost 1.4 of 6.7 CPU seconds. Capping the union is stricter than the former per-bucket cap
# (11,400 first-round candidates instead of 16,900), with the same groups on both banks.
TITLE_BUCKET_MAX = 8
# Sentence blocking: folded sentences of >= 10 characters shared by <= 8 units. Shorter ones
# (bold labels such as "模型優化", "應用場景") and ones in more units (boilerplate) only add
# candidates that fail the answer rules.
PASSAGE_MIN_CHARS = 10
PASSAGE_MAX_UNITS = 8
SEED = 1

REASONS = ("same-question", "near-repeat", "same-answer")
_BREAK = "\ue000"  # private-use sentinel: survives fold_for_matching(), marks sentence ends
_BREAKS = "。！？；!?;\n"
_EMPTY = np.zeros(0, dtype=np.uint64)


@dataclass(frozen=True)
class Merged:
    """A unit dropped from display because it repeats its group's canonical unit.

    Attributes:
        question: the dropped unit.
        title_score: ``fuzz.ratio`` of its folded title and the canonical's, in ``[0, 1]``.
        answer_score: 3-gram containment of the smaller of the two answers in the larger, ``[0, 1]``.
        reason: ``"same-question"``, ``"near-repeat"`` or ``"same-answer"`` — the rule that
            holds against the canonical, else the rule of the first pair that linked it.
    """

    question: Question
    title_score: float
    answer_score: float
    reason: str


@dataclass(frozen=True)
class Carried:
    """A sentence of a dropped unit that the canonical answer lacks, kept under the canonical.

    Attributes:
        sentence: the sentence's original Markdown (inline markup kept, no list bullet); a
            code line as written.
        source: the dropped unit it comes from.
    """

    sentence: str
    source: Question
    index: int = -1


@dataclass(frozen=True)
class CarriedText:
    """The carried sentences of one dropped version as Markdown that keeps their structure.

    Attributes:
        source: the dropped unit the text comes from (its id stays a valid anchor).
        markdown: the lines of ``source.answer`` that hold a carried sentence, each with only its
            carried sentences, plus the lines that give them their place (see
            :func:`carried_texts`): a sentence stays under its bold label, a nested item under its
            parent item, a list under its introduction, a code line inside its whole fenced block.
    """

    source: Question
    markdown: str


@dataclass(frozen=True)
class Group:
    """Two or more units that are one question.

    Attributes:
        canonical: the unit shown in full.
        merged: the other units, in (page, line) order; never includes the canonical.
        carried: sentences of ``merged`` answers not covered by the canonical answer, in
            (page, line, sentence) order, without repeats.
    """

    canonical: Question
    merged: tuple[Merged, ...]
    carried: tuple[Carried, ...]

    @property
    def members(self) -> tuple[Question, ...]:
        """The canonical unit followed by the merged units."""
        return (self.canonical, *(m.question for m in self.merged))


@dataclass(frozen=True)
class DedupResult:
    """What :func:`dedupe` found.

    Attributes:
        groups: groups of two or more units, ordered by their canonical's (page, line).
        units_in: number of input units.
        units_shown: units still shown in full, ``units_in - sum(len(g.merged))``.
    """

    groups: tuple[Group, ...]
    units_in: int
    units_shown: int
    #: candidate pairs that were scored and kept apart: ``(question, question, title_score, answer_score,
    #: size_ratio)`` in (page, line) order of the first; the report says which rule each pair missed
    kept_apart: tuple = ()
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for group in self.groups:
            for question in group.members:
                self._index[question.id] = group

    def group_of(self, question_id: str) -> Group | None:
        """The group holding the unit with this id (as canonical or merged), else ``None``."""
        return self._index.get(question_id)

    def to_report(self) -> dict:
        """A JSON-ready summary.

        Returns:
            ``{"units_in", "units_shown", "groups": [{"canonical", "canonical_file",
            "canonical_line", "merged": [{"id", "file", "line", "title_score",
            "answer_score", "reason"}], "carried": [{"sentence", "from_id", "from_file",
            "from_line"}]}]}``; scores are rounded to 3 decimals.
        """
        return {
            "units_in": self.units_in,
            "units_shown": self.units_shown,
            "groups": [
                {
                    "canonical": g.canonical.id,
                    "canonical_file": g.canonical.page,
                    "canonical_line": g.canonical.line,
                    "merged": [
                        {"id": m.question.id, "file": m.question.page, "line": m.question.line,
                         "title_score": round(m.title_score, 3), "answer_score": round(m.answer_score, 3),
                         "reason": m.reason}
                        for m in g.merged
                    ],
                    "carried": [
                        {"sentence": c.sentence, "from_id": c.source.id, "from_file": c.source.page,
                         "from_line": c.source.line}
                        for c in g.carried
                    ],
                }
                for g in self.groups
            ],
            "kept_apart": [
                {"ids": [a.id, b.id], "files": [f"{a.page}:{a.line}", f"{b.page}:{b.line}"],
                 "title_score": round(title, 3), "answer_score": round(answer, 3), "why": kept_apart_reason(title, answer, size)}
                for a, b, title, answer, size in self.kept_apart
            ],
        }


# --- features ----------------------------------------------------------------------------

def gram_codes(folded: str, n: int = NGRAM) -> np.ndarray:
    """The distinct character ``n``-grams (``n <= 3``) of a folded string as sorted ``uint64`` codes.

    Each code packs the ``n`` code points (21 bits each); a string shorter than ``n`` gives one
    code for the whole string, ``''`` gives an empty array.
    """
    if not folded:
        return _EMPTY
    if len(folded) < n:
        folded += "\0" * (n - len(folded))  # NUL never survives fold_for_matching(), so no clash with real grams
    points = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    count = len(points) - n + 1
    codes = points[:count] << np.uint64(21 * (n - 1))
    for k in range(1, n):
        codes |= points[k : count + k] << np.uint64(21 * (n - 1 - k))
    codes.sort()
    if count > 1:
        codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
    return codes


def containment(small: np.ndarray, large: np.ndarray) -> float:
    """Share of ``small``'s gram codes found in ``large`` (both sorted, distinct); 1.0 if ``small`` is empty."""
    if not len(small):
        return 1.0
    if not len(large):
        return 0.0
    found = np.searchsorted(large, small)
    found[found == len(large)] = 0
    return int(np.count_nonzero(large[found] == small)) / len(small)


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutation parameters ``(a, b)`` for ``num_perm`` and :data:`SEED`."""
    # generated as datasketch 2.0's MinHash._init_permutations does (numpy RandomState(seed); a odd),
    # so importing datasketch (and SciPy, which it imports, ~1 s) is not needed to build the site;
    # tests/unit/test_dedup.py checks the signatures against datasketch's own MinHash
    generator = np.random.RandomState(SEED)
    a = generator.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = generator.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer (the pre-mix datasketch's affine32 scheme applies)."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def gram_hash32(code: int) -> int:
    """The 32-bit input hash of one gram code: its two 32-bit halves XORed."""
    return (code ^ (code >> 32)) & 0xFFFFFFFF


def signature(codes: np.ndarray, num_perm: int) -> np.ndarray:
    """The MinHash signature (``uint32[num_perm]``) of a set of gram codes.

    Identical to ``datasketch.MinHash(num_perm, seed=SEED, scheme="affine32",
    hashfunc=gram_hash32)`` updated with every code, but computed in one vectorised numpy
    pass instead of a Python call per gram. An empty set gives all ``0xFFFFFFFF``.
    """
    values = np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    if len(codes):
        a, b = _permutations(num_perm)
        hashed = _fmix32(((codes ^ (codes >> np.uint64(32))) & np.uint64(0xFFFFFFFF)).astype(np.uint32))
        for start in range(0, len(hashed), 2048):
            permuted = hashed[start : start + 2048, None] * a  # (grams, num_perm), wraps mod 2**32
            permuted += b
            values = np.minimum(values, permuted.min(axis=0))
    return values


def minhash(codes: np.ndarray, num_perm: int):
    """:func:`signature` wrapped as a datasketch ``MinHash`` (for callers who want its API)."""
    from datasketch import MinHash

    a, b = _permutations(num_perm)
    return MinHash(num_perm=num_perm, seed=SEED, hashfunc=gram_hash32, hashvalues=signature(codes, num_perm),
                   permutations=np.array([a, b]), scheme="affine32")


@dataclass
class _Unit:
    """Matching features of one unit (its answer may be a canonical's merged answer)."""

    question: Question
    title: str
    title_grams: np.ndarray
    answer: str
    grams: np.ndarray
    passages: frozenset[str]

    @classmethod
    def of(cls, question: Question, title: str, answer: str | None = None,
           title_grams: np.ndarray | None = None) -> _Unit:
        text = question.answer if answer is None else answer
        for mark in _BREAKS:  # str.replace per mark is ~100x faster than str.translate here
            text = text.replace(mark, _BREAK)
        pieces = fold_for_matching(text).split(_BREAK)
        folded = "".join(pieces)
        return cls(question, title, gram_codes(title) if title_grams is None else title_grams, folded,
                   gram_codes(folded), frozenset(p for p in pieces if len(p) >= PASSAGE_MIN_CHARS))

    @property
    def completeness(self) -> tuple[int, int]:
        return (len(self.grams), len(self.answer))


def _score(a: _Unit, b: _Unit) -> tuple[float, float, float]:
    """``(title_score, answer_score, size_ratio)`` of two units."""
    small, large = (a.grams, b.grams) if len(a.grams) <= len(b.grams) else (b.grams, a.grams)
    title = 1.0 if a.title == b.title else fuzz.ratio(a.title, b.title) / 100
    size = len(small) / len(large) if len(large) else 1.0
    return title, containment(small, large), size


def kept_apart_reason(title: float, answer: float, size: float) -> str:
    """Why a scored candidate pair is not one question, in the rules' own terms (module docstring)."""
    near = (f"titles {title:.2f} < {TITLE_NEAR}" if title < TITLE_NEAR else f"answers share {answer:.2f} < {ANSWER_NEAR}")
    same = (f"answer containment {answer:.2f} < {ANSWER_SAME}" if answer < ANSWER_SAME else f"sizes {size:.2f} < {SIZE_SAME}")
    return f"titles differ; not near-repeat ({near}); not same-answer ({same})"


def _reason(a: _Unit, b: _Unit, scores: tuple[float, float, float]) -> str | None:
    """The rule under which ``a`` and ``b`` are one question, or ``None``."""
    title, answer, size = scores
    if a.title and a.title == b.title:
        return "same-question"
    if title >= TITLE_NEAR and answer >= ANSWER_NEAR and len(a.grams) and len(b.grams):
        return "near-repeat"
    if answer >= ANSWER_SAME and size >= SIZE_SAME and len(a.grams) and len(b.grams):
        return "same-answer"
    return None


# --- candidate generation ----------------------------------------------------------------

def _bucket_pairs(bucket: list[int], out: set[tuple[int, int]]) -> None:
    """Add every pair ``(i, j)``, ``i < j``, of a sorted bucket to ``out``."""
    for i, first in enumerate(bucket):
        for second in bucket[i + 1 :]:
            out.add((first, second))


class _Index:
    """The candidate generators over the shown units; answers of canonicals are updated as they grow.

    The two LSH indexes (:class:`_Bands`) hold exactly the shown units with a non-empty
    title (answer): :meth:`candidates` removes units no longer shown and inserts shown ones not
    yet indexed, and :meth:`replace` removes a canonical's answer and re-inserts its merged one.
    """

    def __init__(self, units: list[_Unit]) -> None:
        self.units = units
        self.titles: dict[str, list[int]] = {}
        self.passages: dict[str, list[int]] = {}
        for key, unit in enumerate(units):
            self.titles.setdefault(unit.title, []).append(key)
            for passage in unit.passages:
                self.passages.setdefault(passage, []).append(key)
        self.title_lsh = _Bands(*TITLE_BANDS)
        self.answer_lsh = _Bands(*ANSWER_BANDS)
        self.title_hashes = [_minhash_or_none(u.title_grams, TITLE_PERM) for u in units]
        self.answer_hashes = [_minhash_or_none(u.grams, ANSWER_PERM) for u in units]
        self.indexed: set[int] = set()

    def replace(self, key: int, unit: _Unit) -> None:
        """Give unit ``key`` new answer features (its merged answer)."""
        for passage in self.units[key].passages - unit.passages:
            self.passages[passage].remove(key)
        for passage in sorted(unit.passages - self.units[key].passages):
            self.passages.setdefault(passage, []).append(key)
        if key in self.indexed and self.answer_hashes[key] is not None:
            self.answer_lsh.remove(key)
        self.answer_hashes[key] = _minhash_or_none(unit.grams, ANSWER_PERM)
        if key in self.indexed and self.answer_hashes[key] is not None:
            self.answer_lsh.insert(key, self.answer_hashes[key])
        self.units[key] = unit

    def _index(self, shown: set[int]) -> None:
        """Make the LSH indexes hold exactly the ``shown`` units."""
        for key in sorted(self.indexed - shown):
            if self.title_hashes[key] is not None:
                self.title_lsh.remove(key)
            if self.answer_hashes[key] is not None:
                self.answer_lsh.remove(key)
        for key in sorted(shown - self.indexed):
            if self.title_hashes[key] is not None:
                self.title_lsh.insert(key, self.title_hashes[key])
            if self.answer_hashes[key] is not None:
                self.answer_lsh.insert(key, self.answer_hashes[key])
        self.indexed = set(shown)

    def candidates(self, shown: set[int]) -> list[tuple[int, int]]:
        """Sorted pairs ``(i, j)``, ``i < j``, of shown units that may repeat.

        The result depends only on the shown units and their current features (the LSH
        indexes and the bucket caps count shown units only), so a later run on the shown
        units alone sees the same pairs.
        """
        self._index(shown)
        out: set[tuple[int, int]] = set()
        titles = {self.units[k].title for k in shown}
        for title in titles:
            bucket = [k for k in self.titles[title] if k in shown]
            if len(bucket) > 1:
                _bucket_pairs(sorted(bucket), out)
        passages = {passage for k in shown for passage in self.units[k].passages}
        for passage in passages:
            bucket = [k for k in self.passages[passage] if k in shown]
            if 1 < len(bucket) <= PASSAGE_MAX_UNITS:
                _bucket_pairs(sorted(bucket), out)
        for key in shown:
            if self.title_hashes[key] is not None:
                found = self.title_lsh.query(self.title_hashes[key])
                if len(found) <= TITLE_BUCKET_MAX:
                    out.update((min(key, k), max(key, k)) for k in found if k != key)
            if self.answer_hashes[key] is not None:
                out.update((min(key, k), max(key, k)) for k in self.answer_lsh.query(self.answer_hashes[key])
                           if k != key)
        return sorted(out)


def _minhash_or_none(codes: np.ndarray, num_perm: int) -> np.ndarray | None:
    """:func:`signature` of a non-empty gram set; ``None`` for an empty one (never indexed: all
    empty sets have one signature and would all share buckets)."""
    return signature(codes, num_perm) if len(codes) else None


class _Bands:
    """MinHash LSH with fixed ``(bands, rows)``, as ``datasketch.MinHashLSH(params=(bands, rows))``: a key is
    in one bucket per band, keyed by the bytes of that band of its signature; a query returns every key
    sharing at least one bucket. (datasketch's index is not imported: it loads SciPy, ~1 s per build.)"""

    def __init__(self, bands: int, rows: int) -> None:
        self.ranges = [(i * rows, (i + 1) * rows) for i in range(bands)]
        self.tables: list[dict[bytes, set]] = [{} for _ in range(bands)]
        self.keys: dict = {}

    def _buckets(self, values: np.ndarray) -> list[bytes]:
        return [values[start:end].tobytes() for start, end in self.ranges]

    def insert(self, key, values: np.ndarray) -> None:
        buckets = self.keys[key] = self._buckets(values)
        for table, bucket in zip(self.tables, buckets):
            table.setdefault(bucket, set()).add(key)

    def remove(self, key) -> None:
        for table, bucket in zip(self.tables, self.keys.pop(key)):
            table[bucket].discard(key)
            if not table[bucket]:
                del table[bucket]

    def query(self, values: np.ndarray) -> set:
        found: set = set()
        for table, bucket in zip(self.tables, self._buckets(values)):
            found |= table.get(bucket, set())
        return found


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, key: int) -> int:
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]
            key = self.parent[key]
        return key

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        if rb < ra:
            ra, rb = rb, ra
        self.parent[rb] = ra
        return True


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


def _carry(canonical: Question, others: list[Question]) -> tuple[Carried, ...]:
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


def carried_texts(group: Group, translated: list[str] | tuple[str, ...] | None = None) -> tuple[CarriedText, ...]:
    """The carried sentences of ``group`` as Markdown with their structure, one per source version.

    Args:
        group: a dedup group.
        translated: optional replacements (an English edition's), one per ``group.carried`` item
            in the same order, put in place of the carried sentences; the context lines (covered
            Chinese labels and introductions) are then wrapped in ``<span lang="zh-Hant">``.

    Raises:
        ValueError: ``translated`` is given but its length differs from ``group.carried``.

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
    out: list[CarriedText] = []
    for source_id in order:
        source, keep = by_source[source_id]
        out.append(CarriedText(source, _excerpt(source.answer, keep, translated is not None)))
    return tuple(out)


def _excerpt(answer: str, keep: dict[int, str | None], mark_context: bool = False) -> str:
    """The lines of ``answer`` holding the sentences of ``keep`` (sentence index → replacement text
    or ``None``) and their context lines (see :func:`carried_texts`)."""
    lines = answer.splitlines()
    kinds = _line_kinds(lines)
    sentences = split_sentences(answer)
    by_line: dict[int, list[int]] = {}
    for index, sentence in enumerate(sentences):
        by_line.setdefault(sentence.line, []).append(index)
    shown: dict[int, str] = {}
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
            if mark_context and kinds[parent].kind not in ("code", "table"):
                parent_prefix = _BLOCK_PREFIX.match(text).group(0)
                text = f'{parent_prefix}<span lang="zh-Hant">{text[len(parent_prefix):]}</span>'
            shown[parent] = text
    # an introduction whose list is all covered comes with that list (context), never alone
    for line_no in [n for n in sorted(shown) if n in by_line and any(i in keep for i in by_line[n])]:
        if kinds[line_no].kind == "code" or not lines[line_no].rstrip().endswith(_INTRO_END):
            continue
        listed = _list_after(kinds, line_no)
        if listed and not any(k in shown for k in listed):
            for k in listed:
                text = lines[k]
                if mark_context and kinds[k].kind not in ("code", "table"):
                    prefix = _BLOCK_PREFIX.match(text).group(0)
                    text = f'{prefix}<span lang="zh-Hant">{text[len(prefix):]}</span>'
                shown[k] = text
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


# --- the algorithm -----------------------------------------------------------------------

def _sorted_units(pages: list[TopicPage]) -> list[Question]:
    questions = [q for page in pages for q in page.questions]
    return sorted(questions, key=lambda q: (q.page, q.line, q.id))


def _build_group(members: list[int], questions: list[Question], units: list[_Unit],
                 links: dict[int, str]) -> Group:
    """Choose the canonical of ``members`` (keys in (page, line) order) and carry sentences."""
    marked = [k for k in members if questions[k].canonical]
    if len(marked) > 1:
        second = questions[marked[1]]
        first = questions[marked[0]]
        raise ContentError(second.page, second.line,
                           f"question '{second.id}' is marked data-canonical but repeats '{first.id}' "
                           f"({first.page}:{first.line}), which is marked too; remove one of the marks")
    if marked:
        head = marked[0]
    else:
        # max() keeps the first of equal maxima and members are in (page, line) order.
        head = max(members, key=lambda k: units[k].completeness)
    canonical = units[head]
    merged = []
    for key in members:
        if key == head:
            continue
        scores = _score(canonical, units[key])
        reason = _reason(canonical, units[key], scores) or links[key]
        merged.append(Merged(questions[key], scores[0], scores[1], reason))
    others = [questions[k] for k in members if k != head]
    return Group(questions[head], tuple(merged), _carry(questions[head], others))


def dedupe(pages: list[TopicPage]) -> DedupResult:
    """Group repeated question/answer units of ``pages``.

    Args:
        pages: parsed topic pages (any order; the result depends only on their content, as
            units are processed in (page path, line) order).

    Returns:
        A :class:`DedupResult` whose groups (two or more units each) follow the rules in the
        module docstring; ``units_in`` counts all input units and ``units_shown`` those not
        merged away.

    Raises:
        ContentError: two units of one group are both marked ``data-canonical``; the error
            names the second one's page and line (in (page, line) order).

    Thresholds are module constants measured on ``docs/*.md`` and synthetic banks; see the
    module docstring.
    """
    questions = _sorted_units(pages)
    titles = fold_many_for_matching([strip_numbering(q.title) for q in questions])
    original = [_Unit.of(q, title) for q, title in zip(questions, titles)]
    index = _Index(list(original))
    forest = _UnionFind(len(questions))
    links: dict[int, str] = {}  # key -> rule of the first accepted pair that joined it
    groups: dict[int, Group] = {}  # canonical key -> group
    shown = set(range(len(questions)))
    fresh = set(shown)  # units whose features are new since they were last compared
    compared: set[tuple[int, int]] = set()  # pairs scored (and rejected) with current features
    rejected: dict[tuple[int, int], tuple[float, float, float]] = {}  # their last scores, for the report

    while True:
        joined = False
        for key, other in index.candidates(shown):
            if (key, other) in compared and key not in fresh and other not in fresh:
                continue
            compared.add((key, other))
            if forest.find(key) == forest.find(other):
                continue
            a, b = index.units[key], index.units[other]
            scores = _score(a, b)
            reason = _reason(a, b, scores)
            if reason is None:
                rejected[(min(key, other), max(key, other))] = scores
                continue
            links.setdefault(key, reason)
            links.setdefault(other, reason)
            forest.union(key, other)
            joined = True
        if not joined:
            break
        members: dict[int, list[int]] = {}
        for key in range(len(questions)):
            members.setdefault(forest.find(key), []).append(key)
        before = {head: frozenset(q.id for q in g.members) for head, g in groups.items()}
        groups, fresh = {}, set()
        for keys in members.values():
            if len(keys) < 2:
                continue
            group = _build_group(keys, questions, original, links)
            head = next(k for k in keys if questions[k] is group.canonical)
            groups[head] = group
            if before.get(head) != frozenset(q.id for q in group.members):
                fresh.add(head)
                index.replace(head, _Unit.of(questions[head], titles[head], merged_answer(group),
                                             original[head].title_grams))
        shown = {keys[0] for keys in members.values() if len(keys) == 1} | set(groups)

    ordered = tuple(sorted(groups.values(), key=lambda g: (g.canonical.page, g.canonical.line, g.canonical.id)))
    dropped = sum(len(g.merged) for g in ordered)
    apart = tuple((questions[a], questions[b], *scores) for (a, b), scores in sorted(rejected.items())
                  if forest.find(a) != forest.find(b))
    return DedupResult(ordered, len(questions), len(questions) - dropped, apart)


# --- helpers for renderers ---------------------------------------------------------------

def shown_questions(pages: list[TopicPage], result: DedupResult) -> dict[str, list[Question]]:
    """Which units each page still shows in full.

    Args:
        pages: the pages given to :func:`dedupe`.
        result: its result.

    Returns:
        ``{page path: [questions shown, in page order]}`` for every page (possibly ``[]``).
    """
    dropped = {m.question.id for g in result.groups for m in g.merged}
    return {page.path: [q for q in page.questions if q.id not in dropped] for page in pages}


def stubs(pages: list[TopicPage], result: DedupResult) -> dict[str, list[tuple[Question, Question]]]:
    """Dropped units whose canonical lives on another page, for "see there" stubs.

    Args:
        pages: the pages given to :func:`dedupe`.
        result: its result.

    Returns:
        ``{page path: [(dropped unit, its canonical), ...]}`` in page order of the dropped
        units, for every page (possibly ``[]``). A unit repeated on its canonical's own page
        gets no stub.
    """
    out: dict[str, list[tuple[Question, Question]]] = {}
    for page in pages:
        entries = []
        for question in page.questions:
            group = result.group_of(question.id)
            if group is not None and group.canonical.id != question.id and group.canonical.page != page.path:
                entries.append((question, group.canonical))
        out[page.path] = entries
    return out
