"""The command line: exports, and one-line errors with exit status 2."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from analysis import Notes
from analysis.cli import main


def run(*args):
    return subprocess.run([sys.executable, "-m", "analysis", *args], capture_output=True, text=True)


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_frames_export_both_formats(tmp_path, default_notes_path, default_notes):
    result = run("frames", str(default_notes_path), "--out", str(tmp_path), "--format", "both")
    assert result.returncode == 0, result.stderr
    assert "24 talks" in result.stdout
    names = Notes.frame_names()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f"{n}.csv" for n in names] + [f"{n}.parquet" for n in names]
                                                               + ["manifest.csv.json", "manifest.parquet.json"])
    restored = Notes.from_parquet(tmp_path)
    pd.testing.assert_frame_equal(restored.talks, default_notes.talks)


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_a_user_error_from_the_command_is_one_line_and_exit_2(tmp_path):
    """The real entry point (`python -m analysis`): the other cases call `main` in this process."""
    result = subprocess.run([sys.executable, "-m", "analysis", "frames", "no/such/path", "--out", "x"],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"confnotes: error: no such file or folder: {tmp_path / 'no/such/path'}\n"  # absolute
    assert list(tmp_path.iterdir()) == []


def main_error(args: list[str], capsys) -> str:
    """What `main(args)` prints on stderr; it must return 2 and print one line, never a traceback."""
    assert main(args) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith("confnotes: error: ") and captured.err.count("\n") == 1
    return captured.err


@pytest.mark.parametrize(
    "args, message",
    [
        (["frames", "no/such/path", "--out", "x"], "no such file or folder: /"),  # the absolute path tried
        (["frames", "{empty}", "--out", "x"], "no notes files (*.md)"),
        (["frames", "{index}", "--out", "x"], "no notes found"),
        (["frames", "{notes}", "--out", "{afile}/out"], "cannot create --out folder"),
        (["frames", "{notes}", "--out", "{afile}"], "is not a folder"),
        (["frames", "{notes}", "--out", "x", "--jobs", "0"], "--jobs must be 1 or more"),
    ],
)
def test_user_errors_are_one_line_and_exit_2(tmp_path, default_notes_path, args, message, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "index").mkdir()
    (tmp_path / "index" / "index.md").write_text("[preview:3](events/2014/05/openstack.md)\n")
    (tmp_path / "afile").write_text("a file where a folder should be")
    values = {"empty": tmp_path / "empty", "index": tmp_path / "index", "notes": default_notes_path, "afile": tmp_path / "afile"}
    assert message in main_error([a.format(**values) for a in args], capsys)


def test_main_returns_status_instead_of_exiting(capsys, tmp_path):
    assert main(["frames", str(tmp_path / "missing"), "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().err.startswith("confnotes: error: no such file or folder")


@pytest.mark.parametrize(
    "out, message",
    [
        ("{afile}/report.html", "cannot create the folder of --out"),
        ("{folder}", "is a folder"),
        ("{data}/report.html", "data/ holds your notes and is never written"),
    ],
)
def test_report_out_errors_are_one_line_and_exit_2(tmp_path, default_notes_path, out, message, capsys):
    (tmp_path / "afile").write_text("a file where a folder should be")
    (tmp_path / "folder").mkdir()
    data = default_notes_path.parents[3]
    target = out.format(afile=tmp_path / "afile", folder=tmp_path / "folder", data=data)
    assert message in main_error(["report", str(default_notes_path), "--out", target], capsys)
    assert not (data / "report.html").exists()


def test_frames_refuse_to_write_into_data(default_notes_path, capsys):
    data = default_notes_path.parents[3]
    assert "never written" in main_error(["frames", str(default_notes_path), "--out", str(data / "frames")], capsys)
    assert not (data / "frames").exists()
