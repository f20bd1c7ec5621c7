"""Files: frames to and from Parquet and CSV with exact round trips, and atomic writes.

Every file this package writes (exports, cache entries, the report) goes through
`write_atomic`: a temporary file beside the target, renamed into place, so a
failed write leaves the previous file as it was and no temporary behind.
"""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Literal

import pandas as pd

from .schema import SCHEMA, conform, is_open

Format = Literal["parquet", "csv"]


def _read_umask() -> int:
    # The only way to read the umask is to set it; done once, at import, not per write.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def write_atomic(target: str | os.PathLike, write: Callable[[str], object]) -> None:
    """Write through `write(path)` to a temporary file beside `target`, then rename it."""
    target = Path(target)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(handle)
    try:
        write(temporary)
        os.chmod(temporary, 0o666 & ~_UMASK)  # mkstemp makes it private; the result is a normal file
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_frames(frames: dict[str, pd.DataFrame], folder: str | os.PathLike, fmt: Format) -> Path:
    """One file per frame, `<folder>/<name>.<fmt>`, each written atomically."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in frames.items():
        if fmt == "parquet":
            write_atomic(folder / f"{name}.parquet", lambda path, frame=frame: frame.to_parquet(path, index=False))
        else:
            write_atomic(folder / f"{name}.csv", lambda path, frame=frame: frame.to_csv(path, index=False))
    return folder


def read_frames(folder: str | os.PathLike, names: Iterable[str], fmt: Format) -> dict[str, pd.DataFrame]:
    """The frames `names` written by `write_frames`, with the schema's dtypes."""
    folder = Path(folder)
    return {name: conform(name, _read(folder / f"{name}.{fmt}", name, fmt)) for name in names}


def _read(path: Path, name: str, fmt: Format) -> pd.DataFrame:
    if fmt == "parquet":
        return pd.read_parquet(path)
    schema = SCHEMA[name]
    text = {column: "string" for column, dtype in schema.items()
            if dtype == "string" or is_open(dtype) or isinstance(dtype, pd.CategoricalDtype)}
    dates = [column for column, dtype in schema.items() if dtype == "datetime64[ns]"]
    return pd.read_csv(path, dtype=text, keep_default_na=False, na_values=[""], parse_dates=dates)
