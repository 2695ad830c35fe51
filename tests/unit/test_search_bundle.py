"""The search bundle is written by the Pagefind command and read back whole (qa/search_bundle.py).

The bundle under test is made once per session by the installed Pagefind from three records; each
test damages a copy the way a cut write or a lost file would, and the check must name that file.
The oracles are independent of the checker: file sizes from the file system, gzip from the standard
library, and the browser-side loader's file names from Pagefind's own ``pagefind.js``.
"""
from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from qa.search_bundle import SCRIPTS, SHARDS_FILE, UNUSED_FILES, BundleError, check_bundle, shard_folders, shipped_scripts, write_bundle
from qa.search_spool import RecordSpool, shards

RECORDS = [
    (f"/topic/#question-{n}", f'<html lang="en"><body><main data-pagefind-body><h1>question {n}</h1>'
                             f"<p>answer {n} about distillation and quantization</p></main></body></html>")
    for n in range(3)
]


@pytest.fixture(scope="session")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "pagefind"
    write_bundle(RECORDS, out)
    return out


@pytest.fixture
def copy(bundle, tmp_path) -> Path:
    target = tmp_path / "pagefind"
    shutil.copytree(bundle, target)
    return target


def test_written_bundle_holds_every_file_the_browser_loads(bundle):
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["languages"]["en"]["page_count"] == len(RECORDS)
    language = entry["languages"]["en"]
    assert (bundle / f"pagefind.{language['hash']}.pf_meta").is_file()
    assert (bundle / f"wasm.{language['wasm']}.pagefind").is_file()
    assert len(list((bundle / "fragment").iterdir())) == len(RECORDS)
    for name in SCRIPTS:
        assert (bundle / name).stat().st_size > 10_000
    for name in UNUSED_FILES:
        assert not (bundle / name).exists()
    fragment = next((bundle / "fragment").iterdir())
    assert b"question" in gzip.decompress(fragment.read_bytes())
    # the folder is readable by a web server running as another user
    assert bundle.stat().st_mode & 0o055 == 0o055
    assert check_bundle(bundle, len(RECORDS)) >= 3 + 2 + len(RECORDS)


def test_scripts_are_the_installed_pagefinds_and_the_worker_is_the_one_pagefind_js_starts(bundle):
    scripts = shipped_scripts()
    assert (bundle / "pagefind.js").read_bytes() == scripts["pagefind.js"]
    assert b"pagefind-worker.js" in scripts["pagefind.js"]


def test_a_cut_pagefind_js_fails_the_check_and_names_the_file(copy):
    # the fault seen once: the zh-Hant pagefind.js written with 32,768 of its 45,555 bytes
    path = copy / "pagefind.js"
    path.write_bytes(path.read_bytes()[:32_768])
    with pytest.raises(BundleError, match=r"^pagefind\.js: 32768 bytes"):
        check_bundle(copy, len(RECORDS))


def test_a_cut_worker_fails_the_check(copy):
    path = copy / "pagefind-worker.js"
    path.write_bytes(path.read_bytes()[:-1])
    with pytest.raises(BundleError, match=r"^pagefind-worker\.js"):
        check_bundle(copy)


@pytest.mark.parametrize("folder", ["fragment", "index"])
def test_a_cut_data_file_fails_the_check_and_names_it(copy, folder):
    path = sorted((copy / folder).iterdir())[0]
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(BundleError, match=rf"^{folder}/{path.name}: not a complete gzip file"):
        check_bundle(copy)


def test_a_missing_fragment_fails_the_check(copy):
    path = sorted((copy / "fragment").iterdir())[-1]
    path.unlink()
    with pytest.raises(BundleError, match=rf"^fragment/{path.name}: missing"):
        check_bundle(copy)


def test_cut_meta_and_wasm_fail_the_check(copy):
    meta = next(copy.glob("*.pf_meta"))
    wasm = copy / "wasm.en.pagefind"
    wasm.write_bytes(wasm.read_bytes()[:1000])
    with pytest.raises(BundleError, match=r"^wasm\.en\.pagefind"):
        check_bundle(copy)
    meta.write_bytes(meta.read_bytes()[:20])
    with pytest.raises(BundleError, match=rf"^{meta.name}"):
        check_bundle(copy)


def test_a_cut_entry_file_fails_the_check(copy):
    path = copy / "pagefind-entry.json"
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(BundleError, match=r"^pagefind-entry\.json"):
        check_bundle(copy)


def test_a_page_count_other_than_the_records_fails_the_check(bundle):
    with pytest.raises(BundleError, match="holds 3 pages, 4 were given to index"):
        check_bundle(bundle, 4)


def test_a_failed_write_leaves_the_published_bundle_as_it_was(bundle, tmp_path):
    out = tmp_path / "pagefind"
    shutil.copytree(bundle, out)
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    with pytest.raises(BundleError, match="holds 2 pages, 3 were given to index"):
        # a record Pagefind does not index (no <html>, nothing in the body) makes the count wrong
        write_bundle(RECORDS[:2] + [("/x/#y", "<html lang='en'><body></body></html>")], out)
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".pagefind-")], "staging folder left behind"


def test_a_language_without_its_own_module_is_checked_with_the_generic_one(tmp_path):
    # the site's records declare lang="und": Pagefind writes "wasm": null and the browser loads
    # wasm.unknown.pagefind (pagefind-worker.js: `index.wasm ? index.wasm : "unknown"`)
    out = tmp_path / "pagefind"
    write_bundle([(url, page.replace('lang="en"', 'lang="und"')) for url, page in RECORDS], out)
    entry = json.loads((out / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert [language["wasm"] for language in entry["languages"].values()] == [None]
    wasm = out / "wasm.unknown.pagefind"
    wasm.write_bytes(wasm.read_bytes()[:500])
    with pytest.raises(BundleError, match=r"^wasm\.unknown\.pagefind: not a complete gzip file"):
        check_bundle(out)


def test_records_split_round_robin_into_nearly_equal_shards():
    assert shards(list(range(5)), 2) == [[0, 3], [1, 4], [2]]
    assert shards(list(range(4)), 4) == [[0, 1, 2, 3]]
    assert shards([], 3) == [[]]
    with pytest.raises(ValueError):
        shards([1], 0)


def test_a_bank_larger_than_a_shard_is_written_as_listed_shards(tmp_path, monkeypatch):
    monkeypatch.setattr("qa.search_spool.SHARD_SIZE", 2)
    out = tmp_path / "pagefind"
    checked = write_bundle(RECORDS, out)
    assert shard_folders(out) == ["shard-1/"]
    assert json.loads((out / SHARDS_FILE).read_text(encoding="utf-8")) == {"shards": ["shard-1/"]}
    counts = [json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]["en"]["page_count"]
              for folder in (out, out / "shard-1")]
    assert counts == [2, 1]
    # the browser loads the scripts and the WebAssembly once, from the primary bundle
    assert not list((out / "shard-1").glob("*.js")) and not list((out / "shard-1").glob("wasm.*"))
    assert (out / "shard-1").stat().st_mode & 0o055 == 0o055
    assert checked == check_bundle(out, len(RECORDS))
    # a cut file in a shard fails the check of the whole bundle and is named with its shard
    path = sorted((out / "shard-1" / "fragment").iterdir())[0]
    path.write_bytes(path.read_bytes()[:10])
    with pytest.raises(BundleError, match=rf"^shard-1/fragment/{path.name}: not a complete gzip file"):
        check_bundle(out)


def test_a_one_index_bundle_lists_no_shard_and_a_bad_list_fails(copy):
    assert shard_folders(copy) == []
    (copy / SHARDS_FILE).write_text('{"shards": ["../elsewhere/"]}', encoding="utf-8")
    with pytest.raises(BundleError, match=r"^qa-shards\.json: '\.\./elsewhere/'"):
        check_bundle(copy)


def test_records_spooled_to_files_are_indexed_in_their_shards_and_the_files_removed(tmp_path, monkeypatch):
    monkeypatch.setattr("qa.search_spool.SHARD_SIZE", 2)
    spool = RecordSpool()
    for url, page in RECORDS:
        spool.add(url, page)
    files = sorted(spool.folder.iterdir())
    assert len(spool) == 3 and [f.name for f in files] == ["000000.html", "000001.html", "000002.html"]
    assert 'data-pagefind-meta="target">topic/#question-1</span></body>' in files[1].read_text(encoding="utf-8")
    out = tmp_path / "pagefind"
    write_bundle(spool, out)
    assert not spool.folder.exists()
    # record i in shard i mod 2: questions 0 and 2 in the first index, question 1 in shard-1
    targets = [sorted(json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])["meta"]["target"]
                      for f in (folder / "fragment").iterdir()) for folder in (out, out / "shard-1")]
    assert targets == [["topic/#question-0", "topic/#question-2"], ["topic/#question-1"]]


def _targets(out: Path) -> list[str]:
    """The ``target`` of every page in a bundle and its shards, read from the fragments (gzip + JSON)."""
    return sorted(json.loads(gzip.decompress(f.read_bytes())[len(b"pagefind_dcd"):])["meta"]["target"]
                  for folder in (out, *(out / name for name in json.loads((out / SHARDS_FILE).read_text())["shards"]))
                  for f in (folder / "fragment").iterdir())


def _write_kept(kept: Path, records, out: Path) -> RecordSpool:
    """``records`` spooled into the kept folder ``kept`` and indexed into ``out``, as a build does; the spool."""
    spool = RecordSpool(kept)
    for url, page in records:
        spool.add(url, page)
    write_bundle(spool, out)
    return spool


def test_a_kept_spool_overwrites_the_last_builds_record_files_and_drops_the_rest(tmp_path, monkeypatch):
    """The point of a kept folder: the second build makes no new file (same inodes) for its records."""
    monkeypatch.setattr("qa.search_spool.SHARD_SIZE", 2)
    kept = tmp_path / "records"
    first = _write_kept(kept, RECORDS, tmp_path / "one")
    assert first.kept and sorted(p.name for p in kept.iterdir()) == [".lock", "000000.html", "000001.html", "000002.html", "pagefind"]
    inodes = {p.name: p.stat().st_ino for p in kept.glob("*.html")}
    second = RecordSpool(kept)
    for url, page in RECORDS[:2]:
        second.add(url, page.replace("answer", "reply"))
    assert {p.name: p.stat().st_ino for p in second.files()} == {n: inodes[n] for n in ("000000.html", "000001.html")}
    write_bundle(second, tmp_path / "two")
    assert sorted(p.name for p in kept.glob("*.html")) == ["000000.html", "000001.html"]  # the third is gone
    assert "reply 1" in (kept / "000001.html").read_text(encoding="utf-8")
    assert _targets(tmp_path / "two") == ["topic/#question-0", "topic/#question-1"]


def test_a_kept_folder_in_use_by_another_build_gives_a_temporary_spool(tmp_path):
    kept = tmp_path / "records"
    holder = RecordSpool(kept)
    other = RecordSpool(kept)  # a second build at the same time: its own folder, removed when closed
    assert holder.kept and not other.kept and other.folder != kept
    other.add(*RECORDS[0])
    other.close()
    assert not other.folder.exists()
    holder.close()
    again = RecordSpool(kept)
    assert again.kept
    again.close()


def test_what_an_interrupted_build_left_in_a_kept_folder_is_not_indexed(tmp_path):
    kept = tmp_path / "records"
    (kept / "shard-1").mkdir(parents=True)  # a build killed while Pagefind ran: its files still in a shard
    (kept / "shard-1" / "000007.html").write_text(RECORDS[2][1].replace("</body>", '<span data-pagefind-meta="target">stale/</span></body>'),
                                                 encoding="utf-8")
    (kept / "000005.html").write_text("left over", encoding="utf-8")
    spool = RecordSpool(kept)
    spool.add(*RECORDS[0])
    write_bundle(spool, tmp_path / "pagefind")
    assert _targets(tmp_path / "pagefind") == ["topic/#question-0"]
    assert sorted(p.name for p in kept.iterdir()) == [".lock", "000000.html", "pagefind"]


def _fragments(folder: Path) -> dict[str, int]:
    """Fragment file name → inode, of one index folder."""
    return {p.name: p.stat().st_ino for p in (folder / "fragment").iterdir()}


def test_a_kept_spool_lets_pagefind_keep_the_index_files_of_unchanged_questions(tmp_path, monkeypatch):
    """Pagefind skips a hashed file that exists: the second build's index of an unchanged question is the
    first build's file (same inode), the changed question's old fragment is removed from the kept folder,
    and the published bundle holds exactly the files the check names (no stale, no UI file)."""
    monkeypatch.setattr("qa.search_spool.SHARD_SIZE", 2)
    kept = tmp_path / "records"
    first = _write_kept(kept, RECORDS, tmp_path / "one")
    outputs = [kept / "pagefind" / "0", kept / "pagefind" / "1"]
    before = [_fragments(folder) for folder in outputs]
    second = RecordSpool(kept)
    for n, (url, page) in enumerate(RECORDS):
        second.add(url, page.replace("answer 2", "reply 2") if n == 2 else page)
    checked = write_bundle(second, tmp_path / "two")
    after = [_fragments(folder) for folder in outputs]
    # question 1 (shard 1) is unchanged: its fragment is the same file; question 2 (shard 0) changed
    assert after[1] == before[1]
    assert len(after[0]) == 2 and len(set(after[0]) & set(before[0])) == 1
    assert _targets(tmp_path / "two") == ["topic/#question-0", "topic/#question-1", "topic/#question-2"]
    published = sorted(str(p.relative_to(tmp_path / "two")) for p in (tmp_path / "two").rglob("*") if p.is_file())
    assert len(published) == checked + 1  # + qa-shards.json
    assert check_bundle(tmp_path / "two", len(RECORDS)) == checked
    assert not any(name.endswith(UNUSED_FILES) for name in published)
    fragment = next((tmp_path / "two" / "fragment").iterdir())
    assert b"question" in gzip.decompress(fragment.read_bytes())
    # a bank that shrank to one shard: the second output folder goes
    third = RecordSpool(kept)
    third.add(*RECORDS[0])
    write_bundle(third, tmp_path / "three")
    assert sorted(p.name for p in (kept / "pagefind").iterdir()) == ["0"]


def test_an_index_file_a_killed_build_cut_short_is_written_again(tmp_path):
    kept = tmp_path / "records"
    first = _write_kept(kept, RECORDS, tmp_path / "one")
    cut = sorted((kept / "pagefind" / "0" / "fragment").iterdir())[0]
    cut.write_bytes(cut.read_bytes()[:10])  # Pagefind would skip it: a file of that name exists
    _write_kept(kept, RECORDS, tmp_path / "two")
    assert check_bundle(tmp_path / "two", len(RECORDS)) > len(RECORDS)
    assert gzip.decompress(cut.read_bytes()).startswith(b"pagefind_dcd")


def test_pagefind_runs_only_for_the_shards_whose_records_changed(tmp_path, monkeypatch):
    """A shard whose records are the last build's byte for byte keeps its index without Pagefind (its stamp
    names their digest); a changed shard is indexed again; the bundle is what a full run gives."""
    import qa.search_bundle as bundle_module

    monkeypatch.setattr("qa.search_spool.SHARD_SIZE", 2)
    runs = []
    real = bundle_module._run_pagefind
    monkeypatch.setattr(bundle_module, "_run_pagefind", lambda binary, records, output: (runs.append(output.name), real(binary, records, output)))
    kept = tmp_path / "records"
    _write_kept(kept, RECORDS, tmp_path / "one")
    assert sorted(runs) == ["0", "1"]
    runs.clear()
    _write_kept(kept, RECORDS, tmp_path / "two")
    assert runs == []
    assert _targets(tmp_path / "two") == _targets(tmp_path / "one")
    assert {p.name: p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()} == \
        {p.name: p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    changed = [(url, page.replace("answer 2", "reply 2") if n == 2 else page) for n, (url, page) in enumerate(RECORDS)]
    _write_kept(kept, changed, tmp_path / "three")
    assert runs == ["0"]  # question 2 is in shard 0 (round robin)
    assert check_bundle(tmp_path / "three", len(RECORDS)) > len(RECORDS)
    assert b"reply 2" in b"".join(gzip.decompress(f.read_bytes()) for f in (tmp_path / "three" / "fragment").iterdir())


def test_a_kept_index_without_its_stamp_or_with_a_cut_file_is_indexed_again(tmp_path, monkeypatch):
    """The stamp is written only after the check: a folder a killed Pagefind left (no stamp) is indexed
    again, and a stamped folder whose file was cut afterwards fails the check and is indexed afresh."""
    import qa.search_bundle as bundle_module

    runs = []
    real = bundle_module._run_pagefind
    monkeypatch.setattr(bundle_module, "_run_pagefind", lambda binary, records, output: (runs.append(output.name), real(binary, records, output)))
    kept = tmp_path / "records"
    _write_kept(kept, RECORDS, tmp_path / "one")
    (kept / "pagefind" / "0" / bundle_module.STAMP).unlink()
    runs.clear()
    _write_kept(kept, RECORDS, tmp_path / "two")
    assert runs == ["0"]
    cut = sorted((kept / "pagefind" / "0" / "fragment").iterdir())[0]
    cut.write_bytes(cut.read_bytes()[:10])
    runs.clear()
    _write_kept(kept, RECORDS, tmp_path / "three")
    assert runs == ["0"]  # skipped at first (same records), then the check failed: emptied and indexed
    assert check_bundle(tmp_path / "three", len(RECORDS)) > len(RECORDS)
