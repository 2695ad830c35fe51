// Writes each edition's service worker with Workbox (workbox-build's injectManifest) and copies the
// Workbox modules it loads. Called by hooks/offline.py at the end of a build, after every file of
// the site is written:
//
//   node scripts/offline-worker.mjs < job.json        (the job: hooks/offline.py, worker_job)
//
// job = {site, cacheId, maxFileBytes, editions: [{worker: "en/sw.js", precache: [globs], ignore: [globs]}]}
// For each edition, scripts/offline-sw.js becomes <site>/<worker> with the edition's precache list:
// every file the globs match under <site>, with the MD5 of its content as revision, its URL relative to
// the worker's folder (`en/index.html` -> `index.html`, `assets/x.js` -> `../assets/x.js` for `en/sw.js`),
// so the same site works at any sub-path. The Workbox modules go to <site>/workbox-v<version>/.
// Prints one JSON line: [{worker, count, size, warnings}]; exits 1 with one line on stderr on failure.
// the injectManifest module alone: the package's index also loads generateSW's bundler (rollup, Babel, terser),
// 0.4 CPU s of every build for a mode this project does not use
import { injectManifest } from "workbox-build/build/inject-manifest.js";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
// the modules scripts/offline-sw.js uses (workbox-sw loads `workbox-<name>.prod.js` on first use)
const MODULES = ["core", "precaching", "routing", "strategies", "expiration", "cacheable-response", "range-requests"];

function copyWorkbox(site) {
  const version = JSON.parse(readFileSync(require.resolve("workbox-sw/package.json"), "utf8")).version;
  const folder = `workbox-v${version}`;
  mkdirSync(path.join(site, folder), { recursive: true });
  copyFileSync(require.resolve("workbox-sw/build/workbox-sw.js"), path.join(site, folder, "workbox-sw.js"));
  for (const name of MODULES) {
    const file = `workbox-${name}.prod.js`;
    copyFileSync(require.resolve(`workbox-${name}/build/${file}`), path.join(site, folder, file));
  }
  return folder;
}

function relativeTo(folder) {
  return (entries) => ({
    manifest: entries.map((entry) => ({ ...entry, url: path.posix.relative(folder, entry.url) })),
    warnings: [],
  });
}

async function main() {
  const job = JSON.parse(readFileSync(0, "utf8"));
  const workbox = copyWorkbox(job.site);
  const template = readFileSync(path.join(here, "offline-sw.js"), "utf8");
  const temp = mkdtempSync(path.join(os.tmpdir(), "offline-sw-"));
  const results = [];
  try {
    for (const edition of job.editions) {
      const folder = path.posix.dirname(edition.worker) === "." ? "" : path.posix.dirname(edition.worker);
      const source = path.join(temp, `${results.length}.js`);
      writeFileSync(source, template.replaceAll("__WORKBOX__", path.posix.relative(folder, workbox))
        .replaceAll("__CACHE_ID__", job.cacheId));
      const result = await injectManifest({
        swSrc: source,
        swDest: path.join(job.site, edition.worker),
        globDirectory: job.site,
        globPatterns: edition.precache,
        globIgnores: edition.ignore,
        globFollow: false,
        manifestTransforms: [relativeTo(folder)],
        maximumFileSizeToCacheInBytes: job.maxFileBytes,
      });
      results.push({ worker: edition.worker, count: result.count, size: result.size, warnings: result.warnings });
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify(results) + "\n");
}

main().catch((error) => {
  process.stderr.write(`workbox-build: ${error && error.message ? error.message : error}\n`);
  process.exit(1);
});
