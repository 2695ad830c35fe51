"""Hook: pin the build date so two builds of the same commit write the same files.

MkDocs dates the sitemap (``<lastmod>`` and the gzip header of sitemap.xml.gz) with today's date
unless ``SOURCE_DATE_EPOCH`` is set (https://reproducible-builds.org/specs/source-date-epoch/).
When it is not set, this hook sets it to the time of the last commit that touched docs/ or
content/ (the same date the PDF handout prints), so the date changes with the content, not with
the clock. Outside a git checkout nothing is pinned and the build date is today, as before.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def on_config(config):
    if not os.environ.get("SOURCE_DATE_EPOCH"):
        try:
            stamp = subprocess.run(["git", "log", "-1", "--format=%ct", "--", "docs", "content"], cwd=ROOT,
                                   capture_output=True, text=True, timeout=10, check=False).stdout.strip()
        except OSError:
            stamp = ""
        if stamp.isdigit():
            os.environ["SOURCE_DATE_EPOCH"] = stamp
    return config
