"""`render_report`: execute notebooks/report.ipynb headless and write one HTML file.

The notebook runs in a fresh kernel with nbclient; nbconvert's `TemplateExporter`
then exports its outputs through the `confnotes` template
(templates/nbconvert/confnotes: no code, no scripts, no remote loads), and the
page is written atomically.

The notes reach the notebook through the environment variable CONFNOTES_NOTES: one
path, or a JSON list of paths (what `render_report` passes, so that a path may hold
`:` or `;`); unset or empty means the default notes. The options of `load_notes`
(cache, jobs, lexicon, taxonomy, max_file_size) travel as a JSON object in CONFNOTES_LOAD_OPTIONS.

Ctrl-C at any moment raises KeyboardInterrupt, after the kernel is shut down, and
leaves any previous report as it was: the notebook runs on an event loop in a worker
thread (so nbclient installs no signal handler of its own) while this thread waits.
"""
from __future__ import annotations

import asyncio
import errno
import json
import os
import re
import sys
import threading
from concurrent.futures import TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

from ..config import PROJECT_ROOT
from ..read.sources import DEFAULT_MAX_FILE_BYTES
from ..frames import Notes
from .filters import clean
from .blocks import BLOCK_CSS, BLOCK_MIME, without_style

ENV_VAR = "CONFNOTES_NOTES"
OPTIONS_VAR = "CONFNOTES_LOAD_OPTIONS"
LOAD_OPTIONS = ("cache", "jobs", "lexicon", "taxonomy", "max_file_size")  # the options of load_notes a report passes on
SHUTDOWN_WAIT = 15.0  # seconds an interrupted render waits for its kernel to stop
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
    """The paths in CONFNOTES_NOTES (one path, or a JSON list of them), or None for the default notes."""
    value = (os.environ if environ is None else environ).get(ENV_VAR, "").strip()
    if not value:
        return None
    if not value.startswith("["):
        return [value]
    try:
        paths = json.loads(value)
    except json.JSONDecodeError as error:
        raise ValueError(f"{ENV_VAR} is neither a path nor a JSON list of paths: {error}") from None
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise ValueError(f"{ENV_VAR} must be a path or a JSON list of paths (strings)")
    return paths or None


def load_options_from_env(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The load_notes options in CONFNOTES_LOAD_OPTIONS (a JSON object; {} when unset)."""
    value = (os.environ if environ is None else environ).get(OPTIONS_VAR, "").strip()
    options = json.loads(value) if value else {}
    if not isinstance(options, dict) or set(options) - set(LOAD_OPTIONS):
        raise ValueError(f"{OPTIONS_VAR} must be a JSON object with keys among {', '.join(LOAD_OPTIONS)}")
    return options


def load_notes_from_env(environ: Mapping[str, str] | None = None, **options: Any) -> Notes:
    """`load_notes` of the paths in CONFNOTES_NOTES (the default notes when unset), with the
    options of CONFNOTES_LOAD_OPTIONS; keyword `options` override them."""
    from .._load import load_notes

    return load_notes(notes_paths_from_env(environ), **{**load_options_from_env(environ), **options})


def kernel_environment(paths: list[str] | None, options: Mapping[str, Any]) -> dict[str, str]:
    """The report kernel's environment: the notes paths (a JSON list) and load options (a JSON
    object), no progress bars, a non-interactive matplotlib backend, the project importable."""
    from .. import progress as progress_bars

    env = dict(os.environ)
    env[ENV_VAR] = json.dumps(paths) if paths else ""
    env[OPTIONS_VAR] = json.dumps(dict(options))
    env[progress_bars.ENV_VAR] = "0"  # the kernel's outputs are the page: no progress bars in them
    env["MPLBACKEND"] = "Agg"  # the kernel's: a cell that uses pyplot must not open a window
    env["PYTHONPATH"] = os.pathsep.join([str(PROJECT_ROOT), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


def render_report(paths: Paths = None, out: str | os.PathLike = DEFAULT_OUT, notebook: str | os.PathLike | None = None,
                  timeout: int = 600, *, cache: bool | str | os.PathLike = True, jobs: int | None = None,
                  lexicon: Iterable[str | os.PathLike] = (), taxonomy: Iterable[str | os.PathLike] = (),
                  progress: bool | None = None, max_file_size: int | None = DEFAULT_MAX_FILE_BYTES) -> Path:
    """Execute the report notebook on `paths` and write the HTML report to `out`.

    paths: notes files or folders (None: the default notes). notebook: the
    notebook to run (default notebooks/report.ipynb). cache, jobs, lexicon,
    taxonomy, max_file_size: as for `load_notes`. progress: show the stages (kernel, each cell,
    export) on stderr; None shows them in a terminal only. The file is written
    atomically: a failed or interrupted render leaves any previous report as it was.

    Raises FileNotFoundError (NotesPathError) for a missing path or a folder
    without notes, ReportError when a cell fails (with its error's name and value),
    KeyboardInterrupt on Ctrl-C (once the kernel is shut down).
    """
    from .. import progress as progress_bars

    notebook = Path(notebook) if notebook is not None else NOTEBOOK
    if not notebook.is_file():
        raise FileNotFoundError(errno.ENOENT, "report notebook not found", str(notebook))
    resolved = _checked_paths(paths)
    extras = {"lexicon": _checked_files(lexicon), "taxonomy": _checked_files(taxonomy)}
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)

    options = {"cache": cache if isinstance(cache, bool) else os.path.abspath(cache), "jobs": jobs,
               "max_file_size": max_file_size, **extras}
    env = kernel_environment(resolved, options)
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    code_cells = sum(cell.cell_type == "code" for cell in nb.cells)
    with progress_bars.bar(code_cells + 1, "report: starting the kernel", progress, unit="step", delay=0) as stages:

        def stage(text: str) -> None:
            stages.set_description_str(f"report: {text}")
            stages.update()

        executed = _execute(nb, notebook, env, timeout, stage)
        stage("writing the HTML page")
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
    from ..config import resolve_notes_paths

    found = resolve_notes_paths(paths)
    if not discover(found):
        raise NotesPathError(errno.ENOENT, "no notes files (*.md) in", ", ".join(str(p.absolute()) for p in found))
    return [str(path.resolve()) for path in found]


def _checked_files(paths: Iterable[str | os.PathLike]) -> list[str]:
    """Lexicon or taxonomy files, absolute (the kernel runs elsewhere); NotesPathError for a missing one."""
    from ..read.sources import NotesPathError

    files = [Path(p).absolute() for p in paths]
    for file in files:
        if not file.is_file():
            raise NotesPathError(f"no such file: {file}")
    return [str(file) for file in files]


def _kernel_manager():
    """A kernel manager for the python3 kernel of this interpreter (the venv's ipykernel)."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import AsyncKernelManager

    specs = KernelSpecManager(kernel_dirs=[str(Path(sys.prefix) / "share" / "jupyter" / "kernels")])
    return AsyncKernelManager(kernel_name="python3", kernel_spec_manager=specs)


def _execute(nb, notebook: Path, env: dict[str, str], timeout: int, stage: Callable[[str], None] = lambda text: None):
    """Run every cell of `nb` (read from `notebook`) in a fresh kernel; the executed notebook.
    `stage(text)` is told of each code cell as it starts.

    The kernel and nbclient run on an event loop in a worker thread; this thread only
    waits, so Ctrl-C lands here as KeyboardInterrupt: the run is cancelled, the kernel
    shut down (a bounded wait), and KeyboardInterrupt raised again."""
    loop = asyncio.new_event_loop()
    worker = threading.Thread(target=loop.run_forever, name="confnotes-report", daemon=True)
    worker.start()
    tasks: list[asyncio.Task] = []
    run = asyncio.run_coroutine_threadsafe(_run(nb, notebook, env, timeout, stage, tasks), loop)
    try:
        while True:
            try:
                return run.result(timeout=0.2)
            except FutureTimeout:
                continue
    except KeyboardInterrupt:
        # Cancel the run where it waits (nbclient turns that into DeadKernelError); its
        # `finally` shuts the kernel down. Whatever it ends with, the answer is the interrupt.
        loop.call_soon_threadsafe(lambda: [task.cancel() for task in tasks])
        _wait_through_interrupts(run, SHUTDOWN_WAIT)
        raise KeyboardInterrupt from None
    finally:
        loop.call_soon_threadsafe(loop.stop)
        worker.join(timeout=5)
        if not worker.is_alive():
            loop.close()


def _wait_through_interrupts(run, seconds: float) -> None:
    """Wait up to `seconds` for `run` to end, however it ends, through further Ctrl-Cs (a
    second one must not leave a kernel behind)."""
    import time

    deadline = time.monotonic() + seconds
    while not run.done() and time.monotonic() < deadline:
        try:
            run.exception(timeout=0.1)
        except KeyboardInterrupt:
            continue
        except BaseException:  # noqa: BLE001  (the run's own error: the interrupt is the answer)
            pass


async def _run(nb, notebook: Path, env: dict[str, str], timeout: int, stage: Callable[[str], None],
               tasks: list):
    tasks.append(asyncio.current_task())  # for the interrupt to cancel
    km = _kernel_manager()
    client = None
    try:
        # The kernel boots in its own process and imports what the report cells need while
        # this one imports nbclient (a failure there is harmless: the cell that needs the
        # module reports it).
        await km.start_kernel(env=env, cwd=str(notebook.parent), extra_arguments=[
            "--IPKernelApp.log_level=ERROR", f"--IPKernelApp.exec_lines={PRELOAD!r}"])
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

        preparing = threading.Thread(target=_import_exporter, daemon=True)
        preparing.start()
        client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3", allow_errors=False,
                                record_timing=False, resources={"metadata": {"path": str(notebook.parent)}},
                                on_cell_start=lambda cell, cell_index: _cell_started(cell, cell_index, stage))
        try:
            await client.async_execute()
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
        if km.has_kernel:
            await _shut_down(km)
        await _cancel_others()


async def _cancel_others() -> None:
    """End the tasks nbclient leaves behind (its kernel-alive poll), so closing the loop is quiet."""
    others = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
    for task in others:
        task.cancel()
    await asyncio.gather(*others, return_exceptions=True)


async def _shut_down(km) -> None:
    """Stop the kernel, even when the cancellation of an interrupted run lands during it."""
    for _ in range(2):
        try:
            await km.shutdown_kernel(now=True)
            return
        except asyncio.CancelledError:
            continue


def _cell_started(cell, index: int, stage: Callable[[str], None]) -> None:
    if cell.get("cell_type") == "code":
        stage(cell_stage(cell, index))


_SECTION_CELL = re.compile(r"""page\.section\(\s*["'](\w+)["']\s*\)""")


def cell_stage(cell, index: int) -> str:
    """What a report cell does, for the progress line: 'section themes', 'loading the notes'."""
    source = cell.get("source", "")
    found = _SECTION_CELL.search(source)
    if found:
        return f"section {found.group(1)}"
    if "load_notes" in source:
        return "loading the notes"
    return f"cell {index}"


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
    exporter.register_filter("without_block_style", without_style)
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": page_title(nb)},
                                                                "block_mime": BLOCK_MIME, "block_css": BLOCK_CSS})
    return body


__all__ = ["ENV_VAR", "OPTIONS_VAR", "NOTEBOOK", "DEFAULT_OUT", "ReportError", "render_report", "notes_paths_from_env",
           "load_options_from_env", "load_notes_from_env", "page_title", "cell_stage"]
