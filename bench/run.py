"""The project's figures in one table (``make bench`` runs this).

    .venv/bin/python bench/run.py [--runs N] [--skip-dedup-10k]

Rows (every figure says how it was measured; a part that is not built yet prints
"n/a (not built yet)" and the table still prints):

- build time: ``mkdocs build --strict`` of the whole two-language site as configured (hooks,
  i18n, Pagefind index, PDF handouts with an empty PDF cache; and once more with ``HANDOUT=0``) against the
  yardstick on the same docs/ (stock Material + mkdocs-static-i18n + Material's search plugin, the same
  Markdown extensions, no hooks, no overrides: ``bench.build_bench.YARDSTICK``); median of ``--runs`` runs
  each (default 3), alternating them so machine load hits all alike, and their ratio;
- build time and peak memory at 20, 1,000 and 5,000 questions (``--sizes``), project (HANDOUT=0) against
  the yardstick, and the ``mkdocs serve`` edit loop at ``--serve`` questions: ``bench/build_bench.py``;
- ``site/`` size: files and bytes of the project build;
- first visit to a topic page (/applications/): every response Chromium received with an empty
  cache (HTML, CSS, JS, fonts, images), summed raw and gzip -9 per file;
- dedupe time for 1,000 and 10,000 units: ``bench.dedup_bench.bench`` (synthetic banks);
- search: ``bench.search_bench.run`` on the project build: bytes a first search downloads and
  median keystroke-to-results time per locale;
- PDF: each handout's render time, pages and size, from the project build's log
  (``bench.handout_bench.LINE``).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import importlib
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

NOT_BUILT = "n/a (not built yet)"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
def _optional(module: str):
    """Import a sibling bench module, or None while another engineer has not written it yet."""
    try:
        return importlib.import_module(module)
    except ImportError:
        return None


def build(config: Path, site: Path, **env: str) -> tuple[float, str]:
    """One ``mkdocs build`` (strict for the project's config); (wall seconds, log). Raises on failure."""
    strict = ["--strict"] if config == ROOT / "mkdocs.yml" else []
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", *strict, "-f", str(config), "-d", str(site)],
                          cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env))
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(f"build of {config} failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    return seconds, proc.stdout + proc.stderr


def build_times(tmp: Path, runs: int) -> dict:
    """Median build seconds of the project and of stock Material on the same docs/, and the last
    project build's site folder and log."""
    from build_bench import YARDSTICK

    stock_config = tmp / "stock.yml"
    stock_config.write_text(YARDSTICK.format(docs=ROOT / "docs"), encoding="utf-8")
    project, no_pdf, stock, log = [], [], [], ""
    for run in range(runs):
        seconds, log = build(ROOT / "mkdocs.yml", tmp / "site", HANDOUT_CACHE=str(tmp / f"pdf-cache-{run}"))
        project.append(seconds)
        no_pdf.append(build(ROOT / "mkdocs.yml", tmp / "site-no-pdf", HANDOUT="0")[0])
        stock.append(build(stock_config, tmp / "stock")[0])
    return {"project": statistics.median(project), "no_pdf": statistics.median(no_pdf), "stock": statistics.median(stock),
            "site": tmp / "site", "log": log}


def site_size(site: Path) -> tuple[int, int]:
    files = [p for p in site.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def first_visit(site: Path, path: str = "/applications/") -> dict:
    """Bytes of every response of a first visit to ``path`` (empty cache), raw and gzip -9, by type."""
    from playwright.sync_api import sync_playwright

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    bodies: dict[str, tuple[str, bytes]] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("response", lambda r: bodies.setdefault(r.url, (r.request.resource_type, r)))
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}{path}", wait_until="networkidle")
            bodies = {url: (kind, response.body()) for url, (kind, response) in bodies.items() if response.ok}
            browser.close()
    finally:
        httpd.shutdown()
    by_kind: dict[str, list[int]] = {}
    raw = gz = 0
    for kind, body in bodies.values():
        packed = len(gzip.compress(body, 9))
        raw, gz = raw + len(body), gz + packed
        by_kind.setdefault(kind, [0, 0, 0])
        by_kind[kind][0] += 1
        by_kind[kind][1] += len(body)
        by_kind[kind][2] += packed
    return {"files": len(bodies), "raw": raw, "gzip": gz, "by_kind": by_kind}


def kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind (median)")
    parser.add_argument("--skip-dedup-10k", action="store_true", help="time dedupe on 1,000 units only")
    parser.add_argument("--sizes", default="20,1000,5000", help="bank sizes for project vs yardstick ('' to skip)")
    parser.add_argument("--serve", type=int, default=1000, help="time the mkdocs serve edit loop at this size (0 to skip)")
    args = parser.parse_args()
    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        times = build_times(tmp, args.runs)
        site = times["site"]
        rows.append(("build, whole site (both locales)", f"{times['project']:.1f} s",
                     f"median of {args.runs}, hooks + i18n + Pagefind + PDFs (empty PDF cache)"))
        rows.append(("build, yardstick, same docs/", f"{times['stock']:.1f} s",
                     f"median of {args.runs}, Material + i18n + Material search, no hooks/overrides"))
        rows.append(("build time ratio (project / yardstick)", f"{times['project'] / times['stock']:.1f}×", ""))
        rows.append(("build without PDFs (HANDOUT=0)", f"{times['no_pdf']:.1f} s",
                     f"median of {args.runs}; ratio to the yardstick {times['no_pdf'] / times['stock']:.1f}×"))
        if args.sizes:
            import build_bench

            for n in (int(x) for x in args.sizes.split(",")):
                row = build_bench.compare(n, tmp / "banks", args.runs)
                rows.append((f"build, {n:,} questions (HANDOUT=0)", f"{row['project_s']:.1f} s",
                             f"yardstick {row['yardstick_s']:.1f} s, ratio {row['ratio']:.2f}×; CPU {row['project_cpu']:.1f} s / "
                             f"{row['yardstick_cpu']:.1f} s ({row['cpu_ratio']:.2f}×); peak memory "
                             f"{row['project_mb']:.0f} MB / {row['yardstick_mb']:.0f} MB; median of {args.runs}, alternated"))
            if args.serve:
                row = build_bench.serve_edit_loop(args.serve, tmp / "banks")
                rows.append((f"mkdocs serve, {args.serve:,} questions: edit shows after", f"{row['edit_s']:.1f} s",
                             f"one sentence appended to one answer, median of {row['edits']}; first build {row['first_build_s']:.1f} s"))
        files, size = site_size(site)
        rows.append(("site/ size", f"{size / 1e6:.1f} MB", f"{files} files"))

        visit = first_visit(site)
        kinds = ", ".join(f"{kind} {n} ({kb(r)})" for kind, (n, r, _) in sorted(visit["by_kind"].items()))
        fonts = "" if "font" in visit["by_kind"] else "; no web fonts (local fonts only)"
        rows.append(("first visit /applications/, raw", kb(visit["raw"]), f"{visit['files']} responses: {kinds}{fonts}"))
        rows.append(("first visit /applications/, gzip -9", kb(visit["gzip"]), "each response gzipped"))

        dedup = _optional("dedup_bench")
        sizes = [1000] if args.skip_dedup_10k else [1000, 10000]
        if dedup and hasattr(dedup, "bench"):
            for row in dedup.bench(sizes):
                rows.append((f"dedupe {row['units']:,} units", f"{row['seconds']:.2f} s",
                             f"median of {row['runs']}, {row['groups']} groups, {row['injected']} injected repeats"))
        else:
            rows += [(f"dedupe {n:,} units", NOT_BUILT, "") for n in sizes]

        search = _optional("search_bench")
        if search and hasattr(search, "run") and (site / "pagefind").exists():
            figures = search.run(site, synthetic=0)
            for locale, f in figures["real"].items():
                rows.append((f"search index, first search ({locale})", f"{kb(f['raw'])} / {kb(f['gzip'])} gzip",
                             f"{f['files']} files fetched"))
                rows.append((f"search latency ({locale})", f"{f['median_ms']:.0f} ms median",
                             f"p95 {f['p95_ms']:.0f} ms over {f['n']} queries, keystroke to results"))
        else:
            rows.append(("search index size and latency", NOT_BUILT, ""))

        handout = _optional("handout_bench")
        pdfs = handout.LINE.findall(times["log"]) if handout and hasattr(handout, "LINE") else []
        if pdfs:
            for path, pages, _mb, seconds in pdfs:
                file = Path(path)
                name = file.relative_to(site).as_posix() if file.is_relative_to(site) else file.name
                rows.append((f"PDF {name}", f"{float(seconds):.1f} s, {file.stat().st_size / 1e6:.2f} MB",
                             f"{pages} pages, render time in its worker"))
        else:
            rows.append(("PDF build time and size", NOT_BUILT, ""))

    print(f"Figures ({time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, Python {platform.python_version()})\n")
    print("| figure | value | how |\n|---|---|---|")
    for name, value, how in rows:
        print(f"| {name} | {value} | {how} |")


if __name__ == "__main__":
    main()
