"""Outputs that only go where they should, one-line errors, invisible characters shown
(issue 13, points 7, 10, 11, 14 and 16)."""
from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import unicodedata
from types import SimpleNamespace

import pytest

from analysis.invisible import FORMAT_CHARACTERS, UNICODE_VERSION
from analysis.report.filters import REPLACEMENT, neutralise

GOOD = b"Conf\n----\n\nTalk\n----\nAda Lovelace @ada\n\n- first note\n"


@pytest.fixture
def run(capsys, monkeypatch):
    """The command line, in this process (`python -m analysis` is `analysis.cli.main`)."""
    from analysis.cli import main

    def run_command(*args, cwd=None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exit:  # argparse's usage errors
            code = exit.code
        out, err = capsys.readouterr()
        return SimpleNamespace(returncode=code, stdout=out, stderr=err)

    return run_command


@pytest.fixture
def notes_file(tmp_path):
    path = tmp_path / "conf" / "notes.md"
    path.parent.mkdir()
    path.write_bytes(GOOD)
    return path


def _specials(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    sock_path = tmp_path / "sock"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    return sock, ["/dev/null", str(fifo), str(sock_path)]


@pytest.mark.parametrize("command", ["report", "frames"])
def test_out_never_replaces_a_device_fifo_or_socket(tmp_path, notes_file, command, run):
    sock, specials = _specials(tmp_path)
    try:
        for special in specials:
            before = os.stat(special).st_mode
            result = run(command, str(notes_file), "--out", special, "--no-cache", "--quiet")
            assert result.returncode == 2, (special, result.stderr)
            assert "not a regular file or folder" in result.stderr and len(result.stderr.strip().splitlines()) == 1
            assert os.stat(special).st_mode == before and not stat.S_ISREG(before)
    finally:
        sock.close()


def test_frames_out_empty_is_refused_and_writes_nothing(tmp_path, notes_file, run):
    work = tmp_path / "work"
    work.mkdir()
    result = run("frames", str(notes_file), "--out", "", "--no-cache", "--quiet", cwd=work)
    assert result.returncode == 2
    assert "--out '' names no file or folder" in result.stderr
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("option", ["--lexicon", "--taxonomy"])
def test_a_lexicon_or_taxonomy_that_is_not_utf8_is_one_line_exit_2(tmp_path, notes_file, option, run):
    bad = tmp_path / "latin1.toml"
    bad.write_bytes(b'[[product]]\nname = "caf\xe9"\n')
    result = run("summary", str(notes_file), option, str(bad), "--no-cache", "--quiet")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [f"confnotes: error: {bad}: not UTF-8 (invalid continuation byte at byte 23); "
                                                  "lexicon and taxonomy files are UTF-8 TOML"]


_PROBES = """
import sys
from pathlib import Path
from analysis.cli import UserError, _check_writable_folder
failures = 0
for _ in range(300):
    try:
        _check_writable_folder(Path(sys.argv[1]))
    except UserError:
        failures += 1
print(failures)
"""


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_the_write_probe_of_many_runs_at_once_never_fails(tmp_path):
    """A fixed probe name let one run delete another's probe: false 'cannot write' errors."""
    folder = tmp_path / "out"
    folder.mkdir()
    probes = [subprocess.Popen([sys.executable, "-c", _PROBES, str(folder)], stdout=subprocess.PIPE, text=True) for _ in range(6)]
    failures = [int(probe.communicate(timeout=120)[0]) for probe in probes]
    assert failures == [0] * 6
    assert list(folder.iterdir()) == []


def test_jobs_capped_is_one_note_line_on_stderr(tmp_path, notes_file, run):
    result = run("summary", str(notes_file), "--jobs", "10000", "--no-cache", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines() == [f"confnotes: note: jobs=10000 capped at 1 ({len(os.sched_getaffinity(0))} cores, 1 files)"]


def test_format_characters_are_every_cf_character():
    if unicodedata.unidata_version != UNICODE_VERSION:
        pytest.skip(f"analysis/invisible.py is of Unicode {UNICODE_VERSION}, this Python has {unicodedata.unidata_version}: regenerate it")
    import re

    pattern = re.compile(f"[{FORMAT_CHARACTERS}]")
    cf = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Cf"}
    matched = {chr(c) for c in range(0x110000) if pattern.fullmatch(chr(c))}
    assert matched == cf


@pytest.mark.parametrize("char", ["\u00ad", "\u180e", *map(chr, range(0x206A, 0x2070)), "\ufff9", "\ufffa", "\ufffb",
                                  "\U0001d173", "\U0001d17a", "\u200b", "\ufeff", "\U000e0041"])
def test_the_report_shows_invisible_characters(char):
    assert neutralise(f"pay{char}pal") == f"pay{REPLACEMENT}pal"
