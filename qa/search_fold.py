"""Search text folding: one search form per character, as the index and the browser both fold text.

:func:`fold_table` / :func:`fold` map every character to one search form, one character for one character
(so positions in folded text are positions in the original): each character to the representative of its
Traditional/Simplified class (OpenCC ``t2s``, ``s2t``, ``s2tw`` and ``tw2s`` per character, so the
one-to-many 著/着 fold together; kept as data in ``qa/data/character-classes.txt``), full-width ASCII →
ASCII, upper → lower case. The browser folds a query with the same table (``qa-search.json``). Also the
character classes of that table and the patterns of Chinese runs and Latin words. OpenCC is imported only
to derive the classes again; its absence raises :class:`SearchBuildError`.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
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


class SearchBuildError(Exception):
    """The search index cannot be built (segmenter or converter missing, no record, engine failure)."""



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
