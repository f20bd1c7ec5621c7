"""Stack parsed files into tidy DataFrames with the schema's dtypes and joining ids.

One table per kind of observation, one row per observation. Ids are integers
that are stable for a given input (files are read in sorted order) and join the
tables: events.event_id = talks.event_id, talks.talk_id = notes.talk_id, ...
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..read.records import ParsedFile
from ..read.vocab import EventOrigin
from .schema import BASE_FRAMES, ID_COLUMNS, SCHEMA, typed


@dataclass(kw_only=True)
class _Offsets:
    event: int = 0
    talk: int = 0
    note: int = 0
    speaker: int = 0


def build_frames(parsed: Iterable[ParsedFile]) -> dict[str, pd.DataFrame]:
    """Stack per-file results into the base frames, giving every id its global value."""
    cols = {name: {column: [] for column in SCHEMA[name]} for name in BASE_FRAMES}
    at = _Offsets()
    for file in parsed:
        source = file.source
        lines = cols["lines"]
        lines["source"] += [source] * len(file.line_roles)
        lines["line"] += [number for number, _ in file.line_roles]
        lines["role"] += [role for _, role in file.line_roles]
        problems = cols["problems"]
        for problem in file.problems:
            _append(problems, source=source, line=problem.line, severity=problem.severity, message=problem.message)
        if file.layout is not None:
            layout = file.layout
            _append(cols["layouts"], source=source, layout=layout.layout, level=layout.level, score=layout.score,
                    runner_up=layout.runner_up, runner_up_score=layout.runner_up_score, reasons=layout.reasons or None)
        if file.event is None:
            continue
        event_id = at.event
        note_counts = [0] * len(file.talks)
        for note in file.notes:
            if note.talk_id is not None:
                note_counts[note.talk_id] += 1
        _append(cols["events"], event_id=event_id, title=file.event.title, subtitle=file.event.subtitle,
                date_start=file.event.date_start, date_end=file.event.date_end,
                source=file.event.folder if file.event.origin == EventOrigin.FOLDER else source,
                n_talks=len(file.talks), n_notes=len(file.notes), origin=file.event.origin)
        talks = cols["talks"]
        for talk in file.talks:
            _append(talks, talk_id=talk.talk_id + at.talk, event_id=event_id, title=talk.title,
                    subtitle=talk.subtitle, date=talk.date, order=talk.order, line=talk.line,
                    n_notes=note_counts[talk.talk_id], section=talk.section, shape=talk.shape,
                    kind=talk.kind, day=talk.day, heading=talk.heading)
        for index, speaker in enumerate(file.speakers):
            _append(cols["speakers"], speaker_id=at.speaker + index, talk_id=speaker.talk_id + at.talk,
                    name=speaker.name, handle=speaker.handle, email=speaker.email, url=speaker.url,
                    affiliation=speaker.affiliation, raw=speaker.raw, kind=speaker.kind, line=speaker.line)
        notes = cols["notes"]
        talk_offset, note_offset, file_notes = at.talk, at.note, file.notes
        notes["note_id"] += [n.note_id + note_offset for n in file_notes]
        notes["event_id"] += [event_id] * len(file_notes)
        notes["talk_id"] += [None if n.talk_id is None else n.talk_id + talk_offset for n in file_notes]
        notes["segment"] += [n.segment for n in file_notes]
        notes["parent_id"] += [None if n.parent_id is None else n.parent_id + note_offset for n in file_notes]
        notes["depth"] += [n.depth for n in file_notes]
        notes["kind"] += [n.kind for n in file_notes]
        notes["text"] += [n.text for n in file_notes]
        notes["line"] += [n.line for n in file_notes]
        for name, records in (("links", file.links), ("commands", file.commands), ("quotes", file.quotes)):
            frame = cols[name]
            if not records:
                continue
            frame["note_id"] += [None if r.note_id is None else r.note_id + note_offset for r in records]  # a title's link: None
            frame["talk_id"] += [None if r.talk_id is None else r.talk_id + talk_offset for r in records]
            for field in SCHEMA[name]:
                if field not in ("note_id", "talk_id"):
                    frame[field] += [getattr(r, field) for r in records]
        at.event += 1
        at.talk += len(file.talks)
        at.note += len(file.notes)
        at.speaker += len(file.speakers)
    return {name: typed(name, columns) for name, columns in cols.items()}


def _append(columns: dict[str, list], **values: object) -> None:
    for column, value in values.items():
        columns[column].append(value)


def stack_frames(parts: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Stack frames built from consecutive chunks of files, making their ids global."""
    if len(parts) == 1:
        return parts[0]
    offsets = dict.fromkeys(ID_COLUMNS.values(), 0)
    shifted: dict[str, list[pd.DataFrame]] = {name: [] for name in parts[0]}
    for part in parts:
        for name, frame in part.items():
            moved = {column: frame[column] + offsets[counter] for column, counter in ID_COLUMNS.items()
                     if column in frame and offsets[counter]}
            shifted[name].append(frame.assign(**moved) if moved else frame)
        for counter in offsets:
            offsets[counter] += len(part[counter])
    if "term_counts" in shifted:  # a big file read in pieces has its terms as codes (analysis/_load_pieces.py)
        shifted["term_counts"] = [_term_strings(frame) for frame in shifted["term_counts"]]
    stacked = {name: pd.concat(frames, ignore_index=True) for name, frames in shifted.items()}
    mentions = stacked.get("mentions")
    if mentions is not None and mentions["note_id"].isna().any():
        # Mentions in talk titles (no note) come after every note's, in talk order, as one chunk has them.
        titled = mentions["note_id"].isna()
        stacked["mentions"] = pd.concat([mentions[~titled], mentions[titled]], ignore_index=True)
    return stacked


def _term_strings(counts: pd.DataFrame) -> pd.DataFrame:
    """Keyword term counts with string terms, so that a big file's (coded) stack with other files'."""
    if not isinstance(counts["term"].dtype, pd.CategoricalDtype):
        return counts
    return counts.astype({"talk_id": "int64", "term": "string", "count": "int64"})


# How the events of one folder merge, column by column; any other column keeps the first event's value.
_MERGED_EVENT = {"date_start": "min", "date_end": "max", "n_talks": "sum", "n_notes": "sum"}


def merge_events(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """One event for the files of one folder that name the same event: the talks of a
    folder named after its event (`djangocon-us/channels.md`, `djangocon-us/testing.md`),
    or the days of a conference (`day-1.md` and `day-2.md`, both `# rstudio::conf`).

    Events merge only within one folder and with the same title (case aside); event
    ids are renumbered in order of first appearance and each talk's `order` counts
    within its merged event. A merged event's `source` is the folder.
    """
    events = frames["events"]
    if len(events) < 2:
        return frames
    from_folder = events["origin"] == EventOrigin.FOLDER.value
    folder = events["source"].astype("string").where(from_folder, events["source"].astype("string").map(os.path.dirname, na_action="ignore"))
    key = folder + "\0" + events["title"].astype("string").str.casefold()
    key = key.fillna("\1" + events["event_id"].astype("string"))
    first = events.groupby(key, sort=False)["event_id"].transform("min")
    if (first == events["event_id"]).all():
        return frames
    new_id = pd.Series(pd.factorize(first)[0], index=events.index).astype("Int64")
    old_ids = events["event_id"].to_numpy(dtype="int64")
    remap = np.zeros(int(old_ids.max(initial=-1)) + 1, dtype="int64")  # old event_id -> new (an array: notes are many)
    remap[old_ids] = new_id.to_numpy(dtype="int64")
    grouped = events.assign(event_id=new_id).groupby("event_id", sort=True)
    merged = grouped.agg(**{column: (column, _MERGED_EVENT.get(column, "first"))
                            for column in SCHEMA["events"] if column != "event_id"}).reset_index()
    many = merged["event_id"].map(pd.Series(new_id).value_counts()) > 1
    merged["source"] = merged["source"].where(~many, merged["event_id"].map(dict(zip(new_id, folder))))
    out = dict(frames)
    out["events"] = merged[list(SCHEMA["events"])].astype(SCHEMA["events"])
    talks = frames["talks"].assign(event_id=_remapped(frames["talks"]["event_id"], remap))
    talks["order"] = (talks.groupby("event_id").cumcount() + 1).astype("Int64")
    out["talks"] = talks
    out["notes"] = frames["notes"].assign(event_id=_remapped(frames["notes"]["event_id"], remap))
    return out


def _remapped(ids: pd.Series, remap: np.ndarray) -> pd.Series:
    """Event ids through `remap` (missing ids stay missing)."""
    missing = ids.isna().to_numpy()
    values = remap[ids.fillna(0).to_numpy(dtype="int64")]
    return pd.Series(pd.arrays.IntegerArray(values, missing), index=ids.index)
