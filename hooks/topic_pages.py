"""Hook: find and parse the topic pages (front matter ``kind: topic``) of each build pass.

Fails the build with ``docs/<file>:<line>: <what to fix>`` on broken front matter, a question
heading without an id or answer, an unclosed code fence, or an id used twice site-wide.
Other hooks read the result with :func:`_common.topic_pages`.
"""
from __future__ import annotations

from _common import PAGES_KEY, content_errors

from qa.parse import check_unique_ids, parse_topic_page, split_front_matter


def on_files(files, config):
    pages = []
    with content_errors():
        for file in files.documentation_pages():
            text = file.content_string
            if "kind: topic" not in text[:400]:
                continue
            meta, _, _ = split_front_matter(text, file.src_uri)
            if meta.get("kind") != "topic":
                continue
            pages.append(parse_topic_page(text, file.src_uri))
        pages.sort(key=lambda page: (page.order, page.path))
        check_unique_ids(pages)
    config[PAGES_KEY] = pages
    return files
