"""Reader tools that are not study mode: focus mode's words, and each question's "report a problem" link.

Pure Python, no MkDocs. ``hooks/reader_tools.py`` gives every page :data:`LABELS` of its edition (the header's
focus-mode button, ``overrides/partials/header.html``; ``overrides/assets/javascripts/reader.js`` runs it)
and, when ``mkdocs.yml`` names a source repository (``repo_url``), adds :func:`report_links` to each
topic page: under every question, a link that opens a new issue at that repository with the question's
permanent id filled in. Strings are written in Traditional Chinese (Taiwan usage) and English; the
简体中文 edition converts the Traditional ones (``qa.edition.words``).
"""
from __future__ import annotations

import html
import re
from urllib.parse import quote, urlencode

#: the words of focus mode and of the report link, per written locale (``qa.edition.words``)
LABELS: dict[str, dict[str, str]] = {
    "zh-Hant": {
        "focus": "專注閱讀",
        "focus_title": "專注閱讀：隱藏導覽與目錄（快速鍵 z）",
        "report": "回報問題",
        "report_title": "在原始碼庫開一個新議題，回報這一題的錯誤（會開啟 {host}）",
        "report_body": "題目：{number}（id：{id}）\n頁面：{url}\n\n哪裡有錯？請寫下你的理由或來源：\n",
        "source": "原始碼",
    },
    "en": {
        "focus": "Focus mode",
        "focus_title": "Focus mode: hide the navigation and contents (key: z)",
        "report": "Report a problem",
        "report_title": "Open a new issue about this question at the source repository (opens {host})",
        "report_body": "Question: {number} (id: {id})\nPage: {url}\n\nWhat is wrong? Your reasons or sources:\n",
        "source": "Source",
    },
}

#: a numbered question heading as the build writes it (``data-qa-number`` and ``id``, either order; hooks/question_numbers.py)
_HEADING = re.compile(r'<h2 (?=[^>]*\bdata-qa-number="(?P<number>[^"]+)")(?=[^>]*\bid="(?P<id>[^"]+)")[^>]*>.*?</h2>\s*',
                      re.S)
_META = re.compile(r'<p class="qa-meta">(?P<inside>.*?)</p>', re.S)


def issue_url(repo_url: str, title: str, body: str) -> str:
    """The address that opens a new issue at ``repo_url`` with ``title`` and ``body`` filled in.

    GitHub's form (``<repo>/issues/new?title=…&body=…``); a GitLab repository
    (``gitlab.`` in the host) gets its own (``<repo>/-/issues/new?issue[title]=…&issue[description]=…``).
    """
    base = repo_url.rstrip("/")
    if "://gitlab." in base:
        return f"{base}/-/issues/new?" + urlencode({"issue[title]": title, "issue[description]": body}, quote_via=quote)
    return f"{base}/issues/new?" + urlencode({"title": title, "body": body}, quote_via=quote)


def report_links(page_html: str, repo_url: str, page_url: str, labels: dict[str, str]) -> str:
    """``page_html`` with a "report a problem" link added under every numbered question heading.

    Args:
        page_html: a topic page's body as the build renders it: each shown question is an
            ``<h2 data-qa-number="1.2" id="<permanent id>">`` followed by its ``<p class="qa-meta">`` line.
        repo_url: the source repository (``https://github.com/owner/name``).
        page_url: the page's public address, without ``#``; the issue names ``page_url#id``.
        labels: :data:`LABELS` of the edition, converted to its wording.

    Returns:
        The HTML with ``<a class="qa-report" href="<new issue>" data-qa-report="<id>">`` at the end of
        each question's meta line (a line of its own when the question has none). The issue's title is
        ``[<id>] <number>``, its body names the number, id and page and asks what is wrong.
    """
    host = re.sub(r"^[a-z]+://", "", repo_url).split("/")[0]

    def link(number: str, qid: str) -> str:
        body = labels["report_body"].format(number=number, id=qid, url=f"{page_url}#{qid}")
        href = issue_url(repo_url, f"[{qid}] {number} ", body)
        return (f'<a class="qa-report" href="{html.escape(href)}" data-qa-report="{html.escape(qid)}" '
                f'title="{html.escape(labels["report_title"].format(host=host))}" rel="noopener">'
                f'{html.escape(labels["report"])}</a>')

    out, at = [], 0
    for match in _HEADING.finditer(page_html):
        anchor = link(match.group("number"), match.group("id"))
        meta = _META.match(page_html, match.end())
        if meta:  # at the end of the question's meta line (origin, difficulty)
            out.append(page_html[at:meta.end() - len("</p>")] + f" {anchor}</p>")
            at = meta.end()
        else:
            out.append(page_html[at:match.end()] + f'<p class="qa-meta">{anchor}</p>\n')
            at = match.end()
    out.append(page_html[at:])
    return "".join(out)
