"""Both notebooks are committed clean, stay thin, and run headless on the default notes and the corpus."""
from __future__ import annotations

import json
import os
import re
from types import SimpleNamespace

import pytest
from report_html import Page, talk_headings

from analysis.config import NOTEBOOKS_DIR as NOTEBOOKS
from analysis.report import SECTIONS

NAMES = ["report.ipynb", "explore.ipynb"]


def read(name):
    """The notebook as nbformat reads it, for running it."""
    import nbformat  # on first use, not at collection: importing it builds jsonschema's grammars (seconds)

    return nbformat.read(NOTEBOOKS / name, as_version=4)


def cells(name) -> list[SimpleNamespace]:
    """The notebook's cells as plain JSON, each source one string: enough to look at them."""
    book = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    return [SimpleNamespace(**{**cell, "source": "".join(cell["source"])}) for cell in book["cells"]]


@pytest.mark.slow  # imports nbformat and jsonschema (seconds)
@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_valid(name):
    import nbformat

    nbformat.validate(read(name))


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_committed_without_outputs(name):
    for cell in cells(name):
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, cell.source
    assert json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_cells_are_thin(name):
    code = [cell.source for cell in cells(name) if cell.cell_type == "code"]
    assert all(len(source.splitlines()) <= 4 for source in code), [s for s in code if len(s.splitlines()) > 4]
    assert not any("def " in source or "class " in source for source in code)


def test_report_notebook_documents_its_input():
    first = cells("report.ipynb")[0]
    assert first.cell_type == "markdown"
    assert "CONFNOTES_NOTES" in first.source and "JSON list" in first.source


def test_report_notebook_shows_the_header_then_every_section_in_registry_order():
    code = [cell.source.strip() for cell in cells("report.ipynb") if cell.cell_type == "code"]
    assert code[0].endswith("page = report.ReportPage(notes)\npage.header()")
    expected = [f'page.section("{section.key}")' for section in SECTIONS]
    assert code[1:] == expected, "notebooks/report.ipynb needs one cell per entry of analysis.report.SECTIONS, in order"


def test_report_notebook_is_the_one_generated_from_the_registry():
    from analysis.report.notebook import REPORT_NOTEBOOK, notebook_text, report_notebook

    assert REPORT_NOTEBOOK.read_text(encoding="utf-8") == notebook_text(report_notebook()), (
        "notebooks/report.ipynb differs from analysis.report.SECTIONS: run `make notebooks`")


def test_a_new_section_needs_only_its_registry_entry(monkeypatch, tmp_path):
    """Adding a section is one entry in SECTIONS (its builder and template): the generated
    notebook gains its cell, with its note, in registry order."""
    import analysis.report.notebook as generator
    from analysis.report.sections import Section

    extra = Section("venues", "Venues", lambda ctx: {}, note="Where the talks were held.")
    monkeypatch.setattr(generator, "SECTIONS", (*SECTIONS[:2], extra, *SECTIONS[2:]))
    target = tmp_path / "report.ipynb"
    assert generator.write_report_notebook(target)
    book = json.loads(target.read_text(encoding="utf-8"))
    book = SimpleNamespace(cells=[SimpleNamespace(cell_type=c["cell_type"], source="".join(c["source"])) for c in book["cells"]])
    code = [cell.source for cell in book.cells if cell.cell_type == "code"]
    assert code[1:4] == [f'page.section("{SECTIONS[0].key}")', f'page.section("{SECTIONS[1].key}")', 'page.section("venues")']
    notes = [cell.source for cell in book.cells if cell.cell_type == "markdown"]
    assert "Where the talks were held." in notes
    assert not generator.write_report_notebook(target)  # up to date: not written again


def execute(name, notes_paths):
    from nbclient import NotebookClient

    book = read(name)
    env = dict(os.environ, MPLBACKEND="Agg", CONFNOTES_NOTES=json.dumps(list(map(str, notes_paths))))
    NotebookClient(book, timeout=300, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute(env=env)
    return book


def outputs(book, mime):
    return [output.get("data", {}).get(mime) for cell in book.cells if cell.cell_type == "code"
            for output in cell.outputs if mime in output.get("data", {})]


def html_outputs(book):
    return "".join(outputs(book, "text/html"))


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_on_the_default_notes(name, default_notes_path):
    book = execute(name, [default_notes_path])
    shown = html_outputs(book)
    if name == "report.ipynb":
        assert 'id="trends"' not in shown
        titles = [Page(title).visible for title in re.findall(r"<h3>([^<]*)</h3>", shown)]
        assert set(talk_headings()) <= set(titles)
    else:
        assert "Moby Project Summit" in shown  # the talk table
        assert outputs(book, "image/png")  # the chart


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_on_a_folder_of_corpus_notes(name, corpus_dir):
    book = execute(name, [corpus_dir])
    shown = html_outputs(book)
    if name == "report.ipynb":
        assert '<section id="trends">' in shown
        assert "Dockercon 2016" in shown
    else:
        assert "Openstack Summit" in shown
