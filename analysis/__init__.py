"""confnotes: conference notes in loose Markdown to tidy pandas DataFrames.

    >>> from analysis import load_notes
    >>> notes = load_notes("data/events")
    >>> notes.talks.head()
"""
from .loader import DEFAULT_NOTES, load_notes
from .notes import Notes
from .read.sources import NotesPathError

__version__ = "0.1.0"
__all__ = ["load_notes", "Notes", "NotesPathError", "DEFAULT_NOTES", "__version__"]
