"""A synthetic question bank of any size, for build benchmarks (``bench/build_bench.py``).

    .venv/bin/python bench/synthetic.py N OUT_DIR

writes OUT_DIR/docs: the real docs/ (home pages, the five topic pages, the English answer, assets) plus
``syn-NNN.md`` topic pages of 50 questions each until the bank holds N questions (N ≤ the real count
writes only the real pages). Every synthetic question is distinct: its title names two glossary terms
and a task, its answer is 4-9 lines drawn (seeded, reproducible) from the real answers' prose lines
that lint clean, so the content lint, the glossary and the dedup see text like the real bank's;
one question in 20 repeats an earlier one reworded (a repeat for dedup to merge, as maintainers paste).
"""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.glossary import load_glossary  # noqa: E402
from qa.lint import Vocabulary, glossary_terms, lint_page, load_allowlist, load_wordlist  # noqa: E402
from qa.parse import is_topic_page, parse_topic_page  # noqa: E402
from qa.source import heading, scan, split_front_matter  # noqa: E402

PER_PAGE = 50
TASKS = ["如何評估", "如何實作", "如何除錯", "如何最佳化", "如何監控", "如何解釋", "如何比較", "如何部署"]
CONTEXTS = ["在客服系統中", "在檢索增強生成中", "在多語言應用中", "在邊緣裝置上", "在金融領域", "在醫療問答中",
            "在大規模部署時", "在資源有限時", "在長文件摘要中", "在程式碼生成中"]


def real_questions() -> int:
    """How many questions the real docs/ hold."""
    return sum(len(parse_topic_page(p.read_text(encoding="utf-8"), p.name).questions)
               for p in sorted((ROOT / "docs").glob("*.md"))
               if not p.name.endswith(".en.md") and is_topic_page(p.read_text(encoding="utf-8"), p.name))


def _clean_lines() -> list[str]:
    """Prose lines of the real answers (no headings, code, tables, or lines with lint findings)."""
    vocabulary = Vocabulary(load_wordlist(), load_allowlist(ROOT / "content" / "lint-words.yml")
                            | glossary_terms(load_glossary(ROOT / "content" / "glossary.yml")))
    lines = []
    for path in sorted((ROOT / "docs").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if path.name.endswith(".en.md") or not is_topic_page(text, path.name):
            continue
        flagged = {finding.line for finding in lint_page(text, path.name, vocabulary)}
        front = split_front_matter(text, path.name)
        for line in scan(front.body, front.first).lines:
            stripped = line.text.strip()
            if (line.kind == "text" and stripped and line.number not in flagged and heading(line.text) is None
                    and not line.text.startswith((" ", "\t", "|", "---", "<", ">")) and len(stripped) > 12):
                lines.append(stripped)
    return lines


def synthetic_questions(count: int, seed: int = 13, start: int = 0) -> list[tuple[str, str, list[str]]]:
    """``count`` distinct synthetic questions (see the module docstring), numbered from ``start``.

    Returns:
        ``(id, title, answer lines)`` per question: ``("syn-00000", "如何評估…（0）？", [lines])``; seeded, so
        the same arguments give the same bank. One in 20 is a reworded repeat of an earlier one.
    """
    rng = random.Random(seed)
    terms = [t.zh for t in load_glossary(ROOT / "content" / "glossary.yml")]
    pool = _clean_lines()
    written: list[tuple[str, list[str]]] = []
    out = []
    for number in range(start, start + count):
        if written and number % 20 == 19:  # a reworded repeat of an earlier question
            title, answer = rng.choice(written)
            title = "請問" + title
            answer = answer[:-1] + [answer[-1], rng.choice(pool)]
        else:
            a, b = rng.sample(terms, 2)
            title = f"{rng.choice(TASKS)}{a}與{b}{rng.choice(CONTEXTS)}的作用（{number}）？"
            answer = [f"{a}與{b}的關係如下。"] + rng.sample(pool, rng.randint(4, 9))
            written.append((title, answer))
        out.append((f"syn-{number:05d}", title, answer))
    return out


def write_bank(n: int, out: Path, seed: int = 13) -> Path:
    """Write the docs/ of an ``n``-question bank into ``out`` (see the module docstring); returns ``out / "docs"``."""
    docs = out / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    shutil.copytree(ROOT / "docs", docs)
    extra = max(0, n - real_questions())
    if not extra:
        return docs
    bank = synthetic_questions(extra, seed)
    for page in range((extra + PER_PAGE - 1) // PER_PAGE):
        out_lines = ["---", "kind: topic", f"title: 綜合練習 {page + 1:03d}", f"title_en: Practice set {page + 1:03d}",
                     f"order: {100 + page}", "---", ""]
        for k, (qid, title, answer) in enumerate(bank[page * PER_PAGE:(page + 1) * PER_PAGE]):
            number = page * PER_PAGE + k
            out_lines += [f'## {title} {{#{qid} data-en="Practice question {number}"}}', "", "\n\n".join(answer), ""]
        (docs / f"syn-{page + 1:03d}.md").write_text("\n".join(out_lines), encoding="utf-8")
    return docs


if __name__ == "__main__":
    size, target = int(sys.argv[1]), Path(sys.argv[2])
    print(write_bank(size, target))
