"""The cache holds data, never code, stays private, bounded and tidy (issue 13, points 2, 3, 13)."""
from __future__ import annotations

import os
import pickle
import stat
import time
import warnings
from pathlib import Path

import pandas as pd
import pytest

from analysis import Notes, load_notes
from analysis._cache import Cache, CacheWarning, open_cache

GOOD = b"Conf\n----\n\nTalk\n----\nAda Lovelace @ada\n\n- first note\n  - nested\n"


class Planted:
    """A pickle that, if ever loaded, creates a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def notes_folder(tmp_path: Path, files: int = 2) -> Path:
    folder = tmp_path / "notes" / "pycon"
    folder.mkdir(parents=True)
    for index in range(files):
        (folder / f"talk{index}.md").write_bytes(GOOD.replace(b"Talk", f"Talk {index}".encode()))
    return folder


def assert_same(a: Notes, b: Notes) -> None:
    for name in Notes.frame_names():
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)


def entries(store: Path) -> list[Path]:
    return sorted(path for path in store.rglob("*") if path.is_file())


def test_a_planted_pickle_never_runs_and_the_load_is_correct(tmp_path):
    folder, store, marker = notes_folder(tmp_path), tmp_path / "cache", tmp_path / "ran"
    expected = load_notes(folder, cache=False)
    load_notes(folder, cache=store)
    written = entries(store)
    assert written, "the first load wrote entries"
    hostile = pickle.dumps(Planted(marker))
    for entry in written:  # every path the cache reads, and the names format 1 read
        entry.write_bytes(hostile)
        entry.with_suffix(".pickle").write_bytes(hostile)
    again = load_notes(folder, cache=store)
    assert not marker.exists()
    assert again.stats["cached_load"] is False and again.stats["parsed"] == 2
    assert_same(again, expected)
    assert not list(store.rglob("*.pickle")), "entries of another format are removed, unread"
    assert load_notes(folder, cache=store).stats["cached_load"] is True, "the misses were written again"


@pytest.mark.parametrize("foreign", [pickle.dumps([1, 2, 3]), b'{"source": [1, 2, 3]}', b"", b"\x00" * 100,
                                     b"confnotes-cache file v2\n[1, 2, 3]", b"confnotes-cache load v2\n{\"frames\": 3}\n"])
def test_a_foreign_entry_is_a_miss_never_a_crash(tmp_path, foreign):
    folder, store = notes_folder(tmp_path), tmp_path / "cache"
    first = load_notes(folder, cache=store)
    for entry in entries(store):
        entry.write_bytes(foreign)
    again = load_notes(folder, cache=store)
    assert again.stats["parsed"] == 2
    assert_same(first, again)


def test_entries_are_private_to_the_user(tmp_path):
    store = tmp_path / "cache"
    load_notes(notes_folder(tmp_path), cache=store)
    folders = [store, *(path for path in store.rglob("*") if path.is_dir())]
    assert {stat.S_IMODE(path.stat().st_mode) for path in folders} == {0o700}
    assert {stat.S_IMODE(path.stat().st_mode) for path in entries(store)} == {0o600}


def _loads_without_cache(folder: Path, store: Path) -> list[str]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        notes = load_notes(folder, cache=store)
    assert notes.talks["title"].tolist() == ["Talk 0", "Talk 1"]
    return [str(w.message) for w in caught if issubclass(w.category, CacheWarning)]


def test_a_cache_folder_of_another_user_is_not_used(tmp_path):
    folder, store = notes_folder(tmp_path), tmp_path / "theirs"
    store.mkdir(mode=0o700)
    os.chown(store, 54321, 54321)  # the tests may run as root; as a user, chown to another uid fails
    messages = _loads_without_cache(folder, store)
    assert len(messages) == 1 and "owned by another user" in messages[0]
    assert list(store.iterdir()) == []


def test_a_cache_folder_others_can_write_is_not_used(tmp_path):
    folder, store = notes_folder(tmp_path), tmp_path / "shared"
    store.mkdir()
    store.chmod(0o777)
    messages = _loads_without_cache(folder, store)
    assert len(messages) == 1 and "writable by group or others" in messages[0]
    assert list(store.iterdir()) == []


def test_without_a_home_folder_the_cache_is_off_with_one_warning(tmp_path, monkeypatch):
    for name in ("HOME", "CONFNOTES_CACHE", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)

    def no_home(cls=None):  # what Path.home() does for a uid without a passwd entry and no HOME
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", classmethod(no_home))
    messages = _loads_without_cache(notes_folder(tmp_path), True)
    assert len(messages) == 1 and "no home folder" in messages[0]


def _entry(folder: Path, name: str, size: int, age: float) -> Path:
    path = folder / "file" / name[:2] / f"{name}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    os.utime(path, (time.time() - age, time.time() - age))
    return path


def test_the_cache_keeps_under_its_cap_dropping_the_least_recently_used(tmp_path):
    store = tmp_path / "cache"
    old, middle, new = (_entry(store, name, 1000, age) for name, age in (("aa1", 300), ("bb2", 200), ("cc3", 100)))
    Cache(store).trim(max_bytes=2500)
    assert (old.exists(), middle.exists(), new.exists()) == (False, True, True)


def test_a_hit_counts_as_a_use(tmp_path):
    folder, store = notes_folder(tmp_path), tmp_path / "cache"
    load_notes(folder, cache=store)
    for entry in entries(store):
        os.utime(entry, (time.time() - 999, time.time() - 999))
    load_notes(folder, cache=store)
    assert min(time.time() - entry.stat().st_mtime for entry in store.rglob("*.arrow")) < 60


def test_stale_temporary_files_are_removed(tmp_path):
    folder, store = notes_folder(tmp_path), tmp_path / "cache"
    load_notes(folder, cache=store)
    shard = next((store / "file").iterdir())
    dead_writer = shard / ".0123.json.4194000.abcd1234.tmp"  # pid above pid_max: no such process
    old = shard / ".4567.json.8f3k2j1a.tmp"  # format 1's mkstemp name, two hours old
    live = shard / f".89ab.json.{os.getpid()}.00000000.tmp"  # a write in progress
    for path in (dead_writer, old, live):
        path.write_bytes(b"half an entry")
    os.utime(old, (time.time() - 7200, time.time() - 7200))
    (folder / "talk0.md").write_bytes(GOOD + b"- changed\n")  # so that the load writes, then tidies
    load_notes(folder, cache=store)
    assert (dead_writer.exists(), old.exists(), live.exists()) == (False, False, True)


def test_open_cache_refuses_a_file_in_place_of_the_folder(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.warns(CacheWarning, match="cannot be created|is not a folder"):
        assert open_cache(tmp_path / "file") is None
