"""Progress bars for long loads and reports (tqdm).

A bar shows in a notebook (tqdm's widget when ipywidgets is installed, else its text
bar) and on stderr in a terminal; it stays off when stderr is not a terminal (a pipe,
a log, a test), when `progress=False` or `--quiet` is given, or when CONFNOTES_PROGRESS=0
(the report's headless kernel: its cells' outputs are the page). `progress=True`
forces it on. Bars appear only after `DELAY` seconds, so quick loads stay silent.
"""
from __future__ import annotations

import os
import sys
from typing import Any

from .config import in_notebook

ENV_VAR = "CONFNOTES_PROGRESS"
DELAY = 1.0  # seconds before a bar shows: a load that takes less prints nothing


def wanted(progress: bool | None) -> bool:
    """Whether to show progress: `progress` when given, else on in a notebook or a terminal."""
    if progress is not None:
        return bool(progress)
    if os.environ.get(ENV_VAR, "").strip().lower() in ("0", "false", "no", "off"):
        return False
    if in_notebook():
        return True
    stream = sys.stderr
    return stream is not None and hasattr(stream, "isatty") and stream.isatty()


class _Silent:
    """What a bar is when progress is off: every call does nothing."""

    def update(self, n: int = 1) -> None: ...
    def set_description_str(self, text: str, refresh: bool = True) -> None: ...
    def close(self) -> None: ...
    def __enter__(self) -> _Silent:
        return self
    def __exit__(self, *exc: Any) -> None: ...


def bar(total: int | None, description: str, progress: bool | None, unit: str = "file", delay: float = DELAY) -> Any:
    """A tqdm bar of `total` steps (or a silent stand-in when progress is off)."""
    if not wanted(progress):
        return _Silent()
    notebook = in_notebook()
    if notebook:
        try:
            import ipywidgets  # noqa: F401  (tqdm's notebook bar needs it; without it, the text bar)
            from tqdm.notebook import tqdm
        except ImportError:
            from tqdm.std import tqdm
    else:
        from tqdm.std import tqdm
    # In a notebook the finished bar stays as a record of the load; a terminal is left clean.
    return tqdm(total=total, desc=description, unit=unit, delay=delay, file=sys.stderr, leave=notebook,
                dynamic_ncols=True)


__all__ = ["ENV_VAR", "DELAY", "wanted", "bar"]
