"""Assertions shared by the dedup tests, with their own oracle (not ``qa.dedup.sentence_covered``)."""
import numpy as np

from qa.model import DedupResult, Question, TopicPage
from qa.normalize import fold_for_matching, split_sentences
from qa.similarity import SEED, _permutations, gram_hash32, signature

# The rule as MAINTAINING.md states it ("Nothing lost"): a sentence of another version is shown under the
# canonical answer unless the answer already contains it, i.e. unless at least 90 % of its character
# 3-grams occur in what is shown. Written out here from that definition, not imported from qa.dedup.
COVERED = 0.90


def trigrams(text: str) -> set[str]:
    """The set of character 3-grams of ``text`` (empty below 3 characters)."""
    return {text[i : i + 3] for i in range(len(text) - 2)}


def is_covered(sentence: str, shown: list[str]) -> bool:
    """Whether the folded ``sentence`` is in the folded texts ``shown``: a substring of one of them, or
    (3 characters or more) at least :data:`COVERED` of its 3-grams among theirs."""
    if not sentence or any(sentence in text for text in shown):
        return True
    mine = trigrams(sentence)
    if not mine:
        return False
    theirs = set().union(*(trigrams(text) for text in shown))
    return len(mine & theirs) / len(mine) >= COVERED


def assert_nothing_lost(result: DedupResult) -> None:
    """Every sentence of every merged unit is in its group's canonical answer or carried sentences."""
    for group in result.groups:
        shown = [fold_for_matching(group.canonical.answer)] + [fold_for_matching(c.sentence) for c in group.carried]
        for merged in group.merged:
            for sentence in split_sentences(merged.question.answer):
                assert is_covered(sentence.folded, shown), (merged.question.id, sentence.text)


# -- views of a result the tests check against (the site's own view is qa.render.reading_order) --

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


def minhash(codes: np.ndarray, num_perm: int):
    """:func:`qa.similarity.signature` wrapped as a datasketch ``MinHash`` (for callers who want its API)."""
    from datasketch import MinHash  # a test dependency: checks qa.similarity.signature

    a, b = _permutations(num_perm)
    return MinHash(num_perm=num_perm, seed=SEED, hashfunc=gram_hash32, hashvalues=signature(codes, num_perm),
                   permutations=np.array([a, b]), scheme="affine32")
