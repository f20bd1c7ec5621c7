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
"""
from ._load import load_notes
from .config import DEFAULT_NOTES
from .enrich.lexicon import LexiconError
from .frames import Notes
from .read.settings import SettingsError
from .read.sources import NotesPathError

__version__ = "0.1.0"
__all__ = ["load_notes", "Notes", "NotesPathError", "LexiconError", "SettingsError", "DEFAULT_NOTES", "__version__"]
