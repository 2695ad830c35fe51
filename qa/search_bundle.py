"""Write one locale's Pagefind search bundle, and prove that what was written works.

Why this module exists (issue 10): a build once shipped a zh-Hant ``pagefind.js`` cut at 32,768 of
its 45,555 bytes, and Chinese search was dead on every page while the build passed. The cause is in
how Pagefind's *Python service* writes: Pagefind writes each file with ``tokio::fs::File`` and
``write_all(...).await`` and drops it without ``flush()`` (``pagefind/src/output/mod.rs``,
``async fn write``); Tokio documents that a ``tokio::fs::File`` hands each write to a background
blocking task and that pending data is only guaranteed written after ``flush``. The service answers
``WriteFiles`` as soon as the last ``write_all`` returns, and ``PagefindIndex.__aexit__`` then calls
``PagefindService.close()``, which *terminates* the backend process: a write still under way in the
background is killed with it. On a loaded machine the last chunk of a file could be lost.

So this module never lets Pagefind's service write files:

- :func:`write_bundle` runs the Pagefind *command* (the binary from the ``pagefind`` wheel, the same
  one the service runs) on a folder of records and waits for the process to exit. A command that
  returns from ``#[tokio::main]`` drops its Tokio runtime, and dropping a runtime blocks until every
  blocking task has returned (Tokio's ``Runtime`` documentation, "Shutdown"), so every file is on
  disk when the process has exited. Pagefind writes into an output folder kept with the records
  (``qa.search_spool``), where it skips the index files the last build already wrote; the index is
  checked there, and only the files it names are copied into a staging folder next to the target,
  which is moved into place, so a reader never sees a half-written bundle.
- :func:`check_bundle` reads the bundle back as a browser would need it: the entry file, each
  language's meta file, every index chunk, filter chunk and page fragment that the meta file names,
  the WebAssembly module, and the two scripts, which must be byte-identical to those the installed
  Pagefind produces (:func:`shipped_scripts`). Every Pagefind data file is gzip, so a cut file fails
  gzip's length and CRC check. A failure raises :class:`BundleError` naming the file.

No MkDocs import. The bundle's layout (``pagefind-entry.json``; ``pagefind.<hash>.pf_meta`` as gzip of
``pagefind_dcd`` + CBOR ``[version, [[page hash, words]...], [[from, to, chunk hash]...],
[[filter, hash]...], sorts, meta fields]``; ``index/<hash>.pf_index``, ``filter/<hash>.pf_filter``,
``fragment/<hash>.pf_fragment``, ``wasm.<lang>.pagefind``) is Pagefind 1.5's
(``pagefind/src/output/mod.rs``, ``pagefind/src/fossick`` and ``pagefind_web``'s loader in ``pagefind.js``).
"""
from __future__ import annotations

import asyncio
import functools
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import zlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from qa.search_spool import RecordSpool

#: the two scripts a page loads from the bundle (``pagefind.js`` starts ``pagefind-worker.js``)
SCRIPTS = ("pagefind.js", "pagefind-worker.js")
#: files Pagefind writes that only its prebuilt UIs use; the header search never loads them, and they are never
#: published (:func:`write_bundle` copies only the files the check names)
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
#: every Pagefind data file starts with these bytes once decompressed (``gz.write_all(b"pagefind_dcd")``)
SIGNATURE = b"pagefind_dcd"
#: seconds the Pagefind command may take; 5,000 questions index in about 10 s on 2 cores
TIMEOUT = 600
#: seconds Pagefind's service may take to hand over the scripts of a one-record index (about 0.3 s here)
SERVICE_TIMEOUT = 60
#: the file in a bundle folder that lists its extra shards: ``{"shards": ["shard-1/", ...]}``, paths
#: relative to the bundle folder (``[]`` for a one-index bundle); the header search merges each listed
#: folder. A shard folder holds a Pagefind index without the scripts and WebAssembly, which the browser
#: loads once, from the primary bundle.
SHARDS_FILE = "qa-shards.json"


class BundleError(Exception):
    """The search bundle could not be written, or a file of it is missing, cut short or not Pagefind's.

    The message names the file (relative to the bundle folder) and what is wrong with it.
    """


def _executable() -> Path:
    """The Pagefind binary of the installed ``pagefind`` wheel (the extended build when installed)."""
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise BundleError(f"Pagefind cannot be imported: {exc}; run `make setup`") from None
    found = get_executable()
    if found is None:
        raise BundleError("the Pagefind binary (pagefind_bin_extended) is not installed; run `make setup`")
    return Path(found)


def _run_coroutine(make_coroutine):
    """Run a coroutine to completion and return its result, also when this thread already runs an
    event loop (an in-process build under a test session that drives a browser): then in a new thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make_coroutine())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


_SCRIPTS_LOCK = threading.Lock()


@functools.lru_cache(maxsize=4)
def _shipped_scripts(binary: str, size: int, mtime_ns: int) -> dict[str, bytes]:
    from pagefind.index import IndexConfig
    from pagefind.service import PagefindService

    async def ask() -> list[dict]:
        # Pagefind's service, asked for files in memory (GetFiles), writes nothing to disk.
        async with PagefindService() as service:
            index = await service.create_index(IndexConfig())
            await index.add_custom_record(url="/", content="reference", language="en", meta={"title": "reference"})
            return await index.get_files()

    async def run() -> dict[str, bytes]:
        try:  # a service that never answers (a broken binary) must not hang the build
            files = await asyncio.wait_for(ask(), SERVICE_TIMEOUT)
        except asyncio.TimeoutError:
            raise BundleError(f"Pagefind's service did not answer within {SERVICE_TIMEOUT} s") from None
        return {Path(f["path"]).name: f["content"] for f in files if Path(f["path"]).name in SCRIPTS}

    scripts = _run_coroutine(run)
    missing = [name for name in SCRIPTS if name not in scripts]
    if missing:
        raise BundleError(f"the installed Pagefind produced no {', '.join(missing)}")
    return scripts


def shipped_scripts() -> dict[str, bytes]:
    """The scripts the installed Pagefind writes into every bundle, produced in memory.

    Returns:
        ``{"pagefind.js": bytes, "pagefind-worker.js": bytes}``, made by the installed Pagefind for a
        one-record index through its service's ``GetFiles`` request (nothing written to disk). The
        scripts do not depend on the index, so a bundle's copies must equal these byte for byte.
        Kept for the process, keyed by the binary's path, size and modification time, so an
        upgraded Pagefind is never compared with an old copy. Thread-safe: concurrent callers get
        one answer, asked once.

    Raises:
        BundleError: Pagefind is not installed or its service fails.
    """
    binary = _executable()
    stat = binary.stat()
    try:
        with _SCRIPTS_LOCK:  # a second caller (another thread) waits for the first one's answer
            return _shipped_scripts(str(binary), stat.st_size, stat.st_mtime_ns)
    except BundleError:
        raise
    except Exception as exc:  # the service failing to start or answer
        raise BundleError(f"the Pagefind service failed: {exc!r}") from None


def _gunzip(folder: Path, name: str) -> bytes:
    """The decompressed content of bundle file ``name`` (after Pagefind's signature)."""
    path = folder / name
    if not path.is_file():
        raise BundleError(f"{name}: missing")
    try:
        data = gzip.decompress(path.read_bytes())
    except (EOFError, OSError, zlib.error) as exc:
        raise BundleError(f"{name}: not a complete gzip file ({exc}); the file was cut short or damaged") from None
    if not data.startswith(SIGNATURE):
        raise BundleError(f"{name}: does not start with Pagefind's signature {SIGNATURE.decode()}")
    return data[len(SIGNATURE):]


def shard_folders(folder: Path) -> list[str]:
    """The extra shards a bundle lists in :data:`SHARDS_FILE`, as paths relative to ``folder``.

    Args:
        folder: a bundle folder written by :func:`write_bundle`.

    Returns:
        ``["shard-1/", "shard-2/", ...]``; ``[]`` for a one-index bundle or a bundle without the file
        (one written before sharding existed).

    Raises:
        BundleError: the file is not valid JSON of that form, or names a folder outside ``folder``.
    """
    path = Path(folder) / SHARDS_FILE
    if not path.is_file():
        return []
    try:
        shards = json.loads(path.read_text(encoding="utf-8"))["shards"]
        if not all(isinstance(name, str) for name in shards):
            raise TypeError("shard names must be strings")
    except (ValueError, KeyError, TypeError) as exc:
        raise BundleError(f"{SHARDS_FILE}: not a list of shard folders ({exc})") from None
    for name in shards:
        if name.startswith(("/", ".")) or ".." in name or not name.endswith("/"):
            raise BundleError(f"{SHARDS_FILE}: {name!r} is not a sub-folder path ending in '/'")
    return shards


def check_bundle(folder: Path, expected_pages: int | None = None, scripts: dict[str, bytes] | None = None) -> int:
    """Check that every file a browser loads from a Pagefind bundle is there, whole and Pagefind's.

    Args:
        folder: the bundle folder (``site/pagefind``).
        expected_pages: the number of records indexed (over all shards), or ``None`` not to check it.
        scripts: the reference scripts (default :func:`shipped_scripts`).

    Returns:
        The number of files checked, over the bundle and every shard :data:`SHARDS_FILE` lists.

    Raises:
        BundleError: naming the first file (relative to ``folder``) that is missing, not valid JSON,
            not a complete gzip file (a cut file fails gzip's length/CRC check), not Pagefind's data,
            named by the meta file but absent, or a script that differs from the installed Pagefind's;
            or when the bundle's languages indexed a different number of pages than ``expected_pages``.
    """
    folder = Path(folder)
    scripts = shipped_scripts() if scripts is None else scripts
    indexes = [("", folder), *((name, folder / name) for name in shard_folders(folder))]
    return sum(len(files) for files in _check_indexes(indexes, scripts, expected_pages))


def _check_indexes(indexes: Sequence[tuple[str, Path]], scripts: dict[str, bytes], expected_pages: int | None) -> list[list[str]]:
    """Check a bundle's indexes: ``(name in the bundle, folder)`` each, the first ``("", …)`` with the scripts,
    the shards' (``"shard-1/"``) without. Returns each index's files (:func:`_check_index`); raises
    :class:`BundleError` as :func:`check_bundle` does, a shard's file named with the shard's folder."""
    files, pages = [], 0
    for name, folder in indexes:
        try:
            checked, indexed = _check_index(folder, None if name else scripts)
        except BundleError as error:
            raise BundleError(f"{name}{error}") from None
        files.append(checked)
        pages += indexed
    if expected_pages is not None and pages != expected_pages:
        raise BundleError(f"pagefind-entry.json: the bundle holds {pages} pages, {expected_pages} were given to index")
    return files


def _check_index(folder: Path, scripts: dict[str, bytes] | None) -> tuple[list[str], int]:
    """Check one Pagefind index folder; ``scripts`` ``None`` for a shard (no scripts, no wasm).
    Returns ``(files checked, pages indexed)``, the files as paths relative to ``folder``
    (``fragment/<hash>.pf_fragment``): every file a browser loads from it; raises :class:`BundleError`
    like :func:`check_bundle`."""
    import cbor2

    checked: list[str] = []
    for name in SCRIPTS if scripts is not None else ():
        path = folder / name
        if not path.is_file():
            raise BundleError(f"{name}: missing")
        written = path.read_bytes()
        if written != scripts[name]:
            raise BundleError(f"{name}: {len(written)} bytes, differs from the installed Pagefind's "
                              f"{len(scripts[name])} bytes (cut short or not Pagefind's)")
        checked.append(name)
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        languages = entry["languages"]
    except FileNotFoundError:
        raise BundleError("pagefind-entry.json: missing") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise BundleError(f"pagefind-entry.json: not Pagefind's entry file ({exc})") from None
    checked.append("pagefind-entry.json")
    if not languages:
        raise BundleError("pagefind-entry.json: names no language (nothing was indexed)")
    pages = 0
    for language in languages.values():
        meta_name = f"pagefind.{language['hash']}.pf_meta"
        try:
            meta = cbor2.loads(_gunzip(folder, meta_name))
            _version, page_list, index_chunks, filter_chunks = meta[0], meta[1], meta[2], meta[3]
        except BundleError:
            raise
        except Exception as exc:
            raise BundleError(f"{meta_name}: not a Pagefind meta file ({exc})") from None
        checked.append(meta_name)
        # a language without its own module ("wasm": null, e.g. lang="und") loads the generic one, as
        # pagefind-worker.js does: `let lang_wasm = index.wasm ? index.wasm : "unknown"`
        names = [f"wasm.{language.get('wasm') or 'unknown'}.pagefind"] if scripts is not None else []
        names += [f"index/{chunk[2]}.pf_index" for chunk in index_chunks]
        names += [f"filter/{chunk[1]}.pf_filter" for chunk in filter_chunks]
        names += [f"fragment/{page[0]}.pf_fragment" for page in page_list]
        for name in names:
            # whole and Pagefind's: gzip's length and CRC, then the signature. Index and filter chunks are
            # not decoded as well: that cost 3.9 s of a 5,000-question locale's 11 s and proves no more
            # against a cut or lost write (gzip already does); fragments are JSON, decoded cheaply.
            content = _gunzip(folder, name)
            if name.startswith("fragment/"):
                try:
                    json.loads(content)
                except ValueError as exc:
                    raise BundleError(f"{name}: not a Pagefind page fragment ({exc})") from None
            checked.append(name)
        pages += len(page_list)
    return checked, pages


def _run_pagefind(binary: Path, records_folder: Path, output: Path) -> None:
    """Index the record files in ``records_folder`` with the Pagefind command into ``output``."""
    try:
        done = subprocess.run(
            [str(binary), "--site", str(records_folder), "--output-path", str(output)],
            capture_output=True, text=True, timeout=TIMEOUT, check=False, cwd=records_folder)
    except subprocess.TimeoutExpired:
        raise BundleError(f"Pagefind did not finish within {TIMEOUT} s") from None
    if done.returncode != 0:
        output_text = " ".join((done.stderr or done.stdout).split())[-500:]
        raise BundleError(f"Pagefind exited with status {done.returncode}: {output_text}")


def write_bundle(records: RecordSpool | Sequence[tuple[str, str]], out: Path) -> int:
    """Index ``records`` with Pagefind, check the index, then put it in place as folder ``out``.

    Args:
        records: a :class:`qa.search_spool.RecordSpool` (closed: its files are moved into the shards,
            then back to a kept spool's folder or removed with a temporary one), or
            ``(url, html)`` pairs, spooled first; ``url`` is the question's address relative to the
            bundle's parent folder (``/applications/#inference-speed``), ``html`` a page from
            ``qa.search.record_html``. Each record carries its address as the metadata field
            ``target``, which the header search links to.
        out: the bundle folder to (re)place (``site/pagefind``); its parent must exist.

    More than ``qa.search_spool.SHARD_SIZE`` records are indexed as several shards (``shards``): the
    first in ``out``, the others in ``out/shard-1/`` …, listed in ``out/`` :data:`SHARDS_FILE` (always
    written). Pagefind writes each shard's index into the spool's output folder
    (:meth:`~qa.search_spool.RecordSpool.outputs`), where a kept spool holds the last build's index
    files; each is checked there as :func:`check_bundle` checks a bundle (a failure when the folders
    held an earlier index: indexed again into emptied folders), the files it does not name are removed,
    and the files a browser loads are copied into a staging folder next to ``out``, which then replaces
    ``out``.

    Returns:
        The number of bundle files checked (all shards), as :func:`check_bundle` counts them.

    Raises:
        BundleError: Pagefind is missing, exits with an error or times out (its output quoted), or
            the index it wrote fails the check; ``out`` is then left as it was.
    """
    out = Path(out)
    binary = _executable()
    scripts = shipped_scripts()
    spool = records if isinstance(records, RecordSpool) else RecordSpool()
    if spool is not records:
        for url, page in records:
            spool.add(url, page)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the published folder must be readable by a web server
    try:
        with spool.in_shards() as inputs:
            outputs = spool.outputs(len(inputs))
            indexes = list(zip(["", *(f"shard-{j}/" for j in range(1, len(outputs)))], outputs))
            reused = any(any(folder.iterdir()) for folder in outputs)
            try:
                files = _index(binary, inputs, indexes, scripts, len(spool))
            except BundleError:
                if not reused:
                    raise
                for folder in outputs:  # an earlier index's file cut short (a killed build): index afresh
                    shutil.rmtree(folder)
                    folder.mkdir()
                files = _index(binary, inputs, indexes, scripts, len(spool))
        names = [name for name, _ in indexes[1:]]
        for output, target, published in zip(outputs, [staging, *(staging / name for name in names)], files):
            for name in published:
                (target / name).parent.mkdir(mode=0o755, parents=True, exist_ok=True)
                shutil.copyfile(output / name, target / name)
        (staging / SHARDS_FILE).write_text(json.dumps({"shards": names}), encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        os.replace(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        spool.close()
    return sum(len(published) for published in files)


def _index(binary: Path, inputs: list[Path], indexes: list[tuple[str, Path]], scripts: dict[str, bytes],
           expected_pages: int) -> list[list[str]]:
    """Run Pagefind on each shard's records (``inputs[j]`` → the folder of ``indexes[j]``, ``(name in the
    bundle, output folder)``), check the indexes (:func:`_check_indexes`), and remove from each output folder
    the index files its meta file does not name (an earlier build's).

    An output folder whose :data:`STAMP` names the digest of its shard's records (:func:`records_digest`) holds
    the index Pagefind made of those very records: Pagefind is not run for it (at 1,000 questions it took
    0.5 to 1 CPU s a shard), and the check below reads it as it reads a new one. The stamp is removed before
    Pagefind writes into a folder and written once the check has passed, so a folder a killed build left is
    indexed again.

    Returns, per shard, the files a browser loads from it (relative paths: the scripts and the
    WebAssembly in the first shard only). Raises :class:`BundleError` as :func:`check_bundle` does."""
    digests = [records_digest(binary, folder) for folder in inputs]
    todo = [(folder, output) for folder, (_, output), digest in zip(inputs, indexes, digests)
            if _stamp(output) != digest]
    for _, output in todo:
        (output / STAMP).unlink(missing_ok=True)
    # one Pagefind process per shard, as many at a time as there are cores (each is mostly one thread)
    with ThreadPoolExecutor(max_workers=max(1, min(len(todo), os.cpu_count() or 1))) as pool:
        for _ in pool.map(lambda job: _run_pagefind(binary, *job), todo):
            pass  # re-raises the first shard's BundleError
    files = _check_indexes(indexes, scripts, expected_pages)
    for (_, output), published, digest in zip(indexes, files, digests):
        kept = set(published)
        for path in (*output.glob("*/*"), *output.glob("*.pf_meta")):  # index/, filter/, fragment/ and the meta files
            if path.relative_to(output).as_posix() not in kept:
                path.unlink()
        (output / STAMP).write_text(digest, encoding="utf-8")
    return files


#: the file in a kept output folder naming the digest of the records its index was made from (:func:`_index`)
STAMP = "records.digest"


def records_digest(binary: Path, folder: Path) -> str:
    """BLAKE2 digest (hex) of the record files in ``folder`` (names and bytes, in name order) and of the
    Pagefind binary that would index them (path, size, modification time): equal digests, equal indexes."""
    digest = hashlib.blake2b(digest_size=16)
    info = binary.stat()
    digest.update(f"{binary}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    for path in sorted(folder.iterdir()):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _stamp(output: Path) -> str | None:
    try:
        return (output / STAMP).read_text(encoding="utf-8")
    except OSError:
        return None
