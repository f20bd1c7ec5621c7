"""The command line as an analyst uses it: summary's table per event, report with the
load options of frames, progress only where it helps, Ctrl-C as one line."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from report_html import DEFAULT_NOTES, Page, talk_headings

from analysis.cli import main
from analysis.report.render import cell_stage

# "Twitter coined [Googwin](http://www.urbandictionary.com/...)" in the default notes: a name no lexicon knows.
LEXICON = '[[product]]\nname = "Googwin"\ncategory = "container runtime"\n'


def test_summary_prints_a_table_per_event_and_the_problems(default_notes, capsys):
    assert main(["summary", str(DEFAULT_NOTES), "--quiet"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Dockercon \u00b7 18 Apr 2017"  # "######Tue Apr 18 2017" under "# Dockercon"
    rows = dict(line.split(None, 1) for line in lines[1:6])
    assert rows["talks"] == str(len(talk_headings()))
    people = default_notes.speakers.query("kind == 'person'")["name"].dropna().str.lower().nunique()
    assert rows["speakers"] == str(people) and rows["notes"] == str(len(default_notes.notes))
    assert len(rows["themes"].split(", ")) >= 3 and rows["products"].split(", ")[0] == "Docker"
    assert len(rows["products"].split(", ")) == 5
    assert lines[-1] == "no problems"


def test_summary_of_several_events_in_date_order_with_problems(corpus_dir, capsys):
    assert main(["summary", str(corpus_dir), "--problems"]) == 0
    out = capsys.readouterr().out
    titles = [block.splitlines()[0] for block in out.split("\n\n")[:-1]]
    assert len(titles) == 15 and titles[0].endswith("2014") and titles[-1] == "Dockercon 17 \u00b7 18 Apr 2017"
    assert out.split("\n\n")[-1].startswith("13 problems (13 info):")  # the corpus' 13 index.md files
    assert "index.md  skipped: navigation-only file" in out


def test_report_takes_the_load_options_of_frames(tmp_path, capsys):
    from analysis.cli import _parser

    parser = _parser()
    actions = {command: {a.dest for a in parser._subparsers._group_actions[0].choices[command]._actions}
               for command in ("frames", "report", "summary")}
    options = {"jobs", "no_cache", "lexicon", "taxonomy", "quiet"}
    assert options <= actions["frames"] and options <= actions["report"] and options <= actions["summary"]
    out = tmp_path / "new folder" / "r.html"
    assert main(["report", str(DEFAULT_NOTES), "--jobs", "0", "--out", str(out)]) == 2
    assert capsys.readouterr().err == "confnotes: error: --jobs must be 1 or more\n"
    assert not out.parent.exists()  # refused before anything was written


def test_report_refuses_a_missing_lexicon_in_one_line(tmp_path, capsys):
    assert main(["report", str(DEFAULT_NOTES), "--lexicon", str(tmp_path / "mine.toml"), "--out", str(tmp_path / "r.html")]) == 2
    assert capsys.readouterr().err == f"confnotes: error: no such file: {tmp_path / 'mine.toml'}\n"


@pytest.mark.slow
def test_report_with_a_lexicon_names_the_new_product(tmp_path):
    lexicon = tmp_path / "with space" / "lexicon.toml"
    lexicon.parent.mkdir()
    lexicon.write_text(LEXICON, encoding="utf-8")
    plain, mine = tmp_path / "plain.html", tmp_path / "mine.html"
    for out, extra in ((plain, []), (mine, ["--lexicon", str(lexicon), "--no-cache", "--jobs", "1"])):
        run = subprocess.run([sys.executable, "-m", "analysis", "report", str(DEFAULT_NOTES), "--out", str(out), *extra],
                             capture_output=True, text=True, cwd=tmp_path)
        assert run.returncode == 0 and run.stderr == "", run.stderr  # no progress: stderr is not a terminal

    def section(path: Path, key: str) -> str:
        return Page(path.read_text(encoding="utf-8").split(f'<section id="{key}">')[1].split("</section>")[0]).words

    def products(path: Path) -> int:
        return int(re.search(r"<b>([\d,]+)</b><span>products</span>", path.read_text(encoding="utf-8")).group(1))

    # Without the lexicon the name is an unknown name to add; with it, one more product.
    assert "Googwin" in section(plain, "quality") and "Googwin" not in section(mine, "quality")
    assert products(mine) == products(plain) + 1


def test_progress_is_off_when_stderr_is_not_a_terminal_and_on_when_asked(tmp_path, capfd):
    from analysis import load_notes

    for i in range(3):
        (tmp_path / f"talk{i}.md").write_text(f"# Talk {i}\n\nAda Lovelace\n\n- a note\n")
    load_notes(tmp_path, cache=False)
    assert capfd.readouterr().err == ""
    load_notes(tmp_path, cache=False, progress=True)
    err = capfd.readouterr().err
    assert "3/3" in err and "file" in err


def test_report_stages_are_named_after_their_cells():
    assert cell_stage({"source": 'page.section("themes")'}, 3) == "section themes"
    assert cell_stage({"source": "from analysis import report\nnotes = report.load_notes_from_env()"}, 1) == "loading the notes"
    assert cell_stage({"source": "1 + 1"}, 7) == "cell 7"


@pytest.mark.slow
def test_report_shows_its_stages_when_asked(tmp_path, capfd):
    from analysis.report import render_report

    render_report(None, tmp_path / "r.html", progress=True)
    err = capfd.readouterr().err
    for stage in ("starting the kernel", "loading the notes", "section themes", "section quality", "writing the HTML page"):
        assert f"report: {stage}" in err


@pytest.mark.slow
def test_a_notes_path_with_a_colon_reaches_the_kernel(tmp_path):
    folder = tmp_path / "b:c"
    folder.mkdir()
    (folder / "colon.md").write_text(DEFAULT_NOTES.read_text(encoding="utf-8"), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "analysis", "report", str(folder / "colon.md"), "--out", str(tmp_path / "r.html")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "<title>Dockercon</title>" in (tmp_path / "r.html").read_text(encoding="utf-8")


SLOW_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "slow", "metadata": {}, "outputs": [],
               "source": "import os, pathlib, time\npathlib.Path(os.environ['CONFNOTES_TEST_MARK']).write_text(str(os.getpid()))\n"
                         "time.sleep(60)"}],
    "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}},
    "nbformat": 4, "nbformat_minor": 5,
}
# Runs `confnotes report` with the slow notebook; writes READY once its own imports are done
# (a Ctrl-C before that would interrupt this driver, not the command).
DRIVER = """
import faulthandler, os, signal, sys
faulthandler.register(signal.SIGUSR1, all_threads=True)  # the test asks for every thread's stack if this hangs
from pathlib import Path
from analysis.report import render
render.NOTEBOOK = Path(sys.argv[1])
from analysis.cli import main
Path(os.environ["CONFNOTES_TEST_READY"]).write_text("")
sys.exit(main(["report", sys.argv[2], "--out", sys.argv[3]]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("moment", ["while the kernel starts", "during a cell"])
def test_ctrl_c_during_a_report_is_one_line_and_exit_130(tmp_path, moment):
    notebook, mark, out = tmp_path / "slow.ipynb", tmp_path / "kernel.pid", tmp_path / "report.html"
    ready = tmp_path / "ready"
    notebook.write_text(json.dumps(SLOW_NOTEBOOK), encoding="utf-8")
    out.write_text("previous report", encoding="utf-8")
    driver = subprocess.Popen([sys.executable, "-c", DRIVER, str(notebook), str(DEFAULT_NOTES), str(out)],
                              env=dict(os.environ, CONFNOTES_TEST_MARK=str(mark), CONFNOTES_TEST_READY=str(ready)), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True)
    deadline = time.monotonic() + 60
    if moment == "during a cell":
        while not mark.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert mark.exists(), "the cell never started"
        time.sleep(0.3)
    else:
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(0.3)  # the kernel is starting (it takes seconds)
        assert not mark.exists()
    driver.send_signal(signal.SIGINT)  # what Ctrl-C sends (the kernel is in a session of its own)
    err = _stderr_within(driver, 60)
    assert (driver.returncode, err) == (130, "confnotes: interrupted\n")
    assert out.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["slow.ipynb", "report.html", "ready", *(["kernel.pid"] if mark.exists() else [])])
    if mark.exists():  # the kernel was shut down, not left running
        assert not Path(f"/proc/{mark.read_text()}").exists()


def _stderr_within(driver: subprocess.Popen, seconds: float) -> str:
    """The driver's stderr once it has exited and closed it; past `seconds`, a failure that
    says which of the two did not happen (with every thread's stack if the driver still runs)."""
    try:
        return driver.communicate(timeout=seconds)[1]
    except subprocess.TimeoutExpired:
        running = driver.poll() is None
        if running:
            driver.send_signal(signal.SIGUSR1)
            time.sleep(1)
        driver.kill()
        try:
            _, err = driver.communicate(timeout=5)
        except subprocess.TimeoutExpired:  # the pipe is still held open: nothing more to read
            err = ""
        where = "the driver still ran" if running else f"the driver exited ({driver.returncode}) but a process it started kept its stderr open"
        pytest.fail(f"no exit within {seconds} s of Ctrl-C: {where}\n{err[-8000:]}")


def test_report_passes_max_file_size_to_the_kernel(tmp_path, monkeypatch):
    """`report` takes --max-file-size like frames and summary; it reaches load_notes in the kernel."""
    import analysis.report as report
    import analysis.report.render as render

    seen = {}
    monkeypatch.setattr(report, "render_report", lambda paths, out, **options: seen.update(options) or out)
    assert main(["report", str(DEFAULT_NOTES), "--max-file-size", "1", "--out", str(tmp_path / "r.html"), "--quiet"]) == 0
    assert seen["max_file_size"] == 1024 * 1024
    env = render.kernel_environment([str(DEFAULT_NOTES)], {"max_file_size": seen["max_file_size"], "jobs": None})
    assert render.load_options_from_env(env) == {"max_file_size": 1024 * 1024, "jobs": None}
    assert json.loads(env[render.ENV_VAR]) == [str(DEFAULT_NOTES)]
