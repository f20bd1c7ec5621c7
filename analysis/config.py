"""Where things are: the project's folders, the default notes and report, and the
packaged data files (analysis/lexicon/), with the one way TOML is read.

Every module, test, benchmark and notebook takes these paths from here rather
than computing them again.
"""
from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path
from typing import Sequence

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
# The user's notes: input only, nothing ever writes below it.
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_NOTES = DATA_DIR / "events" / "2017" / "04" / "dockercon17.md"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORT_NOTEBOOK = NOTEBOOKS_DIR / "report.ipynb"
# Relative: the report goes where the command is run (`make report` runs at the root).
DEFAULT_REPORT = Path("reports") / "report.html"
# The editable data shipped with the package: products, themes, speakers, links, words.
LEXICON_DIR = PACKAGE_DIR / "lexicon"


def read_toml(path: str | Path, error: type[Exception] = ValueError) -> dict:
    """The tables of a TOML file; a file that cannot be read or parsed raises `error`
    with a one-line message that names the file."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as problem:
        raise error(f"{path}: invalid TOML: {problem}") from problem
    except OSError as problem:
        raise error(f"{path}: cannot read: {problem}") from problem


def in_notebook() -> bool:
    """True inside a Jupyter kernel (a notebook in JupyterLab, or one run by nbclient)."""
    shell = sys.modules["IPython"].get_ipython() if "IPython" in sys.modules else None
    return shell is not None and type(shell).__name__ == "ZMQInteractiveShell"


def resolve_notes_paths(paths: str | os.PathLike | Sequence[str | os.PathLike]) -> list[Path]:
    """The notes paths to read, each checked: a path that exists from the working folder as
    given; in a notebook (whose kernel runs in notebooks/), a relative path that does not
    exist there but does from the project root, from the root.

    Raises NotesPathError for an empty path ('' would mean the working folder) and for a
    path that exists nowhere, naming the absolute paths it tried.
    """
    from .read.sources import NotesPathError  # the reader's error, raised where it is defined

    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    elif not isinstance(paths, Sequence) or isinstance(paths, bytes):
        raise TypeError(f"notes paths are a path or a list of paths, not {type(paths).__name__}")
    if not paths:
        raise NotesPathError("no notes path given: give a notes file or folder")
    resolved = []
    for given in paths:
        if not isinstance(given, (str, os.PathLike)):
            raise TypeError(f"a notes path is a str or a path, not {type(given).__name__}: {given!r}")
        if not os.fspath(given).strip():
            raise NotesPathError("empty notes path: give a notes file or folder ('.' for the working folder)")
        path = Path(given)
        if path.exists():
            resolved.append(path)
            continue
        tried = [path.absolute()]
        if not path.is_absolute() and in_notebook():
            from_root = PROJECT_ROOT / path
            if from_root.exists():
                resolved.append(from_root)
                continue
            tried.append(from_root)
        if len(tried) == 1:
            raise NotesPathError(f"no such file or folder: {tried[0]}")
        raise NotesPathError(f"no such file or folder: {given} (tried {tried[0]} and {tried[1]})")
    return resolved


def packaged_toml(name: str) -> dict:
    """A TOML file of analysis/lexicon/ (`"speakers.toml"`)."""
    return read_toml(LEXICON_DIR / name)


def packaged_words(name: str) -> tuple[str, ...]:
    """The lines of a word list of analysis/lexicon/ (`"common_words.txt"`), stripped,
    without blank lines and `#` comments, in file order."""
    lines = (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


__all__ = ["PACKAGE_DIR", "PROJECT_ROOT", "DATA_DIR", "DEFAULT_NOTES", "NOTEBOOKS_DIR", "REPORT_NOTEBOOK",
           "DEFAULT_REPORT", "LEXICON_DIR", "read_toml", "in_notebook", "resolve_notes_paths", "packaged_toml", "packaged_words"]
