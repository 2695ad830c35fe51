"""Benchmark of the PDF handouts: build time with and without them, and each PDF's time, pages and size.

Run: ``.venv/bin/python bench/handout_bench.py`` (three real ``mkdocs build`` runs; about a minute).
Importable: :func:`measure` returns the figures as a dict.

Figures:
- ``build_s``: wall time of ``mkdocs build`` (whole two-language site) with ``HANDOUT=0``, with the
  handouts and an empty PDF cache, and with the handouts and a warm cache (unchanged content);
- per PDF: layout + writing time in its worker process (s; the workers run in parallel with each
  other and with the English pass, so these do not add up to the build-time difference), page
  count and size (bytes).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINE = re.compile(r"PDF handout: (\S+) (\d+) pages, ([\d.]+) MB, ([\d.]+) s")


def _build(site: Path, **env: str) -> tuple[float, str]:
    """One ``mkdocs build --strict`` of the real site; (wall seconds, log)."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], cwd=ROOT,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env), capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode:
        raise RuntimeError(proc.stdout + proc.stderr)
    return seconds, proc.stdout + proc.stderr


def measure() -> dict:
    """Build the site three ways and read the PDFs' figures.

    Returns:
        ``{"build_s": {"no_handout", "handout_cold", "handout_warm"}, "pdfs": [{"file", "seconds",
        "pages", "bytes"}]}`` (seconds as floats, sizes in bytes).
    """
    from pypdf import PdfReader

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        cache = str(tmp_path / "cache")
        plain, _ = _build(tmp_path / "plain", HANDOUT="0")
        cold, log = _build(tmp_path / "site", HANDOUT_CACHE=cache)
        warm, _ = _build(tmp_path / "site", HANDOUT_CACHE=cache)
        pdfs = []
        for path, _pages, _mb, seconds in LINE.findall(log):
            file = Path(path)
            pdfs.append({"file": file.relative_to(tmp_path / "site").as_posix(), "seconds": float(seconds),
                         "pages": len(PdfReader(str(file)).pages), "bytes": file.stat().st_size})
    return {"build_s": {"no_handout": plain, "handout_cold": cold, "handout_warm": warm}, "pdfs": pdfs}


def main() -> None:
    figures = measure()
    builds = figures["build_s"]
    print(f"mkdocs build (both languages): HANDOUT=0 {builds['no_handout']:.1f} s, "
          f"with PDFs (empty cache) {builds['handout_cold']:.1f} s, with PDFs (cached) {builds['handout_warm']:.1f} s")
    print(f"{'PDF':48} {'render s':>9} {'pages':>6} {'MB':>6}")
    for pdf in figures["pdfs"]:
        print(f"{pdf['file']:48} {pdf['seconds']:9.1f} {pdf['pages']:6d} {pdf['bytes'] / 1e6:6.2f}")


if __name__ == "__main__":
    main()
