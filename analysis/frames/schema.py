"""The one schema of every frame: its columns, their dtypes and how ids join.

`SCHEMA` maps frame -> {column: dtype}, for the frames the reader's records make
(events ... layouts) and for those the enrichment computes (mentions ...
keywords). Frames are built with it (`typed`), the enrichment stages make their
frames with it, and files are read back with it. `conform` is the one function
that gives any frame the schema's columns and dtypes.

Closed vocabularies are categories built from StrEnums (the reader's in
analysis/read/vocab.py, the enrichment's in analysis/enrich/vocab.py): a value
that is not a member raises instead of becoming NaN. Open vocabularies (a theme:
the taxonomy can be extended) get the values present, sorted.
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..enrich.vocab import MentionVia, ProductCategory
from ..read.vocab import EventOrigin, Layout, LineRole, NoteKind, Severity, SpeakerKind, TalkKind, TalkShape

OPEN_CATEGORY = "category"


def closed(values: Iterable[str]) -> pd.CategoricalDtype:
    """The category dtype of a closed vocabulary (a StrEnum or a list of values)."""
    return pd.CategoricalDtype([str(value) for value in values])


# Written by analysis/read/links.py as plain strings (there is no StrEnum for them yet).
LINK_KINDS = ("repo", "social", "slides", "video", "docs", "short link", "email", "other", "relative", "unsafe")

SCHEMA: dict[str, dict[str, object]] = {
    # ----------------------------------------------------------- the reader's
    "events": {
        "event_id": "Int64", "title": "string", "subtitle": "string", "date_start": "datetime64[ns]",
        "date_end": "datetime64[ns]", "source": "string", "n_talks": "Int64", "n_notes": "Int64",
        "origin": closed(EventOrigin),
    },
    "talks": {
        "talk_id": "Int64", "event_id": "Int64", "title": "string", "subtitle": "string",
        "date": "datetime64[ns]", "order": "Int64", "line": "Int64", "n_notes": "Int64",
        "section": "string", "shape": closed(TalkShape), "kind": closed(TalkKind), "day": "Int64", "heading": "string",
    },
    "speakers": {
        "speaker_id": "Int64", "talk_id": "Int64", "name": "string", "handle": "string", "email": "string",
        "url": "string", "affiliation": "string", "raw": "string", "kind": closed(SpeakerKind), "line": "Int64",
    },
    "notes": {
        "note_id": "Int64", "event_id": "Int64", "talk_id": "Int64", "segment": "string",
        "parent_id": "Int64", "depth": "Int64", "kind": closed(NoteKind), "text": "string", "line": "Int64",
    },
    "links": {
        "note_id": "Int64", "talk_id": "Int64", "url": "string", "domain": "string", "label": "string",
        "kind": closed(LINK_KINDS),
    },
    "commands": {"note_id": "Int64", "talk_id": "Int64", "command": "string", "program": "string"},
    "quotes": {"note_id": "Int64", "talk_id": "Int64", "text": "string", "attribution": "string"},
    "lines": {"source": "string", "line": "Int64", "role": closed(LineRole)},
    "problems": {"source": "string", "line": "Int64", "severity": closed(Severity), "message": "string"},
    "layouts": {
        "source": "string", "layout": closed(Layout), "level": "Int64", "score": "Float64",
        "runner_up": "string", "runner_up_score": "Float64", "reasons": "string",
    },
    # ------------------------------------------------------- the enrichment's
    "mentions": {
        "note_id": "Int64", "talk_id": "Int64", "product": "string", "category": closed(ProductCategory),
        "matched": "string", "via": closed(MentionVia),
    },
    "candidates": {"term": "string", "talk_id": "Int64", "count": "Int64", "evidence": "string"},
    "themes": {"talk_id": "Int64", "theme": OPEN_CATEGORY, "score": "Float64", "evidence": "string"},
    "keywords": {"talk_id": "Int64", "term": "string", "score": "Float64"},
}

# Which frames each stage makes: the reader's records, the enrichment of each talk
# alone (computed per chunk of files), and of each talk against every other.
BASE_FRAMES = ("events", "talks", "speakers", "notes", "links", "commands", "quotes", "lines", "problems", "layouts")
PER_TALK_FRAMES = ("mentions", "candidates", "themes")
ACROSS_TALKS_FRAMES = ("keywords",)
assert (*BASE_FRAMES, *PER_TALK_FRAMES, *ACROSS_TALKS_FRAMES) == tuple(SCHEMA)

# A column of this name, in any frame, holds ids that count the rows of that frame:
# stacking chunks of files offsets it by that frame's rows in the chunks before.
ID_COLUMNS = {"event_id": "events", "talk_id": "talks", "speaker_id": "speakers", "note_id": "notes", "parent_id": "notes"}


def is_open(dtype: object) -> bool:
    """Whether `dtype` is an open vocabulary (a closed one is a CategoricalDtype, which
    also compares equal to "category")."""
    return isinstance(dtype, str) and dtype == OPEN_CATEGORY


_EMPTY: dict[str, pd.DataFrame] = {}  # frame -> its empty frame, built once


def empty_frame(name: str) -> pd.DataFrame:
    """A frame of `name` with no rows and the schema's columns and dtypes: a copy of one built
    once (building it column by column took about 1 ms; every small load makes several)."""
    empty = _EMPTY.get(name)
    if empty is None:
        empty = _EMPTY[name] = _typed(name, {column: [] for column in SCHEMA[name]})
    return empty.copy()


def typed(name: str, columns: dict[str, list]) -> pd.DataFrame:
    """A frame of `name` with the schema's dtypes, from plain Python columns (None: missing)."""
    if not any(len(columns[column]) for column in SCHEMA[name]):
        return empty_frame(name)
    return _typed(name, columns)


def _typed(name: str, columns: dict[str, list]) -> pd.DataFrame:
    data = {}
    for column, dtype in SCHEMA[name].items():
        values = columns[column]
        if dtype == "datetime64[ns]":
            data[column] = pd.to_datetime(pd.Series(values, dtype="object"), errors="coerce").astype("datetime64[ns]")
        elif dtype == "Int64":
            data[column] = pd.Series(_int64(values))
        elif dtype == "string":
            data[column] = pd.Series(string_array(pa.array(values, type=pa.large_string())))
        elif dtype == "Float64":
            data[column] = pd.Series(values, dtype="object").astype("Float64")
        elif is_open(dtype):
            data[column] = _open_category(pd.Series(values, dtype="string"))
        else:
            data[column] = _closed_from_list(values, dtype, f"{name}.{column}")
    return pd.DataFrame(data)


def conform(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with exactly the schema's columns and dtypes, its index 0..n-1.

    Empty strings become <NA> and open categories get the values present, sorted,
    so a CSV round trip gives back the same frame. A column that already has its
    dtype is taken as it is; a frame that is already all of this (as `typed` makes
    them) is taken whole, a shallow copy.
    """
    if _conformed(name, frame):
        return frame.copy(deep=False)
    out = {}
    for column, dtype in SCHEMA[name].items():
        values = frame[column] if column in frame else pd.Series([pd.NA] * len(frame), dtype="object", index=frame.index)
        if is_open(dtype):
            out[column] = _open_category(values.astype("string"))
        elif dtype == "string":
            values = values.astype("string")
            empty = values == ""
            out[column] = values.mask(empty) if empty.any() else values
        elif values.dtype == dtype:
            out[column] = values
        elif isinstance(dtype, pd.CategoricalDtype):
            out[column] = _closed_category(values, dtype, f"{name}.{column}")
        elif dtype == "datetime64[ns]":
            out[column] = pd.to_datetime(values, errors="coerce").astype("datetime64[ns]")
        elif dtype in ("Int64", "Float64") and values.dtype == "object":
            out[column] = pd.to_numeric(values, errors="coerce").astype(dtype)
        else:
            out[column] = values.astype(dtype)
    # copy=False: the columns are new or already conformed; a copy would hold every frame twice.
    return pd.DataFrame(out, copy=False).reset_index(drop=True)


# frame -> its columns as conform's frames have them and its dtypes (None: it has an open category)
_SCHEMA_COLUMNS: dict[str, tuple[pd.Index | None, tuple]] = {}


def _conformed(name: str, frame: pd.DataFrame) -> bool:
    """Whether conform would give back `frame` as it is: the schema's columns in order, each
    with its dtype exactly (a string column without an empty string), the index 0..n-1, no
    attrs. Conforming such a frame again cost more than reading the file (a small load
    conformed every frame `typed` had just built). A frame with an open category is always
    conformed: its categories are made again."""
    known = _SCHEMA_COLUMNS.get(name)
    if known is None:
        schema = SCHEMA[name]
        if any(is_open(dtype) for dtype in schema.values()):
            known = _SCHEMA_COLUMNS[name] = (None, ())
        else:  # dtypes parsed once (a dtype compared with its name is parsed at every comparison);
            # None for "string", whose dtype (its storage) is pandas' at the time of the call
            dtypes = tuple(None if dtype == "string" else pd.api.types.pandas_dtype(dtype) for dtype in schema.values())
            known = _SCHEMA_COLUMNS[name] = (pd.DataFrame({column: [] for column in schema}).columns, dtypes)
    columns, dtypes = known
    if columns is None:
        return False
    index = frame.index
    if not (type(index) is pd.RangeIndex and index.start == 0 and index.step == 1 and index.name is None):
        return False
    if (frame.attrs or not frame.flags.allows_duplicate_labels or frame.columns.name is not None
            or frame.columns.dtype != columns.dtype or not frame.columns.equals(columns)):
        return False
    string = pd.api.types.pandas_dtype("string")  # what conform's astype("string") gives
    for column, dtype, actual in zip(columns, dtypes, frame.dtypes):
        if dtype is None:
            if actual != string or (len(frame) and _has_empty_string(frame[column].array)):
                return False
        elif actual != dtype:
            return False
    return True


def _has_empty_string(values: pd.api.extensions.ExtensionArray) -> bool:
    shortest = pc.min(pc.binary_length(pa.array(values))).as_py()  # None: no value at all
    return shortest == 0


def string_array(values: pa.Array | pa.ChunkedArray) -> pd.api.extensions.ExtensionArray:
    """An Arrow string array as pandas' "string" dtype without a Python round trip;
    empty strings become <NA>."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if values.type != pa.large_string():
        values = values.cast(pa.large_string())
    if len(values) == 0:
        return pd.array(values, dtype="string")
    if pc.any(pc.equal(values, "")).as_py():
        values = pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.large_string()), values)
    return pd.arrays.ArrowStringArray(values)


def _int64(values: list) -> pd.api.extensions.ExtensionArray:
    # Through a float array: None becomes NaN, the mask (ids and line numbers stay far below 2**53).
    floats = np.array(values, dtype=np.float64)
    missing = np.isnan(floats)
    return pd.arrays.IntegerArray(np.where(missing, 0, floats).astype(np.int64), missing)


def _open_category(values: pd.Series) -> pd.Series:
    return values.astype(pd.CategoricalDtype(sorted(values.dropna().unique())))


def _closed_from_list(values: list, dtype: pd.CategoricalDtype, where: str) -> pd.Series:
    """`_closed_category` of a list of strings and None, by a dict look-up per value: isin and
    astype on an object Series took 25 ms for the 94k line roles of 750 files (4 ms this way)."""
    code_of = {category: code for code, category in enumerate(dtype.categories)}
    code_of[None] = -1
    get = code_of.get
    codes = [get(value, -2) for value in values]
    if -2 in codes:  # a value outside the categories (an error) or another kind of missing value
        return _closed_category(pd.Series(values, dtype="object"), dtype, where)
    return pd.Series(pd.Categorical.from_codes(np.array(codes, dtype=np.int64), dtype=dtype))


def _closed_category(values: pd.Series, dtype: pd.CategoricalDtype, where: str) -> pd.Series:
    """`values` as `dtype`; a value outside its categories is an error, never a silent NaN."""
    outside = values.notna() & ~values.isin(dtype.categories)
    if outside.any():
        unknown = sorted(map(str, pd.unique(values[outside])))
        raise ValueError(f"{where}: {unknown} not among the schema's categories {list(dtype.categories)}")
    return values.astype(dtype)
