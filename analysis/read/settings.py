"""The user's word on how to read their notes, where the shape rules guess wrong.

Two places, the nearer winning: a `confnotes.toml` in the notes folder (or any
folder above it, up to the folder loaded), and a `confnotes:` key in a file's
front matter. Keys:

    talk_level = 2             # talks are the headings of this level (1-6)
    one_talk_per_file = true   # each file is one talk; its headings are sections
    speaker_separator = " - "  # in a title, what comes after this is the speaker
    event = "PyCon 2024"       # the event's name, whatever the headings say
"""
from __future__ import annotations

from pathlib import Path

from ..config import read_toml


SETTINGS_FILE = "confnotes.toml"
KEYS = {"talk_level": int, "one_talk_per_file": bool, "speaker_separator": str, "event": str}


class SettingsError(ValueError):
    """A confnotes.toml that cannot be used: the message names the file and the key."""


def folder_settings(path: Path, root: Path | None) -> dict:
    """Settings from every confnotes.toml between `root` and `path`'s folder (nearest wins)."""
    folders = []
    folder = path.parent
    while True:
        folders.append(folder)
        if root is None or folder == root or folder.parent == folder or root not in folder.parents:
            break
        folder = folder.parent
    merged: dict = {}
    for folder in reversed(folders):
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            merged.update(read_settings(candidate))
    return merged


def read_settings(path: Path) -> dict:
    data = read_toml(path, SettingsError)
    table = data.get("confnotes", data)
    return checked(table, str(path))


def checked(table: dict, where: str) -> dict:
    """Only the known keys, each of its type; front matter values arrive as text."""
    settings = {}
    for key, value in table.items():
        if key not in KEYS:
            raise SettingsError(f"{where}: unknown setting {key!r} (known: {', '.join(KEYS)})")
        wanted = KEYS[key]
        if wanted is int and isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if wanted is bool and isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
            value = value.strip().lower() in ("true", "yes")
        if not isinstance(value, wanted) or (wanted is int and isinstance(value, bool)):
            raise SettingsError(f"{where}: setting {key!r} should be {wanted.__name__}, not {value!r}")
        if key == "talk_level" and not 1 <= value <= 6:
            raise SettingsError(f"{where}: talk_level must be between 1 and 6, not {value}")
        settings[key] = value
    return settings
