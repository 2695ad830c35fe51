"""The one error type the core raises for bad maintainer input."""
from __future__ import annotations


class ContentError(Exception):
    """Bad input in a content file, located to a file and line.

    ``str(error)`` reads ``"docs/applications.md:42: <what is wrong>. <what to do>"`` so a
    maintainer can jump to the spot. Hooks turn it into a build error without a traceback.

    Attributes:
        path: the file, as given to the parser (usually relative to ``docs/``).
        line: 1-based line number, or 0 when the problem concerns the whole file.
        message: what is wrong and how to fix it.
    """

    def __init__(self, path: str, line: int, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        where = f"{path}:{line}" if line else path
        super().__init__(f"{where}: {message}")
