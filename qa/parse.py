"""Parse a topic page's Markdown into a :class:`~qa.model.TopicPage`.

Topic page format (see README, "Adding a question")::

    ---
    kind: topic
    title: 實踐應用
    title_en: Practical applications
    order: 1
    ---

    Optional introduction.

    ## 你如何處理 LLM 的推理速度問題？ {#inference-speed data-en="How do you keep LLM inference fast?"}

    The answer: any Markdown, including ``###`` sub-headings and fenced code.

A question is a level-2 heading (``## ``) outside a code fence. Its attribute list (the
``attr_list`` extension's syntax) must give an explicit ``#id``; ``data-en`` holds the English
title and ``data-canonical="true"`` marks the unit a maintainer wants kept when repeats merge.
"""
from __future__ import annotations

import re

import yaml

from .errors import ContentError
from .model import Question, TopicPage

QUESTION_PREFIX = "## "
_HEADING_ATTRS = re.compile(r"^##[ \t]+(?P<text>.*?)[ \t]*\{(?P<attrs>[^{}]*)\}[ \t]*$")
_ATTR = re.compile(r'#(?P<id>[^\s"}]+)|(?P<key>[\w-]+)="(?P<value>[^"]*)"|\.(?P<cls>[\w-]+)')
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
REQUIRED_TOPIC_KEYS = ("title", "title_en", "order")


def split_front_matter(text: str, path: str) -> tuple[dict, list[str], int]:
    """Split a page into its YAML front matter and body lines.

    Args:
        text: the whole page.
        path: the page's path, used in error messages only.

    Returns:
        ``(meta, body_lines, first_body_line)``: the front matter as a dict (``{}`` when the
        page has none), the remaining lines without line endings, and the 1-based line number
        of the first body line.

    Raises:
        ContentError: the front matter is not closed by a ``---`` line, is not valid YAML
            (the error names the YAML line), or is not a mapping.
    """
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return {}, lines, 1
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        raise ContentError(path, 1, "front matter opened with '---' is never closed; add a '---' line after it")
    source = "\n".join(lines[1:end])
    try:
        meta = yaml.safe_load(source) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ContentError(path, line, f"front matter is not valid YAML ({problem}); fix the YAML between the '---' lines") from None
    if not isinstance(meta, dict):
        raise ContentError(path, 2, "front matter must be a YAML mapping such as 'title: 實踐應用'")
    return meta, lines[end + 1 :], end + 2


def parse_heading_attrs(raw: str) -> tuple[str | None, dict[str, str]]:
    """Parse an ``attr_list`` attribute string such as ``#inference-speed data-en="..."``.

    Returns:
        ``(id, attributes)``: the ``#id`` (``None`` if absent) and the ``key="value"`` pairs.
    """
    anchor: str | None = None
    attrs: dict[str, str] = {}
    for match in _ATTR.finditer(raw):
        if match.group("id"):
            anchor = match.group("id")
        elif match.group("key"):
            attrs[match.group("key")] = match.group("value")
    return anchor, attrs


def is_question_heading(line: str) -> bool:
    """True if ``line`` is a level-2 heading (a question heading when outside a fence)."""
    return line.startswith(QUESTION_PREFIX) or line.rstrip() == "##"


def parse_topic_page(text: str, path: str) -> TopicPage:
    """Parse one topic page.

    Args:
        text: the page's Markdown, front matter included.
        path: the page's path relative to ``docs/`` (``applications.md``); it becomes
            :attr:`TopicPage.path`, the slug, and the location in every error.

    Returns:
        The page with its questions in order. Lines before the first question heading form
        :attr:`TopicPage.intro`.

    Raises:
        ContentError: broken or incomplete front matter (``title``, ``title_en``, ``order``
            are required); a question heading without an explicit ``{#id}`` or with an id that
            is not lower-case ASCII words joined by hyphens; a question with no answer; two
            questions with the same id on the page; a code fence that is never closed, or that
            swallows a question heading.
    """
    meta, body, first = split_front_matter(text, path)
    missing = [key for key in REQUIRED_TOPIC_KEYS if key not in meta]
    if missing:
        raise ContentError(path, 1, f"topic page front matter lacks {', '.join(missing)}; add e.g. 'title_en: Practical applications'")
    if not isinstance(meta["order"], int):
        raise ContentError(path, 1, f"front matter 'order' must be a whole number, not {meta['order']!r}")

    slug = path.rsplit("/", 1)[-1].removesuffix(".md")
    page = TopicPage(path=path, slug=slug, title=str(meta["title"]), title_en=str(meta["title_en"]),
                     order=meta["order"], meta=meta)
    page.intro, page.questions = _parse_body(body, first, path)
    return page


def parse_translation(text: str, path: str, original: TopicPage) -> dict[str, Question]:
    """Parse the English version of a topic page (``docs/<slug>.en.md``).

    The file uses the topic-page format; front matter is optional. It may hold any subset of
    the original's questions: each heading's text is the English title and its ``#id`` names
    the question it translates; the body is the English answer.

    Returns:
        Question id → the translated :class:`Question` (``page`` is ``path``).

    Raises:
        ContentError: as :func:`parse_topic_page` for the body, or a heading id that the
            original page does not have.
    """
    _, body, first = split_front_matter(text, path)
    _, questions = _parse_body(body, first, path)
    known = {q.id for q in original.questions}
    for question in questions:
        if question.id not in known:
            raise ContentError(path, question.line, f"'{question.id}' is not a question of {original.path}; use the id of the question you translate")
    return {q.id: q for q in questions}


def _parse_body(body: list[str], first: int, path: str) -> tuple[str, list[Question]]:
    """Split body lines into the introduction and question units (see :func:`parse_topic_page`)."""
    questions: list[Question] = []
    intro: list[str] = []
    current: dict | None = None
    fence: tuple[str, int] | None = None  # (fence marker, line number where it opened)
    fence_is_markdown = False
    seen: dict[str, int] = {}

    def close(unit: dict | None) -> None:
        if unit is None:
            return
        answer = "\n".join(unit["lines"]).strip("\n")
        if not answer.strip():
            raise ContentError(path, unit["line"], f"question '{unit['title']}' has no answer; write the answer below the heading or delete the heading")
        questions.append(Question(id=unit["id"], title=unit["title"], answer=answer, page=path,
                                       line=unit["line"], title_en=unit["title_en"], canonical=unit["canonical"],
                                       attrs=unit["attrs"]))

    for offset, line in enumerate(body):
        number = first + offset
        fence_match = _FENCE.match(line)
        if fence is not None:
            marker, opened = fence
            if fence_match and fence_match.group("fence").startswith(marker[0]) \
                    and len(fence_match.group("fence")) >= len(marker) and not fence_match.group("info").strip():
                fence = None
            elif not fence_is_markdown and _HEADING_ATTRS.match(line) and "#" in _HEADING_ATTRS.match(line).group("attrs"):
                raise ContentError(path, opened, f"code fence opened here swallows the question heading on line {number}; close the fence with {marker}")
        elif fence_match:
            fence = (fence_match.group("fence"), number)
            # a Markdown sample may show question headings; any other fence holding one was left open
            fence_is_markdown = fence_match.group("info").strip().lower() in ("md", "markdown")
        elif is_question_heading(line):
            close(current)
            match = _HEADING_ATTRS.match(line)
            anchor, attrs = parse_heading_attrs(match.group("attrs")) if match else (None, {})
            title = (match.group("text") if match else line[2:]).strip()
            if not anchor:
                raise ContentError(path, number, f"question heading has no explicit id; end it with {{#an-english-id}}, e.g. '## {title} {{#inference-speed}}'")
            if not _ID.match(anchor):
                raise ContentError(path, number, f"question id '{anchor}' must be lower-case ASCII words joined by hyphens, e.g. 'inference-speed'")
            if anchor in seen:
                raise ContentError(path, number, f"question id '{anchor}' is already used on line {seen[anchor]}; give this question its own id")
            if not title:
                raise ContentError(path, number, "question heading has no text; write the question after '## '")
            seen[anchor] = number
            current = {"id": anchor, "title": title, "line": number, "lines": [],
                       "title_en": attrs.get("data-en") or None,
                       "canonical": attrs.get("data-canonical", "").lower() in ("true", "yes", "1"),
                       "attrs": attrs}
            continue
        (current["lines"] if current is not None else intro).append(line)
    if fence is not None:
        raise ContentError(path, fence[1], f"code fence opened here is never closed; add a closing {fence[0]} line after the code")
    close(current)
    return "\n".join(intro).strip("\n"), questions


def check_unique_ids(pages: list[TopicPage]) -> None:
    """Check that no question id is used twice across ``pages``.

    Raises:
        ContentError: at the second use, naming the first use's file and line.
    """
    first_use: dict[str, Question] = {}
    for page in pages:
        for question in page.questions:
            other = first_use.setdefault(question.id, question)
            if other is not question:
                raise ContentError(question.page, question.line,
                                   f"question id '{question.id}' is already used in {other.page}:{other.line}; ids must be unique site-wide")
