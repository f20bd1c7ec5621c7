"""`Notes`: the frames of a load, a few ways to explore them, and their files."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from pathlib import Path

import pandas as pd

from .io import read_frames, write_frames
from .schema import SCHEMA, conform, empty_frame


@dataclass(eq=False, kw_only=True)  # frames have no single truth value; compare with pandas.testing
class Notes:
    """The tidy frames of some notes, one attribute per frame of the schema
    (analysis/frames/schema.py). See README "The frames" for every column."""

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
    def from_frames(cls, frames: dict[str, pd.DataFrame], stats: dict | None = None) -> Notes:
        """Notes of `frames` (any missing frame is empty), each given the schema's dtypes."""
        return cls(**{name: conform(name, frames[name]) if name in frames else empty_frame(name) for name in cls.frame_names()},
                   stats=dict(stats or {}))

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
        from ..enrich.keywords import related_talks

        return related_talks(self.notes, self.talks, talk_id, n=n)

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(getattr(self, name))}" for name in self.frame_names())
        return f"Notes({counts})"

    # ----------------------------------------------------------------- files
    def to_parquet(self, folder: str | os.PathLike) -> Path:
        """One Parquet file per frame in `folder`; `Notes.from_parquet(folder)` reads them back exactly."""
        return write_frames(self.frames(), folder, "parquet")

    def to_csv(self, folder: str | os.PathLike) -> Path:
        """One CSV file per frame in `folder`; `Notes.from_csv(folder)` reads them back exactly."""
        return write_frames(self.frames(), folder, "csv")

    @classmethod
    def from_parquet(cls, folder: str | os.PathLike) -> Notes:
        return cls(**read_frames(folder, cls.frame_names(), "parquet"))

    @classmethod
    def from_csv(cls, folder: str | os.PathLike) -> Notes:
        return cls(**read_frames(folder, cls.frame_names(), "csv"))


assert Notes.frame_names() == tuple(SCHEMA), "Notes has one attribute per frame of the schema"
