"""Assertions shared by the dedup tests."""
from qa.dedup import DedupResult, sentence_covered
from qa.normalize import fold_for_matching, ngrams, split_sentences


def assert_nothing_lost(result: DedupResult) -> None:
    """Every sentence of every merged unit is in its group's canonical answer or carried sentences."""
    for group in result.groups:
        text = fold_for_matching(group.canonical.answer) + "".join(fold_for_matching(c.sentence) for c in group.carried)
        grams = ngrams(fold_for_matching(group.canonical.answer)).union(*(ngrams(fold_for_matching(c.sentence)) for c in group.carried))
        for merged in group.merged:
            for sentence in split_sentences(merged.question.answer):
                assert sentence_covered(sentence.folded, grams, text), (merged.question.id, sentence.text)
