"""Parse a topic page's Markdown into a :class:`~qa.model.TopicPage`.

Topic page format (see MAINTAINING.md, "Adding a question")::

    ---
    kind: topic
    title: 實踐應用
    title_en: Practical applications
    order: 1
    ---

    Optional introduction.

    ## 你如何處理 LLM 的推理速度問題？ {#inference-speed data-en="How do you keep LLM inference fast?"}

    The answer: any Markdown, including ``###`` sub-headings and fenced code.

A question is a level-2 heading outside a code fence, read by :mod:`qa.source` as Python-Markdown
reads it. Its attribute list (the ``attr_list`` extension, quoted or unquoted values) must give an
explicit ``#id``; ``data-en`` holds the English title and ``data-canonical=true`` marks the unit a
maintainer wants kept when repeats merge.
"""
from __future__ import annotations

import re

from .errors import ContentError
from .model import Question, TopicPage
from .source import heading, scan
from .source import split_front_matter as _split

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
REQUIRED_TOPIC_KEYS = ("title", "title_en", "order")
_TRUE = ("true", "yes", "1")
_SETEXT = re.compile(r"^[=-]+[ ]*$")  # Python-Markdown's setext underline (a whole line of = or -)


def split_front_matter(text: str, path: str) -> tuple[dict, list[str], int]:
    """Split a page into its YAML front matter and body lines (:func:`qa.source.split_front_matter`).

    Returns:
        ``(meta, body_lines, first_body_line)``: the front matter mapping (``{}`` when the page has none),
        the remaining lines without line endings, and the 1-based line number of the first body line.

    Raises:
        ContentError: the front matter is not closed, not valid YAML (naming the page line), or not a mapping.
    """
    front = _split(text, path)
    return front.meta, front.body, front.first


def question_heading_line(text: str, path: str) -> int | None:
    """The line of the page's first heading that is written as a question (an ``#id`` and a ``data-en``
    title in its attribute list, at any level), or ``None``: a page with one is meant as a topic page.

    Raises:
        ContentError: the front matter is broken (see :func:`split_front_matter`).
    """
    front = _split(text, path)
    for line in scan(front.body, front.first).lines:
        if line.kind == "text":
            head = heading(line.text)
            if head is not None and head.id and "data-en" in head.attrs:
                return line.number
    return None


def check_kind(text: str, path: str) -> None:
    """Refuse a page that is written as a topic page but whose front matter does not say ``kind: topic``.

    A page whose headings carry ``{#id data-en=...}`` (:func:`question_heading_line`) is meant as a
    topic page; if its ``kind`` is missing or mistyped (``Topic``, ``topc``) it would build as a plain
    page whose questions get no number, search record, study entry, card or PDF entry.

    Raises:
        ContentError: at the ``kind`` line (or the front matter's first line when there is none),
            naming the key and the value to write.
    """
    meta = _split(text, path).meta
    if meta.get("kind") == "topic":
        return
    first = question_heading_line(text, path)
    if first is None:
        return
    if "kind" in meta:
        raise ContentError(path, meta.line_of("kind"),
                           f"front matter says 'kind: {meta['kind']}', but the page has question headings (line {first}); "
                           "write 'kind: topic' (lower case) to make it a topic page")
    raise ContentError(path, 1, f"front matter has no 'kind' key, but the page has question headings (line {first}); "
                                "add 'kind: topic' to its front matter (between '---' lines at the top)")


def is_topic_page(text: str, path: str) -> bool:
    """True when the page's front matter (read as YAML) says ``kind: topic``.

    Raises:
        ContentError: the front matter is broken (see :func:`split_front_matter`).
    """
    return _split(text, path).meta.get("kind") == "topic"


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
    front = _split(text, path)
    meta = front.meta
    missing = [key for key in REQUIRED_TOPIC_KEYS if key not in meta]
    if missing:
        raise ContentError(path, meta.line or 1, f"topic page front matter lacks {', '.join(missing)}; add e.g. 'title_en: Practical applications'")
    if not isinstance(meta["order"], int) or isinstance(meta["order"], bool):
        raise ContentError(path, meta.line_of("order"), f"front matter 'order' must be a whole number, not {meta['order']!r}")

    for key in ("title", "title_en"):
        if not isinstance(meta[key], (str, int, float)) or isinstance(meta[key], bool) or not str(meta[key]).strip():
            raise ContentError(path, meta.line_of(key), f"front matter '{key}' must be the topic's name as text, not {meta[key]!r}; "
                                                        f"e.g. '{key}: {'實踐應用' if key == 'title' else 'Practical applications'}'")
    if "/" in path:
        raise ContentError(path, meta.line_of("kind"), "a topic page must be directly in docs/ (topic pages in sub-folders are "
                                                       f"not supported); move it to docs/{path.rsplit('/', 1)[-1]}")
    slug = path.rsplit("/", 1)[-1].removesuffix(".md")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", slug):
        raise ContentError(path, 0, f"the file name '{slug}.md' becomes the topic's address and tag; rename it to "
                                    f"lower-case ASCII words joined by hyphens, e.g. '{_suggest(slug)}.md'")
    page = TopicPage(path=path, slug=slug, title=str(meta["title"]).strip(), title_en=str(meta["title_en"]).strip(),
                     order=meta["order"], meta=dict(meta))
    page.intro, page.questions = _parse_body(front.body, front.first, path)
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
    front = _split(text, path)
    _, questions = _parse_body(front.body, front.first, path)
    known = {q.id for q in original.questions}
    for question in questions:
        if question.id not in known:
            raise ContentError(path, question.line, f"'{question.id}' is not a question of {original.path}; use the id of the question you translate")
    return {q.id: q for q in questions}


def _suggest(slug: str) -> str:
    words = re.findall(r"[a-z0-9]+", slug.lower())
    return "-".join(words) or "my-topic"


def _canonical(value) -> bool:
    """``data-canonical`` as written: ``true``/``yes``/``1`` (any case, quoted or not) mark the unit."""
    return value is not None and str(value).strip().lower() in _TRUE


def _parse_body(body: list[str], first: int, path: str) -> tuple[str, list[Question]]:
    """Split body lines into the introduction and question units (see :func:`parse_topic_page`).

    A question is a level-2 heading (as Python-Markdown reads it) on a prose line of
    :func:`qa.source.scan`: not inside a code fence, a multi-line HTML comment or a raw HTML block.
    What the core and the page renderer could read differently is refused: an HTML comment or raw
    HTML block never closed, a question heading inside a raw HTML block, a setext heading (a line of
    ``---``/``===`` right under text), a heading with ``{#id data-en=...}`` at another level than 2,
    an attribute list that cannot be read whole.
    """
    questions: list[Question] = []
    intro: list[str] = []
    current: dict | None = None
    seen: dict[str, int] = {}

    def close(unit: dict | None) -> None:
        if unit is None:
            return
        joined = "\n".join(unit["lines"])
        answer = joined.strip("\n")
        leading = len(joined) - len(joined.lstrip("\n"))
        if not answer.strip() or not unit["content"]:
            raise ContentError(path, unit["line"], f"question '{unit['title']}' has no answer; write the answer below the heading or delete the heading")
        questions.append(Question(id=unit["id"], title=unit["title"], answer=answer, page=path,
                                  line=unit["line"], title_en=unit["title_en"], canonical=unit["canonical"],
                                  attrs=unit["attrs"], answer_line=unit["line"] + 1 + leading))

    scanned = scan(body, first)
    raw_open, previous = 0, None
    for line in scanned.lines:
        if line.kind == "html" and (previous is None or previous.kind != "html"):
            raw_open = line.number
        head = heading(line.text) if line.kind in ("text", "code", "html") else None
        if line.kind == "html" and head is not None and head.id:
            if scanned.unclosed_html is not None and scanned.unclosed_html[1] == raw_open:
                _unclosed_html(path, *scanned.unclosed_html)
            raise ContentError(path, line.number, f"question heading is inside the raw HTML block opened on line {raw_open}, "
                                                  "which the page shows as literal text; close that HTML tag before the heading")
        if line.kind == "text" and _SETEXT.match(line.text) and previous is not None and previous.kind == "text" \
                and previous.visible.strip() and heading(previous.text) is None:
            raise ContentError(path, line.number, f"a line of '{line.text.strip()[0] * 3}' right under text makes that text "
                                                  f"(line {previous.number}) a heading; put a blank line before it for a "
                                                  "horizontal rule, or write the heading as '### …'")
        if line.kind == "text" and head is not None and head.level != 2 and head.id and "data-en" in head.attrs:
            raise ContentError(path, line.number, f"a question heading is level 2; write '## ' instead of '{'#' * head.level} ' "
                                                  "(a level-3 '###' heading inside an answer takes no data-en)")
        previous = line
        if line.kind == "code":
            # a Markdown sample may show question headings; any other fence holding one was left open
            if head is not None and head.level == 2 and head.id and line.fence.language not in ("md", "markdown"):
                raise ContentError(path, line.fence.number, f"code fence opened here swallows the question heading on line {line.number}; "
                                                            f"close the fence with {line.fence.marker}")
        elif head is not None and head.level == 2 and line.kind == "text":
            close(current)
            number, title = line.number, head.text
            if head.bad_attrs:
                raise ContentError(path, number, f"the heading's attribute list cannot be read at '{head.bad_attrs}'; "
                                                 'close each quoted value (write \\" for a quote inside a "…" value)')
            if not title:
                raise ContentError(path, number, "question heading has no text; write the question after '## ', "
                                                 f"before {{{head.raw_attrs}}}")
            if not head.id:
                raise ContentError(path, number, f"question heading has no explicit id; end it with {{#an-english-id}}, e.g. '## {title} {{#inference-speed}}'")
            if not _ID.match(head.id):
                raise ContentError(path, number, f"question id '{head.id}' must be lower-case ASCII words joined by hyphens, e.g. 'inference-speed'")
            if head.id in seen:
                raise ContentError(path, number, f"question id '{head.id}' is already used on line {seen[head.id]}; give this question its own id")
            seen[head.id] = number
            current = {"id": head.id, "title": title, "line": number, "lines": [],
                       "title_en": (head.attrs.get("data-en") or "").strip() or None,
                       "canonical": _canonical(head.attrs.get("data-canonical")),
                       "attrs": dict(head.attrs), "content": False}
            continue
        (current["lines"] if current is not None else intro).append(line.text)
        if current is not None and (line.kind != "comment" and line.visible.strip()):
            current["content"] = True
    if scanned.unclosed is not None:
        fence = scanned.unclosed
        raise ContentError(path, fence.number, f"code fence opened here is never closed; add a closing {fence.marker} line after the code")
    if scanned.unclosed_comment is not None:
        raise ContentError(path, scanned.unclosed_comment, "HTML comment opened here with '<!--' is never closed; "
                                                           "add '-->' where the comment ends")
    if scanned.unclosed_html is not None:
        _unclosed_html(path, *scanned.unclosed_html)
    close(current)
    return "\n".join(intro).strip("\n"), questions


def _unclosed_html(path: str, tag: str, number: int) -> None:
    raise ContentError(path, number, f"raw HTML <{tag}> opened here is never closed, so the rest of the page shows "
                                     f"as literal text; add </{tag}> where it ends")


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


#: the block of an English answer that holds the English of the sentences carried from merged repeats
CARRIED_OPEN = '<div class="qa-carried" markdown>'
#: the block that holds the English of those sentences' context lines (``qa.carried.context_lines``)
CONTEXT_OPEN = '<div class="qa-carried-context" markdown>'
CARRIED_CLOSE = "</div>"


def _take_block(lines: list[str], opening: str) -> tuple[list[str], list[str] | None]:
    """``lines`` without the block that opens with ``opening`` (up to its ``</div>``), and the block's
    list items (an item continued on further lines joined with single spaces); ``None``: no such block."""
    try:
        start = next(i for i, line in enumerate(lines) if line.strip() == opening)
    except StopIteration:
        return lines, None
    end = next((i for i in range(start + 1, len(lines)) if lines[i].strip() == CARRIED_CLOSE), len(lines))
    items: list[str] = []
    for line in lines[start + 1 : end]:
        item = re.match(r"^\s*[-*+]\s+(.*)$", line)
        if item:
            items.append(item.group(1).strip())
        elif line.strip() and items:
            items[-1] += " " + line.strip()
    return lines[:start] + lines[end + 1 :], items


def split_carried(answer: str) -> tuple[str, list[str] | None]:
    """Split an English answer into its body and the English carried sentences.

    Args:
        answer: the English answer's Markdown (:attr:`Question.answer` of a translation).

    Returns:
        ``(body, sentences)``: the answer without its ``<div class="qa-carried" markdown>`` and
        ``<div class="qa-carried-context" markdown>`` blocks (:func:`carried_context` reads the second),
        and one string per list item of the first (``None`` when the answer has no such block).
        A list item continued on further indented lines is joined with single spaces.
    """
    lines, sentences = _take_block(answer.splitlines(), CARRIED_OPEN)
    lines, _ = _take_block(lines, CONTEXT_OPEN)
    if sentences is None and len(lines) == len(answer.splitlines()):
        return answer, None
    return "\n".join(lines).strip("\n"), sentences


def carried_context(answer: str) -> list[str] | None:
    """The English context lines of an English answer: one string per list item of its
    ``<div class="qa-carried-context" markdown>`` block (``None``: no such block)."""
    return _take_block(answer.splitlines(), CONTEXT_OPEN)[1]
