"""JupyterLab support: the project's notebooks are saved without outputs.

`make lab` starts JupyterLab with this pre-save hook:

    jupyter lab --ContentsManager.pre_save_hook=analysis.report.lab.strip_outputs

so that saving (or autosaving) a notebook of notebooks/ writes it without outputs
or execution counts: the tracked notebooks stay output-free in git while the outputs
stay on screen. Notebooks elsewhere (your own, or copies saved in a subfolder such as
notebooks/mine/) keep their outputs.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import NOTEBOOKS_DIR

STRIPPED_FOLDER = NOTEBOOKS_DIR  # notebooks saved directly in this folder lose their outputs


def strip_outputs(model: dict[str, Any], path: str, contents_manager: Any = None, **kwargs: Any) -> None:
    """The ContentsManager pre-save hook: empty the outputs and execution counts of a
    notebook saved directly in `STRIPPED_FOLDER` (the model is changed in place)."""
    if model.get("type") != "notebook" or not isinstance(model.get("content"), dict):
        return
    root = Path(getattr(contents_manager, "root_dir", "") or ".")
    target = (root / path.lstrip("/")).resolve()
    if target.parent != Path(STRIPPED_FOLDER).resolve():
        return
    clear_outputs(model["content"])


def clear_outputs(notebook: dict[str, Any]) -> dict[str, Any]:
    """`notebook` (nbformat JSON) with every code cell's outputs and execution count emptied,
    and the run-time metadata JupyterLab adds (execution timings, widget state) dropped."""
    for cell in notebook.get("cells", ()):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.get("metadata", {}).pop("execution", None)
    notebook.get("metadata", {}).pop("widgets", None)
    return notebook


__all__ = ["STRIPPED_FOLDER", "strip_outputs", "clear_outputs"]
