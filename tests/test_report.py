"""Rendering the report: the notebook run headless, exported to one self-contained page,
written atomically; errors for missing notes and failing cells."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from report_html import (BIDI_AND_CONTROLS, DEFAULT_NOTES, HOSTILE, Page, assert_inert, non_blank_lines, table_rows,
                         talk_headings)

from analysis import report
from analysis.config import PROJECT_ROOT
from analysis.report import SECTIONS
from analysis.report.environment import TITLE_WIDTH
from analysis.report.filters import REPLACEMENT


def test_env_var_gives_the_paths():
    assert report.notes_paths_from_env({}) is None
    assert report.notes_paths_from_env({"CONFNOTES_NOTES": ""}) is None
    # One path as it is (a `:` or `;` is part of it), several as a JSON list.
    assert report.notes_paths_from_env({"CONFNOTES_NOTES": "data/a:b.md"}) == ["data/a:b.md"]
    assert report.notes_paths_from_env({"CONFNOTES_NOTES": '["a.md", "b:c/d;e.md"]'}) == ["a.md", "b:c/d;e.md"]
    with pytest.raises(ValueError, match="JSON list of paths"):
        report.notes_paths_from_env({"CONFNOTES_NOTES": '["a.md", 3]'})


def test_env_var_gives_the_load_options():
    from analysis.report.render import load_options_from_env

    assert load_options_from_env({}) == {}
    options = '{"cache": false, "jobs": 2, "lexicon": ["/x/l.toml"], "taxonomy": []}'
    assert load_options_from_env({"CONFNOTES_LOAD_OPTIONS": options}) == {
        "cache": False, "jobs": 2, "lexicon": ["/x/l.toml"], "taxonomy": []}
    with pytest.raises(ValueError, match="keys among"):
        load_options_from_env({"CONFNOTES_LOAD_OPTIONS": '{"paths": []}'})


@pytest.fixture(scope="module")
def default_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "new" / "folder" / "report.html"
    report.render_report(None, out)
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile") / "hostile.html"
    report.render_report([HOSTILE], out)
    return out.read_text(encoding="utf-8")


@pytest.mark.slow
def test_default_report_shows_every_talk_and_no_code(default_report):
    page = assert_inert(default_report)
    titles = [Page(title).visible for title in re.findall(r"<h3>([^<]*)</h3>", default_report)]
    assert [title for title in titles if title in talk_headings()] == talk_headings()
    assert "<title>Dockercon</title>" in default_report  # the first line of the file
    assert "page.section" not in default_report and "load_notes_from_env" not in default_report
    assert "CONFNOTES_NOTES" not in default_report  # the notebook's own documentation stays out
    ids = re.findall(r'<section id="(\w+)">', default_report)
    assert ids == [s.key for s in SECTIONS if s.key != "trends"]  # one event: no trends
    assert len(page.attr_values("src")) == default_report.count("<img ")  # every chart inline
    assert "Kate Hirschfield" in page.visible and "@K8Hir" in page.visible  # "Kate Hirschfield - @K8Hir"
    assert "https://github.com/linuxkit/linuxkit" in page.links()
    lines = non_blank_lines()
    assert f"{lines:,} of {lines:,} non-blank lines (100.0%)" in page.words  # the reader understands every line


@pytest.mark.slow
def test_report_of_several_events_has_trends_and_skipped_files(tmp_path, corpus_dir):
    out = tmp_path / "corpus.html"
    report.render_report([corpus_dir], out)
    markup = out.read_text(encoding="utf-8")
    page = assert_inert(markup)
    assert '<section id="trends">' in markup and "#trends" in page.links()
    skipped = {Path(row[0]).name for row in table_rows(markup) if len(row) == 2 and "navigation-only" in row[1]}
    assert "index.md" in skipped  # the corpus' index.md files only link to the notes


@pytest.mark.slow
def test_hostile_notes_show_as_text(hostile_report):
    page = assert_inert(hostile_report)
    visible = page.visible
    assert "Script <script>alert('xss')</script> Talk" in visible
    assert "<img src=x onerror=\"alert('img')\"> image with onerror" in visible
    assert "onerror" not in "".join(attrs for _, attributes in page.tags for attrs in attributes)
    assert '<a href="javascript:alert(2)">anchor with javascript</a>' in visible  # shown, not a link
    assert not [h for h in page.attr_values("href") if "javascript" in h.lower() or h.startswith("data:")]
    assert {"https://example.org/good", "mailto:someone@example.org"} <= set(page.links())
    assert not BIDI_AND_CONTROLS.search(hostile_report)
    assert f"Bidi {REPLACEMENT}gnp.exe{REPLACEMENT} Override" in visible
    long_title = [Page(t).visible for t in re.findall(r"<h3>([^<]*)</h3>", hostile_report) if "A very long talk title" in t]
    assert long_title and all(len(t) <= TITLE_WIDTH and t.endswith("\u2026") for t in long_title)  # cut, with an ellipsis
    assert "Money $5 and $\\frac{1}{ unbalanced $ talk" in visible


def broken_notebook(tmp_path: Path) -> Path:
    """A notebook whose second cell (index 1) raises KeyError('no such section')."""
    import nbformat  # on first use, not at collection: importing it builds jsonschema's grammars (seconds)

    path = tmp_path / "broken.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from analysis import report\npage = report.ReportPage(report.load_notes_from_env())"),
        nbformat.v4.new_code_cell("page.section('no such section')"),
    ]), path)
    return path


@pytest.mark.slow
def test_failing_cell_raises_report_error_and_keeps_the_previous_report(tmp_path):
    out = tmp_path / "reports" / "report.html"
    out.parent.mkdir()
    out.write_text("previous report", encoding="utf-8")
    with pytest.raises(report.ReportError) as failure:
        report.render_report(None, out, notebook=broken_notebook(tmp_path))
    assert failure.value.ename == "KeyError" and "no such section" in failure.value.evalue
    assert failure.value.cell == 1
    assert "cell 1" in str(failure.value) and "KeyError" in str(failure.value)
    assert out.read_text(encoding="utf-8") == "previous report"
    assert sorted(p.name for p in out.parent.iterdir()) == ["report.html"]  # no temporary file left


@pytest.mark.slow
def test_cli_exits_1_when_a_cell_fails(tmp_path, monkeypatch, capsys):
    from analysis.cli import main
    from analysis.report import render

    monkeypatch.setattr(render, "NOTEBOOK", broken_notebook(tmp_path))
    out = tmp_path / "report.html"
    out.write_text("previous report", encoding="utf-8")
    assert main(["report", str(DEFAULT_NOTES), "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert error.startswith("confnotes: report failed: cell 1 of broken.ipynb failed: KeyError")
    assert out.read_text(encoding="utf-8") == "previous report"


def test_missing_paths_raise_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError):
        report.render_report([tmp_path / "missing.md"], tmp_path / "r.html")
    (tmp_path / "empty").mkdir()
    with pytest.raises(FileNotFoundError):
        report.render_report([tmp_path / "empty"], tmp_path / "r.html")
    assert not (tmp_path / "r.html").exists()


@pytest.mark.slow  # a subprocess or a whole file read twice: `make test` runs it, `make test-fast` not
def test_cli_reports_a_missing_path_in_one_line(tmp_path):
    run = subprocess.run([sys.executable, "-m", "analysis", "report", str(tmp_path / "missing.md"), "--out", str(tmp_path / "r.html")],
                         capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert run.returncode == 2
    assert "missing.md" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_report_on_a_folder(tmp_path):
    folder = tmp_path / "notes" / "2017" / "04"
    folder.mkdir(parents=True)
    shutil.copy(DEFAULT_NOTES, folder)
    shutil.copy(HOSTILE, folder)
    out = tmp_path / "out" / "folder.html"
    run = subprocess.run(["make", "-s", "report", f"NOTES={tmp_path / 'notes'}", f"OUT={out}"],
                         capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert run.returncode == 0, run.stderr
    markup = out.read_text(encoding="utf-8")
    assert_inert(markup)
    # Both files are dated April 2017 ("######Tue Apr 18 2017").
    assert "<title>Notes of 2 events, 2017</title>" in markup and '<section id="trends">' in markup


@pytest.mark.slow
def test_html_not_built_by_the_package_is_shown_as_text(tmp_path):
    import nbformat

    notebook = tmp_path / "raw.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("from IPython.display import HTML\nHTML('<b id=raw>bold</b><img src=x onerror=alert(1)>')"),
        nbformat.v4.new_code_cell("import pandas as pd\npd.DataFrame({'a': ['<i id=frame>x</i>']})"),
        nbformat.v4.new_code_cell("from analysis import report\nreport.ReportPage(report.load_notes_from_env()).section('events')"),
    ]), notebook)
    out = tmp_path / "r.html"
    report.render_report(None, out, notebook=notebook)
    page = Page(out.read_text(encoding="utf-8"))
    assert "<b id=raw>bold</b>" in page.visible and "b" not in {tag for tag, _ in page.tags}
    assert not [attrs for tag, attrs in page.tags if tag == "img"]
    assert "i" not in {tag for tag, _ in page.tags}  # the DataFrame's HTML is text too
    assert "events" in page.by_id  # the package's section is HTML
