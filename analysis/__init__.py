"""confnotes: conference notes in loose Markdown to tidy pandas DataFrames.

    >>> from analysis import load_notes
    >>> notes = load_notes("data/events")
    >>> notes.talks.head()

The public names are those of `__all__`:

- `load_notes(paths=None, cache=True, jobs=None, lexicon=(), taxonomy=())`: notes in, `Notes` out
- `Notes`: one DataFrame per frame, helpers to explore them, Parquet and CSV round trips
- `NotesPathError`: a path that does not exist, or a folder without notes
- `LexiconError`: a malformed `lexicon=` or `taxonomy=` file
- `SettingsError`: a malformed `confnotes.toml` or `confnotes:` front matter
- `DEFAULT_NOTES`: the notes loaded when no path is given
- `__version__`

The report is the subpackage `analysis.report`; everything else is internal.

Importing the package is light (the names load pandas and the reader on first use,
PEP 562), so the command line starts at once and answers Ctrl-C from its first moment.
"""
from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .config import DEFAULT_NOTES

if TYPE_CHECKING:
    from ._load import load_notes
    from .enrich.lexicon import LexiconError
    from .frames import Notes
    from .read.settings import SettingsError
    from .read.sources import NotesPathError

__version__ = "0.1.0"
__all__ = ["load_notes", "Notes", "NotesPathError", "LexiconError", "SettingsError", "DEFAULT_NOTES", "__version__"]

_LAZY = {"load_notes": "._load", "Notes": ".frames", "NotesPathError": ".read.sources", "LexiconError": ".enrich.lexicon",
         "SettingsError": ".read.settings"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
