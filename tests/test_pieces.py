"""A big file read in pieces (analysis/read/pieces.py) gives the frames of reading it whole.

The piece size is lowered (analysis._load.PIECE_BYTES) so that small files are cut into
many pieces; every frame of the `Notes`, problems and layouts included, must be equal.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import analysis._load as load_module
import analysis._load_pieces as load_pieces
from analysis import load_notes
from analysis.config import DEFAULT_NOTES
from analysis.read.pieces import PieceReader, cut
from analysis.read.sources import decode
from tests.conftest import SHARED, corpus_events_dir

AUTHORS = SHARED / "corpus" / "authors"


def _load(path: Path, monkeypatch, piece_bytes: int):
    monkeypatch.setattr(load_module, "PIECE_BYTES", piece_bytes)
    # The loader reads a file whole when the pieced reading fails; here a failure must show.
    monkeypatch.setattr(load_module, "_frames_in_pieces", _frames_in_pieces_or_raise)
    return load_notes(path, cache=False, progress=False, max_file_size=None)


def _frames_in_pieces_or_raise(source, context, enricher, piece_bytes):
    from analysis._load_pieces import frames_in_pieces

    return frames_in_pieces(source, context.settings, context.root, enricher, piece_bytes)


def _assert_same(whole, pieces) -> None:
    for name in whole.frame_names():
        pd.testing.assert_frame_equal(getattr(whole, name), getattr(pieces, name), obj=name)


def _pieces_used(path: Path, piece_bytes: int) -> int:
    """How many pieces the reader walks for this file (1: it reads the file whole)."""
    text = decode(str(path), path.read_bytes()).text
    reader = PieceReader(str(path), text, {}, None, piece_bytes)
    return len(reader._pieces) if reader.plan() else 1


@pytest.fixture(scope="module")
def repeated_talks(tmp_path_factory) -> Path:
    """A 2 MB file of corpus-like talks: the default notes' talks, over and over, under dated day dividers."""
    body = DEFAULT_NOTES.read_text(encoding="utf-8")
    parts, size, day = ["DockerCon, repeated\n==================\n\n"], 0, 0
    while size < 2_000_000:
        day += 1
        chunk = f"Day {day}\n=====\n\n######Tue Apr {day % 28 + 1} 2017\n\n{body}\n\n"
        parts.append(chunk)
        size += len(chunk)
    path = tmp_path_factory.mktemp("big") / "repeated.md"
    path.write_text("".join(parts), encoding="utf-8")
    return path


@pytest.mark.slow  # a 2 MB file read whole and in pieces (5-8 s): `make test` runs it
def test_repeated_talks_read_in_pieces_equal_the_whole_file(repeated_talks, monkeypatch):
    assert _pieces_used(repeated_talks, 50_000) > 10
    whole = _load(repeated_talks, monkeypatch, 10**12)
    pieces = _load(repeated_talks, monkeypatch, 50_000)
    assert len(whole.talks) > 1000 and whole.layouts["layout"].iloc[0] == "heading-level"
    _assert_same(whole, pieces)
    # The notes keep the file's line numbers: each note's text is on its line of the file.
    lines = repeated_talks.read_text(encoding="utf-8").split("\n")
    sample = pieces.notes[pieces.notes["kind"] == "bullet"].tail(50)
    for text, number in zip(sample["text"], sample["line"]):
        assert text.split()[0] in lines[number - 1]


def test_cut_never_splits_inside_a_fence_or_without_a_blank_line_above():
    code = "```\n" + "\n\n# not a heading\n" * 3 + "```\n"
    text = "Notes\n\n" + "".join(f"\n## Talk {n}\nAda Lovelace\n- note\n{code}" for n in range(100)) + "## glued\n"
    pieces = cut(text, 1)
    assert len(pieces) > 50
    lines = text.split("\n")
    for piece in pieces[1:]:
        assert lines[piece.first_line].startswith("## Talk ") and lines[piece.first_line - 1] == ""
        assert text[piece.start:].startswith(lines[piece.first_line])


def test_a_file_without_a_safe_boundary_is_read_whole(tmp_path, monkeypatch):
    path = tmp_path / "one-talk.md"
    path.write_text("# One talk\nAda Lovelace\n\n" + "- a note about docker\n" * 5000, encoding="utf-8")
    assert _pieces_used(path, 1) == 1
    _assert_same(_load(path, monkeypatch, 10**12), _load(path, monkeypatch, 1))


def _files(folder: Path | None) -> list[Path]:
    return sorted(folder.rglob("*.md")) if folder is not None and folder.is_dir() else []


@pytest.mark.slow  # a 2 MB file read whole and in pieces (5-8 s): `make test` runs it
def test_pieces_walked_in_forked_children_equal_the_whole_file(repeated_talks, monkeypatch):
    """Pieces of 1 MB or more are planned and walked in forked children, only their compact
    frames and the walk's state sent back (analysis/_load_pieces.py); here small ones are too."""
    if not load_pieces.FORK:
        pytest.skip("this system cannot fork: pieces are walked in the loading process")
    monkeypatch.setattr(load_pieces, "FORK_MIN_BYTES", 0)
    assert _pieces_used(repeated_talks, 200_000) > 5
    _assert_same(_load(repeated_talks, monkeypatch, 10**12), _load(repeated_talks, monkeypatch, 200_000))


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_default_notes_in_pieces_equal_the_whole_file(monkeypatch):
    assert _pieces_used(DEFAULT_NOTES, 1) > 1
    _assert_same(_load(DEFAULT_NOTES, monkeypatch, 10**12), _load(DEFAULT_NOTES, monkeypatch, 1))


@pytest.mark.slow  # every corpus file read twice (about 40 s): `make test` runs it
@pytest.mark.parametrize("folder", ["events", "authors"])
def test_corpus_files_in_pieces_equal_the_whole_file(folder, monkeypatch):
    root = corpus_events_dir() if folder == "events" else AUTHORS
    files = _files(root)
    if not files:
        pytest.skip(f"corpus notes absent: no ../shared/corpus/{folder} (nor $CONFNOTES_CORPUS for events)")
    pieced = 0
    for path in files:
        pieced += _pieces_used(path, 1) > 1
        try:
            _assert_same(_load(path, monkeypatch, 10**12), _load(path, monkeypatch, 1))
        except AssertionError as error:
            raise AssertionError(f"{path}: {error}") from None
    assert pieced, "no file of the corpus was cut into pieces: the test would prove nothing"


def test_walker_facts_of_the_first_piece_reach_the_pieced_read(tmp_path, monkeypatch):
    """What finish_event reads of the walker (here a `Conference:` line and a subtitle) must
    come through when the file is read in pieces."""
    days = "".join(f"# Day {d}\n\n" + "".join(f"## Talk {d}.{i} - Ada Lovelace\n\n- note {i}\n- more\n\n" for i in range(20))
                   for d in range(1, 5))
    path = tmp_path / "notes.md"
    path.write_text("*Three days of talks*\n\nConference: QCon London 2017\n\n" + days, "utf-8")
    assert _pieces_used(path, 200) > 1
    whole, pieced = _load(path, monkeypatch, 10**12), _load(path, monkeypatch, 200)
    assert pieced.events["title"].tolist() == ["QCon London 2017"]
    _assert_same(whole, pieced)


def test_a_failed_pieced_reading_reads_the_file_whole(tmp_path, monkeypatch):
    """A bug of the pieced reading costs no file: it is read again, whole, from disk."""
    import analysis._load_pieces as pieces_module

    days = "".join(f"# Day {d}\n\n" + "".join(f"## Talk {d}.{i} - Ada Lovelace\n\n- note {i}\n\n" for i in range(20))
                   for d in range(1, 4))
    path = tmp_path / "notes.md"
    path.write_text(days, "utf-8")
    whole = _load(path, monkeypatch, 10**12)

    def broken(source, *args, **kwargs):
        source.text = None  # released, as the pieced reading does, then it fails
        raise RuntimeError("a bug")

    monkeypatch.setattr(load_module, "PIECE_BYTES", 200)
    monkeypatch.undo()  # the real fallback of the loader, not the raising one of _load
    monkeypatch.setattr(load_module, "PIECE_BYTES", 200)
    monkeypatch.setattr(pieces_module, "frames_in_pieces", broken)
    again = load_notes(path, cache=False, progress=False, max_file_size=None)
    assert again.problems.empty
    _assert_same(whole, again)


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_links_of_title_lines_read_in_pieces_equal_the_whole_file(tmp_path, monkeypatch):
    """A title's links (in no note) keep their place among the notes' links across pieces."""
    talk = ("## Fast Python {n} [slides](https://example.com/s{n}) [video](https://youtube.com/watch?v={n})\n\n"
            "Speaker: Jane Roe, Uber (@janeroe)\n\n" + "- see https://example.com/n{n} and more words here\n" * 20 + "\n")
    path = tmp_path / "pycon-2023.md"
    path.write_text("".join(talk.format(n=n) for n in range(60)), encoding="utf-8")
    assert _pieces_used(path, 20_000) > 3
    whole, pieces = _load(path, monkeypatch, 10**12), _load(path, monkeypatch, 20_000)
    assert whole.links["note_id"].isna().sum() == 120
    _assert_same(whole, pieces)


def test_a_roster_before_the_talks_makes_the_file_read_whole(tmp_path, monkeypatch):
    """`Speakers:` over `- Name — "Title"` names the speakers of talks in later pieces (schedule.apply_roster):
    the pieced reading cannot promise that, so the file is read whole; without the roster it is read in pieces."""
    talks = "".join(f"# Day {d}\n\n" + "".join(f"## Talk {d}.{i}\n\n- note {i}\n- more\n\n" for i in range(10))
                    for d in range(1, 5))
    path = tmp_path / "meetup.md"
    path.write_text('Conference: Rust Meetup 2022\n\n2022-11-03, hosted at SAP.\n\nSpeakers:\n- Jane Doe — "Talk 4.9"\n\n' + talks, "utf-8")
    assert _pieces_used(path, 200) == 1
    whole = _load(path, monkeypatch, 10**12)
    assert whole.speakers["name"].tolist() == ["Jane Doe"]
    assert str(whole.events["date_start"].iloc[0])[:10] == "2022-11-03"
    _assert_same(whole, _load(path, monkeypatch, 200))
    path.write_text("Conference: Rust Meetup 2022\n\n2022-11-03, hosted at SAP.\n\n" + talks, "utf-8")
    assert _pieces_used(path, 200) > 1  # no roster: pieces, read as the whole file is
    _assert_same(_load(path, monkeypatch, 10**12), _load(path, monkeypatch, 200))
