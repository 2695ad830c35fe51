"""Which characters are Simplified only: the table the content lint's ``simplified`` check reads.

Pure Python, no MkDocs. Derived once from OpenCC's own dictionaries (:func:`derive_simplified_only`) and
kept as data in ``qa/data/opencc-simplified-only.txt`` (regenerate: ``python -m qa.lint
--write-opencc-table``; ``tests/unit/test_lint.py`` checks that it is current).
"""
from __future__ import annotations

import functools
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class OpenCCTables:
    """What the simplified check needs from OpenCC.

    Attributes:
        simplified_only: characters that have a Traditional form and are not valid Traditional.
    """

    simplified_only: frozenset[str]


def _read_ocd2(name: str) -> dict[str, list[str]]:
    """Export one of OpenCC's bundled ``.ocd2`` dictionaries with its own ``opencc_dict`` tool."""
    import opencc

    base = Path(opencc.__file__).resolve().parent / "clib"
    tool, source = base / "bin" / "opencc_dict", base / "share" / "opencc" / f"{name}.ocd2"
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.txt"
        try:
            subprocess.run([str(tool), "-i", str(source), "-o", str(out), "-f", "ocd2", "-t", "text"],
                           check=True, capture_output=True, timeout=60,
                           env=dict(os.environ, LD_LIBRARY_PATH=str(base / "lib64")))
        except (OSError, subprocess.SubprocessError) as exc:
            raise RuntimeError(f"cannot read OpenCC's {name} dictionary with {tool}: {exc}") from None
        table = {}
        for row in out.read_text(encoding="utf-8").splitlines():
            key, _, values = row.partition("\t")
            table[key] = values.split()
    return table


#: the Simplified-only characters, derived once from OpenCC's dictionaries by :func:`derive_simplified_only`
#: and kept as data (regenerate: ``python -m qa.lint --write-opencc-table``; a unit test compares)
OPENCC_TABLE = Path(__file__).resolve().parent / "data" / "opencc-simplified-only.txt"


def derive_simplified_only() -> frozenset[str]:
    """Derive the Simplified-only characters from OpenCC's ``STCharacters`` and ``TWVariants``.

    A character is *Simplified-only* when it is a key of ``STCharacters`` (it has a Traditional
    form) and appears in no ``STCharacters`` candidate list (了 → 了 瞭 keeps 了; 后 → 後 后 keeps
    后) and in no ``TWVariants`` entry (峯 → 峰 keeps 峰, 羣 → 群 keeps 群). Runs OpenCC's
    ``opencc_dict`` tool (bundled with the ``opencc`` wheel) twice, so it is slow and only used to
    write :data:`OPENCC_TABLE` and to check it.

    Raises:
        RuntimeError: the tool cannot run.
    """
    st = _read_ocd2("STCharacters")
    tw = _read_ocd2("TWVariants")
    traditional = {c for values in st.values() for c in values}
    traditional |= {c for key, values in tw.items() for c in [key, *values]}
    return frozenset(c for c in st if len(c) == 1 and c not in traditional)


def format_opencc_table(chars: frozenset[str]) -> str:
    """The text of :data:`OPENCC_TABLE`: a comment header, then the characters in code-point order, 50 a line."""
    import opencc

    ordered = "".join(sorted(chars))
    lines = [f"# Simplified-only characters ({len(ordered)}), derived from OpenCC {getattr(opencc, '__version__', '?')}'s",
             "# STCharacters and TWVariants by qa.simplified_chars.derive_simplified_only; regenerate with",
             "# python -m qa.lint --write-opencc-table (tests/unit/test_lint.py checks it is current)"]
    lines += [ordered[i:i + 50] for i in range(0, len(ordered), 50)]
    return "\n".join(lines) + "\n"


@functools.lru_cache(maxsize=1)
def opencc_tables() -> OpenCCTables:
    """:class:`OpenCCTables` read from :data:`OPENCC_TABLE` (cached; see :func:`derive_simplified_only`)."""
    text = OPENCC_TABLE.read_text(encoding="utf-8")
    chars = "".join(line.strip() for line in text.splitlines() if not line.startswith("#"))
    return OpenCCTables(frozenset(chars))
