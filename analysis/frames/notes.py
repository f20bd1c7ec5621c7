"""`Notes`: the frames of a load, a few ways to explore them, and their files."""
from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from numbers import Integral
from pathlib import Path

import pandas as pd

from .io import read_frames, write_frames
from .schema import SCHEMA, conform, empty_frame

# The ids frames join on, and the prefix a frame's other columns take in `Notes.join`
# when a column of that name is already in the table.
JOIN_KEYS = ("event_id", "talk_id", "speaker_id", "note_id")
PREFIXES = {"events": "event_", "talks": "talk_", "speakers": "speaker_", "notes": "note_", "links": "link_",
            "commands": "command_", "quotes": "quote_", "mentions": "mention_", "candidates": "candidate_",
            "themes": "theme_", "keywords": "keyword_", "lines": "line_", "problems": "problem_", "layouts": "layout_"}


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
        """Talks with their event's title (`event`) and their speakers' names (`speakers`), one
        row per talk: no `_x`/`_y` columns."""
        names = (
            self.speakers.dropna(subset=["name"]).groupby("talk_id")["name"].agg(", ".join).rename("speakers")
        )
        table = self.talks.merge(self.events[["event_id", "title"]].rename(columns={"title": "event"}), on="event_id", how="left")
        return table.merge(names, left_on="talk_id", right_index=True, how="left")

    def join(self, *names: str, how: str = "left") -> pd.DataFrame:
        """Frames joined on the ids they share, without `_x`/`_y` suffixes.

            >>> notes.join("talks", "events")        # each talk with its event's columns
            >>> notes.join("mentions", "talks", "events")

        The first frame's columns keep their names; a later frame's column whose name is
        already taken gets the frame's prefix (events' `title` becomes `event_title`,
        `source` `event_source`). Each frame joins on every id column (event_id, talk_id,
        speaker_id, note_id) it shares with the table so far; `how` is pandas' (left)."""
        if not names:
            raise ValueError(f"join() needs frame names, e.g. join('talks', 'events'); the frames are {', '.join(self.frame_names())}")
        for name in names:
            if not isinstance(name, str) or name not in self.frame_names():
                raise ValueError(f"join(): no frame {name!r}; the frames are {', '.join(self.frame_names())}")
        table = getattr(self, names[0])
        for name in names[1:]:
            frame = getattr(self, name)
            keys = [key for key in JOIN_KEYS if key in table.columns and key in frame.columns]
            if not keys:
                raise ValueError(f"join(): {name} shares no id column with {', '.join(names[:names.index(name)])}")
            renamed = {c: PREFIXES[name] + c for c in frame.columns if c not in keys and c in table.columns}
            table = table.merge(frame.rename(columns=renamed), on=keys, how=how)
        return table

    def search(self, term: str, case: bool = False) -> pd.DataFrame:
        """Notes whose text contains `term` (plain text, not a regex), with their talk's `title`."""
        if not isinstance(term, str) or not term.strip():
            raise TypeError(f"search() takes the text to look for, a non-empty str (got {term!r})")
        hits = self.notes[self.notes["text"].str.contains(term, case=bool(case), regex=False, na=False)]
        return hits.merge(self.talks[["talk_id", "title"]], on="talk_id", how="left")

    def related(self, talk_id: int, n: int = 5) -> pd.DataFrame:
        """The talks whose notes are most alike to `talk_id`'s (cosine on TF-IDF).

        Raises TypeError for a talk_id that is not an integer (a title: find its id with
        `notes.search` or `notes.talks`), ValueError for an id no talk has or an n below 1."""
        from ..enrich.keywords import related_talks

        if isinstance(talk_id, bool) or not isinstance(talk_id, Integral):
            hint = ""
            if isinstance(talk_id, str):
                found = self.talks[self.talks["title"].str.contains(talk_id, case=False, regex=False, na=False)]
                ids = ", ".join(f"{int(i)} ({t})" for i, t in zip(found["talk_id"].head(5), found["title"].head(5)))
                hint = f"; talks titled so: {ids}" if ids else "; no talk title holds it"
            raise TypeError(f"related() takes a talk_id (an int of notes.talks['talk_id']), not {talk_id!r}{hint}")
        if isinstance(n, bool) or not isinstance(n, Integral) or n < 1:
            raise ValueError(f"related(): n is how many talks to return, 1 or more (got {n!r})")
        if not self.talks["talk_id"].eq(int(talk_id)).any():
            known = self.talks["talk_id"].dropna()
            span = f"ids run {int(known.min())} to {int(known.max())}" if len(known) else "these notes hold no talk"
            raise ValueError(f"related(): no talk with talk_id {talk_id}; {span}")
        return related_talks(self.notes, self.talks, int(talk_id), n=int(n))

    def __repr__(self) -> str:
        counts = ", ".join(f"{name}={len(getattr(self, name))}" for name in self.frame_names())
        return f"Notes({counts})"

    def _repr_html_(self) -> str:
        """What a notebook shows: the rows of each frame, the events with their dates, the problems."""
        from .display import notes_html

        return notes_html(self)

    # ----------------------------------------------------------------- files
    def to_parquet(self, folder: str | os.PathLike) -> Path:
        """One Parquet file per frame in `folder`; `Notes.from_parquet(folder)` reads them back exactly."""
        return write_frames(self.frames(), _folder(folder, "to_parquet"), "parquet")

    def to_csv(self, folder: str | os.PathLike, formula_guard: bool = True) -> Path:
        """One CSV file per frame in `folder`; `Notes.from_csv(folder)` reads them back exactly.
        formula_guard: text cells starting with = + - @ (a formula to a spreadsheet) get a
        leading ' (analysis/frames/io.py); from_csv strips it."""
        return write_frames(self.frames(), _folder(folder, "to_csv"), "csv", formula_guard=formula_guard)

    @classmethod
    def from_parquet(cls, folder: str | os.PathLike) -> Notes:
        """The frames `to_parquet(folder)` wrote; NotesPathError when `folder` lacks one."""
        return cls(**read_frames(_frames_folder(folder, "from_parquet", "parquet"), cls.frame_names(), "parquet"))

    @classmethod
    def from_csv(cls, folder: str | os.PathLike) -> Notes:
        """The frames `to_csv(folder)` wrote; NotesPathError when `folder` lacks one."""
        return cls(**read_frames(_frames_folder(folder, "from_csv", "csv"), cls.frame_names(), "csv"))


def _folder(folder: str | os.PathLike, method: str) -> Path:
    if not isinstance(folder, (str, os.PathLike)) or not os.fspath(folder).strip():
        raise TypeError(f"{method}() takes a folder path (str or Path), not {folder!r}")
    return Path(folder)


def _frames_folder(folder: str | os.PathLike, method: str, fmt: str) -> Path:
    from ..read.sources import NotesPathError

    path = _folder(folder, method)
    missing = [name for name in Notes.frame_names() if not (path / f"{name}.{fmt}").is_file()]
    if missing:
        raise NotesPathError(f"{method}(): {path.absolute()} lacks {', '.join(f'{m}.{fmt}' for m in missing[:4])}"
                             f"{' and more' if len(missing) > 4 else ''} (written by to_{fmt})")
    return path


assert Notes.frame_names() == tuple(SCHEMA), "Notes has one attribute per frame of the schema"
