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
import os
import pickle
import signal
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ._memory import release_free_memory
from .frames import build_frames
from .frames.schema import ID_COLUMNS
from .read.pieces import PIECE_BYTES, PieceReader
from .read.records import ParsedFile
from .read.sources import Source

# Frames built for the whole file at the end rather than stacked from the pieces.
_FILE_WIDE = ("events", "talks", "commands", "problems", "layouts")
_COUNTERS = tuple(dict.fromkeys(ID_COLUMNS.values()))  # the frames whose rows number ids
_INT32 = np.iinfo(np.int32)
_TITLED = "mentions in titles"  # a piece's title mentions, apart from its note mentions until stacked


def frames_in_pieces(decoded: Source, settings: dict, root: str | None, enricher=None,
                     piece_bytes: int = PIECE_BYTES) -> dict[str, pd.DataFrame] | None:
    """The frames of one decoded file read in pieces, or None when it must be read whole
    (no safe boundary, or a shape the pieces cannot promise to read as the whole file).

    Once every piece is walked, the text is released (`decoded.text` becomes None): stacking
    needs only the pieces' frames, and the text is as big as the file. Past that point the
    file cannot be read whole any more; the caller knows it by `decoded.text`."""
    reader = PieceReader(decoded.path, decoded.text, settings, root, piece_bytes)
    if not _planned(reader):
        return None
    parts = _Parts()
    for number in range(len(reader._pieces)):  # noqa: SLF001
        parts.merge(_piece_part(reader, number, enricher, piece_bytes))
        gc.collect(0)
        release_free_memory()
    decoded.text = reader.text = None
    summary: ParsedFile = reader.finish()
    summary.problems[:0] = decoded.problems
    del reader
    stacked = parts.stack()
    del parts
    release_free_memory()
    whole = build_frames([summary])
    talks = whole["talks"]
    talks["n_notes"] = stacked["talks"]["n_notes"].to_numpy()  # each talk's notes are in its piece
    whole["events"]["n_notes"] = pd.array([len(stacked["notes"])], dtype=whole["events"]["n_notes"].dtype)
    notes = stacked["notes"]
    notes["event_id"] = pd.array(np.zeros(len(notes), np.int64), dtype=notes["event_id"].dtype)  # one event: the file's
    stacked.update({name: whole[name] for name in _FILE_WIDE})
    return stacked


# What walking a piece changes on the reader: lists it appends to, and values it replaces.
_GROWING = ("_talks", "_block_commands", "_inline_commands", "_first_problems", "_walk_problems", "_unplaced_problems")
_CARRIED = ("_state", "_title", "_layout", "_notes", "_outside")
FORK = hasattr(os, "fork")  # pieces are walked in forked children where the system can fork
# Pieces smaller than this are walked here: their garbage is small, and a fork costs ~10 ms
# (the tests read small files in pieces of a few bytes, hundreds of them).
FORK_MIN_BYTES = 1024 * 1024


def _piece_part(reader: PieceReader, number: int, enricher, piece_bytes: int) -> _Parts:
    """Piece `number` walked, made frames, enriched and compacted, in a forked child when possible.

    Walking a 4 MB piece makes ~100 MB of short-lived objects (a Line per line, records, the
    frames before compaction, the enrichment's tokens); the few that outlive it (talk records,
    the compact frames) pinned pymalloc and malloc arenas, so the process grew ~7x each piece's
    size for ~3.5x of data. In a child the garbage never reaches this process: only the compact
    part and what the walk changed on the reader come back, pickled."""
    def work() -> tuple[_Parts, dict, dict]:
        before = {name: len(getattr(reader, name)) for name in _GROWING}
        parsed = reader.piece(number)
        frames = build_frames([parsed])
        del parsed  # this piece's records go before its enrichment
        if enricher is not None:
            frames.update(enricher.per_talk(frames))
        part = _Parts()
        part.add(frames)
        grown = {name: getattr(reader, name)[before[name]:] for name in _GROWING}
        # The first piece records the layout, after which the scene drops its features (pieces.py).
        carried = (*_CARRIED, "_scene") if number == 0 else _CARRIED
        return part, grown, {name: getattr(reader, name) for name in carried}

    if not FORK or piece_bytes < FORK_MIN_BYTES:
        return work()[0]
    part, grown, carried = _forked(work)
    for name, tail in grown.items():
        getattr(reader, name).extend(tail)
    vars(reader).update(carried)
    return part


def _planned(reader: PieceReader) -> bool:
    """`reader.plan()`, run in a forked child where the system can fork.

    The plan builds every piece's outline (a Line per line) and keeps a little of it (headings,
    their features, date lines): built here, the outlines' garbage stayed in this process's
    heap around the survivors; unpickled, the survivors come alone (40 MB file: peak 739 MB ->
    708 MB). What remains is the survivors themselves (~2x the file, most of it the features
    the first piece drops)."""
    def plan() -> tuple[bool, dict]:
        planned = reader.plan()
        return planned, {name: value for name, value in vars(reader).items() if name != "text"}

    if not FORK or reader.piece_bytes < FORK_MIN_BYTES:
        return reader.plan()
    planned, state = _forked(plan)
    vars(reader).update(state)
    return planned


def _forked(work):
    """work() in a forked child, its result pickled back (in this process where there is no fork).
    An error of the child is raised here; one that cannot be pickled is a RuntimeError."""
    if not hasattr(os, "fork"):
        return work()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns, never runs the parent's exit handlers
        try:
            os.close(read_end)
            try:
                result = (True, work())
            except BaseException as error:  # noqa: BLE001 (raised again in the parent)
                result = (False, error)
            with os.fdopen(write_end, "wb") as out:
                out.write(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        with os.fdopen(read_end, "rb") as received:
            data = received.read()
    except BaseException:  # interrupted: the child must not outlive its use
        os.kill(pid, signal.SIGKILL)
        raise
    finally:
        os.waitpid(pid, 0)
    if not data:
        raise RuntimeError("the forked child sent nothing back")
    ok, value = pickle.loads(data)
    del data
    if not ok:
        raise value
    return value


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
            elif name == "mentions":
                # Mentions in talk titles (no note) come after every note's, in talk order, as one chunk has
                # them: each piece's are kept apart and stacked after every piece's note mentions.
                titled = frame["note_id"].isna().to_numpy()
                part[name] = {column: _compact(frame[column][~titled]) for column in frame.columns}
                part[_TITLED] = {column: _compact(frame[column][titled]) for column in frame.columns}
            elif name not in _FILE_WIDE:
                part[name] = {column: _compact(frame[column]) for column in frame.columns}
        self.columns.append(part)

    def merge(self, other: _Parts) -> None:
        """Append another reading's pieces, their term codes made this vocabulary's."""
        mapping = np.fromiter((self.vocab.setdefault(term, len(self.vocab)) for term in other.vocab), np.int32, len(other.vocab))
        for part in other.columns:
            counts = part.get("term_counts")
            if counts is not None and len(mapping):
                counts["term"] = mapping[counts["term"]]
        self.columns += other.columns
        self.rows += other.rows

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
        names = [name for name in self.columns[0] if name != _TITLED]
        stacked: dict[str, pd.DataFrame] = {}
        for name in names:
            pieces, piece_offsets = [part.pop(name) for part in self.columns], offsets
            if name == "term_counts":
                stacked[name] = self._term_counts(pieces, offsets)
                continue
            if name == "mentions":
                pieces, piece_offsets = pieces + [part.pop(_TITLED) for part in self.columns], offsets + offsets
            columns = {}
            for column in list(pieces[0]):
                columns[column] = _stacked(column, [piece.pop(column) for piece in pieces], piece_offsets)
                # The pieces' column is freed; its pages go back before the next column is allocated
                # (large arrays are mapped afresh, not carved from the freed small ones).
                release_free_memory()
            stacked[name] = pd.DataFrame(columns, copy=False)
            del pieces, columns
        return stacked

    def _term_counts(self, pieces: list[dict], offsets: list[dict]) -> pd.DataFrame:
        """talk_id (int32), term (a categorical of the shared vocabulary: analysis/enrich/keywords.py
        weighs it on its codes), count (int32)."""
        talk = np.concatenate([piece.pop("talk_id") + np.int32(offsets[i]["talks"]) for i, piece in enumerate(pieces)])
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
