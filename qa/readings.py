"""Chinese readings from pypinyin, kept on disk from one build to the next.

Importing pypinyin loads its phrase dictionary: about 0.5 s of CPU in every process that reads a word
(the build orders the glossary by reading, the search worker gives the index's characters their sounds),
while a build asks for the same few hundred words and few thousand characters as the build before. A
:class:`Readings` answers from its file when it can, imports pypinyin only for what the file lacks, and
writes the file again when it learnt something (:meth:`Readings.save`).

The answers are pypinyin's own (:func:`pypinyin.pinyin` on the whole text, so a phrase is read as a
phrase: 重 in 權重 reads zhòng), one string per syllable; a run pypinyin cannot read comes back as one
string, :data:`UNREAD` followed by the run, so each caller decides what an unread run means. The file is
named after pypinyin's installed version: another version's readings are never used.
"""
from __future__ import annotations

import json
import os
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

#: the readings asked for: pypinyin ``Style`` names
STYLES = ("BOPOMOFO", "TONE3", "NORMAL")
#: starts the one string of a run pypinyin cannot read (then the run itself); never a reading's first character
UNREAD = "\x00"


def _pypinyin_version() -> str:
    try:
        return version("pypinyin")
    except PackageNotFoundError:
        return "missing"


class Readings:
    """pypinyin's readings of texts, memoized in memory and, with ``cache_dir``, in a JSON file there.

    Args:
        cache_dir: the folder of the file (created when saved), or ``None`` for memory only.
        name: the file's name stem, so two processes of one build (the build, the search worker) each
            keep their own file and never write over each other's readings.

    A damaged or unreadable file counts as empty (its readings are asked of pypinyin again)."""

    def __init__(self, cache_dir: Path | None = None, name: str = "readings") -> None:
        self.path = cache_dir / f"{name}-pypinyin-{_pypinyin_version()}.json" if cache_dir is not None else None
        self._known: dict[str, dict[str, list[str]]] = {style: {} for style in STYLES}
        self._learnt = False
        if self.path is not None:
            try:
                stored = json.loads(self.path.read_text(encoding="utf-8"))
                for style in STYLES:
                    self._known[style].update({text: list(readings) for text, readings in stored.get(style, {}).items()
                                               if isinstance(readings, list)})
            except (OSError, ValueError, AttributeError):
                pass

    def of(self, text: str, style: str = "NORMAL", neutral_tone_with_five: bool = False) -> list[str]:
        """pypinyin's first reading of each syllable of ``text`` in ``style`` (one of :data:`STYLES`):
        ``of("權重", "TONE3") == ["quan2", "zhong4"]``; an unreadable run is one :data:`UNREAD` string
        (``of("A", "NORMAL") == ["\\x00A"]``). ``neutral_tone_with_five`` is pypinyin's option (TONE3 only)."""
        key = f"5:{text}" if neutral_tone_with_five else text
        known = self._known[style]
        found = known.get(key)
        if found is None:
            from pypinyin import Style, pinyin

            options = {"neutral_tone_with_five": True} if neutral_tone_with_five else {}
            found = known[key] = [syllable for (syllable, *_) in pinyin(
                text, style=getattr(Style, style), errors=lambda run: [[UNREAD + run]], **options)]
            self._learnt = True
        return found

    def save(self) -> None:
        """Write the file (whole, then renamed into place) if this object read anything the file lacked;
        an unwritable folder is no error (the next build asks pypinyin again)."""
        if self.path is None or not self._learnt:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(self._known, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, self.path)
            self._learnt = False
        except OSError:
            pass
