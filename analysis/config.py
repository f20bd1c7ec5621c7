"""Where things are: the project's folders, the default notes and report, and the
packaged data files (analysis/lexicon/), with the one way TOML is read.

Every module, test, benchmark and notebook takes these paths from here rather
than computing them again.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

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


def packaged_toml(name: str) -> dict:
    """A TOML file of analysis/lexicon/ (`"speakers.toml"`)."""
    return read_toml(LEXICON_DIR / name)


def packaged_words(name: str) -> tuple[str, ...]:
    """The lines of a word list of analysis/lexicon/ (`"common_words.txt"`), stripped,
    without blank lines and `#` comments, in file order."""
    lines = (LEXICON_DIR / name).read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


__all__ = ["PACKAGE_DIR", "PROJECT_ROOT", "DATA_DIR", "DEFAULT_NOTES", "NOTEBOOKS_DIR", "REPORT_NOTEBOOK",
           "DEFAULT_REPORT", "LEXICON_DIR", "read_toml", "packaged_toml", "packaged_words"]
