"""Bounded time and memory on any input (issue 13, points 1, 5, 6 and 9)."""
from __future__ import annotations

import cProfile
import os
import pstats
import time
import tracemalloc
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analysis._load as load_module
from analysis import NotesPathError, load_notes
from analysis._load import JobsWarning, parse_source

GOOD = b"Conf\n----\n\nTalk\n----\nAda Lovelace @ada\n\n- first note\n  - nested\n"


def test_the_100k_space_quote_loads_at_once(tmp_path):
    """Was 57 s: the attribution regex tried every space as the start of `\\s+--`."""
    path = tmp_path / "s.md"
    path.write_text("> a" + " " * 100_000 + "b\n")
    start = time.perf_counter()
    notes = load_notes(path, cache=False)
    assert time.perf_counter() - start < 5  # about 0.2 s; the margin is for busy machines
    assert notes.quotes["text"].str.len().iloc[0] > 100_000


# Line shapes that hold whitespace runs where the reader's regexes look: quotes and their
# attributions, headings with speakers and times, bylines, links, code spans, dates.
SHAPES = ["> a{r}b", "> \"q{r}\"{r}--{r}Ada", "> a{r}~{r}", "- \u201cq{r}\u201d{r}\u2014{r}x", "# T{r}-{r}S{r}#",
          "## Talk{r}by{r}Ada", "## T{r}(10:00{r}am){r}x", "# Day{r}2{r}-{r}Monday{r}x", "Presented{r}by{r}x{r}\u00b7{r}y",
          "- [a{r}](http://x{r})", "- `a{r}b`{r}`", "- `$ docker{r}run{r}x`", "Speaker:{r}Ada{r},{r}Co", "**Bold{r}**{r}-{r}x",
          "- Tue Apr 18{r}2017{r}x", "- x{r}moderated{r}by{r}y", "Title{r}@handle{r}x", "a::{r}b", "|{r}a{r}|{r}b{r}|",
          "### 10:00{r}-{r}11:00{r}Talk", "- by{r}Ada{r}|{r}x", "# Keynote:{r}x{r}(keynote){r}"]
WHITESPACE = [" ", "\t", "\u00a0", "\u2000", "\u2003", "\u200a", "\u3000", " \t"]


def _cost(line: str) -> tuple[int, float]:
    data = f"Conf\n----\n\nTalk\n----\n\n{line}\n".encode()
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    parse_source("pycon/x.md", data)
    profile.disable()
    return pstats.Stats(profile).total_calls, time.perf_counter() - start


@pytest.mark.slow  # parses lines of tens of thousands of characters, many times
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shape=st.sampled_from(SHAPES), blank=st.sampled_from(WHITESPACE), extra=st.sampled_from(["", ".", ",", "*", "`", "\"", "-"]))
def test_every_line_shape_costs_linear_work_in_its_whitespace_runs(shape, blank, extra):
    """Eight times the run length: at most about eight times the calls and the time
    (a regex that backtracks over a run makes it sixty-four)."""
    small, large = 2_000, 16_000
    _cost(shape.format(r=blank))  # warm caches and lazy imports
    # The best of three timings: one pause of a busy machine is no quadratic regex.
    calls_small, time_small = min(_cost(shape.format(r=(blank * small) + extra)) for _ in range(3))
    calls_large, time_large = min(_cost(shape.format(r=(blank * large) + extra)) for _ in range(3))
    assert calls_large <= calls_small * 8 * 1.1 + 100
    assert time_large < time_small * 24 + 0.05


def test_a_huge_file_is_judged_from_its_first_bytes(tmp_path):
    """A 200 MB file of NULs beside a good file: skipped unread (was read whole first)."""
    (tmp_path / "good.md").write_bytes(GOOD)
    with open(tmp_path / "huge.md", "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: no disk used
    tracemalloc.start()
    try:
        notes = load_notes(tmp_path, cache=False)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 150 * 1024 * 1024  # the packaged lexicon and the enrichment; reading the file would add 200 MB
    assert notes.talks["title"].tolist() == ["Talk"]
    assert notes.problems["message"].str.contains("binary").tolist() == [True]


def test_a_load_without_cache_screens_files_as_one_with_cache(tmp_path):
    """Without a cache, a file is screened by the process that reads it (one open); the
    skips and their reasons are those of the screening that a cached load does first."""
    notes_dir = tmp_path / "notes"
    notes_dir.mkdir()
    (notes_dir / "good.md").write_bytes(GOOD)
    (notes_dir / "nul.md").write_bytes(b"\0" * 100)
    (notes_dir / "big.md").write_bytes(GOOD + b"- more notes\n" * 2_000)  # 26 kB: past the 20 kB limit
    (notes_dir / "both.md").write_bytes(b"\0" * 30_000)  # binary and too big: binary is said first
    (notes_dir / "small.md").write_bytes(b"# S\n")  # shorter than the first bytes screened
    found = {}
    for cache in (False, tmp_path / "cache"):
        notes = load_notes(notes_dir, cache=cache, jobs=1, max_file_size=20_000)
        found[bool(cache)] = notes.problems[["source", "message"]].sort_values("source")
        assert sorted(notes.talks["title"]) == ["Talk"]
    assert found[False].to_dict("records") == found[True].to_dict("records")
    messages = dict(zip(found[False]["source"].map(lambda p: p.rsplit("/", 1)[-1]), found[False]["message"]))
    assert "binary" in messages["nul.md"] and "binary" in messages["both.md"]
    assert "over the size limit" in messages["big.md"]
    assert "binary" not in messages.get("small.md", "") and "size limit" not in messages.get("small.md", "")


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_a_file_over_the_size_limit_is_skipped_with_a_problem(tmp_path):
    (tmp_path / "good.md").write_bytes(GOOD)
    (tmp_path / "big.md").write_bytes(GOOD + b"- more notes\n" * 100_000)
    notes = load_notes(tmp_path, cache=False, max_file_size=1024 * 1024)
    assert notes.talks["title"].tolist() == ["Talk"]
    [message] = notes.problems["message"].tolist()
    assert "over the size limit of 1 MB" in message
    assert len(load_notes(tmp_path, cache=False, max_file_size=None).talks) == 2


def test_each_file_is_read_when_it_is_parsed_not_all_at_once(tmp_path, monkeypatch):
    for index in range(5):
        (tmp_path / f"f{index}.md").write_bytes(GOOD)
    for cache in (False, tmp_path / "cache"):  # read late (screened as it is read) or screened first
        reads, seen_at_parse = [], []
        real_read, real_screen_read = load_module.read_limited, load_module.screen_and_read
        real_parse = load_module.parse_source
        monkeypatch.setattr(load_module, "read_limited", lambda *a, **k: reads.append(a[0]) or real_read(*a, **k))
        monkeypatch.setattr(load_module, "screen_and_read", lambda *a, **k: reads.append(a[0]) or real_screen_read(*a, **k))
        monkeypatch.setattr(load_module, "parse_source", lambda *a, **k: seen_at_parse.append(len(reads)) or real_parse(*a, **k))
        load_notes(tmp_path, cache=cache, jobs=1)
        assert seen_at_parse == [1, 2, 3, 4, 5]  # file i is read just before it is parsed
        monkeypatch.undo()


def test_jobs_are_capped_at_cores_and_files_with_a_note(tmp_path, monkeypatch):
    for index in range(3):
        (tmp_path / f"f{index}.md").write_bytes(GOOD)
    started = []

    class Recording(load_module.ProcessPoolExecutor):
        def __init__(self, max_workers=None, **kwargs):
            started.append(max_workers)
            super().__init__(max_workers=max_workers, **kwargs)

    monkeypatch.setattr(load_module, "ProcessPoolExecutor", Recording)
    with pytest.warns(JobsWarning, match="jobs=10000 capped"):
        notes = load_notes(tmp_path, cache=False, jobs=10_000)
    assert len(notes.talks) == 3
    assert all(workers <= min(os.cpu_count(), 3) for workers in started)


def _deny(monkeypatch, denied):
    real = os.scandir

    def scandir(path="."):
        if os.fspath(path) == os.fspath(denied):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    # The tests may run as root, whom chmod 000 does not stop: os.scandir is made to refuse instead.
    monkeypatch.setattr(os, "scandir", scandir)


def test_an_unreadable_subfolder_is_a_problem_row(tmp_path, monkeypatch):
    (tmp_path / "good.md").write_bytes(GOOD)
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.md").write_bytes(GOOD)
    _deny(monkeypatch, tmp_path / "locked")
    notes = load_notes(tmp_path, cache=False)
    assert len(notes.talks) == 1
    rows = notes.problems[["source", "severity", "message"]].values.tolist()
    assert rows == [[str(tmp_path / "locked"), "error", "skipped folder: permission denied"]]


def test_an_unreadable_top_folder_says_permission_denied(tmp_path, monkeypatch):
    (tmp_path / "good.md").write_bytes(GOOD)
    _deny(monkeypatch, tmp_path)
    with pytest.raises(NotesPathError, match="permission denied"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            load_notes(tmp_path, cache=False)
