"""Search benchmark: index bytes a first search downloads, and keystroke-to-results time in Chromium.

    .venv/bin/python bench/search_bench.py [--site DIR] [--synthetic N] [--bank repeat|distinct] [--lunr-site DIR]

- builds the real site into a temporary folder unless ``--site`` names a built one;
- per locale: bytes of every file the first search (query 知識蒸餾) fetched, raw and gzip -9;
- time from the last keystroke to the results list of that query (in-page ``performance.now()``:
  capturing ``keydown`` and ``beforeinput`` listeners and a MutationObserver on the search box's
  ``data-qa-state``), median and p95 over tests/search/queries.yml, one page per locale. The last
  keystroke is the later of the last ``keydown`` and the last ``beforeinput``: Playwright (like an input
  method committing a word) inserts a Chinese character without any key event, so until 2026-12 this
  bench timed Chinese queries from the ``keydown`` of the Backspace that cleared the box, which adds the
  whole typing of the query (~10 ms a character) and the searches of its first characters. That old
  figure is still reported (``median_key_ms``, ``p95_key_ms``, columns "from keydown") for comparison.
  The question-shaped queries of tests/search/questions.yml (issue 26: whole questions, which search
  each word alone as well) are timed too, as rows of their own ("questions"). Each row also gives the
  CPU seconds the browser (every process below this one: Chromium and Playwright's driver) spent while
  its queries were typed and answered, read from /proc, and the 1-minute load average at its end: the
  machine is shared, and a p95 means little without them;
- the same for a synthetic bank of N (default 5,000) questions over 50 pages, indexed with the
  production code (``qa.search.record_html`` / ``write_bundle``) into a copy of the site's zh-Hant
  bundle folder. ``--bank repeat`` (the default, the bank of the issue-10 figures): the 20 real
  questions' texts repeated with fresh ids (``syn-00001`` …), so every word of an answer is in 250
  copies and every query matches hundreds to thousands of records; ``--bank distinct``: questions
  made as ``bench/synthetic.py`` makes them for the build bench (two glossary terms and a task in the
  title, 4-9 prose lines of the real answers), closer to a real bank's word statistics;
- rough input (:data:`ROUGH_INPUTS`: a pasted 500-character paragraph, emoji, punctuation, an address,
  question words only), each pasted in one step on the real site and on the bank (zh-Hant): time to the
  results state, the longest stall of the page meanwhile, what was listed or suggested, console errors;
- ``--hook N``: the search hook's own build time on a synthetic bank of N questions
  (``bench/dedup_bench.synthetic_bank``, written as topic pages into a copy of the project next to
  the real ones, built with ``mkdocs build --strict`` under cProfile, HANDOUT=0): the cumulative time of
  ``hooks/search_index.py``'s events, of Pagefind's ``write_bundle`` within them, and of the whole build
  (all inflated alike by the profiler). ``--project DIR`` measures another checkout (e.g. the main
  branch, for a before/after);
- the files are served by Python's ``http.server`` on 127.0.0.1, in HTTP/1.1 with connections kept
  open (``--http 1.1``, the default since 2026-12-08, as static hosts serve) or in HTTP/1.0, a new
  connection per request (``--http 1.0``, the server before: its connection set-up and threads cost each
  of the 20–50 requests of a question at 5,000 questions 15–40 ms on this 2-core machine);
- ``--lunr-site DIR``: top-1/top-3 of Material's built-in lunr search on the query set, on a site
  built with ``plugins: [search]`` as shipped (for adr/0001-search.md). It types the query, then
  presses End (headless typing of CJK fires no keyup otherwise) and reads the first section links.

``run(site, synthetic)`` returns the figures as a dict; ``main()`` prints them as a table.
"""
from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.search import Block, Indexer, QuestionText, browser_data, question_chars, question_records, questions_from_html  # noqa: E402
from qa.glossary import load_glossary  # noqa: E402
from qa.query_words import WORDS, load_words  # noqa: E402
from qa.search_bundle import write_bundle  # noqa: E402

QUERIES = yaml.safe_load((ROOT / "tests" / "search" / "queries.yml").read_text(encoding="utf-8"))
QUESTIONS = yaml.safe_load((ROOT / "tests" / "search" / "questions.yml").read_text(encoding="utf-8"))
HOME = {"zh-Hant": "/", "en": "/en/"}
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TIMING_JS = """() => {
  window.__qa = {key: 0, stroke: 0, done: {}};
  document.addEventListener('keydown', () => { window.__qa.key = window.__qa.stroke = performance.now(); }, true);
  document.addEventListener('beforeinput', () => { window.__qa.stroke = performance.now(); }, true);
  const root = document.querySelector('[data-qa-search]');
  new MutationObserver(() => {
    if (root.dataset.qaState === 'done') window.__qa.done[root.dataset.qaQuery] = performance.now();
  }).observe(root, {attributes: true});
}"""


#: Rough input a reader may put in the box, each pasted in one step (one ``input`` event), for
#: :func:`paste` (this bench's "rough input" rows and tests/browser): a 500-character paragraph, emoji only,
#: punctuation only, an address, question words only.
ROUGH_INPUTS = {
    "paragraph": (("大型語言模型在部署時需要考慮推論速度、記憶體用量與成本，量化與 KV 快取是常見的做法，"
                   "同時也要監控幻覺與提示注入等風險，並設計評估集確認品質。") * 8)[:500],
    "emoji": "😀🎉👍🤖",
    "punctuation": "？！。，、…!?.,;:",
    "address": "https://example.org/llm/quantization?lang=zh#kv-cache",
    "question words": "的 了 嗎 什麼 怎麼",
}
PASTE_JS = """async (text) => {
  const root = document.querySelector('[data-qa-search]');
  const box = root.querySelector('.md-search__input');
  const done = () => root.dataset.qaState === 'done' && root.dataset.qaQuery === text;
  let last = performance.now(), stall = 0;
  const beat = setInterval(() => { const now = performance.now(); stall = Math.max(stall, now - last); last = now; }, 10);
  const start = performance.now();
  const finished = new Promise((resolve) => {
    const watch = new MutationObserver(() => { if (done()) { watch.disconnect(); resolve(); } });
    watch.observe(root, {attributes: true});
  });
  box.value = text;
  box.dispatchEvent(new InputEvent('input', {inputType: 'insertFromPaste', data: text}));
  await finished;
  const ms = performance.now() - start;
  await new Promise((resolve) => setTimeout(resolve, 30));  // one more beat: a stall that ends the run counts too
  clearInterval(beat);
  const instead = root.querySelector('.qa-search-instead');
  return {ms, stall, shown: Number(root.dataset.qaShown || 0),
          suggest: !root.querySelector('.qa-search-suggest').hidden && root.querySelectorAll('.qa-search-suggest a').length,
          meta: root.querySelector('.md-search-result__meta').textContent, instead: instead.hidden ? '' : instead.textContent};
}"""


def paste(page, text: str, timeout_ms: float = 60_000) -> dict:
    """Put ``text`` in the open search box of ``page`` in one step, as a paste does, and wait for its results.

    Returns ``{"ms", "stall", "shown", "suggest", "meta", "instead", "errors"}``: milliseconds from the paste
    to the results state (``data-qa-state="done"`` for this text); the longest gap (ms) between beats of a
    10 ms timer meanwhile, i.e. the longest the page could not have shown a keystroke; the results listed;
    the number of topic links suggested (0 when hidden); the count line; the "searched for" line; and the
    console errors and uncaught exceptions meanwhile (strings). Raises Playwright's TimeoutError after
    ``timeout_ms``."""
    errors: list[str] = []
    on_console = lambda msg: errors.append(msg.text) if msg.type == "error" else None  # noqa: E731
    on_error = lambda error: errors.append(str(error))  # noqa: E731
    page.on("console", on_console)
    page.on("pageerror", on_error)
    page.set_default_timeout(timeout_ms)
    try:
        found = page.evaluate(PASTE_JS, text)
    finally:
        page.remove_listener("console", on_console)
        page.remove_listener("pageerror", on_error)
    return {**found, "errors": errors}


def rough_rows(browser, base: str, locale: str = "zh-Hant") -> dict[str, dict]:
    """:func:`paste` of each of :data:`ROUGH_INPUTS` on a fresh page of the served site's edition (after a
    first search, so the index is loaded), as ``{name: paste's dict}``."""
    page = browser.new_page()
    page.goto(base + HOME[locale])
    page.keyboard.press("/")
    _type(page, "知識蒸餾")
    rows = {name: paste(page, text) for name, text in ROUGH_INPUTS.items()}
    page.close()
    return rows


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _KeepAlive(_Quiet):
    """HTTP/1.1: connections stay open between requests, as on any static host (GitHub Pages, a CDN); each
    response is sent as soon as it is written (no Nagle delay between headers and body)."""
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True


#: the file server of :func:`serve` by HTTP version: ``"1.1"`` (the default since 2026-12-08) or ``"1.0"``
#: (Python's default, each request on a new connection; the bench's server before, for comparisons)
HANDLERS = {"1.1": _KeepAlive, "1.0": _Quiet}
HTTP = "1.1"


@contextlib.contextmanager
def serve(site: Path, http: str | None = None):
    """Serve ``site`` on 127.0.0.1 with the handler of ``HANDLERS[http or HTTP]``; yields the base URL.
    Chromium opens at most six connections to one host either way."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(HANDLERS[http or HTTP], directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


def _type(page, query: str) -> None:
    box = page.locator("[data-qa-search] .md-search__input")
    box.press("Control+a")
    box.press("Backspace")
    box.press_sequentially(query)
    page.wait_for_function(
        "q => { const r = document.querySelector('[data-qa-search]'); return r.dataset.qaState === 'done' && r.dataset.qaQuery === q; }",
        arg=query, timeout=120_000)


def tree_cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by every living process below this one (Linux /proc;
    0.0 elsewhere): Chromium's processes and Playwright's driver."""
    import os

    proc = Path("/proc")
    if not proc.is_dir():
        return 0.0
    parents, times = {}, {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    me, total = os.getpid(), 0.0
    for pid, seconds in times.items():
        at = pid
        while at in parents and at not in (0, 1, me):
            at = parents[at]
        if at == me and pid != me:
            total += seconds
    return total


def measure_site(browser, base: str, site: Path, locale: str, queries: list[str]) -> dict:
    """First-search bytes (raw, gzip), keystroke-to-results times (ms) and the browser's CPU seconds for
    one locale of a served site."""
    import os
    page = browser.new_page()
    fetched: dict[str, bytes] = {}
    page.on("requestfinished", lambda r: fetched.__setitem__(r.url, None) if "/pagefind/" in r.url else None)
    page.goto(base + HOME[locale])
    page.evaluate(TIMING_JS)
    page.keyboard.press("/")
    _type(page, "知識蒸餾")
    first = {url: (site / urlsplit(url).path.lstrip("/")).read_bytes() for url in fetched}
    times, key_times = [], []
    cpu = tree_cpu_seconds()
    for query in queries:
        try:
            _type(page, query)
        except Exception:
            print(f"no results state for {query!r} (locale {locale})", file=sys.stderr)
            raise
        qa = page.evaluate("() => window.__qa")
        times.append(qa["done"][query] - qa["stroke"])
        key_times.append(qa["done"][query] - qa["key"])
    cpu = tree_cpu_seconds() - cpu
    page.close()
    raw = sum(len(body) for body in first.values())
    gz = sum(len(gzip.compress(body, 9)) for body in first.values())
    return {"files": len(first), "raw": raw, "gzip": gz, "median_ms": statistics.median(times), "p95_ms": p95(times),
            "median_key_ms": statistics.median(key_times), "p95_key_ms": p95(key_times), "n": len(times),
            "cpu_s": cpu, "load": os.getloadavg()[0]}


def p95(values: list[float]) -> float:
    """The 95th percentile of ``values`` as this bench has always taken it (the value at rank
    ``int(0.95 n)`` of the sorted list, no interpolation); raises ValueError when empty."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def synthetic_site(site: Path, out: Path, n: int, bank: str = "repeat") -> Path:
    """Copy ``site`` to ``out`` and replace its zh-Hant bundle by one of ``n`` synthetic questions,
    indexed with the production code and the project's content/ as a build gives it: the glossary (jieba's
    user words, the concepts) and the readers' words (question words, synonyms, sounds). Until 2026-12-08
    the bank shipped neither, so its searches kept question words such as 什麼 and 的 that a build drops.

    Args:
        site: a built site.
        out: where the copy goes (must not exist).
        n: questions in the bank.
        bank: ``"repeat"`` (the real questions' texts repeated with fresh ids) or ``"distinct"``
            (``bench.synthetic.synthetic_questions``), see the module docstring.

    Returns:
        ``out``. Raises ValueError for another ``bank``."""
    slugs = ("applications", "data-processing", "training-deployment", "evaluation", "ethics")
    pages = {slug: [] for slug in slugs}
    if bank == "repeat":
        real = []
        for slug in slugs:
            real += questions_from_html((site / slug / "index.html").read_text(encoding="utf-8"))
        for i in range(n):
            q = real[i % len(real)]
            pages[slugs[i % 5]].append(QuestionText(f"syn-{i:05d}", f"{q.title} ({i})", q.blocks))
    elif bank == "distinct":
        from bench.synthetic import synthetic_questions

        for i, (qid, title, answer) in enumerate(synthetic_questions(n)):
            pages[slugs[i % 5]].append(QuestionText(qid, title, [Block(line) for line in answer]))
    else:
        raise ValueError(f"unknown bank {bank!r} (repeat or distinct)")
    shutil.copytree(site, out)
    # what a build gives the index and the browser (hooks/search_index.py): the glossary's words as jieba's
    # user words, its terms' concepts, and the readers' words (question words, synonyms, sounds)
    terms = load_glossary(ROOT / "content" / "glossary.yml", "content/glossary.yml")
    indexer = Indexer(sorted({form for t in terms for form in (t.zh, *t.aliases)}))
    rows = [(f"{slug}/", slug, qs) for slug, qs in pages.items()]
    records = question_records(rows, {}, [], {}, "zh-Hant", indexer)
    bundle = out / "pagefind"
    shutil.rmtree(bundle)
    write_bundle(records, bundle)
    data = browser_data(indexer, terms, question_chars(rows), load_words(ROOT / WORDS, str(WORDS)))
    (bundle / "qa-search.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def lunr_rates(browser, site: Path) -> dict:
    """Top-1/top-3 of Material's own lunr search (as shipped) on the query set."""
    hits1 = hits3 = 0
    with serve(site) as base:
        for locale in HOME:
            page = browser.new_page()
            page.goto(base + HOME[locale])
            page.keyboard.press("/")
            box = page.locator("[data-md-component=search-query]")
            for q in (q for q in QUERIES if q["locale"] == locale):
                box.fill("")
                box.press_sequentially(q["q"])
                box.press("End")
                page.wait_for_timeout(600)
                hrefs = page.eval_on_selector_all(".md-search-result__link", "els => els.map(e => e.href)")
                ids = [urlsplit(h).fragment for h in hrefs if urlsplit(h).fragment]
                hits1 += ids[:1] == [q["id"]]
                hits3 += q["id"] in ids[:3]
            page.close()
    return {"top1": hits1 / len(QUERIES), "top3": hits3 / len(QUERIES), "n": len(QUERIES)}


def hook_profile(n: int, project: Path = ROOT) -> dict:
    """Seconds (under cProfile) of the search hook on a project with ``n`` synthetic questions added.

    Returns ``{"questions": n, "build_s", "hook_s", "bundle_s", "returncode"}``; ``hook_s``
    includes ``bundle_s`` (Pagefind writing both bundles)."""
    import os
    import pstats
    import time

    from bench.dedup_bench import synthetic_bank

    with tempfile.TemporaryDirectory(prefix="qa-search-hook-") as tmp:
        out = Path(tmp)
        for name in ("mkdocs.yml", "hooks", "qa", "overrides", "content", "docs"):
            src = project / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, out / name)
        pages, _ = synthetic_bank(n)
        for i, page in enumerate(pages):
            lines = ["---", "kind: topic", f"title: 題庫 {i}", f"title_en: Bank {i}", f"order: {10 + i}", "---", ""]
            for q in page.questions:
                lines += [f'## {q.title} {{#{q.id} data-en="Question {q.id}"}}', "", q.answer, ""]
            (out / "docs" / page.path).write_text("\n".join(lines), encoding="utf-8")
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out / "prof"), "-m", "mkdocs", "build", "--strict",
                               "-d", str(out / "site")], cwd=out, env={**os.environ, "HANDOUT": "0", "NO_MKDOCS_2_WARNING": "1"},
                              capture_output=True, text=True)
        build_s = time.perf_counter() - start
        if proc.returncode:
            return {"questions": n, "returncode": proc.returncode, "error": proc.stderr[-800:]}
        stats = pstats.Stats(str(out / "prof")).stats
        # the hook's entry points: MkDocs events in older checkouts, pipeline stages (collect, write) since BuildState
        hook = sum(v[3] for (file, _, func), v in stats.items()
                   if file.endswith("search_index.py") and func in ("on_post_build", "on_page_content", "collect", "write"))
        bundle = sum(v[3] for (file, _, func), v in stats.items()
                     if file.endswith(("qa/search.py", "qa/search_bundle.py")) and func == "write_bundle")
    return {"questions": n, "build_s": build_s, "hook_s": hook, "bundle_s": bundle, "returncode": 0}


def build(out: Path) -> Path:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=ROOT, check=True,
                   capture_output=True)
    return out


def run(site: Path, synthetic: int = 5000, lunr_site: Path | None = None, bank: str = "repeat") -> dict:
    """All figures: ``{"real": {locale: {...}}, "synthetic": {...}, "lunr": {...}}`` (see module doc).

    Each locale's and the bank's figures: ``files``, ``raw``, ``gzip`` (bytes the first search
    fetched), ``median_ms``/``p95_ms`` (last keystroke to results), ``median_key_ms``/``p95_key_ms``
    (last keydown to results: the figure before 2026-12) and ``n`` (queries timed)."""
    from playwright.sync_api import sync_playwright

    results: dict = {"real": {}, "rough": {}}
    tmp = tempfile.TemporaryDirectory()
    # Pagefind's Python API runs its own event loop: index before Playwright starts one.
    syn = synthetic_site(site, Path(tmp.name) / "site", synthetic, bank) if synthetic else None
    with tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS)
        with serve(site) as base:
            for locale in HOME:
                queries = [q["q"] for q in QUERIES if q["locale"] == locale]
                results["real"][locale] = measure_site(browser, base, site, locale, queries)
                asked = [q["q"] for q in QUESTIONS if q["locale"] == locale]
                results["real"][f"{locale} questions"] = measure_site(browser, base, site, locale, asked)
            results["rough"] = {"real zh-Hant": rough_rows(browser, base)}
        if syn:
            with serve(syn) as base:
                queries = [q["q"] for q in QUERIES if q["locale"] == "zh-Hant"]
                results["synthetic"] = {"questions": synthetic, "bank": bank, **measure_site(browser, base, syn, "zh-Hant", queries)}
                asked = [q["q"] for q in QUESTIONS if q["locale"] == "zh-Hant"]
                results["synthetic questions"] = {"questions": synthetic, "bank": bank,
                                                  **measure_site(browser, base, syn, "zh-Hant", asked)}
                results["rough"][f"synthetic {synthetic} {bank}"] = rough_rows(browser, base)
        if lunr_site:
            results["lunr"] = lunr_rates(browser, lunr_site)
        browser.close()
    return results


def main() -> None:
    global HTTP
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one)")
    parser.add_argument("--synthetic", type=int, default=5000, help="questions in the synthetic bank (0: skip)")
    parser.add_argument("--bank", choices=("repeat", "distinct"), default="repeat",
                        help="synthetic bank: the real answers repeated (default) or distinct questions")
    parser.add_argument("--lunr-site", type=Path, help="a site built with Material's search as shipped")
    parser.add_argument("--hook", type=int, help="profile the search hook on a bank of N synthetic questions, then stop")
    parser.add_argument("--project", type=Path, default=ROOT, help="the checkout --hook builds (default: this one)")
    parser.add_argument("--http", choices=sorted(HANDLERS), default=HTTP,
                        help="the file server's HTTP version: 1.1 (keep-alive, the default) or 1.0 (the server before 2026-12-08)")
    args = parser.parse_args()
    HTTP = args.http
    if args.hook:
        f = hook_profile(args.hook, args.project)
        if f["returncode"]:
            sys.exit(f"build failed: {f['error']}")
        print(f"{f['questions']} synthetic questions (+ the real ones), under cProfile: build {f['build_s']:.1f} s, "
              f"search hook {f['hook_s']:.1f} s, of which Pagefind writing the bundles {f['bundle_s']:.1f} s")
        return
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or build(Path(tmp) / "site")
        figures = run(site, args.synthetic, args.lunr_site, args.bank)
    print(f"file server: HTTP/{HTTP} (--http)")
    print(f"{'index':<40}{'files':>6}{'raw KB':>10}{'gzip KB':>10}{'median ms':>11}{'p95 ms':>9}"
          f"{'from keydown: median':>22}{'p95':>7}{'queries':>9}{'CPU s':>8}{'load':>6}")
    rows = [(f"real {loc}", f) for loc, f in figures["real"].items()]
    for key in ("synthetic", "synthetic questions"):
        if key in figures:
            rows.append((f"{key.replace('synthetic', 'synthetic ' + str(figures[key]['questions']) + ' ' + figures[key]['bank'])}"
                         " zh-Hant", figures[key]))
    for name, f in rows:
        print(f"{name:<40}{f['files']:>6}{f['raw'] / 1024:>10.1f}{f['gzip'] / 1024:>10.1f}{f['median_ms']:>11.1f}{f['p95_ms']:>9.1f}"
              f"{f['median_key_ms']:>22.1f}{f['p95_key_ms']:>7.1f}{f['n']:>9}{f['cpu_s']:>8.1f}{f['load']:>6.1f}")
    print("ms: last keystroke (keydown or beforeinput) to results; from keydown: last keydown to results, "
          "the figure before 2026-12 (for Chinese queries the Backspace that cleared the box); "
          "questions: tests/search/questions.yml; CPU s: the browser's CPU seconds over the row's queries; "
          "load: 1-minute load average at the row's end")
    print(f"\n{'rough input (pasted)':<40}{'to results ms':>14}{'longest stall ms':>18}{'listed':>8}{'topics':>8}  errors")
    for where, rows in figures["rough"].items():
        for name, f in rows.items():
            print(f"{where + ': ' + name:<40}{f['ms']:>14.0f}{f['stall']:>18.0f}{f['shown']:>8}{int(f['suggest']):>8}  {len(f['errors'])}")
    print("longest stall: the longest gap between beats of a 10 ms timer while the search ran (typing could not show)")
    if "lunr" in figures:
        lunr = figures["lunr"]
        print(f"Material lunr as shipped: top-1 {lunr['top1']:.1%}, top-3 {lunr['top3']:.1%} over {lunr['n']} queries")


if __name__ == "__main__":
    main()
