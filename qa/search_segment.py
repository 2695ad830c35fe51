"""Segmentation for the search index: jieba's dictionary, loaded once per process, and segmenters made from it.

Re-exported by ``qa.search``. jieba is imported lazily; its absence raises ``SearchBuildError``, which the hook
turns into a failed build. No MkDocs import.
"""
from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from .search_fold import SearchBuildError, _HAS_CJK

_kept: dict = {}  # cache folder → jieba's loaded dictionary (keep_dictionary)


def _load_dictionary(cache_dir: Path | None):
    """A ``jieba.Tokenizer`` with its prefix dictionary loaded and no user words; errors as make_segmenter's."""
    try:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        if cache_dir is not None:  # jieba writes it through a temporary file and a rename: builds can share it
            cache_dir.mkdir(parents=True, exist_ok=True)
            tokenizer.tmp_dir, tokenizer.cache_file = str(cache_dir), f"jieba-{jieba.__version__}.cache"
        tokenizer.initialize()
    except Exception as exc:
        raise SearchBuildError(f"the Chinese segmenter jieba cannot be loaded: {exc}; run `make setup`") from None
    return tokenizer


def keep_dictionary(cache_dir: Path | None = None) -> None:
    """Load jieba's dictionary once and keep it in this process: every later :func:`make_segmenter` of
    ``cache_dir`` here, and in the processes this one forks, copies it (about 12 ms) instead of loading it
    (about 0.55 s). For a process that makes many segmenters (the tests' in-process builds); a build makes
    one, and a kept dictionary beside its copy would only add to its peak memory. Errors as make_segmenter's."""
    if cache_dir not in _kept:
        _kept[cache_dir] = _load_dictionary(cache_dir)


def make_segmenter(user_words: Iterable[str], cache_dir: Path | None = None) -> Callable[[str], list[str]]:
    """A jieba search-mode segmenter for folded Chinese text, knowing ``user_words`` as whole words.

    Args:
        user_words: folded (Simplified) terms, e.g. the glossary's Chinese forms.
        cache_dir: a folder (made if missing) for jieba's prefix-dictionary cache, named after jieba's
            version; ``None``: jieba's own place (the temporary folder). Loading the cache takes about a
            tenth of building the dictionary (1.5 s).

    Returns:
        ``cut(run) -> words``: jieba's ``cut_for_search`` (whole words and their 2- and 3-character
        parts) with HMM off, so the words are dictionary words and repeatable.

    Raises:
        SearchBuildError: jieba cannot be imported or its dictionary cannot be loaded. The search
            index must not be built without a segmenter (queries would then find nothing).
    """
    kept = _kept.get(cache_dir)
    if kept is None:
        tokenizer = _load_dictionary(cache_dir)
    else:  # add_word changes the frequencies: this segmenter's own copy
        tokenizer = copy.copy(kept)
        tokenizer.FREQ = dict(kept.FREQ)
    for word in user_words:
        if _HAS_CJK.search(word):
            tokenizer.add_word(word, freq=None)
    return lambda run: [w for w in tokenizer.cut_for_search(run, HMM=False) if w.strip()]
