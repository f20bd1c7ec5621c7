"""Exports land whole, guard formula cells, and change no global state (issue 13, points 4 and 15)."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis import Notes, NotesPathError, load_notes
from analysis.frames.io import ExportError

GOOD = "Conf\n----\n\n{title}\n----\nAda Lovelace @ada\n\n- first note\n  - nested\n"
FORMULAS = ["=HYPERLINK(\"http://evil\",\"x\")", "+1+2", "-2+3", "@SUM(A1)", "\tTAB", "'quoted", "plain"]


def write_notes(folder: Path, title: str, copies: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "notes.md"
    path.write_text(GOOD.format(title=title) * copies, encoding="utf-8")
    return path


def assert_same(a: Notes, b: Notes) -> None:
    for name in Notes.frame_names():
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), obj=name)


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_a_mixed_export_is_refused(tmp_path, fmt):
    first = load_notes(write_notes(tmp_path / "a", "First talk"), cache=False)
    second = load_notes(write_notes(tmp_path / "b", "Second talk"), cache=False)
    out = tmp_path / "out"
    getattr(first, f"to_{fmt}")(out)
    kept = (out / f"talks.{fmt}").read_bytes()
    getattr(second, f"to_{fmt}")(out)
    assert_same(getattr(Notes, f"from_{fmt}")(out), second)
    (out / f"talks.{fmt}").write_bytes(kept)  # the talks of one run beside the notes of another
    with pytest.raises(ExportError, match="mixed or partial"):
        getattr(Notes, f"from_{fmt}")(out)
    (out / f"manifest.{fmt}.json").unlink()
    with pytest.raises(ExportError, match="not one whole"):
        getattr(Notes, f"from_{fmt}")(out)


def test_csv_cells_that_a_spreadsheet_would_run_get_a_quote_and_come_back_exact(tmp_path):
    body = "".join(f"- {text}\n" for text in FORMULAS)
    path = tmp_path / "conf" / "notes.md"
    path.parent.mkdir()
    path.write_text(f"Conf\n----\n\nTalk\n----\n\n{body}", encoding="utf-8")
    notes = load_notes(path, cache=False)
    assert notes.notes["text"].tolist() == [text.strip() for text in FORMULAS]
    notes.to_csv(tmp_path / "guarded")
    cells = pd.read_csv(tmp_path / "guarded" / "notes.csv", dtype=str)["text"].tolist()
    assert cells == ["'=HYPERLINK(\"http://evil\",\"x\")", "'+1+2", "'-2+3", "'@SUM(A1)", "TAB", "''quoted", "plain"]
    assert json.loads((tmp_path / "guarded" / "manifest.csv.json").read_text())["formula_guard"] is True
    assert_same(Notes.from_csv(tmp_path / "guarded"), notes)
    notes.to_csv(tmp_path / "raw", formula_guard=False)
    assert pd.read_csv(tmp_path / "raw" / "notes.csv", dtype=str)["text"].iloc[0].startswith("=HYPERLINK")
    assert_same(Notes.from_csv(tmp_path / "raw"), notes)


def test_tab_starts_are_guarded_too(tmp_path):
    # (A carriage return never starts a cell: the reader reads CR as a line end.)
    from analysis.frames.schema import empty_frame

    notes = Notes.from_frames({"commands": empty_frame("commands").reindex(range(3)).assign(
        note_id=pd.array([0, 1, 2], dtype="Int64"), command=pd.array(["\tcalc", "-calc", "ls -l"], dtype="string"))})
    notes.to_csv(tmp_path)
    raw = (tmp_path / "commands.csv").read_text()
    assert "'\tcalc" in raw and "'-calc" in raw and "'ls" not in raw
    assert Notes.from_csv(tmp_path).commands["command"].tolist() == ["\tcalc", "-calc", "ls -l"]


def test_the_cli_can_turn_the_guard_off(tmp_path):
    from analysis.cli import main

    notes = write_notes(tmp_path / "conf", "=cmd|' /C calc'!A0")
    for flag, expected in (([], "'=cmd"), (["--no-csv-guard"], "=cmd")):
        out = tmp_path / f"out{len(flag)}"
        assert main(["frames", str(notes), "--out", str(out), "--format", "csv", "--no-cache", "--quiet", *flag]) == 0
        assert pd.read_csv(out / "talks.csv", dtype=str)["title"].iloc[0].startswith(expected)


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_importing_the_package_never_touches_the_umask():
    """Reading the umask means setting it: a global change (racing other threads) at import."""
    script = ("import os, sys\ncalls = []\nreal = os.umask\nos.umask = lambda mask: calls.append(mask) or real(mask)\n"
              "import analysis, analysis.frames.io, analysis._cache\nfrom analysis import Notes, load_notes\nprint(len(calls))")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert run.stdout.strip() == "0"


_EXPORT_LOOP = """
import sys
from analysis import load_notes
notes = [load_notes(path, cache=False, progress=False) for path in sys.argv[2:4]]
print("ready", flush=True)
while True:
    for one in notes:
        one.to_csv(sys.argv[1])
"""


@pytest.mark.slow  # kills exporting processes at several moments
def test_an_export_killed_at_any_moment_is_whole_or_refused_and_its_leftovers_go(tmp_path):
    first_path = write_notes(tmp_path / "a", "First talk", copies=400)
    second_path = write_notes(tmp_path / "b", "Second talk", copies=400)
    expected = [load_notes(path, cache=False) for path in (first_path, second_path)]
    out = tmp_path / "out"
    outcomes = set()
    for delay in (0.05, 0.2, 0.35, 0.5, 0.8, 1.1):
        writer = subprocess.Popen([sys.executable, "-c", _EXPORT_LOOP, str(out), str(first_path), str(second_path)],
                                  stdout=subprocess.PIPE, text=True)
        try:
            assert writer.stdout.readline().strip() == "ready"
            time.sleep(delay)
        finally:
            writer.send_signal(signal.SIGKILL)
            writer.wait(timeout=30)
        try:
            loaded = Notes.from_csv(out)
        except (ExportError, NotesPathError):  # killed before its first file was in place: none to read
            outcomes.add("refused")
            continue
        titles = set(loaded.talks["title"])
        assert titles in ({"Conf", "First talk"}, {"Conf", "Second talk"}), "a loaded export is one run's, never a mix"
        assert_same(loaded, expected[0] if "First talk" in titles else expected[1])
        outcomes.add("whole")
    expected[0].to_csv(out)  # the next export into the folder removes what killed ones left
    assert not [path.name for path in out.iterdir() if path.name.endswith(".tmp")]
    assert_same(Notes.from_csv(out), expected[0])
    assert outcomes, "every kill was checked"


@pytest.mark.slow  # two processes export into one folder at once
def test_two_exports_at_once_give_one_whole_export_or_an_error(tmp_path):
    paths = [write_notes(tmp_path / name, f"{name} talk", copies=200) for name in ("a", "b")]
    out = tmp_path / "out"
    script = "import sys\nfrom analysis import load_notes\nn = load_notes(sys.argv[1], cache=False, progress=False)\nfor _ in range(5):\n    n.to_parquet(sys.argv[2])\n"
    writers = [subprocess.Popen([sys.executable, "-c", script, str(path), str(out)]) for path in paths]
    assert [writer.wait(timeout=300) for writer in writers] == [0, 0]
    expected = [load_notes(path, cache=False) for path in paths]
    try:
        loaded = Notes.from_parquet(out)
    except ExportError:
        return
    titles = set(loaded.talks["title"])
    assert titles in ({"Conf", "a talk"}, {"Conf", "b talk"}), "one run's export, never a mix"
    assert_same(loaded, expected[0] if "a talk" in titles else expected[1])
    assert not [path.name for path in out.iterdir() if path.name.endswith(".tmp")]
    assert os.path.exists(out / "manifest.parquet.json")
