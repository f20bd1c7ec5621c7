"""What a cache entry holds, as data that cannot run code when read.

* A parsed file (`ParsedFile`) is JSON: each list of records as columns, every value
  checked against the record's field types on the way back.
* The frames of a whole load are Arrow IPC streams, one per frame, after a one-line
  JSON header; each frame read back must have the schema's columns and dtypes.

Both start with a magic line that names the format version. Whatever does not decode
to exactly the expected shape raises `EntryError`, which the cache takes as a miss:
a foreign, truncated, older or hostile entry is parsed again, never trusted, and
never executed (no pickle anywhere).
"""
from __future__ import annotations

import io
import json
import types
import typing
from dataclasses import fields
from datetime import date

import pandas as pd
import pyarrow as pa

from .frames.schema import SCHEMA, conform, is_open
from .read import records
from .read.records import ParsedFile

FORMAT = 2  # 1 was pickles; bump whenever the layout of an entry changes
FILE_MAGIC = f"confnotes-cache file v{FORMAT}\n".encode()
LOAD_MAGIC = f"confnotes-cache load v{FORMAT}\n".encode()
_MAX_HEADER = 1 << 16


class EntryError(ValueError):
    """A cache entry that is not what this version writes: a miss."""


# ------------------------------------------------------------- parsed files

_RECORD_LISTS = {"talks": records.Talk, "notes": records.Note, "speakers": records.Speaker, "links": records.Link,
                 "commands": records.Command, "quotes": records.Quote, "problems": records.Problem}
_SINGLE_RECORDS = {"event": records.Event, "layout": records.LayoutChoice}


def _json_types(hint: object) -> tuple[frozenset[type], bool]:
    """The JSON value types a field of this type hint may hold, and whether it is a date."""
    options = hint.__args__ if isinstance(hint, types.UnionType) else (hint,)
    allowed, is_date = set(), False
    for option in options:
        if option is type(None):
            allowed.add(type(None))
        elif option is date:
            allowed.add(str)
            is_date = True
        elif option is float:
            allowed.update((float, int))
        elif option in (int, str):
            allowed.add(option)
        else:
            raise TypeError(f"no JSON form for {option!r}")
    return frozenset(allowed), is_date


def _field_types(cls: type) -> dict[str, tuple[frozenset[type], bool]]:
    hints = typing.get_type_hints(cls)
    return {f.name: _json_types(hints[f.name]) for f in fields(cls)}


_FIELDS = {cls: _field_types(cls) for cls in (*_RECORD_LISTS.values(), *_SINGLE_RECORDS.values())}


def encode_parsed(parsed: ParsedFile) -> bytes:
    body: dict[str, object] = {"source": parsed.source, "line_roles": [list(pair) for pair in parsed.line_roles]}
    for name, cls in _RECORD_LISTS.items():
        rows = getattr(parsed, name)
        body[name] = {column: [_plain(getattr(row, column)) for row in rows] for column in _FIELDS[cls]}
    for name, cls in _SINGLE_RECORDS.items():
        record = getattr(parsed, name)
        body[name] = None if record is None else {column: _plain(getattr(record, column)) for column in _FIELDS[cls]}
    return FILE_MAGIC + json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _plain(value: object) -> object:
    return value.isoformat() if isinstance(value, date) else value


def decode_parsed(data: bytes) -> ParsedFile:
    """The `ParsedFile` of an entry written by `encode_parsed`; `EntryError` for anything else."""
    if not data.startswith(FILE_MAGIC):
        raise EntryError("not a parsed-file entry of this format")
    try:
        body = json.loads(data[len(FILE_MAGIC):])
        if not isinstance(body, dict) or not isinstance(body.get("source"), str):
            raise EntryError("no source")
        result = ParsedFile(body["source"], line_roles=_line_roles(body.get("line_roles")))
        for name, cls in _RECORD_LISTS.items():
            setattr(result, name, _records(cls, body.get(name)))
        for name, cls in _SINGLE_RECORDS.items():
            value = body.get(name)
            setattr(result, name, None if value is None else _records(cls, {k: [v] for k, v in _mapping(value).items()})[0])
    except (ValueError, TypeError, KeyError, RecursionError) as error:
        raise EntryError(f"malformed parsed-file entry: {error}") from None
    _check_ids(result)
    return result


def _mapping(value: object) -> dict:
    if not isinstance(value, dict):
        raise EntryError("expected an object")
    return value


def _line_roles(value: object) -> list[tuple[int, str]]:
    if not isinstance(value, list):
        raise EntryError("line_roles is not a list")
    roles = []
    for pair in value:
        if not (isinstance(pair, list) and len(pair) == 2 and type(pair[0]) is int and type(pair[1]) is str):
            raise EntryError("a line role is not [line, role]")
        roles.append((pair[0], pair[1]))
    return roles


def _records(cls: type, columns: object) -> list:
    """Records of `cls` from {field: [values]}, every value of its field's JSON type."""
    columns = _mapping(columns)
    expected = _FIELDS[cls]
    if set(columns) != set(expected):
        raise EntryError(f"{cls.__name__}: fields {sorted(columns)} are not {sorted(expected)}")
    lengths = {len(values) if isinstance(values, list) else -1 for values in columns.values()}
    if len(lengths) != 1 or -1 in lengths:
        raise EntryError(f"{cls.__name__}: columns are not lists of one length")
    for column, (allowed, is_date) in expected.items():
        values = columns[column]
        if not set(map(type, values)) <= allowed:
            raise EntryError(f"{cls.__name__}.{column}: a value of an unexpected type")
        if is_date:
            columns[column] = [None if value is None else date.fromisoformat(value) for value in values]
    names = list(expected)
    return [cls(**dict(zip(names, row))) for row in zip(*(columns[name] for name in names))]


def _check_ids(parsed: ParsedFile) -> None:
    """Ids that the frames are built on must point inside the file, as the parser makes them."""
    n_talks, n_notes = len(parsed.talks), len(parsed.notes)
    if [talk.talk_id for talk in parsed.talks] != list(range(n_talks)):
        raise EntryError("talk ids are not 0..n-1")
    if [note.note_id for note in parsed.notes] != list(range(n_notes)):
        raise EntryError("note ids are not 0..n-1")
    for record in (*parsed.notes, *parsed.speakers, *parsed.links, *parsed.commands, *parsed.quotes):
        if record.talk_id is not None and not 0 <= record.talk_id < n_talks:
            raise EntryError("a talk id outside the file's talks")
    for record in (*parsed.links, *parsed.commands, *parsed.quotes):
        if record.note_id is None and isinstance(record, records.Link) and record.talk_id is not None:
            continue  # a link in a talk's title line, in no note
        if record.note_id is None or not 0 <= record.note_id < n_notes:
            raise EntryError("a note id outside the file's notes")
    for note in parsed.notes:
        if note.parent_id is not None and not 0 <= note.parent_id < n_notes:
            raise EntryError("a parent id outside the file's notes")


# -------------------------------------------------------------- whole loads

def encode_frames(frames: dict[str, pd.DataFrame]) -> bytes:
    streams = []
    for name in SCHEMA:
        sink = io.BytesIO()
        table = pa.Table.from_pandas(frames[name], preserve_index=False)
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        streams.append((name, sink.getvalue()))
    header = json.dumps({"format": FORMAT, "frames": [[name, len(data)] for name, data in streams]}).encode()
    return b"".join([LOAD_MAGIC, header, b"\n", *(data for _, data in streams)])


def decode_frames(data: bytes) -> dict[str, pd.DataFrame]:
    """The frames of an entry written by `encode_frames`, each with the schema's columns
    and dtypes; `EntryError` for anything else."""
    if not data.startswith(LOAD_MAGIC):
        raise EntryError("not a load entry of this format")
    end = data.find(b"\n", len(LOAD_MAGIC), len(LOAD_MAGIC) + _MAX_HEADER)
    if end < 0:
        raise EntryError("no header")
    try:
        header = json.loads(data[len(LOAD_MAGIC):end])
        listed = header["frames"]
        if header.get("format") != FORMAT or [name for name, _ in listed] != list(SCHEMA):
            raise EntryError("another format or other frames")
        frames, at = {}, end + 1
        for name, length in listed:
            if type(length) is not int or length < 0 or at + length > len(data):
                raise EntryError("a frame's length runs past the entry")
            table = pa.ipc.open_stream(pa.py_buffer(data[at : at + length])).read_all()
            at += length
            frames[name] = _checked_frame(name, table.to_pandas())
        if at != len(data):
            raise EntryError("bytes after the last frame")
    except EntryError:
        raise
    except Exception as error:  # Arrow and pandas raise many kinds on bytes that are not theirs
        raise EntryError(f"malformed load entry: {type(error).__name__}: {error}") from None
    return frames


def _checked_frame(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    if list(frame.columns) != list(SCHEMA[name]):
        raise EntryError(f"{name}: columns {list(frame.columns)} are not the schema's")
    indexed = isinstance(frame.index, pd.RangeIndex) and frame.index.start == 0 and frame.index.step == 1
    if indexed and _wrong_dtype(name, frame) is None:
        return frame  # entries are written conformed: the usual case needs no conforming
    conformed = conform(name, frame)
    wrong = _wrong_dtype(name, conformed)
    if wrong is not None:
        raise EntryError(wrong)
    return conformed


def _wrong_dtype(name: str, frame: pd.DataFrame) -> str | None:
    """The first column without the schema's dtype (an open category: any categories), or None."""
    for column, dtype in SCHEMA[name].items():
        actual = frame[column].dtype
        if not (isinstance(actual, pd.CategoricalDtype) if is_open(dtype) else actual == dtype):
            return f"{name}.{column}: dtype {actual} is not {dtype}"
    return None
