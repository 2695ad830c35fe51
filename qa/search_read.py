"""Reading question text: the questions of a rendered topic page, as a reader sees them.

:func:`questions_from_html` reads every ``<h2 id>`` of the content and the blocks up to the next one
(:class:`QuestionText` of :class:`Block` s with their ranking weights); :func:`plain_text` is an answer's text
for result excerpts; :func:`question_chars` the characters the folding table must cover.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: weight Pagefind gives a bold label or sub-heading in an answer ("**知識蒸餾**：..."): it names what the
#: item explains, so it counts double (default text weighs 1)
LABEL_WEIGHT = 2


@dataclass
class Block:
    """A piece of a question's text with its ranking weight (1 = body, :data:`LABEL_WEIGHT` = bold label)."""

    text: str
    weight: int = 1


@dataclass
class QuestionText:
    """One question as a reader sees it on a rendered page.

    Attributes:
        id: the heading id (``inference-speed``), the result's anchor.
        title: the heading text without the permalink sign.
        blocks: the answer text in page order, bold labels as their own weighted blocks.
    """

    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)

    def texts(self) -> list[str]:
        """The title's text, then each block's, in page order."""
        return [self.title, *(block.text for block in self.blocks)]



_SKIP = {"script", "style", "button"}
_LABELS = {"strong", "b", "h3", "h4", "h5", "h6"}
_BLOCK_LEVEL = {"p", "li", "div", "pre", "table", "tr", "td", "th", "blockquote", "details", "summary", "br"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _QuestionReader(HTMLParser):
    """One pass over rendered HTML (the standard library's tokenizer, no tree): see :func:`questions_from_html`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.questions: list[QuestionText] = []
        self.current: QuestionText | None = None
        self.stack: list[str] = []      # open elements below the content root
        self.root_depth: int | None = None  # depth of <article> when the page has one, else 0
        self.skip_depth: int | None = None  # inside a skipped element (script, permalink, pending note)
        self.title: list[str] | None = None  # collecting a question heading's text
        self.label: list[str] | None = None  # collecting a bold label's text
        self.label_depth = 0
        self.article = False

    def _top(self) -> bool:
        """Whether the element being opened is a direct child of the content root."""
        return self.root_depth is not None and len(self.stack) == self.root_depth

    def _text(self, text: str) -> None:
        blocks = self.current.blocks
        if blocks and blocks[-1].weight == 1:
            blocks[-1].text += text
        elif text.strip():
            blocks.append(Block(text))

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "article" and not self.article:
            self.article, self.root_depth = True, len(self.stack) + 1
            self.questions, self.current = [], None
        top = self._top()
        if tag not in _VOID:
            self.stack.append(tag)
        if self.skip_depth is not None:
            return
        if tag in _SKIP or "headerlink" in classes or (top and "qa-pending" in classes):
            if tag not in _VOID:
                self.skip_depth = len(self.stack)
            return
        if top and tag == "h2":
            self.current = None
            if attributes.get("id"):
                self.current = QuestionText(attributes["id"], "")
                self.questions.append(self.current)
                self.title = []
            return
        if top and tag == "h1":
            self.current = None
            return
        if self.current is None or self.title is not None:
            return
        if self.label is not None:
            return
        if tag in _LABELS:
            self.label, self.label_depth = [], len(self.stack)
            return
        if tag in _BLOCK_LEVEL and self.current.blocks:
            self.current.blocks[-1].text += " "

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        if tag not in self.stack:
            return  # a stray end tag
        while self.stack:
            depth = len(self.stack)
            open_tag = self.stack.pop()
            if self.skip_depth is not None and depth <= self.skip_depth:
                self.skip_depth = None
            elif self.skip_depth is None:
                self._close(open_tag, depth)
            if open_tag == tag:
                break

    def _close(self, tag: str, depth: int) -> None:
        if tag == "article" and self.article and depth == self.root_depth:
            self.root_depth, self.current = -1, None  # the content ended
            return
        if self.title is not None and tag == "h2" and depth == (self.root_depth or 0) + 1:
            self.current.title = " ".join("".join(self.title).split())
            self.title = None
            return
        if self.current is None or self.title is not None:
            return
        if self.label is not None:
            if depth == self.label_depth:
                self.current.blocks.append(Block("".join(self.label), LABEL_WEIGHT))
                self.current.blocks.append(Block(" "))
                self.label = None
            return
        if tag in _BLOCK_LEVEL and self.current.blocks:
            self.current.blocks[-1].text += " "

    def handle_data(self, data):
        if self.skip_depth is not None:
            return
        if self.title is not None:
            self.title.append(data)
        elif self.label is not None:
            self.label.append(data)
        elif self.current is not None:
            self._text(data)


def questions_from_html(html: str) -> list[QuestionText]:
    """The questions of a rendered topic page.

    Args:
        html: the page content (MkDocs' ``on_page_content`` HTML or a whole page with ``<article>``).

    Returns:
        One :class:`QuestionText` per ``<h2 id>`` at the top level of the content, in page order,
        holding the text of the elements up to the next ``<h2>`` (the English edition's
        ``.qa-pending`` note, scripts, buttons and permalink signs left out; a ``<strong>`` or
        sub-heading as its own :data:`LABEL_WEIGHT` block). Whitespace is collapsed, but kept
        between words: the spaces between a code block's highlighted tokens stay.

    One pass of the standard library's HTML tokenizer (BeautifulSoup's tree cost the 1,000-question
    build about 20 s).
    """
    reader = _QuestionReader()
    reader.root_depth = 0
    reader.feed(html)
    reader.close()
    for question in reader.questions:
        question.blocks = [Block(" ".join(b.text.split()), b.weight) for b in question.blocks if b.text.strip()]
    return reader.questions


def plain_text(question: QuestionText) -> str:
    """The answer's plain text in page order (used for result excerpts)."""
    return " ".join(block.text for block in question.blocks)


def question_chars(pages: Sequence[tuple[str, str, Sequence[QuestionText]]]) -> set[str]:
    """The characters of the questions' titles and answers in ``pages`` (as for :func:`question_records`),
    for :func:`browser_data`; a build adds those of each page as it arrives and keeps only the set."""
    return {ch for _, _, qs in pages for q in qs for ch in q.title + plain_text(q)}
