"""Hook: offline reading and installing (issue 27, item 2) — each edition's web app manifest and service worker.

Its own hook (listed in mkdocs.yml after hooks/pipeline.py), one job: after the whole site is written
(pages, search bundles, ``study.json``; the pipeline's end of build), write per edition

* ``<edition>/manifest.webmanifest``: the edition's name, ``start_url`` and ``scope`` (the edition's root,
  relative, so any sub-path works) and the icons ``assets/images/app-icon-{192,512}.png`` (checked in,
  made by ``scripts/make-app-icons.py``); written in each locale pass's ``on_post_build``;
* ``<edition>/sw.js``: a service worker made by Workbox (npm ``workbox-build``, pinned in package-lock.json,
  installed by ``make setup``) from ``scripts/offline-sw.js`` by ``scripts/offline-worker.mjs``. It precaches
  the edition's pages, the shared assets, its search bundle and ``study.json``, each with the MD5 of its
  content as revision (:func:`worker_job` lists the globs); PDFs are cached when first opened. Written
  once, after the last locale, at priority -1100 (after the pipeline's end of build at -1000, which waits
  for the search worker that writes the bundles).

Every page gets ``context["offline"]`` (:func:`on_page_context`): the manifest's URL and the worker's,
both relative to the page; ``overrides/main.html`` links the manifest and loads
``assets/javascripts/offline.js``, which registers the worker (see that file for how a new build takes over).

Under ``mkdocs serve`` no worker is registered and each edition's ``sw.js`` is a worker that removes
itself (:data:`SERVE_WORKER`): a worker a built site left at the same address (``python3 -m http.server``
on port 8000, then ``make serve``) would otherwise keep serving that build's pages; the browser checks
``sw.js`` on every page load, gets this one, which deletes the caches, unregisters and reloads its pages.

The build fails with one line naming what to do when Node.js or workbox-build is missing or Workbox
fails, and warns (``--strict``: fails) when Workbox skips a file or an edition's precache exceeds
``extra.qa.offline_budget`` bytes (hooks/options.py; 5,000,000 by default: a bank that grows past it
raises it knowingly). The size of each edition's precache is logged.
"""
from __future__ import annotations

import json
import os
import posixpath
import shutil
import subprocess
import time
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.utils import get_relative_url

import options
from _common import log
from _worker import die_with_build

ROOT = Path(__file__).resolve().parent.parent
RUNNER = ROOT / "scripts" / "offline-worker.mjs"
MANIFEST = "manifest.webmanifest"
WORKER = "sw.js"
#: a file over this is left out of the precache by Workbox (and reported): none should come near it
MAX_FILE = 3_000_000
CACHE_ID = "llm-guide"
ICON_SIZES = (192, 512)
ICONS = "assets/images/app-icon-{size}.png"
THEME_COLOR = "#4051b5"  # Material's indigo, the header's colour (mkdocs.yml palette)
#: the name under the icon on a home screen, where the edition's site_name is too long
SHORT_NAME = {"en": "LLM Interviews"}
#: what every edition precaches besides its own files: the theme's and the site's scripts, styles, icons
SHARED = ("assets/javascripts/**/*.{js,txt}", "assets/stylesheets/*.css", "assets/images/*.{png,svg}",
          "stylesheets/*.css")
#: an edition's own files, under its prefix: its pages, study data, manifest and search bundle
OWN = ("**/index.html", "study.json", MANIFEST, "pagefind/**/*")
#: never precached, wherever the globs reach: PDFs (cached when opened), decks, source maps, and the
#: lunr search and its worker that Material ships and the site does not load (its search is Pagefind)
NEVER = ("**/*.pdf", "**/*.apkg", "**/*.map", "assets/javascripts/lunr/**", "assets/javascripts/workers/**")

#: Workbox's warning for a glob that matched nothing
NO_MATCH = "One of the glob patterns doesn't match any files"

SERVE_WORKER = """\
// `mkdocs serve` (hooks/offline.py): the preview has no offline copy. A worker that a built site left at
// this address is replaced by this one, which deletes the caches, unregisters and reloads its pages.
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) await caches.delete(key);
    await self.registration.unregister();
    for (const client of await self.clients.matchAll({ type: "window" })) client.navigate(client.url);
  })());
});
"""

#: the ``mkdocs`` command of this process (``on_startup``); ``None`` for in-process ``build()`` calls
_command: str | None = None


def on_startup(command, dirty):
    global _command
    _command = command


def _serving() -> bool:
    return _command == "serve"


def editions(config) -> list[tuple[str, str]]:
    """``(locale, prefix)`` of every edition built, default first: ``("zh-Hant", "")``, ``("en", "en/")``."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return [(config.theme.get("language") or "en", "")]
    default = plugin.default_language
    others = [locale for locale in plugin.build_languages if locale != default]
    return [(default, "")] + [(locale, f"{locale}/") for locale in others]


def _current(config) -> tuple[str, str]:
    """``(locale, prefix)`` of the edition this pass builds."""
    plugin = config.plugins.get("i18n")
    if plugin is None:
        return editions(config)[0]
    locale = plugin.current_language or plugin.default_language
    return locale, "" if locale == plugin.default_language else f"{locale}/"


def on_page_context(context, page, config, nav):
    """``context["offline"]``: ``manifest`` and ``worker`` URLs relative to the page (``worker`` is
    ``None`` under ``mkdocs serve``: nothing is registered there)."""
    _, prefix = _current(config)
    context["offline"] = {"manifest": get_relative_url(prefix + MANIFEST, page.url),
                          "worker": None if _serving() else get_relative_url(prefix + WORKER, page.url)}
    return context


def manifest(config, locale: str, prefix: str) -> dict:
    """The web app manifest of an edition (this pass's ``site_name`` and ``site_description``); every
    URL in it relative to the manifest, which sits at the edition's root."""
    def here(path: str) -> str:
        return posixpath.relpath(path, prefix or ".")

    icons = [{"src": here(ICONS.format(size=size)), "sizes": f"{size}x{size}", "type": "image/png", "purpose": purpose}
             for purpose in ("any", "maskable") for size in ICON_SIZES]
    return {"name": config.site_name, "short_name": SHORT_NAME.get(locale, config.site_name),
            "description": config.site_description or config.site_name, "lang": locale, "dir": "ltr",
            "id": "./", "start_url": "./", "scope": "./", "display": "standalone",
            "background_color": "#ffffff", "theme_color": THEME_COLOR, "icons": icons}


def _write_pass(config):
    """Each locale pass: the edition's manifest, and under serve the self-removing worker."""
    locale, prefix = _current(config)
    out = Path(config.site_dir) / prefix
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).write_text(json.dumps(manifest(config, locale, prefix), ensure_ascii=False, indent=1) + "\n",
                                encoding="utf-8")
    if _serving():
        (out / WORKER).write_text(SERVE_WORKER, encoding="utf-8")


def worker_job(site_dir: str, config) -> dict:
    """The job for ``scripts/offline-worker.mjs``: per edition the worker's path under the site and the
    globs (relative to the site) of what it precaches: :data:`OWN` under the edition's prefix plus
    :data:`SHARED`; ignored: :data:`NEVER` and, for the edition at the root, the other editions' folders."""
    all_editions = editions(config)
    jobs = []
    for locale, prefix in all_editions:
        ignore = list(NEVER) + ([f"{other}**" for _, other in all_editions if other] if not prefix else [])
        jobs.append({"locale": locale, "worker": prefix + WORKER,
                     "precache": [prefix + pattern for pattern in OWN] + list(SHARED), "ignore": ignore})
    return {"site": str(Path(site_dir).resolve()), "cacheId": CACHE_ID, "maxFileBytes": MAX_FILE, "editions": jobs}


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        raise PluginError("offline: Node.js (`node`) was not found; it writes the service worker. "
                          "Run `make setup` (scripts/install-system-deps.sh installs it)")
    if not (ROOT / "node_modules" / "workbox-build" / "package.json").is_file():
        raise PluginError(f"offline: workbox-build is not installed in {ROOT / 'node_modules'}; "
                          "run `make setup` (npm ci installs it from package-lock.json)")
    return node


def start_runner() -> subprocess.Popen:
    """Start ``scripts/offline-worker.mjs``: Node loads workbox-build (about half a second) and then waits
    for its job on standard input, so a build starts it first and hands it the job at the end. The kernel
    ends it with the build's process (``_worker.die_with_build``), and it ends by itself when its input
    closes without a job.

    Raises:
        PluginError: Node.js or workbox-build missing.
    """
    build_pid = os.getpid()
    return subprocess.Popen([_node(), str(RUNNER)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env=dict(os.environ, NODE_PATH=str(ROOT / "node_modules")),
                            preexec_fn=lambda: die_with_build(build_pid))


def write_workers(site_dir: str, config, runner: subprocess.Popen | None = None) -> list[dict]:
    """Run Workbox on the written site (one Node process for all editions); log each edition's precache
    (files, bytes). Returns the runner's results: ``[{worker, count, size, warnings}]``.

    Args:
        runner: :func:`start_runner`'s process, started when the build started (``None``: start one now).

    Raises:
        PluginError: Node.js or workbox-build missing, or Workbox failed.
    """
    settings = options.load(config.extra, config.config_file_path)
    job = worker_job(site_dir, config)
    started = time.perf_counter()
    runner = runner or start_runner()
    try:
        stdout, stderr = runner.communicate(json.dumps(job), timeout=300)
    except subprocess.TimeoutExpired:
        runner.kill()
        runner.communicate()
        raise PluginError("offline: Workbox took more than 300 s to write the service workers") from None
    if runner.returncode != 0:
        lines = (stderr or stdout).strip().splitlines()
        raise PluginError(f"offline: the service worker could not be written: {lines[-1] if lines else runner.returncode}")
    results = json.loads(stdout)
    if settings.timings:
        log.info(f"timings: offline: Workbox wrote {len(results)} service workers in {time.perf_counter() - started:.1f} s")
    budget = settings.offline_budget
    for edition, result in zip(job["editions"], results):
        for warning in result["warnings"]:
            if warning.startswith(NO_MATCH):  # a site without, say, stylesheets/ (a fixture) is complete
                continue
            log.warning(f"offline: {result['worker']}: {' '.join(warning.split())}")
        log.info(f"offline: {edition['locale']} worker {result['worker']}: {result['count']} files, "
                 f"{result['size']} bytes precached (PDFs cached when opened)")
        if result["size"] > budget:
            log.warning(f"offline: the {edition['locale']} edition precaches {result['size']} bytes, over the "
                        f"{budget} byte budget (extra.qa.offline_budget); see hooks/offline.py (OWN, SHARED) for what it holds")
    return results


#: the Workbox runner of the build under way (:func:`start_runner`), from its first ``on_config`` to its end
_runner: subprocess.Popen | None = None


def _whole_build(config) -> bool:
    """Whether this event belongs to the build as a whole: not ``mkdocs serve`` (no worker there), not
    another locale's pass run inside the first one's ``on_post_build``."""
    plugin = config.plugins.get("i18n")
    return not _serving() and not (plugin is not None and getattr(plugin, "building", False))


def on_config(config):
    """The build starts: start the Workbox runner, which loads while the pages are built."""
    global _runner
    if _whole_build(config):
        _stop_runner()  # a previous in-process build's, if it failed before its end
        _runner = start_runner()
    return config


def _stop_runner() -> None:
    global _runner
    if _runner is not None:
        _runner.kill()
        _runner.communicate()
        _runner = None


def on_build_error(error):
    _stop_runner()


@event_priority(-1100)  # after hooks/pipeline.py's end of build (-1000): every file of the site is written
def _end_of_build(config):
    global _runner
    if not _whole_build(config):
        return  # serve, or another locale's pass inside the first one's on_post_build: the site is not complete
    runner, _runner = _runner, None
    write_workers(config.site_dir, config, runner)


# the manifest before mkdocs-static-i18n's on_post_build (-100), which builds the other locales and
# leaves the config of the last one
on_post_build = CombinedEvent(_write_pass, _end_of_build)
