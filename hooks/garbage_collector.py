"""Stage: how the build process's garbage collector runs (CPython's cyclic collector, module ``gc``).

A build holds hundreds of thousands of objects that live until it ends (the bank, the editions, the Markdown
and Jinja state of every locale pass), and CPython's collector walks the ones it tracks again at every full
collection and once more while the interpreter shuts down. For a command that builds once and ends
(``mkdocs build``, ``mkdocs gh-deploy``):

- :func:`start` (``on_startup``): the youngest generation is collected after 200,000 net allocations instead of
  CPython's 700, the thresholds mypy sets for the same reason (python/mypy, ``mypy/build.py``: "Run gc less
  frequently, as otherwise we can spend a large fraction of cpu in gc"). Reference counting still frees every
  object that is not in a cycle at once; only the search for cycles runs less often.
- :func:`finish` (``on_shutdown``): every object left is moved to the permanent generation (``gc.freeze``),
  which the collection at interpreter exit skips; the operating system takes the process's memory back.

``mkdocs serve`` keeps CPython's settings: it lives on between rebuilds, and its memory must be collected.
A program that runs a build inside its own process (the tests) puts ``gc.get_threshold()`` back and calls
``gc.unfreeze()`` after it. The figures are in adr/0002-build-workers.md.
"""
from __future__ import annotations

import gc
import platform

#: :func:`gc.set_threshold` for a command that builds once (mypy's values)
THRESHOLDS = (200_000, 30, 30)
#: the MkDocs commands (``on_startup``'s ``command``) whose process ends when the build is done
ONE_BUILD = ("build", "gh-deploy")


def start(command: str) -> None:
    """Collect less often for a command in :data:`ONE_BUILD` (CPython only); otherwise change nothing."""
    if command in ONE_BUILD and platform.python_implementation() == "CPython":
        gc.set_threshold(*THRESHOLDS)


def finish(command: str | None) -> None:
    """Freeze what is left when a command in :data:`ONE_BUILD` ends, so the interpreter's exit does not collect it."""
    if command in ONE_BUILD:
        gc.freeze()
