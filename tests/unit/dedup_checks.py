"""Assertions shared by the dedup tests, with their own oracle (not ``qa.dedup.sentence_covered``)."""
from qa.dedup import DedupResult
from qa.normalize import fold_for_matching, split_sentences

# The rule as the README states it ("Nothing lost"): a sentence of another version is shown under the
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
