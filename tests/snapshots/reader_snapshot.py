"""Digests of the frames the reader makes of the default notes and the author's archive.

The issues "One house with a room per stage" and "Notes by any author" both promise
that the default notes and the same author's other notes read exactly as they did
before the reader was rebuilt. `python -m tests.snapshots.reader_snapshot` wrote
`reader_frames.json` from the reader as it was then; `tests/test_reader_snapshot.py`
holds today's reader to it. Digests only: no text of the notes is committed.
Columns added since (new information, not a change) are left out of the digest.
"""
from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

SNAPSHOT = Path(__file__).with_name("reader_frames.json")
# The columns each frame had when the snapshot was made; `source` is left out (it is
# the path the file was read from, which differs between machines).
COLUMNS = {
    "events": ["event_id", "title", "subtitle", "date_start", "date_end", "n_talks", "n_notes"],
    "talks": ["talk_id", "event_id", "title", "subtitle", "date", "order", "line", "n_notes", "section", "shape"],
    "speakers": ["speaker_id", "talk_id", "name", "handle", "email", "url", "affiliation", "raw", "kind", "line"],
    "notes": ["note_id", "event_id", "talk_id", "segment", "parent_id", "depth", "kind", "text", "line"],
    "links": ["note_id", "talk_id", "url", "domain", "label", "kind"],
    "commands": ["note_id", "talk_id", "command", "program"],
    "quotes": ["note_id", "talk_id", "text", "attribution"],
    "lines": ["line", "role"],
    "problems": ["line", "severity", "message"],
    "mentions": ["note_id", "talk_id", "product", "category", "matched"],
    "themes": ["talk_id", "theme", "score", "evidence"],
}


def file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def frame_digests(notes) -> dict[str, str]:
    digests = {}
    for name, columns in COLUMNS.items():
        frame = getattr(notes, name)[columns]
        text = frame.astype("string").fillna("<NA>").to_csv(index=False)
        digests[name] = hashlib.sha256(text.encode()).hexdigest()[:16]
    return digests


def snapshot_files(root: Path, corpus: Path | None) -> dict[str, Path]:
    files = {"default": root / "data" / "events" / "2017" / "04" / "dockercon17.md"}
    if corpus is not None:
        for path in sorted(corpus.rglob("*.md")):
            files[f"events/{path.relative_to(corpus).as_posix()}"] = path
    return files


def main() -> None:
    from analysis import load_notes

    root = Path(__file__).resolve().parents[2]
    corpus = root.parent / "shared" / "corpus" / "events"
    out = {}
    for key, path in snapshot_files(root, corpus if corpus.is_dir() else None).items():
        out[key] = {"sha": file_sha(path), "frames": frame_digests(load_notes(path, cache=False))}
    SNAPSHOT.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")
    print(f"wrote {len(out)} files to {SNAPSHOT}", file=sys.stderr)


if __name__ == "__main__":
    main()
