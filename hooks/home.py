"""Stage: replace ``<!-- topic-list -->`` on a home page with the topics and their question counts.

The list is the first thing under the page title (a reader sees it without scrolling at 1280×900
and first on a phone), laid out as a grid of links by ``.qa-topics`` in ``docs/stylesheets/extra.css``.
"""
from __future__ import annotations

from _state import BuildState

MARKER = "<!-- topic-list -->"
HEADING = {"zh-Hant": "主題", "en": "Topics"}


def topic_list(markdown: str, state: BuildState) -> str:
    """``markdown`` with the marker replaced by a "Topics" heading and one item per topic (questions
    readers see, after dedup), inside ``<div class="qa-topics">``."""
    if MARKER not in markdown:
        return markdown
    english = state.locale == "en"
    lines = []
    for topic in state.bank.pages:
        count = len(state.bank.shown.get(topic.path, []))
        if english:
            lines.append(f"- [{topic.title_en}]({topic.path}) <span class=\"qa-count\">{count} questions</span>")
        else:
            lines.append(f"- [{topic.title}]({topic.path})<span class=\"qa-count\">（{count} 題）</span>")
    heading = HEADING["en" if english else "zh-Hant"]
    block = f'## {heading} {{#topics}}\n\n<div class="qa-topics" markdown>\n\n' + "\n".join(lines) + "\n\n</div>"
    return markdown.replace(MARKER, block)
