"""`Notes`: the frames of a load, with exact round-trips to Parquet and CSV."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from .frames import SCHEMA, empty_frame
from .lexicon import CATEGORIES as PRODUCT_CATEGORIES

# Frames computed from the base frames by the enrichment step (enrich.py).
ENRICHED_SCHEMA: dict[str, dict[str, object]] = {
    "mentions": {
        "note_id": "Int64", "talk_id": "Int64", "product": "string",
        "category": pd.CategoricalDtype(list(PRODUCT_CATEGORIES)), "matched": "string",
    },
    "candidates": {"term": "string", "talk_id": "Int64", "count": "Int64", "evidence": "string"},
    "themes": {"talk_id": "Int64", "theme": "category", "score": "Float64", "evidence": "string"},
    "keywords": {"talk_id": "Int64", "term": "string", "score": "Float64"},
}
ALL_SCHEMA = {**SCHEMA, **ENRICHED_SCHEMA}


def conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with exactly the schema's columns and dtypes.

    Open categories (a theme: the taxonomy can be extended) get sorted categories and
    empty strings become <NA>, so a CSV round-trip gives back the same frame.
    """
    out = {}
    for column, dtype in ALL_SCHEMA[name].items():
        values = frame[column] if column in frame else pd.Series([pd.NA] * len(frame), dtype="object")
        if isinstance(dtype, str) and dtype == "category":
            values = values.astype("string")
            out[column] = values.astype(pd.CategoricalDtype(sorted(values.dropna().unique())))
        elif isinstance(dtype, str) and dtype == "datetime64[ns]":
            out[column] = pd.to_datetime(values, errors="coerce").astype("datetime64[ns]")
        elif isinstance(dtype, str) and dtype == "string":
            values = values.astype("string")
            out[column] = values.mask(values == "")
        elif isinstance(dtype, str) and dtype in ("Int64", "Float64") and values.dtype == "object":
            out[column] = pd.to_numeric(values, errors="coerce").astype(dtype)
        else:
            out[column] = values.astype(dtype)
    return pd.DataFrame(out).reset_index(drop=True)


@dataclass(eq=False)  # frames have no single truth value; compare with pandas.testing
class Notes:
    """The tidy frames of some notes. See README "The frames" for every column."""

    events: pd.DataFrame
    talks: pd.DataFrame
    speakers: pd.DataFrame
    notes: pd.DataFrame
    links: pd.DataFrame
    commands: pd.DataFrame
    quotes: pd.DataFrame
    lines: pd.DataFrame
    problems: pd.DataFrame
    layouts: pd.DataFrame
    mentions: pd.DataFrame
    candidates: pd.DataFrame
    themes: pd.DataFrame
    keywords: pd.DataFrame
    # How the load went: files, how many were parsed and how many came from the cache.
    stats: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def frame_names(cls) -> tuple[str, ...]:
        return tuple(f.name for f in fields(cls) if f.name != "stats")

    @classmethod
    def from_frames(cls, frames: dict[str, pd.DataFrame]) -> Notes:
        return cls(**{name: conform(name, frames[name]) if name in frames else conform(name, _empty(name)) for name in cls.frame_names()})

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: getattr(self, name) for name in self.frame_names()}

    # ------------------------------------------------------------- exploring
    def talk_table(self) -> pd.DataFrame:
        """Talks with their event's title and their speakers' names, one row per talk."""
        names = (
            self.speakers.dropna(subset=["name"]).groupby("talk_id")["name"].agg(", ".join).rename("speakers")
        )
        table = self.talks.merge(self.events[["event_id", "title"]].rename(columns={"title": "event"}), on="event_id", how="left")
        return table.merge(names, left_on="talk_id", right_index=True, how="left")

    def search(self, term: str, case: bool = False) -> pd.DataFrame:
        """Notes whose text contains `term` (plain text, not a regex), with their talk."""
        hits = self.notes[self.notes["text"].str.contains(term, case=case, regex=False, na=False)]
        return hits.merge(self.talks[["talk_id", "title"]], on="talk_id", how="left")

    def related(self, talk_id: int, n: int = 5) -> pd.DataFrame:
        """The talks whose notes are most alike to `talk_id`'s (cosine on TF-IDF)."""
        from .keywords import related_talks

        return related_talks(self.notes, self.talks, talk_id, n=n)

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(getattr(self, name))}" for name in self.frame_names())
        return f"Notes({counts})"

    # ----------------------------------------------------------------- files
    def to_parquet(self, folder: str | os.PathLike) -> Path:
        return self._write(folder, "parquet")

    def to_csv(self, folder: str | os.PathLike) -> Path:
        return self._write(folder, "csv")

    @classmethod
    def from_parquet(cls, folder: str | os.PathLike) -> Notes:
        folder = Path(folder)
        return cls.from_frames({name: pd.read_parquet(folder / f"{name}.parquet") for name in cls.frame_names()})

    @classmethod
    def from_csv(cls, folder: str | os.PathLike) -> Notes:
        folder = Path(folder)
        frames = {}
        for name in cls.frame_names():
            schema = ALL_SCHEMA[name]
            text_columns = {c: "string" for c, d in schema.items() if d in ("string", "category")}
            frames[name] = pd.read_csv(
                folder / f"{name}.csv", dtype=text_columns, keep_default_na=False, na_values=[""],
                parse_dates=[c for c, d in schema.items() if d == "datetime64[ns]"],
            )
        return cls.from_frames(frames)

    def _write(self, folder, fmt: str) -> Path:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name, frame in self.frames().items():
            target = folder / f"{name}.{fmt}"
            write_atomic(target, lambda path, frame=frame: frame.to_parquet(path, index=False) if fmt == "parquet" else frame.to_csv(path, index=False))
        return folder


def _read_umask() -> int:
    # The only way to read the umask is to set it; done once, at import, not per write.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


_UMASK = _read_umask()


def write_atomic(target: Path, write) -> None:
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


def _empty(name: str) -> pd.DataFrame:
    if name in SCHEMA:
        return empty_frame(name)
    return pd.DataFrame({column: pd.Series([], dtype="object") for column in ENRICHED_SCHEMA[name]})


__all__ = ["Notes", "ALL_SCHEMA", "ENRICHED_SCHEMA", "conform", "write_atomic"]
