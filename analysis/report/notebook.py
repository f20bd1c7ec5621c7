"""notebooks/report.ipynb, generated from the section registry.

The report notebook is a header cell, then one thin cell per entry of `SECTIONS`
(with the entry's `note` above it), so adding a section to the registry is the only
change a section needs; `make notebooks` (`python -m analysis.report.notebook`)
writes the notebook again and tests/test_notebooks.py fails while the committed one
differs. Cell ids are derived from the section keys, so the file changes only where
the registry does.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..config import PROJECT_ROOT
from .sections import SECTIONS

REPORT_NOTEBOOK = PROJECT_ROOT / "notebooks" / "report.ipynb"

INTRO = """\
# Conference notes report

This notebook is the HTML report of `make report` and `python -m analysis report PATH... --out FILE`,
which run it headless with nbclient and export only its outputs (no code) to one self-contained HTML file.

**Input.** The notes come from the environment variable `CONFNOTES_NOTES`: a notes file or folder,
or a JSON list of them (`["a.md", "notes/b"]`; a path may hold `:` or `;`).
Unset or empty, it means the default notes, `data/events/2017/04/dockercon17.md`.
To run it in JupyterLab on other notes, start Jupyter with the variable set, e.g.
`CONFNOTES_NOTES=data/events make lab` (a relative path is found from the project root).
Or change the first cell to `notes = load_notes("path/to/notes")` (with `from analysis import load_notes`).
The load options of `confnotes report` (`--lexicon`, `--taxonomy`, `--no-cache`, `--jobs`) arrive in
`CONFNOTES_LOAD_OPTIONS`, a JSON object.

**Cells are thin.** After the header, each cell shows one section of `analysis.report.SECTIONS`, in
that order. This notebook is generated from that registry (`make notebooks`), so a section is
changed or added in `analysis/report/sections.py` and drawn by its template in
`analysis/report/templates/sections/`, with all text from the notes escaped. Change a section
there, not here."""

SETUP = """\
from analysis import report
notes = report.load_notes_from_env()
page = report.ReportPage(notes)
page.header()"""


def report_notebook() -> dict:
    """The report notebook for today's `SECTIONS`, without outputs, as nbformat 4.5 JSON."""
    cells = [_markdown("intro", INTRO), _code("setup", SETUP)]
    for section in SECTIONS:
        if section.note:
            cells.append(_markdown(f"{section.key}-note", section.note))
        cells.append(_code(section.key, f'page.section("{section.key}")'))
    return {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def _lines(source: str) -> list[str]:
    """Source as nbformat stores it: a list of lines, each but the last ending in a newline."""
    return source.splitlines(keepends=True)


def _markdown(cell_id: str, source: str) -> dict:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {}, "source": _lines(source)}


def _code(cell_id: str, source: str) -> dict:
    return {"cell_type": "code", "execution_count": None, "id": cell_id, "metadata": {}, "outputs": [], "source": _lines(source)}


def notebook_text(notebook: dict) -> str:
    """The JSON text nbformat writes (one-space indent, sorted keys): plain json, because
    importing nbformat builds jsonschema's grammars, which takes seconds."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_report_notebook(path: Path = REPORT_NOTEBOOK) -> bool:
    """Write the report notebook to `path` (atomically); False when it was already up to date."""
    from ..frames.io import write_atomic

    text = notebook_text(report_notebook())
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_atomic(path, lambda temporary: Path(temporary).write_text(text, encoding="utf-8"))
    return True


if __name__ == "__main__":
    changed = write_report_notebook()
    print(f"{REPORT_NOTEBOOK.relative_to(PROJECT_ROOT)}: {'written' if changed else 'up to date'}", file=sys.stderr)
