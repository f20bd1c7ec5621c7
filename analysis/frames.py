"""Stack parsed files into tidy DataFrames with explicit dtypes and joining ids.

One table per kind of observation, one row per observation. Ids are integers
that are stable for a given input (files are read in sorted order) and join the
tables: events.event_id = talks.event_id, talks.talk_id = notes.talk_id, ...
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa

from .read.records import ParsedFile
from .read.vocab import EventOrigin, Layout, LineRole, NoteKind, Severity, SpeakerKind, TalkKind, TalkShape

NOTE_KINDS = [kind.value for kind in NoteKind]
LINK_KINDS = ["repo", "social", "slides", "video", "docs", "short link", "email", "other", "relative", "unsafe"]
SEVERITIES = [severity.value for severity in Severity]
TALK_SHAPES = [shape.value for shape in TalkShape]
TALK_KINDS = [kind.value for kind in TalkKind]
LAYOUTS = [layout.value for layout in Layout]
EVENT_ORIGINS = [origin.value for origin in EventOrigin]
SPEAKER_KINDS = [kind.value for kind in SpeakerKind]
LINE_ROLES = [role.value for role in LineRole]

# frame -> {column: dtype}. The single source of truth for columns and dtypes:
# frames are built with it, and CSV/Parquet files are read back with it.
SCHEMA: dict[str, dict[str, object]] = {
    "events": {
        "event_id": "Int64", "title": "string", "subtitle": "string", "date_start": "datetime64[ns]",
        "date_end": "datetime64[ns]", "source": "string", "n_talks": "Int64", "n_notes": "Int64",
        "origin": pd.CategoricalDtype(EVENT_ORIGINS),
    },
    "talks": {
        "talk_id": "Int64", "event_id": "Int64", "title": "string", "subtitle": "string",
        "date": "datetime64[ns]", "order": "Int64", "line": "Int64", "n_notes": "Int64",
        "section": "string", "shape": pd.CategoricalDtype(TALK_SHAPES),
        "kind": pd.CategoricalDtype(TALK_KINDS), "day": "Int64", "heading": "string",
    },
    "speakers": {
        "speaker_id": "Int64", "talk_id": "Int64", "name": "string", "handle": "string", "email": "string",
        "url": "string", "affiliation": "string", "raw": "string",
        "kind": pd.CategoricalDtype(SPEAKER_KINDS), "line": "Int64",
    },
    "notes": {
        "note_id": "Int64", "event_id": "Int64", "talk_id": "Int64", "segment": "string",
        "parent_id": "Int64", "depth": "Int64", "kind": pd.CategoricalDtype(NOTE_KINDS),
        "text": "string", "line": "Int64",
    },
    "links": {
        "note_id": "Int64", "talk_id": "Int64", "url": "string", "domain": "string", "label": "string",
        "kind": pd.CategoricalDtype(LINK_KINDS),
    },
    "commands": {"note_id": "Int64", "talk_id": "Int64", "command": "string", "program": "string"},
    "quotes": {"note_id": "Int64", "talk_id": "Int64", "text": "string", "attribution": "string"},
    "lines": {"source": "string", "line": "Int64", "role": pd.CategoricalDtype(LINE_ROLES)},
    "problems": {
        "source": "string", "line": "Int64", "severity": pd.CategoricalDtype(SEVERITIES), "message": "string",
    },
    "layouts": {
        "source": "string", "layout": pd.CategoricalDtype(LAYOUTS), "level": "Int64", "score": "Float64",
        "runner_up": "string", "runner_up_score": "Float64", "reasons": "string",
    },
}


def empty_frame(name: str) -> pd.DataFrame:
    return typed(name, {column: [] for column in SCHEMA[name]})


def typed(name: str, columns: dict[str, list]) -> pd.DataFrame:
    """A frame of `name` with the schema's dtypes, from plain Python columns."""
    data = {}
    for column, dtype in SCHEMA[name].items():
        values = columns[column]
        if dtype == "datetime64[ns]":
            data[column] = pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce").astype("datetime64[ns]")
        elif dtype == "Int64":
            data[column] = pd.Series(_int64(values))
        elif dtype == "string":
            data[column] = pd.Series(_strings(values))
        elif dtype == "Float64":
            data[column] = pd.Series(values, dtype="object").astype("Float64")
        else:
            data[column] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data)


def _int64(values: list) -> pd.api.extensions.ExtensionArray:
    # Through a float array: None becomes NaN, the mask (ids and line numbers stay far below 2**53).
    floats = np.array(values, dtype=np.float64)
    missing = np.isnan(floats)
    return pd.arrays.IntegerArray(np.where(missing, 0, floats).astype(np.int64), missing)


def _strings(values: list) -> pd.api.extensions.ExtensionArray:
    # Arrow builds the string column in one C pass; "" is stored as <NA> (see notes.conform).
    array = pa.array(values, type=pa.large_string())
    return pd.array(array, dtype="string") if len(array) == 0 else pd.arrays.ArrowStringArray(array)


@dataclass
class _Offsets:
    event: int = 0
    talk: int = 0
    note: int = 0
    speaker: int = 0


def build_frames(parsed: Iterable[ParsedFile]) -> dict[str, pd.DataFrame]:
    """Stack per-file results into the base frames, giving every id its global value."""
    cols = {name: {column: [] for column in SCHEMA[name]} for name in SCHEMA}
    at = _Offsets()
    for file in parsed:
        source = file.source
        lines = cols["lines"]
        lines["source"].extend([source] * len(file.line_roles))
        lines["line"].extend(number for number, _ in file.line_roles)
        lines["role"].extend(role for _, role in file.line_roles)
        problems = cols["problems"]
        for problem in file.problems:
            problems["source"].append(source)
            problems["line"].append(problem.line)
            problems["severity"].append(problem.severity)
            problems["message"].append(problem.message)
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
        talk_offset, note_offset = at.talk, at.note
        notes["note_id"].extend(n.note_id + note_offset for n in file.notes)
        notes["event_id"].extend([event_id] * len(file.notes))
        notes["talk_id"].extend(None if n.talk_id is None else n.talk_id + talk_offset for n in file.notes)
        notes["segment"].extend(n.segment for n in file.notes)
        notes["parent_id"].extend(None if n.parent_id is None else n.parent_id + note_offset for n in file.notes)
        notes["depth"].extend(n.depth for n in file.notes)
        notes["kind"].extend(n.kind for n in file.notes)
        notes["text"].extend(n.text for n in file.notes)
        notes["line"].extend(n.line for n in file.notes)
        for name, records, fields in (
            ("links", file.links, ("url", "domain", "label", "kind")),
            ("commands", file.commands, ("command", "program")),
            ("quotes", file.quotes, ("text", "attribution")),
        ):
            frame = cols[name]
            frame["note_id"].extend(r.note_id + note_offset for r in records)
            frame["talk_id"].extend(None if r.talk_id is None else r.talk_id + talk_offset for r in records)
            for field in fields:
                frame[field].extend(getattr(r, field) for r in records)
        at.event += 1
        at.talk += len(file.talks)
        at.note += len(file.notes)
        at.speaker += len(file.speakers)
    return {name: typed(name, columns) for name, columns in cols.items()}


def _append(columns: dict[str, list], **values) -> None:
    for column, value in values.items():
        columns[column].append(value)


# Id columns of each frame, and the counter they are offset by when stacking chunks.
_ID_OFFSETS = {
    "events": {"event_id": "events"},
    "talks": {"talk_id": "talks", "event_id": "events"},
    "speakers": {"speaker_id": "speakers", "talk_id": "talks"},
    "notes": {"note_id": "notes", "event_id": "events", "talk_id": "talks", "parent_id": "notes"},
    "links": {"note_id": "notes", "talk_id": "talks"},
    "commands": {"note_id": "notes", "talk_id": "talks"},
    "quotes": {"note_id": "notes", "talk_id": "talks"},
    "mentions": {"note_id": "notes", "talk_id": "talks"},
    "candidates": {"talk_id": "talks"},
    "themes": {"talk_id": "talks"},
}


def stack_frames(parts: list[dict[str, pd.DataFrame]]) -> dict[str, pd.DataFrame]:
    """Stack frames built from consecutive chunks of files, making their ids global."""
    if len(parts) == 1:
        return parts[0]
    offsets = {"events": 0, "talks": 0, "speakers": 0, "notes": 0}
    shifted: dict[str, list[pd.DataFrame]] = {name: [] for name in parts[0]}
    for part in parts:
        for name, frame in part.items():
            for column, counter in _ID_OFFSETS.get(name, {}).items():
                if offsets[counter]:
                    frame = frame.assign(**{column: frame[column] + offsets[counter]})
            shifted[name].append(frame)
        for counter in offsets:
            offsets[counter] += len(part[counter])
    return {name: pd.concat(frames, ignore_index=True) for name, frames in shifted.items()}


def _parent(path: str) -> str:
    return os.path.dirname(path)


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
    folder = events["source"].astype("string").where(from_folder, events["source"].astype("string").map(_parent, na_action="ignore"))
    key = folder + "\0" + events["title"].astype("string").str.casefold()
    key = key.fillna("\1" + events["event_id"].astype("string"))
    first = events.groupby(key, sort=False)["event_id"].transform("min")
    if (first == events["event_id"]).all():
        return frames
    new_id = pd.Series(pd.factorize(first)[0], index=events.index).astype("Int64")
    mapping = dict(zip(events["event_id"].astype("int64"), new_id.astype("int64")))
    grouped = events.assign(event_id=new_id).groupby("event_id", sort=True)
    merged = grouped.agg(
        title=("title", "first"), subtitle=("subtitle", "first"), date_start=("date_start", "min"),
        date_end=("date_end", "max"), source=("source", "first"), n_talks=("n_talks", "sum"),
        n_notes=("n_notes", "sum"), origin=("origin", "first"),
    ).reset_index()
    many = merged["event_id"].map(pd.Series(new_id).value_counts()) > 1
    merged["source"] = merged["source"].where(~many, merged["event_id"].map(dict(zip(new_id, folder))))
    out = dict(frames)
    out["events"] = merged[list(SCHEMA["events"])].astype({name: dtype for name, dtype in SCHEMA["events"].items()})
    talks = frames["talks"].assign(event_id=frames["talks"]["event_id"].map(mapping).astype("Int64"))
    talks["order"] = (talks.groupby("event_id").cumcount() + 1).astype("Int64")
    out["talks"] = talks
    out["notes"] = frames["notes"].assign(event_id=frames["notes"]["event_id"].map(mapping).astype("Int64"))
    return out
