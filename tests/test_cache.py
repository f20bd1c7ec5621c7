"""The cache: warm loads are one read; a changed file is parsed again alone."""
from __future__ import annotations

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


def test_chunks_are_balanced_by_bytes_with_the_first_a_little_larger():
    """The first chunk is this process's own: it takes PARENT_EXTRA_SHARE more than an even share,
    since a worker also pickles its frames; every chunk holds at least one file."""
    from analysis._load import PARENT_EXTRA_SHARE, SourceItem, _chunks

    items = [SourceItem(f"{i}.md", size=size) for i, size in enumerate([100] * 100)]
    chunks = _chunks(items, 2)
    # The first chunk ends with the file whose running total first reaches 1.03 x 5,000 bytes: the 52nd.
    assert PARENT_EXTRA_SHARE == 0.03 and [len(c) for c in chunks] == [52, 48]
    assert sum(chunks, []) == items
    # One big file and many small ones: bytes, not counts, decide.
    items = [SourceItem("big.md", size=20_000)] + [SourceItem(f"{i}.md", size=100) for i in range(100)]
    assert [len(c) for c in _chunks(items, 2)] == [1, 100]
    # As many chunks as jobs, none empty, even with fewer bytes than jobs.
    items = [SourceItem(f"{i}.md", size=0) for i in range(3)]
    assert [len(c) for c in _chunks(items, 3)] == [1, 1, 1]
