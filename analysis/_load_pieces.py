"""Frames of one big notes file read in pieces (read/pieces.py), equal to reading it whole.

Each piece's records become frames, and get their per-talk enrichment, before the next
piece is read; then the pieces' frames are stacked (ids offset as for chunks of files)
and the file-wide frames (the event, the talks dated by it, the commands, the problems,
the layout) are built once. Memory follows one piece's records plus the frames.
"""
from __future__ import annotations

import gc

import pandas as pd

from .frames import build_frames, stack_frames
from .read.pieces import PIECE_BYTES, PieceReader
from .read.records import ParsedFile

# Frames built for the whole file at the end rather than stacked from the pieces.
_FILE_WIDE = ("events", "talks", "commands", "problems", "layouts")


def frames_in_pieces(source: str, text: str, settings: dict, root: str | None, enricher=None,
                     piece_bytes: int = PIECE_BYTES, decode_problems=()) -> dict[str, pd.DataFrame] | None:
    """The frames of one file's text read in pieces, or None when it must be read whole
    (no safe boundary, or a shape the pieces cannot promise to read as the whole file)."""
    reader = PieceReader(source, text, settings, root, piece_bytes)
    if not reader.plan():
        return None
    parts: list[dict[str, pd.DataFrame]] = []
    for piece in reader.pieces():
        frames = build_frames([piece])
        del piece  # this piece's records go before the next piece is read
        if enricher is not None:
            frames.update(enricher.per_talk(frames))
        parts.append(frames)
        gc.collect(0)
    summary: ParsedFile = reader.finish()
    summary.problems[:0] = decode_problems
    del reader
    stacked = stack_frames(parts)
    parts.clear()
    whole = build_frames([summary])
    talks = whole["talks"]
    talks["n_notes"] = stacked["talks"]["n_notes"].to_numpy()  # each talk's notes are in its piece
    whole["events"]["n_notes"] = pd.array([len(stacked["notes"])], dtype=whole["events"]["n_notes"].dtype)
    notes = stacked["notes"]
    notes["event_id"] = pd.array([0] * len(notes), dtype=notes["event_id"].dtype)  # one event: the file's
    stacked.update({name: whole[name] for name in _FILE_WIDE})
    return stacked
