"""The frames stage: one schema for every frame, the frames built from parsed files,
`Notes`, and their files.

- schema.py: `SCHEMA` (every frame's columns and dtypes, the enriched ones too), `conform`
- build.py: parsed files -> base frames with global ids; chunks stacked; events merged
- notes.py: `Notes`, the frames of a load and their exploring helpers
- io.py: Parquet and CSV round trips, `write_atomic`
"""
from .build import build_frames, merge_events, stack_frames
from .io import read_frames, write_atomic, write_frames
from .notes import Notes
from .schema import SCHEMA, conform, empty_frame, typed

__all__ = ["SCHEMA", "Notes", "build_frames", "conform", "empty_frame", "merge_events", "read_frames", "stack_frames",
           "typed", "write_atomic", "write_frames"]
