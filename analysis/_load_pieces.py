"""Frames of one big notes file read in pieces (read/pieces.py), equal to reading it whole.

Each piece's records become frames, and get their per-talk enrichment, before the next
piece is read; then the pieces' frames are stacked (ids offset as for chunks of files)
and the file-wide frames (the event, the talks dated by it, the commands, the problems,
the layout) are built once.

Memory: a piece's frames are about 7x its bytes, and `pd.concat` of every piece's frames
would hold them twice. So each piece's frames are kept compact until the end (integers as
int32 numpy arrays without an all-false mask, strings as the Arrow arrays they already
are, keyword terms as codes of one vocabulary shared by the pieces) and stacked column by
column, each piece's column released once copied; string columns are not copied at all
(the stacked column is a chunked Arrow array of the pieces' arrays).
"""
from __future__ import annotations

import gc
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .frames import build_frames
from .frames.schema import ID_COLUMNS
from .read.pieces import PIECE_BYTES, PieceReader
from .read.records import ParsedFile

# Frames built for the whole file at the end rather than stacked from the pieces.
_FILE_WIDE = ("events", "talks", "commands", "problems", "layouts")
_COUNTERS = tuple(dict.fromkeys(ID_COLUMNS.values()))  # the frames whose rows number ids
_INT32 = np.iinfo(np.int32)


def frames_in_pieces(source: str, text: str, settings: dict, root: str | None, enricher=None,
                     piece_bytes: int = PIECE_BYTES, decode_problems=()) -> dict[str, pd.DataFrame] | None:
    """The frames of one file's text read in pieces, or None when it must be read whole
    (no safe boundary, or a shape the pieces cannot promise to read as the whole file)."""
    reader = PieceReader(source, text, settings, root, piece_bytes)
    if not reader.plan():
        return None
    parts = _Parts()
    for piece in reader.pieces():
        frames = build_frames([piece])
        del piece  # this piece's records go before the next piece is read
        if enricher is not None:
            frames.update(enricher.per_talk(frames))
        parts.add(frames)
        del frames
        gc.collect(0)
    summary: ParsedFile = reader.finish()
    summary.problems[:0] = decode_problems
    del reader
    stacked = parts.stack()
    whole = build_frames([summary])
    talks = whole["talks"]
    talks["n_notes"] = stacked["talks"]["n_notes"].to_numpy()  # each talk's notes are in its piece
    whole["events"]["n_notes"] = pd.array([len(stacked["notes"])], dtype=whole["events"]["n_notes"].dtype)
    notes = stacked["notes"]
    notes["event_id"] = pd.array(np.zeros(len(notes), np.int64), dtype=notes["event_id"].dtype)  # one event: the file's
    stacked.update({name: whole[name] for name in _FILE_WIDE})
    return stacked


@dataclass(slots=True)
class _Ints:
    """An integer column of one piece: its values (int32 when they fit), its mask (None: no NA)
    and whether it is nullable (Int64) or a plain numpy column."""

    values: np.ndarray
    mask: np.ndarray | None
    nullable: bool

    @classmethod
    def of(cls, values: np.ndarray, mask: np.ndarray | None) -> _Ints:
        if len(values) == 0 or (values.min() >= _INT32.min and values.max() <= _INT32.max):
            values = values.astype(np.int32)
        return cls(values, mask.copy() if mask is not None and mask.any() else None, mask is not None)


class _Parts:
    """The pieces' frames, compact, in order; `stack()` makes one frame of each."""

    def __init__(self) -> None:
        self.columns: list[dict[str, dict[str, object]]] = []  # per piece: frame -> column -> compact values
        self.rows: list[dict[str, int]] = []  # per piece: rows of the frames that number ids
        self.vocab: dict[str, int] = {}  # keyword term -> its code, shared by every piece

    def add(self, frames: dict[str, pd.DataFrame]) -> None:
        self.rows.append({name: len(frames[name]) for name in _COUNTERS})
        part: dict[str, dict[str, object]] = {}
        for name, frame in frames.items():
            if name == "talks":
                part[name] = {"n_notes": _compact(frame["n_notes"])}  # the rest comes from the whole file
            elif name == "term_counts":
                part[name] = {"talk_id": frame["talk_id"].to_numpy(dtype=np.int32), "term": self._codes(frame["term"]),
                              "count": frame["count"].to_numpy(dtype=np.int32)}
            elif name not in _FILE_WIDE:
                part[name] = {column: _compact(frame[column]) for column in frame.columns}
        self.columns.append(part)

    def _codes(self, terms: pd.Series) -> np.ndarray:
        """The terms as codes of the shared vocabulary: a piece's (talk, term) rows are ~10x its
        distinct terms, and the term strings were a quarter of its frames."""
        encoded = pc.dictionary_encode(pa.array(terms.array, pa.large_string()))
        vocab = self.vocab
        code_of = np.fromiter((vocab.setdefault(term, len(vocab)) for term in encoded.dictionary.to_pylist()),
                              np.int32, len(encoded.dictionary))
        return code_of[encoded.indices.to_numpy(zero_copy_only=False)]

    def stack(self) -> dict[str, pd.DataFrame]:
        """One frame per name, ids made the file's, every piece's data released as it is copied."""
        offsets, at = [], dict.fromkeys(_COUNTERS, 0)
        for rows in self.rows:
            offsets.append(dict(at))
            for name in _COUNTERS:
                at[name] += rows[name]
        names = list(self.columns[0])
        stacked: dict[str, pd.DataFrame] = {}
        for name in names:
            pieces = [part.pop(name) for part in self.columns]
            if name == "term_counts":
                stacked[name] = self._term_counts(pieces, offsets)
                continue
            stacked[name] = pd.DataFrame({column: _stacked(column, [piece.pop(column) for piece in pieces], offsets)
                                          for column in list(pieces[0])}, copy=False)
            del pieces
        mentions = stacked.get("mentions")
        if mentions is not None:
            # Mentions in talk titles (no note) come after every note's, in talk order, as one chunk has them.
            titled = mentions["note_id"].isna().to_numpy()
            if titled.any():
                order = np.concatenate([np.flatnonzero(~titled), np.flatnonzero(titled)])
                stacked["mentions"] = mentions.take(order).reset_index(drop=True)
        return stacked

    def _term_counts(self, pieces: list[dict], offsets: list[dict]) -> pd.DataFrame:
        """talk_id (int32), term (a categorical of the shared vocabulary: analysis/enrich/keywords.py
        weighs it on its codes), count (int32)."""
        talk = np.concatenate([piece["talk_id"] + offsets[i]["talks"] for i, piece in enumerate(pieces)]).astype(np.int32)
        for piece in pieces:
            piece.pop("talk_id")
        codes = np.concatenate([piece.pop("term") for piece in pieces])
        count = np.concatenate([piece.pop("count") for piece in pieces])
        vocab = pd.Index(list(self.vocab), dtype="object")
        self.vocab = {}
        term = pd.Categorical.from_codes(codes, categories=vocab, validate=False)
        return pd.DataFrame({"talk_id": talk, "term": term, "count": count}, copy=False)


def _compact(series: pd.Series) -> object:
    array = series.array
    if isinstance(array, pd.arrays.IntegerArray):
        return _Ints.of(array._data, array._mask)  # noqa: SLF001 (no public view without a copy)
    if series.dtype == np.int64:  # ids may be numpy integers too (term_first.note_id)
        return _Ints.of(series.to_numpy(), None)
    return array  # Arrow strings as they are; categories are int8 codes already


def _stacked(column: str, items: list, offsets: list[dict]) -> pd.api.extensions.ExtensionArray:
    """One column of every piece, ids offset by the rows of the pieces before (`stack_frames`' rule)."""
    if all(isinstance(item, _Ints) for item in items) and len({item.nullable for item in items}) == 1:
        nullable = items[0].nullable
        counter = ID_COLUMNS.get(column)
        total = sum(len(item.values) for item in items)
        values, mask = np.empty(total, np.int64), np.zeros(total, bool)
        start = 0
        for index, item in enumerate(items):
            stop = start + len(item.values)
            values[start:stop] = item.values
            if counter is not None and offsets[index][counter]:
                values[start:stop] += offsets[index][counter]
            if item.mask is not None:
                mask[start:stop] = item.mask
            items[index] = None  # released before the next piece's is copied
            start = stop
        return pd.arrays.IntegerArray(values, mask) if nullable else values
    if all(isinstance(item, pd.arrays.ArrowStringArray) for item in items):
        chunks = [chunk if chunk.type == pa.large_string() else chunk.cast(pa.large_string())
                  for item in items for chunk in item._pa_array.chunks]  # noqa: SLF001
        return pd.arrays.ArrowStringArray(pa.chunked_array(chunks, pa.large_string()))
    return pd.concat([pd.Series(item) for item in items], ignore_index=True).array
