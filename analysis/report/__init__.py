"""The HTML report of some notes, and what its notebook calls.

    >>> from analysis import report
    >>> report.render_report(["data/events"], "reports/events.html")   # what `make report` runs

notebooks/report.ipynb shows a `ReportPage`: its header, then one cell per entry
of `SECTIONS`, in order. Modules:

    summaries    pure pandas: counts, coverage, product tables, theme matrices, key notes, trends
    sections     the `Section` registry: each section's builder (notes -> template variables)
    templates/   Jinja2 templates of the header and of each section, and the nbconvert page template
    environment  the Jinja2 environment (autoescape; every string from the notes cleaned)
    filters      safe text: control characters and bidi overrides neutralised, only http(s)/mailto links
    charts       matplotlib `Chart` figures, drawn without pyplot, that show themselves in a notebook
    context      what the sections of one report share, computed once
    page         `ReportPage`: the header and the sections as displayable `Block`s
    render       `render_report`: run the notebook with nbclient, export it with nbconvert
"""
from __future__ import annotations

import importlib
from typing import Any

from .blocks import BLOCK_MIME, Block
from .render import ENV_VAR, NOTEBOOK, ReportError, load_notes_from_env, notes_paths_from_env, render_report

# The page, its sections and charts load matplotlib; `render_report` (the command line)
# never draws in this process, so they are imported on first use (PEP 562).
_LAZY = {"ReportPage": "page", "Section": "sections", "SECTIONS": "sections", "charts": None, "summaries": None,
         "sections": None}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module = importlib.import_module(f".{_LAZY[name] or name}", __name__)
    return module if _LAZY[name] is None else getattr(module, name)


__all__ = ["ReportPage", "Section", "SECTIONS", "Block", "BLOCK_MIME", "render_report", "ReportError",
           "load_notes_from_env", "notes_paths_from_env", "ENV_VAR", "NOTEBOOK", "charts", "summaries"]
