"""Build time and peak memory against the yardstick, at several bank sizes (``make bench`` prints it).

    .venv/bin/python bench/build_bench.py [--sizes 20,1000,5000] [--runs 2] [--serve 1000]

For each size N a bank is written with :mod:`bench.synthetic` (N up to the real bank's size: the real docs/ as they are), then
built with ``mkdocs build --strict`` and ``HANDOUT=0`` two ways, alternated (project, yardstick,
project, yardstick …) so machine load hits both alike:

- project: the project's mkdocs.yml (hooks/pipeline.py, i18n, overrides, Pagefind index);
- yardstick: what a maintainer would pick instead — stock Material + mkdocs-static-i18n (same
  languages) + Material's search plugin, the same Markdown extensions, no hooks, no overrides.

Reported: median wall seconds and CPU seconds (user + system, the processes it waited for included) of
each, their ratios, the wall ratio of each project build to the yardstick build right after it (lowest,
median, highest: how much the machine drifted), the ratios of the first pair alone (the project's first
build starts from an empty ``.cache/``, as in a fresh clone; the later ones reuse what it kept), and peak resident memory (max RSS of the ``mkdocs`` process and the processes it waited
for, from GNU time); the table is also written to ``--out`` (bench/results/build.md). ``--serve N``: the ``mkdocs serve`` edit loop at
N questions — after the first build, one sentence is appended to one answer and the time until the
served page shows it is measured (median of 3 edits).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import material  # noqa: E402
from synthetic import real_questions, write_bank  # noqa: E402

PROJECT = """INHERIT: {root}/mkdocs.yml
docs_dir: {docs}
# a bank of thousands of questions holds more than the real one's offline budget: the bench times the build
extra:
  qa:
    offline_budget: 1000000000
theme:
  name: material
  custom_dir: {root}/overrides
hooks:
  - {root}/hooks/pipeline.py
  - {root}/hooks/offline.py
"""
YARDSTICK = """site_name: yardstick
docs_dir: {docs}
# the home page links pages the project generates (review.md): the yardstick has no hooks to make them
validation:
  links:
    not_found: info
theme:
  name: material
  language: zh-Hant
  # only Material's Simplified Chinese strings under the name zh-Hans (Material calls them zh): prepare()
  custom_dir: {overrides}
markdown_extensions:
  - toc:
      permalink: true
  - attr_list
  - md_in_html
  - admonition
  - abbr
  - sane_lists
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.highlight
  - pymdownx.inlinehilite
plugins:
  - search
  - i18n:
      docs_structure: suffix
      fallback_to_default: true
      reconfigure_material: true
      languages:
        - locale: zh-Hant
          name: 繁體中文
          default: true
          build: true
        - locale: zh-Hans
          name: 简体中文
          build: true
        - locale: en
          name: English
          build: true
"""


def prepare(n: int, tmp: Path) -> tuple[Path, Path]:
    """The bank of ``n`` questions in ``tmp/<n>/`` and its two configs (project, yardstick)."""
    folder = tmp / str(n)
    folder.mkdir(parents=True, exist_ok=True)
    docs = write_bank(n, folder)
    content = folder / "content"
    if content.is_symlink():  # a bank written by an earlier version of this script
        content.unlink()
    content.mkdir(exist_ok=True)
    # the project's glossary, word lists and notes, as in the real build; without content/seed-map.yml every
    # question counts as one of the original collection's, so the synthetic ones need no difficulty, sources
    # or English translation (an added question must have them: qa.metadata.check_added)
    for item in (ROOT / "content").iterdir():
        if item.name != "seed-map.yml" and not (content / item.name).exists():
            (content / item.name).symlink_to(item)
    project, yardstick = folder / "mkdocs.yml", folder / "yardstick.yml"
    project.write_text(PROJECT.format(root=ROOT, docs=docs), encoding="utf-8")
    overrides = folder / "yardstick-overrides"
    languages = overrides / "partials" / "languages"
    languages.mkdir(parents=True, exist_ok=True)
    (languages / "zh-Hans.html").write_bytes((Path(material.__file__).parent / "templates" / "partials" /
                                              "languages" / "zh.html").read_bytes())
    yardstick.write_text(YARDSTICK.format(docs=docs, overrides=overrides), encoding="utf-8")
    return project, yardstick


#: what a reader's Python does unless told otherwise: keep compiled modules (a machine that sets
#: PYTHONDONTWRITEBYTECODE, as this one does, compiles the project's modules again in every build, about
#: 0.5 CPU s with the real docs/; the yardstick's are all installed, compiled, in the virtual environment)
PYTHON_DEFAULTS = {"PYTHONDONTWRITEBYTECODE": ""}


def build(config: Path, site: Path) -> tuple[float, float, float]:
    """One ``mkdocs build --strict`` with HANDOUT=0: (wall seconds, CPU seconds, peak RSS in MB).

    CPU seconds are user + system time of the ``mkdocs`` process and every process it waited for
    (workers, Pagefind, Node), from GNU time. Raises RuntimeError with the log's tail on failure.
    Python keeps compiled modules in ``__pycache__/``, as it does by default (:data:`PYTHON_DEFAULTS`).
    """
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDOUT="0", **PYTHON_DEFAULTS)
    start = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-f", "maxrss=%M cpu=%U+%S", sys.executable, "-m", "mkdocs", "build",
                           "--strict", "-f", str(config), "-d", str(site)],
                          cwd=config.parent, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"build of {config} failed:\n{proc.stdout[-2000:]}{proc.stderr[-3000:]}")
    peak = int(re.findall(r"maxrss=(\d+)", proc.stderr)[-1]) / 1024
    user, system = re.findall(r"cpu=([\d.]+)\+([\d.]+)", proc.stderr)[-1]
    return seconds, float(user) + float(system), peak


def compare(n: int, tmp: Path, runs: int) -> dict:
    """Alternated builds of the project and the yardstick at ``n`` questions: median wall and CPU seconds,
    their ratios (project / yardstick), peak memory of each."""
    project, yardstick = prepare(n, tmp)
    # the first project build starts from an empty .cache/ next to its mkdocs.yml (the search records and
    # the index files Pagefind wrote, the Jinja bytecode): a fresh clone's first build, reported on its own
    shutil.rmtree(project.parent / ".cache", ignore_errors=True)
    walls: dict[str, list[float]] = {"project": [], "yardstick": []}
    cpus: dict[str, list[float]] = {"project": [], "yardstick": []}
    peaks: dict[str, float] = {"project": 0.0, "yardstick": 0.0}
    for _ in range(runs):
        for name, config in (("project", project), ("yardstick", yardstick)):
            seconds, cpu, peak = build(config, config.parent / f"site-{name}")
            walls[name].append(seconds)
            cpus[name].append(cpu)
            peaks[name] = max(peaks[name], peak)
    row: dict = {"n": n, "runs": runs}
    for name in walls:
        row[f"{name}_s"] = statistics.median(walls[name])
        row[f"{name}_cpu"] = statistics.median(cpus[name])
        row[f"{name}_mb"] = peaks[name]
    row["ratio"] = row["project_s"] / row["yardstick_s"]
    row["cpu_ratio"] = row["project_cpu"] / row["yardstick_cpu"]
    # each project build against the yardstick build right after it: the machine's speed drifts between
    # minutes (a shared host), so the spread of these pairs says how far the medians' ratio can be trusted
    pairs = [p / y for p, y in zip(walls["project"], walls["yardstick"])]
    row["pair_ratios"] = (min(pairs), statistics.median(pairs), max(pairs))
    row["first"] = (pairs[0], cpus["project"][0] / cpus["yardstick"][0])
    return row


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(url: str, text: str, timeout: float) -> float:
    """Poll ``url`` until its body contains ``text``; the time it took (raises TimeoutError)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return time.perf_counter() - start
        except OSError:
            pass
        time.sleep(0.05)  # polling a server from outside: there is no event to wait for
    raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")


def serve_edit_loop(n: int, tmp: Path, edits: int = 3) -> dict:
    """Seconds from saving an edit of one answer to the served page showing it, under ``mkdocs serve``."""
    project, _ = prepare(n, tmp)
    docs = project.parent / "docs"
    page = docs / "applications.md"
    original = page.read_text(encoding="utf-8")
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **PYTHON_DEFAULTS)
    proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-f", str(project),
                             "--dev-addr", f"127.0.0.1:{port}"], cwd=project.parent, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/applications/"
    try:
        first = _wait_for(url, "</html>", 900)
        seconds = []
        for k in range(edits):
            marker = f"編輯測試句子第{k}次。"
            # the first answer's first paragraph gets one more sentence
            text = re.sub(r"(\n## [^\n]+\n\n[^\n]+)", lambda m: m.group(1) + marker, original, count=1)
            time.sleep(1.1)  # let the rebuild that showed the last edit finish (the en pass) before the next edit
            page.write_text(text, encoding="utf-8")
            seconds.append(_wait_for(url, marker, 300))
        return {"n": n, "first_build_s": first, "edit_s": statistics.median(seconds), "edits": edits}
    finally:
        page.write_text(original, encoding="utf-8")
        workers = _descendants(proc.pid)  # its background workers run in process groups of their own
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
        _wait_gone(workers)  # they die with the server (PR_SET_PDEATHSIG); the folder goes only after them


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` now (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _wait_gone(pids: set[int], timeout: float = 30) -> None:
    """Wait until none of ``pids`` runs (a zombie counts as gone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive = set()
        for pid in pids:
            try:
                if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z":
                    alive.add(pid)
            except OSError:
                pass
        if not alive:
            return
        pids = alive
        time.sleep(0.05)  # another process's exit: no event this process can wait on
    raise TimeoutError(f"processes {sorted(pids)} of the killed server still run after {timeout:.0f} s")


HEADER = ("| questions | wall: project / yardstick | ratio | ratio of each pair: lowest, median, highest "
          "| CPU s: project / yardstick | ratio | first pair, empty .cache/: wall, CPU ratio "
          "| peak memory: project / yardstick |\n|---|---|---|---|---|---|---|---|")


def _row(row: dict) -> str:
    real = real_questions()
    size = f"{row['n']:,}" if row["n"] > real else f"the real docs/ ({real} questions)"
    low, middle, high = row["pair_ratios"]
    return (f"| {size} | {row['project_s']:.1f} s / {row['yardstick_s']:.1f} s | {row['ratio']:.2f}× "
            f"| {low:.2f}×, {middle:.2f}×, {high:.2f}× | {row['project_cpu']:.1f} / {row['yardstick_cpu']:.1f} | {row['cpu_ratio']:.2f}× "
            f"| {row['first'][0]:.2f}×, {row['first'][1]:.2f}× | {row['project_mb']:.0f} MB / {row['yardstick_mb']:.0f} MB |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,1000,5000", help="bank sizes, comma-separated")
    parser.add_argument("--runs", type=int, default=2, help="builds of each kind per size (median)")
    parser.add_argument("--serve", type=int, default=0, help="also time the mkdocs serve edit loop at this size")
    parser.add_argument("--keep", type=Path, help="write the banks and sites here instead of a temp dir")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results" / "build.md",
                        help="also write the table here (default: bench/results/build.md, linked from MAINTAINING.md)")
    args = parser.parse_args()
    lines = [f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {os.cpu_count()} cores, "
             f"load average {os.getloadavg()[0]:.2f} at the start, with "
             f"`python bench/build_bench.py {' '.join(sys.argv[1:])}`."]
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if sizes:
        lines += ["", HEADER]
    print("\n".join(lines), flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = args.keep or Path(tmp_name)
        for n in sizes:
            lines.append(_row(compare(n, tmp, args.runs)))
            print(lines[-1], flush=True)
        if args.serve:
            row = serve_edit_loop(args.serve, tmp)
            lines += ["", f"`mkdocs serve` at {row['n']:,} questions: first build {row['first_build_s']:.1f} s; "
                          f"an edited answer shows after {row['edit_s']:.1f} s (median of {row['edits']} edits)"]
            print(lines[-1], flush=True)
    lines.append(f"\nLoad average at the end: {os.getloadavg()[0]:.2f}.")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
