"""Files: frames to and from Parquet and CSV with exact round trips, and atomic writes.

Every file this package writes (exports, cache entries, the report) goes through
`write_atomic`: a temporary file beside the target, renamed into place, so a
failed write leaves the previous file as it was and no temporary behind.

An export is a unit: `write_frames` writes every frame to a temporary file first,
renames them into place, and last writes a manifest (`manifest.<format>.json`: run
id, frames, row counts, checksums). `read_frames` reads only a set that matches its
manifest and raises `ExportError` for a partial or mixed one (an export killed
halfway, two exports into one folder at once). Temporary files of an interrupted
export are removed by the next export into that folder.

CSV cells of text that a spreadsheet would run as a formula (starting with `=`, `+`,
`-`, `@`, tab or carriage return) are written with a leading `'` (the OWASP
convention; a cell that starts with `'` gets one more so that reading back is exact).
The manifest says whether the guard was on, and `read_frames` strips it.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import secrets
import time
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

import pandas as pd

from .schema import SCHEMA, conform, is_open

Format = Literal["parquet", "csv"]
EXPORT_VERSION = 1
STALE_TEMPORARY_SECONDS = 3600  # a write takes seconds: an older temporary file is an interrupted one
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_GUARDED_STARTS = r"^[=+\-@\t\r']"  # and the guard's own mark, so that stripping one on reading is exact


class ExportError(ValueError):
    """A folder that does not hold one whole export: files missing, from different runs, or changed since."""


def manifest_name(fmt: Format) -> str:
    return f"manifest.{fmt}.json"


def _temporary_beside(target: Path, mode: int) -> Path:
    """A new empty file beside `target`, named after it and this process (so that a later
    run can tell a dead writer's leftovers), created with `mode` less the umask.

    os.open applies the process umask itself: no need to read it (which means setting it,
    a global change that races with other threads)."""
    while True:
        temporary = target.parent / f".{target.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode))
            return temporary
        except FileExistsError:
            continue


def write_atomic(target: str | os.PathLike, write: Callable[[str], object], mode: int = 0o666) -> None:
    """Write through `write(path)` to a temporary file beside `target`, then rename it.
    `mode` (less the umask): 0o666 for the user's files, 0o600 for private ones."""
    target = Path(target)
    temporary = _temporary_beside(target, mode)
    try:
        write(str(temporary))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def is_stale_temporary(path: Path, now: float | None = None) -> bool:
    """A temporary file of `_temporary_beside` whose writer is gone or that is an hour old."""
    try:
        age = (time.time() if now is None else now) - path.stat().st_mtime
    except OSError:
        return False
    if age > STALE_TEMPORARY_SECONDS:
        return True
    parts = path.name[1:-len(".tmp")].rsplit(".", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return False  # not ours by name, or older code's (mkstemp) name: the age rule alone
    pid = int(parts[1])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # alive, another user's
        return False
    return False


def remove_stale_temporaries(folder: Path, targets: Iterable[str]) -> None:
    """Remove leftovers of interrupted writes of `targets` (file names) in `folder`."""
    prefixes = tuple(f".{name}." for name in targets)
    try:
        candidates = [entry.path for entry in os.scandir(folder)
                      if entry.name.startswith(prefixes) and entry.name.endswith(".tmp")]
    except OSError:
        return
    for candidate in map(Path, candidates):
        if is_stale_temporary(candidate):
            try:
                candidate.unlink(missing_ok=True)
            except OSError:
                pass


def write_frames(frames: dict[str, pd.DataFrame], folder: str | os.PathLike, fmt: Format, formula_guard: bool = True) -> Path:
    """One file per frame, `<folder>/<name>.<fmt>`, plus the manifest that makes them one export.

    Every frame is written to a temporary file before any is renamed into place, and the
    manifest is removed before the first rename and written after the last: a reader sees
    the old export whole, the new one whole, or an error, never a silent mix."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = {name: f"{name}.{fmt}" for name in frames}
    remove_stale_temporaries(folder, [*files.values(), manifest_name(fmt)])
    guard = formula_guard and fmt == "csv"
    written: dict[str, Path] = {}
    listed: dict[str, dict] = {}
    try:
        for name, frame in frames.items():
            temporary = written[name] = _temporary_beside(folder / files[name], 0o666)
            if fmt == "parquet":
                frame.to_parquet(temporary, index=False)
            else:
                (_guarded(frame) if guard else frame).to_csv(temporary, index=False)
            listed[name] = {"file": files[name], "rows": len(frame), "blake2b": _digest(temporary.read_bytes())}
        (folder / manifest_name(fmt)).unlink(missing_ok=True)
        for name, temporary in list(written.items()):
            os.replace(temporary, folder / files[name])
            del written[name]
    finally:
        for temporary in written.values():
            temporary.unlink(missing_ok=True)
    manifest = {"confnotes_export": EXPORT_VERSION, "run_id": uuid.uuid4().hex, "format": fmt,
                "written": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "formula_guard": guard, "frames": listed}
    write_atomic(folder / manifest_name(fmt), lambda path: Path(path).write_text(json.dumps(manifest, indent=1), "utf-8"))
    return folder


def read_frames(folder: str | os.PathLike, names: Iterable[str], fmt: Format) -> dict[str, pd.DataFrame]:
    """The frames `names` written by `write_frames`, with the schema's dtypes, once each
    file is checked against the export's manifest (`ExportError` when one is not)."""
    folder = Path(folder)
    manifest = _manifest(folder, fmt)
    frames = {}
    for name in names:
        entry = manifest["frames"].get(name)
        if not isinstance(entry, dict):
            raise ExportError(f"{folder}: the export's manifest lists no frame {name!r}")
        path = folder / f"{name}.{fmt}"
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise ExportError(f"{path}: missing from the export of run {manifest['run_id']}: a partial export; export again") from None
        if _digest(data) != entry.get("blake2b"):
            raise ExportError(f"{path} is not the file the export of run {manifest['run_id']} wrote: "
                              "a mixed or partial export (interrupted, or two exports into one folder); export again")
        frame = _read(io.BytesIO(data), name, fmt, unguard=bool(manifest.get("formula_guard")))
        if len(frame) != entry.get("rows"):
            raise ExportError(f"{path}: {len(frame)} rows where the manifest says {entry.get('rows')}")
        frames[name] = conform(name, frame)
    return frames


def _manifest(folder: Path, fmt: Format) -> dict:
    path = folder / manifest_name(fmt)
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        raise ExportError(f"{folder}: no {path.name}, so not one whole confnotes {fmt} export "
                          "(interrupted, being written, or from an older version); export again") from None
    except (OSError, ValueError) as error:
        raise ExportError(f"{path}: unreadable manifest ({error})") from None
    if not (isinstance(manifest, dict) and manifest.get("confnotes_export") == EXPORT_VERSION
            and manifest.get("format") == fmt and isinstance(manifest.get("frames"), dict)):
        raise ExportError(f"{path}: not a manifest of a confnotes {fmt} export of this version")
    return manifest


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _text_columns(name: str) -> list[str]:
    return [column for column, dtype in SCHEMA[name].items()
            if dtype == "string" or is_open(dtype) or isinstance(dtype, pd.CategoricalDtype)]


def _guarded(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with a `'` before each text cell that a spreadsheet would take for a formula."""
    changed = {}
    for column in frame.columns:
        dtype = frame[column].dtype
        if dtype == "string" or dtype == "object" or isinstance(dtype, pd.CategoricalDtype):
            values = frame[column].astype("string")
            risky = values.str.contains(_GUARDED_STARTS, regex=True, na=False)
            if risky.any():
                changed[column] = values.where(~risky, "'" + values)
    return frame.assign(**changed) if changed else frame


def _read(source, name: str, fmt: Format, unguard: bool = False) -> pd.DataFrame:
    if fmt == "parquet":
        return pd.read_parquet(source)
    schema = SCHEMA[name]
    text = {column: "string" for column in _text_columns(name)}
    dates = [column for column, dtype in schema.items() if dtype == "datetime64[ns]"]
    frame = pd.read_csv(source, dtype=text, keep_default_na=False, na_values=[""], parse_dates=dates)
    if unguard:
        for column in text:
            if column in frame:
                values = frame[column]
                marked = values.str.startswith("'", na=False)
                if marked.any():
                    frame[column] = values.where(~marked, values.str.slice(1))
    return frame
