"""Find repeated question/answer units across topic pages and merge them without losing text.

Pure Python, no MkDocs: :func:`dedupe` takes parsed :class:`~qa.model.TopicPage` objects and
returns a :class:`~qa.model.DedupResult`. Its parts: :mod:`qa.similarity` (features, scores, rules,
candidate pairs) and :mod:`qa.carried` (the sentences a dropped unit adds, and their Markdown).
The thresholds, their measurements and the cost figures are in ``adr/0004-dedup-thresholds.md``.

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
   banded like ``datasketch.MinHashLSH`` with fixed ``params=(bands, rows)`` (:class:`Bands`), holding the shown units
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
"""
from __future__ import annotations



from .errors import ContentError
from .model import DedupResult, Group, Merged, Question, TopicPage
from .normalize import fold_many_for_matching, strip_numbering

from .carried import carry, merged_answer
from .similarity import CandidateIndex, Unit, UnionFind, kept_apart_reason, pair_reason, score_pair

# --- the algorithm -----------------------------------------------------------------------

def _sorted_units(pages: list[TopicPage]) -> list[Question]:
    questions = [q for page in pages for q in page.questions]
    return sorted(questions, key=lambda q: (q.page, q.line, q.id))


def _build_group(members: list[int], questions: list[Question], units: list[Unit],
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
        scores = score_pair(canonical, units[key])
        reason = pair_reason(canonical, units[key], scores) or links[key]
        merged.append(Merged(questions[key], scores[0], scores[1], reason))
    others = [questions[k] for k in members if k != head]
    return Group(questions[head], tuple(merged), carry(questions[head], others))


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
    original = [Unit.of(q, title) for q, title in zip(questions, titles)]
    index = CandidateIndex(list(original))
    forest = UnionFind(len(questions))
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
            scores = score_pair(a, b)
            reason = pair_reason(a, b, scores)
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
                index.replace(head, Unit.of(questions[head], titles[head], merged_answer(group),
                                             original[head].title_grams))
        shown = {keys[0] for keys in members.values() if len(keys) == 1} | set(groups)

    ordered = tuple(sorted(groups.values(), key=lambda g: (g.canonical.page, g.canonical.line, g.canonical.id)))
    dropped = sum(len(g.merged) for g in ordered)
    apart = tuple((questions[a], questions[b], *scores) for (a, b), scores in sorted(rejected.items())
                  if forest.find(a) != forest.find(b))
    return DedupResult(ordered, len(questions), len(questions) - dropped, apart)


def dedup_report(result: DedupResult) -> dict:
    """A JSON-ready summary of ``result`` (the dedup report, ``.cache/dedup-report.json``).

    Returns:
        ``{"units_in", "units_shown", "groups": [{"canonical", "canonical_file",
        "canonical_line", "merged": [{"id", "file", "line", "title_score",
        "answer_score", "reason"}], "carried": [{"sentence", "from_id", "from_file",
        "from_line"}]}]}``; scores are rounded to 3 decimals.
    """
    return {
        "units_in": result.units_in,
        "units_shown": result.units_shown,
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
            for g in result.groups
        ],
        "kept_apart": [
            {"ids": [a.id, b.id], "files": [f"{a.page}:{a.line}", f"{b.page}:{b.line}"],
             "title_score": round(title, 3), "answer_score": round(answer, 3), "why": kept_apart_reason(title, answer, size)}
            for a, b, title, answer, size in result.kept_apart
        ],
    }
