"""Build the site repeatedly under CPU load and check every search bundle it wrote.

The search bundle once came out cut short on a loaded machine (issue 10). ``qa/search_bundle.py``
removed the cause; this script is the standing evidence: it keeps every core busy with spinning
processes (twice the core count by default), runs ``mkdocs build --strict`` N times, and after each
build checks both locales' bundles with ``qa.search_bundle.check_bundle`` from outside the build.

    .venv/bin/python bench/bundle_stress.py              # 5 builds without PDFs, 2×cores spinners
    .venv/bin/python bench/bundle_stress.py --runs 10 --handout   # with PDF workers, as in the report

Prints one line per build (seconds, files checked per locale) and a summary; exits 1 if any build
failed or any bundle failed its check.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.search_bundle import BundleError, check_bundle  # noqa: E402

BUNDLES = ("pagefind", "en/pagefind")


def _spin(stop) -> None:
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds to run (default 5)")
    parser.add_argument("--spinners", type=int, default=2 * (os.cpu_count() or 1), help="busy processes (default 2×cores)")
    parser.add_argument("--handout", action="store_true", help="also render the PDFs (their workers add load)")
    args = parser.parse_args()

    stop = multiprocessing.Event()
    spinners = [multiprocessing.Process(target=_spin, args=(stop,), daemon=True) for _ in range(args.spinners)]
    for process in spinners:
        process.start()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", HANDOUT="1" if args.handout else "0")
    failures = 0
    print(f"{args.runs} builds, {args.spinners} busy processes on {os.cpu_count()} cores, PDFs {'on' if args.handout else 'off'}")
    try:
        for run in range(1, args.runs + 1):
            with tempfile.TemporaryDirectory(prefix="bundle-stress-") as site:
                started = time.monotonic()
                build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", site],
                                       cwd=ROOT, env=env, capture_output=True, text=True)
                seconds = time.monotonic() - started
                if build.returncode != 0:
                    failures += 1
                    print(f"build {run}: FAILED after {seconds:.1f} s: {(build.stdout + build.stderr).strip().splitlines()[-1]}")
                    continue
                results = []
                for bundle in BUNDLES:
                    try:
                        results.append(f"{bundle}: {check_bundle(Path(site) / bundle)} files ok")
                    except BundleError as error:
                        failures += 1
                        results.append(f"{bundle}: BROKEN {error}")
                print(f"build {run}: {seconds:.1f} s; " + "; ".join(results))
    finally:
        stop.set()
        for process in spinners:
            process.join(timeout=5)
    print(f"{args.runs} builds, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
