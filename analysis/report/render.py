"""`render_report`: execute notebooks/report.ipynb headless and write one HTML file.

The notebook runs in a fresh kernel with nbclient; nbconvert's `TemplateExporter`
then exports its outputs through the `confnotes` template
(templates/nbconvert/confnotes: no code, no scripts, no remote loads), and the
page is written atomically.

The notes reach the notebook through the environment variable CONFNOTES_NOTES:
one path, or several separated by os.pathsep; unset or empty means the default notes.
"""
from __future__ import annotations

import errno
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any, Iterable, Mapping

from ..config import PROJECT_ROOT
from ..frames import Notes
from .filters import clean
from .blocks import BLOCK_MIME

ENV_VAR = "CONFNOTES_NOTES"
NOTEBOOK = PROJECT_ROOT / "notebooks" / "report.ipynb"
EXPORT_TEMPLATES = Path(__file__).resolve().parent / "templates" / "nbconvert"
EXPORT_TEMPLATE = "confnotes"
DEFAULT_OUT = Path("reports") / "report.html"
DEFAULT_TITLE = "Conference notes report"
# Imported by the kernel as it starts, while this process imports nbclient (both are slow).
PRELOAD = ["import analysis.report.page, analysis.enrich.candidates"]

Paths = str | os.PathLike | Iterable[str | os.PathLike] | None


class ReportError(RuntimeError):
    """Rendering the report failed; the message names the failing cell and its error."""

    def __init__(self, message: str, ename: str | None = None, evalue: str | None = None, cell: int | None = None):
        super().__init__(message)
        self.ename, self.evalue, self.cell = ename, evalue, cell


def notes_paths_from_env(environ: Mapping[str, str] | None = None) -> list[str] | None:
    """The paths in CONFNOTES_NOTES (split on os.pathsep), or None for the default notes."""
    value = (os.environ if environ is None else environ).get(ENV_VAR, "")
    paths = [part for part in value.split(os.pathsep) if part.strip()]
    return paths or None


def load_notes_from_env(environ: Mapping[str, str] | None = None, **options: Any) -> Notes:
    """`load_notes` of the paths in CONFNOTES_NOTES (the default notes when unset)."""
    from .._load import load_notes

    return load_notes(notes_paths_from_env(environ), **options)


def render_report(paths: Paths = None, out: str | os.PathLike = DEFAULT_OUT, notebook: str | os.PathLike | None = None,
                  timeout: int = 600) -> Path:
    """Execute the report notebook on `paths` and write the HTML report to `out`.

    paths: notes files or folders (None: the default notes). notebook: the
    notebook to run (default notebooks/report.ipynb). The file is written
    atomically: a failed render leaves any previous report as it was.

    Raises FileNotFoundError (NotesPathError) for a missing path or a folder
    without notes, ReportError when a cell fails (with its error's name and value).
    """
    notebook = Path(notebook) if notebook is not None else NOTEBOOK
    if not notebook.is_file():
        raise FileNotFoundError(errno.ENOENT, "report notebook not found", str(notebook))
    resolved = _checked_paths(paths)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)

    env = dict(os.environ)
    env[ENV_VAR] = os.pathsep.join(resolved) if resolved else ""
    env["MPLBACKEND"] = "Agg"  # the kernel's: a cell that uses pyplot must not open a window
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    executed = _execute(notebook, env, timeout)
    page = _export(executed)

    from ..frames.io import write_atomic

    write_atomic(out, lambda temporary: Path(temporary).write_text(page, encoding="utf-8"))
    return out


def _checked_paths(paths: Paths) -> list[str] | None:
    """The notes paths, absolute (the kernel runs in notebooks/); NotesPathError when one is
    missing or none holds notes."""
    from ..read.sources import NotesPathError, discover

    if paths is None:
        return None
    paths = [paths] if isinstance(paths, (str, os.PathLike)) else list(paths)
    for path in paths:
        if not Path(path).exists():
            raise NotesPathError(errno.ENOENT, "no such notes file or folder", str(path))
    if not discover(paths):
        raise NotesPathError(errno.ENOENT, "no notes files (*.md) in", ", ".join(map(str, paths)))
    return [str(Path(path).resolve()) for path in paths]


def _kernel_manager():
    """A kernel manager for the python3 kernel of this interpreter (the venv's ipykernel)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    specs = KernelSpecManager(kernel_dirs=[str(Path(sys.prefix) / "share" / "jupyter" / "kernels")])
    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=specs)


def _execute(notebook: Path, env: dict[str, str], timeout: int):
    """Run every cell of `notebook` in a fresh kernel; the executed notebook."""
    from jupyter_core.utils import run_sync

    km = _kernel_manager()
    # The kernel boots in its own process and imports what the report cells need while
    # this one imports nbformat and nbclient (a failure there is harmless: the cell
    # that needs the module reports it).
    run_sync(km.start_kernel)(env=env, cwd=str(notebook.parent), extra_arguments=[
        "--IPKernelApp.log_level=ERROR", f"--IPKernelApp.exec_lines={PRELOAD!r}"])
    client = None
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        preparing = threading.Thread(target=_import_exporter, daemon=True)
        preparing.start()
        nb = nbformat.read(notebook, as_version=4)
        client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3", allow_errors=False,
                                record_timing=False, resources={"metadata": {"path": str(notebook.parent)}})
        try:
            client.execute()
        except CellExecutionError as error:
            cell = _failed_cell(nb)
            where = f"cell {cell}" if cell is not None else "a cell"
            raise ReportError(f"{where} of {notebook.name} failed: {error.ename}: {_strip_ansi(error.evalue)}",
                              ename=error.ename, evalue=_strip_ansi(error.evalue), cell=cell) from None
        except (CellTimeoutError, DeadKernelError) as error:
            raise ReportError(f"{notebook.name}: {type(error).__name__}: {_strip_ansi(str(error))}",
                              ename=type(error).__name__, evalue=str(error)) from None
        preparing.join()
        return nb
    finally:
        if client is not None and client.kc is not None:
            client.kc.stop_channels()
        run_sync(km.shutdown_kernel)(now=True)


def _import_exporter() -> None:
    import nbconvert.exporters.templateexporter  # noqa: F401  (imported while the kernel works)


def _failed_cell(nb) -> int | None:
    for index, cell in enumerate(nb.cells):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", ())):
            return index
    return None


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _strip_ansi(value: Any) -> str:
    return _ANSI.sub("", str(value))


def page_title(nb) -> str:
    """The title the header block of the executed notebook carries."""
    for cell in nb.cells:
        for output in cell.get("outputs", ()):
            about = output.get("data", {}).get(BLOCK_MIME) or {}
            if about.get("title"):
                return clean(about["title"], 120)
    return DEFAULT_TITLE


def _export(nb) -> str:
    """The executed notebook as one HTML page, through the confnotes template.

    A plain TemplateExporter: the template is self-contained, so none of what
    HTMLExporter adds (lab styles, widgets, a BeautifulSoup pass over the page) is needed."""
    from nbconvert.exporters.templateexporter import TemplateExporter

    exporter = TemplateExporter(template_name=EXPORT_TEMPLATE, extra_template_basedirs=[str(EXPORT_TEMPLATES)],
                                template_file="index.html.j2", exclude_input=True, exclude_input_prompt=True,
                                exclude_output_prompt=True, exclude_markdown=True, exclude_raw=True)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": page_title(nb)},
                                                                "block_mime": BLOCK_MIME})
    return body


__all__ = ["ENV_VAR", "NOTEBOOK", "DEFAULT_OUT", "ReportError", "render_report", "notes_paths_from_env",
           "load_notes_from_env", "page_title"]
