"""Stage: replace ``<!-- topic-list -->`` on a home page with the topics and their question counts."""
from __future__ import annotations

from _state import BuildState

MARKER = "<!-- topic-list -->"


def topic_list(markdown: str, state: BuildState) -> str:
    """``markdown`` with the marker replaced by one line per topic (questions readers see, after dedup)."""
    if MARKER not in markdown:
        return markdown
    english = state.locale == "en"
    lines = []
    for topic in state.pages:
        count = len(state.shown.get(topic.path, []))
        if english:
            lines.append(f"- [{topic.title_en}]({topic.path}) — {count} questions")
        else:
            lines.append(f"- [{topic.title}]({topic.path})（{count} 題）")
    return markdown.replace(MARKER, "\n".join(lines))
