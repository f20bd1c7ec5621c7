"""A cache of parsed files and of whole loads, keyed by content hashes.

* One entry per file, keyed by the file's bytes, its path and the code version:
  when one file of a folder changes, only that file is parsed again.
* One entry per load, keyed by every file's key plus the lexicon and taxonomy
  files: a warm load of an unchanged archive is one read.

The code version is a hash of the package's own source and data files, so an
upgrade (or an edit of the packaged lexicon) invalidates every entry. Entries
are written atomically; an unreadable entry is treated as a miss.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from functools import lru_cache
from pathlib import Path
from typing import Any

from .frames.io import write_atomic

FORMAT = 1


def default_cache_dir() -> Path:
    configured = os.environ.get("CONFNOTES_CACHE")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "confnotes"


@lru_cache(maxsize=1)
def code_version() -> str:
    """A hash of the package's code and data: the cache's notion of a version."""
    package = Path(__file__).parent
    import pandas
    import pyarrow

    # Pickled frames depend on pandas and pyarrow too, not only on this package.
    digest = hashlib.blake2b(f"format {FORMAT} pandas {pandas.__version__} pyarrow {pyarrow.__version__}".encode(), digest_size=16)
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".toml", ".txt") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def file_key(path: str, data: bytes, context: str = "") -> str:
    """`context`: what else the parse of this file depends on (its load root, the user's settings)."""
    digest = hashlib.blake2b(digest_size=16)
    digest.update(code_version().encode())
    digest.update(path.encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
    digest.update(context.encode("utf-8", "surrogateescape"))
    digest.update(b"\0")
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
    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    def _path(self, kind: str, key: str) -> Path:
        return self.folder / kind / key[:2] / f"{key}.pickle"

    def get(self, kind: str, key: str) -> Any:
        try:
            with open(self._path(kind, key), "rb") as handle:
                return pickle.load(handle)
        except Exception:  # a missing, partial or foreign entry is simply a miss
            return None

    def put(self, kind: str, key: str, value: object) -> None:
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, lambda temporary: _dump(temporary, value))
        except OSError:
            pass  # a read-only or full cache folder costs speed, never a result


def _dump(path: str, value: object) -> None:
    with open(path, "wb") as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
