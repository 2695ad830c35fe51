"""Hook: replace ``<!-- topic-list -->`` on a home page with the topics and their question counts."""
from __future__ import annotations

from _common import locale_of, shown_questions, topic_pages

MARKER = "<!-- topic-list -->"


def on_page_markdown(markdown, page, config, files):
    if MARKER not in markdown:
        return markdown
    english = locale_of(config) == "en"
    lines = []
    shown = shown_questions(config)
    for topic in topic_pages(config):
        count = len(shown.get(topic.path, []))
        if english:
            lines.append(f"- [{topic.title_en}]({topic.path}) — {count} questions")
        else:
            lines.append(f"- [{topic.title}]({topic.path})（{count} 題）")
    return markdown.replace(MARKER, "\n".join(lines))
