"""The cache: warm loads are one read; a changed file is parsed again alone."""
from __future__ import annotations

import os

import pandas as pd
import pytest

from analysis import Notes, load_notes
from analysis import _cache as cache_module


def make_folder(root, default_notes_path, copies=4):
    folder = root / "notes"
    for index in range(copies):
        (folder / f"{index}").mkdir(parents=True)
        (folder / f"{index}" / "event.md").write_bytes(default_notes_path.read_bytes())
    return folder


def assert_same(a: Notes, b: Notes):
    for name in Notes.frame_names():
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)


def test_warm_load_is_one_read_and_equal(tmp_path, default_notes_path):
    folder = make_folder(tmp_path, default_notes_path)
    store = tmp_path / "cache"
    cold = load_notes(folder, cache=store)
    assert cold.stats == {"files": 4, "parsed": 4, "cached_files": 0, "cached_load": False}
    warm = load_notes(folder, cache=store)
    assert warm.stats["cached_load"] is True
    assert_same(cold, warm)


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_a_changed_file_is_parsed_again_alone(tmp_path, default_notes_path):
    folder = make_folder(tmp_path, default_notes_path)
    store = tmp_path / "cache"
    load_notes(folder, cache=store)
    changed = folder / "2" / "event.md"
    changed.write_bytes(changed.read_bytes() + b"\nA new talk\n----------\n- fresh note\n")
    again = load_notes(folder, cache=store)
    assert again.stats == {"files": 4, "parsed": 1, "cached_files": 3, "cached_load": False}
    assert again.talks["title"].tolist().count("A new talk") == 1
    assert_same(again, load_notes(folder, cache=False))


def test_a_new_code_version_invalidates_every_entry(tmp_path, default_notes_path, monkeypatch):
    folder = make_folder(tmp_path, default_notes_path, copies=2)
    store = tmp_path / "cache"
    load_notes(folder, cache=store)
    monkeypatch.setattr(cache_module, "code_version", lambda: "another version")
    assert load_notes(folder, cache=store).stats["parsed"] == 2


def test_broken_entries_are_misses_and_no_cache_writes_nothing(tmp_path, default_notes_path):
    folder = make_folder(tmp_path, default_notes_path, copies=1)
    store = tmp_path / "cache"
    first = load_notes(folder, cache=store)
    for entry in [path for path in store.rglob("*") if path.is_file()]:
        entry.write_bytes(b"not an entry")
    again = load_notes(folder, cache=store)
    assert again.stats["parsed"] == 1
    assert_same(first, again)
    load_notes(folder, cache=False)
    assert not (tmp_path / "unused").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "notes"]


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_parallel_parse_gives_the_same_frames(tmp_path, default_notes_path):
    folder = make_folder(tmp_path, default_notes_path, copies=6)
    assert_same(load_notes(folder, cache=False, jobs=1), load_notes(folder, cache=False, jobs=2))


def test_any_number_of_processes_gives_the_same_frames_with_a_big_file_among_them(tmp_path, default_notes_path, monkeypatch):
    """Processes take files from both ends of their runs (analysis/_shares.py): with 2 or 4 of
    them, and a file read in pieces in the middle, the frames are those of one process."""
    import analysis._load as load_module

    folder = make_folder(tmp_path, default_notes_path, copies=7)
    big = default_notes_path.read_bytes() * 3
    (folder / "3" / "event.md").write_bytes(big)
    monkeypatch.setattr(load_module, "PIECE_BYTES", len(big) // 2)  # only that file is read in pieces
    monkeypatch.setattr(load_module, "PARALLEL_MIN_FILES", 1)
    serial = load_notes(folder, cache=False, jobs=1)
    assert serial.stats["parsed"] == 7 and len(serial.events) == 7
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(4)), raising=False)
    for jobs in (2, 4):
        parallel = load_notes(folder, cache=False, jobs=jobs)
        assert parallel.stats["parsed"] == 7
        assert_same(serial, parallel)


def test_a_share_read_from_the_back_gives_the_frames_of_one_read_from_the_front(tmp_path, default_notes_path, monkeypatch):
    """Files taken from the back come in descending order, a big file's own frames among them:
    each run of files and the parts are turned round, so the frames are those read forwards."""
    import multiprocessing

    import analysis._load as load_module
    from analysis._load import ReadContext, SourceItem, _frames_of_share
    from analysis._shares import Claims, Side
    from analysis.enrich.enricher import Enricher
    from analysis.frames import Notes

    folder = make_folder(tmp_path, default_notes_path, copies=5)
    big = default_notes_path.read_bytes() * 3
    (folder / "2" / "event.md").write_bytes(big)
    monkeypatch.setattr(load_module, "PIECE_BYTES", len(big) // 2)  # the middle file is read in pieces
    paths = sorted(folder.rglob("*.md"))
    enricher = Enricher.load()

    def read(claims=None, side=Side.FRONT):
        items = [SourceItem(str(path), ReadContext(), size=path.stat().st_size) for path in paths]
        frames, parsed, done = _frames_of_share(items, None, enricher, None, claims, side)
        assert (parsed, done) == (5, 5)
        return Notes.from_frames(frames, stats={})

    forwards = read()
    backwards = read(Claims(len(paths), multiprocessing.get_context()), Side.BACK)
    assert backwards.events["source"].tolist() == [str(path) for path in paths]  # in file order
    assert_same(forwards, backwards)
