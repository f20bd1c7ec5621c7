"""The package in Jupyter: plots of the user's own keep working after report sections,
relative notes paths are found from the project root, progress shows, and `make lab`
saves the project's notebooks without outputs."""
from __future__ import annotations

import json
import os
import shutil
import subprocess

import pytest

from analysis.config import NOTEBOOKS_DIR, PROJECT_ROOT
from analysis.report import lab

PLOT_AFTER_SECTIONS = [
    "from analysis import load_notes, report\nnotes = load_notes()\npage = report.ReportPage(notes)",
    'page.section("themes")',
    'page.section("products")',
    "import matplotlib.pyplot as plt\nnotes.talks['n_notes'].astype(float).plot.hist()\nplt.show()",
    "import matplotlib\nmatplotlib.get_backend()",
]


def run_notebook(sources: list[str], env: dict[str, str] | None = None):
    """Run code cells in a fresh kernel started in notebooks/ (as JupyterLab's is), without
    MPLBACKEND (a user's JupyterLab does not set it); the executed notebook."""
    import nbformat
    from nbclient import NotebookClient

    book = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])
    environ = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "CONFNOTES_PROGRESS")}
    NotebookClient(book, timeout=300, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}).execute(env={**environ, **(env or {})})
    return book


def mimes(cell) -> set[str]:
    return {mime for output in cell.outputs for mime in output.get("data", {})}


def text(cell) -> str:
    """What the cell printed (stdout, stderr) and returned, as text."""
    return "".join(output.get("text", "") + output.get("data", {}).get("text/plain", "") for output in cell.outputs)


def result(cell) -> str:
    """The cell's value (its execute_result)."""
    return "".join(o["data"]["text/plain"] for o in cell.outputs if o["output_type"] == "execute_result")


@pytest.mark.slow
def test_a_pyplot_plot_after_report_sections_shows_inline():
    book = run_notebook(PLOT_AFTER_SECTIONS)
    themes, products, plot, backend = book.cells[1:]
    assert 'id="themes"' in themes.outputs[0]["data"]["text/html"] and "image/png" not in mimes(themes)
    assert "text/html" in mimes(products)
    assert "image/png" in mimes(plot)  # the histogram is drawn, not lost to a backend the package chose
    assert "inline" in result(backend)  # matplotlib_inline's backend, as Jupyter set it


@pytest.mark.slow
def test_relative_notes_paths_are_found_from_the_project_root_in_a_notebook(tmp_path):
    relative = "data/events/2017/04/dockercon17.md"
    assert not (NOTEBOOKS_DIR / relative).exists() and (PROJECT_ROOT / relative).exists()
    book = run_notebook([
        f"from analysis import load_notes, NotesPathError\nlen(load_notes({relative!r}).talks)",
        "try:\n    load_notes('data/no-such-notes')\nexcept NotesPathError as error:\n    print(error)",
        "from analysis.report import load_notes_from_env\nlen(load_notes_from_env().talks)",
    ], env={"CONFNOTES_NOTES": relative})
    assert result(book.cells[0]) == "24"
    # The error names both absolute paths it tried: from the kernel's folder and from the root.
    assert text(book.cells[1]).strip() == (f"no such file or folder: data/no-such-notes (tried {NOTEBOOKS_DIR}/data/no-such-notes"
                                           f" and {PROJECT_ROOT}/data/no-such-notes)")
    assert result(book.cells[2]) == "24"  # CONFNOTES_NOTES=data/... make lab


@pytest.mark.slow
def test_progress_shows_in_a_notebook_and_not_in_the_report_kernel():
    cell = ("from analysis import progress\nbar = progress.bar(3, 'reading notes', None, delay=0)\n"
            "bar.update(3)\nbar.close()\nprogress.wanted(None)")
    shown, silent = run_notebook([cell]), run_notebook([cell], env={"CONFNOTES_PROGRESS": "0"})
    assert "reading notes" in text(shown.cells[0]) and "3/3" in text(shown.cells[0])
    assert result(shown.cells[0]) == "True"
    assert text(silent.cells[0]) == result(silent.cells[0]) == "False"


def save_with_make_labs_hook(root, path, notebook):
    """Save `notebook` at `path` under `root` through a Jupyter contents manager configured as
    `make lab` configures JupyterLab's (--ContentsManager.pre_save_hook=...)."""
    from jupyter_server.services.contents.filemanager import FileContentsManager
    from traitlets.config import Config

    config = Config({"ContentsManager": {"pre_save_hook": "analysis.report.lab.strip_outputs"}})
    manager = FileContentsManager(root_dir=str(root), config=config)
    manager.save({"type": "notebook", "format": "json", "content": notebook}, path)
    return json.loads((root / path).read_text(encoding="utf-8"))


def executed_notebook() -> dict:
    import nbformat

    cell = nbformat.v4.new_code_cell("1 + 1", execution_count=3, outputs=[
        nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=3)])
    cell.metadata["execution"] = {"iopub.execute_input": "2024-01-01T00:00:00Z"}
    return json.loads(nbformat.writes(nbformat.v4.new_notebook(cells=[cell])))


@pytest.mark.slow  # imports Jupyter's file manager and nbformat (seconds)
def test_saving_a_project_notebook_from_jupyterlab_strips_its_outputs(tmp_path, monkeypatch):
    monkeypatch.setattr(lab, "STRIPPED_FOLDER", tmp_path / "notebooks")
    (tmp_path / "notebooks" / "mine").mkdir(parents=True)
    saved = save_with_make_labs_hook(tmp_path, "notebooks/report.ipynb", executed_notebook())
    assert saved["cells"][0]["outputs"] == [] and saved["cells"][0]["execution_count"] is None
    assert "execution" not in saved["cells"][0]["metadata"]
    assert "".join(saved["cells"][0]["source"]) == "1 + 1"
    kept = save_with_make_labs_hook(tmp_path, "notebooks/mine/copy.ipynb", executed_notebook())
    assert "".join(kept["cells"][0]["outputs"][0]["data"]["text/plain"]) == "2"  # a notebook of your own keeps them


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_make_lab_starts_jupyterlab_with_the_hook():
    run = subprocess.run(["make", "-n", "-W", "pyproject.toml", "lab"], capture_output=True, text=True, cwd=PROJECT_ROOT)
    command = [line for line in run.stdout.splitlines() if "jupyter lab" in line]
    assert command and "--ContentsManager.pre_save_hook=analysis.report.lab.strip_outputs" in command[0]
    assert "--notebook-dir=notebooks" in command[0]
    assert callable(lab.strip_outputs)
