"""Hook: study mode's browser side — each page's study config and each locale's ``study.json``.

Core: ``qa/study.py``. Every page gets ``study`` in its template context (``overrides/main.html``
writes it as ``<script id="qa-study-config" type="application/json">`` and loads
``assets/javascripts/study.js``; ``overrides/partials/header.html`` shows the self-test switch): the
URL of the locale's ``study.json`` relative to the page, the locale and the words of study mode.
After each language pass ``site/study.json`` (zh-Hant) or ``site/en/study.json`` (en) is written: the
numbered questions readers see, their topics and links, and the map of ids that dedup merged to the
question shown for them.
"""
from __future__ import annotations

import json
from pathlib import Path

from _common import topic_pages
from _study import locale_data, prefix, study_locale
from mkdocs.utils import get_relative_url

from qa.study import LABELS

DATA = "study.json"


def on_page_context(context, page, config, nav):
    context["study"] = {"data": get_relative_url(prefix(config) + DATA, page.url), "locale": study_locale(config),
                        "labels": LABELS[study_locale(config)]}
    return context


def on_post_build(config):
    if not topic_pages(config):
        return
    out = Path(config.site_dir) / prefix(config) / DATA
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(locale_data(config), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
