"""Stage: the date of a build, so two builds of the same commit write the same files.

MkDocs dates the sitemap (``<lastmod>`` and the gzip header of sitemap.xml.gz) with today's date
unless ``SOURCE_DATE_EPOCH`` is set (https://reproducible-builds.org/specs/source-date-epoch/).
When it is not set, the build is dated by the last commit that touched docs/ or content/ (the same
date the PDF handout prints), so the date changes with the content, not with the clock. Outside a
git checkout (a source archive, ``git archive``), by the newest modification time of a file under
docs/ or content/ (an archive gives every file its commit's time). Only a folder with neither has no
pinned date, and the build date is today. The value is put in the environment
for one build only (``BuildState.pin_epoch``/``restore_epoch``): a later ``mkdocs serve`` rebuild or
test build in the same process computes its own.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path


def build_epoch(root: Path) -> int | None:
    """``SOURCE_DATE_EPOCH`` from the environment if set, else the commit time (seconds since 1970) of
    the last commit touching ``docs/`` or ``content/`` under ``root``, else (no git) the newest
    modification time of a file there, in whole seconds, else ``None`` (no such file)."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if given.isdigit():
        return int(given)
    try:
        stamp = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "docs", "content"], cwd=root,
                               capture_output=True, text=True, timeout=10, check=False).stdout.strip()
    except OSError:
        stamp = ""
    if stamp.isdigit():
        return int(stamp)
    times = [int(path.stat().st_mtime) for folder in ("docs", "content") for path in (root / folder).rglob("*")
             if path.is_file()]
    return max(times, default=None)
