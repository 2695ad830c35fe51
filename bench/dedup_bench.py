"""Time :func:`qa.dedup.dedupe` on synthetic question banks of 1,000 and 10,000 units.

Run ``python bench/dedup_bench.py`` (from the repository root) to print a table of units,
wall-clock and CPU seconds, groups found, groups injected, and the 10,000/1,000 time ratio.

The banks are built from the real content in ``docs/*.md`` with a fixed random seed: every
base unit's answer has about 30 sentences, each made of two or three clauses (split at
``，``/``、``) of real answer sentences, recombined, arranged as Markdown (intro, bold
sub-headings, bullets); titles recombine real title clauses around a numbered subject. About
10% of the units are injected repeats of a base unit, of six kinds: exact copy on another
page, width/punctuation/numbering variant of the title, Simplified-Chinese copy, brief version
(40% of the sentences dropped, title kept), reworded title with the same answer, and the same
answer under an unrelated question.

``bench(sizes)`` returns the measurements as a list of dicts for other scripts.
"""
from __future__ import annotations

import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import opencc  # noqa: E402

from qa.dedup import dedupe  # noqa: E402
from qa.model import Question, TopicPage  # noqa: E402
from qa.normalize import split_sentences  # noqa: E402
from qa.parse import parse_topic_page  # noqa: E402

SEED = 20240601
UNITS_PER_PAGE = 50
REPEAT_SHARE = 0.10
KINDS = ("exact", "variant", "simplified", "brief", "reworded", "same-answer")
_CLAUSE = re.compile(r"[，、：]")
_FULLWIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


def real_pages(docs: Path = ROOT / "docs") -> list[TopicPage]:
    """The topic pages of ``docs`` (files whose front matter says ``kind: topic``)."""
    pages = []
    for path in sorted(docs.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if re.search(r"^kind:\s*topic\s*$", text.split("\n---", 1)[0], re.M):
            pages.append(parse_topic_page(text, path.relative_to(docs).as_posix()))
    return pages


def _pools(pages: list[TopicPage]) -> tuple[list[str], list[str], list[str]]:
    """(answer clauses, title clauses, bold labels) harvested from the real pages."""
    clauses: set[str] = set()
    labels: set[str] = set()
    titles: set[str] = set()
    for page in pages:
        for question in page.questions:
            for part in _CLAUSE.split(question.title.rstrip("？?")):
                if len(part.strip()) >= 4:
                    titles.add(part.strip())
            for sentence in split_sentences(question.answer):
                if sentence.code:
                    continue
                for label in re.findall(r"\*\*([^*]{2,12})\*\*", sentence.text):
                    labels.add(label)
                plain = re.sub(r"\*\*[^*]*\*\*：?", "", sentence.plain).strip().rstrip("。！？；")
                for part in _CLAUSE.split(plain):
                    if len(part.strip()) >= 4:
                        clauses.add(part.strip())
    return sorted(clauses), sorted(titles), sorted(labels)


def _answer(rng: random.Random, clauses: list[str], labels: list[str], sentences: int = 30) -> str:
    """A Markdown answer of about ``sentences`` sentences of recombined real clauses."""
    def sentence() -> str:
        return "，".join(rng.sample(clauses, rng.randint(2, 3))) + "。"

    lines = [sentence() + sentence(), ""]
    written = 2
    while written < sentences - 1:
        lines.append(f"**{rng.choice(labels)}**")
        lines.append("")
        for _ in range(rng.randint(3, 5)):
            lines.append(f"* **{rng.choice(labels)}**：{sentence()}{sentence() if rng.random() < 0.5 else ''}")
            written += 2
        lines.append("")
    lines.append(sentence())
    return "\n".join(lines)


def _title(rng: random.Random, titles: list[str], labels: list[str], number: int) -> str:
    return f"在{rng.choice(labels)}方面，{rng.choice(titles)}，{rng.choice(titles)}（第 {number} 題）？"


def synthetic_bank(size: int, seed: int = SEED) -> tuple[list[TopicPage], int]:
    """A synthetic bank of ``size`` units.

    Returns:
        ``(pages, injected)``: topic pages of :data:`UNITS_PER_PAGE` units each, and the
        number of injected repeats (each repeats a different base unit, so it is also the
        number of groups a perfect dedupe finds).
    """
    rng = random.Random(seed)
    clauses, titles, labels = _pools(real_pages())
    to_simplified = opencc.OpenCC("t2s")
    injected = int(size * REPEAT_SHARE)
    base_count = size - injected
    units: list[tuple[str, str, str]] = []  # (id, title, answer)
    for n in range(base_count):
        units.append((f"unit-{n}", _title(rng, titles, labels, n), _answer(rng, clauses, labels)))
    for n, source in enumerate(rng.sample(range(base_count), injected)):
        _, title, answer = units[source]
        kind = KINDS[n % len(KINDS)]
        if kind == "variant":
            title = f"Q{n}：" + title.replace("，", ", ").translate(_FULLWIDTH)
        elif kind == "simplified":
            title, answer = to_simplified.convert(title), to_simplified.convert(answer)
        elif kind == "brief":
            kept = [line for line in answer.splitlines() if not line.startswith("* ") or rng.random() > 0.4]
            answer = "\n".join(kept)
        elif kind == "reworded":
            title = "請問" + title.replace("，", "，以及").replace("？", "，應該怎麼做？")
        elif kind == "same-answer":
            title = _title(rng, titles, labels, base_count + n)
        units.append((f"repeat-{kind}-{n}", title, answer))
    order = list(range(len(units)))
    rng.shuffle(order)
    pages = []
    for p in range(0, len(order), UNITS_PER_PAGE):
        path = f"bank-{p // UNITS_PER_PAGE:04d}.md"
        questions, line = [], 8
        for k in order[p : p + UNITS_PER_PAGE]:
            uid, title, answer = units[k]
            questions.append(Question(id=uid, title=title, answer=answer, page=path, line=line))
            line += answer.count("\n") + 3
        pages.append(TopicPage(path=path, slug=path[:-3], title=path, title_en=path, order=p, questions=questions))
    return pages, injected


def bench(sizes: tuple[int, ...] | list[int] = (1000, 10000), runs: dict[int, int] | None = None) -> list[dict]:
    """Time :func:`dedupe` on synthetic banks.

    Args:
        sizes: bank sizes (units).
        runs: timed runs per size (median reported); default 3 below 5,000 units, else 1.

    Returns:
        One dict per size: ``{"units", "seconds", "cpu_seconds", "groups", "injected", "merged",
        "runs"}`` (``seconds`` is wall-clock time, both are medians over the runs).
    """
    rows = []
    for size in sizes:
        pages, injected = synthetic_bank(size)
        count = (runs or {}).get(size, 3 if size < 5000 else 1)
        times, cpu = [], []
        for _ in range(count):
            start, start_cpu = time.perf_counter(), time.process_time()
            result = dedupe(pages)
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        rows.append({"units": result.units_in, "seconds": statistics.median(times),
                     "cpu_seconds": statistics.median(cpu), "groups": len(result.groups),
                     "injected": injected, "merged": result.units_in - result.units_shown, "runs": count})
    return rows


def main() -> None:
    rows = bench((1000, 10000))
    print(f"{'units':>7} {'seconds':>8} {'cpu s':>6} {'groups':>7} {'injected':>9} {'merged':>7} {'runs':>5}")
    for row in rows:
        print(f"{row['units']:>7} {row['seconds']:>8.2f} {row['cpu_seconds']:>6.2f} {row['groups']:>7} "
              f"{row['injected']:>9} {row['merged']:>7} {row['runs']:>5}")
    by_size = {row["units"]: row["seconds"] for row in rows}
    if 1000 in by_size and 10000 in by_size:
        print(f"10,000/1,000 time ratio: {by_size[10000] / by_size[1000]:.1f}")


if __name__ == "__main__":
    main()
