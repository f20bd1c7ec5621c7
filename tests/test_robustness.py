"""Broken, hostile and huge input: clear problems rows, nothing lost, never a crash."""
from __future__ import annotations

import codecs
import cProfile
import os
import pstats
import stat
import tracemalloc

import pytest

from analysis import Notes, NotesPathError, load_notes

GOOD = b"Conf\n----\n######Tue Apr 18 2017\n\nTalk\n----\nAda Lovelace @ada\n\n- first note\n  - nested\n"


def write(folder, name, data: bytes):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def load(path):
    return load_notes(path, cache=False)


def messages(notes):
    return notes.problems["message"].tolist()


def test_binary_files_are_skipped_with_a_problem(tmp_path):
    write(tmp_path, "nul.md", b"abc\x00def" * 50)
    write(tmp_path, "noise.md", bytes(range(1, 32)) * 40)
    notes = load(tmp_path)
    assert notes.events.empty
    assert notes.problems["severity"].tolist() == ["error", "error"]
    assert all("binary" in m for m in messages(notes))


def test_invalid_utf8_is_replaced_and_reported_with_its_line(tmp_path):
    path = write(tmp_path, "latin1.md", b"Conf\n----\nT\n-\n- caf\xe9 au lait\n- fine\n")
    notes = load(path)
    assert notes.notes["text"].tolist() == ["caf\ufffd au lait", "fine"]
    problem = notes.problems.iloc[0]
    assert (problem["line"], problem["severity"]) == (5, "warning")
    assert "U+FFFD" in problem["message"]


@pytest.mark.parametrize(
    "data",
    [
        codecs.BOM_UTF8 + GOOD,
        codecs.BOM_UTF16_LE + GOOD.decode().encode("utf-16-le"),
        codecs.BOM_UTF16_BE + GOOD.decode().encode("utf-16-be"),
        GOOD.replace(b"\n", b"\r\n"),
        GOOD.replace(b"\n", b"\r"),
        GOOD.replace(b"  - nested", b"\t- nested"),
    ],
    ids=["utf8-bom", "utf16-le", "utf16-be", "crlf", "cr", "tabs"],
)
def test_encodings_line_ends_and_tabs_read_the_same(tmp_path, data):
    notes = load(write(tmp_path, "x.md", data))
    assert notes.events["title"].tolist() == ["Conf"]
    assert notes.talks["title"].tolist() == ["Talk"]
    assert notes.speakers["handle"].tolist() == ["ada"]
    assert notes.notes[["text", "depth", "line"]].values.tolist() == [["first note", 0, 9], ["nested", 1, 10]]
    assert notes.problems.empty


@pytest.mark.parametrize("data", [b"", b"   \n\t\n\n"])
def test_empty_files(tmp_path, data):
    notes = load(write(tmp_path, "empty.md", data))
    assert notes.events.empty and notes.lines.empty
    assert messages(notes) == ["skipped: empty or whitespace-only file"]


def test_a_single_line_of_3_mb(tmp_path):
    line = b"word " * 600_000
    notes = load(write(tmp_path, "long.md", b"Conf\n----\nT\n-\n- " + line + b"\n"))
    assert len(notes.notes["text"].iloc[0]) == len(line.strip())


def test_1500_levels_of_nested_bullets(tmp_path):
    body = b"".join(b"  " * level + b"- level %d\n" % level for level in range(1500))
    notes = load(write(tmp_path, "deep.md", b"Conf\n----\nT\n-\n" + body))
    assert notes.notes["depth"].tolist() == list(range(1500))
    assert notes.notes["parent_id"].iloc[-1] == notes.notes["note_id"].iloc[-2]


def test_unclosed_fence_headings_without_body_and_duplicate_titles(tmp_path):
    notes = load(write(tmp_path, "x.md", b"# Event\n## Same\n## Same\n- a\n## Empty\n## Code\n```\ndocker ps -a\n"))
    assert notes.talks["title"].tolist() == ["Same", "Same", "Empty", "Code"]
    assert notes.talks["talk_id"].is_unique
    assert notes.talks["n_notes"].tolist() == [0, 1, 0, 1]
    assert notes.commands["command"].tolist() == ["docker ps -a"]
    assert any("unclosed code fence" in m for m in messages(notes))


def test_a_title_of_100000_characters(tmp_path):
    title = b"T" * 100_000
    notes = load(write(tmp_path, "x.md", b"Conf\n----\n" + title + b"\n" + b"-" * 20 + b"\n- a\n"))
    assert notes.talks["title"].str.len().tolist() == [100_000]


def test_symlink_loops_and_non_ascii_names(tmp_path):
    write(tmp_path, "caf\u00e9 \u2713/notes.md".encode().decode(), GOOD)
    (tmp_path / "caf\u00e9 \u2713" / "loop").symlink_to(tmp_path, target_is_directory=True)
    write(tmp_path, "readme.txt", b"not notes")
    notes = load(tmp_path)
    assert notes.events["source"].tolist() == [str(tmp_path / "caf\u00e9 \u2713" / "notes.md")]


def test_one_bad_file_never_costs_the_good_ones(tmp_path):
    write(tmp_path, "a_good.md", GOOD)
    write(tmp_path, "b_binary.md", b"\x00" * 64)
    write(tmp_path, "c_latin1.md", b"Other\n-----\nT\n-\n- caf\xe9\n")
    write(tmp_path, "d_empty.md", b"")
    write(tmp_path, "e_index.md", b"[preview:3](events/2014/05/openstack.md)\n")
    notes = load(tmp_path)
    assert notes.events["title"].tolist() == ["Conf", "Other"]
    # (`Other` over one heading `T` is also a close call of shapes: a warning of its own, not about bytes)
    read_problems = notes.problems[~notes.problems["message"].str.startswith("shape:")]
    sources = read_problems["source"].map(os.path.basename).tolist()
    assert sources == ["b_binary.md", "c_latin1.md", "d_empty.md", "e_index.md"]


def test_user_errors_raise_a_clear_error(tmp_path):
    with pytest.raises(NotesPathError, match="no such file or folder"):
        load(tmp_path / "missing")
    write(tmp_path, "notes.txt", b"x")
    with pytest.raises(NotesPathError, match=r"no notes files \(\*\.md\)"):
        load(tmp_path)


def test_input_files_are_opened_read_only_and_never_modified(tmp_path):
    path = write(tmp_path, "ro.md", GOOD)
    path.chmod(stat.S_IRUSR)
    tmp_path.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        before = path.stat()
        notes = load_notes(path)  # with the cache, which lives elsewhere
        assert notes.talks["title"].tolist() == ["Talk"]
        after = path.stat()
        assert (after.st_mtime_ns, after.st_size) == (before.st_mtime_ns, before.st_size)
        assert path.read_bytes() == GOOD
        assert sorted(p.name for p in tmp_path.iterdir()) == ["ro.md"]
    finally:
        tmp_path.chmod(stat.S_IRWXU)


def _function_calls(path) -> int:
    profile = cProfile.Profile()
    profile.enable()
    load(path)
    profile.disable()
    return pstats.Stats(profile).total_calls


def _peak_memory(path) -> int:
    tracemalloc.start()
    try:
        notes = load(path)
        return tracemalloc.get_traced_memory()[1], sum(len(frame) for frame in notes.frames().values())
    finally:
        tracemalloc.stop()


def _copies(tmp_path, default_notes_path, counts):
    text = default_notes_path.read_bytes()
    return {n: write(tmp_path, f"x{n}/notes.md", text * n) for n in counts}


def _step_ratio(cost: dict[int, float], small: int, medium: int, large: int) -> float:
    """(cost(large) - cost(small)) over what a straight line through the first two predicts.

    cost(n) = fixed + n * per_copy gives 1.0; a quadratic step gives far more.
    """
    predicted = (cost[medium] - cost[small]) * (large - small) / (medium - small)
    return (cost[large] - cost[small]) / predicted


@pytest.mark.slow  # profiles loads of up to 100 copies of the notes
def test_function_calls_grow_linearly(tmp_path, default_notes_path):
    """Each added copy of the notes costs the same number of function calls."""
    paths = _copies(tmp_path, default_notes_path, (10, 20, 100))
    _function_calls(paths[10])  # warm lazy imports and data files
    calls = {n: _function_calls(path) for n, path in paths.items()}
    assert _step_ratio(calls, 10, 20, 100) == pytest.approx(1, rel=0.1)


@pytest.mark.slow  # traces the memory of loads of up to 300 copies of the notes
def test_memory_and_rows_grow_linearly(tmp_path, default_notes_path):
    """Five times the notes: about five times the rows and the peak memory.

    Sizes start at 60 copies, where the enrichment's per-note memory (not the parse's,
    nor its fixed cost: at 30 copies the parse holds the peak) holds the peak, so the
    peak is one straight line in the size. 300 copies stay under PIECE_BYTES: one path.
    """
    import analysis._load as load_module

    paths = _copies(tmp_path, default_notes_path, (60, 120, 300))
    assert paths[300].stat().st_size < load_module.PIECE_BYTES
    _peak_memory(paths[60])
    measured = {n: _peak_memory(path) for n, path in paths.items()}
    peaks = {n: peak for n, (peak, _) in measured.items()}
    rows = {n: count for n, (_, count) in measured.items()}
    assert rows[300] / rows[60] == pytest.approx(5, rel=0.02)
    assert _step_ratio(peaks, 60, 120, 300) == pytest.approx(1, rel=0.25)


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_nothing_is_ever_written_into_data(tmp_path, default_notes_path):
    data = default_notes_path.parents[3]
    def snapshot():
        return {p: (p.stat().st_mtime_ns, p.read_bytes() if p.is_file() else None) for p in sorted(data.rglob("*"))}
    before = snapshot()
    load_notes(data)  # with the cache, which lives outside data/
    notes = load_notes(data, cache=False)
    notes.to_csv(tmp_path / "csv")
    assert snapshot() == before


def test_a_failing_export_leaves_the_previous_file_and_no_temporary(tmp_path, default_notes_path, monkeypatch):
    import pandas as pd

    notes = load(default_notes_path)
    notes.to_parquet(tmp_path)
    previous = (tmp_path / "talks.parquet").read_bytes()

    def broken(self, path, *args, **kwargs):
        with open(path, "wb") as handle:
            handle.write(b"half a file")
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", broken)
    with pytest.raises(OSError, match="disk full"):
        notes.to_parquet(tmp_path)
    assert (tmp_path / "talks.parquet").read_bytes() == previous
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*(f"{name}.parquet" for name in notes.frame_names()), "manifest.parquet.json"])
    again = Notes.from_parquet(tmp_path)  # the previous export, still whole
    for name in notes.frame_names():
        pd.testing.assert_frame_equal(getattr(again, name), getattr(notes, name), obj=name)


def test_exports_are_ordinary_files_for_the_user(tmp_path, default_notes_path):
    umask = os.umask(0o022)
    os.umask(umask)
    load(default_notes_path).to_csv(tmp_path)
    assert {p.stat().st_mode & 0o777 for p in tmp_path.iterdir()} == {0o666 & ~umask}  # not mkstemp's 0o600


def test_dates_a_frame_cannot_hold_are_not_dates(tmp_path):
    notes = load(write(tmp_path, "x.md", b"Conf\n----\n######Tue Apr 18 0001\n\nT\n-\n- a\n######Wed Apr 19 9999\n"))
    assert notes.events["date_start"].isna().all()
    assert notes.talks["title"].tolist() == ["T"]
    assert notes.problems[["line", "message"]].values.tolist() == [
        [3, "date outside the years 1678-2261 ignored"], [8, "date outside the years 1678-2261 ignored"],
    ]


def test_file_names_that_are_not_utf8(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.md"), "wb") as handle:
        handle.write(GOOD)
    write(tmp_path, "good.md", GOOD)
    notes = load(tmp_path)
    assert sorted(notes.layouts["source"].map(os.path.basename)) == ["caf\ufffd.md", "good.md"]
    # two files of one folder that name the same event are one event, its source the folder
    assert notes.events["source"].tolist() == [str(tmp_path)]
    assert notes.talks["event_id"].tolist() == [0, 0]
