"""A cache of parsed files and of whole loads, keyed by content hashes.

* One entry per file, keyed by the file's bytes, its path and the code version:
  when one file of a folder changes, only that file is parsed again.
* One entry per load, keyed by every file's key plus the lexicon and taxonomy
  files: a warm load of an unchanged archive is one read.

Entries are data, never code: JSON for a parsed file, Arrow IPC for a load's frames
(analysis/_cache_format.py). An entry that does not decode to exactly what this
version writes (foreign, truncated, older, hostile) is a miss and is written again.

The code version is a hash of the package's own source and data files and of the
entry format, so an upgrade (or an edit of the packaged lexicon) invalidates every
entry. Entries are written atomically, private to the user (folders 0700, files
0600); a folder owned by someone else or writable by group or others is not used,
with one warning. The cache keeps under a size cap (`CONFNOTES_CACHE_MAX_MB`,
default 500), dropping the least recently used entries first, and removes
temporary files that an interrupted write left behind.
"""
from __future__ import annotations

import hashlib
import os
import stat
import time
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import _cache_format as entry_format
from .frames.io import is_stale_temporary, write_atomic

DEFAULT_MAX_MB = 500
_ENTRY_SUFFIXES = {"file": ".json", "load": ".arrow"}


class CacheWarning(UserWarning):
    """The cache is off or limited for this load (an unsafe or missing folder); results are unaffected."""


def _warn(message: str) -> None:
    # stacklevel 4: the user's call of load_notes (here <- open_cache <- load_notes <- caller)
    warnings.warn(message, CacheWarning, stacklevel=4)


def default_cache_dir() -> Path | None:
    """$CONFNOTES_CACHE, else $XDG_CACHE_HOME/confnotes, else ~/.cache/confnotes;
    None when there is no home folder to put it in."""
    configured = os.environ.get("CONFNOTES_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME")
    if base:
        return Path(base) / "confnotes"
    try:
        return Path.home() / ".cache" / "confnotes"
    except (RuntimeError, KeyError):  # HOME unset and a uid without a passwd entry
        return None


def open_cache(setting: bool | str | os.PathLike) -> Cache | None:
    """The cache `load_notes(cache=setting)` uses, or None (off), warning once when a
    cache was asked for but cannot be used safely."""
    if setting is False:
        return None
    folder = default_cache_dir() if setting is True else Path(setting)
    if folder is None:
        _warn("confnotes cache off: no home folder (set CONFNOTES_CACHE or XDG_CACHE_HOME to use one)")
        return None
    problem = _unsafe(folder)
    if problem:
        _warn(f"confnotes cache off: {folder} {problem}")
        return None
    return Cache(folder)


def _unsafe(folder: Path) -> str | None:
    """Why `folder` must not hold the cache, or None: it is created private when missing; an
    existing one must be a folder of this user that no one else can write into."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError as error:
        return f"cannot be created ({error.strerror or error})"
    if not stat.S_ISDIR(info.st_mode):
        return "is not a folder"
    if info.st_uid != os.geteuid():
        return f"is owned by another user (uid {info.st_uid}); its entries could be anyone's"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"is writable by group or others (mode {stat.S_IMODE(info.st_mode):o}); make it 0700 to use it"
    return None


def max_cache_bytes() -> int:
    configured = os.environ.get("CONFNOTES_CACHE_MAX_MB", "")
    try:
        megabytes = float(configured) if configured else DEFAULT_MAX_MB
    except ValueError:
        megabytes = DEFAULT_MAX_MB
    return int(max(megabytes, 0) * 1024 * 1024)


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the package's code and data and of the entry format: the cache's notion of a version."""
    package = Path(__file__).parent
    import pandas
    import pyarrow

    # Arrow IPC entries depend on pandas and pyarrow too, not only on this package.
    digest = hashlib.blake2b(f"format {entry_format.FORMAT} pandas {pandas.__version__} pyarrow {pyarrow.__version__}".encode(), digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml", ".txt") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def file_key(path: str, data: bytes | Path, context: str = "") -> str:
    """`data`: the file's bytes, or the file (read in blocks, never held whole).
    `context`: what else the parse of this file depends on (its load root, the user's settings)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(code_version().encode())
    digest.update(path.encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(context.encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    if isinstance(data, Path):
        with open(data, "rb") as handle:
            while block := handle.read(1 << 20):
                digest.update(block)
    else:
        digest.update(data)
    return digest.hexdigest()


def load_key(file_keys: list[str], extra_files: list[Path]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    digest.update(code_version().encode())
    for key in file_keys:
        digest.update(key.encode())
    for path in extra_files:
        digest.update(str(path).encode())
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()


class Cache:
    """Entries of one cache folder: `get`/`put` a parsed file ("file") or a load's frames ("load")."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}{_ENTRY_SUFFIXES[kind]}"

    def get(self, kind: str, key: str) -> Any:
        """The entry, or None for a miss: missing, unreadable or not exactly what `put` writes."""
        path = self._path(kind, key)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
            value = entry_format.decode_parsed(data) if kind == "file" else entry_format.decode_frames(data)
        except (OSError, entry_format.EntryError):
            return None
        try:
            os.utime(path)  # the last use, for evicting the least recently used first
        except OSError:
            pass
        return value

    def put(self, kind: str, key: str, value: object) -> None:
        path = self._path(kind, key)
        try:
            data = entry_format.encode_parsed(value) if kind == "file" else entry_format.encode_frames(value)
            for folder in (self.folder / kind, path.parent):
                folder.mkdir(mode=0o700, exist_ok=True)
            write_atomic(path, lambda temporary: Path(temporary).write_bytes(data), mode=0o600)
        except (OSError, ValueError, TypeError):
            pass  # a read-only or full cache folder (or a frame Arrow cannot hold) costs speed, never a result

    def trim(self, max_bytes: int | None = None, now: float | None = None) -> None:
        """Drop the least recently used entries until the cache fits `max_bytes`, and
        leftovers: temporary files of interrupted writes, entries of other formats."""
        max_bytes = max_cache_bytes() if max_bytes is None else max_bytes
        now = time.time() if now is None else now
        entries = []
        for kind, suffix in _ENTRY_SUFFIXES.items():
            for path in _files_under(self.folder / kind):
                try:
                    info = path.stat()
                except OSError:
                    continue
                if path.name.endswith(".tmp"):
                    if is_stale_temporary(path, now):  # its writer died, or it is an hour old
                        _remove(path)
                elif not path.name.endswith(suffix):
                    _remove(path)  # e.g. a pickle of format 1: never read, so never kept
                else:
                    entries.append((info.st_mtime, info.st_size, path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= max_bytes:
                break
            _remove(path)
            total -= size


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)  # missing: another load removed it first
    except OSError:
        pass  # trimming is housekeeping: it never fails a load


def _files_under(folder: Path) -> list[Path]:
    """Files one level of shard folders down (`<kind>/<k[:2]>/<file>`); nothing else is ours."""
    try:
        shards = [entry for entry in os.scandir(folder) if entry.is_dir(follow_symlinks=False)]
    except OSError:
        return []
    files = []
    for shard in shards:
        try:
            files.extend(Path(entry.path) for entry in os.scandir(shard.path) if entry.is_file(follow_symlinks=False))
        except OSError:
            continue
    return files
