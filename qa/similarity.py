"""How alike two question/answer units are, and which pairs are worth scoring: the features,
scores, rules and candidate generation of :func:`qa.dedup.dedupe` (steps 1–4 of its algorithm).

Pure Python, no MkDocs. The thresholds below and the measurements they come from are in
``adr/0004-dedup-thresholds.md``; the signatures are datasketch's ``MinHash`` (affine32) values,
computed here without importing datasketch (``tests/unit/test_dedup.py`` checks them against it).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from rapidfuzz import fuzz

from .model import Question
from .normalize import fold_for_matching

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




@dataclass
class Unit:
    """Matching features of one unit (its answer may be a canonical's merged answer)."""

    question: Question
    title: str
    title_grams: np.ndarray
    answer: str
    grams: np.ndarray
    passages: frozenset[str]

    @classmethod
    def of(cls, question: Question, title: str, answer: str | None = None,
           title_grams: np.ndarray | None = None) -> Unit:
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


def score_pair(a: Unit, b: Unit) -> tuple[float, float, float]:
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


def pair_reason(a: Unit, b: Unit, scores: tuple[float, float, float]) -> str | None:
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


class CandidateIndex:
    """The candidate generators over the shown units; answers of canonicals are updated as they grow.

    The two LSH indexes (:class:`Bands`) hold exactly the shown units with a non-empty
    title (answer): :meth:`candidates` removes units no longer shown and inserts shown ones not
    yet indexed, and :meth:`replace` removes a canonical's answer and re-inserts its merged one.
    """

    def __init__(self, units: list[Unit]) -> None:
        self.units = units
        self.titles: dict[str, list[int]] = {}
        self.passages: dict[str, list[int]] = {}
        for key, unit in enumerate(units):
            self.titles.setdefault(unit.title, []).append(key)
            for passage in unit.passages:
                self.passages.setdefault(passage, []).append(key)
        self.title_lsh = Bands(*TITLE_BANDS)
        self.answer_lsh = Bands(*ANSWER_BANDS)
        self.title_hashes = [_minhash_or_none(u.title_grams, TITLE_PERM) for u in units]
        self.answer_hashes = [_minhash_or_none(u.grams, ANSWER_PERM) for u in units]
        self.indexed: set[int] = set()

    def replace(self, key: int, unit: Unit) -> None:
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


class Bands:
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


class UnionFind:
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


