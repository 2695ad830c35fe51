"""Stage: the browser libraries the site ships, copied from ``node_modules/`` into the site.

``package.json`` pins them and ``package-lock.json`` locks them; ``make setup`` installs them with
``npm ci`` (Makefile). Nothing is loaded from a CDN: the pages load the copies under
``assets/javascripts/vendor/`` (``overrides/main.html``), so the site works offline.

    ts-fsrs  the FSRS spaced-repetition scheduler study mode rates questions with (its UMD bundle,
             the global ``FSRS``; ``overrides/assets/javascripts/study-progress.js``), and its licence.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
#: node_modules path → path in the site
FILES = {
    "ts-fsrs/dist/index.umd.js": "assets/javascripts/vendor/ts-fsrs.js",
    "ts-fsrs/LICENSE": "assets/javascripts/vendor/ts-fsrs.LICENSE.txt",
}


def copy(site_dir: str, modules: Path = ROOT / "node_modules") -> None:
    """Copy :data:`FILES` from ``modules`` into ``site_dir`` (idempotent: every locale pass may call it).

    Raises:
        PluginError: a file is missing from ``node_modules/`` (``npm ci`` has not run), naming it and
            what to do.
    """
    for source, target in FILES.items():
        path = modules / source
        if not path.is_file():
            raise PluginError(f"node_modules/{source} is missing: run `make setup` (it installs the browser "
                              "libraries of package-lock.json with `npm ci`)")
        out = Path(site_dir) / target
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, out)
